"""The camera worker on its own QThread: scans from a video, reconnects, stops cleanly."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QObject, QThread, Slot
from PySide6.QtGui import QImage

from desk_app.domain.text import DeskError, Text
from desk_app.scanning.decoder import Decoder
from desk_app.scanning.hints import Hint
from desk_app.scanning.sources import VideoFileSource
from desk_app.scanning.synthetic import Scene, make_frame
from desk_app.scanning.worker import ScannerThread, ScanWorker, frame_to_qimage


class Collector(QObject):
    """Receives the worker's signals on the GUI thread, as a desk window would."""

    def __init__(self, worker: ScanWorker) -> None:
        super().__init__()
        self.codes: list[str] = []
        self.frames: list[QImage] = []
        self.detections: list[list[list[tuple[float, float]]]] = []
        self.hints: list[Hint] = []
        self.failures: list[str] = []
        self.restored = 0
        self.ended = 0
        self.threads: set[QThread] = set()
        # Slots of this QObject run on the GUI thread (queued connections). Waiting on the
        # worker's signals directly (qtbot.waitSignal) would stop pytest-qt's timer from the
        # worker thread, which Qt refuses with a warning.
        worker.code_seen.connect(self.on_code)
        worker.frame_ready.connect(self.on_frame)
        worker.detection.connect(self.on_detection)
        worker.hint.connect(self.on_hint)
        worker.source_failed.connect(self.on_failed)
        worker.source_restored.connect(self.on_restored)
        worker.finished.connect(self.on_finished)

    @Slot(str)
    def on_code(self, text: str) -> None:
        self.threads.add(QThread.currentThread())
        self.codes.append(text)

    @Slot(QImage)
    def on_frame(self, image: QImage) -> None:
        self.frames.append(image)

    @Slot(list)
    def on_detection(self, polygons: list[list[tuple[float, float]]]) -> None:
        self.detections.append(polygons)

    @Slot(object)
    def on_hint(self, hint: Hint) -> None:
        self.hints.append(hint)

    @Slot()
    def on_finished(self) -> None:
        self.ended += 1

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.failures.append(message)

    @Slot()
    def on_restored(self) -> None:
        self.restored += 1


@pytest.fixture
def run_worker(qtbot: QtBot) -> Iterator[Callable[[ScanWorker], tuple[ScannerThread, Collector]]]:
    """Start workers on their threads; whatever a test leaves running is stopped afterwards."""
    started: list[ScannerThread] = []

    def start(worker: ScanWorker) -> tuple[ScannerThread, Collector]:
        collector = Collector(worker)
        runner = ScannerThread(worker)
        started.append(runner)
        runner.start()
        return runner, collector

    yield start
    for runner in started:
        assert runner.stop(), "worker thread did not stop"


def test_video_through_worker_gives_one_scan_per_card(
    qtbot: QtBot,
    run_worker: Callable[[ScanWorker], tuple[ScannerThread, Collector]],
    make_video: Callable[..., Path],
    card_token: Callable[[str], str],
    garbled_token: str,
) -> None:
    a, b = card_token("GM0363"), card_token("GM0014")
    video = make_video([a, garbled_token, b])
    worker = ScanWorker(lambda: VideoFileSource(video), Decoder(), preview_fps=1000)
    runner, got = run_worker(worker)
    qtbot.waitUntil(lambda: got.ended == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not runner.is_running(), timeout=5_000)
    qtbot.waitUntil(lambda: len(got.codes) >= 2, timeout=2_000)  # queued signals delivered
    assert got.codes == [a, b]
    assert got.threads == {QThread.currentThread()}  # delivered on the GUI thread
    assert got.frames and got.frames[0].width() == 640 and got.frames[0].height() == 480
    assert any(polys for polys in got.detections)  # outlines while a card was in view
    assert got.detections[-1] == []  # and cleared when the desk is empty
    assert got.failures == []


