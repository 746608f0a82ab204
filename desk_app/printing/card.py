"""The stemkaart (voting card): an A4 PDF to print and a PNG to show on a phone.

Both images carry the card token as a Code128 barcode. A card only counts as made once its
barcode has been decoded back from its own raster image and gave exactly its token; otherwise
:class:`CardNotReadable` is raised and no file is left behind. The decoder is passed in by the
caller (the services layer hands in ``desk_app.scanning.decoder.decode_image``): printing may
only depend on the domain, and this keeps the read-back on the very decoder the desk uses.

The A4 page is painted by one function, :func:`paint_card_page`, on any paint device: the PDF
(QPdfWriter) and the raster used for the read-back (a QImage at :data:`CHECK_DPI`) therefore show
the same layout. Layout is in millimetres and converted to device units with the device's DPI,
so fonts keep their point sizes on every device.

Painting text needs a ``QGuiApplication`` (fonts). It may run on worker threads, several at once,
but only after :func:`prepare_threads` has run once on the thread that starts them: PySide6 makes
some Python types on first use (``QGradient`` and its five enums, the first time ``fillRect`` is
called), and two threads doing that at once crash the process (issue 12.12: SIGSEGV in ``fillRect``
in 6 of 200 cold starts of a 4-card batch, while the other thread was inside ``enum._create_``).
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter

from desk_app.domain.clock import dutch_date
from desk_app.domain.text import DeskError, Text
from desk_app.domain.token import TokenKind, parse_token
from desk_app.printing.barcode import (
    MIN_QUIET_MODULES,
    barcode_width,
    draw_barcode,
    encode,
    qimage_to_gray,
)
from desk_app.printing.layout import MONO, SANS, Mm, render_grey

__all__ = [
    "CardData",
    "CardFiles",
    "CardNotReadable",
    "Decoder",
    "A4_MM",
    "MODULE_MM",
    "BAR_HEIGHT_MM",
    "CHECK_DPI",
    "PHONE_SIZE_PX",
    "PHONE_PX_PER_MODULE",
    "card_file_stem",
    "paint_card_page",
    "render_card_page",
    "render_card_phone",
    "write_card_pdf",
    "verify_card_image",
    "make_card",
    "prepare_threads",
]

#: Takes a 2-D uint8 grey image, returns the texts of the barcodes found in it.
Decoder = Callable[[np.ndarray], list[str]]

A4_MM = (210.0, 297.0)
#: 0.8 mm modules make the 22-digit code 141 mm wide with its quiet zones. At the 2.5 px per
#: module a webcam needs, a 1280 px wide view may then span 41 cm and a 640 px view 20 cm: the
#: card can be held far enough away for a fixed-focus lens to see it sharp.
MODULE_MM = 0.8
#: Tall bars survive a tilted card: every scan line across them still crosses all bars.
BAR_HEIGHT_MM = 30.0
#: Resolution of the read-back raster of the A4 page: 0.8 mm modules are 3.15 px here, so bar
#: edges fall between pixels - a harder image than a printer or PDF viewer makes - and a page of
#: 827x1169 px decodes in a few milliseconds.
CHECK_DPI = 100
PDF_DPI = 1200
PHONE_SIZE_PX = (1080, 1920)
#: Whole pixels per module on the phone image: 6 px x 176 modules = 1056 px of the 1080 px width.
PHONE_PX_PER_MODULE = 6
PHONE_BAR_HEIGHT_PX = 440

_INK = QColor(20, 20, 20)
_GREY = QColor(90, 90, 90)
_ACCENT = QColor(0, 73, 135)  # dark blue: prints as dark grey on a black-and-white printer
_WHITE = QColor(255, 255, 255)


@dataclass(frozen=True)
class CardData:
    """Everything printed on one card. Plain values: the service fills it from the store."""

    meeting_name: str
    meeting_date: date
    meeting_place: str
    municipality_code: str  # 'GM0363'
    municipality_name: str
    votes: int
    rep_name: str | None
    rep_role: str | None  # display text, e.g. 'burgemeester'
    token: str
    version: int

    def __post_init__(self) -> None:
        # A card carrying another municipality's token would hand its votes to the wrong member:
        # refuse to even lay it out.
        try:
            parsed = parse_token(self.token, expect={TokenKind.CARD})
        except DeskError as err:
            raise ValueError(f"not a card token: {err.message('en')}") from err
        if parsed.text != self.token:
            raise ValueError("card token must not contain surrounding whitespace")
        if (parsed.municipality_code, parsed.version) != (self.municipality_code, self.version):
            raise ValueError(
                f"token {self.token} is for {parsed.municipality_code} version {parsed.version}, "
                f"not {self.municipality_code} version {self.version}"
            )
        if not 1 <= self.votes <= 75:
            raise ValueError(f"votes must be 1..75, got {self.votes}")


@dataclass(frozen=True)
class CardFiles:
    pdf: Path
    png: Path


_T_UNREADABLE = Text(
    "De stemkaart van {municipality} ({code}) is niet gemaakt: de streepjescode op de {image} "
    "kon niet worden teruggelezen ({found}). Er is geen bestand voor deze kaart opgeslagen. "
    "Probeer het opnieuw; blijft dit gebeuren, meld het dan aan de beheerder.",
    "The voting card of {municipality} ({code}) was not made: the barcode on the {image_en} "
    "could not be read back ({found_en}). No file was saved for this card. Try again; if it keeps "
    "happening, report it to the administrator.",
)


class CardNotReadable(DeskError):
    """A generated card whose barcode did not decode back to its own token."""


# --- small helpers ---------------------------------------------------------------------------


def _votes_text(votes: int) -> str:
    return "1 stem" if votes == 1 else f"{votes} stemmen"


def _representative(data: CardData) -> str:
    if not data.rep_name:
        return "nog niet opgegeven"
    return f"{data.rep_name}, {data.rep_role}" if data.rep_role else data.rep_name


def _grouped(token: str) -> str:
    # Groups of four are easier to copy by hand; the desk's manual entry drops the spaces.
    return " ".join(token[i : i + 4] for i in range(0, len(token), 4))


def card_file_stem(data: CardData) -> str:
    """'stemkaart_GM0363_Amsterdam_v1': ASCII only, safe on every file system and mail client."""
    name = unicodedata.normalize("NFKD", data.municipality_name)
    name = re.sub(r"[^A-Za-z0-9]+", "-", name.encode("ascii", "ignore").decode("ascii")).strip("-")
    return f"stemkaart_{data.municipality_code}_{name or 'gemeente'}_v{data.version}"


def _font(size: float, *, bold: bool = False, mono: bool = False, px: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(MONO if mono else SANS)
    font.setStyleHint(QFont.StyleHint.Monospace if mono else QFont.StyleHint.SansSerif)
    if px:
        font.setPixelSize(round(size))
    else:
        font.setPointSizeF(size)
    font.setBold(bold)
    return font


_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
_CENTER = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


def _text(painter: QPainter, font: QFont, rect: QRectF, text: str, color: QColor = _INK, flags: int = _WRAP) -> float:
    """Draw wrapped text at the top of ``rect``; return the height it took."""
    painter.setFont(font)
    painter.setPen(color)
    used = painter.boundingRect(rect, flags, text)
    painter.drawText(rect, flags, text)
    return used.height()


# --- the A4 card -----------------------------------------------------------------------------


def _instructions(data: CardData) -> list[str]:
    name = data.municipality_name
    return [
        "Neem deze kaart mee naar de stembalie bij de ingang van de zaal: geprint, of op het scherm van uw telefoon.",
        "Bij de stembalie scannen wij de streepjescode. Noem uw naam en functie. U krijgt dan "
        f"de stempas van {name} met {_votes_text(data.votes)}; daarmee stemt u in de zaal.",
        "Met deze kaart mag alleen stemmen: de burgemeester, een wethouder, een raadslid, de "
        f"gemeentesecretaris of de griffier van {name}.",
        "Kan de vertegenwoordiger niet komen? Geef de kaart dan aan een andere van deze personen "
        f"van {name}. Een andere gemeente mag de kaart niet gebruiken.",
        "Kaart kwijt? Vraag een nieuwe kaart aan. Deze kaart is daarna niet meer geldig.",
    ]


def paint_card_page(painter: QPainter, data: CardData) -> None:
    """Paint the A4 card on an active painter whose device is one A4 page (no transform)."""
    mm = Mm(painter)
    page_w, page_h = A4_MM
    left, width = 20.0, page_w - 40.0
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    # Header band: what this is, for whom, when and where.
    painter.fillRect(mm.rect(0, 0, page_w, 14), _ACCENT)
    _text(painter, _font(12, bold=True), mm.rect(left, 4.2, width, 8), "VERENIGING VAN NEDERLANDSE GEMEENTEN", _WHITE)
    y = 22.0
    y += mm.to_mm(_text(painter, _font(30, bold=True), mm.rect(left, y, width, 20), "Stemkaart", _ACCENT)) + 1
    y += mm.to_mm(_text(painter, _font(15, bold=True), mm.rect(left, y, width, 20), data.meeting_name)) + 1
    y += (
        mm.to_mm(
            _text(
                painter,
                _font(12),
                mm.rect(left, y, width, 14),
                f"{dutch_date(data.meeting_date, weekday=True)}  ·  {data.meeting_place}",
                _GREY,
            )
        )
        + 7
    )

    # The member: the facts the desk compares with the register.
    rows = [
        ("Gemeente", f"{data.municipality_name}  ({data.municipality_code})"),
        ("Aantal stemmen", _votes_text(data.votes)),
        ("Vertegenwoordiger", _representative(data)),
    ]
    label_w, pad = 48.0, 5.0
    panel_top = y
    y += pad
    for label, value in rows:
        _text(painter, _font(11), mm.rect(left + pad, y + 1.2, label_w, 10), label, _GREY)
        y += (
            mm.to_mm(
                _text(
                    painter,
                    _font(15, bold=True),
                    mm.rect(left + pad + label_w, y, width - label_w - 2 * pad, 20),
                    value,
                )
            )
            + 2.5
        )
    y += pad - 2.5
    # A frame, not a filled panel: its height is only known after the rows are laid out.
    painter.setPen(_ACCENT)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(mm.rect(left, panel_top, width, y - panel_top))
    y += 10

    # The barcode, centred, with the digits underneath for typing when a scan fails.
    pattern = encode(data.token)
    code_w = barcode_width(pattern, MODULE_MM, MIN_QUIET_MODULES)
    code_left = (page_w - code_w) / 2
    draw_barcode(painter, mm.rect(code_left, y, code_w, BAR_HEIGHT_MM), pattern)
    y += BAR_HEIGHT_MM + 2
    y += (
        mm.to_mm(_text(painter, _font(15, mono=True), mm.rect(left, y, width, 10), _grouped(data.token), _INK, _CENTER))
        + 10
    )

    # Instructions: short, numbered, in Dutch.
    y += mm.to_mm(_text(painter, _font(13, bold=True), mm.rect(left, y, width, 10), "Wat moet u doen?", _ACCENT)) + 2
    num_w = 7.0
    for number, line in enumerate(_instructions(data), start=1):
        _text(painter, _font(12, bold=True), mm.rect(left, y, num_w, 8), f"{number}.")
        y += mm.to_mm(_text(painter, _font(12), mm.rect(left + num_w, y, width - num_w, 30), line)) + 3

    footer = (
        f"Stembalie  ·  {data.municipality_code}  ·  kaartversie {data.version}  ·  "
        "een nieuwere versie van deze kaart maakt deze ongeldig"
    )
    _text(painter, _font(8), mm.rect(left, page_h - 12, width, 6), footer, _GREY)
    if y > page_h - 14:
        # Long names could push the instructions into the footer: fail while making, not on paper.
        raise RuntimeError(f"card layout for {data.municipality_code} overflows the page")


def render_card_page(data: CardData, dpi: int = CHECK_DPI) -> QImage:
    """The A4 card as an 8-bit grey image at ``dpi``: the same painting as the PDF.

    Grey, because the decoder reads grey: painting grey directly is faster than converting RGB.
    """
    return render_grey(A4_MM[0], A4_MM[1], dpi, lambda painter: paint_card_page(painter, data))


def write_card_pdf(data: CardData, path: Path) -> Path:
    """Write the A4 card as a one-page vector PDF at ``path``."""
    _write_card_pdf_to(data, str(path))
    return path


def _write_card_pdf_to(data: CardData, target: str | QIODevice) -> None:
    writer = QPdfWriter(target)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setResolution(PDF_DPI)
    writer.setTitle(f"Stemkaart {data.municipality_name} — {data.meeting_name}")
    writer.setCreator("Stembalie")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write PDF {target}")
    try:
        paint_card_page(painter, data)
    finally:
        painter.end()


# --- the phone image -------------------------------------------------------------------------


def render_card_phone(data: CardData) -> QImage:
    """The card for a phone screen: 1080x1920 px, 8-bit grey, barcode at 6 px per module.

    Grey rather than colour: the PNG compresses in a third of the time and size, and a phone
    screen shows the black-on-white bars with the most contrast it can.
    """
    width, height = PHONE_SIZE_PX
    image = QImage(width, height, QImage.Format.Format_Grayscale8)
    image.fill(_WHITE)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        margin = 60.0
        text_w = width - 2 * margin
        # The band grows with a long meeting name instead of letting it run out of the band.
        meeting_font = _font(36, px=True)
        painter.setFont(meeting_font)
        meeting_h = painter.boundingRect(QRectF(margin, 0, text_w, 1000), _WRAP, data.meeting_name).height()
        band_h = 40 + 88 + meeting_h + 36
        painter.fillRect(QRectF(0, 0, width, band_h), _ACCENT)
        _text(painter, _font(64, bold=True, px=True), QRectF(margin, 40, text_w, 90), "Stemkaart", _WHITE)
        _text(painter, meeting_font, QRectF(margin, 128, text_w, meeting_h), data.meeting_name, _WHITE)
        y = band_h + 36
        y += (
            _text(
                painter,
                _font(34, px=True),
                QRectF(margin, y, text_w, 90),
                f"{dutch_date(data.meeting_date, weekday=True)}\n{data.meeting_place}",
                _GREY,
            )
            + 40
        )
        y += _text(painter, _font(76, bold=True, px=True), QRectF(margin, y, text_w, 200), data.municipality_name) + 4
        y += _text(painter, _font(36, px=True), QRectF(margin, y, text_w, 50), data.municipality_code, _GREY) + 24
        y += (
            _text(
                painter, _font(56, bold=True, px=True), QRectF(margin, y, text_w, 80), _votes_text(data.votes), _ACCENT
            )
            + 16
        )
        y += _text(
            painter, _font(36, px=True), QRectF(margin, y, text_w, 100), f"Vertegenwoordiger: {_representative(data)}"
        )

        # Barcode as wide as the screen allows, at whole pixels per module (no resampling),
        # starting on a whole pixel so every bar edge falls on a pixel edge.
        pattern = encode(data.token)
        code_w = barcode_width(pattern, PHONE_PX_PER_MODULE)
        code_top = float(round(max(y + 60, 880.0)))
        draw_barcode(painter, QRectF((width - code_w) // 2, code_top, code_w, PHONE_BAR_HEIGHT_PX), pattern)
        y = code_top + PHONE_BAR_HEIGHT_PX + 16
        y += (
            _text(painter, _font(46, mono=True, px=True), QRectF(0, y, width, 70), _grouped(data.token), _INK, _CENTER)
            + 36
        )
        y += _text(
            painter,
            _font(34, px=True),
            QRectF(margin, y, text_w, 200),
            "Laat dit scherm zien bij de stembalie.\nZet de helderheid van uw scherm hoog.",
            _INK,
            _CENTER,
        )
        _text(
            painter,
            _font(26, px=True),
            QRectF(margin, height - 70, text_w, 40),
            f"{data.municipality_code}  ·  kaartversie {data.version}",
            _GREY,
            _CENTER,
        )
        if y > height - 80:
            raise RuntimeError(f"phone card layout for {data.municipality_code} overflows")
    finally:
        painter.end()
    return image


# --- making a card: paint, read back, save -------------------------------------------------


def verify_card_image(image: QImage, data: CardData, decode: Decoder, what: str) -> None:
    """Decode ``image`` and require exactly the card's token; raise :class:`CardNotReadable`."""
    found = decode(qimage_to_gray(image))
    if found == [data.token]:
        return
    if not found:
        found_nl, found_en = "geen streepjescode gevonden", "no barcode found"
    else:
        shown = ", ".join(found)
        found_nl, found_en = f"gelezen: {shown}", f"read: {shown}"
    image_nl, image_en = {"a4": ("A4-kaart", "A4 card"), "phone": ("telefoonafbeelding", "phone image")}[what]
    raise CardNotReadable(
        "card.unreadable",
        _T_UNREADABLE,
        {
            "municipality": data.municipality_name,
            "code": data.municipality_code,
            "image": image_nl,
            "image_en": image_en,
            "found": found_nl,
            "found_en": found_en,
        },
    )


