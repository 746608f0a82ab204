"""Results from an external voting system (F4): a CSV file into the open vote, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from desk_app.domain.register import ImportRefused
from desk_app.domain.text import DeskError, Translator
from desk_app.domain.vote import Vote
from desk_app.services.chair import VotingBoard
from desk_app.services.voting import VotingService
from desk_app.ui import words
from desk_app.ui.desk.screen import Cue
from desk_app.ui.desk.sounds import SoundPlayer

__all__ = ["FileChooser", "QtFileChooser", "ImportPanel"]


class FileChooser(Protocol):
    """Asks for a file; injectable so tests need no native dialog."""

    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None: ...

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None: ...


class QtFileChooser:
    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)
        return Path(name) if name else None

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested), filters)
        return Path(name) if name else None


class ImportPanel(QWidget):
    """The explanation, the button (Ctrl+I), the outcome and every problem by line."""

    def __init__(
        self,
        voting: VotingService,
        board: VotingBoard,
        texts: Translator,
        button: Callable[[str, str, Callable[[], None]], QPushButton],
        *,
        files: FileChooser,
        sounds: SoundPlayer | None,
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        """``button(text, key, slot)``: the tab's keyboard-first button (its key scoped to the tab)."""
        super().__init__(parent)
        self.voting = voting
        self.board = board
        self.texts = texts
        self.files = files
        self.sounds = sounds
        self._changed = changed
        explanation = QLabel(
            self.tr(
                "Uitslag van een extern stemsysteem: een CSV-bestand met een kolom 'stempas' of 'gemeente' "
                "(GM0363) en een kolom 'keuze' (voor, tegen, onthouding of optie-N). Alles of niets: bij één "
                "fout wordt niets vastgelegd en staan alle fouten hieronder, per regel."
            )
        )
        explanation.setWordWrap(True)
        explanation.setObjectName("hint")
        self.button = button(self.tr("Uitslagbestand kiezen… (Ctrl+I)"), "Ctrl+I", self._on_button_clicked)
        self.result = QLabel()
        self.result.setObjectName("message")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setAccessibleName(self.tr("Fouten in het uitslagbestand"))
        self.problems.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(explanation)
        layout.addWidget(self.button)
        layout.addWidget(self.result)
        layout.addWidget(self.problems, 1)

    def import_path(self, path: Path) -> Vote | None:
        """Record a results file in the open vote, all-or-nothing; problems listed by line."""
        self.problems.clear()
        try:
            data = path.read_bytes()
        except OSError as err:
            self._show(
                self.tr("Het bestand {path} kan niet worden gelezen: {reason}").format(
                    path=path, reason=err.strerror or err
                ),
                error=True,
            )
            return None
        before = self.board.current
        try:
            vote = self.voting.import_results(data, path.name)
        except ImportRefused as err:
            self._refused()
            self._show(self.texts.error(err).splitlines()[0], error=True)
            self.problems.addItems([p.message(self.texts.lang) for p in err.problems])
            return None
        except DeskError as err:
            self._refused()
            self._show(self.texts.error(err), error=True)
            return None
        added = len(vote.records) - (len(before.records) if before is not None and before.id == vote.id else 0)
        self._changed()
        self._show(
            self.tr("{name} ingelezen: {n} vastgelegd in stemming {number}.").format(
                name=path.name, n=words.choices(added), number=self.board.number(vote.id)
            )
        )
        return vote

    def _refused(self) -> None:
        if self.sounds is not None:
            self.sounds.play(Cue.REFUSED)

    def _show(self, text: str, *, error: bool = False) -> None:
        self.result.setStyleSheet(f"color: {'#B3201A' if error else '#1B6B2F'};")
        self.result.setText(text)

    def _on_button_clicked(self) -> None:
        path = self.files.open_file(self, self.tr("Uitslagbestand inlezen"), self.tr("CSV-bestanden (*.csv *.txt)"))
        if path is not None:
            self.import_path(path)