def test_preview_is_throttled_and_frames_are_copies(
    qtbot: QtBot,
    run_worker: Callable[[ScanWorker], tuple[ScannerThread, Collector]],
    make_video: Callable[..., Path],
    card_token: Callable[[str], str],
) -> None:
    video = make_video([card_token("GM0363")])
    worker = ScanWorker(lambda: VideoFileSource(video), Decoder(), preview_fps=2)
    runner, got = run_worker(worker)
    qtbot.waitUntil(lambda: got.ended == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not runner.is_running(), timeout=5_000)
    # Decoding the video takes well under a few seconds: at 2 previews a second only a handful
    # of frames may reach the GUI, though every frame was read.
    assert 1 <= len(got.frames) <= 8 < worker.frames_read


def test_frame_to_qimage_detaches_from_the_numpy_buffer() -> None:
    frame = np.zeros((4, 6, 3), np.uint8)
    frame[..., 2] = 200  # red in BGR
    image = frame_to_qimage(frame)
    frame[...] = 0  # the next camera frame overwrites the buffer
    assert image.pixelColor(1, 1).red() == 200
    gray = frame_to_qimage(np.full((3, 5), 77, np.uint8))
    assert gray.format() == QImage.Format.Format_Grayscale8 and gray.pixelColor(0, 0).red() == 77


class EndlessCamera:
    """A live source that delivers frames forever, and records where it was released."""

    live = True
    name = "fake camera"

    def __init__(self, frame: np.ndarray, fail_opens: int = 0, fail_after: int | None = None) -> None:
        self.frame = frame
        self.fail_opens = fail_opens
        self.fail_after = fail_after
        self.reads = 0
        self.released_in: list[threading.Thread] = []

    @property
    def fps(self) -> float | None:
        return 30.0

    def open(self) -> None:
        if self.fail_opens > 0:
            self.fail_opens -= 1
            raise DeskError("camera.missing", Text("Camera weg", "Camera gone"))

    def read(self) -> np.ndarray | None:
        self.reads += 1
        if self.fail_after is not None and self.reads > self.fail_after:
            self.fail_after = None
            raise DeskError("camera.lost", Text("Camera losgeraakt", "Camera unplugged"))
        return self.frame

    def release(self) -> None:
        self.released_in.append(threading.current_thread())


def test_worker_stops_cleanly_and_releases_on_its_own_thread(
    qtbot: QtBot,
    run_worker: Callable[[ScanWorker], tuple[ScannerThread, Collector]],
    card_token: Callable[[str], str],
) -> None:
    frame = make_frame(card_token("GM0363"), Scene(size=(640, 480), px_per_module=2.5), np.random.default_rng(0))
    camera = EndlessCamera(frame)
    worker = ScanWorker(lambda: camera, Decoder(), preview_fps=1000)
    runner, got = run_worker(worker)
    qtbot.waitUntil(lambda: len(got.codes) == 1 and len(got.frames) > 3, timeout=10_000)
    assert runner.stop()
    qtbot.waitUntil(lambda: got.ended == 1, timeout=5_000)
    assert not runner.is_running()
    assert len(camera.released_in) == 1 and camera.released_in[0] is not threading.main_thread()
    # Held in view the whole time: one scan, however many frames.
    assert got.codes == [card_token("GM0363")] and camera.reads > 3


def test_camera_failure_is_reported_once_and_reconnected(
    qtbot: QtBot,
    run_worker: Callable[[ScanWorker], tuple[ScannerThread, Collector]],
    card_token: Callable[[str], str],
) -> None:
    frame = make_frame(card_token("GM0363"), Scene(size=(640, 480), px_per_module=2.5), np.random.default_rng(0))
    camera = EndlessCamera(frame, fail_opens=3, fail_after=5)
    worker = ScanWorker(lambda: camera, Decoder(), reconnect_seconds=0.02)
    runner, got = run_worker(worker)
    # Three failed opens are one outage: one message. Then frames; then unplugged mid-session:
    # a new message; then restored again.
    qtbot.waitUntil(lambda: got.restored == 2, timeout=10_000)
    assert got.failures == ["Camera weg", "Camera losgeraakt"]
    assert runner.is_running()
    assert runner.stop()


