"""Moving a meeting between the laptop's file and the meeting server: ``server push`` and ``server pull``.

The secretariat prepares the meeting in a SQLite file as always; :func:`push` loads it into the
formation for the day (several desks); after the meeting :func:`pull` writes the whole record
back into one SQLite file that ``verify``, ``export`` and the archive take as any meeting file.

Both copy every table verbatim (:mod:`desk_app.storage.transfer`): the same rows, the audit
trail in sequence order, so the chain and its head are identical on both sides, and both check
that before anything is kept:

* **push** refuses a file whose record does not hold (a broken chain is not spread to the
  server), and a server that already holds a meeting with activity (passes, votes, the opening,
  desk log rows): a meeting under way is never overwritten. A meeting there that is only
  prepared is replaced (pushing again after a last change to the agenda); the result names it.
  The server's schema is made anew and loaded in one transaction under the meeting lock,
  verified inside that transaction (chain recomputed, every table replayed, the head compared
  with the file's), and committed only then; the desks' change feeds hear of it.
* **pull** reads the server in one snapshot (REPEATABLE READ) while desks may still write, into
  a new file beside the target (``FILE.part``) that is verified and compared, and only then
  renamed into place: no half file under the target's name, never an existing file overwritten.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from desk_app.domain.text import DeskError, Text, counted
from desk_app.services.integrity import describe
from desk_app.storage import audit, pg_schema
from desk_app.storage import transfer as repo
from desk_app.storage.db import SqliteStore, Store, is_server_address
from desk_app.storage.sql import columns

__all__ = ["TransferResult", "pull", "push"]

T_NOT_SERVER = Text(
    "'{target}' is geen adres van een vergaderserver (postgresql://…).",
    "'{target}' is not the address of a meeting server (postgresql://…).",
)
T_SOURCE_BROKEN = Text(
    "De vergadering is niet op de server gezet: het vergaderbestand klopt niet met zijn logboek. {detail}",
    "The meeting was not put on the server: the meeting file does not match its audit log. {detail}",
)
T_BUSY = Text(
    "De vergaderserver ({target}) heeft al een vergadering die in gebruik is ('{name}': {what}). Die "
    "wordt niet overschreven. Haal haar eerst op met 'server pull' als dat nog moet, en gebruik voor "
    "deze vergadering een lege database.",
    "The meeting server ({target}) already holds a meeting in use ('{name}': {what}). It is not "
    "overwritten. Fetch it first with 'server pull' if that is still needed, and use an empty "
    "database for this meeting.",
)
T_NO_MEETING = Text("Er staat geen vergadering in {source}.", "{source} holds no meeting.")
T_EXISTS = Text(
    "{path} bestaat al; 'server pull' overschrijft geen bestand. Kies een nieuwe bestandsnaam.",
    "{path} already exists; 'server pull' overwrites no file. Choose a new file name.",
)
T_MISMATCH = Text(
    "De kopie klopt niet met het origineel ({detail}); er is niets bewaard.",
    "The copy does not match the original ({detail}); nothing was kept.",
)
T_SCHEMA = Text(
    "De tabellen van de vergadering en van {target} verschillen ({detail}): gebruik op beide plaatsen "
    "dezelfde versie van Stembalie.",
    "The tables of the meeting and of {target} differ ({detail}): use the same version of Stembalie on both.",
)

_WHAT = {
    "passes": (Text("{n} stempas", "{n} voting pass"), Text("{n} stempassen", "{n} voting passes")),
    "votes": (Text("{n} stemming", "{n} vote"), Text("{n} stemmingen", "{n} votes")),
    "desk_log": (
        Text("{n} regel in het balielog", "{n} desk log row"),
        Text("{n} regels in het balielog", "{n} desk log rows"),
    ),
    "opened": (Text("geopend", "opened"), Text("geopend", "opened")),
}


@dataclass(frozen=True)
class TransferResult:
    """What was copied where: the meeting, its chain head (equal on both sides) and rows per table."""

    source: str
    target: str
    meeting: str
    head: audit.ChainHead
    rows: dict[str, int]
    verified: bool  # the record holds (chain recomputed, tables replayed) on the target
    replaced: str | None = None  # push: the prepared meeting that was on the server before
    detail: str = ""  # pull of a record that does not hold: why (the copy is still exact)
    extra: dict[str, object] = field(default_factory=dict)


Tables = dict[str, tuple[list[str], list[tuple[object, ...]]]]


def _read_all(source: Store) -> Tables:
    return {table: repo.read_table(source, table) for table in repo.meeting_tables(source)}


def _check_same_tables(data: Tables, target: Store) -> None:
    theirs = {t: columns(target.db, t) for t in repo.meeting_tables(target.db)}
    ours = {t: cols for t, (cols, _rows) in data.items()}
    if {t: sorted(c) for t, c in theirs.items()} != {t: sorted(c) for t, c in ours.items()}:
        differ = sorted(set(theirs) ^ set(ours)) or sorted(t for t in ours if sorted(ours[t]) != sorted(theirs[t]))
        raise DeskError("transfer.schema", T_SCHEMA, {"target": target.target, "detail": ", ".join(differ)})


def _load(
    target: Store, data: Tables, head: audit.ChainHead, expect: audit.VerifyResult
) -> tuple[audit.VerifyResult, str | None]:
    """One transaction of the target: (on the server) refuse a meeting in use and make the schema
    anew; the rows in; then the same head, the same row counts and the same verdict as the source
    (``expect``), or nothing is kept.

    Returns the verdict and the name of the prepared meeting that was replaced (push)."""
    from desk_app.storage.pg import PgDatabase

    replaced: str | None = None
    with target.transaction() as db:
        if isinstance(db, PgDatabase):
            if pg_schema.version_in(db) and repo.holds_meeting(db):  # looked at under the meeting lock
                old, busy = repo.meeting_name(db), repo.activity(db)
                if busy:
                    nl, en = (
                        ", ".join(counted(n, *_WHAT[k]).render(lang) for k, n in busy.items()) for lang in ("nl", "en")
                    )
                    what = Text(nl, en)
                    raise DeskError("transfer.busy", T_BUSY, {"target": target.target, "name": old, "what": what})
                replaced = old
            pg_schema.reinstall(db)
        _check_same_tables(data, target)
        with repo.guards_off(db):
            for table, (cols, rows) in data.items():
                repo.write_table(db, table, cols, rows)
        copied = audit.head(db)
        counts = repo.row_counts(db, list(data))
        if copied != head or counts != {t: len(rows) for t, (_c, rows) in data.items()}:
            raise DeskError("transfer.mismatch", T_MISMATCH, {"detail": f"{copied.short()} / {head.short()}"})
        verdict = audit.verify(target)
        if (verdict.ok, verdict.head, verdict.entries) != (expect.ok, expect.head, expect.entries):
            raise DeskError("transfer.mismatch", T_MISMATCH, {"detail": describe(verdict)})
        if isinstance(db, PgDatabase):
            db.execute("SELECT pg_notify('stembalie_changes', ?)", (str(head.seq),))  # the desks look again
    return verdict, replaced


def push(source: Store, dsn: str, *, password: str | None = None) -> TransferResult:
    """Load the meeting of ``source`` (the prepared file) into the meeting server at ``dsn``."""
    if not is_server_address(dsn):
        raise DeskError("transfer.not_server", T_NOT_SERVER, {"target": dsn})
    head, data, name, check = _read_source(source, must_hold=True)
    with Store.open(dsn, create=True, migrate=False, password=password) as target:
        verdict, replaced = _load(target, data, head, check)
        return TransferResult(source.target, target.target, name, head, _counts(data), verdict.ok, replaced)


def pull(source: Store, target: Path) -> TransferResult:
    """Write the whole record of ``source`` (the meeting server) into the new file ``target``."""
    target = Path(target)
    if target.exists():
        raise DeskError("transfer.exists", T_EXISTS, {"path": str(target)})
    part = target.with_name(target.name + ".part")
    _remove(part)  # left by a pull that was interrupted
    head, data, name, check = _read_source(source, must_hold=False)
    dest = SqliteStore.open_file(part, create=True)
    try:
        verdict, _ = _load(dest, data, head, check)
    except BaseException:
        dest.close()
        _remove(part)
        raise
    dest.close()  # the last connection: SQLite folds the WAL into the file and removes it
    os.replace(part, target)
    _fsync_dir(target.parent)
    return TransferResult(
        source.target,
        str(target),
        name,
        head,
        _counts(data),
        verdict.ok,
        detail="" if verdict.ok else describe(verdict),
    )


def _read_source(source: Store, *, must_hold: bool) -> tuple[audit.ChainHead, Tables, str, audit.VerifyResult]:
    """Everything of ``source`` from one consistent snapshot, with the record's verdict."""
    with source.snapshot():
        if not repo.holds_meeting(source):
            raise DeskError("transfer.no_meeting", T_NO_MEETING, {"source": source.target})
        check = audit.verify(source)
        if must_hold and not check.ok:
            raise DeskError("transfer.source_broken", T_SOURCE_BROKEN, {"detail": describe(check)})
        return audit.head(source), _read_all(source), repo.meeting_name(source), check


def _counts(data: Tables) -> dict[str, int]:
    return {t: len(rows) for t, (_c, rows) in data.items()}


def _remove(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        p.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
