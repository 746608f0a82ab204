"""The per-municipality list of the sending window: where each stemkaart stands.

A table model over :class:`desk_app.services.cards.CardStatus` rows. Refreshing with rows for the
same municipalities changes only the cells that changed (the selection, and with it the preview,
stays where it is while a batch runs).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desk_app.services.cards import CardStatus, MailState

Index = QModelIndex | QPersistentModelIndex

_BACKGROUND = {
    MailState.SENT: QColor("#E3F4E6"),
    MailState.FAILED: QColor("#FBE3E1"),
    MailState.UNCERTAIN: QColor("#FFF1D6"),
    MailState.NO_ADDRESS: QColor("#ECECEC"),
}


class CardStatusModel(QAbstractTableModel):
    """Columns: code, municipality, address, card version, state, reason."""

    CODE, NAME, EMAIL, VERSION, STATE, DETAIL = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CardStatus] = []
        self.problems: dict[str, str] = {}  # a card that was not made (read-back failed), by code

    # -- filling ----------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[CardStatus]) -> None:
        rows = list(rows)
        if [r.code for r in rows] != [r.code for r in self.rows]:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
            return
        for n, (old, new) in enumerate(zip(self.rows, rows, strict=True)):
            if old != new:
                self.rows[n] = new
                self.dataChanged.emit(self.index(n, 0), self.index(n, self.columnCount() - 1))

    def set_problems(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        if self.rows:
            self.dataChanged.emit(self.index(0, self.DETAIL), self.index(len(self.rows) - 1, self.DETAIL))

    def code_at(self, row: int) -> str | None:
        return self.rows[row].code if 0 <= row < len(self.rows) else None

    def row_of(self, code: str) -> int:
        return next((n for n, r in enumerate(self.rows) if r.code == code), -1)

    def counts(self) -> Counter[MailState]:
        return Counter(r.state for r in self.rows)

    # -- what is shown ----------------------------------------------------------------------------
    def state_text(self, state: MailState) -> str:
        return {
            MailState.SENT: self.tr("Verstuurd"),
            MailState.FAILED: self.tr("Mislukt"),
            MailState.UNCERTAIN: self.tr("Onzeker"),
            MailState.NOT_YET: self.tr("Nog niet"),
            MailState.NO_ADDRESS: self.tr("Geen adres"),
        }[state]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else 6

    def headerData(  # noqa: N802 - Qt API name
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Code"),
            self.tr("Gemeente"),
            self.tr("E-mailadres"),
            self.tr("Versie"),
            self.tr("Status"),
            self.tr("Reden"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.CODE:
                return row.code
            if column == self.NAME:
                return row.municipality
            if column == self.EMAIL:
                return row.email or "—"
            if column == self.VERSION:
                return str(row.version)
            if column == self.STATE:
                return self.state_text(row.state)
            return self._detail(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole text of a cell that may be cut off or wrapped: its own text, not another column's.
            whole = {self.NAME: row.municipality, self.EMAIL: row.email, self.DETAIL: self._detail(row)}
            return whole.get(column) or None
        if role == Qt.ItemDataRole.BackgroundRole and row.state in _BACKGROUND:
            return QBrush(_BACKGROUND[row.state])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.VERSION:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _detail(self, row: CardStatus) -> str:
        problem = self.problems.get(row.code)
        if problem and row.state is not MailState.SENT:
            return problem
        if row.state is MailState.NO_ADDRESS and not row.detail:
            return self.tr("Geen e-mailadres bij de vertegenwoordigers")
        if row.state is MailState.UNCERTAIN:
            return (
                self.tr("Verbinding verbroken na het versturen: vraag na of de kaart aankwam. {error}")
                .format(error=row.detail or "")
                .strip()
            )
        return row.detail or ""
