"""The agenda: items of the meeting, what is voted on, and in which order.

An agenda holds procedural items (opening, announcements: no vote), proposals and resolutions,
amendments (to a proposal, resolution or motion), sub-amendments (to an amendment) and motions
(under an item, or on their own). Each votable item carries its majority rule, its kind
(matter, or persons with an optional secret ballot), optional parts (a motion split for voting)
or ballot options, the submitting municipalities (indieners) and the board's preadvies.

Voting order (DOMAIN.md, a setting): sub-amendments -> amendments, the most far-reaching first
-> the proposal as amended -> motions. It is computed per item as a block, recursively, so an
amendment is immediately preceded by its own sub-amendments; "far-reaching" is the chair's
judgement and is given as ``reach`` (higher first, ties in file order). The meeting setting
``vote_order`` permutes the four phases; an explicit order (from the file or the chair) replaces
the computed one and is checked to contain every vote exactly once.

Agenda file format (TOML, UTF-8), read all-or-nothing by :func:`parse_agenda`::

    format = "stembalie-agenda"          # required
    version = 1                          # required
    voting_order = ["4.A1", "4", ...]    # optional; steps are "key" or "key:part"

    [meeting]                            # optional, informative
    title = "..."   date = 2024-05-24   place = "..."

    [[item]]                             # one table per item, in agenda order
    key = "4.M1"                         # required, unique: letters, digits, '.', '-'
    type = "motion"                      # procedural | proposal | resolution | amendment
                                         #   | sub_amendment | motion
    title = "..."                        # required
    text = "..."                         # optional
    target = "4"                         # amendment: the item amended (required);
                                         #   sub_amendment: the amendment (required);
                                         #   motion: the item it belongs to (optional)
    indieners = ["GM0153"]               # required for amendments, sub-amendments, motions
    preadvies = "ontraden"               # overnemen | aanraden | ontraden | oordeel_alv | aanhouden
    majority = "simple"                  # simple | two_thirds | "at_least 3/4" | "more_than 3/5"
    kind = "matter"                      # matter | persons
    secret = true                        # persons only; absent: the meeting setting decides
    options = ["A", "B", "C"]            # a ballot: two or more options
    reach = 2                            # amendments: how far-reaching (higher votes first)
    placeholder = ["text", "preadvies"]  # which fields hold placeholder content
    fictional = true                     # a made-up item (demo data)
    published_outcome = "..."            # the real published outcome: reference, not a result
    note = "..."
    [[item.part]]                        # a motion split into parts (two or more)
    key = "a"   title = "..."   text = "..."

Unknown keys are errors (a typo must not silently drop a field). Every problem is reported with
the line of the offending key (or of its ``[[item]]`` header) and the item's key.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from desk_app.domain.limits import FILE_ROWS, FileKind, TextKind, text_problem
from desk_app.domain.register import ImportRefused, Problem
from desk_app.domain.tally import (
    MATTER_CHOICES,
    MAX_OPTIONS,
    SIMPLE_MAJORITY,
    Cast,
    Option,
    Rule,
    ballot_choices,
    parse_rule,
)
from desk_app.domain.text import DeskError, Text

FORMAT = "stembalie-agenda"
VERSION = 1


class ItemType(StrEnum):
    """The values for amendments, sub-amendments, resolutions and motions match ``vote_order``."""

    PROCEDURAL = "procedural"  # no vote: opening, announcements, any other business, closing
    PROPOSAL = "proposal"  # a board proposal to decide, e.g. an appointment or a statute change
    RESOLUTION = "resolution"
    AMENDMENT = "amendment"
    SUB_AMENDMENT = "sub_amendment"
    MOTION = "motion"


class Preadvies(StrEnum):
    OVERNEMEN = "overnemen"
    AANRADEN = "aanraden"
    ONTRADEN = "ontraden"
    OORDEEL_ALV = "oordeel_alv"
    AANHOUDEN = "aanhouden"


PREADVIES_LABELS: Mapping[Preadvies, Text] = {
    Preadvies.OVERNEMEN: Text("overnemen", "adopt (taken over by the board)"),
    Preadvies.AANRADEN: Text("aanraden", "recommend"),
    Preadvies.ONTRADEN: Text("ontraden", "advise against"),
    Preadvies.OORDEEL_ALV: Text("oordeel aan de ALV", "left to the assembly"),
    Preadvies.AANHOUDEN: Text("aanhouden", "hold over"),
}


class Kind(StrEnum):
    MATTER = "matter"  # public per member (DOMAIN: "stemgedrag per lid openbaar")
    PERSONS = "persons"  # may be secret: then only totals are kept


PLACEHOLDER_FIELDS = frozenset({"title", "text", "preadvies", "indieners"})
VOTABLE = frozenset(ItemType) - {ItemType.PROCEDURAL}
PHASES = ("sub_amendment", "amendment", "resolution", "motion")
DEFAULT_PHASE_ORDER: tuple[str, ...] = PHASES

_KEY_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,31}$")
MAX_ITEMS = FILE_ROWS[FileKind.AGENDA]  # the one table of limits (domain.limits)
_CODE_RE = re.compile(r"^GM\d{4}$")


@dataclass(frozen=True)
class Part:
    """One part of a split motion; each part is voted on separately."""

    key: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class AgendaItem:
    key: str
    type: ItemType
    title: str
    text: str = ""
    target: str | None = None
    indieners: tuple[str, ...] = ()
    preadvies: Preadvies | None = None
    rule: Rule = SIMPLE_MAJORITY
    kind: Kind = Kind.MATTER
    secret: bool | None = None  # None: the meeting setting for votes on persons decides
    parts: tuple[Part, ...] = ()
    options: tuple[str, ...] = ()  # ballot option labels: Option(n) is options[n - 1]
    reach: int = 0
    placeholder: frozenset[str] = frozenset()
    fictional: bool = False
    published_outcome: str | None = None  # real outcome as published: reference, not a result
    note: str = ""

    @property
    def votable(self) -> bool:
        return self.type in VOTABLE

    @property
    def is_ballot(self) -> bool:
        return bool(self.options)

    def choices(self) -> tuple[Cast, ...]:
        """The choices of a vote on this item: voor/tegen/onthouding, or the ballot's options."""
        return ballot_choices(len(self.options)) if self.options else MATTER_CHOICES

    def option_labels(self) -> dict[Option, str]:
        return {Option(i): label for i, label in enumerate(self.options, start=1)}

    def is_secret(self, secret_person_votes: bool = False) -> bool:
        """Secret only for votes on persons: the item's own flag, else the meeting setting."""
        if self.kind is not Kind.PERSONS:
            return False
        return self.secret if self.secret is not None else secret_person_votes

    def part(self, key: str) -> Part:
        for p in self.parts:
            if p.key == key:
                return p
        raise KeyError(key)


