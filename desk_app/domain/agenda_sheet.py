"""The agenda as a spreadsheet: one row per item, Dutch column names, every problem by row.

A secretariat keeps the agenda, the amendments and the motions in Excel. This reads such a table
(rows of text: ``services/sheets.py`` reads the ``.xlsx``, :mod:`desk_app.domain.table` splits a
``;``-CSV) into the same :class:`~desk_app.domain.agenda.Agenda` a TOML file gives, validated by
the same :func:`~desk_app.domain.agenda.build_agenda`, all or nothing.

Columns (header matching ignores case, spaces and accents; other columns are skipped):

=============  =====================================================================  ========
column         meaning                                                                needed
=============  =====================================================================  ========
nummer         the item's number: ``4``, ``4.A1``, ``4.M1``                           yes
soort          procedureel, voorstel, resolutie, amendement, motie (an amendement     yes
               whose doel is an amendement is a subamendement)
titel          the title                                                              yes
tekst          the text (the board's proposal, the motion's text)                     no
doel           the item an amendment changes (a motion: the item it belongs to)       no
indieners      municipality codes, separated by commas, semicolons or spaces          no
preadvies      overnemen, aanraden, ontraden, oordeel aan de ALV, aanhouden           no
meerderheid    gewoon (or empty), twee derde; or e.g. "ten minste 3/4"                no
=============  =====================================================================  ========

Every problem names its row (as the spreadsheet shows it), its column and what to do. The rows'
order is the agenda's order; the voting order is the default one, computed from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from desk_app.domain.agenda import (
    PREADVIES_LABELS,
    Agenda,
    AgendaItem,
    ItemType,
    Preadvies,
    build_agenda,
)
from desk_app.domain.limits import FILE_ROWS, FileKind
from desk_app.domain.register import CODE_RE, ImportRefused, Problem, as_sheets, header_problems, normalise_code
from desk_app.domain.table import Column, Header, Sheet, data_rows, fold, pick
from desk_app.domain.tally import SIMPLE_MAJORITY, TWO_THIRDS, Comparison, Rule
from desk_app.domain.text import DeskError, Text

MAX_ITEMS = FILE_ROWS[FileKind.AGENDA]  # the one table of limits
MAX_TITLE = 1_000

AGENDA_COLUMNS: tuple[Column, ...] = (
    Column("nummer", Text("nummer", "number"), ("nummer", "nr", "agendapunt", "punt", "number", "key")),
    Column("soort", Text("soort", "type"), ("soort", "type", "soortstuk", "kind")),
    Column("titel", Text("titel", "title"), ("titel", "title", "onderwerp")),
    Column("tekst", Text("tekst", "text"), ("tekst", "text", "inhoud"), required=False),
    Column("doel", Text("doel", "target"), ("doel", "target", "wijzigt", "hoortbij"), required=False),
    Column("indieners", Text("indieners", "submitters"), ("indieners", "indiener", "submitters"), required=False),
    Column("preadvies", Text("preadvies", "preadvies"), ("preadvies", "preadviesbestuur", "advies"), required=False),
    Column("meerderheid", Text("meerderheid", "majority"), ("meerderheid", "majority"), required=False),
)
_LABEL = {c.key: c.label for c in AGENDA_COLUMNS}

# The words people write, folded (see table.fold), and what they mean.
_SOORT: Mapping[str, ItemType] = {
    "procedureel": ItemType.PROCEDURAL,
    "procedural": ItemType.PROCEDURAL,
    "voorstel": ItemType.PROPOSAL,
    "besluit": ItemType.PROPOSAL,
    "proposal": ItemType.PROPOSAL,
    "resolutie": ItemType.RESOLUTION,
    "resolution": ItemType.RESOLUTION,
    "amendement": ItemType.AMENDMENT,
    "amendment": ItemType.AMENDMENT,
    "subamendement": ItemType.SUB_AMENDMENT,
    "subamendment": ItemType.SUB_AMENDMENT,
    "motie": ItemType.MOTION,
    "motion": ItemType.MOTION,
}
SOORT_LABELS: Mapping[ItemType, Text] = {
    ItemType.PROCEDURAL: Text("procedureel", "procedural"),
    ItemType.PROPOSAL: Text("voorstel", "proposal"),
    ItemType.RESOLUTION: Text("resolutie", "resolution"),
    ItemType.AMENDMENT: Text("amendement", "amendment"),
    ItemType.SUB_AMENDMENT: Text("subamendement", "sub-amendment"),
    ItemType.MOTION: Text("motie", "motion"),
}
_PREADVIES: Mapping[str, Preadvies] = {
    **{fold(p.value): p for p in Preadvies},
    **{fold(label.nl): p for p, label in PREADVIES_LABELS.items()},
    "oordeelalv": Preadvies.OORDEEL_ALV,
    "oordeelaandevergadering": Preadvies.OORDEEL_ALV,
    "oordeelaandeleden": Preadvies.OORDEEL_ALV,
}
_SIMPLE = frozenset({"", "gewoon", "gewone", "gewonemeerderheid", "meerdandehelft", "volstrekt", "simple"})
_TWO_THIRDS = frozenset({"tweederde", "2/3", "tenminstetweederde", "tenminste2/3", "twothirds", "gekwalificeerd"})
_RULE_RE = re.compile(r"^(tenminste|atleast|meerdan|morethan)(\d{1,3})/(\d{1,3})$")
_SPLIT_RE = re.compile(r"[,;/\s]+")
_KEY_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,31}$")

T_AGENDA_SHEET = Text("Het agendabestand (spreadsheet)", "The agenda spreadsheet")
_T_ENCODING = Text(
    "regel 1: het bestand is geen UTF-8 of Windows-1252 tekst", "line 1: the file is not UTF-8 or Windows-1252 text"
)
_T_AT = Text("rij {row}", "row {row}")
_T_AT_COLUMN = Text("rij {row}, kolom {column}", "row {row}, column {column}")

T: dict[str, Text] = {
    "nummer_empty": Text(
        "het nummer ontbreekt: geef elk agendapunt een nummer, bijv. 4, 4.A1 of 4.M1",
        "the number is missing: give every item a number, e.g. 4, 4.A1 or 4.M1",
    ),
    "nummer_bad": Text(
        "nummer '{value}' kan niet: gebruik letters, cijfers, '.' en '-' (hoogstens 32 tekens), bijv. 4.M1",
        "number '{value}' is not possible: use letters, digits, '.' and '-' (at most 32 characters), e.g. 4.M1",
    ),
    "nummer_twice": Text(
        "nummer {value} staat ook op rij {first}: geef elk agendapunt een eigen nummer",
        "number {value} also appears on row {first}: give every item its own number",
    ),
    "soort": Text(
        "soort '{value}' is onbekend: kies procedureel, voorstel, resolutie, amendement of motie",
        "type '{value}' is unknown: choose procedureel, voorstel, resolutie, amendement or motie",
    ),
    "soort_empty": Text(
        "de soort ontbreekt: kies procedureel, voorstel, resolutie, amendement of motie",
        "the type is missing: choose procedureel, voorstel, resolutie, amendement or motie",
    ),
    "titel": Text("de titel ontbreekt: vul een titel in", "the title is missing: fill in a title"),
    "too_long": Text(
        "de tekst is langer dan {max} tekens: kort hem in", "the text is longer than {max} characters: shorten it"
    ),
    "doel_needed": Text(
        "een {soort} wijzigt een agendapunt: vul bij doel het nummer in van wat het wijzigt (bijv. 4)",
        "an {soort} amends an item: fill in the number of the item it amends under target (e.g. 4)",
    ),
    "doel_forbidden": Text(
        "een {soort} heeft geen doel: maak deze cel leeg (alleen amendementen en moties hebben een doel)",
        "a {soort} has no target: empty this cell (only amendments and motions have a target)",
    ),
    "doel_unknown": Text(
        "doel '{value}' staat niet als nummer in het bestand: vul het nummer in van een agendapunt erboven of eronder",
        "target '{value}' is not a number in this file: fill in the number of an item in the file",
    ),
    "doel_self": Text("een agendapunt kan zichzelf niet wijzigen", "an item cannot amend itself"),
    "doel_type": Text(
        "een {soort} kan niet bij {value} ({target_soort}) horen: kies een {allowed}",
        "an {soort} cannot belong to {value} ({target_soort}): choose a {allowed}",
    ),
    "indieners_needed": Text(
        "een {soort} heeft ten minste één indiener: vul de gemeentecode(s) in, bijv. GM0153",
        "an {soort} needs at least one submitter: fill in the municipality code(s), e.g. GM0153",
    ),
    "indiener_bad": Text(
        "'{value}' is geen gemeentecode: schrijf codes als GM0153, gescheiden door komma's",
        "'{value}' is not a municipality code: write codes like GM0153, separated by commas",
    ),
    "indiener_unknown": Text(
        "{value} staat niet in het ledenregister: controleer de gemeentecode",
        "{value} is not in the member register: check the municipality code",
    ),
    "indiener_twice": Text("{value} staat er twee keer in: noem elke gemeente één keer", "{value} is listed twice"),
    "preadvies": Text(
        "preadvies '{value}' is onbekend: kies overnemen, aanraden, ontraden, oordeel aan de ALV of aanhouden",
        "preadvies '{value}' is unknown: choose overnemen, aanraden, ontraden, oordeel aan de ALV or aanhouden",
    ),
    "meerderheid": Text(
        "meerderheid '{value}' is onbekend: laat de cel leeg of schrijf gewoon, twee derde of bijv. 'ten minste 3/4'",
        "majority '{value}' is unknown: leave the cell empty or write gewoon, twee derde or e.g. 'ten minste 3/4'",
    ),
    "no_vote": Text(
        "over een procedureel punt wordt niet gestemd: maak deze cel leeg",
        "a procedural item is not voted on: empty this cell",
    ),
    "no_items": Text("het bestand bevat geen agendapunten", "the file holds no agenda items"),
    "too_many": Text(
        "het bestand heeft meer dan {max} agendapunten; is dit het goede bestand?",
        "the file has more than {max} items; is this the right file?",
    ),
    "other": Text("{detail}", "{detail}"),
}


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A problem in one row (and column) of the agenda sheet; ``line`` is the row number."""

    column: str | None = None

    def message(self, lang: str | None = None) -> str:
        params = {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.params.items()}
        if self.column is None:
            head = _T_AT.render(lang, row=self.line)
        else:
            head = _T_AT_COLUMN.render(lang, row=self.line, column=_LABEL[self.column].render(lang))
        return f"{head}: {self.text.render(lang, **params)}"


