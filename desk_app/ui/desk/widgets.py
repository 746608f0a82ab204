"""The desk's two big displays: the verdict panel and the camera preview.

The verdict panel is read from a metre away by a clerk with a queue in front of them, so each
state has a colour *and* an icon *and* words (never colour alone: about one man in twelve does
not tell red from green), the number of votes is the largest thing on screen, and the
municipality is the second largest. The preview shows what the camera sees, the outline of a
barcode it found, a hint ("Dichterbij houden") and, without a camera, why there is none.

A screen reader hears the verdict too: every new content is announced (Qt's accessibility
announcement, read out at once by Orca, NVDA and VoiceOver) in the order a clerk reads it —
headline, municipality, votes, who — and the panel's accessible name and description follow it.

Both widgets only display what they are given: what to show is decided by
:mod:`desk_app.ui.desk.screen` (the tones, their colours and icons, and :class:`PanelContent`
live there, without Qt).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QColor,
    QFont,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desk_app.ui.desk.screen import STYLES, PanelContent, Tone, ToneStyle

__all__ = ["VerdictPanel", "CameraPreview", "PanelContent", "Tone", "ToneStyle", "STYLES"]


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Noto Sans", "Segoe UI", "Arial", "Helvetica"])
    font.setPixelSize(px)
    font.setBold(bold)
    return font


class VerdictPanel(QFrame):
    """A coloured panel: icon + headline, municipality, votes (huge), person, explanation.

    Type sizes follow the panel's size (a 1366x768 laptop and a 1920x1080 screen both fill the
    panel without clipping), within limits that keep the text readable from a metre away. When the
    content is taller than the panel (a long explanation, the stemopnemer's panel on a 1024 × 768
    screen), the type gets smaller, down to :attr:`TIGHT`, rather than lines being cut off.
    """

    #: Pixel sizes at scale 1 (a panel of about 1150 x 620 px) and boldness.
    SIZES: dict[str, tuple[int, bool]] = {
        "icon": (84, True),
        "headline": (62, True),
        "badge": (30, True),
        "municipality": (58, True),
        "code": (24, False),
        "person": (30, True),
        "detail": (26, False),
        "detail_alone": (34, False),
        "note": (28, True),
        "votes": (210, True),
        "votes_word": (40, True),
    }
    REFERENCE = (1150, 620)
    #: The smallest scale from the panel's size; :attr:`TIGHT` only to make the content fit.
    FLOOR = 0.55
    TIGHT = 0.42
    MARGINS = (28, 20)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictPanel")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.icon = QLabel()
        self.icon.setObjectName("verdictIcon")
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline = QLabel()
        self.headline.setObjectName("verdictHeadline")
        # "Not issued yet": framed, so it reads as a state to act on, not as one more line.
        self.badge = QLabel()
        self.badge.setObjectName("verdictBadge")
        self.municipality = QLabel()
        self.code = QLabel()
        self.person = QLabel()
        self.detail = QLabel()
        self.note = QLabel()
        for label in (self.headline, self.municipality, self.person, self.detail, self.note):
            label.setWordWrap(True)
        self.votes = QLabel()
        self.votes.setObjectName("verdictVotes")
        self.votes.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.votes_word = QLabel()
        self.votes_word.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)

        top = QHBoxLayout()
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.headline, 1)
        who = QVBoxLayout()
        who.setSpacing(6)
        who.addWidget(self.municipality)
        who.addWidget(self.code)
        who.addSpacing(10)
        who.addWidget(self.person)
        who.addSpacing(6)
        who.addWidget(self.detail)
        who.addWidget(self.note)
        who.addStretch(1)
        count = QVBoxLayout()
        count.setSpacing(0)
        count.addWidget(self.votes)
        count.addWidget(self.votes_word)
        count.addStretch(1)
        middle = QHBoxLayout()
        middle.addLayout(who, 1)
        middle.addLayout(count, 0)
        self._outer = outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addSpacing(8)
        outer.addLayout(middle, 1)
        self._scale = 0.0
        self.content = PanelContent(Tone.IDLE, "")
        #: What was last said to a screen reader (tests read it).
        self.announcement = ""
        self._apply_scale(1.0)
        self.show_content(self.content)

    def _px(self, key: str) -> int:
        return max(10, round(self.SIZES[key][0] * self._scale))

    def _apply_scale(self, scale: float) -> None:
        self._scale = scale
        for key, label in (
            ("icon", self.icon),
            ("headline", self.headline),
            ("badge", self.badge),
            ("municipality", self.municipality),
            ("code", self.code),
            ("person", self.person),
            ("note", self.note),
            ("votes", self.votes),
            ("votes_word", self.votes_word),
        ):
            label.setFont(_font(self._px(key), self.SIZES[key][1]))
        self.icon.setFixedWidth(round(120 * scale))
        mx, my = (max(8, round(m * min(1.0, scale))) for m in self.MARGINS)
        self._outer.setContentsMargins(mx, my, mx, my)
        self._apply_detail_font()

    def _apply_detail_font(self) -> None:
        # Without a municipality (an unknown card) the explanation is all there is: make it big.
        self.detail.setFont(_font(self._px("detail" if self.content.municipality else "detail_alone")))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The scale for the panel's size, made smaller while the content does not fit its height."""
        if self.width() <= 0 or self.height() <= 0:
            return
        ref_w, ref_h = self.REFERENCE
        scale = max(self.FLOOR, min(1.4, self.width() / ref_w, self.height() / ref_h))
        if abs(scale - self._scale) > 0.02:  # small steps would only make the text jitter
            self._apply_scale(scale)
        while self._scale > self.TIGHT and self._needed_height() > self.height():
            self._apply_scale(max(self.TIGHT, self._scale - 0.04))

    def _needed_height(self) -> int:
        """The height the content takes at the panel's width in the type sizes set now."""
        layout = self.layout()
        if layout is None:
            return 0
        layout.invalidate()  # the fonts just changed: measure again
        if layout.hasHeightForWidth():
            return layout.totalHeightForWidth(self.width())
        return layout.totalSizeHint().height()

    def show_content(self, content: PanelContent) -> None:
        self.content = content
        style = STYLES[content.tone]
        # One style sheet on the frame: the labels inherit the text colour.
        self.setStyleSheet(
            f"QFrame#verdictPanel {{ background: {style.background}; border-radius: 10px; }}"
            f"QFrame#verdictPanel QLabel {{ color: {style.foreground}; background: transparent; }}"
            f"QFrame#verdictPanel QLabel#verdictBadge {{ border: 3px solid {style.foreground}; border-radius: 6px;"
            " padding: 4px 12px; }"
        )
        self.icon.setText(style.icon)
        self.headline.setText(content.headline)
        for label, text in (
            (self.municipality, content.municipality),
            (self.code, content.code),
            (self.person, content.person),
            (self.detail, content.detail),
            (self.note, content.note),
            (self.votes_word, content.votes_word),
            (self.badge, content.badge),
        ):
            label.setText(text)
            label.setVisible(bool(text))
        self._apply_detail_font()
        self.votes.setText("" if content.votes is None else str(content.votes))
        self.votes.setVisible(content.votes is not None)
        self._fit()  # new content may be longer (or shorter) than the last
        self._announce(content)

    @staticmethod
    def spoken(content: PanelContent) -> str:
        """The verdict in words, as a screen reader should say it (the icon is left out: it is
        the headline again, drawn)."""
        votes = f"{content.votes} {content.votes_word}".strip() if content.votes is not None else ""
        parts = [
            content.headline,
            content.badge,
            content.municipality,
            votes,
            content.person,
            content.detail,
            content.note,
        ]
        return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip()) + "."

    def _announce(self, content: PanelContent) -> None:
        if not content.headline:
            return
        text = self.spoken(content)
        self.setAccessibleName(content.headline)
        self.setAccessibleDescription(text)
        self.announcement = text
        # Assertive: a refusal must interrupt whatever the reader was saying.
        event = QAccessibleAnnouncementEvent(self, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))

    @property
    def tone(self) -> Tone:
        return self.content.tone