@dataclass(frozen=True, order=True)
class Step:
    """One vote in the order: an item, or one part of a split item. ``str()``: ``4.M2:a``."""

    item: str
    part: str | None = None

    def __str__(self) -> str:
        return self.item if self.part is None else f"{self.item}:{self.part}"


def parse_step(text: str) -> Step:
    item, sep, part = text.strip().partition(":")
    return Step(item, part if sep else None)


@dataclass(frozen=True)
class Agenda:
    """A validated agenda; build one with :func:`build_agenda` or :func:`parse_agenda`."""

    items: tuple[AgendaItem, ...]
    title: str = ""
    date: str = ""
    place: str = ""
    voting_order: tuple[Step, ...] | None = None  # explicit order; None: computed by default
    _index: Mapping[str, AgendaItem] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {i.key: i for i in self.items})

    def item(self, key: str) -> AgendaItem:
        try:
            return self._index[key]
        except KeyError:
            raise DeskError("agenda.unknown_item", _T_UNKNOWN_ITEM, {"key": key}) from None

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def children(self, key: str) -> list[AgendaItem]:
        """Items that target ``key`` (its amendments, sub-amendments or motions), in file order."""
        return [i for i in self.items if i.target == key]

    def steps(self) -> list[Step]:
        """Every vote the agenda needs, in file order (parts separately)."""
        return [s for i in self.items for s in _item_steps(i)]


_T_UNKNOWN_ITEM = Text("onbekend agendapunt '{key}'", "unknown agenda item '{key}'")


def _item_steps(item: AgendaItem) -> list[Step]:
    if not item.votable:
        return []
    if item.parts:
        return [Step(item.key, p.key) for p in item.parts]
    return [Step(item.key)]


# --------------------------------------------------------------------------------------------
# Voting order
# --------------------------------------------------------------------------------------------

_T_ORDER = {
    "phases": Text(
        "de stemvolgorde-instelling moet elk van {expected} precies één keer bevatten, niet {found}",
        "the voting order setting must hold each of {expected} exactly once, not {found}",
    ),
    "missing": Text("de stemvolgorde mist: {steps}", "the voting order is missing: {steps}"),
    "extra": Text(
        "de stemvolgorde bevat onbekende stemmingen: {steps}",
        "the voting order holds unknown votes: {steps}",
    ),
    "twice": Text(
        "de stemvolgorde bevat dubbele stemmingen: {steps}",
        "the voting order holds duplicate votes: {steps}",
    ),
    "not_in_order": Text("stemming {step} staat niet in de stemvolgorde", "vote {step} is not in the voting order"),
    "after_target": Text(
        "{step} wijzigt {target}, maar staat er in de volgorde na",
        "{step} amends {target} but comes after it in the order",
    ),
}


def _phase(item: AgendaItem) -> str:
    if item.type is ItemType.AMENDMENT:
        return "amendment"
    if item.type is ItemType.SUB_AMENDMENT:
        return "sub_amendment"
    if item.type is ItemType.MOTION:
        return "motion"
    return "resolution"  # the proposal itself, whatever kind of proposal it is


