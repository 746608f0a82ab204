"""The change feed's Qt-free half: one watcher per process that says what changed in the meeting.

Views never poll the store. The watcher notices a change in two ways: this process's own
commits (the store calls :meth:`ChangeWatcher.mark_dirty` after each one) and other processes'
commits. On SQLite the store's cheap change marker moves, and the GUI polls it from one timer
(``ui/change_feed.py``). On PostgreSQL the server pushes: the store's listener thread
(``Store.listen``: ``LISTEN stembalie_changes``, fed by a trigger on the audit table) marks the
watcher dirty and pokes the feed, so :attr:`ChangeWatcher.pushed` is True and :meth:`poll` does
not touch the server until something was announced (the feed needs no timer there). Either way
it reads the audit entries appended since it last looked and returns them as one
:class:`~desk_app.domain.changes.Change`, so each view refreshes only what that change touched.

A poll that cannot reach the store (the server cut off) raises its store error and stays due: the
next poll, after the listener connected again, reports the change. :attr:`ChangeWatcher.link`
is the server's link as the listener keeps it (None on a file).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desk_app.domain.changes import Change
from desk_app.storage import changes as repo
from desk_app.storage.db import Store

if TYPE_CHECKING:
    from desk_app.storage.pg import Link


class ChangeWatcher:
    """Turns commits (this process's or another's) into :class:`Change` values, each seen once."""

    def __init__(self, store: Store, *, listen: bool = True) -> None:
        self.store = store
        self._seq = repo.last_seq(store)
        self._dirty = False
        self._listeners: list[Callable[[], None]] = []
        self._unsubscribe = store.on_commit(self.mark_dirty)
        # The server pushes where it can (``listen=False``: a short-lived reader that polls).
        self._stop_listening = store.listen(self.mark_dirty) if listen else None
        self._marker = None if self.pushed else store.change_marker()

    @property
    def pushed(self) -> bool:
        """True when other processes' commits are pushed to this watcher (no timer needed)."""
        return self._stop_listening is not None

    @property
    def link(self) -> Link | None:
        """The store's :class:`~desk_app.storage.pg.Link` (up or down, where, since when); None for a file."""
        link: Link | None = self.store.link
        return link

    @property
    def seen_seq(self) -> int:
        """The newest audit entry already reported."""
        return self._seq

    def on_dirty(self, listener: Callable[[], None]) -> None:
        """Called when something was committed: poll soon. Runs on the writer's thread (own commits)
        or on the store's listener thread (pushed ones), so it must be thread-safe (the feed's
        ``poke`` is)."""
        self._listeners.append(listener)

    def mark_dirty(self) -> None:
        self._dirty = True
        for listener in list(self._listeners):
            listener()

    def poll(self) -> Change | None:
        """What changed since the last poll, or None. Cheap when nothing did (free when pushed)."""
        if self.pushed:
            if not self._dirty:
                return None
        else:
            marker = self.store.change_marker()
            if not self._dirty and marker == self._marker:
                return None
            self._marker = marker
        self._dirty = False
        try:
            rows = repo.actions_since(self.store, self._seq)
        except BaseException:
            self._dirty = True  # still to be reported: the next poll tries again
            raise
        if rows:
            self._seq = rows[-1][0]
            return Change.of(rows)
        newest = repo.last_seq(self.store)
        if newest < self._seq:  # the chain got shorter: a restore, or tampering; reload everything
            self._seq = newest
            return Change.everything(newest)
        return None

    def close(self) -> None:
        self._listeners.clear()
        self._unsubscribe()
        if self._stop_listening is not None:
            self._stop_listening()
