"""At the door, the desk's own service headless: check in (by card or by look-up), substitutes,
printing the stempas, the presence list, leave and return.

The coordinator's actions (a lost pass, a reprint, an override, an undo) are in
:mod:`desk_app.cli.coordinator`; both use the helpers here, so a pass issued from the command line
is issued, printed and recorded exactly as at the desk: :class:`~desk_app.services.desk.DeskService`'s
``issue*`` use cases with the same audit entries, the pass printed to a PDF file through the desk's
own :class:`~desk_app.printing.stempas.PassPrinter` (``--out MAP``; default the folder the desk
uses: the ``pass_pdf_folder`` preference, else ``stempassen/`` in the user data folder).
``--no-print`` registers without paper (the pass waits as *nog niet afgedrukt*; ``desk-app print
SERIAL`` prints it later, as the desk's print key does).

Nothing here imports the services or Qt at module level: ``desk-app --help`` stays light.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.cli import labels
from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, Command, Context, add_json, qt_for_painting
from desk_app.cli.parser import Parser
from desk_app.domain.text import DeskError, Text

if TYPE_CHECKING:
    from desk_app.domain.checkin import PassInfo, Verdict
    from desk_app.services.desk import DeskService, Issued

DESK = "balie-1"  # who acts when --desk is not given
STRONG_MATCH = 80  # domain.search.score: 100 code, 90 whole name, 80 start of the name, 50 a word in it

T_ISSUED = Text(
    "{headline}: {municipality}, {votes}, stempas {serial}",
    "{headline}: {municipality}, {votes}, pass {serial}",
)
T_REFUSED = Text("{headline}: {explanation}", "{headline}: {explanation}")
T_PRESENT = Text(
    "Aanwezig: {present_members} van {total_members} gemeenten, {present_votes} van {total_votes} stemmen",
    "Present: {present_members} of {total_members} municipalities, {present_votes} of {total_votes} votes",
)
T_LEFT = Text(
    "Stempas {serial} ingeleverd; {code} is niet meer aanwezig.",
    "Pass {serial} handed in; {code} is no longer present.",
)
T_BACK = Text("Stempas {serial} weer actief; {code} is aanwezig.", "Pass {serial} active again; {code} is present.")

# What happened, by IssueKind value (services.desk is not imported for --help).
T_DONE: dict[str, Text] = {
    "checkin": Text(
        "Stempas {serial} uitgegeven: {municipality}, {votes}, {holder}.",
        "Pass {serial} issued: {municipality}, {votes}, {holder}.",
    ),
    "substitute": Text(
        "Vervanger toegelaten: stempas {serial} voor {municipality} ({votes}), {holder}; "
        "stempas {previous} is ingeleverd.",
        "Substitute admitted: pass {serial} for {municipality} ({votes}), {holder}; pass {previous} is handed in.",
    ),
    "replacement": Text(
        "Verloren stempas {previous} vervangen door stempas {serial}: {municipality}, {holder}; "
        "de oude pas is ongeldig.",
        "Lost pass {previous} replaced by pass {serial}: {municipality}, {holder}; the old pass is invalid.",
    ),
    "override": Text(
        "Toegelaten ondanks eerdere registratie: stempas {serial} voor {municipality} ({votes}), "
        "{holder}; stempas {previous} is ongeldig.",
        "Admitted despite an earlier registration: pass {serial} for {municipality} ({votes}), "
        "{holder}; pass {previous} is invalid.",
    ),
    "print": Text(
        "Stempas {serial} afgedrukt: {municipality}, {holder}.", "Pass {serial} printed: {municipality}, {holder}."
    ),
    "reprint": Text(
        "Stempas {serial} opnieuw afgedrukt: {municipality}, {holder}.",
        "Pass {serial} printed again: {municipality}, {holder}.",
    ),
}
T_PDF = Text("Stempas als PDF: {path}", "Pass as PDF: {path}")
T_NOT_PRINTED = Text(
    "Niet afgedrukt: {error} De stempas is wel uitgegeven; afdrukken: desk-app print {serial}",
    "Not printed: {error} The pass was issued all the same; to print it: desk-app print {serial}",
)
T_NO_PRINT = Text(
    "Niet afgedrukt (--no-print); afdrukken: desk-app print {serial}",
    "Not printed (--no-print); to print it: desk-app print {serial}",
)
T_SAME_PERSON = Text(
    "{message}\nToch toelaten (coördinator): dezelfde opdracht met override in plaats van checkin, met --reason.",
    "{message}\nAdmit all the same (coordinator): the same command with override instead of checkin, with --reason.",
)
T_PIN_PROMPT = Text("Pincode van de coördinator: ", "Coordinator PIN: ")
T_NEED_PIN = Text(
    "Deze handeling vraagt de pincode van de coördinator: geef --pin, zet STEMBALIE_PIN of start vanaf "
    "een terminal om hem in te typen. Er is niets gewijzigd.",
    "This action needs the coordinator PIN: give --pin, set STEMBALIE_PIN or run from a terminal to type "
    "it. Nothing was changed.",
)
T_NO_MATCH = Text(
    "Geen gemeente gevonden voor '{query}'. Zoek op naam (ook een deel) of op code, bv. 0363.",
    "No municipality found for '{query}'. Search by name (or part of it) or by code, e.g. 0363.",
)
T_AMBIGUOUS = Text(
    "Meer dan één gemeente past bij '{query}'; kies er een met --code, bv. desk-app lookup {code} --reason ….",
    "More than one municipality matches '{query}'; choose one with --code, e.g. desk-app lookup {code} --reason ….",
)
T_NEXT = Text("Volgende stap: {command}", "Next step: {command}")
T_NAME_META = Text("NAAM", "NAME")
T_ROLE_META = Text("FUNCTIE", "ROLE")
T_REASON_META = Text("REDEN", "REASON")
T_DIR_META = Text("MAP", "DIR")

H_SERIAL = Text("stempasnummer", "voting pass number")
H_NAME = Text("wie de kaart aanbiedt", "who presents the card")
H_ROLE = Text(
    "functie: burgemeester, wethouder, raadslid, gemeentesecretaris of griffier",
    "role: burgemeester, wethouder, raadslid, gemeentesecretaris or griffier (English names also accepted)",
)
H_OUT = Text(
    "map voor de stempassen (PDF); standaard die van de balie (stempassen/ in de gebruikersmap)",
    "folder for the passes (PDF); default the desk's (stempassen/ in the user data folder)",
)
H_NO_PRINT = Text(
    "niet afdrukken; de pas wacht als 'nog niet afgedrukt' (later: desk-app print)",
    "do not print; the pass waits as 'not printed yet' (later: desk-app print)",
)
H_PIN = Text(
    "pincode van de coördinator (liever STEMBALIE_PIN of de vraag op de terminal: een argument is zichtbaar "
    "voor andere gebruikers)",
    "coordinator PIN (better STEMBALIE_PIN or the terminal prompt: an argument is visible to other users)",
)
H_CODE = Text("gemeentecode, bv. GM0518 (handmatig opgezocht)", "municipality code, e.g. GM0518 (looked up by hand)")
H_LOOKUP_REASON = Text(
    "waarom handmatig opgezocht (verplicht bij --code; wordt vastgelegd)",
    "why it was looked up by hand (required with --code; recorded)",
)

# Kept alive while a command paints passes (a QGuiApplication dropped too early is deleted).
_QT: list[object] = []


# -- shared by the desk's and the coordinator's commands ----------------------------------------------
def desk_service(ctx: Context, *, printing: bool) -> DeskService:
    """The session's desk, speaking the run's language; with ``printing``, printing passes to PDF files."""
    desk = ctx.session.desk
    desk.tr = ctx.tr  # refusals and print errors in the run's language
    if printing:
        desk.printer = pass_printer(ctx)
    return desk


def pass_printer(ctx: Context) -> Any:
    """The desk's pass printer, writing PDF files to ``--out`` or the folder the desk uses."""
    from desk_app import paths, settings
    from desk_app.printing.stempas import PDF_TARGET, PassPrinter

    _QT.append(qt_for_painting())
    prefs = settings.load()
    folder = getattr(ctx.args, "out", None)
    if folder is None:
        folder = Path(prefs.pass_pdf_folder) if prefs.pass_pdf_folder else paths.user_data_dir() / "stempassen"
    return PassPrinter(PDF_TARGET, prefs.pass_size, Path(folder))


