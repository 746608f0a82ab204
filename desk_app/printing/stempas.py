"""The stempas (voting pass): laid out in millimetres, painted with QPainter, printed or saved as PDF.

The desk hands the pass to the representative; in the hall it shows the municipality and its
number of votes, and its Code128 barcode (the pass token) is scanned when the holder leaves or
comes back. Two sizes: an A6 card (a normal printer, cut or folded) and a 62 mm wide label
(Brother QL-style label printers at the desk).

One function, :func:`paint_stempas`, paints the pass on any paint device: the PDF, the printer
and the raster the tests decode therefore show the same layout. As in ``card.py`` the layout is
in millimetres converted with the device's DPI (no painter transform), so fonts keep their point
sizes on every device.

A printer that cannot print raises :class:`PrintFailed` with a message for the desk; the caller
records the pass as "niet afgedrukt" and offers a reprint. Nothing here touches the store.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desk_app.domain.clock import dutch_date
from desk_app.domain.text import DeskError, Text
from desk_app.domain.token import TokenKind, parse_token
from desk_app.printing.barcode import MIN_QUIET_MODULES, draw_barcode, encode
from desk_app.printing.layout import print_font, render_grey

__all__ = [
    "PassSize",
    "PASS_SIZES",
    "StempasData",
    "PrintFailed",
    "PassPrinter",
    "PDF_TARGET",
    "paint_stempas",
    "render_stempas_image",
    "write_stempas_pdf",
    "print_stempas",
    "stempas_file_name",
]


@dataclass(frozen=True)
class PassSize:
    key: str
    label: Text
    width_mm: float
    height_mm: float

    @property
    def scale(self) -> float:
        """Type and spacing relative to the A6 design: a label gets the same layout, smaller."""
        return min(self.width_mm / 105.0, self.height_mm / 148.0)


#: The keys match ``desk_app.settings.PASS_SIZES`` (the desk's ``pass_size`` preference).
PASS_SIZES: dict[str, PassSize] = {
    "a6": PassSize("a6", Text("A6-kaart (105 × 148 mm)", "A6 card (105 × 148 mm)"), 105.0, 148.0),
    "label62": PassSize("label62", Text("Label 62 × 100 mm", "Label 62 × 100 mm"), 62.0, 100.0),
}

#: The printer name that means "write PDF files" (``Preferences.printer_name``).
PDF_TARGET = "pdf"

#: Wider modules read from further away, but a 22-digit token then no longer fits a label:
#: the module is the largest that fits the width, capped here (0.5 mm = 88 mm of code on A6).
MAX_MODULE_MM = 0.5
PDF_DPI = 1200

_INK = QColor(20, 20, 20)
_GREY = QColor(80, 80, 80)
_ACCENT = QColor(0, 73, 135)  # the stemkaart's dark blue: dark grey on a black-and-white printer
_WHITE = QColor(255, 255, 255)


@dataclass(frozen=True)
class StempasData:
    """Everything printed on one pass, as plain display values (the desk fills it)."""

    meeting_name: str
    meeting_date: date
    meeting_place: str
    municipality_code: str
    municipality_name: str
    votes: int
    holder_name: str
    holder_role: str  # display text, e.g. 'burgemeester'
    token: str
    serial: int
    issued_at: str  # display text in local time, e.g. '24-05-2024 14:03'
    desk: str
    #: The audit chain head when the pass was issued, 'SEQ:HASH' (``audit.ChainHead.text()``), or
    #: empty. Printed small ('keten 57:9f86d081884c'): every pass handed out carries an anchor of
    #: the record outside the meeting file (``desk-app verify --against 57:9f86d081884c``).
    chain_head: str = ""

    def __post_init__(self) -> None:
        # A pass with another pass's barcode would let a holder leave or vote as someone else.
        try:
            parsed = parse_token(self.token, expect={TokenKind.PASS})
        except DeskError as err:
            raise ValueError(f"not a pass token: {err.message('en')}") from err
        if parsed.serial != self.serial:
            raise ValueError(f"token {self.token} is for pass {parsed.serial}, not {self.serial}")


T_NO_PRINTER = Text(
    "Printer '{name}' is niet gevonden. Kies bij 'Printer…' een andere printer of 'PDF-bestanden'.",
    "Printer '{name}' was not found. Choose another printer or 'PDF files' under 'Printer…'.",
)
T_NO_DEFAULT = Text(
    "Er is geen standaardprinter ingesteld. Kies bij 'Printer…' een printer of 'PDF-bestanden'.",
    "No default printer is set. Choose a printer or 'PDF files' under 'Printer…'.",
)
T_PRINTER_ERROR = Text(
    "De printer '{name}' meldt een fout; de stempas is niet afgedrukt.",
    "Printer '{name}' reported an error; the voting pass was not printed.",
)
T_PDF_ERROR = Text(
    "Het PDF-bestand {path} kan niet worden geschreven ({reason}).",
    "The PDF file {path} cannot be written ({reason}).",
)


class PrintFailed(DeskError):
    """The pass could not be printed; the check-in stands and the pass can be reprinted."""


# --- layout --------------------------------------------------------------------------------


_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
_CENTER = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _Page:
    """Millimetres to device units on the painter's device, and text that reports its height."""

    def __init__(self, painter: QPainter) -> None:
        device = painter.device()
        self.painter = painter
        self.sx = device.logicalDpiX() / 25.4
        self.sy = device.logicalDpiY() / 25.4

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(x * self.sx, y * self.sy, w * self.sx, h * self.sy)

    def text(
        self, font: QFont, x: float, y: float, w: float, h: float, text: str, color: QColor = _INK, flags: int = _LEFT
    ) -> float:
        """Draw ``text`` in the box; return the height it took in mm."""
        self.painter.setFont(font)
        self.painter.setPen(color)
        box = self.rect(x, y, w, h)
        used = self.painter.boundingRect(box, flags, text)
        self.painter.drawText(box, flags, text)
        return used.height() / self.sy

    def fitted(
        self, text: str, w: float, points: float, *, bold: bool = True, min_points: float = 6.0, max_lines: int = 2
    ) -> QFont:
        """The largest font up to ``points`` that sets ``text`` in at most ``max_lines`` lines of ``w``
        mm: a long municipality or holder name shrinks instead of running into the barcode."""
        size = points
        while True:
            font = print_font(size, bold=bold)
            self.painter.setFont(font)
            line_h = self.painter.fontMetrics().lineSpacing()
            used = self.painter.boundingRect(self.rect(0, 0, w, 1000), _LEFT, text)
            if used.height() <= line_h * max_lines + 1 or size <= min_points:
                return font
            size = max(min_points, size * 0.9)


