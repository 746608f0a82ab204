"""First run without a meeting: the three choices lead to a working main window."""

from __future__ import annotations

import argparse
from pathlib import Path

from desk_app import settings
from desk_app.app import GuiApp
from tests.helpers import REGISTER

NO_CAMERA = settings.Preferences(camera_index=-1)


def _args(**kw: object) -> argparse.Namespace:
    base = {"db": None, "demo": False, "desk": None, "actor": None, "lang": None}
    return argparse.Namespace(**{**base, **kw})


def test_first_run_offers_choices_and_demo_opens(qtbot) -> None:  # type: ignore[no-untyped-def]
    gui = GuiApp(_args(), NO_CAMERA)
    gui.start()
    assert gui.first_run is not None and gui.window is None
    qtbot.addWidget(gui.first_run)
    gui.first_run_widget.demo_button.click()
    assert gui.window is not None and gui.first_run is None
    qtbot.addWidget(gui.window)
    assert gui.meeting is not None and gui.meeting.totals().members == 342
    assert "Extra Algemene Ledenvergadering" in gui.window.windowTitle()
    assert gui.window.tabs.tabText(0) == "Balie" and gui.window.tabs.currentIndex() == 0
    assert gui.window.tabs.tabText(1) == "Stemmingen"
    gui.close()


def test_new_meeting_and_bad_register_message(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gui = GuiApp(_args(), NO_CAMERA)
    gui.start()
    qtbot.addWidget(gui.first_run)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,province,population\nGM0001,A,B,-3\n")
    values = {
        "name": "ALV",
        "date": "2024-06-04",
        "place": "Den Haag",
        "desks": ["balie-1"],
        "register": bad,
        "file": tmp_path / "alv.sqlite",
    }
    gui.first_run_widget.new_requested.emit(values)
    assert gui.window is None and "regel 2" in gui.first_run_widget.error.text()
    assert not (tmp_path / "alv.sqlite").exists()
    gui.first_run_widget.new_requested.emit({**values, "register": REGISTER})
    assert gui.window is not None
    qtbot.addWidget(gui.window)
    assert gui.meeting is not None and gui.meeting.meeting().place == "Den Haag"
    gui.close()
