"""The "Stemmingen" tab: the agenda in voting order, the vote in progress, and recording choices.

Who uses it: the chair's table (open, close, declare, herstemming, acclamation, the order of the
votes) and the tellers in the hall. Choices are recorded three ways:

* **Teller** (F2): scan a stempas (handheld scanner through the keyboard wedge, or camera text
  fed into :meth:`VoteView.handle_scan`), then the barcode of a choice on the printed choice
  sheet, or press V / T / O (1..n for the options of a ballot). The last pass and the recorded
  choice are shown big; a refusal shows the reason.
* **Roll call** (F3): a grid of the municipalities in the vote's snapshot; arrows move, V / T / O
  record for the selected row and move on; a filter field narrows the list.
* **Results file** (F4): a CSV from an external voting system, all-or-nothing, every problem
  listed by line.

The view is thin: every decision and every write is a :class:`VotingService` call (attendance and
names come from :class:`DeskService`); the view chooses what to show. A pass is checked when it is
scanned, so the teller hears "refused" before asking the member's choice, and the service checks
again when the choice is recorded - that answer decides, and its reason is what is shown.
Choices recorded elsewhere (another teller, the CLI) appear through a cheap poll of the store.
"""

from __future__ import annotations

import enum
import html
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.agenda import (
    PREADVIES_LABELS,
    Agenda,
    AgendaItem,
    ItemType,
    Kind,
    Step,
    order_warnings,
    parse_step,
    reorder,
)
from desk_app.domain.checkin import PASS_STATUS
from desk_app.domain.register import ImportRefused
from desk_app.domain.tally import (
    MATTER_CHOICES,
    Cast,
    Choice,
    Option,
    choice_from_sheet,
    choice_label,
    describe,
    format_votes,
)
from desk_app.domain.text import DeskError
from desk_app.domain.token import TokenKind, parse_token, verify_token
from desk_app.domain.vote import SUBJECT_LABELS, Method, Status, Subject, Vote
from desk_app.domain.clock import dutch_date
from desk_app.printing.choice_sheet import choice_sheet_data, write_choice_sheet_pdf
from desk_app.scanning.wedge import KeyboardWedge
from desk_app.services.desk import DeskService
from desk_app.services.voting import VotingService
from desk_app.domain.clock import local_time
from desk_app.ui.desk_panel import PanelContent, Tone, VerdictPanel
from desk_app.ui.desk_presence import counters_text
from desk_app.ui.keys import shortcut_button
from desk_app.ui.sounds import Cue, SoundPlayer
from desk_app.ui.voting.dialogs import AcclaimDialog, ConfirmDialog, DeclareDialog, Declared
from desk_app.ui.voting.models import (
    CHOICE_KEYS,
    AgendaOrderModel,
    AgendaTable,
    GridRow,
    OrderRow,
    RollCallFilter,
    RollCallModel,
    RollCallTable,
    is_plain_key,
)

def _sort_name(name: str) -> str:
    """Dutch order: 's-Gravenhage under G and 's-Hertogenbosch under H, as in the register."""
    return re.sub(r"^'s[- ]", "", name).casefold()


if TYPE_CHECKING:  # the service's row type; the view reads no storage itself
    from desk_app.storage.votes import VoteRow

log = logging.getLogger("stembalie.vote.ui")

__all__ = ["VoteView", "RecordMode", "FileChooser", "QtFileChooser", "PendingPass", "choice_for_key"]


class RecordMode(enum.IntEnum):
    """The three ways of recording choices; the value is the page index."""

    TELLER = 0
    GRID = 1
    IMPORT = 2


class FileChooser(Protocol):
    """Asks for a file; injectable so tests (and the lead's settings) need no native dialog."""

    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None: ...

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None: ...


class QtFileChooser:
    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)
        return Path(name) if name else None

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested), filters)
        return Path(name) if name else None


def choice_for_key(text: str, options: Sequence[Cast]) -> Cast | None:
    """V / T / O for voor / tegen / onthouding, 1..9 for ballot options; None if not in ``options``."""
    key = text.lower()
    choice: Cast | None = {"v": Choice.VOOR, "t": Choice.TEGEN, "o": Choice.ONTHOUDING}.get(key)
    if choice is None and key.isdigit() and key != "0":
        choice = Option(int(key))
    return choice if choice in options else None


@dataclass(frozen=True)
class PendingPass:
    """A scanned stempas waiting for its choice."""

    serial: int
    code: str
    municipality: str
    votes: int


_STATE_STYLE = {
    "open": "background: #1B6B2F; color: white;",
    "closed": "background: #FFB000; color: #111111;",
    "declared": "background: #0B4F9C; color: white;",
    "superseded": "background: #5F6B73; color: white;",
}


