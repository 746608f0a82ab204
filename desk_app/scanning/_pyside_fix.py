"""Work around reference leaks of PySide6 6.12.0 on Python 3.11 that abort the interpreter.

Measured in this project's environment: every ``Signal.emit()`` drops a reference to ``True``
and every call of a void C++ method (``QThread.quit()``, ``QTimer.start()``...) one to ``None``.
The camera worker emits several signals per frame and the keyboard wedge restarts a timer on every
key, so within minutes of a desk session (or a few thousand test frames) the count reaches zero
and Python aborts with "bool_dealloc" / "none_dealloc", far from the cause.

Python 3.12+ makes these singletons immortal; this imitates that, only when the leak is measured
(a no-op on fixed versions). ``desk_app.printing.barcode`` does the same for ``None`` alone. The real
fix is a PySide6 pin without the leak; then this module can go. Imported for its effect by
:mod:`desk_app.scanning.worker` and :mod:`desk_app.scanning.wedge`.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer, Signal

_IMMORTAL = 1 << 40


class _Probe(QObject):
    ping = Signal()


def _immortalize(obj: object) -> None:
    ctypes.c_ssize_t.from_address(id(obj)).value += _IMMORTAL  # ob_refcnt is the first field


def compensate() -> tuple[bool, bool]:
    """Make ``True``/``False`` and ``None`` immortal when PySide6 is measured leaking them.

    Returns (bools compensated, None compensated). Idempotent: a compensated singleton's count is
    far above anything a leak could reach, and it is not compensated twice.
    """
    if sys.version_info >= (3, 12):
        return (False, False)
    bools = nones = False
    probe = _Probe()
    if sys.getrefcount(True) < _IMMORTAL:
        before = sys.getrefcount(True)
        for _ in range(100):
            probe.ping.emit()
        if before - sys.getrefcount(True) >= 50:
            _immortalize(True)
            _immortalize(False)  # not seen leaking, but its sibling methods return bool too
            bools = True
    if sys.getrefcount(None) < _IMMORTAL:
        timer = QTimer()
        before = sys.getrefcount(None)
        for _ in range(100):
            timer.stop()
        if before - sys.getrefcount(None) >= 50:
            _immortalize(None)
            nones = True
    return (bools, nones)


COMPENSATED = compensate()
