"""The desk fed by the real camera worker: a generated video of a card checks a municipality in.

The video goes through the same OpenCV capture, decoder ladder, debouncer and QThread as a
webcam; only the source is a file written in tmp_path.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from desk_app.domain.checkin import VerdictKind
from desk_app.domain.token import make_card_token
from desk_app.printing.stempas import PDF_TARGET, PassPrinter
from desk_app.scanning.decoder import Decoder
from desk_app.scanning.sources import VideoFileSource
from desk_app.scanning.synthetic import card_video_frames, write_video
from desk_app.scanning.wedge import KeyboardWedge
from desk_app.scanning.worker import ScannerThread, ScanWorker
from desk_app.services.changes import ChangeWatcher
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.desk.panel import DeskPanel, Mode
from desk_app.ui.desk.screen import Cue, Tone
from desk_app.ui.desk.sounds import RecordingSounds


@pytest.fixture
def view(qtbot: QtBot, meeting: MeetingService, tmp_path: Path) -> Iterator[DeskPanel]:
    service = DeskService(meeting.store, Actor("balie-2", "video"))
    feed = ChangeFeed(ChangeWatcher(meeting.store), poll_ms=0)
    desk = DeskPanel(
        service,
        PassPrinter(PDF_TARGET, "a6", tmp_path / "passen"),
        RecordingSounds(),
        feed=feed,
        wedge=KeyboardWedge(None),
    )
    feed.setParent(desk)
    qtbot.addWidget(desk)
    desk.show()
    yield desk
    feed.stop()


@pytest.fixture
def scanner() -> Iterator[list[ScannerThread]]:
    """Threads started by a test; always stopped, even when the test fails."""
    started: list[ScannerThread] = []
    yield started
    for thread in started:
        assert thread.stop(10_000), "the scan worker did not stop"


def start(view: DeskPanel, scanner: list[ScannerThread], path: Path | str) -> ScanWorker:
    worker = ScanWorker(lambda: VideoFileSource(path), Decoder())
    view.attach_scanner(worker)
    thread = ScannerThread(worker)
    scanner.append(thread)
    thread.start()
    return worker


def test_a_card_in_a_video_checks_a_municipality_in(
    qtbot: QtBot, qapp: QApplication, view: DeskPanel, scanner: list[ScannerThread], tmp_path: Path
) -> None:
    m = view.desk.meeting
    token = make_card_token(m.meeting_no, m.secret, "GM0599", 1)
    video = tmp_path / "balie.avi"
    frames = (
        f
        for f, _ in card_video_frames(
            [token], size=(640, 480), fps=15, hold_s=0.8, gap_s=0.4, enter_s=0.2, px_per_module=2.5
        )
    )
    assert write_video(video, frames, fps=15) > 0

    with qtbot.waitSignal(
        view.verdict_shown, timeout=30_000, check_params_cb=lambda kind: kind == VerdictKind.ACCEPTED.value
    ):
        start(view, scanner, video)
    assert view.mode is Mode.CONFIRM
    assert (view.panel.content.municipality, view.panel.content.votes) == ("Rotterdam", 75)
    assert view.preview.has_frame  # the camera picture was shown
    assert isinstance(view.sounds, RecordingSounds) and view.sounds.played == [Cue.ACCEPTED]

    view.role_combo.setCurrentIndex(view.role_combo.findData("wethouder"))
    with qtbot.waitSignal(view.pass_issued, timeout=10_000) as printed:
        view.confirm()
    assert printed.args[1] is True
    assert view.desk.active_passes() == [(printed.args[0], "GM0599", 75)]
    # The card stays in view until the video ends: one card is one scan, not a second verdict.
    qtbot.waitUntil(lambda: not scanner[0].is_running(), timeout=30_000)
    assert view.mode is Mode.ISSUED and view.panel.content.tone is Tone.OK


def test_a_missing_video_says_why_in_the_preview(
    qtbot: QtBot, view: DeskPanel, scanner: list[ScannerThread], tmp_path: Path
) -> None:
    missing = tmp_path / "bestaat-niet.avi"
    start(view, scanner, missing)
    qtbot.waitUntil(lambda: view.preview.failed, timeout=10_000)
    qtbot.waitUntil(lambda: not scanner[0].is_running(), timeout=10_000)
    assert str(missing) in view.preview.state and "bestaat niet" in view.preview.state
    assert view.mode is Mode.IDLE  # the desk itself keeps working
