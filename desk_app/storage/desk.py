"""Repository for the desk: the members as the desk sees them, and passes (stempassen).

The cards (stemkaarten) have their own repository, :mod:`desk_app.storage.cards`; which card
version admits is a domain rule (:func:`desk_app.domain.checkin.valid_card_version`).
"""

from __future__ import annotations

from typing import Any

from desk_app.domain.checkin import LIVE_STATUSES, DeskMember, PassInfo, PassStatus, PrintState
from desk_app.storage.db import Store
from desk_app.storage.sql import Database, has_table

Readable = Store | Database

# The live statuses as SQL text, from the one definition (the schema's index says the same).
_LIVE_SQL = "(" + ",".join(f"'{s.value}'" for s in sorted(LIVE_STATUSES)) + ")"


def _pass(row: dict[str, Any]) -> PassInfo:
    return PassInfo(
        serial=int(row["serial"]),
        code=str(row["code"]),
        holder_name=row["holder_name"],
        holder_role=str(row["holder_role"]),
        desk=str(row["desk"]),
        issued_at=str(row["issued_at"]),
        status=PassStatus(row["status"]),
        print_state=PrintState(row["print_state"]),
        token=str(row["token"]),
    )


def _member(row: dict[str, Any]) -> DeskMember:
    return DeskMember(str(row["code"]), str(row["name"]), int(row["votes"]), row["no_vote_reason"] or None)


def member(store: Readable, code: str) -> DeskMember | None:
    """A municipality with its frozen number of votes (the register's), or None when unknown."""
    rows = list(store.query("SELECT code, name, votes, no_vote_reason FROM members WHERE code = ?", (code,)))
    return _member(rows[0]) if rows else None


def members(store: Readable) -> list[DeskMember]:
    """Every municipality of the register (the look-up searches them)."""
    return [_member(r) for r in store.query("SELECT code, name, votes, no_vote_reason FROM members ORDER BY code")]


def live_pass(store: Readable, code: str) -> PassInfo | None:
    sql = f"SELECT * FROM passes WHERE code = ? AND status IN {_LIVE_SQL}"  # noqa: S608 - fixed text
    rows = list(store.query(sql, (code,)))
    return _pass(rows[0]) if rows else None


def pass_by_serial(store: Readable, serial: int) -> PassInfo | None:
    rows = list(store.query("SELECT * FROM passes WHERE serial = ?", (serial,)))
    return _pass(rows[0]) if rows else None


def next_serial(db: Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(serial), 0) + 1 FROM passes").fetchone()[0])


def insert_pass(db: Database, row: dict[str, Any]) -> None:
    cols = ",".join(row)
    marks = ",".join(f":{c}" for c in row)
    db.execute(f"INSERT INTO passes ({cols}) VALUES ({marks})", row)


def set_status(db: Database, serial: int, status: PassStatus, ts: str, reason: str | None) -> None:
    db.execute(
        "UPDATE passes SET status = ?, status_at = ?, status_reason = ? WHERE serial = ?",
        [status.value, ts, reason, serial],
    )


def set_print_state(db: Database, serial: int, state: PrintState, error: str | None) -> None:
    db.execute(
        "UPDATE passes SET print_state = ?, print_error = ?, prints = prints + ? WHERE serial = ?",
        [state.value, error, int(state is PrintState.PRINTED), serial],
    )


def presence(store: Store) -> list[dict[str, Any]]:
    """Every member with its live pass if any: the paper fallback and the counters."""
    return store.query(
        "SELECT m.code, m.name, m.votes, m.no_vote_reason, p.serial, p.holder_name, p.holder_role, "
        "p.status, p.issued_at, p.status_at, p.desk, p.print_state "
        f"FROM members m LEFT JOIN passes p ON p.code = m.code AND p.status IN {_LIVE_SQL} "  # noqa: S608
        "ORDER BY m.name"
    )


def active_passes(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT p.serial, p.code, m.votes FROM passes p JOIN members m ON m.code = p.code "
        f"WHERE p.status = '{PassStatus.ACTIVE.value}' ORDER BY p.serial"
    )


def set_supervisor_pin(db: Database, pin_hash: str) -> None:
    db.execute("UPDATE meeting SET supervisor_pin = ? WHERE id = 1", [pin_hash])


def supervisor_pin(store: Store) -> str | None:
    rows = store.query("SELECT supervisor_pin FROM meeting WHERE id = 1")
    return rows[0]["supervisor_pin"] if rows else None


# -- the desk's log beside the chain (schema v6): refused scans, PIN attempts ----------------------


def log_event(db: Database, *, ts: str, desk: str, kind: str, reason: str, digest: str | None = None) -> None:
    """Append one row to ``desk_log`` (the caller's transaction: keep it a small one of its own)."""
    db.execute(
        "INSERT INTO desk_log (ts, desk, kind, reason, digest) VALUES (?, ?, ?, ?, ?)",
        [ts, desk, kind, reason, digest],
    )


def _has_log(store: Readable) -> bool:
    """A meeting file opened read-only from before schema v6 has no log (nothing was logged)."""
    return has_table(store, "desk_log")


def log_counts(store: Readable, kind: str) -> dict[str, int]:
    """How many rows of ``kind`` per reason code, e.g. refused scans per reason."""
    if not _has_log(store):
        return {}
    rows = store.query(
        "SELECT reason, COUNT(*) AS n FROM desk_log WHERE kind = ? GROUP BY reason ORDER BY reason", (kind,)
    )
    return {str(r["reason"]): int(str(r["n"])) for r in rows}


def log_rows(store: Readable, kind: str) -> list[dict[str, Any]]:
    """Every row of ``kind`` in the order written (tests and a coordinator's look)."""
    if not _has_log(store):
        return []
    return list(
        store.query("SELECT id, ts, desk, kind, reason, digest FROM desk_log WHERE kind = ? ORDER BY id", (kind,))
    )


def pin_events(store: Readable) -> list[tuple[str, str]]:
    """``(kind, ts)`` of the PIN's attempts from its last reset (a correct PIN after wrong ones, or a
    lock-out) on, oldest first: all :func:`desk_app.domain.checkin.pin_lock` needs."""
    if not _has_log(store):
        return []
    return [
        (str(r["kind"]), str(r["ts"]))
        for r in store.query(
            "SELECT kind, ts FROM desk_log WHERE kind IN ('pin.wrong', 'pin.locked', 'pin.ok') AND id >= "
            "(SELECT COALESCE(MAX(id), 0) FROM desk_log WHERE kind IN ('pin.locked', 'pin.ok')) ORDER BY id"
        )
    ]


def live_holders(store: Readable) -> list[PassInfo]:
    """Every live pass (present or stepped out), for the one-person-one-pass check."""
    return [_pass(r) for r in store.query(f"SELECT * FROM passes WHERE status IN {_LIVE_SQL} ORDER BY serial")]  # noqa: S608


def designees(store: Readable) -> dict[str, str]:
    """Municipality code -> the designated representative's name (where one is named)."""
    rows = store.query("SELECT code, name FROM designations WHERE name IS NOT NULL AND name != '' ORDER BY code")
    return {str(r["code"]): str(r["name"]) for r in rows}
