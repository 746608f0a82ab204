"""The formation on real servers: states, synchronous writes, the multi-host DSN, security,
the LAN timeouts, and failover after ``kill -9`` (of the postmaster, and of a whole node).

Every test reads the current primary from the monitor, so the order of the tests does not
matter (a failover test leaves the other node as primary, the formation ready again).
Time bounds here are liveness bounds (generous); how fast failover is lives in
benchmarks/bench_failover.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from desk_app.server.dsn import multi_host_dsn, parse_dsn
from desk_app.server.formation import LAN_TIMEOUTS, Formation, Instance
from desk_app.server.probe import connect, probe, wait_for_primary
from tests.server.writes import direct_dsn, ensure_table, ids_on, wait_replayed, writing

REPO = Path(__file__).resolve().parents[2]
# one formation for these tests: with xdist, `--dist loadgroup` keeps them on one worker
pytestmark = pytest.mark.xdist_group("formation")


@pytest.fixture(scope="module", autouse=True)
def probe_table(formation: Formation, app_password: str) -> None:
    ensure_table(formation.dsn(), app_password)


def primary_and_secondary(formation: Formation) -> tuple[Instance, Instance]:
    st = formation.wait_ready(timeout=60)
    assert st.primary is not None
    return formation.node(st.primary.name), formation.node(st.secondaries[0].name)


# --- states -------------------------------------------------------------------------------------


def test_the_monitor_sees_one_primary_and_one_healthy_secondary(formation: Formation) -> None:
    st = formation.state()
    assert st.monitor_reachable, st.error
    assert sorted(n.role for n in st.nodes) == ["primary", "secondary"], st.describe()
    assert all(n.health == "good" and n.settled and n.reported == n.assigned for n in st.nodes), st.describe()
    assert {n.name for n in st.nodes} == {"node1", "node2"}
    # With one standby pg_auto_failover keeps number_sync_standbys at 0 (it refuses 1 until there
    # are two standbys) and still makes that standby synchronous: see the next test.
    assert st.number_sync_standbys == 0


def test_pg_autoctl_show_state_agrees_with_the_monitor_table(formation: Formation) -> None:
    st = formation.state()
    out = formation.monitor.autoctl("show", "state").stdout
    for node in st.nodes:
        line = next((ln for ln in out.splitlines() if re.match(rf"\s*{node.name}\s*\|", ln)), None)
        assert line is not None, out
        cells = [c.strip() for c in line.split("|")]
        assert cells[-2:] == [node.reported, node.assigned], line


def test_a_confirmed_write_is_on_the_secondary(formation: Formation, app_password: str) -> None:
    primary, secondary = primary_and_secondary(formation)
    standby_id = next(n.node_id for n in formation.state().nodes if n.name == secondary.name)
    # the configuration: commits wait for the secondary
    assert primary.psql("SHOW synchronous_commit") == "on"
    assert primary.psql("SHOW synchronous_standby_names") == f"ANY 1 (pgautofailover_standby_{standby_id})"
    replication = primary.psql("SELECT application_name || ' ' || sync_state FROM pg_stat_replication")
    assert replication == f"pgautofailover_standby_{standby_id} quorum"
    # the effect: once COMMIT has returned, the secondary has flushed the commit record
    with connect(formation.dsn(), password=app_password, timeout=10) as conn:
        before = str(conn.execute("SELECT pg_current_wal_insert_lsn()").fetchone()[0])  # type: ignore[index]
        conn.execute("INSERT INTO formation_probe (id, writer) VALUES (-1, 'sync')")
        conn.commit()
    received = secondary.psql(f"SELECT pg_last_wal_receive_lsn() >= '{before}'::pg_lsn")
    assert received == "t", "COMMIT returned before the secondary had the transaction"
    wait_replayed(formation, primary, secondary)
    assert -1 in ids_on(formation, secondary.name, app_password)


# --- the client's connection string ------------------------------------------------------------


def test_the_multi_host_dsn_finds_the_primary_in_any_host_order(formation: Formation, app_password: str) -> None:
    primary, secondary = primary_and_secondary(formation)
    for order in ([primary, secondary], [secondary, primary]):
        dsn = multi_host_dsn([(formation.layout.host, i.spec.port) for i in order], "stembalie", "stembalie")
        found = probe(dsn, password=app_password)
        assert found.writable and found.port == primary.spec.port, found
    # the control: without read-write the first host answers, even when it is the standby
    any_dsn = multi_host_dsn(
        [(formation.layout.host, secondary.spec.port), (formation.layout.host, primary.spec.port)],
        "stembalie",
        "stembalie",
        target_session_attrs="any",
    )
    landed = probe(any_dsn, password=app_password)
    assert landed.ok and landed.in_recovery is True and landed.port == secondary.spec.port, landed


def test_the_dsn_carries_the_lan_timeouts(formation: Formation) -> None:
    parsed = parse_dsn(formation.dsn())
    assert parsed.hosts == tuple((formation.layout.host, n.spec.port) for n in formation.nodes)
    assert parsed.params["target_session_attrs"] == "read-write"
    assert parsed.params["sslmode"] == "require"
    assert {k: parsed.params[k] for k in ("connect_timeout", "tcp_user_timeout", "keepalives")} == {
        "connect_timeout": "2",
        "tcp_user_timeout": "5000",
        "keepalives": "1",
    }
    conninfo = psycopg.conninfo.conninfo_to_dict(formation.dsn())  # libpq itself accepts it
    assert conninfo["host"] == ",".join(formation.layout.host for _ in formation.nodes)


# --- security -----------------------------------------------------------------------------------


def test_no_rule_trusts_an_address_and_every_tcp_rule_wants_tls_and_scram(formation: Formation) -> None:
    for inst in formation.instances:
        rules = [ln.split() for ln in (inst.pgdata / "pg_hba.conf").read_text().splitlines()]
        rules = [r for r in rules if r and not r[0].startswith("#")]
        assert rules, inst.name
        for rule in rules:
            assert "trust" not in rule, (inst.name, rule)
            if rule[0] != "local":
                assert rule[0] == "hostssl" and rule[-1] == "scram-sha-256", (inst.name, rule)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"password": "wrong"}, "password authentication failed"),
        ({"sslmode": "disable"}, "no encryption"),
        ({}, "no password supplied"),
    ],
    ids=["wrong-password", "no-tls", "no-password"],
)
def test_a_client_without_the_password_or_tls_is_refused(
    formation: Formation, app_password: str, change: dict[str, str], expected: str
) -> None:
    params = {"passfile": "/dev/null", **change}
    with pytest.raises(psycopg.OperationalError, match=expected):
        psycopg.connect(psycopg.conninfo.make_conninfo(formation.dsn(), **params)).close()
    # and the right password over TLS is let in (so the refusals above are about the password/TLS)
    psycopg.connect(
        psycopg.conninfo.make_conninfo(formation.dsn(), passfile="/dev/null"), password=app_password
    ).close()


def test_servers_listen_on_loopback_only_and_not_as_root(formation: Formation) -> None:
    for inst in formation.instances:
        assert inst.psql("SHOW listen_addresses") == formation.layout.host, inst.name
        pid = inst.postmaster_pid()
        assert pid is not None, inst.name
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        uid = int(next(ln.split()[1] for ln in status if ln.startswith("Uid:")))
        assert uid == formation.service_user.uid, inst.name
        assert uid != 0 and formation.service_user.name != "root"


# --- the LAN timeouts ----------------------------------------------------------------------------


def test_the_lan_timeouts_are_in_force(formation: Formation, app_password: str) -> None:
    for name, value in LAN_TIMEOUTS.monitor_settings().items():
        assert formation.monitor.psql(f"SELECT setting FROM pg_settings WHERE name = '{name}'") == str(value), name
    for inst in formation.nodes:
        got = inst.autoctl("config", "get", "timeout.network_partition_timeout").stdout.strip()
        assert got == str(LAN_TIMEOUTS.network_partition_timeout_s), inst.name
        # over TCP, as a desk connects (on the unix socket the keepalive settings read as 0)
        with connect(direct_dsn(formation, inst.name), password=app_password, autocommit=True) as conn:
            for name, expected in SERVER_SETTINGS.items():
                row = conn.execute(
                    "SELECT setting || coalesce(unit, '') FROM pg_settings WHERE name = %s", (name,)
                ).fetchone()
                assert row is not None and row[0] == expected, (inst.name, name, row)


# as pg_settings shows them (value and unit); the sources are LAN_SERVER_SETTINGS and FORMATION.md
SERVER_SETTINGS = {
    "tcp_keepalives_idle": "5s",
    "tcp_keepalives_interval": "1s",
    "tcp_keepalives_count": "3",
    "tcp_user_timeout": "5000ms",
    "wal_sender_timeout": "5000ms",
    "wal_receiver_timeout": "5000ms",
    "synchronous_commit": "on",
    "password_encryption": "scram-sha-256",
}


# --- failover ------------------------------------------------------------------------------------


def test_kill_9_of_the_primary_postmaster_loses_no_confirmed_write(formation: Formation, app_password: str) -> None:
    primary, _ = primary_and_secondary(formation)
    with writing(formation.dsn(), app_password, "postmaster-kill") as writer:
        writer.wait_confirmed(20, timeout=30)
        killed_at = time.monotonic()
        primary.kill_postmaster()
        writer.wait_confirmed_after(killed_at, timeout=60)
        writer.wait_confirmed(len(writer.confirmed) + 10, timeout=30)
    st = formation.wait_ready(timeout=120)
    assert st.primary is not None
    new_primary, standby = formation.node(st.primary.name), formation.node(st.secondaries[0].name)
    confirmed = writer.confirmed_ids()
    assert confirmed <= ids_on(formation, new_primary.name, app_password), "a confirmed write was lost"
    wait_replayed(formation, new_primary, standby)
    assert confirmed <= ids_on(formation, standby.name, app_password)


def test_a_dead_primary_node_fails_over_and_rejoins_as_secondary(formation: Formation, app_password: str) -> None:
    old, survivor = primary_and_secondary(formation)
    with writing(formation.dsn(), app_password, "node-kill") as writer:
        writer.wait_confirmed(20, timeout=30)
        killed_at = time.monotonic()
        old.kill()  # keeper and PostgreSQL together: the laptop is gone
        writer.wait_confirmed_after(killed_at, timeout=60)
        # writes may resume a moment before the monitor records the promotion as done
        formation.wait_for(
            lambda s: s.primary is not None and s.primary.name == survivor.name,
            timeout=60,
            what=f"{survivor.name} to be primary",
        )
        # the laptop comes back: its keeper rewinds it and it follows the new primary
        old.start(timeout=60, die_with_parent=True)
        formation.wait_ready(timeout=120)
        writer.wait_confirmed(len(writer.confirmed) + 10, timeout=30)
    roles_now = {n.name: n.role for n in formation.state().nodes}
    assert roles_now == {survivor.name: "primary", old.name: "secondary"}
    confirmed = writer.confirmed_ids()
    assert confirmed <= ids_on(formation, survivor.name, app_password), "a confirmed write was lost"
    wait_replayed(formation, survivor, old)
    assert confirmed <= ids_on(formation, old.name, app_password), "the rejoined node misses confirmed writes"
    assert len(writer.in_doubt) <= 2  # at most the commit(s) cut off by the kill


def script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "formation.py"), *args],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_stop_and_start_from_the_script_keep_the_data_and_outlive_the_command(
    formation: Formation, app_password: str
) -> None:
    before = ids_on(formation, formation.primary().name, app_password)
    stopped = script("stop", "--root", str(formation.root))
    assert stopped.returncode == 0, stopped.stderr
    assert formation.leftovers() == []
    assert formation.state(timeout=2).monitor_reachable is False
    started = script("start", "--root", str(formation.root))
    assert started.returncode == 0, started.stderr
    # the script has exited; the servers it started (detached, as on a server laptop) run on
    formation.wait_ready(timeout=60)
    wait_for_primary(formation.dsn(), password=app_password, timeout=60)
    assert before <= ids_on(formation, formation.primary().name, app_password)
    # back to servers tied to this test run (stopped even if the run is killed)
    formation.stop(timeout=60)
    assert formation.leftovers() == []
    formation.start(timeout=120)
    assert before <= ids_on(formation, formation.primary().name, app_password)


def test_the_script_reports_the_state_from_another_process(formation: Formation) -> None:
    done = script("state", "--root", str(formation.root))
    assert done.returncode == 0, done.stderr
    assert re.search(r"node\d\s.*primary", done.stdout) and re.search(r"node\d\s.*secondary", done.stdout), done.stdout
