"""Six desks, every card, the same moment: one pass per municipality, and the test can fail.

Six desk processes (``spawn``: each its own interpreter, its own connection, as six laptops)
read all 342 stemkaarten of the register; for each card they wait for each other at a barrier
and then check it in at the same moment. The meeting's advisory lock serializes the six
transactions and the service's check inside it refuses all but the first: exactly one pass per
municipality, and every other desk is told "… is al geregistreerd om HH:MM:SS aan balie-K:
stempas S" with the winner's desk and pass. The chain verifies.

The same race with the one-live-pass guard taken away (the unique index dropped and the
service's check switched off in the desk processes) produces doubles: the first test could fail.
"""

from __future__ import annotations

import multiprocessing
import queue
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from desk_app.storage import audit
from desk_app.storage import desk as desk_repo
from desk_app.storage.db import Store
from tests.server.desks import admin, race_desk

pytestmark = pytest.mark.xdist_group("formation")

DESKS = 6
ALREADY = re.compile(r"is al geregistreerd om (\d\d:\d\d:\d\d) aan (balie-\d): stempas (\d+) ")


def race(dsn: str, codes: list[str], home: Path, *, unguarded: bool = False) -> dict[int, list[tuple[str, str, str]]]:
    """Run the six desk processes; their outcomes per desk: (code, 'issued' | error code, serial | message)."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(DESKS)
    results: Any = ctx.Queue()
    procs = [
        ctx.Process(
            target=race_desk,
            args=(n, dsn, codes, barrier, results),
            kwargs={"unguarded": unguarded, "home": str(home)},
            name=f"desk-{n}",
        )
        for n in range(1, DESKS + 1)
    ]
    for p in procs:
        p.start()
    outcomes: dict[int, list[tuple[str, str, str]]] = {}
    crashes: list[str] = []
    try:
        for _ in procs:
            n, kind, data = results.get(timeout=600)
            if kind == "crash":
                crashes.append(f"desk {n}: {data}")
            else:
                outcomes[n] = data
    except queue.Empty:
        crashes.append("a desk process did not report within 600 s")
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    assert not crashes, "\n".join(crashes)
    return outcomes


def test_six_desks_scan_all_342_cards_at_the_same_moment(dsn: str, tmp_path: Path) -> None:
    with Store.open(dsn) as store:
        codes = [m.code for m in desk_repo.members(store)]
    assert len(codes) == 342
    outcomes = race(dsn, codes, tmp_path)
    by_code: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for n, rows in outcomes.items():
        assert [code for code, _, _ in rows] == codes  # every desk tried every card
        for code, what, detail in rows:
            by_code[code].append((n, what, detail))
    for code, tries in by_code.items():
        issued = [(n, detail) for n, what, detail in tries if what == "issued"]
        refused = [(n, detail) for n, what, detail in tries if what != "issued"]
        assert len(issued) == 1, (code, tries)
        winner, serial = issued[0]
        assert len(refused) == DESKS - 1 and all(what == "desk.already" for _, what, _ in tries if what != "issued"), (
            code,
            tries,
        )
        for _n, message in refused:  # told when, where and which pass: the winner's
            found = ALREADY.search(message)
            assert found, message
            assert found.group(2) == f"balie-{winner}" and found.group(3) == serial, (code, message, winner, serial)
    with Store.open(dsn) as store:
        live = store.query("SELECT code, COUNT(*) AS n FROM passes WHERE status IN ('active', 'away') GROUP BY code")
        assert len(live) == 342 and all(int(r["n"]) == 1 for r in live)
        assert store.query("SELECT COUNT(*) AS n FROM passes")[0]["n"] == 342
        check = audit.verify(store)
        assert check.ok, check
        entries = store.query("SELECT desk, COUNT(*) AS n FROM audit WHERE action = 'checkin' GROUP BY desk")
        assert sum(int(r["n"]) for r in entries) == 342
    # the work was shared: no single desk won every race (the lock is fair enough to matter)
    wins = Counter(n for tries in by_code.values() for n, what, _ in tries if what == "issued")
    assert len(wins) > 1, wins


def test_without_the_one_live_pass_guard_the_same_race_gives_doubles(dsn: str, tmp_path: Path) -> None:
    """The guard is what the first test measures: without it the race issues several passes."""
    with admin(dsn) as conn:
        conn.execute("DROP INDEX passes_one_live")
    with Store.open(dsn) as store:
        codes = [m.code for m in desk_repo.members(store)][:24]
    outcomes = race(dsn, codes, tmp_path, unguarded=True)
    issued = Counter(code for rows in outcomes.values() for code, what, _ in rows if what == "issued")
    with Store.open(dsn) as store:
        live = store.query("SELECT code, COUNT(*) AS n FROM passes WHERE status = 'active' GROUP BY code")
        assert audit.verify(store).ok  # still one chain: only the pass rule was taken away
    doubles = {r["code"]: int(r["n"]) for r in live if int(r["n"]) > 1}
    assert doubles, "no double pass without the guard: the race test could not fail"
    assert sum(issued.values()) > len(codes)
