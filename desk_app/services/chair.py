"""The chair's two views of the votes, as plain state kept up to date from the change feed.

* :class:`ChairScreen` — what the hall sees on the projector (:class:`TallyScreenState`):
  attendance, the item, the bars, who has not voted, and the result. While a vote is closed but
  not declared the hall sees the figures and "uitslag wordt vastgesteld"; the declared result
  only once the chair declared it (BW 2:13: the declaration decides). A meeting may choose to
  show the computed result at once (``MeetingSettings.show_computed_result``).
* :class:`VotingBoard` — what the chair's table (the voting tab) works from: the agenda in voting
  order, one summary per vote, and the vote on screen with its computed outcome.

Both read everything once and then, per :class:`~desk_app.domain.changes.Change`, only what it
touched: a recorded choice reloads that one vote, never every vote held so far. Every text is
rendered through the :class:`~desk_app.domain.text.Translator` the composition root passes in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from desk_app.domain.agenda import Agenda, Step
from desk_app.domain.changes import Change, Topic
from desk_app.domain.meeting import MeetingSettings
from desk_app.domain.tally import Choice, Option, Outcome, Tally, base_label, choice_label, describe, format_votes
from desk_app.domain.text import Text, Translator
from desk_app.domain.vote import (
    SUBJECT_LABELS,
    Action,
    Method,
    Permission,
    Status,
    Vote,
    VoteSummary,
    permissions,
)
from desk_app.services.voting import VotingService


class Counters(Protocol):
    """Attendance as the desk counts it (``DeskService.counters()``)."""

    @property
    def present_members(self) -> int: ...

    @property
    def present_votes(self) -> int: ...

    @property
    def total_members(self) -> int: ...

    @property
    def total_votes(self) -> int: ...


# -- the hall's screen ----------------------------------------------------------------------------


class ResultTone(StrEnum):
    """How the result line reads at a glance (colour and mark are the view's business)."""

    NONE = "none"
    PENDING = "pending"  # closed, the chair has not declared yet
    ADOPTED = "adopted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Bar:
    """One choice of the vote on the screen: its label, its weight and members, its share."""

    key: str  # the stored code: voor, tegen, onthouding, optie-2
    label: str  # as the hall reads it: VOOR, OPTIE 2 · KANDIDAAT B
    weight: int
    figure: str  # the weight written out: 1.234
    members: int
    percent: str = ""  # of the votes cast; '' when not part of the base


@dataclass(frozen=True)
class TallyScreenState:
    """Everything the hall's screen shows; figures already written in the reader's language."""

    present_members: int = 0
    total_members: int = 0
    present_figure: str = "0"
    total_figure: str = "0"
    item_title: str = ""
    status_text: str = ""
    is_open: bool = False
    bars: tuple[Bar, ...] = ()
    scale: int = 1  # the weight of a full bar: the votes entitled to vote in this vote
    threshold: int | None = None  # votes in favour needed; drawn on the first bar
    threshold_figure: str = ""
    not_voted_members: int = 0
    not_voted_figure: str = ""
    result_text: str = ""
    result_tone: ResultTone = ResultTone.NONE
    base_text: str = ""

    @property
    def has_vote(self) -> bool:
        return bool(self.item_title)


T_STATUS = {
    Status.OPEN: Text("Stemming {n} open — {subject}", "Vote {n} open — {subject}"),
    Status.CLOSED: Text("Stemming {n} gesloten", "Vote {n} closed"),
    Status.DECLARED: Text(
        "Stemming {n} — uitslag vastgesteld door de voorzitter", "Vote {n} — result declared by the chair"
    ),
}
T_STATUS_ACCLAMATION = Text("Besluit {n} — bij acclamatie", "Decision {n} — by acclamation")
T_ACCLAMATION = Text("Aangenomen bij acclamatie", "Adopted by acclamation")
T_BEING_DECLARED = Text("Uitslag wordt vastgesteld", "The result is being declared")
T_SUPERSEDED = Text(" (vervangen door een herstemming)", " (superseded by a new vote)")
T_COMPUTED = Text("Berekend: {verdict}", "Computed: {verdict}")
T_DECLARED = Text("Vastgesteld: {verdict}", "Declared: {verdict}")
T_ADOPTED = Text("AANGENOMEN", "ADOPTED")
T_REJECTED = Text("VERWORPEN", "REJECTED")
T_DECLARED_OTHER = Text(
    "Vastgesteld door de voorzitter: {verdict} (berekend: {computed})",
    "Declared by the chair: {verdict} (computed: {computed})",
)
T_PCT = Text("{verdict} met {pct} voor", "{verdict} with {pct} for")
T_TIE = Text("VERWORPEN — de stemmen staken", "REJECTED — a tie")
T_RULE = Text("Regel: {rule} · {base}", "Rule: {rule} · {base}")


def verdict_text(t: Tally, tr: Translator, labels: Mapping[Option, str] | None = None) -> str:
    """The computed outcome, short enough for the back of the hall (the base has its own line)."""
    if t.is_ballot or t.outcome is Outcome.NO_VOTES_CAST or t.outcome is Outcome.QUORUM_NOT_MET:
        return describe(t, tr.lang, labels=labels)
    if t.outcome is Outcome.TIE:
        return tr(T_TIE)
    verdict = tr(T_ADOPTED if t.adopted else T_REJECTED)
    pct = t.percent_text(Choice.VOOR, tr.lang)
    return tr(T_PCT, verdict=verdict, pct=pct) if pct else verdict


def option_label(option: Choice | Option, labels: Mapping[Option, str], tr: Translator) -> str:
    """'VOOR', or 'OPTIE 2 · KANDIDAAT B' with the name the agenda gives the option."""
    word = choice_label(option, tr.lang).upper()
    name = labels.get(option) if isinstance(option, Option) else None
    return f"{word} · {name.upper()}" if name else word


def item_title(agenda: Agenda | None, item: str, part: str | None) -> str:
    title = item
    if agenda is not None and item in agenda:
        title = f"{item}. {agenda.item(item).title}"
    return f"{title} ({part})" if part else title


def hall_state(
    vote: Vote | None,
    *,
    number: int,
    agenda: Agenda | None,
    counters: Counters,
    settings: MeetingSettings,
    tr: Translator,
) -> TallyScreenState:
    """What the hall sees for ``vote`` (the open one, else the latest); pure, for tests and reuse."""
    base = TallyScreenState(
        counters.present_members,
        counters.total_members,
        format_votes(counters.present_votes, tr.lang),
        format_votes(counters.total_votes, tr.lang),
    )
    if vote is None:
        return base
    title = item_title(agenda, vote.item, vote.part)
    if vote.method is Method.ACCLAMATION:
        declaration = vote.declaration
        statement = declaration.statement if declaration is not None else ""
        status = tr(T_STATUS_ACCLAMATION, n=number)
        if statement and statement.casefold() != tr(T_ACCLAMATION).casefold():
            status += f" — {statement}"  # the chair's own words, when they say more
        return TallyScreenState(
            base.present_members,
            base.total_members,
            base.present_figure,
            base.total_figure,
            item_title=title,
            status_text=status,
            result_text=tr(T_ACCLAMATION),
            result_tone=ResultTone.ADOPTED,
        )
    t = vote.tally()
    assert t is not None
    labels = agenda.item(vote.item).option_labels() if agenda is not None and vote.item in agenda else {}
    subject = tr(SUBJECT_LABELS[vote.subject])
    status = tr(T_STATUS[vote.status], n=number, subject=subject)
    if vote.superseded_by:
        status += tr(T_SUPERSEDED)
    result, tone = "", ResultTone.NONE
    computed = verdict_text(t, tr, labels)
    if vote.status is Status.CLOSED:
        if settings.show_computed_result:
            result, tone = tr(T_COMPUTED, verdict=computed), _tone(t.adopted)
        else:
            result, tone = tr(T_BEING_DECLARED), ResultTone.PENDING
    elif vote.status is Status.DECLARED and vote.declaration is not None:
        declared = vote.declaration
        if vote.declaration_differs():
            verdict = declared.statement or tr(T_ADOPTED if declared.adopted else T_REJECTED)
            result = tr(T_DECLARED_OTHER, verdict=verdict, computed=computed)
        else:
            result = tr(T_DECLARED, verdict=computed)
        tone = _tone(declared.adopted)
    scale = max(1, t.eligible.weight)
    bars = tuple(
        Bar(
            key=str(option),
            label=option_label(option, labels, tr),
            weight=t.count(option).weight,
            figure=format_votes(t.count(option).weight, tr.lang),
            members=t.count(option).members,
            percent=t.percent_text(option, tr.lang) or "",
        )
        for option in t.options
    )
    threshold = None if t.is_ballot else t.threshold
    return TallyScreenState(
        base.present_members,
        base.total_members,
        base.present_figure,
        base.total_figure,
        item_title=title,
        status_text=status,
        is_open=vote.is_open,
        bars=bars,
        scale=scale,
        threshold=threshold,
        threshold_figure="" if threshold is None else format_votes(threshold, tr.lang),
        not_voted_members=t.not_voted.members,
        not_voted_figure=format_votes(t.not_voted.weight, tr.lang),
        result_text=result,
        result_tone=tone,
        base_text=tr(T_RULE, rule=vote.rule.label(tr.lang), base=base_label(vote.base, tr.lang)),
    )


def _tone(adopted: bool) -> ResultTone:
    return ResultTone.ADOPTED if adopted else ResultTone.REJECTED


class ChairScreen:
    """The hall's screen state, read once and then updated per change (only what it touched)."""

    def __init__(
        self,
        voting: VotingService,
        counters: Callable[[], Counters],
        tr: Translator | None = None,
        settings: Callable[[], MeetingSettings] | None = None,
    ) -> None:
        self.voting = voting
        self._counters_source = counters
        self.tr = tr or Translator()
        self._settings_source = settings or (lambda: voting.meeting_settings())
        self._counters = counters()
        self._settings = self._settings_source()
        self._agenda = voting.agenda()
        self._vote = voting.current()
        self._number = self._number_of(self._vote)
        self._state = self._build()

    @property
    def state(self) -> TallyScreenState:
        return self._state

    def update(self, change: Change) -> bool:
        """Read what ``change`` touched; True when the screen must be drawn again."""
        if not change.touches(Topic.VOTES, Topic.PRESENCE, Topic.AGENDA, Topic.MEETING, Topic.MEMBERS):
            return False
        if change.touches(Topic.PRESENCE, Topic.MEMBERS):
            self._counters = self._counters_source()
        if change.touches(Topic.MEETING):
            self._settings = self._settings_source()
        if change.touches(Topic.AGENDA):
            self._agenda = self.voting.agenda()
        if change.touches(Topic.VOTES):
            self._vote = self.voting.current()
            self._number = self._number_of(self._vote)
        state = self._build()
        if state == self._state:
            return False
        self._state = state
        return True

    def _number_of(self, vote: Vote | None) -> int:
        return 0 if vote is None else self.voting.number(vote.id) or 0

    def _build(self) -> TallyScreenState:
        return hall_state(
            self._vote,
            number=self._number,
            agenda=self._agenda,
            counters=self._counters,
            settings=self._settings,
            tr=self.tr,
        )


# -- the chair's table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardChange:
    """What a change altered on the board: the views redraw only these parts."""

    agenda: bool = False
    votes: frozenset[str] = frozenset()
    current: bool = False  # the vote on screen is another one, or it changed
    presence: bool = False
    everything: bool = False

    @property
    def any(self) -> bool:
        return self.agenda or bool(self.votes) or self.current or self.presence or self.everything


@dataclass
class VotingBoard:
    """The chair's table in memory: agenda and order, every vote's summary, the vote on screen.

    :meth:`load` reads everything once; :meth:`apply` reads only what a change touched — the
    summaries of the votes its audit entries name, and the vote on screen when it is one of
    them — so recording a choice costs the same with one vote held or fifty.
    """

    voting: VotingService
    agenda: Agenda | None = None
    order: tuple[Step, ...] = ()
    summaries: dict[str, VoteSummary] = field(default_factory=dict)
    current: Vote | None = None
    names: dict[str, str] = field(default_factory=dict)

    def load(self) -> BoardChange:
        self._load_agenda()
        self.summaries = {s.id: s for s in self.voting.votes()}
        self.names = self.voting.member_names()
        self._load_current(force=True)
        return BoardChange(agenda=True, votes=frozenset(self.summaries), current=True, presence=True, everything=True)

    def apply(self, change: Change) -> BoardChange:
        agenda = change.touches(Topic.AGENDA, Topic.MEETING)
        if agenda:
            self._load_agenda()
        if change.touches(Topic.MEMBERS):
            self.names = self.voting.member_names()
        touched: frozenset[str] = frozenset()
        current = False
        if change.touches(Topic.VOTES):
            ids = self.voting.touched(change)
            if ids is None:
                return self.load()
            touched = frozenset(ids)
            for summary in self.voting.summaries(sorted(ids)):
                self.summaries[summary.id] = summary
            current = self._load_current(touched=touched)
        return BoardChange(
            agenda=agenda, votes=touched, current=current, presence=change.touches(Topic.PRESENCE, Topic.MEMBERS)
        )

    def _load_agenda(self) -> None:
        self.agenda = self.voting.agenda()
        self.order = self.voting.voting_order() if self.agenda is not None else ()

    def _load_current(self, *, force: bool = False, touched: frozenset[str] = frozenset()) -> bool:
        """The open vote, else the latest; read again only when it is another one or was touched."""
        rows = sorted(self.summaries.values(), key=lambda s: s.number)
        wanted = next((s.id for s in rows if s.is_open), rows[-1].id if rows else None)
        have = None if self.current is None else self.current.id
        if not force and wanted == have and wanted not in touched:
            return False
        self.current = None if wanted is None else self.voting.vote(wanted)
        return True

    # -- reading ------------------------------------------------------------------------------------
    def number(self, vote_id: str | None) -> int:
        summary = self.summaries.get(vote_id or "")
        return 0 if summary is None else summary.number

    def step_vote(self, step: Step) -> VoteSummary | None:
        """The latest vote on ``step`` (a herstemming comes after the vote it supersedes)."""
        found = [s for s in self.summaries.values() if Step(s.item, s.part) == step]
        return max(found, key=lambda s: s.number) if found else None

    def step_votes(self) -> dict[Step, VoteSummary]:
        latest: dict[Step, VoteSummary] = {}
        for s in sorted(self.summaries.values(), key=lambda s: s.number):
            latest[Step(s.item, s.part)] = s
        return latest

    def first_undecided(self) -> Step | None:
        done = {Step(s.item, s.part) for s in self.summaries.values()}
        return next((s for s in self.order if s not in done), None)

    def permissions(self, selected: Step | None) -> dict[Action, Permission]:
        """What the chair may do now, for the item chosen in the agenda (domain rule)."""
        return permissions(
            self.current,
            has_agenda=self.agenda is not None and bool(self.order),
            step_selected=selected is not None,
            step_vote=None if selected is None else self.step_vote(selected),
        )

    def labels(self, vote: Vote | VoteSummary | None) -> dict[Option, str]:
        if vote is None or self.agenda is None or vote.item not in self.agenda:
            return {}
        return self.agenda.item(vote.item).option_labels()
