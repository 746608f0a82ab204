"""Shared fixtures: headless Qt, an isolated user data folder, meetings on real SQLite files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")



@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user data folder; always start in Dutch."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STEMBALIE_HOME", str(home))
    monkeypatch.delenv("STEMBALIE_DB", raising=False)
    from desk_app.domain.text import set_language

    set_language("nl")
    return home


@pytest.fixture
def meeting(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh meeting on the bundled 2024 register with the demo designations."""
    from desk_app.services.demo import build_demo

    service = build_demo(tmp_path / "meeting.sqlite")
    yield service
    service.store.close()
