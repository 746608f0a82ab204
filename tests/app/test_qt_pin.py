"""Guard for the pinned PySide6: no reference leaks on signal emits or void calls.

PySide6 6.12.0 on Python 3.11 dropped a reference to ``True`` on every ``emit()`` and to ``None``
on every void call; a desk session emits hundreds of thousands and aborted in "bool_dealloc".
That is why pyproject.toml pins 6.11.3. Upgrading PySide6 must keep this test green.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class _Pinger(QObject):
    ping = Signal(str)
    nothing = Signal()


def test_emits_and_void_calls_keep_singleton_refcounts(qapp) -> None:  # type: ignore[no-untyped-def]
    pinger = _Pinger()
    timer = QTimer()
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(20_000):
        pinger.ping.emit("x")
        pinger.nothing.emit()
        timer.stop()
    # A few references come and go with the interpreter; a leak would be tens of thousands.
    assert abs(sys.getrefcount(True) - true_before) < 100
    assert abs(sys.getrefcount(None) - none_before) < 100
