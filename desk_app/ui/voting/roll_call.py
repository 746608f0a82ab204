"""The roll-call grid (F3): the municipalities of the vote's snapshot, V / T / O per row.

Arrows move, a choice key records for the selected row and moves on, a filter narrows the list
(Ctrl+F). Every new vote — a herstemming too, even with the same municipalities — starts at the
first row, scrolled to the top, with an empty filter: the first answers of a vote never go to
the row where the previous vote ended.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QVBoxLayout, QWidget

from desk_app.domain.tally import Cast
from desk_app.domain.text import DeskError, Translator
from desk_app.domain.vote import Method, Vote
from desk_app.services.chair import VotingBoard
from desk_app.services.voting import VotingService
from desk_app.ui.desk.screen import Cue
from desk_app.ui.desk.sounds import SoundPlayer
from desk_app.ui.voting.models import CHOICE_PX, GridRow, RollCallFilter, RollCallModel, RollCallTable
from desk_app.ui.voting.teller_panel import choice_text

__all__ = ["RollCallPanel", "sort_name"]


def sort_name(name: str) -> str:
    """Dutch order: 's-Gravenhage under G and 's-Hertogenbosch under H, as in the register."""
    return re.sub(r"^'s[- ]", "", name).casefold()


class RollCallPanel(QWidget):
    """Filter field, grid and hint; records through the voting service."""

    def __init__(
        self,
        voting: VotingService,
        board: VotingBoard,
        texts: Translator,
        *,
        sounds: SoundPlayer | None,
        message: Callable[[str, bool], None],
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        """``message(text, error)``: the tab's message line; ``changed``: after a write."""
        super().__init__(parent)
        self.voting = voting
        self.board = board
        self.texts = texts
        self.sounds = sounds
        self._message = message
        self._changed = changed
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Zoek gemeente (naam of code) — Ctrl+F"))
        self.filter_edit.setAccessibleName(self.tr("Zoek gemeente"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.returnPressed.connect(self._on_filter_edit_return_pressed)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.filter_edit)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self._on_filter_edit_return_pressed)
        self.model = RollCallModel([self.tr("Gemeente"), self.tr("Code"), self.tr("Stemmen"), self.tr("Keuze")], self)
        self.proxy = RollCallFilter(self)
        self.proxy.setSourceModel(self.model)
        self.grid = RollCallTable()
        self.grid.setAccessibleName(self.tr("Hoofdelijke stemming: gemeenten en hun keuze"))
        self.grid.setModel(self.proxy)
        # The municipality's name is what the teller reads aloud: it gets the room, never "Amster…".
        header = self.grid.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Code and votes fitted once per vote (fill): they never change within one, and with
        # ResizeToContents every recorded choice measured all 342 rows again (half the time of a
        # key: benchmarks/bench_roll_call.py).
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        # The choice column as wide as the vote's longest choice (set per vote in fill): a fixed
        # 230 px left the names 110 px on a 1024 px screen.
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self._fit_choice_column(["ONTHOUDING"])
        self.hint = QLabel(
            self.tr(
                "↑ ↓ kies de gemeente · V voor · T tegen · O onthouding "
                "(daarna naar de volgende) · de laatste keuze telt"
            )
        )
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.hint)

    # -- filling --------------------------------------------------------------------------------------
    def fill(self) -> None:
        """The current vote's snapshot and choices; a new vote starts at the top."""
        vote = self.board.current
        if vote is None or vote.method is Method.ACCLAMATION:
            self.model.set_rows([], None)
            return
        choices, voted = vote.choices(), vote.voted()
        labels = self.board.labels(vote)
        shown = (
            [self.tr("gestemd (geheim)")]
            if vote.secret
            else [choice_text(o, labels, self.texts.lang) for o in vote.options]
        )
        self._fit_choice_column([text.upper() for text in shown])
        names = self.board.names
        rows = []
        for code, voter in vote.eligible.items():
            if vote.secret:
                text = self.tr("gestemd (geheim)") if code in voted else ""
            else:
                choice = choices.get(code)
                text = choice_text(choice, labels, self.texts.lang) if choice is not None else ""
            rows.append(GridRow(code, names.get(code, code), voter.weight, text, code in voted))
        rows.sort(key=lambda r: sort_name(r.name))
        if self.model.set_rows(rows, vote.id):
            for column in (1, 2):
                self.grid.resizeColumnToContents(column)
            if self.filter_edit.text():
                self.filter_edit.clear()  # an old search would hide the top of the new list
            self.grid.select_proxy_row(0)
            self.grid.scrollToTop()
        elif rows and not self.grid.currentIndex().isValid():
            self.grid.select_proxy_row(0)

    def _fit_choice_column(self, texts: list[str]) -> None:
        font = QFont(self.grid.font())
        font.setPixelSize(CHOICE_PX)  # as the grid's model draws the choice (bold)
        font.setBold(True)
        metrics = QFontMetrics(font)
        width = max([metrics.horizontalAdvance(t) for t in texts] + [metrics.horizontalAdvance(self.tr("Keuze"))])
        self.grid.horizontalHeader().resizeSection(3, width + 24)

    # -- recording ------------------------------------------------------------------------------------
    def record_for_row(self, source_row: int, choice: Cast) -> Vote | None:
        """Record ``choice`` for the municipality on ``source_row``; then the next row."""
        if not 0 <= source_row < len(self.model.rows):
            return None
        row = self.model.rows[source_row]
        try:
            vote = self.voting.record(choice, code=row.code, source="grid")
        except DeskError as err:
            if self.sounds is not None:
                self.sounds.play(Cue.REFUSED)
            self._message(self.tr("{name}: {reason}").format(name=row.name, reason=self.texts.error(err)), True)
            self._changed()
            return None
        proxy_row = self.proxy.mapFromSource(self.model.index(source_row, 0)).row()
        self._changed()
        word = self.tr("stem") if row.votes == 1 else self.tr("stemmen")
        shown = self.tr("stem") if vote.secret else choice_text(choice, self.board.labels(vote), self.texts.lang)
        self._message(
            self.tr("{name}: {choice} vastgelegd ({votes} {word}).").format(
                name=row.name, choice=shown, votes=row.votes, word=word
            ),
            False,
        )
        self.grid.select_proxy_row(proxy_row + 1)
        return vote

    def current_row(self) -> int:
        return self.grid.current_source_row()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.grid.select_proxy_row(0)

    def _on_filter_edit_return_pressed(self) -> None:
        self.grid.setFocus()
        if not self.grid.currentIndex().isValid():
            self.grid.select_proxy_row(0)
