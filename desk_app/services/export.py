"""Export use case: read the meeting file once, consistently, and hand plain data to the writers.

The service reads everything inside one read snapshot, so an export made while desks are still
working describes one moment: every count, row and the audit head belong together. The files
themselves are written by :mod:`desk_app.export` from an :class:`ExportData`.

Votes come from a ``votes`` callable returning :class:`VoteExport` objects, called inside the
same snapshot: by default :func:`stored_votes` reads them from the meeting file; tests and other
sources can pass their own.

**A record that does not hold is not exported.** The export checks the whole record first (the
chain recomputed and the counted tables replayed against it, :func:`desk_app.storage.audit.verify`)
and refuses when it does not hold, naming the first difference; that is an incident, not
something to publish. Told ``despite_integrity_failure=True`` (the CLI's
``--despite-integrity-failure``) it exports anyway and every file carries the mark
``INTEGRITEITSFOUT`` (:mod:`desk_app.export.writer`), which ``verify-export`` never passes.

A coördinator's free-text reason is in the chain only as a salted hash; the proces-verbaal shows
the text kept beside the chain, or "(gewist)" after the erasure.

Presence comes from the audit entries in sequence order; the entries' times are shown, never
used to order (a clock set back during the meeting must not make a departure come first).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from desk_app.domain.text import DeskError, Text
from desk_app.export.model import (
    AuditHead,
    AuditRecord,
    Correction,
    ExportData,
    MeetingInfo,
    MemberInfo,
    Move,
    PresenceEvent,
    VoteExport,
)
from desk_app.export.verify import Problem, undeclared, verify_public_export
from desk_app.export.writer import ExportResult, build_files, write_export
from desk_app.services.desk import DeskService
from desk_app.services.integrity import describe
from desk_app.services.meeting import Actor
from desk_app.storage import audit
from desk_app.storage import meeting as meeting_repo
from desk_app.storage import votes as votes_repo
from desk_app.storage.archive import REASON_FIELDS, personal_values, read_snapshot
from desk_app.storage.db import Store

# Which audit actions change whether a municipality is present (the object is its code), and
# which detail names the pass that moves.
PRESENCE_MOVES: dict[str, tuple[Move, str]] = {
    "checkin": (Move.IN, "serial"),
    "checkin.override": (Move.IN, "new"),  # the old pass voided, a new one active: still present
    "pass.substitute": (Move.IN, "new"),
    "pass.replace_lost": (Move.IN, "new"),
    "pass.return": (Move.IN, "serial"),
    "pass.leave": (Move.OUT, "serial"),
    "checkin.undo": (Move.UNDO, "serial"),  # a check-in made in error: never attendance
}


def _serial(details: Mapping[str, Any], key: str) -> int | None:
    value = details.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


T_NO_MEETING = Text("Dit bestand bevat geen vergadering.", "This file holds no meeting.")
T_INTEGRITY = Text(
    "Er is niets geëxporteerd: het vergaderbestand klopt niet met zijn logboek. {detail} Behandel "
    "dit als incident: laat het bestand zoals het is, meld het aan de coördinator en vergelijk met "
    "de laatste reservekopie. Alleen als u toch wilt exporteren: --despite-integrity-failure (elk "
    "bestand krijgt dan de markering INTEGRITEITSFOUT).",
    "Nothing was exported: the meeting file does not match its audit log. {detail} Treat this as "
    "an incident: leave the file as it is, tell the coordinator and compare with the latest "
    "backup. Only if you must export anyway: --despite-integrity-failure (every file is then "
    "marked INTEGRITEITSFOUT).",
)

VoteSource = Callable[[Store], Sequence[VoteExport]]
ERASED = "(gewist)"


def _readable(seq: int, details: Mapping[str, Any], reasons: Mapping[tuple[int, str], str]) -> dict[str, Any]:
    """A coördinator action's details for the proces-verbaal: a free-text reason is in the chain only
    as its salted hash (it may name a person, issue 12.9); the text comes from beside the chain,
    '(gewist)' once erased. ``audit.jsonl`` keeps the hashes."""
    out = dict(details)
    for field in REASON_FIELDS:
        value = out.get(field)
        if isinstance(value, str) and value.startswith("sha256:"):
            out[field] = reasons.get((seq, field), ERASED)
    return out


def stored_votes(store: Store) -> list[VoteExport]:
    """Every vote in the meeting file, with its agenda title and ballot labels, by number."""
    agenda = votes_repo.load_agenda(store)
    out = []
    for row in votes_repo.list_votes(store):
        vote = votes_repo.load_vote(store, row.id)
        assert vote is not None, "list_votes and load_vote read the same snapshot"
        title, part_title, labels = row.item, "", {}
        if agenda is not None and row.item in agenda:
            item = agenda.item(row.item)
            title, labels = item.title, item.option_labels()
            if row.part is not None and row.part in {p.key for p in item.parts}:
                part_title = item.part(row.part).title
        out.append(VoteExport(vote, title, labels, row.number, part_title))
    return out


class ExportService:
    """Build :class:`ExportData` from a meeting file and write or check export folders."""

    def __init__(self, store: Store, votes: VoteSource = stored_votes) -> None:
        self.store = store
        self.votes = votes

    def collect(self) -> ExportData:
        with read_snapshot(self.store):
            m = meeting_repo.load_meeting(self.store)
            if m is None:
                raise DeskError("meeting.missing", T_NO_MEETING)
            members = tuple(
                MemberInfo(x.code, x.name, x.province, x.votes) for x in meeting_repo.load_members(self.store)
            )
            entries = audit.entries(self.store)
            head = audit.verify(self.store)
            desk = DeskService(self.store, Actor("export", "export"))
            actions = desk.supervisor_actions()
            refused = tuple(sorted(desk.refused_scans().items()))
            reasons = personal_values(self.store)  # the reasons behind their hashes, where not erased
            pin_log = [kind for _, _, kind in desk.pin_log()]
            votes = tuple(self.votes(self.store))
        records = []
        prev = audit.GENESIS
        for e in entries:
            records.append(
                AuditRecord(
                    e.seq, e.event_id, e.ts, e.desk, e.desk_seq, e.actor, e.action, e.object, e.details, prev, e.hash
                )
            )
            prev = e.hash
        presence = tuple(
            PresenceEvent(
                e.ts, e.object, PRESENCE_MOVES[e.action][0], e.seq, _serial(e.details, PRESENCE_MOVES[e.action][1])
            )
            for e in entries
            if e.action in PRESENCE_MOVES
        )
        s = m.settings
        return ExportData(
            meeting=MeetingInfo(
                name=m.name,
                date=m.date,
                place=m.place,
                meeting_no=m.meeting_no,
                opened_at=m.opened_at,
                register_source=m.register_source,
                present_only=s.present_only,
                base=s.base,
                quorum_votes=s.quorum_votes,
                secret_person_votes=s.secret_person_votes,
            ),
            members=members,
            presence=presence,
            votes=votes,
            corrections=tuple(
                Correction(a.seq, a.ts, a.desk, a.actor, a.action, a.object, _readable(a.seq, a.details, reasons))
                for a in actions
            ),
            audit=tuple(records),
            # The reason goes into the (Dutch) files: rendered in Dutch whatever the reader's language.
            audit_head=AuditHead(
                head.ok, head.entries, head.head, head.first_bad_seq, "" if head.ok else describe(head, "nl")
            ),
            refused_scans=refused,
            wrong_pins=pin_log.count("pin.wrong"),
            pin_lockouts=pin_log.count("pin.locked"),
        )

    def checked(self, *, despite_integrity_failure: bool = False) -> ExportData:
        """:meth:`collect`, refused (``export.integrity``) when the record does not hold, unless told."""
        data = self.collect()
        if not data.audit_head.ok and not despite_integrity_failure:
            with read_snapshot(self.store):
                result = audit.verify(self.store)
            raise DeskError("export.integrity", T_INTEGRITY, {"detail": describe(result)})
        return data

    def export(self, folder: Path, *, despite_integrity_failure: bool = False) -> ExportResult:
        """Write the export folder (needs a ``QGuiApplication`` for the PDF); see the module doc
        for a record that does not hold."""
        return write_export(self.checked(despite_integrity_failure=despite_integrity_failure), Path(folder))

    def files(self, *, despite_integrity_failure: bool = False) -> dict[str, bytes]:
        """The export files in memory, e.g. for a preview (refused like :meth:`export`)."""
        return build_files(self.checked(despite_integrity_failure=despite_integrity_failure))


def verify_export(folder: Path) -> list[Problem]:
    """Recompute a published export from its files alone (see :mod:`desk_app.export.verify`)."""
    return verify_public_export(folder)


def undeclared_in_export(folder: Path) -> list[Problem]:
    """The votes an export shows as closed and never declared: named, not failed."""
    return undeclared(folder)
