"""Repository for the desk: cards (stemkaarten) and passes (stempassen)."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from desk_app.domain.checkin import PassInfo
from desk_app.storage.db import Store

LIVE = ("active", "away")


def _pass(row: dict[str, Any]) -> PassInfo:
    return PassInfo(
        serial=int(row["serial"]), code=str(row["code"]), holder_name=row["holder_name"],
        holder_role=str(row["holder_role"]), desk=str(row["desk"]), issued_at=str(row["issued_at"]),
        status=str(row["status"]), print_state=str(row["print_state"]), token=str(row["token"]),
    )


def member(store: Store, code: str) -> dict[str, Any] | None:
    rows = store.query("SELECT code, name, votes, no_vote_reason FROM members WHERE code = ?", (code,))
    return rows[0] if rows else None


def cards_of(store: Store, code: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM cards WHERE code = ? ORDER BY version", (code,))


def current_card_version(store: Store, code: str) -> int:
    """The version that is valid now; a municipality without any card row has version 1."""
    rows = store.query("SELECT version FROM cards WHERE code = ? AND revoked_at IS NULL", (code,))
    if rows:
        return int(rows[0]["version"])  # type: ignore[arg-type]
    rows = store.query("SELECT MAX(version) AS v FROM cards WHERE code = ?", (code,))
    return int(rows[0]["v"] or 1) if rows else 1  # type: ignore[arg-type]


def live_pass(store: Store | sqlite_utils.Database, code: str) -> PassInfo | None:
    rows = list(store.query(
        "SELECT * FROM passes WHERE code = ? AND status IN ('active','away')", (code,)
    ))
    return _pass(rows[0]) if rows else None


def pass_by_serial(store: Store | sqlite_utils.Database, serial: int) -> PassInfo | None:
    rows = list(store.query("SELECT * FROM passes WHERE serial = ?", (serial,)))
    return _pass(rows[0]) if rows else None


def next_serial(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(serial), 0) + 1 FROM passes").fetchone()[0])


def insert_pass(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    cols = ",".join(row)
    marks = ",".join(f":{c}" for c in row)
    db.execute(f"INSERT INTO passes ({cols}) VALUES ({marks})", row)


def set_status(db: sqlite_utils.Database, serial: int, status: str, ts: str, reason: str | None) -> None:
    db.execute(
        "UPDATE passes SET status = ?, status_at = ?, status_reason = ? WHERE serial = ?",
        [status, ts, reason, serial],
    )


def set_print_state(db: sqlite_utils.Database, serial: int, state: str, error: str | None) -> None:
    db.execute(
        "UPDATE passes SET print_state = ?, print_error = ?, prints = prints + (? = 'printed') "
        "WHERE serial = ?",
        [state, error, state, serial],
    )


def presence(store: Store) -> list[dict[str, Any]]:
    """Every member with its live pass if any: the paper fallback and the counters."""
    return store.query(
        "SELECT m.code, m.name, m.votes, m.no_vote_reason, p.serial, p.holder_name, p.holder_role, "
        "p.status, p.issued_at, p.status_at, p.desk, p.print_state "
        "FROM members m LEFT JOIN passes p ON p.code = m.code AND p.status IN ('active','away') "
        "ORDER BY m.name"
    )


def active_passes(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT p.serial, p.code, m.votes FROM passes p JOIN members m ON m.code = p.code "
        "WHERE p.status = 'active' ORDER BY p.serial"
    )


def set_supervisor_pin(db: sqlite_utils.Database, pin_hash: str) -> None:
    db.execute("UPDATE meeting SET supervisor_pin = ? WHERE id = 1", [pin_hash])


def supervisor_pin(store: Store) -> str | None:
    rows = store.query("SELECT supervisor_pin FROM meeting WHERE id = 1")
    return rows[0]["supervisor_pin"] if rows else None  # type: ignore[return-value]
