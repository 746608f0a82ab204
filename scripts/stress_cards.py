"""Make stemkaarten in many fresh processes and count the crashes (issue 12, item 12).

    .venv/bin/python scripts/stress_cards.py [--runs 50] [--cards 4] [--parallel 1] [--logs DIR]

One meeting file is made once (``desk-app init`` on the bundled register); every run copies it,
so each process is a cold start of the whole path: Python, Qt, the font database, OpenCV and the
decoder, a new meeting file whose cards are issued first, and the threaded batch
(``desk-app --db COPY cards --out DIR --only GM… --only GM…``) for a handful of municipalities,
different ones each run. A crash is a run killed by a signal (exit 139 from a shell, -11 from
Python) or an exit code the CLI never returns on purpose; its stderr, with the Python stacks of
every thread from ``faulthandler``, is kept in the log folder. Exit status 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI_EXITS = {0, 1, 2, 3}  # done, refused, usage, internal error (the CLI's own codes)


def codes_of_register(db: Path, env: dict[str, str]) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "desk_app", "--db", str(db), "members", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    import json

    rows = json.loads(out)
    rows = rows["members"] if isinstance(rows, dict) else rows
    return [str(r["code"]) for r in rows]


def describe(rc: int) -> str:
    if rc < 0:
        try:
            return f"signal {signal.Signals(-rc).name} ({rc})"
        except ValueError:
            return f"signal {-rc}"
    return f"exit {rc}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50, help="fresh processes (default 50)")
    parser.add_argument("--cards", type=int, default=4, help="municipalities per run (default 4)")
    parser.add_argument("--parallel", type=int, default=1, help="processes at once (default 1)")
    parser.add_argument("--logs", type=Path, default=None, help="keep the stderr of crashed runs here")
    args = parser.parse_args()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1", PYTHONPATH=str(ROOT))
    env.pop("STEMBALIE_DB", None)
    work = Path(tempfile.mkdtemp(prefix="stress-cards-"))
    logs = args.logs or work / "crashes"
    logs.mkdir(parents=True, exist_ok=True)
    env["STEMBALIE_HOME"] = str(work / "home")
    base = work / "base.sqlite"
    subprocess.run(
        [sys.executable, "-m", "desk_app", "--db", str(base), "init", "--date", "2024-05-24", "--place", "Den Haag"],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    codes = codes_of_register(base, env)

    def one(run: int) -> tuple[int, int, float]:
        db = work / f"run{run:03d}.sqlite"
        shutil.copyfile(base, db)
        start = (run * args.cards) % len(codes)
        chosen = [codes[(start + i) % len(codes)] for i in range(args.cards)]
        command = [sys.executable, "-m", "desk_app", "--db", str(db), "cards", "--out", str(work / f"out{run:03d}")]
        for code in chosen:
            command += ["--only", code]
        began = time.perf_counter()
        proc = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
        seconds = time.perf_counter() - began
        if proc.returncode not in CLI_EXITS or proc.returncode != 0:
            (logs / f"run{run:03d}_{proc.returncode}.txt").write_text(
                f"$ {' '.join(command)}\n{describe(proc.returncode)}\n\n{proc.stderr}", encoding="utf-8"
            )
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            path.unlink(missing_ok=True)
        shutil.rmtree(work / f"out{run:03d}", ignore_errors=True)
        return run, proc.returncode, seconds

    outcomes: Counter[str] = Counter()
    crashes = failures = 0
    times: list[float] = []
    with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
        for run, rc, seconds in pool.map(one, range(args.runs)):
            times.append(seconds)
            outcomes[describe(rc)] += 1
            crashed = rc < 0 or rc not in CLI_EXITS
            crashes += crashed
            failures += (not crashed) and rc != 0
            mark = "CRASH" if crashed else ("fail" if rc else "ok")
            print(f"run {run + 1:3d}/{args.runs}: {mark:5s} {describe(rc):22s} {seconds:5.1f} s", flush=True)
    times.sort()
    print(
        f"\ncold starts: {args.runs}, crashes: {crashes}, other failures: {failures} "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(outcomes.items()))}); "
        f"{args.cards} cards per run, median {times[len(times) // 2]:.1f} s per run"
    )
    if crashes or failures:
        print(f"stderr of those runs: {logs}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if crashes or failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
