"""The desk panel driven like a clerk would: scans, Enter, function keys, coördinator dialogs.

A handheld scanner is simulated as a 4 ms keystroke burst through the real keyboard wedge (on a
fake clock: synthetic key events carry no timestamps); passes print to PDF files in tmp_path;
sounds are recorded instead of played; counters follow the real change feed (without its timer:
this process's own writes reach it at the next turn of the event loop).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desk_app.domain.text import Translator
from desk_app.domain.token import damm_digit, make_card_token
from desk_app.printing.stempas import PDF_TARGET, PassPrinter
from desk_app.scanning.decoder import decode_image
from desk_app.scanning.wedge import KeyboardWedge
from desk_app.services.changes import ChangeWatcher
from desk_app.services.demo import DEMO_PIN
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage import audit
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.desk.dialogs import LookupDialog, SupervisorDialog
from desk_app.ui.desk.panel import DeskPanel
from desk_app.ui.desk.screen import Cue, Mode, Tone
from desk_app.ui.desk.sounds import RecordingSounds
from desk_app.ui.jobs import SyncRunner
from tests.helpers import committed

PIN = "4321"


class FakeClock:
    """Milliseconds for the wedge: synthetic key events carry no timestamps."""

    def __init__(self) -> None:
        self.ms = 1000.0

    def __call__(self) -> float:
        return self.ms


@dataclass
class Desk:
    view: DeskPanel
    service: DeskService
    sounds: RecordingSounds
    printer: PassPrinter
    clock: FakeClock
    qtbot: QtBot

    def card(self, code: str, version: int = 1) -> str:
        m = self.service.meeting
        return make_card_token(m.meeting_no, m.secret, code, version)

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
        """A person at the keyboard: slow enough that the wedge lets the key through."""
        self.clock.ms += 500
        self.qtbot.keyClick(widget or QApplication.focusWidget() or self.view, key, modifier)

    def type(self, widget: QWidget, text: str) -> None:
        for ch in text:
            self.clock.ms += 150
            self.qtbot.keyClick(widget, ch)
        self.clock.ms += 500  # let the wedge hand the last key over
        self.view.wedge.flush()

    def checked_in(self, code: str, name: str = "Anna de Wit", role: str = "burgemeester") -> int:
        """Scan, confirm and wait for the print: the serial of the new pass."""
        self.view.handle_scan(self.card(code))
        self.view.name_edit.setText(name)
        self.view.role_combo.setCurrentIndex(self.view.role_combo.findData(role))
        with self.qtbot.waitSignal(self.view.pass_issued, timeout=10_000) as printed:
            self.view.confirm()
        return int(printed.args[0])

    def counters_say(self, text: str) -> None:
        """The change feed brings this desk's own writes at the next turn of the event loop."""
        self.qtbot.waitUntil(lambda: self.view.counters_label.text().startswith(text), timeout=2000)


def panel(service: DeskService, printer: PassPrinter, sounds: RecordingSounds, **kwargs: object) -> DeskPanel:
    """A desk panel on its own change feed (no timer: this process's writes are all it needs)."""
    feed = ChangeFeed(ChangeWatcher(service.store), poll_ms=0)
    kwargs.setdefault("runner", SyncRunner())  # the record check inline: deterministic
    view = DeskPanel(service, printer, sounds, feed=feed, **kwargs)  # type: ignore[arg-type]
    feed.setParent(view)
    return view


@pytest.fixture
def service(meeting: MeetingService) -> DeskService:
    desk = DeskService(meeting.store, Actor("balie-1", "anna"))
    desk.set_supervisor_pin(PIN, current=DEMO_PIN)
    return desk


@pytest.fixture
def desk(qtbot: QtBot, qapp: QApplication, service: DeskService, tmp_path: Path) -> Iterator[Desk]:
    clock = FakeClock()
    wedge = KeyboardWedge(None, clock=clock)
    sounds = RecordingSounds()
    printer = PassPrinter(PDF_TARGET, "a6", tmp_path / "passen")
    view = panel(service, printer, sounds, wedge=wedge, next_scan_after_ms=0)
    wedge.scope = view
    wedge.install(qapp)
    qtbot.addWidget(view)
    view.resize(1400, 850)
    view.show()
    view.activateWindow()
    qtbot.waitExposed(view)
    view.setFocus()
    yield Desk(view, service, sounds, printer, clock, qtbot)
    view.feed.stop()
    wedge.uninstall(qapp)
    wedge.deleteLater()


# -- helpers -------------------------------------------------------------------------------------


def actions(service: DeskService) -> list[str]:
    return [e.action for e in audit.entries(service.store)]


def statuses(service: DeskService, code: str) -> list[tuple[int, str]]:
    rows = service.store.query("SELECT serial, status FROM passes WHERE code = ? ORDER BY serial", (code,))
    return [(int(r["serial"]), str(r["status"])) for r in rows]  # type: ignore[arg-type]


def supervisor(desk: Desk) -> SupervisorDialog:
    dialog = desk.view.active_dialog
    assert isinstance(dialog, SupervisorDialog), dialog
    assert dialog.isVisible()
    return dialog


def answer(desk: Desk, pin: str, reason: str) -> SupervisorDialog:
    dialog = supervisor(desk)
    dialog.pin.setText(pin)
    dialog.reason.setText(reason)
    dialog.accept()
    return dialog


def rasterised_tokens(pdf: Path) -> list[str]:
    array = pdfium.PdfDocument(str(pdf))[0].render(scale=200 / 72, grayscale=True).to_numpy()
    return decode_image(array[:, :, 0] if array.ndim == 3 else array)


# -- the main flow --------------------------------------------------------------------------------


