"""In the hall: the agenda, the votes (open, record, close, declare, result) and the chair's tally screen."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.cli import labels
from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Command, Context, add_json
from desk_app.cli.parser import T_FILE, Parser
from desk_app.domain.text import DeskError, Text, Translator

if TYPE_CHECKING:
    from desk_app.domain.agenda import Agenda
    from desk_app.domain.vote import Vote
    from desk_app.services.voting import VotingService

DESK = "balie-1"  # who acts when --desk is not given

T_NO_AGENDA = Text(
    "Er is nog geen agenda ingelezen (desk-app agenda --load BESTAND).",
    "No agenda has been loaded yet (desk-app agenda --load FILE).",
)
T_ORDER = Text("Stemvolgorde: {order}", "Voting order: {order}")
T_AGENDA_WRITTEN = Text("Agenda geschreven naar {path}.", "Agenda written to {path}.")
T_CANNOT_WRITE = Text("Kan {path} niet schrijven: {reason}.", "Cannot write {path}: {reason}.")
T_NO_VOTE = Text("Er is nog geen stemming gehouden.", "No vote has been held yet.")
T_VOTE = Text("Stemming {n} ({step}): {status}", "Vote {n} ({step}): {status}")
T_STATEMENT_COMPUTED = Text(
    "Een eigen verklaring hoort bij --as adopted of --as rejected; de berekende uitslag krijgt de standaardzin.",
    "A statement of your own goes with --as adopted or --as rejected; the computed result gets the standard sentence.",
)
T_NOT_VOTED = Text(" — nog niet gestemd: {n}", " — not voted yet: {n}")


# -- agenda ----------------------------------------------------------------------------------------
def _agenda_arguments(p: Parser) -> None:
    p.add_argument(
        "--load",
        type=Path,
        default=None,
        metavar=T_FILE,
        help=Text(
            "lees een agenda in: TOML, .xlsx of ;-CSV (kolommen nummer, soort, titel, …); alles of niets",
            "load an agenda: TOML, .xlsx or ;-CSV (columns nummer, soort, titel, …); all or nothing",
        ),
    )
    p.add_argument(
        "--export",
        type=Path,
        default=None,
        metavar=T_FILE,
        help=Text(
            "schrijf de agenda naar een bestand: .xlsx (alleen de kolommen van het werkblad) of anders TOML (alles)",
            "write the agenda to a file: .xlsx (only the sheet's columns) or else TOML (everything)",
        ),
    )
    add_json(p)


def run_agenda(ctx: Context) -> int:
    voting = ctx.session.voting
    if ctx.args.load:
        ctx.read(ctx.args.load)  # a missing file is a refusal with its name, not an internal error
        voting.load_agenda_file(ctx.args.load)
    agenda = voting.agenda()
    if agenda is None:
        ctx.warn(T_NO_AGENDA)
        return EXIT_REFUSED
    if ctx.args.export:
        _export_agenda(ctx, agenda, ctx.args.export)
    order = [str(step) for step in voting.voting_order()]
    if ctx.args.json:
        ctx.json(
            {
                "items": [{"key": i.key, "type": str(i.type), "title": i.title} for i in agenda.items],
                "voting_order": order,
            }
        )
        return EXIT_OK
    for i in agenda.items:
        print(f"{i.key:<8} {labels.item_type(i.type, ctx.lang):<14} {i.title}")
    ctx.say(T_ORDER, order=", ".join(order))
    return EXIT_OK


def _export_agenda(ctx: Context, agenda: Agenda, path: Path) -> None:
    """The stored agenda as a spreadsheet (by the suffix .xlsx) or a TOML file, written whole or not at all."""
    from desk_app.domain.agenda_sheet import agenda_rows
    from desk_app.domain.agenda_toml import dump_agenda
    from desk_app.services.sheets import write_workbook

    partial = path.with_name(path.name + ".part")
    try:
        if path.suffix.lower() == ".xlsx":
            write_workbook(partial, agenda_rows(agenda))
        else:
            partial.write_text(dump_agenda(agenda), encoding="utf-8")
        partial.replace(path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise DeskError(
            "cli.agenda_export", T_CANNOT_WRITE, {"path": str(path), "reason": err.strerror or err}
        ) from None
    ctx.warn(T_AGENDA_WRITTEN, path=path)


# -- votes -----------------------------------------------------------------------------------------
def _vote_arguments(p: Parser) -> None:
    t = p.tr
    actions = p.subcommands("vote_command", "ACTION", required=True)
    s = p.subcommand(actions, "open", Text("open een stemming over een agendapunt", "open a vote on an agenda item"))
    s.add_argument("step", help=Text("agendapunt, bv. 4 of 4.M1 of 4.M2:a", "agenda item, e.g. 4 or 4.M1 or 4.M2:a"))
    s.add_argument(
        "--subject",
        choices=["item", "as_amended", "preadvies"],
        default="item",
        help=Text(
            "waarover: het voorstel (item), zoals geamendeerd (as_amended) of het preadvies",
            "on what: the proposal (item), as amended (as_amended) or the board's advice",
        ),
    )
    s.add_argument(
        "--again",
        action="store_true",
        help=Text(
            "opnieuw over een punt waarover al is gestemd: een herstemming die de eerdere stemming vervangt",
            "again on an item already voted on: a herstemming superseding the earlier vote",
        ),
    )
    s.add_argument(
        "--confirm-order",
        action="store_true",
        help=Text(
            "toch openen tegen de stemvolgorde in (voorstel vóór zijn amendementen, amendement na zijn voorstel)",
            "open anyway against the voting order (a proposal before its amendments, an amendment after it)",
        ),
    )
    s = p.subcommand(actions, "record", Text("leg een keuze vast", "record a choice"))
    s.add_argument("choice", help="voor | tegen | onthouding | optie-N")
    who = s.add_mutually_exclusive_group(required=True)
    # A group's arguments are not the parser's own: their help is rendered here.
    who.add_argument(
        "--pass", dest="pass_serial", type=int, metavar="N", help=t(Text("stempasnummer", "voting pass number"))
    )
    who.add_argument("--code", help=t(Text("gemeentecode, bv. GM0363", "municipality code, e.g. GM0363")))
    s = p.subcommand(
        actions,
        "import",
        Text(
            "lees een uitslagbestand in (pas of gemeentecode, keuze)",
            "import a results file (pass or municipality code, choice)",
        ),
    )
    s.add_argument("file", type=Path)
    p.subcommand(actions, "close", Text("sluit de open stemming", "close the open vote"))
    s = p.subcommand(actions, "declare", Text("stel de uitslag vast (voorzitter)", "declare the result (chair)"))
    s.add_argument(
        "--as",
        dest="declared",
        choices=["computed", "adopted", "rejected"],
        default="computed",
        help=Text(
            "de berekende uitslag (standaard), of aangenomen/verworpen door de voorzitter",
            "the computed result (default), or adopted/rejected by the chair",
        ),
    )
    s.add_argument("--statement", default="", help=Text("verklaring van de voorzitter", "the chair's statement"))
    p.subcommand(actions, "rerun", Text("herstemming over de laatste stemming", "new vote superseding the last one"))
    s = p.subcommand(actions, "acclaim", Text("aangenomen bij acclamatie", "adopted by acclamation"))
    s.add_argument("step")
    s.add_argument("--statement", default="", help=Text("verklaring van de voorzitter", "the chair's statement"))
    s = p.subcommand(
        actions,
        "result",
        Text("uitslag van de huidige of een gegeven stemming", "result of the current or a given vote"),
    )
    s.add_argument("vote_id", nargs="?", default=None)
    add_json(s)


def run_vote(ctx: Context) -> int:
    from desk_app.domain.agenda import parse_step
    from desk_app.domain.vote import Subject

    args = ctx.args
    voting = ctx.session.voting
    c = args.vote_command
    if c == "open":
        vote = voting.open(
            parse_step(args.step), subject=Subject(args.subject), again=args.again, confirm_order=args.confirm_order
        )
    elif c == "record":
        vote = voting.record(args.choice, pass_serial=args.pass_serial, code=args.code, source="cli")
    elif c == "import":
        vote = voting.import_results(ctx.read(args.file), str(args.file))
    elif c == "close":
        vote = voting.close()
    elif c == "declare":
        if args.declared == "computed":
            if args.statement:  # declare_computed writes the standard sentence: a statement would be lost
                ctx.warn(T_STATEMENT_COMPUTED)
                return EXIT_USAGE
            vote = voting.declare_computed()
        else:
            vote = voting.declare(adopted=args.declared == "adopted", statement=args.statement)
    elif c == "rerun":
        vote = voting.rerun()
    elif c == "acclaim":
        vote = voting.acclaim(parse_step(args.step), args.statement)
    else:  # result
        current = voting.vote(args.vote_id) if args.vote_id else voting.current()
        if current is None:
            ctx.warn(T_NO_VOTE)
            return EXIT_REFUSED
        vote = current
        if args.json:
            ctx.json(result_json(voting, vote, ctx.lang))
            return EXIT_OK
    print(_result_line(ctx, voting, vote))
    return EXIT_OK


def _result_line(ctx: Context, voting: VotingService, vote: Vote) -> str:
    from desk_app.domain.tally import Choice, choice_label, describe, format_votes

    lang = ctx.lang
    step = vote.item + (":" + vote.part if vote.part else "")
    line = ctx.tr(T_VOTE, n=voting.number(vote.id), step=step, status=labels.vote_status(vote.status, lang))
    t = vote.tally()
    if t is not None:
        counts = " · ".join(
            f"{choice_label(o, lang)}: {format_votes(t.count(o).weight, lang)} ({t.count(o).members})"
            for o in t.options
        )
        line += f" — {counts}"
        if not vote.is_open:
            line += f" — {describe(t, lang)}"
        elif Choice.VOOR in t.options:
            line += ctx.tr(T_NOT_VOTED, n=t.not_voted.members)
    return line


def result_json(voting: VotingService, vote: Vote, lang: str) -> dict[str, object]:
    """A vote as plain data for scripts: stable English values, the computed and the declared result.

    Only ``computed_text`` is for people, in ``lang``.
    """
    from desk_app.domain.tally import describe
    from desk_app.services.voting import summary

    t = vote.tally()
    return {
        "vote": vote.id,
        "number": voting.number(vote.id),
        "item": vote.item,
        "part": vote.part,
        "subject": str(vote.subject),
        "status": str(vote.status),
        "method": str(vote.method),
        "rule": vote.rule.code,
        "base": str(vote.base),
        "supersedes": vote.supersedes,
        "superseded_by": vote.superseded_by,
        "computed": summary(t) if t is not None else None,
        "computed_text": describe(t, lang) if t is not None else None,
        "declared": None
        if vote.declaration is None
        else {"adopted": vote.declaration.adopted, "statement": vote.declaration.statement},
    }


# -- the chair's screen -----------------------------------------------------------------------------
def _tally_arguments(p: Parser) -> None:
    p.add_argument(
        "--screen",
        type=int,
        default=None,
        help=Text("schermnummer (0 = hoofdscherm)", "screen number (0 = main)"),
    )
    p.add_argument(
        "--windowed",
        action="store_true",
        help=Text("in een venster in plaats van schermvullend", "in a window instead of full screen"),
    )


def run_tally(ctx: Context) -> int:
    # Qt and the window are loaded here, for this command only.
    from PySide6.QtWidgets import QApplication

    from desk_app import settings
    from desk_app.services.chair import ChairScreen
    from desk_app.ui.change_feed import ChangeFeed
    from desk_app.ui.i18n import install_language
    from desk_app.ui.voting.tally import TallyWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    prefs = settings.load()
    # The hall reads one language: the window's own strings and the chair screen's texts alike
    # follow --lang, else this laptop's setting (as in the desk window).
    lang = ctx.args.lang or prefs.language
    install_language(app, lang)
    session = ctx.session
    voting, desk = session.voting, session.desk
    feed = ChangeFeed(session.changes)
    window = TallyWindow(ChairScreen(voting, desk.counters, Translator(lang)), feed)
    feed.start()
    screen = ctx.args.screen if ctx.args.screen is not None else prefs.tally_screen
    window.show_on_screen(screen, fullscreen=not ctx.args.windowed)
    if os.environ.get("STEMBALIE_QUIT_AFTER_MS"):  # smoke tests: start, show, leave
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(os.environ["STEMBALIE_QUIT_AFTER_MS"]), app.quit)
    code = app.exec()
    feed.stop()
    return int(code)


COMMANDS = (
    Command(
        "agenda",
        Text("toon de agenda in stemvolgorde, of lees er een in", "show the agenda in voting order, or load one"),
        run_agenda,
        _agenda_arguments,
        acting_desk=DESK,
        writes=lambda args: args.load is not None,
    ),
    Command(
        "vote",
        Text(
            "stemmingen: openen, vastleggen, sluiten, vaststellen, uitslag",
            "votes: open, record, close, declare, result",
        ),
        run_vote,
        _vote_arguments,
        acting_desk=DESK,
        writes=lambda args: args.vote_command != "result",
    ),
    Command(
        "tally",
        Text("het uitslagenscherm voor de voorzitter (eigen proces)", "the chair's tally screen (its own process)"),
        run_tally,
        _tally_arguments,
        acting_desk=DESK,
        writes=False,
    ),
)
