"""The agenda editor: the secretariat makes and changes the agenda in a window.

Everything the agenda file holds can be made here: items (soort, titel, tekst — the board's
proposal), amendments and sub-amendments with their target, motions with indieners (codes from
the register, completed by name) and the board's preadvies, the majority, votes on persons
(secret or not), a ballot's options, a motion split into parts, how far-reaching an amendment
is, and the voting order (the default from the meeting's setting, or one of its own). Saving
goes through :meth:`VotingService.save_agenda`: the same checks as a file, all or nothing, every
problem listed (double-click one to go to its item); refused once votes were held, as a file is.
An agenda file (TOML, ``.xlsx`` or ``;``-CSV) can be read into the editor and the agenda written
out again as TOML or ``.xlsx``.

Keyboard first: Ctrl+N a new item after the current one, Ctrl+Shift+A a new amendment and
Ctrl+Shift+M a new motion to the current item, Del removes the item (from the list), Alt+Up /
Alt+Down move it, Ctrl+S saves, Ctrl+O reads a file, Ctrl+E exports, Esc closes (asking first
when something is unsaved). Sized for 1366×768 (and 1024×768) and the desk's type size.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QSize, QStringListModel, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.agenda import (
    DEFAULT_PHASE_ORDER,
    PREADVIES_LABELS,
    Agenda,
    AgendaItem,
    AgendaProblem,
    ItemType,
    Kind,
    Part,
    Preadvies,
    Step,
    default_voting_order,
)
from desk_app.domain.agenda_sheet import SOORT_LABELS, agenda_rows
from desk_app.domain.agenda_toml import dump_agenda
from desk_app.domain.register import ImportRefused
from desk_app.domain.text import DeskError, Text
from desk_app.services import sheets
from desk_app.services.voting import VotingService
from desk_app.ui import words
from desk_app.ui.agenda.draft import Draft
from desk_app.ui.agenda.item_list import ItemList, Row
from desk_app.ui.voting.wrap_row import WrapRow

_STYLE = (
    "QWidget { font-size: 15px; }"
    "QLabel#banner { background: #FDECEA; color: #8A1C13; font-weight: bold; padding: 8px; }"
    "QLabel#status { font-weight: bold; color: #1B6B2F; }"
    "QLabel#problemsHead { font-weight: bold; color: #B3201A; }"
    "QListWidget#problems { color: #8A1C13; }"
)
#: The list's least width on opening (the buttons wrap below it; the titles wrap in it).
LIST_LEAST = 300
_TYPES = (
    ItemType.PROCEDURAL,
    ItemType.PROPOSAL,
    ItemType.RESOLUTION,
    ItemType.AMENDMENT,
    ItemType.SUB_AMENDMENT,
    ItemType.MOTION,
)


class AgendaEditor(QDialog):
    """The agenda in a window; ``saved`` carries the :class:`Agenda` as stored."""

    saved = Signal(object)

    def __init__(
        self,
        voting: VotingService,
        members: Mapping[str, str],
        parent: QWidget | None = None,
        *,
        lang: str = "nl",
        phase_order: Sequence[str] = DEFAULT_PHASE_ORDER,
    ) -> None:
        """``members``: the register, code -> name (indieners are checked and completed from it);
        ``lang``: the language of the domain's own words and refusals; ``phase_order``: the
        meeting's voting-order setting, for the default order shown."""
        super().__init__(parent)
        self.voting = voting
        self.members = dict(members)
        self.lang = lang
        self.phase_order = tuple(phase_order)
        self.drafts: list[Draft] = []
        self.custom_order: list[Step] | None = None
        self.dirty = False
        self.locked = False
        self._loading = False
        self.setWindowTitle(self.tr("Agenda bewerken"))
        self.setStyleSheet(_STYLE)
        self._build()
        # 1300 x 700, or the screen's room when that is less (a 1024 x 768 laptop): the title bar stays on it.
        self.resize(QSize(1300, 700).boundedTo(self.screen().availableGeometry().size() - QSize(0, 40)))
        # The list 480 px where the form keeps what it needs (its buttons two or three in a row).
        width = self.width() - 30
        form = self.tabs.minimumSizeHint().width()
        self.splitter.setSizes([max(LIST_LEAST, min(480, width - form)), max(form, width - 480)])
        self._bind_keys()
        self.reload()

    @classmethod
    def for_session(cls, session: object, parent: QWidget | None = None) -> AgendaEditor:
        """The editor on a :class:`desk_app.session.Session` (its voting service, register, language)."""
        from desk_app.session import Session

        assert isinstance(session, Session)
        meeting = session.meeting
        return cls(
            session.voting,
            {m.code: m.name for m in meeting.members()},
            parent,
            lang=session.tr.lang,
            phase_order=meeting.meeting().settings.vote_order,
        )

    # -- building the window ------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        root.addWidget(self.banner)

        head = QHBoxLayout()
        self.meeting_title = QLineEdit()
        self.meeting_date = QLineEdit()
        self.meeting_date.setPlaceholderText(self.tr("JJJJ-MM-DD"))
        self.meeting_date.setMaximumWidth(140)
        self.meeting_place = QLineEdit()
        for label, widget in (
            (self.tr("&Vergadering"), self.meeting_title),
            (self.tr("Dat&um"), self.meeting_date),
            (self.tr("P&laats"), self.meeting_place),
        ):
            lab = QLabel(label)
            lab.setBuddy(widget)
            head.addWidget(lab)
            head.addWidget(widget, 1 if widget is not self.meeting_date else 0)
            widget.textEdited.connect(self._on_meeting_edited)
        root.addLayout(head)

        split = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self._build_list())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_form(), self.tr("Agendapunt"))
        self.tabs.addTab(self.vote_page, self.tr("Stemwijze"))
        self.tabs.addTab(self._build_order(), self.tr("Stemvolgorde"))
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        root.addWidget(split, 1)

        self.problems_head = QLabel()
        self.problems_head.setObjectName("problemsHead")
        self.problems = _wrapping(QListWidget())
        self.problems.setObjectName("problems")
        self.problems.setMaximumHeight(110)
        self.problems.itemActivated.connect(self._on_problems_item_activated)
        self.problems.itemDoubleClicked.connect(self._on_problems_item_activated)
        root.addWidget(self.problems_head)
        root.addWidget(self.problems)
        self.problems_head.hide()
        self.problems.hide()

        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("status")
        bottom.addWidget(self.status, 1)
        self.import_button = QPushButton(self.tr("Inlezen… (Ctrl+O)"))
        self.export_button = QPushButton(self.tr("Exporteren… (Ctrl+E)"))
        self.save_button = QPushButton(self.tr("Opslaan (Ctrl+S)"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.close_button = QPushButton(self.tr("Sluiten (Esc)"))
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        for b in (self.import_button, self.export_button, self.save_button, self.close_button):
            b.setAutoDefault(False)
            bottom.addWidget(b)
        root.addLayout(bottom)

    def _build_list(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("&Agendapunten"))
        self.items = ItemList((self.tr("Nummer"), self.tr("Soort"), self.tr("Titel")))
        label.setBuddy(self.items)
        self.items.currentRowChanged.connect(self._on_items_current_row_changed)
        lay.addWidget(label)
        lay.addWidget(self.items, 1)
        # Three in a row when there is room, else two or one: the list keeps its width on a small screen.
        buttons = WrapRow()
        self.new_button = QPushButton(self.tr("Nieuw punt (Ctrl+N)"))
        self.new_amendment_button = QPushButton(self.tr("Amendement (Ctrl+Shift+A)"))
        self.new_motion_button = QPushButton(self.tr("Motie (Ctrl+Shift+M)"))
        self.remove_button = QPushButton(self.tr("Verwijderen (Del)"))
        self.up_button = QPushButton(self.tr("Omhoog (Alt+↑)"))
        self.down_button = QPushButton(self.tr("Omlaag (Alt+↓)"))
        self.new_button.clicked.connect(self.add_item)
        self.new_amendment_button.clicked.connect(self.add_amendment)
        self.new_motion_button.clicked.connect(self.add_motion)
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        for b in (
            self.new_button,
            self.new_amendment_button,
            self.new_motion_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ):
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            buttons.addWidget(b)
        lay.addLayout(buttons)
        return box

    def _build_form(self) -> QWidget:
        """Two pages: what the item is (this one) and how it is voted on (``vote_page``)."""
        page = QWidget()
        left = QFormLayout(page)
        self.vote_page = QWidget()
        right = QFormLayout(self.vote_page)

        self.key = QLineEdit()
        self.key.setPlaceholderText(self.tr("bijv. 4, 4.A1, 4.M1"))
        self.type = QComboBox()
        for t in _TYPES:
            self.type.addItem(SOORT_LABELS[t].render(self.lang), t)
        self.title = QLineEdit()
        self.target = QComboBox()
        self.target.setEditable(True)
        self.indieners = QLineEdit()
        self.indieners.setPlaceholderText(self.tr("gemeentecodes, bijv. GM0153, GM0363"))
        self._indieners_completer = QCompleter(
            QStringListModel([f"{code} {name}" for code, name in sorted(self.members.items())]), self
        )
        self._indieners_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._indieners_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._indieners_completer.setWidget(self.indieners)
        self._indieners_completer.activated.connect(self._on_indieners_completer_activated)
        self.indieners.textEdited.connect(self._on_indieners_text_edited)
        self.indieners_names = QLabel()
        self.indieners_names.setWordWrap(True)
        self.preadvies = QComboBox()
        self.preadvies.addItem(self.tr("(geen)"), None)
        for p in Preadvies:
            self.preadvies.addItem(PREADVIES_LABELS[p].render(self.lang), p)
        self.majority = QComboBox()
        self.majority.setEditable(True)
        self.majority.addItems(["gewoon", "twee derde"])
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.note = QLineEdit()

        for label, widget in (
            (self.tr("&Nummer"), self.key),
            (self.tr("&Soort"), self.type),
            (self.tr("&Titel"), self.title),
            (self.tr("&Doel (wijzigt / hoort bij)"), self.target),
            (self.tr("&Indieners"), self.indieners),
            ("", self.indieners_names),
            (self.tr("&Preadvies bestuur"), self.preadvies),
            (self.tr("&Meerderheid"), self.majority),
            (self.tr("T&ekst (voorstel van het bestuur)"), self.text),
            (self.tr("N&otitie"), self.note),
        ):
            left.addRow(label, widget)

        self.kind = QComboBox()
        self.kind.addItem(self.tr("een zaak (stemgedrag per lid openbaar)"), Kind.MATTER)
        self.kind.addItem(self.tr("personen"), Kind.PERSONS)
        self.secret = QComboBox()
        self.secret.addItem(self.tr("volgens de vergaderinstelling"), None)
        self.secret.addItem(self.tr("geheim"), True)
        self.secret.addItem(self.tr("openbaar"), False)
        self.reach = QSpinBox()
        self.reach.setRange(0, 99)
        self.reach.setToolTip(self.tr("Hoe verstrekkend: een hoger getal wordt eerder gestemd."))
        self.options = QPlainTextEdit()
        self.options.setTabChangesFocus(True)
        self.options.setPlaceholderText(self.tr("één keuze per regel (leeg: voor / tegen / onthouding)"))
        self.options.setMaximumHeight(120)
        self.parts = QTableWidget(0, 3)
        self.parts.setHorizontalHeaderLabels([self.tr("Deel"), self.tr("Titel"), self.tr("Tekst")])
        self.parts.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.parts.verticalHeader().hide()
        self.parts.setTabKeyNavigation(False)
        self.parts.setMinimumHeight(160)
        parts_buttons = QHBoxLayout()
        self.add_part_button = QPushButton(self.tr("Deel toevoegen"))
        self.remove_part_button = QPushButton(self.tr("Deel verwijderen"))
        for b in (self.add_part_button, self.remove_part_button):
            b.setAutoDefault(False)
            parts_buttons.addWidget(b)
        self.add_part_button.clicked.connect(self.add_part)
        self.remove_part_button.clicked.connect(self.remove_part)
        vote_widget: QWidget
        for label, vote_widget in (
            (self.tr("Stemming &over"), self.kind),
            (self.tr("&Geheim"), self.secret),
            (self.tr("&Reikwijdte"), self.reach),
            (self.tr("&Keuzes (stembriefje)"), self.options),
            (self.tr("Gesplitst in &delen"), self.parts),
        ):
            right.addRow(label, vote_widget)
        right.addRow("", parts_buttons)

        for edit in (self.key, self.title, self.indieners, self.note):
            edit.textEdited.connect(self._on_form_changed)
        for combo in (self.type, self.preadvies, self.kind, self.secret):
            combo.currentIndexChanged.connect(self._on_form_changed)
        for combo in (self.target, self.majority):
            combo.editTextChanged.connect(self._on_form_changed)
        self.text.textChanged.connect(self._on_form_changed)
        self.options.textChanged.connect(self._on_form_changed)
        self.reach.valueChanged.connect(self._on_form_changed)
        self.parts.itemChanged.connect(self._on_form_changed)
        self.form_page = page
        return page

    def _build_order(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.order_default = QRadioButton(self.tr("Standaardvolgorde (volgens de vergaderinstelling)"))
        self.order_custom = QRadioButton(self.tr("Eigen volgorde"))
        group = QButtonGroup(page)
        group.addButton(self.order_default)
        group.addButton(self.order_custom)
        self.order_default.toggled.connect(self._on_order_mode_toggled)
        lay.addWidget(self.order_default)
        lay.addWidget(self.order_custom)
        self.order = _wrapping(QListWidget())
        self.order.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        lay.addWidget(self.order, 1)
        row = QHBoxLayout()
        self.order_up = QPushButton(self.tr("Eerder (Alt+↑)"))
        self.order_down = QPushButton(self.tr("Later (Alt+↓)"))
        self.order_reset = QPushButton(self.tr("Opnieuw berekenen"))
        for b in (self.order_up, self.order_down, self.order_reset):
            b.setAutoDefault(False)
            row.addWidget(b)
        self.order_up.clicked.connect(lambda: self._move_step(-1))
        self.order_down.clicked.connect(lambda: self._move_step(1))
        self.order_reset.clicked.connect(self._on_order_reset_clicked)
        lay.addLayout(row)
        return page

    def _bind_keys(self) -> None:
        def key(
            seq: QKeySequence | QKeySequence.StandardKey | str,
            slot: Callable[[], object],
            widget: QWidget | None = None,
        ) -> None:
            shortcut = QShortcut(QKeySequence(seq), widget or self)
            if widget is not None:
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        key("Ctrl+N", self.add_item)
        key("Ctrl+Shift+A", self.add_amendment)
        key("Ctrl+Shift+M", self.add_motion)
        key(QKeySequence.StandardKey.Save, self.save)
        key("Ctrl+O", self.import_file)
        key("Ctrl+E", self.export_file)
        key("Del", self.remove_item, self.items)
        key("Alt+Up", self.move_up, self.items)
        key("Alt+Down", self.move_down, self.items)
        key("Alt+Up", lambda: self._move_step(-1), self.order)
        key("Alt+Down", lambda: self._move_step(1), self.order)

    # -- loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Show the stored agenda (or an empty one); unsaved edits are dropped."""
        self._show_agenda(self.voting.agenda())
        self.dirty = False
        locked = bool(self.voting.votes())
        self.banner.setText(
            self.tr(
                "Er is al gestemd: de agenda kan niet meer worden gewijzigd. U kunt hem bekijken en "
                "exporteren; de stemvolgorde wijzigt u in het tabblad Stemmingen."
            )
        )
        self.banner.setVisible(locked)
        for w in (
            self.form_page,
            self.vote_page,
            self.meeting_title,
            self.meeting_date,
            self.meeting_place,
            self.new_button,
            self.new_amendment_button,
            self.new_motion_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.save_button,
            self.import_button,
            self.order_default,
            self.order_custom,
            self.order_up,
            self.order_down,
            self.order_reset,
        ):
            w.setEnabled(not locked)
        self.locked = locked

    def _show_agenda(self, agenda: Agenda | None) -> None:
        self._loading = True
        try:
            self.drafts = [Draft.of(i) for i in agenda.items] if agenda else []
            self.meeting_title.setText(agenda.title if agenda else "")
            self.meeting_date.setText(agenda.date if agenda else "")
            self.meeting_place.setText(agenda.place if agenda else "")
            self.custom_order = list(agenda.voting_order) if agenda and agenda.voting_order is not None else None
            self.items.set_rows([self._row(n) for n in range(len(self.drafts))])
        finally:
            self._loading = False
        self.items.setCurrentRow(0 if self.drafts else -1)
        self._show_form(self.items.currentRow())
        self._refresh_order()
        self._show_problems([])
        self.items.setFocus()

    # -- the list of items ------------------------------------------------------------------------
    def _row(self, n: int) -> Row:
        d = self.drafts[n]
        return d.key or "?", SOORT_LABELS[d.type].render(self.lang), d.title, bool(d.target.strip())

    def _current(self) -> int:
        return self.items.currentRow()

    def _insert(self, draft: Draft, at: int | None = None) -> None:
        at = len(self.drafts) if at is None else at
        self.drafts.insert(at, draft)
        self.items.insert_row(at, self._row(at))
        self.items.setCurrentRow(at)
        self._changed()
        self.tabs.setCurrentIndex(0)
        self.key.setFocus()
        self.key.selectAll()

    def add_item(self) -> None:
        if self.locked:
            return
        n = self._current()
        self._insert(Draft(key=self._next_number()), n + 1 if n >= 0 else None)

    def add_amendment(self) -> None:
        self._add_child(ItemType.AMENDMENT, "A")

    def add_motion(self) -> None:
        self._add_child(ItemType.MOTION, "M")

    def _add_child(self, item_type: ItemType, letter: str) -> None:
        """A new amendment or motion to the current item, placed after its last child."""
        n = self._current()
        if self.locked or n < 0:
            return
        parent = self.drafts[n]
        if parent.target.strip() and item_type is ItemType.MOTION:
            parent = next((d for d in self.drafts if d.key == parent.target.strip()), parent)
        sub = item_type is ItemType.AMENDMENT and parent.type is ItemType.AMENDMENT
        kind = ItemType.SUB_AMENDMENT if sub else item_type
        prefix = f"{parent.key}.{'S' if sub else letter}"
        count = sum(1 for d in self.drafts if d.key.startswith(prefix))
        last = max((i for i, d in enumerate(self.drafts) if d.key == parent.key or d.target == parent.key), default=n)
        self._insert(Draft(key=f"{prefix}{count + 1}", type=kind, target=parent.key), last + 1)

    def _next_number(self) -> str:
        whole = [int(d.key) for d in self.drafts if d.key.isdigit()]
        return str(max(whole, default=0) + 1)

    def remove_item(self) -> None:
        n = self._current()
        if self.locked or n < 0:
            return
        del self.drafts[n]
        self.items.removeRow(n)
        self._changed()
        self._show_form(self.items.currentRow())

    def move_up(self) -> None:
        self._move_item(-1)

    def move_down(self) -> None:
        self._move_item(1)

    def _move_item(self, delta: int) -> None:
        n = self._current()
        m = n + delta
        if self.locked or n < 0 or not 0 <= m < len(self.drafts):
            return
        self.drafts[n], self.drafts[m] = self.drafts[m], self.drafts[n]
        for i in (n, m):
            self.items.set_row(i, self._row(i))
        self.items.setCurrentRow(m)
        self._changed()

    def _on_items_current_row_changed(self, row: int) -> None:
        if not self._loading:
            self._show_form(row)

    # -- the form ---------------------------------------------------------------------------------
    def _show_form(self, n: int) -> None:
        self._loading = True
        try:
            d = self.drafts[n] if 0 <= n < len(self.drafts) else Draft()
            self.form_page.setEnabled(0 <= n < len(self.drafts) and not self.locked)
            self.vote_page.setEnabled(0 <= n < len(self.drafts) and not self.locked)
            self.key.setText(d.key)
            self.type.setCurrentIndex(self.type.findData(d.type))
            self.title.setText(d.title)
            self.title.setCursorPosition(0)
            self.target.clear()
            self.target.addItem("")
            self.target.addItems([o.key for o in self.drafts if o is not d and o.key])
            self.target.setEditText(d.target)
            self.indieners.setText(d.indieners)
            self._show_indieners_names(d.indieners)
            self.preadvies.setCurrentIndex(max(0, self.preadvies.findData(d.preadvies)))
            self.majority.setEditText(d.majority or "gewoon")
            self.kind.setCurrentIndex(self.kind.findData(d.kind))
            self.secret.setCurrentIndex(max(0, self.secret.findData(d.secret)))
            self.reach.setValue(d.reach)
            self.text.setPlainText(d.text)
            self.options.setPlainText(d.options)
            self.note.setText(d.note)
            self.note.setCursorPosition(0)
            self.parts.setRowCount(0)
            for p in d.parts:
                self._append_part_row(p)
            self._enable_fields(d)
        finally:
            self._loading = False

    def _enable_fields(self, d: Draft) -> None:
        votable = d.type is not ItemType.PROCEDURAL
        amends = d.type in (ItemType.AMENDMENT, ItemType.SUB_AMENDMENT)
        for w in (self.preadvies, self.majority, self.kind, self.options, self.parts):
            w.setEnabled(votable)
        self.add_part_button.setEnabled(votable)
        self.remove_part_button.setEnabled(votable)
        self.target.setEnabled(d.type in (ItemType.AMENDMENT, ItemType.SUB_AMENDMENT, ItemType.MOTION))
        self.indieners.setEnabled(d.type in (ItemType.AMENDMENT, ItemType.SUB_AMENDMENT, ItemType.MOTION))
        self.reach.setEnabled(amends)
        self.secret.setEnabled(votable and d.kind is Kind.PERSONS)

    def _on_form_changed(self, *_: object) -> None:
        if self._loading:
            return
        n = self._current()
        if not 0 <= n < len(self.drafts):
            return
        d = self.drafts[n]
        d.key = self.key.text()
        # Qt hands enum data back as plain str: turned back into the domain's enums here.
        d.type = ItemType(self.type.currentData())
        d.title = self.title.text()
        d.target = self.target.currentText()
        d.indieners = self.indieners.text()
        preadvies = self.preadvies.currentData()
        d.preadvies = Preadvies(preadvies) if preadvies else None
        majority = self.majority.currentText().strip()
        d.majority = "" if majority == "gewoon" else majority
        d.kind = Kind(self.kind.currentData())
        d.secret = self.secret.currentData()
        d.reach = self.reach.value()
        d.text = self.text.toPlainText()
        d.options = self.options.toPlainText()
        d.note = self.note.text()
        d.parts = [self._part_of_row(r) for r in range(self.parts.rowCount())]
        self.items.set_row(n, self._row(n))
        self._show_indieners_names(d.indieners)
        self._enable_fields(d)
        self._changed()

    def _show_indieners_names(self, text: str) -> None:
        item, _ = Draft(indieners=text).item(self.members)
        codes = item.indieners if item else ()
        self.indieners_names.setText(", ".join(self.members.get(c, f"{c}?") for c in codes))

    def _on_indieners_text_edited(self, text: str) -> None:
        # Complete the last entry: "GM0153, ensch" offers "GM0344 Enschede"-style entries.
        last = text.replace(";", ",").split(",")[-1].strip()
        if len(last) >= 2:
            self._indieners_completer.setCompletionPrefix(last)
            self._indieners_completer.complete()

    def _on_indieners_completer_activated(self, chosen: str) -> None:
        code = chosen.split(" ", 1)[0]
        parts = [p.strip() for p in self.indieners.text().replace(";", ",").split(",")]
        parts[-1] = code
        self.indieners.setText(", ".join(p for p in parts if p))
        self._on_form_changed()

    def _append_part_row(self, part: Part) -> None:
        r = self.parts.rowCount()
        self.parts.insertRow(r)
        for c, value in enumerate((part.key, part.title, part.text)):
            self.parts.setItem(r, c, QTableWidgetItem(value))

    def _part_of_row(self, r: int) -> Part:
        cells = [self.parts.item(r, c) for c in range(3)]
        key, title, text = (cell.text() if cell is not None else "" for cell in cells)
        return Part(key, title, text)

    def add_part(self) -> None:
        keys = "abcdefghijklmnopqrstuvwxyz"
        self._append_part_row(Part(keys[self.parts.rowCount() % 26], "", ""))
        self._on_form_changed()
        self.parts.setCurrentCell(self.parts.rowCount() - 1, 1)
        self.parts.setFocus()

    def remove_part(self) -> None:
        r = self.parts.currentRow()
        if r >= 0:
            self.parts.removeRow(r)
            self._on_form_changed()

    def _on_meeting_edited(self, _: str) -> None:
        self._changed()

    # -- the voting order -------------------------------------------------------------------------
    def _refresh_order(self) -> None:
        self._loading = True
        try:
            custom = self.custom_order is not None
            self.order_custom.setChecked(custom)
            self.order_default.setChecked(not custom)
            steps = self.custom_order if custom else self._default_order()
            titles = {d.key.strip(): d.title for d in self.drafts}
            self.order.clear()
            for n, step in enumerate(steps or [], start=1):
                item = QListWidgetItem(f"{n}.  {step}  —  {titles.get(step.item, '?')}")
                item.setToolTip(item.text())
                item.setData(Qt.ItemDataRole.UserRole, str(step))
                self.order.addItem(item)
            for b in (self.order_up, self.order_down, self.order_reset):
                b.setEnabled(custom and not self.locked)
            self.order.setEnabled(True)
        finally:
            self._loading = False

    def _default_order(self) -> list[Step]:
        items = [i for i, _ in (d.item(self.members) for d in self.drafts) if i is not None]
        if len(items) != len(self.drafts):
            return []
        try:
            return list(default_voting_order(Agenda(tuple(items)), self.phase_order))
        except (DeskError, KeyError, RecursionError):
            return []  # an agenda that does not hold together yet: shown once it does

    def _on_order_mode_toggled(self, default: bool) -> None:
        if self._loading:
            return
        self.custom_order = None if default else self._default_order()
        self._refresh_order()
        self._changed(order=False)

    def _on_order_reset_clicked(self) -> None:
        self.custom_order = self._default_order()
        self._refresh_order()
        self._changed(order=False)

    def _move_step(self, delta: int) -> None:
        if self.custom_order is None or self.locked:
            return
        n = self.order.currentRow()
        m = n + delta
        if n < 0 or not 0 <= m < len(self.custom_order):
            return
        self.custom_order[n], self.custom_order[m] = self.custom_order[m], self.custom_order[n]
        self._refresh_order()
        self.order.setCurrentRow(m)
        self._changed(order=False)

    # -- saving, files ----------------------------------------------------------------------------
    def _changed(self, *, order: bool = True) -> None:
        if self._loading:
            return
        self.dirty = True
        self.status.setText(self.tr("Niet opgeslagen wijzigingen"))
        if order:
            self._refresh_order()

    def agenda(self) -> Agenda | None:
        """The agenda as typed (not yet checked), or None with the problems shown."""
        items: list[AgendaItem] = []
        problems: list[tuple[str, int | None]] = []
        for n, d in enumerate(self.drafts):
            item, unread = d.item(self.members)
            problems += [(t.render(self.lang), n) for t in unread]
            if item is not None:
                items.append(item)
        if problems:
            self._show_problems(problems)
            return None
        return Agenda(
            tuple(items),
            title=self.meeting_title.text().strip(),
            date=self.meeting_date.text().strip(),
            place=self.meeting_place.text().strip(),
            voting_order=tuple(self.custom_order) if self.custom_order is not None else None,
        )

    def save(self) -> bool:
        """Store the agenda (all or nothing); True when it was stored."""
        if self.locked:
            return False
        agenda = self.agenda()
        if agenda is None:
            return False
        try:
            stored = self.voting.save_agenda(agenda)
        except ImportRefused as exc:
            self._show_refusal(exc)
            return False
        except DeskError as exc:
            self._show_problems([(exc.message(self.lang), None)])
            return False
        self._show_agenda(stored)
        keep = self.items.currentRow()
        self.dirty = False
        self.status.setText(
            self.tr("Agenda opgeslagen: {items}, {votes}.").format(
                items=words.agenda_items(len(stored.items)), votes=words.votings(len(stored.steps()))
            )
        )
        self.items.setCurrentRow(keep)
        self.saved.emit(stored)
        return True

    def _show_refusal(self, exc: ImportRefused) -> None:
        rows = {d.key.strip(): n for n, d in enumerate(self.drafts)}
        problems: list[tuple[str, int | None]] = []
        for p in exc.problems:
            where = p.params.get("where") if isinstance(p, AgendaProblem) else None
            key = where.nl.removeprefix("agendapunt ") if isinstance(where, Text) else ""
            if key.startswith("nr. ") and key[4:].isdigit():
                index: int | None = int(key[4:]) - 1
            else:
                index = rows.get(key)
            problems.append((p.message(self.lang), index))
        self._show_problems(problems)

    def _show_problems(self, problems: Sequence[tuple[str, int | None]]) -> None:
        self.problems.clear()
        for text, index in problems:
            item = QListWidgetItem(text)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.problems.addItem(item)
        self.problems_head.setText(
            self.tr("Niet opgeslagen: {count}. Dubbelklik op een fout om naar het agendapunt te gaan.").format(
                count=words.errors(len(problems))
            )
        )
        self.problems_head.setVisible(bool(problems))
        self.problems.setVisible(bool(problems))
        if problems:
            self.status.setText("")

    def _on_problems_item_activated(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(index, int) and 0 <= index < len(self.drafts):
            self.items.setCurrentRow(index)
            self.tabs.setCurrentIndex(0)
            self.key.setFocus()

    def load_file(self, path: Path) -> bool:
        """Read an agenda file into the editor (not stored until saved); True when it was read."""
        try:
            agenda = sheets.read_agenda(path, path.read_bytes(), set(self.members))
        except ImportRefused as exc:
            self._show_problems(
                [(exc.message(self.lang).splitlines()[0], None)] + [(p.message(self.lang), None) for p in exc.problems]
            )
            return False
        except (DeskError, OSError) as exc:
            text = exc.message(self.lang) if isinstance(exc, DeskError) else str(exc)
            self._show_problems([(text, None)])
            return False
        self._show_agenda(agenda)
        self.dirty = True
        self.status.setText(self.tr("Ingelezen uit {name}: nog niet opgeslagen.").format(name=path.name))
        return True

    def import_file(self) -> None:
        if self.locked:
            return
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Agenda inlezen"), "", self.tr("Agenda (*.toml *.xlsx *.csv);;Alle bestanden (*)")
        )
        if name:
            self.load_file(Path(name))

    def write_file(self, path: Path) -> bool:
        """Write the agenda as typed to a TOML file, or a spreadsheet when the name ends in .xlsx."""
        agenda = self.agenda()
        if agenda is None:
            return False
        try:
            if path.suffix.lower() == ".xlsx":
                sheets.write_workbook(path, agenda_rows(agenda))
            else:
                path.write_text(dump_agenda(agenda), encoding="utf-8")
        except OSError as exc:
            self._show_problems([(str(exc), None)])
            return False
        self.status.setText(self.tr("Geëxporteerd naar {name}.").format(name=path.name))
        return True

    def export_file(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Agenda exporteren"),
            "agenda.toml",
            self.tr("Agendabestand (*.toml);;Spreadsheet, alleen de kolommen van het blad (*.xlsx)"),
        )
        if name:
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(".xlsx" if "xlsx" in chosen else ".toml")
            self.write_file(path)

    # -- closing ----------------------------------------------------------------------------------
    def _may_close(self) -> bool:
        """True when nothing unsaved would be lost (or the user chose what to do with it)."""
        if not self.dirty or self.locked:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Agenda bewerken"),
            self.tr("De wijzigingen in de agenda zijn nog niet opgeslagen. Nu opslaan?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.dirty = False
            return True
        return False

    def reject(self) -> None:  # Esc and "Sluiten"
        if self._may_close():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API name
        if self._may_close():
            self.dirty = False  # QDialog's closeEvent rejects: asked once is enough
            super().closeEvent(event)
        else:
            event.ignore()


def _wrapping(view: QListWidget) -> QListWidget:
    """A list whose long lines (a title, a problem) wrap instead of scrolling sideways."""
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    return view
