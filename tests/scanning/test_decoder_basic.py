"""A plain rendered Code128 card barcode reads back through :func:`decode_image`."""

from __future__ import annotations

import barcode
import numpy as np

from desk_app.scanning.decoder import decode_image


def _code128(text: str, px: int = 3) -> np.ndarray:
    modules = barcode.get("code128", text, writer=None).build()[0]
    row = np.repeat(np.array([0 if m == "1" else 255 for m in modules], np.uint8), px)
    quiet = np.full(12 * px, 255, np.uint8)
    return np.tile(np.concatenate([quiet, row, quiet]), (60, 1))


def test_gray_and_bgr_read_back() -> None:
    gray = _code128("1123456789012345678901")
    assert decode_image(gray) == ["1123456789012345678901"]
    bgr = np.dstack([gray, gray, gray])
    assert decode_image(bgr) == ["1123456789012345678901"]


def test_blank_image_reads_nothing() -> None:
    assert decode_image(np.full((120, 400), 255, np.uint8)) == []
