"""The life of one vote, as a pure state machine: open -> record -> close -> declare.

* **Open** takes a snapshot: the passes active at that moment, each with its municipality and
  weight. Only they may vote in this vote, however attendance changes afterwards.
* **Record** appends to the history. Before the close a municipality may change its choice:
  the last one counts, every earlier one stays in the history.
* **Close** ends recording; after it nothing about the choices changes.
* **Declare** keeps the chair's declared result (BW 2:13: it decides) apart from the computed
  tally; they may differ, and :meth:`Vote.declaration_differs` says so.
* **Herstemming** (:meth:`Vote.rerun`): a contested result gets a new vote that supersedes the
  first; the first is kept, linked both ways.
* **Acclamation** (:func:`acclaim`): decided without per-member votes; there is no tally.
* **Secret** votes (persons only): the history says who took part, never what they chose; only
  the totals per choice exist, and a choice cannot be changed once recorded (the change would
  need the earlier choice, which is not kept).
* **A pass that took over** (:meth:`Vote.pass_voter`): the snapshot names municipalities; a
  substitute's pass or a lost pass's replacement issued after the opening votes for its
  municipality, as long as it is the municipality's live pass now. The municipality counts once.
* **What may happen now** (:func:`permissions`): for the chair's buttons and keys, which
  lifecycle action is allowed and, if not, why — and which need a question first (a vote on an
  item that was already decided is a herstemming).

A :class:`Vote` is immutable: every transition returns a new one, and refusals raise
:class:`DeskError` with codes such as ``vote.closed`` and ``vote.not_in_snapshot``. Times are
given by the caller (ISO strings), so the domain never reads a clock.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from desk_app.domain.checkin import PASS_STATUS
from desk_app.domain.register import ImportRefused, Problem, decode_text, read_rows
from desk_app.domain.tally import (
    MATTER_CHOICES,
    SIMPLE_MAJORITY,
    BallotMethod,
    Base,
    Cast,
    Count,
    Option,
    Quorum,
    Rule,
    Tally,
    choice_label,
    parse_choice,
    tally,
    tally_counts,
)
from desk_app.domain.text import DeskError, Text


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    DECLARED = "declared"


class Method(StrEnum):
    RECORDED = "recorded"  # per-member choices
    ACCLAMATION = "acclamation"  # no per-member choices, no tally


class Subject(StrEnum):
    """What the vote is on: usually the item; also the item as amended, or the board's advice."""

    ITEM = "item"
    AS_AMENDED = "as_amended"
    PREADVIES = "preadvies"


SUBJECT_LABELS: Mapping[Subject, Text] = {
    Subject.ITEM: Text("stemming over het voorstel", "vote on the proposal"),
    Subject.AS_AMENDED: Text("stemming over het voorstel zoals geamendeerd", "vote on the proposal as amended"),
    Subject.PREADVIES: Text("stemming over het preadvies van het bestuur", "vote on the board's advice"),
}

