"""Preferences: declared once, saved atomically, hand-edited nonsense falls back to defaults."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from desk_app import settings


def test_round_trip(tmp_path: Path) -> None:
    p = dataclasses.replace(settings.Preferences(), desk_name="balie-3", camera_index=2, pass_size="label62")
    settings.save(p, tmp_path / "prefs.json")
    assert settings.load(tmp_path / "prefs.json") == p


def test_missing_or_broken_file_gives_defaults(tmp_path: Path) -> None:
    assert settings.load(tmp_path / "none.json") == settings.Preferences()
    (tmp_path / "bad.json").write_text("{not json")
    assert settings.load(tmp_path / "bad.json") == settings.Preferences()


def test_wrong_types_and_values_fall_back(tmp_path: Path) -> None:
    f = tmp_path / "prefs.json"
    f.write_text(json.dumps({"camera_index": "one", "language": "fr", "pass_size": "a4", "desk_name": "balie-2",
                             "unknown": 1, "backup_keep": 0}))
    p = settings.load(f)
    assert (p.camera_index, p.language, p.pass_size, p.desk_name, p.backup_keep) == (0, "nl", "a6", "balie-2", 1)
