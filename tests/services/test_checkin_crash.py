"""Killed at any point of a check-in, the store holds the check-in completely or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor
from desk_app.storage import audit
from desk_app.storage.db import Store

CHECKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desk_app.domain.token import make_card_token
    from desk_app.services.desk import DeskService
    from desk_app.services.meeting import Actor
    from desk_app.storage.db import Store
    target = sys.argv[1] if sys.argv[1].startswith("postgresql://") else Path(sys.argv[1])
    desk = DeskService(Store.open(target), Actor("balie-1", "crash"))
    codes = [r["code"] for r in desk.store.query("SELECT code FROM members ORDER BY code")]
    print("ready", flush=True)
    for code in codes:
        v = desk.scan(make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1))
        p = desk.check_in(v, name="Naam " + code, role="raadslid")
        print(code, p.serial, flush=True)
    """
)


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.45])
def test_sigkill_during_check_ins(meeting, meeting_target, tmp_path: Path, delay: float) -> None:  # type: ignore[no-untyped-def]
    path = meeting_target
    meeting.store.close()
    script = tmp_path / "checker.py"
    script.write_text(CHECKER)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    reported = [line.split() for line in proc.stdout.read().splitlines() if line.strip()]
    proc.wait()

    with Store.open(path) as store:
        assert store.integrity_check() == []
        assert audit.verify(store).ok
        desk = DeskService(store, Actor("balie-1", "after"))
        passes = store.query("SELECT serial, code FROM passes ORDER BY serial")
        checkins = [e for e in audit.entries(store) if e.action == "checkin"]
        # complete or not at all: every pass has its audit entry and vice versa
        assert [(p["serial"], p["code"]) for p in passes] == [(e.details["serial"], e.object) for e in checkins]
        # every check-in reported before the kill is there, and the screen counters agree
        for code, serial in reported:
            assert {"serial": int(serial), "code": code} in passes
        assert desk.counters().present_members == len(passes)
