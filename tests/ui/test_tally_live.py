"""The chair's screen over a real store: a choice recorded by another process shows within 0.5 s."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from desk_app.domain.tally import Choice
from desk_app.domain.token import make_card_token
from desk_app.services.chair import screen_state
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor
from desk_app.services.voting import VotingService
from desk_app.ui.tally_window import POLL_MS, TallyWindow

REPO = Path(__file__).resolve().parents[2]


def _prepared(meeting):  # type: ignore[no-untyped-def]
    desk = DeskService(meeting.store, Actor("balie-1", "test"))
    for code in ("GM0363", "GM0599", "GM0088"):
        v = desk.scan(make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1))
        desk.check_in(v, name="X", role="raadslid")
    meeting.open_meeting()
    voting = VotingService(meeting.store, desk.actor, lambda: [(s, c) for s, c, _ in desk.active_passes()])
    voting.open("4")
    return desk, voting


def test_choice_from_another_process_appears_within_half_a_second(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    desk, voting = _prepared(meeting)
    store = meeting.store
    window = TallyWindow(lambda: screen_state(voting, desk), store.change_marker)
    qtbot.addWidget(window)
    view = window.screen_view
    assert view.pending.text().startswith("Nog niet gestemd: 3 gemeenten")
    assert "Resolutie" in view.item.text() and "open" in view.status.text()
    assert POLL_MS <= 250  # the poll is what bounds the delay

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "desk_app", "--db", str(store.path), "vote", "record", "voor", "--code", "GM0363"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    committed = time.monotonic()
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: view.bars.tally is not None and view.bars.tally.count(Choice.VOOR).weight == 75,
                    timeout=500)
    latency = time.monotonic() - committed
    assert latency < 0.5
    assert view.pending.text().startswith("Nog niet gestemd: 2 gemeenten")

    voting.record(Choice.TEGEN, code="GM0599")  # the same process writes too: seen as well
    qtbot.waitUntil(lambda: view.bars.tally is not None and view.bars.tally.count(Choice.TEGEN).weight == 75,
                    timeout=500)
    voting.close()
    qtbot.waitUntil(lambda: "VERWORPEN" in view.result.text(), timeout=1000)
    assert "basis: uitgebrachte stemmen" in view.base.text() and "meer dan de helft" in view.base.text()
    window.timer.stop()


def test_tally_command_starts_and_stops(meeting) -> None:  # type: ignore[no-untyped-def]
    _prepared(meeting)
    env = {**os.environ, "PYTHONPATH": str(REPO), "STEMBALIE_QUIT_AFTER_MS": "800", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "desk_app", "--db", str(meeting.store.path), "tally", "--windowed"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
