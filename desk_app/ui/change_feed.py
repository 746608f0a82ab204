"""The change feed's Qt half: one per process, it tells every view that the meeting changed.

Views connect to :attr:`ChangeFeed.changed` and refresh only what the
:class:`~desk_app.domain.changes.Change` touched; no view runs a timer of its own. This
process's own writes arrive at the next turn of the event loop (the store's commit hook pokes the
feed); other processes' writes within one poll interval (one timer, the store's change marker).
A server-backed store can call :meth:`poke` from its notification thread instead of the timer.
Shutdown is one call: :meth:`stop`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from desk_app.domain.changes import Change
from desk_app.services.changes import ChangeWatcher

POLL_MS = 200  # other processes' writes appear within this (the chair's screen: well under 0.5 s)


class ChangeFeed(QObject):
    """Relays :class:`ChangeWatcher` results to the GUI thread as one signal."""

    #: Something changed in the meeting: a :class:`Change`.
    changed = Signal(object)
    _poked = Signal()

    def __init__(self, watcher: ChangeWatcher, *, poll_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = watcher
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        # Queued: a poke from the writer (or a notification thread) is handled after the
        # current slot returns, on the GUI thread.
        self._poked.connect(self.poll, Qt.ConnectionType.QueuedConnection)
        watcher.on_dirty(self.poke)
        self._stopped = False

    def start(self) -> None:
        """Begin watching other processes' writes (own writes are reported without it)."""
        if self._timer.interval() > 0:
            self._timer.start()

    def poke(self) -> None:
        """Look soon (thread-safe)."""
        if not self._stopped:
            self._poked.emit()

    def poll(self) -> Change | None:
        """Look now; emit and return the change if there is one."""
        if self._stopped:
            return None
        change = self.watcher.poll()
        if change is not None:
            self.changed.emit(change)
        return change

    def stop(self) -> None:
        """Nothing is read from the store after this: call it before the store closes."""
        self._stopped = True
        self._timer.stop()
