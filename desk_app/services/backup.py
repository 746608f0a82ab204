"""Backups during the meeting: on demand and every few minutes, to a second folder (a USB stick).

Every backup goes through SQLite's online backup API (:func:`desk_app.storage.archive.online_backup`),
never a file copy, so it is a consistent snapshot of committed transactions even while desks and
tellers keep writing. A backup only counts once it has been checked: it is written under a
temporary name, must pass ``integrity_check`` and the audit chain, and is then renamed into place.
Only then are older backups pruned to the last ``keep``, so a failing stick never costs the good
copies already on it.

**Each backup is an anchor.** Beside ``vergadering-….sqlite`` a side file ``….head.json`` holds
the chain head of the copy (sequence number and hash) and the copy's SHA-256: a record of the
chain outside the meeting file, against which a later state of the file is checked
(``verify --against``; a rewritten or cut-off chain no longer passes through it). A copy whose
chain holds but whose tables do not match it (edited behind the app's back) is still kept, as
evidence and as the latest state, and the result says so (``record_ok``); restoring from it is
refused.

**Order is the chain, not the clock.** Backups are ordered by how far their chain reaches (then
by name), and pruning never removes the copy just made: a clock set back gives a new copy an
older-looking name, and that must not make it the one that is deleted.

Restoring is opening a backup: :func:`check_backup` reads it read-only and reports integrity,
the audit chain and the totals; :func:`restore_backup` makes a new meeting file from it (again
through the backup API) for another laptop to carry on with.

:class:`BackupScheduler` runs the automatic backups on its own thread with its own connections;
its callbacks run on that thread, so the GUI must relay them (e.g. through a queued Qt signal).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desk_app.domain.text import DeskError, Text
from desk_app.storage import archive, audit
from desk_app.storage import desk as desk_repo
from desk_app.storage import meeting as meeting_repo
from desk_app.storage.db import Store, StoreError, classify, store_error

log = logging.getLogger("stembalie.backup")

DEFAULT_INTERVAL_S = 300.0  # matches DeskSettings.backup_interval_min = 5
DEFAULT_KEEP = 12

T_BAD_BACKUP = Text(
    "De reservekopie {path} is niet in orde ({detail}) en is niet bewaard. Controleer het medium "
    "en maak een nieuwe reservekopie.",
    "The backup {path} is not sound ({detail}) and was not kept. Check the medium and make a new backup.",
)
T_TARGET_EXISTS = Text(
    "Er staat al een bestand op {path}; herstel naar een nieuw bestand.",
    "There is already a file at {path}; restore to a new file.",
)
T_FAILED = Text(
    "De reservekopie is mislukt door een interne fout ({detail}). De volgende poging volgt vanzelf; meld dit.",
    "The backup failed because of an internal error ({detail}). The next attempt follows by "
    "itself; please report this.",
)
T_KEEP = Text("Bewaar minstens één reservekopie (keep >= 1).", "Keep at least one backup (keep >= 1).")

HEAD_SUFFIX = ".head.json"  # the side file beside each backup: its chain head, an anchor
HEAD_FORMAT = "stembalie-backup-head"


@dataclass(frozen=True)
class StoreTotals:
    """What must be the same in a meeting file and in its restored backup."""

    members: int
    votes: int
    present_members: int
    present_votes: int
    passes: int
    audit_entries: int
    audit_head: str


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    integrity: list[str]  # empty = sound
    audit: audit.VerifyResult
    totals: StoreTotals | None

    @property
    def ok(self) -> bool:
        return not self.integrity and self.audit.ok


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    taken_at: str  # UTC ISO
    audit_entries: int  # also the sequence number of the head entry
    audit_head: str
    removed: tuple[Path, ...]  # older backups pruned to keep the last N
    head_path: Path | None = None  # the side file with the chain head (the anchor)
    record_ok: bool = True  # False: the copy's tables do not match its chain (see record_problem)
    record_problem: str = ""


def store_totals(store: Store) -> StoreTotals:
    """Register, presence, passes and the audit head, read in one snapshot."""
    with archive.read_snapshot(store):
        members = meeting_repo.load_members(store)
        presence = desk_repo.presence(store)
        passes = archive.row_counts(store)["passes"]
        head = audit.verify(store)
    present = [r for r in presence if r["status"] == "active"]
    return StoreTotals(
        members=len(members),
        votes=sum(m.votes for m in members),
        present_members=len(present),
        present_votes=sum(int(r["votes"]) for r in present),
        passes=passes,
        audit_entries=head.entries,
        audit_head=head.head,
    )


_UNREAD = audit.VerifyResult(False, 0, "", None, "file damaged: the audit log was not read")


def check_backup(path: Path) -> BackupCheck:
    """Open a backup read-only: SQLite's full integrity check, the audit chain, the totals."""
    store = archive.open_readonly(path)
    try:
        integrity = store.integrity_check()
        if integrity:
            return BackupCheck(Path(path), integrity, _UNREAD, None)
        return BackupCheck(Path(path), [], audit.verify(store), store_totals(store))
    except StoreError as err:  # so damaged that SQLite refuses to read it at all
        return BackupCheck(Path(path), [err.message()], _UNREAD, None)
    finally:
        store.close()