def make_card(data: CardData, out_dir: Path, decode: Decoder) -> CardFiles:
    """Make, read back and save one card: ``<stem>.pdf`` and ``<stem>_telefoon.png``.

    Both images are decoded before anything is saved; files are written under a temporary name
    and renamed only when complete, so a folder never holds a half-written or unverified card.
    """
    page = render_card_page(data)
    verify_card_image(page, data, decode, "a4")
    phone = render_card_phone(data)
    verify_card_image(phone, data, decode, "phone")

    out_dir.mkdir(parents=True, exist_ok=True)
    stem = card_file_stem(data)
    pdf = out_dir / f"{stem}.pdf"
    png = out_dir / f"{stem}_telefoon.png"
    tmp_pdf = pdf.with_name(pdf.name + ".part")
    tmp_png = png.with_name(png.name + ".part")
    try:
        write_card_pdf(data, tmp_pdf)
        # Quality 80 is zlib level 1 in Qt's PNG writer: half the time of the default level for
        # a file about 25 % larger (~65 kB), which matters when 342 cards are made at once.
        # PySide6's stubs type the format as bytes, but 6.11 accepts only str at run time.
        if not phone.save(str(tmp_png), "PNG", 80):  # type: ignore[call-overload]
            raise OSError(f"cannot write {png}")
        os.replace(tmp_pdf, pdf)
        os.replace(tmp_png, png)
    finally:
        for tmp in (tmp_pdf, tmp_png):
            tmp.unlink(missing_ok=True)
    return CardFiles(pdf, png)


