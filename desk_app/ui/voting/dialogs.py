"""Dialogs of the Stemmingen tab: confirm (close, herstemming), acclamation, declare the result.

Each runs its action itself through an ``attempt`` callable and stays open on a refusal with the
service's reason, so the chair never wonders whether a dismissed dialog did anything. They are
opened with ``open()`` (window-modal, not blocking): the tab keeps painting and tests fill them
in. Keyboard only: Enter confirms, Esc cancels, Alt+letter picks an outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.tally import Option, Tally, choice_label
from desk_app.domain.text import DeskError
from desk_app.ui.style import readable

__all__ = ["ActionDialog", "ConfirmDialog", "AcclaimDialog", "DeclareDialog", "Declared"]

# The desk's type size (desk_app.ui.style), with the head and the outcome lines stressed.
_STYLE = (
    "QLabel#dialogHead { font-size: 22px; font-weight: bold; }"
    "QLabel#computed { font-size: 20px; font-weight: bold; color: #0B4F9C; }"
    "QLabel#error { font-weight: bold; color: #B3201A; }"
    "QLabel#differs { font-weight: bold; color: #8A5A00; }"
)


class ActionDialog(QDialog):
    """Base: a head line, a body, an error line, OK/Cancel; OK runs ``attempt`` and closes on success."""

    def __init__(self, title: str, head: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        readable(self, _STYLE)
        self.setMinimumWidth(640)
        self.result_value: object = None
        self.lang = "nl"  # the language of the service's refusals (the tab sets its own)
        self.head = QLabel(head)
        self.head.setObjectName("dialogHead")
        self.head.setWordWrap(True)
        self.body = QVBoxLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("Annuleren (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addLayout(self.body)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def problem(self) -> str | None:
        """What is missing in the form (checked before anything is attempted), or None."""
        return None

    def run(self) -> object:
        """The dialog's action; raise :class:`DeskError` to refuse and stay open."""
        raise NotImplementedError

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.show_error(problem)
            return
        try:
            self.result_value = self.run()
        except DeskError as err:
            self.show_error(err.message(self.lang))
            return
        super().accept()


class ConfirmDialog(ActionDialog):
    """'Are you sure?' for actions that cannot be undone (close a vote, hold a herstemming)."""

    def __init__(
        self,
        title: str,
        head: str,
        explanation: str,
        ok_text: str,
        attempt: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, head, ok_text, parent)
        self._attempt = attempt
        self.explanation = QLabel(explanation)
        self.explanation.setWordWrap(True)
        self.body.addWidget(self.explanation)

    def run(self) -> object:
        return self._attempt()


