"""Stembalie: registration desk and weighted votes for the VNG ALV."""
