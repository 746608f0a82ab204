"""What the chair's screen shows, assembled from the desk (attendance) and the current vote."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.domain.tally import Choice, Outcome, Tally, base_label, describe
from desk_app.domain.text import Text
from desk_app.domain.vote import SUBJECT_LABELS, Method, Status, Subject
from desk_app.services.desk import DeskService
from desk_app.services.voting import VotingService


@dataclass(frozen=True)
class TallyScreenState:
    present_members: int
    total_members: int
    present_votes: int
    total_votes: int
    item_title: str | None = None
    status_text: str = ""  # e.g. "Stemming open" / "Stemming gesloten"
    is_open: bool = False
    tally: Tally | None = None
    result_text: str = ""  # the computed (or declared) result once closed, in words
    base_text: str = ""  # the rule and the base, named with every result


T_STATUS = {
    Status.OPEN: Text("Stemming {n} open — {subject}", "Vote {n} open — {subject}"),
    Status.CLOSED: Text("Stemming {n} gesloten — uitslag berekend", "Vote {n} closed — result computed"),
    Status.DECLARED: Text("Stemming {n} — uitslag vastgesteld door de voorzitter",
                          "Vote {n} — result declared by the chair"),
}
T_ACCLAMATION = Text("Aangenomen bij acclamatie", "Adopted by acclamation")
T_SUPERSEDED = Text(" (vervangen door een herstemming)", " (superseded by a new vote)")
T_DECLARED = Text("Vastgesteld: {verdict}", "Declared: {verdict}")
T_ADOPTED = Text("AANGENOMEN", "ADOPTED")
T_REJECTED = Text("VERWORPEN", "REJECTED")
T_DECLARED_OTHER = Text("Vastgesteld door de voorzitter: {verdict} (berekend: {computed})",
                        "Declared by the chair: {verdict} (computed: {computed})")
T_PCT = Text("{verdict} met {pct} voor", "{verdict} with {pct} for")
T_TIE = Text("VERWORPEN — de stemmen staken", "REJECTED — a tie")
T_RULE = Text("Regel: {rule} · {base}", "Rule: {rule} · {base}")


def _verdict(t: Tally) -> str:
    if t.is_ballot or t.outcome is Outcome.NO_VOTES_CAST or t.outcome is Outcome.QUORUM_NOT_MET:
        return describe(t)
    if t.outcome is Outcome.TIE:
        return T_TIE.render()
    verdict = (T_ADOPTED if t.adopted else T_REJECTED).render()
    pct = t.percent_text(Choice.VOOR)
    return T_PCT.render(verdict=verdict, pct=pct) if pct else verdict


def screen_state(voting: VotingService, desk: DeskService) -> TallyScreenState:
    """The state of the screen now; cheap enough to rebuild on every store change."""
    c = desk.counters()
    base = TallyScreenState(c.present_members, c.total_members, c.present_votes, c.total_votes)
    vote = voting.current()
    if vote is None:
        return base
    agenda = voting.agenda()
    title = vote.item
    if agenda is not None and vote.item in agenda:
        title = f"{vote.item}. {agenda.item(vote.item).title}"
    if vote.part:
        title += f" ({vote.part})"
    n = voting.number(vote.id) or 0
    if vote.method is Method.ACCLAMATION:
        return TallyScreenState(c.present_members, c.total_members, c.present_votes, c.total_votes,
                                item_title=title, result_text=T_ACCLAMATION.render())
    subject = SUBJECT_LABELS[vote.subject if isinstance(vote.subject, Subject) else Subject.ITEM].render()
    status = T_STATUS[vote.status].render(n=n, subject=subject)
    if vote.superseded_by:
        status += T_SUPERSEDED.render()
    t = vote.tally()
    result = ""
    if vote.status is not Status.OPEN and t is not None:
        # Short enough for the back of the hall; the base is named on its own line below.
        result = _verdict(t)
        if vote.declaration is not None:
            if vote.declaration.adopted == t.adopted:
                result = T_DECLARED.render(verdict=result)
            else:
                verdict = (T_ADOPTED if vote.declaration.adopted else T_REJECTED).render()
                result = T_DECLARED_OTHER.render(verdict=vote.declaration.statement or verdict, computed=result)
    return TallyScreenState(
        c.present_members, c.total_members, c.present_votes, c.total_votes,
        item_title=title, status_text=status, is_open=vote.is_open, tally=t, result_text=result,
        base_text=T_RULE.render(rule=vote.rule.label(), base=base_label(vote.base)),
    )
