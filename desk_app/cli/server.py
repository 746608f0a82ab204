"""The meeting server: move a meeting onto the formation and back (``server push`` / ``server pull``).

``desk-app --db FILE server push ADDRESS`` loads the prepared meeting file into the meeting server;
``desk-app --db ADDRESS server pull FILE`` writes the whole record back into a new meeting file
(see :mod:`desk_app.services.transfer`). The address is a ``postgresql://`` URI listing the data
nodes (docs/FORMATION.md); its password comes from the laptop's pgpass file, ``PGPASSWORD`` or
the URI itself. Setting up the formation (create, start, stop, state) is ``scripts/formation.py``.
"""

from __future__ import annotations

from pathlib import Path

from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, Command, Context, add_json
from desk_app.cli.parser import Parser
from desk_app.domain.text import Text

T_ACTION = Text(
    "push ADRES: zet het vergaderbestand (--db) op de vergaderserver; pull BESTAND: haal de vergadering "
    "van de server (--db ADRES) op in een nieuw bestand",
    "push ADDRESS: put the meeting file (--db) on the meeting server; pull FILE: fetch the meeting from "
    "the server (--db ADDRESS) into a new file",
)
T_WHERE = Text(
    "het adres van de server (push) of het nieuwe bestand (pull)", "the server's address (push) or the new file (pull)"
)
T_WHERE_NAME = Text("ADRES|BESTAND", "ADDRESS|FILE")
T_PUSHED = Text(
    "Vergadering '{name}' staat op de vergaderserver {target}: {entries} audit-regels, kop {head}, "
    "{rows} rijen; gecontroleerd.",
    "Meeting '{name}' is on the meeting server {target}: {entries} audit entries, head {head}, {rows} rows; verified.",
)
T_REPLACED = Text(
    "Dit vervangt de voorbereide vergadering '{name}' die er stond (zonder stempassen of stemmingen).",
    "This replaces the prepared meeting '{name}' that was there (without passes or votes).",
)
T_PULLED = Text(
    "Vergadering '{name}' opgehaald naar {path}: {entries} audit-regels, kop {head}, {rows} rijen.",
    "Meeting '{name}' fetched into {path}: {entries} audit entries, head {head}, {rows} rows.",
)
T_PULLED_BROKEN = Text(
    "Let op: het record op de server klopt niet met zijn logboek; het bestand is er een exacte kopie "
    "van (voor onderzoek): {detail}",
    "Note: the record on the server does not match its audit log; the file is an exact copy of it (for "
    "an investigation): {detail}",
)


def _arguments(p: Parser) -> None:
    p.add_argument("action", choices=["push", "pull"], help=T_ACTION)
    p.add_argument("where", metavar=p.tr(T_WHERE_NAME), help=T_WHERE)
    add_json(p)


def run_server(ctx: Context) -> int:
    from desk_app.services import transfer

    args = ctx.args
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
            entries=result.head.seq,
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
            entries=result.head.seq,
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
            "zet een vergadering op de vergaderserver (push) of haal haar terug (pull)",
            "put a meeting on the meeting server (push) or fetch it back (pull)",
        ),
        run_server,
        _arguments,
    ),
)
