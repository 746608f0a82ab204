"""Weighted tallies and majority rules (statutes art. 11.5, BW 2:13 and 2:43).

Everything that decides is integer arithmetic on weights: a proposal is adopted when
``2 * voor > voor + tegen`` (the default rule), or ``3 * voor >= 2 * (voor + tegen)`` for at least
two thirds. Fractions and percentages are never used to decide; percentages exist only for
display, computed last, in hundredths of a percent, and formatted the Dutch way ("98,81%").

Two per-meeting settings shape a tally and are named in every result:

* :class:`Base` — what counts as a vote cast. Default: abstentions are recorded but are not
  votes cast. The alternative counts them as cast (so they work like votes against).
* :class:`Quorum` — default off (no quorum is known for the ALV). When set, it is measured on
  the members present when the vote opened (the snapshot), in votes and/or in municipalities.

Ballots with several options (e.g. three) use the same :class:`Rule`. The default,
:attr:`BallotMethod.MAJORITY`, applies the rule to each option's votes against the votes cast:
an option is chosen only when it alone has more than half of the votes cast, because art. 11.5
requires a majority of the votes cast for every decision; when no option reaches it the result
is "no majority" and the chair calls a new round. :attr:`BallotMethod.PLURALITY` (most votes
wins, a tie at the top decides nothing) exists for meetings that decide so beforehand.

A rule weaker than a simple majority is refused on construction: that keeps "a tie is not
adopted" true for every rule and guarantees at most one option can meet the rule in a ballot.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

from desk_app.domain.text import DeskError, Text

# --------------------------------------------------------------------------------------------
# Choices
# --------------------------------------------------------------------------------------------


class Choice(StrEnum):
    """The three answers to a proposal. ``str(choice)`` is the stable code that is stored."""

    VOOR = "voor"
    TEGEN = "tegen"
    ONTHOUDING = "onthouding"


@dataclass(frozen=True, order=True)
class Option:
    """Option ``n`` (1-based) of a ballot with several options; ``str()`` is ``optie-n``."""

    n: int

    def __post_init__(self) -> None:
        if not 1 <= self.n <= MAX_OPTIONS:
            raise ValueError(f"option number must be 1..{MAX_OPTIONS}, not {self.n}")

    def __str__(self) -> str:
        return f"optie-{self.n}"


Cast: TypeAlias = Choice | Option
"""Anything a member can choose in a vote: voor/tegen/onthouding, or a ballot option."""

# Numbers on the printed choice sheets (token kind 3 carries two digits): 1-3 for the matter
# choices, 10 + n for ballot option n. Fixed here so every sheet and scanner agrees.
_SHEET_NUMBERS: dict[Choice, int] = {Choice.VOOR: 1, Choice.TEGEN: 2, Choice.ONTHOUDING: 3}
_OPTION_BASE = 10
MAX_OPTIONS = 99 - _OPTION_BASE

MATTER_CHOICES: tuple[Cast, ...] = (Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING)

_OPTION_RE = re.compile(r"^optie-([1-9][0-9]?)$")  # range checked by Option

_T_CHOICE_UNKNOWN = Text(
    "onbekende keuze '{code}' (verwacht voor, tegen, onthouding of optie-N)",
    "unknown choice '{code}' (expected voor, tegen, onthouding or optie-N)",
)


def ballot_choices(n: int) -> tuple[Cast, ...]:
    """The choices of a ballot with ``n`` options: options 1..n plus abstaining (blank)."""
    if n < 2:
        raise ValueError("a ballot needs at least two options")
    return (*(Option(i) for i in range(1, n + 1)), Choice.ONTHOUDING)


def parse_choice(code: str) -> Cast:
    """The inverse of ``str(choice)``; raise ``DeskError('choice.unknown')`` for anything else."""
    text = code.strip().lower()
    try:
        return Choice(text)
    except ValueError:
        pass
    m = _OPTION_RE.match(text)
    if m and int(m.group(1)) <= MAX_OPTIONS:
        return Option(int(m.group(1)))
    raise DeskError("choice.unknown", _T_CHOICE_UNKNOWN, {"code": code})


def sheet_number(choice: Cast) -> int:
    """The two-digit number printed in a choice sheet's barcode for ``choice``."""
    if isinstance(choice, Option):
        return _OPTION_BASE + choice.n
    return _SHEET_NUMBERS[choice]


