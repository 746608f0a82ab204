"""The meeting's own settings and the voting order: ``desk-app settings [set|order]``.

The settings are :class:`~desk_app.domain.meeting.MeetingSettings`, stored with the meeting so
every desk and the chair's screen apply the same rules. The options of ``settings set`` are made
from that declaration, field by field: a yes/no field becomes ``--x/--no-x``, a number that may
be off ``--x N|uit``, a list ``--x A B …``, a text with allowed values ``--x {…}``. The allowed
values come from the field's own metadata (``choices``), declared once in ``domain.meeting``;
a field added later gets its option without a change here. The domain is loaded only when a
value is checked or the help of ``settings set`` is shown, never for ``desk-app --help``.

Changing a setting is :meth:`~desk_app.services.meeting.MeetingService.change_settings` (one
transaction, one audit entry, and after the opening the coordinator's PIN, issue 14 item 4);
the voting order is :meth:`~desk_app.services.voting.VotingService.set_voting_order`.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, get_args, get_origin, get_type_hints

from desk_app.cli import labels
from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Command, Context, add_json
from desk_app.cli.desk import add_pin, coordinator_pin
from desk_app.cli.parser import Parser
from desk_app.domain.text import Text, Translator

if TYPE_CHECKING:
    from desk_app.domain.meeting import MeetingSettings
    from desk_app.services.voting import VotingService

T_HEADING = Text("Vergaderinstellingen ({state}):", "Meeting settings ({state}):")
T_NOT_OPEN = Text("vergadering nog niet geopend", "meeting not opened yet")
T_OPEN = Text(
    "vergadering geopend om {at}; wijzigen vraagt de pincode van de coördinator",
    "meeting opened at {at}; changes need the coordinator PIN",
)
T_ORDER = Text("Stemvolgorde ({how}): {order}", "Voting order ({how}): {order}")
T_ORDER_DEFAULT = Text("standaard, uit de agenda berekend", "default, computed from the agenda")
T_ORDER_SET = Text("vastgesteld", "set")
T_NO_AGENDA = Text("Stemvolgorde: nog geen agenda ingelezen.", "Voting order: no agenda loaded yet.")
T_YES, T_NO, T_OFF = Text("ja", "yes"), Text("nee", "no"), Text("uit", "off")
T_NOTHING = Text(
    "Geef minstens één instelling om te wijzigen (zie desk-app settings set --help).",
    "Give at least one setting to change (see desk-app settings set --help).",
)
T_NOT_A_NUMBER = Text("'{value}' is geen geheel getal en niet 'uit'", "'{value}' is not a whole number nor 'off'")
T_ORDER_BOTH = Text("Geef een stemvolgorde of --default, niet allebei.", "Give a voting order or --default, not both.")

# What each setting means, for the help and the overview. A field without an entry here still
# gets its option, with a generic help line.
FIELD_HELP: dict[str, Text] = {
    "present_only": Text("alleen aanwezigen stemmen (een actieve stempas)", "only those present vote (an active pass)"),
    "base": Text(
        "wat telt als uitgebrachte stem: onthoudingen wel of niet (meerderheidsbasis)",
        "what counts as a vote cast: abstentions or not (majority base)",
    ),
    "quorum_votes": Text(
        "quorum in stemmen bij het openen van een stemming ('uit': geen quorum)",
        "quorum in votes when a vote opens ('off': no quorum)",
    ),
    "secret_person_votes": Text(
        "stemmingen over personen geheim (alleen totalen bewaard)", "votes on persons secret (only totals kept)"
    ),
    "vote_order": Text(
        "volgorde van de fasen per agendapunt (standaard stemvolgorde)",
        "order of the phases per agenda item (default voting order)",
    ),
    "show_computed_result": Text(
        "de zaal ziet de berekende uitslag meteen, vóór de voorzitter die vaststelt",
        "the hall sees the computed result at once, before the chair declares it",
    ),
}
T_GENERIC = Text("vergaderinstelling {name}", "meeting setting {name}")
OFF_WORDS = ("uit", "off", "geen", "none")
T_NUMBER_META = Text("N|uit", "N|off")
T_STEP_META = Text("STAP", "STEP")
T_VALUE_META = Text("WAARDE", "VALUE")
T_CHOICES = Text("kies uit: %(choices)s", "choose from: %(choices)s")


class LazyChoices(Sequence[str]):
    """argparse ``choices`` read from the domain on first use (a check, an error, a help page)."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        self._values: tuple[str, ...] | None = None

    @property
    def values(self) -> tuple[str, ...]:
        if self._values is None:
            self._values = tuple(self._load())
        return self._values

    def __contains__(self, value: object) -> bool:
        return value in self.values

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, index: Any) -> Any:
        return self.values[index]


