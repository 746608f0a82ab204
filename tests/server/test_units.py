"""The formation's pure parts, without servers: connection strings, passwords, HBA, tools, users."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from desk_app.server.dsn import ClientTimeouts, is_postgres_dsn, multi_host_dsn, parse_dsn, redact
from desk_app.server.formation import DEBIAN_PACKAGES, LAN_TIMEOUTS, Instance, InstanceSpec, Secrets, Tools, hba_rules
from desk_app.server.process import FormationError, ServiceUser


def test_multi_host_dsn_round_trips_and_libpq_accepts_it() -> None:
    dsn = multi_host_dsn([("alv-a", 5432), ("alv-b", 5433)], "stembalie", "stembalie", application_name="balie 1")
    assert dsn.startswith("postgresql://stembalie@alv-a:5432,alv-b:5433/stembalie?target_session_attrs=read-write")
    parsed = parse_dsn(dsn)
    assert parsed.hosts == (("alv-a", 5432), ("alv-b", 5433))
    assert parsed.dbname == "stembalie" and parsed.user == "stembalie"
    assert parsed.params["application_name"] == "balie 1"
    assert parsed.params | ClientTimeouts().params() == parsed.params
    libpq = psycopg.conninfo.conninfo_to_dict(dsn)
    assert (libpq["host"], libpq["port"], libpq["target_session_attrs"]) == ("alv-a,alv-b", "5432,5433", "read-write")


def test_a_password_is_escaped_and_redacted() -> None:
    dsn = multi_host_dsn([("h", 1)], "db", "u", password="p@ss:w/rd?")
    assert psycopg.conninfo.conninfo_to_dict(dsn)["password"] == "p@ss:w/rd?"
    assert "p%40ss" not in redact(dsn) and redact(dsn).startswith("postgresql://u:***@h:1/db?")


@pytest.mark.parametrize("bad", [[], [("", 5432)], [("h", 0)], [("h", 70000)]])
def test_bad_hosts_are_refused(bad: list[tuple[str, int]]) -> None:
    with pytest.raises(ValueError):
        multi_host_dsn(bad, "db", "u")


def test_a_file_is_not_a_dsn() -> None:
    assert is_postgres_dsn("postgres://u@h/db") and is_postgres_dsn(" postgresql://h/db")
    assert not is_postgres_dsn("alv.sqlite") and not is_postgres_dsn("/media/usb/postgresql.sqlite")
    with pytest.raises(ValueError):
        parse_dsn("alv.sqlite")
    with pytest.raises(ValueError):
        parse_dsn("postgresql://u@h:notaport/db")


def test_pgpass_round_trips_passwords_with_colons_and_backslashes() -> None:
    secrets_ = Secrets("in:ter\\nal", "a:pp")
    text = secrets_.pgpass("stembalie")
    assert Secrets.from_pgpass(text, "stembalie") == secrets_
    assert all(line.count(":") - line.count("\\:") == 4 for line in text.splitlines())


def test_hba_trusts_nothing_and_wants_tls_and_scram_on_tcp() -> None:
    rules = [ln.split() for ln in hba_rules(["192.168.10.0/24"], "postgres").splitlines() if ln and ln[0] != "#"]
    assert all("trust" not in r for r in rules)
    assert [r[0] for r in rules if r[0] != "local"] == ["hostssl", "hostssl"]
    assert all(r[-1] == "scram-sha-256" for r in rules if r[0] != "local")
    assert ["local", "all", "postgres", "peer"] in rules


def test_lan_timeouts_promote_before_a_partitioned_primary_could_write() -> None:
    # the old primary must have stopped itself before the monitor can promote the secondary
    t = LAN_TIMEOUTS
    assert t.network_partition_timeout_s * 1000 < t.node_considered_unhealthy_timeout_ms + t.primary_demote_timeout_ms


def test_missing_packages_fail_with_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STEMBALIE_PG_BINDIR", str(tmp_path))  # a folder without pg_ctl
    with pytest.raises(FormationError) as err:
        Tools.find()
    assert all(p in str(err.value) for p in DEBIAN_PACKAGES)
    assert "quickstart" in str(err.value)


def test_root_never_runs_the_servers() -> None:
    if os.geteuid() == 0:
        with pytest.raises(FormationError, match="refuses to run as root"):
            ServiceUser.resolve("root")
        with pytest.raises(FormationError, match="does not exist"):
            ServiceUser.resolve("no-such-user-stembalie")
        assert ServiceUser.resolve().name == "postgres" and ServiceUser.resolve().uid != 0
    else:  # a plain user runs the servers itself and cannot pick another
        with pytest.raises(FormationError, match="Only root"):
            ServiceUser.resolve("no-such-user-stembalie")
        assert ServiceUser.resolve().uid == os.geteuid()


def test_the_systemd_unit_runs_the_instance_with_its_own_environment(tmp_path: Path) -> None:
    spec = InstanceSpec("postgres", "alv-a", 5432, "alv-a", networks=("192.168.10.0/24",), monitor_host="alv-mon")
    tools = Tools(Path("/usr/lib/postgresql/15/bin"), Path("/usr/bin/pg_autoctl"))
    inst = Instance(tmp_path / "node", spec, user=ServiceUser.resolve(), tools=tools)
    unit = inst.systemd_unit()
    assert f"ExecStart=/usr/bin/pg_autoctl run --pgdata {tmp_path / 'node' / 'pgdata'}" in unit
    assert f"User={inst.user.name}" in unit
    for key, value in inst.env().items():
        assert f'Environment="{key}={value}"' in unit
    assert "PASSWORD" not in unit.upper().replace("PGPASSFILE", "")
