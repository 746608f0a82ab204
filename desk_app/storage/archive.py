"""Storage for after the meeting: consistent reads, online backups, erasing personal data.

* :func:`read_snapshot` pins one consistent view (a WAL snapshot on SQLite, a REPEATABLE READ
  READ ONLY transaction on PostgreSQL) for a multi-query read such as an export, while desks
  keep writing.
* :func:`online_backup` copies a meeting file through SQLite's backup API, never as a file copy:
  a file copy of a database in WAL mode taken while a desk writes can miss the WAL or catch a
  page half-written; the backup API copies a consistent snapshot, committed transactions only.
* :func:`erase_personal` removes names, e-mail addresses and free-text reasons recorded before a
  moment, with ``secure_delete`` on so the old values do not linger in free pages. A reason sits
  in a table only as the salted hash the chain holds (``audit.commit``); its value is one of the
  values in ``audit_personal`` and goes with them. :func:`committed_values` and
  :func:`personal_values` read back the values not yet erased, for the desk and the
  proces-verbaal. On PostgreSQL the tables
  are vacuumed afterwards; old row versions may still sit in its write-ahead log and on the
  standby until they are recycled: the erasure after the retention period is meant for the
  archived meeting file (``server pull``), not the live server.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desk_app.storage.audit import personal_hash
from desk_app.storage.db import BUSY_TIMEOUT_MS, SqliteStore, Store, classified
from desk_app.storage.sql import Database, has_table

#: The free-text fields committed like names (``audit.append(personal=...)``): a look-up's reason,
#: a coördinator's reason (override, undo, lost pass, reprint, a person admitted) and a new card's.
REASON_FIELDS = ("reason", "manual_reason")


@contextlib.contextmanager
def read_snapshot(store: Store) -> Iterator[Store]:
    """Every read inside sees the same committed state (:meth:`Store.snapshot`)."""
    with store.snapshot() as pinned:
        yield pinned


def _readonly_uri(path: Path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


def online_backup(source: Path, target: Path) -> None:
    """Copy the meeting file ``source`` into the new file ``target`` with the backup API.

    Runs on its own connections, so any thread may call it. The copy is switched to a rollback
    journal: one self-contained file, no ``-wal`` beside it, readable from a read-only medium.
    """
    with classified(source):
        src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        with classified(target):
            dst = sqlite3.connect(target)
            try:
                # pages=-1: one step. In WAL mode this holds only a read snapshot, so desks keep
                # writing; a stepwise copy would restart on every write and might never finish.
                src.backup(dst, pages=-1)
                dst.execute("PRAGMA journal_mode=DELETE")
                dst.commit()
            finally:
                dst.close()
            with open(target, "rb+") as f:
                os.fsync(f.fileno())
    finally:
        src.close()


def open_readonly(path: Path) -> SqliteStore:
    """Open a backup (or any meeting file) read-only, without migrating or changing it.

    The store refuses transactions with a clear message (``store.readonly_open``) rather than
    leaving it to SQLite's "attempt to write a readonly database".
    """
    with classified(path):
        conn = sqlite3.connect(_readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    return SqliteStore(Path(path), conn, readonly=True)


def personal_values(src: Store | Database, fields: tuple[str, ...] = REASON_FIELDS) -> dict[tuple[int, str], str]:
    """(entry seq, field) -> the value behind the entry's hash, for values not erased."""
    marks = ", ".join("?" for _ in fields)
    rows = src.query(f"SELECT seq, field, value FROM audit_personal WHERE field IN ({marks})", list(fields))  # noqa: S608
    return {(int(str(r["seq"])), str(r["field"])): str(r["value"]) for r in rows}


def committed_values(src: Store | Database, fields: tuple[str, ...] = REASON_FIELDS) -> dict[str, str]:
    """'sha256:…' -> the value, for every committed value of ``fields`` not erased: what a table row
    holding the hash (a card's revocation reason, a pass's look-up reason) stands for."""
    marks = ", ".join("?" for _ in fields)
    rows = src.query(f"SELECT salt, value FROM audit_personal WHERE field IN ({marks})", list(fields))  # noqa: S608
    return {personal_hash(str(r["salt"]), str(r["value"])): str(r["value"]) for r in rows}