def backup_name(source: Path, when: datetime) -> str:
    """'vergadering-2024-05-24T12-03-07.123Z.sqlite': sorts by time, no ':' (Windows, FAT)."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H-%M-%S.%f")[:-3] + "Z"
    return f"{source.stem}-{stamp}.sqlite"


def _pattern(source: Path) -> re.Pattern[str]:
    return re.compile(re.escape(source.stem) + r"-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\.sqlite")


def head_path(backup: Path) -> Path:
    """'vergadering-…Z.sqlite' -> 'vergadering-…Z.head.json'."""
    return backup.with_name(backup.stem + HEAD_SUFFIX)


def backup_seq(backup: Path) -> int:
    """How far the backup's chain reaches: from its side file, else from the copy itself; -1 when
    neither can be read (a damaged copy sorts first, so it is pruned first)."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        return int(json.loads(head_path(backup).read_text("utf-8"))["seq"])
    try:
        store = archive.open_readonly(backup)
    except (StoreError, OSError):
        return -1
    try:
        return audit.head(store).seq
    except StoreError:
        return -1
    finally:
        store.close()


def list_backups(source: Path, folder: Path) -> list[Path]:
    """This meeting's backups in ``folder``, oldest first by how far their chain reaches, then by
    name (never by the clock alone); other files are left alone."""
    if not folder.is_dir():
        return []
    pattern = _pattern(Path(source))
    found = [p for p in folder.iterdir() if pattern.fullmatch(p.name)]
    return sorted(found, key=lambda p: (backup_seq(p), p.name))


