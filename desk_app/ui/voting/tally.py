"""The chair's tally screen: big, high-contrast, readable from the back of the hall at any size.

A thin view over :class:`~desk_app.services.chair.ChairScreen`: attendance, the item, one bar per
choice with its votes, members and share, the threshold line, who has not voted yet, and the
result. Nothing here reads the store: the window takes the process's one change feed and asks
the chair's screen state to update for each change.

Everything is painted from the widget's size (a projector may have any resolution, from
1024×768 to 3840×2160): :meth:`TallyScreen.boxes` lays out every text and bar as rectangles in
fractions of the height and width, each text in the largest font that fits its rectangle, and
``paintEvent`` draws exactly those rectangles — so a test can check that none overlaps another
or is cut off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desk_app.domain.changes import Change
from desk_app.services.chair import ChairScreen, ResultTone, TallyScreenState
from desk_app.ui import words
from desk_app.ui.change_feed import ChangeFeed

BG = QColor("#000000")
FG = QColor("#ffffff")
DIM = QColor("#c8c8c8")
TRACK = QColor("#222222")
THRESHOLD = QColor("#ffd400")
BAR_COLOURS = {"voor": QColor("#1db954"), "tegen": QColor("#ff4d4d"), "onthouding": QColor("#9aa0a6")}
OTHER = QColor("#4da3ff")
TONES = {
    ResultTone.ADOPTED: (QColor("#1db954"), "✔ "),
    ResultTone.REJECTED: (QColor("#ff4d4d"), "✖ "),
    ResultTone.PENDING: (THRESHOLD, ""),
    ResultTone.NONE: (FG, ""),
}
MIN_PX = 7  # below this nothing is readable anyway; longer texts are elided instead

_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_WRAP = Qt.TextFlag.TextWordWrap


@dataclass(frozen=True)
class Box:
    """One element of the screen: where it is drawn, and (for a text) with which font and flags."""

    name: str
    rect: QRectF
    text: str = ""
    font: QFont | None = None
    colour: QColor = field(default_factory=lambda: QColor(FG))
    flags: int = int(_LEFT)
    fill: QColor | None = None  # a bar's track: the filled part is drawn inside it
    fill_width: float = 0.0


def fit_font(
    base: QFont, text: str, rect: QRectF, max_px: float, *, flags: int = int(_LEFT), floor: float = 0.0
) -> QFont:
    """The largest pixel size up to ``max_px`` (and not below ``floor``) at which ``text`` fits
    ``rect``, wrapped if ``flags`` allow; at the floor the caller elides what still does not fit."""
    font = QFont(base)
    lowest = max(MIN_PX, int(floor))
    size = max(lowest, int(max_px))
    while True:
        font.setPixelSize(size)
        if _fits(font, text, rect, flags) or size <= lowest:
            return font
        size = max(lowest, min(size - 1, int(size * 0.93)))


def _fits(font: QFont, text: str, rect: QRectF, flags: int) -> bool:
    needed = QFontMetricsF(font).boundingRect(rect, flags, text)
    return needed.width() <= rect.width() + 0.5 and needed.height() <= rect.height() + 0.5


def _figure(shown: str) -> int:
    """The number a figure such as '13.111' or '13,111' shows (weights are whole numbers)."""
    return int(re.sub(r"\D", "", shown) or 0)


class TallyScreen(QWidget):
    """The whole screen, painted from :attr:`state` at whatever size the widget has."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.state = TallyScreenState()
        self._boxes: list[Box] | None = None
        self._boxes_for = (0, 0)

    # -- what is shown ------------------------------------------------------------------------------
    def show_state(self, state: TallyScreenState) -> None:
        self.state = state
        self._boxes = None
        self.setAccessibleDescription(" · ".join(b.text for b in self.boxes() if b.text))
        self.update()

    def attendance_text(self) -> str:
        s = self.state
        return self.tr("Aanwezig: {m} van {tm} gemeenten · {v} van {tv} stemmen").format(
            m=s.present_members, tm=s.total_members, v=s.present_figure, tv=s.total_figure
        )

    def pending_text(self) -> str:
        s = self.state
        if not s.is_open:
            return ""
        return self.tr("Nog niet gestemd: {m} ({v})").format(
            m=words.municipalities(s.not_voted_members), v=words.votes(_figure(s.not_voted_figure), s.not_voted_figure)
        )

    def result_text(self) -> str:
        colour_mark = TONES[self.state.result_tone][1]
        return colour_mark + self.state.result_text if self.state.result_text else ""

    def texts(self) -> dict[str, str]:
        """Every text on the screen by element name (tests and the accessible description)."""
        return {b.name: b.text for b in self.boxes() if b.text}

    # -- layout -------------------------------------------------------------------------------------
    def boxes(self) -> list[Box]:
        """Every element as the painter draws it, laid out for the widget's size now."""
        size = (self.width(), self.height())
        if self._boxes is None or self._boxes_for != size:
            self._boxes = self._layout(float(size[0]), float(size[1]))
            self._boxes_for = size
        return self._boxes

    def _layout(self, w: float, h: float) -> list[Box]:
        s = self.state
        base = QFont(self.font())
        bold = QFont(base)
        bold.setBold(True)
        margin = float(round(min(w, h) * 0.03))
        x, width = margin, w - 2 * margin
        top, height = margin, h - 2 * margin
        gap = height * 0.012
        out: list[Box] = []
        y: float = top

        def text(
            name: str,
            value: str,
            share: float,
            font: QFont,
            *,
            colour: QColor = FG,
            lines: int = 1,
            max_share: float = 0.8,
        ) -> None:
            """A text row ``share`` of the height tall; its font as large as fits (``max_share`` of the row
            per line)."""
            nonlocal y
            rect = QRectF(x, y, width, height * share)
            y += height * share + gap
            if not value:
                return
            flags = int(_LEFT | _WRAP) if lines > 1 else int(_LEFT)
            shown = value
            largest = rect.height() * max_share / lines
            # Never smaller than a third of the row: a title of 10,000 characters is shortened instead.
            chosen = fit_font(font, shown, rect, largest, flags=flags, floor=largest * 0.45)
            if not _fits(chosen, shown, rect, flags):  # even the smallest font is too big: shorten it
                shown = QFontMetricsF(chosen).elidedText(value, Qt.TextElideMode.ElideRight, rect.width())
                flags = int(_LEFT)
            out.append(Box(name, rect, shown, chosen, colour, flags))

        text("attendance", self.attendance_text(), 0.065, base, colour=DIM)
        if not s.has_vote:
            text("item", self.tr("Geen stemming"), 0.16, bold)
            return out
        text("item", s.item_title, 0.13, bold, lines=2, max_share=0.86)
        text("status", s.status_text, 0.06, base, colour=DIM)
        bottom = [
            ("pending", self.pending_text(), 0.06, base, FG, 1),
            ("result", self.result_text(), 0.13, bold, TONES[s.result_tone][0], 2),
            ("base", s.base_text, 0.05, base, DIM, 1),
        ]
        rest = sum(share for _name, _value, share, _font, _colour, _lines in bottom)
        bars_h = top + height - y - height * rest - gap * len(bottom)
        if s.bars and bars_h > 0:
            out += self._bars(QRectF(x, y, width, bars_h), base, bold)
        y += max(0.0, bars_h) + gap
        if not s.bars:  # acclamation: the result is the screen
            y = top + height * 0.45
        for name, value, share, font, colour, lines in bottom:
            text(name, value, share, font, colour=colour, lines=lines, max_share=0.86 if lines > 1 else 0.8)
        return out

    def _bars(self, area: QRectF, base: QFont, bold: QFont) -> list[Box]:
        s = self.state
        n = max(1, len(s.bars))
        row_h = area.height() / n
        label_w, numbers_w, gap = area.width() * 0.25, area.width() * 0.27, area.width() * 0.02
        bar_x = area.left() + label_w + gap
        bar_w = area.width() - label_w - numbers_w - 2 * gap
        num_x = bar_x + bar_w + gap
        scale = max(1, s.scale)
        # One font per column, fitted to the longest text, so the rows line up.
        label_rects = [QRectF(area.left(), area.top() + i * row_h, label_w, row_h * 0.9) for i in range(n)]
        figure_rects = [QRectF(num_x, area.top() + i * row_h, numbers_w, row_h * 0.52) for i in range(n)]
        detail_rects = [QRectF(num_x, area.top() + i * row_h + row_h * 0.54, numbers_w, row_h * 0.36) for i in range(n)]
        details = [self._detail(b.members, b.percent) for b in s.bars]
        wrap = int(_LEFT | _WRAP)  # a ballot option's name may take two lines
        label_font = min(
            (
                fit_font(bold, b.label, r, r.height() * 0.5, flags=wrap, floor=r.height() * 0.2)
                for b, r in zip(s.bars, label_rects, strict=True)
            ),
            key=lambda f: f.pixelSize(),
        )
        figure_font = min(
            (fit_font(bold, b.figure, r, r.height() * 0.9) for b, r in zip(s.bars, figure_rects, strict=True)),
            key=lambda f: f.pixelSize(),
        )
        detail_font = min(
            (fit_font(base, d, r, r.height() * 0.8) for d, r in zip(details, detail_rects, strict=True)),
            key=lambda f: f.pixelSize(),
        )
        out: list[Box] = []
        for i, bar in enumerate(s.bars):
            y = area.top() + i * row_h
            colour = BAR_COLOURS.get(bar.key, OTHER)
            label, flags = bar.label, wrap
            if not _fits(label_font, label, label_rects[i], flags):
                label = QFontMetricsF(label_font).elidedText(label, Qt.TextElideMode.ElideRight, label_rects[i].width())
                flags = int(_LEFT)
            out.append(Box(f"label:{bar.key}", label_rects[i], label, label_font, flags=flags))
            track = QRectF(bar_x, y + row_h * 0.32, bar_w, row_h * 0.5)
            out.append(Box(f"bar:{bar.key}", track, fill=colour, fill_width=bar_w * min(bar.weight, scale) / scale))
            out.append(
                Box(
                    f"figure:{bar.key}",
                    figure_rects[i],
                    bar.figure,
                    figure_font,
                    flags=int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                )
            )
            out.append(
                Box(
                    f"detail:{bar.key}",
                    detail_rects[i],
                    details[i],
                    detail_font,
                    DIM,
                    flags=int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                )
            )
        if s.threshold is not None and s.bars:
            # The line on the first (VOOR) bar: reach it to adopt. Its label sits above the bar, on
            # whichever side of the line has room.
            line_x = bar_x + bar_w * min(s.threshold, scale) / scale
            pen = max(2.0, self.height() / 200)
            label_h = row_h * 0.26
            words = self.tr("drempel {n}").format(n=s.threshold_figure)
            font = fit_font(base, words, QRectF(0, 0, bar_w / 2, label_h), label_h * 0.85)
            text_w = min(QFontMetricsF(font).horizontalAdvance(words) + 2, bar_w / 2)
            room = label_h * 0.3 + pen
            left = line_x + room if line_x + room + text_w <= bar_x + bar_w else line_x - room - text_w
            left = max(bar_x, left)
            out.append(
                Box("threshold", QRectF(left, area.top() + row_h * 0.03, text_w, label_h), words, font, THRESHOLD)
            )
            out.append(Box("threshold-line", QRectF(line_x - pen / 2, area.top(), pen, row_h * 0.86)))
        return out

    def _detail(self, members: int, percent: str) -> str:
        return words.municipalities(members) + (f" · {percent}" if percent else "")

    # -- painting -----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BG)
        for box in self.boxes():
            if box.name == "threshold-line":
                x = box.rect.center().x()
                p.setPen(QPen(THRESHOLD, box.rect.width(), Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap))
                p.drawLine(QPointF(x, box.rect.top()), QPointF(x, box.rect.bottom()))
            elif box.fill is not None:
                p.fillRect(box.rect, TRACK)
                p.fillRect(QRectF(box.rect.left(), box.rect.top(), box.fill_width, box.rect.height()), box.fill)
            elif box.font is not None:
                p.setFont(box.font)
                p.setPen(box.colour)
                p.drawText(box.rect, box.flags, box.text)
        p.end()