@dataclass(frozen=True)
class PersonalCounts:
    designations: int  # rows with a name or e-mail address
    passes: int  # passes with a holder name
    audit_personal: int  # values behind the salted hashes in the audit chain
    card_mail: int = 0  # addresses a stemkaart was e-mailed to


def personal_counts(db: Store | Database, before: str) -> PersonalCounts:
    """How many personal values were recorded before ``before`` (UTC ISO, compared as text)."""

    def one(sql: str) -> int:
        return int(str(next(iter(db.query(sql, (before,))))["n"]))

    return PersonalCounts(
        designations=one(
            "SELECT COUNT(*) AS n FROM designations WHERE updated_at < ? AND (name IS NOT NULL OR email IS NOT NULL)"
        ),
        passes=one("SELECT COUNT(*) AS n FROM passes WHERE issued_at < ? AND holder_name IS NOT NULL"),
        audit_personal=one("SELECT COUNT(*) AS n FROM audit_personal p JOIN audit a ON a.seq = p.seq WHERE a.ts < ?"),
        # card_mail arrived with the card e-mail batch (schema v3); older files lack it.
        card_mail=one("SELECT COUNT(*) AS n FROM card_mail WHERE updated_at < ? AND email IS NOT NULL")
        if has_table(db, "card_mail")
        else 0,
    )


def erase_personal(db: Database, before: str) -> PersonalCounts:
    """Erase names, e-mail addresses and free-text reasons recorded before ``before``; run inside a
    transaction.

    Erased: designations (name, e-mail), pass holders' names, the card e-mail addresses, and the
    values and salts in ``audit_personal`` (names, addresses and the reasons: their tables hold
    only the hashes).

    The audit chain itself holds only salted hashes: deleting the salt and value rows in
    ``audit_personal`` leaves every entry's hash intact (``verify`` still passes) while the hash
    can no longer be tied to a person.
    """
    counts = personal_counts(db, before)
    db.execute(
        "UPDATE designations SET name = NULL, email = NULL WHERE updated_at < ? "
        "AND (name IS NOT NULL OR email IS NOT NULL)",
        [before],
    )
    db.execute("UPDATE passes SET holder_name = NULL WHERE issued_at < ? AND holder_name IS NOT NULL", [before])
    db.execute("DELETE FROM audit_personal WHERE seq IN (SELECT seq FROM audit WHERE ts < ?)", [before])
    if has_table(db, "card_mail"):
        db.execute("UPDATE card_mail SET email = NULL WHERE updated_at < ? AND email IS NOT NULL", [before])
    return counts


@contextlib.contextmanager
def secure_delete(store: Store) -> Iterator[None]:
    """Overwrite deleted content with zeros while inside (a per-connection setting of SQLite;
    PostgreSQL has none: :func:`checkpoint_truncate` vacuums afterwards)."""
    if not isinstance(store, SqliteStore):
        yield
        return
    with classified(store.path):
        old = store.conn.execute("PRAGMA secure_delete").fetchone()[0]
        store.conn.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA secure_delete = {int(old)}")


def checkpoint_truncate(store: Store) -> bool:
    """Move the WAL into the main file and empty it; False when another reader kept it busy.

    After an erasure the WAL still holds the pages as they were before; only once they are
    checkpointed (with ``secure_delete`` pages) and the WAL truncated are the old values gone.
    On PostgreSQL: the erased tables are vacuumed (their old row versions removed); True.
    """
    if not isinstance(store, SqliteStore):
        for table in ("designations", "passes", "audit_personal", "card_mail"):
            store.db.execute(f"VACUUM {table}")
        return True
    with classified(store.path):
        busy, _log, _done = store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return int(busy) == 0


COUNTED_TABLES = ("members", "designations", "cards", "passes", "audit", "audit_personal")


def row_counts(store: Store) -> dict[str, int]:
    """Rows per table of the desk's own tables: a cheap fingerprint to compare two stores."""
    return {t: int(store.query(f"SELECT COUNT(*) AS n FROM {t}")[0]["n"]) for t in COUNTED_TABLES}  # noqa: S608
