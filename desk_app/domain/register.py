"""The member register: municipalities, their population and their votes (statutes art. 11).

CSV files come from the CBS or a secretariat's spreadsheet: UTF-8 with or without BOM or cp1252,
``,`` or ``;`` separated, populations possibly with Dutch thousands separators ("12.345").
Parsing is all-or-nothing: every problem is collected with its line number and the whole file is
refused if there is even one, so a register is never half-imported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from desk_app.domain.text import DeskError, Text

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
        return self.text.render(lang, line=self.line, **self.params)


class ImportRefused(DeskError):
    """A whole file refused: ``problems`` lists every reason with its line number."""

    def __init__(self, code: str, problems: list[Problem], what: Text) -> None:
        super().__init__(code, _T_REFUSED, {"what": what, "count": len(problems)})
        self.problems = problems

    def message(self, lang: str | None = None) -> str:
        head = self.text.render(lang, what=self.params["what"].render(lang), count=len(self.problems))
        return "\n".join([head, *("  - " + p.message(lang) for p in self.problems)])


_T_REFUSED = Text(
    "{what} is geweigerd: {count} fout(en), er is niets ingelezen. Verbeter het bestand en lees het opnieuw in.",
    "{what} was refused: {count} problem(s), nothing was imported. Correct the file and import it again.",
)
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
        "regel {line}: {found} kolommen, verwacht 4",
        "line {line}: {found} columns, expected 4",
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


def _norm_header(cell: str) -> str:
    return cell.strip().lower()


def parse_register(data: bytes) -> list[Member]:
    """Parse a register CSV; raise :class:`ImportRefused` listing every problem."""
    problems: list[Problem] = []

    def bad(line: int, key: str, **params: object) -> None:
        problems.append(Problem(line, T[key], params))

    text = decode_text(data)
    if text is None:
        bad(1, "encoding")
        raise ImportRefused("register.refused", problems, T_REGISTER_FILE)
    rows = read_rows(text)
    if not rows or not any(c.strip() for c in rows[0]):
        bad(1, "empty")
        raise ImportRefused("register.refused", problems, T_REGISTER_FILE)
    header = [_norm_header(c) for c in rows[0]]
    if len(header) != 4 or header[:3] != ["code", "name", "province"] or not header[3].startswith("population"):
        bad(1, "header", found=",".join(c.strip() for c in rows[0]))
        raise ImportRefused("register.refused", problems, T_REGISTER_FILE)

    members: list[Member] = []
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue  # blank lines (a trailing newline from Excel) are not rows
        if len(row) != 4:
            bad(line, "columns", found=len(row))
            continue
        code, name, province, raw_pop = (c.strip() for c in row)
        ok = True
        if not CODE_RE.match(code):
            bad(line, "code", value=code)
            ok = False
        elif code in first_line:
            bad(line, "duplicate", value=code, first=first_line[code])
            ok = False
        else:
            first_line[code] = line
        if not name:
            bad(line, "name")
            ok = False
        if not province:
            bad(line, "province")
            ok = False
        population = parse_count(raw_pop) if raw_pop else None
        if not raw_pop:
            bad(line, "pop_missing", code=code)
            ok = False
        elif population is None:
            bad(line, "pop_nan", value=raw_pop, code=code)
            ok = False
        elif population < 0:
            bad(line, "pop_negative", value=raw_pop, code=code)
            ok = False
        if ok and population is not None:
            members.append(Member(code, name, province, population))
    if not members and not problems:
        bad(2, "no_rows")
    if problems:
        raise ImportRefused("register.refused", problems, T_REGISTER_FILE)
    return members


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
