"""tests/server: the formation itself (its fixture and helpers live in tests/conftest.py and
tests/formation.py, shared with the PostgreSQL variants of the storage and services tests)."""

from __future__ import annotations

from tests.formation import TIMINGS, formation_root, start_formation, stop_formation

__all__ = ["TIMINGS", "formation_root", "start_formation", "stop_formation"]
