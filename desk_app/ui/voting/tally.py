"""The chair's tally screen: big, high-contrast, readable from the back of the hall.

A thin view over a :class:`~desk_app.services.chair.TallyScreenState`: attendance, the item
being voted on, voor/tegen/onthouding in votes and in municipalities with bars and the threshold
line, how many present municipalities have not voted yet, and the result once closed. It polls
the store's ``data_version`` (cheap) so a choice recorded by another process shows within a
fraction of a second, and rebuilds its state only when something changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk_app.domain.tally import Cast, Choice, Outcome, Tally, choice_label, format_votes
from desk_app.services.chair import TallyScreenState

BG = QColor("#000000")
FG = QColor("#ffffff")
COLOURS = {Choice.VOOR: QColor("#1db954"), Choice.TEGEN: QColor("#ff4d4d"), Choice.ONTHOUDING: QColor("#9aa0a6")}
OTHER = QColor("#4da3ff")
POLL_MS = 100


class TallyBars(QWidget):
    """One bar per choice, scaled to the votes present at the opening, with the threshold line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tally: Tally | None = None
        self.setMinimumHeight(300)

    def set_tally(self, tally: Tally | None) -> None:
        self.tally = tally
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BG)
        t = self.tally
        if t is None:
            return
        rows = list(t.options)
        h = self.height() / max(1, len(rows))
        label_w = self.width() * 0.24
        numbers_w = self.width() * 0.32
        bar_x = label_w
        bar_w = self.width() - label_w - numbers_w - 20
        scale = max(1, t.eligible.weight)
        big = QFont(self.font())
        big.setBold(True)
        labels = [choice_label(o).upper() for o in rows]
        big.setPixelSize(_fit(big, labels, label_w - 20, int(h * 0.42)))
        figures = QFont(big)
        numbers = [format_votes(t.count(o).weight) for o in rows]
        figures.setPixelSize(_fit(figures, numbers, numbers_w - 10, int(h * 0.45)))
        small = QFont(self.font())
        details = [self._detail(t, o) for o in rows]
        small.setPixelSize(_fit(small, details, numbers_w - 10, int(h * 0.22)))
        for i, option in enumerate(rows):
            c = t.count(option)
            y = i * h
            colour = COLOURS.get(option, OTHER) if isinstance(option, Choice) else OTHER
            p.setFont(big)
            p.setPen(FG)
            p.drawText(QRectF(10, y, label_w - 20, h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       labels[i])
            p.fillRect(QRectF(bar_x, y + h * 0.26, bar_w, h * 0.54), QColor("#222222"))
            p.fillRect(QRectF(bar_x, y + h * 0.26, bar_w * c.weight / scale, h * 0.54), colour)
            p.setFont(figures)
            p.drawText(QRectF(bar_x + bar_w + 20, y, numbers_w, h * 0.62),
                       Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, numbers[i])
            p.setFont(small)
            p.drawText(QRectF(bar_x + bar_w + 20, y + h * 0.62, numbers_w, h * 0.38),
                       Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, details[i])
        if t.threshold is not None and not t.is_ballot:
            x = bar_x + bar_w * min(t.threshold, scale) / scale
            pen = QPen(QColor("#ffd400"), 5, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(int(x), 0, int(x), int(h))  # the line on the VOOR bar: reach it to adopt
            p.setFont(small)
            p.drawText(QRectF(x + 8, 0, 400, h * 0.22), Qt.AlignmentFlag.AlignLeft,
                       self.tr("drempel {n}").format(n=format_votes(t.threshold)))
        p.end()

    def _detail(self, t: Tally, option: Cast) -> str:
        pct = t.percent_text(option)
        return self.tr("{m} gemeenten").format(m=t.count(option).members) + (f" · {pct}" if pct else "")


def _fit(font: QFont, texts: list[str], width: float, start: int) -> int:
    """The largest pixel size up to ``start`` at which every text fits in ``width``."""
    size = max(8, start)
    probe = QFont(font)
    while size > 8:
        probe.setPixelSize(size)
        metrics = QFontMetrics(probe)
        if all(metrics.horizontalAdvance(t) <= width for t in texts):
            break
        size -= 2
    return size


class TallyScreen(QWidget):
    """The whole screen: header, attendance, item, bars, not yet voted, result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), BG)
        pal.setColor(self.foregroundRole(), FG)
        self.setPalette(pal)
        self.attendance = self._label(36)
        self.item = self._label(46, bold=True)
        self.status = self._label(34)
        self.bars = TallyBars()
        self.pending = self._label(36)
        self.result = self._label(64, bold=True)
        self.base = self._label(28)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        for w in (self.attendance, self.item, self.status):
            layout.addWidget(w)
        layout.addWidget(self.bars, 1)
        for w in (self.pending, self.result, self.base):
            layout.addWidget(w)
        self.state: TallyScreenState | None = None

    def _label(self, px: int, bold: bool = False) -> QLabel:
        label = QLabel()
        f = QFont(label.font())
        f.setPixelSize(px)
        f.setBold(bold)
        label.setFont(f)
        label.setWordWrap(True)
        label.setStyleSheet("color: white;")
        return label

    def show_state(self, s: TallyScreenState) -> None:
        self.state = s
        self.attendance.setText(self.tr("Aanwezig: {m} van {tm} gemeenten · {v} van {tv} stemmen").format(
            m=s.present_members, tm=s.total_members, v=format_votes(s.present_votes), tv=format_votes(s.total_votes)))
        self.item.setText(s.item_title or self.tr("Geen stemming"))
        self.status.setText(s.status_text)
        t = s.tally
        self.bars.set_tally(t)
        self.bars.setVisible(t is not None)
        if t is None:
            self.pending.setText("")
            self.result.setText("")
            self.base.setText("")
            return
        nv = t.not_voted
        self.pending.setText(self.tr("Nog niet gestemd: {m} gemeenten ({v} stemmen)").format(
            m=nv.members, v=format_votes(nv.weight)) if s.is_open else "")
        if s.result_text:
            good = t.outcome in (Outcome.ADOPTED, Outcome.CHOSEN)
            mark = "✔ " if good else "✖ "
            colour = "#1db954" if good else "#ff4d4d"
            self.result.setText(mark + s.result_text)
            self.result.setStyleSheet(f"color: {colour};")
        else:
            self.result.setText("")
        self.base.setText(s.base_text)


class TallyWindow(QWidget):
    """A top-level window over :class:`TallyScreen`, refreshing when the store changes."""

    def __init__(self, source: Callable[[], TallyScreenState], version: Callable[[], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Stembalie — uitslagenscherm"))
        self.screen_view = TallyScreen(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.screen_view)
        self._source = source
        self._version = version
        self._last: object = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        self._last = self._version()
        self.screen_view.show_state(self._source())

    def _on_timer_timeout(self) -> None:
        if self._version() != self._last:
            self.refresh()

    def show_on_screen(self, index: int, fullscreen: bool = True) -> None:
        """Pick the screen (projector) first, then go full screen on it."""
        screens = QGuiApplication.screens()
        screen = screens[index] if 0 <= index < len(screens) else QGuiApplication.primaryScreen()
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        if fullscreen:
            self.showFullScreen()
        else:
            self.show()
