"""The coordinator's desk actions headless: a lost pass, a reprint, an override, an undo.

Each needs the coordinator PIN and a reason, as at the desk (the PIN from ``--pin``,
``STEMBALIE_PIN`` or a prompt on the terminal that does not echo it) and is the desk service's
own use case, so the audit entry and the proces-verbaal's list of coordinator actions are the
same as when the desk window does it. Passes go to PDF files like every pass the CLI prints
(see :mod:`desk_app.cli.desk`).
"""

from __future__ import annotations

from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, Command, Context, add_json
from desk_app.cli.desk import (
    DESK,
    H_SERIAL,
    add_person,
    add_pin,
    add_print_options,
    card_or_code,
    coordinator_pin,
    desk_service,
    issue,
    pass_json,
    refuse_verdict,
    report_issued,
    verdict_for,
)
from desk_app.cli.parser import Parser
from desk_app.domain.text import Text

T_UNDONE = Text(
    "Aanmelding ongedaan: stempas {serial} van {code} is ongeldig; de gemeente is niet meer aanwezig.",
    "Check-in undone: pass {serial} of {code} is invalid; the municipality is no longer present.",
)
T_NOT_REGISTERED = Text(
    "{municipality} is nog niet geregistreerd: er is niets om toch toe te laten. Registreer met desk-app checkin.",
    "{municipality} is not registered yet: there is nothing to override. Check in with desk-app checkin.",
)
H_REASON = Text("reden (verplicht; wordt vastgelegd)", "reason (required; recorded)")
H_OVERRIDE_REASON = Text(
    "waarom toch toelaten (verplicht; wordt vastgelegd; bij --code ook de reden van het opzoeken)",
    "why admit all the same (required; recorded; with --code also the reason for the look-up)",
)


def _serial_reason_arguments(p: Parser) -> None:
    p.add_argument("serial", type=int, help=H_SERIAL)
    p.add_argument("--reason", required=True, help=H_REASON)
    add_pin(p)


def _lost_arguments(p: Parser) -> None:
    _serial_reason_arguments(p)
    add_print_options(p)
    add_json(p)


def run_lost(ctx: Context) -> int:
    a = ctx.args
    pin = coordinator_pin(ctx)
    return issue(
        ctx,
        "replacement",
        lambda desk: desk.issue_replacement(a.serial, pin=pin, reason=a.reason),
        lambda desk: desk.replace_lost(a.serial, pin=pin, reason=a.reason),
        previous=a.serial,
    )


def _reprint_arguments(p: Parser) -> None:
    _serial_reason_arguments(p)
    add_print_options(p, optional=False)  # a reprint is paper: there is no --no-print
    add_json(p)


def run_reprint(ctx: Context) -> int:
    a = ctx.args
    pin = coordinator_pin(ctx)
    return report_issued(ctx, desk_service(ctx, printing=True).reprint_stempas(a.serial, pin=pin, reason=a.reason))


def _override_arguments(p: Parser) -> None:
    card_or_code(p, H_OVERRIDE_REASON, required=True)
    add_person(p)
    add_pin(p)
    add_print_options(p)
    add_json(p)


def run_override(ctx: Context) -> int:
    from desk_app.domain.checkin import VerdictKind
    from desk_app.services.desk import Coordinator

    a = ctx.args
    desk = desk_service(ctx, printing=False)
    # Looked up by hand, the same reason says why: the override's reason is the one that matters.
    verdict = verdict_for(desk, a.token, a.code, a.reason)
    if verdict.kind is VerdictKind.ACCEPTED and verdict.code is not None and desk.person_clashes(verdict.code, a.name):
        # One person, one pass: the coördinator admits a person who represents another municipality too.
        boss = Coordinator(coordinator_pin(ctx), a.reason)
        return issue(
            ctx,
            "checkin",
            lambda d: d.issue(verdict, name=a.name, role=a.role, coordinator=boss),
            lambda d: d.check_in(verdict, name=a.name, role=a.role, coordinator=boss),
        )
    if verdict.kind is VerdictKind.ACCEPTED:
        ctx.warn(T_NOT_REGISTERED, municipality=verdict.municipality)
        return EXIT_REFUSED
    if verdict.kind is not VerdictKind.ALREADY:
        return refuse_verdict(ctx, verdict)
    pin = coordinator_pin(ctx)
    previous = verdict.existing.serial if verdict.existing else None
    return issue(
        ctx,
        "override",
        lambda d: d.issue_override(verdict, name=a.name, role=a.role, pin=pin, reason=a.reason),
        lambda d: d.override_already(verdict, name=a.name, role=a.role, pin=pin, reason=a.reason),
        previous=previous,
    )


def _undo_arguments(p: Parser) -> None:
    _serial_reason_arguments(p)
    add_json(p)


def run_undo(ctx: Context) -> int:
    a = ctx.args
    pin = coordinator_pin(ctx)
    desk = desk_service(ctx, printing=False)
    desk.undo(a.serial, pin=pin, reason=a.reason)
    p = desk.pass_verdict(a.serial).existing
    assert p is not None  # undo refused a pass that does not exist
    if a.json:
        ctx.json({"action": "undo", **pass_json(p)}, indent=None)
    else:
        ctx.say(T_UNDONE, serial=p.serial, code=p.code)
    return EXIT_OK


COMMANDS = (
    Command(
        "lost",
        Text(
            "vervang een verloren stempas: de oude wordt ongeldig (coördinator)",
            "replace a lost pass: the old one becomes invalid (coordinator)",
        ),
        run_lost,
        _lost_arguments,
        acting_desk=DESK,
    ),
    Command(
        "reprint",
        Text("druk een stempas nog een keer af (coördinator)", "print a pass once more (coordinator)"),
        run_reprint,
        _reprint_arguments,
        acting_desk=DESK,
    ),
    Command(
        "override",
        Text(
            "toelaten ondanks eerdere registratie of een pas elders (coördinator)",
            "admit despite an earlier registration or a pass elsewhere (coordinator)",
        ),
        run_override,
        _override_arguments,
        acting_desk=DESK,
    ),
    Command(
        "undo",
        Text(
            "maak een aanmelding ongedaan: de stempas wordt ongeldig (coördinator)",
            "undo a check-in: the pass becomes invalid (coordinator)",
        ),
        run_undo,
        _undo_arguments,
        acting_desk=DESK,
    ),
)
