"""Tests for desk_app.printing.barcode: Code128 set C patterns drawn as vectors, read back for real."""

from __future__ import annotations

import numpy as np
import pytest
from pyzbar import pyzbar
from pyzbar.pyzbar import ZBarSymbol

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from desk_app.domain.token import make_card_token, make_choice_token, make_pass_token
from desk_app.printing.barcode import (
    MIN_QUIET_MODULES,
    Code128Pattern,
    barcode_width,
    draw_barcode,
    encode,
    qimage_to_gray,
    render_barcode_array,
    render_barcode_image,
)
from desk_app.scanning.decoder import decode_image

SECRET = bytes(range(32))
CARD = make_card_token(4821, SECRET, "GM0363", 1)
PASS = make_pass_token(4821, SECRET, 17)
CHOICE = make_choice_token(4821, SECRET, 2)

START_C = "11010011100"  # Code128 symbol 105
STOP = "1100011101011"  # stop symbol with its final termination bar


def zbar_read(gray: np.ndarray) -> list[str]:
    """Real zbar, independent of the shared decoder's ladder."""
    return [s.data.decode("ascii") for s in pyzbar.decode(gray, symbols=[ZBarSymbol.CODE128])]


def runs(row: np.ndarray) -> list[tuple[bool, int]]:
    """(is_dark, length) runs along one pixel row."""
    dark = row < 128
    out: list[tuple[bool, int]] = []
    for value in dark:
        if out and out[-1][0] == bool(value):
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((bool(value), 1))
    return out


# --- the pattern -----------------------------------------------------------------------------


def test_22_digit_token_is_pure_set_c_with_11_data_symbols() -> None:
    pattern = encode(CARD)
    assert pattern.start_charset == "C"
    assert pattern.data_symbols == 11
    assert pattern.symbols[1:-1] == tuple(int(CARD[i : i + 2]) for i in range(0, 22, 2))
    # 13 symbols of 11 modules and a 13-module stop: half the width of a set B encoding.
    assert pattern.width == 156
    assert pattern.modules.startswith(START_C) and pattern.modules.endswith(STOP)
    assert barcode_width(pattern, 1) == 156 + 2 * MIN_QUIET_MODULES


def test_checksum_symbol_is_right() -> None:
    pattern = encode(CARD)
    weighted = pattern.symbols[0] + sum(i * v for i, v in enumerate(pattern.symbols[1:-1], 1))
    assert pattern.symbols[-1] == weighted % 103


def test_pass_and_choice_tokens_are_set_c() -> None:
    assert encode(PASS).data_symbols == 11 and encode(PASS).start_charset == "C"
    choice = encode(CHOICE)
    assert choice.start_charset == "C" and choice.data_symbols == 9 and choice.width == 134


def test_non_digit_data_still_encodes() -> None:
    # The module is generic: other text gets python-barcode's automatic charset.
    pattern = encode("Stembalie-1")
    assert pattern.start_charset == "B"
    assert zbar_read(render_barcode_array(pattern, 3, 60)) == ["Stembalie-1"]


def test_bars_merge_adjacent_modules_and_rebuild_the_pattern() -> None:
    pattern = encode(CARD)
    rebuilt = ["0"] * pattern.width
    for start, width in pattern.bars():
        rebuilt[start : start + width] = ["1"] * width
    assert "".join(rebuilt) == pattern.modules
    # Adjacent bars never touch: each bar is exactly one rectangle.
    ends = [s + w for s, w in pattern.bars()]
    starts = [s for s, _ in pattern.bars()]
    assert all(end < nxt for end, nxt in zip(ends, starts[1:], strict=False))


# --- the raster matches the pattern exactly --------------------------------------------------


@pytest.mark.parametrize("ppm", [1, 2, 3, 6])
def test_whole_pixel_modules_reproduce_the_pattern(qapp: object, ppm: int) -> None:
    pattern = encode(CARD)
    gray = render_barcode_array(pattern, ppm, 40)
    assert gray.shape == (40, (156 + 20) * ppm)
    row = gray[20]
    got = runs(row)
    # Quiet zones: exactly 10 modules of white each side (nothing else is drawn there).
    assert got[0] == (False, 10 * ppm) and got[-1] == (False, 10 * ppm)
    expected = runs(np.array([0 if m == "1" else 255 for m in pattern.modules], np.uint8))
    assert [(d, n * ppm) for d, n in expected] == got[1:-1]
    # Every row is the same: bars run the full height.
    assert (gray == gray[0]).all()


