"""Opening the meeting store: one SQLite file per meeting, made safe for a day at the desk.

Every connection runs WAL (the tally screen reads while the desk writes), ``synchronous=FULL``
(a check-in reported as saved survives a power cut), foreign keys on and a busy timeout so two
processes wait for each other instead of failing. Errors are classified into
:class:`StoreError` kinds with a message the desk can act on; anything unclassified is a bug and
is raised as it is.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

from desk_app.domain.text import DeskError, Text

BUSY_TIMEOUT_MS = 5000


class StoreError(DeskError):
    """A problem with the meeting file the user can do something about."""


_TEXTS = {
    "store.locked": Text(
        "Het vergaderbestand is bezet door een ander programma ({path}). Wacht even en probeer "
        "het opnieuw; sluit anders het andere venster dat dit bestand gebruikt.",
        "The meeting file is in use by another program ({path}). Wait a moment and try again; "
        "otherwise close the other window that uses this file.",
    ),
    "store.full": Text(
        "De schijf is vol: er is niets opgeslagen ({path}). Maak ruimte vrij of kies een andere "
        "map, en doe de laatste handeling opnieuw.",
        "The disk is full: nothing was saved ({path}). Free some space or choose another folder, "
        "then repeat the last action.",
    ),
    "store.readonly": Text(
        "Het vergaderbestand kan niet worden beschreven ({path}): de map of het medium is "
        "alleen-lezen. Kopieer het bestand naar een beschrijfbare map en open het daar.",
        "The meeting file cannot be written ({path}): the folder or medium is read-only. Copy "
        "the file to a writable folder and open it there.",
    ),
    "store.corrupt": Text(
        "Het vergaderbestand is beschadigd ({path}): {detail}. Open de laatste reservekopie; "
        "er is niets gewijzigd.",
        "The meeting file is damaged ({path}): {detail}. Open the latest backup; nothing was "
        "changed.",
    ),
    "store.cannot_open": Text(
        "Het vergaderbestand kan niet worden geopend ({path}): {detail}. Controleer of de map "
        "bestaat en of u er rechten op hebt.",
        "The meeting file cannot be opened ({path}): {detail}. Check that the folder exists "
        "and that you have access to it.",
    ),
    "store.missing": Text(
        "Er is geen vergaderbestand op {path}. Maak eerst een vergadering aan (desk-app init) "
        "of kies een ander bestand.",
        "There is no meeting file at {path}. Create a meeting first (desk-app init) or choose "
        "another file.",
    ),
    "store.too_new": Text(
        "Dit vergaderbestand is gemaakt met een nieuwere versie van Stembalie (schema {found}, "
        "deze versie kent tot {known}). Gebruik de nieuwere versie.",
        "This meeting file was made by a newer version of Stembalie (schema {found}, this "
        "version knows up to {known}). Use the newer version.",
    ),
}


def store_error(code: str, path: Path | str, **params: object) -> StoreError:
    return StoreError(code, _TEXTS[code], {"path": str(path), **params})


def classify(exc: BaseException, path: Path | str) -> StoreError | None:
    """Map a sqlite3/OS error to a user-facing :class:`StoreError`, or None if it is a bug."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return store_error("store.full", path)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return store_error("store.readonly", path)
        return None
    if not isinstance(exc, sqlite3.Error):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in text:
        return store_error("store.locked", path)
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return store_error("store.full", path)
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return store_error("store.readonly", path)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or (
        "not a database" in text
    ):
        return store_error("store.corrupt", path, detail=str(exc))
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return store_error("store.cannot_open", path, detail=str(exc))
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        # A write error on a nearly full or removed medium: treat like a full disk, nothing saved.
        return store_error("store.full", path)
    return None


@contextlib.contextmanager
def classified(path: Path | str) -> Iterator[None]:
    """Re-raise storage errors as :class:`StoreError`; let bugs through untouched."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        err = classify(exc, path)
        if err is None:
            raise
        raise err from exc


class Store:
    """One open meeting file: a sqlite3 connection wrapped by sqlite-utils.

    A connection belongs to the thread that opened it; other threads and processes open their own.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self._commit_listeners: list[Callable[[], None]] = []

    def on_commit(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` after each of this connection's commits; returns the unsubscriber.

        The change feed uses it to tell the views about this process's own writes at once (other
        processes' writes it finds through :meth:`change_marker`). Listeners must be quick and
        must not write: they run on the writer's thread, right after its COMMIT returned.
        """
        self._commit_listeners.append(listener)
        return lambda: self._commit_listeners.remove(listener)

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, migrate: bool = True) -> Store:
        """Open (or with ``create`` make) the meeting file, check it and bring the schema up to date."""
        from desk_app.storage import migrations  # local: migrations import Store for typing only

        path = Path(path)
        if not create and not path.exists():
            raise store_error("store.missing", path)
        with classified(path):
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True)
        try:
            with classified(path):
                conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
                if str(mode).lower() != "wal" and os.access(path, os.W_OK):
                    raise store_error("store.cannot_open", path, detail=f"journal mode {mode}")
                row = conn.execute("PRAGMA quick_check").fetchone()
                if row is None or row[0] != "ok":
                    raise store_error("store.corrupt", path, detail=str(row[0] if row else "?"))
            store = cls(path, conn)
            if migrate:
                with classified(path):
                    migrations.migrate(store)
            return store
        except BaseException:
            conn.close()
            raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One ``BEGIN IMMEDIATE … COMMIT``; on any error nothing of it is kept.

        IMMEDIATE takes the write lock up front, so two desks never both read-then-write the
        same row. The block only counts as saved once COMMIT has returned.
        """
        with classified(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            with classified(self.path):
                yield self.db
                self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        for listener in list(self._commit_listeners):
            listener()

    def query(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[dict[str, object]]:
        """Read rows as dicts (outside or inside a transaction)."""
        with classified(self.path):
            return list(self.db.query(sql, params))

    def integrity_check(self) -> list[str]:
        """Full ``PRAGMA integrity_check``: an empty list means the file is sound."""
        with classified(self.path):
            rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        return [] if rows == ["ok"] else rows

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap poll for the tally screen."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def change_marker(self) -> tuple[int, int]:
        """Changes whenever anything was committed, by another connection or by this one.

        ``data_version`` alone misses this connection's own commits (the desk and the voting tab
        share one connection in the GUI), ``total_changes`` alone misses other processes'.
        """
        return self.data_version(), self.conn.total_changes

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
