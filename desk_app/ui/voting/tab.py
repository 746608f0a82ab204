"""The "Stemmingen" tab: the chair's table around the agenda, the tellers' panels and the count.

Who uses it: the chair's table (open F5, acclamation F6, close F7, declare F8, herstemming F9, the
order of the votes) and the stemopnemers in the hall. Choices are recorded three ways, each its
own panel: the teller (F2: scan a stempas, then a choice), the roll-call grid (F3) and a results
file (F4). The chair sees the computed outcome here; the hall sees what ``ChairScreen`` allows.

The tab is thin. Which lifecycle action is allowed now, and why not, is the domain's rule
(``domain.vote.permissions``, asked through the board); every write is one service call; what is
on screen comes from a :class:`~desk_app.services.chair.VotingBoard`, read once and then updated
per change of the process's one :class:`~desk_app.ui.change_feed.ChangeFeed` — a recorded choice
reloads that one vote, whoever recorded it (this tab, another teller's laptop, the CLI). After
its own writes the tab asks the feed to look at once, so every view (the tally window too) hears
of it in the same turn.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.agenda import Step
from desk_app.domain.changes import Change
from desk_app.domain.tally import MATTER_CHOICES, Cast, Option, describe, format_votes
from desk_app.domain.text import DeskError, Translator
from desk_app.domain.vote import SUBJECT_LABELS, Action, Method, Permission, Status, Subject, Vote
from desk_app.scanning.wedge import KeyboardWedge
from desk_app.services.chair import BoardChange, VotingBoard
from desk_app.services.desk import Counters
from desk_app.services.voting import VotingService
from desk_app.ui import words
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.desk.presence import counters_text
from desk_app.ui.desk.sounds import SoundPlayer
from desk_app.ui.keyboard import KeyboardPanel
from desk_app.ui.voting.agenda_panel import AgendaPanel
from desk_app.ui.voting.clamped_label import ClampedLabel
from desk_app.ui.voting.dialogs import AcclaimDialog, ConfirmDialog, Declared, DeclareDialog
from desk_app.ui.voting.models import CHOICE_KEYS, is_plain_key
from desk_app.ui.voting.results_import import FileChooser, ImportPanel, QtFileChooser
from desk_app.ui.voting.roll_call import RollCallPanel
from desk_app.ui.voting.teller_panel import TellerPanel, choice_for_key, choice_text
from desk_app.ui.voting.wrap_row import WrapRow

__all__ = ["VotingTab", "RecordMode", "choice_for_key"]


class RecordMode(enum.IntEnum):
    """The three ways of recording choices; the value is the page index."""

    TELLER = 0
    GRID = 1
    IMPORT = 2


_STATE_STYLE = {
    "open": "background: #1B6B2F; color: white;",
    "closed": "background: #FFB000; color: #111111;",
    "declared": "background: #0B4F9C; color: white;",
    "superseded": "background: #5F6B73; color: white;",
}

_STYLE = (
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
    "QLabel#tally { font-size: 18px; }"
    "QLabel#result { font-size: 21px; font-weight: bold; color: #0B4F9C; }"
    "QLabel#pendingCount { font-size: 18px; font-weight: bold; color: #8A5A00; }"
    "QTableView { font-size: 18px; } QHeaderView::section { font-size: 16px; font-weight: bold; }"
    "QLineEdit, QComboBox { font-size: 18px; padding: 4px; min-height: 34px; }"
    "QListWidget { font-size: 16px; }"
    "QTabBar::tab { font-size: 16px; font-weight: bold; padding: 8px 10px; }"
)


class _ModeTabs(QTabWidget):
    """The recording panels' tabs: as tall as the room the tab gives them. Qt would ask the current
    panel's preferred height for the width (its word-wrapped texts), and the scroll area around the
    tab would then scroll a 1024 × 768 screen that holds everything."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API name
        return False