def test_wedge_burst_checks_a_municipality_in_and_prints_a_readable_pass(desk: Desk) -> None:
    view, service = desk.view, desk.service
    desk.scan_with_wedge(desk.card("GM0363"))

    content = view.panel.content
    assert view.mode is Mode.CONFIRM
    assert (content.tone, content.headline, content.municipality, content.votes) == (
        Tone.ADMITTED,
        "TOEGELATEN",
        "Amsterdam",
        75,
    )
    # Admitted, not issued: its own icon and words, so nobody takes it for "issued".
    assert view.panel.icon.text() == "↵" and view.panel.votes.text() == "75"
    assert view.panel.badge.isVisible() and view.panel.badge.text() == "NOG NIET UITGEGEVEN — druk Enter"
    designated = service.scan(desk.card("GM0363")).rep_name
    assert designated and view.name_edit.text() == designated  # prefilled from the designation
    assert view.role_combo.currentData() is not None
    assert view.name_edit.hasFocus()
    assert desk.sounds.played == [Cue.ACCEPTED]
    assert actions(service)[-1] != "checkin"  # a scan changes nothing

    # The clerk corrects the name and presses Enter in the name field.
    view.name_edit.selectAll()
    desk.type(view.name_edit, "Femke Halsema")
    view.role_combo.setCurrentIndex(view.role_combo.findData("burgemeester"))
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
        desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    serial, ok = printed.args
    assert ok is True and view.mode is Mode.ISSUED
    assert view.panel.content.headline == "STEMPAS UITGEGEVEN" and view.panel.content.tone is Tone.OK
    assert view.panel.icon.text() == "✔" and not view.panel.badge.isVisible()
    assert "Femke Halsema" in view.panel.content.person

    row = next(r for r in service.presence() if r.code == "GM0363")
    assert (row.status, row.serial, row.holder_name, row.holder_role, row.desk, row.print_state) == (
        "active",
        serial,
        "Femke Halsema",
        "burgemeester",
        "balie-1",
        "printed",
    )
    assert actions(service)[-2:] == ["checkin", "pass.printed"]
    desk.counters_say("Aanwezig: 1 van 342 gemeenten · 75 van 13.111 stemmen")

    # The printed pass, rasterised, reads back as the pass token.
    pdf = desk.printer.last_pdf
    assert pdf is not None and pdf.name.startswith(f"stempas_{serial:06d}_GM0363")
    token = service.pass_verdict(serial).existing.token  # type: ignore[union-attr]
    assert rasterised_tokens(pdf) == [token]


def test_second_scan_says_when_and_where_it_was_registered(desk: Desk, service: DeskService) -> None:
    other = DeskService(service.store, Actor("balie-3", "bob"))
    p = other.check_in(other.scan(desk.card("GM0599")), name="Ahmed Aboutaleb", role="burgemeester")
    desk.view.refresh_counters()
    assert desk.view.counters_label.text().startswith("Aanwezig: 1 van 342")

    desk.scan_with_wedge(desk.card("GM0599"))
    view = desk.view
    content = view.panel.content
    assert view.mode is Mode.ALREADY and content.tone is Tone.WARNING and view.panel.icon.text() == "!"
    assert content.headline == "AL GEREGISTREERD" and content.municipality == "Rotterdam"
    assert content.person.startswith("Geregistreerd om ") and content.person.endswith(" aan balie-3")
    assert f"Stempas {p.serial}: Ahmed Aboutaleb, burgemeester" in content.detail
    assert desk.sounds.played == [Cue.REFUSED]
    shown = {
        b.text()
        for b in (view.reprint_button, view.lost_button, view.substitute_button, view.override_button, view.undo_button)
        if b.isVisible()
    }
    assert shown == {
        "Afdrukken (F5)",
        "Pas kwijt: nieuwe pas (F6)",
        "Vervanger (F7)",
        "Toch toelaten (F8)",
        "Ongedaan maken (Ctrl+Z)",
    }  # never printed: F5 prints without a PIN
    assert not view.form.isVisible()
    desk.press(Qt.Key.Key_Return)  # Enter does nothing here: no second pass
    assert statuses(service, "GM0599") == [(p.serial, "active")]


def test_substitute_takes_over_atomically(desk: Desk, service: DeskService) -> None:
    first = desk.checked_in("GM0363", "Femke Halsema", "burgemeester")
    desk.view.handle_scan(desk.card("GM0363"))
    view = desk.view
    desk.press(Qt.Key.Key_F7)
    assert view.mode is Mode.SUBSTITUTE and view.form.isVisible()
    assert view.name_edit.text() == "" and view.role_combo.currentIndex() == -1
    assert view.confirm_button.text() == "Vervanger toelaten (Enter)"

    desk.type(view.name_edit, "Jan de Raad")
    desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    assert view.form_error.isVisible() and "functie" in view.form_error.text()  # no role chosen yet
    view.role_combo.setCurrentIndex(view.role_combo.findData("raadslid"))
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
        desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    new = printed.args[0]
    assert view.panel.content.headline == "VERVANGER TOEGELATEN"
    assert statuses(service, "GM0363") == [(first, "returned"), (new, "active")]
    assert service.active_passes() == [(new, "GM0363", 75)]
    assert actions(service)[-2:] == ["pass.substitute", "pass.printed"]


def test_lost_pass_is_replaced_with_pin_and_the_old_pass_is_refused(desk: Desk, service: DeskService) -> None:
    old = desk.checked_in("GM0344", "Sharon Dijksma", "burgemeester")
    view = desk.view
    view.handle_scan(desk.card("GM0344"))
    desk.press(Qt.Key.Key_F6)
    dialog = answer(desk, "0000", "pas verloren in de foyer")
    assert dialog.isVisible() and "Onjuiste pincode" in dialog.error.text()  # stays open, nothing done
    assert statuses(service, "GM0344") == [(old, "active")]
    answer(desk, "4321", "")
    assert dialog.isVisible() and "reden" in dialog.error.text().lower()
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
        answer(desk, "4321", "pas verloren in de foyer")
    new = printed.args[0]
    assert view.active_dialog is None and view.panel.content.headline == "NIEUWE STEMPAS"
    assert statuses(service, "GM0344") == [(old, "replaced"), (new, "active")]

    old_token = service.pass_verdict(old).existing.token  # type: ignore[union-attr]
    desk.sounds.played.clear()
    desk.scan_with_wedge(old_token)
    assert view.mode is Mode.PASS and view.panel.content.tone is Tone.REFUSED
    assert view.panel.content.headline == f"STEMPAS {old} · VERVANGEN — ONGELDIG"
    assert not view.leave_button.isVisible() and not view.back_button.isVisible()
    assert desk.sounds.played == [Cue.REFUSED]


