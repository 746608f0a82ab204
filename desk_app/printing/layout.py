"""Shared pieces of the printed layouts (stemkaart, stempas, choice sheet): millimetres and fonts.

Layouts are written in millimetres and painted without a painter transform, so the same code
paints on a 300 dpi image for the read-back check, a PDF and a real printer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

# Fonts that exist on the desk laptops' systems; DejaVu is installed by the quick start.
SANS = ["DejaVu Sans", "Noto Sans", "Segoe UI", "Arial", "Helvetica"]
MONO = ["DejaVu Sans Mono", "Noto Sans Mono", "Consolas", "Courier New"]


class Mm:
    """Millimetres to device units for the painter's device (no painter transform is used)."""

    def __init__(self, painter: QPainter) -> None:
        device = painter.device()
        self.sx = device.logicalDpiX() / 25.4
        self.sy = device.logicalDpiY() / 25.4

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(x * self.sx, y * self.sy, w * self.sx, h * self.sy)

    def to_mm(self, device_units: float) -> float:
        return device_units / self.sy


def print_font(points: float, *, bold: bool = False, mono: bool = False) -> QFont:
    """A print font at ``points`` size: the sans family for text, the mono one for digits."""
    f = QFont()
    f.setFamilies(MONO if mono else SANS)
    f.setStyleHint(QFont.StyleHint.Monospace if mono else QFont.StyleHint.SansSerif)
    f.setPointSizeF(points)
    f.setBold(bold)
    return f


def render_grey(width_mm: float, height_mm: float, dpi: int, paint: Callable[[QPainter], None]) -> QImage:
    """Paint a page as an 8-bit grey image at ``dpi``: the same painting as on paper.

    Grey, because the decoder reads grey: painting grey directly is faster than converting RGB.
    """
    image = QImage(round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi), QImage.Format.Format_Grayscale8)
    dots_per_meter = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        paint(painter)
    finally:
        painter.end()
    return image
