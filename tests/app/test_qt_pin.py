"""Guard for the pinned PySide6: no reference leaks on signal emits or void calls.

PySide6 6.12.0 on Python 3.11 dropped a reference to ``True`` on every ``emit()`` and to ``None``
on every void call (PYSIDE-3474); a desk session emits hundreds of thousands and aborted in
"bool_dealloc". That is why pyproject.toml pins 6.11.3. Upgrading PySide6 must keep this test green.

The probe runs in a subprocess: on an affected PySide6 it aborts the interpreter, which must fail
this test, not end the whole pytest run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from PySide6.QtCore import QObject, QTimer, Signal

class Pinger(QObject):
    ping = Signal(str)
    nothing = Signal()

pinger, timer = Pinger(), QTimer()
true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
for _ in range(20_000):
    pinger.ping.emit("x")
    pinger.nothing.emit()
    timer.stop()
print(json.dumps({"true": sys.getrefcount(True) - true_before, "none": sys.getrefcount(None) - none_before}))
"""


def run_probe(code: str) -> dict[str, int]:
    """Run ``code`` in a fresh interpreter; its last output line is a JSON object. Fails the test on a crash."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    if done.returncode != 0:
        how = (
            f"killed by {signal.Signals(-done.returncode).name}"
            if done.returncode < 0
            else f"exit code {done.returncode}"
        )
        pytest.fail(f"the PySide6 probe crashed ({how}):\n{done.stderr[-2000:]}", pytrace=False)
    result: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_emits_and_void_calls_keep_singleton_refcounts() -> None:
    deltas = run_probe(PROBE)
    # A few references come and go with the interpreter; a leak would be tens of thousands.
    assert abs(deltas["true"]) < 100
    assert abs(deltas["none"]) < 100


def test_a_crashing_probe_fails_the_test_instead_of_ending_the_run() -> None:
    with pytest.raises(pytest.fail.Exception, match="SIGABRT"):
        run_probe("import os; os.abort()")
