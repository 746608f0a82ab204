"""The voting order at the chair's table (issue 12 item 7): voting again on a decided item needs
an explicit "again" and is a herstemming linked to the earlier vote; a proposal before its
pending amendments, or an amendment after its proposal was voted on, needs a confirmation.
Refused, nothing changes; confirmed, the audit entry says so (the proces-verbaal reads it there)."""

from __future__ import annotations

import pytest

from desk_app.domain.agenda import Step, open_warnings, parse_agenda
from desk_app.domain.tally import Choice
from desk_app.domain.text import DeskError
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import OrderWarning, VotingService
from desk_app.storage import audit
from tests.services.test_voting import DEMO_AGENDA, check_in

AMS, ROT = "GM0363", "GM0599"


@pytest.fixture
def voting(meeting: MeetingService) -> VotingService:
    meeting.open_meeting()
    desk = DeskService(meeting.store, Actor("balie-1", "balie-1"))
    for code in (AMS, ROT):
        check_in(desk, code)
    service = VotingService(
        desk.store, Actor("voorzitterstafel", "voorzitterstafel"), lambda: [(s, c) for s, c, _ in desk.active_passes()]
    )
    service.load_agenda_file(DEMO_AGENDA)
    return service


def _entries(voting: VotingService) -> list[tuple[int, str]]:
    return [(e.seq, e.hash) for e in audit.entries(voting.store)]


def _decide(voting: VotingService, step: str, **kw: bool) -> str:
    vote = voting.open(step, **kw)
    voting.record(Choice.VOOR, code=AMS)
    voting.close()
    voting.declare_computed()
    return vote.id


def test_a_decided_item_is_opened_again_only_when_told_and_then_supersedes_the_earlier_vote(
    voting: VotingService,
) -> None:
    first = _decide(voting, "4.A1")
    before = _entries(voting)
    with pytest.raises(DeskError) as info:
        voting.open("4.A1")
    assert info.value.code == "vote.again"
    assert "stemming 1 (aangenomen)" in str(info.value) and "--again" in str(info.value)
    assert _entries(voting) == before and voting.votes()[-1].id == first

    again = voting.open("4.A1", again=True)
    assert again.supersedes == first and voting.vote(first).superseded_by == again.id
    entry = audit.entries(voting.store)[-1]
    assert entry.action == "vote.rerun" and entry.details["again"] is True
    assert entry.details["supersedes"] == first and entry.details["supersedes_number"] == 1
    assert audit.verify(voting.store).ok  # the replay links the two votes as for any herstemming


def test_a_closed_but_undeclared_vote_also_needs_again(voting: VotingService) -> None:
    voting.open("4.A1")
    voting.close()
    with pytest.raises(DeskError) as info:
        voting.open("4.A1")
    assert info.value.code == "vote.again" and "niet vastgesteld" in str(info.value)


def test_an_acclaimed_item_also_needs_again(voting: VotingService) -> None:
    voting.acclaim("2", "bij acclamatie")
    with pytest.raises(DeskError) as info:
        voting.open("2")
    assert info.value.code == "vote.again" and "acclamatie" in str(info.value)
    again = voting.open("2", again=True)  # a recorded vote now, superseding the acclamation
    assert again.is_open and again.supersedes is not None and audit.verify(voting.store).ok


def test_a_proposal_before_its_amendment_needs_a_confirmation(voting: VotingService) -> None:
    assert [w.code for w in voting.open_warnings("4")] == ["agenda.open_before_amendment"]
    before = _entries(voting)
    with pytest.raises(OrderWarning) as info:
        voting.open("4")
    assert info.value.code == "vote.order" and "4.A1" in str(info.value) and "--confirm-order" in str(info.value)
    assert [w.code for w in info.value.warnings] == ["agenda.open_before_amendment"]
    assert _entries(voting) == before and voting.current() is None

    vote = voting.open("4", confirm_order=True)
    entry = audit.entries(voting.store)[-1]
    assert entry.action == "vote.open" and entry.object == vote.id
    assert [c["code"] for c in entry.details["order_confirmed"]] == ["agenda.open_before_amendment"]
    assert "4.A1" in entry.details["order_confirmed"][0]["text"]
    assert audit.verify(voting.store).ok


