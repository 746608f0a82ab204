"""Reading what was appended to the audit trail since a given entry (for the change feed)."""

from __future__ import annotations

from desk_app.storage.db import Store


def last_seq(store: Store) -> int:
    """The sequence number of the newest audit entry (0 for an empty chain)."""
    rows = store.query("SELECT COALESCE(MAX(seq), 0) AS seq FROM audit")
    return int(str(rows[0]["seq"]))


def actions_since(store: Store, seq: int, limit: int = 10_000) -> list[tuple[int, str]]:
    """``(seq, action)`` of the entries after ``seq``, oldest first (at most ``limit``)."""
    rows = store.query("SELECT seq, action FROM audit WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))
    return [(int(r["seq"]), str(r["action"])) for r in rows]