def default_voting_order(agenda: Agenda, phase_order: Sequence[str] = DEFAULT_PHASE_ORDER) -> tuple[Step, ...]:
    """The order from DOMAIN.md, computed per item; ``phase_order`` is the meeting setting."""
    phases = tuple(phase_order)
    if sorted(phases) != sorted(PHASES):
        raise DeskError(
            "agenda.order_setting",
            _T_ORDER["phases"],
            {"expected": ", ".join(PHASES), "found": ", ".join(phases)},
        )
    position = {key: n for n, key in enumerate(i.key for i in agenda.items)}

    def ranked(items: Iterable[AgendaItem]) -> list[AgendaItem]:
        return sorted(items, key=lambda i: (-i.reach, position[i.key]))

    def block(item: AgendaItem) -> list[Step]:
        groups: dict[str, list[Step]] = {p: [] for p in phases}
        groups[_phase(item)].extend(_item_steps(item))
        for child in ranked(agenda.children(item.key)):
            groups[_phase(child)].extend(block(child))
        return [s for p in phases for s in groups[p]]

    roots = [i for i in agenda.items if i.target is None or i.target not in agenda]
    return tuple(s for root in roots for s in block(root))


def voting_order(agenda: Agenda, phase_order: Sequence[str] = DEFAULT_PHASE_ORDER) -> tuple[Step, ...]:
    """The agenda's explicit order when it has one, else the default order."""
    if agenda.voting_order is not None:
        return agenda.voting_order
    return default_voting_order(agenda, phase_order)


def check_order(agenda: Agenda, order: Sequence[Step]) -> None:
    """Refuse an order that does not hold every vote of the agenda exactly once."""
    expected = agenda.steps()
    seen: set[Step] = set()
    twice = [s for s in order if s in seen or seen.add(s)]  # type: ignore[func-returns-value]
    missing = [s for s in expected if s not in seen]
    extra = [s for s in order if s not in set(expected)]
    for code, steps in (("twice", twice), ("missing", missing), ("extra", extra)):
        if steps:
            raise DeskError(f"agenda.order_{code}", _T_ORDER[code], {"steps": ", ".join(map(str, steps))})


def reorder(order: Sequence[Step], step: Step, to_index: int) -> tuple[Step, ...]:
    """Move one vote to position ``to_index`` (clamped): the chair changing the order."""
    items = list(order)
    if step not in items:
        raise DeskError("agenda.order_unknown", _T_ORDER["not_in_order"], {"step": str(step)})
    items.remove(step)
    items.insert(max(0, min(to_index, len(items))), step)
    return tuple(items)


def order_warnings(agenda: Agenda, order: Sequence[Step]) -> list[DeskError]:
    """Procedural doubts about an order, for the chair to confirm (not refusals).

    An amendment or sub-amendment voted after the item it amends amends something already decided.
    """
    first: dict[str, int] = {}
    for n, s in enumerate(order):
        first.setdefault(s.item, n)
    out: list[DeskError] = []
    for item in agenda.items:
        amends = item.type in (ItemType.AMENDMENT, ItemType.SUB_AMENDMENT)
        if amends and item.target in first and first.get(item.key, -1) > first[item.target]:
            out.append(
                DeskError(
                    "agenda.order_after_target",
                    _T_ORDER["after_target"],
                    {"step": item.key, "target": item.target},
                )
            )
    return out


_T_OPEN_ORDER = {
    "agenda.open_after_target": Text(
        "{step} wijzigt {target}, waarover al is gestemd",
        "{step} amends {target}, which has already been voted on",
    ),
    "agenda.open_before_amendment": Text(
        "over {target} is nog niet gestemd, en dat wijzigt {step}",
        "{target} has not been voted on yet, and it amends {step}",
    ),
}


def open_warnings(
    agenda: Agenda,
    step: Step,
    held: Sequence[Step],
    planned: Sequence[Step] | None = None,
    phase_order: Sequence[str] = DEFAULT_PHASE_ORDER,
) -> list[DeskError]:
    """Procedural doubts about opening a vote on ``step`` now, for the chair to confirm.

    ``held`` are the steps voted on so far (each standing vote once, in the order held);
    ``planned`` the voting order (default: computed). Opening a proposal while an amendment of
    it (or a sub-amendment of an amendment) is still to be voted on, or an amendment after the
    item it amends was voted on, is the same doubt :func:`order_warnings` finds in a planned
    order: the order as it would then stand is checked, and only the doubts about ``step`` are
    kept. A meeting whose phase order puts the amended item before its amendments
    (``MeetingSettings.vote_order``) asked for that order: no doubt is raised then.
    """
    phases = list(phase_order)
    if phases.index("amendment") > phases.index("resolution"):
        return []
    order = planned if planned is not None else voting_order(agenda, phase_order)
    done = [s for s in held if s != step]
    rest = [s for s in order if s not in set(done) and s != step]
    out: list[DeskError] = []
    for w in order_warnings(agenda, [*done, step, *rest]):
        amending, target = str(w.params["step"]), str(w.params["target"])
        if amending == step.item and any(s.item == target for s in done):
            code, params = "agenda.open_after_target", {"step": amending, "target": target}
        elif target == step.item and not any(s.item == amending for s in done):
            code, params = "agenda.open_before_amendment", {"step": target, "target": amending}
        else:
            continue
        out.append(DeskError(code, _T_OPEN_ORDER[code], params))
    return out


# --------------------------------------------------------------------------------------------
# Validation and import
# --------------------------------------------------------------------------------------------

_T_AT_LINE = Text("regel {line}, ", "line {line}, ")


