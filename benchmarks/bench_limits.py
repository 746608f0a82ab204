"""Benchmark: how soon a hostile file is refused (issue 12 item 10: "within a second or two").

Each generated hostile file (``tests/hostile_files.py``: a 50 MB CSV field in the register, the
designations and a results file; a TOML agenda nested 100,000 deep; an agenda of 200,000 items as
TOML, CSV and .xlsx) is handed to the service that imports it, on a fresh demo meeting, and the
time until the refusal is measured (median of ``--runs``). Baseline in the same run: importing the
honest demo agenda and the real register, which are accepted. Making the files is not timed.

    .venv/bin/python benchmarks/bench_limits.py [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desk_app import paths
from desk_app.domain.text import DeskError
from desk_app.session import Session
from tests import hostile_files as hostile

DEMO_AGENDA = Path(__file__).resolve().parent.parent / "resources" / "demo" / "agenda-extra-alv-2024-05-24.toml"


def timed(fn: Callable[[], object], runs: int) -> tuple[float, str]:
    samples, outcome = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        try:
            fn()
            outcome = "accepted"
        except DeskError as err:
            outcome = err.code
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), outcome


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        session = Session.demo(folder / "demo.sqlite")
        session.meeting.open_meeting()
        register = paths.default_register().read_bytes()
        # Baselines: honest files of the same kinds, accepted (the register only before the opening).
        with Session.demo(folder / "fresh.sqlite") as fresh:
            rows.append(
                (
                    "baseline: the real register (342 rows)",
                    *timed(lambda: fresh.meeting.import_register(register, "cbs.csv"), args.runs),
                )
            )
        with Session.demo(folder / "agenda.sqlite") as other:
            rows.append(
                (
                    "baseline: the demo agenda (TOML)",
                    *timed(lambda: other.voting.load_agenda_file(DEMO_AGENDA), args.runs),
                )
            )
        for name, (kind, make) in hostile.HOSTILE.items():
            data = make()
            if kind == "register":
                fn: Callable[[], object] = lambda d=data: session.meeting.import_register(d, "x.csv")  # noqa: E731
            elif kind == "designations":
                fn = lambda d=data: session.meeting.import_designations(d, "x.csv")  # noqa: E731
            elif kind == "results":
                fn = lambda d=data: session.voting.import_results(d, "x.csv")  # noqa: E731
            else:
                path = folder / kind
                path.write_bytes(data)
                fn = lambda p=path: session.voting.load_agenda_file(p)  # noqa: E731
            rows.append((f"{name} ({len(data) / 2**20:.1f} MB)", *timed(fn, args.runs)))
        session.close()
    if args.json:
        print(json.dumps([{"file": f, "median_s": round(t, 3), "outcome": o} for f, t, o in rows], indent=1))
    else:
        print("| file | median s | outcome |\n|---|---:|---|")
        for f, t, o in rows:
            print(f"| {f} | {t:.3f} | {o} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
