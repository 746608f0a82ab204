"""Table models for the Stemmingen tab: the agenda in voting order and the roll-call grid.

Both are thin adapters over plain rows the panels build from the voting board. They update in
place when the rows keep their keys (the same steps; the same vote), so a change that brings in
another teller's choice does not move the selection or the scroll position of the person at the
keyboard; a different set of rows, or another vote, resets the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desk_app.domain.agenda import Step
from desk_app.domain.tally import format_votes

__all__ = [
    "CHOICE_PX",
    "OrderRow",
    "AgendaOrderModel",
    "GridRow",
    "RollCallModel",
    "RollCallFilter",
    "RollCallTable",
    "AgendaTable",
    "CHOICE_KEYS",
    "is_plain_key",
]

_Index = QModelIndex | QPersistentModelIndex

#: Keys that record a choice in the grid and in teller mode (Dutch initials; 1-9 for ballot options).
CHOICE_KEYS = frozenset("vtoVTO123456789")

_VOTED_BG = QColor("#DCEFD9")
_OPEN_BG = QColor("#D6E6F7")


#: The roll-call grid's name and choice, bold (the panel sizes the choice column with it).
CHOICE_PX = 18


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class OrderRow:
    """One vote of the agenda, in voting order, with what has happened to it so far."""

    step: Step
    type_text: str
    title: str
    preadvies: str
    rule: str
    state: str  # '', 'open', 'gesloten', 'aangenomen', ...
    is_open: bool = False


class AgendaOrderModel(QAbstractTableModel):
    """The agenda's votes in voting order: nr, item, type, title, preadvies, rule, state."""

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = headers
        self.rows: list[OrderRow] = []

    def set_rows(self, rows: list[OrderRow]) -> None:
        if [r.step for r in rows] == [r.step for r in self.rows]:
            self.rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, step: Step) -> int:
        for n, row in enumerate(self.rows):
            if row.step == step:
                return n
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802 - Qt API
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(index.row() + 1), str(row.step), row.type_text, row.title, row.preadvies, row.rule, row.state)[
                index.column()
            ]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return "\n".join(t for t in (row.title, row.preadvies, row.rule) if t)
        if role == Qt.ItemDataRole.BackgroundRole and row.is_open:
            return _OPEN_BG  # the vote in progress stands out in the list
        if role == Qt.ItemDataRole.FontRole and (row.is_open or index.column() == 1):
            return _font(19, bold=True)
        return None


@dataclass(frozen=True)
class GridRow:
    """One municipality of the vote's snapshot and what it chose so far."""

    code: str
    name: str
    votes: int
    choice: str  # the label of the choice that counts now, '' when none yet
    voted: bool