def test_ineligible_role_is_refused_with_the_reason_and_can_be_corrected(desk: Desk, service: DeskService) -> None:
    view = desk.view
    desk.scan_with_wedge(desk.card("GM0363"))
    view.role_combo.setCurrentIndex(view.role_combo.findData("__other__"))
    assert view.role_other.isVisible()
    desk.type(view.role_other, "beleidsmedewerker")
    desk.press(Qt.Key.Key_Return, widget=view.role_other)

    content = view.panel.content
    assert content.tone is Tone.REFUSED and view.panel.icon.text() == "✖"
    assert content.headline == "FUNCTIE NIET TOEGESTAAN"
    assert "'beleidsmedewerker' is geen stemgerechtigde functie" in content.detail
    assert content.votes is None
    assert desk.sounds.played == [Cue.ACCEPTED, Cue.REFUSED]
    assert service.counters().present_members == 0 and "checkin" not in actions(service)

    # It was the wrong choice in the list: the form is still there to correct it.
    assert view.form.isVisible()
    view.role_combo.setCurrentIndex(view.role_combo.findData("wethouder"))
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000):
        desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    assert service.counters().present_members == 1


def test_forged_misread_other_meeting_and_revoked_cards_are_refused_in_their_own_words(
    desk: Desk, service: DeskService
) -> None:
    m = service.meeting
    good = desk.card("GM0363")
    forged = good[:-11] + "0000000000"
    forged += damm_digit(forged)
    other_meeting = make_card_token(1000 + (m.meeting_no + 1) % 9000, m.secret, "GM0363", 1)
    with service.store.transaction() as db:
        db.execute(
            "INSERT INTO cards VALUES ('GM0518', 1, ?, '2024-05-13T10:00:00Z', 'secretariaat', '', "
            "'2024-05-20T09:00:00Z', 'Piet (secretariaat)', 'kaart verloren')",
            [desk.card("GM0518", 1)],
        )
        db.execute(
            "INSERT INTO cards VALUES ('GM0518', 2, ?, '2024-05-20T09:00:00Z', 'secretariaat', "
            "'kaart verloren', NULL, NULL, NULL)",
            [desk.card("GM0518", 2)],
        )
    before = actions(service)
    cases = [
        (forged, "ONBEKENDE KAART", "echtheidscode klopt niet"),
        (good[:5] + ("1" if good[5] != "1" else "2") + good[6:], "ONBEKENDE KAART", "verkeerd gelezen"),
        (other_meeting, "KAART VAN ANDERE VERGADERING", "andere vergadering"),
        (desk.card("GM0518", 1), "VERVANGEN KAART", "Piet (secretariaat)"),
    ]
    view = desk.view
    for text, headline, words in cases:
        desk.scan_with_wedge(text)
        content = view.panel.content
        assert view.mode is Mode.REFUSED, headline
        assert (content.tone, content.headline) == (Tone.REFUSED, headline)
        assert words in content.detail, (headline, content.detail)
        assert content.votes is None and not view.panel.votes.isVisible()  # no number to misread as "in"
        assert not view.form.isVisible()
        desk.press(Qt.Key.Key_Return)
    assert desk.sounds.played == [Cue.REFUSED] * len(cases)
    assert actions(service) == before and service.counters().present_members == 0
    desk.press(Qt.Key.Key_Escape)
    assert view.mode is Mode.IDLE and view.panel.content.tone is Tone.IDLE


def test_no_voting_right_is_refused(desk: Desk, service: DeskService) -> None:
    with service.store.transaction() as db:
        db.execute("UPDATE members SET no_vote_reason = 'lidmaatschap geschorst' WHERE code = 'GM0363'")
    desk.scan_with_wedge(desk.card("GM0363"))
    content = desk.view.panel.content
    assert (content.tone, content.headline, content.municipality) == (Tone.REFUSED, "GEEN STEMRECHT", "Amsterdam")
    assert "geschorst" in content.detail and desk.sounds.played == [Cue.REFUSED]


def test_printer_failure_keeps_the_check_in_and_offers_a_print(
    desk: Desk, service: DeskService, tmp_path: Path
) -> None:
    view = desk.view
    view.set_printer("Kantoorprinter-die-er-niet-is", "label62", None)
    view.handle_scan(desk.card("GM0363"))
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
        desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    serial, ok = printed.args
    assert ok is False
    content = view.panel.content
    assert (content.tone, content.headline) == (Tone.WARNING, "NIET AFGEDRUKT")
    assert "registratie staat vast" in content.detail and "niet gevonden" in content.detail
    row = next(r for r in service.presence() if r.code == "GM0363")
    assert (row.status, row.print_state) == ("active", "failed")
    assert view.reprint_button.isVisible() and view.reprint_button.text() == "Afdrukken (F5)"
    assert desk.sounds.played == [Cue.ACCEPTED, Cue.REFUSED]

    # Fixed: print to PDF. The first print of a pass needs no supervisor.
    view.set_printer("pdf", "label62", tmp_path / "passen")
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
        desk.press(Qt.Key.Key_F5)
    assert printed.args == [serial, True]
    assert next(r for r in service.presence() if r.code == "GM0363").print_state == "printed"
    assert actions(service)[-3:] == ["checkin", "pass.print_failed", "pass.printed"]

    # A second paper pass is a reprint: supervisor PIN and reason, logged.
    assert view.reprint_button.text() == "Opnieuw afdrukken (F5)"
    desk.press(Qt.Key.Key_F5)
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000):
        answer(desk, PIN, "pas in de regen gevallen")
    assert view.panel.content.headline == "STEMPAS OPNIEUW AFGEDRUKT"
    assert actions(service)[-2:] == ["pass.reprint", "pass.printed"]
    # (the fixture set its own PIN: a coördinator action too)
    assert {e.action for e in service.supervisor_actions()} == {"pass.reprint", "supervisor.pin"}


