"""Paths and small helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
REGISTER = REPO / "resources" / "register" / "gemeenten_2024.csv"
DEMO_REPS = REPO / "resources" / "demo" / "aanwijzingen-demo.csv"


def committed(store: Any, entry: Any, field: str = "reason") -> str | None:
    """The free text an audit entry committed to (issue 12.9): the entry holds only its salted hash,
    the value sits beside the chain until it is erased (None then, or when there was none)."""
    value = entry.details.get(field)
    assert value is None or str(value).startswith("sha256:"), f"{field} in the chain in clear: {value!r}"
    rows = store.query("SELECT value FROM audit_personal WHERE seq = ? AND field = ?", (entry.seq, field))
    return str(rows[0]["value"]) if rows else None
