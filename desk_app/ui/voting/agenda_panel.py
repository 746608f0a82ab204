"""The agenda in voting order: what is voted on, in which order, and what happened to each so far.

The chair moves votes up and down (Ctrl+↑ / Ctrl+↓; a warning when an amendment comes after what
it amends), returns to the default order, reads an agenda file (Ctrl+O, all-or-nothing) and saves
the choice sheet (Ctrl+P). Each row's state comes from the board's summaries — the declared
result included — so drawing the list reads nothing from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desk_app.domain.agenda import (
    PREADVIES_LABELS,
    AgendaItem,
    ItemType,
    Kind,
    Step,
    order_warnings,
    parse_step,
    reorder,
)
from desk_app.domain.clock import dutch_date
from desk_app.domain.register import ImportRefused
from desk_app.domain.tally import MATTER_CHOICES
from desk_app.domain.text import DeskError, Translator
from desk_app.domain.vote import Method, Status, VoteSummary
from desk_app.services.chair import VotingBoard
from desk_app.services.voting import VotingService
from desk_app.ui import words
from desk_app.ui.voting.models import AgendaOrderModel, AgendaTable, OrderRow
from desk_app.ui.voting.results_import import FileChooser
from desk_app.ui.voting.teller_panel import choice_text
from desk_app.ui.voting.wrap_row import WrapRow

__all__ = ["AgendaPanel"]

Button = Callable[[str, str, Callable[[], None]], QPushButton]


class AgendaPanel(QWidget):
    """The agenda table, the order and file buttons, and the tab's message line."""

    def __init__(
        self,
        voting: VotingService,
        board: VotingBoard,
        texts: Translator,
        button: Button,
        *,
        files: FileChooser,
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.voting = voting
        self.board = board
        self.texts = texts
        self.files = files
        self._changed = changed
        title = QLabel(self.tr("Agenda in stemvolgorde"))
        title.setObjectName("sectionTitle")
        self.model = AgendaOrderModel(
            [
                self.tr("nr"),
                self.tr("Punt"),
                self.tr("Soort"),
                self.tr("Titel"),
                self.tr("Preadvies"),
                self.tr("Meerderheid"),
                self.tr("Stand"),
            ],
            self,
        )
        self.table = AgendaTable()
        self.table.setAccessibleName(self.tr("Agenda en stemvolgorde"))
        self.table.setModel(self.model)
        self.table.fit_columns()
        self.up_button = button(self.tr("Omhoog (Ctrl+↑)"), "Ctrl+Up", self._on_up_button_clicked)
        self.down_button = button(self.tr("Omlaag (Ctrl+↓)"), "Ctrl+Down", self._on_down_button_clicked)
        self.default_order_button = button(self.tr("Standaardvolgorde"), "", self._on_default_order_button_clicked)
        self.load_button = button(self.tr("Agenda inlezen… (Ctrl+O)"), "Ctrl+O", self._on_load_button_clicked)
        self.sheet_button = button(self.tr("Stemformulier (PDF)… (Ctrl+P)"), "Ctrl+P", self._on_sheet_button_clicked)
        # Two rows beside a 1366 px laptop's agenda, three when the agenda is narrower (1024 px).
        # A size smaller than the lifecycle keys above: these are used before the votes, not during.
        for b in (self.up_button, self.down_button, self.default_order_button, self.load_button, self.sheet_button):
            b.setStyleSheet("QPushButton { font-size: 16px; padding: 6px 8px; }")
        self.buttons_row = WrapRow()
        for b in (self.up_button, self.down_button, self.default_order_button, self.load_button, self.sheet_button):
            self.buttons_row.addWidget(b)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.problems = QListWidget()
        self.problems.setAccessibleName(self.tr("Fouten in het agendabestand"))
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(160)
        self.problems.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons_row)
        layout.addWidget(self.message)
        layout.addWidget(self.problems)

    def add_below_table(self, widget: QWidget) -> None:
        """A control of the tab that belongs with the selected item (what the vote is about)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.table) + 1, widget)

    # -- messages -------------------------------------------------------------------------------------
    def show_message(
        self, text: str, *, error: bool = False, warning: bool = False, problems: Sequence[str] = ()
    ) -> None:
        colour = "#B3201A" if error else "#8A5A00" if warning else "#1B6B2F"
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setText(text)
        self.problems.clear()
        self.problems.addItems(list(problems))
        self.problems.setVisible(bool(problems))

    # -- the list -------------------------------------------------------------------------------------
    def item(self, key: str) -> AgendaItem | None:
        agenda = self.board.agenda
        return None if agenda is None or key not in agenda else agenda.item(key)

    def title(self, step: Step) -> str:
        item = self.item(step.item)
        if item is None:
            return str(step)
        return item.title if step.part is None else f"{item.title} — {item.part(step.part).title}"

    def _type_text(self, item: AgendaItem, secret_person_votes: bool) -> str:
        words = {
            ItemType.PROCEDURAL: self.tr("procedureel"),
            ItemType.PROPOSAL: self.tr("voorstel"),
            ItemType.RESOLUTION: self.tr("resolutie"),
            ItemType.AMENDMENT: self.tr("amendement"),
            ItemType.SUB_AMENDMENT: self.tr("subamendement"),
            ItemType.MOTION: self.tr("motie"),
        }
        text = words[item.type]
        if item.kind is Kind.PERSONS:
            text += self.tr(" · personen")
        if item.is_secret(secret_person_votes):
            text += self.tr(" · geheim")
        if item.options:
            text += self.tr(" · {n} opties").format(n=len(item.options))
        return text

    def state_text(self, summary: VoteSummary) -> str:
        """What happened to a vote so far, from its summary (the declared result included)."""
        again = self.tr(" (herstemming)") if summary.supersedes else ""
        if summary.status is Status.OPEN:
            return self.tr("open — stemming {n}").format(n=summary.number) + again
        if summary.status is Status.CLOSED:
            return self.tr("gesloten — uitslag vaststellen") + again
        d = summary.declaration
        if summary.method is Method.ACCLAMATION:
            return self.tr("aangenomen bij acclamatie") + again
        if d is None:
            return self.tr("vastgesteld") + again
        if d.winner is not None:
            chosen = choice_text(d.winner, self.board.labels(summary), self.texts.lang)
            return self.tr("gekozen: {option}").format(option=chosen) + again
        return (self.tr("aangenomen") if d.adopted else self.tr("verworpen")) + again

    def fill(self, secret_person_votes: bool) -> None:
        selected = self.selected_step()
        agenda = self.board.agenda
        if agenda is None:
            self.model.set_rows([])
            return
        latest = self.board.step_votes()
        rows = []
        for step in self.board.order:
            item = agenda.item(step.item)
            summary = latest.get(step)
            rows.append(
                OrderRow(
                    step=step,
                    type_text=self._type_text(item, secret_person_votes),
                    title=self.title(step),
                    preadvies=self.texts(PREADVIES_LABELS[item.preadvies]) if item.preadvies else "",
                    rule=item.rule.label(self.texts.lang),
                    state="" if summary is None else self.state_text(summary),
                    is_open=summary is not None and summary.is_open,
                )
            )
        self.model.set_rows(rows)
        if selected is not None:
            self.select_step(selected)
        elif rows and not self.table.currentIndex().isValid():
            self.select_step(self.board.first_undecided() or rows[0].step)

    def selected_step(self) -> Step | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()].step

    def select_step(self, step: Step | str) -> None:
        step = step if isinstance(step, Step) else parse_step(step)
        row = self.model.row_of(step)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 1))
            self.table.selectRow(row)

    def update_buttons(self) -> None:
        has_agenda = self.board.agenda is not None and bool(self.board.order)
        movable = has_agenda and self.selected_step() is not None
        self.up_button.setEnabled(movable)
        self.down_button.setEnabled(movable)
        self.default_order_button.setEnabled(has_agenda)

    # -- the agenda file and the order ----------------------------------------------------------------
    def load_path(self, path: Path) -> bool:
        """Read an agenda file (all-or-nothing); every problem is listed with its line."""
        try:
            agenda = self.voting.load_agenda_file(path)
        except ImportRefused as err:
            self.show_message(
                self.texts.error(err).splitlines()[0],
                error=True,
                problems=[p.message(self.texts.lang) for p in err.problems],
            )
            return False
        except DeskError as err:
            self.show_message(self.texts.error(err), error=True)
            return False
        except OSError as err:
            self.show_message(
                self.tr("Het bestand {path} kan niet worden gelezen: {reason}").format(
                    path=path, reason=err.strerror or err
                ),
                error=True,
            )
            return False
        self._changed()
        self.show_message(
            self.tr("Agenda ingelezen uit {name}: {items}, {votes}.").format(
                name=path.name, items=words.agenda_items(len(agenda.items)), votes=words.votings(len(agenda.steps()))
            )
        )
        return True

    def _on_load_button_clicked(self) -> None:
        path = self.files.open_file(self, self.tr("Agenda inlezen"), self.tr("Agendabestanden (*.toml)"))
        if path is not None:
            self.load_path(path)

    def move_selected(self, delta: int) -> None:
        """Move the selected vote up (-1) or down (+1) in the voting order."""
        step = self.selected_step()
        agenda = self.board.agenda
        if step is None or agenda is None:
            return
        order = self.board.order
        index = list(order).index(step) + delta
        if not 0 <= index < len(order):
            return
        new_order = reorder(order, step, index)
        try:
            self.voting.set_voting_order(new_order)
        except DeskError as err:
            self.show_message(self.texts.error(err), error=True)
            return
        self._changed()
        self.select_step(step)
        warnings = order_warnings(agenda, new_order)
        if warnings:
            # Allowed (the chair decides), but an amendment after what it amends is worth a second look.
            self.show_message(
                self.tr("Volgorde gewijzigd. Let op:"),
                warning=True,
                problems=[w.message(self.texts.lang) for w in warnings],
            )
        else:
            self.show_message(
                self.tr("Volgorde gewijzigd: {step} staat nu op plaats {n}.").format(step=step, n=index + 1)
            )

    def _on_up_button_clicked(self) -> None:
        self.move_selected(-1)

    def _on_down_button_clicked(self) -> None:
        self.move_selected(+1)

    def _on_default_order_button_clicked(self) -> None:
        try:
            self.voting.set_voting_order(None)
        except DeskError as err:
            self.show_message(self.texts.error(err), error=True)
            return
        self._changed()
        self.show_message(self.tr("De standaardvolgorde geldt weer."))

    # -- the choice sheet -----------------------------------------------------------------------------
    def write_choice_sheet(self, path: Path) -> bool:
        """The choice sheet as PDF: for the selected ballot its options, otherwise voor/tegen/onthouding."""
        from desk_app.printing.choice_sheet import choice_sheet_data, write_choice_sheet_pdf  # paints: on demand

        m = self.voting.meeting()
        step = self.selected_step()
        item = self.item(step.item) if step is not None else None
        ballot = item is not None and item.is_ballot
        try:
            day = dutch_date(m.date, weekday=True)
        except ValueError:
            day = m.date
        data = choice_sheet_data(
            m.name,
            day,
            m.meeting_no,
            m.secret,
            choices=item.choices() if ballot and item is not None else MATTER_CHOICES,
            labels=item.option_labels() if ballot and item is not None else None,
            title=item.title if ballot and item is not None else "",
        )
        try:
            write_choice_sheet_pdf(data, path)
        except (DeskError, OSError) as err:
            self.show_message(self.texts.error(err) if isinstance(err, DeskError) else str(err), error=True)
            return False
        note = "" if ballot else self.tr(" Dit formulier geldt voor elke stemming over een voorstel of motie.")
        self.show_message(self.tr("Stemformulier opgeslagen: {path}.").format(path=path) + note)
        return True

    def _on_sheet_button_clicked(self) -> None:
        path = self.files.save_file(
            self, self.tr("Stemformulier opslaan"), "stemformulier.pdf", self.tr("PDF-bestanden (*.pdf)")
        )
        if path is not None:
            self.write_choice_sheet(path)
