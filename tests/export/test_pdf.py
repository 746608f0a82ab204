"""The PDF writer: deterministic dates in either form Qt writes them, and sections kept whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desk_app.export.pdf import fix_info_dates, render_pdf
from tests.helpers import REPO

DOC_ID = "12345678-1234-5678-1234-567812345678"
AS_OF = "2024-05-24T15:30:00.000Z"


def test_info_dates_are_replaced_in_place() -> None:
    for qt_wrote, ours in (
        (b"D:20261127092909Z", b"D:20240524153000Z"),
        (b"D:20261127102909+01'00'", b"D:20240524153000+00'00'"),
        (b"D:20261127055926-03'30'", b"D:20240524153000+00'00'"),
    ):
        pdf = b"%PDF-1.4\n1 0 obj\n<<\n/CreationDate (" + qt_wrote + b")\n/ModDate (" + qt_wrote + b")\n>>\n"
        fixed = fix_info_dates(pdf, "20240524153000")
        assert len(fixed) == len(pdf)  # every xref offset stays right
        assert fixed.count(ours) == 2 and qt_wrote not in fixed


def test_an_unexpected_info_dictionary_is_refused() -> None:
    with pytest.raises(RuntimeError, match="deterministic"):
        fix_info_dates(b"%PDF-1.4\n/CreationDate (20261127)\n", "20240524153000")


_SCRIPT = f"""
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
from desk_app.export.pdf import render_pdf
sys.stdout.buffer.write(render_pdf("<h1>Proces-verbaal</h1><p>Súdwest-Fryslân</p>", "t", "voet",
                                   {AS_OF!r}, {DOC_ID!r}))
"""


def _render_in(tz: str) -> bytes:
    env = {**os.environ, "TZ": tz, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], cwd=REPO, env=env, capture_output=True, check=True, timeout=120
    )
    return done.stdout


@pytest.mark.parametrize(
    ("tz", "form"), [("UTC", b"D:20240524153000Z"), ("Europe/Amsterdam", b"D:20240524153000+00'00'")]
)
def test_the_same_document_twice_in_any_time_zone(tz: str, form: bytes) -> None:
    """Qt stamps the clock in the machine's zone; the bytes must not show it."""
    first = _render_in(tz)
    second = _render_in(tz)  # a new process, at least a second later than the first began
    assert first == second
    assert first.count(b"/CreationDate (" + form + b")") == 1
    assert b'xmp:CreateDate="2024-05-24T15:30:00+00:00"' in first
    assert f"uuid:{DOC_ID}".encode() in first


def _page_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text without any whitespace (bold glyphs come out with spaces between)."""
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    doc = pdfium.PdfDocument(str(path))
    try:
        return ["".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc))]
    finally:
        doc.close()


def test_a_section_that_fits_on_a_page_is_not_split(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = 28  # each section is a bit more than half a page
    sections = "".join(
        f"<h3>Sectie {n}</h3>" + "".join(f"<p>regel {n}.{i}</p>" for i in range(lines)) + f"<p>einde {n}</p>"
        for n in range(1, 4)
    )
    pages = _page_texts(render_pdf(f"<html><body>{sections}</body></html>", "t", "voet", AS_OF, DOC_ID), tmp_path)
    assert len(pages) == 3
    for n, text in enumerate(pages, start=1):
        assert text.startswith(f"Sectie{n}") and f"einde{n}" in text, text[:80]


def test_a_long_section_keeps_its_heading_with_its_start(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Wherever the heading of a long section falls, a few of its lines follow on its page."""
    long = "<h3>Lang</h3>" + "".join(f"<p>lang {i}</p>" for i in range(120))
    moved = 0
    for k in range(30, 60, 2):  # push the heading down the first page, past its foot
        filler = "".join(f"<p>vulling {i}</p>" for i in range(k))
        pages = _page_texts(
            render_pdf(f"<html><body>{filler}{long}</body></html>", "t", "voet", AS_OF, DOC_ID), tmp_path
        )
        page = next(p for p in pages if "Lang" in p)
        assert "Langlang0lang1lang2lang3" in page, (k, page[-120:])
        moved += page is not pages[0] and f"vulling{k - 1}" in pages[0]
    assert moved  # at least once the heading had to go to the next page to stay with its lines


def test_a_forced_page_break_leaves_no_empty_page(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Fill the first page, then a table or two paragraphs, then a heading that must start a new
    page; move the end down by a pixel at a time over a whole line. Where the last line nearly fills
    the page, Qt's layout position ends a few dots into the next page and its forced break starts
    the page after that one: that empty page is not printed, and the pages are numbered without it."""
    lines = "".join(f"<p style='margin: 0'>vulling {i}</p>" for i in range(60))
    cells = "<p style='margin: 0'>cel a</p><p style='margin: 0'>cel b</p>"
    for tail in (f"<table width='100%'><tr><td>{cells}</td></tr></table>", cells):
        for px in range(0, 20):
            filler = f"{lines}<p style='margin-top: {px}px'>laatste</p>"
            html = f"<html><body>{filler}{tail}<h2 style='page-break-before: always'>Bijlage</h2><p>z</p></body></html>"
            pages = _page_texts(render_pdf(html, "t", "voet", AS_OF, DOC_ID), tmp_path)
            case = (tail[:6], px)
            for n, text in enumerate(pages, start=1):
                assert text.endswith(f"voetpagina{n}van{len(pages)}"), (case, n, text[-40:])
                assert text != f"voetpagina{n}van{len(pages)}", f"{case}: page {n} of {len(pages)} is empty"
            assert pages[-1].startswith("Bijlage"), case
            assert "celb" in pages[-2], case  # the page just before holds the end of the text


def test_an_empty_document_is_one_page(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert _page_texts(render_pdf("<html><body></body></html>", "t", "voet", AS_OF, DOC_ID), tmp_path) == [
        "voetpagina1van1"
    ]