_T: dict[str, Text] = {
    "vote.closed": Text(
        "De stemming is gesloten: er kan geen keuze meer worden vastgelegd of gewijzigd.",
        "The vote is closed: no choice can be recorded or changed any more.",
    ),
    "vote.already_closed": Text("De stemming is al gesloten.", "The vote is already closed."),
    "vote.not_in_snapshot": Text(
        "Gemeente {code} mag niet meestemmen: zij was niet aanwezig met een actieve stempas toen "
        "de stemming werd geopend.",
        "Municipality {code} may not vote: it was not present with an active voting pass when the vote was opened.",
    ),
    "vote.pass_not_in_snapshot": Text(
        "Stempas {pass_id} mag niet meestemmen: deze pas was niet actief toen de stemming werd geopend.",
        "Voting pass {pass_id} may not vote: the pass was not active when the vote was opened.",
    ),
    "vote.pass_mismatch": Text(
        "Stempas {pass_id} hoort bij deze stemming niet bij {code}.",
        "In this vote, voting pass {pass_id} does not belong to {code}.",
    ),
    "vote.no_voter": Text("Geef een stempas of een gemeentecode op.", "Give a voting pass or a municipality code."),
    "vote.choice_invalid": Text(
        "Keuze '{choice}' hoort niet bij deze stemming (mogelijk: {allowed}).",
        "Choice '{choice}' does not belong to this vote (allowed: {allowed}).",
    ),
    "vote.secret_final": Text(
        "Bij een geheime stemming kan een uitgebrachte stem niet worden gewijzigd ({code}).",
        "In a secret vote a choice cannot be changed once cast ({code}).",
    ),
    "vote.acclamation": Text(
        "Deze beslissing is bij acclamatie genomen: er worden geen stemmen per lid vastgelegd.",
        "This decision was taken by acclamation: no votes per member are recorded.",
    ),
    "vote.not_closed": Text(
        "Sluit eerst de stemming; pas daarna kan de uitslag worden vastgesteld.",
        "Close the vote first; only then can the result be declared.",
    ),
    "vote.already_declared": Text(
        "De uitslag van deze stemming is al vastgesteld; bij bezwaar volgt een herstemming.",
        "The result of this vote has already been declared; if contested, hold a new vote.",
    ),
    "vote.still_open": Text(
        "De stemming is nog open; sluit haar voordat er een herstemming wordt gehouden.",
        "The vote is still open; close it before holding a new vote.",
    ),
    "vote.superseded": Text(
        "Deze stemming is vervangen door herstemming {by}; werk met die stemming verder.",
        "This vote was superseded by new vote {by}; continue with that one.",
    ),
    "vote.declared_winner": Text(
        "De vastgestelde keuze '{choice}' hoort niet bij deze stemming.",
        "The declared choice '{choice}' does not belong to this vote.",
    ),
    "vote.snapshot_duplicate": Text(
        "{code} staat twee keer in de lijst van stemgerechtigden (stempassen {passes}).",
        "{code} appears twice in the list of those entitled to vote (voting passes {passes}).",
    ),
    "vote.snapshot_weight": Text(
        "{code} heeft geen geldig stemgewicht; de stemming kan niet worden geopend.",
        "{code} has no valid weight; the vote cannot be opened.",
    ),
    "vote.pass_inactive": Text(
        "Stempas {pass_id} ({code}) is {status_nl}: met deze pas kan nu niet worden gestemd; "
        "deze stem wordt niet vastgelegd.",
        "Voting pass {pass_id} ({code}) is {status_en}: this pass cannot vote now; this vote is not recorded.",
    ),
}


def _refuse(error: str, /, **params: object) -> DeskError:
    return DeskError(error, _T[error], dict(params))


@dataclass(frozen=True)
class Voter:
    """One entry of the snapshot: a pass active at the opening, its municipality and weight.

    ``pass_id`` is None when the meeting lets absent members vote ("present only" off) and
    the snapshot is the register itself.
    """

    pass_id: int | None
    code: str
    weight: int


@dataclass(frozen=True)
class Record:
    """One recorded choice; ``choice`` is None in a secret vote (participation only)."""

    seq: int
    code: str
    pass_id: int | None
    choice: Cast | None
    at: str = ""
    source: str = ""  # how it was recorded: scan, grid, import...
    event_id: str | None = None  # makes recording idempotent across desks


@dataclass(frozen=True)
class Declaration:
    """The chair's declared result. ``winner`` names the chosen option of a ballot."""

    adopted: bool
    statement: str = ""  # the chair's words, e.g. "aangenomen met 98,81%"
    winner: Option | None = None
    at: str = ""


