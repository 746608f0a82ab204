"""One dialog for this laptop's preferences: camera, decoder, printer and pass size, desk name,
supervisor PIN, language, backup folder and interval, SMTP.

The dialog edits a :class:`~desk_app.settings.Preferences` value and hands back a new one; the
app saves it. The supervisor PIN belongs to the meeting (it is checked at every desk), so it is
returned apart and set through the desk service. The SMTP password is not kept here.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app import settings
from desk_app.settings import Preferences

# How the declared values read in the dialog, marked for lupdate and translated when shown. Which
# values exist, and in which order, comes from desk_app.settings alone: a value without a label
# here is shown as it is written.
_LABELS: dict[str, dict[str, object]] = {  # object: QT_TRANSLATE_NOOP's stub type
    "language": {"nl": "Nederlands", "en": "English"},  # each language in its own words: not translated
    "decoder": {
        "auto": QT_TRANSLATE_NOOP("SettingsDialog", "automatisch (zxing, dan zbar)"),
        "zxing": "zxing-cpp",
        "pyzbar": "zbar",
    },
    "pass_size": {
        "a6": QT_TRANSLATE_NOOP("SettingsDialog", "A6-kaart (105 × 148 mm)"),
        "label62": QT_TRANSLATE_NOOP("SettingsDialog", "Label 62 mm breed"),
    },
    "smtp_security": {
        "starttls": "STARTTLS",
        "ssl": "SSL/TLS",
        "none": QT_TRANSLATE_NOOP("SettingsDialog", "geen (alleen testserver)"),
    },
}


class SettingsDialog(QDialog):
    def __init__(
        self, prefs: Preferences, printers: list[str], screens: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Instellingen"))
        self._prefs = prefs

        self.desk_name = QLineEdit(prefs.desk_name)
        self.language = self._choices("language")

        self.camera = self._spin("camera_index")
        self.camera.setSpecialValueText(self.tr("geen camera"))
        self.camera_source = QLineEdit(prefs.camera_source)
        self.camera_source.setPlaceholderText(self.tr("leeg = camera; of een videobestand / map met foto's"))
        self.decoder = self._choices("decoder")

        self.printer = QComboBox()
        self.printer.addItem(self.tr("standaardprinter"), "")
        self.printer.addItem(self.tr("PDF-bestanden (geen printer)"), "pdf")
        for name in printers:
            self.printer.addItem(name, name)
        self.printer.setCurrentIndex(max(0, self.printer.findData(prefs.printer_name)))
        self.pass_size = self._choices("pass_size")
        self.pass_folder = self._folder_row(prefs.pass_pdf_folder)

        self.tally_screen = QComboBox()
        for i, name in enumerate(screens):
            self.tally_screen.addItem(f"{i}: {name}", i)
        self.tally_screen.setCurrentIndex(max(0, self.tally_screen.findData(prefs.tally_screen)))

        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("leeg laten = niet wijzigen"))

        self.backup_folder = self._folder_row(prefs.backup_folder)
        self.backup_interval = self._spin("backup_interval_min")
        self.backup_interval.setSuffix(self.tr(" min"))
        self.backup_keep = self._spin("backup_keep")

        self.smtp_host = QLineEdit(prefs.smtp_host)
        self.smtp_port = self._spin("smtp_port")
        self.smtp_security = self._choices("smtp_security")
        self.smtp_user = QLineEdit(prefs.smtp_user)
        self.smtp_from = QLineEdit(prefs.smtp_from)

        desk = QGroupBox(self.tr("Balie"))
        f = QFormLayout(desk)
        f.addRow(self.tr("Naam van deze balie"), self.desk_name)
        f.addRow(self.tr("Taal"), self.language)
        f.addRow(self.tr("Camera"), self.camera)
        f.addRow(self.tr("Videobron in plaats van camera"), self.camera_source)
        f.addRow(self.tr("Streepjescodelezer"), self.decoder)
        f.addRow(self.tr("Printer voor stempassen"), self.printer)
        f.addRow(self.tr("Formaat stempas"), self.pass_size)
        f.addRow(self.tr("Map voor PDF-stempassen"), self.pass_folder)
        f.addRow(self.tr("Scherm voor de uitslag"), self.tally_screen)
        f.addRow(self.tr("Nieuwe coördinator-pincode"), self.pin)
        backup = QGroupBox(self.tr("Reservekopieën"))
        f = QFormLayout(backup)
        f.addRow(self.tr("Map (bv. USB-stick)"), self.backup_folder)
        f.addRow(self.tr("Elke"), self.backup_interval)
        f.addRow(self.tr("Bewaar de laatste"), self.backup_keep)
        mail = QGroupBox(self.tr("E-mail (stemkaarten versturen)"))
        f = QFormLayout(mail)
        f.addRow(self.tr("SMTP-server"), self.smtp_host)
        f.addRow(self.tr("Poort"), self.smtp_port)
        f.addRow(self.tr("Beveiliging"), self.smtp_security)
        f.addRow(self.tr("Gebruikersnaam"), self.smtp_user)
        f.addRow(self.tr("Afzender"), self.smtp_from)
        f.addRow(QLabel(self.tr("Het wachtwoord wordt bij het versturen gevraagd en niet als tekst bewaard.")))

        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        columns.addWidget(desk)
        right = QVBoxLayout()
        right.addWidget(backup)
        right.addWidget(mail)
        columns.addLayout(right)
        layout.addLayout(columns)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _choices(self, name: str) -> QComboBox:
        """A combo box of the preference's declared values, the current one selected."""
        box = QComboBox()
        labels = _LABELS.get(name, {})
        for value in settings.choices(name):
            box.addItem(self.tr(str(labels.get(value, value))), value)
        box.setCurrentIndex(max(0, box.findData(getattr(self._prefs, name))))
        return box

    def _spin(self, name: str) -> QSpinBox:
        """A spin box over the preference's declared range, showing the current value."""
        box = QSpinBox()
        box.setRange(*settings.bounds(name))
        box.setValue(getattr(self._prefs, name))
        return box

    def _folder_row(self, value: str) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(value)
        pick = QPushButton(self.tr("Kies…"))
        pick.clicked.connect(lambda: self._pick_folder(edit))
        row.addWidget(edit, 1)
        row.addWidget(pick)
        box.edit = edit  # type: ignore[attr-defined]
        return box

    def _pick_folder(self, edit: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Kies een map"), edit.text())
        if folder:
            edit.setText(folder)

    def _on_buttons_accepted(self) -> None:
        pin = self.pin.text()
        if pin and (len(pin) < 4 or not pin.isdigit()):
            self.error.setText(self.tr("De pincode moet minstens 4 cijfers hebben."))
            return
        self.accept()

    def preferences(self) -> Preferences:
        return dataclasses.replace(
            self._prefs,
            desk_name=self.desk_name.text().strip() or self._prefs.desk_name,
            language=self.language.currentData(),
            camera_index=self.camera.value(),
            camera_source=self.camera_source.text().strip(),
            decoder=self.decoder.currentData(),
            printer_name=self.printer.currentData(),
            pass_size=self.pass_size.currentData(),
            pass_pdf_folder=self.pass_folder.edit.text().strip(),  # type: ignore[attr-defined]
            tally_screen=int(self.tally_screen.currentData() or 0),
            backup_folder=self.backup_folder.edit.text().strip(),  # type: ignore[attr-defined]
            backup_interval_min=self.backup_interval.value(),
            backup_keep=self.backup_keep.value(),
            smtp_host=self.smtp_host.text().strip(),
            smtp_port=self.smtp_port.value(),
            smtp_security=self.smtp_security.currentData(),
            smtp_user=self.smtp_user.text().strip(),
            smtp_from=self.smtp_from.text().strip(),
        ).validated()

    def new_pin(self) -> str | None:
        return self.pin.text() or None
