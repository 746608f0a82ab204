"""The chair's two views as plain state: the hall's screen and the chair's table (the voting tab)."""

from __future__ import annotations

import pytest

from desk_app.domain.agenda import Step
from desk_app.domain.meeting import MeetingSettings
from desk_app.domain.tally import Choice
from desk_app.domain.text import Translator
from desk_app.domain.token import make_card_token
from desk_app.domain.vote import Action
from desk_app.services.chair import ChairScreen, ResultTone, VotingBoard, hall_state
from desk_app.services.changes import ChangeWatcher
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from tests.helpers import REPO

DEMO_AGENDA = REPO / "resources" / "demo" / "agenda-extra-alv-2024-05-24.toml"
V, T, A = Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING
AMS, ENS, SCH = "GM0363", "GM0153", "GM0088"


@pytest.fixture
def desk(meeting: MeetingService) -> DeskService:
    meeting.open_meeting()
    desk = DeskService(meeting.store, Actor("balie-1", "anna"))
    for code in (AMS, ENS, SCH):
        token = make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1)
        desk.check_in(desk.scan(token), name=f"Vertegenwoordiger {code}", role="burgemeester")
    return desk


@pytest.fixture
def voting(desk: DeskService) -> VotingService:
    service = VotingService(
        desk.store, Actor("voorzitterstafel", "t"), lambda: [(s, c) for s, c, _ in desk.active_passes()]
    )
    service.load_agenda_file(DEMO_AGENDA)
    return service


def test_the_hall_sees_figures_then_being_declared_then_the_declared_result(
    desk: DeskService, voting: VotingService
) -> None:
    screen = ChairScreen(voting, desk.counters)
    assert not screen.state.has_vote and screen.state.present_members == 3
    watcher = ChangeWatcher(voting.store)
    voting.open("4", confirm_order=True)
    voting.record(V, code=AMS)
    voting.record(T, code=SCH)
    change = watcher.poll()
    assert change is not None and screen.update(change)
    s = screen.state
    assert s.is_open and s.item_title.startswith("4. Resolutie") and s.status_text.startswith("Stemming 1 open")
    assert [(b.label, b.figure, b.members, b.percent) for b in s.bars] == [
        ("VOOR", "75", 1, "98,68%"),
        ("TEGEN", "1", 1, "1,32%"),
        ("ONTHOUDING", "0", 0, ""),
    ]
    assert (s.not_voted_members, s.not_voted_figure, s.result_text) == (1, "75", "")
    assert s.scale == 151 and s.threshold == 39 and s.base_text.startswith("Regel: meer dan de helft")

    voting.close()
    change = watcher.poll()
    assert change is not None and screen.update(change)
    s = screen.state
    assert (s.result_text, s.result_tone) == ("Uitslag wordt vastgesteld", ResultTone.PENDING)
    assert s.status_text == "Stemming 1 gesloten" and s.bars[0].figure == "75"  # the figures stay
    assert "AANGENOMEN" not in s.result_text

    voting.declare(adopted=False, statement="verworpen, zo stelt de voorzitter vast")
    change = watcher.poll()
    assert change is not None and screen.update(change)
    s = screen.state
    assert s.result_tone is ResultTone.REJECTED
    assert s.result_text == (
        "Vastgesteld door de voorzitter: verworpen, zo stelt de voorzitter vast (berekend: AANGENOMEN met 98,68% voor)"
    )
    watcher.close()


def test_a_meeting_may_show_the_computed_result_at_once(desk: DeskService, voting: VotingService) -> None:
    voting.open("4", confirm_order=True)
    voting.record(V, code=AMS)
    vote = voting.close()
    kw = dict(number=1, agenda=voting.agenda(), counters=desk.counters())
    default = hall_state(vote, settings=MeetingSettings(), tr=Translator(), **kw)  # type: ignore[arg-type]
    at_once = hall_state(vote, settings=MeetingSettings(show_computed_result=True), tr=Translator(), **kw)  # type: ignore[arg-type]
    assert default.result_text == "Uitslag wordt vastgesteld"
    assert at_once.result_text == "Berekend: AANGENOMEN met 100,00% voor" and at_once.result_tone is ResultTone.ADOPTED
    english = hall_state(vote, settings=MeetingSettings(), tr=Translator("en"), **kw)  # type: ignore[arg-type]
    assert english.result_text == "The result is being declared" and english.status_text == "Vote 1 closed"
    declared = hall_state(voting.declare_computed(), settings=MeetingSettings(), tr=Translator("en"), **kw)  # type: ignore[arg-type]
    assert declared.result_text == "Declared: ADOPTED with 100.00% for"


def test_acclamation_reads_adopted_by_acclamation(desk: DeskService, voting: VotingService) -> None:
    voting.acclaim("2", "notulencommissie benoemd")
    s = ChairScreen(voting, desk.counters).state
    assert (s.result_text, s.result_tone, s.bars) == ("Aangenomen bij acclamatie", ResultTone.ADOPTED, ())
    assert s.status_text == "Besluit 1 — bij acclamatie — notulencommissie benoemd"
    assert ChairScreen(voting, desk.counters, Translator("en")).state.result_text == "Adopted by acclamation"


def test_the_board_reads_only_the_vote_a_change_touched(
    desk: DeskService, voting: VotingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    for step in ("2", "4.A1", "4"):  # three votes held and declared before
        voting.open(step)
        voting.record(V, code=AMS)
        voting.close()
        voting.declare_computed()
    board = VotingBoard(voting)
    board.load()
    assert [s.number for s in board.summaries.values()] == [1, 2, 3]
    watcher = ChangeWatcher(voting.store)
    loads: list[str] = []
    original = voting.vote
    monkeypatch.setattr(voting, "vote", lambda vote_id: loads.append(vote_id) or original(vote_id))
    listed: list[int] = []
    original_votes = voting.votes
    monkeypatch.setattr(voting, "votes", lambda: listed.append(1) or original_votes())

    opened = voting.open("4.M1")
    change = watcher.poll()
    assert change is not None
    done = board.apply(change)
    assert done.votes == {opened.id} and done.current and board.current is not None and board.current.is_open
    for code, choice in ((AMS, V), (ENS, T), (SCH, A), (AMS, T)):
        voting.record(choice, code=code)
        change = watcher.poll()
        assert change is not None and board.apply(change).current
    assert loads == [opened.id] * 5 and listed == []  # one vote read per change, never the list
    assert board.current is not None and board.current.choices() == {AMS: T, ENS: T, SCH: A}
    assert board.step_vote(Step("4")) is not None and board.step_vote(Step("4")).declaration is not None  # type: ignore[union-attr]
    # The chair selects item 4 again: it was decided, so opening asks (a herstemming).
    voting.close()
    change = watcher.poll()
    assert change is not None
    board.apply(change)
    allowed = board.permissions(Step("4"))
    assert allowed[Action.OPEN].ask is not None and allowed[Action.OPEN].rerun_of == board.step_vote(Step("4")).id  # type: ignore[union-attr]
    assert allowed[Action.DECLARE].allowed and not allowed[Action.CLOSE].allowed
    watcher.close()