class TallyWindow(QWidget):
    """A top-level window over :class:`TallyScreen`, redrawn when the meeting changes.

    Esc closes it (on a laptop with one screen the full-screen tally must not trap the chair).
    """

    def __init__(self, chair: ChairScreen, feed: ChangeFeed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Stembalie — uitslagenscherm"))
        self.chair = chair
        self.screen_view = TallyScreen(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.screen_view)
        feed.changed.connect(self._on_feed_changed)
        self.screen_view.show_state(chair.state)

    def _on_feed_changed(self, change: Change) -> None:
        if self.chair.update(change):
            self.screen_view.show_state(self.chair.state)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def show_on_screen(self, index: int, fullscreen: bool = True) -> None:
        """Full screen on screen ``index`` (the projector: chosen before going full screen), or a
        normal window of about two thirds of that screen."""
        screens = QGuiApplication.screens()
        screen = screens[index] if 0 <= index < len(screens) else QGuiApplication.primaryScreen()
        self.setScreen(screen)
        if fullscreen:
            self.setGeometry(screen.geometry())
            self.showFullScreen()
            return
        area = screen.availableGeometry()
        width, height = max(640, area.width() * 2 // 3), max(400, area.height() * 2 // 3)
        self.setGeometry(
            area.left() + (area.width() - width) // 2, area.top() + (area.height() - height) // 2, width, height
        )
        self.showNormal()
