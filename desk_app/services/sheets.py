"""Spreadsheets in: an ``.xlsx`` workbook read into rows of text for the domain's parsers.

The register, the designations and the agenda may come as an Excel workbook. Reading one (a zip
of XML) is no business of the domain: this module turns it into :class:`~desk_app.domain.table.Sheet`
objects, one per visible worksheet, with every cell as the text a person sees (a whole number
without ``.0``, a date as ``2024-05-24``); the parsers in ``domain/`` take it from there, exactly
as they take a CSV file. Bounded by the one table of limits (``domain.limits``): a file larger
than :data:`MAX_BYTES` or unpacking to more than ``WORKBOOK_UNPACKED`` (a zip bomb), more rows or
columns than the domain's limits, and a damaged or old-style (``.xls``) file are refused with a
message before openpyxl parses any XML.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

from desk_app.domain.agenda import Agenda, load_agenda
from desk_app.domain.agenda_sheet import T_AGENDA_SHEET, parse_agenda_sheet
from desk_app.domain.limits import FILE_BYTES, MAX_CELL, MAX_COLUMNS, MAX_ROWS, WORKBOOK_UNPACKED
from desk_app.domain.register import ImportRefused, Problem
from desk_app.domain.table import HEADER_SEARCH_ROWS, Sheet
from desk_app.domain.text import Text

MAX_BYTES = max(FILE_BYTES.values())
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc): not readable here
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

_T_XLS = Text(
    "regel 1: dit is een oud Excel-bestand (.xls); sla het in Excel op als 'Excel-werkmap (.xlsx)' of als "
    "'CSV UTF-8' en lees het opnieuw in",
    "line 1: this is an old Excel file (.xls); save it in Excel as 'Excel Workbook (.xlsx)' or 'CSV UTF-8' and "
    "import it again",
)
_T_BROKEN = Text(
    "regel 1: het Excel-bestand kan niet worden gelezen ({detail}); open het in Excel, sla het opnieuw op als "
    ".xlsx en probeer het nog eens",
    "line 1: the Excel file cannot be read ({detail}); open it in Excel, save it again as .xlsx and try again",
)
_T_TOO_BIG = Text(
    "regel 1: het bestand is groter dan {mb} MB; is dit het goede bestand?",
    "line 1: the file is larger than {mb} MB; is this the right file?",
)


_T_UNPACKED = Text(
    "regel 1: het Excel-bestand pakt uit tot meer dan {mb} MB; is dit het goede bestand?",
    "line 1: the Excel file unpacks to more than {mb} MB; is this the right file?",
)


def _unpacked_size(data: bytes) -> int | None:
    """What a workbook (a zip) says it unpacks to, from its directory alone; None: not a readable zip
    (openpyxl then says what is wrong)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def is_workbook(data: bytes) -> bool:
    """An ``.xlsx`` (a zip) or an old ``.xls``: not text, whatever the file's name says."""
    return data[:4] in (_ZIP, _OLE)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # Excel keeps every number as a float: 931298.0 is 931298
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value)
    return text[: MAX_CELL + 1]  # longer is refused by the parser, which then says so


def read_workbook(data: bytes, what: Text) -> list[Sheet]:
    """Every visible worksheet as rows of text; refused (``what`` names the file) when unreadable."""
    if len(data) > MAX_BYTES:
        raise ImportRefused("sheet.refused", [Problem(1, _T_TOO_BIG, {"mb": MAX_BYTES // 2**20})], what)
    if data[:4] == _OLE:
        raise ImportRefused("sheet.refused", [Problem(1, _T_XLS, {})], what)
    unpacked = _unpacked_size(data)
    if unpacked is not None and unpacked > WORKBOOK_UNPACKED:
        raise ImportRefused("sheet.refused", [Problem(1, _T_UNPACKED, {"mb": WORKBOOK_UNPACKED // 2**20})], what)
    import openpyxl  # loaded only when a workbook is read: it is not needed at the desk

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file; all mean the same
        detail = type(exc).__name__ if not str(exc) else str(exc)[:200]
        raise ImportRefused("sheet.refused", [Problem(1, _T_BROKEN, {"detail": detail})], what) from None
    try:
        sheets: list[Sheet] = []
        worksheets = [ws for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        for ws in worksheets or book.worksheets:
            rows: list[tuple[int, tuple[str, ...]]] = []
            limit = MAX_ROWS + HEADER_SEARCH_ROWS + 1
            for number, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
                if number > limit:
                    break
                cells = [_cell(v) for v in values]
                while cells and not cells[-1]:
                    cells.pop()  # read-only sheets pad every row to max_col
                rows.append((number, tuple(cells)))
            sheets.append(Sheet(tuple(rows), name=ws.title))
        return sheets
    finally:
        book.close()


def table(data: bytes, what: Text) -> bytes | list[Sheet]:
    """What a domain parser takes: the worksheets of a workbook, or the bytes of a CSV file."""
    return read_workbook(data, what) if is_workbook(data) else data


def read_agenda(path: Path, data: bytes, known_codes: AbstractSet[str] | None) -> Agenda:
    """An agenda file by its kind: a workbook or CSV (the spreadsheet columns), else TOML."""
    if is_workbook(data) or path.suffix.lower() in SHEET_SUFFIXES:
        return parse_agenda_sheet(table(data, T_AGENDA_SHEET), known_codes)
    return load_agenda(path, known_codes)


def write_workbook(path: Path, rows: Sequence[Sequence[str]], title: str = "Agenda") -> None:
    """Rows of text as a one-sheet ``.xlsx`` (the agenda as a spreadsheet, an example for the secretariat)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = text
            cell.data_type = "s"  # text stays text: '=HYPERLINK(…)' in a title is not a formula
    book.save(path)
