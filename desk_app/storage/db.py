"""Opening the meeting store: :class:`Store`, the seam both engines stand behind, and
:class:`SqliteStore`, one SQLite file per meeting, made safe for a day at the desk (the meeting
on a server is :class:`desk_app.storage.pg.PgStore`; the package docstring says why and how).

Every connection runs WAL (the tally screen reads while the desk writes), ``synchronous=FULL``
(a check-in reported as saved survives a power cut), foreign keys on and a busy timeout so two
processes wait for each other instead of failing. Errors are classified into
:class:`StoreError` kinds with a message the desk can act on; anything unclassified is a bug and
is raised as it is.

**Saved means still there.** SQLite keeps writing into a file that was deleted or moved away
under it (the folder removed, the stick pulled and remounted elsewhere): every COMMIT returns
and every write is lost on restart. So the store remembers which file it opened (device and
inode) and, before each transaction and again after its COMMIT, checks that the path still
leads to that file; if not, the write is reported as not saved (``store.vanished``).

**Where a live meeting may live.** On removable media (a USB stick: vfat, exfat, a FUSE block
device, or a disk the kernel calls removable or reaches over USB) and network shares (NFS, SMB,
sshfs…) a pulled stick or a dropped connection loses what was "saved". Opening a live meeting
there is refused with that reason unless the caller confirms it (``allow_removable=True``). A
read-only medium (a locked stick, a CD) opens read-only, with a message, for look-ups,
``verify`` and ``export``; nothing can be written. Detection reads ``/proc/mounts`` and
``/sys/class/block`` (Linux); elsewhere the medium counts as local.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import sqlite_utils

from desk_app.domain.text import DeskError, Text
from desk_app.server.dsn import is_postgres_dsn
from desk_app.storage.sql import Database, Params

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
        "Het vergaderbestand is beschadigd ({path}): {detail}. Open de laatste reservekopie; er is niets gewijzigd.",
        "The meeting file is damaged ({path}): {detail}. Open the latest backup; nothing was changed.",
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
        "There is no meeting file at {path}. Create a meeting first (desk-app init) or choose another file.",
    ),
    "store.vanished": Text(
        "Het vergaderbestand is verdwenen of vervangen ({path}): de laatste handeling is NIET "
        "opgeslagen. Is de map verwijderd, hernoemd of het medium losgekoppeld? Zet het bestand "
        "terug of open de laatste reservekopie, en doe de handeling daarna opnieuw.",
        "The meeting file has disappeared or was replaced ({path}): the last action was NOT "
        "saved. Was the folder removed, renamed or the medium disconnected? Put the file back or "
        "open the latest backup, then repeat the action.",
    ),
    "store.removable": Text(
        "Het vergaderbestand staat op {medium} ({mount}, {fstype}). Als dat medium wordt "
        "losgekoppeld of de verbinding wegvalt, gaan handelingen verloren die al als opgeslagen "
        "waren gemeld. Kopieer het bestand naar de laptop zelf en open het daar, of bevestig "
        "uitdrukkelijk dat u het hier wilt gebruiken.",
        "The meeting file is on {medium} ({mount}, {fstype}). If that medium is disconnected or "
        "the connection drops, actions already reported as saved are lost. Copy the file to the "
        "laptop itself and open it there, or confirm explicitly that you want to use it here.",
    ),
    "store.opened_readonly": Text(
        "Het vergaderbestand staat op een alleen-lezen medium ({path}) en is alleen-lezen "
        "geopend: opzoeken, controleren (verify) en exporteren kan, registreren en stemmen niet. "
        "Kopieer het bestand naar een beschrijfbare map om verder te werken.",
        "The meeting file is on a read-only medium ({path}) and was opened read-only: look-ups, "
        "verify and export work, check-ins and votes do not. Copy the file to a writable folder "
        "to carry on.",
    ),
    "store.readonly_open": Text(
        "Het vergaderbestand is alleen-lezen geopend ({path}): er kan niets worden opgeslagen. "
        "Kopieer het naar een beschrijfbare map en open het daar.",
        "The meeting file was opened read-only ({path}): nothing can be saved. Copy it to a "
        "writable folder and open it there.",
    ),
    "store.readonly_wal": Text(
        "Het vergaderbestand op dit alleen-lezen medium ({path}) heeft nog een logbestand "
        "(-wal) met de laatste handelingen, dat alleen-lezen niet te lezen is. Kopieer beide "
        "bestanden naar een beschrijfbare map en open het daar.",
        "The meeting file on this read-only medium ({path}) still has a log file (-wal) with the "
        "latest actions, which cannot be read read-only. Copy both files to a writable folder "
        "and open it there.",
    ),
    "store.readonly_old": Text(
        "Het vergaderbestand op dit alleen-lezen medium ({path}) is van een oudere versie "
        "(schema {found}, nu {known}) en kan hier niet worden bijgewerkt. Kopieer het naar een "
        "beschrijfbare map en open het daar.",
        "The meeting file on this read-only medium ({path}) is from an older version (schema "
        "{found}, now {known}) and cannot be brought up to date here. Copy it to a writable "
        "folder and open it there.",
    ),
    # -- the meeting on a server (desk_app.storage.pg); {path} is the URI without its password ----
    "store.no_server": Text(
        "Geen verbinding met de vergaderserver ({path}): {detail}. Controleer de netwerkkabel en of "
        "de serverlaptops aanstaan, en probeer het dan opnieuw; er is niets opgeslagen.",
        "No connection to the meeting server ({path}): {detail}. Check the network cable and that "
        "the server laptops are on, then try again; nothing was saved.",
    ),
    "store.server_auth": Text(
        "De vergaderserver weigert de aanmelding ({path}): {detail}. Controleer de gebruikersnaam "
        "en het wachtwoord (het pgpass-bestand van deze laptop).",
        "The meeting server refuses the login ({path}): {detail}. Check the user name and the "
        "password (this laptop's pgpass file).",
    ),
    "store.no_primary": Text(
        "De vergaderserver neemt op dit moment geen wijzigingen aan ({path}): er is geen primaire "
        "server bereikbaar (wisselt de server van laptop?). Probeer het over enkele seconden "
        "opnieuw; er is niets opgeslagen.",
        "The meeting server does not take changes right now ({path}): no primary server can be "
        "reached (is the server switching laptops?). Try again in a few seconds; nothing was saved.",
    ),
    "store.connection_lost": Text(
        "De verbinding met de vergaderserver viel weg tijdens het opslaan ({path}). Het is niet "
        "zeker of de laatste handeling is opgeslagen: kijk dat eerst na (bijvoorbeeld in de "
        "aanwezigheidslijst) voordat u haar herhaalt.",
        "The connection to the meeting server dropped while saving ({path}). It is not certain "
        "whether the last action was saved: check that first (for instance in the presence list) "
        "before repeating it.",
    ),
    "store.server_busy": Text(
        "De vergaderserver is bezet door een andere balie ({path}). Wacht even en probeer het "
        "opnieuw; er is niets opgeslagen.",
        "The meeting server is busy with another desk ({path}). Wait a moment and try again; nothing was saved.",
    ),
    "store.server_full": Text(
        "De schijf van de vergaderserver is vol ({path}): er is niets opgeslagen. Waarschuw de "
        "beheerder van de serverlaptops.",
        "The meeting server's disk is full ({path}): nothing was saved. Tell whoever runs the server laptops.",
    ),
    "store.server_empty": Text(
        "Op de vergaderserver staat nog geen vergadering ({path}). Bereid de vergadering voor in "
        "een bestand en zet haar op de server met 'desk-app --db BESTAND server push ADRES'.",
        "The meeting server holds no meeting yet ({path}). Prepare the meeting in a file and put "
        "it on the server with 'desk-app --db FILE server push ADDRESS'.",
    ),
    "store.not_a_file": Text(
        "Deze vergadering staat op de vergaderserver ({path}), niet in een bestand. Haal een "
        "kopie als bestand op met 'desk-app --db ADRES server pull BESTAND' en gebruik die.",
        "This meeting is on the meeting server ({path}), not in a file. Fetch a copy as a file "
        "with 'desk-app --db ADDRESS server pull FILE' and use that.",
    ),
    "store.too_new": Text(
        "Dit vergaderbestand is gemaakt met een nieuwere versie van Stembalie (schema {found}, "
        "deze versie kent tot {known}). Gebruik de nieuwere versie.",
        "This meeting file was made by a newer version of Stembalie (schema {found}, this "
        "version knows up to {known}). Use the newer version.",
    ),
}


T_MEDIUM = {
    "removable": Text("een verwisselbaar medium (zoals een USB-stick)", "removable media (such as a USB stick)"),
    "network": Text("een netwerkschijf", "a network share"),
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
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or ("not a database" in text):
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


# --- where the file lives ----------------------------------------------------------------------------

NETWORK_FS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "davfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse.gvfsd-fuse",
        "fuse.s3fs",
        "fuse.davfs",
    }
)
REMOVABLE_FS = frozenset({"vfat", "msdos", "exfat", "fuse", "fuseblk", "iso9660", "udf"})


@dataclass(frozen=True)
class Medium:
    """What the meeting file sits on. ``kind``: 'local', 'removable' or 'network'."""

    kind: str
    fstype: str = ""
    mount: str = ""
    device: str = ""
    readonly: bool = False


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes (\\040...)."""
    for code, ch in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, ch)
    return field


