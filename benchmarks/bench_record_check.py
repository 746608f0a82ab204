"""What the record check costs a CLI command that writes (issue 12.1 / RELIABILITY scenario 21).

Two meetings: the demo meeting as built (5 audit entries with the one check-in the bench adds)
and the demo meeting after a full day (all 342 municipalities checked in, every vote of the demo agenda held with every
municipality recording a choice: a few thousand entries).

* in-process: Session.check_record() on each, median of N, against opening the session (the
  baseline every command pays), measured in the same run;
* whole CLI process: ``desk-app leave 1`` / ``return 1`` alternately (a writing command, one small
  transaction), run through a tiny launcher with the check (as shipped) and with
  ``Context._check_record`` replaced by a no-op, interleaved, median of N each; the difference
  is what the check costs per command.

    .venv/bin/python benchmarks/bench_record_check.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

LAUNCH = """
import sys
import desk_app.cli.base as base
if sys.argv[1] == "off":
    base.Context._check_record = lambda self, session: None
from desk_app.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


def full_day(path: Path) -> None:
    from desk_app.domain.tally import Choice
    from desk_app.domain.token import make_card_token
    from desk_app.services.demo import build_demo
    from desk_app.session import Session

    build_demo(path).store.close()
    with Session.open(path) as s:
        s.meeting.open_meeting()
        desk, voting = s.desk, s.voting
        m = desk.meeting
        codes = [r.code for r in desk.presence()]
        for code in codes:
            desk.check_in(
                desk.scan(make_card_token(m.meeting_no, m.secret, code, 1)), name=f"Naam {code}", role="burgemeester"
            )
        choices = (Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING)
        for step in voting.voting_order():
            try:
                voting.open(step, confirm_order=True)
            except Exception as err:  # noqa: BLE001 - a ballot or a step the demo cannot open: skip
                print("skip", step, err, file=sys.stderr)
                continue
            vote = voting.current()
            assert vote is not None
            options = list(vote.options)
            for n, code in enumerate(codes):
                voting.record(options[n % len(options)] if options else choices[n % 3], code=code)
            voting.close()
            voting.declare_computed()


def entries(path: Path) -> int:
    from desk_app.session import Session
    from desk_app.storage import audit

    with Session.open(path) as s:
        return audit.head(s.store).seq


def in_process(path: Path, runs: int) -> tuple[float, float]:
    from desk_app.session import Session

    opens, checks = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        s = Session.open(path)
        t1 = time.perf_counter()
        assert s.check_record().ok
        t2 = time.perf_counter()
        s.close()
        opens.append(t1 - t0)
        checks.append(t2 - t1)
    return statistics.median(opens) * 1000, statistics.median(checks) * 1000


def cli(path: Path, runs: int, home: Path) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STEMBALIE_HOME": str(home), "PYTHONPATH": str(REPO)}
    times: dict[str, list[float]] = {"on": [], "off": []}
    step = 0
    for _ in range(runs):
        for mode in ("off", "on"):
            action = ("leave", "return")[step % 2]
            step += 1
            t0 = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", LAUNCH, mode, "--db", str(path), action, "1"],
                capture_output=True,
                cwd=REPO,
                env=env,
            )
            times[mode].append(time.perf_counter() - t0)
            if done.returncode != 0:
                raise SystemExit(done.stderr.decode())
    return statistics.median(times["off"]) * 1000, statistics.median(times["on"]) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        from desk_app.domain.token import make_card_token
        from desk_app.services.demo import build_demo
        from desk_app.session import Session

        demo = folder / "demo.sqlite"
        build_demo(demo).store.close()
        with Session.open(demo) as s:  # pass 1 for leave/return
            m = s.desk.meeting
            s.desk.check_in(
                s.desk.scan(make_card_token(m.meeting_no, m.secret, "GM0363", 1)), name="A", role="burgemeester"
            )
        day = folder / "day.sqlite"
        full_day(day)
        for label, path in (("demo meeting as built", demo), ("demo after a full day", day)):
            n = entries(path)
            open_ms, check_ms = in_process(path, a.runs)
            off, on = cli(path, a.runs, folder / "home")
            print(f"{label}: {n} audit entries")
            print(f"  in process: open session {open_ms:.1f} ms, check_record {check_ms:.1f} ms (median of {a.runs})")
            print(
                f"  CLI leave/return: without check {off:.0f} ms, with check {on:.0f} ms, "
                f"difference {on - off:.0f} ms ({(on - off) / off * 100:.0f} %), median of {a.runs} each"
            )


if __name__ == "__main__":
    main()