class VotingTab(KeyboardPanel):
    """The Stemmingen tab: agenda and order, the vote's lifecycle, teller / roll call / results file."""

    def __init__(
        self,
        voting: VotingService,
        feed: ChangeFeed,
        counters: Callable[[], Counters],
        texts: Translator,
        *,
        wedge: KeyboardWedge | None = None,
        sounds: SoundPlayer | None = None,
        files: FileChooser | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``feed``: the process's change feed; ``counters``: attendance (``DeskService.counters``);
        ``texts``: the language the services' texts are rendered in (Qt's own through ``tr()``).
        ``wedge``: a keyboard wedge the caller installed; without one the tab makes its own."""
        super().__init__(parent, wedge=wedge)
        self.voting = voting
        self.feed = feed
        self.texts = texts
        self.counters = counters
        self.sounds = sounds
        self.files: FileChooser = files or QtFileChooser()
        self.board = VotingBoard(voting)
        self.mode = RecordMode.TELLER
        self._permissions: dict[Action, Permission] = {}
        self._secret_person_votes = False
        self._build()
        feed.changed.connect(self._on_feed_changed)
        self.reload()
        self.teller.show_idle()

    # -- building -------------------------------------------------------------------------------------
    def _button(self, text: str, key: str | QKeySequence, slot: Callable[[], None]) -> QPushButton:
        return self.shortcut_button(text, key, slot, height=48)

    def _build(self) -> None:
        self.setStyleSheet(_STYLE)
        # Top: which vote, its state, attendance.
        # Titles come from a file (plain text, never markup) and run long: two lines at most, the
        # whole title is in the agenda beside it.
        self.vote_label = ClampedLabel(lines=2)
        self.vote_label.setObjectName("voteTitle")
        self.vote_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state_label = QLabel()
        self.state_label.setObjectName("voteState")
        self.counters_label = QLabel()
        self.counters_label.setObjectName("counters")
        # Two lines ("Aanwezig: 342 van 342 gemeenten ·" is about 410 px), never three, at every width.
        self.counters_label.setWordWrap(True)
        self.counters_label.setMinimumWidth(420)
        self.counters_label.setMaximumWidth(460)
        self.counters_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        top = QHBoxLayout()
        top.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.vote_label, 1)
        top.addWidget(self.counters_label, 0, Qt.AlignmentFlag.AlignTop)

        # What the next vote is about, under the agenda (the chair picks the item, then this).
        self.subject_combo = QComboBox()
        self.subject_combo.setAccessibleName(self.tr("Waarover wordt gestemd"))
        # Wide enough for "stemming over het voorstel"; the longer subjects may be shortened.
        self.subject_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.subject_combo.setMinimumContentsLength(24)
        for subject in Subject:
            self.subject_combo.addItem(self.texts(SUBJECT_LABELS[subject]), subject)
        self.subject_combo.setToolTip(
            self.tr(
                "Waarover wordt gestemd: het voorstel, het voorstel zoals "
                "geamendeerd, of het preadvies van het bestuur."
            )
        )
        self.open_button = self._button(self.tr("Stemming openen (F5)"), "F5", self._on_open_button_clicked)
        self.open_button.setObjectName("primary")
        self.acclaim_button = self._button(self.tr("Acclamatie (F6)"), "F6", self._on_acclaim_button_clicked)
        self.close_button = self._button(self.tr("Sluiten (F7)"), "F7", self._on_close_button_clicked)
        self.declare_button = self._button(self.tr("Uitslag vaststellen (F8)"), "F8", self._on_declare_button_clicked)
        self.rerun_button = self._button(self.tr("Herstemming (F9)"), "F9", self._on_rerun_button_clicked)
        self._action_buttons = {
            Action.OPEN: self.open_button,
            Action.ACCLAIM: self.acclaim_button,
            Action.CLOSE: self.close_button,
            Action.DECLARE: self.declare_button,
            Action.RERUN: self.rerun_button,
        }
        # The vote's lifecycle, left to right in the order the chair uses them: one row down to a
        # 1024 px screen (about 960 px), wrapped into balanced rows below that (200 % scaling).
        self.actions_row = actions = WrapRow()
        for button in self._action_buttons.values():
            actions.addWidget(button)

        # Left: the agenda in voting order (and the tab's message line).
        self.agenda = AgendaPanel(
            self.voting, self.board, self.texts, self._button, files=self.files, changed=self._changed
        )
        self.agenda.table.selectionModel().currentRowChanged.connect(self._on_agenda_current_row_changed)
        self.agenda.add_below_table(self.subject_combo)

        # Right: recording, then the count.
        self.teller = TellerPanel(self.voting, self.board, self.texts, sounds=self.sounds, changed=self._changed)
        self.roll_call = RollCallPanel(
            self.voting,
            self.board,
            self.texts,
            sounds=self.sounds,
            message=self._show_panel_message,
            changed=self._changed,
        )
        self.results = ImportPanel(
            self.voting,
            self.board,
            self.texts,
            self._button,
            files=self.files,
            sounds=self.sounds,
            changed=self._changed,
        )
        self.modes = _ModeTabs()
        self.modes.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # All three tabs readable with their keys, also at 1024 px: no scroll arrows hiding F4.
        self.modes.setUsesScrollButtons(False)
        self.modes.addTab(self.teller, self.tr("Stemopnemer (F2)"))
        self.modes.addTab(self.roll_call, self.tr("Hoofdelijk (F3)"))
        self.modes.addTab(self.results, self.tr("Uitslagbestand (F4)"))
        self.modes.currentChanged.connect(self._on_modes_current_changed)
        self.roll_call.grid.choice_key_pressed.connect(self._on_grid_choice_key_pressed)
        for key, mode, what in (
            ("F2", RecordMode.TELLER, self.tr("Stemopnemer: stempas en keuze scannen")),
            ("F3", RecordMode.GRID, self.tr("Hoofdelijk: keuze per gemeente (V / T / O)")),
            ("F4", RecordMode.IMPORT, self.tr("Uitslagbestand inlezen")),
        ):
            self.key_shortcut(key, partial(self.set_mode, mode), what)
        self.key_shortcut("Ctrl+F", self._on_find_shortcut_activated, self.tr("Zoeken in de lijst"))
        self.tally_label = QLabel()
        self.tally_label.setObjectName("tally")
        self.tally_label.setTextFormat(Qt.TextFormat.RichText)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingCount")
        self.pending_label.setWordWrap(True)
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
        body.addWidget(self.agenda, 5)
        body.addWidget(right_box, 6)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addLayout(actions)
        outer.addLayout(body, 1)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API name
        # The least height the tab needs at this width, not the height it would like: the main window
        # puts the tab in a scroll area, which makes it at least this tall. With the preferred height
        # (Qt's default) a 1024 × 768 screen scrolled although everything fitted.
        layout = self.layout()
        return layout.totalMinimumHeightForWidth(width) if layout is not None else super().heightForWidth(width)

    # -- what changed ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Everything from the store, once (at the start, and after a restore)."""
        try:
            delta = self.board.load()
            self._secret_person_votes = self.voting.meeting_settings().secret_person_votes
        except DeskError as err:  # a locked or lost file: say so, keep what is on screen
            self.agenda.show_message(self.texts.error(err), error=True)
            return
        self._redraw(delta)

    def _on_feed_changed(self, change: Change) -> None:
        try:
            delta = self.board.apply(change)
            if delta.agenda:
                self._secret_person_votes = self.voting.meeting_settings().secret_person_votes
        except DeskError as err:
            self.agenda.show_message(self.texts.error(err), error=True)
            return
        if delta.any:
            self._redraw(delta)

    def _changed(self) -> None:
        """After a write of this tab: the feed looks now, so every view hears of it at once."""
        self.feed.poll()

    def _redraw(self, delta: BoardChange) -> None:
        if delta.presence or delta.everything:
            try:
                self.counters_label.setText(counters_text(self.counters(), self.texts.lang))
            except DeskError as err:
                self.agenda.show_message(self.texts.error(err), error=True)
        if delta.agenda or delta.votes or delta.everything:
            self.agenda.fill(self._secret_person_votes)
        if delta.current or delta.votes or delta.everything:
            self._fill_vote()
            self.roll_call.fill()
            self._fill_tally()
            if self.teller.idle:
                self.teller.show_idle()  # an opened or closed vote changes what the idle panel says
        self._update_buttons()

    # -- the vote on screen ---------------------------------------------------------------------------
    @property
    def vote(self) -> Vote | None:
        """The vote on screen: the open one, else the latest."""
        return self.board.current

    def _fill_vote(self) -> None:
        v = self.board.current
        if self.board.agenda is None:
            self.vote_label.setText(self.tr("Nog geen agenda: lees het agendabestand in (Ctrl+O)."))
            self.state_label.hide()
            return
        if v is None:
            self.vote_label.setText(self.tr("Nog geen stemming gehouden. Kies een punt en open de stemming (F5)."))
            self.state_label.hide()
            return
        step = Step(v.item, v.part)
        title = self.tr("Stemming {n} · punt {step} · {title}").format(
            n=self.board.number(v.id), step=step, title=self.agenda.title(step)
        )
        if v.subject is not Subject.ITEM:
            title += f" ({self.texts(SUBJECT_LABELS[v.subject])})"
        if v.secret:
            title += self.tr(" · geheim")
        self.vote_label.setText(title)
        if v.superseded_by is not None:
            key, word = "superseded", self.tr("VERVANGEN")
        elif v.method is Method.ACCLAMATION:
            key, word = "declared", self.tr("ACCLAMATIE")
        elif v.status is Status.OPEN:
            key, word = "open", self.tr("OPEN")
        elif v.status is Status.CLOSED:
            key, word = "closed", self.tr("GESLOTEN")
        else:
            key, word = "declared", self.tr("VASTGESTELD")
        self.state_label.setText(word)
        self.state_label.setStyleSheet(_STATE_STYLE[key])
        self.state_label.show()

    def _fill_tally(self) -> None:
        """The count as the chair sees it: the computed outcome, before and after the declaration."""
        v = self.board.current
        lang = self.texts.lang
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
        labels = self.board.labels(v)
        rows = []
        for option in result.options:
            count = result.count(option)
            # Outside the f-string: lupdate does not look inside f-string expressions.
            votes_word = self.tr("stem") if count.weight == 1 else self.tr("stemmen")
            members_word = self.tr("gemeente") if count.members == 1 else self.tr("gemeenten")
            pct = result.percent_text(option, lang) or ""
            word = html.escape(choice_text(option, labels, lang).upper())  # labels come from the agenda file
            rows.append(
                f"<tr><td><b>{word}</b></td><td align='right'><b>{format_votes(count.weight, lang)}</b>"
                f"</td><td>{votes_word}</td><td align='right'>&nbsp;{count.members}</td>"
                f"<td>{members_word}</td><td align='right'>&nbsp;{pct}</td></tr>"
            )
        # Tight enough for the right half of a 1024 px screen (the words stay: "1 stem", "1 gemeente").
        self.tally_label.setText("<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>")
        if v.is_open:
            waiting = result.not_voted
            self.pending_label.setText(
                self.tr("Nog niet gestemd: {n} van {total} ({w})").format(
                    n=waiting.members,
                    total=words.municipalities(result.eligible.members),
                    w=words.votes(waiting.weight, format_votes(waiting.weight, lang)),
                )
            )
        computed = describe(result, lang, labels=labels)
        if v.declaration is not None:
            text = self.tr("Vastgesteld: {statement}").format(statement=v.declaration.statement)
            if v.declaration_differs():
                text += self.tr(" — wijkt af van de berekening ({computed})").format(computed=computed)
        elif v.is_open:
            # An interim count, never an outcome: "aangenomen" only once the vote is closed.
            text = self.tr("Tussenstand: de stemming is open, er is nog geen uitslag.")
        else:
            text = self.tr("Berekend: {computed}. Stel de uitslag vast met F8.").format(computed=computed)
        if v.superseded_by is not None:
            text += self.tr(" — vervangen door herstemming {n}").format(n=self.board.number(v.superseded_by))
        self.result_label.setText(text)

    def _update_buttons(self) -> None:
        self._permissions = self.board.permissions(self.agenda.selected_step())
        for action, button in self._action_buttons.items():
            allowed = self._permissions[action]
            button.setEnabled(allowed.allowed)
            button.setToolTip(allowed.reason(self.texts.lang))
        self.agenda.update_buttons()
        is_open = self.board.current is not None and self.board.current.is_open
        self.subject_combo.setEnabled(self.board.agenda is not None and not is_open)

    def shortcut_refused(self, button: QPushButton) -> None:
        """A key whose button cannot act must still say why: the chair is not looking at the buttons."""
        for action, b in self._action_buttons.items():
            if b is button and not self._permissions[action].allowed:
                self.agenda.show_message(self._permissions[action].reason(self.texts.lang), error=True)

    def _on_agenda_current_row_changed(self, *_args: object) -> None:
        self._update_buttons()  # opening depends on what was decided about the selected item

    def _show_panel_message(self, text: str, error: bool) -> None:
        self.agenda.show_message(text, error=error)

    # -- recording modes ------------------------------------------------------------------------------
    def set_mode(self, mode: RecordMode) -> None:
        self.modes.setCurrentIndex(int(mode))
        self.mode = mode
        self.focus_home().setFocus()

    def _on_modes_current_changed(self, index: int) -> None:
        self.mode = RecordMode(index)
        if self.active_dialog is None:
            self.focus_home().setFocus()

    def focus_home(self) -> QWidget:
        if self.mode is RecordMode.GRID:
            return self.roll_call.grid
        if self.mode is RecordMode.IMPORT:
            return self.results.button
        return self

    def _on_find_shortcut_activated(self) -> None:
        if self.mode is not RecordMode.GRID:
            self.set_mode(RecordMode.GRID)
        self.roll_call.focus_filter()

    # -- scans and keys -------------------------------------------------------------------------------
    def handle_scan(self, text: str) -> None:
        """A barcode from any source: a teller action, wherever the teller was."""
        if self.active_dialog is not None:
            self.agenda.show_message(self.tr("Scan genegeerd: sluit eerst het venster dat open staat."), error=True)
            return
        if self.mode is not RecordMode.TELLER:
            self.set_mode(RecordMode.TELLER)
        self.teller.handle_scan(text)

    def _choice_key(self, text: str) -> Cast | None:
        """The choice a key means in the vote on screen; a hint when the key does not fit it."""
        v = self.board.current
        options = v.options if v is not None else MATTER_CHOICES
        choice = choice_for_key(text, options)
        if choice is None:
            self.agenda.show_message(
                self.tr("Toets '{key}' hoort niet bij deze stemming. {keys}").format(
                    key=text.upper(), keys=self.teller.keys_text(v) if v is not None else ""
                ),
                error=True,
            )
        return choice

    def _on_grid_choice_key_pressed(self, source_row: int, text: str) -> None:
        choice = self._choice_key(text)
        if choice is not None:
            self.roll_call.record_for_row(source_row, choice)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        # Choice keys and Esc are handled here, not as shortcuts: a shortcut would fire on the digits
        # of a handheld scanner's burst before the keyboard wedge can claim them as a scan.
        text = event.text()
        if is_plain_key(event) and len(text) == 1 and text in CHOICE_KEYS and self.active_dialog is None:
            if self.mode is RecordMode.TELLER:
                choice = self._choice_key(text)
                if choice is not None:
                    self.teller.record(choice, source="key")
                return
            if self.mode is RecordMode.GRID:
                self._on_grid_choice_key_pressed(self.roll_call.current_row(), text.lower())
                return
        if event.key() == Qt.Key.Key_Escape and self.mode is RecordMode.TELLER and self.teller.pending is not None:
            self.teller.show_idle()
            return
        super().keyPressEvent(event)

    # -- the vote's lifecycle -------------------------------------------------------------------------
    def _after_change(self) -> None:
        self.teller.pending = None
        self._changed()
        self.teller.show_idle()

    def _number(self, vote_id: str | None) -> int:
        return self.board.number(vote_id)

    def open_vote(self, step: Step | None = None, subject: Subject | None = None) -> Vote | None:
        """Open a vote on ``step`` (default: the selected one) with the passes active now.

        On an item that was already voted on, the chair is asked first: confirmed, it is a
        herstemming that supersedes the earlier vote (which is kept). Against the voting order (a
        proposal before its amendments, an amendment after its proposal) the chair is asked too;
        both confirmations are recorded and listed in the proces-verbaal.
        """
        step = step or self.agenda.selected_step()
        allowed = self.board.permissions(step)[Action.OPEN]
        if not allowed.allowed:
            self.agenda.show_message(allowed.reason(self.texts.lang), error=True)
            return None
        assert step is not None
        subject = subject or Subject(self.subject_combo.currentData())  # Qt hands the enum back as its str
        try:
            doubts = "\n".join("• " + w.message(self.texts.lang) for w in self.voting.open_warnings(step))
        except DeskError as err:
            self.agenda.show_message(self.texts.error(err), error=True)
            return None
        if allowed.ask is not None and allowed.rerun_of is not None:
            self._ask_rerun(allowed.rerun_of, allowed.question(self.texts.lang), again=step, doubts=doubts)
            return None
        if doubts:
            self._ask_order(step, subject, doubts)
            return None
        try:
            vote = self.voting.open(step, subject=subject)
        except DeskError as err:
            self.agenda.show_message(self.texts.error(err), error=True)
            return None
        return self._opened(vote)

    def _order_note(self, doubts: str) -> str:
        return (
            self.tr("Let op de stemvolgorde:")
            + "\n"
            + doubts
            + "\n"
            + self.tr("Als u toch opent, komt dat in het proces-verbaal.")
        )

    def _ask_order(self, step: Step, subject: Subject, doubts: str) -> None:
        """A vote against the voting order: asked, then opened with the confirmation recorded."""
        dialog = ConfirmDialog(
            self.tr("Stemvolgorde"),
            self.tr("Stemming over {step} {title} toch openen?").format(step=step, title=self.agenda.title(step)),
            self._order_note(doubts),
            self.tr("Toch openen (Enter)"),
            lambda: self.voting.open(step, subject=subject, confirm_order=True),
            self,
        )
        dialog.accepted.connect(lambda: self._on_order_dialog_accepted(dialog))
        dialog.lang = self.texts.lang
        self.open_dialog(dialog)

    def _on_order_dialog_accepted(self, dialog: ConfirmDialog) -> None:
        vote = dialog.result_value
        assert isinstance(vote, Vote)
        self._opened(vote)

    def _opened(self, vote: Vote) -> Vote:
        self._after_change()
        result = vote.tally()
        assert result is not None
        # "1 gemeente … mag stemmen", "30 gemeenten … mogen stemmen" (two strings: lupdate sees both).
        opened = (
            self.tr("Stemming {n} is geopend: {members} met {votes} mag stemmen.")
            if result.eligible.members == 1
            else self.tr("Stemming {n} is geopend: {members} met {votes} mogen stemmen.")
        )
        self.agenda.show_message(
            opened.format(
                n=self._number(vote.id),
                members=words.municipalities(result.eligible.members),
                votes=words.votes(result.eligible.weight, format_votes(result.eligible.weight, self.texts.lang)),
            )
        )
        self.subject_combo.setCurrentIndex(0)  # the next vote is on an item again unless chosen
        self.set_mode(RecordMode.TELLER)
        return vote

    def _on_open_button_clicked(self) -> None:
        self.open_vote()

    def _on_acclaim_button_clicked(self) -> None:
        step = self.agenda.selected_step()
        allowed = self.board.permissions(step)[Action.ACCLAIM]
        if not allowed.allowed or step is None:
            self.agenda.show_message(allowed.reason(self.texts.lang), error=True)
            return
        dialog = AcclaimDialog(
            self.tr("{step} {title} — aangenomen bij acclamatie?").format(step=step, title=self.agenda.title(step)),
            self.tr("aangenomen bij acclamatie"),
            lambda statement: self.voting.acclaim(step, statement),
            self,
        )
        dialog.accepted.connect(lambda: self._on_acclaim_dialog_accepted(dialog))
        dialog.lang = self.texts.lang
        self.open_dialog(dialog)

    def _on_acclaim_dialog_accepted(self, dialog: AcclaimDialog) -> None:
        vote = dialog.result_value
        assert isinstance(vote, Vote)
        self._after_change()
        self.agenda.show_message(
            self.tr("Vastgelegd: {step} aangenomen bij acclamatie.").format(step=Step(vote.item, vote.part))
        )

    def _on_close_button_clicked(self) -> None:
        v = self.board.current
        if v is None or not v.is_open:
            return
        result = v.tally()
        assert result is not None
        lang = self.texts.lang
        explanation = self.tr(
            "Gestemd: {voted} van {eligible} ({w} van {total}). Nog niet gestemd: {n}. Na het sluiten kan "
            "geen keuze meer worden vastgelegd of gewijzigd."
        ).format(
            voted=result.voted.members,
            eligible=words.municipalities(result.eligible.members),
            w=format_votes(result.voted.weight, lang),
            total=words.votes(result.eligible.weight, format_votes(result.eligible.weight, lang)),
            n=words.municipalities(result.not_voted.members),
        )
        vote_id = v.id
        dialog = ConfirmDialog(
            self.tr("Stemming sluiten"),
            self.tr("Stemming {n} sluiten?").format(n=self._number(vote_id)),
            explanation,
            self.tr("Sluiten (Enter)"),
            lambda: self.voting.close(vote_id),
            self,
        )
        dialog.accepted.connect(lambda: self._on_close_dialog_accepted(dialog))
        dialog.lang = self.texts.lang
        self.open_dialog(dialog)

    def _on_close_dialog_accepted(self, dialog: ConfirmDialog) -> None:
        vote = dialog.result_value
        assert isinstance(vote, Vote)
        self._after_change()
        result = vote.tally()
        computed = describe(result, self.texts.lang, labels=self.board.labels(vote)) if result is not None else ""
        self.agenda.show_message(
            self.tr("Stemming {n} gesloten. Berekend: {computed}. Stel de uitslag vast met F8.").format(
                n=self._number(vote.id), computed=computed
            )
        )

    def _on_declare_button_clicked(self) -> None:
        v = self.board.current
        if v is None:
            return
        result = v.tally()
        if result is None:
            return
        labels: dict[Option, str] = self.board.labels(v)
        vote_id = v.id
        step = Step(v.item, v.part)

        def attempt(d: Declared) -> Vote:
            return self.voting.declare(adopted=d.adopted, statement=d.statement, winner=d.winner, vote_id=vote_id)

        dialog = DeclareDialog(
            self.tr("Stemming {n} · {step} {title}").format(
                n=self._number(vote_id), step=step, title=self.agenda.title(step)
            ),
            result,
            describe(result, self.texts.lang, labels=labels),
            labels,
            attempt,
            self,
            lang=self.texts.lang,
        )
        dialog.accepted.connect(lambda: self._on_declare_dialog_accepted(dialog))
        dialog.lang = self.texts.lang
        self.open_dialog(dialog)

    def _on_declare_dialog_accepted(self, dialog: DeclareDialog) -> None:
        vote = dialog.result_value
        assert isinstance(vote, Vote)
        self._after_change()
        statement = vote.declaration.statement if vote.declaration else ""
        self.agenda.show_message(
            self.tr("Uitslag vastgesteld: {statement}").format(statement=statement),
            warning=bool(vote.declaration_differs()),
        )

    def _on_rerun_button_clicked(self) -> None:
        v = self.board.current
        if v is None:
            return
        self._ask_rerun(v.id, "")

    def _ask_rerun(self, vote_id: str, question: str, *, again: Step | None = None, doubts: str = "") -> None:
        """Herstemming over the item of ``vote_id``: asked, then a new vote supersedes it.

        ``again``: asked because the chair opened an item already voted on (F5); confirmed, the
        vote is opened "again" (recorded as such), with the voting order's ``doubts`` confirmed too.
        """
        summary = self.board.summaries.get(vote_id)
        if summary is None:
            return
        step = Step(summary.item, summary.part)
        explanation = self.tr(
            "Stemming {n} blijft bewaard en wordt vervangen door een nieuwe stemming over hetzelfde punt. "
            "Wie nu aanwezig is met een stempas, mag stemmen."
        ).format(n=summary.number)
        if doubts:
            explanation += "\n\n" + self._order_note(doubts)
        attempt: Callable[[], Vote] = (
            (lambda: self.voting.open(again, again=True, confirm_order=True))
            if again is not None
            else (lambda: self.voting.rerun(vote_id))
        )
        dialog = ConfirmDialog(
            self.tr("Herstemming"),
            self.tr("Herstemming over {step} {title}?").format(step=step, title=self.agenda.title(step)),
            f"{question}\n\n{explanation}" if question else explanation,
            self.tr("Herstemming openen (Enter)"),
            attempt,
            self,
        )
        dialog.accepted.connect(lambda: self._on_rerun_dialog_accepted(dialog))
        dialog.lang = self.texts.lang
        self.open_dialog(dialog)

    def _on_rerun_dialog_accepted(self, dialog: ConfirmDialog) -> None:
        vote = dialog.result_value
        assert isinstance(vote, Vote)
        self._after_change()
        self.agenda.show_message(
            self.tr("Herstemming geopend: stemming {n} vervangt stemming {old}.").format(
                n=self._number(vote.id), old=self._number(vote.supersedes)
            )
        )
        self.set_mode(RecordMode.TELLER)

    # -- files (kept here for the menu and scripts) ---------------------------------------------------
    def load_agenda_path(self, path: Path) -> bool:
        return self.agenda.load_path(path)

    def import_results_path(self, path: Path) -> Vote | None:
        return self.results.import_path(path)
