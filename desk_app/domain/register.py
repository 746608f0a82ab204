"""The member register: municipalities, their population and their votes (statutes art. 11).

Files come from the CBS or a secretariat's spreadsheet: CSV in UTF-8 with or without BOM or
cp1252, ``,`` or ``;`` separated, or worksheets read from an ``.xlsx`` (``services/sheets.py``).
Headers in Dutch or English, as CBS writes them or as people type them ("gemeentecode",
"GemeentecodeGM", "gemeente", "Provincienaam", "inwoners", "Bevolking op 1 januari 2024",
"population_2024"); other columns are skipped. Populations may carry Dutch thousands separators
("12.345"). A population column that names its reference date must name 1 January of the
meeting's year. Parsing is all-or-nothing: every problem is collected with its line number and
the whole file is refused if there is even one, so a register is never half-imported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desk_app.domain.table import (
    MAX_ROWS,
    Column,
    Header,
    Sheet,
    csv_sheet,
    data_rows,
    pick,
)
from desk_app.domain.text import DeskError, Text, counted

MIN_VOTES = 1
MAX_VOTES = 75
INHABITANTS_PER_VOTE = 1000

CODE_RE = re.compile(r"^GM\d{4}$")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(\.\d{3})+$")


def votes_for(population: int) -> int:
    """One vote per full 1,000 inhabitants, at least 1 and at most 75 (integer arithmetic)."""
    if population < 0:
        raise ValueError("population cannot be negative")
    return min(MAX_VOTES, max(MIN_VOTES, population // INHABITANTS_PER_VOTE))


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    province: str
    population: int

    @property
    def votes(self) -> int:
        return votes_for(self.population)


@dataclass(frozen=True)
class Problem:
    line: int
    text: Text
    params: dict[str, object]

    def message(self, lang: str | None = None) -> str:
        params = {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.params.items()}
        return self.text.render(lang, line=self.line, **params)


class ImportRefused(DeskError):
    """A whole file refused: ``problems`` lists every reason with its line number."""

    def __init__(self, code: str, problems: list[Problem], what: Text) -> None:
        super().__init__(code, _T_REFUSED, {"what": what, "count": counted(len(problems), _T_PROBLEM, _T_PROBLEMS)})
        self.problems = problems

    def message(self, lang: str | None = None) -> str:
        count = counted(len(self.problems), _T_PROBLEM, _T_PROBLEMS)
        head = self.text.render(lang, what=self.params["what"], count=count)
        return "\n".join([head, *("  - " + p.message(lang) for p in self.problems)])


_T_REFUSED = Text(
    "{what} is geweigerd: {count}, er is niets ingelezen. Verbeter het bestand en lees het opnieuw in.",
    "{what} was refused: {count}, nothing was imported. Correct the file and import it again.",
)
_T_PROBLEM = Text("{n} fout", "{n} problem")
_T_PROBLEMS = Text("{n} fouten", "{n} problems")
T_REGISTER_FILE = Text("Het ledenbestand", "The member register file")
T = {
    "encoding": Text(
        "regel {line}: het bestand is geen UTF-8 of Windows-1252 tekst",
        "line {line}: the file is not UTF-8 or Windows-1252 text",
    ),
    "empty": Text("regel {line}: het bestand is leeg", "line {line}: the file is empty"),
    "header": Text(
        "regel {line}: kopregel is '{found}', verwacht: code, name, province, population "
        "(bijv. 'code,name,province,population_2024')",
        "line {line}: the header is '{found}', expected: code, name, province, population "
        "(e.g. 'code,name,province,population_2024')",
    ),
    "columns": Text(
        "regel {line}: {found} kolommen, verwacht {expected} (staat er een scheidingsteken in een "
        "naam of getal? Zet die cel tussen aanhalingstekens)",
        "line {line}: {found} columns, expected {expected} (is there a separator inside a name "
        "or number? Put that cell in quotes)",
    ),
    "code": Text(
        "regel {line}: gemeentecode '{value}' is ongeldig (verwacht GM gevolgd door 4 cijfers, bijv. GM0363)",
        "line {line}: municipality code '{value}' is malformed (expected GM and 4 digits, e.g. GM0363)",
    ),
    "duplicate": Text(
        "regel {line}: gemeentecode {value} staat ook al op regel {first}",
        "line {line}: municipality code {value} already appears on line {first}",
    ),
    "name": Text("regel {line}: de gemeentenaam ontbreekt", "line {line}: the municipality name is missing"),
    "province": Text("regel {line}: de provincie ontbreekt", "line {line}: the province is missing"),
    "pop_missing": Text(
        "regel {line}: het inwonertal ontbreekt ({code})",
        "line {line}: the population is missing ({code})",
    ),
    "pop_negative": Text(
        "regel {line}: het inwonertal '{value}' is negatief ({code})",
        "line {line}: the population '{value}' is negative ({code})",
    ),
    "pop_nan": Text(
        "regel {line}: het inwonertal '{value}' is geen geheel getal ({code})",
        "line {line}: the population '{value}' is not a whole number ({code})",
    ),
    "no_rows": Text("regel {line}: het bestand bevat geen gemeenten", "line {line}: the file holds no municipalities"),
}


def decode_text(data: bytes) -> str | None:
    """UTF-8 (BOM or not) first, then Windows-1252 (Excel's 'CSV' on Dutch Windows)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def read_rows(text: str) -> list[list[str]]:
    """Split CSV text, choosing ``;`` or ``,`` by what the header line uses."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def parse_count(raw: str) -> int | None:
    """'12345', '12.345' (Dutch thousands) or '12 345' -> int; anything else -> None."""
    value = raw.strip().replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS_RE.match(value):
        value = value.replace(".", "")
    if value.startswith("-") and value[1:].isdigit():
        return -int(value[1:])
    return int(value) if value.isdigit() and value.isascii() else None


REGISTER_COLUMNS: tuple[Column, ...] = (
    # CBS's workbooks have both "Gemeentecode" (a number, 363) and "GemeentecodeGM" (GM0363):
    # the GM form is listed first so it wins when both are there.
    Column("code", Text("gemeentecode", "code"), ("gemeentecodegm", "code", "gemeentecode", "gmcode", "cbscode")),
    Column("name", Text("gemeentenaam", "name"), ("name", "naam", "gemeentenaam", "gemeente", "municipality")),
    Column("province", Text("provincie", "province"), ("province", "provincie", "provincienaam")),
    Column(
        "population",
        Text("inwoners", "population"),
        ("population", "inwoners", "inwonertal", "aantalinwoners", "bevolking"),
        # with a reference date or a unit: "population_2024", "Bevolking op 1 januari 2024
        # (aantal)", CBS's OData name "AantalInwoners_5"
        ("population", "inwoners", "inwonertal", "aantalinwoners", "bevolking", "totalebevolking"),
    ),
)

# Bounds that no Dutch municipality comes near (Amsterdam: 931,298 on 1 January 2024), so a
# value beyond them is a mistake in the file, never a big city: refused, not clamped to 75.
MAX_POPULATION = 10_000_000
MAX_NAME = 200

# The number of municipalities on 1 January, per CBS ("Gemeentelijke indeling op 1 januari"):
# a register for a known year with another count is worth a warning before the meeting opens.
# Years not listed give no warning rather than a guess.
CBS_MUNICIPALITIES: dict[int, int] = {
    2019: 355,
    2020: 355,
    2021: 352,
    2022: 345,
    2023: 342,
    2024: 342,
    2025: 342,
}

_T_HEADER = Text(
    "regel {line}: in de kopregel '{found}' ontbreekt {missing}. Verwacht worden de kolommen "
    "{expected} (Nederlandse of Engelse namen, bijv. 'gemeentecode;gemeentenaam;provincie;"
    "inwoners' of de CBS-namen; andere kolommen worden overgeslagen)",
    "line {line}: the header '{found}' lacks {missing}. Expected the columns {expected} (Dutch "
    "or English names, e.g. 'code,name,province,population' or the CBS names; other columns are "
    "skipped)",
)
_T_TWICE = Text(
    "regel {line}: de kolom {column} staat twee keer in de kopregel ('{first}' en '{second}'); laat er één over",
    "line {line}: the column {column} appears twice in the header ('{first}' and '{second}'); keep one",
)
_T_REFERENCE = Text(
    "regel {line}: de kolom '{header}' noemt {stated} als peildatum, maar de vergadering is in "
    "{year}: de stemmen gaan uit van het inwonertal op 1 januari {year} (CBS). Lees het "
    "ledenregister van 1 januari {year} in",
    "line {line}: the column '{header}' states {stated} as its reference date, but the meeting "
    "is in {year}: votes are based on the population on 1 January {year} (CBS). Import the "
    "register of 1 January {year}",
)
T["pop_absurd"] = Text(
    "regel {line}: het inwonertal '{value}' is onmogelijk voor één gemeente (meer dan 10.000.000) ({code})",
    "line {line}: the population '{value}' is impossible for one municipality (more than 10,000,000) ({code})",
)
T["too_long"] = Text(
    "regel {line}: de {what} is langer dan {max} tekens", "line {line}: the {what} is longer than {max} characters"
)
T["too_many"] = Text(
    "regel {line}: het bestand heeft meer dan {max} rijen; is dit het goede bestand?",
    "line {line}: the file has more than {max} rows; is this the right file?",
)
_T_NAME = Text("gemeentenaam", "municipality name")
_T_PROVINCE = Text("provincie", "province")
T_COUNT = Text(
    "Het ledenregister telt {count} gemeenten; volgens het CBS waren er op 1 januari {year} "
    "{expected}. Controleer of dit het goede register is (herindelingen) voordat u de "
    "vergadering opent.",
    "The member register holds {count} municipalities; according to CBS there were {expected} "
    "on 1 January {year}. Check that this is the right register (mergers) before opening the "
    "meeting.",
)

_MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "feb": 2,
    "maart": 3,
    "march": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "augustus": 8,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_NUMERIC_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d\d)(?!\d)")
_DAY_MONTH_RE = re.compile(r"(?<!\d)(\d{1,2})\s*([a-z]+)")
_MONTH_DAY_RE = re.compile(r"([a-z]+)\s+(\d{1,2})(?!\d)")


@dataclass(frozen=True)
class Reference:
    """The reference date a population header states: a year, and whether it is 1 January."""

    year: int
    day: int = 1
    month: int = 1

    @property
    def first_of_january(self) -> bool:
        return (self.day, self.month) == (1, 1)

    def text(self) -> Text:
        if self.first_of_january:
            return Text(f"1 januari {self.year}", f"1 January {self.year}")
        return Text(f"{self.day}-{self.month}-{self.year}", f"{self.year}-{self.month:02d}-{self.day:02d}")


def reference_of(header: str) -> Reference | None:
    """The reference date in a population column's name, if it states one.

    A year alone ("population_2024", "Inwoners 2024") is CBS's convention for 1 January of that
    year; a day and month ("Bevolking op 1 januari 2023", "inwoners 31-12-2023", "population
    July 1, 2024") are read as written. No year: nothing is stated.
    """
    text = header.lower().replace("_", " ")
    m = _NUMERIC_DATE_RE.search(text)
    if m:
        return Reference(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    year = _YEAR_RE.search(text)
    if year is None:
        return None
    for m in _DAY_MONTH_RE.finditer(text):
        if m.group(2) in _MONTHS:
            return Reference(int(year.group(1)), int(m.group(1)), _MONTHS[m.group(2)])
    for m in _MONTH_DAY_RE.finditer(text):
        if m.group(1) in _MONTHS:
            return Reference(int(year.group(1)), int(m.group(2)), _MONTHS[m.group(1)])
    for word in re.findall(r"[a-z]+", text):
        if word in _MONTHS and _MONTHS[word] != 1 and len(word) > 3:
            return Reference(int(year.group(1)), 1, _MONTHS[word])  # "juli 2024": a month, no day
    return Reference(int(year.group(1)))


def count_warning(count: int, year: int) -> DeskError | None:
    """A warning when a register for ``year`` does not hold CBS's number of municipalities."""
    expected = CBS_MUNICIPALITIES.get(year)
    if expected is None or expected == count:
        return None
    return DeskError("register.count", T_COUNT, {"count": count, "year": year, "expected": expected})


def normalise_code(raw: str) -> str:
    """'GM0363', 'gm0363' and CBS's numeric '363' or '0363' -> 'GM0363'; anything else as is."""
    value = raw.strip().upper().replace(" ", "")
    if value.isdigit() and value.isascii() and 1 <= len(value) <= 4:
        return f"GM{int(value):04d}"
    return value


def _labels(columns: Iterable[Column]) -> Text:
    cols = list(columns)
    return Text(", ".join(c.label.nl for c in cols), ", ".join(c.label.en for c in cols))


def header_problems(header: Header | None, columns: Sequence[Column]) -> list[Problem]:
    """What is wrong with a header row: an empty file, missing or doubled columns."""
    if header is None:
        return [Problem(1, T["empty"], {})]
    problems = []
    if header.missing:
        problems.append(
            Problem(
                header.row,
                _T_HEADER,
                {
                    "found": ";".join(c.strip() for c in header.cells if c.strip()),
                    "missing": _labels(header.missing),
                    "expected": _labels(c for c in columns if c.required),
                },
            )
        )
    for column, first, second in header.twice:
        problems.append(Problem(header.row, _T_TWICE, {"column": column.label, "first": first, "second": second}))
    return problems


def as_sheets(data: bytes | Sequence[Sheet]) -> list[Sheet] | None:
    """CSV bytes (UTF-8 with or without BOM, or Windows-1252) or worksheets already read; None:
    the bytes are not text."""
    if not isinstance(data, (bytes, bytearray)):
        return list(data)
    text = decode_text(bytes(data))
    return None if text is None else [csv_sheet(text)]


@dataclass(frozen=True)
class RegisterFile:
    """A register read whole: its members and the reference date its population column states."""

    members: list[Member]
    reference: Reference | None = None


def parse_register(data: bytes | Sequence[Sheet], *, year: int | None = None) -> list[Member]:
    """Parse a register (CSV bytes or worksheets); raise :class:`ImportRefused` listing every problem."""
    return read_register(data, year=year).members


def read_register(data: bytes | Sequence[Sheet], *, year: int | None = None) -> RegisterFile:
    """Read a register all-or-nothing; with ``year`` (the meeting's), a population column that
    states another reference date than 1 January of that year refuses the file."""
    problems: list[Problem] = []

    def bad(line: int, key: str, **params: object) -> None:
        problems.append(Problem(line, T[key], params))

    sheets = as_sheets(data)
    if sheets is None:
        bad(1, "encoding")
        raise ImportRefused("register.refused", problems, T_REGISTER_FILE)
    sheet, header = pick(sheets, REGISTER_COLUMNS)
    problems.extend(header_problems(header, REGISTER_COLUMNS))
    if header is None or problems:
        raise ImportRefused("register.refused", problems, T_REGISTER_FILE)
    reference = reference_of(header.text("population"))
    if reference is not None and year is not None and (reference.year != year or not reference.first_of_january):
        problems.append(
            Problem(
                header.row,
                _T_REFERENCE,
                {"header": header.text("population"), "stated": reference.text(), "year": year},
            )
        )

    rows = data_rows(sheet, header)
    if len(rows) > MAX_ROWS:
        bad(rows[MAX_ROWS][0], "too_many", max=MAX_ROWS)
        rows = rows[:MAX_ROWS]
    members: list[Member] = []
    first_line: dict[str, int] = {}
    width = len(header.cells)
    for line, row in rows:
        if sheet.csv and len(row) > width and any(c.strip() for c in row[width:]):
            bad(line, "columns", found=len(row), expected=width)
            continue
        code = normalise_code(header.cell(row, "code"))
        name, province = header.cell(row, "name"), header.cell(row, "province")
        raw_pop = header.cell(row, "population")
        ok = True
        if not CODE_RE.match(code):
            bad(line, "code", value=header.cell(row, "code"))
            ok = False
        elif code in first_line:
            bad(line, "duplicate", value=code, first=first_line[code])
            ok = False
        else:
            first_line[code] = line
        for value, key, label in ((name, "name", _T_NAME), (province, "province", _T_PROVINCE)):
            if not value:
                bad(line, key)
                ok = False
            elif len(value) > MAX_NAME:
                bad(line, "too_long", what=label, max=MAX_NAME)
                ok = False
        # A string of digits too long to be a population is not fed to int(): absurd, said so.
        huge = len(raw_pop) > 20
        population = None if huge else parse_count(raw_pop)
        shown = raw_pop[:20] + "…" if huge else raw_pop
        if not raw_pop:
            bad(line, "pop_missing", code=code)
            ok = False
        elif huge and re.sub(r"[.\s\u00a0]", "", raw_pop).lstrip("-").isdigit():
            bad(line, "pop_absurd", value=shown, code=code)
            ok = False
        elif population is None:
            bad(line, "pop_nan", value=shown, code=code)
            ok = False
        elif population < 0:
            bad(line, "pop_negative", value=raw_pop, code=code)
            ok = False
        elif population > MAX_POPULATION:
            bad(line, "pop_absurd", value=raw_pop, code=code)
            ok = False
        if ok and population is not None:
            members.append(Member(code, name, province, population))
    if not members and not problems:
        bad(header.row + 1, "no_rows")
    if problems:
        raise ImportRefused("register.refused", problems, T_REGISTER_FILE)
    return RegisterFile(members, reference)


@dataclass(frozen=True)
class RegisterTotals:
    members: int
    votes: int
    population: int
    at_cap: int
    at_minimum: int


def totals(members: Iterable[Member]) -> RegisterTotals:
    ms = list(members)
    return RegisterTotals(
        members=len(ms),
        votes=sum(m.votes for m in ms),
        population=sum(m.population for m in ms),
        at_cap=sum(1 for m in ms if m.votes == MAX_VOTES),
        at_minimum=sum(1 for m in ms if m.votes == MIN_VOTES),
    )
