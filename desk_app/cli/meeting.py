"""Before the meeting, for the secretariat: create it, the register, designations, opening, the audit check, the PIN."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

from desk_app.cli import labels
from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, Command, Context, add_json
from desk_app.cli.parser import T_DATE, Parser
from desk_app.domain.text import DeskError, Text, counted

T_NEED_DATE = Text("Geef de datum van de vergadering: --date JJJJ-MM-DD.", "Give the meeting date: --date YYYY-MM-DD.")
T_CREATED = Text(
    "Vergadering aangemaakt in {path}: {members} gemeenten, {votes} stemmen.",
    "Meeting created in {path}: {members} municipalities, {votes} votes.",
)
T_TOTALS = Text(
    "{members} gemeenten, {votes} stemmen ({at_cap} op het maximum van 75, {at_minimum} op het minimum van 1)",
    "{members} municipalities, {votes} votes ({at_cap} at the cap of 75, {at_minimum} at the minimum of 1)",
)
T_REGISTER = Text(
    "Ledenregister ingelezen: {members} gemeenten, {votes} stemmen.",
    "Member register imported: {members} municipalities, {votes} votes.",
)
T_REPS_IMPORTED = Text("{reps} ingelezen.", "{reps} imported.")
T_REP = Text("{n} vertegenwoordiger", "{n} representative")
T_REPS = Text("{n} vertegenwoordigers", "{n} representatives")
T_REP_SET = Text(
    "Vertegenwoordiger vastgelegd: {code} {name} ({role})", "Representative recorded: {code} {name} ({role})"
)
T_OPENED = Text(
    "Vergadering geopend om {at}; de stemgewichten liggen vast.", "Meeting opened at {at}; the weights are frozen."
)
T_WARNING = Text("Let op: {message}", "Note: {message}")
T_CONFIRM_OPEN = Text(
    "Toch openen? De stemgewichten liggen dan vast. [j/N]", "Open all the same? The weights are then frozen. [y/N]"
)
T_NOT_OPENED = Text(
    "De vergadering is niet geopend. Controleer het ledenregister, of open toch met: desk-app open --yes",
    "The meeting was not opened. Check the member register, or open all the same with: desk-app open --yes",
)
T_PIN_SET = Text("Coördinator-pincode ingesteld.", "Coordinator PIN set.")
T_CURRENT_PROMPT = Text("Huidige pincode van de coördinator: ", "Current coordinator PIN: ")
T_NEW_PROMPT = Text("Nieuwe pincode van de coördinator: ", "New coordinator PIN: ")
T_AGAIN_PROMPT = Text("Nieuwe pincode nog een keer: ", "New PIN again: ")
T_NEED_NEW_PIN = Text(
    "Geef de nieuwe pincode (desk-app coordinator-pin NIEUW) of start vanaf een terminal om hem in te typen.",
    "Give the new PIN (desk-app coordinator-pin NEW) or run from a terminal to type it.",
)
T_PIN_MISMATCH = Text(
    "De twee nieuwe pincodes verschillen. Er is niets gewijzigd.", "The two new PINs differ. Nothing was changed."
)


# -- init -------------------------------------------------------------------------------------------
def _init_arguments(p: Parser) -> None:
    p.add_argument(
        "--register",
        type=Path,
        help=Text(
            "ledenregister (CSV, CBS-indeling); standaard het meegeleverde CBS-register",
            "member register (CSV, CBS layout); default the bundled CBS register",
        ),
    )
    p.add_argument(
        "--name",
        default="Algemene Ledenvergadering VNG",
        help=Text("naam van de vergadering", "name of the meeting"),
    )
    p.add_argument("--date", default=None, metavar=T_DATE, help=Text("datum van de vergadering", "date of the meeting"))
    p.add_argument("--place", default="", help=Text("plaats", "place"))
    p.add_argument("--desks", default="balie-1", help=Text("balies, komma-gescheiden", "desks, comma separated"))


def run_init(ctx: Context) -> int:
    from desk_app import paths
    from desk_app.session import Session

    args = ctx.args
    path = ctx.meeting_path()
    removable = ctx.allow_removable
    if args.demo:
        from desk_app.services.demo import build_demo

        with ctx.opening():
            build_demo(path, allow_removable=removable).store.close()  # refuses an existing meeting, like init
        session = ctx.use(Session.open(path, actor=ctx.actor(), tr=ctx.tr, allow_removable=removable))
    else:
        if not args.date:
            raise DeskError("cli.date", T_NEED_DATE)
        register = Path(args.register or paths.default_register())
        with ctx.opening():
            session = ctx.use(
                Session.create(
                    path,
                    name=args.name,
                    date=args.date,
                    place=args.place,
                    register_csv=ctx.read(register),
                    register_source=str(register),
                    desks=[d.strip() for d in args.desks.split(",") if d.strip()],
                    actor=ctx.actor(),
                    tr=ctx.tr,
                    allow_removable=removable,
                )
            )
    t = session.meeting.totals()
    ctx.say(T_CREATED, path=path, members=t.members, votes=t.votes)
    return EXIT_OK


# -- the register and the designations --------------------------------------------------------------
def run_members(ctx: Context) -> int:
    svc = ctx.session.meeting
    rows = svc.member_rows()
    t = svc.totals()
    if ctx.args.json:
        ctx.json({"members": [asdict(r) for r in rows], "totals": asdict(t)})
        return EXIT_OK
    for r in rows:
        rep = f"{r.rep_name} ({labels.role(r.rep_role, ctx.lang)})" if r.rep_name else "-"
        print(f"{r.code}  {r.name:<32.32} {r.province:<14.14} {r.population:>9}  {r.votes:>2}  {rep}")
    ctx.say(T_TOTALS, members=t.members, votes=t.votes, at_cap=t.at_cap, at_minimum=t.at_minimum)
    return EXIT_OK


def _register_arguments(p: Parser) -> None:
    p.add_argument(
        "csv", type=Path, help=Text("ledenregister (CSV, CBS-indeling)", "member register (CSV, CBS layout)")
    )


def run_register(ctx: Context) -> int:
    t = ctx.session.meeting.import_register(ctx.read(ctx.args.csv), str(ctx.args.csv))
    ctx.say(T_REGISTER, members=t.members, votes=t.votes)
    return EXIT_OK


def _reps_arguments(p: Parser) -> None:
    actions = p.subcommands("reps_command", "ACTION", required=True)
    s = p.subcommand(
        actions,
        "import",
        Text(
            "lees vertegenwoordigers uit CSV of .xlsx (gemeentecode, naam, functie, e-mail; alles of niets)",
            "import representatives from CSV or .xlsx (code, name, role, email; all or nothing)",
        ),
    )
    s.add_argument("csv", type=Path)
    s = p.subcommand(actions, "set", Text("leg één vertegenwoordiger vast", "record one representative"))
    s.add_argument("code", help=Text("gemeentecode, bv. GM0363", "municipality code, e.g. GM0363"))
    s.add_argument("--name", default=None, help=Text("naam van de vertegenwoordiger", "name of the representative"))
    s.add_argument("--role", default=None, help=Text("functie, bv. burgemeester", "role, e.g. burgemeester"))
    s.add_argument(
        "--email",
        default=None,
        help=Text("e-mailadres van de gemeentesecretaris", "e-mail address of the municipal secretary"),
    )


def run_reps(ctx: Context) -> int:
    svc = ctx.session.meeting
    args = ctx.args
    if args.reps_command == "import":
        n = svc.import_designations(ctx.read(args.csv), str(args.csv))
        ctx.say(T_REPS_IMPORTED, reps=counted(n, T_REP, T_REPS))
    else:
        d = svc.set_designation(args.code, name=args.name, role=args.role, email=args.email)
        ctx.say(T_REP_SET, code=d.code, name=d.name or "-", role=labels.role(d.role, ctx.lang))
    return EXIT_OK


# -- opening and checking ----------------------------------------------------------------------------
def _open_arguments(p: Parser) -> None:
    p.add_argument(
        "--yes",
        action="store_true",
        help=Text(
            "open ook bij waarschuwingen over het ledenregister (zonder te vragen)",
            "open despite warnings about the member register (without asking)",
        ),
    )


def run_open(ctx: Context) -> int:
    meeting = ctx.session.meeting
    # Doubts about the register are shown before the weights freeze, and confirmed (as in the window).
    warnings = meeting.register_warnings()
    for warning in warnings:
        ctx.warn(T_WARNING, message=ctx.tr.error(warning))
    if warnings and not ctx.args.yes and not confirm(ctx, T_CONFIRM_OPEN):
        raise DeskError("cli.not_confirmed", T_NOT_OPENED)
    m = meeting.open_meeting()
    ctx.say(T_OPENED, at=m.opened_at)
    return EXIT_OK


def confirm(ctx: Context, question: Text) -> bool:
    """Ask on the terminal (yes: j, ja, y, yes); without a terminal the answer is no (use --yes)."""
    if sys.stdin is None or not sys.stdin.isatty():
        return False
    print(ctx.tr(question), end=" ", file=sys.stderr, flush=True)
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in ("j", "ja", "y", "yes")


def _verify_arguments(p: Parser) -> None:
    p.add_argument(
        "--against",
        action="append",
        default=None,
        metavar=Text("ANKER", "ANCHOR"),
        help=Text(
            "houd de kop van de keten ook tegen een reservekopie (of haar .head.json), een exportmap, of een kop "
            "als 123:9f86d081884c (van een stempas of het proces-verbaal); mag vaker",
            "also hold the chain head against a backup (or its .head.json), an export folder, or a head such as "
            "123:9f86d081884c (from a pass or the minutes); may be repeated",
        ),
    )
    add_json(p)


def run_verify(ctx: Context) -> int:
    from desk_app.services.integrity import verify_meeting

    report = verify_meeting(ctx.session.store, ctx.args.against)
    lines = report.lines(ctx.lang)
    if ctx.args.json:
        chain = report.chain
        ctx.json(
            {
                "ok": report.ok,
                "entries": chain.entries,
                "head": chain.head,
                "anchor": report.head.text(),
                "chain_ok": chain.ok,
                "replayed": chain.replayed,
                "first_bad_seq": chain.first_bad_seq,
                "reason": chain.reason,
                "difference": asdict(chain.difference) if chain.difference else None,
                "damage": list(report.damage),
                "anchors": [
                    {"source": a.anchor.source, "seq": a.anchor.seq, "hash": a.anchor.hash, "result": a.kind}
                    for a in report.anchors
                ],
                "unreadable": [ctx.tr.error(e) for e in report.unreadable],
                "messages": lines,
            },
            indent=None,
        )
    else:
        for line in lines:
            print(line, file=sys.stdout if report.ok else sys.stderr)
    return EXIT_OK if report.ok else EXIT_REFUSED


def _pin_arguments(p: Parser) -> None:
    p.add_argument(
        "pin",
        nargs="?",
        default=None,
        metavar=Text("NIEUW", "NEW"),
        help=Text(
            "de nieuwe pincode, 4 tot 12 cijfers (zonder: gevraagd op de terminal)",
            "the new PIN, 4 to 12 digits (without it: asked on the terminal)",
        ),
    )
    p.add_argument(
        "--current",
        default=None,
        metavar=Text("HUIDIG", "CURRENT"),
        help=Text(
            "de huidige pincode, nodig als er al een is (anders STEMBALIE_PIN of de vraag op de terminal)",
            "the current PIN, needed when one is set (else STEMBALIE_PIN or the terminal prompt)",
        ),
    )


def _ask(ctx: Context, prompt: Text) -> str | None:
    """A PIN typed on the terminal without echo; None when there is no terminal to ask on."""
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(ctx.tr(prompt))


def run_coordinator_pin(ctx: Context) -> int:
    """Set the PIN; changing it needs the current one (``--current``, ``STEMBALIE_PIN`` or the prompt)."""
    import os

    desk = ctx.session.desk
    current = None
    if desk.coordinator_pin_set():
        current = ctx.args.current or os.environ.get("STEMBALIE_PIN") or _ask(ctx, T_CURRENT_PROMPT)
    pin = ctx.args.pin
    if pin is None:
        pin = _ask(ctx, T_NEW_PROMPT)
        if pin is None:
            raise DeskError("cli.pin", T_NEED_NEW_PIN)
        if _ask(ctx, T_AGAIN_PROMPT) != pin:
            raise DeskError("cli.pin", T_PIN_MISMATCH)
    desk.change_coordinator_pin(pin, current=current)
    ctx.say(T_PIN_SET)
    return EXIT_OK


COMMANDS = (
    Command("init", Text("maak een nieuwe vergadering", "create a new meeting"), run_init, _init_arguments),
    Command(
        "members",
        Text(
            "toon het ledenregister met stemmen en vertegenwoordigers",
            "show the member register with votes and representatives",
        ),
        run_members,
        add_json,
        writes=False,
    ),
    Command(
        "register",
        Text("lees het ledenregister opnieuw in", "re-import the member register"),
        run_register,
        _register_arguments,
    ),
    Command(
        "reps",
        Text("vertegenwoordigers inlezen of vastleggen", "import or record representatives"),
        run_reps,
        _reps_arguments,
    ),
    Command(
        "open",
        Text("open de vergadering (de stemgewichten liggen dan vast)", "open the meeting (freezes the weights)"),
        run_open,
        _open_arguments,
    ),
    Command(
        "verify",
        Text(
            "controleer het logboek, de tabellen en het bestand (ankers: --against)",
            "verify the audit log, the tables and the file (anchors: --against)",
        ),
        run_verify,
        _verify_arguments,
        writes=False,  # it finds what does not hold: never held up by it
    ),
    Command(
        "coordinator-pin",
        Text(
            "stel de coördinator-pincode in of wijzig hem (met de huidige)",
            "set or change (with the current) the coordinator PIN",
        ),
        run_coordinator_pin,
        _pin_arguments,
        acting_desk="balie-1",
        aliases=("supervisor-pin",),
    ),
)