def choice_from_sheet(number: int) -> Cast:
    """The inverse of :func:`sheet_number`; ``DeskError('choice.unknown')`` for unused numbers."""
    for choice, n in _SHEET_NUMBERS.items():
        if n == number:
            return choice
    if _OPTION_BASE < number <= _OPTION_BASE + MAX_OPTIONS:
        return Option(number - _OPTION_BASE)
    raise DeskError("choice.unknown", _T_CHOICE_UNKNOWN, {"code": f"{number:02d}"})


_CHOICE_LABELS = {
    Choice.VOOR: Text("voor", "for"),
    Choice.TEGEN: Text("tegen", "against"),
    Choice.ONTHOUDING: Text("onthouding", "abstain"),
}
_T_OPTION = Text("optie {n}", "option {n}")


def choice_label(choice: Cast, lang: str | None = None) -> str:
    """A short human label: 'voor', 'tegen', 'onthouding', 'optie 2' (or the English ones)."""
    if isinstance(choice, Option):
        return _T_OPTION.render(lang, n=choice.n)
    return _CHOICE_LABELS[choice].render(lang)


# --------------------------------------------------------------------------------------------
# Settings: base, rule, quorum, ballot method
# --------------------------------------------------------------------------------------------


class Base(StrEnum):
    """What counts as a vote cast (setting; the values match ``MeetingSettings.base``)."""

    ABSTENTIONS_EXCLUDED = "abstentions_excluded"
    ABSTENTIONS_COUNTED = "abstentions_counted"


_BASE_TEXT = {
    Base.ABSTENTIONS_EXCLUDED: Text(
        "basis: uitgebrachte stemmen, onthoudingen niet meegeteld",
        "base: votes cast, abstentions not counted",
    ),
    Base.ABSTENTIONS_COUNTED: Text(
        "basis: uitgebrachte stemmen, onthoudingen meegeteld",
        "base: votes cast, abstentions counted as cast",
    ),
}


def base_label(base: Base, lang: str | None = None) -> str:
    return _BASE_TEXT[base].render(lang)


class Comparison(StrEnum):
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"


_T_RULE_INVALID = Text(
    "ongeldige meerderheidsregel {rule}: de breuk moet tussen 1/2 en 1 liggen en mag niet lager "
    "zijn dan 'meer dan de helft'",
    "invalid majority rule {rule}: the fraction must lie between 1/2 and 1 and may not be lower than 'more than half'",
)
_T_RULE_SYNTAX = Text(
    "onbekende meerderheidsregel '{value}' (verwacht simple, two_thirds, of bijv. 'at_least 3/4' / 'more_than 3/5')",
    "unknown majority rule '{value}' (expected simple, two_thirds, or e.g. 'at_least 3/4' / 'more_than 3/5')",
)


