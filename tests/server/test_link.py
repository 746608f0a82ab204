"""A desk's link to the meeting server: noticed when cut off, its own deadline, outcomes by event id.

Each desk here reaches the primary through a relay (tests/server/proxy.py) that the test can
*freeze* (a frozen server: every socket stays open, TCP is acknowledged, nothing answers) or
*close* (a closed port). The formation itself is never touched, except that one test holds the
synchronous standby for a moment. Times are not asserted (the banner's two seconds are measured
in benchmarks/bench_desks.py); the states are, with generous bounds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest

from desk_app.domain.text import DeskError
from desk_app.server.formation import Formation
from desk_app.services import connection
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor
from desk_app.storage.pg import PgStore
from tests.server.desks import card, count, hold_commits, relay_dsn, release_commits
from tests.server.proxy import Relay

pytestmark = pytest.mark.xdist_group("formation")


@pytest.fixture
def desk_store(dsn: str, relay: Relay) -> Iterator[PgStore]:
    """The desk's store through the relay, listening (so its link is kept)."""
    store = PgStore.connect(relay_dsn(dsn, relay.port), migrate=False)
    stop = store.listen(lambda: None)
    assert store.link.wait(True, 30), store.link.state
    yield store
    stop()
    store.close()


def test_a_frozen_server_is_noticed_and_the_desk_carries_on_when_it_thaws(desk_store: PgStore, relay: Relay) -> None:
    state = desk_store.link.state
    assert state.connected and state.in_recovery is False and state.port == relay.port
    relay.freeze()
    assert desk_store.link.wait(False, 30), "the link never went down on a frozen server"
    assert "no answer" in (desk_store.link.state.error or "")
    # Cut off: a read is refused at once (nothing hangs in a connect of its own), nothing is written.
    with pytest.raises(DeskError) as refused:
        desk_store.query("SELECT 1 AS x")
    assert refused.value.code == "store.no_server"
    relay.thaw()
    assert desk_store.link.wait(True, 30), "the link did not come back"
    assert desk_store.query("SELECT 1 AS x") == [{"x": 1}]
    assert desk_store.link.state.outages == 1


def test_a_closed_port_is_noticed_and_the_desk_carries_on_when_it_opens(desk_store: PgStore, relay: Relay) -> None:
    relay.close_port()
    assert desk_store.link.wait(False, 30)
    relay.reopen()
    assert desk_store.link.wait(True, 30)
    assert desk_store.query("SELECT 1 AS x") == [{"x": 1}]


def test_an_operation_hanging_on_a_frozen_server_is_cut_off_by_the_desk(desk_store: PgStore, relay: Relay) -> None:
    """No server timeout or keepalive fires on a frozen server: the desk's own watchdog must. With a
    deadline of a minute only the link's going down can end the call well within the join bound."""
    desk_store.deadline_s = 60.0
    desk_store.query("SELECT 1 AS x")  # a live connection, then the server freezes under it
    relay.freeze()
    outcome: list[object] = []

    def read() -> None:
        try:
            desk_store.query("SELECT 1 AS x")
            outcome.append("answered")
        except DeskError as err:
            outcome.append(err.code)

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=30)
    assert not reader.is_alive(), "the read hung on the frozen server"
    assert outcome == ["store.no_server"]
    assert desk_store.cut_offs >= 1
    relay.thaw()
    assert desk_store.link.wait(True, 30)


@pytest.mark.parametrize("fail", [False, True], ids=["saved", "not-saved"])
@pytest.mark.parametrize("cut", ["frozen", "closed"])
def test_a_check_in_lost_during_commit_is_resolved_by_its_event_id(
    desk_store: PgStore, relay: Relay, dsn: str, fail: bool, cut: str
) -> None:
    """The server holds the COMMIT (a deferred trigger sleeps), the desk is cut off meanwhile; the
    outcome is unknown to the desk, then looked up by the entry's event id: what the server did."""
    desk = DeskService(desk_store, Actor("balie-1", "test"))
    verdict = desk.scan(card(desk.meeting, "GM0363"), record=False)
    hold_commits(dsn, 2.5, fail=fail)
    cutter = threading.Timer(0.8, relay.freeze if cut == "frozen" else relay.close_port)
    cutter.start()
    try:
        with pytest.raises(DeskError) as lost:
            desk.check_in(verdict, name="Femke Halsema", role="burgemeester")
    finally:
        cutter.join()
    assert lost.value.code == "store.connection_lost"
    doubt = connection.in_doubt(lost.value)
    assert doubt is not None and len(doubt.event_ids) == 1 and doubt.xid
    # While cut off the outcome cannot be known: asking says so, and guesses nothing.
    with pytest.raises(DeskError):
        connection.resolve(desk_store, doubt)
    relay.thaw() if cut == "frozen" else relay.reopen()
    assert desk_store.link.wait(True, 30)
    release_commits(dsn)
    outcome = connection.resolve(desk_store, doubt)  # waits for the held COMMIT to end
    live = count(dsn, "SELECT COUNT(*) FROM passes WHERE code = 'GM0363' AND status = 'active'")
    assert outcome.saved is (not fail) and live == (0 if fail else 1)
    if not fail:
        assert outcome.actions == ("checkin",) and outcome.code == "GM0363" and outcome.serial is not None
    assert count(dsn, "SELECT COUNT(*) FROM audit WHERE event_id = %s", (doubt.event_ids[0],)) == live


def test_a_write_without_an_audit_entry_is_resolved_by_its_transaction_id(
    desk_store: PgStore, relay: Relay, dsn: str
) -> None:
    """The desk log (a refused scan) has no event id: its transaction id answers instead."""
    with desk_store.transaction() as db:
        db.execute(
            "INSERT INTO desk_log (ts, desk, kind, reason) VALUES ('2024-05-24T10:00:00Z', 'b', 'scan.refused', 'r')"
        )
    # That transaction's id (the row's xmin; a young test cluster is still in its first epoch).
    xid = desk_store.query("SELECT xmin::text AS x FROM desk_log ORDER BY id DESC LIMIT 1")[0]["x"]
    from desk_app.storage.pg import InDoubt

    assert desk_store.resolve(InDoubt((), str(xid), 0.0)).saved is True
    assert desk_store.resolve(InDoubt((), str(10**9), 0.0)).saved is False  # never handed out here


def test_confirm_replicated_waits_for_the_synchronous_standby(formation: Formation, desk_store: PgStore) -> None:
    """'Already registered' is read again only once the standby holds what it rests on."""
    desk_store.confirm_replicated()  # a healthy formation: at once
    st = formation.wait_ready(timeout=120)
    standby = formation.node(st.secondaries[0].name)
    postmaster = standby.postmaster_pid()
    assert postmaster is not None
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
    frozen = [postmaster, *(int(c) for c in children)]
    done = threading.Event()
    worker = threading.Thread(target=lambda: (desk_store.confirm_replicated(), done.set()))
    for pid in frozen:
        os.kill(pid, signal.SIGSTOP)
    try:
        worker.start()
        time.sleep(0.6)
        held = not done.is_set()
    finally:
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)
    worker.join(timeout=60)
    assert held, "confirm_replicated returned while the synchronous standby was stopped"
    assert done.is_set()
    formation.wait_ready(timeout=120)
