"""Each desk's local read-only copy of the meeting on the server, as it last saw it.

When the desk is cut off from the meeting server it issues and records nothing, but it can
still look a municipality up and print the presence list: from this copy, marked with the time
of the state it holds. The copy is a SQLite meeting file in the user data folder, one per server
meeting (:func:`copy_path`), refreshed after the changes the desk sees. It is **never the
truth**: nothing writes to it but :meth:`LocalCopy.refresh`, which replaces it whole, and the
desk opens it read-only (:meth:`LocalCopy.open`).

A refresh reads every table of the meeting in one snapshot of the server (the same verbatim copy
as ``server pull``, :mod:`desk_app.storage.transfer`), writes a new file beside the old one,
checks that its chain head is the server's, and renames it into place; a reader never sees half
a copy. When the chain head has not moved since the last copy only the stamp's time is renewed.
The stamp (``.json`` beside the file) says when the state was read and which head it holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app import paths
from desk_app.domain.clock import now_iso
from desk_app.domain.text import DeskError, Text, Translator
from desk_app.services.meeting import Actor
from desk_app.storage import audit
from desk_app.storage import transfer as repo
from desk_app.storage.db import SqliteStore, Store

if TYPE_CHECKING:
    from desk_app.services.desk import DeskService

__all__ = ["CopyReader", "CopyStamp", "LocalCopy", "copy_path"]

T_COPY_MISMATCH = Text(
    "De plaatselijke kopie van de vergadering klopt niet met de server ({detail}); de vorige kopie blijft staan.",
    "The local copy of the meeting does not match the server ({detail}); the previous copy stays.",
)


def copy_path(target: str) -> Path:
    """Where this laptop keeps its copy of the server meeting ``target`` (the URI as shown)."""
    key = hashlib.sha256(target.encode("utf-8")).hexdigest()[:16]
    return paths.user_data_dir() / "server-copies" / f"meeting-{key}.sqlite"


@dataclass(frozen=True)
class CopyStamp:
    """Which state a copy holds: read from ``source`` at ``taken_at`` (UTC ISO), chain head ``head``."""

    source: str
    taken_at: str
    head: str
    entries: int


class LocalCopy:
    """The copy at ``path`` and its stamp; :meth:`refresh` from the server, :meth:`open` to read it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.stamp_path = self.path.with_suffix(".json")

    @classmethod
    def for_store(cls, store: Store) -> LocalCopy:
        return cls(copy_path(store.target))

    def stamp(self) -> CopyStamp | None:
        """The state the copy holds, or None when there is no (whole) copy yet."""
        try:
            data = json.loads(self.stamp_path.read_text(encoding="utf-8"))
            stamp = CopyStamp(**data)
        except (OSError, ValueError, TypeError):
            return None
        return stamp if self.path.exists() else None

    def refresh(self, source: Store) -> CopyStamp:
        """Copy the meeting from ``source`` (the server) if its chain head moved; renew the stamp.

        Runs on any thread with a store of its own (a connection belongs to its thread).
        """
        old = self.stamp()
        with source.snapshot():
            head = audit.head(source)
            taken_at = now_iso()
            data = None
            if old is None or old.head != head.text():
                data = {t: repo.read_table(source, t) for t in repo.meeting_tables(source)}
        if data is not None:
            self._write(data, head)
        stamp = CopyStamp(source.target, taken_at, head.text(), head.seq)
        self._write_stamp(stamp)
        return stamp

    def _write(self, data: dict[str, tuple[list[str], list[tuple[object, ...]]]], head: audit.ChainHead) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        part = self.path.with_name(self.path.name + ".part")
        _remove(part)
        dest = SqliteStore.open_file(part, create=True)
        try:
            with dest.transaction() as db, repo.guards_off(db):
                for table, (cols, rows) in data.items():
                    repo.write_table(db, table, cols, rows)
            copied = audit.head(dest)
            # No WAL beside the copy: a reader still on the old file (it keeps its inode after the
            # rename) must not share a -wal/-shm by name with the new one.
            dest.conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()  # the last connection: the WAL is folded into the file
        if copied != head:
            _remove(part)
            raise DeskError("copy.mismatch", T_COPY_MISMATCH, {"detail": f"{copied.short()} / {head.short()}"})
        os.replace(part, self.path)

    def _write_stamp(self, stamp: CopyStamp) -> None:
        part = self.stamp_path.with_name(self.stamp_path.name + ".part")
        part.write_text(json.dumps(asdict(stamp), sort_keys=True), encoding="utf-8")
        os.replace(part, self.stamp_path)

    def open(self) -> SqliteStore:
        """The copy, read-only (``store.missing`` when there is none yet)."""
        return SqliteStore.open_file(self.path, readonly=True)


def _remove(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        with contextlib.suppress(OSError):
            p.unlink()


class CopyReader:
    """The desk's read-only view of its copy: a :class:`~desk_app.services.desk.DeskService` on it
    for look-ups, verdicts and the presence list while cut off, opened again when the copy was
    replaced. Belongs to the thread that uses it (the GUI thread)."""

    def __init__(self, copy: LocalCopy, actor: Actor, tr: Translator | None = None) -> None:
        self.copy = copy
        self.actor = actor
        self.tr = tr
        self._store: SqliteStore | None = None
        self._desk: DeskService | None = None
        self._head: str | None = None

    def stamp(self) -> CopyStamp | None:
        return self.copy.stamp()

    def desk(self) -> DeskService | None:
        """A desk service on the newest copy; None when there is none (yet)."""
        from desk_app.services.desk import DeskService

        stamp = self.copy.stamp()
        if stamp is None:
            return None
        if self._desk is None or stamp.head != self._head:
            self.close()
            try:
                self._store = self.copy.open()
                self._desk = DeskService(self._store, self.actor, tr=self.tr)
            except DeskError:
                self.close()
                return None
            self._head = stamp.head
        return self._desk

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        self._store, self._desk, self._head = None, None, None
