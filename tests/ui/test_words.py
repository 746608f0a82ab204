"""Words (issue 13.13 and 14.7): one municipality is "1 gemeente", a pass voided by the coördinator's
admission is not "ongedaan", an open vote shows a tussenstand and never an outcome, and the GUI
uses one Dutch name per role and act.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QApplication

from desk_app.domain.text import Translator
from desk_app.domain.token import make_card_token
from desk_app.printing.stempas import PDF_TARGET, PassPrinter
from desk_app.scanning.hints import Hint
from desk_app.scanning.wedge import KeyboardWedge
from desk_app.services.chair import TallyScreenState
from desk_app.services.changes import ChangeWatcher
from desk_app.services.demo import DEMO_PIN
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor
from desk_app.services.voting import VotingService
from desk_app.session import Session
from desk_app.ui import words
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.desk.dialogs import LookupDialog
from desk_app.ui.desk.panel import DeskPanel
from desk_app.ui.desk.sounds import RecordingSounds
from desk_app.ui.voting.tab import VotingTab
from desk_app.ui.voting.tally import TallyScreen

REPO = Path(__file__).resolve().parents[2]
SCHIERMONNIKOOG = "GM0088"  # 972 inhabitants: 1 vote


def test_one_is_singular_and_more_is_plural() -> None:
    assert words.municipalities(1) == "1 gemeente" and words.municipalities(342) == "342 gemeenten"
    assert words.municipalities(0) == "0 gemeenten"
    assert words.votes(1) == "1 stem" and words.votes(13111, "13.111") == "13.111 stemmen"
    assert words.files(1) == "1 bestand" and words.files(8) == "8 bestanden"
    assert words.errors(1) == "1 fout" and words.cards(1) == "1 stemkaart"


def test_a_number_of_votes_is_written_with_its_thousands_separator(qapp: QApplication) -> None:
    """The 'Vergadering openen' question said "13111 stemmen": only callers that wrote the number
    themselves got "13.111". Now the helper writes it, in the language of the words around it."""
    assert words.votes(13111) == "13.111 stemmen" and words.municipalities(1342) == "1.342 gemeenten"
    assert words.votes(75) == "75 stemmen" and words.number(17942942) == "17.942.942"
    assert words.votes(13111, "13.111") == "13.111 stemmen"  # a number written already stays as it is

    class English(QTranslator):
        """The English .qm's answers for the texts that matter here."""

        def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
            answers = {".": ",", "{n} stemmen": "{n} votes", "{n} gemeenten": "{n} municipalities"}
            return answers.get(source, "") if context == "Words" else ""

    english = English()
    qapp.installTranslator(english)
    try:
        assert words.votes(13111) == "13,111 votes" and words.municipalities(1342) == "1,342 municipalities"
    finally:
        qapp.removeTranslator(english)
    assert words.votes(13111) == "13.111 stemmen"


def test_the_register_tab_writes_votes_and_inhabitants_with_the_separator(qtbot: QtBot, session: Session) -> None:
    from desk_app.ui.register_view import RegisterView

    view = RegisterView(session.meeting.member_rows(), session.meeting.totals())
    qtbot.addWidget(view)
    assert "13.111 stemmen · 17.942.942 inwoners" in view.totals_label.text()


def test_the_look_up_list_says_1_stem(qtbot: QtBot, session: Session) -> None:
    dialog = LookupDialog(session.desk.lookup)
    qtbot.addWidget(dialog)
    dialog.query.setText("Schiermonnikoog")
    assert dialog.results.item(0).text() == "Schiermonnikoog (GM0088) — 1 stem"


def test_the_tally_screen_says_1_gemeente(qtbot: QtBot) -> None:
    screen = TallyScreen()
    qtbot.addWidget(screen)
    screen.show_state(
        TallyScreenState(
            1, 342, "1", "13.111", item_title="4 Voorstel", is_open=True, not_voted_members=1, not_voted_figure="1"
        )
    )
    assert screen.pending_text() == "Nog niet gestemd: 1 gemeente (1 stem)"
    screen.show_state(
        TallyScreenState(
            2, 342, "76", "13.111", item_title="4 Voorstel", is_open=True, not_voted_members=2, not_voted_figure="1.076"
        )
    )
    assert screen.pending_text() == "Nog niet gestemd: 2 gemeenten (1.076 stemmen)"
    assert screen._detail(1, "") == "1 gemeente"


