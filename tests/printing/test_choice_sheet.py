"""The printed choice sheet reads back, band by band, as the choice printed in words above it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from PySide6.QtWidgets import QApplication

from desk_app.domain.tally import Choice, Option, ballot_choices, choice_from_sheet
from desk_app.domain.text import DeskError
from desk_app.domain.token import TokenKind, parse_token, verify_token
from desk_app.printing.choice_sheet import (
    A4_MM,
    band_rect_mm,
    choice_sheet_data,
    page_count,
    write_choice_sheet_pdf,
)
from desk_app.scanning.decoder import decode_image

MEETING_NO = 4711
SECRET = bytes(range(32))
DPI = 200


def _pages(pdf: Path) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for page in doc:
            array = page.render(scale=DPI / 72, grayscale=True).to_numpy()
            out.append(array[:, :, 0] if array.ndim == 3 else array)
        return out
    finally:
        doc.close()


def _band(page: np.ndarray, index: int) -> np.ndarray:
    _x, y, _w, h = band_rect_mm(index)
    px = page.shape[0] / A4_MM[1]
    return page[int(y * px) : int((y + h) * px), :]


def _read_choices(pdf: Path, expected_bands: int) -> list[object]:
    """Each band's barcode, decoded on its own crop, verified and turned back into a choice."""
    found: list[object] = []
    for page in _pages(pdf):
        for index in range(3):
            if len(found) == expected_bands:
                break
            texts = decode_image(_band(page, index))
            assert len(texts) == 1, (index, texts)  # one code per band: a scan picks one choice
            parsed = parse_token(texts[0], expect={TokenKind.CHOICE})
            verify_token(parsed, MEETING_NO, SECRET)
            assert parsed.option is not None
            found.append(choice_from_sheet(parsed.option))
    return found


def test_matter_sheet_reads_back_as_voor_tegen_onthouding(qapp: QApplication, tmp_path: Path) -> None:
    data = choice_sheet_data("Extra ALV VNG", "vrijdag 24 mei 2024", MEETING_NO, SECRET)
    assert [e.word for e in data.entries] == ["VOOR", "TEGEN", "ONTHOUDING"]
    pdf = write_choice_sheet_pdf(data, tmp_path / "stemformulier.pdf")
    assert len(_pages(pdf)) == 1
    assert _read_choices(pdf, 3) == [Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING]


def test_ballot_sheet_has_an_option_per_band_over_two_pages(qapp: QApplication, tmp_path: Path) -> None:
    choices = ballot_choices(3)
    labels = {Option(1): "Kandidaat A", Option(2): "Kandidaat B", Option(3): "Kandidaat C"}
    data = choice_sheet_data(
        "Extra ALV VNG", "vrijdag 24 mei 2024", MEETING_NO, SECRET, choices, labels, title="Benoeming bestuurslid"
    )
    assert page_count(data) == 2
    assert [(e.word, e.label) for e in data.entries[:2]] == [("OPTIE 1", "Kandidaat A"), ("OPTIE 2", "Kandidaat B")]
    pdf = write_choice_sheet_pdf(data, tmp_path / "stembiljet.pdf")
    assert len(_pages(pdf)) == 2
    assert _read_choices(pdf, 4) == [Option(1), Option(2), Option(3), Choice.ONTHOUDING]


def test_a_sheet_of_another_meeting_does_not_verify(qapp: QApplication, tmp_path: Path) -> None:
    data = choice_sheet_data("Andere vergadering", "", 1234, SECRET)
    pdf = write_choice_sheet_pdf(data, tmp_path / "ander.pdf")
    text = decode_image(_band(_pages(pdf)[0], 0))[0]
    parsed = parse_token(text)
    with pytest.raises(DeskError) as err:
        verify_token(parsed, MEETING_NO, SECRET)
    assert err.value.code == "token.other_meeting"
