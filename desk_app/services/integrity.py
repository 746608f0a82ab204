"""Is the record whole? The meeting file's own check, and anchors kept elsewhere held against it.

:func:`verify_meeting` is what ``desk-app verify [--against BACKUP|EXPORT|HEAD]`` runs: the audit
chain recomputed, the counted tables replayed against it (:mod:`desk_app.storage.integrity`),
SQLite's integrity check, and, for each anchor presented, whether the file's chain still passes
through it. An anchor is

* a **backup** (``vergadering-….sqlite``, or its ``.head.json`` side file): its whole chain must
  be the first part of the file's chain;
* an **export** folder (or its ``meeting.json`` / ``manifest.sha256``): the head it published;
* a **head** copied by hand: ``SEQ:HASH`` (at least 8 hex digits), as the proces-verbaal and the
  stempas print it.

A rewritten chain (an entry changed and every later hash recomputed) gives another hash at the
anchor's number; a chain cut short ends before it. Neither can be seen from the file alone.

**A record that does not hold stops the writing.** :func:`check_record` is the check a desk runs
when it starts (the window at start and after every closed vote, the command line before every
command that writes): the file's own check, with the newest backup of this desk as an anchor. Its
outcome goes to the process's one :class:`RecordGuard` (the :class:`~desk_app.session.Session`
gives the same guard to the desk and the voting service): while the last check failed, issuing
passes and recording votes are refused with a message for the coördinator.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desk_app.domain.text import DeskError, Text, log_entries
from desk_app.services.backup import HEAD_SUFFIX, head_path, list_backups
from desk_app.storage import audit, integrity
from desk_app.storage.archive import open_readonly, read_snapshot
from desk_app.storage.db import Store, StoreError

__all__ = [
    "IntegrityReport",
    "RecordCheck",
    "RecordGuard",
    "T_CHAIN",
    "T_TABLE",
    "anchors_from",
    "check_record",
    "check_record_at",
    "describe",
    "head_anchor",
    "verify_meeting",
]

log = logging.getLogger("stembalie.integrity")

T_CHAIN = Text(
    "Het logboek is gebroken bij regel {seq}: {reason}.",
    "The audit log is broken at entry {seq}: {reason}.",
)
T_TABLE = Text(
    "Tabel {table}, {key}: {field} is {found}, maar het logboek zegt {expected} ({where}).",
    "Table {table}, {key}: {field} is {found}, but the audit log says {expected} ({where}).",
)
T_ENTRY = Text("regel {seq}", "entry {seq}")
T_NO_ENTRY = Text("zonder regel in het logboek", "without an audit entry")
T_HOLDS = Text(
    "Logboek klopt: {entries}, kop {head}; alle tabellen kloppen met het logboek.",
    "Audit log holds: {entries}, head {head}; every table matches the audit log.",
)
T_CHAIN_ONLY = Text(
    "Logboek klopt: {entries}, kop {head} (vergadering van vóór de tabelcontrole: alleen het logboek is nagerekend).",
    "Audit log holds: {entries}, head {head} (a meeting from before the table check: only the "
    "audit log was recomputed).",
)
T_CUT = Text(
    "Het logboek eindigt bij regel {found}, maar {source} noemt regel {seq}: er zijn regels afgeknipt.",
    "The audit log ends at entry {found}, but {source} names entry {seq}: entries were cut off.",
)
T_REHASHED = Text(
    "Regel {seq} heeft hash {found}…, maar {source} zegt {expected}…: het logboek is herschreven{first}.",
    "Entry {seq} has hash {found}…, but {source} says {expected}…: the audit log was rewritten{first}.",
)
T_FIRST = Text(" vanaf regel {seq}", " from entry {seq} on")
T_ANCHOR_OK = Text("Regel {seq} klopt met {source}.", "Entry {seq} matches {source}.")
T_NOT_AN_ANCHOR = Text(
    "{source} bevat geen kophash die te lezen is ({detail}). Geef een reservekopie, een exportmap of "
    "een kop als 123:9f86d081884c.",
    "{source} holds no head that can be read ({detail}). Give a backup, an export folder or a head "
    "such as 123:9f86d081884c.",
)
T_DAMAGED = Text("Bestand beschadigd: {detail}.", "File damaged: {detail}.")
T_INCIDENT = Text(
    "Behandel dit als incident: laat het bestand zoals het is, meld het aan de coördinator en "
    "vergelijk met de laatste reservekopie (desk-app verify --against <reservekopie>).",
    "Treat this as an incident: leave the file as it is, tell the coordinator and compare with the "
    "latest backup (desk-app verify --against <backup>).",
)


@dataclass(frozen=True)
class IntegrityReport:
    """The file's own check and every anchor held against it. ``ok`` only when all of it holds."""

    chain: audit.VerifyResult
    head: audit.ChainHead
    damage: tuple[str, ...] = ()  # SQLite's integrity check (empty: sound)
    anchors: tuple[integrity.AnchorCheck, ...] = ()
    unreadable: tuple[DeskError, ...] = ()  # anchors that could not be read

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.damage and all(a.ok for a in self.anchors) and not self.unreadable

    def lines(self, lang: str | None = None) -> list[str]:
        """What to tell the user, one sentence a line: the file first, then each anchor."""
        out = [T_DAMAGED.render(lang, detail="; ".join(self.damage[:5]))] if self.damage else []
        out.append(describe(self.chain, lang))
        out += [describe_anchor(a, lang) for a in self.anchors]
        out += [err.message(lang) for err in self.unreadable]
        if not self.ok:
            out.append(T_INCIDENT.render(lang))
        return out


