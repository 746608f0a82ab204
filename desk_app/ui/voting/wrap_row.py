"""A row of buttons that wraps onto more rows when the window is too narrow for it.

The Stemmingen tab's lifecycle buttons need about 1,170 px in one row: on a 1366 px laptop they
fit, on a 1024 px projector laptop they would be cut off or force a horizontal scroll bar. Qt has
no flow layout of its own (only an example), so this is a small one with two choices that suit
big keyboard buttons better than the example's greedy packing:

* **Balanced rows.** The widgets go into as few rows as fit the width, with the same number in
  each row (the first rows take one more when they do not divide evenly): six buttons become
  3 + 3, not 5 + 1, so no button is left alone on a row of its own.
* **Each row filled.** Every row spans the whole width; the room left over is shared equally
  among the row's widgets.

Hidden widgets take no place. The layout reports its height for a given width
(``heightForWidth``), so the layouts around it make room for the second row.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

__all__ = ["WrapRow", "balanced_rows"]


def balanced_rows(widths: list[int], available: int, spacing: int) -> list[list[int]]:
    """Indexes of ``widths`` split into the fewest balanced rows whose widths fit ``available``.

    Rows keep the given order; a widget wider than ``available`` gets a row of its own (the
    caller shrinks it to its minimum). An empty list gives no rows."""
    n = len(widths)
    for count in range(1, n + 1):
        rows = _split(n, count)
        if all(sum(widths[i] for i in row) + spacing * (len(row) - 1) <= available for row in rows):
            return rows
    return [[i] for i in range(n)]


def _split(n: int, count: int) -> list[list[int]]:
    base, extra = divmod(n, count)
    rows, start = [], 0
    for r in range(count):
        size = base + (1 if r < extra else 0)
        rows.append(list(range(start, start + size)))
        start += size
    return [row for row in rows if row]


class WrapRow(QLayout):
    """Widgets side by side, wrapped into balanced rows when they do not fit (see the module)."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout's bookkeeping ------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt API name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt API name
        return Qt.Orientation.Horizontal

    # -- sizes ----------------------------------------------------------------------------------------
    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self) -> int:
        return max(0, self.spacing())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API name
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        """Everything in one row."""
        items = self._visible()
        m = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in items) + self._gap() * max(0, len(items) - 1)
        height = max((i.sizeHint().height() for i in items), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API name
        """As narrow as the widest widget's minimum: the rest wraps."""
        items = self._visible()
        m = self.contentsMargins()
        width = max((i.minimumSize().width() for i in items), default=0)
        height = max((i.minimumSize().height() for i in items), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API name
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    # -- placing --------------------------------------------------------------------------------------
    def rows(self, width: int) -> list[list[QLayoutItem]]:
        """The visible items per row at ``width`` (tests and the module's own placing)."""
        items = self._visible()
        m = self.contentsMargins()
        widths = [max(i.sizeHint().width(), i.minimumSize().width()) for i in items]
        available = width - m.left() - m.right()
        return [[items[i] for i in row] for row in balanced_rows(widths, available, self._gap())]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Place the items in ``rect`` (when ``apply``); the height they take either way."""
        m: QMargins = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        y = inner.y()
        rows = self.rows(rect.width())
        for n, row in enumerate(rows):
            height = max(i.sizeHint().height() for i in row)
            if apply:
                hints = [max(i.sizeHint().width(), i.minimumSize().width()) for i in row]
                spare = inner.width() - gap * (len(row) - 1) - sum(hints)
                x = inner.x()
                for k, (item, hint) in enumerate(zip(row, hints, strict=True)):
                    # The last one takes what rounding left, so the row ends exactly at the edge.
                    if k == len(row) - 1:
                        width = inner.x() + inner.width() - x
                    else:
                        width = hint + spare // len(row)
                    width = max(width, item.minimumSize().width())
                    item.setGeometry(QRect(x, y, width, height))
                    x += width + gap
            y += height + (gap if n < len(rows) - 1 else 0)
        return y - inner.y() + m.top() + m.bottom()
