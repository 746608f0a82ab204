"""Benchmark: a choice recorded in another process -> the chair's screen shows it (p50 / p99).

The chair's screen runs here (a :class:`TallyWindow` over ``ChairScreen``, on the process's one
:class:`ChangeFeed` with its default poll interval), on the demo meeting in a fresh SQLite file
(WAL, ``synchronous=FULL``). A second process — another teller's laptop, or the CLI — records
``--n`` choices one by one with ``VotingService.record`` (one transaction and one audit entry each),
pausing a random 20..300 ms between them so the commits fall at every phase of the feed's poll,
and prints the moment each commit returned. The screen notes the moment it *painted* each new
count. Both use ``CLOCK_MONOTONIC`` (``time.monotonic_ns``), one clock for every process on Linux.

In the same run, as the baseline: the same choices recorded by *this* process (the tab's own
writes), which reach the screen through the store's commit hook instead of the poll.

    .venv/bin/python benchmarks/bench_tally.py [--n 200] [--json]     # offscreen
    .venv/bin/python benchmarks/bench_tally.py --quick                 # 40 choices
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted samples (q in 0..100)."""
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(_percentile(ordered, 90), 1),
        "p99_ms": round(_percentile(ordered, 99), 1),
        "max_ms": round(ordered[-1], 1),
    }


# -- the other process ------------------------------------------------------------------------------
def writer(db: Path, codes: list[str], seed: int) -> int:
    """Record a choice for each code, printing 'index monotonic_ns' after each commit returned."""
    from desk_app.domain.tally import Choice
    from desk_app.services.meeting import Actor
    from desk_app.session import Session

    rng = random.Random(seed)
    with Session.open(db, actor=Actor("teller-2", "bench")) as session:
        voting = session.voting
        for i, code in enumerate(codes):
            time.sleep(rng.uniform(0.02, 0.30))
            voting.record(rng.choice([Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING]), code=code, source="bench")
            print(i, time.monotonic_ns(), flush=True)
    return 0


# -- the screen -------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="choices recorded by the other process")
    parser.add_argument("--quick", action="store_true", help="40 choices")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--writer", nargs=3, metavar=("DB", "CODES", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.writer:
        db, codes, seed = args.writer
        return writer(Path(db), codes.split(","), int(seed))
    n = 40 if args.quick else args.n

    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QApplication

    from desk_app.domain.tally import Choice
    from desk_app.domain.text import Translator
    from desk_app.domain.token import make_card_token
    from desk_app.services.chair import ChairScreen
    from desk_app.services.demo import build_demo
    from desk_app.session import Session
    from desk_app.ui.change_feed import POLL_MS, ChangeFeed
    from desk_app.ui.voting.tally import TallyScreen, TallyWindow

    painted: dict[int, int] = {}  # voted members -> when that count was first painted

    class TimedScreen(TallyScreen):
        def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API name
            super().paintEvent(event)
            voted = sum(b.members for b in self.state.bars)
            painted.setdefault(voted, time.monotonic_ns())

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="bench-tally-") as tmp:
        db = Path(tmp) / "meeting.sqlite"
        build_demo(db).store.close()
        session = Session.open(db)
        desk, voting = session.desk, session.voting
        m = desk.meeting
        codes = [c for c in sorted(voting.member_names())][: 2 * n]
        for code in codes:
            desk.check_in(
                desk.scan(make_card_token(m.meeting_no, m.secret, code, 1)), name=f"Lid {code}", role="raadslid"
            )
        session.meeting.open_meeting()
        voting.open("4", confirm_order=True)  # the bench measures the tally, not the voting order
        sync = session.store.query("PRAGMA synchronous")[0]["synchronous"]
        assert sync == 2, f"expected synchronous=FULL (2), got {sync}"

        feed = ChangeFeed(session.changes)
        window = TallyWindow(ChairScreen(voting, desk.counters, Translator()), feed)
        window.screen_view.deleteLater()
        window.screen_view = TimedScreen(window)
        window.layout().addWidget(window.screen_view)
        window.screen_view.show_state(window.chair.state)
        window.resize(1920, 1080)
        window.show()
        feed.start()
        app.processEvents()

        # Baseline: this process records (the tab's own writes reach the screen by the commit hook).
        own_ms: list[float] = []
        rng = random.Random(24052024)
        for code in codes[n:]:
            vote = voting.record(rng.choice([Choice.VOOR, Choice.TEGEN]), code=code, source="bench")
            committed = time.monotonic_ns()
            target = len(vote.voted())
            deadline = time.monotonic() + 5
            while target not in painted and time.monotonic() < deadline:
                app.processEvents()
            own_ms.append((painted[target] - committed) / 1e6)
        base = len(voting.current().voted())  # type: ignore[union-attr]

        # The other process.
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        cmd = [sys.executable, __file__, "--writer", str(db), ",".join(codes[:n]), "7"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
        started = time.monotonic()
        deadline = None
        while base + n not in painted:
            app.processEvents()
            if proc.poll() is not None:  # written: give the screen at most 5 s more, then count what is missing
                deadline = deadline or time.monotonic() + 5
                if time.monotonic() > deadline:
                    break
            time.sleep(0.0005)
        proc.wait()
        elapsed = time.monotonic() - started
        out = proc.stdout.read() if proc.stdout else ""
        assert proc.returncode == 0, f"writer failed ({proc.returncode})"
        committed = {int(i): int(t) for i, t in (line.split() for line in out.splitlines())}

        # A choice is shown by the first paint whose count includes it (two commits inside one poll
        # interval are painted together).
        def shown_at(count: int) -> int | None:
            return min((t for c, t in painted.items() if c >= count), default=None)

        other_ms = [(t - committed[i]) / 1e6 for i in range(n) if (t := shown_at(base + i + 1)) is not None]
        missing = n - len(other_ms)
        feed.stop()
        window.close()
        session.close()

    result = {
        "qt_platform": app.platformName(),
        "poll_ms": POLL_MS,
        "other_process_to_painted": summary(other_ms),
        "own_process_to_painted (baseline)": summary(own_ms),
        "missing": missing,
        "writer_seconds": round(elapsed, 1),
    }
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(
            f"Qt platform: {app.platformName()}; the feed polls every {POLL_MS} ms; demo meeting, "
            f"synchronous=FULL; {n} choices by another process, {len(own_ms)} by this one"
        )
        for key in ("other_process_to_painted", "own_process_to_painted (baseline)"):
            r = result[key]
            assert isinstance(r, dict)
            print(
                f"{key:36s} n={r['n']:4d}  p50 {r['p50_ms']:7.1f} ms  p90 {r['p90_ms']:7.1f} ms  "
                f"p99 {r['p99_ms']:7.1f} ms  max {r['max_ms']:7.1f} ms"
            )
        if missing:
            print(f"NOT shown: {missing} choices")
    return 0 if not missing else 1


if __name__ == "__main__":
    raise SystemExit(main())