def describe(result: audit.VerifyResult, lang: str | None = None) -> str:
    """The verdict of :func:`desk_app.storage.audit.verify` in words (Dutch or English)."""
    if result.ok:
        text = T_HOLDS if result.replayed else T_CHAIN_ONLY
        return text.render(lang, entries=log_entries(result.entries), head=result.head)
    d = result.difference
    if d is None:
        return T_CHAIN.render(lang, seq=result.first_bad_seq, reason=result.reason)
    where = T_ENTRY.render(lang, seq=d.seq) if d.seq is not None else T_NO_ENTRY.render(lang)
    return T_TABLE.render(
        lang, table=d.table, key=d.key, field=d.field, found=d.found, expected=d.expected, where=where
    )


def describe_anchor(check: integrity.AnchorCheck, lang: str | None = None) -> str:
    source = check.anchor.source or check.anchor.text()
    if check.kind == "cut":
        return T_CUT.render(lang, found=check.found_seq, source=source, seq=check.anchor.seq)
    if check.kind == "rehashed":
        first = T_FIRST.render(lang, seq=check.first_differing_seq) if check.first_differing_seq else ""
        return T_REHASHED.render(
            lang,
            seq=check.anchor.seq,
            found=check.found_hash[:12],
            expected=check.anchor.hash[:12],
            source=source,
            first=first,
        )
    return T_ANCHOR_OK.render(lang, seq=check.anchor.seq, source=source)


def head_anchor(store: Store) -> str:
    """``SEQ:HASH`` of the chain head as stored: for a stempas, a note, another desk."""
    return audit.head(store).text()


# --- reading anchors ------------------------------------------------------------------------------------


def _not_an_anchor(source: str, detail: object) -> DeskError:
    return DeskError("integrity.not_an_anchor", T_NOT_AN_ANCHOR, {"source": source, "detail": detail})


def _export_anchor(folder: Path) -> integrity.Anchor:
    meeting = folder / "meeting.json"
    try:
        doc = json.loads(meeting.read_text("utf-8"))
        return integrity.Anchor(int(doc["audit"]["entries"]), str(doc["audit"]["head"]), f"export {folder}")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _not_an_anchor(str(folder), f"meeting.json: {exc}") from exc


def _backup_side_anchor(path: Path) -> integrity.Anchor:
    try:
        doc = json.loads(path.read_text("utf-8"))
        return integrity.Anchor(int(doc["seq"]), str(doc["hash"]), f"reservekopie {path.name}")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _not_an_anchor(str(path), str(exc)) from exc


def anchors_from(against: Path | str) -> list[integrity.Anchor | Path]:
    """What ``against`` names: anchors, or a backup file whose whole chain is held against the file."""
    text = str(against)
    head = integrity.parse_anchor(text, f"kop {text.strip()}")
    if head is not None:
        return [head]
    path = Path(against)
    if path.is_dir():
        return [_export_anchor(path)]
    if path.name == "meeting.json" or path.name == "manifest.sha256":
        return [_export_anchor(path.parent)]
    if path.name.endswith(HEAD_SUFFIX):
        return [_backup_side_anchor(path)]
    if path.is_file():
        side = head_path(path)
        return [path, *([_backup_side_anchor(side)] if side.is_file() else [])]
    raise _not_an_anchor(text, "geen bestand, map of SEQ:HASH")