def test_restart_after_a_crash_before_printing_shows_the_pass_as_it_is(
    qtbot: QtBot, qapp: QApplication, service: DeskService, tmp_path: Path
) -> None:
    """Killed after the check-in committed but before the printer answered: the new session
    counts the municipality as present and offers to print its pass (no PIN: it never printed)."""
    card = make_card_token(service.meeting.meeting_no, service.meeting.secret, "GM0363", 1)
    p = service.check_in(service.scan(card), name="Femke Halsema", role="burgemeester")
    sounds = RecordingSounds()
    printer = PassPrinter(PDF_TARGET, "a6", tmp_path / "passen")
    wedge = KeyboardWedge(None)
    view = panel(service, printer, sounds, wedge=wedge)
    qtbot.addWidget(view)
    assert view.counters_label.text().startswith("Aanwezig: 1 van 342 gemeenten · 75 van")
    view.handle_scan(card)
    assert view.mode is Mode.ALREADY and "nog niet afgedrukt" in view.panel.content.note
    with qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
        view.reprint_button.click()
    assert printed.args == [p.serial, True] and view.active_dialog is None
    assert rasterised_tokens(printer.last_pdf) == [p.token]  # type: ignore[arg-type]


def test_leaving_and_coming_back_with_the_pass(desk: Desk, service: DeskService) -> None:
    serial = desk.checked_in("GM0363")
    token = service.pass_verdict(serial).existing.token  # type: ignore[union-attr]
    view = desk.view
    desk.sounds.played.clear()
    desk.scan_with_wedge(token)
    assert view.mode is Mode.PASS and view.panel.content.tone is Tone.INFO
    assert view.panel.content.headline == f"STEMPAS {serial} · AANWEZIG"
    assert view.leave_button.isVisible() and view.leave_button.text() == "Vertrekt — pas inleveren (F9)"
    assert not view.back_button.isVisible()
    assert desk.sounds.played == [Cue.ACCEPTED]

    desk.press(Qt.Key.Key_F9)
    assert view.panel.content.headline == f"STEMPAS {serial} · VERTROKKEN"
    assert view.panel.content.tone is Tone.WARNING
    assert service.counters().present_votes == 0
    desk.counters_say("Aanwezig: 0 van 342")
    assert view.back_button.isVisible() and view.back_button.text() == "Komt terug (F10)"

    desk.press(Qt.Key.Key_F10)
    assert view.panel.content.headline == f"STEMPAS {serial} · AANWEZIG"
    assert service.counters().present_votes == 75
    assert actions(service)[-2:] == ["pass.leave", "pass.return"]


def test_manual_look_up_needs_a_reason_which_is_recorded(desk: Desk, service: DeskService) -> None:
    view = desk.view
    desk.press(Qt.Key.Key_F2)
    dialog = view.active_dialog
    assert isinstance(dialog, LookupDialog) and dialog.isVisible()
    desk.type(dialog.query, "den haag")
    assert dialog.results.currentItem().text().startswith("'s-Gravenhage (GM0518)")
    dialog.accept()
    assert dialog.isVisible() and "reden" in dialog.error.text().lower()
    dialog.reason.setCurrentText("kaart vergeten")
    dialog.accept()
    assert view.active_dialog is None
    content = view.panel.content
    assert (content.headline, content.municipality) == ("TOEGELATEN", "'s-Gravenhage")
    assert content.note == "Handmatig opgezocht: kaart vergeten"
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000):
        desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    last = [e for e in audit.entries(service.store) if e.action == "checkin"][-1]
    assert committed(service.store, last, "manual_reason") == "kaart vergeten"


def test_typing_the_card_digits_in_the_look_up_is_a_scan(desk: Desk) -> None:
    view = desk.view
    desk.press(Qt.Key.Key_F2)
    dialog = view.active_dialog
    assert isinstance(dialog, LookupDialog)
    card = desk.card("GM0363")
    dialog.query.setText(" ".join(card[i : i + 4] for i in range(0, len(card), 4)))
    dialog.accept()
    assert view.mode is Mode.CONFIRM and view.panel.content.municipality == "Amsterdam"
    assert view.panel.content.note == ""  # a real card: no manual reason needed


def test_override_of_a_false_already_registered_and_undo(desk: Desk, service: DeskService) -> None:
    first = desk.checked_in("GM0363", "Iemand Anders", "raadslid")
    view = desk.view
    view.handle_scan(desk.card("GM0363"))
    desk.press(Qt.Key.Key_F8)
    assert view.mode is Mode.OVERRIDE and view.name_edit.text()  # the designated representative
    view.name_edit.setText("Femke Halsema")
    view.role_combo.setCurrentIndex(view.role_combo.findData("burgemeester"))
    desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
        answer(desk, PIN, "eerdere registratie was een vergissing van de balie")
    new = printed.args[0]
    assert view.panel.content.headline == "TOCH TOEGELATEN"
    assert statuses(service, "GM0363") == [(first, "undone"), (new, "active")]

    desk.press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    answer(desk, PIN, "verkeerde gemeente gescand")
    assert view.panel.content.headline == "AANMELDING ONGEDAAN"
    assert service.counters().present_members == 0
    desk.counters_say("Aanwezig: 0 van 342")
    assert {e.action for e in service.supervisor_actions()} == {"checkin.override", "checkin.undo", "supervisor.pin"}


def test_a_scan_while_a_supervisor_dialog_is_open_waits_until_it_closes(desk: Desk, service: DeskService) -> None:
    desk.checked_in("GM0363")
    view = desk.view
    view.handle_scan(desk.card("GM0363"))
    desk.press(Qt.Key.Key_F6)
    assert isinstance(view.active_dialog, SupervisorDialog)
    view.handle_scan(desk.card("GM0599"))  # the camera sees the next card meanwhile
    # The dialog acts on Amsterdam's pass: nothing underneath changes, but the wait is said.
    assert view.panel.content.municipality == "Amsterdam"
    assert view.waiting_label.isVisible() and "Rotterdam (GM0599)" in view.waiting_label.text()
    supervisor(desk).reject()
    assert view.active_dialog is None
    desk.qtbot.waitUntil(lambda: view.panel.content.municipality == "Rotterdam", timeout=2000)
    assert not view.waiting_label.isVisible() and view.mode is Mode.CONFIRM


def test_a_slow_scan_that_landed_in_the_name_field_waits_like_any_scan(desk: Desk, service: DeskService) -> None:
    view = desk.view
    view.handle_scan(desk.card("GM0363"))
    designated = view.name_edit.text()
    view.name_edit.setText(desk.card("GM0599"))  # a scanner too slow for the wedge, over the selected name
    desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    # Not a confirmation: the form is Amsterdam's still, with its name back, and Rotterdam waits.
    assert view.mode is Mode.CONFIRM and view.panel.content.municipality == "Amsterdam"
    assert view.name_edit.text() == designated and "Rotterdam" in view.waiting_label.text()
    assert service.counters().present_members == 0
    view.name_edit.setText("Anna de Vries" + desk.card("GM0599"))  # typed at the end of a name
    desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    assert view.name_edit.text() == "Anna de Vries" and service.counters().present_members == 0
    desk.press(Qt.Key.Key_Escape)
    desk.qtbot.waitUntil(lambda: view.panel.content.municipality == "Rotterdam", timeout=2000)