@dataclass(frozen=True)
class Rule:
    """A majority of the votes cast: ``more than`` or ``at least`` ``numerator/denominator``.

    Decided in integers: ``denominator * favour  >  numerator * cast`` (or ``>=``).
    """

    numerator: int = 1
    denominator: int = 2
    comparison: Comparison = Comparison.MORE_THAN

    def __post_init__(self) -> None:
        object.__setattr__(self, "comparison", Comparison(self.comparison))
        p, q = self.numerator, self.denominator
        if p >= 1 and q >= 1:
            # Reduced, so that 2/4 and 1/2 are the same rule with the same stored code.
            g = math.gcd(p, q)
            p, q = p // g, q // g
            object.__setattr__(self, "numerator", p)
            object.__setattr__(self, "denominator", q)
        ok = 1 <= p <= q and (2 * p > q or (2 * p == q and self.comparison is Comparison.MORE_THAN))
        if ok and p == q and self.comparison is Comparison.MORE_THAN:
            ok = False  # "more than all votes" can never pass
        if not ok:
            raise DeskError("rule.invalid", _T_RULE_INVALID, {"rule": self.code})

    @property
    def code(self) -> str:
        """Stable text form for storage and files: ``simple``, ``two_thirds``, ``at_least 3/4``."""
        if self == SIMPLE_MAJORITY:
            return "simple"
        if self == TWO_THIRDS:
            return "two_thirds"
        return f"{self.comparison.value} {self.numerator}/{self.denominator}"

    def passes(self, favour: int, cast: int) -> bool:
        """True when ``favour`` weighted votes meet the rule out of ``cast``; never with 0 cast."""
        if cast <= 0:
            return False
        left, right = self.denominator * favour, self.numerator * cast
        return left > right if self.comparison is Comparison.MORE_THAN else left >= right

    def threshold(self, cast: int) -> int | None:
        """The smallest number of votes in favour that passes, or None when nothing was cast."""
        if cast <= 0:
            return None
        p, q = self.numerator, self.denominator
        if self.comparison is Comparison.MORE_THAN:
            return (p * cast) // q + 1
        return -((-p * cast) // q)  # ceiling division in integers

    def label(self, lang: str | None = None) -> str:
        if self == SIMPLE_MAJORITY:
            return Text("meer dan de helft", "more than half").render(lang)
        if self == TWO_THIRDS:
            return Text("ten minste twee derde", "at least two thirds").render(lang)
        word = (
            Text("meer dan", "more than") if self.comparison is Comparison.MORE_THAN else Text("ten minste", "at least")
        )
        return f"{word.render(lang)} {self.numerator}/{self.denominator}"


SIMPLE_MAJORITY = Rule(1, 2, Comparison.MORE_THAN)
TWO_THIRDS = Rule(2, 3, Comparison.AT_LEAST)

_RULE_RE = re.compile(r"^(more_than|at_least)\s+(\d{1,4})\s*/\s*(\d{1,4})$")


def parse_rule(value: str) -> Rule:
    """``simple``, ``two_thirds``, ``more_than p/q`` or ``at_least p/q`` -> :class:`Rule`."""
    text = value.strip().lower()
    if text == "simple":
        return SIMPLE_MAJORITY
    if text == "two_thirds":
        return TWO_THIRDS
    m = _RULE_RE.match(text)
    if not m:
        raise DeskError("rule.syntax", _T_RULE_SYNTAX, {"value": value})
    return Rule(int(m.group(2)), int(m.group(3)), Comparison(m.group(1)))


@dataclass(frozen=True)
class Count:
    """A number of municipalities and their summed weight (votes)."""

    members: int = 0
    weight: int = 0

    def __add__(self, other: Count) -> Count:
        return Count(self.members + other.members, self.weight + other.weight)

    def __sub__(self, other: Count) -> Count:
        return Count(self.members - other.members, self.weight - other.weight)


@dataclass(frozen=True)
class Quorum:
    """Minimum presence at the opening of a vote (setting, default off = no Quorum at all).

    Absolute numbers, as ``MeetingSettings.quorum_votes``: ``votes`` present and/or ``members``
    (municipalities) present. Both must be met.
    """

    votes: int = 0
    members: int = 0

    def met(self, present: Count) -> bool:
        return present.weight >= self.votes and present.members >= self.members


class BallotMethod(StrEnum):
    MAJORITY = "majority"  # the rule applied to each option; default (art. 11.5)
    PLURALITY = "plurality"  # most votes wins; a tie at the top decides nothing


# --------------------------------------------------------------------------------------------
# The tally
# --------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    ADOPTED = "adopted"  # a proposal met its rule
    REJECTED = "rejected"  # a proposal did not
    TIE = "tie"  # voor is exactly half of the votes cast: not adopted
    NO_VOTES_CAST = "no_votes_cast"  # nothing counts as cast: not adopted
    QUORUM_NOT_MET = "quorum_not_met"  # too few present at the opening: not adopted
    CHOSEN = "chosen"  # a ballot: one option met the method
    NO_MAJORITY = "no_majority"  # a ballot: no option did (or a tie at the top)


_T = {
    "weight": Text(
        "gemeente {code} heeft geen geldig stemgewicht ({value})",
        "municipality {code} has no valid weight ({value})",
    ),
    "not_eligible": Text(
        "gemeente {code} stond niet op de lijst van stemgerechtigden bij het openen van de stemming",
        "municipality {code} was not on the list of those entitled to vote when the vote opened",
    ),
    "choice_invalid": Text(
        "keuze '{choice}' hoort niet bij deze stemming (mogelijk: {allowed})",
        "choice '{choice}' does not belong to this vote (allowed: {allowed})",
    ),
    "options": Text(
        "een stemming heeft voor, tegen en onthouding, of ten minste twee opties en onthouding",
        "a vote has voor, tegen and onthouding, or at least two options and onthouding",
    ),
    "counts": Text(
        "de aantallen kloppen niet: {voted} gestemd van {eligible} stemgerechtigd",
        "the counts do not add up: {voted} voted of {eligible} entitled to vote",
    ),
}


@dataclass(frozen=True)
class Tally:
    """The computed result of one vote at one moment (live while open, final once closed).

    ``counts`` has one row per choice of the vote, in order, zeros included. ``by_member`` is
    empty for a secret ballot, where only totals exist.
    """

    options: tuple[Cast, ...]
    counts: Mapping[Cast, Count]
    rule: Rule
    base: Base
    eligible: Count  # entitled to vote: the snapshot taken when the vote opened
    register: Count  # the whole register: attendance is eligible of register
    voted: Count  # recorded any choice
    cast: Count  # counted as votes cast under the base
    threshold: int | None  # votes in favour needed (None: nothing cast, or plurality)
    outcome: Outcome
    winner: Cast | None  # VOOR when adopted, the chosen Option of a ballot, else None
    ballot_method: BallotMethod = BallotMethod.MAJORITY
    quorum: Quorum | None = None
    quorum_met: bool | None = None  # None: no quorum set
    by_member: Mapping[str, Cast] = field(default_factory=dict)

    @property
    def is_ballot(self) -> bool:
        return any(isinstance(o, Option) for o in self.options)

    @property
    def adopted(self) -> bool:
        """True when the proposal is adopted or a ballot option is chosen."""
        return self.outcome in (Outcome.ADOPTED, Outcome.CHOSEN)

    @property
    def not_voted(self) -> Count:
        """Entitled to vote but no choice recorded (yet)."""
        return self.eligible - self.voted

    def count(self, choice: Cast) -> Count:
        return self.counts.get(choice, Count())

    def counts_as_cast(self, choice: Cast) -> bool:
        return choice is not Choice.ONTHOUDING or self.base is Base.ABSTENTIONS_COUNTED

    def percent(self, choice: Cast) -> int | None:
        """Share of the votes cast in hundredths of a percent (9881 = 98,81%), for display only.

        None when the choice is not part of the base (abstentions, by default) or nothing was cast.
        """
        if not self.counts_as_cast(choice) or self.cast.weight <= 0:
            return None
        return basis_points(self.count(choice).weight, self.cast.weight)

    def percent_text(self, choice: Cast, lang: str | None = None) -> str | None:
        bp = self.percent(choice)
        return None if bp is None else format_percent(bp, lang)


def basis_points(part: int, whole: int) -> int:
    """``part / whole`` in hundredths of a percent, rounded half up, in integers.

    Rounding never shows 100,00% for a non-unanimous share nor 0,00% for a non-zero one, so a
    displayed figure cannot suggest unanimity or absence that the count does not have.
    """
    if whole <= 0 or part < 0 or part > whole:
        raise ValueError(f"cannot take {part} of {whole}")
    bp = (20000 * part + whole) // (2 * whole)
    if part < whole:
        bp = min(bp, 9999)
    if part > 0:
        bp = max(bp, 1)
    return bp


def format_percent(bp: int, lang: str | None = None) -> str:
    """9881 -> '98,81%' (Dutch) or '98.81%' (English)."""
    sep = "." if _lang(lang) == "en" else ","
    return f"{bp // 100}{sep}{bp % 100:02d}%"


def format_votes(n: int, lang: str | None = None) -> str:
    """5000 -> '5.000' (Dutch) or '5,000' (English)."""
    text = f"{n:,}"
    return text if _lang(lang) == "en" else text.replace(",", ".")


def _lang(lang: str | None) -> str:
    return lang or "nl"


def _check_options(options: Sequence[Cast]) -> tuple[Cast, ...]:
    opts = tuple(options)
    matter = opts == MATTER_CHOICES
    ballot = (
        len(opts) >= 3
        and opts[-1] is Choice.ONTHOUDING
        and all(isinstance(o, Option) for o in opts[:-1])
        and len(set(opts)) == len(opts)
    )
    if not (matter or ballot):
        raise DeskError("tally.options", _T["options"], {})
    return opts


def tally(
    choices: Mapping[str, Cast],
    weights: Mapping[str, int],
    eligible: AbstractSet[str],
    rule: Rule = SIMPLE_MAJORITY,
    base: Base = Base.ABSTENTIONS_EXCLUDED,
    *,
    options: Sequence[Cast] = MATTER_CHOICES,
    register: Count | None = None,
    quorum: Quorum | None = None,
    ballot_method: BallotMethod = BallotMethod.MAJORITY,
) -> Tally:
    """Count the last choice of each municipality with its weight and apply the rule.

    ``choices`` maps municipality code to its (last) choice; ``weights`` holds at least every
    eligible code; ``eligible`` is the snapshot of codes entitled to vote. ``register`` is the
    whole register for attendance; by default it is taken from ``weights`` (so pass the full
    register's weights, or the register's totals). Raises :class:`DeskError` for a choice from
    outside the snapshot, a choice that is not one of ``options`` or a missing weight.
    """
    opts = _check_options(options)
    for code in eligible:
        w = weights.get(code)
        if not isinstance(w, int) or isinstance(w, bool) or w < 1:
            raise DeskError("tally.weight", _T["weight"], {"code": code, "value": w})
    rows: dict[Cast, Count] = {o: Count() for o in opts}
    for code, choice in choices.items():
        if code not in eligible:
            raise DeskError("vote.not_in_snapshot", _T["not_eligible"], {"code": code})
        if choice not in rows:
            raise DeskError(
                "vote.choice_invalid",
                _T["choice_invalid"],
                {"choice": str(choice), "allowed": ", ".join(str(o) for o in opts)},
            )
        rows[choice] = rows[choice] + Count(1, weights[code])
    eligible_count = Count(len(eligible), sum(weights[c] for c in eligible))
    if register is None:
        register = Count(len(weights), sum(weights.values()))
    return tally_counts(
        rows,
        eligible_count,
        rule,
        base,
        options=opts,
        register=register,
        quorum=quorum,
        ballot_method=ballot_method,
        by_member=dict(choices),
    )


def tally_counts(
    counts: Mapping[Cast, Count],
    eligible: Count,
    rule: Rule = SIMPLE_MAJORITY,
    base: Base = Base.ABSTENTIONS_EXCLUDED,
    *,
    options: Sequence[Cast] = MATTER_CHOICES,
    register: Count | None = None,
    quorum: Quorum | None = None,
    ballot_method: BallotMethod = BallotMethod.MAJORITY,
    by_member: Mapping[str, Cast] | None = None,
) -> Tally:
    """Apply the rule to totals per choice: the path for secret ballots, where only totals exist."""
    opts = _check_options(options)
    unknown = [c for c in counts if c not in opts]
    if unknown:
        raise DeskError(
            "vote.choice_invalid",
            _T["choice_invalid"],
            {"choice": str(unknown[0]), "allowed": ", ".join(str(o) for o in opts)},
        )
    rows = {o: counts.get(o, Count()) for o in opts}
    voted = sum(rows.values(), Count())
    if register is None:
        register = eligible
    if (
        any(r.members < 0 or r.weight < 0 for r in rows.values())
        or voted.members > eligible.members
        or voted.weight > eligible.weight
        or eligible.members > register.members
        or eligible.weight > register.weight
    ):
        raise DeskError(
            "tally.counts",
            _T["counts"],
            {"voted": voted.members, "eligible": eligible.members},
        )
    cast = sum((r for o, r in rows.items() if o is not Choice.ONTHOUDING), Count())
    if base is Base.ABSTENTIONS_COUNTED:
        cast = cast + rows[Choice.ONTHOUDING]
    quorum_met = None if quorum is None else quorum.met(eligible)
    is_ballot = opts != MATTER_CHOICES

    threshold = rule.threshold(cast.weight)
    winner: Cast | None = None
    if quorum_met is False:
        outcome = Outcome.QUORUM_NOT_MET
    elif cast.weight <= 0:
        outcome = Outcome.NO_VOTES_CAST
    elif not is_ballot:
        voor = rows[Choice.VOOR].weight
        if rule.passes(voor, cast.weight):
            outcome, winner = Outcome.ADOPTED, Choice.VOOR
        elif 2 * voor == cast.weight:
            outcome = Outcome.TIE
        else:
            outcome = Outcome.REJECTED
    else:
        winner = _ballot_winner(rows, cast.weight, rule, ballot_method)
        outcome = Outcome.CHOSEN if winner is not None else Outcome.NO_MAJORITY
    if is_ballot and ballot_method is BallotMethod.PLURALITY:
        threshold = None  # the line moves with the runner-up: there is no fixed threshold
    return Tally(
        options=opts,
        counts=rows,
        rule=rule,
        base=base,
        eligible=eligible,
        register=register,
        voted=voted,
        cast=cast,
        threshold=threshold,
        outcome=outcome,
        winner=winner,
        ballot_method=ballot_method,
        quorum=quorum,
        quorum_met=quorum_met,
        by_member=dict(by_member or {}),
    )


def _ballot_winner(rows: Mapping[Cast, Count], cast: int, rule: Rule, method: BallotMethod) -> Cast | None:
    weights = {o: r.weight for o, r in rows.items() if isinstance(o, Option)}
    if method is BallotMethod.MAJORITY:
        # The rule is at least a simple majority, so at most one option can pass.
        passing = [o for o, w in weights.items() if rule.passes(w, cast)]
        return passing[0] if passing else None
    top = max(weights.values())
    leaders = [o for o, w in weights.items() if w == top]
    return leaders[0] if top > 0 and len(leaders) == 1 else None


def leaders(result: Tally) -> list[Option]:
    """The ballot option(s) with the most votes (several when they tie)."""
    weights = {o: r.weight for o, r in result.counts.items() if isinstance(o, Option)}
    if not weights:
        return []
    top = max(weights.values())
    return [o for o, w in weights.items() if w == top]


# --------------------------------------------------------------------------------------------
# The sentence for the chair, the minutes and the public result
# --------------------------------------------------------------------------------------------

_D = {
    Outcome.ADOPTED: Text("aangenomen met {pct}", "adopted with {pct}"),
    Outcome.REJECTED: Text("verworpen met {pct} voor", "rejected with {pct} in favour"),
    Outcome.TIE: Text(
        "verworpen: de stemmen staken ({pct} voor)",
        "rejected: the votes are tied ({pct} in favour)",
    ),
    Outcome.NO_VOTES_CAST: Text(
        "niet aangenomen: er zijn geen stemmen uitgebracht",
        "not adopted: no votes were cast",
    ),
    Outcome.QUORUM_NOT_MET: Text(
        "niet aangenomen: het quorum is niet gehaald ({members} gemeenten met {votes} stemmen aanwezig)",
        "not adopted: the quorum was not met ({members} municipalities with {votes} votes present)",
    ),
    Outcome.CHOSEN: Text("gekozen: {label} met {pct}", "chosen: {label} with {pct}"),
    Outcome.NO_MAJORITY: Text(
        "geen meerderheid: het meest gekozen is {label} met {pct}",
        "no majority: most chosen is {label} with {pct}",
    ),
}
_T_REQUIRED = Text("vereist: {rule}", "required: {rule}")
_T_PLURALITY = Text("meeste stemmen beslist", "most votes decides")
_T_AND = Text(" en ", " and ")


def describe(result: Tally, lang: str | None = None, labels: Mapping[Option, str] | None = None) -> str:
    """One line for the chair and the minutes, always naming the base.

    e.g. ``aangenomen met 98,81% (basis: uitgebrachte stemmen, onthoudingen niet meegeteld)``.
    A rule other than a simple majority, or plurality for a ballot, is named too. ``labels``
    gives ballot options their names from the agenda.
    """

    def label(o: Option) -> str:
        return labels[o] if labels and o in labels else choice_label(o, lang)

    params: dict[str, object] = {}
    if result.outcome in (Outcome.ADOPTED, Outcome.REJECTED, Outcome.TIE):
        params["pct"] = result.percent_text(Choice.VOOR, lang)
    elif result.outcome is Outcome.CHOSEN and isinstance(result.winner, Option):
        params = {"label": label(result.winner), "pct": result.percent_text(result.winner, lang)}
    elif result.outcome is Outcome.NO_MAJORITY:
        top = leaders(result)
        params = {
            "label": _T_AND.render(lang).join(label(o) for o in top),
            "pct": result.percent_text(top[0], lang),
        }
    elif result.outcome is Outcome.QUORUM_NOT_MET:
        params = {
            "members": result.eligible.members,
            "votes": format_votes(result.eligible.weight, lang),
        }
    head = _D[result.outcome].render(lang, **params)
    notes = [base_label(result.base, lang)]
    if result.is_ballot and result.ballot_method is BallotMethod.PLURALITY:
        notes.insert(0, _T_PLURALITY.render(lang))
    elif result.rule != SIMPLE_MAJORITY:
        notes.insert(0, _T_REQUIRED.render(lang, rule=result.rule.label(lang)))
    return f"{head} ({'; '.join(notes)})"