class AcclaimDialog(ActionDialog):
    """A decision by acclamation: the chair's words are recorded as the declaration."""

    def __init__(
        self, head: str, default_statement: str, attempt: Callable[[str], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Acclamatie"), head, self.tr("Vastleggen (Enter)"), parent)
        self._attempt = attempt
        note = QLabel(
            self.tr(
                "Er worden geen stemmen per gemeente vastgelegd; de aanwezigheid nu wordt "
                "bewaard voor de notulen. Wat zegt de voorzitter?"
            )
        )
        note.setWordWrap(True)
        self.statement = QLineEdit(default_statement)
        self.statement.setAccessibleName(self.tr("Verklaring van de voorzitter"))
        self.statement.selectAll()
        self.body.addWidget(note)
        self.body.addWidget(self.statement)

    def problem(self) -> str | None:
        if not self.statement.text().strip():
            self.statement.setFocus()
            return self.tr("Vul in wat de voorzitter zegt.")
        return None

    def run(self) -> object:
        return self._attempt(self.statement.text().strip())


@dataclass(frozen=True)
class Declared:
    """What the chair declares: adopted or not (or the chosen option), in which words."""

    adopted: bool
    winner: Option | None
    statement: str
    as_computed: bool  # exactly the computed outcome with the standard sentence


class DeclareDialog(ActionDialog):
    """The computed result, preselected; the chair may declare otherwise, with a statement.

    A declaration that differs from the computed outcome must say so in the chair's own words:
    the computed sentence is cleared then, because it would state the opposite of the decision.
    """

    def __init__(
        self,
        head: str,
        result: Tally,
        computed_text: str,
        labels: Mapping[Option, str],
        attempt: Callable[[Declared], object],
        parent: QWidget | None = None,
        *,
        lang: str = "nl",
    ) -> None:
        """``lang``: the language of the option words ('optie 2'), the services' Translator's."""
        super().__init__(self.tr("Uitslag vaststellen"), head, self.tr("Vaststellen (Enter)"), parent)
        self._attempt = attempt
        self._result = result
        self._computed_text = computed_text
        computed = QLabel(self.tr("Berekend: {text}").format(text=computed_text))
        computed.setObjectName("computed")
        computed.setWordWrap(True)
        self.body.addWidget(computed)
        self.group = QButtonGroup(self)
        self.adopted_radio = QRadioButton(self.tr("&Aangenomen"))
        self.rejected_radio = QRadioButton(self.tr("&Verworpen / niet aangenomen"))
        self.option_combo = QComboBox()
        self.option_combo.setAccessibleName(self.tr("Vastgestelde uitslag"))
        if result.is_ballot:
            for option in result.options:
                if isinstance(option, Option):
                    label = labels.get(option, "")
                    word = choice_label(option, lang)
                    text = f"{word} — {label}" if label else word
                    self.option_combo.addItem(self.tr("Gekozen: {option}").format(option=text), option)
            self.option_combo.addItem(self.tr("Geen keuze gemaakt (geen meerderheid)"), None)
            winner = result.winner if result.adopted else None
            self.option_combo.setCurrentIndex(
                self.option_combo.findData(winner) if winner else self.option_combo.count() - 1
            )
            self.option_combo.currentIndexChanged.connect(self._on_choice_changed)
            self.body.addWidget(self.option_combo)
            self.adopted_radio.hide()
            self.rejected_radio.hide()
        else:
            self.option_combo.hide()
            for radio in (self.adopted_radio, self.rejected_radio):
                self.group.addButton(radio)
                self.body.addWidget(radio)
            (self.adopted_radio if result.adopted else self.rejected_radio).setChecked(True)
            self.group.buttonToggled.connect(self._on_choice_changed)
        self.differs = QLabel(
            self.tr("Dit wijkt af van de berekende uitslag: leg de verklaring van de voorzitter vast.")
        )
        self.differs.setObjectName("differs")
        self.differs.setWordWrap(True)
        self.differs.hide()
        self.body.addWidget(self.differs)
        statement_label = QLabel(self.tr("Ver&klaring van de voorzitter:"))
        self.body.addWidget(statement_label)
        self.statement = QLineEdit(computed_text)
        statement_label.setBuddy(self.statement)
        self.body.addWidget(self.statement)

    def chosen(self) -> tuple[bool, Option | None]:
        if self._result.is_ballot:
            winner = self.option_combo.currentData()
            return winner is not None, winner
        return self.adopted_radio.isChecked(), None

    def differs_from_computed(self) -> bool:
        adopted, winner = self.chosen()
        if self._result.is_ballot:
            return winner != (self._result.winner if self._result.adopted else None)
        return adopted != self._result.adopted

    def _on_choice_changed(self, *_args: object) -> None:
        differs = self.differs_from_computed()
        self.differs.setVisible(differs)
        if differs and self.statement.text().strip() == self._computed_text:
            self.statement.clear()
        elif not differs and not self.statement.text().strip():
            self.statement.setText(self._computed_text)
        if differs:
            self.statement.setFocus()

    def problem(self) -> str | None:
        statement = self.statement.text().strip()
        if self.differs_from_computed() and (not statement or statement == self._computed_text):
            self.statement.setFocus()
            return self.tr("Vul de verklaring van de voorzitter in: de vastgestelde uitslag wijkt af van de berekende.")
        return None

    def run(self) -> object:
        adopted, winner = self.chosen()
        statement = self.statement.text().strip()
        differs = self.differs_from_computed()
        as_computed = not differs and statement == self._computed_text
        return self._attempt(Declared(adopted, winner, statement, as_computed))