def test_an_amendment_after_its_proposal_needs_a_confirmation(voting: VotingService) -> None:
    _decide(voting, "4", confirm_order=True)
    with pytest.raises(OrderWarning) as info:
        voting.open("4.A1")
    assert [w.code for w in info.value.warnings] == ["agenda.open_after_target"]
    voting.open("4.A1", confirm_order=True)
    assert audit.entries(voting.store)[-1].details["order_confirmed"][0]["step"] == "4.A1"


def test_in_the_voting_order_nothing_is_asked(voting: VotingService) -> None:
    """The demo's order: 2, 4.A1, 4, motions; none of these asks anything, and no entry says so."""
    voting.acclaim("2")
    for step in ("4.A1", "4", "4.M1"):
        assert voting.open_warnings(step) == []
        _decide(voting, step)
    assert not any("order_confirmed" in e.details or "again" in e.details for e in audit.entries(voting.store))


def test_again_and_a_confirmation_together(voting: VotingService) -> None:
    """Voting again on an amendment after its proposal was decided: both are recorded."""
    _decide(voting, "4.A1")
    _decide(voting, "4")
    with pytest.raises(DeskError) as info:
        voting.open("4.A1", again=True)
    assert info.value.code == "vote.order"
    voting.open("4.A1", again=True, confirm_order=True)
    d = audit.entries(voting.store)[-1].details
    assert d["again"] is True and d["order_confirmed"][0]["code"] == "agenda.open_after_target"


def test_refusals_that_hold_anyway_come_before_any_question(meeting: MeetingService) -> None:
    meeting.open_meeting()
    desk = DeskService(meeting.store, Actor("balie-1", "balie-1"))
    voting = VotingService(desk.store, Actor("t", "t"), lambda: [(s, c) for s, c, _ in desk.active_passes()])
    voting.load_agenda_file(DEMO_AGENDA)
    with pytest.raises(DeskError) as info:
        voting.open("4")  # against the order, but nobody is present: that is what is said
    assert info.value.code == "vote.nobody_present"


# -- the domain rule --------------------------------------------------------------------------------------

AGENDA = """\
format = "stembalie-agenda"
version = 1

[[item]]
key = "7"
type = "proposal"
title = "Voorstel"

[[item]]
key = "7.A1"
type = "amendment"
target = "7"
title = "Amendement"
indieners = ["GM0363"]

[[item]]
key = "7.A1.S1"
type = "sub_amendment"
target = "7.A1"
title = "Subamendement"
indieners = ["GM0363"]

[[item]]
key = "7.M1"
type = "motion"
target = "7"
title = "Motie"
indieners = ["GM0363"]
"""


def test_the_rule_in_the_domain() -> None:
    agenda = parse_agenda(AGENDA)
    s = Step

    def codes(step: str, held: list[str], **kw: object) -> list[tuple[str, str, str]]:
        found = open_warnings(agenda, s(step), [s(h) for h in held], **kw)  # type: ignore[arg-type]
        return [(w.code, str(w.params["step"]), str(w.params["target"])) for w in found]

    assert codes("7.A1.S1", []) == []
    assert codes("7.A1", []) == [("agenda.open_before_amendment", "7.A1", "7.A1.S1")]
    assert codes("7", ["7.A1.S1"]) == [("agenda.open_before_amendment", "7", "7.A1")]
    assert codes("7", ["7.A1.S1", "7.A1"]) == []
    assert codes("7.A1", ["7.A1.S1", "7"]) == [("agenda.open_after_target", "7.A1", "7")]
    assert codes("7.M1", []) == []  # a motion is no amendment: any time
    # A meeting whose phase order puts the proposal first asked for that: nothing is doubted.
    assert codes("7", [], phase_order=("resolution", "amendment", "sub_amendment", "motion")) == []
