"""First run: no meeting yet. Open a meeting file, create a new meeting, or try the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app import paths
from desk_app.domain.clock import amsterdam, now_iso
from desk_app.ui.style import readable


class NewMeetingDialog(QDialog):
    """Name, date, place, desks, register file and where to save the meeting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nieuwe vergadering"))
        readable(self)
        self.setMinimumWidth(720)
        self.name = QLineEdit(self.tr("Algemene Ledenvergadering VNG"))
        today = amsterdam(now_iso()).date()  # the meeting's clock, not the laptop's time zone
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.place = QLineEdit()
        self.desks = QLineEdit("balie-1, balie-2")
        self.register = QLineEdit(str(paths.default_register()))
        browse = QPushButton(self.tr("Kies…"))
        browse.clicked.connect(self._on_browse_clicked)
        reg_row = QHBoxLayout()
        reg_row.addWidget(self.register, 1)
        reg_row.addWidget(browse)
        self.file = QLineEdit(str(paths.user_data_dir() / "meetings" / f"alv-{today.isoformat()}.sqlite"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        form = QFormLayout(self)
        form.addRow(self.tr("Naam"), self.name)
        form.addRow(self.tr("Datum"), self.date)
        form.addRow(self.tr("Plaats"), self.place)
        form.addRow(self.tr("Balies (komma-gescheiden)"), self.desks)
        form.addRow(self.tr("Ledenregister (CSV, CBS-indeling)"), reg_row)
        register_label = form.labelForField(reg_row)
        if isinstance(register_label, QLabel):
            register_label.setBuddy(self.register)  # a screen reader names the field in the row
        form.addRow(self.tr("Vergaderbestand"), self.file)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Aanmaken"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Ledenregister"), str(Path.home()), "CSV (*.csv)")
        if name:
            self.register.setText(name)

    def values(self) -> dict[str, object]:
        return {
            "name": self.name.text().strip(),
            "date": self.date.date().toString("yyyy-MM-dd"),
            "place": self.place.text().strip(),
            "desks": [d.strip() for d in self.desks.text().split(",") if d.strip()],
            "register": Path(self.register.text().strip()),
            "file": Path(self.file.text().strip()),
        }

    def show_error(self, text: str) -> None:
        self.error.setText(text)


class FirstRunWidget(QWidget):
    """Three big choices; the composition root acts on the signals."""

    open_requested = Signal(Path)
    new_requested = Signal(dict)
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Welkom bij Stembalie"))
        f = QFont(title.font())
        f.setPointSize(f.pointSize() * 2)
        f.setBold(True)
        title.setFont(f)
        intro = QLabel(
            self.tr(
                "Er is nog geen vergadering geopend. Kies wat u wilt doen. De demo gebruikt het echte "
                "CBS-ledenregister van 2024, fictieve vertegenwoordigers en de agenda van de Extra ALV van "
                "24 mei 2024: zo loopt u de hele dag door zonder camera of printer."
            )
        )
        intro.setWordWrap(True)
        fi = QFont(intro.font())
        fi.setPointSize(fi.pointSize() + 2)
        intro.setFont(fi)
        self.open_button = QPushButton(self.tr("Vergaderbestand openen…"))
        self.new_button = QPushButton(self.tr("Nieuwe vergadering aanmaken…"))
        self.demo_button = QPushButton(self.tr("Demo proberen"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(intro)
        for b in (self.open_button, self.new_button, self.demo_button):
            b.setMinimumHeight(56)
            bf = QFont(b.font())
            bf.setPointSize(bf.pointSize() + 4)
            b.setFont(bf)
            layout.addWidget(b)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        layout.addWidget(self.error)
        layout.addStretch(2)
        self.setMaximumWidth(900)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.demo_button.clicked.connect(self.demo_requested)

    def _on_open_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Vergaderbestand openen"), str(paths.user_data_dir()), self.tr("Vergaderingen (*.sqlite)")
        )
        if name:
            self.open_requested.emit(Path(name))

    def _on_new_clicked(self) -> None:
        dialog = NewMeetingDialog(self)
        if dialog.exec():
            self.new_requested.emit(dialog.values())

    def show_error(self, text: str) -> None:
        self.error.setText(text)
