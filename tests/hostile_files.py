"""Hostile input files, generated (issue 12 item 10): used by tests/services/test_input_limits.py
and by benchmarks/bench_limits.py. Each is what a wrong or malicious file looks like: a 50 MB CSV
field, a TOML file nested 100,000 deep, an agenda of 200,000 items (TOML, CSV, .xlsx), a workbook
that unpacks to far more than it weighs, and a 50 MB results file."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from xml.sax.saxutils import escape

FIELD = 50 * 2**20  # 50 MB in one CSV field


def register_field() -> bytes:
    return f'code,name,province,population\nGM0363,"{"A" * FIELD}",NH,931298\n'.encode()


def register_long_line() -> bytes:
    """Under the size limit, but one line far longer than any cell may be."""
    return f'code,name,province,population\nGM0363,"{"A" * 300_000}",NH,931298\n'.encode()


def designations_field() -> bytes:
    return f'code,name,role,email\nGM0363,"{"A" * FIELD}",burgemeester,sec@example.nl\n'.encode()


def results_field() -> bytes:
    return f'gemeente;keuze\nGM0363;"{"v" * FIELD}"\n'.encode()


HEAD = 'format = "stembalie-agenda"\nversion = 1\n'


def nested_toml(depth: int = 100_000) -> bytes:
    """Arrays nested ``depth`` deep, one bracket per line (no line is long)."""
    return (HEAD + "x = " + "[\n" * depth + "]\n" * depth).encode()


def nested_toml_one_line(depth: int = 100_000) -> bytes:
    return (HEAD + "x = " + "[" * depth + "]" * depth + "\n").encode()


def agenda_toml(items: int = 200_000) -> bytes:
    body = "".join(f'[[item]]\nkey = "{i}"\ntype = "proposal"\ntitle = "Voorstel {i}"\n' for i in range(items))
    return (HEAD + body).encode()


def agenda_toml_small(items: int = 40_000) -> bytes:
    """As many items as fit under the size limit: refused by count, before any item is checked."""
    return (HEAD + "".join(f'[[item]]\nkey="{i}"\ntype="proposal"\ntitle="V"\n' for i in range(items))).encode()


def agenda_csv(items: int = 200_000) -> bytes:
    return ("nummer;soort;titel\n" + "".join(f"{i};voorstel;Voorstel {i}\n" for i in range(items))).encode()


def _workbook(rows: Iterable[Sequence[str]]) -> bytes:
    """A minimal .xlsx written as its XML parts (inline strings): a 200,000-row sheet in a fraction
    of a second, where openpyxl's writer takes ten (the reader under test is openpyxl either way)."""
    cells = "".join(
        "<row>" + "".join(f'<c t="inlineStr"><is><t>{escape(v)}</t></is></c>' for v in row) + "</row>" for row in rows
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Target="xl/workbook.xml" '
            f'Type="{rel}/officeDocument"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Agenda" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
            f'Type="{rel}/worksheet"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{cells}</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def agenda_xlsx(items: int = 200_000) -> bytes:
    """Over the size limit as a file: titles that do not pack away (a digest each)."""
    titles = (f"Voorstel {i} {hashlib.sha256(str(i).encode()).hexdigest()[:24]}" for i in range(items))
    return _workbook([("nummer", "soort", "titel"), *((str(i), "voorstel", t) for i, t in enumerate(titles))])


def agenda_xlsx_unpacking(rows: int = 60_000) -> bytes:
    """Under the size limit as a file, far over it unpacked (a sheet of repeated rows packs well)."""
    title = "Voorstel Voorstel Voorstel Voorstel Voorstel Voorstel Voorstel"
    return _workbook([("nummer", "soort", "titel"), *(("4", "voorstel", title) for _ in range(rows))])


#: name -> (what it is for, how to make it)
HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "register: 50 MB field": ("register", register_field),
    "designations: 50 MB field": ("designations", designations_field),
    "agenda: TOML nested 100,000 deep": ("agenda.toml", nested_toml),
    "agenda: 200,000 items (TOML)": ("agenda.toml", agenda_toml),
    "agenda: 200,000 items (CSV)": ("agenda.csv", agenda_csv),
    "agenda: 200,000 items (xlsx)": ("agenda.xlsx", agenda_xlsx),
    "agenda: 40,000 items under the size limit (TOML)": ("agenda.toml", agenda_toml_small),
    "agenda: an xlsx under the size limit that unpacks beyond it": ("agenda.xlsx", agenda_xlsx_unpacking),
    "results: 50 MB field": ("results", results_field),
}