@dataclass(frozen=True)
class AgendaProblem(Problem):
    """One problem in an agenda: the line (0 when entered in the app), the item, the reason."""

    def message(self, lang: str | None = None) -> str:
        params = {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.params.items()}
        where = params.pop("where")
        head = _T_AT_LINE.render(lang, line=self.line) if self.line > 0 else ""
        return f"{head}{where}: {self.text.render(lang, **params)}"


T_AGENDA_FILE = Text("Het agendabestand", "The agenda file")
T_AGENDA = Text("De agenda", "The agenda")

T: dict[str, Text] = {
    "encoding": Text("het bestand is geen UTF-8 tekst", "the file is not UTF-8 text"),
    "syntax": Text("geen geldige TOML: {detail}", "not valid TOML: {detail}"),
    "nesting": Text(
        "lijsten of tabellen zijn te diep in elkaar genest; een agenda heeft er hoogstens twee niveaus",
        "lists or tables are nested too deeply; an agenda has at most two levels",
    ),
    "too_many": Text(
        "het bestand heeft {count} agendapunten, hoogstens {max} zijn toegestaan; is dit het goede bestand?",
        "the file has {count} agenda items, at most {max} are allowed; is this the right file?",
    ),
    "format": Text(
        f"'format' moet \"{FORMAT}\" zijn (gevonden: {{found}})",
        f"'format' must be \"{FORMAT}\" (found: {{found}})",
    ),
    "version": Text(
        f"'version' moet {VERSION} zijn (gevonden: {{found}})",
        f"'version' must be {VERSION} (found: {{found}})",
    ),
    "unknown_key": Text("onbekend veld '{key}'", "unknown field '{key}'"),
    "type": Text(
        "veld '{key}' moet {expected} zijn, niet {found}",
        "field '{key}' must be {expected}, not {found}",
    ),
    "required": Text("veld '{key}' ontbreekt", "field '{key}' is missing"),
    "empty": Text("veld '{key}' ontbreekt of is leeg", "field '{key}' is missing or empty"),
    "no_items": Text("er zijn geen agendapunten", "there are no items"),
    "key": Text(
        "sleutel '{value}' is ongeldig (letters, cijfers, '.' en '-', hoogstens 32 tekens)",
        "key '{value}' is malformed (letters, digits, '.' and '-', at most 32 characters)",
    ),
    "duplicate": Text(
        "sleutel '{value}' komt ook voor bij agendapunt nr. {first}",
        "key '{value}' also appears at item no. {first}",
    ),
    "enum": Text(
        "'{value}' is geen geldige waarde voor '{key}' (mogelijk: {allowed})",
        "'{value}' is not a valid value for '{key}' (allowed: {allowed})",
    ),
    "nested": Text("{detail}", "{detail}"),
    "target_missing": Text(
        "een {type} moet een 'target' hebben: het agendapunt dat het wijzigt",
        "an {type} needs a 'target': the item it amends",
    ),
    "target_forbidden": Text(
        "een agendapunt van type {type} heeft geen 'target'",
        "an item of type {type} has no 'target'",
    ),
    "target_unknown": Text(
        "'target' verwijst naar onbekend agendapunt '{value}'",
        "'target' refers to unknown item '{value}'",
    ),
    "target_type": Text(
        "een {type} kan niet bij '{value}' (type {target_type}) horen; mogelijk: {allowed}",
        "an {type} cannot belong to '{value}' (type {target_type}); allowed: {allowed}",
    ),
    "indieners_missing": Text(
        "een {type} heeft ten minste één indiener (gemeentecode) nodig",
        "an {type} needs at least one submitter (municipality code)",
    ),
    "code": Text(
        "indiener '{value}' is geen gemeentecode (GM gevolgd door 4 cijfers)",
        "submitter '{value}' is not a municipality code (GM and 4 digits)",
    ),
    "code_unknown": Text(
        "indiener {value} staat niet in het ledenregister",
        "submitter {value} is not in the member register",
    ),
    "code_twice": Text("indiener {value} staat er twee keer in", "submitter {value} is listed twice"),
    "no_vote": Text(
        "een procedureel agendapunt heeft geen stemming, dus geen '{key}'",
        "a procedural item has no vote, so no '{key}'",
    ),
    "secret_matter": Text(
        'alleen een stemming over personen kan geheim zijn (kind = "persons")',
        'only a vote on persons can be secret (kind = "persons")',
    ),
    "options": Text(
        "een stemming met opties heeft 2 tot {max} verschillende, niet-lege opties",
        "a ballot has 2 to {max} distinct, non-empty options",
    ),
    "parts_and_options": Text(
        "een agendapunt kan niet zowel delen als opties hebben",
        "an item cannot have both parts and options",
    ),
    "parts": Text("een gesplitste stemming heeft ten minste twee delen", "a split vote has at least two parts"),
    "part_key": Text(
        "deel '{value}' heeft een ongeldige of dubbele sleutel",
        "part '{value}' has a malformed or duplicate key",
    ),
    "part_title": Text("deel '{value}' heeft geen titel", "part '{value}' has no title"),
    # Hostile text in a title (domain.limits): too long, or characters that hide what is shown.
    "text.too_long": Text(
        "'{key}' is te lang: {length} tekens, hoogstens {max}",
        "'{key}' is too long: {length} characters, at most {max}",
    ),
    "text.bidi": Text(
        "'{key}' bevat een onzichtbaar teken dat de leesrichting omdraait ({chars}); typ het opnieuw",
        "'{key}' contains an invisible character that reverses the reading direction ({chars}); type it again",
    ),
    "text.control": Text(
        "'{key}' bevat een stuurteken ({chars}), zoals een tab of regelovergang",
        "'{key}' contains a control character ({chars}), such as a tab or a line break",
    ),
    "reach": Text(
        "'reach' moet een geheel getal van 0 of meer zijn",
        "'reach' must be a whole number of 0 or more",
    ),
    "placeholder": Text(
        "'placeholder' mag alleen {allowed} bevatten, niet '{value}'",
        "'placeholder' may only hold {allowed}, not '{value}'",
    ),
}
_WHERE_FILE = Text("bestand", "file")
_WHERE_MEETING = Text("[meeting]", "[meeting]")

