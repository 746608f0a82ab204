"""What a desk sees of the formation: each data node's role and whether the monitor answers.

The desk has no key to the monitor; it asks every host of its own multi-host URI whether it is
the primary or a standby and knocks at the monitor (desk_app/server/watch.py). Here on the real
formation: the two data nodes with their roles and the monitor answering; a host and a monitor
that do not answer; and the desk window's status line showing all of it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app import settings
from desk_app.app import GuiApp, ServerTarget
from desk_app.server.dsn import parse_dsn
from desk_app.server.formation import Formation, free_ports
from desk_app.server.watch import PRIMARY, STANDBY, UNREACHABLE, FormationView, look

pytestmark = pytest.mark.xdist_group("formation")


def with_closed_host(dsn: str, port: int) -> str:
    """The same URI with one more data node at the end that nobody listens on."""
    hosts = parse_dsn(dsn).hosts
    listed = ",".join(f"{h}:{p}" for h, p in hosts)
    assert listed in dsn, dsn
    return dsn.replace(listed, f"{listed},127.0.0.1:{port}", 1)


def roles(formation: Formation) -> dict[int, str]:
    st = formation.wait_ready(timeout=180)
    assert st.primary is not None and st.secondaries
    want = {formation.node(st.primary.name).spec.port: PRIMARY}
    want.update({formation.node(s.name).spec.port: STANDBY for s in st.secondaries})
    return want


def settled_look(dsn: str, monitor: str, want: dict[int, str], timeout: float = 30.0) -> FormationView:
    """Look until the nodes show their roles (bounded): the meeting's database was just made on the
    primary, and the standby answers for it once it has replayed that far."""
    deadline = time.monotonic() + timeout
    while True:
        view = look(dsn, monitor=monitor)
        if {h.port: h.role for h in view.hosts} == want or time.monotonic() > deadline:
            return view
        time.sleep(0.5)


def test_the_desk_sees_each_node_and_the_monitor(formation: Formation, dsn: str) -> None:
    want = roles(formation)
    view = settled_look(dsn, f"127.0.0.1:{formation.monitor.spec.port}", want)
    assert {h.port: h.role for h in view.hosts} == want, [h.error for h in view.hosts]
    assert view.primary is not None and view.primary.port == next(p for p, r in want.items() if r == PRIMARY)
    assert view.monitor_up is True

    (closed,) = free_ports(1)
    view = settled_look(with_closed_host(dsn, closed), f"127.0.0.1:{closed}", {**want, closed: UNREACHABLE})
    got = {h.port: h.role for h in view.hosts}
    assert got == {**want, closed: UNREACHABLE}
    assert next(h for h in view.hosts if h.port == closed).error  # the reason, for the status line's tooltip
    assert view.monitor_up is False


def test_the_desk_window_shows_the_nodes_and_the_monitor(
    qtbot: QtBot, formation: Formation, dsn: str, tmp_path: Path
) -> None:
    want = roles(formation)
    (closed,) = free_ports(1)
    args = argparse.Namespace(db=None, demo=False, desk="balie-1", actor=None, lang=None)
    app = GuiApp(args, settings.Preferences(camera_index=-1, pass_pdf_folder=str(tmp_path / "passes")))
    try:
        monitor = f"127.0.0.1:{formation.monitor.spec.port}"
        assert app.open_server(ServerTarget(with_closed_host(dsn, closed), None, monitor))
        window = app.window
        assert window is not None
        qtbot.addWidget(window)
        words = {PRIMARY: "primair", STANDBY: "standby"}
        shown = [f"127.0.0.1:{port} {words[role]}" for port, role in want.items()]
        # The watch looks every few seconds; the standby answers for the new database once replayed.
        qtbot.waitUntil(lambda: all(s in window.connection.text() for s in shown), timeout=30_000)
        line = window.connection.text()
        assert f"127.0.0.1:{closed} onbereikbaar" in line, line
        assert f"monitor {monitor}: bereikbaar" in line, line
        assert "vergaderserver (PostgreSQL)" in line, line
    finally:
        app.close()