def test_every_action_shows_its_shortcut(desk: Desk) -> None:
    view = desk.view
    for button in (
        view.lookup_button,
        view.presence_button,
        view.printer_button,
        view.reprint_button,
        view.lost_button,
        view.substitute_button,
        view.override_button,
        view.leave_button,
        view.back_button,
        view.undo_button,
        view.cancel_button,
    ):
        key = view.shortcuts[button].key().toString()
        assert key and f"({key})" in button.text(), button.text()
    assert "(Enter)" in view.confirm_button.text()


def test_presence_list_shows_everyone_and_prints_to_pdf(desk: Desk, service: DeskService, tmp_path: Path) -> None:
    desk.checked_in("GM0363", "Femke Halsema", "burgemeester")
    serial = desk.checked_in("GM0599", "Ahmed Aboutaleb", "burgemeester")
    service.leave(serial)
    view = desk.view
    desk.press(Qt.Key.Key_F4)
    dialog = view.presence_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.proxy.rowCount() == 342
    dialog.status.setCurrentIndex(dialog.status.findData("active"))
    assert [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())] == ["Amsterdam"]
    dialog.status.setCurrentIndex(dialog.status.findData("away"))
    assert [dialog.proxy.index(r, 3).data() for r in range(dialog.proxy.rowCount())] == ["vertrokken"]
    assert "Aanwezig: 1 van 342 gemeenten · 75 van 13.111 stemmen" == dialog.counters.text()

    pdf = dialog.save_pdf(tmp_path / "presentie.pdf")
    doc = pdfium.PdfDocument(str(pdf))
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert len(doc) >= 5  # all 342 municipalities, several pages
    for words in (
        "Presentielijst",
        "Femke Halsema",
        "Ahmed Aboutaleb",
        "vertrokken",
        "Zwolle",
        "afwezig",
        "Aanwezig: 1 van 342 gemeenten",
    ):
        assert words in text, words

    # A check-in at this desk refreshes the open list.
    dialog.status.setCurrentIndex(dialog.status.findData("active"))
    desk.checked_in("GM0518", "Jan van Zanen", "burgemeester")
    desk.qtbot.waitUntil(lambda: dialog.proxy.rowCount() == 2, timeout=2000)  # through the change feed
    dialog.close()


def test_camera_failure_is_shown_instead_of_a_picture(desk: Desk) -> None:
    preview = desk.view.preview
    assert "Geen camera" in preview.state and not preview.has_frame
    desk.view._on_scanner_source_failed("Camera 0 is niet gevonden.")
    assert preview.failed and preview.state == "Camera 0 is niet gevonden."
    desk.view._on_scanner_finished()
    assert preview.state == "Camera 0 is niet gevonden."  # the reason stays, not just "stopped"


def test_supervisor_dialog_works_by_keyboard_alone(desk: Desk, service: DeskService) -> None:
    serial = desk.checked_in("GM0363")
    view = desk.view
    view.handle_scan(desk.card("GM0363"))
    desk.press(Qt.Key.Key_F6)
    dialog = supervisor(desk)
    desk.qtbot.keyClicks(dialog.pin, PIN)
    desk.qtbot.keyClick(dialog.pin, Qt.Key.Key_Tab)
    desk.qtbot.keyClicks(dialog.reason, "kwijt")
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
        desk.qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # the default button: Bevestigen
    assert statuses(service, "GM0363") == [(serial, "replaced"), (printed.args[0], "active")]