def chain_text(chain_head: str) -> str:
    """'57:9f86d0…' -> 'keten 57:9f86d081884c' (the first 12 hex digits); '' when there is none."""
    seq, sep, digest = chain_head.strip().partition(":")
    if not sep:
        seq, digest = "", seq
    if not digest:
        return ""
    return f"keten {seq}:{digest[:12]}" if seq else f"keten {digest[:12]}"


def votes_text(votes: int) -> str:
    return "stem" if votes == 1 else "stemmen"


def paint_stempas(painter: QPainter, data: StempasData, size: PassSize) -> None:
    """Paint one pass on an active painter whose device is one page of ``size`` (no transform)."""
    page = _Page(painter)
    s = size.scale
    w, h = size.width_mm, size.height_mm
    margin = 6.0 * s
    inner = w - 2 * margin
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    # Header band: what this is and which pass, readable across the hall.
    band = 15.0 * s
    painter.fillRect(page.rect(0, 0, w, band), _ACCENT)
    page.text(print_font(20 * s, bold=True), margin, 2.6 * s, inner, band, "STEMPAS", _WHITE)
    page.text(print_font(11 * s, bold=True), margin, 0, inner, band, f"nr. {data.serial}", _WHITE, _RIGHT)
    chain = chain_text(data.chain_head)
    if chain:  # small, in the band's bottom right corner: an anchor, not something to read aloud
        page.text(
            print_font(5.5 * s, mono=True),
            margin,
            band - 3.6 * s,
            inner,
            3.4 * s,
            chain,
            _WHITE,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
        )
    y = band + 3.5 * s
    y += page.text(print_font(9.5 * s, bold=True), margin, y, inner, 12 * s, data.meeting_name)
    y += page.text(
        print_font(8.5 * s),
        margin,
        y,
        inner,
        8 * s,
        f"{dutch_date(data.meeting_date, weekday=True)} · {data.meeting_place}",
        _GREY,
    )
    y += 5.0 * s

    # The municipality and its votes: what the tellers in the hall look at.
    y += page.text(page.fitted(data.municipality_name, inner, 22 * s), margin, y, inner, 30 * s, data.municipality_name)
    y += page.text(print_font(8.5 * s), margin, y, inner, 6 * s, data.municipality_code, _GREY) + 1.5 * s
    number_font = print_font(64 * s, bold=True)
    painter.setFont(number_font)
    number = str(data.votes)
    number_w = painter.fontMetrics().horizontalAdvance(number) / page.sx
    number_h = page.text(number_font, margin, y, inner, 30 * s, number, _ACCENT)
    # "stemmen" sits on the number's baseline side, so "75 stemmen" reads as one phrase.
    page.text(
        print_font(18 * s, bold=True),
        margin + number_w + 3 * s,
        y + number_h * 0.45,
        inner,
        12 * s,
        votes_text(data.votes),
        _ACCENT,
    )
    y += number_h + 4.0 * s

    # The holder: the pass is personal.
    y += page.text(print_font(8.5 * s), margin, y, inner, 6 * s, "Vertegenwoordiger", _GREY)
    y += page.text(page.fitted(data.holder_name, inner, 13 * s), margin, y, inner, 20 * s, data.holder_name)
    y += page.text(print_font(11 * s), margin, y, inner, 8 * s, data.holder_role) + 3.0 * s

    # The barcode at the bottom, above the issue line: as wide as the page allows.
    footer_h = 9.0 * s
    pattern = encode(data.token)
    modules = pattern.width + 2 * MIN_QUIET_MODULES
    module = min(MAX_MODULE_MM, (w - 2 * 2.0) / modules)  # the quiet zones may use the margin
    code_w = modules * module
    bar_h = 16.0 * s
    digits_h = 5.0 * s
    code_top = h - footer_h - digits_h - bar_h
    if y > code_top:
        raise RuntimeError(f"stempas layout for {data.municipality_code} overflows the {size.key} page")
    draw_barcode(painter, page.rect((w - code_w) / 2, code_top, code_w, bar_h), pattern)
    grouped = " ".join(data.token[i : i + 4] for i in range(0, len(data.token), 4))
    page.text(print_font(8 * s, mono=True), 0, code_top + bar_h + 0.6 * s, w, digits_h, grouped, _INK, _CENTER)
    footer = f"Uitgegeven {data.issued_at} · {data.desk}\nPersoonlijk · inleveren bij vertrek"
    page.text(print_font(7 * s), margin, h - footer_h + 0.8 * s, inner, footer_h, footer, _GREY, _CENTER)


