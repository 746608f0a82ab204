"""What the export writers are given: plain, frozen data, gathered by the export service.

The writers never read the store themselves (``export`` sits beside ``storage`` and must not
import it): the service turns the meeting file into an :class:`ExportData` and the writers turn
that into files. Everything here is either a plain value or a pure domain object, so the same
data always gives the same bytes.

Votes come in as :class:`VoteExport`: the domain :class:`~desk_app.domain.vote.Vote` (snapshot,
records, rule, base, declaration, herstemming links) plus the words the agenda gives it. The
voting service builds these from its store; until then a caller can build them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desk_app.domain.tally import Option
from desk_app.domain.vote import Vote


@dataclass(frozen=True)
class MeetingInfo:
    """The meeting as published: never the token secret or the coördinator PIN."""

    name: str
    date: str  # ISO date
    place: str
    meeting_no: int
    opened_at: str | None
    register_source: str | None
    present_only: bool = True
    base: str = "abstentions_excluded"
    quorum_votes: int | None = None
    secret_person_votes: bool = False


@dataclass(frozen=True)
class MemberInfo:
    """One municipality of the register with its frozen weight."""

    code: str
    name: str
    province: str
    votes: int


class Move(StrEnum):
    IN = "in"  # a pass became active: checked in, came back, substitute, replacement
    OUT = "out"  # the holder left: no active pass any more
    UNDO = "undo"  # a check-in made in error was undone: that pass's time never was attendance


@dataclass(frozen=True)
class PresenceEvent:
    """A change of presence of one municipality, at an audit entry's time (UTC ISO).

    ``serial`` is the pass that moves (the new one for a substitute, replacement or admission):
    an undone check-in takes away exactly the time that pass was "in", not its predecessor's.
    """

    ts: str
    code: str
    move: Move
    seq: int = 0  # the audit entry: what orders the events (never ``ts``: a clock can go back)
    serial: int | None = None


@dataclass(frozen=True)
class Correction:
    """A coördinator action (override, undo, reprint, replacement, PIN change, a person admitted despite
    a pass or designation elsewhere) from the audit log."""

    seq: int
    ts: str
    desk: str
    actor: str
    action: str
    obj: str
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry exactly as chained: enough for anyone to recompute every hash."""

    seq: int
    event_id: str
    ts: str
    desk: str
    desk_seq: int
    actor: str
    action: str
    object: str
    details: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class AuditHead:
    """The result of checking the record in the store when the export was made: the chain
    recomputed and the counted tables replayed against it (``reason`` in Dutch, for the files).

    ``entries`` is also the sequence number of the head entry: together with ``head`` it is the
    anchor the export carries out of the meeting file.
    """

    ok: bool
    entries: int
    head: str
    first_bad_seq: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class VoteExport:
    """One vote for the exports: the domain vote and its names from the agenda.

    ``title`` is the agenda item's title and ``part_title`` that of the part of a split motion;
    ``option_labels`` names the options of a ballot (``Option(1)`` -> "Kandidaat A");
    ``number`` is the vote's number in the meeting, which fixes the order of the exports.
    """

    vote: Vote
    title: str
    option_labels: Mapping[Option, str] = field(default_factory=dict)
    number: int | None = None  # "stemming 3" as the chair called it; None: by opening time
    part_title: str = ""  # the title of the part of a split motion


@dataclass(frozen=True)
class ExportData:
    meeting: MeetingInfo
    members: tuple[MemberInfo, ...]
    presence: tuple[PresenceEvent, ...]
    votes: tuple[VoteExport, ...]
    corrections: tuple[Correction, ...]
    audit: tuple[AuditRecord, ...]
    audit_head: AuditHead
    #: The desk's log beside the chain: refused scans per reason code, sorted by code ...
    refused_scans: tuple[tuple[str, int], ...] = ()
    #: ... and the coördinator PIN's wrong attempts and lock-outs.
    wrong_pins: int = 0
    pin_lockouts: int = 0

    @property
    def as_of(self) -> str | None:
        """The time of the last audit entry: the moment the data describe (not the clock)."""
        return self.audit[-1].ts if self.audit else None
