"""``desk-app server create-monitor | create-node | start | stop | state``: a formation made and run
from the command line, as on the three server laptops (here three folders and ports on 127.0.0.1).

A formation of its own (the shared one is not touched): created by the commands, each run as a
separate process that exits while the servers it started run on; ``state`` reports what the
monitor sees (also as JSON); ``stop`` and ``start`` of a node; everything stopped at the end, and
nothing left running in its folders.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_app.server import formation as fm
from desk_app.server.process import FormationError, ServiceUser, processes_under, wait_until
from tests.formation import formation_root

pytestmark = pytest.mark.xdist_group("own-formation")


def desk_app(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desk_app", "--lang", "en", "server", *args],
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def root() -> Iterator[Path]:
    folder = formation_root(ServiceUser.resolve())
    yield folder
    for part in ("b", "a", "monitor"):
        if (folder / part / "instance.json").exists():
            with contextlib.suppress(FormationError):
                fm.stop(folder / part, timeout=60)
    left = processes_under(folder)
    shutil.rmtree(folder, ignore_errors=True)
    assert left == [], f"processes left running: {left}"


def test_a_formation_made_started_stopped_and_shown_from_the_command_line(root: Path) -> None:
    ports = fm.free_ports(3)
    secrets = {"STEMBALIE_FORMATION_PASSWORD": "formatie-geheim-1", "STEMBALIE_APP_PASSWORD": "balie-geheim-1"}
    lan = ["--hostname", "127.0.0.1", "--listen", "127.0.0.1", "--network", "127.0.0.1/32"]
    made = desk_app("create-monitor", "--root", str(root / "monitor"), "--port", str(ports[0]), *lan, env=secrets)
    assert made.returncode == 0, made.stderr
    assert "Monitor running: postgres://" in made.stdout
    monitor = f"127.0.0.1:{ports[0]}"
    for name, port in (("a", ports[1]), ("b", ports[2])):
        made = desk_app(
            "create-node",
            "--root",
            str(root / name),
            "--name",
            name,
            "--port",
            str(port),
            "--monitor",
            monitor,
            *lan,
            env=secrets,
        )
        assert made.returncode == 0, made.stderr
        assert f"{name} is running on 127.0.0.1:{port}." in made.stdout
    shown = desk_app("state", "--root", str(root / "a"), "--json")
    assert shown.returncode == 0, shown.stderr
    state = json.loads(shown.stdout)
    assert state["monitor_reachable"] and state["primary"] == "a"
    assert {n["name"]: n["role"] for n in state["nodes"]} == {"a": "primary", "b": "secondary"}
    # without the passwords in the environment and without a terminal: refused, nothing made
    refused = desk_app(
        "create-node",
        "--root",
        str(root / "c"),
        "--name",
        "c",
        "--port",
        "1",
        "--monitor",
        monitor,
        *lan,
        env={"STEMBALIE_FORMATION_PASSWORD": "", "STEMBALIE_APP_PASSWORD": ""},
    )
    assert refused.returncode == 1 and "STEMBALIE_FORMATION_PASSWORD" in refused.stderr
    assert not (root / "c" / "instance.json").exists()
    # a secondary laptop stops and starts again (the commands exit, the servers run on)
    stopped = desk_app("stop", "--root", str(root / "b"))
    assert stopped.returncode == 0, stopped.stderr
    assert processes_under(root / "b") == []
    started = desk_app("start", "--root", str(root / "b"))
    assert started.returncode == 0, started.stderr
    wait_until(lambda: fm.state_of(root / "monitor").ready(1) or None, timeout=120, what="b back as secondary")
    shown = desk_app("state", "--root", str(root / "monitor"))
    assert shown.returncode == 0 and "secondary" in shown.stdout and "primary" in shown.stdout, shown.stdout
