"""One helper for background jobs (card batches, exports, imports): off the GUI thread, with
progress, and the result or the error delivered back on the GUI thread.

A job is a plain function ``fn(progress) -> result`` where ``progress(done, total, text)`` may
be called from the worker thread. The job must open its own store connection (a connection
belongs to the thread that opened it). Tests inject :class:`SyncRunner` to run jobs inline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Progress = Callable[[int, int, str], None]
Job = Callable[[Progress], Any]


class JobSignals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


Slot = Callable[..., None]


class Runner(Protocol):
    def start(
        self, job: Job, *, finished: Slot, failed: Slot | None = None, progressed: Slot | None = None
    ) -> JobSignals: ...


def _connect(signals: JobSignals, finished: Slot, failed: Slot | None, progressed: Slot | None) -> None:
    # Connected before the job starts: a queued signal emitted with no receiver yet is lost.
    signals.finished.connect(finished)
    if failed is not None:
        signals.failed.connect(failed)
    if progressed is not None:
        signals.progressed.connect(progressed)


class _Task(QRunnable):
    def __init__(self, job: Job, signals: JobSignals) -> None:
        super().__init__()
        self.job = job
        self.signals = signals

    def run(self) -> None:
        def progress(done: int, total: int, text: str = "") -> None:
            self.signals.progressed.emit(done, total, text)

        try:
            result = self.job(progress)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI, which shows it or re-raises a bug
            self.signals.failed.emit(exc)
            return
        self.signals.finished.emit(result)


class PoolRunner:
    """Runs jobs on Qt's global thread pool; signals arrive queued on the GUI thread."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self.pool = pool or QThreadPool.globalInstance()
        self._live: set[JobSignals] = set()  # keep signal objects alive until delivered

    def start(
        self, job: Job, *, finished: Slot, failed: Slot | None = None, progressed: Slot | None = None
    ) -> JobSignals:
        signals = JobSignals()
        _connect(signals, finished, failed, progressed)
        self._live.add(signals)
        signals.finished.connect(lambda _r: self._live.discard(signals))
        signals.failed.connect(lambda _e: self._live.discard(signals))
        self.pool.start(_Task(job, signals))
        return signals

    def wait(self, msecs: int = 30_000) -> bool:
        return bool(self.pool.waitForDone(msecs))


class SyncRunner:
    """Runs the job inline on the calling thread: deterministic, for tests."""

    def start(
        self, job: Job, *, finished: Slot, failed: Slot | None = None, progressed: Slot | None = None
    ) -> JobSignals:
        signals = JobSignals()
        _connect(signals, finished, failed, progressed)
        _Task(job, signals).run()
        return signals
