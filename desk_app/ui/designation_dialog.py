"""Edit one municipality's designated representative (in the desk's type size)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from desk_app.domain.mandate import ROLES, role_label
from desk_app.services.meeting import MemberRow
from desk_app.ui.style import readable


class DesignationDialog(QDialog):
    def __init__(self, row: MemberRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vertegenwoordiger: {name}").format(name=row.name))
        readable(self)
        self.setMinimumWidth(620)
        self.name = QLineEdit(row.rep_name or "")
        self.role = QComboBox()
        self.role.addItem(self.tr("(nog niet bekend)"), None)
        for r in ROLES:
            self.role.addItem(role_label(r), r)
        self.role.setCurrentIndex(max(0, self.role.findData(row.rep_role)))
        self.email = QLineEdit(row.email or "")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        votes = self.tr("1 stem") if row.votes == 1 else self.tr("{n} stemmen").format(n=row.votes)
        form.addRow(self.tr("Gemeente"), QLabel(f"{row.name} ({row.code}) · {votes}"))
        form.addRow(self.tr("Naam vertegenwoordiger"), self.name)
        form.addRow(self.tr("Functie"), self.role)
        form.addRow(self.tr("E-mail gemeentesecretaris"), self.email)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str | None]:
        return {
            "name": self.name.text().strip() or None,
            "role": self.role.currentData(),
            "email": self.email.text().strip() or None,
        }

    def show_error(self, text: str) -> None:
        self.error.setText(text)
