"""Once the meeting is open, the settings that change the desk on the day need the coördinator's PIN.

Pass size, barcode reading and the desk's name: a change without the PIN (or with a wrong one)
is refused and changes nothing, not in the file and not in the running desk.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QMessageBox

from desk_app import settings
from desk_app.app import GuiApp
from desk_app.services.demo import DEMO_PIN
from desk_app.ui.settings_dialog import LOCKED, SettingsDialog

START = settings.Preferences(camera_index=-1, desk_name="balie-1", pass_size="a6", decoder="auto")


@pytest.fixture
def gui(qtbot: QtBot) -> Iterator[GuiApp]:
    settings.save(START)
    app = GuiApp(argparse.Namespace(db=None, demo=True, desk=None, actor=None, lang=None), START)
    app.start()
    assert app.window is not None
    qtbot.addWidget(app.window)
    yield app
    app.close()


def _open_meeting(gui: GuiApp) -> None:
    gui.session.meeting.open_meeting()
    assert gui.session.meeting.meeting().is_open


def _settings(monkeypatch: pytest.MonkeyPatch, fill: Callable[[SettingsDialog], None]) -> dict[str, list[str]]:
    """Run the settings menu item with ``fill`` as the user; Save is pressed as in the dialog."""
    seen: dict[str, list[str]] = {"errors": [], "warnings": []}
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: seen["warnings"].append(str(a[2])))

    def fake_exec(dialog: SettingsDialog) -> int:
        fill(dialog)
        dialog._on_buttons_accepted()
        seen["errors"].append(dialog.error.text())
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    return seen


def _pass_size(dialog: SettingsDialog) -> None:
    dialog.pass_size.setCurrentIndex(dialog.pass_size.findData("label62"))


def test_a_locked_setting_without_the_pin_is_refused_and_changes_nothing(
    gui: GuiApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open_meeting(gui)
    seen = _settings(monkeypatch, _pass_size)
    gui.window.action("settings").trigger()
    assert "pincode van de coördinator" in seen["errors"][0]
    assert settings.load() == START and gui.prefs == START
    assert gui.desk_view is not None and gui.desk_view.printer.size == "a6"


def test_a_wrong_pin_changes_nothing_either(gui: GuiApp, monkeypatch: pytest.MonkeyPatch) -> None:
    _open_meeting(gui)

    def fill(dialog: SettingsDialog) -> None:
        dialog.desk_name.setText("balie-9")
        dialog.decoder.setCurrentIndex(dialog.decoder.findData("zxing"))
        dialog.coordinator_pin.setText("0000")

    seen = _settings(monkeypatch, fill)
    gui.window.action("settings").trigger()
    assert "pincode" in seen["errors"][0].lower() and "0000" not in seen["errors"][0]
    assert settings.load() == START and gui.prefs == START and gui.desk.actor.desk == "balie-1"


def test_with_the_pin_the_change_is_made(qtbot: QtBot, gui: GuiApp, monkeypatch: pytest.MonkeyPatch) -> None:
    _open_meeting(gui)

    def fill(dialog: SettingsDialog) -> None:
        _pass_size(dialog)
        dialog.coordinator_pin.setText(DEMO_PIN)

    seen = _settings(monkeypatch, fill)
    gui.window.action("settings").trigger()
    assert seen["errors"] == [""] and not seen["warnings"]
    assert settings.load().pass_size == "label62" and gui.prefs.pass_size == "label62"
    assert gui.desk_view is not None and gui.desk_view.printer.size == "label62"


def test_before_the_opening_and_for_other_settings_no_pin_is_asked(
    gui: GuiApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settings(monkeypatch, _pass_size)
    gui.window.action("settings").trigger()  # the meeting is not open yet
    assert settings.load().pass_size == "label62"
    _open_meeting(gui)
    _settings(monkeypatch, lambda d: d.backup_keep.setValue(20))
    gui.window.action("settings").trigger()
    assert settings.load().backup_keep == 20


def test_the_menu_never_saves_around_the_dialog(gui: GuiApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a dialog closed with Save without its own check (exec returning 1) saves nothing locked."""
    _open_meeting(gui)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(str(a[2])))

    def fake_exec(dialog: SettingsDialog) -> int:
        _pass_size(dialog)
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    gui.window.action("settings").trigger()
    assert warnings and "pincode van de coördinator" in warnings[0]
    assert settings.load() == START


def test_the_locked_settings_are_the_ones_that_change_the_day() -> None:
    assert set(LOCKED) == {"desk_name", "decoder", "pass_size"}
    assert all(name in {f.name for f in dataclasses.fields(settings.Preferences)} for name in LOCKED)
