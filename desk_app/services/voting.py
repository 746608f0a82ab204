"""Voting use cases: the agenda, and open / record / close / declare / herstemming / acclamation.

Each public method that changes something is one transaction with one audit entry: it loads
the vote, applies one transition of the pure state machine (``domain.vote``) and writes only
what that transition added. Refusals raise :class:`DeskError` and change nothing.

Who is present comes from an injected ``snapshot_source``: a callable returning the
``(pass serial, municipality code)`` pairs of the passes active now (wire it to
``DeskService.active_passes``). It is read when a vote opens (the snapshot) and, with the
meeting setting "present only" on, again at every choice recorded by municipality code.

A scanned stempas is answered here, not in a window: :meth:`VotingService.read_scan` says
whether the code is genuine, whose pass it is, whether it may vote in the vote now (the
snapshot names municipalities: the pass of the opening, or the one a substitute or a lost-pass
replacement got since, may vote for it — see ``Vote.pass_voter``) and what it chose so far.
:meth:`VotingService.record` applies the same rule again inside its transaction.

**A record that does not hold stops the votes.** While the session's last record check failed
(:class:`~desk_app.services.integrity.RecordGuard`, shared with the desk), opening, recording,
closing, declaring, a herstemming and an acclamation are refused (``vote.stopped``) with a
message for the coördinator; reading the votes and their results still works.

The chair's statement (a declaration, an acclamation) is held to the domain's limits for free
text (:mod:`desk_app.domain.limits`): length and no bidirectional controls.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from desk_app.domain.agenda import (
    Agenda,
    AgendaItem,
    Step,
    build_agenda,
    check_order,
    default_voting_order,
    open_warnings,
    parse_step,
)
from desk_app.domain.agenda_toml import dump_agenda
from desk_app.domain.changes import Change
from desk_app.domain.limits import FileKind, TextKind, check_file, check_text
from desk_app.domain.meeting import Meeting, MeetingSettings
from desk_app.domain.register import ImportRefused
from desk_app.domain.tally import (
    BallotMethod,
    Base,
    Cast,
    Option,
    Quorum,
    Tally,
    choice_from_sheet,
    describe,
    parse_choice,
)
from desk_app.domain.text import DeskError, Text
from desk_app.domain.token import TokenKind, parse_token, verify_token
from desk_app.domain.vote import (
    T_RESULT_ROW,
    T_RESULTS_FILE,
    Declaration,
    RowProblem,
    Subject,
    Vote,
    Voter,
    VoteSummary,
    acclaim,
    open_vote,
    read_results,
)
from desk_app.services.integrity import RecordCheck, RecordGuard
from desk_app.services.meeting import Actor
from desk_app.services.sheets import is_workbook, read_agenda
from desk_app.storage import audit
from desk_app.storage import meeting as meeting_repo
from desk_app.storage import votes as repo
from desk_app.storage.db import Store
from desk_app.storage.sql import Database

SnapshotSource = Callable[[], Iterable[tuple[int, str]]]
"""Returns the (pass serial, municipality code) of every pass active now."""

_T: dict[str, Text] = {
    "vote.meeting_missing": Text("Dit bestand bevat nog geen vergadering.", "This file holds no meeting yet."),
    "vote.meeting_not_open": Text(
        "De vergadering is nog niet geopend: pas na het openen liggen de stemgewichten vast en kan er worden gestemd.",
        "The meeting has not been opened: only after opening are the weights frozen and can votes be held.",
    ),
    "vote.no_agenda": Text("Er is nog geen agenda ingelezen.", "No agenda has been loaded yet."),
    "agenda.has_votes": Text(
        "Er is al gestemd: de agenda kan niet meer worden vervangen. Wijzig zo nodig alleen de stemvolgorde.",
        "Votes have been held: the agenda can no longer be replaced. Change only the voting order if needed.",
    ),
    "vote.not_votable": Text(
        "Over agendapunt {item} ({title}) wordt niet gestemd.",
        "Agenda item {item} ({title}) is not voted on.",
    ),
    "vote.part_required": Text(
        "Agendapunt {item} wordt in delen gestemd: kies een deel ({parts}).",
        "Agenda item {item} is voted on in parts: choose a part ({parts}).",
    ),
    "vote.part_unknown": Text(
        "Agendapunt {item} heeft geen deel '{part}'.", "Agenda item {item} has no part '{part}'."
    ),
    "vote.another_open": Text(
        "Stemming {number} (agendapunt {item}) is nog open; sluit die eerst.",
        "Vote {number} (agenda item {item}) is still open; close it first.",
    ),
    "vote.none_open": Text("Er is geen open stemming.", "There is no open vote."),
    "vote.none": Text("Er is nog geen stemming gehouden.", "No vote has been held yet."),
    "vote.unknown": Text("Onbekende stemming '{vote}'.", "Unknown vote '{vote}'."),
    "vote.nobody_present": Text(
        "Er is niemand aanwezig met een actieve stempas: de stemming kan niet worden geopend.",
        "Nobody is present with an active voting pass: the vote cannot be opened.",
    ),
    "vote.pass_unknown": Text("Stempas {pass_id} bestaat niet.", "Voting pass {pass_id} does not exist."),
    "vote.pass_mismatch": Text(
        "Stempas {pass_id} hoort bij deze stemming niet bij {code}.",
        "In this vote, voting pass {pass_id} does not belong to {code}.",
    ),
    "vote.again": Text(
        "Over {step} is al gestemd: stemming {number} ({outcome}). Opnieuw stemmen is een herstemming die "
        "stemming {number} vervangt (die blijft bewaard); bevestig dat uitdrukkelijk (desk-app vote open "
        "{step} --again). Er is niets geopend.",
        "{step} has already been voted on: vote {number} ({outcome}). Voting again is a herstemming that "
        "supersedes vote {number} (which is kept); confirm that explicitly (desk-app vote open {step} "
        "--again). Nothing was opened.",
    ),
    "vote.absent": Text(
        "{code} is nu niet aanwezig met een actieve stempas: deze stem wordt niet vastgelegd.",
        "{code} is not present with an active voting pass now: this vote is not recorded.",
    ),
    "vote.stopped": Text(
        "Stemmen gestopt: het vergaderbestand klopt niet meer ({detail}). Er is niets vastgelegd. Roep de coördinator.",
        "Voting stopped: the meeting file no longer holds ({detail}). Nothing was recorded. Call the coordinator.",
    ),
}


def _refuse(error: str, /, **params: object) -> DeskError:
    return DeskError(error, _T[error], dict(params))


T_CLOSED_UNDECLARED = Text("gesloten, uitslag niet vastgesteld", "closed, result not declared")
T_ORDER_WARNING = Text(
    "Let op de stemvolgorde: {warnings}. Bevestig om de stemming toch te openen (desk-app vote open {step} "
    "--confirm-order). Er is niets geopend.",
    "Mind the voting order: {warnings}. Confirm to open the vote anyway (desk-app vote open {step} "
    "--confirm-order). Nothing was opened.",
)


class OrderWarning(DeskError):
    """Opening a vote now goes against the voting order: the chair must confirm (``confirm_order``).

    ``warnings`` are the domain's doubts (``domain.agenda.open_warnings``), each its own refusal.
    """

    def __init__(self, step: Step, warnings: Sequence[DeskError]) -> None:
        text = Text(
            *(
                T_ORDER_WARNING.render(lang, step=str(step), warnings="; ".join(w.message(lang) for w in warnings))
                for lang in ("nl", "en")
            )
        )
        super().__init__("vote.order", text, {})
        self.warnings = list(warnings)


def _outcome(v: VoteSummary) -> Text:
    from desk_app.domain.vote import OUTCOME_WORDS, Method, Status

    if v.method is Method.ACCLAMATION:
        return OUTCOME_WORDS[Method.ACCLAMATION]
    if v.status is Status.DECLARED and v.declaration is not None:
        return OUTCOME_WORDS[bool(v.declaration.adopted)]
    return T_CLOSED_UNDECLARED


class ScanProblem(StrEnum):
    """Why a scan at the tellers' table cannot lead to a recorded choice (one headline each)."""

    INVALID = "invalid"  # not a genuine pass or choice code of this meeting
    UNKNOWN_PASS = "unknown_pass"  # genuine, but no such pass was issued
    NO_VOTE = "no_vote"  # no vote has been held yet
    CLOSED = "closed"  # the vote is closed, superseded, or an acclamation
    NOT_ELIGIBLE = "not_eligible"  # the municipality was not in the vote's snapshot
    NOT_VALID = "not_valid"  # the pass is void (replaced, returned, undone) or away
    UNKNOWN_CHOICE = "unknown_choice"  # a choice code that is no choice
    FAILED = "failed"  # the meeting file could not be read