_TYPE_NAMES = {
    str: Text("tekst", "text"),
    bool: Text("waar/onwaar (true/false)", "true/false"),
    int: Text("een geheel getal", "a whole number"),
    list: Text("een lijst", "a list"),
    dict: Text("een tabel", "a table"),
}
_ITEM_KEYS = frozenset(
    {
        "key",
        "type",
        "title",
        "text",
        "target",
        "indieners",
        "preadvies",
        "majority",
        "kind",
        "secret",
        "options",
        "reach",
        "placeholder",
        "fictional",
        "published_outcome",
        "note",
        "part",
    }
)
_TOP_KEYS = frozenset({"format", "version", "voting_order", "meeting", "item"})
_MEETING_KEYS = frozenset({"title", "date", "place"})
_PART_KEYS = frozenset({"key", "title", "text"})
_TARGETS: Mapping[ItemType, frozenset[ItemType]] = {
    ItemType.AMENDMENT: frozenset({ItemType.RESOLUTION, ItemType.PROPOSAL, ItemType.MOTION}),
    ItemType.SUB_AMENDMENT: frozenset({ItemType.AMENDMENT}),
    ItemType.MOTION: frozenset({ItemType.RESOLUTION, ItemType.PROPOSAL}),
}
_NEEDS_INDIENERS = frozenset({ItemType.AMENDMENT, ItemType.SUB_AMENDMENT, ItemType.MOTION})


def _where_item(key: str, index: int) -> Text:
    # Rendered without parameters, so braces in a bad key cannot break the message.
    if key:
        return Text(f"agendapunt {key}", f"item {key}")
    return Text(f"agendapunt nr. {index + 1}", f"item no. {index + 1}")


def _nested(err: DeskError) -> Text:
    """Another module's refusal as a parameter, rendered in the reader's language."""
    return Text(err.message("nl"), err.message("en"))


# A function from (item index, field or None) to the line to report; 0 when there are no lines.
LineOf = Callable[[int, str | None], int]


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, line: int, where: Text, msg: str, /, **params: object) -> None:
        self.problems.append(AgendaProblem(line, T[msg], {"where": where, **params}))

    def refuse(self, what: Text) -> None:
        if self.problems:
            # In reading order, whatever order the checks found them in.
            problems = sorted(self.problems, key=lambda p: p.line)
            raise ImportRefused("agenda.refused", problems, what)


