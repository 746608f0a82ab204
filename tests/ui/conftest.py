"""tests/ui: the real main window on the demo meeting, shared by the layout, accessibility and
dialog tests."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desk_app import settings
from desk_app.app import GuiApp


@pytest.fixture
def gui(qtbot: QtBot) -> Iterator[GuiApp]:
    """``desk-app --demo`` started as a desk does (no camera), closed after the test."""
    app = GuiApp(
        argparse.Namespace(db=None, demo=True, desk=None, actor=None, lang=None), settings.Preferences(camera_index=-1)
    )
    app.start()
    assert app.window is not None
    qtbot.addWidget(app.window)
    yield app
    app.close()
