"""The chain head on the stempas: every pass handed out carries an anchor of the audit record."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desk_app.printing.stempas import PASS_SIZES, chain_text, write_stempas_pdf
from desk_app.scanning.decoder import decode_image
from tests.printing.test_stempas import data, pdf_gray

HEAD = "57:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def test_chain_text() -> None:
    assert chain_text(HEAD) == "keten 57:9f86d081884c"
    assert chain_text("9f86d081884c7d65") == "keten 9f86d081884c"
    assert chain_text("") == "" and chain_text("57:") == ""


@pytest.mark.parametrize("size", sorted(PASS_SIZES))
def test_the_head_is_printed_small_and_the_barcode_still_reads(qapp: object, tmp_path: Path, size: str) -> None:
    path = write_stempas_pdf(data(chain_head=HEAD), tmp_path / "pas.pdf", PASS_SIZES[size])
    text = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
    assert "keten 57:9f86d081884c" in text and HEAD not in text
    assert data().chain_head == ""  # optional: a pass without it prints as before
    plain = write_stempas_pdf(data(), tmp_path / "plain.pdf", PASS_SIZES[size])
    assert "keten" not in pdfium.PdfDocument(str(plain))[0].get_textpage().get_text_range()
    assert data(chain_head=HEAD).token in decode_image(pdf_gray(path, 300))