def _check_items(
    numbered: Sequence[tuple[int, AgendaItem]],
    out: _Collector,
    line_of: LineOf,
    known_codes: AbstractSet[str] | None,
    *,
    untyped: AbstractSet[int] = frozenset(),
    procedural_fields: bool = True,
) -> None:
    """Every rule on items and between them; shared by the file importer and app entry.

    ``numbered`` pairs each item with its position in the file or the list (0-based), which
    names the item in messages when its key is missing and finds its line. Items at positions
    in ``untyped`` had an unreadable type: the checks that depend on the type skip them (the
    type itself is already reported), so one mistake does not cascade. ``procedural_fields``
    off: the file reader already checked which fields a procedural item carries.
    """
    first: dict[str, int] = {}
    by_key: dict[str, AgendaItem] = {}
    unknown_type_keys = {i.key for n, i in numbered if n in untyped}
    for n, item in numbered:
        where = _where_item(item.key, n)
        typed = n not in untyped

        def bad(field_: str | None, msg: str, /, _n: int = n, _w: Text = where, **params: object) -> None:
            out.add(line_of(_n, field_), _w, msg, **params)

        if not item.key:
            bad("key", "empty", key="key")
        elif not _KEY_RE.match(item.key):
            bad("key", "key", value=item.key)
        elif item.key in first:
            bad("key", "duplicate", value=item.key, first=first[item.key] + 1)
        else:
            first[item.key] = n
            if typed:
                by_key[item.key] = item
        if not item.title.strip():
            bad("title", "empty", key="title")
        elif (problem := text_problem(item.title, TextKind.TITLE)) is not None:
            bad("title", problem.code, key="title", **problem.params)
        if typed and procedural_fields and item.type is ItemType.PROCEDURAL:
            voting_fields = {
                "preadvies": item.preadvies is not None,
                "majority": item.rule != SIMPLE_MAJORITY,
                "kind": item.kind is not Kind.MATTER,
                "secret": item.secret is not None,
                "options": bool(item.options),
                "part": bool(item.parts),
                "reach": item.reach != 0,
            }
            for name, present in voting_fields.items():
                if present:
                    bad(name, "no_vote", key=name)
        if item.secret and item.kind is not Kind.PERSONS:
            bad("secret", "secret_matter")
        if item.options and (
            not 2 <= len(item.options) <= MAX_OPTIONS
            or not all(o.strip() for o in item.options)
            or len(set(item.options)) != len(item.options)
        ):
            bad("options", "options", max=MAX_OPTIONS)
        if item.parts and item.options:
            bad("options", "parts_and_options")
        if len(item.parts) == 1:
            bad("part", "parts")
        part_keys: set[str] = set()
        for part in item.parts:
            if not _KEY_RE.match(part.key) or part.key in part_keys:
                bad("part", "part_key", value=part.key)
            if not part.title.strip():
                bad("part", "part_title", value=part.key)
            elif (problem := text_problem(part.title, TextKind.TITLE)) is not None:
                bad("part", problem.code, key=f"{part.key}.title", **problem.params)
            part_keys.add(part.key)
        if item.reach < 0:
            bad("reach", "reach")
        for value in sorted(item.placeholder - PLACEHOLDER_FIELDS):
            bad("placeholder", "placeholder", value=value, allowed=", ".join(sorted(PLACEHOLDER_FIELDS)))
        seen: set[str] = set()
        for code in item.indieners:
            if code in seen:
                bad("indieners", "code_twice", value=code)
            elif not _CODE_RE.match(code):
                bad("indieners", "code", value=code)
            elif known_codes is not None and code not in known_codes:
                bad("indieners", "code_unknown", value=code)
            seen.add(code)
        if typed and item.type in _NEEDS_INDIENERS and not item.indieners:
            bad("indieners", "indieners_missing", type=item.type.value)

    for n, item in numbered:
        if n in untyped or item.target in unknown_type_keys:
            continue
        where = _where_item(item.key, n)
        allowed = _TARGETS.get(item.type)
        if item.target is None:
            if item.type in (ItemType.AMENDMENT, ItemType.SUB_AMENDMENT):
                out.add(line_of(n, None), where, "target_missing", type=item.type.value)
        elif allowed is None:
            out.add(line_of(n, "target"), where, "target_forbidden", type=item.type.value)
        elif item.target not in by_key:
            out.add(line_of(n, "target"), where, "target_unknown", value=item.target)
        elif by_key[item.target].type not in allowed:
            out.add(
                line_of(n, "target"),
                where,
                "target_type",
                type=item.type.value,
                value=item.target,
                target_type=by_key[item.target].type.value,
                allowed=", ".join(sorted(t.value for t in allowed)),
            )


def build_agenda(
    items: Sequence[AgendaItem],
    *,
    title: str = "",
    date: str = "",
    place: str = "",
    voting_order: Sequence[Step] | None = None,
    known_codes: AbstractSet[str] | None = None,
) -> Agenda:
    """Validate items entered in the app with the same rules as a file; all-or-nothing."""
    out = _Collector()
    if not items:
        out.add(0, T_AGENDA, "no_items")
    _check_items(list(enumerate(items)), out, lambda n, f: 0, known_codes)
    out.refuse(T_AGENDA)
    order = tuple(voting_order) if voting_order is not None else None
    agenda = Agenda(tuple(items), title=title, date=date, place=place, voting_order=order)
    if order is not None:
        check_order(agenda, order)
    return agenda


# --- the TOML file ---------------------------------------------------------------------------

_TOML_LINE_RE = re.compile(r"at line (\d+)")
_HEADER_RE = re.compile(r"^\s*\[")
_ITEM_HEADER_RE = re.compile(r"^\s*\[\[\s*item\s*\]\]\s*(#.*)?$")
_PART_HEADER_RE = re.compile(r"^\s*\[\[\s*item\s*\.\s*part\s*\]\]\s*(#.*)?$")
_MEETING_HEADER_RE = re.compile(r"^\s*\[\s*meeting\s*\]\s*(#.*)?$")
_KEYLINE_RE = re.compile(r"^\s*([\"']?)([A-Za-z0-9_\-]+)\1\s*=")


