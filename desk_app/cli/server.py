"""The meeting server: set up the formation, and move a meeting onto it and back.

On the three server laptops (docs/FORMATION.md), one command each, then start/stop/state:

* ``desk-app server create-monitor --root DIR --hostname alv-mon --network 192.168.10.0/24``
* ``desk-app server create-node --root DIR --name alv-a --hostname alv-a --monitor alv-mon --network …``
* ``desk-app server start|stop|state --root DIR`` (``state`` shows the formation as its monitor sees
  it; DIR may also be a whole one-machine formation made by ``scripts/formation.py up``)

The passwords come from ``STEMBALIE_FORMATION_PASSWORD`` (pg_autoctl's own users) and
``STEMBALIE_APP_PASSWORD`` (the role the desks log in with), or are asked on the terminal; never
from the command line. The work is :mod:`desk_app.server.formation`'s; these commands need no
meeting and open none.

The meeting: ``desk-app --db FILE server push ADDRESS`` loads the prepared meeting file into the
meeting server; ``desk-app --db ADDRESS server pull FILE`` writes the whole record back into a
new meeting file (see :mod:`desk_app.services.transfer`). The address is a ``postgresql://`` URI
listing the data nodes; its password comes from the laptop's pgpass file, ``PGPASSWORD`` or the
URI itself.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, Command, Context, add_json
from desk_app.cli.parser import Parser
from desk_app.domain.text import Text, log_entries

if TYPE_CHECKING:
    from desk_app.server import formation as fm

T_WHERE = Text(
    "het adres van de server (push) of het nieuwe bestand (pull)", "the server's address (push) or the new file (pull)"
)
T_WHERE_NAME = Text("ADRES|BESTAND", "ADDRESS|FILE")
T_PUSHED = Text(
    "Vergadering '{name}' staat op de vergaderserver {target}: {entries} in het logboek, kop {head}, "
    "{rows} rijen; gecontroleerd.",
    "Meeting '{name}' is on the meeting server {target}: {entries} in the audit log, head {head}, "
    "{rows} rows; verified.",
)
T_REPLACED = Text(
    "Dit vervangt de voorbereide vergadering '{name}' die er stond (zonder stempassen of stemmingen).",
    "This replaces the prepared meeting '{name}' that was there (without passes or votes).",
)
T_PULLED = Text(
    "Vergadering '{name}' opgehaald naar {path}: {entries} in het logboek, kop {head}, {rows} rijen.",
    "Meeting '{name}' fetched into {path}: {entries} in the audit log, head {head}, {rows} rows.",
)
T_PULLED_BROKEN = Text(
    "Let op: het record op de server klopt niet met zijn logboek; het bestand is er een exacte kopie "
    "van (voor onderzoek): {detail}",
    "Note: the record on the server does not match its audit log; the file is an exact copy of it (for "
    "an investigation): {detail}",
)


T_PUSH = Text(
    "zet het vergaderbestand (--db) op de vergaderserver ADRES",
    "put the meeting file (--db) on the meeting server ADDRESS",
)
T_PULL = Text(
    "haal de vergadering van de server (--db ADRES) op in een nieuw BESTAND",
    "fetch the meeting from the server (--db ADDRESS) into a new FILE",
)
T_CREATE_MONITOR = Text("maak en start de monitor op deze laptop", "create and start the monitor on this laptop")
T_CREATE_NODE = Text(
    "maak en start een dataknooppunt op deze laptop (het eerste wordt primair, het volgende secundair)",
    "create and start a data node on this laptop (the first becomes primary, the next secondary)",
)
T_START = Text("start het deel van de formatie op deze laptop", "start this laptop's part of the formation")
T_STOP = Text("stop het deel van de formatie op deze laptop", "stop this laptop's part of the formation")
T_STATE = Text("toon de formatie zoals de monitor haar ziet", "show the formation as its monitor sees it")
T_ROOT = Text(
    "de map met het deel van deze laptop (data, instellingen, logboek)",
    "the folder that holds this laptop's part (data, settings, logs)",
)
T_HOSTNAME = Text(
    "hoe de andere laptops deze bereiken (naam of adres)", "how the other laptops reach this one (name or address)"
)
T_PORT = Text("poort (monitor 5431, dataknooppunt 5432)", "port (monitor 5431, data node 5432)")
T_LISTEN = Text("listen_addresses van PostgreSQL (standaard: alle)", "PostgreSQL's listen_addresses (default: all)")
T_NETWORK = Text("netwerk (CIDR) dat mag verbinden; meer keren mag", "network (CIDR) allowed to connect; repeatable")
T_USER = Text(
    "de gebruiker die de servers draait als u root bent (standaard postgres)",
    "the user that runs the servers when you are root (default postgres)",
)
T_DEFAULT_TIMEOUTS = Text(
    "de trage standaardtijden van pg_auto_failover in plaats van die voor een LAN",
    "pg_auto_failover's slow default timeouts instead of the LAN ones",
)
T_NAME = Text("de naam van het knooppunt in de formatie (bv. alv-a)", "the node's name in the formation (e.g. alv-a)")
T_MONITOR = Text(
    "de monitor als HOST[:POORT] (poort 5431 als die ontbreekt)", "the monitor as HOST[:PORT] (port 5431 when left out)"
)
T_TIMEOUT = Text("seconden voordat het opgegeven wordt (standaard 240)", "seconds before giving up (default 240)")
T_FORMATION_FAILED = Text("De formatie: {detail}", "The formation: {detail}")
T_NEED_PASSWORD = Text(
    "Zet {env} (er is geen terminal om naar het {what} te vragen).",
    "Set {env} (there is no terminal to ask for the {what}).",
)
T_PASSWORDS_DIFFER = Text("De wachtwoorden zijn leeg of verschillen.", "The passwords are empty or differ.")
T_MONITOR_RUNNING = Text("Monitor draait: {uri}", "Monitor running: {uri}")
T_NODE_RUNNING = Text("{name} draait op {host}:{port}.", "{name} is running on {host}:{port}.")
T_STARTED = Text("Gestart.", "Started.")
T_STOPPED = Text("Gestopt.", "Stopped.")
T_NO_MONITOR = Text("De monitor is niet bereikbaar: {error}", "The monitor cannot be reached: {error}")
T_WHAT_FORMATION = Text(
    "formatiewachtwoord (de gebruikers van pg_autoctl, op elke serverlaptop hetzelfde)",
    "formation password (pg_autoctl's users, the same on every server laptop)",
)
T_WHAT_APP = Text(
    "applicatiewachtwoord (de rol waarmee de balies inloggen)", "application password (the role the desks log in with)"
)

FORMATION_ACTIONS = ("create-monitor", "create-node", "start", "stop", "state")


def _arguments(p: Parser) -> None:
    actions = p.subcommands("server_command", "ACTION", required=True)
    for name, text in (("push", T_PUSH), ("pull", T_PULL)):
        sp = p.subcommand(actions, name, text)
        sp.add_argument("where", metavar=p.tr(T_WHERE_NAME), help=T_WHERE)
        add_json(sp)

    def root(sp: Parser) -> None:
        sp.add_argument("--root", type=Path, required=True, help=T_ROOT)
        sp.add_argument("--timeout", type=float, default=240.0, help=T_TIMEOUT)

    def lan(sp: Parser, port: int) -> None:
        sp.add_argument("--hostname", required=True, help=T_HOSTNAME)
        sp.add_argument("--port", type=int, default=port, help=T_PORT)
        sp.add_argument("--listen", default="*", help=T_LISTEN)
        sp.add_argument("--network", action="append", required=True, help=T_NETWORK)
        sp.add_argument("--user", default=None, help=T_USER)
        sp.add_argument("--default-timeouts", action="store_true", help=T_DEFAULT_TIMEOUTS)

    monitor = p.subcommand(actions, "create-monitor", T_CREATE_MONITOR)
    root(monitor)
    lan(monitor, 5431)
    node = p.subcommand(actions, "create-node", T_CREATE_NODE)
    root(node)
    lan(node, 5432)
    node.add_argument("--name", required=True, help=T_NAME)
    node.add_argument("--monitor", required=True, help=T_MONITOR)
    for name, text in (("start", T_START), ("stop", T_STOP), ("state", T_STATE)):
        sp = p.subcommand(actions, name, text)
        root(sp)
        if name == "state":
            add_json(sp)


def run_server(ctx: Context) -> int:
    if ctx.args.server_command in FORMATION_ACTIONS:
        from desk_app.server.process import FormationError

        try:
            return _run_formation(ctx)
        except FormationError as exc:
            ctx.warn(T_FORMATION_FAILED, detail=str(exc))
            return EXIT_REFUSED
    return _run_transfer(ctx)


def _password(ctx: Context, env: str, what: Text) -> str:
    from desk_app.server.process import FormationError

    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise FormationError(ctx.tr(T_NEED_PASSWORD, env=env, what=ctx.tr(what)))
    first = getpass.getpass(f"{ctx.tr(what)}: ")
    if not first or first != getpass.getpass(f"{ctx.tr(what)} (2): "):
        raise FormationError(ctx.tr(T_PASSWORDS_DIFFER))
    return first


def _secrets(ctx: Context) -> fm.Secrets:
    from desk_app.server import formation as fm

    return fm.Secrets(
        _password(ctx, "STEMBALIE_FORMATION_PASSWORD", T_WHAT_FORMATION),
        _password(ctx, "STEMBALIE_APP_PASSWORD", T_WHAT_APP),
    )


def _host_port(text: str, default: int) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    return (host, int(port)) if sep and port.isdigit() else (text, default)


def _state_json(st: fm.FormationState) -> dict[str, Any]:
    return {
        "monitor_reachable": st.monitor_reachable,
        "error": st.error,
        "number_sync_standbys": st.number_sync_standbys,
        "primary": st.primary.name if st.primary else None,
        "nodes": [
            {
                "name": n.name,
                "host": n.host,
                "port": n.port,
                "role": n.role,
                "reported": n.reported,
                "assigned": n.assigned,
                "health": n.health,
                "lsn": n.lsn,
            }
            for n in st.nodes
        ],
    }


def _run_formation(ctx: Context) -> int:
    from desk_app.server import formation as fm

    args = ctx.args
    action, root = args.server_command, Path(args.root)
    whole = (root / "formation.json").exists()  # a one-machine formation (scripts/formation.py up)
    timeouts = fm.DEFAULT_TIMEOUTS if getattr(args, "default_timeouts", False) else fm.LAN_TIMEOUTS
    if action == "create-monitor":
        inst = fm.create_monitor(
            root,
            hostname=args.hostname,
            port=args.port,
            listen=args.listen,
            networks=args.network,
            secrets_=_secrets(ctx),
            timeouts=timeouts,
            user=args.user,
            timeout=args.timeout,
        )
        ctx.say(T_MONITOR_RUNNING, uri=inst.monitor_uri())
        return EXIT_OK
    if action == "create-node":
        monitor_host, monitor_port = _host_port(args.monitor, 5431)
        inst = fm.create_node(
            root,
            name=args.name,
            hostname=args.hostname,
            port=args.port,
            listen=args.listen,
            networks=args.network,
            monitor_host=monitor_host,
            monitor_port=monitor_port,
            secrets_=_secrets(ctx),
            timeouts=timeouts,
            user=args.user,
            timeout=args.timeout,
        )
        ctx.say(T_NODE_RUNNING, name=inst.name, host=inst.spec.hostname, port=inst.spec.port)
        print(fm.state(monitor_host, monitor_port, passfile=inst.pgpass).describe())
        return EXIT_OK
    if action == "start":
        if whole:
            fm.Formation.open(root).start(timeout=args.timeout)
        else:
            fm.start(root, timeout=args.timeout)
        ctx.say(T_STARTED)
        return EXIT_OK
    if action == "stop":
        if whole:
            fm.Formation.open(root).stop(timeout=args.timeout)
        else:
            fm.stop(root, timeout=args.timeout)
        ctx.say(T_STOPPED)
        return EXIT_OK
    st = fm.Formation.open(root).state() if whole else fm.state_of(root)
    if args.json:
        ctx.json(_state_json(st))
    elif st.monitor_reachable:
        print(st.describe())
    else:
        ctx.warn(T_NO_MONITOR, error=st.error or "?")
    return EXIT_OK if st.monitor_reachable else EXIT_REFUSED


def _run_transfer(ctx: Context) -> int:
    from desk_app.services import transfer

    args = ctx.args
    args.action = args.server_command
    store = ctx.session.store
    if args.action == "push":
        result = transfer.push(store, args.where)
    else:
        result = transfer.pull(store, Path(args.where))
    ctx.close()
    rows = sum(result.rows.values())
    if args.json:
        ctx.json(
            {
                "action": args.action,
                "meeting": result.meeting,
                "source": result.source,
                "target": result.target,
                "head": result.head.text(),
                "entries": result.head.seq,
                "rows": result.rows,
                "verified": result.verified,
                "replaced": result.replaced,
                "detail": result.detail,
            }
        )
    elif args.action == "push":
        ctx.say(
            T_PUSHED,
            name=result.meeting,
            target=result.target,
            entries=log_entries(result.head.seq),
            head=result.head.short(),
            rows=rows,
        )
        if result.replaced is not None:
            ctx.say(T_REPLACED, name=result.replaced)
    else:
        ctx.say(
            T_PULLED,
            name=result.meeting,
            path=result.target,
            entries=log_entries(result.head.seq),
            head=result.head.short(),
            rows=rows,
        )
    if not result.verified:
        ctx.warn(T_PULLED_BROKEN, detail=result.detail)
        return EXIT_REFUSED
    return EXIT_OK


COMMANDS = (
    Command(
        "server",
        Text(
            "de vergaderserver: formatie opzetten en beheren, vergadering push/pull",
            "the meeting server: set up and run the formation, push/pull a meeting",
        ),
        run_server,
        _arguments,
        writes=False,  # push refuses a broken record itself; pull and the formation's commands leave it alone
    ),
)
