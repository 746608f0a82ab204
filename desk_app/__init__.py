"""Stembalie: registration desk and weighted votes for the VNG ALV."""

__version__ = "0.2.0.dev0"  # the one place the version is written (pyproject.toml reads it)