def coordinator_pin(ctx: Context) -> str:
    """The coordinator's PIN: ``--pin``, else ``STEMBALIE_PIN``, else asked on the terminal (not echoed)."""
    pin = getattr(ctx.args, "pin", None) or os.environ.get("STEMBALIE_PIN")
    if pin:
        return str(pin)
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(ctx.tr(T_PIN_PROMPT))
    raise DeskError("cli.pin", T_NEED_PIN)


def add_pin(p: Parser) -> None:
    p.add_argument("--pin", default=None, help=H_PIN)


def add_print_options(p: Parser, *, optional: bool = True) -> None:
    p.add_argument("--out", type=Path, default=None, metavar=T_DIR_META, help=H_OUT)
    if optional:
        p.add_argument("--no-print", action="store_true", help=H_NO_PRINT)


def add_person(p: Parser) -> None:
    p.add_argument("--name", required=True, metavar=T_NAME_META, help=H_NAME)
    p.add_argument("--role", required=True, metavar=T_ROLE_META, help=H_ROLE)


def _holder(p: PassInfo, lang: str) -> str:
    return f"{p.holder_name or '?'} ({labels.role(p.holder_role, lang)})"


def pass_json(p: PassInfo) -> dict[str, object]:
    return {
        "pass": p.serial,
        "pass_token": p.token,
        "code": p.code,
        "holder": p.holder_name,
        "role": p.holder_role,
        "status": str(p.status),
        "print_state": str(p.print_state),
        "desk": p.desk,
        "issued_at": p.issued_at,
    }


