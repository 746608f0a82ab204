"""The agenda editor's list of items: number, soort and title in columns, the title read whole.

A title runs long ("Motie Krimpenerwaard, Molenlanden, Gorinchem en Gouda 'Zorg voor …'"): the
title column takes the width the number and the soort leave and wraps onto more lines, the row
growing with it, so the list never scrolls sideways; the whole title is in the row's tooltip too.
The list is never narrower than its number, its soort and its titles' longest word (a splitter
dragged stops there), so a title is always read whole.
An amendment or motion is indented under the item it belongs to.

The list is a table, but the editor works it as a list of rows: :meth:`ItemList.setCurrentRow`
and the ``currentRowChanged`` signal say which row is current, as a ``QListWidget`` would.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableWidget, QTableWidgetItem, QWidget

__all__ = ["ItemList", "Row"]

#: One row: the item's number, its soort, its title, and whether it belongs to another item.
Row = tuple[str, str, str, bool]

NUMBER, SOORT, TITLE = range(3)
_INDENT = "    "  # an amendment or motion under its item
_WORDS = re.compile(r"(?<=[\s-])")  # where a title may wrap: after a space or a hyphen


class ItemList(QTableWidget):
    """The rows of the agenda, one per item; see the module docstring."""

    currentRowChanged = Signal(int)  # noqa: N815 - named as QListWidget's

    def __init__(self, headers: tuple[str, str, str], parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the list for the form, as in a list
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SOORT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.currentCellChanged.connect(self._on_current_cell_changed)

    def _on_current_cell_changed(self, row: int, _column: int, previous: int, _previous_column: int) -> None:
        if row != previous:
            self.currentRowChanged.emit(row)

    def setCurrentRow(self, row: int) -> None:  # noqa: N802 - named as QListWidget's
        """Make ``row`` current and selected (-1: none)."""
        if 0 <= row < self.rowCount():
            self.setCurrentCell(row, NUMBER)
        else:
            self.setCurrentCell(-1, -1)

    def set_rows(self, rows: list[Row]) -> None:
        self.setRowCount(0)
        self.setRowCount(len(rows))
        for n, row in enumerate(rows):
            self.set_row(n, row)

    def insert_row(self, at: int, row: Row) -> None:
        self.insertRow(at)
        self.set_row(at, row)

    def removeRow(self, row: int) -> None:  # noqa: N802 - Qt's name
        super().removeRow(row)
        self._keep_words_whole()

    def _keep_words_whole(self) -> None:
        """At least as wide as the number, the soort and the longest word of a title."""
        metrics = QFontMetrics(self.font())
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1)
        titles = (self.item(n, TITLE) for n in range(self.rowCount()))
        words = {word for item in titles if item is not None for word in _WORDS.split(item.text())}
        longest = max((metrics.horizontalAdvance(w) for w in words), default=0) + margin
        header = self.horizontalHeader()
        others = sum(max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in (NUMBER, SOORT))
        title = max(longest, header.sectionSizeHint(TITLE))
        scroll = self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(others + title + scroll + 2 * self.frameWidth())

    def set_row(self, n: int, row: Row) -> None:
        number, soort, title, under = row
        for column, text in ((NUMBER, (_INDENT if under else "") + number), (SOORT, soort), (TITLE, title)):
            item = self.item(n, column)
            if item is None:
                item = QTableWidgetItem()
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.setItem(n, column, item)
            item.setText(text)
            # The whole title where the mouse is, whichever cell of the row.
            item.setToolTip(f"{number} · {soort} · {title}")
        self._keep_words_whole()

    def row_texts(self, n: int) -> tuple[str, str, str]:
        """What row ``n`` shows: number (without its indent), soort, title."""
        cells = [self.item(n, c) for c in (NUMBER, SOORT, TITLE)]
        number, soort, title = (cell.text() if cell is not None else "" for cell in cells)
        return number.strip(), soort, title
