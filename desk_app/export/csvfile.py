"""CSV that opens correctly in Excel with Dutch settings, and cannot smuggle in a formula.

Choices, stated once and repeated in the export's LEESMIJ.txt:

* **Separator ``;``.** Dutch Excel uses the comma as decimal sign, so it expects ``;`` between
  fields when it opens a ``.csv`` by double-click; a comma-separated file lands in one column.
* **Encoding UTF-8 with BOM.** Without the BOM Excel reads the file as Windows-1252 and mangles
  "Súdwest-Fryslân"; with it, every version since 2007 reads UTF-8.
* **CRLF line ends**, as RFC 4180 and Excel write them; quoting only where needed (``"``).
* **Numbers** are written as plain digits (no thousands separator: "5.000" would be read as
  five thousand in NL but as five in EN); a fraction uses the decimal comma ("98,81").
* **Formula injection** (OWASP "CSV injection"): a text cell that starts with ``=``, ``+``, ``-``,
  ``@``, tab or carriage return gets a leading apostrophe, so a spreadsheet shows it as text
  instead of running it. Only text cells are treated: numbers are typed as ``int`` by the
  writer and written as they are, so a negative number stays a number (``-5``), not ``'-5``.
  The escape is reversible (:func:`unneutralise`): a text that itself starts with an apostrophe
  followed by a trigger or another apostrophe gets one more, so "'s-Hertogenbosch" stays as it
  is and every text reads back exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

SEPARATOR = ";"
#: The first line of every CSV of an export made from a meeting file whose record does not hold
#: (``export --despite-integrity-failure``): one cell, before the header, that nobody can miss.
BANNER = "INTEGRITEITSFOUT"
ENCODING = "utf-8-sig"  # UTF-8 with byte order mark
LINE_END = "\r\n"
TRIGGERS = frozenset("=+-@\t\r")
PREFIX = "'"

Cell = str | int | Decimal | None


def neutralise(text: str) -> str:
    """The text as a spreadsheet-safe cell: a leading apostrophe before a formula trigger."""
    if not text:
        return text
    first = text[0]
    if first in TRIGGERS:
        return PREFIX + text
    if first == PREFIX and len(text) > 1 and (text[1] in TRIGGERS or text[1] == PREFIX):
        return PREFIX + text
    return text


def unneutralise(cell: str) -> str:
    """The exact inverse of :func:`neutralise` (for readers such as the verifier)."""
    if len(cell) > 1 and cell[0] == PREFIX and (cell[1] in TRIGGERS or cell[1] == PREFIX):
        return cell[1:]
    return cell


def format_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # bool is an int: refuse it rather than write "True"
        raise TypeError("write booleans as 'ja'/'nee' text")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return neutralise(value)


def to_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]], banner: str | None = None) -> bytes:
    """The whole file as bytes: deterministic for the same rows (no locale, no clock).

    ``banner`` (a text starting with :data:`BANNER`) becomes a first line of its own, above the
    header, for an export of a record that does not hold.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=SEPARATOR,
        quotechar='"',
        lineterminator=LINE_END,
        quoting=csv.QUOTE_MINIMAL,
    )
    if banner is not None:
        if not banner.startswith(BANNER):
            raise ValueError(f"a banner starts with {BANNER}")
        writer.writerow([banner])
    writer.writerow([neutralise(h) for h in header])
    width = len(header)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"row has {len(row)} cells, header has {width}: {row!r}")
        writer.writerow([format_cell(v) for v in row])
    return buffer.getvalue().encode(ENCODING)


def banner_of(data: bytes) -> str | None:
    """The :data:`BANNER` line of a file written by :func:`to_bytes`, if it has one."""
    first = data.decode(ENCODING, errors="replace").split(LINE_END, 1)[0].strip('"')
    return first if first.startswith(BANNER) else None


def read_rows(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """Parse a file written by :func:`to_bytes`: header and rows with cells un-neutralised.

    A :data:`BANNER` line is skipped here (see :func:`banner_of`). Raises ``ValueError`` for a
    file that is not UTF-8 or has rows of the wrong width.
    """
    text = data.decode(ENCODING)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR, quotechar='"')
    lines = list(reader)
    if lines and len(lines[0]) == 1 and lines[0][0].startswith(BANNER):
        lines = lines[1:]
    if not lines:
        raise ValueError("empty file")
    header = [unneutralise(h) for h in lines[0]]
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if len(line) != len(header):
            raise ValueError(f"line {n}: {len(line)} fields, expected {len(header)}")
        rows.append(dict(zip(header, (unneutralise(c) for c in line), strict=True)))
    return header, rows