def verdict_json(v: Verdict, lang: str) -> dict[str, object]:
    """A verdict as plain data: the stable kind, and the words for people in ``lang``."""
    return {
        "verdict": v.kind.value,
        "accepted": v.accepted,
        "headline": v.headline(lang),
        "message": v.explanation(lang),
        "code": v.code,
        "municipality": v.municipality,
        "votes": v.votes,
        "card_version": v.card_version,
        "designated": {"name": v.rep_name, "role": v.rep_role} if v.rep_name or v.rep_role else None,
        "manual_reason": v.manual_reason,
        "existing": pass_json(v.existing) if v.existing is not None else None,
    }


def report_issued(ctx: Context, issued: Issued, extra: dict[str, object] | None = None) -> int:
    """Say what was issued and whether (and where) it was printed; ``--json`` for scripts."""
    from desk_app.domain.checkin import votes_words

    p, printed = issued.stempas, issued.printed
    if ctx.args.json:
        ctx.json(
            {
                **(extra or {}),
                "action": issued.kind.value,
                **pass_json(p),
                "municipality": issued.member.name,
                "votes": issued.member.votes,
                "previous": issued.previous,
                "printed": None
                if printed is None
                else {"ok": printed.ok, "path": str(printed.path) if printed.path else None, "error": printed.error},
            },
            indent=None,
        )
    else:
        ctx.say(
            T_DONE[issued.kind.value],
            serial=p.serial,
            municipality=issued.member.name,
            votes=votes_words(issued.member.votes),
            holder=_holder(p, ctx.lang),
            previous=issued.previous,
        )
        if printed is not None and printed.ok and printed.path is not None:
            ctx.say(T_PDF, path=printed.path)
    if printed is None:
        ctx.warn(T_NO_PRINT, serial=p.serial)
    elif not printed.ok:
        ctx.warn(T_NOT_PRINTED, error=printed.error, serial=p.serial)
    return EXIT_OK


