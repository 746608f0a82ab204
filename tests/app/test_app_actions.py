"""The main window's actions, carried out by the app: tally screen, export, backup, settings."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desk_app import settings
from desk_app.app import GuiApp
from desk_app.services.demo import DEMO_PIN


@pytest.fixture
def gui(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    args = argparse.Namespace(db=None, demo=True, desk=None, actor=None, lang=None)
    app = GuiApp(args, settings.Preferences(camera_index=-1, backup_folder=str(tmp_path / "usb")))
    app.start()
    assert app.window is not None
    qtbot.addWidget(app.window)
    yield app
    app.close()


def test_tally_screen_action(gui, qtbot) -> None:  # type: ignore[no-untyped-def]
    gui.window.action("tally").trigger()
    assert gui.tally_window is not None and gui.tally_window.isVisible()
    qtbot.addWidget(gui.tally_window)
    assert "van 342 gemeenten" in gui.tally_window.screen_view.attendance_text()


def test_export_action(gui, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "export"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    gui.window.action("export").trigger()
    assert (out / "manifest.sha256").is_file() and (out / "proces-verbaal.pdf").is_file()
    assert shown and str(out) in shown[0]


def test_backup_action_and_scheduler(gui, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert gui.backups is not None  # automatic backups run when a folder is set
    gui.window.action("backup").trigger()
    assert list((tmp_path / "usb").glob("*.sqlite"))


def test_settings_dialog_saves_and_sets_pin(gui, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.settings_dialog import SettingsDialog

    def fake_exec(dialog: SettingsDialog) -> int:
        dialog.desk_name.setText("balie-3")
        dialog.pass_size.setCurrentIndex(dialog.pass_size.findData("label62"))
        dialog.pin.setText("98765")
        dialog.coordinator_pin.setText(DEMO_PIN)  # a new PIN needs the current one
        dialog._on_buttons_accepted()
        return dialog.result()

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(str(a[2])))
    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    gui.window.action("settings").trigger()
    assert not warned
    saved = settings.load()
    assert (saved.desk_name, saved.pass_size) == ("balie-3", "label62")
    from desk_app.domain.checkin import check_pin
    from desk_app.storage.desk import supervisor_pin

    stored = supervisor_pin(gui.desk.store)
    assert check_pin("98765", stored) and not check_pin(DEMO_PIN, stored)


def test_settings_dialog_refuses_a_short_pin(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(settings.Preferences(), ["Zebra"], ["scherm 1"])
    qtbot.addWidget(dialog)
    dialog.pin.setText("12")
    dialog._on_buttons_accepted()
    assert "4 cijfers" in dialog.error.text() and dialog.result() == 0
    assert dialog.printer.findData("Zebra") >= 0


def test_cards_action_opens_the_cards_window(gui) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.cards import CardsWindow

    gui.window.action("cards").trigger()
    window = gui.actions.cards_window
    assert isinstance(window, CardsWindow) and window.isVisible()
    gui.window.action("cards").trigger()
    assert gui.actions.cards_window is window  # one window, raised again


def test_backup_feedback_is_shown_in_the_main_area(gui, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gui.window.action("backup").trigger()
    assert gui.window.notice.isVisible() and "Reservekopie gemaakt" in gui.window.notice.text()


def test_help_lists_the_keys_of_the_tab_in_view(gui, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog, QTableWidget

    gui.window.tabs.setCurrentIndex(0)
    gui.window.action("keys").trigger()
    dialog = next(d for d in gui.window.findChildren(QDialog) if d.isVisible())
    table = dialog.findChild(QTableWidget)
    keys = {table.item(i, 0).text() for i in range(table.rowCount())}
    assert {"F2", "F4", "F5", "F7", "F8"} <= keys
    dialog.close()
    gui.window.tabs.setCurrentIndex(1)
    gui.window.action("keys").trigger()
    dialog = next(d for d in gui.window.findChildren(QDialog) if d.isVisible())
    table = dialog.findChild(QTableWidget)
    rows = {(table.item(i, 0).text(), table.item(i, 1).text()) for i in range(table.rowCount())}
    assert ("F5", "Stemming openen") in rows and ("F2", "Opzoeken") not in rows  # the voting tab's own keys
    assert ("F3", "Hoofdelijk: keuze per gemeente (V / T / O)") in rows  # a key without a button is listed too
    dialog.close()


def test_the_key_overview_is_read_at_the_desks_type_size_and_names_each_key_once(gui, qtbot) -> None:  # type: ignore[no-untyped-def]
    """F1 used the system's small type, and the voting tab's agenda buttons read
    "Ctrl+Pijl omhoog — Omhoog (Ctrl+↑)"."""
    import re

    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QDialog, QTableWidget

    from desk_app.ui.style import DESK_TYPE_PX

    for tab in (0, 1):
        gui.window.tabs.setCurrentIndex(tab)
        gui.window.action("keys").trigger()
        dialog = next(d for d in gui.window.findChildren(QDialog) if d.isVisible())
        assert dialog.width() <= 1024 and dialog.height() <= 768 - 70  # a small laptop's screen
        table = dialog.findChild(QTableWidget)
        qtbot.waitExposed(dialog)
        assert QFontInfo(table.font()).pixelSize() >= DESK_TYPE_PX
        assert QFontInfo(table.horizontalHeader().font()).pixelSize() >= DESK_TYPE_PX
        rows = [(table.item(i, 0).text(), table.item(i, 1).text()) for i in range(table.rowCount())]
        assert not [r for r in rows if re.search(r"\((Ctrl|Alt|F\d|Esc)|[↑↓←→]|Pijl", r[1])], rows
        assert not table.horizontalScrollBar().isVisible()
        if tab == 1:
            assert ("Omhoog", "Omlaag") == tuple(w for _, w in rows if w in ("Omhoog", "Omlaag"))
        dialog.close()


def test_manual_is_the_readme_day_section(gui) -> None:  # type: ignore[no-untyped-def]
    from desk_app import paths
    from desk_app.ui.menu_actions import manual_text

    text = manual_text(paths.manual_file())
    assert text.startswith("# The day, step by step") and "Before the meeting" in text and "## Command line" not in text


def test_opening_the_meeting_from_the_menu(gui, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def yes(*args: object, **kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    gui.window.action("open_meeting").trigger()
    assert "(342 gemeenten, 13.111 stemmen)" in asked[0]  # was "13111 stemmen"
    assert gui.meeting.meeting().is_open and "geopend" in gui.window.notice.text()
    qtbot.waitUntil(lambda: not gui.window.action("open_meeting").isEnabled(), timeout=2000)  # via the feed


def test_desk_check_in_reaches_the_voting_tab_on_the_same_connection(gui, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The desk and the voting tab share one connection: its own commits must be noticed too."""
    from desk_app.domain.token import make_card_token

    m = gui.desk.meeting
    gui.desk_view.handle_scan(make_card_token(m.meeting_no, m.secret, "GM0363", 1))
    gui.desk_view.confirm()
    assert gui.desk.counters().present_members == 1
    qtbot.waitUntil(lambda: "1 van 342" in gui.vote_view.counters_label.text(), timeout=3000)


def test_switching_tabs_puts_the_keyboard_in_the_new_tab(gui, qtbot) -> None:  # type: ignore[no-untyped-def]
    gui.window.activateWindow()
    gui.window.tabs.setCurrentIndex(1)
    focus = gui.window.focusWidget()
    assert focus is gui.vote_view or gui.vote_view.isAncestorOf(focus)
    gui.window.tabs.setCurrentIndex(0)
    focus = gui.window.focusWidget()
    assert focus is gui.desk_view or gui.desk_view.isAncestorOf(focus)


def test_export_of_a_broken_record_only_on_purpose_and_marked(
    gui, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.storage.tamper import shell

    shell(gui.session.store.path, "UPDATE members SET votes = votes + 1 WHERE code = 'GM0088'")
    out = tmp_path / "export"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: asked.append(str(a[2])) or answer[0])
    gui.window.action("export").trigger()
    assert asked and "INTEGRITEITSFOUT" in asked[0] and not (out / "manifest.sha256").exists()  # refused: nothing
    answer[0] = QMessageBox.StandardButton.Yes
    gui.window.action("export").trigger()
    assert "INTEGRITEITSFOUT" in (out / "meeting.json").read_text(encoding="utf-8")
