"""The chair's screen over a real store: a choice recorded by another process appears on it.

How fast it appears is measured in ``benchmarks/bench_tally.py`` (p50/p99 over many choices), not
asserted here: a test on a shared machine must not fail because the machine was busy.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk_app.domain.text import Translator
from desk_app.domain.token import make_card_token
from desk_app.services.chair import ChairScreen
from desk_app.services.changes import ChangeWatcher
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.voting.tally import TallyWindow

REPO = Path(__file__).resolve().parents[2]


def _prepared(meeting: MeetingService) -> tuple[DeskService, VotingService]:
    desk = DeskService(meeting.store, Actor("balie-1", "test"))
    for code in ("GM0363", "GM0599", "GM0088"):
        v = desk.scan(make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1))
        desk.check_in(v, name=f"X {code}", role="raadslid")
    meeting.open_meeting()
    voting = VotingService(meeting.store, desk.actor, lambda: [(s, c) for s, c, _ in desk.active_passes()])
    voting.open("4", confirm_order=True)
    return desk, voting


def test_a_choice_from_another_process_appears_on_the_screen(qtbot: QtBot, meeting: MeetingService) -> None:
    desk, voting = _prepared(meeting)
    store = meeting.store
    feed = ChangeFeed(ChangeWatcher(store), poll_ms=50)
    window = TallyWindow(ChairScreen(voting, desk.counters, Translator()), feed)
    qtbot.addWidget(window)
    feed.start()
    view = window.screen_view
    assert view.state.not_voted_members == 3
    assert view.state.item_title.startswith("4. Resolutie") and "open" in view.state.status_text

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "desk_app", "--db", str(store.path), "vote", "record", "voor", "--code", "GM0363"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # However long the machine takes: it appears, through the one feed, with no timer of the window's own.
    qtbot.waitUntil(lambda: view.state.bars[0].weight == 75, timeout=20_000)
    assert view.state.not_voted_members == 2

    voting.record("tegen", code="GM0599")  # the same process writes too: seen as well
    qtbot.waitUntil(lambda: view.state.bars[1].weight == 75, timeout=20_000)
    voting.close()
    qtbot.waitUntil(lambda: view.state.result_text == "Uitslag wordt vastgesteld", timeout=20_000)
    voting.declare_computed()
    qtbot.waitUntil(lambda: "VERWORPEN" in view.state.result_text, timeout=20_000)
    assert "basis: uitgebrachte stemmen" in view.state.base_text and "meer dan de helft" in view.state.base_text
    feed.stop()


def test_tally_command_starts_and_stops(meeting: MeetingService) -> None:
    _prepared(meeting)
    env = {**os.environ, "PYTHONPATH": str(REPO), "STEMBALIE_QUIT_AFTER_MS": "800", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "desk_app", "--db", str(meeting.store.path), "tally", "--windowed"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