def test_printer_choice_is_applied_and_announced(desk: Desk, tmp_path: Path) -> None:
    from desk_app.ui.desk.dialogs import PrinterDialog

    view = desk.view
    desk.press(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = view.active_dialog
    assert isinstance(dialog, PrinterDialog)
    assert dialog.target.currentData() == "pdf" and dialog.pass_size.currentData() == "a6"
    dialog.pass_size.setCurrentIndex(dialog.pass_size.findData("label62"))
    dialog.folder.setText(str(tmp_path / "labels"))
    with desk.qtbot.waitSignal(view.printer_chosen) as chosen:
        dialog.accept()
    assert chosen.args == ["pdf", "label62", str(tmp_path / "labels")]
    assert "Label 62" in view.printer_label.text()
    desk.checked_in("GM0363")
    pdf = desk.printer.last_pdf
    assert pdf is not None and pdf.parent == tmp_path / "labels"
    width_pt, _ = pdfium.PdfDocument(str(pdf))[0].get_size()
    assert round(width_pt / 72 * 25.4) == 62


def test_without_a_given_wedge_the_view_makes_its_own_for_itself(
    qtbot: QtBot, qapp: QApplication, service: DeskService, tmp_path: Path
) -> None:
    view = panel(service, PassPrinter(PDF_TARGET, "a6", tmp_path), RecordingSounds())
    qtbot.addWidget(view)
    assert view.wedge.scope is view and view.wedge.parent() is view
    with qtbot.waitSignal(view.verdict_shown) as shown:
        view.wedge.scanned.emit(make_card_token(service.meeting.meeting_no, service.meeting.secret, "GM0363", 1))
    assert shown.args == ["accepted"]


def test_english_texts_come_from_the_same_verdicts_through_the_translator(
    qtbot: QtBot, service: DeskService, tmp_path: Path
) -> None:
    """The language is the composition root's Translator, not the process-wide one (still Dutch here)."""
    view = panel(
        service,
        PassPrinter(PDF_TARGET, "a6", tmp_path),
        RecordingSounds(),
        texts=Translator("en"),
        wedge=KeyboardWedge(None),
    )
    qtbot.addWidget(view)
    assert view.counters_label.text() == "Present: 0 of 342 municipalities · 0 of 13,111 votes"
    view.handle_scan(make_card_token(service.meeting.meeting_no, service.meeting.secret, "GM0363", 1))
    assert view.panel.content.headline == "ACCEPTED"
    assert view.role_combo.itemText(0) == "mayor"
    view.handle_scan("12345")
    assert not view.waiting_label.isHidden()  # the form is open: the refusal waits
    view.feed.stop()


def test_another_desk_faster_between_verdict_and_enter(desk: Desk, service: DeskService) -> None:
    view = desk.view
    view.handle_scan(desk.card("GM0363"))
    other = DeskService(service.store, Actor("balie-4", "bob"))
    other.check_in(other.scan(desk.card("GM0363")), name="Femke Halsema", role="burgemeester")
    desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    content = view.panel.content
    assert (content.tone, content.headline) == (Tone.WARNING, "AL GEREGISTREERD")
    assert "balie-4" in content.detail and view.mode is Mode.REFUSED and not view.form.isVisible()
    assert len(service.active_passes()) == 1


# -- issue 13, item 1: a scan never replaces a form that is being filled in --------------------------


def test_a_scan_during_the_confirm_form_waits_and_enter_issues_the_first_card(desk: Desk, service: DeskService) -> None:
    view = desk.view
    desk.scan_with_wedge(desk.card("GM0363"))  # A: Amsterdam, accepted
    assert view.mode is Mode.CONFIRM and not view.waiting_label.isVisible()
    view.name_edit.selectAll()
    desk.type(view.name_edit, "Jan de Vries")
    view.role_combo.setCurrentIndex(view.role_combo.findData("wethouder"))

    desk.scan_with_wedge(desk.card("GM0599"))  # B arrives before Enter
    content = view.panel.content
    assert (view.mode, content.municipality, content.tone) == (Mode.CONFIRM, "Amsterdam", Tone.ADMITTED)
    assert view.name_edit.text() == "Jan de Vries" and view.role_combo.currentData() == "wethouder"
    assert view.waiting_label.isVisible() and "kaart van Rotterdam (GM0599)" in view.waiting_label.text()
    assert "checkin" not in actions(service)

    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
        desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    a = service.pass_verdict(printed.args[0]).existing
    assert a is not None and (a.code, a.holder_name, a.holder_role) == ("GM0363", "Jan de Vries", "wethouder")
    # Then B: its own verdict and form, prefilled from its own designation, not A's typed name.
    desk.qtbot.waitUntil(lambda: view.panel.content.municipality == "Rotterdam", timeout=2000)
    assert view.mode is Mode.CONFIRM and not view.waiting_label.isVisible()
    assert view.name_edit.text() == (service.scan(desk.card("GM0599")).rep_name or "")
    assert [r.code for r in service.presence() if r.status == "active"] == ["GM0363"]


def test_esc_lets_the_waiting_scan_in_at_once(desk: Desk, service: DeskService) -> None:
    view = desk.view
    view.handle_scan(desk.card("GM0363"))
    view.handle_scan(desk.card("GM0363"))  # the camera sees the same card again: nothing waits
    assert not view.waiting_label.isVisible()
    view.handle_scan("123")  # a misread: it waits too, and says it will be refused
    assert "niet wordt toegelaten (ONBEKENDE KAART)" in view.waiting_label.text()
    view.handle_scan(desk.card("GM0599"))  # it waits behind the misread
    assert "2 SCANS WACHTEN: ONBEKENDE KAART, Rotterdam." in view.waiting_label.text()
    desk.press(Qt.Key.Key_Escape)  # the refusal is shown, then (no pause in this fixture) Rotterdam
    assert view.panel.content.municipality == "Rotterdam" and not view.waiting_label.isVisible()
    assert service.counters().present_members == 0


def test_waiting_scans_keep_their_order_and_a_card_counts_once(desk: Desk, service: DeskService) -> None:
    """Only the latest waiting scan was kept: an earlier waiting card was dropped without a word."""
    view = desk.view
    utrecht, zwolle = desk.card("GM0344"), desk.card("GM0193")
    desk.scan_with_wedge(desk.card("GM0363"))  # Amsterdam's form is being filled in
    view.name_edit.setText("Femke Halsema")
    view.role_combo.setCurrentIndex(view.role_combo.findData("burgemeester"))
    desk.scan_with_wedge(utrecht)
    desk.scan_with_wedge(zwolle)
    view.handle_scan(utrecht)  # the camera sees Utrecht's card again: it waits once
    view.handle_scan(desk.card("GM0363"))  # ... and Amsterdam's, whose form is open: not at all
    assert view.waiting_scans == [utrecht, zwolle]
    banner = view.waiting_label.text()
    assert view.waiting_label.isVisible() and "‖ 2 SCANS WACHTEN: Utrecht, Zwolle." in banner
    assert (view.mode, view.panel.content.municipality, view.name_edit.text()) == (
        Mode.CONFIRM,
        "Amsterdam",
        "Femke Halsema",
    )

    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000):
        desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    # Then the first that waited, in its own form; the other one still waits, named in full.
    desk.qtbot.waitUntil(lambda: view.panel.content.municipality == "Utrecht", timeout=2000)
    assert view.mode is Mode.CONFIRM and view.waiting_scans == [zwolle]
    assert "VOLGENDE SCAN WACHT: kaart van Zwolle (GM0193)" in view.waiting_label.text()
    desk.press(Qt.Key.Key_Escape)  # Utrecht's form cancelled: Zwolle at once
    assert view.panel.content.municipality == "Zwolle" and view.mode is Mode.CONFIRM
    assert view.waiting_scans == [] and not view.waiting_label.isVisible()
    assert [r.code for r in service.presence() if r.status == "active"] == ["GM0363"]


def test_a_waiting_refusal_is_shown_for_a_moment_then_the_next_waiting_card(desk: Desk, service: DeskService) -> None:
    view = desk.view
    view._next_scan_after_ms = 150  # the pause in which an outcome is read (1.5 s on the day)
    view.handle_scan(desk.card("GM0363"))
    view.handle_scan("99999")  # a card that will be refused
    view.handle_scan(desk.card("GM0599"))
    desk.press(Qt.Key.Key_Escape)
    assert view.current_screen.shown == "unknown"  # the refusal is shown, not skipped
    assert "VOLGENDE SCAN WACHT: kaart van Rotterdam (GM0599)" in view.waiting_label.text()
    view.handle_scan(desk.card("GM0344"))  # meanwhile the next card: behind Rotterdam, not before it
    assert view.waiting_scans == [desk.card("GM0599"), desk.card("GM0344")]
    desk.qtbot.waitUntil(lambda: view.panel.content.municipality == "Rotterdam", timeout=2000)
    assert view.mode is Mode.CONFIRM and view.waiting_scans == [desk.card("GM0344")]


