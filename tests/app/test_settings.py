"""Preferences: declared once, saved atomically, hand-edited nonsense falls back to defaults."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app import settings


def test_round_trip(tmp_path: Path) -> None:
    p = dataclasses.replace(
        settings.Preferences(), desk_name="balie-3", camera_index=2, pass_size="label62", tally_screen=0
    )
    settings.save(p, tmp_path / "prefs.json")
    assert settings.load(tmp_path / "prefs.json") == p


def test_missing_or_broken_file_gives_defaults(tmp_path: Path) -> None:
    assert settings.load(tmp_path / "none.json") == settings.Preferences()
    (tmp_path / "bad.json").write_text("{not json")
    assert settings.load(tmp_path / "bad.json") == settings.Preferences()
    (tmp_path / "list.json").write_text("[1, 2]")
    assert settings.load(tmp_path / "list.json") == settings.Preferences()


def test_wrong_types_and_values_fall_back(tmp_path: Path) -> None:
    f = tmp_path / "prefs.json"
    f.write_text(
        json.dumps(
            {
                "camera_index": "one",
                "language": "fr",
                "pass_size": "a4",
                "desk_name": "balie-2",
                "unknown": 1,
                "backup_keep": 0,
                "smtp_port": 70000,
                "smtp_security": "tls",
                "backup_interval_min": True,  # a bool is not a number of minutes
            }
        )
    )
    p = settings.load(f)
    assert (p.camera_index, p.language, p.pass_size, p.desk_name, p.backup_keep) == (0, "nl", "a6", "balie-2", 1)
    assert (p.smtp_port, p.smtp_security, p.backup_interval_min) == (65535, "starttls", 5)


def test_ui_state_is_kept_apart_from_the_preferences(tmp_path: Path) -> None:
    f = tmp_path / "prefs.json"
    settings.save(dataclasses.replace(settings.Preferences(), tally_screen=2, desk_name="balie-4"), f)
    saved = json.loads(f.read_text(encoding="utf-8"))
    assert set(saved) == {"preferences", "ui_state"}
    assert saved["ui_state"] == {"tally_screen": 2}
    assert "tally_screen" not in saved["preferences"] and saved["preferences"]["desk_name"] == "balie-4"
    assert "last_meeting" not in saved["preferences"]  # a dead name, removed


def test_a_file_from_before_the_sections_still_loads(tmp_path: Path) -> None:
    f = tmp_path / "prefs.json"
    f.write_text(json.dumps({"desk_name": "balie-2", "tally_screen": 0, "last_meeting": "/x.sqlite"}))
    p = settings.load(f)
    assert (p.desk_name, p.tally_screen) == ("balie-2", 0)


def test_every_default_is_allowed_and_the_declarations_are_complete() -> None:
    defaults = settings.Preferences()
    assert list(settings.OPTIONS) == [f.name for f in dataclasses.fields(settings.Preferences)]
    for name, option in settings.OPTIONS.items():
        assert option.default == getattr(defaults, name) and option.allows(option.default), name
        assert option.clean(option.default) == option.default, name
    assert defaults.validated() == defaults
    with pytest.raises(ValueError):
        settings.option("x", choices=("a", "b"))


def test_declared_values_are_the_ones_the_app_implements() -> None:
    from desk_app.domain.text import LANGUAGES
    from desk_app.printing.stempas import PASS_SIZES
    from desk_app.scanning.decoder import SETTING_LADDERS

    assert set(settings.choices("pass_size")) == set(PASS_SIZES)
    assert set(settings.choices("decoder")) == set(SETTING_LADDERS)
    assert settings.choices("language") == LANGUAGES


def test_the_dialog_offers_exactly_the_declared_values(qtbot: QtBot) -> None:
    from desk_app.ui.settings_dialog import SettingsDialog

    prefs = dataclasses.replace(settings.Preferences(), decoder="zxing", smtp_security="ssl", backup_keep=40)
    dialog = SettingsDialog(prefs, printers=["Zebra"], screens=["scherm 0", "scherm 1"])
    qtbot.addWidget(dialog)
    combos = {
        "language": dialog.language,
        "decoder": dialog.decoder,
        "pass_size": dialog.pass_size,
        "smtp_security": dialog.smtp_security,
    }
    for name, combo in combos.items():
        assert tuple(combo.itemData(i) for i in range(combo.count())) == settings.choices(name), name
        assert combo.currentData() == getattr(prefs, name), name
        assert all(combo.itemText(i) for i in range(combo.count())), name
    spins = {
        "backup_interval_min": dialog.backup_interval,
        "backup_keep": dialog.backup_keep,
        "smtp_port": dialog.smtp_port,
    }
    for name, spin in spins.items():
        assert (spin.minimum(), spin.maximum()) == settings.bounds(name), name
        assert spin.value() == getattr(prefs, name), name
    # The clerk chooses by what it does; no library names in the choice.
    labels = [dialog.decoder.itemText(i) for i in range(dialog.decoder.count())]
    assert labels[0] == "automatisch (aanbevolen)"
    assert not any(lib in label.lower() for label in labels for lib in ("zxing", "zbar", "opencv"))
    assert dialog.preferences() == prefs  # nothing touched: nothing changed
