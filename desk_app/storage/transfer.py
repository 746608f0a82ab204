"""Copying a whole meeting between stores, row for row: the storage half of ``server push`` / ``pull``.

The use cases (refusals, verification, messages) are in :mod:`desk_app.services.transfer`; here
is only what touches SQL. A copy is verbatim: every table of the meeting, every column, every
row as stored, each table in primary-key order (the audit trail in ``seq`` order), so the chain
and its head are the same bytes on both sides and the replay finds the same tables.

The schema's guards protect the app's writes; a copy writes rows that already passed them on
the other side, in an order the guards would refuse (a choice into a vote that is now closed, a
member after the meeting opened). So :func:`guards_off` lifts them for the copy's transaction
only: on PostgreSQL ``ALTER TABLE … DISABLE TRIGGER USER`` (transactional) and deferred foreign
keys; on SQLite the triggers are dropped and created again from their own text in
``sqlite_master`` before COMMIT, with deferred foreign keys. Unique indexes, CHECKs and foreign
keys still hold the copy (the keys at COMMIT), and the caller verifies the copy before it commits.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from desk_app.storage.db import Store
from desk_app.storage.sql import Database, columns, engine_of, executemany, has_table, primary_key, tables

__all__ = [
    "ORDER",
    "activity",
    "guards_off",
    "holds_meeting",
    "meeting_name",
    "meeting_tables",
    "read_table",
    "row_counts",
    "write_table",
]

#: The tables in an order that follows their foreign keys (later tables of a newer schema follow,
#: by name; the keys are deferred during a copy anyway).
ORDER = (
    "meeting",
    "members",
    "designations",
    "audit",
    "audit_personal",
    "cards",
    "card_mail",
    "passes",
    "agenda",
    "agenda_items",
    "votes",
    "vote_snapshot",
    "vote_records",
    "vote_secret_totals",
    "vote_declarations",
    "desk_log",
)
#: Bookkeeping of the engine, not of the meeting (PostgreSQL's schema version).
NOT_COPIED = frozenset({"schema_version"})


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def meeting_tables(src: Store | Database) -> list[str]:
    """The meeting's tables in copy order."""
    found = [t for t in tables(src) if t not in NOT_COPIED]
    known = [t for t in ORDER if t in found]
    return known + sorted(t for t in found if t not in ORDER)


def read_table(src: Store | Database, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """``(columns, rows)`` of ``table`` as stored, in primary-key order."""
    cols = columns(src, table)
    key = primary_key(src, table) or cols
    sql = f"SELECT {', '.join(map(_q, cols))} FROM {_q(table)} ORDER BY {', '.join(map(_q, key))}"  # noqa: S608
    return cols, [tuple(r[c] for c in cols) for r in src.query(sql, ())]


def write_table(db: Database, table: str, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` into ``table`` as they are (inside :func:`guards_off`)."""
    if not rows:
        return
    marks = ", ".join("?" * len(cols))
    executemany(db, f"INSERT INTO {_q(table)} ({', '.join(map(_q, cols))}) VALUES ({marks})", rows)  # noqa: S608


def row_counts(src: Store | Database, names: Sequence[str]) -> dict[str, int]:
    """Rows per table."""
    return {t: int(next(iter(src.query(f"SELECT COUNT(*) AS n FROM {_q(t)}", ())))["n"]) for t in names}  # noqa: S608


def holds_meeting(src: Store | Database) -> bool:
    """Is there a meeting row at all?"""
    return has_table(src, "meeting") and bool(list(src.query("SELECT 1 AS x FROM meeting", ())))


def meeting_name(src: Store | Database) -> str:
    """The meeting's name; empty when there is none."""
    rows = list(src.query("SELECT name FROM meeting WHERE id = 1", ())) if holds_meeting(src) else []
    return str(rows[0]["name"]) if rows else ""


def activity(src: Store | Database) -> dict[str, int]:
    """What happened in the meeting beyond preparing it: passes, votes, the opening, desk log rows.

    Empty for a meeting that is only prepared (register, designations, cards, agenda, PIN).
    """
    found: dict[str, int] = {}
    for table in ("passes", "votes", "desk_log"):
        if has_table(src, table):
            n = int(next(iter(src.query(f"SELECT COUNT(*) AS n FROM {table}", ())))["n"])  # noqa: S608
            if n:
                found[table] = n
    if holds_meeting(src) and any(r["opened_at"] for r in src.query("SELECT opened_at FROM meeting", ())):
        found["opened"] = 1
    return found


@contextlib.contextmanager
def guards_off(db: Database) -> Iterator[None]:
    """Inside the copy's transaction: triggers off, foreign keys checked at COMMIT; then back on."""
    if engine_of(db) == "sqlite":
        triggers = [
            (str(n), str(s))
            for n, s in db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid"
            ).fetchall()
        ]
        for name, _sql in triggers:
            db.execute(f"DROP TRIGGER {_q(name)}")
        db.execute("PRAGMA defer_foreign_keys = ON")
        yield
        for _name, sql in triggers:
            db.execute(sql)
        return
    names = meeting_tables(db)
    for table in names:
        db.execute(f"ALTER TABLE {_q(table)} DISABLE TRIGGER USER")
    db.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    db.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the keys are checked now (and ALTER TABLE wants none pending)
    for table in names:
        db.execute(f"ALTER TABLE {_q(table)} ENABLE TRIGGER USER")
    from desk_app.storage.pg_schema import IDENTITY_COLUMNS

    for table, column in IDENTITY_COLUMNS.items():  # SQLite's row ids arrived as given: continue after them
        if table in names:
            db.execute(
                f"SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX({_q(column)}), 0) + 1, false) "  # noqa: S608
                f"FROM {_q(table)}",
                (table, column),
            )