def test_missing_video_is_reported_and_the_worker_ends(
    qtbot: QtBot,
    run_worker: Callable[[ScanWorker], tuple[ScannerThread, Collector]],
    tmp_path: Path,
) -> None:
    worker = ScanWorker(lambda: VideoFileSource(tmp_path / "gone.avi"), Decoder())
    runner, got = run_worker(worker)
    qtbot.waitUntil(lambda: got.ended == 1, timeout=5_000)
    qtbot.waitUntil(lambda: not runner.is_running(), timeout=5_000)
    qtbot.waitUntil(lambda: bool(got.failures), timeout=2_000)
    assert "gone.avi" in got.failures[0]
    assert got.failures[0].startswith("Het bestand of de map")  # the desk's default language


def test_a_failing_source_is_reported_in_the_desks_language(
    qtbot: QtBot,
    run_worker: Callable[[ScanWorker], tuple[ScannerThread, Collector]],
    tmp_path: Path,
) -> None:
    worker = ScanWorker(lambda: VideoFileSource(tmp_path / "gone.avi"), Decoder(), lang="en")
    _runner, got = run_worker(worker)
    qtbot.waitUntil(lambda: bool(got.failures), timeout=5_000)
    assert got.failures[0].startswith("The file or folder") and "gone.avi" in got.failures[0]


def test_small_code_gives_the_closer_hint_then_clears_it(
    qtbot: QtBot,
    run_worker: Callable[[ScanWorker], tuple[ScannerThread, Collector]],
    card_token: Callable[[str], str],
) -> None:
    token = card_token("GM0363")
    # Across the room: 0.8 px per module, and soft. The decoder sees the bars but cannot read them.
    far = make_frame(token, Scene(size=(640, 480), px_per_module=0.8, angle=3.0, blur=0.8), np.random.default_rng(0))
    near = make_frame(token, Scene(size=(640, 480), px_per_module=2.5), np.random.default_rng(0))

    class Approaching(EndlessCamera):
        def read(self) -> np.ndarray | None:
            self.reads += 1
            return far if self.reads <= 5 else near

    worker = ScanWorker(lambda: Approaching(far), Decoder())
    runner, got = run_worker(worker)
    qtbot.waitUntil(lambda: got.codes == [token], timeout=10_000)
    # Shown once it held over most of the last frames; cleared when the card was read, but not
    # within a second of being shown (the preview must not flicker).
    qtbot.waitUntil(lambda: got.hints == [Hint.CLOSER, Hint.NONE], timeout=3_000)
    assert got.hints[0] == "Houd de kaart dichterbij"  # what a slot taking plain text shows
    assert runner.stop()


def test_video_worker_stops_cleanly_mid_stream(
    qtbot: QtBot,
    run_worker: Callable[[ScanWorker], tuple[ScannerThread, Collector]],
    make_video: Callable[..., Path],
    card_token: Callable[[str], str],
) -> None:
    video = make_video([card_token("GM0363")] * 2, gap_s=1.2)
    sources: list[VideoFileSource] = []

    def open_video() -> VideoFileSource:
        sources.append(VideoFileSource(video))
        return sources[-1]

    # Paced at the file's 15 fps like a camera: the video would take seconds to play out.
    worker = ScanWorker(open_video, Decoder(), realtime=True)
    runner, got = run_worker(worker)
    qtbot.waitUntil(lambda: len(got.frames) >= 2, timeout=5_000)
    assert runner.stop(timeout_ms=2_000)
    qtbot.waitUntil(lambda: got.ended == 1, timeout=2_000)
    assert not runner.is_running()
    assert worker.frames_read < 40  # stopped early, not played to the end
    assert len(sources) == 1 and not sources[0].is_open  # the capture was released