class VoteView(QWidget):
    """The Stemmingen tab: agenda and order, vote lifecycle, teller / roll call / results file."""

    #: An agenda file was read and stored.
    agenda_loaded = Signal()
    #: A vote was opened (also a herstemming): its id.
    vote_opened = Signal(str)
    #: The vote was closed: its id.
    vote_closed = Signal(str)
    #: The chair's result was recorded (also by acclamation): the vote's id.
    result_declared = Signal(str)
    #: One choice was recorded here: (municipality code, choice code such as 'voor').
    choice_recorded = Signal(str, str)
    #: A results file was imported: (vote id, number of choices recorded).
    results_imported = Signal(str, int)
    #: What the teller panel shows now: 'idle', 'pass', 'recorded', 'refused' or 'hint'.
    teller_shown = Signal(str)

    def __init__(self, voting: VotingService, desk: DeskService, wedge: KeyboardWedge | None = None, *,
                 sounds: SoundPlayer | None = None, files: FileChooser | None = None,
                 refresh_every_ms: int = 1000, parent: QWidget | None = None) -> None:
        """``wedge``: a keyboard wedge the caller installed; without one the view makes its own,
        scoped to itself and installed on the application. ``refresh_every_ms`` = 0: no polling
        (tests; choices recorded elsewhere then appear at the next :meth:`refresh`)."""
        super().__init__(parent)
        self.voting = voting
        self.desk = desk
        self.sounds = sounds
        self.files: FileChooser = files or QtFileChooser()
        self.mode = RecordMode.TELLER
        self.pending: PendingPass | None = None
        self._agenda: Agenda | None = None
        self._order: tuple[Step, ...] = ()
        self._vote: Vote | None = None
        self._vote_rows: list[VoteRow] = []
        self._names: dict[str, str] = {}
        self._version: tuple[int, int] | None = None
        self._dialog: QDialog | None = None
        self.shortcuts: dict[QPushButton, QShortcut] = {}
        self._disabled_reason: dict[QPushButton, str] = {}
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build()

        self.wedge = wedge = wedge or KeyboardWedge.for_view(self)
        wedge.scanned.connect(self._on_wedge_scanned)

        self._poll = QTimer(self)
        self._poll.timeout.connect(self._on_poll_timeout)
        if refresh_every_ms > 0:
            self._poll.start(refresh_every_ms)
        self.refresh()
        self.show_teller_idle()

    # -- building ---------------------------------------------------------------------------------
    def _button(self, text: str, shortcut: str | QKeySequence, slot: Callable[[], None]) -> QPushButton:
        button, sc = shortcut_button(self, text, shortcut, slot, self._on_shortcut_activated, height=48)
        if sc is not None:
            self.shortcuts[button] = sc
        return button

    def _on_shortcut_activated(self, button: QPushButton) -> None:
        if self._dialog is not None:
            return
        if button.isEnabled():
            button.click()
        elif button in self._disabled_reason:
            # A key that does nothing must still say why: the chair is not looking at the buttons.
            self._show_message(self._disabled_reason[button], error=True)

    def _build(self) -> None:
        self.setStyleSheet(
            "QPushButton { font-size: 17px; padding: 6px 10px; }"
            "QPushButton#primary { font-size: 18px; font-weight: bold; color: white; background: #1B6B2F;"
            " border-radius: 6px; padding: 6px 14px; }"
            "QPushButton#primary:disabled { background: #9DB7A3; }"
            "QLabel#voteTitle { font-size: 26px; font-weight: bold; }"
            "QLabel#voteState { font-size: 22px; font-weight: bold; padding: 4px 14px; border-radius: 6px; }"
            "QLabel#counters { font-size: 20px; font-weight: bold; color: #37474F; }"
            "QLabel#sectionTitle { font-size: 18px; font-weight: bold; }"
            "QLabel#hint { font-size: 17px; color: #37474F; }"
            "QLabel#message { font-size: 18px; font-weight: bold; }"
            "QLabel#tally { font-size: 20px; }"
            "QLabel#result { font-size: 21px; font-weight: bold; color: #0B4F9C; }"
            "QLabel#pendingCount { font-size: 18px; font-weight: bold; color: #8A5A00; }"
            "QTableView { font-size: 18px; } QHeaderView::section { font-size: 16px; font-weight: bold; }"
            "QLineEdit, QComboBox { font-size: 18px; padding: 4px; min-height: 34px; }"
            "QListWidget { font-size: 16px; }"
            "QTabBar::tab { font-size: 18px; font-weight: bold; padding: 8px 18px; }"
        )
        # Top: which vote, its state, attendance.
        self.vote_label = QLabel()
        self.vote_label.setObjectName("voteTitle")
        self.vote_label.setTextFormat(Qt.TextFormat.PlainText)  # titles come from a file: never markup
        self.vote_label.setWordWrap(True)
        self.vote_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state_label = QLabel()
        self.state_label.setObjectName("voteState")
        self.counters_label = QLabel()
        self.counters_label.setObjectName("counters")
        top = QHBoxLayout()
        top.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.vote_label, 1)
        top.addWidget(self.counters_label, 0, Qt.AlignmentFlag.AlignTop)

        # The vote's lifecycle, left to right in the order the chair uses them.
        self.subject_combo = QComboBox()
        for subject in Subject:
            self.subject_combo.addItem(SUBJECT_LABELS[subject].render(), subject)
        self.subject_combo.setToolTip(self.tr("Waarover wordt gestemd: het voorstel, het voorstel zoals "
                                              "geamendeerd, of het preadvies van het bestuur."))
        self.open_button = self._button(self.tr("Stemming openen (F5)"), "F5", self._on_open_button_clicked)
        self.open_button.setObjectName("primary")
        self.acclaim_button = self._button(self.tr("Acclamatie (F6)"), "F6", self._on_acclaim_button_clicked)
        self.close_button = self._button(self.tr("Sluiten (F7)"), "F7", self._on_close_button_clicked)
        self.declare_button = self._button(self.tr("Uitslag vaststellen (F8)"), "F8",
                                           self._on_declare_button_clicked)
        self.rerun_button = self._button(self.tr("Herstemming (F9)"), "F9", self._on_rerun_button_clicked)
        actions = QHBoxLayout()
        actions.addWidget(self.subject_combo, 2)
        for button in (self.open_button, self.acclaim_button, self.close_button, self.declare_button,
                       self.rerun_button):
            actions.addWidget(button, 1)

        # Left: the agenda in voting order.
        agenda_title = QLabel(self.tr("Agenda in stemvolgorde"))
        agenda_title.setObjectName("sectionTitle")
        self.agenda_model = AgendaOrderModel([
            self.tr("nr"), self.tr("Punt"), self.tr("Soort"), self.tr("Titel"), self.tr("Preadvies"),
            self.tr("Meerderheid"), self.tr("Stand"),
        ], self)
        self.agenda_table = AgendaTable()
        self.agenda_table.setModel(self.agenda_model)
        self.agenda_table.fit_columns()
        self.up_button = self._button(self.tr("Omhoog (Ctrl+↑)"), "Ctrl+Up", self._on_up_button_clicked)
        self.down_button = self._button(self.tr("Omlaag (Ctrl+↓)"), "Ctrl+Down", self._on_down_button_clicked)
        self.default_order_button = self._button(self.tr("Standaardvolgorde"), "",
                                                 self._on_default_order_button_clicked)
        self.load_agenda_button = self._button(self.tr("Agenda inlezen… (Ctrl+O)"), "Ctrl+O",
                                               self._on_load_agenda_button_clicked)
        self.sheet_button = self._button(self.tr("Stemformulier (PDF)… (Ctrl+P)"), "Ctrl+P",
                                         self._on_sheet_button_clicked)
        order_row = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.default_order_button):
            order_row.addWidget(button)
        file_row = QHBoxLayout()
        file_row.addWidget(self.load_agenda_button)
        file_row.addWidget(self.sheet_button)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(160)
        self.problems.hide()
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(agenda_title)
        left.addWidget(self.agenda_table, 1)
        left.addLayout(order_row)
        left.addLayout(file_row)
        left.addWidget(self.message)
        left.addWidget(self.problems)
        left_box = QWidget()
        left_box.setLayout(left)

        # Right: recording, then the count.
        self.modes = QTabWidget()
        self.modes.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.modes.addTab(self._build_teller_page(), self.tr("Teller (F2)"))
        self.modes.addTab(self._build_grid_page(), self.tr("Hoofdelijk (F3)"))
        self.modes.addTab(self._build_import_page(), self.tr("Uitslagbestand (F4)"))
        self.modes.currentChanged.connect(self._on_modes_current_changed)
        for key, mode in (("F2", RecordMode.TELLER), ("F3", RecordMode.GRID), ("F4", RecordMode.IMPORT)):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda m=mode: self._on_mode_shortcut_activated(m))
        self.tally_label = QLabel()
        self.tally_label.setObjectName("tally")
        self.tally_label.setTextFormat(Qt.TextFormat.RichText)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingCount")
        self.result_label = QLabel()
        self.result_label.setObjectName("result")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.result_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.modes, 1)
        right.addWidget(self.tally_label)
        right.addWidget(self.pending_label)
        right.addWidget(self.result_label)
        right_box = QWidget()
        right_box.setLayout(right)

        body = QHBoxLayout()
        body.addWidget(left_box, 5)
        body.addWidget(right_box, 6)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addLayout(actions)
        outer.addLayout(body, 1)

    def _build_teller_page(self) -> QWidget:
        page = QWidget()
        self.panel = VerdictPanel()
        self.teller_hint = QLabel(self.tr("Scan de stempas, dan de keuze op het stemformulier — of druk "
                                          "V (voor), T (tegen), O (onthouding). Esc: gescande stempas wissen."))
        self.teller_hint.setObjectName("hint")
        self.teller_hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.teller_hint)
        return page

    def _build_grid_page(self) -> QWidget:
        page = QWidget()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Zoek gemeente (naam of code) — Ctrl+F"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.returnPressed.connect(self._on_filter_edit_return_pressed)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.filter_edit)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self._on_filter_edit_return_pressed)
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._on_find_shortcut_activated)
        self.grid_model = RollCallModel([self.tr("Gemeente"), self.tr("Code"), self.tr("Stemmen"),
                                         self.tr("Keuze")], self)
        self.grid_proxy = RollCallFilter(self)
        self.grid_proxy.setSourceModel(self.grid_model)
        self.grid = RollCallTable()
        self.grid.setModel(self.grid_proxy)
        # The municipality's name is what the teller reads aloud: it gets the room, never "Amster…".
        grid_header = self.grid.horizontalHeader()
        grid_header.setStretchLastSection(False)
        grid_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 90), (2, 90), (3, 230)):
            grid_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            grid_header.resizeSection(column, width)
        self.grid.choice_key_pressed.connect(self._on_grid_choice_key_pressed)
        self.grid_hint = QLabel(self.tr("↑ ↓ kies de gemeente · V voor · T tegen · O onthouding "
                                        "(daarna naar de volgende) · de laatste keuze telt"))
        self.grid_hint.setObjectName("hint")
        self.grid_hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.grid_hint)
        return page

    def _build_import_page(self) -> QWidget:
        page = QWidget()
        explanation = QLabel(self.tr(
            "Uitslag van een extern stemsysteem: een CSV-bestand met een kolom 'stempas' of 'gemeente' "
            "(GM0363) en een kolom 'keuze' (voor, tegen, onthouding of optie-N). Alles of niets: bij één "
            "fout wordt niets vastgelegd en staan alle fouten hieronder, per regel."))
        explanation.setWordWrap(True)
        explanation.setObjectName("hint")
        self.import_button = self._button(self.tr("Uitslagbestand kiezen… (Ctrl+I)"), "Ctrl+I",
                                          self._on_import_button_clicked)
        self.import_result = QLabel()
        self.import_result.setObjectName("message")
        self.import_result.setTextFormat(Qt.TextFormat.PlainText)
        self.import_result.setWordWrap(True)
        self.import_problems = QListWidget()
        self.import_problems.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(explanation)
        layout.addWidget(self.import_button)
        layout.addWidget(self.import_result)
        layout.addWidget(self.import_problems, 1)
        return page

    # -- reading the store ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Everything from the store: agenda and order, the current vote, the grid, the count."""
        try:
            self._agenda = self.voting.agenda()
            self._order = self.voting.voting_order() if self._agenda is not None else ()
            self._vote_rows = self.voting.votes()
            self._vote = self.voting.current()
            counters = self.desk.counters()
            self._version = self.voting.store.change_marker()
        except DeskError as err:  # a locked or lost file: say so, keep what is on screen
            self._show_message(err.message(), error=True)
            return
        self.counters_label.setText(counters_text(counters))
        self._fill_agenda()
        self._fill_vote()
        self._fill_grid()
        self._fill_tally()
        self._update_buttons()

    def _on_poll_timeout(self) -> None:
        # Another teller, desk, the CLI, or this app's own desk tab on the same connection.
        try:
            version = self.voting.store.change_marker()
        except DeskError:
            return
        if version != self._version:
            self.refresh()
            if self.pending is None and self.mode is RecordMode.TELLER and self.panel.tone is Tone.IDLE:
                self.show_teller_idle()  # an opened or closed vote changes what the idle panel says

    @property
    def vote(self) -> Vote | None:
        """The vote on screen: the open one, else the latest."""
        return self._vote

    def _number(self, vote_id: str) -> int:
        return next((r.number for r in self._vote_rows if r.id == vote_id), 0)

    def _item(self, key: str) -> AgendaItem | None:
        if self._agenda is None or key not in self._agenda:
            return None
        return self._agenda.item(key)

    def _title(self, step: Step) -> str:
        item = self._item(step.item)
        if item is None:
            return str(step)
        if step.part is None:
            return item.title
        return f"{item.title} — {item.part(step.part).title}"

    def _labels(self, vote: Vote | None) -> dict[Option, str]:
        item = self._item(vote.item) if vote is not None else None
        return item.option_labels() if item is not None else {}

    def _choice_text(self, choice: Cast, labels: Mapping[Option, str]) -> str:
        label = labels.get(choice) if isinstance(choice, Option) else None
        return f"{choice_label(choice)} · {label}" if label else choice_label(choice)

    def _type_text(self, item: AgendaItem) -> str:
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
        if item.is_secret(self.desk.meeting.settings.secret_person_votes):
            text += self.tr(" · geheim")
        if item.options:
            text += self.tr(" · {n} opties").format(n=len(item.options))
        return text

    def _step_states(self) -> dict[Step, tuple[str, bool]]:
        """What happened to each step so far, from its latest vote (a herstemming comes later)."""
        states: dict[Step, tuple[str, bool]] = {}
        for row in self._vote_rows:
            step = Step(row.item, row.part)
            again = self.tr(" (herstemming)") if row.supersedes else ""
            if row.status is Status.OPEN:
                states[step] = (self.tr("open — stemming {n}").format(n=row.number), True)
            elif row.status is Status.CLOSED:
                states[step] = (self.tr("gesloten — uitslag vaststellen") + again, False)
            else:
                states[step] = (self._declared_text(row) + again, False)
        return states

    def _declared_text(self, row: VoteRow) -> str:
        try:
            vote = self.voting.vote(row.id)
        except DeskError:
            return self.tr("vastgesteld")
        d = vote.declaration
        if d is None:
            return self.tr("vastgesteld")
        if vote.method is Method.ACCLAMATION:
            return self.tr("aangenomen bij acclamatie")
        if d.winner is not None:
            return self.tr("gekozen: {option}").format(option=self._choice_text(d.winner, self._labels(vote)))
        return self.tr("aangenomen") if d.adopted else self.tr("verworpen")

    def _fill_agenda(self) -> None:
        selected = self.selected_step()
        if self._agenda is None:
            self.agenda_model.set_rows([])
            return
        states = self._step_states()
        rows = []
        for step in self._order:
            item = self._agenda.item(step.item)
            state, is_open = states.get(step, ("", False))
            rows.append(OrderRow(
                step=step, type_text=self._type_text(item), title=self._title(step),
                preadvies=PREADVIES_LABELS[item.preadvies].render() if item.preadvies else "",
                rule=item.rule.label(), state=state, is_open=is_open,
            ))
        self.agenda_model.set_rows(rows)
        if selected is not None:
            self.select_step(selected)
        elif rows and not self.agenda_table.currentIndex().isValid():
            self.select_step(self._first_undecided() or rows[0].step)

    def _first_undecided(self) -> Step | None:
        done = {Step(r.item, r.part) for r in self._vote_rows}
        return next((s for s in self._order if s not in done), None)

    def _fill_vote(self) -> None:
        v = self._vote
        if self._agenda is None:
            self.vote_label.setText(self.tr("Nog geen agenda: lees het agendabestand in (Ctrl+O)."))
            self.state_label.hide()
            return
        if v is None:
            self.vote_label.setText(self.tr("Nog geen stemming gehouden. Kies een punt en open de stemming (F5)."))
            self.state_label.hide()
            return
        step = Step(v.item, v.part)
        title = self.tr("Stemming {n} · punt {step} · {title}").format(
            n=self._number(v.id), step=step, title=self._title(step))
        if v.subject is not Subject.ITEM:
            title += f" ({SUBJECT_LABELS[v.subject].render()})"
        if v.secret:
            title += self.tr(" · geheim")
        self.vote_label.setText(title)
        if v.superseded_by is not None:
            key, word = "superseded", self.tr("VERVANGEN")
        elif v.method is Method.ACCLAMATION:
            key, word = "declared", self.tr("ACCLAMATIE")
        else:
            key, word = {Status.OPEN: ("open", self.tr("OPEN")), Status.CLOSED: ("closed", self.tr("GESLOTEN")),
                         Status.DECLARED: ("declared", self.tr("VASTGESTELD"))}[v.status]
        self.state_label.setText(word)
        self.state_label.setStyleSheet(_STATE_STYLE[key])
        self.state_label.show()

    def _fill_grid(self) -> None:
        v = self._vote
        if v is None or v.method is Method.ACCLAMATION:
            self.grid_model.set_rows([])
            return
        if any(code not in self._names for code in v.eligible):
            self._names = {r.code: r.name for r in self.desk.presence()}
        choices = v.choices()
        voted = v.voted()
        labels = self._labels(v)
        rows = []
        for code, voter in v.eligible.items():
            if v.secret:
                text = self.tr("gestemd (geheim)") if code in voted else ""
            else:
                choice = choices.get(code)
                text = self._choice_text(choice, labels) if choice is not None else ""
            rows.append(GridRow(code, self._names.get(code, code), voter.weight, text, code in voted))
        rows.sort(key=lambda r: _sort_name(r.name))
        self.grid_model.set_rows(rows)
        if rows and not self.grid.currentIndex().isValid():
            self.grid.select_proxy_row(0)

    def _fill_tally(self) -> None:
        v = self._vote
        self.pending_label.clear()
        if v is None:
            self.tally_label.clear()
            self.result_label.clear()
            return
        if v.method is Method.ACCLAMATION:
            self.tally_label.setText(self.tr("Bij acclamatie: geen stemmen per gemeente."))
            statement = v.declaration.statement if v.declaration else ""
            self.result_label.setText(self.tr("Vastgesteld: {statement}").format(statement=statement))
            return
        result = v.tally()
        assert result is not None
        labels = self._labels(v)
        # Outside the f-string: lupdate does not look inside f-string expressions.
        votes_word, members_word = self.tr("stemmen"), self.tr("gemeenten")
        rows = []
        for option in result.options:
            count = result.count(option)
            pct = result.percent_text(option) or ""
            word = html.escape(self._choice_text(option, labels).upper())  # labels come from the agenda file
            rows.append(
                f"<tr><td><b>{word}</b></td><td align='right'>&nbsp;&nbsp;<b>{format_votes(count.weight)}</b></td>"
                f"<td>{votes_word}</td><td align='right'>&nbsp;&nbsp;{count.members}</td>"
                f"<td>{members_word}</td><td align='right'>&nbsp;&nbsp;{pct}</td></tr>")
        self.tally_label.setText("<table cellspacing='0' cellpadding='4'>" + "".join(rows) + "</table>")
        if v.is_open:
            waiting = result.not_voted
            self.pending_label.setText(self.tr("Nog niet gestemd: {n} van {total} gemeenten ({w} stemmen)").format(
                n=waiting.members, total=result.eligible.members, w=format_votes(waiting.weight)))
        computed = describe(result, labels=labels)
        if v.declaration is not None:
            text = self.tr("Vastgesteld: {statement}").format(statement=v.declaration.statement)
            if v.declaration_differs():
                text += self.tr(" — wijkt af van de berekening ({computed})").format(computed=computed)
        elif v.is_open:
            text = self.tr("Stand nu: {computed}").format(computed=computed)
        else:
            text = self.tr("Berekend: {computed}. Stel de uitslag vast met F8.").format(computed=computed)
        if v.superseded_by is not None:
            text += self.tr(" — vervangen door herstemming {n}").format(n=self._number(v.superseded_by))
        self.result_label.setText(text)

    def _update_buttons(self) -> None:
        v = self._vote
        has_agenda = self._agenda is not None and bool(self._order)
        is_open = v is not None and v.is_open
        reasons: dict[QPushButton, str | None] = {
            self.open_button: (self.tr("Lees eerst de agenda in (Ctrl+O).") if not has_agenda else
                               self.tr("Sluit eerst de open stemming (F7).") if is_open else None),
            self.acclaim_button: (self.tr("Lees eerst de agenda in (Ctrl+O).") if not has_agenda else
                                  self.tr("Sluit eerst de open stemming (F7).") if is_open else None),
            self.close_button: None if is_open else self.tr("Er is geen open stemming."),
            self.declare_button: (
                self.tr("Er is nog geen stemming gehouden.") if v is None else
                self.tr("Sluit eerst de stemming (F7); pas daarna wordt de uitslag vastgesteld.") if is_open else
                self.tr("Deze stemming is vervangen door een herstemming.") if v.superseded_by else
                self.tr("De uitslag van deze stemming is al vastgesteld.") if v.status is Status.DECLARED else None),
            self.rerun_button: (
                self.tr("Er is nog geen stemming gehouden.") if v is None else
                self.tr("Sluit eerst de stemming (F7).") if is_open else
                self.tr("Een besluit bij acclamatie kent geen herstemming; open een nieuwe stemming.")
                if v.method is Method.ACCLAMATION else
                self.tr("Deze stemming is al vervangen door een herstemming.") if v.superseded_by else None),
        }
        self._disabled_reason.clear()
        for button, reason in reasons.items():
            button.setEnabled(reason is None)
            button.setToolTip(reason or "")
            if reason is not None:
                self._disabled_reason[button] = reason
        movable = has_agenda and self.selected_step() is not None
        self.up_button.setEnabled(movable)
        self.down_button.setEnabled(movable)
        self.default_order_button.setEnabled(has_agenda)
        self.subject_combo.setEnabled(has_agenda and not is_open)

    # -- messages ---------------------------------------------------------------------------------
    def _show_message(self, text: str, *, error: bool = False, warning: bool = False,
                      problems: Sequence[str] = ()) -> None:
        colour = "#B3201A" if error else "#8A5A00" if warning else "#1B6B2F"
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setText(text)
        self.problems.clear()
        self.problems.addItems(list(problems))
        self.problems.setVisible(bool(problems))

    def _play(self, cue: Cue) -> None:
        if self.sounds is not None:
            self.sounds.play(cue)

    # -- the agenda and the order -----------------------------------------------------------------
    def selected_step(self) -> Step | None:
        index = self.agenda_table.currentIndex()
        if not index.isValid() or index.row() >= len(self.agenda_model.rows):
            return None
        return self.agenda_model.rows[index.row()].step

    def select_step(self, step: Step | str) -> None:
        step = step if isinstance(step, Step) else parse_step(step)
        row = self.agenda_model.row_of(step)
        if row >= 0:
            self.agenda_table.setCurrentIndex(self.agenda_model.index(row, 1))
            self.agenda_table.selectRow(row)

    def load_agenda_path(self, path: Path) -> bool:
        """Read an agenda file (all-or-nothing); every problem is listed with its line."""
        try:
            agenda = self.voting.load_agenda_file(path)
        except ImportRefused as err:
            self._show_message(err.message().splitlines()[0], error=True,
                               problems=[p.message() for p in err.problems])
            return False
        except DeskError as err:
            self._show_message(err.message(), error=True)
            return False
        except OSError as err:
            self._show_message(self.tr("Het bestand {path} kan niet worden gelezen: {reason}").format(
                path=path, reason=err.strerror or err), error=True)
            return False
        self.refresh()
        self._show_message(self.tr("Agenda ingelezen uit {name}: {items} agendapunten, {votes} stemmingen.").format(
            name=path.name, items=len(agenda.items), votes=len(agenda.steps())))
        self.agenda_loaded.emit()
        return True

    def _on_load_agenda_button_clicked(self) -> None:
        path = self.files.open_file(self, self.tr("Agenda inlezen"), self.tr("Agendabestanden (*.toml)"))
        if path is not None:
            self.load_agenda_path(path)

    def move_selected(self, delta: int) -> None:
        """Move the selected vote up (-1) or down (+1) in the voting order."""
        step = self.selected_step()
        if step is None or self._agenda is None:
            return
        index = list(self._order).index(step) + delta
        if not 0 <= index < len(self._order):
            return
        order = reorder(self._order, step, index)
        try:
            self.voting.set_voting_order(order)
        except DeskError as err:
            self._show_message(err.message(), error=True)
            return
        self.refresh()
        self.select_step(step)
        warnings = order_warnings(self._agenda, order)
        if warnings:
            # Allowed (the chair decides), but an amendment after what it amends is worth a second look.
            self._show_message(self.tr("Volgorde gewijzigd. Let op:"), warning=True,
                               problems=[w.message() for w in warnings])
        else:
            self._show_message(self.tr("Volgorde gewijzigd: {step} staat nu op plaats {n}.").format(
                step=step, n=index + 1))

    def _on_up_button_clicked(self) -> None:
        self.move_selected(-1)

    def _on_down_button_clicked(self) -> None:
        self.move_selected(+1)

    def _on_default_order_button_clicked(self) -> None:
        try:
            self.voting.set_voting_order(None)
        except DeskError as err:
            self._show_message(err.message(), error=True)
            return
        self.refresh()
        self._show_message(self.tr("De standaardvolgorde geldt weer."))

    def write_choice_sheet(self, path: Path) -> bool:
        """The choice sheet as PDF: for the selected ballot its options, otherwise voor/tegen/onthouding."""
        m = self.desk.meeting
        step = self.selected_step()
        item = self._item(step.item) if step is not None else None
        ballot = item is not None and item.is_ballot
        try:
            day = dutch_date(m.date, weekday=True)
        except ValueError:
            day = m.date
        data = choice_sheet_data(
            m.name, day, m.meeting_no, m.secret,
            choices=item.choices() if ballot and item is not None else MATTER_CHOICES,
            labels=item.option_labels() if ballot and item is not None else None,
            title=item.title if ballot and item is not None else "",
        )
        try:
            write_choice_sheet_pdf(data, path)
        except (DeskError, OSError) as err:
            self._show_message(err.message() if isinstance(err, DeskError) else str(err), error=True)
            return False
        note = "" if ballot else self.tr(" Dit formulier geldt voor elke stemming over een voorstel of motie.")
        self._show_message(self.tr("Stemformulier opgeslagen: {path}.").format(path=path) + note)
        return True

    def _on_sheet_button_clicked(self) -> None:
        path = self.files.save_file(self, self.tr("Stemformulier opslaan"), "stemformulier.pdf",
                                    self.tr("PDF-bestanden (*.pdf)"))
        if path is not None:
            self.write_choice_sheet(path)

    # -- the vote's lifecycle ---------------------------------------------------------------------
    def open_vote(self, step: Step | None = None, subject: Subject | None = None) -> Vote | None:
        """Open a vote on ``step`` (default: the selected one) with the passes active now."""
        step = step or self.selected_step()
        if step is None:
            self._show_message(self.tr("Kies eerst in de agenda waarover gestemd wordt."), error=True)
            return None
        # Qt hands the enum back as its plain str value.
        subject = subject or Subject(self.subject_combo.currentData())
        try:
            vote = self.voting.open(step, subject=subject)
        except DeskError as err:
            self._show_message(err.message(), error=True)
            return None
        self._after_change()
        result = vote.tally()
        assert result is not None
        self._show_message(self.tr("Stemming {n} is geopend: {members} gemeenten met {votes} stemmen mogen "
                                   "stemmen.").format(n=self._number(vote.id), members=result.eligible.members,
                                                      votes=format_votes(result.eligible.weight)))
        self.subject_combo.setCurrentIndex(0)  # the next vote is on an item again unless chosen
        self.set_mode(RecordMode.TELLER)
        self.vote_opened.emit(vote.id)
        return vote

    def _on_open_button_clicked(self) -> None:
        self.open_vote()

    def _after_change(self) -> None:
        self.pending = None
        self.refresh()
        self.show_teller_idle()

    def _open_dialog(self, dialog: QDialog) -> None:
        self._dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        self._dialog = None
        self.window().activateWindow()
        self._focus_mode()

    @property
    def active_dialog(self) -> QDialog | None:
        """The dialog waiting for an answer (tests fill it in)."""
        return self._dialog

    def _on_acclaim_button_clicked(self) -> None:
        step = self.selected_step()
        if step is None:
            self._show_message(self.tr("Kies eerst in de agenda welk punt bij acclamatie wordt aangenomen."),
                               error=True)
            return
        dialog = AcclaimDialog(
            self.tr("{step} {title} — aangenomen bij acclamatie?").format(step=step, title=self._title(step)),
            self.tr("aangenomen bij acclamatie"), lambda statement: self.voting.acclaim(step, statement), self)
        dialog.accepted.connect(lambda: self._on_acclaim_dialog_accepted(dialog))
        self._open_dialog(dialog)

    def _on_acclaim_dialog_accepted(self, dialog: AcclaimDialog) -> None:
        vote = dialog.result_value
        assert isinstance(vote, Vote)
        self._after_change()
        self._show_message(self.tr("Vastgelegd: {step} aangenomen bij acclamatie.").format(
            step=Step(vote.item, vote.part)))
        self.result_declared.emit(vote.id)

    def _on_close_button_clicked(self) -> None:
        v = self._vote
        if v is None or not v.is_open:
            return
        result = v.tally()
        assert result is not None
        waiting = result.not_voted
        explanation = self.tr(
            "Gestemd: {voted} van {eligible} gemeenten ({w} van {total} stemmen). Nog niet gestemd: {n} "
            "gemeenten. Na het sluiten kan geen keuze meer worden vastgelegd of gewijzigd.").format(
            voted=result.voted.members, eligible=result.eligible.members, w=format_votes(result.voted.weight),
            total=format_votes(result.eligible.weight), n=waiting.members)
        vote_id = v.id
        dialog = ConfirmDialog(self.tr("Stemming sluiten"),
                               self.tr("Stemming {n} sluiten?").format(n=self._number(vote_id)), explanation,
                               self.tr("Sluiten (Enter)"), lambda: self.voting.close(vote_id), self)
        dialog.accepted.connect(lambda: self._on_close_dialog_accepted(dialog))
        self._open_dialog(dialog)

    def _on_close_dialog_accepted(self, dialog: ConfirmDialog) -> None:
        vote = dialog.result_value
        assert isinstance(vote, Vote)
        self._after_change()
        result = vote.tally()
        computed = describe(result, labels=self._labels(vote)) if result is not None else ""
        self._show_message(self.tr("Stemming {n} gesloten. Berekend: {computed}. Stel de uitslag vast met F8.").format(
            n=self._number(vote.id), computed=computed))
        self.vote_closed.emit(vote.id)

    def _on_declare_button_clicked(self) -> None:
        v = self._vote
        if v is None:
            return
        result = v.tally()
        if result is None:
            return
        labels = self._labels(v)
        vote_id = v.id

        def attempt(d: Declared) -> Vote:
            return self.voting.declare(adopted=d.adopted, statement=d.statement, winner=d.winner, vote_id=vote_id)

        dialog = DeclareDialog(self.tr("Stemming {n} · {step} {title}").format(
            n=self._number(vote_id), step=Step(v.item, v.part), title=self._title(Step(v.item, v.part))),
            result, describe(result, labels=labels), labels, attempt, self)
        dialog.accepted.connect(lambda: self._on_declare_dialog_accepted(dialog))
        self._open_dialog(dialog)

    def _on_declare_dialog_accepted(self, dialog: DeclareDialog) -> None:
        vote = dialog.result_value
        assert isinstance(vote, Vote)
        self._after_change()
        statement = vote.declaration.statement if vote.declaration else ""
        self._show_message(self.tr("Uitslag vastgesteld: {statement}").format(statement=statement),
                           warning=bool(vote.declaration_differs()))
        self.result_declared.emit(vote.id)

    def _on_rerun_button_clicked(self) -> None:
        v = self._vote
        if v is None:
            return
        vote_id = v.id
        step = Step(v.item, v.part)
        dialog = ConfirmDialog(
            self.tr("Herstemming"),
            self.tr("Herstemming over {step} {title}?").format(step=step, title=self._title(step)),
            self.tr("Stemming {n} blijft bewaard en wordt vervangen door een nieuwe stemming over hetzelfde punt. "
                    "Wie nu aanwezig is met een stempas, mag stemmen.").format(n=self._number(vote_id)),
            self.tr("Herstemming openen (Enter)"), lambda: self.voting.rerun(vote_id), self)
        dialog.accepted.connect(lambda: self._on_rerun_dialog_accepted(dialog))
        self._open_dialog(dialog)

    def _on_rerun_dialog_accepted(self, dialog: ConfirmDialog) -> None:
        vote = dialog.result_value
        assert isinstance(vote, Vote)
        self._after_change()
        self._show_message(self.tr("Herstemming geopend: stemming {n} vervangt stemming {old}.").format(
            n=self._number(vote.id), old=self._number(vote.supersedes or "")))
        self.set_mode(RecordMode.TELLER)
        self.vote_opened.emit(vote.id)

    # -- recording modes --------------------------------------------------------------------------
    def set_mode(self, mode: RecordMode) -> None:
        self.modes.setCurrentIndex(int(mode))
        self.mode = mode
        self._focus_mode()

    def _on_mode_shortcut_activated(self, mode: RecordMode) -> None:
        if self._dialog is None:
            self.set_mode(mode)

    def _on_modes_current_changed(self, index: int) -> None:
        self.mode = RecordMode(index)
        self._focus_mode()

    def _focus_mode(self) -> None:
        if self._dialog is not None:
            return
        if self.mode is RecordMode.GRID:
            self.grid.setFocus()
        elif self.mode is RecordMode.IMPORT:
            self.import_button.setFocus()
        else:
            self.setFocus()

    # -- teller: pass, then choice ----------------------------------------------------------------
    def _teller(self, content: PanelContent, shown: str) -> None:
        self.panel.show_content(content)
        self.teller_shown.emit(shown)

    def _votes_word(self, votes: int) -> str:
        return self.tr("stem") if votes == 1 else self.tr("stemmen")

    def _keys_text(self, vote: Vote) -> str:
        if any(isinstance(o, Option) for o in vote.options):
            n = sum(isinstance(o, Option) for o in vote.options)
            return self.tr("Scan de keuze op het stembiljet of druk 1 t/m {n} (optie), O (onthouding).").format(n=n)
        return self.tr("Scan de keuze op het stemformulier of druk V (voor), T (tegen), O (onthouding).")

    def show_teller_idle(self) -> None:
        self.pending = None
        v = self._vote
        if v is not None and v.is_open:
            content = PanelContent(
                Tone.IDLE, self.tr("SCAN DE STEMPAS"),
                detail=self.tr("Stemming {n} is open. Scan de stempas van het lid; daarna de keuze.").format(
                    n=self._number(v.id)))
        else:
            content = PanelContent(Tone.IDLE, self.tr("GEEN OPEN STEMMING"),
                                   detail=self.tr("Kies een punt in de agenda en open de stemming met F5."))
        self._teller(content, "idle")

    def _teller_refused(self, headline: str, reason: str, municipality: str = "", code: str = "") -> None:
        self.pending = None
        self._play(Cue.REFUSED)
        # No number of votes on a refusal: nobody may read it as "counted".
        self._teller(PanelContent(Tone.REFUSED, headline, municipality, code, detail=reason,
                                  note=self.tr("Er is niets vastgelegd.")), "refused")

    def handle_scan(self, text: str) -> None:
        """A barcode from any source: a stempas starts a choice, a choice sheet code completes it."""
        if self._dialog is not None:
            self._show_message(self.tr("Scan genegeerd: sluit eerst het venster dat open staat."), error=True)
            return
        if self.mode is not RecordMode.TELLER:
            self.set_mode(RecordMode.TELLER)  # wherever the teller was, a scan is a teller action
        m = self.desk.meeting
        try:
            parsed = parse_token(text.strip(), expect={TokenKind.PASS, TokenKind.CHOICE})
            verify_token(parsed, m.meeting_no, m.secret)
        except DeskError as err:
            log.info("teller scan refused: %s", err.code)
            self._teller_refused(self.tr("ONGELDIGE CODE"), err.message())
            return
        if parsed.kind is TokenKind.PASS:
            assert parsed.serial is not None
            self._teller_pass(parsed.serial)
            return
        assert parsed.option is not None
        try:
            choice = choice_from_sheet(parsed.option)
        except DeskError as err:
            self._teller_refused(self.tr("ONBEKENDE KEUZE"), err.message())
            return
        self.record_teller_choice(choice, source="scan")

    def _on_wedge_scanned(self, text: str) -> None:
        self.handle_scan(text)

    def _teller_pass(self, serial: int) -> None:
        try:
            verdict = self.desk.pass_verdict(serial)
            vote = self.voting.current()
        except DeskError as err:  # a locked or lost file
            self._teller_refused(self.tr("NIET GELUKT"), err.message())
            return
        p = verdict.existing
        if p is None:
            self._teller_refused(self.tr("ONBEKENDE STEMPAS"), verdict.explanation())
            return
        municipality = verdict.municipality or p.code
        if vote is None:
            self._teller_refused(self.tr("GEEN OPEN STEMMING"),
                                 self.tr("Er is nog geen stemming geopend."), municipality, p.code)
            return
        # The same checks, in the same order, as the service makes when the choice is recorded:
        # closed, not in the snapshot, no longer present. The service's answer still decides.
        try:
            vote.ensure_recordable()
        except DeskError as err:
            self._teller_refused(self.tr("STEMMING GESLOTEN"), err.message(), municipality, p.code)
            return
        try:
            voter = vote.voter(pass_id=serial)
        except DeskError as err:
            self._teller_refused(self.tr("MAG NIET MEESTEMMEN"), err.message(), municipality, p.code)
            return
        if self.desk.meeting.settings.present_only and p.status != "active":
            status = PASS_STATUS[p.status].render() if p.status in PASS_STATUS else p.status
            self._teller_refused(
                self.tr("STEMPAS NIET GELDIG"),
                self.tr("Stempas {serial} van {municipality} is {status}: met deze pas kan nu niet worden "
                        "gestemd.").format(serial=serial, municipality=municipality, status=status),
                municipality, p.code)
            return
        self.pending = PendingPass(serial, voter.code, municipality, voter.weight)
        earlier = vote.choices().get(voter.code)
        detail = ""
        if vote.secret and voter.code in vote.voted():
            detail = self.tr("Deze gemeente heeft al gestemd; bij een geheime stemming kan dat niet worden gewijzigd.")
        elif earlier is not None:
            detail = self.tr("Eerder gekozen: {choice}. Een nieuwe keuze vervangt die.").format(
                choice=self._choice_text(earlier, self._labels(vote)))
        self._teller(PanelContent(
            Tone.INFO, self.tr("STEMPAS {serial} — WELKE KEUZE?").format(serial=serial), municipality,
            voter.code,
            voter.weight, self._votes_word(voter.weight), self._keys_text(vote), detail), "pass")

    def record_teller_choice(self, choice: Cast, source: str = "key") -> Vote | None:
        """Record ``choice`` for the pending pass; the service checks presence once more."""
        pending = self.pending
        if pending is None:
            self._play(Cue.REFUSED)
            self._teller(PanelContent(
                Tone.WARNING, self.tr("SCAN EERST DE STEMPAS"),
                detail=self.tr("De keuze {choice} is niet vastgelegd: er is geen stempas gescand.").format(
                    choice=self._choice_text(choice, self._labels(self._vote)))), "hint")
            return None
        try:
            before = self.voting.current()
            vote = self.voting.record(choice, pass_serial=pending.serial, source=f"teller:{source}")
        except DeskError as err:
            log.info("teller choice refused: %s", err.code)
            self._teller_refused(self.tr("NIET VASTGELEGD"), err.message(), pending.municipality, pending.code)
            self.refresh()  # a refusal often means the state changed meanwhile (closed, handed in)
            return None
        self.pending = None
        entry = vote.records[-1]
        labels = self._labels(vote)
        earlier = before.choices().get(pending.code) if before is not None and before.id == vote.id else None
        if vote.secret:
            headline = self.tr("STEM VASTGELEGD")
            detail = self.tr("Geheime stemming: de keuze wordt niet getoond en kan niet meer worden gewijzigd.")
        else:
            headline = self._choice_text(choice, labels).upper()
            detail = (self.tr("Gewijzigd: eerder {old}. Alleen de laatste keuze telt.").format(
                old=self._choice_text(earlier, labels)) if earlier is not None and earlier != choice else "")
        self._play(Cue.ACCEPTED)
        self._teller(PanelContent(
            Tone.OK, headline, pending.municipality, pending.code, pending.votes, self._votes_word(pending.votes),
            self.tr("Vastgelegd om {time} · stempas {serial}").format(time=local_time(entry.at), serial=pending.serial),
            detail, self.tr("Scan de volgende stempas.")), "recorded")
        self.refresh()
        self.choice_recorded.emit(pending.code, str(choice))
        return vote

    def _choice_key(self, text: str) -> Cast | None:
        """The choice a key means in the vote on screen; a hint when the key does not fit it."""
        v = self._vote
        options = v.options if v is not None else MATTER_CHOICES
        choice = choice_for_key(text, options)
        if choice is None:
            self._show_message(self.tr("Toets '{key}' hoort niet bij deze stemming. {keys}").format(
                key=text.upper(), keys=self._keys_text(v) if v is not None else ""), error=True)
        return choice

    # -- roll call ----------------------------------------------------------------------------------
    def record_for_row(self, source_row: int, choice: Cast) -> Vote | None:
        """Record ``choice`` for the municipality on ``source_row`` of the grid; then the next row."""
        if not 0 <= source_row < len(self.grid_model.rows):
            return None
        row = self.grid_model.rows[source_row]
        try:
            vote = self.voting.record(choice, code=row.code, source="grid")
        except DeskError as err:
            self._play(Cue.REFUSED)
            self._show_message(self.tr("{name}: {reason}").format(name=row.name, reason=err.message()), error=True)
            self.refresh()
            return None
        proxy_row = self.grid_proxy.mapFromSource(self.grid_model.index(source_row, 0)).row()
        self.refresh()
        self._show_message(self.tr("{name}: {choice} vastgelegd ({votes} {word}).").format(
            name=row.name, choice=self._choice_text(choice, self._labels(vote)) if not vote.secret else
            self.tr("stem"), votes=row.votes, word=self._votes_word(row.votes)))
        self.grid.select_proxy_row(proxy_row + 1)
        self.choice_recorded.emit(row.code, str(choice))
        return vote

    def _on_grid_choice_key_pressed(self, source_row: int, text: str) -> None:
        choice = self._choice_key(text)
        if choice is not None:
            self.record_for_row(source_row, choice)

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.grid_proxy.setFilterFixedString(text)
        self.grid.select_proxy_row(0)

    def _on_filter_edit_return_pressed(self) -> None:
        self.grid.setFocus()
        if not self.grid.currentIndex().isValid():
            self.grid.select_proxy_row(0)

    def _on_find_shortcut_activated(self) -> None:
        if self.mode is not RecordMode.GRID:
            self.set_mode(RecordMode.GRID)
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    # -- results file -------------------------------------------------------------------------------
    def import_results_path(self, path: Path) -> Vote | None:
        """Record a results file in the open vote, all-or-nothing; problems listed by line."""
        self.import_problems.clear()
        try:
            data = path.read_bytes()
        except OSError as err:
            self._import_message(self.tr("Het bestand {path} kan niet worden gelezen: {reason}").format(
                path=path, reason=err.strerror or err), error=True)
            return None
        before = self._vote
        try:
            vote = self.voting.import_results(data, path.name)
        except ImportRefused as err:
            self._play(Cue.REFUSED)
            self._import_message(err.message().splitlines()[0], error=True)
            self.import_problems.addItems([p.message() for p in err.problems])
            return None
        except DeskError as err:
            self._play(Cue.REFUSED)
            self._import_message(err.message(), error=True)
            return None
        added = len(vote.records) - (len(before.records) if before is not None and before.id == vote.id else 0)
        self.refresh()
        self._import_message(self.tr("{name} ingelezen: {n} keuzes vastgelegd in stemming {number}.").format(
            name=path.name, n=added, number=self._number(vote.id)))
        self.results_imported.emit(vote.id, added)
        return vote

    def _import_message(self, text: str, *, error: bool = False) -> None:
        self.import_result.setStyleSheet(f"color: {'#B3201A' if error else '#1B6B2F'};")
        self.import_result.setText(text)

    def _on_import_button_clicked(self) -> None:
        path = self.files.open_file(self, self.tr("Uitslagbestand inlezen"), self.tr("CSV-bestanden (*.csv *.txt)"))
        if path is not None:
            self.import_results_path(path)

    # -- keyboard -----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        # Choice keys and Esc are handled here, not as shortcuts: a shortcut would fire on the digits
        # of a handheld scanner's burst before the keyboard wedge can claim them as a scan.
        text = event.text()
        if is_plain_key(event) and len(text) == 1 and text in CHOICE_KEYS:
            if self.mode is RecordMode.TELLER:
                choice = self._choice_key(text)
                if choice is not None:
                    self.record_teller_choice(choice, source="key")
                return
            if self.mode is RecordMode.GRID:
                self._on_grid_choice_key_pressed(self.grid.current_source_row(), text.lower())
                return
        if event.key() == Qt.Key.Key_Escape and self.mode is RecordMode.TELLER and self.pending is not None:
            self.show_teller_idle()
            return
        super().keyPressEvent(event)

