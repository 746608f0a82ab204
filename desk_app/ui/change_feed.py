"""The change feed's Qt half: one per process, it tells every view that the meeting changed.

Views connect to :attr:`ChangeFeed.changed` and refresh only what the
:class:`~desk_app.domain.changes.Change` touched; no view runs a timer of its own. This
process's own writes arrive at the next turn of the event loop (the store's commit hook pokes the
feed). Other processes' writes: on a file within one poll interval (one timer, the store's change
marker); on the meeting server they are pushed (``LISTEN/NOTIFY``: the store's listener thread
pokes the feed) and the feed runs no timer at all.

On the server the feed also relays the link: :attr:`ChangeFeed.link_changed` carries the
:class:`~desk_app.storage.pg.LinkState` whenever the connection to the primary goes down or comes
back (the desk's red "GEEN VERBINDING" banner hangs on it). A poll that cannot reach the server
is not lost: it is tried again when the link is back. Shutdown is one call: :meth:`stop`.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from desk_app.domain.changes import Change
from desk_app.domain.text import DeskError
from desk_app.services.changes import ChangeWatcher

POLL_MS = 200  # other processes' writes appear within this (the chair's screen: well under 0.5 s)

log = logging.getLogger("stembalie.feed")


class ChangeFeed(QObject):
    """Relays :class:`ChangeWatcher` results (and the server link's ups and downs) to the GUI thread."""

    #: Something changed in the meeting: a :class:`Change`.
    changed = Signal(object)
    #: The meeting server's link went down or came back: a :class:`~desk_app.storage.pg.LinkState`.
    link_changed = Signal(object)
    _poked = Signal()
    _linked = Signal(object)

    def __init__(self, watcher: ChangeWatcher, *, poll_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = watcher
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        # Queued: a poke from the writer (or a notification thread) is handled after the
        # current slot returns, on the GUI thread.
        self._poked.connect(self.poll, Qt.ConnectionType.QueuedConnection)
        self._linked.connect(self._on_linked, Qt.ConnectionType.QueuedConnection)
        watcher.on_dirty(self.poke)
        link = watcher.link
        self._unlink = link.on_change(self._linked.emit) if link is not None else None
        self._stopped = False

    @property
    def link_state(self) -> Any | None:
        """The server link's state now (None on a file)."""
        link = self.watcher.link
        return link.state if link is not None else None

    @property
    def cut_off(self) -> bool:
        """The meeting server does not answer now (never on a file)."""
        state = self.link_state
        return state is not None and state.connected is False

    def start(self) -> None:
        """Begin watching other processes' writes (own writes are reported without it).

        Pushed (the server): nothing to start, the listener pokes the feed.
        """
        if self.watcher.pushed:
            return
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
        try:
            change = self.watcher.poll()
        except DeskError as err:  # the server cut off: the watcher stays due, the link says so
            log.info("change feed could not look: %s", err.code)
            return None
        if change is not None:
            self.changed.emit(change)
        return change

    def _on_linked(self, state: object) -> None:
        if self._stopped:
            return
        self.link_changed.emit(state)
        if getattr(state, "connected", False):
            self.poll()  # what was missed while cut off (the listener pokes too; a poll is cheap)

    def stop(self) -> None:
        """Nothing is read from the store after this: call it before the store closes."""
        self._stopped = True
        self._timer.stop()
        if self._unlink is not None:
            self._unlink()
            self._unlink = None