class _Lines:
    """Where things are in the TOML text, for messages by line (tomllib gives no positions).

    A light scan that skips multi-line strings and records table headers and the first line of
    each key in the top level, ``[meeting]`` and each ``[[item]]``. Keys of an ``[[item.part]]``
    are reported at that part's header.
    """

    def __init__(self, text: str) -> None:
        self.top: dict[str, int] = {}
        self.meeting: dict[str, int] = {}
        self.meeting_line = 1
        self.items: list[tuple[int, dict[str, int], list[int]]] = []  # header, keys, part headers
        section: dict[str, int] | None = self.top
        in_string: str | None = None
        for n, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            if _ITEM_HEADER_RE.match(line):
                self.items.append((n, {}, []))
                section = self.items[-1][1]
            elif _PART_HEADER_RE.match(line) and self.items:
                self.items[-1][2].append(n)
                section = None
            elif _MEETING_HEADER_RE.match(line):
                self.meeting_line = n
                section = self.meeting
            elif _HEADER_RE.match(line):
                section = None
            else:
                m = _KEYLINE_RE.match(line)
                if m and section is not None:
                    section.setdefault(m.group(2), n)
            for delim in ('"""', "'''"):
                if line.count(delim) % 2 == 1:
                    in_string = delim
                    break

    def item(self, index: int, key: str | None = None) -> int:
        if index >= len(self.items):
            return 1
        header, keys, parts = self.items[index]
        if key == "part" and parts:
            return parts[0]
        return keys.get(key, header) if key else header

    def part(self, index: int, part_index: int) -> int:
        if index >= len(self.items):
            return 1
        header, _, parts = self.items[index]
        return parts[part_index] if part_index < len(parts) else header