def test_enter_is_listed_in_the_key_overview(desk: Desk) -> None:
    """Help → Sneltoetsen (F1) reads the panel's key_overview: Enter issues the pass but has no shortcut."""
    keys = dict(desk.view.key_overview())
    assert keys["Enter"] == "Stempas uitgeven (als het formulier open is)"
    assert keys["F2"] == "Opzoeken" and keys["F8"] == "Toch toelaten"


@pytest.mark.parametrize("key", [Qt.Key.Key_F7, Qt.Key.Key_F8])
def test_a_scan_during_a_substitute_or_override_form_waits(desk: Desk, service: DeskService, key: Qt.Key) -> None:
    first = desk.checked_in("GM0363", "Femke Halsema", "burgemeester")
    view = desk.view
    view.handle_scan(desk.card("GM0363"))
    desk.press(key)
    assert view.mode in (Mode.SUBSTITUTE, Mode.OVERRIDE)
    view.name_edit.setText("Jan de Raad")
    view.role_combo.setCurrentIndex(view.role_combo.findData("raadslid"))
    desk.scan_with_wedge(desk.card("GM0599"))
    assert view.mode in (Mode.SUBSTITUTE, Mode.OVERRIDE) and view.name_edit.text() == "Jan de Raad"
    assert "Rotterdam" in view.waiting_label.text()
    if key == Qt.Key.Key_F7:
        with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
            desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    else:
        desk.press(Qt.Key.Key_Return, widget=view.name_edit)
        assert "Rotterdam" in view.waiting_label.text()  # still waiting while the PIN is asked
        with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
            answer(desk, PIN, "eerdere registratie was onterecht")
    new = service.pass_verdict(printed.args[0]).existing
    assert new is not None and (new.code, new.holder_name) == ("GM0363", "Jan de Raad")
    assert service.active_passes() == [(new.serial, "GM0363", 75)] and new.serial != first
    desk.qtbot.waitUntil(lambda: view.panel.content.municipality == "Rotterdam", timeout=2000)


def test_the_card_of_the_form_seen_again_does_not_wait(desk: Desk, service: DeskService) -> None:
    desk.checked_in("GM0363")
    view = desk.view
    card = desk.card("GM0363")
    view.handle_scan(card)
    desk.press(Qt.Key.Key_F8)
    view.handle_scan(card)  # the same card, scanned again while the override form is open
    assert view.mode is Mode.OVERRIDE and view.waiting_label.isHidden()
    desk.press(Qt.Key.Key_Escape)  # back to the "already registered" choices of that card
    assert view.mode is Mode.ALREADY
    desk.press(Qt.Key.Key_F7)
    view.handle_scan(card)
    assert view.mode is Mode.SUBSTITUTE and view.waiting_label.isHidden()


# -- issue 12: one person one pass, the record check, a scanner gone wild, hostile names ------------------


def test_one_person_for_two_municipalities_is_refused_and_only_the_coordinator_admits(
    desk: Desk, service: DeskService
) -> None:
    """Issue 12.2 at the desk: Groningen's Daan Kok in, then Amsterdam's card with 'D. Kok'."""
    own = desk.checked_in("GM0014", "Daan Kok", "wethouder")
    view = desk.view
    desk.scan_with_wedge(desk.card("GM0363"))
    view.name_edit.setText("D. Kok")
    view.role_combo.setCurrentIndex(view.role_combo.findData("wethouder"))
    desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    screen = view.current_screen
    assert screen.shown == "person_refused" and view.mode is Mode.CONFIRM  # the form stays, as typed
    assert view.panel.content.headline == "AL AANGEMELD VOOR ANDERE GEMEENTE"
    assert f"stempas {own} voor Groningen" in view.panel.content.detail and view.name_edit.text() == "D. Kok"
    assert desk.sounds.played[-1] == Cue.REFUSED and [c for _, c, _ in service.active_passes()] == ["GM0014"]
    assert view.override_button.isVisible() and view.override_button.text() == "Toch toelaten (F8)"

    desk.press(Qt.Key.Key_F8)
    dialog = supervisor(desk)
    assert "Groningen" in dialog.heading.text()
    answer(desk, "0000", "naamgenoot")
    assert supervisor(desk) is dialog and "Onjuiste pincode" in dialog.error.text()  # stays open, nothing issued
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000):
        answer(desk, PIN, "naamgenoot, paspoort gezien")
    assert view.panel.content.headline == "STEMPAS UITGEGEVEN"
    entry = [e for e in audit.entries(service.store) if e.action == "checkin"][-1]
    assert entry.details["same_person"] == [{"code": "GM0014", "serial": own}]
    assert entry in service.supervisor_actions()


def test_a_bare_surname_is_admitted_and_a_refusal_names_the_closest_three(
    desk: Desk, service: DeskService, meeting: MeetingService
) -> None:
    """'Vries' typed alone matched every designated '… de Vries', and the refusal listed them all."""
    view = desk.view
    desk.checked_in("GM0599", "Vries", "wethouder")  # a bare surname: nobody's designee
    for code in ("GM0074", "GM1731", "GM0518", "GM0014"):
        meeting.set_designation(code, name="Jan de Vries", role="burgemeester", email=None)
    view.handle_scan(desk.card("GM0363"))
    view.name_edit.setText("J. de Vries")  # initials: Jan de Vries (four times) and the demo's Jeroen de Vries
    view.role_combo.setCurrentIndex(view.role_combo.findData("wethouder"))
    desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    detail = view.panel.content.detail
    assert view.current_screen.shown == "person_refused" and detail.count("aangewezen vertegenwoordiger") == 1
    assert (
        detail.count(" de Vries)") == 3
        and "; en nog 2 andere gemeenten." in detail
        and [c for _, c, _ in service.active_passes()] == ["GM0599"]
    )


