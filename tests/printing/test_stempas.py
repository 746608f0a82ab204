"""The stempas: exact page sizes, the facts on it, and a barcode that reads back from the PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from PySide6.QtPrintSupport import QPrinter

from desk_app.domain.token import make_card_token, make_pass_token
from desk_app.printing.barcode import qimage_to_gray
from desk_app.printing.stempas import (
    PASS_SIZES,
    PDF_TARGET,
    PassPrinter,
    PrintFailed,
    StempasData,
    print_stempas,
    render_stempas_image,
    stempas_file_name,
    write_stempas_pdf,
)
from desk_app.scanning.decoder import decode_image

MEETING_NO, SECRET = 4321, bytes(range(32))


def data(serial: int = 12, **changes: object) -> StempasData:
    values: dict[str, object] = dict(
        meeting_name="Extra Algemene Ledenvergadering VNG",
        meeting_date=date(2024, 5, 24),
        meeting_place="Beatrixtheater, Utrecht",
        municipality_code="GM1900",
        municipality_name="Súdwest-Fryslân",
        votes=75,
        holder_name="Femke Halsema",
        holder_role="burgemeester",
        token=make_pass_token(MEETING_NO, SECRET, serial),
        serial=serial,
        issued_at="24-05-2024 14:03",
        desk="balie-1",
    )
    values.update(changes)
    return StempasData(**values)  # type: ignore[arg-type]


def pdf_gray(path: Path, dpi: float) -> np.ndarray:
    array = pdfium.PdfDocument(str(path))[0].render(scale=dpi / 72, grayscale=True).to_numpy()
    return np.ascontiguousarray(array[:, :, 0] if array.ndim == 3 else array)


@pytest.mark.parametrize("size", sorted(PASS_SIZES))
def test_pdf_is_one_page_of_the_pass_size_and_its_barcode_reads_back(qapp: object, tmp_path: Path, size: str) -> None:
    d = data()
    path = write_stempas_pdf(d, tmp_path / "pas.pdf", PASS_SIZES[size])
    doc = pdfium.PdfDocument(str(path))
    assert len(doc) == 1
    width_pt, height_pt = doc[0].get_size()
    assert (round(width_pt / 72 * 25.4), round(height_pt / 72 * 25.4)) == (
        round(PASS_SIZES[size].width_mm),
        round(PASS_SIZES[size].height_mm),
    )
    text = doc[0].get_textpage().get_text_range()
    for words in (
        "STEMPAS",
        "nr. 12",
        "Súdwest-Fryslân",
        "75",
        "stemmen",
        "Femke Halsema",
        "burgemeester",
        "24-05-2024 14:03",
        "balie-1",
        "Extra Algemene Ledenvergadering VNG",
        "vrijdag 24 mei 2024",
    ):
        assert words in text, (size, words)
    # Rasterised by another renderer (PDFium) at an ordinary printer resolution and at a coarse one.
    for dpi in (300, 150):
        assert decode_image(pdf_gray(path, dpi)) == [d.token], (size, dpi)


@pytest.mark.parametrize("size", sorted(PASS_SIZES))
def test_raster_of_the_same_painting_reads_back(qapp: object, size: str) -> None:
    d = data(serial=987654)
    assert decode_image(qimage_to_gray(render_stempas_image(d, PASS_SIZES[size], dpi=200))) == [d.token]


def test_qprinter_pdf_output_is_the_same_pass(qapp: object, tmp_path: Path) -> None:
    """The printer code path (QPrinter), with PDF as its output, also gives a readable pass."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    d = data(serial=3)
    print_stempas(d, printer, PASS_SIZES["label62"])
    doc = pdfium.PdfDocument(str(tmp_path / "printer.pdf"))
    width_pt, _ = doc[0].get_size()
    assert round(width_pt / 72 * 25.4) == 62
    assert decode_image(pdf_gray(tmp_path / "printer.pdf", 300)) == [d.token]


def test_one_vote_is_singular(qapp: object, tmp_path: Path) -> None:
    path = write_stempas_pdf(data(votes=1, municipality_name="Schiermonnikoog"), tmp_path / "p.pdf", PASS_SIZES["a6"])
    text = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
    assert "stem" in text and "stemmen" not in text


def test_long_names_shrink_instead_of_overlapping_the_barcode(qapp: object) -> None:
    long = data(
        municipality_name="Gemeente Súdwest-Fryslân-Westerkwartier-Noardeast-Fryslân",
        holder_name="Mr. dr. Alexandra Wilhelmina Catharina van der Zwaluwenburg-Oosterhuis",
    )
    for size in PASS_SIZES.values():
        assert decode_image(qimage_to_gray(render_stempas_image(long, size, dpi=200))) == [long.token]


def test_absurd_text_fails_instead_of_printing_over_the_barcode(qapp: object) -> None:
    with pytest.raises(RuntimeError, match="overflows"):
        render_stempas_image(data(holder_role="x " * 400), PASS_SIZES["label62"])


def test_pass_data_refuses_a_card_token_or_another_pass(qapp: object) -> None:
    with pytest.raises(ValueError, match="not a pass token"):
        data(token=make_card_token(MEETING_NO, SECRET, "GM1900", 1))
    with pytest.raises(ValueError, match="for pass 13"):
        data(serial=12, token=make_pass_token(MEETING_NO, SECRET, 13))


def test_pdf_target_writes_named_files(qapp: object, tmp_path: Path) -> None:
    printer = PassPrinter(PDF_TARGET, "label62", tmp_path / "nieuw" / "passen")
    path = printer.print_pass(data(serial=42))
    assert path == tmp_path / "nieuw" / "passen" / "stempas_000042_GM1900_Sudwest-Fryslan.pdf"
    assert path is not None and path.is_file() and printer.last_pdf == path
    assert stempas_file_name(data(serial=7, municipality_name="'s-Gravenhage", municipality_code="GM0518")) == (
        "stempas_000007_GM0518_s-Gravenhage.pdf"
    )


def test_unknown_printer_and_unwritable_folder_fail_with_a_reason(qapp: object, tmp_path: Path) -> None:
    with pytest.raises(PrintFailed) as info:
        PassPrinter("Kantoorprinter-die-er-niet-is").print_pass(data())
    assert info.value.code == "print.no_printer" and "niet gevonden" in info.value.message()
    blocker = tmp_path / "geen-map"
    blocker.write_text("een bestand, geen map")
    with pytest.raises(PrintFailed) as info:
        PassPrinter(PDF_TARGET, "a6", blocker / "passen").print_pass(data())
    assert info.value.code == "print.pdf"


def test_unknown_size_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown pass size"):
        PassPrinter(PDF_TARGET, "a4")