def load_agenda(path: Path | str, known_codes: AbstractSet[str] | None = None) -> Agenda:
    """Read an agenda file (UTF-8 TOML); see :func:`parse_agenda`."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        out = _Collector()
        out.add(1, _WHERE_FILE, "encoding")
        raise ImportRefused("agenda.refused", out.problems, T_AGENDA_FILE) from None
    return parse_agenda(text, known_codes)


def parse_agenda(text: str, known_codes: AbstractSet[str] | None = None) -> Agenda:
    """Read an agenda file's text; raise :class:`ImportRefused` listing every problem.

    ``known_codes`` is the member register: when given, every indiener must be in it. Nothing
    is returned unless the whole file is sound.
    """
    out = _Collector()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE_RE.search(str(exc))
        out.add(int(m.group(1)) if m else 1, _WHERE_FILE, "syntax", detail=str(exc))
        raise ImportRefused("agenda.refused", out.problems, T_AGENDA_FILE) from None
    except RecursionError:
        # Arrays or tables nested thousands deep: the parser gives up at Python's recursion limit
        # (at once, no memory spent); an agenda needs two levels.
        out.add(1, _WHERE_FILE, "nesting")
        raise ImportRefused("agenda.refused", out.problems, T_AGENDA_FILE) from None
    raw = data.get("item")
    if isinstance(raw, list) and len(raw) > MAX_ITEMS:
        # Refused before any item is checked: the checks are per item, the limit is the table's.
        out.add(1, _WHERE_FILE, "too_many", count=len(raw), max=MAX_ITEMS)
        raise ImportRefused("agenda.refused", out.problems, T_AGENDA_FILE)
    lines = _Lines(text)
    reader = _Reader(out, lines)

    def top_line(key: str) -> int:
        return lines.top.get(key, 1)

    for key in data:
        if key not in _TOP_KEYS:
            out.add(top_line(key), _WHERE_FILE, "unknown_key", key=key)
    if data.get("format") != FORMAT:
        out.add(top_line("format"), _WHERE_FILE, "format", found=repr(data.get("format")))
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        out.add(top_line("version"), _WHERE_FILE, "version", found=repr(version))

    meeting = reader.typed(data, "meeting", dict, {}, top_line("meeting"), _WHERE_FILE)
    fields: dict[str, str] = {}
    for key, value in meeting.items():
        mline = lines.meeting.get(key, lines.meeting_line)
        if key not in _MEETING_KEYS:
            out.add(mline, _WHERE_MEETING, "unknown_key", key=key)
        elif key == "date" and isinstance(value, _dt.date):
            fields[key] = value.isoformat()
        else:
            fields[key] = reader.typed(meeting, key, str, "", mline, _WHERE_MEETING)

    raw_items = reader.typed(data, "item", list, [], top_line("item"), _WHERE_FILE)
    if not raw_items:
        out.add(1, _WHERE_FILE, "no_items")
    read = [reader.item(n, raw) for n, raw in enumerate(raw_items)]
    numbered = [(n, r[0]) for n, r in enumerate(read) if r is not None]
    untyped = {n for n, r in enumerate(read) if r is not None and not r[1]}
    _check_items(numbered, out, lines.item, known_codes, untyped=untyped, procedural_fields=False)

    order: tuple[Step, ...] | None = None
    raw_order = reader.typed(data, "voting_order", list, None, top_line("voting_order"), _WHERE_FILE)
    if raw_order is not None:
        if all(isinstance(s, str) for s in raw_order):
            order = tuple(parse_step(s) for s in raw_order)
        else:
            out.add(
                top_line("voting_order"), _WHERE_FILE, "type", key="voting_order", expected=_TYPE_NAMES[str], found="?"
            )
    good = [i for _, i in numbered]
    if order is not None and len(good) == len(read) and not untyped:
        try:
            check_order(Agenda(tuple(good)), order)
        except DeskError as exc:
            out.add(top_line("voting_order"), _WHERE_FILE, "nested", detail=_nested(exc))
    out.refuse(T_AGENDA_FILE)
    return Agenda(
        tuple(good),
        title=fields.get("title", ""),
        date=fields.get("date", ""),
        place=fields.get("place", ""),
        voting_order=order,
    )


class _Reader:
    """Turns the parsed TOML of one item into an :class:`AgendaItem`, reporting shape problems."""

    def __init__(self, out: _Collector, lines: _Lines) -> None:
        self.out = out
        self.lines = lines

    def typed(self, table: Mapping[str, Any], key: str, kind: type, default: Any, line: int, where: Text) -> Any:
        value = table.get(key, default)
        if key not in table:
            return default
        # bool is an int in Python: 'reach = true' must not pass as 1.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.out.add(line, where, "type", key=key, expected=_TYPE_NAMES[kind], found=type(value).__name__)
            return default
        return value

    def item(self, index: int, raw: object) -> tuple[AgendaItem, bool] | None:
        """The item and whether its type could be read; None when it is not a table at all.

        An unreadable type is reported here; the item then stands in as procedural so the
        checks that do not depend on the type can still report everything else.
        """
        lines, out = self.lines, self.out
        if not isinstance(raw, dict):
            out.add(
                lines.item(index),
                _where_item("", index),
                "type",
                key="item",
                expected=_TYPE_NAMES[dict],
                found=type(raw).__name__,
            )
            return None
        key_value = raw.get("key")
        where = _where_item(key_value.strip() if isinstance(key_value, str) else "", index)

        def get(key: str, kind: type, default: Any = None) -> Any:
            return self.typed(raw, key, kind, default, lines.item(index, key), where)

        for key in raw:
            if key not in _ITEM_KEYS:
                out.add(lines.item(index, key), where, "unknown_key", key=key)
        if "type" not in raw:
            out.add(lines.item(index), where, "required", key="type")
        key = get("key", str, "").strip()
        title = get("title", str, "")
        item_type = self._enum(get("type", str), ItemType, "type", index, where)
        if item_type is ItemType.PROCEDURAL:
            # Checked on the raw table: 'majority = "simple"' is the default value, yet
            # writing it on an item without a vote is still a mistake worth reporting.
            for name in ("preadvies", "majority", "kind", "secret", "options", "part", "reach"):
                if name in raw:
                    out.add(lines.item(index, name), where, "no_vote", key=name)

        preadvies = self._enum(get("preadvies", str), Preadvies, "preadvies", index, where)
        kind = self._enum(get("kind", str), Kind, "kind", index, where) or Kind.MATTER
        rule = SIMPLE_MAJORITY
        raw_rule = get("majority", str)
        if raw_rule is not None:
            try:
                rule = parse_rule(raw_rule)
            except DeskError as exc:
                out.add(lines.item(index, "majority"), where, "nested", detail=_nested(exc))

        indieners: list[str] = []
        for value in get("indieners", list, []):
            if isinstance(value, str):
                indieners.append(value.strip())
            else:
                out.add(lines.item(index, "indieners"), where, "code", value=value)
        options: list[str] = []
        for value in get("options", list, []):
            if isinstance(value, str):
                options.append(value.strip())
            else:
                out.add(lines.item(index, "options"), where, "options", max=MAX_OPTIONS)
        placeholder: list[str] = []
        for value in get("placeholder", list, []):
            placeholder.append(str(value))
        parts = self._parts(index, get("part", list, []), where)
        target = get("target", str)
        item = AgendaItem(
            key=key,
            type=item_type or ItemType.PROCEDURAL,
            title=title.strip(),
            text=get("text", str, ""),
            target=target.strip() if target is not None else None,
            indieners=tuple(indieners),
            preadvies=preadvies,
            rule=rule,
            kind=kind,
            secret=get("secret", bool),
            parts=tuple(parts),
            options=tuple(options),
            reach=get("reach", int, 0),
            placeholder=frozenset(placeholder),
            fictional=get("fictional", bool, False),
            published_outcome=get("published_outcome", str),
            note=get("note", str, ""),
        )
        return item, item_type is not None

    def _enum(self, value: str | None, enum: type[StrEnum], key: str, index: int, where: Text) -> Any:
        if value is None:
            return None
        try:
            return enum(value.strip())
        except ValueError:
            self.out.add(
                self.lines.item(index, key),
                where,
                "enum",
                key=key,
                value=value,
                allowed=", ".join(e.value for e in enum),
            )
            return None

    def _parts(self, index: int, raw_parts: list[Any], where: Text) -> list[Part]:
        parts: list[Part] = []
        for p_index, raw_part in enumerate(raw_parts):
            p_line = self.lines.part(index, p_index)
            if not isinstance(raw_part, dict):
                self.out.add(
                    p_line, where, "type", key="part", expected=_TYPE_NAMES[dict], found=type(raw_part).__name__
                )
                continue
            for k in raw_part:
                if k not in _PART_KEYS:
                    self.out.add(p_line, where, "unknown_key", key=f"part.{k}")
            values = []
            for k in ("key", "title", "text"):
                v = raw_part.get(k, "")
                if not isinstance(v, str):
                    self.out.add(
                        p_line, where, "type", key=f"part.{k}", expected=_TYPE_NAMES[str], found=type(v).__name__
                    )
                    v = ""
                values.append(v)
            parts.append(Part(values[0].strip(), values[1].strip(), values[2]))
        return parts