# --- output --------------------------------------------------------------------------------


def render_stempas_image(data: StempasData, size: PassSize, dpi: int = 300) -> QImage:
    """The pass as an 8-bit grey image at ``dpi``: the same painting as on paper."""
    return render_grey(size.width_mm, size.height_mm, dpi, lambda painter: paint_stempas(painter, data, size))


def _page_size(size: PassSize) -> QPageSize:
    return QPageSize(
        QSizeF(size.width_mm, size.height_mm),
        QPageSize.Unit.Millimeter,
        f"Stempas {size.key}",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )


def write_stempas_pdf(data: StempasData, path: Path, size: PassSize) -> Path:
    """Write the pass as a one-page vector PDF of exactly the pass size."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(_page_size(size))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setResolution(PDF_DPI)
    writer.setTitle(f"Stempas {data.serial} — {data.municipality_name}")
    writer.setCreator("Stembalie")
    painter = QPainter()
    if not painter.begin(writer):
        raise PrintFailed("print.pdf", T_PDF_ERROR, {"path": str(path), "reason": "open"})
    try:
        paint_stempas(painter, data, size)
    finally:
        painter.end()
    return path


def print_stempas(data: StempasData, printer: QPrinter, size: PassSize) -> None:
    """Paint the pass on a configured printer; :class:`PrintFailed` when the printer refuses."""
    printer.setFullPage(True)
    printer.setPageSize(_page_size(size))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    printer.setDocName(f"Stempas {data.serial}")
    painter = QPainter()
    name = printer.printerName() or "?"
    if not painter.begin(printer):
        raise PrintFailed("print.failed", T_PRINTER_ERROR, {"name": name})
    try:
        paint_stempas(painter, data, size)
    finally:
        ended = painter.end()
    if not ended or printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrintFailed("print.failed", T_PRINTER_ERROR, {"name": name})


def stempas_file_name(data: StempasData) -> str:
    """'stempas_000012_GM0363_Amsterdam.pdf': ASCII only, sorted by serial in a folder."""
    name = unicodedata.normalize("NFKD", data.municipality_name).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "gemeente"
    return f"stempas_{data.serial:06d}_{data.municipality_code}_{name}.pdf"


class PassPrinter:
    """Where passes go: a named printer, the system default (``""``) or PDF files in a folder.

    Mirrors the desk preferences ``printer_name``, ``pass_size`` and ``pass_pdf_folder``.
    """

    def __init__(self, printer_name: str = "", size: str = "a6", pdf_folder: Path | None = None) -> None:
        if size not in PASS_SIZES:
            raise ValueError(f"unknown pass size {size!r}; choose one of {', '.join(PASS_SIZES)}")
        self.printer_name = printer_name
        self.size = size
        self.pdf_folder = pdf_folder
        self.last_pdf: Path | None = None

    @property
    def pass_size(self) -> PassSize:
        return PASS_SIZES[self.size]

    @property
    def to_pdf(self) -> bool:
        return self.printer_name == PDF_TARGET

    def describe(self) -> str:
        """For the desk's status line: where the next pass goes."""
        size = self.pass_size.label.render()
        if self.to_pdf:
            return f"PDF ({size}) in {self.pdf_folder or Path.cwd()}"
        return f"{self.printer_name or 'standaardprinter'} · {size}"

    @staticmethod
    def available_printers() -> list[str]:
        return [str(n) for n in QPrinterInfo.availablePrinterNames()]

    def print_pass(self, data: StempasData) -> Path | None:
        """Print (or save) one pass; return the PDF path when printing to files.

        Raises :class:`PrintFailed` with the reason; the caller records it on the pass.
        """
        if self.to_pdf:
            folder = self.pdf_folder or Path.cwd()
            path = folder / stempas_file_name(data)
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise PrintFailed("print.pdf", T_PDF_ERROR, {"path": str(path), "reason": err.strerror or err}) from err
            write_stempas_pdf(data, path, self.pass_size)
            if not path.is_file() or path.stat().st_size == 0:
                raise PrintFailed("print.pdf", T_PDF_ERROR, {"path": str(path), "reason": "leeg"})
            self.last_pdf = path
            return path
        if self.printer_name:
            info = QPrinterInfo.printerInfo(self.printer_name)
            if info.isNull():
                raise PrintFailed("print.no_printer", T_NO_PRINTER, {"name": self.printer_name})
        else:
            info = QPrinterInfo.defaultPrinter()
            if info.isNull():
                raise PrintFailed("print.no_default", T_NO_DEFAULT)
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        print_stempas(data, printer, self.pass_size)
        return None
