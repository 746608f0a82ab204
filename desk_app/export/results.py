"""Public results: per vote per municipality (weight and choice, no names), and a summary per vote.

``results.csv`` lists, for every vote with public per-member choices, every municipality in the
vote's snapshot (those entitled to vote) with its weight and its last choice, or "niet gestemd".
``summary.csv`` has one row per vote: the rule and the base, the counts per choice in votes and
in municipalities, the computed result and the chair's declared result, kept apart (BW 2:13).
The totals in the summary recompute exactly from the rows of ``results.csv``; the verifier
(:mod:`desk_app.export.verify`) checks that, with its own arithmetic.

Secret votes (persons) have no per-member rows: only their totals exist. Decisions by
acclamation have neither rows nor counts: only the declaration.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desk_app.domain.clock import local_datetime
from desk_app.domain.tally import (
    MATTER_CHOICES,
    Choice,
    Option,
    Outcome,
    Tally,
    describe,
)
from desk_app.domain.vote import Method, Vote
from desk_app.export import csvfile
from desk_app.export.model import MemberInfo, VoteExport

NOT_VOTED = "niet gestemd"
LIST_SEP = "|"  # inside a cell: never the CSV separator, and never a formula trigger

OUTCOME_CODES: Mapping[Outcome, str] = {
    Outcome.ADOPTED: "aangenomen",
    Outcome.REJECTED: "verworpen",
    Outcome.TIE: "staken",
    Outcome.NO_VOTES_CAST: "geen_stemmen",
    Outcome.QUORUM_NOT_MET: "quorum_niet_gehaald",
    Outcome.CHOSEN: "gekozen",
    Outcome.NO_MAJORITY: "geen_meerderheid",
}

RESULTS_HEADER = (
    "volgorde",
    "stemming",
    "agendapunt",
    "deel",
    "gemeentecode",
    "gemeente",
    "stemgewicht",
    "keuze",
)

SUMMARY_HEADER = (
    "volgorde",
    "stemming",
    "agendapunt",
    "deel",
    "titel",
    "onderwerp",
    "methode",
    "geheim",
    "keuzes",
    "optienamen",
    "regel",
    "regel_tekst",
    "basis",
    "stembiljet_methode",
    "quorum_stemmen",
    "quorum_gemeenten",
    "register_gemeenten",
    "register_stemmen",
    "stemgerechtigd_gemeenten",
    "stemgerechtigd_stemmen",
    "gestemd_gemeenten",
    "gestemd_stemmen",
    "voor_gemeenten",
    "voor_stemmen",
    "tegen_gemeenten",
    "tegen_stemmen",
    "onthouding_gemeenten",
    "onthouding_stemmen",
    "gemeenten_per_keuze",
    "stemmen_per_keuze",
    "uitgebracht_gemeenten",
    "uitgebracht_stemmen",
    "drempel",
    "voor_pct",
    "uitkomst_berekend",
    "winnaar_berekend",
    "uitslag_berekend",
    "uitslag_vastgesteld",
    "winnaar_vastgesteld",
    "verklaring_voorzitter",
    "wijkt_af",
    "status",
    "geopend",
    "gesloten",
    "vervangt",
    "vervangen_door",
)


@dataclass(frozen=True)
class VoteSummary:
    """One vote with its number in the meeting's order and its computed tally (None: acclamation)."""

    number: int
    export: VoteExport
    tally: Tally | None

    @property
    def vote(self) -> Vote:
        return self.export.vote

    @property
    def public_rows(self) -> bool:
        """True when choices per municipality are public (a recorded, non-secret vote)."""
        return self.vote.method is Method.RECORDED and not self.vote.secret

    def computed_text(self, lang: str = "nl") -> str:
        if self.tally is None:
            return "bij acclamatie aangenomen" if lang == "nl" else "adopted by acclamation"
        return describe(self.tally, lang, dict(self.export.option_labels))

    def declared_code(self) -> str:
        d = self.vote.declaration
        if d is None:
            return ""
        if self.tally is not None and self.tally.is_ballot:
            return "gekozen" if d.winner is not None else "geen_meerderheid"
        return "aangenomen" if d.adopted else "verworpen"