class CameraPreview(QWidget):
    """The latest camera frame (aspect kept), found barcodes outlined, and a state line.

    Without frames it shows a dark placeholder with the camera's state, so the clerk knows
    whether to wait, plug something in, or just use the handheld scanner.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(240, 180)  # the left column is 260 px on a 1024 px screen
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._image: QImage | None = None
        self._regions: list[list[tuple[float, float]]] = []
        self._hint = ""
        self._state = ""
        self._failed = False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        return QSize(440, 330)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API name
        return width * 3 // 4

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API name
        return True

    @property
    def state(self) -> str:
        return self._state

    @property
    def failed(self) -> bool:
        return self._failed

    @property
    def has_frame(self) -> bool:
        return self._image is not None

    def set_state(self, text: str, *, failed: bool = False) -> None:
        """The camera's state, shown when there is no picture (and over a frozen one on failure)."""
        self._state = text
        self._failed = failed
        if failed:
            self._image = None  # a frozen last frame would suggest the camera still works
            self._regions = []
        self.update()

    def set_frame(self, image: QImage) -> None:
        self._image = image
        self._failed = False
        self.update()

    def set_regions(self, regions: list[list[tuple[float, float]]]) -> None:
        self._regions = regions
        self.update()

    def set_hint(self, text: str) -> None:
        self._hint = text
        self.update()

    def _paint_guide(self, painter: QPainter, frame: QRectF) -> None:
        """Corner marks where the barcode should be held: wide and low, like the code itself."""
        guide = QRectF(
            frame.x() + frame.width() * 0.12,
            frame.y() + frame.height() * 0.32,
            frame.width() * 0.76,
            frame.height() * 0.36,
        )
        painter.setPen(QPen(QColor(255, 255, 255, 200), 3))
        arm = min(guide.width(), guide.height()) * 0.18
        for cx, cy, dx, dy in (
            (guide.left(), guide.top(), 1, 1),
            (guide.right(), guide.top(), -1, 1),
            (guide.left(), guide.bottom(), 1, -1),
            (guide.right(), guide.bottom(), -1, -1),
        ):
            painter.drawLine(QPointF(cx, cy), QPointF(cx + dx * arm, cy))
            painter.drawLine(QPointF(cx, cy), QPointF(cx, cy + dy * arm))
        painter.setFont(_font(12))
        painter.drawText(
            QRectF(guide.left(), guide.top() - 26, guide.width(), 22),
            int(Qt.AlignmentFlag.AlignCenter),
            self.tr("streepjescode hier"),
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API name
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("#1D2A33"))
            if self._image is None or self._image.isNull():
                painter.setPen(QColor("#FFFFFF") if not self._failed else QColor("#FFB000"))
                painter.setFont(_font(18, bold=self._failed))
                painter.drawText(
                    QRectF(self.rect()).adjusted(18, 18, -18, -18),
                    int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                    self._state,
                )
                return
            img = self._image
            scale = min(self.width() / img.width(), self.height() / img.height())
            w, h = img.width() * scale, img.height() * scale
            x0, y0 = (self.width() - w) / 2, (self.height() - h) / 2
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(QRectF(x0, y0, w, h), img)
            if not self._regions:  # once a code is outlined the guide would only be drawn over the card
                self._paint_guide(painter, QRectF(x0, y0, w, h))
            if self._regions:
                painter.setPen(QPen(QColor("#39E75F"), 3))
                for polygon in self._regions:
                    painter.drawPolygon(QPolygonF([QPointF(x0 + px * scale, y0 + py * scale) for px, py in polygon]))
            if self._hint:
                band = QRectF(0, self.height() - 44, self.width(), 44)
                painter.fillRect(band, QColor(0, 0, 0, 170))
                painter.setPen(QColor("#FFFFFF"))
                painter.setFont(_font(22, bold=True))
                painter.drawText(band, int(Qt.AlignmentFlag.AlignCenter), self._hint)
        finally:
            painter.end()
