"""Where the meeting file lives, in the window (issue 12.4, RELIABILITY scenario 19): a live meeting on
removable media or a network share is asked about (yes/no) and opened only on yes; a read-only
medium opens read-only with the store's notice above the tabs."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from PySide6.QtWidgets import QMessageBox

from desk_app import settings
from desk_app.app import GuiApp
from desk_app.storage import db as store_module
from desk_app.storage.db import Medium
from tests.helpers import REGISTER

NO_CAMERA = settings.Preferences(camera_index=-1)
STICK = Medium("removable", "vfat", "/media/anna/STICK", "/dev/sdb1")
SHARE = Medium("network", "cifs", "/mnt/nas", "//nas/alv")
LOCKED = Medium("removable", "vfat", "/media/anna/STICK", "/dev/sdb1", readonly=True)


def _args(**kw: object) -> argparse.Namespace:
    base = {"db": None, "demo": False, "desk": None, "actor": None, "lang": None, "allow_removable": False}
    return argparse.Namespace(**{**base, **kw})


class Answers:
    """QMessageBox.question answered from a list; what was asked is kept."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *answers: QMessageBox.StandardButton) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        self.errors: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: self.errors.append(str(a[2])))

    def _question(self, *args: object, **kw: object) -> QMessageBox.StandardButton:
        self.asked.append(f"{args[1]}\n{args[2]}")
        return self.answers.pop(0)


@pytest.fixture
def on_a_stick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "probe_medium", lambda path: STICK)


def test_a_meeting_on_a_stick_is_asked_about_and_no_leaves_it_closed(
    qtbot, meeting_file: Path, on_a_stick: None, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, QMessageBox.StandardButton.No)
    gui = GuiApp(_args(db=str(meeting_file)), NO_CAMERA)
    gui.start()
    assert gui.window is None and gui.first_run is not None
    qtbot.addWidget(gui.first_run)
    assert len(answers.asked) == 1
    title, _, question = answers.asked[0].partition("\n")
    assert title == "Vergaderbestand niet op deze laptop"
    assert "USB-stick" in question and "/media/anna/STICK" in question and "Toch hier gebruiken?" in question
    assert answers.errors and "USB-stick" in answers.errors[0]  # no: the refusal is shown, nothing opened
    gui.close()


def test_yes_opens_it_and_every_reopening_keeps_the_confirmation(
    qtbot, meeting_file: Path, on_a_stick: None, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, QMessageBox.StandardButton.Yes)
    gui = GuiApp(_args(db=str(meeting_file)), NO_CAMERA)
    gui.start()
    assert gui.window is not None
    qtbot.addWidget(gui.window)
    assert gui.session.store.allow_removable and gui.session.store.medium.kind == "removable"
    gui.rebuild()  # a new language or desk name: the same meeting, opened again
    assert gui.window is not None
    qtbot.addWidget(gui.window)
    assert gui.session.store.allow_removable and len(answers.asked) == 1  # asked once
    with gui.session.reopen() as worker:  # the desk's record check runs on a connection of its own
        assert worker.store.allow_removable
    gui.close()


def test_allow_removable_on_the_command_line_asks_nothing(
    qtbot, meeting_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(store_module, "probe_medium", lambda path: SHARE)
    answers = Answers(monkeypatch)
    gui = GuiApp(_args(db=str(meeting_file), allow_removable=True), NO_CAMERA)
    gui.start()
    assert gui.window is not None and answers.asked == []
    qtbot.addWidget(gui.window)
    assert gui.session.store.medium.kind == "network"
    gui.close()


def test_a_new_meeting_on_a_stick_is_asked_about_too(
    qtbot, tmp_path: Path, on_a_stick: None, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    gui = GuiApp(_args(), NO_CAMERA)
    gui.start()
    qtbot.addWidget(gui.first_run)
    values = {
        "name": "ALV",
        "date": "2024-06-04",
        "place": "Den Haag",
        "desks": ["balie-1"],
        "register": REGISTER,
        "file": tmp_path / "stick" / "alv.sqlite",
    }
    gui.first_run_widget.new_requested.emit(values)
    assert gui.window is None and "USB-stick" in gui.first_run_widget.error.text()
    assert not (tmp_path / "stick" / "alv.sqlite").exists()
    gui.first_run_widget.new_requested.emit(values)
    assert gui.window is not None and len(answers.asked) == 2
    qtbot.addWidget(gui.window)
    assert gui.meeting is not None and gui.meeting.meeting().place == "Den Haag"
    gui.close()


def test_a_read_only_medium_opens_with_its_notice_above_the_tabs(
    qtbot, meeting_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(store_module, "probe_medium", lambda path: LOCKED)
    answers = Answers(monkeypatch)
    gui = GuiApp(_args(db=str(meeting_file), lang="en"), NO_CAMERA)
    gui.start()
    assert gui.window is not None and answers.asked == []  # reading needs no confirmation
    qtbot.addWidget(gui.window)
    assert gui.session.store.readonly
    notice = gui.window.notice
    assert not notice.isHidden()
    assert "opened read-only: look-ups, verify and export work, check-ins and votes do not" in notice.text()
    gui.close()


def test_a_meeting_on_the_laptop_shows_no_notice(qtbot, meeting_file: Path) -> None:  # type: ignore[no-untyped-def]
    gui = GuiApp(_args(db=str(meeting_file)), NO_CAMERA)
    gui.start()
    assert gui.window is not None
    qtbot.addWidget(gui.window)
    assert gui.window.notice.isHidden()
    gui.close()
