"""Benchmark: how long writes stop when the primary dies (target: under 10 s on the LAN).

Starts a real pg_auto_failover formation on 127.0.0.1 (monitor, primary, synchronous secondary;
as the ``postgres`` user when run as root), runs one writer through the desks' multi-host DSN
(``target_session_attrs=read-write``), and kills the primary N times. The figure per kill is the
time from the ``kill -9`` to the first write whose COMMIT returned again through the same DSN on
a connection opened after the kill (an open connection of a killed postmaster may finish a last
COMMIT or two: the outage a desk sees ends when a new connection takes writes).

Two kinds of kill, each with pg_auto_failover's default timeouts and with the LAN timeouts of
docs/FORMATION.md, measured in the same run on the same formation (the timeouts are switched
live between the series):

``node``        SIGKILL of the primary's keeper and PostgreSQL together: the laptop is gone. The
                monitor must notice and promote the secondary. After each kill the dead node is
                started again and rejoins as a secondary before the next kill.
``postmaster``  SIGKILL of the primary's postmaster only; its keeper lives on and restarts it (or
                the monitor fails over first, whichever is quicker).

Run::

    .venv/bin/python benchmarks/bench_failover.py                 # 3 kills per series, ~6 minutes
    .venv/bin/python benchmarks/bench_failover.py --kills 5 --json
    .venv/bin/python benchmarks/bench_failover.py --quick         # 1 kill per series, LAN only

Loopback, so network round trips are ~0; on a wired LAN add a few milliseconds per step. Nothing
is left running: the formation is stopped (and its folder removed) at the end, also on Ctrl+C.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from desk_app.server.formation import DEFAULT_TIMEOUTS, LAN_TIMEOUTS, Formation, Timeouts
from desk_app.server.probe import connect
from desk_app.server.process import ServiceUser

TIMEOUT_SETS: dict[str, Timeouts] = {"default": DEFAULT_TIMEOUTS, "lan": LAN_TIMEOUTS}


class Writer(threading.Thread):
    """Inserts rows through the DSN back to back; remembers when each COMMIT returned."""

    def __init__(self, dsn: str, password: str) -> None:
        super().__init__(daemon=True, name="bench-writer")
        self.dsn, self.password = dsn, password
        self.stop_event = threading.Event()
        self.confirmed: list[tuple[float, float]] = []  # (COMMIT returned, its connection opened)
        self.lock = threading.Lock()

    def run(self) -> None:
        conn: psycopg.Connection[tuple[object, ...]] | None = None
        opened = 0.0
        while not self.stop_event.is_set():
            try:
                if conn is None or conn.closed:
                    conn = connect(self.dsn, password=self.password, timeout=5)
                    opened = time.monotonic()
                conn.execute("INSERT INTO bench_failover (at) VALUES (clock_timestamp())")
                conn.commit()
                with self.lock:
                    self.confirmed.append((time.monotonic(), opened))
            except psycopg.Error:
                if conn is not None:
                    conn.close()
                conn = None
                self.stop_event.wait(0.02)  # retry at once, like a desk would, but do not spin
        if conn is not None:
            conn.close()

    def first_after(self, moment: float, timeout: float) -> float:
        """Seconds from ``moment`` to the first write confirmed on a connection opened after it.

        A backend of a killed postmaster can still finish a COMMIT or two on its open connection;
        the outage a desk sees ends when a new connection through the DSN takes writes again.
        """
        deadline = moment + timeout
        while time.monotonic() < deadline:
            with self.lock:
                later = [t for t, opened in self.confirmed[-200:] if opened > moment]
            if later:
                return min(later) - moment
            time.sleep(0.01)
        raise TimeoutError(f"no write confirmed within {timeout} s after the kill")

    def count(self) -> int:
        with self.lock:
            return len(self.confirmed)

    def wait_more(self, n: int, timeout: float) -> None:
        target, deadline = self.count() + n, time.monotonic() + timeout
        while self.count() < target:
            if time.monotonic() > deadline:
                raise TimeoutError("the writer made no progress")
            time.sleep(0.02)


def one_kill(f: Formation, writer: Writer, kind: str) -> float:
    """Kill the primary once; seconds until the first confirmed write. Leaves the formation ready."""
    f.wait_ready(timeout=180)
    writer.wait_more(20, timeout=60)
    primary = f.primary()
    killed_at = time.monotonic()
    if kind == "node":
        primary.kill()
    else:
        primary.kill_postmaster()
    seconds = writer.first_after(killed_at, timeout=180)
    if kind == "node":
        primary.start(timeout=120, die_with_parent=True)
    f.wait_ready(timeout=180)
    return seconds


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "median_s": round(statistics.median(samples), 2),
        "min_s": round(min(samples), 2),
        "max_s": round(max(samples), 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=3, help="kills per series (default 3)")
    ap.add_argument("--quick", action="store_true", help="1 kill per series, LAN timeouts only")
    ap.add_argument("--kinds", nargs="+", choices=("node", "postmaster"), default=["node", "postmaster"])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    kills = 1 if args.quick else args.kills
    timeout_sets = ["lan"] if args.quick else ["default", "lan"]

    user = ServiceUser.resolve()
    root = Path(tempfile.mkdtemp(prefix="sb-bench-", dir="/tmp"))
    user.own(root)
    f = Formation(root / "f", die_with_parent=True)
    results: dict[str, dict[str, float]] = {}
    started = time.monotonic()
    try:
        f.create(timeout=300)
        created_s = time.monotonic() - started
        password = f.app_password
        with connect(f.dsn(), password=password) as conn:
            conn.execute("CREATE TABLE bench_failover (id bigserial PRIMARY KEY, at timestamptz NOT NULL)")
            conn.commit()
        writer = Writer(f.dsn(), password)
        writer.start()
        try:
            for kind in args.kinds:
                for name in timeout_sets:
                    f.set_timeouts(TIMEOUT_SETS[name])
                    samples = []
                    for i in range(kills):
                        samples.append(one_kill(f, writer, kind))
                        print(f"{kind:<10} {name:<8} kill {i + 1}/{kills}: {samples[-1]:.2f} s", file=sys.stderr)
                    results[f"{kind} kill, {name} timeouts"] = summary(samples)
        finally:
            writer.stop_event.set()
            writer.join(timeout=30)
    finally:
        f.stop(timeout=60)
        shutil.rmtree(root, ignore_errors=True)

    if args.json:
        print(json.dumps({"formation_create_s": round(created_s, 1), "results": results}, indent=2))
        return 0
    print(f"Formation created in {created_s:.1f} s (monitor + 2 data nodes, loopback).\n")
    print("| kill of the primary | timeouts | n | median s | min s | max s |")
    print("|---|---|---:|---:|---:|---:|")
    for label, s in results.items():
        kind, name = label.split(", ")
        print(f"| {kind} | {name.split()[0]} | {s['n']} | {s['median_s']} | {s['min_s']} | {s['max_s']} |")
    for kind in args.kinds:
        d, lan = results.get(f"{kind} kill, default timeouts"), results.get(f"{kind} kill, lan timeouts")
        if d and lan and lan["median_s"] > 0:
            print(f"\n{kind} kill: default / LAN median = {d['median_s'] / lan['median_s']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