def unprinted(desk: DeskService, kind: str, p: PassInfo, previous: int | None = None) -> Issued:
    """What ``--no-print`` reports: the pass as issued, the printer not asked (``printed`` is None)."""
    from desk_app.domain.checkin import DeskMember
    from desk_app.services.desk import Issued, IssueKind

    v = desk.pass_verdict(p.serial)
    return Issued(IssueKind(kind), p, DeskMember(p.code, v.municipality or p.code, v.votes or 0), None, previous)


def issue(
    ctx: Context,
    kind: str,
    printing: Callable[[DeskService], Issued],
    plain: Callable[[DeskService], PassInfo],
    previous: int | None = None,
    extra: dict[str, object] | None = None,
) -> int:
    """Run one issuing use case: with the print step (``printing``), or without it under ``--no-print``."""
    if getattr(ctx.args, "no_print", False):
        desk = desk_service(ctx, printing=False)
        return report_issued(ctx, unprinted(desk, kind, plain(desk), previous), extra)
    return report_issued(ctx, printing(desk_service(ctx, printing=True)), extra)


def verdict_for(desk: DeskService, token: str | None, code: str | None, reason: str | None) -> Verdict:
    """The verdict for card digits, or for a municipality looked up by hand (the reason is required)."""
    if token:
        return desk.scan(token)
    assert code is not None
    return desk.manual_verdict(code.strip().upper(), reason or "")


def refuse_verdict(ctx: Context, v: Verdict, extra: dict[str, object] | None = None) -> int:
    if ctx.args.json:
        ctx.json({**verdict_json(v, ctx.lang), "pass": None, "pass_token": None, **(extra or {})}, indent=None)
    else:
        ctx.warn(T_REFUSED, headline=v.headline(ctx.lang), explanation=v.explanation(ctx.lang))
    return EXIT_REFUSED


def card_or_code(p: Parser, reason: Text = H_LOOKUP_REASON, *, required: bool = False) -> None:
    """The card's digits, or ``--code`` for a municipality looked up by hand (then a reason is needed)."""
    who = p.add_mutually_exclusive_group(required=True)
    # A group's arguments are not the parser's own: their help is rendered here.
    who.add_argument(
        "token",
        nargs="?",
        default=None,
        help=p.tr(Text("de cijfers van de stemkaart", "the digits of the voting card")),
    )
    who.add_argument("--code", default=None, help=p.tr(H_CODE))
    p.add_argument("--reason", required=required, default=None, help=reason)


# -- check in -------------------------------------------------------------------------------------------
def _checkin_arguments(p: Parser) -> None:
    card_or_code(p)
    add_person(p)
    add_print_options(p)
    add_json(p)


def run_checkin(ctx: Context) -> int:
    from desk_app.domain.checkin import votes_words

    args = ctx.args
    desk = desk_service(ctx, printing=False)
    verdict = verdict_for(desk, args.token, args.code, args.reason)
    if not verdict.accepted:
        return refuse_verdict(ctx, verdict)
    try:
        if args.no_print:
            p = desk.check_in(verdict, name=args.name, role=args.role)
            issued = unprinted(desk, "checkin", p)
        else:
            issued = desk_service(ctx, printing=True).issue(verdict, name=args.name, role=args.role)
    except DeskError as err:
        if err.code != "desk.same_person":
            raise
        # One person, one pass: say what the coördinator's way through is.
        ctx.warn(T_SAME_PERSON, message=ctx.tr.error(err))
        return EXIT_REFUSED
    if args.json:
        return report_issued(ctx, issued, {**verdict_json(verdict, ctx.lang), "accepted": True})
    ctx.say(
        T_ISSUED,
        headline=verdict.headline(ctx.lang),
        municipality=verdict.municipality,
        votes=votes_words(verdict.votes or 0),
        serial=issued.stempas.serial,
    )
    return report_issued(ctx, issued)