class RollCallModel(QAbstractTableModel):
    """The municipalities entitled to vote in the vote: name, code, votes, current choice."""

    COLUMNS = 4

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = headers
        self.rows: list[GridRow] = []
        self.vote_id: str | None = None

    def set_rows(self, rows: list[GridRow], vote_id: str | None = None) -> bool:
        """Show ``rows`` of vote ``vote_id``; True when the model was reset (another vote, other rows).

        A herstemming often has the same municipalities as the vote before it: it is another vote
        all the same, and starts afresh.
        """
        if vote_id == self.vote_id and [r.code for r in rows] == [r.code for r in self.rows]:
            changed = [n for n, (old, new) in enumerate(zip(self.rows, rows, strict=True)) if old != new]
            self.rows = rows
            for n in changed:
                self.dataChanged.emit(self.index(n, 0), self.index(n, self.COLUMNS - 1))
            return False
        self.beginResetModel()
        self.rows = rows
        self.vote_id = vote_id
        self.endResetModel()
        return True

    def row_of(self, code: str) -> int:
        for n, row in enumerate(self.rows):
            if row.code == code:
                return n
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(  # noqa: N802 - Qt API
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.code, format_votes(row.votes), row.choice.upper())[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.voted:
            return _VOTED_BG
        if role == Qt.ItemDataRole.FontRole and column in (0, 3):
            return _font(CHOICE_PX, bold=True)
        return None


class RollCallFilter(QSortFilterProxyModel):
    """Filters the grid on name or code only: typing 'voor' must not list everyone who chose it."""

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802 - Qt API
        text = self.filterRegularExpression().pattern().strip().lower()
        if not text:
            return True
        model = self.sourceModel()
        assert isinstance(model, RollCallModel)
        row = model.rows[source_row]
        return text in row.name.lower() or text in row.code.lower()


def is_plain_key(event: QKeyEvent) -> bool:
    """No modifier but Shift (caps) or Keypad (number pad): Ctrl+O must not record 'onthouding'."""
    harmless = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
    return event.modifiers() & ~harmless == Qt.KeyboardModifier.NoModifier


class RollCallTable(QTableView):
    """The roll-call grid: arrows move, V/T/O (or 1-9) record for the current row.

    The keys are taken here, in ``keyPressEvent``, not as shortcuts: a shortcut would fire on the
    digits of a handheld scanner's burst before the keyboard wedge can claim them, and the item
    view's own keyboard search would otherwise jump to a municipality starting with that letter.
    """

    #: A choice key was pressed on a row: (source row, the key's text).
    choice_key_pressed = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(34)
        self.setTabKeyNavigation(False)

    def current_source_row(self) -> int:
        index = self.currentIndex()
        if not index.isValid():
            return -1
        model = self.model()
        if isinstance(model, QSortFilterProxyModel):
            index = model.mapToSource(index)
        return index.row()

    def select_proxy_row(self, row: int) -> None:
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        row = max(0, min(row, model.rowCount() - 1))
        self.setCurrentIndex(model.index(row, 0))
        self.selectRow(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        plain = is_plain_key(event)
        text = event.text()
        if plain and len(text) == 1 and text in CHOICE_KEYS:
            row = self.current_source_row()
            if row >= 0:
                self.choice_key_pressed.emit(row, text.lower())
            event.accept()
            return
        super().keyPressEvent(event)


class AgendaTable(QTableView):
    """The agenda list; choice keys pass through to the tab instead of searching the list.

    Columns share the width by fixed fractions and wrap, so on a 1366 px laptop the title (what
    the chair reads) keeps a third of the room instead of being squeezed to "Mo…" by the others.
    """

    #: Share of the width after nr and item key, for: type, title, preadvies, rule, state.
    FRACTIONS = (0.17, 0.32, 0.15, 0.16, 0.20)
    #: Below this many pixels for those five, preadvies and rule give their room to title and state
    #: (both stay in the tooltip of the title); on a 1366 px laptop the state reads in full.
    NARROW = 640
    NARROW_FRACTIONS = (0.20, 0.44, 0.0, 0.0, 0.36)
    #: Beside a 1024 px screen's recording panel the type gives its room too (the item key says
    #: amendment or motion: 4.A1, 4.M1), so a title wraps onto fewer lines and more items show.
    NARROWEST = 380
    NARROWEST_FRACTIONS = (0.0, 0.58, 0.0, 0.0, 0.42)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if is_plain_key(event) and len(event.text()) == 1 and event.text() in CHOICE_KEYS:
            event.ignore()  # to the parent: V/T/O mean a choice, not "jump to a title starting with V"
            return
        super().keyPressEvent(event)

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        if header.count() < 2 + len(self.FRACTIONS):
            return
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        rest = max(200, self.viewport().width() - header.sectionSize(0) - header.sectionSize(1))
        if rest < self.NARROWEST:
            fractions = self.NARROWEST_FRACTIONS
        else:
            fractions = self.NARROW_FRACTIONS if rest < self.NARROW else self.FRACTIONS
        for offset, share in enumerate(fractions):
            header.setSectionResizeMode(2 + offset, QHeaderView.ResizeMode.Fixed)
            header.setSectionHidden(2 + offset, share == 0)
            if share:
                header.resizeSection(2 + offset, int(rest * share))
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt API
        super().setModel(model)
        self.fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit_columns()