def test_render_with_margin_keeps_a_white_border(qapp: object) -> None:
    gray = render_barcode_array(CARD, 2, 30, margin_px=7)
    assert gray.shape == (30 + 14, (176 * 2) + 14)
    assert (gray[:7] == 255).all() and (gray[-7:] == 255).all()
    assert (gray[:, :7] == 255).all() and (gray[:, -7:] == 255).all()


# --- it reads back -----------------------------------------------------------------------------


@pytest.mark.parametrize("ppm", [1.5, 2, 2.5, 3, 3.7, 4, 6])
def test_real_decoders_read_the_raster(qapp: object, ppm: float) -> None:
    gray = render_barcode_array(CARD, ppm, 80, margin_px=10)
    assert zbar_read(gray) == [CARD]
    assert decode_image(gray) == [CARD]


@pytest.mark.parametrize("token", [PASS, CHOICE])
def test_other_token_kinds_read_back(qapp: object, token: str) -> None:
    assert zbar_read(render_barcode_array(token, 3, 60, margin_px=5)) == [token]


def test_draw_into_a_rect_in_millimetres_at_print_resolution(qapp: object) -> None:
    # 300 dpi, 0.5 mm modules = 5.9 px: bar edges between pixels, as on a real page.
    dpi = 300
    image = QImage(1400, 500, QImage.Format.Format_Grayscale8)
    image.fill(255)
    px_per_mm = dpi / 25.4
    painter = QPainter(image)
    try:
        width_mm = barcode_width(CARD, 0.5)
        module = draw_barcode(painter, QRectF(5 * px_per_mm, 5 * px_per_mm, width_mm * px_per_mm, 30 * px_per_mm), CARD)
    finally:
        painter.end()
    assert module == pytest.approx(0.5 * px_per_mm)
    gray = qimage_to_gray(image)
    assert zbar_read(gray) == [CARD]
    # 30 mm bars: a column through the start bar is dark for 30 mm (+-1 px of rounding).
    first_bar_x = int((5 + 10 * 0.5 + 0.5) * px_per_mm)
    dark_rows = int((gray[:, first_bar_x] < 128).sum())
    assert abs(dark_rows - 30 * px_per_mm) <= 1.5


def test_quiet_zone_below_ten_modules_is_refused(qapp: object) -> None:
    image = QImage(400, 100, QImage.Format.Format_Grayscale8)
    painter = QPainter(image)
    try:
        with pytest.raises(ValueError, match="quiet zone"):
            draw_barcode(painter, QRectF(0, 0, 400, 100), CARD, quiet_modules=9)
    finally:
        painter.end()


def test_a_corrupted_pattern_does_not_decode(qapp: object) -> None:
    # The guard the card read-back relies on: a damaged symbol is not silently "read".
    good = encode(CARD)
    damaged = good.modules[:50] + good.modules[50:56][::-1] + good.modules[56:]
    assert damaged != good.modules
    gray = render_barcode_array(Code128Pattern(CARD, good.symbols, damaged), 3, 80, margin_px=10)
    assert CARD not in zbar_read(gray)
    assert CARD not in decode_image(gray)


def test_qimage_to_gray_handles_row_padding(qapp: object) -> None:
    image = QImage(177, 3, QImage.Format.Format_Grayscale8)  # 177 is not a multiple of 4
    image.fill(255)
    image.setPixel(176, 2, 0)  # the last pixel of the last row
    gray = qimage_to_gray(image)
    assert gray.shape == (3, 177)
    assert gray[2, 176] == 0 and int(gray.sum()) == 255 * (177 * 3 - 1)
    assert gray.flags.owndata  # a copy that outlives the QImage


def test_image_api_matches_array_api(qapp: object) -> None:
    image = render_barcode_image(CARD, 2, 20)
    assert (image.width(), image.height()) == (352, 20)
    assert (qimage_to_gray(image) == render_barcode_array(CARD, 2, 20)).all()