def _check_backup(store: Store, path: Path) -> integrity.AnchorCheck:
    try:
        backup = open_readonly(path)
    except StoreError as err:
        raise _not_an_anchor(str(path), err) from err
    try:
        own = audit.verify_chain(backup)
        if not own.ok:  # a damaged backup is no anchor: say so rather than compare with it
            raise _not_an_anchor(str(path), f"het logboek van de reservekopie zelf klopt niet: {own.reason}")
        return integrity.compare_with_backup(store, backup, f"reservekopie {path.name}")
    except StoreError as err:
        raise _not_an_anchor(str(path), err) from err
    finally:
        backup.close()


def verify_meeting(store: Store, against: Path | str | Sequence[Path | str] | None = None) -> IntegrityReport:
    """The whole check of an open meeting file, and of each anchor in ``against`` (see module doc)."""
    with read_snapshot(store):
        chain = audit.verify(store)
        head = audit.head(store)
        checks: list[integrity.AnchorCheck] = []
        unreadable: list[DeskError] = []
        for item in _items(against):
            try:
                for anchor in anchors_from(item):
                    if isinstance(anchor, Path):
                        checks.append(_check_backup(store, anchor))
                    else:
                        checks.append(integrity.check_anchor(store, anchor))
            except DeskError as err:
                unreadable.append(err)
    damage = tuple(store.integrity_check())
    return IntegrityReport(chain, head, damage, tuple(checks), tuple(unreadable))


def _items(against: Path | str | Sequence[Path | str] | None) -> Iterable[Path | str]:
    if against is None:
        return ()
    if isinstance(against, (str, Path)):
        return (against,)
    return against


# -- the desk's check: does the record still hold? ------------------------------------------------------


@dataclass(frozen=True)
class RecordCheck:
    """The desk's check of the meeting file: does the record still hold?"""

    ok: bool
    detail: str = ""  # the first difference, in the desk's language ("" when it holds)
    lines: tuple[str, ...] = ()  # the whole report, for the coördinator and the log
    anchor: str = ""  # the backup held against the file, if any


class RecordGuard:
    """The outcome of this process's last record check, shared by every service that writes.

    One per :class:`~desk_app.session.Session`: the desk window's check (on a worker, told to the
    desk service) and the command line's check (before a command that writes) land here, and the
    desk and the voting service both read it, so a record found broken stops issuing and voting
    alike. A check that holds again lifts the stop.
    """

    def __init__(self) -> None:
        #: The last check, if it failed (None: it held, or no check has run yet).
        self.failed: RecordCheck | None = None

    def checked(self, check: RecordCheck, where: str = "") -> RecordCheck:
        """Take the outcome of a check: a failure stops the writing, a check that holds resumes it."""
        if not check.ok:
            log.error("record check failed%s: %s", f" at {where}" if where else "", check.detail)
        self.failed = None if check.ok else check
        return check


def check_record(store: Store, backup_folder: Path | None = None, lang: str = "nl") -> RecordCheck:
    """Is the record whole? The meeting file's own check, and its newest backup in ``backup_folder``
    (if any) held against it as an anchor; the first difference in ``lang``.

    An anchor that cannot be read (a damaged backup) is reported in ``lines`` but is no failure:
    it says nothing about the meeting file.
    """
    against = list_backups(store.path, Path(backup_folder))[-1:] if backup_folder is not None else []
    report = verify_meeting(store, against)
    detail = ""
    if report.damage:
        detail = "; ".join(report.damage[:3])
    elif not report.chain.ok:
        detail = describe(report.chain, lang)
    else:
        bad = next((a for a in report.anchors if not a.ok), None)
        if bad is not None:
            detail = describe_anchor(bad, lang)
    return RecordCheck(not detail, detail.rstrip(". "), tuple(report.lines(lang)), str(against[0]) if against else "")


def check_record_at(path: Path | str, backup_folder: Path | None = None, lang: str = "nl") -> RecordCheck:
    """:func:`check_record` on a connection of its own: for a worker thread (a connection belongs to
    the thread that opened it). ``path``: the meeting file, or the meeting server's URI. On a full
    day the check takes about a tenth of a second."""
    with Store.open(path) as store:
        return check_record(store, backup_folder, lang)