def parse_rule_nl(value: str) -> Rule | None:
    """'gewoon' / '' -> simple, 'twee derde' -> two thirds, 'ten minste 3/4' -> that rule; None: unknown."""
    folded = fold(value)
    if folded in _SIMPLE:
        return SIMPLE_MAJORITY
    if folded in _TWO_THIRDS:
        return TWO_THIRDS
    m = _RULE_RE.match(folded)
    if m is None:
        return None
    comparison = Comparison.AT_LEAST if m.group(1) in ("tenminste", "atleast") else Comparison.MORE_THAN
    try:
        return Rule(int(m.group(2)), int(m.group(3)), comparison)
    except DeskError:
        return None  # e.g. 1/3: not a majority


def rule_text(rule: Rule) -> str:
    """A rule as the sheet writes it: '' (gewoon), 'twee derde', 'ten minste 3/4'."""
    if rule == SIMPLE_MAJORITY:
        return ""
    if rule == TWO_THIRDS:
        return "twee derde"
    word = "ten minste" if rule.comparison is Comparison.AT_LEAST else "meer dan"
    return f"{word} {rule.numerator}/{rule.denominator}"


_TARGETS: Mapping[ItemType, frozenset[ItemType]] = {
    ItemType.AMENDMENT: frozenset({ItemType.RESOLUTION, ItemType.PROPOSAL, ItemType.MOTION}),
    ItemType.SUB_AMENDMENT: frozenset({ItemType.AMENDMENT}),
    ItemType.MOTION: frozenset({ItemType.RESOLUTION, ItemType.PROPOSAL}),
}