@dataclasses.dataclass(frozen=True)
class Setting:
    """One field of :class:`MeetingSettings` as the command line offers it."""

    name: str
    kind: str  # "bool", "number" (int, or None = off), "list" (tuple of str), "text"
    choices: LazyChoices | None = None

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


@cache
def declared_settings() -> tuple[Setting, ...]:
    """Every field of MeetingSettings, with its kind from the type and its allowed values."""
    from desk_app.domain.meeting import MeetingSettings

    hints = get_type_hints(MeetingSettings)
    out = []
    for f in dataclasses.fields(MeetingSettings):
        hint = hints[f.name]
        args = set(get_args(hint))
        if hint is bool:
            kind = "bool"
        elif hint is int or args == {int, type(None)}:
            kind = "number"
        elif get_origin(hint) in (tuple, list):
            kind = "list"
        else:
            kind = "text"
        declared = f.metadata.get("choices") if f.metadata else None
        load: Callable[[], Sequence[str]] | None = (lambda d=declared: tuple(d)) if declared else None
        out.append(Setting(f.name, kind, LazyChoices(load) if load else None))
    return tuple(out)


def _number_or_off(tr: Translator) -> Callable[[str], int | None]:
    """An argparse type: a whole number, or 'uit'/'off' for none; its refusal in the parser's language."""

    def number_or_off(text: str) -> int | None:
        if text.strip().lower() in OFF_WORDS:
            return None
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(tr(T_NOT_A_NUMBER, value=text)) from None

    return number_or_off


# -- the grammar -----------------------------------------------------------------------------------------
def _arguments(p: Parser) -> None:
    add_json(p)
    actions = p.subcommands("settings_command", "ACTION")
    s = p.subcommand(
        actions, "show", Text("toon de instellingen en de stemvolgorde", "show the settings and the voting order")
    )
    add_json(s)
    s = p.subcommand(
        actions,
        "set",
        Text(
            "wijzig vergaderinstellingen (na de opening met de pincode van de coördinator)",
            "change meeting settings (after the opening with the coordinator PIN)",
        ),
    )
    for setting in declared_settings():
        help_text = FIELD_HELP.get(setting.name)
        help_str = s.tr(help_text) if help_text else s.tr(T_GENERIC, name=setting.name)
        # Not given: no attribute at all (SUPPRESS), so that "--quorum-votes uit" (None) is a change.
        common: dict[str, Any] = {"dest": f"set_{setting.name}", "default": argparse.SUPPRESS, "help": help_str}
        if setting.kind == "bool":
            s.add_argument(setting.option, action=argparse.BooleanOptionalAction, **common)
        elif setting.kind == "number":
            s.add_argument(setting.option, type=_number_or_off(s.tr), metavar=T_NUMBER_META, **common)
        else:
            # A metavar of our own, and the values in the help through argparse's %(choices)s:
            # argparse then reads the choices only to check a value or to show this help.
            if setting.choices is not None:
                common["help"] = f"{help_str}; {s.tr(T_CHOICES)}"
            nargs = "+" if setting.kind == "list" else None
            s.add_argument(setting.option, nargs=nargs, choices=setting.choices, metavar=T_VALUE_META, **common)
    add_pin(s)
    add_json(s)
    s = p.subcommand(
        actions,
        "order",
        Text(
            "toon of stel de stemvolgorde vast (alle stemmingen precies één keer)",
            "show or set the voting order (every vote exactly once)",
        ),
    )
    s.add_argument(
        "steps",
        nargs="*",
        metavar=T_STEP_META,
        help=Text("stemmingen in volgorde, bv. 2 4.A1 4 4.M1 4.M2:a", "votes in order, e.g. 2 4.A1 4 4.M1 4.M2:a"),
    )
    s.add_argument(
        "--default",
        action="store_true",
        help=Text("terug naar de standaardvolgorde uit de agenda", "back to the default order from the agenda"),
    )
    add_json(s)


