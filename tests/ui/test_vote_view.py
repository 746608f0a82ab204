"""The Stemmingen tab driven like the chair's table and a teller would: scans, keys, F-keys, dialogs.

A handheld scanner is a 4 ms keystroke burst through the real keyboard wedge (on a fake clock:
synthetic key events carry no timestamps). Everything runs on a real meeting file (the bundled
demo register and agenda); municipalities are checked in with the real DeskService first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desk_app.domain.agenda import Step
from desk_app.domain.tally import Choice, Count, Option, sheet_number
from desk_app.domain.text import Translator
from desk_app.domain.token import make_card_token, make_choice_token
from desk_app.domain.vote import Method, Status
from desk_app.scanning.decoder import decode_image
from desk_app.scanning.wedge import KeyboardWedge
from desk_app.services.changes import ChangeWatcher
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from desk_app.storage import audit
from desk_app.storage.db import Store
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.desk.screen import Cue, Tone
from desk_app.ui.desk.sounds import RecordingSounds
from desk_app.ui.voting.dialogs import AcclaimDialog, ConfirmDialog, DeclareDialog
from desk_app.ui.voting.tab import RecordMode, VotingTab, choice_for_key
from tests.helpers import REGISTER, REPO

DEMO_AGENDA = REPO / "resources" / "demo" / "agenda-extra-alv-2024-05-24.toml"
V, T, A = Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING
# Real 2024 weights: Amsterdam 75, Enschede 75, Schiermonnikoog 1, Zaanstad 75.
AMS, ENS, SCH, ZAA = "GM0363", "GM0153", "GM0088", "GM0479"


class FakeClock:
    def __init__(self) -> None:
        self.ms = 1000.0

    def __call__(self) -> float:
        return self.ms


@dataclass
class FakeFiles:
    """The file dialogs: answers set by the test, questions recorded."""

    open_path: Path | None = None
    save_path: Path | None = None
    asked: list[str] = field(default_factory=list)

    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None:
        self.asked.append(title)
        return self.open_path

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
        self.asked.append(title)
        return self.save_path


@dataclass
class Hall:
    view: VotingTab
    voting: VotingService
    desk: DeskService
    sounds: RecordingSounds
    files: FakeFiles
    clock: FakeClock
    qtbot: QtBot
    feed: ChangeFeed

    def check_in(self, code: str) -> int:
        m = self.desk.meeting
        token = make_card_token(m.meeting_no, m.secret, code, 1)
        return self.desk.check_in(self.desk.scan(token), name=f"Vertegenwoordiger {code}", role="burgemeester").serial

    def pass_token(self, serial: int) -> str:
        p = self.desk.pass_verdict(serial).existing
        assert p is not None
        return p.token

    def choice_token(self, choice: Choice | Option) -> str:
        m = self.desk.meeting
        return make_choice_token(m.meeting_no, m.secret, sheet_number(choice))

    def scan_with_wedge(self, text: str) -> None:
        """A handheld scanner: the digits 4 ms apart, then Enter, wherever the focus is."""
        target = QApplication.focusWidget() or self.view
        for ch in text:
            self.clock.ms += 4
            self.qtbot.keyClick(target, ch)
        self.clock.ms += 4
        self.qtbot.keyClick(target, Qt.Key.Key_Return)

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, widget: QWidget | None = None
    ) -> None:
        """A person at the keyboard: slow, so the wedge hands the key on (after its short hold)."""
        self.clock.ms += 500
        self.qtbot.keyClick(widget or QApplication.focusWidget() or self.view, key, modifier)
        self.view.wedge.flush()

    def type(self, widget: QWidget, text: str) -> None:
        for ch in text:
            self.clock.ms += 150
            self.qtbot.keyClick(widget, ch)
        self.clock.ms += 500
        self.view.wedge.flush()

    def open(self, step: str) -> None:
        self.view.agenda.select_step(step)
        self.press(Qt.Key.Key_F5)
        dialog = self.view.active_dialog
        if isinstance(dialog, ConfirmDialog) and "stemvolgorde" in dialog.explanation.text():
            dialog.accept()  # the demo's 4 comes after its amendment 4.A1: the chair confirms (issue 12.7)
        vote = self.voting.current()
        assert vote is not None and vote.is_open and str(Step(vote.item, vote.part)) == step

    def records(self) -> list[tuple[str, str | None, str]]:
        vote = self.voting.current()
        assert vote is not None
        return [(r.code, None if r.choice is None else str(r.choice), r.source) for r in vote.records]


@pytest.fixture
def desk(meeting: MeetingService) -> DeskService:
    meeting.open_meeting()
    return DeskService(meeting.store, Actor("balie-1", "anna"))


@pytest.fixture
def voting(desk: DeskService) -> VotingService:
    return VotingService(
        desk.store,
        Actor("voorzitterstafel", "teller-1"),
        lambda: [(serial, code) for serial, code, _ in desk.active_passes()],
    )


def _hall(qtbot: QtBot, qapp: QApplication, voting: VotingService, desk: DeskService) -> Iterator[Hall]:
    clock = FakeClock()
    wedge = KeyboardWedge(None, clock=clock)
    sounds = RecordingSounds()
    files = FakeFiles()
    # No timer: the tab's own writes reach the feed at once; others' appear at feed.poll().
    feed = ChangeFeed(ChangeWatcher(voting.store), poll_ms=0)
    view = VotingTab(voting, feed, desk.counters, Translator(), wedge=wedge, sounds=sounds, files=files)
    wedge.scope = view
    wedge.install(qapp)
    qtbot.addWidget(view)
    view.resize(1600, 950)
    view.show()
    view.activateWindow()
    qtbot.waitExposed(view)
    view.setFocus()
    yield Hall(view, voting, desk, sounds, files, clock, qtbot, feed)
    feed.stop()
    wedge.uninstall(qapp)
    wedge.deleteLater()


@pytest.fixture
def hall(qtbot: QtBot, qapp: QApplication, voting: VotingService, desk: DeskService) -> Iterator[Hall]:
    voting.load_agenda_file(DEMO_AGENDA)
    yield from _hall(qtbot, qapp, voting, desk)


@pytest.fixture
def empty_hall(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> Iterator[Hall]:
    """A meeting on the real register with no agenda yet (the demo meeting comes with one)."""
    meeting = MeetingService.create(
        tmp_path / "leeg.sqlite",
        name="ALV",
        date="2024-05-24",
        place="Utrecht",
        register_csv=REGISTER.read_bytes(),
        register_source="test",
        desks=["balie-1"],
        actor=Actor("secretariaat", "test"),
    )
    meeting.open_meeting()
    desk = DeskService(meeting.store, Actor("balie-1", "anna"))
    voting = VotingService(
        desk.store,
        Actor("voorzitterstafel", "teller-1"),
        lambda: [(serial, code) for serial, code, _ in desk.active_passes()],
    )
    yield from _hall(qtbot, qapp, voting, desk)
    meeting.store.close()


def record_actions(store: Store) -> list[str]:
    return [e.action for e in audit.entries(store) if e.action.startswith("vote.")]


# -- teller ---------------------------------------------------------------------------------------


def test_teller_wedge_burst_of_a_pass_then_a_choice_sheet_code_records_the_choice(hall: Hall) -> None:
    ams, ens = hall.check_in(AMS), hall.check_in(ENS)
    hall.open("4")
    view = hall.view
    assert view.mode is RecordMode.TELLER and view.teller.content.headline == "SCAN DE STEMPAS"
    assert view.state_label.text() == "OPEN" and view.vote_label.text().startswith("Stemming 1 · punt 4 · Resolutie")

    hall.scan_with_wedge(hall.pass_token(ams))
    content = view.teller.content
    assert (content.tone, content.headline, content.municipality, content.votes) == (
        Tone.INFO,
        f"STEMPAS {ams} — WELKE KEUZE?",
        "Amsterdam",
        75,
    )
    assert view.teller.panel.votes.isVisible() and view.teller.panel.votes.text() == "75"
    assert hall.records() == []  # a pass alone records nothing

    hall.scan_with_wedge(hall.choice_token(V))
    content = view.teller.content
    assert (content.tone, content.headline, content.municipality, content.votes) == (Tone.OK, "VOOR", "Amsterdam", 75)
    assert content.person.startswith("Vastgelegd om ") and content.person.endswith(f"stempas {ams}")
    assert hall.records() == [(AMS, "voor", "teller:scan")]
    assert hall.sounds.played == [Cue.ACCEPTED]
    assert view.teller.pending is None

    # The next member answers with a key instead of the sheet.
    hall.scan_with_wedge(hall.pass_token(ens))
    hall.press(Qt.Key.Key_T)
    assert hall.records()[-1] == (ENS, "tegen", "teller:key")
    assert view.teller.content.headline == "TEGEN" and view.teller.content.municipality == "Enschede"

    # Amsterdam changes its mind before the close: the last choice counts, the earlier one is kept.
    hall.scan_with_wedge(hall.pass_token(ams))
    assert "Eerder gekozen: voor" in view.teller.content.detail
    hall.press(Qt.Key.Key_O)
    assert view.teller.content.headline == "ONTHOUDING"
    assert "Gewijzigd: eerder voor" in view.teller.content.detail
    vote = hall.voting.current()
    assert vote is not None and vote.choices() == {AMS: A, ENS: T}
    assert [r.choice for r in vote.history(AMS)] == [V, A]
    assert "ONTHOUDING" in view.tally_label.text() and "Nog niet gestemd: 0 van 2" in view.pending_label.text()
    # While the vote is open: an interim count, no outcome ("aangenomen" or "verworpen" only after the close).
    assert view.result_label.text().startswith("Tussenstand")
    assert "verworpen" not in view.result_label.text() and "aangenomen" not in view.result_label.text()


def test_a_choice_without_a_pass_and_esc_record_nothing(hall: Hall) -> None:
    ams = hall.check_in(AMS)
    hall.open("4")
    view = hall.view
    hall.press(Qt.Key.Key_V)
    assert (view.teller.content.tone, view.teller.content.headline) == (Tone.WARNING, "SCAN EERST DE STEMPAS")
    hall.scan_with_wedge(hall.choice_token(T))
    assert view.teller.content.headline == "SCAN EERST DE STEMPAS" and "tegen" in view.teller.content.detail
    hall.scan_with_wedge(hall.pass_token(ams))
    hall.press(Qt.Key.Key_Escape)
    assert view.teller.pending is None and view.teller.content.headline == "SCAN DE STEMPAS"
    hall.press(Qt.Key.Key_V)
    assert hall.records() == [] and hall.sounds.played == [Cue.REFUSED, Cue.REFUSED, Cue.REFUSED]


def test_refused_passes_show_the_reason_and_record_nothing(hall: Hall) -> None:
    ams, ens, sch = hall.check_in(AMS), hall.check_in(ENS), hall.check_in(SCH)
    hall.open("4.M1")
    view = hall.view
    before = record_actions(hall.voting.store)

    # Handed in (left the hall) after the opening: refused at the scan, with the pass's state.
    hall.desk.leave(ens)
    hall.scan_with_wedge(hall.pass_token(ens))
    content = view.teller.content
    assert (content.tone, content.headline, content.municipality) == (Tone.REFUSED, "STEMPAS NIET GELDIG", "Enschede")
    assert content.detail == (
        f"Stempas {ens} ({ENS}) is vertrokken (pas ingeleverd): met deze pas kan nu niet "
        "worden gestemd; deze stem wordt niet vastgelegd."
    )
    assert not view.teller.panel.votes.isVisible()  # no number to misread as "counted"
    hall.press(Qt.Key.Key_V)
    assert view.teller.content.headline == "SCAN EERST DE STEMPAS"

    # Checked in after the opening: not in the vote's snapshot.
    zaa = hall.check_in(ZAA)
    hall.scan_with_wedge(hall.pass_token(zaa))
    assert view.teller.content.headline == "MAG NIET MEESTEMMEN"
    assert view.teller.content.detail == (
        f"Stempas {zaa} mag niet meestemmen: deze pas was niet actief toen de stemming werd geopend."
    )

    # Scanned while present, handed in at the desk before the choice: the service refuses.
    hall.scan_with_wedge(hall.pass_token(sch))
    assert view.teller.pending is not None
    hall.desk.leave(sch)
    hall.press(Qt.Key.Key_V)
    assert view.teller.content.headline == "NIET VASTGELEGD"
    assert view.teller.content.detail == (
        f"Stempas {sch} ({SCH}) is vertrokken (pas ingeleverd): met deze pas kan nu niet worden gestemd; "
        "deze stem wordt niet vastgelegd."
    )

    # Not a pass at all, and a choice sheet of another meeting.
    m = hall.desk.meeting
    hall.scan_with_wedge(make_card_token(m.meeting_no, m.secret, AMS, 1))
    assert view.teller.content.headline == "ONGELDIGE CODE" and "Dit is een stemkaart" in view.teller.content.detail
    other = make_choice_token(1000 + (m.meeting_no + 1) % 9000, m.secret, sheet_number(V))
    hall.scan_with_wedge(hall.pass_token(ams))
    hall.scan_with_wedge(other)
    assert "andere vergadering" in view.teller.content.detail and view.teller.pending is None

    assert record_actions(hall.voting.store) == before and hall.records() == []
    assert Cue.ACCEPTED not in hall.sounds.played


def test_a_closed_vote_refuses_scans_keys_and_the_grid(hall: Hall) -> None:
    ams, ens = hall.check_in(AMS), hall.check_in(ENS)
    hall.open("4")
    view = hall.view
    hall.scan_with_wedge(hall.pass_token(ams))
    hall.press(Qt.Key.Key_V)

    hall.press(Qt.Key.Key_F7)
    dialog = view.active_dialog
    assert isinstance(dialog, ConfirmDialog) and dialog.isVisible()
    assert "Gestemd: 1 van 2 gemeenten (75 van 150 stemmen)" in dialog.explanation.text()
    dialog.accept()
    assert view.active_dialog is None and view.state_label.text() == "GESLOTEN"
    assert view.result_label.text().startswith("Berekend: aangenomen met 100,00%")

    hall.scan_with_wedge(hall.pass_token(ens))
    assert view.teller.content.headline == "STEMMING GESLOTEN"
    assert view.teller.content.detail == (
        "De stemming is gesloten: er kan geen keuze meer worden vastgelegd of gewijzigd."
    )
    hall.press(Qt.Key.Key_T)
    assert view.teller.content.headline == "SCAN EERST DE STEMPAS"

    hall.press(Qt.Key.Key_F3)
    assert view.mode is RecordMode.GRID and view.roll_call.grid.hasFocus()
    hall.press(Qt.Key.Key_T)
    assert "De stemming is gesloten" in view.agenda.message.text()
    hall.press(Qt.Key.Key_F7)  # nothing to close: the key says why instead of doing nothing
    assert view.agenda.message.text() == "Er is geen open stemming." and view.active_dialog is None
    vote = hall.voting.current()
    assert vote is not None and vote.status is Status.CLOSED and vote.choices() == {AMS: V}


# -- roll call ------------------------------------------------------------------------------------


def test_roll_call_grid_records_with_keys_and_the_last_choice_counts(hall: Hall) -> None:
    for code in (AMS, ENS, SCH, ZAA):
        hall.check_in(code)
    hall.open("4.M1")
    view = hall.view
    hall.press(Qt.Key.Key_F3)
    assert view.mode is RecordMode.GRID and view.roll_call.grid.hasFocus()
    names = [view.roll_call.proxy.index(r, 0).data() for r in range(view.roll_call.proxy.rowCount())]
    assert names == ["Amsterdam", "Enschede", "Schiermonnikoog", "Zaanstad"]
    assert [view.roll_call.proxy.index(0, c).data() for c in range(4)] == ["Amsterdam", AMS, "75", ""]

    hall.press(Qt.Key.Key_V)  # Amsterdam voor, on to Enschede
    hall.press(Qt.Key.Key_T)  # Enschede tegen
    hall.press(Qt.Key.Key_V)  # Schiermonnikoog voor
    assert view.roll_call.grid.current_source_row() == 3
    for _ in range(3):
        hall.press(Qt.Key.Key_Up)
    assert view.roll_call.model.rows[view.roll_call.grid.current_source_row()].code == AMS
    hall.press(Qt.Key.Key_T)  # Amsterdam changes its mind

    assert [view.roll_call.proxy.index(r, 3).data() for r in range(4)] == ["TEGEN", "TEGEN", "VOOR", ""]
    vote = hall.voting.current()
    assert vote is not None
    result = vote.tally()
    assert result is not None and result.count(V) == Count(1, 1) and result.count(T) == Count(2, 150)
    assert [r.choice for r in vote.history(AMS)] == [V, T]
    assert {r.source for r in vote.records} == {"grid"}
    assert view.agenda.message.text() == "Amsterdam: tegen vastgelegd (75 stemmen)."

    # The filter narrows to one municipality; Enter goes to the grid, a key records it.
    hall.press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.roll_call.filter_edit.hasFocus()
    hall.type(view.roll_call.filter_edit, "zaan")
    assert view.roll_call.proxy.rowCount() == 1
    hall.press(Qt.Key.Key_Return, widget=view.roll_call.filter_edit)
    assert view.roll_call.grid.hasFocus()
    hall.press(Qt.Key.Key_O)
    assert hall.voting.current().choices()[ZAA] is A  # type: ignore[union-attr]
    assert "Nog niet gestemd: 0 van 4" in view.pending_label.text()


def test_grid_refuses_a_municipality_that_left_with_the_services_reason(hall: Hall) -> None:
    hall.check_in(AMS)
    ens = hall.check_in(ENS)
    hall.open("4")
    hall.desk.leave(ens)
    view = hall.view
    hall.press(Qt.Key.Key_F3)
    hall.press(Qt.Key.Key_Down)
    hall.press(Qt.Key.Key_V)
    assert view.agenda.message.text() == (
        "Enschede: GM0153 is nu niet aanwezig met een actieve stempas: deze stem wordt niet vastgelegd."
    )
    assert hall.records() == [] and view.roll_call.model.rows[1].choice == ""


def test_a_choice_recorded_elsewhere_appears_at_the_next_poll(hall: Hall) -> None:
    ams = hall.check_in(AMS)
    hall.check_in(ENS)
    hall.open("4")
    view = hall.view
    with Store.open(hall.voting.store.path) as other:  # another teller's laptop on the same file
        VotingService(other, Actor("teller-2", "t2"), lambda: [(ams, AMS)]).record(V, pass_serial=ams)
    assert view.roll_call.model.rows[0].choice == ""
    hall.feed.poll()  # the one feed notices the other connection's commit
    assert view.roll_call.model.rows[0].choice == "voor" and "Nog niet gestemd: 1 van 2" in view.pending_label.text()


# -- results file ---------------------------------------------------------------------------------


def test_results_file_import_is_all_or_nothing_with_the_errors_listed(hall: Hall, tmp_path: Path) -> None:
    ams, ens = hall.check_in(AMS), hall.check_in(ENS)
    hall.check_in(SCH)
    hall.open("4.M1")
    view = hall.view
    hall.press(Qt.Key.Key_F4)
    assert view.mode is RecordMode.IMPORT

    bad = tmp_path / "extern-fout.csv"
    bad.write_text(f"stempas,gemeente,keuze\n{ams},,voor\n,{ZAA},voor\n{ens},,misschien\n", encoding="utf-8")
    hall.files.open_path = bad
    hall.press(Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert hall.files.asked == ["Uitslagbestand inlezen"]
    # Every problem at once, in line order: the line the vote refuses and the line that does not read.
    assert view.results.result.text().startswith("Het uitslagbestand is geweigerd: 2 fouten, er is niets ingelezen")
    problems = [view.results.problems.item(i).text() for i in range(view.results.problems.count())]
    assert len(problems) == 2
    assert problems[0].startswith("regel 3: Gemeente GM0479 mag niet meestemmen")
    assert problems[1].startswith("regel 4: onbekende keuze 'misschien'")
    bad.write_text(f"stempas,gemeente,keuze\n{ams},,voor\n,{ZAA},voor\n", encoding="utf-8")
    view.import_results_path(bad)
    problems = [view.results.problems.item(i).text() for i in range(view.results.problems.count())]
    assert problems == [
        "regel 3: Gemeente GM0479 mag niet meestemmen: zij was niet aanwezig met een actieve "
        "stempas toen de stemming werd geopend."
    ]
    assert hall.records() == []

    good = tmp_path / "extern.csv"
    good.write_text(f"stempas,gemeente,keuze\n{ams},,voor\n,{SCH},onthouding\n{ens},{ENS},tegen\n", encoding="utf-8")
    hall.files.open_path = good
    view.results.button.click()
    assert view.results.problems.count() == 0
    assert view.results.result.text() == "extern.csv ingelezen: 3 keuzes vastgelegd in stemming 1."
    assert sorted(hall.records()) == [
        (SCH, "onthouding", "import:extern.csv"),
        (ENS, "tegen", "import:extern.csv"),
        (AMS, "voor", "import:extern.csv"),
    ]
    assert [view.roll_call.model.rows[r].choice for r in range(3)] == ["voor", "tegen", "onthouding"]


# -- lifecycle ------------------------------------------------------------------------------------


def test_acclamation_records_the_chairs_words_and_no_member_votes(hall: Hall) -> None:
    hall.check_in(AMS)
    view = hall.view
    view.agenda.select_step("2")
    hall.press(Qt.Key.Key_F6)
    dialog = view.active_dialog
    assert isinstance(dialog, AcclaimDialog) and dialog.statement.text() == "aangenomen bij acclamatie"
    dialog.statement.clear()
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text() == "Vul in wat de voorzitter zegt."
    dialog.statement.setText("notulencommissie benoemd bij acclamatie")
    dialog.accept()
    vote = hall.voting.current()
    assert vote is not None and vote.method is Method.ACCLAMATION and vote.status is Status.DECLARED
    assert vote.records == () and vote.declaration is not None
    assert vote.declaration.statement == "notulencommissie benoemd bij acclamatie"
    assert view.state_label.text() == "ACCLAMATIE"
    assert view.result_label.text() == "Vastgesteld: notulencommissie benoemd bij acclamatie"
    row = view.agenda.model.row_of(Step("2"))
    assert view.agenda.model.index(row, 6).data() == "aangenomen bij acclamatie"
    # Contested at once, a recorded vote may supersede it (domain rule); another item may be opened.
    assert view.rerun_button.isEnabled() and view.open_button.isEnabled()


def test_declaring_otherwise_needs_a_statement_and_herstemming_supersedes(hall: Hall) -> None:
    ams, ens = hall.check_in(AMS), hall.check_in(ENS)
    hall.open("4.M3")
    view = hall.view
    hall.press(Qt.Key.Key_F3)
    hall.press(Qt.Key.Key_V)  # Amsterdam voor
    hall.press(Qt.Key.Key_T)  # Enschede tegen: 75 - 75, the votes are tied
    hall.press(Qt.Key.Key_F8)
    assert view.active_dialog is None and "Sluit eerst de stemming (F7)" in view.agenda.message.text()
    hall.press(Qt.Key.Key_F7)
    close = view.active_dialog
    assert isinstance(close, ConfirmDialog)
    close.accept()

    hall.press(Qt.Key.Key_F8)
    dialog = view.active_dialog
    assert isinstance(dialog, DeclareDialog)
    computed = "verworpen: de stemmen staken (50,00% voor) (basis: uitgebrachte stemmen, onthoudingen niet meegeteld)"
    assert dialog.rejected_radio.isChecked() and dialog.statement.text() == computed
    dialog.adopted_radio.setChecked(True)  # the chair declares otherwise
    assert dialog.differs.isVisible() and dialog.statement.text() == ""
    dialog.accept()
    assert dialog.isVisible() and "verklaring van de voorzitter" in dialog.error.text()
    dialog.statement.setText("aangenomen, zo stelt de voorzitter vast")
    dialog.accept()
    first = hall.voting.current()
    assert first is not None and first.declaration is not None and first.declaration.adopted
    assert first.declaration_differs() is True
    assert view.state_label.text() == "VASTGESTELD" and "wijkt af van de berekening" in view.result_label.text()
    assert view.agenda.model.index(view.agenda.model.row_of(Step("4.M3")), 6).data() == "aangenomen"

    # Contested at once: herstemming, with who is present now.
    zaa = hall.check_in(ZAA)
    hall.press(Qt.Key.Key_F9)
    rerun = view.active_dialog
    assert isinstance(rerun, ConfirmDialog)
    rerun.accept()
    second = hall.voting.current()
    assert second is not None and second.is_open and second.supersedes == first.id and ZAA in second.eligible
    assert hall.voting.vote(first.id).superseded_by == second.id  # kept, not deleted
    assert view.vote_label.text().startswith("Stemming 2 · punt 4.M3 · Motie Zaanstad")
    assert view.state_label.text() == "OPEN"
    assert view.agenda.model.index(view.agenda.model.row_of(Step("4.M3")), 6).data() == (
        "open — stemming 2 (herstemming)"
    )
    assert view.mode is RecordMode.TELLER and len(view.roll_call.model.rows) == 3
    hall.scan_with_wedge(hall.pass_token(zaa))
    hall.press(Qt.Key.Key_V)
    assert hall.voting.current() == hall.voting.vote(second.id)
    assert hall.records() == [(ZAA, "voor", "teller:key")]
    assert {ams, ens} <= set(hall.voting.current().by_pass)  # type: ignore[union-attr]  # they may vote again


def test_declaring_the_computed_result_unchanged(hall: Hall) -> None:
    ams = hall.check_in(AMS)
    hall.open("4")
    hall.scan_with_wedge(hall.pass_token(ams))
    hall.press(Qt.Key.Key_V)
    hall.press(Qt.Key.Key_F7)
    hall.view.active_dialog.accept()  # type: ignore[union-attr]
    hall.press(Qt.Key.Key_F8)
    dialog = hall.view.active_dialog
    assert isinstance(dialog, DeclareDialog) and dialog.adopted_radio.isChecked() and not dialog.differs.isVisible()
    dialog.accept()
    vote = hall.voting.current()
    assert vote is not None and vote.declaration is not None and vote.declaration_differs() is False
    assert vote.declaration.statement.startswith("aangenomen met 100,00%")
    assert not hall.view.declare_button.isEnabled()


# -- agenda, order, choice sheet -------------------------------------------------------------------


def test_agenda_file_is_all_or_nothing_and_the_order_can_be_changed(empty_hall: Hall, tmp_path: Path) -> None:
    hall = empty_hall
    view = hall.view
    assert view.vote_label.text().startswith("Nog geen agenda")
    hall.press(Qt.Key.Key_F5)
    assert view.agenda.message.text() == "Lees eerst de agenda in (Ctrl+O)."

    bad = tmp_path / "agenda.toml"
    bad.write_text(
        'format = "stembalie-agenda"\nversion = 1\n[[item]]\nkey = "1"\n'
        'type = "motion"\ntitle = "x"\nindieners = ["GM9999"]\n',
        encoding="utf-8",
    )
    hall.files.open_path = bad
    hall.press(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert view.agenda.message.text().startswith("Het agendabestand is geweigerd")
    problems = [view.agenda.problems.item(i).text() for i in range(view.agenda.problems.count())]
    assert view.agenda.problems.isVisible() and any("GM9999 staat niet in het ledenregister" in p for p in problems)
    assert view.agenda.model.rowCount() == 0 and hall.voting.agenda() is None

    hall.files.open_path = DEMO_AGENDA
    hall.press(Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert not view.agenda.problems.isVisible()
    assert [str(r.step) for r in view.agenda.model.rows] == ["2", "4.A1", "4", "4.M1", "4.M2", "4.M3"]
    m1 = [view.agenda.model.index(3, c).data() for c in range(7)]
    assert m1 == [
        "4",
        "4.M1",
        "motie",
        "Motie Enschede 'Geen woorden maar daden'",
        "oordeel aan de ALV",
        "meer dan de helft",
        "",
    ]
    assert view.agenda.model.index(0, 2).data() == "voorstel · personen"

    view.agenda.select_step("4.M3")
    hall.press(Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [str(s) for s in hall.voting.voting_order()][3:] == ["4.M1", "4.M3", "4.M2"]
    assert view.agenda.selected_step() == Step("4.M3")
    view.agenda.select_step("4.A1")
    hall.press(Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [str(s) for s in hall.voting.voting_order()][:3] == ["2", "4", "4.A1"]
    assert view.agenda.message.text() == "Volgorde gewijzigd. Let op:"
    assert [view.agenda.problems.item(i).text() for i in range(view.agenda.problems.count())] == [
        "4.A1 wijzigt 4, maar staat er in de volgorde na"
    ]
    view.agenda.default_order_button.click()
    assert [str(r.step) for r in view.agenda.model.rows] == ["2", "4.A1", "4", "4.M1", "4.M2", "4.M3"]


def test_the_choice_sheet_printed_from_the_tab_records_when_scanned(hall: Hall, tmp_path: Path) -> None:
    ams = hall.check_in(AMS)
    hall.open("4.M2")
    view = hall.view
    hall.files.save_path = tmp_path / "stemformulier.pdf"
    hall.press(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert view.agenda.message.text().startswith(f"Stemformulier opgeslagen: {hall.files.save_path}.")
    page = pdfium.PdfDocument(str(hall.files.save_path))[0]
    array = page.render(scale=150 / 72, grayscale=True).to_numpy()
    codes = decode_image(array[:, :, 0] if array.ndim == 3 else array)
    assert sorted(codes) == sorted(hall.choice_token(c) for c in (V, T, A))
    # A camera on the tellers' table reads the pass, then the TEGEN band of the sheet.
    view.handle_scan(hall.pass_token(ams))
    view.handle_scan(hall.choice_token(T))
    assert view.teller.content.headline == "TEGEN" and hall.records() == [(AMS, "tegen", "teller:scan")]


def test_choice_keys_fit_the_vote() -> None:
    ballot = (Option(1), Option(2), Option(3), A)
    assert [choice_for_key(k, (V, T, A)) for k in "vTo1x"] == [V, T, A, None, None]
    assert [choice_for_key(k, ballot) for k in "3o4v0"] == [Option(3), A, None, None, None]


SECRET_BALLOT = """format = "stembalie-agenda"
version = 1

