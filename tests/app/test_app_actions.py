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
    gui.window.tally_screen_requested.emit()
    assert gui.tally_window is not None and gui.tally_window.isVisible()
    qtbot.addWidget(gui.tally_window)
    assert "van 342 gemeenten" in gui.tally_window.screen_view.attendance.text()


def test_export_action(gui, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "export"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    gui.window.export_requested.emit()
    assert (out / "manifest.sha256").is_file() and (out / "proces-verbaal.pdf").is_file()
    assert shown and str(out) in shown[0]


def test_backup_action_and_scheduler(gui, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert gui.backups is not None  # automatic backups run when a folder is set
    gui.window.backup_requested.emit()
    assert list((tmp_path / "usb").glob("*.sqlite"))


def test_settings_dialog_saves_and_sets_pin(gui, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.settings_dialog import SettingsDialog

    def fake_exec(dialog: SettingsDialog) -> int:
        dialog.desk_name.setText("balie-3")
        dialog.pass_size.setCurrentIndex(dialog.pass_size.findData("label62"))
        dialog.pin.setText("98765")
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    gui.window.settings_requested.emit()
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


def test_cards_action_with_progress(gui, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The whole batch runs off the GUI thread, on its own connection, with a progress bar."""
    from desk_app.services import cards

    out = tmp_path / "kaarten"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    real = cards.CardService.make_all
    monkeypatch.setattr(cards.CardService, "make_all",
                        lambda self, folder, progress=None, codes=None: real(self, folder, progress, ["GM0363", "GM0088"]))
    gui.window.cards_requested.emit()
    qtbot.waitUntil(lambda: bool(gui.cards_done), timeout=60_000)
    assert "2 stemkaarten gemaakt" in shown[0]
    assert (out / "stemkaart_GM0088_Schiermonnikoog_v1.pdf").is_file()


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
