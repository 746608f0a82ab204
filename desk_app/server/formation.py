"""A pg_auto_failover formation: a monitor, a primary and a synchronous secondary (optionally a
second standby), driven through ``pg_autoctl``. Qt-free; no meeting data in here.

Two levels:

* :class:`Instance` is one pg_autoctl-managed PostgreSQL on *this* machine, the monitor or a data
  node, with everything it owns under one folder (``root``): PGDATA, pg_autoctl's configuration
  and state (``XDG_*`` pointed into the folder), the unix socket, the logs and a ``pgpass`` file.
  On the LAN each server laptop holds one instance; these are the functions behind the future
  ``desk-app server create-monitor | create-node | start | stop | state`` (:func:`create_monitor`,
  :func:`create_node`, :func:`start`, :func:`stop`, :func:`state`).
* :class:`Formation` puts a whole formation on one machine (tests, benchmarks, a rehearsal on
  one laptop): the instances side by side under one folder, on 127.0.0.1 and its own ports.

Security: every TCP connection is TLS (``--ssl-self-signed``) with a scram-sha-256 password;
pg_autoctl runs with ``--skip-pg-hba`` and the HBA file is ours (:func:`hba_rules`), so no rule
trusts an address. The unix socket lives in the instance's private folder (mode 0700) and uses
``peer`` for the service user (a password for any other role). Passwords live in the instance's
``pgpass`` (mode 0600), never on a command line.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal

from desk_app.server import process
from desk_app.server.dsn import ClientTimeouts, multi_host_dsn
from desk_app.server.process import FormationError, Service, ServiceUser, wait_until

Kind = Literal["monitor", "postgres"]

DEBIAN_PACKAGES = ("postgresql-15", "postgresql-15-auto-failover", "pg-auto-failover-cli")
INTERNAL_USERS = ("autoctl_node", "pgautofailover_replicator")
MONITOR_DBNAME = "pg_auto_failover"
PRIMARY_STATES = frozenset({"single", "wait_primary", "primary", "join_primary", "apply_settings"})
SECONDARY_STATES = frozenset({"secondary"})
HEALTH = {-1: "unknown", 0: "bad", 1: "good"}


# --- timeouts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeouts:
    """How fast the formation notices a dead primary and promotes the secondary.

    The monitor settings are PostgreSQL parameters of the monitor (``pgautofailover.*``, reloaded
    without a restart); ``network_partition_timeout`` is each keeper's own setting
    (``pg_autoctl config set timeout.network_partition_timeout``): a primary that reaches neither
    the monitor nor a standby for that long stops itself, so it cannot take writes that the
    promoted secondary will never see. It must stay below the time the monitor needs to promote
    (unhealthy + demote timeout), which both sets keep.
    """

    health_check_period_ms: int
    health_check_timeout_ms: int
    health_check_max_retries: int
    health_check_retry_delay_ms: int
    node_considered_unhealthy_timeout_ms: int
    primary_demote_timeout_ms: int
    network_partition_timeout_s: int

    def monitor_settings(self) -> dict[str, int]:
        return {
            "pgautofailover.health_check_period": self.health_check_period_ms,
            "pgautofailover.health_check_timeout": self.health_check_timeout_ms,
            "pgautofailover.health_check_max_retries": self.health_check_max_retries,
            "pgautofailover.health_check_retry_delay": self.health_check_retry_delay_ms,
            "pgautofailover.node_considered_unhealthy_timeout": self.node_considered_unhealthy_timeout_ms,
            "pgautofailover.primary_demote_timeout": self.primary_demote_timeout_ms,
        }


DEFAULT_TIMEOUTS = Timeouts(
    health_check_period_ms=5000,
    health_check_timeout_ms=5000,
    health_check_max_retries=2,
    health_check_retry_delay_ms=2000,
    node_considered_unhealthy_timeout_ms=20000,
    primary_demote_timeout_ms=30000,
    network_partition_timeout_s=20,
)
"""pg_auto_failover's own defaults: a dead primary stops writes for about 50 s."""

LAN_TIMEOUTS = Timeouts(
    health_check_period_ms=1000,
    health_check_timeout_ms=1000,
    health_check_max_retries=1,
    health_check_retry_delay_ms=500,
    node_considered_unhealthy_timeout_ms=2000,
    primary_demote_timeout_ms=5000,
    network_partition_timeout_s=3,
)
"""For three wired laptops on one switch (round trips well under 1 ms): about 8 s."""

# PostgreSQL settings of every data node (our include file, read after pg_autoctl's): a peer
# that vanishes from an open connection (a pulled cable, a dead laptop) is noticed in seconds,
# not after the kernel's two hours, on replication connections and client connections alike.
LAN_SERVER_SETTINGS: dict[str, str] = {
    "tcp_keepalives_idle": "5",
    "tcp_keepalives_interval": "1",
    "tcp_keepalives_count": "3",
    "tcp_user_timeout": "5000",
    "wal_sender_timeout": "'5s'",
    "wal_receiver_timeout": "'5s'",
    "wal_receiver_status_interval": "'1s'",
    "synchronous_commit": "on",  # the default, stated: a commit returns once the standby has it
}


# --- the installed tools --------------------------------------------------------------------------


