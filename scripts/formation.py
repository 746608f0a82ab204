"""Set up, run and inspect a pg_auto_failover formation for Stembalie (see docs/FORMATION.md).

On the LAN, one command per server laptop (the future ``desk-app server ...`` commands):

    python scripts/formation.py create-monitor --root /var/lib/stembalie/monitor --hostname alv-mon \\
        --network 192.168.10.0/24
    python scripts/formation.py create-node --root /var/lib/stembalie/node --name alv-a --hostname alv-a \\
        --monitor alv-mon --network 192.168.10.0/24
    python scripts/formation.py start|stop|state|systemd --root DIR

The passwords come from STEMBALIE_FORMATION_PASSWORD (pg_autoctl's users) and
STEMBALIE_APP_PASSWORD (the desks' role), or are asked for.

On one machine (a rehearsal, a demo): the whole formation on 127.0.0.1 under one folder:

    python scripts/formation.py up --root /tmp/alv-formation [--standbys 2]
    python scripts/formation.py state --root /tmp/alv-formation
    python scripts/formation.py dsn --root /tmp/alv-formation
    python scripts/formation.py down --root /tmp/alv-formation

Exit codes: 0 done, 1 refused or failed (the reason on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app.server import formation as fm
from desk_app.server.process import FormationError


def _password(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise FormationError(f"Set {env} (no terminal to ask for the {prompt}).")
    first = getpass.getpass(f"{prompt}: ")
    if not first or first != getpass.getpass(f"{prompt} (again): "):
        raise FormationError("The passwords are empty or differ.")
    return first


def _secrets() -> fm.Secrets:
    return fm.Secrets(
        _password("STEMBALIE_FORMATION_PASSWORD", "formation password (pg_autoctl's users, same on every server)"),
        _password("STEMBALIE_APP_PASSWORD", "application password (the desks' role)"),
    )


def _host_port(text: str, default: int) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if sep and port.isdigit():
        return host, int(port)
    return text, default


def _timeouts(args: argparse.Namespace) -> fm.Timeouts:
    return fm.DEFAULT_TIMEOUTS if getattr(args, "default_timeouts", False) else fm.LAN_TIMEOUTS


def cmd_create_monitor(args: argparse.Namespace) -> None:
    inst = fm.create_monitor(
        args.root,
        hostname=args.hostname,
        port=args.port,
        listen=args.listen,
        networks=args.network,
        secrets_=_secrets(),
        timeouts=_timeouts(args),
        user=args.user,
    )
    print(f"monitor running: {inst.monitor_uri()}")


def cmd_create_node(args: argparse.Namespace) -> None:
    monitor_host, monitor_port = _host_port(args.monitor, 5431)
    inst = fm.create_node(
        args.root,
        name=args.name,
        hostname=args.hostname,
        port=args.port,
        listen=args.listen,
        networks=args.network,
        monitor_host=monitor_host,
        monitor_port=monitor_port,
        secrets_=_secrets(),
        timeouts=_timeouts(args),
        user=args.user,
    )
    print(f"{inst.name} running on {inst.spec.hostname}:{inst.spec.port}")
    print(fm.state(monitor_host, monitor_port, passfile=inst.pgpass).describe())


def _is_formation(root: Path) -> bool:
    return (root / "formation.json").exists()


def cmd_start(args: argparse.Namespace) -> None:
    if _is_formation(args.root):
        f = fm.Formation.open(args.root)
        f.start(timeout=args.timeout)
        print(f.state().describe())
    else:
        fm.start(args.root, timeout=args.timeout)
        print(fm.state_of(args.root).describe())


def cmd_stop(args: argparse.Namespace) -> None:
    if _is_formation(args.root):
        fm.Formation.open(args.root).stop(timeout=args.timeout)
    else:
        fm.stop(args.root, timeout=args.timeout)


def cmd_state(args: argparse.Namespace) -> None:
    st = fm.Formation.open(args.root).state() if _is_formation(args.root) else fm.state_of(args.root)
    print(st.describe())
    if not st.monitor_reachable:
        raise SystemExit(1)


def cmd_systemd(args: argparse.Namespace) -> None:
    print(fm.Instance.open(args.root).systemd_unit(), end="")


def cmd_up(args: argparse.Namespace) -> None:
    if _is_formation(args.root):
        f = fm.Formation.open(args.root, timeouts=_timeouts(args))
        f.start(timeout=args.timeout)
    else:
        ports = [int(p) for p in args.ports.split(",")] if args.ports else None
        f = fm.Formation(args.root, ports=ports, standbys=args.standbys, timeouts=_timeouts(args), user=args.user)
        f.create(timeout=args.timeout)
    print(f.state().describe())
    print(f"dsn: {f.dsn()}")


def cmd_down(args: argparse.Namespace) -> None:
    fm.Formation.open(args.root).stop(timeout=args.timeout)


def cmd_dsn(args: argparse.Namespace) -> None:
    print(fm.Formation.open(args.root).dsn())


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    def add(name: str, func: object, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_)
        sp.add_argument("--root", type=Path, required=True, help="the folder that holds this machine's part")
        sp.add_argument("--timeout", type=float, default=240.0, help="seconds before giving up (default 240)")
        sp.set_defaults(func=func)
        return sp

    def lan(sp: argparse.ArgumentParser, port: int) -> None:
        sp.add_argument("--hostname", required=True, help="how the other laptops reach this one (name or address)")
        sp.add_argument("--port", type=int, default=port)
        sp.add_argument("--listen", default="*", help="PostgreSQL's listen_addresses (default: all)")
        sp.add_argument("--network", action="append", required=True, help="CIDR allowed to connect (repeatable)")
        sp.add_argument("--user", help="service user when run as root (default postgres)")
        sp.add_argument("--default-timeouts", action="store_true", help="pg_auto_failover's slow defaults")

    lan(add("create-monitor", cmd_create_monitor, "create and start the monitor on this laptop"), 5431)
    node = add("create-node", cmd_create_node, "create and start a data node on this laptop")
    lan(node, 5432)
    node.add_argument("--name", required=True, help="the node's name in the formation")
    node.add_argument("--monitor", required=True, help="the monitor's HOST[:PORT] (port 5431 by default)")
    add("start", cmd_start, "start this laptop's instance (or a one-machine formation)")
    add("stop", cmd_stop, "stop this laptop's instance (or a one-machine formation)")
    add("state", cmd_state, "show the formation as its monitor sees it")
    add("systemd", cmd_systemd, "print a systemd unit that starts this laptop's instance at boot")
    up = add("up", cmd_up, "a whole formation on 127.0.0.1 (create, or start when it exists)")
    up.add_argument("--standbys", type=int, choices=(1, 2), default=1)
    up.add_argument("--ports", help="monitor,node1,node2[,node3] (default: free ports)")
    up.add_argument("--user", help="service user when run as root (default postgres)")
    up.add_argument("--default-timeouts", action="store_true", help="pg_auto_failover's slow defaults")
    add("down", cmd_down, "stop a one-machine formation")
    add("dsn", cmd_dsn, "print the desks' connection string of a one-machine formation")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except FormationError as exc:
        print(f"formation: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