def _removable_device(device: str, sysfs: Path) -> bool:
    """The kernel's word on a block device: removable, or reached over USB or an SD/MMC slot."""
    if not device.startswith("/dev/"):
        return False
    node = sysfs / "class" / "block" / Path(device).name
    try:
        real = node.resolve(strict=True)
    except OSError:
        return False
    disk = real.parent if (real / "partition").exists() else real
    try:
        if (disk / "removable").read_text().strip() == "1":
            return True
    except OSError:
        pass
    return "/usb" in str(real) or "/mmc" in str(real)


def probe_medium(path: Path, *, mounts: Path = Path("/proc/mounts"), sysfs: Path = Path("/sys")) -> Medium:
    """Which mount ``path`` lives on and what kind of medium that is (Linux; elsewhere 'local')."""
    try:
        table = mounts.read_text("utf-8", errors="replace")
    except OSError:
        return Medium("local")
    target = Path(os.path.abspath(path))
    with contextlib.suppress(OSError):
        target = target.resolve()
    best: tuple[str, str, str, str] | None = None
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        device, mount, fstype, options = _unescape(fields[0]), _unescape(fields[1]), fields[2], fields[3]
        inside = target == Path(mount) or Path(mount) in target.parents
        if inside and (best is None or len(mount) >= len(best[1])):
            best = (device, mount, fstype, options)  # the last, longest mount wins (as the kernel's)
    if best is None:
        return Medium("local")
    device, mount, fstype, options = best
    readonly = "ro" in options.split(",")
    if fstype in NETWORK_FS or fstype.startswith("fuse."):
        kind = "network"
    elif fstype in REMOVABLE_FS or _removable_device(device, sysfs):
        kind = "removable"
    else:
        kind = "local"
    return Medium(kind, fstype, mount, device, readonly)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that works on a read-only medium too.

    ``mode=ro`` still wants to create the WAL index beside the file; where it cannot (the
    medium is read-only) and no ``-wal`` holds unread transactions, ``immutable=1`` reads the
    file as it is. With a non-empty ``-wal`` that would silently miss the latest actions:
    refused instead.
    """
    uri = Path(os.path.abspath(path)).as_uri()
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise store_error("store.readonly_wal", path)
    with classified(path):
        conn = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, check_same_thread=True)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    return conn


class Store:
    """One open meeting, on either engine: the seam every repository and service goes through.

    Two engines stand behind it: :class:`SqliteStore` (one laptop, one file: the default) and
    :class:`desk_app.storage.pg.PgStore` (several laptops, the meeting on a pg_auto_failover
    formation). :meth:`open` picks one from the target: a ``postgresql://`` URI or a file path.
    Both give the same things: :meth:`transaction` (one serialized write transaction, yielding a
    :class:`~desk_app.storage.sql.Database`), :meth:`query` (dict rows), :meth:`on_commit`, a
    change marker or pushed notifications for the change feed, and classified errors.

    A connection belongs to the thread that opened it; another thread opens its own with
    :meth:`reopen`.
    """

    #: "sqlite" or "postgresql" (:func:`desk_app.storage.sql.engine_of` reads it).
    engine: ClassVar[str] = ""
    #: Reads outside a transaction (a transaction yields the same kind of handle).
    db: Database
    #: What to show for this meeting: the file's path, or the server's URI without a password.
    target: str
    readonly: bool = False
    notice: StoreError | None = None
    #: The meeting server's link as the store's listener sees it (:class:`desk_app.storage.pg.Link`:
    #: up or down, where, since when); None for a file, which has no connection to lose.
    link: Any = None

    def __init__(self) -> None:
        self._commit_listeners: list[Callable[[], None]] = []

    @classmethod
    def open(cls, target: str | Path, *, create: bool = False, migrate: bool = True, **options: Any) -> Store:
        """Open the meeting at ``target``: a PostgreSQL URI (the formation) or a SQLite file.

        ``create``: a new meeting may be made there (a new file; an empty server database).
        ``options`` are the engine's own (:meth:`SqliteStore.open_file`: ``allow_removable``,
        ``readonly``, ``probe``; :meth:`desk_app.storage.pg.PgStore.connect`: ``password``).
        """
        if is_server_address(target):
            from desk_app.storage.pg import PgStore  # psycopg is loaded only for a server

            return PgStore.connect(str(target), create=create, migrate=migrate, **options)
        return SqliteStore.open_file(Path(target), create=create, migrate=migrate, **options)

    # -- what both engines give --------------------------------------------------------------------
    @property
    def path(self) -> Path:
        """The meeting file; a meeting on a server has none (``store.not_a_file`` says what to do)."""
        raise store_error("store.not_a_file", self.target)

    def reopen(self) -> Store:
        """The same meeting on a new connection (for another thread)."""
        raise NotImplementedError

    def on_commit(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` after each of this connection's commits; returns the unsubscriber.

        The change feed uses it to tell the views about this process's own writes at once (other
        processes' writes it finds through :meth:`change_marker`, or :meth:`listen` where the
        engine pushes them). Listeners must be quick and must not write: they run on the
        writer's thread, right after its COMMIT returned.
        """
        self._commit_listeners.append(listener)
        return lambda: self._commit_listeners.remove(listener)

    def _committed(self) -> None:
        for listener in list(self._commit_listeners):
            listener()

    def transaction(self) -> contextlib.AbstractContextManager[Database]:
        """One write transaction, serialized with every other writer of the meeting; all or nothing."""
        raise NotImplementedError

    def snapshot(self) -> contextlib.AbstractContextManager[Store]:
        """Every read inside sees one committed state (an export, a verify) while desks write."""
        raise NotImplementedError

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """Read rows as dicts (outside or inside a transaction)."""
        raise NotImplementedError

    def change_marker(self) -> object:
        """Changes whenever anything was committed (compare with ``==``; cheap)."""
        raise NotImplementedError

    def listen(self, callback: Callable[[], None]) -> Callable[[], None] | None:
        """Have ``callback`` called (on another thread) whenever anyone commits; returns the stopper.

        None when the engine cannot push (SQLite): then poll :meth:`change_marker`.
        """
        return None

    def integrity_check(self) -> list[str]:
        """The engine's own check of its storage: an empty list means sound."""
        return []

    def confirm_replicated(self) -> None:
        """Return once everything this connection has seen is held by a second machine (the server's
        synchronous standby), so a verdict read from it may be shown as final. A file: at once."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_server_address(target: str | Path) -> bool:
    """True for a PostgreSQL URI (``--db`` then names the meeting server, not a file)."""
    return isinstance(target, str) and is_postgres_dsn(target)


class SqliteStore(Store):
    """One open meeting file: a sqlite3 connection wrapped by sqlite-utils (the one-laptop engine).

    A connection belongs to the thread that opened it; other threads and processes open their own.
    ``readonly`` stores (a read-only medium) refuse every transaction; ``notice`` then holds the
    message to show once when it is opened.
    """

    engine = "sqlite"

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        *,
        readonly: bool = False,
        notice: StoreError | None = None,
        medium: Medium | None = None,
        allow_removable: bool = False,
    ) -> None:
        super().__init__()
        self._path = path
        self.target = str(path)
        self.conn = conn
        self.db: sqlite_utils.Database = sqlite_utils.Database(conn, execute_plugins=False)
        self.readonly = readonly
        self.notice = notice
        self.medium = medium or Medium("local")
        self.allow_removable = allow_removable
        self._abspath = Path(os.path.abspath(path))
        self._identity = _identity(self._abspath)

    @property
    def path(self) -> Path:
        return self._path

    def reopen(self) -> SqliteStore:
        return SqliteStore.open_file(self._path, allow_removable=self.allow_removable)

    @classmethod
    def open_file(
        cls,
        path: Path | str,
        *,
        create: bool = False,
        migrate: bool = True,
        allow_removable: bool = False,
        readonly: bool | None = None,
        probe: Callable[[Path], Medium] | None = None,
    ) -> SqliteStore:
        """Open (or with ``create`` make) the meeting file, check it and bring the schema up to date.

        ``readonly``: True opens read-only; None (default) does so by itself on a read-only medium
        or an unwritable file or folder, with :attr:`notice` saying so. ``allow_removable``: the
        user confirmed a live meeting on removable media or a network share (refused otherwise).
        ``probe`` says what the medium is (injectable for tests; by default :func:`probe_medium`,
        looked up when called, so a test of a whole command can replace it in this module).
        """
        from desk_app.storage import migrations  # local: migrations import Store for typing only

        path = Path(path)
        if not create and not path.exists():
            raise store_error("store.missing", path)
        medium = (probe or probe_medium)(path if path.exists() else path.parent)
        folder = path.parent if str(path.parent) else Path(".")
        unwritable = (
            medium.readonly
            or (path.exists() and not os.access(path, os.W_OK))
            or (folder.exists() and not os.access(folder, os.W_OK))
        )
        if readonly or (readonly is None and unwritable and not create):
            return cls._open_readonly(path, medium, len(migrations.MIGRATIONS), notice=bool(unwritable))
        if medium.kind != "local" and not allow_removable:
            raise store_error(
                "store.removable", path, medium=T_MEDIUM[medium.kind], mount=medium.mount, fstype=medium.fstype
            )
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
            store = cls(path, conn, medium=medium, allow_removable=allow_removable)
            if migrate:
                with classified(path):
                    migrations.migrate(store)
            return store
        except BaseException:
            conn.close()
            raise

    @classmethod
    def _open_readonly(cls, path: Path, medium: Medium, known: int, *, notice: bool) -> SqliteStore:
        conn = _connect_readonly(path)
        try:
            with classified(path):
                row = conn.execute("PRAGMA quick_check").fetchone()
                if row is None or row[0] != "ok":
                    raise store_error("store.corrupt", path, detail=str(row[0] if row else "?"))
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > known:
                raise store_error("store.too_new", path, found=version, known=known)
            if version < known:
                raise store_error("store.readonly_old", path, found=version, known=known)
            message = store_error("store.opened_readonly", path) if notice else None
            return cls(path, conn, readonly=True, notice=message, medium=medium)
        except BaseException:
            conn.close()
            raise

    def still_there(self) -> None:
        """Raise ``store.vanished`` when the path no longer leads to the file that was opened."""
        if self._identity is not None and _identity(self._abspath) != self._identity:
            raise store_error("store.vanished", self.path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One ``BEGIN IMMEDIATE … COMMIT``; on any error nothing of it is kept.

        IMMEDIATE takes the write lock up front, so two desks never both read-then-write the
        same row. The block only counts as saved once COMMIT has returned and the file is still
        the one that was opened, where it was opened (see the module doc): otherwise
        ``store.vanished`` says it was not saved.
        """
        if self.readonly:
            raise store_error("store.readonly_open", self.path)
        self.still_there()
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
        self.still_there()
        self._committed()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[SqliteStore]:
        """A deferred read transaction: every read inside sees the same WAL snapshot."""
        with classified(self.path):
            self.conn.execute("BEGIN DEFERRED")
            self.conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # pins the snapshot
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")  # read-only: nothing to keep, nothing to lose

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
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