# --- before painting on several threads ------------------------------------------------------

_prepared = False
_prepare_lock = threading.Lock()


def prepare_threads(decode: Decoder | None = None) -> None:
    """Paint (and read back) one sample card in memory on this thread, once per process.

    Call it on the thread that starts the painting threads (the GUI thread in the app), before
    they start. Every Python type that PySide6 creates lazily on the card's path is then made
    here, by one thread: the painting threads only use types that exist. The sample goes the
    whole way of :func:`make_card` (A4 raster, phone raster, PDF, PNG, the decoder's lazily
    imported readers) but writes no file. Later calls return at once.
    """
    global _prepared
    with _prepare_lock:
        if _prepared:
            return
        from desk_app.domain.token import make_card_token

        sample = CardData(
            meeting_name="Stembalie",
            meeting_date=date(2000, 1, 1),
            meeting_place="-",
            municipality_code="GM0001",
            municipality_name="-",
            votes=1,
            rep_name="-",
            rep_role="-",
            token=make_card_token(1000, bytes(32), "GM0001", 1),
            version=1,
        )
        page = render_card_page(sample)
        phone = render_card_phone(sample)
        if decode is not None:
            # Only to load the decoder's native readers here; whether it reads is make_card's test.
            decode(qimage_to_gray(page))
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        phone.save(buffer, "PNG", 80)  # type: ignore[call-overload]
        _write_card_pdf_to(sample, buffer)
        buffer.close()
        _prepared = True
