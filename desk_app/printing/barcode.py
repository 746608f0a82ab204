"""Code128 barcodes drawn as vector rectangles with QPainter.

python-barcode computes the symbols and the bar/space module pattern; we draw that pattern
ourselves. Its raster ImageWriter rounds every bar to whole pixels of its own choosing, and at low
resolution that makes codes unreadable; a vector drawing stays exact in the PDF and lets the
caller pick the raster resolution (ideally a whole number of pixels per module).

Units: :func:`draw_barcode` paints in the painter's user units. All our printing code sets the
painter up in millimetres, so rectangles passed here are in mm; :func:`render_barcode_image`
uses pixels and is the raster the tests (and the phone image) decode.

Sizes that matter for reading (see issue #3): a webcam needs >= 2.5 px per module; a
digits-only token is encoded in Code128 set C, two digits per symbol, so the 22-digit token is
13 symbols (start, 11 data, checksum) + stop = 156 modules, plus two quiet zones of at least 10
modules each.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from barcode import Code128
from barcode.charsets import code128 as charsets

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

__all__ = [
    "MIN_QUIET_MODULES",
    "Code128Pattern",
    "encode",
    "barcode_width",
    "draw_barcode",
    "render_barcode_image",
    "render_barcode_array",
    "qimage_to_gray",
]

#: ISO/IEC 15417 asks for 10 modules of quiet zone on each side; less makes zbar miss the start.
MIN_QUIET_MODULES = 10

_START_C = charsets.START_CODES["C"]
_BLACK = QColor(0, 0, 0)
_WHITE = QColor(255, 255, 255)


@dataclass(frozen=True)
class Code128Pattern:
    """The module pattern of one Code128 barcode, without quiet zones.

    ``modules`` is a string of '1' (bar) and '0' (space), one character per module, from the
    start symbol up to and including the stop symbol's final bar.
    """

    data: str
    symbols: tuple[int, ...]  # start, data symbols, checksum (the stop is not a symbol value)
    modules: str

    @property
    def width(self) -> int:
        """Number of modules from the first to the last bar."""
        return len(self.modules)

    @property
    def start_charset(self) -> str:
        names: dict[int, str] = {v: k for k, v in charsets.START_CODES.items()}
        return names[self.symbols[0]]

    @property
    def data_symbols(self) -> int:
        """Symbols between start and checksum (including any charset switches)."""
        return len(self.symbols) - 2

    def bars(self) -> tuple[tuple[int, int], ...]:
        """(first module, width in modules) of every bar, left to right."""
        return _runs(self.modules)


@lru_cache(maxsize=64)
def _runs(modules: str) -> tuple[tuple[int, int], ...]:
    runs: list[tuple[int, int]] = []
    i, n = 0, len(modules)
    while i < n:
        if modules[i] == "1":
            j = i
            while j < n and modules[j] == "1":
                j += 1
            runs.append((i, j - i))
            i = j
        else:
            i += 1
    return tuple(runs)


def encode(data: str) -> Code128Pattern:
    """Encode ``data`` with python-barcode's Code128 and return its module pattern.

    For an even-length string of ASCII digits (all our tokens) the result is checked to be pure
    set C: a library change that fell back to set B would double the printed width and quietly
    push webcams below 2.5 px per module.
    """
    # A fresh instance each time: Code128 keeps charset state between calls.
    symbol = Code128(data)
    symbols = symbol._build()  # noqa: SLF001 - the only way to see the symbol values
    symbols.append(symbol._calculate_checksum(symbols))  # noqa: SLF001
    (modules,) = Code128(data).build()
    if set(modules) - {"0", "1"}:
        raise RuntimeError(f"unexpected Code128 pattern characters for {data!r}")
    set_c = data.isascii() and data.isdigit() and len(data) % 2 == 0
    if set_c and (symbols[0] != _START_C or len(symbols) != len(data) // 2 + 2):
        raise RuntimeError(
            f"python-barcode did not encode {data!r} in Code128 set C "
            f"({len(symbols)} symbols); the printed code would be too wide for webcams"
        )
    # 11 modules per symbol + 13 for the stop pattern with its termination bar.
    if len(modules) != 11 * len(symbols) + 13:
        raise RuntimeError(f"Code128 pattern for {data!r} has an unexpected length")
    return Code128Pattern(data, tuple(symbols), modules)


def _pattern(pattern_or_data: Code128Pattern | str) -> Code128Pattern:
    return pattern_or_data if isinstance(pattern_or_data, Code128Pattern) else encode(pattern_or_data)


def barcode_width(
    pattern_or_data: Code128Pattern | str, module: float, quiet_modules: int = MIN_QUIET_MODULES
) -> float:
    """Total width including both quiet zones, in the unit of ``module`` (mm or px)."""
    return (_pattern(pattern_or_data).width + 2 * quiet_modules) * module


def draw_barcode(
    painter: QPainter,
    rect: QRectF,
    pattern_or_data: Code128Pattern | str,
    quiet_modules: int = MIN_QUIET_MODULES,
) -> float:
    """Paint the barcode filling ``rect`` (quiet zones included) and return the module width.

    ``rect`` is in the painter's user units (mm in our printing code); its height is the bar
    height. The whole rect is painted white first so the quiet zones are guaranteed even on a
    coloured background. Each bar is one rectangle: separate per-module rectangles leave hairline
    seams in some PDF viewers and printers.
    """
    if quiet_modules < MIN_QUIET_MODULES:
        raise ValueError(f"quiet zone must be at least {MIN_QUIET_MODULES} modules")
    pattern = _pattern(pattern_or_data)
    module = rect.width() / (pattern.width + 2 * quiet_modules)
    painter.save()
    try:
        # Crisp edges on rasters; PDF output is vector either way.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillRect(rect, _WHITE)
        x0 = rect.left() + quiet_modules * module
        for start, width in pattern.bars():
            painter.fillRect(QRectF(x0 + start * module, rect.top(), width * module, rect.height()), _BLACK)
    finally:
        painter.restore()
    return module


def render_barcode_image(
    pattern_or_data: Code128Pattern | str,
    px_per_module: float = 3,
    bar_height_px: int = 120,
    quiet_modules: int = MIN_QUIET_MODULES,
    margin_px: int = 0,
) -> QImage:
    """The barcode alone as an 8-bit grey QImage, ``margin_px`` of extra white around it.

    Uses :func:`draw_barcode`, so it is the same drawing as on the card.
    """
    pattern = _pattern(pattern_or_data)
    width_px = barcode_width(pattern, px_per_module, quiet_modules)
    image = QImage(
        int(np.ceil(width_px)) + 2 * margin_px,
        bar_height_px + 2 * margin_px,
        QImage.Format.Format_Grayscale8,
    )
    image.fill(_WHITE)
    painter = QPainter(image)
    try:
        draw_barcode(painter, QRectF(margin_px, margin_px, width_px, bar_height_px), pattern, quiet_modules)
    finally:
        painter.end()
    return image


def qimage_to_gray(image: QImage) -> np.ndarray:
    """A copy of ``image`` as a 2-D uint8 array (converted to 8-bit grey first if needed).

    Copies, because a numpy view over a QImage's bits dies with the QImage.
    """
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    buffer = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, :width].copy()


def render_barcode_array(
    pattern_or_data: Code128Pattern | str,
    px_per_module: float = 3,
    bar_height_px: int = 120,
    quiet_modules: int = MIN_QUIET_MODULES,
    margin_px: int = 0,
) -> np.ndarray:
    """:func:`render_barcode_image` as a 2-D uint8 numpy array."""
    return qimage_to_gray(render_barcode_image(pattern_or_data, px_per_module, bar_height_px, quiet_modules, margin_px))
