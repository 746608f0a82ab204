"""A word-wrapped label that never takes more than a set number of lines.

The Stemmingen tab shows the vote's title big at the top. Agenda titles run to 150 characters
("Motie Krimpenerwaard, Molenlanden, Gorinchem en Gouda 'Zorg voor goede basis …'"): on a
1024 px screen that took four lines, and the recording panel below lost the room it needs. The
full title stays in the agenda list beside it, in the tooltip and for a screen reader; the label
shows the first lines and ends the last one with "…".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QTextLayout
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["ClampedLabel", "clamp_lines"]


def clamp_lines(label: QLabel, text: str, width: int, lines: int) -> str:
    """``text`` broken as ``label``'s font breaks it at ``width``, at most ``lines`` lines, the last elided."""
    if width <= 0 or not text:
        return text
    layout = QTextLayout(text, label.font())
    layout.beginLayout()
    spans: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    if len(spans) <= lines:
        return text
    head = [text[start : start + length].strip() for start, length in spans[: lines - 1]]
    rest = text[spans[lines - 1][0] :].strip()
    # A few pixels to spare: QLabel's own wrapping must not break the elided line once more.
    tail = label.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, max(1, width - 4))
    return "\n".join([*head, tail])


class ClampedLabel(QLabel):
    """Plain text on at most ``lines`` lines (see the module); :meth:`full_text` is the whole text."""

    def __init__(self, lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API name
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._refit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        self._refit()

    def _refit(self) -> None:
        self.ensurePolished()  # the style sheet's font, before it is measured
        shown = clamp_lines(self, self._full, self.contentsRect().width(), self._lines)
        if shown != self.text():
            super().setText(shown)