@pytest.fixture
def tab(qtbot: QtBot, qapp: QApplication, session: Session) -> Iterator[VotingTab]:
    session.meeting.open_meeting()
    desk = session.desk
    m = desk.meeting
    desk.check_in(
        desk.scan(make_card_token(m.meeting_no, m.secret, SCHIERMONNIKOOG, 1)), name="A. de Boer", role="burgemeester"
    )
    voting = VotingService(
        session.store,
        Actor("voorzitterstafel", "test"),
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


def test_an_open_vote_counts_one_municipality_and_shows_a_tussenstand(qtbot: QtBot, tab: VotingTab) -> None:
    tab.agenda.select_step("4.A1")  # in the voting order: no question first
    qtbot.keyClick(tab, Qt.Key.Key_F5)
    vote = tab.voting.current()
    assert vote is not None and vote.is_open
    assert "1 gemeente met 1 stem mag stemmen" in tab.agenda.message.text()
    assert tab.pending_label.text() == "Nog niet gestemd: 1 van 1 gemeente (1 stem)"
    from desk_app.domain.tally import Choice

    tab.voting.record(Choice.VOOR, code=SCHIERMONNIKOOG)
    tab.feed.poll()
    # Every vote is in and "voor" has all of them: still no outcome before the close.
    text = tab.result_label.text()
    assert text.startswith("Tussenstand") and "aangenomen" not in text
    table = tab.tally_label.text()  # VOOR: 1 stem, 1 gemeente; TEGEN: 0 stemmen, 0 gemeenten
    assert "<td>stem</td>" in table and "<td>gemeente</td>" in table and "<td>gemeenten</td>" in table


@pytest.fixture
def desk_view(qtbot: QtBot, session: Session, tmp_path: Path) -> Iterator[DeskPanel]:
    service = DeskService(session.store, Actor("balie-1", "test"))
    feed = ChangeFeed(ChangeWatcher(session.store), poll_ms=0)
    view = DeskPanel(
        service, PassPrinter(PDF_TARGET, "a6", tmp_path), RecordingSounds(), feed=feed, wedge=KeyboardWedge(None)
    )
    feed.setParent(view)
    qtbot.addWidget(view)
    yield view
    feed.stop()


def test_a_pass_voided_by_the_coordinators_admission_is_not_called_undone(desk_view: DeskPanel) -> None:
    desk = desk_view.desk
    m = desk.meeting
    card = make_card_token(m.meeting_no, m.secret, "GM0363", 1)
    first = desk.check_in(desk.scan(card), name="Q. Testpersoon", role="wethouder")
    desk.override_already(
        desk.scan(card),
        name="Q. Tweede Testpersoon",
        role="burgemeester",
        pin=DEMO_PIN,
        reason="eerste registratie was een vergissing",
    )
    desk_view.handle_scan(first.token)
    content = desk_view.panel.content
    assert "VERVANGEN DOOR TOELATING COÖRDINATOR" in content.headline and "ONGEDAAN" not in content.headline
    assert "nieuwe stempas" in content.detail

    other = desk.check_in(
        desk.scan(make_card_token(m.meeting_no, m.secret, "GM0599", 1)),
        name="Q. Derde Testpersoon",
        role="burgemeester",
    )
    desk.undo(other.serial, pin=DEMO_PIN, reason="verkeerde kaart")
    desk_view.handle_scan(other.token)
    assert "AANMELDING ONGEDAAN" in desk_view.panel.content.headline


def test_the_camera_hint_is_in_the_desks_language(qtbot: QtBot, session: Session, tmp_path: Path) -> None:
    feed = ChangeFeed(ChangeWatcher(session.store), poll_ms=0)
    view = DeskPanel(
        DeskService(session.store, Actor("balie-1", "test"), tr=Translator("en")),
        PassPrinter(PDF_TARGET, "a6", tmp_path),
        RecordingSounds(),
        feed=feed,
        wedge=KeyboardWedge(None),
    )
    feed.setParent(view)
    qtbot.addWidget(view)
    view._on_scanner_hint(Hint.CLOSER)
    assert view.preview._hint == "Hold the card closer"
    assert Hint.CLOSER.value == "Houd de kaart dichterbij"
    feed.stop()


# Words the GUI must not use in Dutch, with the word it uses instead.
NOT_IN_DUTCH = {
    r"\bteller": "stemopnemer",
    r"supervisor": "coördinator",
    r"aanwijzing": "vertegenwoordiger(s)",
    r"\baudit": "logboek",
    r"check-?in": "aanmelding",
    r"zxing|zbar|opencv": "(no library names)",
    r"dichterbij houden": "Houd de kaart dichterbij",
    r"herdruk": "opnieuw afdrukken",
    r"stand nu": "tussenstand",
}


def test_the_gui_uses_one_dutch_name_per_role_and_act() -> None:
    """Every Dutch text of the windows (the .ts holds all of them; another test keeps it current)."""
    found = []
    root = ET.parse(REPO / "resources" / "i18n" / "stembalie_en.ts").getroot()
    for context in root.iter("context"):
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            for pattern, instead in NOT_IN_DUTCH.items():
                if re.search(pattern, source, re.IGNORECASE):
                    found.append(f"{context.findtext('name')}: {source!r} (say {instead})")
    assert found == []