@dataclass(frozen=True)
class Tools:
    """Where the PostgreSQL server programs and pg_autoctl are."""

    bindir: Path
    pg_autoctl: Path

    @property
    def pg_ctl(self) -> Path:
        return self.bindir / "pg_ctl"

    @property
    def psql(self) -> Path:
        return self.bindir / "psql"

    @classmethod
    def find(cls) -> Tools:
        """Find the tools, or say which Debian packages to install (never skip silently)."""
        hint = (
            f"Install the Debian packages {', '.join(DEBIAN_PACKAGES)} "
            "(`bash scripts/quickstart.sh none` does it; elsewhere apt-get install them)."
        )
        bindir = _pg_bindir()
        if bindir is None:
            raise FormationError(f"PostgreSQL server programs (pg_ctl) not found. {hint}")
        autoctl = shutil.which("pg_autoctl") or (
            str(bindir / "pg_autoctl") if (bindir / "pg_autoctl").exists() else None
        )
        if autoctl is None:
            raise FormationError(f"pg_autoctl not found. {hint}")
        extension = _extension(bindir)
        if bindir.parent.parent == Path("/usr/lib/postgresql") and not extension.exists():
            raise FormationError(f"The pgautofailover extension is missing ({extension}). {hint}")
        return cls(bindir, Path(autoctl))


def _pg_bindir() -> Path | None:
    # An explicit choice first; then Debian's versioned folders (newest first). PATH is no guide:
    # images may carry a stray /usr/local/bin/pg_ctl symlink, and pg_autoctl derives
    # pg_controldata's folder from pg_ctl's, so it must be the real folder.
    wanted = os.environ.get("STEMBALIE_PG_BINDIR")
    if wanted:
        return Path(wanted) if (Path(wanted) / "pg_ctl").exists() else None
    base = Path("/usr/lib/postgresql")
    versions = sorted((p for p in base.glob("*/bin/pg_ctl")), key=lambda p: _version_key(p.parent.parent.name))
    # the newest version that has the pgautofailover extension, else the newest (the error names it)
    with_extension = [p for p in versions if _extension(p.parent).exists()]
    if with_extension or versions:
        return (with_extension or versions)[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


def _extension(bindir: Path) -> Path:
    """Where Debian puts the pgautofailover extension of the PostgreSQL in ``bindir``."""
    return Path("/usr/share/postgresql") / bindir.parent.name / "extension" / "pgautofailover.control"


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", name)) or (0,)


# --- the monitor's view ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeState:
    """One data node as the monitor sees it (``pgautofailover.node``)."""

    node_id: int
    name: str
    host: str
    port: int
    reported: str
    assigned: str
    health: str
    candidate_priority: int
    replication_quorum: bool
    lsn: str | None

    @property
    def role(self) -> str:
        """``primary``, ``secondary`` or the pg_auto_failover state it is passing through."""
        if self.reported in PRIMARY_STATES and self.assigned in PRIMARY_STATES:
            return "primary"
        if self.reported in SECONDARY_STATES and self.assigned in SECONDARY_STATES:
            return "secondary"
        return self.reported if self.reported == self.assigned else f"{self.reported}->{self.assigned}"

    @property
    def settled(self) -> bool:
        return self.reported == self.assigned


@dataclass(frozen=True)
class FormationState:
    """The formation as its monitor sees it; ``monitor_reachable`` False when it cannot say."""

    monitor_reachable: bool
    nodes: tuple[NodeState, ...] = ()
    number_sync_standbys: int | None = None
    error: str | None = None

    @property
    def primary(self) -> NodeState | None:
        found = [n for n in self.nodes if n.role == "primary"]
        return found[0] if len(found) == 1 else None

    @property
    def secondaries(self) -> tuple[NodeState, ...]:
        return tuple(n for n in self.nodes if n.role == "secondary")

    def ready(self, standbys: int) -> bool:
        """One settled primary and ``standbys`` settled, healthy secondaries."""
        primary = self.primary
        return (
            self.monitor_reachable
            and primary is not None
            and primary.reported == "primary"
            and len(self.secondaries) == standbys
            and all(n.health == "good" and n.settled for n in self.nodes)
        )

    def describe(self) -> str:
        if not self.monitor_reachable:
            return f"monitor unreachable: {self.error}"
        lines = [f"{'node':<8} {'host:port':<22} {'state':<28} {'health':<8} lsn"]
        for n in self.nodes:
            lines.append(f"{n.name:<8} {f'{n.host}:{n.port}':<22} {n.role:<28} {n.health:<8} {n.lsn or '-'}")
        if self.number_sync_standbys is not None:
            lines.append(f"number_sync_standbys = {self.number_sync_standbys}")
        return "\n".join(lines)


def state(
    monitor_host: str,
    monitor_port: int,
    *,
    passfile: Path | None = None,
    password: str | None = None,
    formation: str = "default",
    timeout: float = 3.0,
) -> FormationState:
    """Ask the monitor for the formation's nodes, roles and health (never raises)."""
    import psycopg  # local: the rest of this module works without the driver

    params: dict[str, str | int] = {
        "host": monitor_host,
        "port": monitor_port,
        "dbname": MONITOR_DBNAME,
        "user": "autoctl_node",
        "sslmode": "require",
        "connect_timeout": max(2, int(timeout)),
        "application_name": "stembalie-state",
    }
    if passfile is not None:
        params["passfile"] = str(passfile)
    if password is not None:
        params["password"] = password
    try:
        with psycopg.connect(**params, autocommit=True) as conn:  # type: ignore[arg-type]
            conn.execute(f"SET statement_timeout = {int(timeout * 1000)}")
            rows = conn.execute(
                "SELECT n.nodeid, n.nodename, n.nodehost, n.nodeport, n.reportedstate::text, n.goalstate::text,"
                " n.health, n.candidatepriority, n.replicationquorum, n.reportedlsn::text"
                " FROM pgautofailover.node n WHERE n.formationid = %s ORDER BY n.nodeid",
                (formation,),
            ).fetchall()
            sync = conn.execute(
                "SELECT number_sync_standbys FROM pgautofailover.formation WHERE formationid = %s", (formation,)
            ).fetchone()
    except psycopg.Error as exc:
        return FormationState(False, error=str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc))
    nodes = tuple(
        NodeState(
            int(r[0]), r[1], r[2], int(r[3]), r[4], r[5], HEALTH.get(int(r[6]), str(r[6])), int(r[7]), bool(r[8]), r[9]
        )
        for r in rows
    )
    return FormationState(True, nodes, int(sync[0]) if sync else None)


