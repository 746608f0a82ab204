"""The desk's dialogs: manual look-up (with a reason), supervisor PIN + reason, printer choice.

Each dialog works with the keyboard alone (Enter confirms, Esc cancels, arrows move through the
results) and is opened with ``open()`` (window-modal, not blocking), so the desk keeps painting
and tests can fill it in. The coördinator's dialog runs the action itself and stays open on a
wrong PIN, with the service's reason, so nothing happens without a correct PIN and a reason.
Refusals are shown in the desk's language (its :class:`~desk_app.domain.text.Translator`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.text import DeskError, Translator
from desk_app.printing.stempas import PASS_SIZES, PDF_TARGET
from desk_app.services.desk import Match
from desk_app.ui import words
from desk_app.ui.style import readable

_TOKEN_DIGITS = re.compile(r"[0-9]{18,22}")


def _buttons(dialog: QDialog, ok_text: str, cancel_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    box.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #B3201A; font-weight: bold;")
    label.hide()
    return label


class LookupDialog(QDialog):
    """Find a municipality by name or code and give the reason it was not scanned.

    Typing the digits printed under a card's barcode is as good as a scan: that needs no reason.
    """

    # Marked for lupdate here, translated where they are shown (self.tr(r) below).
    REASONS = (
        QT_TRANSLATE_NOOP("LookupDialog", "kaart scant niet"),
        QT_TRANSLATE_NOOP("LookupDialog", "kaart vergeten"),
        QT_TRANSLATE_NOOP("LookupDialog", "telefoon leeg of kapot"),
        QT_TRANSLATE_NOOP("LookupDialog", "kaart beschadigd"),
    )

    def __init__(self, search: Callable[[str], list[Match]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self.setWindowTitle(self.tr("Opzoeken op naam of code"))
        readable(self)  # the desk's type size: read from where the clerk stands
        self.setMinimumWidth(640)
        self.query = QLineEdit()
        self.query.setPlaceholderText(
            self.tr("Naam of code (Utrecht, 0344, GM0344) of de cijfers onder de streepjescode")
        )
        self.results = QListWidget()
        self.results.setMinimumHeight(240)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(["", *(self.tr(str(r)) for r in self.REASONS)])
        reason_edit = self.reason.lineEdit()
        assert reason_edit is not None  # editable: it has one
        reason_edit.setPlaceholderText(self.tr("Waarom handmatig? (wordt vastgelegd)"))
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(self.tr("&Zoek:"), self.query)
        form.addRow(self.tr("&Gemeente:"), self.results)
        form.addRow(self.tr("&Reden:"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, self.tr("Kiezen (Enter)"), self.tr("Annuleren (Esc)")))
        self.query.textChanged.connect(self._on_query_text_changed)
        self.query.installEventFilter(self)
        #: After accept(): the typed card digits (treat as a scan), or the chosen code and reason.
        self.token: str | None = None
        self.code: str | None = None
        self.reason_text = ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        # Down from the search field goes into the results: no mouse needed.
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus()
                if self.results.currentRow() < 0:
                    self.results.setCurrentRow(0)
                return True
        return super().eventFilter(watched, event)

    def _on_query_text_changed(self, text: str) -> None:
        self.results.clear()
        self.error.hide()
        if len(text.strip()) < 2 or _TOKEN_DIGITS.fullmatch(text.replace(" ", "")):
            return
        for match in self._search(text):
            item = QListWidgetItem(
                self.tr("{name} ({code}) — {votes}").format(
                    name=match.name, code=match.code, votes=words.votes(match.votes)
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, match.code)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def accept(self) -> None:
        digits = self.query.text().replace(" ", "")
        if _TOKEN_DIGITS.fullmatch(digits):
            self.token = digits
            super().accept()
            return
        item = self.results.currentItem()
        if item is None:
            self._fail(self.tr("Kies eerst een gemeente uit de lijst."))
            return
        reason = self.reason.currentText().strip()
        if not reason:
            self._fail(self.tr("Geef een reden op; die wordt bij de registratie vastgelegd."))
            self.reason.setFocus()
            return
        self.code = str(item.data(Qt.ItemDataRole.UserRole))
        self.reason_text = reason
        super().accept()

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class SupervisorDialog(QDialog):
    """The coördinator's PIN and a reason; runs ``attempt(pin, reason)`` and closes only when it succeeded.

    ``explanation`` and ``warning`` are plain text (names typed at the desk among them): escaped,
    never read as markup. ``warning`` is shown in bold under the explanation.
    """

    def __init__(
        self,
        title: str,
        explanation: str,
        attempt: Callable[[str, str], object],
        parent: QWidget | None = None,
        *,
        texts: Translator | None = None,
        warning: str = "",
    ) -> None:
        super().__init__(parent)
        self._attempt = attempt
        self._texts = texts or Translator()
        self.setWindowTitle(title)
        readable(self)
        self.setMinimumWidth(560)
        note = f"<br><b>{html.escape(warning)}</b>" if warning else ""
        heading = QLabel(f"<b>{html.escape(title)}</b><br>{html.escape(explanation)}{note}")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        #: The heading as shown (tests read it).
        self.heading = heading
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(r"[0-9]{0,12}", self.pin))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Waarom? (wordt vastgelegd in het logboek)"))
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(self.tr("&Pincode coördinator:"), self.pin)
        form.addRow(self.tr("&Reden:"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, self.tr("Bevestigen (Enter)"), self.tr("Annuleren (Esc)")))
        self.result_value: object = None

    def accept(self) -> None:
        try:
            self.result_value = self._attempt(self.pin.text(), self.reason.text())
        except DeskError as err:
            self.error.setText(self._texts.error(err))
            self.error.show()
            self.pin.clear()
            (self.pin if err.code.startswith("supervisor") else self.reason).setFocus()
            return
        super().accept()


class PrinterDialog(QDialog):
    """Where passes go (a printer or PDF files) and their size (A6 card or 62 mm label)."""

    def __init__(
        self,
        printer_name: str,
        size: str,
        folder: Path | None,
        printers: Sequence[str],
        parent: QWidget | None = None,
        *,
        lang: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Printer voor stempassen"))
        readable(self)
        self.setMinimumWidth(600)
        self.target = QComboBox()
        self.target.addItem(self.tr("PDF-bestanden in een map"), PDF_TARGET)
        self.target.addItem(self.tr("Standaardprinter van deze computer"), "")
        for name in printers:
            self.target.addItem(name, name)
        if printer_name and self.target.findData(printer_name) < 0:
            self.target.addItem(self.tr("{name} (niet gevonden)").format(name=printer_name), printer_name)
        self.target.setCurrentIndex(self.target.findData(printer_name))
        self.pass_size = QComboBox()
        for key, pass_size in PASS_SIZES.items():
            self.pass_size.addItem(pass_size.label.render(lang), key)
        self.pass_size.setCurrentIndex(max(0, self.pass_size.findData(size)))
        self.folder = QLineEdit(str(folder) if folder else "")
        browse = QPushButton(self.tr("Bladeren…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("&Afdrukken op:"), self.target)
        form.addRow(self.tr("&Formaat:"), self.pass_size)
        form.addRow(self.tr("PDF-&map:"), row)
        folder_label = form.labelForField(row)
        if isinstance(folder_label, QLabel):
            folder_label.setBuddy(self.folder)  # Alt+M and screen readers reach the field in the row
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, self.tr("Opslaan (Enter)"), self.tr("Annuleren (Esc)")))

    def _on_browse_clicked(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Map voor stempassen"), self.folder.text())
        if name:
            self.folder.setText(name)

    def values(self) -> tuple[str, str, Path | None]:
        folder = self.folder.text().strip()
        return str(self.target.currentData()), str(self.pass_size.currentData()), Path(folder) if folder else None
