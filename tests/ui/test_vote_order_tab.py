"""The voting tab asks before a vote against the voting order (issue 12 item 7): F5 on a proposal
whose amendment is still to be voted on shows the doubt and opens nothing; confirmed, the vote is
open and its audit entry says the chair set the doubt aside. F5 on an item already decided asks
for a herstemming, recorded as opened "again"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_app.domain.tally import Choice
from desk_app.domain.text import Translator
from desk_app.domain.token import make_card_token
from desk_app.scanning.wedge import KeyboardWedge
from desk_app.services.changes import ChangeWatcher
from desk_app.services.meeting import Actor
from desk_app.services.voting import VotingService
from desk_app.session import Session
from desk_app.storage import audit
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.desk.sounds import RecordingSounds
from desk_app.ui.voting.dialogs import ConfirmDialog
from desk_app.ui.voting.tab import VotingTab

AMS = "GM0363"


@pytest.fixture
def tab(qtbot: QtBot, qapp: QApplication, session: Session) -> Iterator[VotingTab]:
    session.meeting.open_meeting()
    desk = session.desk
    m = desk.meeting
    desk.check_in(desk.scan(make_card_token(m.meeting_no, m.secret, AMS, 1)), name="A. de Boer", role="burgemeester")
    voting = VotingService(
        session.store,
        Actor("voorzitterstafel", "voorzitterstafel"),
        lambda: [(serial, code) for serial, code, _ in desk.active_passes()],
    )
    feed = ChangeFeed(ChangeWatcher(session.store), poll_ms=0)
    view = VotingTab(voting, feed, desk.counters, Translator(), wedge=KeyboardWedge(None), sounds=RecordingSounds())
    feed.setParent(view)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    yield view
    feed.stop()


def _actions(tab: VotingTab) -> list[str]:
    return [e.action for e in audit.entries(tab.voting.store)]


def test_f5_against_the_voting_order_asks_first(qtbot: QtBot, tab: VotingTab) -> None:
    before = _actions(tab)
    tab.agenda.select_step("4")
    qtbot.keyClick(tab, Qt.Key.Key_F5)
    dialog = tab.active_dialog
    assert isinstance(dialog, ConfirmDialog) and dialog.isVisible()
    assert "Let op de stemvolgorde" in dialog.explanation.text() and "4.A1" in dialog.explanation.text()
    assert tab.voting.current() is None and _actions(tab) == before  # the key alone opens nothing
    dialog.reject()
    assert tab.voting.current() is None and _actions(tab) == before

    qtbot.keyClick(tab, Qt.Key.Key_F5)
    confirm = tab.active_dialog
    assert isinstance(confirm, ConfirmDialog)
    confirm.accept()
    vote = tab.voting.current()
    assert vote is not None and vote.is_open and vote.item == "4"
    entry = audit.entries(tab.voting.store)[-1]
    assert entry.action == "vote.open" and entry.details["order_confirmed"][0]["code"] == "agenda.open_before_amendment"
    assert "Stemming 1 is geopend" in tab.agenda.message.text()


def test_f5_in_the_voting_order_opens_at_once(qtbot: QtBot, tab: VotingTab) -> None:
    tab.agenda.select_step("4.A1")
    qtbot.keyClick(tab, Qt.Key.Key_F5)
    assert tab.active_dialog is None
    vote = tab.voting.current()
    assert vote is not None and vote.is_open and vote.item == "4.A1"


def test_f5_on_a_decided_item_opens_it_again_as_a_herstemming(qtbot: QtBot, tab: VotingTab) -> None:
    first = tab.voting.open("4.A1")
    tab.voting.record(Choice.VOOR, code=AMS)
    tab.voting.close()
    tab.voting.declare_computed()
    tab.feed.poll()
    tab.agenda.select_step("4.A1")
    qtbot.keyClick(tab, Qt.Key.Key_F5)
    dialog = tab.active_dialog
    assert isinstance(dialog, ConfirmDialog)
    assert dialog.explanation.text().startswith("Over dit punt is al besloten")
    dialog.accept()
    second = tab.voting.current()
    assert second is not None and second.is_open and second.supersedes == first.id
    assert audit.entries(tab.voting.store)[-1].details["again"] is True