def _write_head(target: Path, source: Path, check: BackupCheck, taken_at: str) -> Path:
    path = head_path(target)
    doc = {
        "format": HEAD_FORMAT,
        "seq": check.audit.entries,
        "hash": check.audit.head,
        "anchor": f"{check.audit.entries}:{check.audit.head}",
        "taken_at": taken_at,
        "source": source.name,
        "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
        "record_ok": check.audit.ok,
    }
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=2, sort_keys=True) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(partial, path)
    return path


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_now(
    source: Path, folder: Path, keep: int = DEFAULT_KEEP, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> BackupResult:
    """Take one checked backup of the meeting file ``source`` into ``folder``; keep the last ``keep``.

    Safe to call from any thread: it opens its own connections. Raises :class:`DeskError`
    (a classified store error, or ``backup.bad``) when no good backup could be made.
    """
    if keep < 1:
        raise DeskError("backup.keep", T_KEEP)
    source, folder = Path(source), Path(folder)
    when = clock()
    target = folder / backup_name(source, when)
    partial = folder / f".{target.name}.partial"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        while target.exists():  # two backups in one millisecond: never overwrite one
            when = when.replace(microsecond=(when.microsecond + 1000) % 1_000_000)
            target = folder / backup_name(source, when)
        archive.online_backup(source, partial)
        check = check_backup(partial)
        # A damaged copy or a broken chain is no backup. A sound chain whose tables were edited
        # behind it is kept (evidence, and the latest state) and reported in the result.
        if check.integrity or (not check.audit.ok and check.audit.difference is None):
            detail = "; ".join(check.integrity[:3]) or check.audit.reason
            raise DeskError("backup.bad", T_BAD_BACKUP, {"path": str(target), "detail": detail})
        taken_at = when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        os.replace(partial, target)
        side = _write_head(target, source, check, taken_at)
        _fsync_dir(folder)
        removed = []
        ordered = list_backups(source, folder)
        others = [p for p in ordered if p != target]  # the copy just made is never pruned
        for old in others[: max(0, len(others) - (keep - 1))]:
            old.unlink()
            head_path(old).unlink(missing_ok=True)
            removed.append(old)
    except OSError as exc:
        err = classify(exc, folder)
        raise (err or store_error("store.cannot_open", folder, detail=str(exc))) from exc
    finally:
        # Whatever went wrong, a half-written copy must not stay behind looking like a backup.
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    assert check.totals is not None
    log.info("backup %s: %d audit entries, head %s", target.name, check.audit.entries, check.audit.head[:12])
    if not check.audit.ok:
        log.warning("backup %s: the record does not hold: %s", target.name, check.audit.reason)
    return BackupResult(
        path=target,
        size=target.stat().st_size,
        taken_at=taken_at,
        audit_entries=check.audit.entries,
        audit_head=check.audit.head,
        removed=tuple(removed),
        head_path=side,
        record_ok=check.audit.ok,
        record_problem=check.audit.reason,
    )


def restore_backup(backup: Path, target: Path) -> BackupCheck:
    """Make a new meeting file ``target`` from ``backup`` (backup API again) and check it."""
    backup, target = Path(backup), Path(target)
    if target.exists():
        raise DeskError("backup.target_exists", T_TARGET_EXISTS, {"path": str(target)})
    source = check_backup(backup)
    if not source.ok:
        detail = "; ".join(source.integrity[:3]) or source.audit.reason
        raise DeskError("backup.bad", T_BAD_BACKUP, {"path": str(backup), "detail": detail})
    target.parent.mkdir(parents=True, exist_ok=True)
    archive.online_backup(backup, target)
    # Back to WAL, schema checked as for any meeting file. Not opened as a live meeting here:
    # whoever opens it to carry on is told if it sits on removable media.
    with Store.open(target, allow_removable=True) as store:
        chain = audit.verify(store)
        return BackupCheck(target, store.integrity_check(), chain, store_totals(store))


class BackupScheduler:
    """Automatic backups every ``interval_s`` seconds on a worker thread, plus ``request()``.

    ``on_done`` / ``on_error`` are called on the worker thread after each attempt. A failing
    attempt (stick pulled out, disk full) is reported and retried at the next interval; it never
    stops the scheduler.
    """

    def __init__(
        self,
        source: Path,
        folder: Path,
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
        keep: int = DEFAULT_KEEP,
        on_done: Callable[[BackupResult], None] | None = None,
        on_error: Callable[[DeskError], None] | None = None,
        first_at_start: bool = True,
    ) -> None:
        if keep < 1:
            raise DeskError("backup.keep", T_KEEP)
        self.source = Path(source)
        self.folder = Path(folder)
        self.interval_s = interval_s
        self.keep = keep
        self.on_done = on_done
        self.on_error = on_error
        self.first_at_start = first_at_start
        self.last_result: BackupResult | None = None
        self.last_error: DeskError | None = None
        self.runs = 0
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="stembalie-backup", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Take a backup now, on the worker thread (the caller does not wait)."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the backup in progress, if any; waits at most ``timeout`` seconds."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run_once(self) -> BackupResult | None:
        """One attempt, reported through the callbacks; returns the result or None on failure."""
        self.runs += 1
        try:
            result = backup_now(self.source, self.folder, self.keep)
        except Exception as exc:
            if isinstance(exc, DeskError):
                err = exc
                log.warning("backup to %s failed: %s", self.folder, err.code)
            else:  # a bug: keep the traceback in the log, tell the desk in plain words
                log.exception("backup to %s failed", self.folder)
                err = DeskError("backup.failed", T_FAILED, {"detail": f"{type(exc).__name__}: {exc}"})
            self.last_error = err
            if self.on_error:
                self.on_error(err)
            return None
        self.last_result, self.last_error = result, None
        if self.on_done:
            self.on_done(result)
        return result

    def _run(self) -> None:
        if self.first_at_start and not self._stop.is_set():
            self.run_once()
        while not self._stop.is_set():
            self._wake.wait(self.interval_s)
            self._wake.clear()
            if self._stop.is_set():
                break
            self.run_once()