# --- one instance on this machine ------------------------------------------------------------------


@dataclass(frozen=True)
class InstanceSpec:
    """What one pg_autoctl-managed PostgreSQL is: written to ``instance.json`` in its folder."""

    kind: Kind
    name: str
    port: int
    hostname: str  # how the other machines reach it (a LAN name or address; 127.0.0.1 in tests)
    listen: str = "*"  # PostgreSQL's listen_addresses (127.0.0.1 in tests: loopback only)
    networks: tuple[str, ...] = ("127.0.0.1/32",)  # who may connect over TCP (TLS + scram-sha-256)
    monitor_host: str | None = None
    monitor_port: int | None = None
    dbname: str = "stembalie"
    app_user: str = "stembalie"
    candidate_priority: int = 50
    replication_quorum: bool = True
    shared_buffers: str | None = None  # None keeps pg_autoctl's tuning (a quarter of the memory)
    formation: str = "default"

    def to_json(self) -> str:
        data = asdict(self)
        data["networks"] = list(self.networks)
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> InstanceSpec:
        data = json.loads(text)
        data["networks"] = tuple(data["networks"])
        return cls(**data)


@dataclass(frozen=True)
class Secrets:
    """The formation's passwords: one for pg_autoctl's own users, one for the application role."""

    internal: str
    app: str

    @classmethod
    def generate(cls) -> Secrets:
        return cls(secrets.token_urlsafe(24), secrets.token_urlsafe(24))

    def pgpass(self, app_user: str) -> str:
        # '*' for host, port and database: the same users exist on every node of the formation.
        lines = [f"*:*:*:{user}:{_pgpass_escape(self.internal)}" for user in INTERNAL_USERS]
        lines.append(f"*:*:*:{_pgpass_escape(app_user)}:{_pgpass_escape(self.app)}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_pgpass(cls, text: str, app_user: str) -> Secrets:
        found: dict[str, str] = {}
        for line in text.splitlines():
            fields = re.split(r"(?<!\\):", line, maxsplit=4)
            if len(fields) == 5:
                found[fields[3].replace("\\:", ":").replace("\\\\", "\\")] = (
                    fields[4].replace("\\:", ":").replace("\\\\", "\\")
                )
        try:
            return cls(found["autoctl_node"], found[app_user])
        except KeyError:
            raise FormationError("The pgpass file lacks the formation's passwords.") from None


def _pgpass_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_ident(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def hba_rules(networks: Iterable[str], superuser: str) -> str:
    """The whole pg_hba.conf of an instance: peer or password on the private socket, TLS + scram on TCP."""
    lines = [
        "# Written by Stembalie (desk_app/server): pg_autoctl runs with --skip-pg-hba.",
        "# The unix socket sits in the instance's private folder (0700). The service user is the",
        "# superuser by peer; any other role (pg_autoctl's autoctl_node on the monitor) gives its password.",
        f"local   all          {_hba_name(superuser):<20} peer",
        f"local   replication  {_hba_name(superuser):<20} peer",
        "local   all          all                  scram-sha-256",
        "local   replication  all                  scram-sha-256",
        "# Every TCP connection: TLS and a scram-sha-256 password. Nothing is trusted by its address.",
        "# (The monitor's health check needs no password: an authentication request already tells",
        "#  it that the server is up.)",
    ]
    for net in networks:
        lines.append(f"hostssl all          all                  {net:<18} scram-sha-256")
        lines.append(f"hostssl replication  all                  {net:<18} scram-sha-256")
    return "\n".join(lines) + "\n"


def _hba_name(name: str) -> str:
    return name if re.fullmatch(r"[a-z_][a-z0-9_]*", name) else '"' + name.replace('"', '""') + '"'


class Instance:
    """One pg_autoctl-managed PostgreSQL (monitor or data node) whose files live under ``root``."""

    def __init__(
        self, root: Path, spec: InstanceSpec, *, user: ServiceUser | None = None, tools: Tools | None = None
    ) -> None:
        self.root = Path(root).absolute()
        self.spec = spec
        self.user = user or ServiceUser.resolve()
        self.tools = tools or Tools.find()
        self._service: Service | None = None

    # paths -------------------------------------------------------------------------------------
    @property
    def pgdata(self) -> Path:
        return self.root / "pgdata"

    @property
    def socket_dir(self) -> Path:
        return self.root / "run"

    @property
    def pgpass(self) -> Path:
        return self.root / "pgpass"

    @property
    def log(self) -> Path:
        return self.root / "logs" / "pg_autoctl.log"

    @property
    def name(self) -> str:
        return self.spec.name

    @classmethod
    def open(cls, root: Path, *, user: ServiceUser | None = None, tools: Tools | None = None) -> Instance:
        """The instance created earlier in ``root`` (from its ``instance.json``)."""
        spec_file = Path(root) / "instance.json"
        if not spec_file.exists():
            raise FormationError(f"No formation instance in {root} (instance.json missing): create it first.")
        return cls(root, InstanceSpec.from_json(spec_file.read_text(encoding="utf-8")), user=user, tools=tools)

    def env(self) -> dict[str, str]:
        """The whole environment of every command and service of this instance (nothing inherited)."""
        return {
            "PATH": f"{self.tools.bindir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": str(self.root),
            "USER": self.user.name,
            "LOGNAME": self.user.name,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",  # initdb: UTF8 encoding, byte-order collation (the same on every node)
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "XDG_DATA_HOME": str(self.root / "state"),
            "XDG_RUNTIME_DIR": str(self.socket_dir),
            "PG_REGRESS_SOCK_DIR": str(self.socket_dir),  # pg_autoctl passes it to postgres as -k
            "PGHOST": str(self.socket_dir),
            "PGPASSFILE": str(self.pgpass),  # pg_autoctl, pg_basebackup, pg_rewind and the walreceiver
            "PGCONNECT_TIMEOUT": "5",
        }

    # commands ----------------------------------------------------------------------------------
    def _run(
        self, argv: Sequence[str], *, timeout: float, what: str, input_text: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        return process.run(
            argv, user=self.user, env=self.env(), timeout=timeout, what=what, input_text=input_text, check=check
        )

    def psql(self, sql: str, *, dbname: str = "postgres", timeout: float = 20.0) -> str:
        """Run SQL as the instance's superuser over its private socket (SQL on stdin)."""
        done = self._run(
            [
                str(self.tools.psql),
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                str(self.socket_dir),
                "-p",
                str(self.spec.port),
                "-d",
                dbname,
                "-f",
                "-",
            ],
            timeout=timeout,
            what=f"psql on {self.name}",
            input_text=sql,
        )
        return done.stdout.strip()

    def autoctl(self, *args: str, timeout: float = 30.0, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self._run(
            [str(self.tools.pg_autoctl), *args, "--pgdata", str(self.pgdata)],
            timeout=timeout,
            what=f"pg_autoctl {' '.join(args[:2])} ({self.name})",
            check=check,
        )

    # life cycle --------------------------------------------------------------------------------
    def prepare(self, secrets_: Secrets) -> None:
        """Make the folder (owned by the service user) and write the spec and the pgpass file."""
        if len(str(self.socket_dir / f".s.PGSQL.{self.spec.port}")) > 100:
            raise FormationError(f"The folder {self.root} is too deep for a unix socket path: choose a shorter one.")
        if self.pgdata.exists():
            raise FormationError(f"{self.pgdata} already exists: this instance was created before (start it).")
        for folder in (self.root, self.socket_dir, self.root / "logs", self.root / "config", self.root / "state"):
            folder.mkdir(parents=True, exist_ok=True)
            self.user.own(folder)
        probe = self._run(["test", "-w", str(self.root)], timeout=10, what="write check", check=False)
        if probe.returncode != 0:
            raise FormationError(
                f"The service user {self.user.name!r} cannot write to {self.root}: choose a folder it can reach "
                "(e.g. under /var/lib/stembalie or /tmp)."
            )
        self._write(self.root / "instance.json", self.spec.to_json(), 0o600)
        self._write(self.pgpass, secrets_.pgpass(self.spec.app_user), 0o600)
        check_port_free(self.spec.listen if self.spec.listen != "*" else "0.0.0.0", self.spec.port)

    def _write(self, path: Path, text: str, mode: int) -> None:
        path.write_text(text, encoding="utf-8")
        self.user.own(path, mode)

    def secrets(self) -> Secrets:
        return Secrets.from_pgpass(self.pgpass.read_text(encoding="utf-8"), self.spec.app_user)

    def monitor_uri(self) -> str:
        """The URI the keepers use to reach the monitor (password from the pgpass file)."""
        if self.spec.kind == "monitor":
            host, port = self.spec.hostname, self.spec.port
        else:
            host, port = self.spec.monitor_host or "", self.spec.monitor_port or 0
        return f"postgres://autoctl_node@{_uri_host(host)}:{port}/{MONITOR_DBNAME}?sslmode=require"

    def create(self, *, timeout: float = 240.0) -> None:
        """``pg_autoctl create`` (initdb, or a base backup of the primary for a standby), then our
        HBA, settings and keeper timeouts. Leaves PostgreSQL stopped: :meth:`start` runs it."""
        spec = self.spec
        argv = [
            str(self.tools.pg_autoctl),
            "create",
            spec.kind,
            "--pgctl",
            str(self.tools.pg_ctl),
            "--pgdata",
            str(self.pgdata),
            "--pgport",
            str(spec.port),
            "--listen",
            spec.listen,
            "--hostname",
            spec.hostname,
            "--ssl-self-signed",
            "--skip-pg-hba",
        ]
        if spec.kind == "postgres":
            if not spec.monitor_host or not spec.monitor_port:
                raise FormationError("A data node needs the monitor's host and port.")
            argv += [
                "--name",
                spec.name,
                "--dbname",
                spec.dbname,
                "--monitor",
                self.monitor_uri(),
                "--formation",
                spec.formation,
                "--candidate-priority",
                str(spec.candidate_priority),
                "--replication-quorum",
                "true" if spec.replication_quorum else "false",
            ]
        self._run(argv, timeout=timeout, what=f"pg_autoctl create {spec.kind} ({spec.name})")
        self._write(self.pgdata / "pg_hba.conf", hba_rules(spec.networks, self.user.name), 0o600)
        self._write_settings()
        if spec.kind == "postgres":
            self.autoctl("config", "set", "replication.backup_directory", str(self.root / "backup"))

    def _write_settings(self) -> None:
        # pg_autoctl sets scram itself only with --auth, which --skip-pg-hba excludes; without it
        # passwords would be stored as md5 and the scram-sha-256 HBA rules would refuse them.
        settings: dict[str, str] = {"password_encryption": "'scram-sha-256'"}
        if self.spec.shared_buffers:
            settings["shared_buffers"] = _sql_literal(self.spec.shared_buffers)
        if self.spec.kind == "postgres":
            settings.update(LAN_SERVER_SETTINGS)
        body = "".join(f"{k} = {v}\n" for k, v in settings.items())
        self._write(
            self.pgdata / "stembalie.conf",
            "# Stembalie's settings, read after pg_auto_failover's (desk_app/server/formation.py)\n" + body,
            0o600,
        )
        conf = self.pgdata / "postgresql.conf"
        text = conf.read_text(encoding="utf-8")
        include = "include_if_exists 'stembalie.conf'"
        if include not in text:
            conf.write_text(
                text.rstrip("\n") + f"\n{include}  # Stembalie, after pg_auto_failover's file\n", encoding="utf-8"
            )

    def set_keeper_timeouts(self, timeouts: Timeouts) -> None:
        """The keeper's own timeouts (a running keeper reloads them by itself)."""
        if self.spec.kind == "postgres":
            self.autoctl(
                "config", "set", "timeout.network_partition_timeout", str(timeouts.network_partition_timeout_s)
            )

    def set_monitor_timeouts(self, timeouts: Timeouts) -> None:
        """The monitor's health-check and failover timings (ALTER SYSTEM + reload, no restart)."""
        sql = "".join(f"ALTER SYSTEM SET {k} = {v};\n" for k, v in timeouts.monitor_settings().items())
        self.psql(sql + "SELECT pg_reload_conf();\n")

    def start(self, *, timeout: float = 60.0, die_with_parent: bool = False) -> None:
        """Run ``pg_autoctl run`` in the background (its own session) until PostgreSQL answers.

        ``die_with_parent``: stop it when this process dies (tests, benchmarks); a server
        started by ``desk-app server start`` outlives the command instead.
        """
        if self.running():
            return
        self._service = Service(
            self.name,
            [str(self.tools.pg_autoctl), "run", "--pgdata", str(self.pgdata)],
            user=self.user,
            env=self.env(),
            log=self.log,
            cwd=self.root,
            die_with_parent=die_with_parent,
        )
        service = self._service

        def answering() -> bool:
            if not service.alive():
                raise FormationError(f"pg_autoctl run for {self.name} exited; see {self.log}")
            return self.psql("SELECT 1", timeout=5) == "1"

        wait_until(answering, timeout=timeout, interval=0.2, what=f"{self.name} to accept connections")

    def systemd_unit(self) -> str:
        """A systemd unit that runs this instance at boot with exactly the environment used here."""
        env = "".join(f'Environment="{k}={v}"\n' for k, v in self.env().items())
        return (
            f"# /etc/systemd/system/stembalie-{self.name}.service; then systemctl enable --now stembalie-{self.name}\n"
            "[Unit]\n"
            f"Description=Stembalie formation: {self.spec.kind} {self.name} (pg_auto_failover)\n"
            "After=network-online.target\nWants=network-online.target\n\n"
            "[Service]\nType=simple\n"
            f"User={self.user.name}\n"
            f"WorkingDirectory={self.root}\n"
            f"{env}"
            f"ExecStart={self.tools.pg_autoctl} run --pgdata {self.pgdata}\n"
            "Restart=always\nRestartSec=2\nTimeoutStopSec=60\n\n"
            "[Install]\nWantedBy=multi-user.target\n"
        )

    def service_pid(self) -> int | None:
        """The pid of this instance's ``pg_autoctl run``, wherever it was started."""
        if self._service is not None and self._service.alive():
            return self._service.pid
        for pidfile in (self.socket_dir / "pg_autoctl").rglob("pg_autoctl.pid"):
            pid = _first_int(pidfile)
            if pid and process.pid_alive(pid):
                return pid
        return None

    def postmaster_pid(self) -> int | None:
        pid = _first_int(self.pgdata / "postmaster.pid")
        return pid if pid and process.pid_alive(pid) else None

    def running(self) -> bool:
        return self.service_pid() is not None

    def leftovers(self) -> list[int]:
        """Processes still working in this instance's folder (postgres chdirs into PGDATA)."""
        return process.processes_under(self.root)

    def stop(self, *, timeout: float = 60.0) -> None:
        """Stop the keeper and PostgreSQL; escalate to SIGKILL of everything in the folder."""
        pid = self.service_pid()
        if pid is not None:
            self.autoctl("stop", timeout=10, check=False)
            with contextlib.suppress(FormationError):  # kill() below escalates
                wait_until(lambda: not self.leftovers(), timeout=timeout, what=f"{self.name} to stop")
        self.kill(wait=timeout)
        if self._service is not None:
            self._service.wait(5)
            self._service = None

    def kill(self, *, wait: float = 20.0) -> None:
        """SIGKILL the keeper and PostgreSQL: the laptop dies. Returns once nothing is left."""
        if self._service is not None:
            self._service.kill_group(signal.SIGKILL)
        pid = self.service_pid()
        if pid is not None:
            process.kill_group_of(pid)
        for leftover in self.leftovers():
            process.kill_pid(leftover)
        wait_until(lambda: not self.leftovers(), timeout=wait, what=f"{self.name}'s processes to end")
        if self._service is not None:
            self._service.wait(5)

    def kill_postmaster(self) -> int:
        """SIGKILL only the postmaster (the keeper lives on and restarts it); returns its pid."""
        pid = self.postmaster_pid()
        if pid is None:
            raise FormationError(f"{self.name}: no running postmaster to kill.")
        process.kill_pid(pid)
        return pid


def _first_int(path: Path) -> int | None:
    try:
        first = path.read_text(encoding="ascii", errors="replace").split("\n", 1)[0].strip()
    except OSError:
        return None
    return int(first) if first.isdigit() else None


def _uri_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def check_port_free(host: str, port: int) -> None:
    """Refuse at once when the port is taken (a failure deep in pg_autoctl is harder to read)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise FormationError(f"Port {port} on {host} is in use ({exc.strerror}): choose another port.") from None


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """``count`` distinct ports that are free on ``host`` right now (tests and benchmarks)."""
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((host, 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


# --- the LAN commands (one machine, one instance) -----------------------------------------------


def create_monitor(
    root: Path,
    *,
    hostname: str,
    port: int = 5431,
    listen: str = "*",
    networks: Sequence[str],
    secrets_: Secrets,
    timeouts: Timeouts = LAN_TIMEOUTS,
    user: str | None = None,
    shared_buffers: str | None = None,
    timeout: float = 120.0,
    die_with_parent: bool = False,
) -> Instance:
    """``desk-app server create-monitor``: create, start and configure the monitor on this laptop."""
    spec = InstanceSpec("monitor", "monitor", port, hostname, listen, tuple(networks), shared_buffers=shared_buffers)
    inst = Instance(root, spec, user=ServiceUser.resolve(user))
    inst.prepare(secrets_)
    inst.create(timeout=timeout)
    inst.start(timeout=timeout, die_with_parent=die_with_parent)
    wait_until(
        lambda: inst.psql("SELECT count(*) FROM pg_roles WHERE rolname = 'autoctl_node'", dbname=MONITOR_DBNAME) == "1",
        timeout=timeout,
        what="the monitor's autoctl_node role",
    )
    inst.psql(
        f"SET log_statement = 'none';\nALTER ROLE autoctl_node PASSWORD {_sql_literal(secrets_.internal)};\n",
        dbname=MONITOR_DBNAME,
    )
    inst.set_monitor_timeouts(timeouts)
    return inst


def create_node(
    root: Path,
    *,
    name: str,
    hostname: str,
    port: int = 5432,
    listen: str = "*",
    networks: Sequence[str],
    monitor_host: str,
    monitor_port: int = 5431,
    secrets_: Secrets,
    timeouts: Timeouts = LAN_TIMEOUTS,
    dbname: str = "stembalie",
    app_user: str = "stembalie",
    candidate_priority: int = 50,
    user: str | None = None,
    shared_buffers: str | None = None,
    timeout: float = 300.0,
    die_with_parent: bool = False,
) -> Instance:
    """``desk-app server create-node``: register a data node with the monitor and start it.

    The first node becomes the primary: it gets the replication password and the application
    role (which reach every later node through replication). A later node is built as a standby
    from a base backup of the primary and returns once it is a secondary.
    """
    spec = InstanceSpec(
        "postgres",
        name,
        port,
        hostname,
        listen,
        tuple(networks),
        monitor_host,
        monitor_port,
        dbname,
        app_user,
        candidate_priority,
        True,
        shared_buffers,
    )
    inst = Instance(root, spec, user=ServiceUser.resolve(user))
    inst.prepare(secrets_)
    inst.create(timeout=timeout)
    inst.set_keeper_timeouts(timeouts)
    inst.start(timeout=timeout, die_with_parent=die_with_parent)

    def settled() -> str | None:
        st = state(monitor_host, monitor_port, passfile=inst.pgpass)
        me = [n for n in st.nodes if n.name == name]
        if me and me[0].settled and me[0].reported in ("single", "secondary", "primary"):
            return me[0].reported
        return None

    reached = wait_until(settled, timeout=timeout, interval=0.3, what=f"{name} to join the formation")
    if reached == "single":
        inst.psql(
            "SET log_statement = 'none';\n"
            f"ALTER ROLE pgautofailover_replicator PASSWORD {_sql_literal(secrets_.internal)};\n"
            f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_sql_literal(app_user)}) THEN "
            f"CREATE ROLE {_sql_ident(app_user)} LOGIN; END IF; END$$;\n"
            f"ALTER ROLE {_sql_ident(app_user)} LOGIN PASSWORD {_sql_literal(secrets_.app)};\n"
            f"ALTER DATABASE {_sql_ident(dbname)} OWNER TO {_sql_ident(app_user)};\n"
        )
    return inst


def start(root: Path, *, timeout: float = 60.0) -> Instance:
    """``desk-app server start``: run this laptop's instance in the background."""
    inst = Instance.open(root)
    inst.start(timeout=timeout)
    return inst


def stop(root: Path, *, timeout: float = 60.0) -> None:
    """``desk-app server stop``: stop this laptop's instance (SIGKILL when it will not stop)."""
    Instance.open(root).stop(timeout=timeout)


def state_of(root: Path) -> FormationState:
    """``desk-app server state`` on a server laptop: the monitor's view, with this instance's password."""
    inst = Instance.open(root)
    host = inst.spec.hostname if inst.spec.kind == "monitor" else (inst.spec.monitor_host or "")
    port = inst.spec.port if inst.spec.kind == "monitor" else (inst.spec.monitor_port or 0)
    return state(host, port, passfile=inst.pgpass)


# --- a whole formation on one machine -----------------------------------------------------------


@dataclass(frozen=True)
class FormationLayout:
    """Where a one-machine formation lives: names, ports, host; ``formation.json`` in its root."""

    host: str
    monitor_port: int
    node_ports: tuple[int, ...]
    user: str
    dbname: str = "stembalie"
    app_user: str = "stembalie"
    shared_buffers: str | None = "64MB"
    node_names: tuple[str, ...] = field(default=())

    def names(self) -> tuple[str, ...]:
        return self.node_names or tuple(f"node{i + 1}" for i in range(len(self.node_ports)))


class Formation:
    """A monitor and two or three data nodes side by side under ``root`` on one machine.

    ``Formation(root, ports=(monitor, node1, node2[, node3]))``; ``create()`` leaves it running;
    ``start()``/``stop()`` afterwards, from this process or another (``Formation.open(root)``).
    """

    def __init__(
        self,
        root: Path,
        *,
        ports: Sequence[int] | None = None,
        standbys: int = 1,
        host: str = "127.0.0.1",
        user: str | None = None,
        timeouts: Timeouts = LAN_TIMEOUTS,
        dbname: str = "stembalie",
        app_user: str = "stembalie",
        shared_buffers: str | None = "64MB",
        die_with_parent: bool = False,
    ) -> None:
        if standbys not in (1, 2):
            raise FormationError("A formation has one standby (three laptops) or two (four laptops).")
        self.root = Path(root).absolute()
        self.service_user = ServiceUser.resolve(user)
        self.tools = Tools.find()
        ports = tuple(ports) if ports is not None else tuple(free_ports(2 + standbys, host))
        if len(ports) != 2 + standbys or len(set(ports)) != len(ports):
            raise FormationError(f"Give {2 + standbys} distinct ports: the monitor's, then one per data node.")
        self.layout = FormationLayout(
            host, ports[0], ports[1:], self.service_user.name, dbname, app_user, shared_buffers
        )
        self.timeouts = timeouts
        self.die_with_parent = die_with_parent
        self.monitor = self._instance(
            "monitor",
            InstanceSpec("monitor", "monitor", ports[0], host, host, (f"{host}/32",), shared_buffers=shared_buffers),
        )
        self.nodes = [
            self._instance(
                name,
                InstanceSpec(
                    "postgres",
                    name,
                    port,
                    host,
                    host,
                    (f"{host}/32",),
                    host,
                    ports[0],
                    dbname,
                    app_user,
                    shared_buffers=shared_buffers,
                ),
            )
            for name, port in zip(self.layout.names(), ports[1:], strict=True)
        ]

    def _instance(self, folder: str, spec: InstanceSpec) -> Instance:
        return Instance(self.root / folder, spec, user=self.service_user, tools=self.tools)

    @classmethod
    def open(cls, root: Path, *, timeouts: Timeouts = LAN_TIMEOUTS, die_with_parent: bool = False) -> Formation:
        """The formation created earlier under ``root``."""
        path = Path(root) / "formation.json"
        if not path.exists():
            raise FormationError(f"No formation in {root} (formation.json missing).")
        data = json.loads(path.read_text(encoding="utf-8"))
        layout = FormationLayout(
            data["host"],
            data["monitor_port"],
            tuple(data["node_ports"]),
            data["user"],
            data["dbname"],
            data["app_user"],
            data["shared_buffers"],
            tuple(data["node_names"]),
        )
        f = cls(
            root,
            ports=(layout.monitor_port, *layout.node_ports),
            standbys=len(layout.node_ports) - 1,
            host=layout.host,
            user=layout.user,
            timeouts=timeouts,
            dbname=layout.dbname,
            app_user=layout.app_user,
            shared_buffers=layout.shared_buffers,
            die_with_parent=die_with_parent,
        )
        return f

    @property
    def instances(self) -> list[Instance]:
        return [self.monitor, *self.nodes]

    def node(self, name: str) -> Instance:
        for inst in self.nodes:
            if inst.name == name:
                return inst
        raise FormationError(f"No node {name!r} in this formation ({', '.join(n.name for n in self.nodes)}).")

    @property
    def standbys(self) -> int:
        return len(self.nodes) - 1

    # life cycle ------------------------------------------------------------------------------------
    def create(self, *, timeout: float = 240.0) -> None:
        """Create and start the monitor, the primary and the standby(s); returns once it is ready.

        On failure everything started so far is stopped again before the error goes up.
        """
        if (self.root / "formation.json").exists():
            raise FormationError(f"A formation already exists in {self.root}: start it, or remove the folder.")
        self.root.mkdir(parents=True, exist_ok=True)
        self.service_user.own(self.root)
        layout = replace(self.layout, node_names=self.layout.names())
        data = asdict(layout)
        (self.root / "formation.json").write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        if self.die_with_parent:  # attached: stopped at our exit too; detached: outlives us
            process.on_exit(self, self._stop_quietly)
        deadline = time.monotonic() + timeout
        secrets_ = Secrets.generate()
        try:
            self.monitor = create_monitor(
                self.monitor.root,
                hostname=self.layout.host,
                port=self.layout.monitor_port,
                listen=self.layout.host,
                networks=(f"{self.layout.host}/32",),
                secrets_=secrets_,
                timeouts=self.timeouts,
                user=self.service_user.name,
                shared_buffers=self.layout.shared_buffers,
                timeout=_left(deadline),
                die_with_parent=self.die_with_parent,
            )
            self.nodes = [
                create_node(
                    inst.root,
                    name=inst.name,
                    hostname=self.layout.host,
                    port=inst.spec.port,
                    listen=self.layout.host,
                    networks=(f"{self.layout.host}/32",),
                    monitor_host=self.layout.host,
                    monitor_port=self.layout.monitor_port,
                    secrets_=secrets_,
                    timeouts=self.timeouts,
                    dbname=self.layout.dbname,
                    app_user=self.layout.app_user,
                    user=self.service_user.name,
                    shared_buffers=self.layout.shared_buffers,
                    timeout=_left(deadline),
                    die_with_parent=self.die_with_parent,
                )
                for inst in self.nodes
            ]
            self.wait_ready(timeout=_left(deadline))
        except BaseException:
            self._stop_quietly()
            raise

    def start(self, *, timeout: float = 120.0) -> None:
        """Start every instance (monitor first) and wait until the formation is ready."""
        if self.die_with_parent:  # attached: stopped at our exit too; detached: outlives us
            process.on_exit(self, self._stop_quietly)
        deadline = time.monotonic() + timeout
        try:
            for inst in self.instances:
                inst.start(timeout=_left(deadline), die_with_parent=self.die_with_parent)
            self.wait_ready(timeout=_left(deadline))
        except BaseException:
            self._stop_quietly()
            raise

    def stop(self, *, timeout: float = 60.0) -> None:
        """Stop the standbys, then the primary, then the monitor.

        The primary goes last so that it never looks dead to a monitor that could still promote
        a standby; the monitor goes last so that it sees every node leave in order.
        """
        deadline = time.monotonic() + timeout
        errors: list[str] = []
        current = self.state(timeout=2) if self.monitor.running() else None
        primary = current.primary.name if current is not None and current.primary is not None else None
        for inst in [*sorted(self.nodes, key=lambda i: i.name == primary), self.monitor]:
            try:
                inst.stop(timeout=max(5.0, _left(deadline) / 2))
            except FormationError as exc:
                errors.append(str(exc))
        process.forget_on_exit(self)
        if errors:
            raise FormationError("Not everything stopped:\n" + "\n".join(errors))

    def _stop_quietly(self) -> None:
        for inst in [*self.nodes, self.monitor]:
            with contextlib.suppress(Exception):  # best effort at exit; stop() escalates to SIGKILL
                inst.stop(timeout=20)

    def destroy(self) -> None:
        """Stop everything and remove the folder."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def leftovers(self) -> list[int]:
        return process.processes_under(self.root)

    # what the monitor says -------------------------------------------------------------------------
    def state(self, *, timeout: float = 3.0) -> FormationState:
        return state(self.layout.host, self.layout.monitor_port, passfile=self.monitor.pgpass, timeout=timeout)

    def wait_ready(self, *, timeout: float = 120.0) -> FormationState:
        """Wait until one primary and every standby are settled and healthy."""
        return wait_until(
            lambda: s if (s := self.state()).ready(self.standbys) else None,
            timeout=timeout,
            interval=0.3,
            what="the formation to have a primary and its secondaries",
        )

    def wait_for(self, predicate: Callable[[FormationState], bool], *, timeout: float, what: str) -> FormationState:
        """Wait until ``predicate(state)`` holds (e.g. a new primary after a failover)."""
        return wait_until(lambda: s if predicate(s := self.state()) else None, timeout=timeout, interval=0.2, what=what)

    def primary(self) -> Instance:
        st = self.state()
        if st.primary is None:
            raise FormationError(f"No primary right now:\n{st.describe()}")
        return self.node(st.primary.name)

    def set_timeouts(self, timeouts: Timeouts) -> None:
        """Switch the running formation to other timeouts (monitor and every keeper)."""
        self.monitor.set_monitor_timeouts(timeouts)
        for inst in self.nodes:
            inst.set_keeper_timeouts(timeouts)
        self.timeouts = timeouts

    # clients ---------------------------------------------------------------------------------------
    @property
    def app_password(self) -> str:
        return self.monitor.secrets().app

    def dsn(
        self,
        dbname: str | None = None,
        *,
        with_password: bool = False,
        client: ClientTimeouts | None = None,
        application_name: str | None = None,
    ) -> str:
        """The libpq multi-host URI of every data node, ``target_session_attrs=read-write``."""
        return multi_host_dsn(
            [(self.layout.host, inst.spec.port) for inst in self.nodes],
            dbname or self.layout.dbname,
            self.layout.app_user,
            password=self.app_password if with_password else None,
            timeouts=client or ClientTimeouts(),
            application_name=application_name,
        )


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FormationError("The formation did not come up in the time allowed.")
    return left