def test_a_substitute_holding_another_pass_is_refused_then_admitted_by_the_coordinator(
    desk: Desk, service: DeskService
) -> None:
    desk.checked_in("GM0014", "Daan Kok", "wethouder")
    ams = desk.checked_in("GM0363", "Femke Halsema", "burgemeester")
    view = desk.view
    view.handle_scan(desk.card("GM0363"))
    desk.press(Qt.Key.Key_F7)
    view.name_edit.setText("daan kök")
    view.role_combo.setCurrentIndex(view.role_combo.findData("wethouder"))
    desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    assert view.current_screen.shown == "person_refused" and view.mode is Mode.SUBSTITUTE
    desk.press(Qt.Key.Key_F8)
    with desk.qtbot.waitSignal(view.pass_issued, timeout=10_000):
        answer(desk, PIN, "naamgenoot")
    assert statuses(service, "GM0363")[0] == (ams, "returned")


def test_the_override_dialog_warns_of_a_pass_elsewhere(desk: Desk, service: DeskService) -> None:
    desk.checked_in("GM0014", "Daan Kok", "wethouder")
    desk.checked_in("GM0363", "Femke <b>Halsema</b>", "burgemeester")
    view = desk.view
    view.handle_scan(desk.card("GM0363"))
    desk.press(Qt.Key.Key_F8)
    view.name_edit.setText("Daan Kok")
    desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    heading = supervisor(desk).heading.text()
    assert "<b>Let op: Daan Kok heeft al stempas 1 voor Groningen (Daan Kok).</b>" in heading
    assert "(Femke &lt;b&gt;Halsema&lt;/b&gt;)" in heading  # markup in a name is shown as typed


def test_a_hostile_name_is_refused_in_words_and_the_form_stays(desk: Desk, service: DeskService) -> None:
    view = desk.view
    view.handle_scan(desk.card("GM0363"))
    view.name_edit.setText("Femke \u202eamesläH")
    desk.press(Qt.Key.Key_Return, widget=view.name_edit)
    assert view.mode is Mode.CONFIRM and "leesrichting" in view.panel.content.detail
    assert service.active_passes() == []


def test_a_refused_scan_is_logged_once_even_when_it_waited(desk: Desk, service: DeskService) -> None:
    from desk_app.storage import desk as repo

    view = desk.view
    view.handle_scan(desk.card("GM0363"))  # the form is open: the next scan waits
    view.handle_scan("99999")
    assert view.waiting_label.isVisible() and repo.log_rows(service.store, "scan.refused") == []
    desk.press(Qt.Key.Key_Escape)
    desk.qtbot.waitUntil(lambda: view.current_screen.shown == "unknown", timeout=2000)
    assert [r["reason"] for r in repo.log_rows(service.store, "scan.refused")] == ["token.format"]


def test_a_10_kb_burst_at_the_desk_is_cut_short_with_a_message(desk: Desk, service: DeskService) -> None:
    from desk_app.storage import desk as repo

    view = desk.view
    desk.press(Qt.Key.Key_F2)  # even with the look-up's search box in focus
    lookup = view.active_dialog
    assert isinstance(lookup, LookupDialog)
    lookup.reject()
    desk.scan_with_wedge("4" * 10_240)
    assert "10176 tekens zijn genegeerd" in view.status_line.text()
    assert view.current_screen.shown == "unknown" and "64 cijfers" in view.panel.content.detail
    assert [r["reason"] for r in repo.log_rows(service.store, "scan.refused")] == ["token.format"]


def test_the_desk_stops_issuing_when_the_record_does_not_hold_at_start(
    qtbot: QtBot, service: DeskService, tmp_path: Path
) -> None:
    from tests.storage.tamper import shell

    p = service.check_in(
        service.scan(make_card_token(service.meeting.meeting_no, service.meeting.secret, "GM0344", 1)),
        name="A. Jansen",
        role="raadslid",
    )
    shell(service.store.path, "UPDATE passes SET status = 'undone' WHERE serial = ?", params=(p.serial,))
    view = panel(service, PassPrinter(PDF_TARGET, "a6", tmp_path), RecordingSounds(), idle_after_ms=0)
    qtbot.addWidget(view)
    view.show()
    assert view.stopped and view.stop_banner.isVisible()
    banner = view.stop_banner.text()
    assert "Registratie gestopt: het vergaderbestand klopt niet meer (" in banner and "passes" in banner
    assert banner.endswith("Roep de coördinator.")
    view.handle_scan(make_card_token(service.meeting.meeting_no, service.meeting.secret, "GM0363", 1))
    view.name_edit.setText("Femke Halsema")
    view.role_combo.setCurrentIndex(view.role_combo.findData("burgemeester"))
    view.confirm()
    assert "Registratie gestopt" in view.panel.content.detail and service.active_passes() == []
    view.feed.stop()


def test_a_closed_vote_makes_the_desk_check_the_record(desk: Desk, service: DeskService) -> None:
    from desk_app.services.voting import VotingService
    from tests.storage.tamper import shell

    view = desk.view
    assert not view.stopped and not view.stop_banner.isVisible()
    desk.checked_in("GM0363", "Femke Halsema", "burgemeester")
    MeetingService(service.store, service.actor).open_meeting()
    voting = VotingService(
        service.store, Actor("zaal", "piet"), lambda: [(s, c) for s, c, _ in service.active_passes()]
    )
    voting.open("2")
    voting.record("voor", code="GM0363")
    shell(service.store.path, "UPDATE vote_records SET choice = 'tegen' WHERE code = 'GM0363'")
    with desk.qtbot.waitSignal(view.record_checked, timeout=5000) as checked:
        voting.close()
    assert checked.args == [False] and view.stop_banner.isVisible() and view.stopped


def test_the_record_check_runs_on_a_worker_thread_by_default(
    qtbot: QtBot, service: DeskService, tmp_path: Path
) -> None:
    view = panel(
        service,
        PassPrinter(PDF_TARGET, "a6", tmp_path),
        RecordingSounds(),
        idle_after_ms=0,
        runner=None,
        backup_folder=lambda: tmp_path / "geen-usb",
    )
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.record_checked, timeout=10_000) as checked:
        pass  # the check was started by the constructor; its answer comes through the event loop
    assert checked.args == [True] and not view.stop_banner.isVisible()
    view.feed.stop()