[[item]]
key = "8"
type = "proposal"
title = "Benoeming bestuurslid"
kind = "persons"
secret = true
options = ["Kandidaat A", "Kandidaat B", "Kandidaat C"]
"""


def test_a_secret_ballot_takes_option_keys_and_never_shows_the_choice(hall: Hall, tmp_path: Path) -> None:
    path = tmp_path / "ballot.toml"
    path.write_text(SECRET_BALLOT, encoding="utf-8")
    assert hall.view.load_agenda_path(path)
    ams = hall.check_in(AMS)
    hall.check_in(ENS)
    hall.open("8")
    view = hall.view
    assert view.agenda.model.index(0, 2).data() == "voorstel · personen · geheim · 3 opties"
    hall.scan_with_wedge(hall.pass_token(ams))
    assert "1 t/m 3 (optie)" in view.teller.content.person
    hall.press(Qt.Key.Key_V)  # no 'voor' in a ballot: nothing recorded, the keys are named
    assert view.teller.pending is not None and "Toets 'V' hoort niet bij deze stemming" in view.agenda.message.text()
    hall.press(Qt.Key.Key_2)
    assert view.teller.content.headline == "STEM VASTGELEGD" and "Kandidaat" not in view.teller.content.detail
    hall.scan_with_wedge(hall.pass_token(ams))
    assert "al gestemd" in view.teller.content.detail
    hall.press(Qt.Key.Key_1)  # a secret choice cannot be changed: the service says so
    assert view.teller.content.headline == "NIET VASTGELEGD"
    assert "kan een uitgebrachte stem niet worden gewijzigd" in view.teller.content.detail
    hall.press(Qt.Key.Key_F3)
    assert [r.choice for r in view.roll_call.model.rows] == ["gestemd (geheim)", ""]
    hall.press(Qt.Key.Key_Down)
    hall.press(Qt.Key.Key_2)
    result = hall.voting.tally()
    assert result is not None and result.count(Option(2)) == Count(2, 150) and result.by_member == {}
    assert "OPTIE 2 · KANDIDAAT B" in view.tally_label.text()


# -- issue 13: what a chair or teller does by habit ---------------------------------------------------


def test_every_new_vote_and_herstemming_starts_the_grid_at_the_top(hall: Hall) -> None:
    codes = sorted(hall.voting.member_names())[:40]
    for code in codes:
        hall.check_in(code)
    view = hall.view
    grid = view.roll_call.grid
    hall.open("4.A1")
    hall.press(Qt.Key.Key_F3)
    grid.select_proxy_row(39)  # the previous vote ends at the bottom of the list
    hall.press(Qt.Key.Key_V)
    assert grid.verticalScrollBar().value() > 0
    hall.voting.close()
    hall.voting.declare_computed()
    hall.feed.poll()

    hall.open("4")  # the next vote, with the same municipalities
    hall.press(Qt.Key.Key_F3)
    assert grid.current_source_row() == 0 and grid.verticalScrollBar().value() == 0
    hall.press(Qt.Key.Key_V)
    assert hall.records()[0][0] == view.roll_call.model.rows[0].code  # the first answer goes to the first row

    view.roll_call.filter_edit.setText("a")  # a search left behind...
    grid.select_proxy_row(view.roll_call.proxy.rowCount() - 1)
    hall.voting.close()
    hall.feed.poll()
    hall.press(Qt.Key.Key_F9)
    dialog = view.active_dialog
    assert isinstance(dialog, ConfirmDialog)
    dialog.accept()  # herstemming: the same municipalities, another vote
    hall.press(Qt.Key.Key_F3)
    assert view.roll_call.filter_edit.text() == "" and view.roll_call.proxy.rowCount() == 40
    assert grid.current_source_row() == 0 and grid.verticalScrollBar().value() == 0


def test_a_representative_who_took_over_votes_with_the_pass_they_hold(hall: Hall) -> None:
    ams, ens = hall.check_in(AMS), hall.check_in(ENS)
    hall.open("4")
    view = hall.view
    hall.scan_with_wedge(hall.pass_token(ams))
    hall.press(Qt.Key.Key_V)
    # While the vote is open: Amsterdam's pass is lost and reissued; Enschede's goes to a substitute.
    new_ams = hall.desk.replace_lost(ams, pin="1234", reason="pas verloren").serial
    new_ens = hall.desk.substitute(ens, name="Plaatsvervanger", role="wethouder").serial
    hall.feed.poll()

    hall.scan_with_wedge(hall.pass_token(new_ams))
    content = view.teller.content
    assert (content.tone, content.municipality, content.votes) == (Tone.INFO, "Amsterdam", 75)
    assert "Eerder gekozen: voor" in content.detail
    hall.press(Qt.Key.Key_T)
    assert view.teller.content.headline == "TEGEN" and "Gewijzigd: eerder voor" in view.teller.content.detail
    hall.scan_with_wedge(hall.pass_token(new_ens))
    hall.press(Qt.Key.Key_O)
    assert view.teller.content.headline == "ONTHOUDING"
    hall.scan_with_wedge(hall.pass_token(ams))  # the lost pass turns up again: void
    assert view.teller.content.headline == "STEMPAS NIET GELDIG"
    assert "vervangen — ongeldig" in view.teller.content.detail
    vote = hall.voting.current()
    assert vote is not None and vote.choices() == {AMS: T, ENS: A}
    result = vote.tally()
    assert result is not None and result.voted == Count(2, 150)  # each municipality once
    assert "Nog niet gestemd: 0 van 2" in view.pending_label.text()


def test_f5_on_a_decided_item_asks_and_the_agenda_keeps_the_declared_result(hall: Hall) -> None:
    hall.check_in(AMS)
    hall.open("4")
    view = hall.view
    hall.press(Qt.Key.Key_F3)
    hall.press(Qt.Key.Key_V)
    hall.press(Qt.Key.Key_F7)
    view.active_dialog.accept()  # type: ignore[union-attr]
    hall.press(Qt.Key.Key_F8)
    view.active_dialog.accept()  # type: ignore[union-attr]
    first = hall.voting.current()
    assert first is not None and first.status is Status.DECLARED
    row = view.agenda.model.row_of(Step("4"))
    assert view.agenda.model.index(row, 6).data() == "aangenomen"

    view.agenda.select_step("4")
    hall.press(Qt.Key.Key_F5)
    dialog = view.active_dialog
    assert isinstance(dialog, ConfirmDialog) and dialog.isVisible()
    assert dialog.explanation.text().startswith("Over dit punt is al besloten: aangenomen met 100,00%")
    assert [v.number for v in hall.voting.votes()] == [1]  # nothing opened by the key alone
    dialog.reject()
    assert view.active_dialog is None and [v.number for v in hall.voting.votes()] == [1]
    assert view.agenda.model.index(row, 6).data() == "aangenomen" and view.state_label.text() == "VASTGESTELD"

    hall.press(Qt.Key.Key_F5)
    again = view.active_dialog
    assert isinstance(again, ConfirmDialog)
    again.accept()  # confirmed: a herstemming that supersedes the decided vote, which is kept
    second = hall.voting.current()
    assert second is not None and second.is_open and second.supersedes == first.id
    assert hall.voting.vote(first.id).superseded_by == second.id
    assert view.agenda.model.index(row, 6).data() == "open — stemming 2 (herstemming)"


def test_the_chair_sees_the_computed_outcome_while_the_hall_waits_for_the_declaration(hall: Hall) -> None:
    from desk_app.services.chair import ChairScreen
    from desk_app.ui.voting.tally import TallyWindow

    hall.check_in(AMS)
    hall.check_in(SCH)
    window = TallyWindow(ChairScreen(hall.voting, hall.desk.counters, Translator()), hall.feed)
    hall.qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    hall.qtbot.waitExposed(window)
    hall.view.activateWindow()
    hall.open("4")
    view = hall.view
    hall.press(Qt.Key.Key_F3)
    hall.press(Qt.Key.Key_V)
    hall.press(Qt.Key.Key_T)
    hall.press(Qt.Key.Key_F7)
    view.active_dialog.accept()  # type: ignore[union-attr]
    assert view.result_label.text().startswith("Berekend: aangenomen met 98,68%")  # the chair's own view
    hall_texts = window.screen_view.texts()
    assert hall_texts["result"] == "Uitslag wordt vastgesteld"  # the hall: figures, no verdict yet
    assert window.screen_view.state.bars[0].figure == "75"
    hall.press(Qt.Key.Key_F8)
    declare = view.active_dialog
    assert isinstance(declare, DeclareDialog)
    declare.accept()
    assert window.screen_view.texts()["result"] == "✔ Vastgesteld: AANGENOMEN met 98,68% voor"
    window.close()


def test_the_tab_reads_only_the_vote_a_change_touched_and_runs_no_timer(
    hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    voting, view = hall.voting, hall.view
    for code in (AMS, ENS, SCH, ZAA):
        hall.check_in(code)
    for step in ("2", "4.A1", "4", "4.M1"):  # four votes held and declared before
        voting.open(step)
        voting.record(V, code=AMS)
        voting.close()
        voting.declare_computed()
    hall.feed.poll()
    assert view.findChildren(QTimer) == []  # no polling of its own: the one feed tells it
    loads: list[str] = []
    original = voting.vote
    monkeypatch.setattr(voting, "vote", lambda vote_id: loads.append(vote_id) or original(vote_id))
    monkeypatch.setattr(voting, "votes", lambda: pytest.fail("the whole list is read again"))
    hall.open("4.M2")
    hall.press(Qt.Key.Key_F3)
    for key in (Qt.Key.Key_V, Qt.Key.Key_T, Qt.Key.Key_O, Qt.Key.Key_V):
        hall.press(key)
    current = voting.current()
    assert current is not None and len(current.records) == 4
    assert len(loads) == 5 and set(loads) == {current.id}  # one read per change: the open, four choices
    assert [view.roll_call.model.rows[r].choice for r in range(4)] == ["voor", "tegen", "onthouding", "voor"]


def test_texts_from_the_services_follow_the_tabs_translator_not_the_process_language(
    qtbot: QtBot, qapp: QApplication, voting: VotingService, desk: DeskService
) -> None:
    voting.load_agenda_file(DEMO_AGENDA)
    feed = ChangeFeed(ChangeWatcher(voting.store), poll_ms=0)
    view = VotingTab(voting, feed, desk.counters, Translator("en"), wedge=KeyboardWedge(None))
    qtbot.addWidget(view)
    m = desk.meeting
    view.handle_scan(make_card_token(m.meeting_no, m.secret, AMS, 1))
    assert "card" in view.teller.content.detail and "stemkaart" not in view.teller.content.detail
    assert view.counters_label.text().startswith("Present: 0 of 342 municipalities")
    assert view.open_button.toolTip() == "" and view.close_button.toolTip() == "There is no open vote."
    feed.stop()
