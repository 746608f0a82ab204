"""Where things are: bundled resources (source tree or frozen build) and the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Stembalie"


def resources_dir() -> Path:
    """``resources/`` beside the package, or inside the PyInstaller bundle (``sys._MEIPASS``)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def manual_file() -> Path:
    """The README, whose "The day, step by step" is the manual (beside the package, or in the bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    return (Path(frozen) if frozen else Path(__file__).resolve().parent.parent) / "README.md"


def default_register() -> Path:
    """The real CBS register of 1 January 2024 (source: resources/register/SOURCE.md)."""
    return resource("register", "gemeenten_2024.csv")


def user_data_dir() -> Path:
    """Per-user data folder; ``STEMBALIE_HOME`` overrides it (tests, portable installs)."""
    override = os.environ.get("STEMBALIE_HOME")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_meeting_file() -> Path:
    return user_data_dir() / "meetings" / "vergadering.sqlite"


def demo_meeting_file() -> Path:
    return user_data_dir() / "demo" / "extra-alv-2024-05-24.sqlite"