# -- showing ---------------------------------------------------------------------------------------------
def _value_text(ctx: Context, setting: Setting, value: Any) -> str:
    if setting.kind == "bool":
        return ctx.tr(T_YES if value else T_NO)
    if value is None:
        return ctx.tr(T_OFF)
    if setting.name == "base":
        from desk_app.domain.tally import Base, base_label

        return f"{value} ({base_label(Base(value), ctx.lang)})"
    if setting.kind == "list":
        return " → ".join(labels.item_type(v, ctx.lang) for v in value)
    return str(value)


def _order(voting: VotingService) -> tuple[list[str], bool] | None:
    """The voting order and whether it was set by hand; None without an agenda."""
    agenda = voting.agenda()
    if agenda is None:
        return None
    return [str(s) for s in voting.voting_order()], agenda.voting_order is not None


def _show(ctx: Context, settings: MeetingSettings | None = None) -> int:
    session = ctx.session
    meeting = session.meeting.meeting()
    settings = settings or meeting.settings
    order = _order(session.voting)
    if ctx.args.json:
        ctx.json(
            {
                "settings": settings.to_json(),
                "meeting_open": meeting.is_open,
                "opened_at": meeting.opened_at,
                "voting_order": order[0] if order else None,
                "voting_order_set": order[1] if order else None,
            }
        )
        return EXIT_OK
    state = ctx.tr(T_OPEN, at=meeting.opened_at) if meeting.is_open else ctx.tr(T_NOT_OPEN)
    ctx.say(T_HEADING, state=state)
    values = settings.to_json()
    for setting in declared_settings():
        meaning = FIELD_HELP.get(setting.name)
        note = f"  — {ctx.tr(meaning)}" if meaning else ""
        print(f"  {setting.option:<24} {_value_text(ctx, setting, values.get(setting.name))}{note}")
    if order is None:
        ctx.say(T_NO_AGENDA)
    else:
        ctx.say(T_ORDER, how=ctx.tr(T_ORDER_SET if order[1] else T_ORDER_DEFAULT), order=", ".join(order[0]))
    return EXIT_OK


# -- changing --------------------------------------------------------------------------------------------
def _set(ctx: Context) -> int:
    changes: dict[str, Any] = {}
    for setting in declared_settings():
        dest = f"set_{setting.name}"
        if hasattr(ctx.args, dest):  # given on the command line (see SUPPRESS above)
            given = getattr(ctx.args, dest)
            changes[setting.name] = tuple(given) if setting.kind == "list" else given
    if not changes:
        ctx.warn(T_NOTHING)
        return EXIT_USAGE
    meeting = ctx.session.meeting
    # Before the opening no PIN is needed; after it the service refuses without one.
    pin = coordinator_pin(ctx) if meeting.meeting().is_open or ctx.args.pin else None
    return _show(ctx, meeting.change_settings(changes, pin=pin))


def _set_order(ctx: Context) -> int:
    from desk_app.domain.agenda import parse_step

    args = ctx.args
    voting = ctx.session.voting
    if args.steps and args.default:
        ctx.warn(T_ORDER_BOTH)
        return EXIT_USAGE
    if args.steps or args.default:
        voting.set_voting_order(None if args.default else [parse_step(s) for s in args.steps])
    order = _order(voting)
    if order is None:
        ctx.warn(T_NO_AGENDA)
        return EXIT_REFUSED
    if args.json:
        ctx.json({"voting_order": order[0], "voting_order_set": order[1]}, indent=None)
    else:
        ctx.say(T_ORDER, how=ctx.tr(T_ORDER_SET if order[1] else T_ORDER_DEFAULT), order=", ".join(order[0]))
    return EXIT_OK


def _writes(args: argparse.Namespace) -> bool:
    """``settings set`` and ``settings order STEPS|--default`` change the meeting; showing them does not."""
    action = args.settings_command
    return action == "set" or (action == "order" and bool(args.steps or args.default))


def run_settings(ctx: Context) -> int:
    action = ctx.args.settings_command
    if action == "set":
        return _set(ctx)
    if action == "order":
        return _set_order(ctx)
    return _show(ctx)


COMMANDS = (
    Command(
        "settings",
        Text(
            "vergaderinstellingen (basis, alleen aanwezigen, quorum, …) en stemvolgorde",
            "meeting settings (base, present only, quorum, …) and the voting order",
        ),
        run_settings,
        _arguments,
        writes=_writes,
    ),
)