@dataclass
class _Row:
    row: int
    key: str
    type: ItemType | None
    target: str | None
    values: dict[str, str]


def parse_agenda_sheet(data: bytes | Sequence[Sheet], known_codes: AbstractSet[str] | None = None) -> Agenda:
    """Read an agenda table (CSV bytes or worksheets); raise :class:`ImportRefused` listing every
    problem by row and column. ``known_codes``: the register, which every indiener must be in."""
    problems: list[Problem] = []

    def bad(row: int, column: str | None, msg: str, /, **params: object) -> None:
        problems.append(SheetProblem(row, T[msg], dict(params), column))

    sheets = as_sheets(data)
    if sheets is None:
        problems.append(Problem(1, _T_ENCODING, {}))
        raise ImportRefused("agenda.refused", problems, T_AGENDA_SHEET)
    sheet, header = pick(sheets, AGENDA_COLUMNS)
    problems.extend(header_problems(header, AGENDA_COLUMNS))
    if header is None or problems:
        raise ImportRefused("agenda.refused", problems, T_AGENDA_SHEET)

    rows = data_rows(sheet, header)
    if not rows:
        bad(header.row + 1, None, "no_items")
    if len(rows) > MAX_ITEMS:
        bad(rows[MAX_ITEMS][0], None, "too_many", max=MAX_ITEMS)
        rows = rows[:MAX_ITEMS]

    # First pass: each row on its own.
    read: list[_Row] = []
    first: dict[str, int] = {}
    for number, cells in rows:
        values = {c.key: header.cell(cells, c.key) for c in AGENDA_COLUMNS}
        values["tekst"] = _raw(header, cells, "tekst")  # line breaks inside the text are kept
        key = values["nummer"]
        if not key:
            bad(number, "nummer", "nummer_empty")
        elif not _KEY_RE.match(key):
            bad(number, "nummer", "nummer_bad", value=key[:40])
        elif key in first:
            bad(number, "nummer", "nummer_twice", value=key, first=first[key])
        else:
            first[key] = number
        item_type: ItemType | None = None
        if not values["soort"]:
            bad(number, "soort", "soort_empty")
        else:
            item_type = _SOORT.get(fold(values["soort"]))
            if item_type is None:
                bad(number, "soort", "soort", value=values["soort"][:40])
        if not values["titel"]:
            bad(number, "titel", "titel")
        if len(values["titel"]) > MAX_TITLE:
            bad(number, "titel", "too_long", max=MAX_TITLE)
        read.append(_Row(number, key, item_type, values["doel"] or None, values))

    # Second pass: between rows (the doel must exist and be of a fitting soort).
    by_key = {r.key: r for r in read if r.key and first.get(r.key) == r.row}
    for r in read:
        if r.type is ItemType.AMENDMENT and r.target in by_key and by_key[r.target].type is ItemType.AMENDMENT:
            r.type = ItemType.SUB_AMENDMENT  # an amendment to an amendment
    items: list[AgendaItem] = []
    for r in read:
        item = _item(r, by_key, known_codes, bad)
        if item is not None:
            items.append(item)
    if problems:
        raise ImportRefused("agenda.refused", sorted(problems, key=lambda p: p.line), T_AGENDA_SHEET)
    try:
        return build_agenda(items, known_codes=known_codes)
    except ImportRefused as exc:  # a rule the sheet checks above do not know yet: still by row
        row_of = {r.key: r.row for r in read}
        for p in exc.problems:
            where = p.params.get("where")
            key = where.nl.removeprefix("agendapunt ") if isinstance(where, Text) else ""
            problems.append(
                SheetProblem(
                    row_of.get(key, header.row), T["other"], {"detail": Text(p.message("nl"), p.message("en"))}
                )
            )
        raise ImportRefused("agenda.refused", problems, T_AGENDA_SHEET) from None


