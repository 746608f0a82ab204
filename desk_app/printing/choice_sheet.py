"""The choice sheet (stemformulier): VOOR / TEGEN / ONTHOUDING as big words with a barcode each.

A teller in the hall scans a member's stempas and then the barcode of the choice the member
names on this sheet, so a choice is two scans and no typing. The sheet is A4, one band per
choice, separated by dashed cut lines: the tellers may keep it whole on a clipboard or cut it
into strips. A ballot with options gets one band per option (plus abstaining), three per page.

Each barcode is the meeting's choice token (kind 3, ``make_choice_token``) for
``sheet_number(choice)``: it carries the meeting number and a MAC, so a sheet of another
meeting, or a home-made one, is refused when scanned. The digits are printed under the code so
a teller can type them when a scanner fails.

One function, :func:`paint_choice_sheet`, paints a page on any paint device (PDF writer,
printer, image); layout in millimetres converted with the device's DPI, as in ``stempas.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter, QPen

from desk_app.domain.tally import MATTER_CHOICES, Cast, Option, choice_label, sheet_number
from desk_app.domain.text import DeskError, Text
from desk_app.domain.token import make_choice_token
from desk_app.printing.barcode import MIN_QUIET_MODULES, draw_barcode, encode
from desk_app.printing.layout import Mm, print_font, render_grey

__all__ = [
    "A4_MM",
    "BANDS_PER_PAGE",
    "ChoiceSheetData",
    "SheetEntry",
    "choice_sheet_data",
    "page_count",
    "band_rect_mm",
    "paint_choice_sheet",
    "render_choice_sheet_image",
    "write_choice_sheet_pdf",
]

A4_MM = (210.0, 297.0)
BANDS_PER_PAGE = 3
HEADER_MM = 24.0
#: The 18-digit choice token is 134 modules + 2 x 10 quiet: 0.6 mm modules make it 92 mm wide.
#: Wider than the stempas code (0.5 mm) because the sheet is scanned from arm's length, often
#: by a webcam on the tellers' table, and there is room on A4.
MODULE_MM = 0.6
BAR_HEIGHT_MM = 24.0
PDF_DPI = 1200

_INK = QColor(20, 20, 20)
_GREY = QColor(90, 90, 90)
_ACCENT = QColor(0, 73, 135)  # the stemkaart's dark blue: dark grey on a black-and-white printer
_WHITE = QColor(255, 255, 255)

T_TITLE = Text("STEMFORMULIER", "CHOICE SHEET")
T_HOW = Text(
    "Stemopnemer: scan eerst de stempas, dan de streepjescode van de keuze die het lid noemt.",
    "Vote counter: scan the voting pass first, then the barcode of the choice the member names.",
)
T_PAGE = Text("blad {page} van {pages}", "sheet {page} of {pages}")
T_OPTION = Text("OPTIE {n}", "OPTION {n}")
T_PDF_ERROR = Text(
    "Het stemformulier {path} kan niet worden geschreven.",
    "The choice sheet {path} cannot be written.",
)


@dataclass(frozen=True)
class SheetEntry:
    """One band: the choice, its big word, an optional label (a ballot option's name), the token."""

    choice: Cast
    word: str
    label: str
    token: str


@dataclass(frozen=True)
class ChoiceSheetData:
    """Everything printed on the sheet, as display values."""

    meeting_name: str
    meeting_date: str  # display text, e.g. 'vrijdag 24 mei 2024'
    title: str  # what is voted on, or '' for a sheet that serves every vote on a matter
    entries: tuple[SheetEntry, ...]


def choice_sheet_data(
    meeting_name: str,
    meeting_date: str,
    meeting_no: int,
    secret: bytes,
    choices: Sequence[Cast] = MATTER_CHOICES,
    labels: Mapping[Option, str] | None = None,
    title: str = "",
    lang: str | None = None,
) -> ChoiceSheetData:
    """The sheet for ``choices`` (voor/tegen/onthouding, or a ballot's options) of one meeting."""
    entries = []
    for choice in choices:
        if isinstance(choice, Option):
            word = T_OPTION.render(lang, n=choice.n)
            label = (labels or {}).get(choice, "")
        else:
            word, label = choice_label(choice, lang).upper(), ""
        token = make_choice_token(meeting_no, secret, sheet_number(choice))
        entries.append(SheetEntry(choice, word, label, token))
    return ChoiceSheetData(meeting_name, meeting_date, title, tuple(entries))


def page_count(data: ChoiceSheetData) -> int:
    return max(1, -(-len(data.entries) // BANDS_PER_PAGE))


def band_rect_mm(index: int) -> tuple[float, float, float, float]:
    """(x, y, w, h) in mm of band ``index`` on its page: where a test crops one barcode."""
    page_w, page_h = A4_MM
    band_h = (page_h - HEADER_MM) / BANDS_PER_PAGE
    return 0.0, HEADER_MM + (index % BANDS_PER_PAGE) * band_h, page_w, band_h


_CENTER = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _fitted(painter: QPainter, text: str, width_px: float, points: float, min_points: float) -> QFont:
    """The largest bold font up to ``points`` that sets ``text`` on one line of ``width_px``:
    'ONTHOUDING' and a long candidate's name must not run off the page."""
    size = points
    while True:
        font = print_font(size, bold=True)
        painter.setFont(font)
        if painter.fontMetrics().horizontalAdvance(text) <= width_px or size <= min_points:
            return font
        size = max(min_points, size * 0.92)


def paint_choice_sheet(painter: QPainter, data: ChoiceSheetData, page: int = 0, lang: str | None = None) -> None:
    """Paint page ``page`` (0-based) of the sheet on an active painter over one A4 page."""
    mm = Mm(painter)
    page_w, _page_h = A4_MM
    margin = 14.0
    inner = page_w - 2 * margin
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    painter.fillRect(mm.rect(0, 0, page_w, 13), _ACCENT)
    painter.setPen(_WHITE)
    painter.setFont(print_font(15, bold=True))
    painter.drawText(mm.rect(margin, 0, inner, 13), _LEFT, T_TITLE.render(lang))
    painter.setFont(print_font(10, bold=True))
    pages = page_count(data)
    right = (
        data.meeting_name
        if pages == 1
        else (f"{data.meeting_name} · {T_PAGE.render(lang, page=page + 1, pages=pages)}")
    )
    painter.drawText(mm.rect(margin + 50, 0, inner - 50, 13), _RIGHT, right)
    painter.setPen(_GREY)
    painter.setFont(print_font(9))
    head = f"{data.meeting_date} · {data.title}" if data.title else data.meeting_date
    painter.drawText(mm.rect(margin, 14, inner, 4.5), _LEFT, head)
    painter.drawText(mm.rect(margin, 18.5, inner, 4.5), _LEFT, T_HOW.render(lang))

    entries = data.entries[page * BANDS_PER_PAGE : (page + 1) * BANDS_PER_PAGE]
    for i, entry in enumerate(entries):
        _x, top, _w, band_h = band_rect_mm(i)
        if i > 0:
            # A dashed cut line between the bands, for tellers who want strips.
            pen = QPen(_GREY, 0.3 * mm.sx, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(4 * mm.sx, top * mm.sy), QPointF((page_w - 4) * mm.sx, top * mm.sy))
        word_h = 30.0 if not entry.label else 24.0
        font = _fitted(painter, entry.word, inner * mm.sx, 66, 28)
        painter.setFont(font)
        painter.setPen(_INK)
        painter.drawText(mm.rect(margin, top + 4, inner, word_h), _CENTER, entry.word)
        y = top + 4 + word_h
        if entry.label:
            painter.setFont(_fitted(painter, entry.label, inner * mm.sx, 24, 12))
            painter.setPen(_ACCENT)
            painter.drawText(mm.rect(margin, y, inner, 11), _CENTER, entry.label)
            y += 11
        pattern = encode(entry.token)
        modules = pattern.width + 2 * MIN_QUIET_MODULES
        code_w = modules * MODULE_MM
        bar_top = top + band_h - BAR_HEIGHT_MM - 12.0
        if y > bar_top:
            raise RuntimeError(f"choice sheet band for {entry.choice} overflows its third of the page")
        draw_barcode(painter, mm.rect((page_w - code_w) / 2, bar_top, code_w, BAR_HEIGHT_MM), pattern)
        grouped = " ".join(entry.token[j : j + 3] for j in range(0, len(entry.token), 3))
        painter.setFont(print_font(10, mono=True))
        painter.setPen(_INK)
        painter.drawText(mm.rect(margin, bar_top + BAR_HEIGHT_MM + 1, inner, 5), _CENTER, grouped)
        # The choice code under the digits: a teller who cannot read the word still can check.
        painter.setFont(print_font(8))
        painter.setPen(_GREY)
        painter.drawText(mm.rect(margin, bar_top + BAR_HEIGHT_MM + 6, inner, 4), _CENTER, str(entry.choice))


def render_choice_sheet_image(data: ChoiceSheetData, page: int = 0, dpi: int = 150, lang: str | None = None) -> QImage:
    """One page as an 8-bit grey image at ``dpi``: the same painting as on paper."""
    return render_grey(A4_MM[0], A4_MM[1], dpi, lambda painter: paint_choice_sheet(painter, data, page, lang))


def write_choice_sheet_pdf(data: ChoiceSheetData, path: Path, lang: str | None = None) -> Path:
    """Write every page of the sheet as a vector PDF (A4 portrait)."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setResolution(PDF_DPI)
    writer.setTitle(f"{T_TITLE.render(lang).capitalize()} — {data.meeting_name}")
    writer.setCreator("Stembalie")
    painter = QPainter()
    if not painter.begin(writer):
        raise DeskError("print.pdf", T_PDF_ERROR, {"path": str(path)})
    try:
        for page in range(page_count(data)):
            if page > 0:
                writer.newPage()
            paint_choice_sheet(painter, data, page, lang)
    finally:
        painter.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise DeskError("print.pdf", T_PDF_ERROR, {"path": str(path)})
    return path
