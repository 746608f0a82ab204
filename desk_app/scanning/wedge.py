"""Handheld USB scanners (keyboard wedges): tell a scan from typing and keep scans out of fields.

A handheld scanner is a keyboard: it "types" the barcode digits in a few milliseconds and presses
Enter. Installed as an event filter on the application (or the desk window), :class:`KeyboardWedge`
holds back printable key presses for a moment. If they turn out to be a burst (at least
``min_length`` characters, every gap at most ``max_gap_ms``) ending in Enter, the text is emitted
as ``scanned`` and nothing reaches the focused field - wherever the focus is, a scan is a scan and
never ends up in, say, the search box. Anything else is replayed, in order, into the widget it was
meant for, so typing still works; it only reaches the field a few tens of milliseconds late.

Gaps are measured with the key events' own timestamps (from the window system), so a burst of
human keystrokes that queued up while the GUI thread was busy is still seen as slow typing. Tests
inject a clock instead, because synthetic key events carry no timestamps.

A burst is capped at ``max_length`` characters (64: a token has at most 22). What comes after that
in the same burst is dropped, never held, replayed or emitted, and ``overflowed(dropped)`` says how
many characters were dropped: a scanner gone wild or a 10 kB "barcode" costs one comparison per
key and never reaches a field (a search box would search for every one of them). With its Enter
the first ``max_length`` characters are emitted as a scan, which the desk refuses and logs; without
one the burst is dropped whole (a burst that long is no typing).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

__all__ = ["KeyboardWedge"]

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Shift is how a scanner types capitals; Keypad is set by scanners that "type" on the number pad.
_HARMLESS_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


@dataclass(frozen=True)
class _HeldKey:
    receiver: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class KeyboardWedge(QObject):
    """Event filter that turns fast keystroke bursts ending in Enter into ``scanned(text)``."""

    scanned = Signal(str)
    #: A burst longer than ``max_length`` ended: how many characters of it were dropped.
    overflowed = Signal(int)

    def __init__(
        self,
        scope: QWidget | None = None,
        *,
        min_length: int = 8,
        max_gap_ms: float = 35.0,
        max_length: int = 64,
        clock: Callable[[], float] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``scope``: only keys for this window and its children count (None: every widget).
        ``max_length``: the longest burst kept (see the module doc).
        ``clock``: milliseconds, for tests; by default the key events' timestamps are used."""
        super().__init__(parent)
        self.scope = scope
        self.min_length = min_length
        self.max_gap_ms = max_gap_ms
        self.max_length = max_length
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._dropped = 0  # characters of the current burst beyond max_length
        self._last_ms = 0.0
        self._replaying = False
        # Held keys must reach their field even when no further key comes. The timer is only a
        # backstop (the gaps themselves are judged from timestamps), so it may be generous.
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(max(50, int(3 * max_gap_ms)))
        self._flush_timer.timeout.connect(self.flush)

    @classmethod
    def for_view(cls, view: QWidget) -> KeyboardWedge:
        """A wedge scoped to ``view`` and installed on the application: a scan is caught wherever
        the focus is inside the view, and keys belonging to other tabs or windows pass untouched."""
        wedge = cls(view, parent=view)
        app = QCoreApplication.instance()
        if app is not None:
            wedge.install(app)
        return wedge

    def install(self, target: QObject) -> None:
        """Watch ``target``'s events: the QApplication (every window) or one window."""
        target.installEventFilter(self)

    def uninstall(self, target: QObject) -> None:
        self.flush()
        target.removeEventFilter(self)

    @property
    def pending(self) -> str:
        """The characters held back right now (for tests and debugging)."""
        return "".join(k.text for k in self._held)

    def _now_ms(self, event: QKeyEvent) -> float:
        if self._clock is not None:
            return self._clock()
        stamp = event.timestamp()
        return float(stamp) if stamp else time.monotonic() * 1000.0

    def _in_scope(self, obj: QObject) -> bool:
        # Only widgets: a key press reaches the QWindow first and is then forwarded to the focus
        # widget; handling it twice would hold each key twice.
        if not obj.isWidgetType():
            return False
        if self.scope is None:
            return True
        widget = obj if isinstance(obj, QWidget) else None
        return widget is not None and (widget is self.scope or self.scope.isAncestorOf(widget))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        # Every event of the application passes here: the cheap isinstance test first (asking
        # ``event.type()`` makes a Python enum each time, several million times in a day).
        if not isinstance(event, QKeyEvent) or self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if not self._in_scope(watched):
            return False
        assert isinstance(watched, QWidget)
        now = self._now_ms(event)
        key = event.key()
        text = event.text()
        extra_modifiers = event.modifiers() & ~_HARMLESS_MODIFIERS
        if event.isAutoRepeat() or extra_modifiers != Qt.KeyboardModifier.NoModifier:
            self.flush()  # a held key or a shortcut: the person is at the keyboard
            return False
        if key in _ENTER_KEYS:
            if len(self._held) >= self.min_length and now - self._last_ms <= self.max_gap_ms:
                scan, dropped = self.pending, self._dropped
                self._held.clear()
                self._dropped = 0
                self._flush_timer.stop()
                if dropped:
                    self.overflowed.emit(dropped)
                self.scanned.emit(scan)
                return True
            self.flush()  # typed text first, then this Enter, in that order
            return False
        if len(text) == 1 and text.isprintable():
            if self._held and now - self._last_ms > self.max_gap_ms:
                self.flush()  # too slow for a scanner: what was held is typing
            if len(self._held) >= self.max_length:
                self._dropped += 1  # beyond the cap: counted, never kept
            else:
                self._held.append(_HeldKey(watched, key, event.modifiers(), text))
            self._last_ms = now
            self._flush_timer.start()
            return True
        self.flush()  # Backspace, Tab, arrows...: editing, not scanning
        return False

    def flush(self) -> None:
        """Replay held keys into the widgets they were meant for (a burst over the cap: drop it)."""
        self._flush_timer.stop()
        held, self._held = self._held, []
        dropped, self._dropped = self._dropped, 0
        if dropped:
            self.overflowed.emit(dropped + len(held))  # no person types that fast: not typing
            return
        if not held:
            return
        self._replaying = True
        try:
            for item in held:
                if not shiboken6.isValid(item.receiver):
                    continue  # the field was closed meanwhile
                press = QKeyEvent(QEvent.Type.KeyPress, item.key, item.modifiers, item.text)
                QCoreApplication.sendEvent(item.receiver, press)
        finally:
            self._replaying = False
