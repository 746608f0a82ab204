"""Tables as the secretariat keeps them: rows of text from a CSV file or a spreadsheet.

The register, the designations and the agenda all arrive as a table with a header row. This
module is the pure part they share: splitting CSV text, matching headers written in Dutch or
English however they are capitalised, spaced or accented ("Gemeentecode", "e-mailadres",
"Bevolking op 1 januari 2024"), and finding the header row below a title or two. Reading an
``.xlsx`` file is not pure (a zip of XML, openpyxl): ``services/sheets.py`` turns one into a
:class:`Sheet` and the parsers take it from there.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Bounds on what a file may hold (input at every edge is bounded, RELIABILITY.md) are in the one
# table of limits, domain.limits; named here too for the parsers that read tables.
from desk_app.domain.limits import MAX_CELL as MAX_CELL
from desk_app.domain.limits import MAX_COLUMNS as MAX_COLUMNS
from desk_app.domain.limits import MAX_ROWS as MAX_ROWS
from desk_app.domain.text import Text

HEADER_SEARCH_ROWS = 20  # a header below a title, a date and a blank line is still found


@dataclass(frozen=True)
class Sheet:
    """Rows of text cells with the number the user sees for each row.

    For a spreadsheet that is the row number in the sheet; for a CSV file the record number,
    which is what Excel shows when it opens the file (a quoted cell may span lines).
    ``name`` is the worksheet's name, empty for CSV.
    """

    rows: tuple[tuple[int, tuple[str, ...]], ...]
    name: str = ""
    csv: bool = False

    def __len__(self) -> int:
        return len(self.rows)


def fold(text: str) -> str:
    """A header as compared: lower case, no accents, no spaces, dashes, dots or underscores."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\-_.'’]+", "", text.lower())


def csv_sheet(text: str) -> Sheet:
    """Split CSV text, choosing ``;`` or ``,`` by what the first line uses (Dutch Excel: ``;``)."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows: list[tuple[int, tuple[str, ...]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            rows.append((number, tuple(row)))
            if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass  # an unterminated quote swallows the rest: what came before is still reported
    return Sheet(tuple(rows), csv=True)


def blank(cells: Sequence[str]) -> bool:
    return not any(c.strip() for c in cells)


@dataclass(frozen=True)
class Column:
    """One column a parser knows: its name in both languages and the folded headers it accepts.

    ``prefixes`` match a header that starts with them ("population_2024", "bevolking op 1
    januari 2024 (aantal)"). Among several matching columns the one with the lowest
    ``priority`` of its match wins (CBS's "GemeentecodeGM" over its numeric "Gemeentecode").
    """

    key: str
    label: Text
    names: tuple[str, ...]
    prefixes: tuple[str, ...] = ()
    required: bool = True

    def rank(self, folded: str) -> int | None:
        if folded in self.names:
            return self.names.index(folded)
        for n, prefix in enumerate(self.prefixes):
            if folded.startswith(prefix):
                return len(self.names) + n
        return None


@dataclass(frozen=True)
class Header:
    """Where the header row is and which cell holds each known column."""

    row: int  # the row number the user sees
    position: int  # index into Sheet.rows
    cells: tuple[str, ...]
    index: Mapping[str, int] = field(default_factory=dict)
    missing: tuple[Column, ...] = ()
    twice: tuple[tuple[Column, str, str], ...] = ()  # column, first header, second header

    def cell(self, row: Sequence[str], key: str) -> str:
        n = self.index.get(key)
        if n is None or n >= len(row):
            return ""
        return row[n].strip()

    def text(self, key: str) -> str:
        """The header as written in the file for a known column."""
        n = self.index.get(key)
        return self.cells[n].strip() if n is not None else ""


def match_header(
    cells: Sequence[str], columns: Sequence[Column]
) -> tuple[dict[str, int], list[tuple[Column, str, str]]]:
    """Which cell is which column; two cells equally good for one column are reported."""
    found: dict[str, list[tuple[int, int]]] = {}
    by_key = {c.key: c for c in columns}
    for n, cell in enumerate(cells):
        folded = fold(cell)
        if not folded:
            continue
        for column in columns:
            rank = column.rank(folded)
            if rank is not None:
                found.setdefault(column.key, []).append((rank, n))
                break  # a header names one column at most: the first that claims it
    index: dict[str, int] = {}
    twice: list[tuple[Column, str, str]] = []
    for key, hits in found.items():
        hits.sort()
        index[key] = hits[0][1]
        if len(hits) > 1 and hits[1][0] == hits[0][0]:
            twice.append((by_key[key], cells[hits[0][1]].strip(), cells[hits[1][1]].strip()))
    return index, twice


def find_header(sheet: Sheet, columns: Sequence[Column]) -> Header | None:
    """The first row (of the first few non-blank ones) that names every required column.

    When no row does, the first non-blank row is taken as the header, with ``missing`` set, so
    the message can say what it found and what it expected. None: the sheet is empty.
    """
    required = [c for c in columns if c.required]
    fallback: Header | None = None
    seen = 0
    for position, (number, cells) in enumerate(sheet.rows):
        if blank(cells):
            continue
        index, twice = match_header(cells, columns)
        missing = tuple(c for c in required if c.key not in index)
        header = Header(number, position, tuple(cells), index, missing, tuple(twice))
        if not missing:
            return header
        if fallback is None:
            fallback = header
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return fallback


def data_rows(sheet: Sheet, header: Header) -> list[tuple[int, tuple[str, ...]]]:
    """The rows below the header that hold anything (a trailing blank line is not a row)."""
    return [(n, cells) for n, cells in sheet.rows[header.position + 1 :] if not blank(cells)]


def column_list(columns: Sequence[Column], lang: str | None) -> str:
    """The expected columns in the reader's language, for a message: 'gemeentecode, naam, …'."""
    return ", ".join(c.label.render(lang) for c in columns if c.required)


def pick(sheets: Sequence[Sheet], columns: Sequence[Column]) -> tuple[Sheet, Header | None]:
    """The first worksheet with a header naming every required column (a workbook may start
    with an explanation sheet, as CBS's do); else the first sheet with anything in it, whose
    header is then reported as it is."""
    fallback: tuple[Sheet, Header | None] | None = None
    for sheet in sheets:
        header = find_header(sheet, columns)
        if header is not None and not header.missing:
            return sheet, header
        if fallback is None and header is not None:
            fallback = (sheet, header)
    if fallback is not None:
        return fallback
    return (sheets[0] if sheets else Sheet(())), None
