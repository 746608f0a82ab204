"""The camera worker: grabs and decodes frames on its own QThread and reports by signals.

The GUI thread only ever receives copies: a ``QImage`` per preview frame (throttled, so a slow
preview widget never holds up decoding), the outline of located codes, a
:class:`~desk_app.scanning.hints.Hint` when it changes, and scans. Frames go through one
:class:`~desk_app.scanning.stream.StreamReader`: the decoder, several frames combined when single
frames fail, the two-frame :class:`ScanDebouncer`, the hint tracker. The worker never touches the
database or a widget; the service that receives ``code_seen`` decides what a scan means.

A camera that fails (missing, busy, unplugged) is reported once with ``source_failed`` and
retried every ``reconnect_seconds`` until it works again (``source_restored``); meanwhile the desk
keeps working with the handheld scanner and look-up. A file source simply ends (``finished``).

Use :class:`ScannerThread` to run a worker: it moves the worker to a fresh ``QThread`` and stops
it cleanly (``stop()``, ``quit()``, ``wait()``; the source is released on the worker thread that
opened it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from desk_app.domain.text import DeskError
from desk_app.scanning.debounce import ScanDebouncer
from desk_app.scanning.decoder import Decoder
from desk_app.scanning.hints import Hint
from desk_app.scanning.sources import FrameSource
from desk_app.scanning.stream import StreamReader

__all__ = ["ScanWorker", "ScannerThread", "frame_to_qimage"]


def frame_to_qimage(frame: np.ndarray) -> QImage:
    """A deep copy of a grey or BGR frame as a QImage.

    ``QImage(buffer, ...)`` only wraps the numpy memory; the next ``read()`` reuses or frees it while
    the GUI thread may still be painting. ``.copy()`` detaches the image from the buffer.
    """
    frame = np.ascontiguousarray(frame)
    h, w = frame.shape[:2]
    if frame.ndim == 2:
        image = QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_Grayscale8)
    else:
        image = QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888)
    return image.copy()


class ScanWorker(QObject):
    """Grabs frames from a source, decodes them, emits what the desk should know."""

    frame_ready = Signal(QImage)
    #: An accepted, stable scan: a token text (see desk_app.domain.token.looks_like_token).
    code_seen = Signal(str)
    #: Outlines of codes in the current frame: a list of polygons, each a list of (x, y) tuples
    #: in frame pixels. An empty list clears the outline.
    detection = Signal(list)
    #: What the person holding the card should do (a :class:`~desk_app.scanning.hints.Hint`;
    #: ``Hint.NONE`` clears it). Emitted only when it changes, at most about once a second.
    hint = Signal(object)
    source_failed = Signal(str)
    source_restored = Signal()
    #: The loop has ended: stop() was called or a file source reached its end.
    finished = Signal()

    def __init__(
        self,
        make_source: Callable[[], FrameSource],
        decoder: Decoder,
        *,
        debouncer: ScanDebouncer | None = None,
        preview_fps: float = 15.0,
        reconnect_seconds: float = 2.0,
        realtime: bool = False,
        lang: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``make_source`` builds a fresh (unopened) source; it is called on the worker thread.

        ``realtime`` paces a file source at its nominal frame rate (a demo without a camera);
        tests leave it off and run as fast as the decoder goes. ``lang``: the language
        ``source_failed`` speaks (the desk's; None is Dutch).
        """
        super().__init__(parent)
        self._make_source = make_source
        self._stream = StreamReader(decoder, debouncer=debouncer)
        self._preview_interval = 1.0 / preview_fps if preview_fps > 0 else float("inf")
        self._reconnect_seconds = reconnect_seconds
        self._realtime = realtime
        self._lang = lang
        # A threading.Event, not a queued signal: run() loops without returning to the thread's
        # event loop, so a queued call would only be seen after the loop ended.
        self._stop = threading.Event()
        self.frames_read = 0
        self.frames_decoded = 0

    def stop(self) -> None:
        """Ask the loop to end; callable from any thread. The source is released by run()."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        """The grab-decode loop; connect it to ``QThread.started``."""
        source: FrameSource | None = None
        failed_message: str | None = None
        last_preview = -float("inf")
        last_regions: list[list[tuple[float, float]]] = []
        pace: float | None = None
        next_due = 0.0
        try:
            while not self._stop.is_set():
                if source is None:
                    source = self._make_source()
                    try:
                        source.open()
                    except DeskError as err:
                        live = source.live
                        source.release()
                        source = None
                        failed_message = self._report_failure(err, failed_message, live)
                        if failed_message is None:  # not live: nothing to wait for
                            return
                        self._stop.wait(self._reconnect_seconds)
                        continue
                    if failed_message is not None:
                        failed_message = None
                        self._stream.reset()
                        self.source_restored.emit()
                    pace = source.fps if self._realtime else None
                    next_due = time.monotonic()
                try:
                    frame = source.read()
                except DeskError as err:
                    live = source.live
                    source.release()
                    source = None
                    # No picture, so no outline or hint may stay on the preview.
                    if last_regions:
                        last_regions = []
                        self.detection.emit([])
                    if self._stream.reset() is not None:
                        self.hint.emit(Hint.NONE)
                    failed_message = self._report_failure(err, failed_message, live)
                    if failed_message is None:
                        return
                    self._stop.wait(self._reconnect_seconds)
                    continue
                if frame is None:  # end of a file
                    return
                self.frames_read += 1
                now = time.monotonic()
                if now - last_preview >= self._preview_interval:
                    last_preview = now
                    self.frame_ready.emit(frame_to_qimage(frame))

                step = self._stream.feed(frame)
                self.frames_decoded += 1
                regions = [list(r.polygon) for r in step.result.regions]
                if regions != last_regions:
                    last_regions = regions
                    self.detection.emit(regions)
                if step.hint is not None:
                    self.hint.emit(step.hint)
                for text in step.scans:
                    self.code_seen.emit(text)

                if pace:
                    next_due += 1.0 / pace
                    delay = next_due - time.monotonic()
                    if delay > 0:
                        self._stop.wait(delay)
        finally:
            if source is not None:
                source.release()
            self.finished.emit()

    def _report_failure(self, err: DeskError, previous: str | None, live: bool) -> str | None:
        """Emit ``source_failed`` once per outage (again only if the reason changes); return the
        message, or None for a file source, which is not retried."""
        message = err.message(self._lang)
        if previous != message:
            self.source_failed.emit(message)
        return message if live else None


class ScannerThread:
    """Owns a QThread running one :class:`ScanWorker`; start it, and stop it cleanly."""

    def __init__(self, worker: ScanWorker) -> None:
        if worker.parent() is not None:
            raise ValueError("a worker moved to a thread must not have a parent")
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName("scan-worker")
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        # A file source ends by itself: let the thread end with it.
        worker.finished.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout_ms: int = 5000) -> bool:
        """Stop the loop, end the thread and wait for it; True when it ended in time."""
        self.worker.stop()
        self.thread.quit()
        return self.thread.wait(timeout_ms)

    def is_running(self) -> bool:
        return self.thread.isRunning()