# -- look-up ---------------------------------------------------------------------------------------------
def _lookup_arguments(p: Parser) -> None:
    p.add_argument(
        "query",
        help=Text(
            "naam (ook een deel, zonder accenten) of code: 'den haag', 'súdwest', '0363'",
            "name (or part of it, accents optional) or code: 'den haag', 'súdwest', '0363'",
        ),
    )
    p.add_argument(
        "--reason",
        required=True,
        help=Text(
            "waarom handmatig: bv. 'kaart vergeten' (wordt bij de aanmelding vastgelegd)",
            "why by hand: e.g. 'card forgotten' (recorded with the check-in)",
        ),
    )
    add_json(p)


def _next_steps(ctx: Context, v: Verdict, reason: str) -> list[str]:
    """The command lines that act on this verdict, as the desk's buttons would."""
    import shlex

    from desk_app.domain.checkin import VerdictKind

    code, why = v.code or "?", shlex.quote(reason)
    person = f"--name {ctx.tr(T_NAME_META)} --role {ctx.tr(T_ROLE_META)}"
    because = f"--reason {ctx.tr(T_REASON_META)}"
    if v.kind is VerdictKind.ACCEPTED:
        return [f"desk-app checkin --code {code} --reason {why} {person}"]
    if v.kind is VerdictKind.ALREADY and v.existing is not None:
        s = v.existing.serial
        return [
            f"desk-app substitute {s} {person}",
            f"desk-app lost {s} {because}",
            f"desk-app reprint {s} {because}",
            f"desk-app override --code {code} {person} {because}",
        ]
    return []


def run_lookup(ctx: Context) -> int:
    args = ctx.args
    desk = desk_service(ctx, printing=False)
    matches = desk.lookup(args.query)
    # One municipality is chosen when it is the only match, or the only one found by its code or by
    # the start of its name ("groning": Groningen, not Midden-Groningen); otherwise the list asks for --code.
    strong = [m for m in matches if m.score >= STRONG_MATCH]
    chosen = matches[0] if len(matches) == 1 else strong[0] if len(strong) == 1 else None
    verdict = desk.manual_verdict(chosen.code, args.reason) if chosen else None
    if args.json:
        ctx.json(
            {
                "query": args.query,
                "matches": [asdict(m) for m in matches],
                "chosen": chosen.code if chosen else None,
                "verdict": verdict_json(verdict, ctx.lang) if verdict else None,
                "next": _next_steps(ctx, verdict, args.reason) if verdict else [],
            },
            indent=None,
        )
    else:
        for m in matches:
            print(f"{'>' if m is chosen else ' '} {m.code}  {m.name:<32.32} {m.votes:>2}")
        if verdict is not None:
            print(f"{verdict.headline(ctx.lang)}: {verdict.explanation(ctx.lang)}")
            for line in _next_steps(ctx, verdict, args.reason):
                ctx.say(T_NEXT, command=line)
    if not matches:
        ctx.warn(T_NO_MATCH, query=args.query)
        return EXIT_REFUSED
    if chosen is None:
        ctx.warn(T_AMBIGUOUS, query=args.query, code=matches[0].code)
        return EXIT_REFUSED
    return EXIT_OK


# -- substitute and print -----------------------------------------------------------------------------
def _substitute_arguments(p: Parser) -> None:
    p.add_argument("serial", type=int, help=Text("de stempas die wordt overgenomen", "the pass taken over"))
    add_person(p)
    add_print_options(p)
    add_json(p)


