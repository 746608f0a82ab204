"""Benchmark: a stemopnemer's key in the roll call -> the choice recorded and the grid showing it.

The Stemmingen tab runs here (offscreen unless there is a display) on the demo meeting in a fresh
SQLite file (WAL, ``synchronous=FULL``) with all 342 municipalities checked in, a vote on motion
4.M1 open and the roll call (F3) in view. Each sample is one key press (V or T) on the grid, timed
from the key until the tab has recorded the choice (one transaction and one audit entry), refreshed
the grid and painted it; then on to the next row, as a teller works down the list.

In the same run, as the baseline: the same number of keys with the code and votes columns back
on ``ResizeToContents`` (how the grid was sized before: each recorded choice measured all 342 rows
of both columns again). The baseline runs first, on the first rows; the current sizing then works on
with a meeting that holds the baseline's records too, so the comparison does not favour it.

    .venv/bin/python benchmarks/bench_roll_call.py [--n 150] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def summary(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=150, help="keys per variant (at most 171)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    n = max(10, min(args.n, 171))

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QHeaderView

    from desk_app.domain.text import Translator
    from desk_app.domain.token import make_card_token
    from desk_app.services.demo import build_demo
    from desk_app.session import Session
    from desk_app.ui.change_feed import ChangeFeed
    from desk_app.ui.voting.tab import RecordMode, VotingTab

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="bench-roll-call-") as tmp:
        db = Path(tmp) / "meeting.sqlite"
        build_demo(db).store.close()
        session = Session.open(db)
        desk, voting = session.desk, session.voting
        m = desk.meeting
        for code in sorted(voting.member_names()):
            desk.check_in(
                desk.scan(make_card_token(m.meeting_no, m.secret, code, 1)), name=f"Lid {code}", role="raadslid"
            )
        session.meeting.open_meeting()
        voting.open("4.M1", confirm_order=True)  # the bench measures the grid, not the voting order
        feed = ChangeFeed(session.changes)
        tab = VotingTab(voting, feed, desk.counters, Translator())
        tab.resize(1366, 768)
        tab.show()
        feed.start()
        tab.set_mode(RecordMode.GRID)
        grid = tab.roll_call.grid
        app.processEvents()

        def keys(count: int, first: int) -> list[float]:
            grid.select_proxy_row(first)
            samples = []
            for i in range(count):
                started = time.perf_counter_ns()
                QTest.keyClick(grid, Qt.Key.Key_V if i % 2 else Qt.Key.Key_T)
                tab.wedge.flush()  # a person's key: the wedge hands it on (it would after its short hold)
                grid.viewport().repaint()  # painted now, not at the next turn of the event loop
                samples.append((time.perf_counter_ns() - started) / 1e6)
            return samples

        recorded_before = len(voting.current().voted())  # type: ignore[union-attr]
        header = grid.horizontalHeader()
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        baseline = keys(n, 0)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        now = keys(n, n)
        recorded = len(voting.current().voted()) - recorded_before  # type: ignore[union-attr]
        feed.stop()
        tab.close()
        session.close()

    now_s, base_s = summary(now), summary(baseline)
    result = {
        "qt_platform": app.platformName(),
        "rows": 342,
        "recorded": recorded,
        "key_to_painted": now_s,
        "key_to_painted, ResizeToContents (baseline)": base_s,
        "ratio_p50": round(now_s["p50_ms"] / base_s["p50_ms"], 2),
    }
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"Qt platform: {app.platformName()}; 342 rows in the roll call; {recorded} choices recorded")
        for key in ("key_to_painted", "key_to_painted, ResizeToContents (baseline)"):
            r = result[key]
            assert isinstance(r, dict)
            figures = f"p50 {r['p50_ms']:6.1f} ms  p90 {r['p90_ms']:6.1f} ms  max {r['max_ms']:6.1f} ms"
            print(f"{key:44s} n={r['n']:4d}  {figures}")
        print(f"ratio of the medians: {result['ratio_p50']}")
    return 0 if recorded == 2 * n else 1


if __name__ == "__main__":
    sys.exit(main())
