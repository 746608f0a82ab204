"""The register window: every municipality with its population, votes and designated representative.

Sortable by every column, searchable by name, code or province (accents and "Den Haag" for
's-Gravenhage are forgiven by :func:`desk_app.domain.search.matches`), with the totals on top.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from desk_app.domain.mandate import role_label
from desk_app.domain.register import RegisterTotals
from desk_app.domain.search import matches
from desk_app.services.meeting import MemberRow
from desk_app.ui import words

_Index = QModelIndex | QPersistentModelIndex
_ROLES = frozenset(
    r.value for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole, Qt.ItemDataRole.TextAlignmentRole)
)  # the roles RegisterModel.data answers


class RegisterModel(QAbstractTableModel):
    COLUMNS = ("code", "name", "province", "population", "votes", "rep_name", "rep_role", "email")

    def __init__(self, rows: list[MemberRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self._headers = [
            self.tr("Code"),
            self.tr("Gemeente"),
            self.tr("Provincie"),
            self.tr("Inwoners"),
            self.tr("Stemmen"),
            self.tr("Vertegenwoordiger"),
            self.tr("Functie"),
            self.tr("E-mail secretaris"),
        ]

    def row(self, number: int) -> MemberRow:
        return self._rows[number]

    def set_rows(self, rows: list[MemberRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802 - Qt API
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():  # the view asks for a dozen roles per cell
            return None
        row = self._rows[index.row()]
        key = self.COLUMNS[index.column()]
        value = getattr(row, key)
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "population":
                return f"{value:,}".replace(",", ".")
            if key == "rep_role" and value:
                return role_label(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:  # sort key: numbers as numbers
            return value if value is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("population", "votes"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def search_text(self, source_row: int) -> str:
        r = self._rows[source_row]
        return " ".join(x for x in (r.code, r.name, r.province, r.rep_name or "") if x)


class RegisterFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_query(self, query: str) -> None:
        self.beginFilterChange()
        self._query = query
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802 - Qt API
        model = self.sourceModel()
        assert isinstance(model, RegisterModel)
        return matches(self._query, model.search_text(source_row))


class RegisterView(QWidget):
    """Totals line, search field and the sortable table."""

    def __init__(self, rows: list[MemberRow], totals: RegisterTotals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.totals_label = QLabel()
        big = QFont(self.totals_label.font())
        big.setPointSize(big.pointSize() + 4)
        big.setBold(True)
        self.totals_label.setFont(big)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Zoek op gemeente, code, provincie of naam…"))
        self.search.setAccessibleName(self.tr("Zoek in het ledenregister"))
        self.search.setClearButtonEnabled(True)
        self.model = RegisterModel(rows, self)
        self.proxy = RegisterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Leden en vertegenwoordigers"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # one line per row: a narrow column elides, never wraps half a cell
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        # Widths fitted to the contents once per new set of rows, and only when the table is seen:
        # not on every sort, filter and repaint (ResizeToContents measured all 342 rows about
        # twenty times per window start), and not while the tab is hidden behind the desk.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.search.textChanged.connect(self._on_search_text_changed)
        self._widths_stale = True
        self.set_data(rows, totals)

    def set_data(self, rows: list[MemberRow], totals: RegisterTotals) -> None:
        self.model.set_rows(rows)
        self._widths_stale = True
        if self.isVisible():
            self._fit_columns()
        designated = sum(1 for r in rows if r.rep_name)
        self.totals_label.setText(
            self.tr("{members} · {votes} · {population} inwoners · {designated} aangewezen").format(
                members=words.municipalities(totals.members),
                votes=words.votes(totals.votes),
                population=words.number(totals.population),
                designated=designated,
            )
        )
        self._update_count()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API name
        super().showEvent(event)
        if self._widths_stale:
            self._fit_columns()

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        self._widths_stale = False

    def row_at(self, index: QModelIndex | QPersistentModelIndex) -> MemberRow | None:
        """The member shown at ``index`` of the table (sorted and filtered), if any."""
        source = self.proxy.mapToSource(index)
        return self.model.row(source.row()) if source.isValid() else None

    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(
            self.tr("{shown} van {total} gemeenten getoond").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )
