"""One dialog for this laptop's preferences: camera, decoder, printer and pass size, desk name,
coördinator PIN, language, backup folder and interval, SMTP.

The dialog edits a :class:`~desk_app.settings.Preferences` value and hands back a new one; the
app saves and applies it at once. The coördinator PIN belongs to the meeting (it is checked at
every desk), so it is returned apart and set through the desk service. The SMTP password is not
kept here.

Cameras are listed by the names the computer gives them, and the chosen one is shown live (the
app hands in a ``preview`` that makes a camera worker for the preferences as they stand in the
dialog; the desk's own worker is stopped meanwhile, as a camera serves one program at a time).

Once the meeting is open, the settings that change how this desk works on the day
(:data:`LOCKED`: desk name, barcode reading, pass size) change only with the coördinator's PIN:
the dialog asks for it on Save and keeps everything as it was on a wrong or missing PIN.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtGui import QCloseEvent, QImage, QShowEvent
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
from desk_app.domain.text import DeskError, Translator
from desk_app.scanning.worker import ScannerThread, ScanWorker
from desk_app.settings import Preferences
from desk_app.ui.desk.widgets import CameraPreview

# Preferences that change how the desk works on the day: after the opening only with the PIN.
LOCKED = ("desk_name", "decoder", "pass_size")
# The camera box's entry for the demo's video (the demo plays it as its camera).
DEMO_CAMERA = "demo"

# How the declared values read in the dialog, marked for lupdate and translated when shown. Which
# values exist, and in which order, comes from desk_app.settings alone: a value without a label
# here is shown as it is written.
_LABELS: dict[str, dict[str, object]] = {  # object: QT_TRANSLATE_NOOP's stub type
    "language": {"nl": "Nederlands", "en": "English"},  # each language in its own words: not translated
    # What the choice does, not which library does it: the clerk chooses by effect.
    "decoder": {
        "auto": QT_TRANSLATE_NOOP("SettingsDialog", "automatisch (aanbevolen)"),
        "zxing": QT_TRANSLATE_NOOP("SettingsDialog", "alleen lezer 1 (als automatisch hapert)"),
        "pyzbar": QT_TRANSLATE_NOOP("SettingsDialog", "alleen lezer 2 (als automatisch hapert)"),
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
        self,
        prefs: Preferences,
        printers: list[str],
        screens: list[str],
        parent: QWidget | None = None,
        *,
        cameras: Sequence[tuple[int, str]] = (),
        preview: Callable[[Preferences], ScanWorker | None] | None = None,
        demo: bool = False,
        locked: bool = False,
        pin_set: bool = False,
        check_pin: Callable[[str], object] | None = None,
        texts: Translator | None = None,
    ) -> None:
        """``cameras``: (index, name) of this computer's cameras. ``preview``: makes a camera worker
        for preferences (None: nothing to show). ``demo``: the demo meeting (its video can be the
        camera). ``locked``: the meeting is open, so :data:`LOCKED` settings need the PIN, which
        ``check_pin`` checks (raising :class:`DeskError`). ``pin_set``: the meeting has a coördinator
        PIN (a new one then needs the current one). ``texts``: the language of refusals."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Instellingen"))
        self._prefs = prefs
        self._preview_factory = preview
        self._preview_thread: ScannerThread | None = None
        self._locked = locked
        self._check_pin = check_pin
        self._texts = texts or Translator()
        # True once the coördinator's PIN was given for the locked settings (the menu checks it).
        self.unlocked = False

        self.desk_name = QLineEdit(prefs.desk_name)
        self.language = self._choices("language")

        self.camera = QComboBox()
        if demo:
            self.camera.addItem(self.tr("Demovideo met voorbeeldkaarten"), DEMO_CAMERA)
        self.camera.addItem(self.tr("geen camera (handscanner en opzoeken)"), -1)
        for index, name in cameras:
            self.camera.addItem(self.tr("{name} (camera {index})").format(name=name, index=index), index)
        demo_camera = demo and prefs.demo_video and not prefs.camera_source and prefs.camera_index >= 0
        current: int | str = DEMO_CAMERA if demo_camera else prefs.camera_index
        if self.camera.findData(current) < 0:  # chosen before, not there now (unplugged?)
            self.camera.addItem(self.tr("camera {index} (niet gevonden)").format(index=current), current)
        self.camera.setCurrentIndex(self.camera.findData(current))
        self.camera_source = QLineEdit(prefs.camera_source)
        self.camera_source.setPlaceholderText(self.tr("leeg = camera; of een videobestand / map met foto's"))
        self.decoder = self._choices("decoder")
        self.preview = CameraPreview()
        self.preview.setFixedSize(320, 240)
        self.preview.setAccessibleName(self.tr("Camerabeeld"))
        self.preview.set_state(self.tr("Het beeld van de gekozen camera verschijnt hier."))

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

        self.coordinator_pin = QLineEdit()
        self.coordinator_pin.setEchoMode(QLineEdit.EchoMode.Password)
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
        f.addRow(self.tr("Streepjescodes lezen"), self.decoder)
        f.addRow(self.tr("Printer voor stempassen"), self.printer)
        f.addRow(self.tr("Formaat stempas"), self.pass_size)
        self._form_row(f, self.tr("Map voor PDF-stempassen"), self.pass_folder)
        f.addRow(self.tr("Scherm voor de uitslag"), self.tally_screen)
        camera_box = QGroupBox(self.tr("Camerabeeld"))
        QVBoxLayout(camera_box).addWidget(self.preview)
        coordinator = QGroupBox(self.tr("Coördinator"))
        f = QFormLayout(coordinator)
        if locked:
            note = QLabel(
                self.tr(
                    "De vergadering is geopend: naam van de balie, streepjescodes lezen en formaat stempas "
                    "wijzigen alleen met de pincode van de coördinator."
                )
            )
            note.setWordWrap(True)
            note.setObjectName("lockedNote")
            f.addRow(note)
        if locked or pin_set:
            f.addRow(self.tr("Pincode coördinator (huidige)"), self.coordinator_pin)
        else:
            self.coordinator_pin.hide()
        f.addRow(self.tr("Nieuwe pincode coördinator"), self.pin)
        backup = QGroupBox(self.tr("Reservekopieën"))
        f = QFormLayout(backup)
        self._form_row(f, self.tr("Map (bv. USB-stick)"), self.backup_folder)
        f.addRow(self.tr("Elke"), self.backup_interval)
        f.addRow(self.tr("Bewaar de laatste"), self.backup_keep)
        mail = QGroupBox(self.tr("E-mail (stemkaarten versturen)"))
        f = QFormLayout(mail)
        f.addRow(self.tr("SMTP-server"), self.smtp_host)
        f.addRow(self.tr("Poort"), self.smtp_port)
        f.addRow(self.tr("Beveiliging"), self.smtp_security)
        f.addRow(self.tr("Gebruikersnaam"), self.smtp_user)
        f.addRow(self.tr("Afzender"), self.smtp_from)
        password = QLabel(self.tr("Het wachtwoord wordt bij het versturen gevraagd en niet als tekst bewaard."))
        password.setWordWrap(True)
        f.addRow(password)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(desk)
        left.addWidget(camera_box)
        left.addStretch(1)
        columns.addLayout(left)
        right = QVBoxLayout()
        right.addWidget(coordinator)
        right.addWidget(backup)
        right.addWidget(mail)
        right.addStretch(1)
        columns.addLayout(right)
        layout.addLayout(columns)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.camera.currentIndexChanged.connect(self._on_camera_choice_changed)
        self.decoder.currentIndexChanged.connect(self._on_camera_choice_changed)
        self.camera_source.editingFinished.connect(self._on_camera_choice_changed)

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

    @staticmethod
    def _form_row(form: QFormLayout, label: str, row: QWidget) -> None:
        """A row whose field is a folder box: the label names the line edit in it (screen readers)."""
        form.addRow(label, row)
        text = form.labelForField(row)
        if isinstance(text, QLabel):
            text.setBuddy(row.edit)  # type: ignore[attr-defined]

    def _pick_folder(self, edit: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Kies een map"), edit.text())
        if folder:
            edit.setText(folder)

    # -- the live camera picture ------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API name
        super().showEvent(event)
        if self._preview_thread is None:
            self.start_preview()

    def start_preview(self) -> None:
        """Show the camera chosen now (again after every change of camera, video or decoder)."""
        self.stop_preview()
        if self._preview_factory is None:
            return
        worker = self._preview_factory(self.preferences())
        if worker is None:
            self.preview.set_state(self.tr("Geen camera gekozen: de balie werkt met de handscanner en F2."))
            return
        self.preview.set_state(self.tr("Camera wordt gestart…"))
        worker.frame_ready.connect(self._on_preview_frame_ready)
        worker.detection.connect(self.preview.set_regions)
        worker.source_failed.connect(self._on_preview_source_failed)
        self._preview_thread = ScannerThread(worker)
        self._preview_thread.start()

    def stop_preview(self) -> None:
        if self._preview_thread is not None:
            self._preview_thread.stop()
            self._preview_thread = None

    @property
    def previewing(self) -> bool:
        return self._preview_thread is not None and self._preview_thread.is_running()

    @Slot(QImage)
    def _on_preview_frame_ready(self, image: QImage) -> None:
        self.preview.set_frame(image)

    @Slot(str)
    def _on_preview_source_failed(self, message: str) -> None:
        self.preview.set_state(message, failed=True)

    def _on_camera_choice_changed(self, *_args: object) -> None:
        if self.isVisible():
            self.start_preview()

    def done(self, result: int) -> None:
        self.stop_preview()  # the desk takes the camera back
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API name
        self.stop_preview()
        super().closeEvent(event)

    # -- saving -----------------------------------------------------------------------------------
    def locked_changes(self) -> list[str]:
        """The names of the :data:`LOCKED` preferences this dialog would change (only once locked)."""
        if not self._locked:
            return []
        new = self.preferences()
        return [name for name in LOCKED if getattr(new, name) != getattr(self._prefs, name)]

    def _fail(self, text: str, focus: QWidget) -> None:
        self.error.setText(text)
        focus.setFocus()

    def _on_buttons_accepted(self) -> None:
        pin = self.pin.text()
        if pin and (len(pin) < 4 or not pin.isdigit()):
            self._fail(self.tr("De pincode moet minstens 4 cijfers hebben."), self.pin)
            return
        if self.locked_changes():
            current = self.coordinator_pin.text()
            if not current:
                self._fail(
                    self.tr("De vergadering is geopend: voor deze wijziging is de pincode van de coördinator nodig."),
                    self.coordinator_pin,
                )
                return
            if self._check_pin is None:  # nobody to ask: refuse rather than let it through
                self._fail(self.tr("De pincode kan hier niet worden gecontroleerd."), self.coordinator_pin)
                return
            try:
                self._check_pin(current)
            except DeskError as err:
                self.coordinator_pin.clear()
                self._fail(self._texts.error(err), self.coordinator_pin)
                return
            self.unlocked = True
        self.accept()

    def preferences(self) -> Preferences:
        camera = self.camera.currentData()
        demo_video = camera == DEMO_CAMERA if self.camera.findData(DEMO_CAMERA) >= 0 else self._prefs.demo_video
        return dataclasses.replace(
            self._prefs,
            desk_name=self.desk_name.text().strip() or self._prefs.desk_name,
            language=self.language.currentData(),
            camera_index=max(0, self._prefs.camera_index) if camera == DEMO_CAMERA else int(camera),
            demo_video=demo_video,
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

    def current_pin(self) -> str | None:
        """The coördinator's current PIN as typed (a new PIN needs it once the meeting has one)."""
        return self.coordinator_pin.text() or None
