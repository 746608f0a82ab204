"""Paths and small helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REGISTER = REPO / "resources" / "register" / "gemeenten_2024.csv"
DEMO_REPS = REPO / "resources" / "demo" / "aanwijzingen-demo.csv"