def run_substitute(ctx: Context) -> int:
    a = ctx.args
    return issue(
        ctx,
        "substitute",
        lambda desk: desk.issue_substitute(a.serial, name=a.name, role=a.role),
        lambda desk: desk.substitute(a.serial, name=a.name, role=a.role),
        previous=a.serial,
    )


def _print_arguments(p: Parser) -> None:
    p.add_argument("serial", type=int, help=H_SERIAL)
    add_print_options(p, optional=False)
    add_json(p)


def run_print(ctx: Context) -> int:
    return report_issued(ctx, desk_service(ctx, printing=True).print_stempas(ctx.args.serial))


# -- presence, leave and return ------------------------------------------------------------------------
def run_presence(ctx: Context) -> int:
    desk = ctx.session.desk
    rows = desk.presence()
    c = desk.counters()
    if ctx.args.json:
        ctx.json({"presence": [asdict(r) for r in rows], "counters": asdict(c)})
        return EXIT_OK
    # Pad the status after translating it: the labels differ in length per language.
    width = max((len(labels.presence_status(r.status, ctx.lang)) for r in rows), default=7)
    for r in rows:
        who = f"{r.holder_name} ({labels.role(r.holder_role, ctx.lang)})" if r.serial else ""
        status = labels.presence_status(r.status, ctx.lang)
        print(f"{r.code}  {r.name:<32.32} {r.votes:>2}  {status:<{width}} {r.serial or '':>6}  {who}")
    ctx.say(T_PRESENT, **asdict(c))
    return EXIT_OK


def _serial_arguments(p: Parser) -> None:
    p.add_argument("serial", type=int, help=H_SERIAL)
    add_json(p)


def _moved(ctx: Context, p: PassInfo, text: Text) -> int:
    if ctx.args.json:
        ctx.json({"action": ctx.command.name, **pass_json(p)}, indent=None)
    else:
        ctx.say(text, serial=p.serial, code=p.code)
    return EXIT_OK


def run_leave(ctx: Context) -> int:
    return _moved(ctx, desk_service(ctx, printing=False).leave(ctx.args.serial), T_LEFT)


def run_return(ctx: Context) -> int:
    return _moved(ctx, desk_service(ctx, printing=False).come_back(ctx.args.serial), T_BACK)


COMMANDS = (
    Command(
        "checkin",
        Text(
            "registreer een stemkaart of opgezochte gemeente; geeft de stempas uit",
            "check in a voting card or a looked-up municipality; issues the pass",
        ),
        run_checkin,
        _checkin_arguments,
        acting_desk=DESK,
    ),
    Command(
        "lookup",
        Text(
            "zoek een gemeente op naam of code (zonder kaart) en toon het oordeel",
            "look a municipality up by name or code (no card) and show the verdict",
        ),
        run_lookup,
        _lookup_arguments,
        acting_desk=DESK,
        writes=False,
    ),
    Command(
        "substitute",
        Text(
            "een vervanger van dezelfde gemeente neemt de stempas over (nieuwe pas)",
            "a substitute of the same municipality takes over the pass (new pass)",
        ),
        run_substitute,
        _substitute_arguments,
        acting_desk=DESK,
    ),
    Command(
        "print",
        Text(
            "druk een stempas af die nog niet is afgedrukt (geen pincode)",
            "print a pass that was never printed (no PIN)",
        ),
        run_print,
        _print_arguments,
        acting_desk=DESK,
    ),
    Command(
        "presence", Text("presentielijst", "presence list"), run_presence, add_json, acting_desk=DESK, writes=False
    ),
    Command(
        "leave",
        Text("stempas ingeleverd: vertrekt", "pass handed in: leaves"),
        run_leave,
        _serial_arguments,
        acting_desk=DESK,
    ),
    Command(
        "return",
        Text("komt terug met dezelfde stempas", "comes back with the same pass"),
        run_return,
        _serial_arguments,
        acting_desk=DESK,
    ),
)
