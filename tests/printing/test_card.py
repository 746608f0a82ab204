"""Tests for desk_app.printing.card: the A4 PDF and phone PNG, and their read-back guarantee."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from pyzbar import pyzbar
from pyzbar.pyzbar import ZBarSymbol

from PySide6.QtGui import QImage

from desk_app.domain.token import make_card_token, make_pass_token
from desk_app.printing import card as card_mod
from desk_app.printing.barcode import Code128Pattern, encode, qimage_to_gray
from desk_app.printing.card import (
    BAR_HEIGHT_MM,
    MODULE_MM,
    PHONE_PX_PER_MODULE,
    CardData,
    CardNotReadable,
    card_file_stem,
    make_card,
    render_card_page,
    render_card_phone,
    write_card_pdf,
)
from desk_app.scanning.decoder import decode_image

SECRET = bytes(range(32))
MEETING = 4821


def card_data(
    code: str = "GM0363",
    name: str = "Amsterdam",
    votes: int = 75,
    version: int = 1,
    rep: tuple[str, str] | None = ("Femke Halsema", "burgemeester"),
) -> CardData:
    return CardData(
        meeting_name="Extra Algemene Ledenvergadering VNG",
        meeting_date=date(2024, 5, 24),
        meeting_place="Beatrixtheater, Utrecht",
        municipality_code=code,
        municipality_name=name,
        votes=votes,
        rep_name=rep[0] if rep else None,
        rep_role=rep[1] if rep else None,
        token=make_card_token(MEETING, SECRET, code, version),
        version=version,
    )


def zbar_read(gray: np.ndarray) -> list[str]:
    return [s.data.decode("ascii") for s in pyzbar.decode(gray, symbols=[ZBarSymbol.CODE128])]


def pdf_page(path: Path) -> pdfium.PdfPage:
    return pdfium.PdfDocument(str(path))[0]


def pdf_gray(path: Path, dpi: float) -> np.ndarray:
    bitmap = pdf_page(path).render(scale=dpi / 72, grayscale=True)
    array = bitmap.to_numpy()
    return np.ascontiguousarray(array[:, :, 0] if array.ndim == 3 else array)


def pdf_text(path: Path) -> str:
    return pdf_page(path).get_textpage().get_text_range()


def squash(text: str) -> str:
    return " ".join(text.split())


def barcode_rows(dark: np.ndarray) -> tuple[int, int]:
    """First and last row of the barcode: the tallest band of rows that all cross many edges.

    Lines of text cross many edges too, but they are a few millimetres tall.
    """
    transitions = np.count_nonzero(np.diff(dark.astype(np.int8), axis=1), axis=1)
    busy = np.flatnonzero(transitions > 60)
    assert busy.size, "no barcode rows found"
    bands = np.split(busy, np.flatnonzero(np.diff(busy) > 1) + 1)
    tallest = max(bands, key=len)
    return int(tallest[0]), int(tallest[-1])


# --- the PDF ---------------------------------------------------------------------------------


def test_make_card_writes_a_pdf_and_a_png_that_decode(qapp: object, tmp_path: Path) -> None:
    data = card_data()
    files = make_card(data, tmp_path, decode_image)
    assert files.pdf == tmp_path / "stemkaart_GM0363_Amsterdam_v1.pdf"
    assert files.png == tmp_path / "stemkaart_GM0363_Amsterdam_v1_telefoon.png"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([files.pdf.name, files.png.name])
    # The PDF itself, rasterised by another renderer (PDFium), reads back at 150 and 100 dpi.
    assert zbar_read(pdf_gray(files.pdf, 150)) == [data.token]
    assert decode_image(pdf_gray(files.pdf, 100)) == [data.token]
    phone = QImage(str(files.png))
    assert (phone.width(), phone.height()) == (1080, 1920)
    assert zbar_read(qimage_to_gray(phone)) == [data.token]


def test_pdf_is_one_a4_page_with_the_card_text(qapp: object, tmp_path: Path) -> None:
    data = card_data()
    path = write_card_pdf(data, tmp_path / "card.pdf")
    doc = pdfium.PdfDocument(str(path))
    assert len(doc) == 1
    width_pt, height_pt = doc[0].get_size()
    assert width_pt == pytest.approx(595.3, abs=1) and height_pt == pytest.approx(841.9, abs=1)
    text = squash(pdf_text(path))
    for expected in [
        "Stemkaart",
        "Extra Algemene Ledenvergadering VNG",
        "vrijdag 24 mei 2024",
        "Beatrixtheater, Utrecht",
        "Amsterdam (GM0363)",
        "75 stemmen",
        "Femke Halsema, burgemeester",
        "Neem deze kaart mee naar de stembalie",
        "andere gemeente mag de kaart niet gebruiken",
        "kaartversie 1",
    ]:
        assert expected in text, expected
    # The digits under the barcode, for typing when a scan fails.
    assert data.token in text.replace(" ", "")


def test_unknown_representative_is_said_so(qapp: object, tmp_path: Path) -> None:
    text = squash(pdf_text(write_card_pdf(card_data(rep=None), tmp_path / "c.pdf")))
    assert "Vertegenwoordiger nog niet opgegeven" in text


def test_single_vote_is_singular(qapp: object, tmp_path: Path) -> None:
    text = squash(pdf_text(write_card_pdf(card_data("GM0088", "Schiermonnikoog", 1), tmp_path / "c.pdf")))
    assert "1 stem " in text and "1 stemmen" not in text


def test_pdf_barcode_is_tall_with_quiet_zones(qapp: object, tmp_path: Path) -> None:
    path = write_card_pdf(card_data(), tmp_path / "card.pdf")
    dpi = 254  # 10 px per mm
    gray = pdf_gray(path, dpi)
    # Find the barcode: rows where a long stretch of the page alternates dark and light.
    dark = gray < 128
    top, bottom = barcode_rows(dark)
    assert (bottom - top + 1) / 10 >= 25.0
    assert (bottom - top + 1) / 10 == pytest.approx(BAR_HEIGHT_MM, abs=0.3)
    middle = dark[(top + bottom) // 2]
    cols = np.flatnonzero(middle)
    first, last = cols.min(), cols.max()
    assert (last - first + 1) / 10 == pytest.approx(156 * MODULE_MM, abs=0.3)
    quiet = int(10 * MODULE_MM * 10)  # 10 modules in px
    band = dark[top : bottom + 1]
    assert not band[:, first - quiet : first].any()
    assert not band[:, last + 1 : last + 1 + quiet].any()


def test_pdf_barcode_is_vector(qapp: object, tmp_path: Path) -> None:
    # No raster image anywhere on the page; every bar is its own filled path.
    data = card_data()
    path = write_card_pdf(data, tmp_path / "card.pdf")
    kinds = [obj.type for obj in pdf_page(path).get_objects()]
    assert pdfium_raw.FPDF_PAGEOBJ_IMAGE not in kinds
    bars = len(encode(data.token).bars())
    assert kinds.count(pdfium_raw.FPDF_PAGEOBJ_PATH) >= bars
    # And it stays sharp and readable at a printer's resolution.
    assert zbar_read(pdf_gray(path, 600)) == [data.token]


# --- the phone image -------------------------------------------------------------------------


def test_phone_image_has_whole_pixel_modules(qapp: object) -> None:
    data = card_data()
    gray = qimage_to_gray(render_card_phone(data))
    assert gray.shape == (1920, 1080)
    top, bottom = barcode_rows(gray < 128)
    assert bottom - top + 1 == 440
    row = gray[(top + bottom) // 2]
    cols = np.flatnonzero(row < 128)
    assert cols.max() - cols.min() + 1 == 156 * PHONE_PX_PER_MODULE
    # Bars and gaps are whole multiples of 6 px: no resampled, uneven modules.
    edges = np.flatnonzero(np.diff((row < 128).astype(np.int8))) + 1
    widths = np.diff(edges)
    assert (widths % PHONE_PX_PER_MODULE == 0).all()
    assert PHONE_PX_PER_MODULE >= 3
    assert zbar_read(gray) == [data.token]


def test_phone_and_page_show_long_names(qapp: object) -> None:
    data = dataclasses.replace(
        card_data(
            "GM1640",
            "Hardinxveld-Giessendam",
            18,
            3,
            ("mr. dr. Anne-Marie van der Bergh-Vlaskamp", "gemeentesecretaris"),
        ),
        meeting_name="Algemene Ledenvergadering van de Vereniging van Nederlandse Gemeenten "
        "(najaarsvergadering, met aansluitend een bijeenkomst)",
    )
    assert decode_image(qimage_to_gray(render_card_phone(data))) == [data.token]
    assert decode_image(qimage_to_gray(render_card_page(data))) == [data.token]


def test_absurdly_long_text_fails_instead_of_overlapping(qapp: object) -> None:
    data = dataclasses.replace(card_data(), rep_name="Jansen " * 300)
    with pytest.raises(RuntimeError, match="overflows"):
        render_card_page(data)
    with pytest.raises(RuntimeError, match="overflows"):
        render_card_phone(data)


# --- the read-back guarantee -----------------------------------------------------------------


def corrupted(pattern: Code128Pattern) -> Code128Pattern:
    # Reverse a stretch inside the third data symbol: a symbol zbar and zxing cannot accept.
    m = pattern.modules
    return Code128Pattern(pattern.data, pattern.symbols, m[:33] + m[33:41][::-1] + m[41:])


def test_broken_barcode_fails_card_generation(qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(card_mod, "encode", lambda data: corrupted(encode(data)))
    with pytest.raises(CardNotReadable) as info:
        make_card(card_data(), tmp_path, decode_image)
    assert info.value.code == "card.unreadable"
    message = info.value.message("nl")
    assert "Amsterdam (GM0363)" in message and "niet gemaakt" in message
    assert "geen streepjescode gevonden" in message
    assert "not made" in info.value.message("en")
    assert list(tmp_path.iterdir()) == []  # nothing that looks like a made card


def test_barcode_of_another_card_fails_card_generation(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_card_token(MEETING, SECRET, "GM0344", 1)
    monkeypatch.setattr(card_mod, "encode", lambda data: encode(other))
    with pytest.raises(CardNotReadable) as info:
        make_card(card_data(), tmp_path, decode_image)
    assert f"gelezen: {other}" in info.value.message("nl")
    assert list(tmp_path.iterdir()) == []


def test_phone_image_is_checked_too(qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Break only the phone image (drawn at 6 px/module); the A4 page stays good.
    real_draw = card_mod.draw_barcode

    def draw(painter, rect, pattern, quiet_modules=10):  # type: ignore[no-untyped-def]
        if rect.width() == (156 + 20) * PHONE_PX_PER_MODULE:
            pattern = corrupted(pattern)
        return real_draw(painter, rect, pattern, quiet_modules)

    monkeypatch.setattr(card_mod, "draw_barcode", draw)
    with pytest.raises(CardNotReadable) as info:
        make_card(card_data(), tmp_path, decode_image)
    assert "telefoonafbeelding" in info.value.message("nl")
    assert list(tmp_path.iterdir()) == []


def test_decoder_that_reads_nothing_fails(qapp: object, tmp_path: Path) -> None:
    with pytest.raises(CardNotReadable):
        make_card(card_data(), tmp_path, lambda gray: [])
    with pytest.raises(CardNotReadable):
        make_card(card_data(), tmp_path, lambda gray: [card_data().token, "1234"])


# --- card data -------------------------------------------------------------------------------


def test_card_data_refuses_a_token_of_another_municipality_or_version() -> None:
    good = card_data()
    with pytest.raises(ValueError, match="GM0363"):
        dataclasses.replace(good, municipality_code="GM0344")
    with pytest.raises(ValueError, match="version"):
        dataclasses.replace(good, version=2)
    with pytest.raises(ValueError, match="not a card token"):
        dataclasses.replace(good, token=make_pass_token(MEETING, SECRET, 1))
    with pytest.raises(ValueError):
        dataclasses.replace(good, votes=0)


def test_file_names_are_ascii() -> None:
    assert card_file_stem(card_data("GM1900", "Súdwest-Fryslân", 2, 2)) == ("stemkaart_GM1900_Sudwest-Fryslan_v2")
    assert card_file_stem(card_data("GM0796", "'s-Hertogenbosch", 75)) == ("stemkaart_GM0796_s-Hertogenbosch_v1")