_PROBLEM_OF: dict[str, ScanProblem] = {
    "vote.pass_unknown": ScanProblem.UNKNOWN_PASS,
    "vote.none": ScanProblem.NO_VOTE,
    "vote.closed": ScanProblem.CLOSED,
    "vote.superseded": ScanProblem.CLOSED,
    "vote.acclamation": ScanProblem.CLOSED,
    "vote.not_in_snapshot": ScanProblem.NOT_ELIGIBLE,
    "vote.pass_mismatch": ScanProblem.NOT_ELIGIBLE,
    "vote.pass_inactive": ScanProblem.NOT_VALID,
}


@dataclass(frozen=True)
class PassCheck:
    """The answer to a scanned stempas: whose it is, and whether it may vote in the vote now.

    ``votes`` is the municipality's weight in this vote; ``earlier`` the choice that counts now
    (never for a secret vote); ``voted`` whether the municipality took part already.
    """

    serial: int
    code: str | None = None
    municipality: str | None = None
    votes: int | None = None
    vote_id: str | None = None
    secret: bool = False
    earlier: Cast | None = None
    voted: bool = False
    problem: ScanProblem | None = None
    refusal: DeskError | None = None

    @property
    def may_vote(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class ChoiceScan:
    """A code from the printed choice sheet: the choice it stands for, or why not."""

    choice: Cast | None
    problem: ScanProblem | None = None
    refusal: DeskError | None = None


def _problem(err: DeskError) -> ScanProblem:
    return _PROBLEM_OF.get(err.code, ScanProblem.INVALID if err.code.startswith("token.") else ScanProblem.FAILED)


def summary(result: Tally) -> dict[str, Any]:
    """The computed result as plain data, for the audit trail and the declaration record."""
    return {
        "outcome": result.outcome.value,
        "adopted": result.adopted,
        "winner": None if result.winner is None else str(result.winner),
        "counts": {str(c): [n.members, n.weight] for c, n in result.counts.items()},
        "cast": result.cast.weight,
        "eligible": [result.eligible.members, result.eligible.weight],
        "voted": [result.voted.members, result.voted.weight],
        "threshold": result.threshold,
        "base": result.base.value,
        "rule": result.rule.code,
        "quorum_met": result.quorum_met,
        "text": describe(result, "nl"),
    }


class VotingService:
    """Use cases for the chair's table and the tellers; one instance per store and actor."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        snapshot_source: SnapshotSource,
        *,
        clock: Callable[[], str] = audit.now_iso,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
        guard: RecordGuard | None = None,
    ) -> None:
        self.store = store
        self.actor = actor
        self.snapshot_source = snapshot_source
        self.clock = clock
        self.new_id = new_id
        #: The outcome of the last record check: the session's, shared with the desk.
        self.guard = guard or RecordGuard()

    # -- is the record whole? -----------------------------------------------------------------------

    def record_checked(self, check: RecordCheck) -> RecordCheck:
        """Take the outcome of a record check (:func:`desk_app.services.integrity.check_record`): a
        failure stops the votes (and, through the shared guard, issuing), one that holds resumes them."""
        return self.guard.checked(check, self.actor.desk)

    @property
    def stopped(self) -> RecordCheck | None:
        """The last check of the record, if it failed (None: it held, or was not checked yet)."""
        return self.guard.failed

    def _refuse_if_stopped(self) -> None:
        if self.guard.failed is not None:
            raise _refuse("vote.stopped", detail=self.guard.failed.detail)

    # -- the meeting and the agenda ---------------------------------------------------------------

    def _meeting(self) -> Meeting:
        meeting = meeting_repo.load_meeting(self.store)
        if meeting is None:
            raise _refuse("vote.meeting_missing")
        return meeting

    def agenda(self) -> Agenda | None:
        return repo.load_agenda(self.store)

    def meeting(self) -> Meeting:
        """The meeting (its name, date, number and token key: the choice sheet needs them)."""
        return self._meeting()

    def meeting_settings(self) -> MeetingSettings:
        return self._meeting().settings

    def _agenda(self, src: repo.Source) -> Agenda:
        agenda = repo.load_agenda(src)
        if agenda is None:
            raise _refuse("vote.no_agenda")
        return agenda

    def load_agenda_file(self, path: Path | str) -> Agenda:
        """Read, validate against the register and store an agenda file; all-or-nothing.

        TOML, or a spreadsheet: ``.xlsx`` or ``;``-CSV with Dutch columns (``services/sheets.py``).
        """
        path = Path(path)
        data = path.read_bytes()
        check_file(data, FileKind.AGENDA, text=not is_workbook(data))  # size and line length, first
        known = set(repo.register_weights(self.store))
        agenda = read_agenda(path, data, known)  # refuses a bad file before anything is written
        return self._store_agenda(agenda, "agenda.load", path.name, hashlib.sha256(data).hexdigest())

    # -- the agenda editor's hook (issue 14): the same checks and all-or-nothing rule as a file --

    def save_agenda(self, agenda: Agenda, source: str = "agenda-editor") -> Agenda:
        """Store an agenda made or changed in the editor, checked again against the register.

        The audit entry carries the SHA-256 of its TOML text (``dump_agenda``): export the
        stored agenda and the hash can be checked. Refused, changing nothing, once votes exist.
        """
        known = set(repo.register_weights(self.store))
        checked = build_agenda(
            agenda.items,
            title=agenda.title,
            date=agenda.date,
            place=agenda.place,
            voting_order=agenda.voting_order,
            known_codes=known,
        )
        digest = hashlib.sha256(dump_agenda(checked).encode("utf-8")).hexdigest()
        return self._store_agenda(checked, "agenda.save", source, digest)

    def _store_agenda(self, agenda: Agenda, action: str, source: str, digest: str) -> Agenda:
        self._refuse_if_stopped()  # the agenda file, the editor's save: nothing on a broken record
        if repo.has_votes(self.store):
            raise _refuse("agenda.has_votes")
        with self.store.transaction() as db:
            if repo.has_votes(db):  # checked again under the write lock: another desk may vote
                raise _refuse("agenda.has_votes")
            repo.replace_agenda(db, agenda, source=source, sha256=digest, ts=self.clock())
            self._audit(
                db,
                action,
                "agenda",
                {
                    "source": source,
                    "sha256": digest,
                    "items": len(agenda.items),
                    "votes": len(agenda.steps()),
                },
            )
        return agenda

    def voting_order(self) -> tuple[Step, ...]:
        """The stored order, else the default from the meeting's phase-order setting."""
        agenda = self._agenda(self.store)
        return self._order(agenda, agenda.voting_order)

    def _order(self, agenda: Agenda, stored: Sequence[Step] | None) -> tuple[Step, ...]:
        if stored is not None:
            return tuple(stored)
        return default_voting_order(agenda, self._meeting().settings.vote_order)

    def set_voting_order(self, order: Sequence[Step] | None) -> tuple[Step, ...]:
        """The chair's order (checked to hold every vote once), or None for the default."""
        self._refuse_if_stopped()
        with self.store.transaction() as db:
            agenda = self._agenda(db)
            if order is not None:
                check_order(agenda, order)
            repo.set_voting_order(db, order)
            self._audit(db, "agenda.order", "agenda", {"order": None if order is None else [str(s) for s in order]})
            stored = self._order(agenda, order)  # inside: once COMMIT returned, nothing may fail the change
        return stored

    # -- reading votes ----------------------------------------------------------------------------

    def vote(self, vote_id: str) -> Vote:
        vote = repo.load_vote(self.store, vote_id)
        if vote is None:
            raise _refuse("vote.unknown", vote=vote_id)
        return vote

    def current(self) -> Vote | None:
        """The open vote, else the latest one: what the chair's screen shows."""
        vote_id = repo.open_vote_id(self.store) or repo.latest_vote_id(self.store)
        return None if vote_id is None else repo.load_vote(self.store, vote_id)

    def votes(self) -> list[VoteSummary]:
        """Every vote with its declaration: one query, however many votes were held."""
        return repo.list_votes(self.store)

    def summaries(self, ids: Sequence[str]) -> list[VoteSummary]:
        return repo.vote_summaries(self.store, ids)

    def undeclared(self) -> list[VoteSummary]:
        """Votes that were closed and never declared (superseded ones too): the export names them."""
        return repo.undeclared_votes(self.store)

    def touched(self, change: Change) -> set[str] | None:
        """The ids of the votes ``change`` touched; None when everything must be read again."""
        if not change.actions:  # Change.everything: a restore, the chain replaced
            return None
        return repo.votes_touched(self.store, change.first_seq - 1, change.last_seq)

    def member_names(self) -> dict[str, str]:
        return repo.member_names(self.store)

    def number(self, vote_id: str) -> int | None:
        return repo.vote_number(self.store, vote_id)

    def tally(self, vote_id: str | None = None) -> Tally | None:
        vote = self.vote(vote_id) if vote_id else self.current()
        return None if vote is None else vote.tally()

    # -- the tellers' scans ----------------------------------------------------------------------

    def read_scan(self, text: str) -> PassCheck | ChoiceScan:
        """A scan at the tellers' table: a stempas (may it vote now?) or a choice sheet code.

        Changes nothing; the same rule decides again when the choice is recorded.
        """
        try:
            meeting = self._meeting()
            parsed = parse_token(text.strip(), expect={TokenKind.PASS, TokenKind.CHOICE})
            verify_token(parsed, meeting.meeting_no, meeting.secret)
        except DeskError as err:
            return ChoiceScan(None, _problem(err), err)
        if parsed.kind is TokenKind.PASS:
            assert parsed.serial is not None
            return self.check_pass(parsed.serial)
        assert parsed.option is not None
        try:
            return ChoiceScan(choice_from_sheet(parsed.option))
        except DeskError as err:
            return ChoiceScan(None, ScanProblem.UNKNOWN_CHOICE, err)

    def read_pass(self, text: str) -> PassCheck:
        """A scanned stempas only (a choice code is refused as not a pass)."""
        try:
            meeting = self._meeting()
            parsed = parse_token(text.strip(), expect={TokenKind.PASS})
            verify_token(parsed, meeting.meeting_no, meeting.secret)
        except DeskError as err:
            return PassCheck(0, problem=_problem(err), refusal=err)
        assert parsed.serial is not None
        return self.check_pass(parsed.serial)

    def check_pass(self, serial: int) -> PassCheck:
        """Whose pass ``serial`` is, and whether it may vote in the current vote now."""
        try:
            meeting = self._meeting()
            held = repo.held_pass(self.store, serial)
            if held is None:
                raise _refuse("vote.pass_unknown", pass_id=serial)
            name = repo.member_name(self.store, held.code) or held.code
            vote = self.current()
        except DeskError as err:
            return PassCheck(serial, problem=_problem(err), refusal=err)
        if vote is None:
            return PassCheck(serial, held.code, name, problem=ScanProblem.NO_VOTE, refusal=_refuse("vote.none"))
        try:
            voter = vote.pass_voter(held, present_only=meeting.settings.present_only)
        except DeskError as err:
            return PassCheck(
                serial, held.code, name, vote_id=vote.id, secret=vote.secret, problem=_problem(err), refusal=err
            )
        return PassCheck(
            serial,
            held.code,
            name,
            voter.weight,
            vote.id,
            vote.secret,
            earlier=None if vote.secret else vote.choices().get(held.code),
            voted=held.code in vote.voted(),
        )

    # -- changing votes ---------------------------------------------------------------------------

    def _standing(self, src: repo.Source) -> list[VoteSummary]:
        """The votes that stand (not superseded, not open), in the order they were held."""
        return sorted(
            (v for v in repo.list_votes(src) if v.superseded_by is None and not v.is_open), key=lambda v: v.number
        )

    def earlier_vote(self, step: Step | str, src: repo.Source | None = None) -> VoteSummary | None:
        """The standing vote on ``step`` already held (closed, declared or acclaimed), if any:
        opening ``step`` again is then a herstemming of it (``open(..., again=True)``)."""
        step = parse_step(step) if isinstance(step, str) else step
        found = [v for v in self._standing(src or self.store) if (v.item, v.part) == (step.item, step.part)]
        return found[-1] if found else None

    def open_warnings(self, step: Step | str, src: repo.Source | None = None) -> list[DeskError]:
        """Doubts about the voting order if ``step`` were opened now (an amendment after the item it
        amends was voted on, a proposal before its amendments): the chair confirms them first."""
        step = parse_step(step) if isinstance(step, str) else step
        src = src or self.store
        agenda = self._agenda(src)
        if step.item not in agenda:
            return []
        phase_order = self._meeting().settings.vote_order
        held = [Step(v.item, v.part) for v in self._standing(src)]
        planned = agenda.voting_order or default_voting_order(agenda, phase_order)
        return open_warnings(agenda, step, held, planned, phase_order)

    def open(
        self, step: Step | str, *, subject: Subject = Subject.ITEM, again: bool = False, confirm_order: bool = False
    ) -> Vote:
        """Open a vote on an item (or one part of it) with the passes active now.

        On an item already voted on (a standing closed, declared or acclaimed vote) it is refused
        (``vote.again``) unless ``again``: then it is a herstemming of that vote, linked to it and
        marked ``again`` in its entry. Against the voting order (:meth:`open_warnings`) it raises
        :class:`OrderWarning` unless ``confirm_order``; confirmed, the entry names the doubts the
        chair set aside. Both appear in the proces-verbaal.
        """
        self._refuse_if_stopped()
        step = parse_step(step) if isinstance(step, str) else step
        meeting = self._open_meeting()
        # What refuses anyway (an unknown item or part, another vote open, nobody present) says so
        # before any question is asked; each is checked again inside the transaction.
        self._votable(self.store, step)
        self._no_open_vote(self.store)
        self._snapshot(self.store, meeting)
        earlier = self.earlier_vote(step)
        if earlier is not None and not again:
            raise _refuse("vote.again", step=str(step), number=earlier.number, outcome=_outcome(earlier).render("nl"))
        warnings = self.open_warnings(step)
        if warnings and not confirm_order:
            raise OrderWarning(step, warnings)
        confirmed = [
            {"code": w.code, **{k: str(v) for k, v in w.params.items()}, "text": w.message("nl")} for w in warnings
        ]
        if earlier is not None:
            return self.rerun(
                earlier.id, _extra={"again": True, **({"order_confirmed": confirmed} if confirmed else {})}
            )
        with self.store.transaction() as db:
            item = self._votable(db, step)
            self._no_open_vote(db)
            snapshot, weights = self._snapshot(db, meeting)
            settings = meeting.settings
            vote = open_vote(
                self.new_id(),
                item.key,
                step.part,
                snapshot,
                weights,
                options=item.choices(),
                rule=item.rule,
                base=Base(settings.base),
                quorum=None if settings.quorum_votes is None else Quorum(votes=settings.quorum_votes),
                ballot_method=BallotMethod.MAJORITY,
                secret=item.is_secret(settings.secret_person_votes),
                subject=subject,
                at=self.clock(),
            )
            number = repo.next_number(db)
            repo.insert_vote(db, vote, number=number, desk=self.actor.desk, actor=self.actor.user)
            result = vote.tally()
            assert result is not None
            self._audit(
                db,
                "vote.open",
                vote.id,
                {
                    "number": number,
                    "item": item.key,
                    "part": step.part,
                    "subject": subject.value,
                    "rule": vote.rule.code,
                    "base": vote.base.value,
                    "secret": vote.secret,
                    "options": [str(o) for o in vote.options],
                    "eligible": [result.eligible.members, result.eligible.weight],
                    "register": [result.register.members, result.register.weight],
                    "method": vote.method.value,
                    "ballot_method": vote.ballot_method.value,
                    "quorum": None if vote.quorum is None else [vote.quorum.votes, vote.quorum.members],
                    "snapshot": [[e.code, e.pass_id, e.weight] for e in vote.eligible.values()],
                    **({"order_confirmed": confirmed} if confirmed else {}),
                },
            )
        return vote

    def acclaim(self, step: Step | str, statement: str = "") -> Vote:
        """Record a decision by acclamation: declared adopted, no votes per member.

        ``statement``: the chair's words, held to the limits of free text (length, no bidi controls).
        """
        self._refuse_if_stopped()
        statement = check_text(statement, TextKind.STATEMENT)
        step = parse_step(step) if isinstance(step, str) else step
        meeting = self._open_meeting()
        with self.store.transaction() as db:
            item = self._votable(db, step)
            self._no_open_vote(db)
            snapshot, weights = self._snapshot(db, meeting, allow_empty=True)
            vote = acclaim(self.new_id(), item.key, step.part, snapshot, weights, statement=statement, at=self.clock())
            number = repo.next_number(db)
            repo.insert_vote(db, vote, number=number, desk=self.actor.desk, actor=self.actor.user)
            self._audit(
                db,
                "vote.acclaim",
                vote.id,
                {
                    "number": number,
                    "item": item.key,
                    "part": step.part,
                    "statement": statement,
                    "present": [len(vote.eligible), sum(v.weight for v in vote.eligible.values())],
                    "register": [vote.register.members, vote.register.weight],
                    "snapshot": [[e.code, e.pass_id, e.weight] for e in vote.eligible.values()],
                },
            )
        return vote

    def record(
        self,
        choice: Cast | str,
        *,
        pass_serial: int | None = None,
        code: str | None = None,
        source: str = "",
        event_id: str | None = None,
        vote_id: str | None = None,
    ) -> Vote:
        """Record one municipality's choice in the open vote (or ``vote_id``).

        By pass (a scanned stempas) or by municipality code (roll-call grid, results import).
        With "present only" on, the pass, or for a code some pass of that municipality, must
        still be active now. A repeated ``event_id`` changes nothing.
        """
        self._refuse_if_stopped()
        choice = parse_choice(choice) if isinstance(choice, str) else choice
        meeting = self._meeting()
        with self.store.transaction() as db:
            # Without an open vote the latest one answers, so a late scan hears "closed".
            vote = self._load(db, vote_id, latest=True)
            if event_id is not None and vote.has_event(event_id):
                return vote
            vote.ensure_recordable()
            present_only = meeting.settings.present_only
            if pass_serial is not None:
                voter = self._pass_voter(db, vote, pass_serial, code, present_only)
            else:
                voter = vote.voter(code=code)
                if present_only:
                    self._check_present({(int(s), c) for s, c in self.snapshot_source()}, None, voter.code)
            new = vote.record(
                choice,
                pass_id=pass_serial,
                code=voter.code,
                at=self.clock(),
                source=source,
                event_id=event_id or uuid.uuid4().hex,
            )
            entry = new.records[-1]
            repo.append_record(db, vote.id, entry, desk=self.actor.desk, actor=self.actor.user)
            details: dict[str, Any] = {
                "code": entry.code,
                "pass": entry.pass_id,
                "n": entry.seq,
                "source": source,
                "event_id": entry.event_id,
            }
            if new.secret:
                repo.set_secret_total(db, vote.id, choice, new.secret_totals[choice])
            else:
                details["choice"] = str(choice)  # public per member; never for a secret vote
                previous = [r for r in vote.history(entry.code) if r.choice is not None]
                if previous:
                    details["replaces"] = str(previous[-1].choice)
            self._audit(db, "vote.record", vote.id, details)
        return new

    def import_results(self, data: bytes, source: str, vote_id: str | None = None) -> Vote:
        """Record a results file from an external voting system into the open vote.

        All-or-nothing: every line is checked against the vote (snapshot, choices, presence)
        and one problem refuses the whole file, listing all of them by line. Accepted, it is
        one transaction and one audit entry ``vote.import``.
        """
        self._refuse_if_stopped()
        check_file(data, FileKind.RESULTS)  # size and line length, before any row is read
        # Every problem at once: those of the file and those of its lines against this vote.
        rows, problems = read_results(data)
        if not rows and problems:
            raise ImportRefused("vote.import_refused", problems, T_RESULTS_FILE)
        meeting = self._meeting()
        with self.store.transaction() as db:
            vote = self._load(db, vote_id, latest=True)
            vote.ensure_recordable()
            active = {(int(s), c) for s, c in self.snapshot_source()} if meeting.settings.present_only else None
            new = vote
            at = self.clock()
            for row in rows:
                try:
                    if row.pass_id is not None:
                        voter = self._pass_voter(db, new, row.pass_id, row.code, active is not None)
                    else:
                        voter = new.voter(code=row.code)
                        if active is not None:
                            self._check_present(active, None, voter.code)
                    new = new.record(
                        row.choice,
                        pass_id=row.pass_id,
                        code=voter.code,
                        at=at,
                        source=f"import:{source}",
                        event_id=uuid.uuid4().hex,
                    )
                except DeskError as err:
                    problems.append(RowProblem(row.line, T_RESULT_ROW["refused"], {"reason": err}))
            if problems:
                problems.sort(key=lambda p: p.line)
                raise ImportRefused("vote.import_refused", problems, T_RESULTS_FILE)
            for entry in new.records[len(vote.records) :]:
                repo.append_record(db, vote.id, entry, desk=self.actor.desk, actor=self.actor.user)
            for choice, count in new.secret_totals.items():
                repo.set_secret_total(db, vote.id, choice, count)
            self._audit(
                db,
                "vote.import",
                vote.id,
                {
                    "source": source,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "rows": len(rows),
                    "records": [
                        [r.seq, r.code, r.pass_id, None if r.choice is None else str(r.choice), r.event_id]
                        for r in new.records[len(vote.records) :]
                    ],
                },
            )
        return new

    def close(self, vote_id: str | None = None) -> Vote:
        """Close the open vote (or ``vote_id``); the computed result goes into the audit trail."""
        self._refuse_if_stopped()
        with self.store.transaction() as db:
            vote = self._load(db, vote_id)
            new = vote.close(self.clock())
            repo.set_closed(db, vote.id, new.closed_at or "")
            result = new.tally()
            assert result is not None
            self._audit(db, "vote.close", vote.id, summary(result))
        return new

    def declare(
        self,
        *,
        adopted: bool,
        statement: str = "",
        winner: Option | None = None,
        vote_id: str | None = None,
    ) -> Vote:
        """Keep the chair's declared result (it decides), beside the computed one.

        ``statement``: the chair's words, held to the limits of free text (length, no bidi controls).
        """
        self._refuse_if_stopped()
        statement = check_text(statement, TextKind.STATEMENT)
        with self.store.transaction() as db:
            vote = self._load(db, vote_id, latest=True)
            declaration = Declaration(adopted=adopted, statement=statement, winner=winner, at=self.clock())
            new = vote.declare(declaration)
            result = new.tally()
            computed = None if result is None else summary(result)
            repo.insert_declaration(
                db, vote.id, declaration, computed=computed, desk=self.actor.desk, actor=self.actor.user
            )
            repo.set_declared(db, vote.id)
            self._audit(
                db,
                "vote.declare",
                vote.id,
                {
                    "adopted": adopted,
                    "winner": None if winner is None else str(winner),
                    "statement": statement,
                    "differs_from_computed": new.declaration_differs(),
                    "computed": None if computed is None else computed["outcome"],
                },
            )
        return new

    def declare_computed(self, vote_id: str | None = None) -> Vote:
        """Declare exactly what was computed, with the standard sentence as the statement."""
        self._refuse_if_stopped()
        vote = self._load(self.store, vote_id, latest=True)
        result = vote.tally()
        if result is None:
            raise DeskError(
                "vote.acclamation",
                Text(
                    "Deze beslissing is bij acclamatie genomen en al vastgesteld.",
                    "This decision was taken by acclamation and is already declared.",
                ),
            )
        winner = result.winner if isinstance(result.winner, Option) else None
        return self.declare(adopted=result.adopted, statement=describe(result, "nl"), winner=winner, vote_id=vote.id)

    def rerun(self, vote_id: str | None = None, *, _extra: dict[str, Any] | None = None) -> Vote:
        """Herstemming: a new open vote that supersedes ``vote_id`` (default: the latest)."""
        self._refuse_if_stopped()
        meeting = self._open_meeting()
        with self.store.transaction() as db:
            old = self._load(db, vote_id, latest=True)
            snapshot, weights = self._snapshot(db, meeting)
            # The domain's refusals (still open, already superseded) name the vote itself,
            # so they go before the more general "another vote is open".
            old_after, new = old.rerun(self.new_id(), snapshot, weights, at=self.clock())
            self._no_open_vote(db)
            number = repo.next_number(db)
            repo.insert_vote(db, new, number=number, desk=self.actor.desk, actor=self.actor.user)
            repo.set_superseded(db, old.id, new.id)
            self._audit(
                db,
                "vote.rerun",
                new.id,
                {
                    "number": number,
                    "supersedes": old.id,
                    "supersedes_number": repo.vote_number(db, old.id),
                    "item": new.item,
                    "part": new.part,
                    "register": [new.register.members, new.register.weight],
                    "snapshot": [[e.code, e.pass_id, e.weight] for e in new.eligible.values()],
                    **(_extra or {}),
                },
            )
        assert old_after.superseded_by == new.id
        return new

    # -- helpers ----------------------------------------------------------------------------------

    def _open_meeting(self) -> Meeting:
        meeting = self._meeting()
        if not meeting.is_open:
            raise _refuse("vote.meeting_not_open")
        return meeting

    @staticmethod
    def _check_present(active: set[tuple[int, str]], pass_serial: int | None, code: str) -> None:
        """By code (roll call, import), the municipality must have an active pass now."""
        if code not in {c for _, c in active}:
            raise _refuse("vote.absent", code=code)

    @staticmethod
    def _pass_voter(db: Database, vote: Vote, serial: int, code: str | None, present_only: bool) -> Voter:
        """The domain's rule for a scanned pass, with the pass as the desk knows it now."""
        held = repo.held_pass(db, serial)
        if held is None:
            raise _refuse("vote.pass_unknown", pass_id=serial)
        if code is not None and code != held.code:
            vote.ensure_recordable()
            raise _refuse("vote.pass_mismatch", pass_id=serial, code=code)
        return vote.pass_voter(held, present_only=present_only)

    def _votable(self, src: repo.Source, step: Step) -> AgendaItem:
        item = self._agenda(src).item(step.item)
        if not item.votable:
            raise _refuse("vote.not_votable", item=item.key, title=item.title)
        if item.parts and step.part is None:
            raise _refuse("vote.part_required", item=item.key, parts=", ".join(p.key for p in item.parts))
        if step.part is not None and step.part not in {p.key for p in item.parts}:
            raise _refuse("vote.part_unknown", item=item.key, part=step.part)
        return item

    def _no_open_vote(self, db: repo.Source) -> None:
        open_id = repo.open_vote_id(db)
        if open_id is not None:
            other = repo.load_vote(db, open_id)
            assert other is not None
            raise _refuse(
                "vote.another_open",
                number=repo.vote_number(db, open_id),
                item=other.item if other.part is None else f"{other.item}:{other.part}",
            )

    def _snapshot(
        self, db: repo.Source, meeting: Meeting, *, allow_empty: bool = False
    ) -> tuple[set[tuple[int | None, str]], dict[str, int]]:
        """Who may vote now, and the register's weights.

        "Present only" (default): the active passes. Off: every member with voting right,
        with its active pass where it has one. Members barred from voting are left out either way.
        """
        weights = repo.register_weights(db)
        allowed = repo.codes_with_voting_right(db)
        active = [(int(s), c) for s, c in self.snapshot_source()]
        snapshot: set[tuple[int | None, str]]
        if meeting.settings.present_only:
            snapshot = {(s, c) for s, c in active if c in allowed}
        else:
            by_code = {c: s for s, c in active}
            snapshot = {(by_code.get(c), c) for c in allowed}
        if not snapshot and not allow_empty:
            raise _refuse("vote.nobody_present")
        return snapshot, weights

    def _load(self, src: repo.Source, vote_id: str | None, *, latest: bool = False) -> Vote:
        if vote_id is None:
            vote_id = repo.open_vote_id(src)
            if vote_id is None and latest:
                vote_id = repo.latest_vote_id(src)
            if vote_id is None:
                raise _refuse("vote.none" if latest else "vote.none_open")
        vote = repo.load_vote(src, vote_id)
        if vote is None:
            raise _refuse("vote.unknown", vote=vote_id)
        return vote

    def _audit(self, db: Database, action: str, obj: str, details: dict[str, Any]) -> None:
        audit.append(db, desk=self.actor.desk, actor=self.actor.user, action=action, obj=obj, details=details)