def _raw(header: Header, cells: Sequence[str], key: str) -> str:
    n = header.index.get(key)
    if n is None or n >= len(cells):
        return ""
    return cells[n].strip().replace("\r\n", "\n")


def _item(
    r: _Row,
    by_key: Mapping[str, _Row],
    known_codes: AbstractSet[str] | None,
    report: Callable[..., None],
) -> AgendaItem | None:
    v = r.values
    soort = SOORT_LABELS[r.type] if r.type is not None else Text(v["soort"], v["soort"])
    ok = r.type is not None and bool(r.key) and bool(v["titel"])

    # doel
    if r.type is not None:
        allowed = _TARGETS.get(r.type)
        if r.target is None:
            if r.type in (ItemType.AMENDMENT, ItemType.SUB_AMENDMENT):
                report(r.row, "doel", "doel_needed", soort=soort)
                ok = False
        elif allowed is None:
            report(r.row, "doel", "doel_forbidden", soort=soort)
            ok = False
        elif r.target == r.key and by_key.get(r.key) is r:  # a doubled number is reported once, above
            report(r.row, "doel", "doel_self")
            ok = False
        elif r.target not in by_key:
            report(r.row, "doel", "doel_unknown", value=r.target[:40])
            ok = False
        else:
            target = by_key[r.target]
            if target.type is not None and target.type not in allowed:
                names = sorted(SOORT_LABELS[t].nl for t in allowed)
                names_en = sorted(SOORT_LABELS[t].en for t in allowed)
                report(
                    r.row,
                    "doel",
                    "doel_type",
                    soort=soort,
                    value=r.target,
                    target_soort=SOORT_LABELS[target.type],
                    allowed=Text(" of ".join(names), " or ".join(names_en)),
                )
                ok = False

    # indieners
    indieners: list[str] = []
    for token in _SPLIT_RE.split(v["indieners"]):
        if not token:
            continue
        code = normalise_code(token)
        if not CODE_RE.match(code):
            report(r.row, "indieners", "indiener_bad", value=token[:40])
            ok = False
        elif code in indieners:
            report(r.row, "indieners", "indiener_twice", value=code)
            ok = False
        elif known_codes is not None and code not in known_codes:
            report(r.row, "indieners", "indiener_unknown", value=code)
            ok = False
        else:
            indieners.append(code)
    needs = r.type in (ItemType.AMENDMENT, ItemType.SUB_AMENDMENT, ItemType.MOTION)
    if needs and not v["indieners"]:
        report(r.row, "indieners", "indieners_needed", soort=soort)
        ok = False

    # preadvies and meerderheid: only for items that are voted on
    preadvies: Preadvies | None = None
    rule = SIMPLE_MAJORITY
    if r.type is ItemType.PROCEDURAL:
        for column in ("preadvies", "meerderheid"):
            if v[column] and not (column == "meerderheid" and parse_rule_nl(v[column]) == SIMPLE_MAJORITY):
                report(r.row, column, "no_vote")
                ok = False
    else:
        if v["preadvies"]:
            preadvies = _PREADVIES.get(fold(v["preadvies"]))
            if preadvies is None:
                report(r.row, "preadvies", "preadvies", value=v["preadvies"][:40])
                ok = False
        parsed = parse_rule_nl(v["meerderheid"])
        if parsed is None:
            report(r.row, "meerderheid", "meerderheid", value=v["meerderheid"][:40])
            ok = False
        else:
            rule = parsed
    if not ok or r.type is None:
        return None
    return AgendaItem(
        key=r.key,
        type=r.type,
        title=v["titel"],
        text=v["tekst"],
        target=r.target,
        indieners=tuple(indieners),
        preadvies=preadvies,
        rule=rule,
    )


def agenda_rows(agenda: Agenda) -> list[list[str]]:
    """The agenda as sheet rows (header first): what :func:`parse_agenda_sheet` reads back.

    Only what the sheet's columns hold: parts, ballots, votes on persons and the rest need the
    TOML file or the editor.
    """
    rows = [[c.label.nl for c in AGENDA_COLUMNS]]
    for item in agenda.items:
        soort = ItemType.AMENDMENT if item.type is ItemType.SUB_AMENDMENT else item.type
        rows.append(
            [
                item.key,
                SOORT_LABELS[soort].nl,
                item.title,
                item.text,
                item.target or "",
                ", ".join(item.indieners),
                PREADVIES_LABELS[item.preadvies].nl if item.preadvies else "",
                rule_text(item.rule) if item.votable else "",
            ]
        )
    return rows
