"""At the door, the desk's own service headless: check in a card, the presence list, leave and return."""

from __future__ import annotations

from dataclasses import asdict

from desk_app.cli import labels
from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, Command, Context, add_json
from desk_app.cli.parser import Parser
from desk_app.domain.text import Text

DESK = "balie-1"  # who acts when --desk is not given

T_ISSUED = Text(
    "{headline}: {municipality}, {votes} stemmen, stempas {serial}",
    "{headline}: {municipality}, {votes} votes, pass {serial}",
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


def _checkin_arguments(p: Parser) -> None:
    p.add_argument("token", help=Text("de cijfers van de stemkaart", "the digits of the voting card"))
    p.add_argument("--name", required=True, help=Text("wie de kaart aanbiedt", "who presents the card"))
    p.add_argument("--role", required=True, help=Text("functie, bv. wethouder", "role, e.g. wethouder"))
    add_json(p)


def run_checkin(ctx: Context) -> int:
    verdict, issued = ctx.session.desk.check_in_token(ctx.args.token, name=ctx.args.name, role=ctx.args.role)
    headline, explanation = verdict.headline(ctx.lang), verdict.explanation(ctx.lang)
    if ctx.args.json:
        ctx.json(
            {
                "verdict": verdict.kind.value,
                "accepted": issued is not None,
                "message": explanation,
                "code": verdict.code,
                "municipality": verdict.municipality,
                "votes": verdict.votes,
                "pass": issued.serial if issued else None,
                "pass_token": issued.token if issued else None,
            },
            indent=None,
        )
    elif issued is None:
        ctx.warn(T_REFUSED, headline=headline, explanation=explanation)
    else:
        ctx.say(
            T_ISSUED, headline=headline, municipality=verdict.municipality, votes=verdict.votes, serial=issued.serial
        )
    return EXIT_OK if issued is not None else EXIT_REFUSED


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
    p.add_argument("serial", type=int, help=Text("stempasnummer", "voting pass number"))


def run_leave(ctx: Context) -> int:
    p = ctx.session.desk.leave(ctx.args.serial)
    ctx.say(T_LEFT, serial=p.serial, code=p.code)
    return EXIT_OK


def run_return(ctx: Context) -> int:
    p = ctx.session.desk.come_back(ctx.args.serial)
    ctx.say(T_BACK, serial=p.serial, code=p.code)
    return EXIT_OK


COMMANDS = (
    Command(
        "checkin",
        Text(
            "registreer een stemkaart (dezelfde dienst als de balie)", "check a voting card in (the desk's own service)"
        ),
        run_checkin,
        _checkin_arguments,
        acting_desk=DESK,
    ),
    Command("presence", Text("presentielijst", "presence list"), run_presence, add_json, acting_desk=DESK),
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