def ordered(votes: Sequence[VoteExport]) -> list[VoteSummary]:
    """Votes in the order they were held (their number, else opening time, then id), from 1."""
    ranked = sorted(
        votes,
        key=lambda v: (v.number is None, v.number or 0, v.vote.opened_at, v.vote.id),
    )
    return [VoteSummary(n, v, v.vote.tally()) for n, v in enumerate(ranked, start=1)]


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("ja" if flag else "nee")


def percent_cell(basis_points: int | None) -> Decimal | None:
    """9881 -> Decimal('98.81'), written as '98,81'."""
    return None if basis_points is None else Decimal(basis_points).scaleb(-2)


def _label(option: object) -> str:
    return str(option).replace(LIST_SEP, "/")


def summary_row(s: VoteSummary) -> tuple[csvfile.Cell, ...]:
    v, t = s.vote, s.tally
    options = v.options
    is_ballot = options != MATTER_CHOICES
    labels = (
        LIST_SEP.join(_label(s.export.option_labels.get(o, str(o))) for o in options if isinstance(o, Option))
        if is_ballot
        else ""
    )
    eligible_members = len(v.eligible)
    eligible_votes = sum(x.weight for x in v.eligible.values())

    def count(choice: Choice, attr: str) -> int | None:
        if t is None or (is_ballot and choice is not Choice.ONTHOUDING):
            return None
        return int(getattr(t.count(choice), attr))

    declared_winner = ""
    if v.declaration is not None and v.declaration.winner is not None:
        declared_winner = str(v.declaration.winner)
    differs = v.declaration_differs()
    return (
        s.number,
        v.id,
        v.item,
        v.part or "",
        s.export.title,
        str(v.subject),
        str(v.method),
        _yes_no(v.secret),
        LIST_SEP.join(str(o) for o in options) if t is not None else "",
        labels,
        v.rule.code if t is not None else "",
        v.rule.label("nl") if t is not None else "",
        str(v.base) if t is not None else "",
        str(v.ballot_method) if t is not None and is_ballot else "",
        v.quorum.votes if v.quorum is not None else None,
        v.quorum.members if v.quorum is not None else None,
        v.register.members,
        v.register.weight,
        eligible_members,
        eligible_votes,
        t.voted.members if t else None,
        t.voted.weight if t else None,
        count(Choice.VOOR, "members"),
        count(Choice.VOOR, "weight"),
        count(Choice.TEGEN, "members"),
        count(Choice.TEGEN, "weight"),
        count(Choice.ONTHOUDING, "members"),
        count(Choice.ONTHOUDING, "weight"),
        LIST_SEP.join(str(t.count(o).members) for o in options) if t else "",
        LIST_SEP.join(str(t.count(o).weight) for o in options) if t else "",
        t.cast.members if t else None,
        t.cast.weight if t else None,
        t.threshold if t else None,
        percent_cell(t.percent(Choice.VOOR)) if t is not None and not is_ballot else None,
        OUTCOME_CODES[t.outcome] if t else "",
        str(t.winner) if t is not None and t.winner is not None else "",
        s.computed_text("nl"),
        s.declared_code(),
        declared_winner,
        v.declaration.statement if v.declaration else "",
        _yes_no(differs),
        str(v.status),
        local_datetime(v.opened_at or None),
        local_datetime(v.closed_at or None),
        v.supersedes or "",
        v.superseded_by or "",
    )


def summary_csv(summaries: Sequence[VoteSummary], banner: str | None = None) -> bytes:
    return csvfile.to_bytes(SUMMARY_HEADER, (summary_row(s) for s in summaries), banner)


def results_csv(summaries: Sequence[VoteSummary], members: Sequence[MemberInfo], banner: str | None = None) -> bytes:
    names = {m.code: m.name for m in members}

    def rows() -> Iterator[tuple[csvfile.Cell, ...]]:
        for s in summaries:
            if not s.public_rows:
                continue
            choices = s.vote.choices()
            for code in sorted(s.vote.eligible):
                voter = s.vote.eligible[code]
                choice = choices.get(code)
                yield (
                    s.number,
                    s.vote.id,
                    s.vote.item,
                    s.vote.part or "",
                    code,
                    names.get(code, ""),
                    voter.weight,
                    str(choice) if choice is not None else NOT_VOTED,
                )

    return csvfile.to_bytes(RESULTS_HEADER, rows(), banner)
