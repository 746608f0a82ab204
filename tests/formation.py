"""A real pg_auto_failover formation on 127.0.0.1 for the tests: started once, stopped at the end.

No mocks: a monitor, a primary and a synchronous secondary, each its own PGDATA and port, run by
``pg_autoctl`` as a plain user (PostgreSQL refuses root; Debian's ``postgres`` when the tests
run as root). Missing packages make the tests fail with the install command, never skip.

Three ways everything started here is stopped: the fixture's finalizer (which also checks that
no process is left in the formation's folder), the atexit hook of ``desk_app.server.process``,
and the kernel's parent-death signal (``die_with_parent``) when this process is killed outright.

The ``formation`` fixture (tests/conftest.py) serves tests/server and the PostgreSQL variants of
the storage and services tests alike, one formation per xdist worker that needs one. With
``--dist loadgroup`` each group below runs on one worker, and the groups run side by side (most
of their time is waiting for PostgreSQL and pg_auto_failover, not CPU):

* "formation-data": the ``[postgresql]`` variants of tests/storage and tests/services, the engine
  and transfer tests (a database each, the formation untouched);
* "formation": tests/server's tests of the formation, the link and the desks on it (some kill or
  freeze a node and leave the formation healthy again), and the server demo day;
* "failover": the five kills of the primary under four desks (tests/server/test_failover_desks.py);
* "own-formation": tests that make a formation of their own (a second standby; the CLI's).

A worker that gets two groups reuses its formation.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from desk_app.server.formation import Formation, Tools
from desk_app.server.process import FormationError, ServiceUser, processes_under

TIMINGS: dict[str, float] = {}


def formation_root(user: ServiceUser) -> Path:
    """A short private folder owned by the service user (unix socket paths must be short).

    On the RAM disk when there is one, like the rest of the suite's files (tests/conftest.py):
    initdb, base backups and synchronous commits fsync, and the tests prove survival of killed
    processes (the page cache outlives them), not of a power cut.
    """
    base = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else Path("/tmp")
    _sweep_stale(base)
    root = Path(tempfile.mkdtemp(prefix="sb-formation-", dir=base))
    user.own(root)
    return root


def _sweep_stale(base: Path, age_s: float = 3600) -> None:
    """Remove formation folders of killed runs: old, and with no process working in them."""
    for folder in base.glob("sb-formation-*"):
        try:
            old = time.time() - folder.stat().st_mtime > age_s
        except OSError:
            continue
        if old and not processes_under(folder):
            shutil.rmtree(folder, ignore_errors=True)


def start_formation(standbys: int, label: str) -> Formation:
    """Create a formation with ``standbys`` standbys; a clear failure when the packages are missing."""
    try:
        Tools.find()
        user = ServiceUser.resolve()
    except FormationError as exc:
        pytest.fail(f"Cannot start a PostgreSQL formation: {exc}", pytrace=False)
    root = formation_root(user)
    formation = Formation(root / "f", standbys=standbys, die_with_parent=True)
    started = time.monotonic()
    try:
        formation.create(timeout=180)
    except FormationError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"The formation did not come up: {exc}", pytrace=False)
    TIMINGS[f"{label}: create"] = time.monotonic() - started
    return formation


def stop_formation(formation: Formation, label: str) -> None:
    """Stop it, check that nothing is left running in its folder, remove the folder."""
    started = time.monotonic()
    try:
        formation.stop(timeout=60)
    finally:
        TIMINGS[f"{label}: stop"] = time.monotonic() - started
        left = formation.leftovers()
        shutil.rmtree(formation.root.parent, ignore_errors=True)
    assert left == [], f"processes left running in the formation's folder: {left}"