@dataclass(frozen=True)
class HeldPass:
    """A stempas as the desk knows it now: its municipality and its status.

    ``status`` is the desk's word: active (present), away (left, pass handed in), returned
    (a substitute took over), replaced (lost, reissued) or undone. A pass is *live* while it is
    active or away: at most one per municipality.
    """

    serial: int
    code: str
    status: str

    @property
    def live(self) -> bool:
        return self.status in ("active", "away")

    @property
    def present(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class Vote:
    id: str
    item: str
    part: str | None
    eligible: Mapping[str, Voter]  # by municipality code: the snapshot at the opening
    register: Count  # the whole register then, for attendance
    options: tuple[Cast, ...] = MATTER_CHOICES
    rule: Rule = SIMPLE_MAJORITY
    base: Base = Base.ABSTENTIONS_EXCLUDED
    quorum: Quorum | None = None
    ballot_method: BallotMethod = BallotMethod.MAJORITY
    secret: bool = False
    subject: Subject = Subject.ITEM
    method: Method = Method.RECORDED
    status: Status = Status.OPEN
    records: tuple[Record, ...] = ()
    secret_totals: Mapping[Cast, Count] = field(default_factory=dict)
    opened_at: str = ""
    closed_at: str | None = None
    declaration: Declaration | None = None
    supersedes: str | None = None
    superseded_by: str | None = None

    # --- reading ------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    @property
    def by_pass(self) -> dict[int, Voter]:
        return {v.pass_id: v for v in self.eligible.values() if v.pass_id is not None}

    def choices(self) -> dict[str, Cast]:
        """The choice that counts per municipality: the last one recorded (public votes)."""
        last: dict[str, Cast] = {}
        for r in self.records:
            if r.choice is not None:
                last[r.code] = r.choice
        return last

    def voted(self) -> set[str]:
        return {r.code for r in self.records}

    def history(self, code: str) -> list[Record]:
        return [r for r in self.records if r.code == code]

    def tally(self) -> Tally | None:
        """The computed result now (live while open); None for a decision by acclamation."""
        if self.method is Method.ACCLAMATION:
            return None
        weights = {c: v.weight for c, v in self.eligible.items()}
        if self.secret:
            return tally_counts(
                self.secret_totals,
                Count(len(weights), sum(weights.values())),
                self.rule,
                self.base,
                options=self.options,
                register=self.register,
                quorum=self.quorum,
                ballot_method=self.ballot_method,
            )
        return tally(
            self.choices(),
            weights,
            set(weights),
            self.rule,
            self.base,
            options=self.options,
            register=self.register,
            quorum=self.quorum,
            ballot_method=self.ballot_method,
        )

    def declaration_differs(self) -> bool | None:
        """True when the chair declared otherwise than computed; None before a declaration."""
        if self.declaration is None:
            return None
        result = self.tally()
        if result is None:
            return False  # acclamation: the declaration is the only result there is
        if result.is_ballot:
            return self.declaration.winner != (result.winner if result.adopted else None)
        return self.declaration.adopted != result.adopted

    # --- transitions --------------------------------------------------------------------

    def has_event(self, event_id: str) -> bool:
        """True when a record with this event id is already in the history."""
        return any(r.event_id == event_id for r in self.records)

    def ensure_recordable(self) -> None:
        """Refuse (``vote.acclamation``, ``vote.superseded``, ``vote.closed``) unless open."""
        if self.method is Method.ACCLAMATION:
            raise _refuse("vote.acclamation")
        if self.superseded_by is not None:
            raise _refuse("vote.superseded", by=self.superseded_by)
        if self.status is not Status.OPEN:
            raise _refuse("vote.closed")

    def voter(self, *, pass_id: int | None = None, code: str | None = None) -> Voter:
        """The snapshot entry for a pass and/or a municipality, or ``vote.not_in_snapshot``."""
        if pass_id is None and code is None:
            raise _refuse("vote.no_voter")
        if pass_id is not None:
            voter = self.by_pass.get(pass_id)
            if voter is None:
                # One code for both ways of naming the voter: callers react to "not in the
                # snapshot", the text names what the teller actually scanned or typed.
                raise DeskError("vote.not_in_snapshot", _T["vote.pass_not_in_snapshot"], {"pass_id": pass_id})
            if code is not None and voter.code != code:
                raise _refuse("vote.pass_mismatch", pass_id=pass_id, code=code)
            return voter
        assert code is not None
        voter = self.eligible.get(code)
        if voter is None:
            raise _refuse("vote.not_in_snapshot", code=code)
        return voter

    def pass_voter(self, held: HeldPass, *, present_only: bool = True) -> Voter:
        """Who a scanned stempas votes for now, or the refusal (checked in this order).

        Closed (``vote.closed`` …), then the municipality must be in the snapshot
        (``vote.not_in_snapshot``), then the pass must be the municipality's live pass now
        (``vote.pass_inactive``): the pass of the opening, or the one a substitute or a lost-pass
        replacement got since — the municipality is what took part, whoever holds its pass.
        With "present only" on, the pass must also be in the hall (not away).
        """
        self.ensure_recordable()
        voter = self.by_pass.get(held.serial)
        if voter is not None and voter.code != held.code:
            raise _refuse("vote.pass_mismatch", pass_id=held.serial, code=held.code)
        if voter is None:
            voter = self.eligible.get(held.code)
            if voter is None:
                raise DeskError(
                    "vote.not_in_snapshot",
                    _T["vote.pass_not_in_snapshot"],
                    {"pass_id": held.serial},
                )
        if not held.live or (present_only and not held.present):
            label = next(
                (t for status, t in PASS_STATUS.items() if status == held.status), Text(held.status, held.status)
            )
            # Both words as values: a refusal renders later, in the reader's language.
            raise _refuse(
                "vote.pass_inactive", pass_id=held.serial, code=held.code, status_nl=label.nl, status_en=label.en
            )
        return Voter(held.serial, held.code, voter.weight)

    def record(
        self,
        choice: Cast,
        *,
        pass_id: int | None = None,
        code: str | None = None,
        at: str = "",
        source: str = "",
        event_id: str | None = None,
    ) -> Vote:
        """Record a choice by pass (scanned) or by municipality (roll-call grid, import).

        A pass that is not the snapshot's, given with its municipality's ``code``, is a pass that
        took over (checked by :meth:`pass_voter` first): it is recorded as used, for the
        municipality of the snapshot. A repeated ``event_id`` changes nothing, so an event
        delivered twice counts once.
        """
        if event_id is not None and self.has_event(event_id):
            return self
        self.ensure_recordable()
        if pass_id is not None and code is not None and pass_id not in self.by_pass:
            voter = self.voter(code=code)
            voter = Voter(pass_id, voter.code, voter.weight)
        else:
            voter = self.voter(pass_id=pass_id, code=code)
        if choice not in self.options:
            raise _refuse(
                "vote.choice_invalid",
                choice=str(choice),
                allowed=", ".join(str(o) for o in self.options),
            )
        entry = Record(
            seq=len(self.records) + 1,
            code=voter.code,
            pass_id=voter.pass_id,
            choice=None if self.secret else choice,
            at=at,
            source=source,
            event_id=event_id,
        )
        if not self.secret:
            return dataclasses.replace(self, records=(*self.records, entry))
        if voter.code in self.voted():
            raise _refuse("vote.secret_final", code=voter.code)
        totals = dict(self.secret_totals)
        totals[choice] = totals.get(choice, Count()) + Count(1, voter.weight)
        return dataclasses.replace(self, records=(*self.records, entry), secret_totals=totals)

    def close(self, at: str = "") -> Vote:
        if self.method is Method.ACCLAMATION:
            raise _refuse("vote.acclamation")
        if self.status is not Status.OPEN:
            raise _refuse("vote.already_closed")
        return dataclasses.replace(self, status=Status.CLOSED, closed_at=at)

    def declare(self, declaration: Declaration) -> Vote:
        """Keep the chair's result; only after the close, once, and not on a superseded vote."""
        if self.superseded_by is not None:
            raise _refuse("vote.superseded", by=self.superseded_by)
        if self.status is Status.OPEN:
            raise _refuse("vote.not_closed")
        if self.status is Status.DECLARED:
            raise _refuse("vote.already_declared")
        if declaration.winner is not None and declaration.winner not in self.options:
            raise _refuse("vote.declared_winner", choice=str(declaration.winner))
        return dataclasses.replace(self, status=Status.DECLARED, declaration=declaration)

    def rerun(
        self,
        new_id: str,
        snapshot: Iterable[tuple[int | None, str]],
        weights: Mapping[str, int],
        at: str = "",
    ) -> tuple[Vote, Vote]:
        """Herstemming: ``(this vote marked superseded, the new open vote)``.

        The new vote has the same item, part, subject, choices and rules, and its own snapshot
        (who is present now). Nothing of this vote is deleted.
        """
        if self.superseded_by is not None:
            raise _refuse("vote.superseded", by=self.superseded_by)
        if self.status is Status.OPEN:
            raise _refuse("vote.still_open")
        new = open_vote(
            new_id,
            self.item,
            self.part,
            snapshot,
            weights,
            options=self.options,
            rule=self.rule,
            base=self.base,
            quorum=self.quorum,
            ballot_method=self.ballot_method,
            secret=self.secret,
            subject=self.subject,
            at=at,
        )
        new = dataclasses.replace(new, supersedes=self.id)
        return dataclasses.replace(self, superseded_by=new_id), new


@dataclass(frozen=True)
class VoteSummary:
    """One vote as the list of votes shows it, without its snapshot or history.

    Enough for the agenda's "what happened to this item" and for :func:`permissions`; the
    repository reads all of them in one query.
    """

    id: str
    number: int
    item: str
    part: str | None
    status: Status
    method: Method
    opened_at: str
    closed_at: str | None
    supersedes: str | None
    superseded_by: str | None
    declaration: Declaration | None = None

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    @property
    def undeclared(self) -> bool:
        """Closed and never declared: the minutes must name it (superseded or not)."""
        return self.status is Status.CLOSED


def summarise(vote: Vote, number: int) -> VoteSummary:
    """The summary of a vote in hand (after a change it made), without reading it again."""
    return VoteSummary(
        id=vote.id,
        number=number,
        item=vote.item,
        part=vote.part,
        status=vote.status,
        method=vote.method,
        opened_at=vote.opened_at,
        closed_at=vote.closed_at,
        supersedes=vote.supersedes,
        superseded_by=vote.superseded_by,
        declaration=vote.declaration,
    )


# --------------------------------------------------------------------------------------------
# What the chair may do now
# --------------------------------------------------------------------------------------------


class Action(StrEnum):
    """The lifecycle actions of the chair's table (and recording, for the tellers)."""

    OPEN = "open"
    ACCLAIM = "acclaim"
    CLOSE = "close"
    DECLARE = "declare"
    RERUN = "rerun"
    RECORD = "record"


class VoteState(Protocol):
    """What :func:`permissions` reads of a vote: a :class:`Vote` or a :class:`VoteSummary`."""

    @property
    def id(self) -> str: ...

    @property
    def status(self) -> Status: ...

    @property
    def method(self) -> Method: ...

    @property
    def superseded_by(self) -> str | None: ...

    @property
    def declaration(self) -> Declaration | None: ...


_WHY: dict[str, Text] = {
    "no_agenda": Text("Lees eerst de agenda in (Ctrl+O).", "Load the agenda first (Ctrl+O)."),
    "no_step": Text(
        "Kies eerst in de agenda waarover gestemd wordt.",
        "First choose in the agenda what is being voted on.",
    ),
    "open_first": Text("Sluit eerst de open stemming (F7).", "Close the open vote first (F7)."),
    "none_open": Text("Er is geen open stemming.", "There is no open vote."),
    "none": Text("Er is nog geen stemming gehouden.", "No vote has been held yet."),
    "close_before_declare": Text(
        "Sluit eerst de stemming (F7); pas daarna wordt de uitslag vastgesteld.",
        "Close the vote first (F7); only then is the result declared.",
    ),
    "close_before_rerun": Text("Sluit eerst de stemming (F7).", "Close the vote first (F7)."),
    "superseded": Text(
        "Deze stemming is vervangen door een herstemming.",
        "This vote was superseded by a new vote.",
    ),
    "declared": Text(
        "De uitslag van deze stemming is al vastgesteld.",
        "The result of this vote has already been declared.",
    ),
}
_ASK: dict[str, Text] = {
    "decided": Text(
        "Over dit punt is al besloten: {outcome}. Een nieuwe stemming is een herstemming: de "
        "eerdere stemming blijft bewaard en wordt erdoor vervangen.",
        "This item has already been decided: {outcome}. A new vote is a herstemming: the "
        "earlier vote is kept and superseded by it.",
    ),
    "undeclared": Text(
        "De stemming over dit punt is gesloten, maar de uitslag is nog niet vastgesteld "
        "(vaststellen: F8). Een nieuwe stemming is een herstemming: de eerdere stemming blijft "
        "bewaard en wordt erdoor vervangen.",
        "The vote on this item is closed, but its result has not been declared (declare: F8). "
        "A new vote is a herstemming: the earlier vote is kept and superseded by it.",
    ),
}
#: How a decided vote's outcome reads: declared adopted, rejected, or adopted by acclamation.
OUTCOME_WORDS: dict[object, Text] = {
    True: Text("aangenomen", "adopted"),
    False: Text("verworpen", "rejected"),
    Method.ACCLAMATION: Text("aangenomen bij acclamatie", "adopted by acclamation"),
}


@dataclass(frozen=True)
class Permission:
    """May ``action`` happen now? If not, ``refusal`` says why; ``ask`` is a question first.

    ``rerun_of`` is set when opening a vote on an item already voted on: confirmed, it is a
    herstemming that supersedes that vote rather than a second, unrelated vote on the item.
    """

    action: Action
    refusal: Text | None = None
    ask: Text | None = None
    rerun_of: str | None = None
    outcome: Declaration | None = None  # the decision ``ask`` names
    acclaimed: bool = False

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    def reason(self, lang: str | None = None) -> str:
        return "" if self.refusal is None else self.refusal.render(lang)

    def question(self, lang: str | None = None) -> str:
        if self.ask is None:
            return ""
        d = self.outcome
        if self.acclaimed:
            outcome = OUTCOME_WORDS[Method.ACCLAMATION].render(lang)
        elif d is not None:
            outcome = d.statement or OUTCOME_WORDS[d.adopted].render(lang)
        else:
            outcome = ""
        return self.ask.render(lang, outcome=outcome)


def permissions(
    current: VoteState | None,
    *,
    has_agenda: bool,
    step_selected: bool = True,
    step_vote: VoteState | None = None,
) -> dict[Action, Permission]:
    """Which lifecycle action is allowed now, and why not.

    ``current`` is the vote on the chair's screen (the open one, else the latest): close,
    declare, herstemming and recording act on it. Opening and acclamation act on the item chosen
    in the agenda (``step_selected``); ``step_vote`` is the latest vote on that item, if any.
    """

    def refuse(action: Action, key: str) -> Permission:
        return Permission(action, refusal=_WHY[key])

    is_open = current is not None and current.status is Status.OPEN
    out: dict[Action, Permission] = {}
    for action in (Action.OPEN, Action.ACCLAIM):
        if not has_agenda:
            out[action] = refuse(action, "no_agenda")
        elif is_open:
            out[action] = refuse(action, "open_first")
        elif not step_selected:
            out[action] = refuse(action, "no_step")
        else:
            out[action] = Permission(action)
    if out[Action.OPEN].allowed and step_vote is not None and step_vote.superseded_by is None:
        if step_vote.status is Status.DECLARED:
            out[Action.OPEN] = Permission(
                Action.OPEN,
                ask=_ASK["decided"],
                rerun_of=step_vote.id,
                outcome=step_vote.declaration,
                acclaimed=step_vote.method is Method.ACCLAMATION,
            )
        elif step_vote.status is Status.CLOSED:
            out[Action.OPEN] = Permission(Action.OPEN, ask=_ASK["undeclared"], rerun_of=step_vote.id)

    if current is None:
        for action in (Action.CLOSE, Action.DECLARE, Action.RERUN, Action.RECORD):
            out[action] = refuse(action, "none_open" if action is Action.CLOSE else "none")
        return out
    out[Action.CLOSE] = Permission(Action.CLOSE) if is_open else refuse(Action.CLOSE, "none_open")
    if is_open:
        out[Action.DECLARE] = refuse(Action.DECLARE, "close_before_declare")
    elif current.superseded_by is not None:
        out[Action.DECLARE] = refuse(Action.DECLARE, "superseded")
    elif current.status is Status.DECLARED:
        out[Action.DECLARE] = refuse(Action.DECLARE, "declared")
    else:
        out[Action.DECLARE] = Permission(Action.DECLARE)
    if is_open:
        out[Action.RERUN] = refuse(Action.RERUN, "close_before_rerun")
    elif current.superseded_by is not None:
        out[Action.RERUN] = refuse(Action.RERUN, "superseded")
    else:
        out[Action.RERUN] = Permission(Action.RERUN)
    if current.method is Method.ACCLAMATION:
        out[Action.RECORD] = Permission(Action.RECORD, refusal=_T["vote.acclamation"])
    elif current.superseded_by is not None:
        out[Action.RECORD] = Permission(Action.RECORD, refusal=_WHY["superseded"])
    elif not is_open:
        out[Action.RECORD] = Permission(Action.RECORD, refusal=_T["vote.closed"])
    else:
        out[Action.RECORD] = Permission(Action.RECORD)
    return out


def _snapshot(snapshot: Iterable[tuple[int | None, str]], weights: Mapping[str, int]) -> dict[str, Voter]:
    eligible: dict[str, Voter] = {}
    for pass_id, code in sorted(snapshot, key=lambda e: (e[1], e[0] or 0)):
        if code in eligible:
            passes = f"{eligible[code].pass_id}, {pass_id}"
            raise _refuse("vote.snapshot_duplicate", code=code, passes=passes)
        weight = weights.get(code)
        if not isinstance(weight, int) or isinstance(weight, bool) or weight < 1:
            raise _refuse("vote.snapshot_weight", code=code)
        eligible[code] = Voter(pass_id, code, weight)
    return eligible


def open_vote(
    vote_id: str,
    item: str,
    part: str | None,
    snapshot: Iterable[tuple[int | None, str]],
    weights: Mapping[str, int],
    *,
    options: Sequence[Cast] = MATTER_CHOICES,
    rule: Rule = SIMPLE_MAJORITY,
    base: Base = Base.ABSTENTIONS_EXCLUDED,
    quorum: Quorum | None = None,
    ballot_method: BallotMethod = BallotMethod.MAJORITY,
    secret: bool = False,
    subject: Subject = Subject.ITEM,
    at: str = "",
) -> Vote:
    """Open a vote. ``snapshot`` is the set of ``(pass id, municipality code)`` active now;
    ``weights`` the frozen weights of the whole register (which also gives the attendance).

    At most one active pass per municipality is an invariant of the desk; a snapshot that breaks
    it is refused rather than guessed at.
    """
    eligible = _snapshot(snapshot, weights)
    vote = Vote(
        id=vote_id,
        item=item,
        part=part,
        eligible=eligible,
        register=Count(len(weights), sum(weights.values())),
        options=tuple(options),
        rule=rule,
        base=base,
        quorum=quorum,
        ballot_method=ballot_method,
        secret=secret,
        subject=subject,
        opened_at=at,
    )
    vote.tally()  # refuses an impossible set of options now, not at the first record
    return vote


def acclaim(
    vote_id: str,
    item: str,
    part: str | None,
    snapshot: Iterable[tuple[int | None, str]],
    weights: Mapping[str, int],
    *,
    statement: str = "",
    subject: Subject = Subject.ITEM,
    at: str = "",
) -> Vote:
    """A decision by acclamation: declared adopted at once, with no per-member votes.

    The snapshot is kept as the attendance at that moment, for the minutes.
    """
    return Vote(
        id=vote_id,
        item=item,
        part=part,
        eligible=_snapshot(snapshot, weights),
        register=Count(len(weights), sum(weights.values())),
        subject=subject,
        method=Method.ACCLAMATION,
        status=Status.DECLARED,
        opened_at=at,
        closed_at=at,
        declaration=Declaration(adopted=True, statement=statement, at=at),
    )


# --------------------------------------------------------------------------------------------
# Results from an external voting system
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    """One line of a results file: a pass serial or a municipality code, and the choice."""

    line: int
    pass_id: int | None
    code: str | None
    choice: Cast


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem on one line; a nested refusal in ``reason`` reads in the reader's language."""

    def message(self, lang: str | None = None) -> str:
        params = {k: v.message(lang) if isinstance(v, DeskError) else v for k, v in self.params.items()}
        return self.text.render(lang, line=self.line, **params)


T_RESULTS_FILE = Text("Het uitslagbestand", "The results file")
T_RESULT_ROW: Mapping[str, Text] = {
    "encoding": Text(
        "regel {line}: het bestand is geen UTF-8 of Windows-1252 tekst",
        "line {line}: the file is not UTF-8 or Windows-1252 text",
    ),
    "header": Text(
        "regel {line}: kopregel is '{found}', verwacht een kolom 'stempas' of 'gemeente' (of "
        "'pass'/'code') en een kolom 'keuze' (of 'choice')",
        "line {line}: the header is '{found}', expected a column 'stempas' or 'gemeente' (or "
        "'pass'/'code') and a column 'keuze' (or 'choice')",
    ),
    "empty": Text("regel {line}: het bestand bevat geen stemmen", "line {line}: the file holds no votes"),
    "columns": Text(
        "regel {line}: {found} kolommen, verwacht {expected}",
        "line {line}: {found} columns, expected {expected}",
    ),
    "who": Text(
        "regel {line}: geen geldige stempas of gemeentecode ('{value}')",
        "line {line}: not a valid voting pass or municipality code ('{value}')",
    ),
    "choice": Text("regel {line}: {reason}", "line {line}: {reason}"),
    "duplicate": Text(
        "regel {line}: {who} staat ook al op regel {first}",
        "line {line}: {who} already appears on line {first}",
    ),
    "refused": Text("regel {line}: {reason}", "line {line}: {reason}"),
}
_PASS_HEADERS = {"pass", "stempas", "pass_serial"}
_CODE_HEADERS = {"code", "gemeente", "gemeentecode"}
_CHOICE_HEADERS = {"choice", "keuze"}
_CODE_RE = re.compile(r"^GM\d{4}$")


def parse_results(data: bytes) -> list[ResultRow]:
    """Parse a results file (CSV, ``,`` or ``;``): all-or-nothing, every problem by line.

    Columns: ``stempas`` (pass serial) and/or ``gemeente`` (``GM0363``), and ``keuze``
    (voor, tegen, onthouding, optie-N). A municipality or pass listed twice is refused: an
    external system's export holds one final choice each, so a repeat means a wrong file.
    """
    rows, problems = read_results(data)
    if problems:
        raise ImportRefused("vote.import_refused", problems, T_RESULTS_FILE)
    return rows


def read_results(data: bytes) -> tuple[list[ResultRow], list[Problem]]:
    """:func:`parse_results` without refusing: the rows that read well and every problem by line.

    The caller that checks the rows against a vote adds its own problems to these, so a refused
    file lists every problem at once, not only those of the first kind. An unreadable file or
    header gives no rows at all.
    """
    problems: list[Problem] = []

    def bad(line: int, key: str, **params: object) -> None:
        problems.append(RowProblem(line, T_RESULT_ROW[key], dict(params)))

    text = decode_text(data)
    if text is None:
        bad(1, "encoding")
        return [], problems
    rows = read_rows(text)
    header = [c.strip().lower() for c in rows[0]] if rows else []
    who_cols = [i for i, h in enumerate(header) if h in _PASS_HEADERS | _CODE_HEADERS]
    choice_cols = [i for i, h in enumerate(header) if h in _CHOICE_HEADERS]
    if not who_cols or len(choice_cols) != 1:
        bad(1, "header", found=",".join(rows[0]) if rows else "")
        return [], problems
    out: list[ResultRow] = []
    first: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            bad(line, "columns", found=len(row), expected=len(header))
            continue
        pass_id: int | None = None
        code: str | None = None
        ok = True
        for i in who_cols:
            value = row[i].strip()
            if not value:
                continue
            if header[i] in _PASS_HEADERS and value.isdigit() and value.isascii():
                pass_id = int(value)
            elif header[i] in _CODE_HEADERS and _CODE_RE.match(value.upper()):
                code = value.upper()
            else:
                bad(line, "who", value=value)
                ok = False
        if ok and pass_id is None and code is None:
            bad(line, "who", value="")
            ok = False
        try:
            choice = parse_choice(row[choice_cols[0]])
        except DeskError as err:
            bad(line, "choice", reason=err)
            ok = False
        if not ok:
            continue
        for key in (f"pass {pass_id}" if pass_id is not None else None, code):
            if key is None:
                continue
            if key in first:
                bad(line, "duplicate", who=key, first=first[key])
                ok = False
            else:
                first[key] = line
        if ok:
            out.append(ResultRow(line, pass_id, code, choice))
    if not out and not problems:
        bad(len(rows), "empty")
    return out, problems


def describe_choice(choice: Cast | None, lang: str | None = None) -> str:
    """'voor', 'optie 2', or '(geheim)' for a secret vote's participation record."""
    if choice is None:
        return Text("(geheim)", "(secret)").render(lang)
    return choice_label(choice, lang)


__all__ = [
    "OUTCOME_WORDS",
    "Action",
    "Declaration",
    "HeldPass",
    "Permission",
    "VoteState",
    "VoteSummary",
    "Method",
    "Record",
    "ResultRow",
    "Status",
    "Subject",
    "Vote",
    "Voter",
    "acclaim",
    "describe_choice",
    "open_vote",
    "parse_results",
    "read_results",
    "permissions",
    "summarise",
]
