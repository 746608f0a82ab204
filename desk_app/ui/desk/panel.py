"""The desk panel ("Balie"): scan a card, read the verdict from a metre away, issue the stempas.

Where a scan goes: a barcode arrives (the camera worker's ``code_seen``, the handheld scanner
through the panel's keyboard wedge, or digits typed in the F2 look-up) at :meth:`handle_scan`.
While someone is filling in a form (who presents an accepted card, a substitute, an override)
or a dialog is open, the scan is *held*: the form stays as typed, scans wait in the order they
came (a card seen twice waits once), a banner counts them and says whose cards they are, and
after Enter or Esc they are taken one by one (a form keeps the rest waiting; a refusal is shown
for a moment before the next). Otherwise the service's
verdict (:meth:`DeskService.scan`) goes through the pure mapping of
:class:`~desk_app.ui.desk.screen.DeskScreens` to a :class:`~desk_app.ui.desk.screen.Screen`,
which this panel renders: the big panel, the form, the actions the domain allows, the sound.

Where issuing goes: Enter (or a coördinator's dialog) calls one service use case
(``DeskService.issue`` and its siblings) that checks in, prints through the desk's printer and
records the print; the panel shows "issued" as soon as the pass is committed (the service's
``announce``), then the printer's answer.

Counters, the recent list and the presence list follow the one change feed
(:class:`~desk_app.ui.change_feed.ChangeFeed`): this desk's writes and other desks' alike.
Keys, the wedge, dialogs and focus come from :class:`~desk_app.ui.keyboard.KeyboardPanel`.

One person, one pass: a person the service refuses because they already represent another
municipality gets a red screen saying where, with the form as typed; F8 lets the coördinator admit
a namesake (PIN and reason). Is the record whole? The panel checks the meeting file (with the
newest backup as an anchor) when it starts, after every closed vote and when the chain was
replaced, on a worker thread (a full day's check takes about a tenth of a second). On a failure a
red banner tells the clerk to call the coördinator, and the desk service refuses to issue.

On the meeting server (several desks) the panel also follows the link to the primary (the feed's
``link_changed``). **Cut off**, a red "GEEN VERBINDING" banner says so at once and the desk issues
and records nothing: a scan or a look-up shows what the desk's local copy last knew (marked with
its time), never "TOEGELATEN"; F4 prints the presence list from that copy. When the link returns
the banner goes and the desk carries on by itself. A check-in whose COMMIT was cut off is **in
doubt**: the panel says so and, as soon as the server answers, finds out by its event ids whether
it was saved (:func:`desk_app.services.connection.resolve`): then it shows the pass, or says that
nothing was issued. "Al geregistreerd" is shown as final only once the server confirmed that the
standby holds the registration it rests on (:func:`~desk_app.services.connection.final_verdict`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QImage, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.changes import Change, Topic
from desk_app.domain.checkin import LIVE_STATUSES, PassAction, PassInfo, PassStatus, Verdict, VerdictKind
from desk_app.domain.clock import amsterdam, local_time
from desk_app.domain.mandate import ROLES, normalise_role, role_label
from desk_app.domain.text import DeskError, Translator
from desk_app.printing.stempas import PassPrinter
from desk_app.scanning.hints import Hint
from desk_app.scanning.wedge import KeyboardWedge
from desk_app.scanning.worker import ScanWorker
from desk_app.services import connection
from desk_app.services.desk import Coordinator, DeskService, Issued, Match, clashes_text
from desk_app.services.integrity import RecordCheck, check_record
from desk_app.services.local_copy import CopyReader
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.desk.dialogs import LookupDialog, PrinterDialog, SupervisorDialog
from desk_app.ui.desk.presence import PresenceDialog, counters_text
from desk_app.ui.desk.screen import FORM_MODES, DeskScreens, Mode, Screen, Tone
from desk_app.ui.desk.sounds import SoundPlayer
from desk_app.ui.desk.widgets import CameraPreview, VerdictPanel
from desk_app.ui.jobs import PoolRunner, Runner
from desk_app.ui.keyboard import KeyboardPanel

log = logging.getLogger("stembalie.desk.ui")


def _clock(ts: float) -> str:
    """'14:03:07' (Amsterdam) for a ``time.time()``."""
    return local_time(datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")) if ts else "?"


__all__ = ["DeskPanel", "Mode"]

_OTHER_ROLE = "__other__"
# A scanner too slow for the wedge types its digits into the focused field (18 to 22 of them).
_TOKEN_IN_TEXT = re.compile(r"\d{18,22}")
# The order of the action buttons on screen (F5 prints or reprints: one button).
_ACTION_ORDER = (
    PassAction.LEAVE,
    PassAction.RETURN,
    PassAction.PRINT,
    PassAction.LOST,
    PassAction.SUBSTITUTE,
    PassAction.OVERRIDE,
    PassAction.UNDO,
)

#: Type size of the form's fields (read from a metre away), and how many average characters of it
#: the name field always has room for.
_FIELD_PX = 24
NAME_FIELD_CHARS = 22


class DeskPanel(KeyboardPanel):
    """The desk: camera preview, verdict panel, confirm form, actions, counters."""

    #: A screen is shown: a VerdictKind value, or 'issued', 'role_refused', 'print_failed', 'undone',
    #: 'error', 'substitute', 'override', 'idle'.
    verdict_shown = Signal(str)
    #: A stempas went through the print step (issued, replaced, printed again): (serial, printed ok).
    pass_issued = Signal(int, bool)
    #: The clerk chose another printer: (printer name, pass size, PDF folder or ""), to be saved.
    printer_chosen = Signal(str, str, str)
    #: The meeting file was checked (at start, after a closed vote): True when the record holds.
    record_checked = Signal(bool)
    #: The meeting server's link as the desk shows it: True when cut off (the banner is up).
    cut_off_shown = Signal(bool)
    #: A check-in lost with the connection was looked up: True when it had been saved.
    doubt_resolved = Signal(bool)

    def __init__(
        self,
        desk: DeskService,
        printer: PassPrinter,
        sounds: SoundPlayer,
        *,
        feed: ChangeFeed,
        texts: Translator | None = None,
        wedge: KeyboardWedge | None = None,
        idle_after_ms: int = 60_000,
        next_scan_after_ms: int = 1_500,
        backup_folder: Callable[[], Path | None] | None = None,
        runner: Runner | None = None,
        offline: CopyReader | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``printer``: where this desk's passes go (the desk service prints through it; the printer
        choice changes it). ``feed``: the process's change feed. ``texts``: the language of the
        service's words (default: the desk service's). ``wedge``: a keyboard wedge the caller
        installed; without one the panel makes its own. ``idle_after_ms`` = 0 keeps a screen until
        the next one (screenshots). ``next_scan_after_ms``: how long an issued pass stays on screen
        before a scan that waited for it is shown. ``backup_folder``: where this desk's backups go
        now (the newest is held against the file when the record is checked); None: no backups.
        ``runner``: runs the record check off the GUI thread (default: a pool of this panel's own,
        waited for when the panel goes; tests pass ``SyncRunner``). ``offline``: the desk's local
        copy of a server meeting, read while cut off (None on a file)."""
        super().__init__(parent, wedge=wedge)
        self.desk = desk
        self.printer = printer
        desk.printer = printer  # the desk prints where this panel's printer choice says
        self.sounds = sounds
        self.feed = feed
        self.texts = texts or desk.tr
        self.screens = DeskScreens(self.texts, QCoreApplication.translate, voided_by_override=self._voided_by_override)
        self.mode = Mode.IDLE
        self._screen: Screen = self.screens.idle()
        self._verdict: Verdict | None = None
        self._pass: PassInfo | None = None
        self._scan_on_screen: str | None = None  # the scan whose verdict (or form) is on screen
        # Scans waiting for the form (or dialog) to finish, in the order they came, each with a peek
        # at its verdict for the banner; a card counts once.
        self._waiting: list[tuple[str, Verdict | None]] = []
        self.presence_dialog: PresenceDialog | None = None
        self.offline = offline
        self.offline_presence: PresenceDialog | None = None
        self._cut_off = False
        self._in_doubt: object | None = None  # a check-in lost with the connection, until looked up
        self._columns = 3
        self._shown_buttons: list[QPushButton] = []
        self._build()

        self._idle_after_ms = idle_after_ms
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.timeout.connect(self._on_idle_timer_timeout)
        self._next_scan_after_ms = next_scan_after_ms
        self._release_timer = QTimer(self)
        self._release_timer.setSingleShot(True)
        self._release_timer.timeout.connect(self._on_release_timer_timeout)
        self.wedge.overflowed.connect(self._on_wedge_overflowed)
        self._backup_folder = backup_folder
        # The record check's own pool, a child of the panel: deleting the panel waits for a running check.
        self._runner: Runner = runner or PoolRunner(QThreadPool(self))
        self._checking = False
        self._check_again = False
        feed.changed.connect(self._on_feed_changed)
        feed.link_changed.connect(self._on_feed_link_changed)
        # While a lost check-in is in doubt: look it up again every second until the server answers.
        self._doubt_timer = QTimer(self)
        self._doubt_timer.setInterval(1000)
        self._doubt_timer.timeout.connect(self._resolve_in_doubt)
        self._update_link_banner(feed.link_state)
        self.refresh_counters()
        self.show_idle()
        self.check_record()

    # -- building ---------------------------------------------------------------------------------
    def _button(self, text: str, key: str, slot: Callable[[], None]) -> QPushButton:
        return self.shortcut_button(text, key, slot, height=52)

    def _build(self) -> None:
        self.setStyleSheet(
            "QPushButton { font-size: 18px; padding: 8px 12px; }"
            "QPushButton#primary { font-size: 20px; font-weight: bold; color: white; background: #1B6B2F;"
            " border-radius: 6px; padding: 8px 18px; }"
            f"QLineEdit, QComboBox {{ font-size: {_FIELD_PX}px; padding: 6px; min-height: 40px; }}"
            "QLabel#formLabel { font-size: 22px; font-weight: bold; }"
            "QLabel#formError { font-size: 20px; font-weight: bold; color: #B3201A; }"
            "QLabel#counters { font-size: 30px; font-weight: bold; }"
            "QLabel#deskName { font-size: 22px; font-weight: bold; color: white; background: #0B4F9C;"
            " padding: 6px 14px; border-radius: 6px; }"
            "QLabel#statusLine { font-size: 16px; color: #37474F; }"
            "QLabel#recentTitle { font-size: 17px; font-weight: bold; }"
            "QLabel#waiting { font-size: 20px; font-weight: bold; color: #111111; background: #FFB000;"
            " border: 2px solid #111111; border-radius: 6px; padding: 6px 12px; }"
            "QListWidget#recent { font-size: 16px; }"
            "QLabel#stopBanner { font-size: 24px; font-weight: bold; color: white; background: #B3201A;"
            " border-radius: 6px; padding: 10px 16px; }"
            "QLabel#linkBanner { font-size: 24px; font-weight: bold; color: white; background: #B3201A;"
            " border: 3px solid #111111; border-radius: 6px; padding: 10px 16px; }"
        )
        self.desk_label = QLabel(self.desk.actor.desk)
        self.desk_label.setObjectName("deskName")
        self.counters_label = QLabel()
        self.counters_label.setObjectName("counters")
        self.counters_label.setWordWrap(True)  # two lines on a 1024 px screen rather than a cut-off
        # Issuing stopped because the record does not hold: above everything, until a check holds.
        self.stop_banner = QLabel()
        self.stop_banner.setObjectName("stopBanner")
        self.stop_banner.setWordWrap(True)
        self.stop_banner.hide()
        # Cut off from the meeting server: above everything, until the link is back.
        self.link_banner = QLabel()
        self.link_banner.setObjectName("linkBanner")
        self.link_banner.setWordWrap(True)
        self.link_banner.setAccessibleName(self.tr("Verbinding met de vergaderserver"))
        self.link_banner.hide()
        top = QHBoxLayout()
        top.addWidget(self.desk_label)
        top.addSpacing(16)
        top.addWidget(self.counters_label, 1)

        self.preview = CameraPreview()
        self.preview.set_state(self.tr("Geen camera.\nScan met de handscanner of zoek op met F2."))
        self.lookup_button = self._button(self.tr("Opzoeken (F2)"), "F2", self._on_lookup_button_clicked)
        self.presence_button = self._button(self.tr("Presentielijst (F4)"), "F4", self._on_presence_button_clicked)
        self.printer_button = self._button(self.tr("Printer… (Ctrl+P)"), "Ctrl+P", self._on_printer_button_clicked)
        recent_title = QLabel(self.tr("Laatste registraties"))
        recent_title.setObjectName("recentTitle")
        # Who came in or left last, at any desk: "did my colleague just register her?"
        self.recent = QListWidget()
        self.recent.setObjectName("recent")
        self.recent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.recent.setAccessibleName(self.tr("Laatste registraties"))
        self.printer_label = QLabel()
        self.printer_label.setObjectName("statusLine")
        self.printer_label.setWordWrap(True)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.preview)
        left.addWidget(self.lookup_button)
        left.addWidget(self.presence_button)
        left.addWidget(self.printer_button)
        left.addSpacing(8)
        left.addWidget(recent_title)
        left.addWidget(self.recent, 1)
        left.addWidget(self.printer_label)
        self.left_box = left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(380)  # narrower on small screens: see resizeEvent

        self.panel = VerdictPanel()

        # A scan that arrived while the form was being filled: said loudly, taken after Enter/Esc.
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("waiting")
        self.waiting_label.setWordWrap(True)
        self.waiting_label.hide()

        # The confirm form: who presents the card.
        self.form = QWidget()
        self.form_label = QLabel(self.tr("Wie toont de kaart?"))
        self.form_label.setObjectName("formLabel")
        self.name_edit = QLineEdit()
        # Room for a whole name read from a metre away ("Femke Halsema-van der Vries"), on every screen.
        field_font = QFont(self.name_edit.font())
        field_font.setPixelSize(_FIELD_PX)
        self.name_edit.setMinimumWidth(QFontMetrics(field_font).averageCharWidth() * NAME_FIELD_CHARS + 24)
        self.name_edit.setPlaceholderText(self.tr("Naam"))
        # A placeholder is not a name to a screen reader: every field says what it is for.
        self.name_edit.setAccessibleName(self.tr("Naam van wie de kaart toont"))
        self.role_combo = QComboBox()
        for role in ROLES:
            self.role_combo.addItem(role_label(role, self.texts.lang), role)
        self.role_combo.addItem(self.tr("andere functie…"), _OTHER_ROLE)
        self.role_combo.setPlaceholderText(self.tr("kies functie"))
        self.role_combo.setAccessibleName(self.tr("Functie"))
        # "gemeentesecretaris" almost whole at 24 px; the name keeps the larger share of the row.
        self.role_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.role_combo.setMinimumContentsLength(14)
        self.role_other = QLineEdit()
        self.role_other.setPlaceholderText(self.tr("welke functie?"))
        self.role_other.setAccessibleName(self.tr("Andere functie"))
        self.role_other.hide()
        self.role_combo.currentIndexChanged.connect(self._on_role_combo_current_index_changed)
        # Beside "Annuleren (Esc)" in the row of buttons below the form, not in the form's row: on a
        # 1024 px screen the name field keeps room for a whole name (it had 175 px: "amed Bakker").
        self.confirm_button = self._button(self.tr("Stempas uitgeven (Enter)"), "", self.confirm)
        self.confirm_button.setObjectName("primary")
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        form_row = QHBoxLayout()
        form_row.addWidget(self.name_edit, 3)
        form_row.addWidget(self.role_combo, 1)
        form_row.addWidget(self.role_other, 1)
        form_col = QVBoxLayout(self.form)
        form_col.setContentsMargins(0, 0, 0, 0)
        form_col.addWidget(self.form_label)
        form_col.addLayout(form_row)
        form_col.addWidget(self.form_error)

        # Actions for the pass on screen; only those the domain allows are shown, three to a row
        # so that a 1366 px laptop screen holds them all.
        self.reprint_button = self._button(self.tr("Opnieuw afdrukken (F5)"), "F5", self._on_reprint_button_clicked)
        self.lost_button = self._button(self.tr("Pas kwijt: nieuwe pas (F6)"), "F6", self._on_lost_button_clicked)
        self.substitute_button = self._button(self.tr("Vervanger (F7)"), "F7", self._on_substitute_button_clicked)
        self.override_button = self._button(self.tr("Toch toelaten (F8)"), "F8", self._on_override_button_clicked)
        self.leave_button = self._button(self.tr("Vertrekt — pas inleveren (F9)"), "F9", self._on_leave_button_clicked)
        self.back_button = self._button(self.tr("Komt terug (F10)"), "F10", self._on_back_button_clicked)
        self.undo_button = self._button(self.tr("Ongedaan maken (Ctrl+Z)"), "Ctrl+Z", self._on_undo_button_clicked)
        self.cancel_button = self._button(self.tr("Volgende kaart (Esc)"), "Esc", self._on_cancel_button_clicked)
        self.action_buttons: dict[PassAction, QPushButton] = {
            PassAction.LEAVE: self.leave_button,
            PassAction.RETURN: self.back_button,
            PassAction.PRINT: self.reprint_button,
            PassAction.REPRINT: self.reprint_button,
            PassAction.LOST: self.lost_button,
            PassAction.SUBSTITUTE: self.substitute_button,
            PassAction.OVERRIDE: self.override_button,
            PassAction.UNDO: self.undo_button,
        }
        self.actions_box = QWidget()
        self.actions_grid = QGridLayout(self.actions_box)
        self.actions_grid.setContentsMargins(0, 0, 0, 0)
        for button in self._all_buttons():
            button.setParent(self.actions_box)
            button.hide()

        self.status_line = QLabel()
        self.status_line.setObjectName("statusLine")
        self.status_line.setWordWrap(True)
        self.status_line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        right = QVBoxLayout()
        right.addWidget(self.panel, 1)
        right.addWidget(self.waiting_label)
        right.addWidget(self.form)
        right.addWidget(self.actions_box)
        right.addWidget(self.status_line)
        body = QHBoxLayout()
        body.addWidget(left_box)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addWidget(self.link_banner)
        outer.addWidget(self.stop_banner)
        outer.addLayout(top)
        outer.addLayout(body, 1)
        self._update_printer_label()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API name
        # The camera and the lists take at most 28 % of the width: on a 1024 px screen the
        # verdict panel and the form need the rest.
        self.left_box.setFixedWidth(max(260, min(380, int(self.width() * 0.28))))
        columns = 3 if self.width() >= 1200 else 2  # three buttons to a row do not fit 1024 px
        if columns != self._columns:
            self._columns = columns
            self._layout_actions(self._shown_buttons)
        super().resizeEvent(event)

    def _all_buttons(self) -> list[QPushButton]:
        return [self.confirm_button, *dict.fromkeys(self.action_buttons.values()), self.cancel_button]

    def _layout_actions(self, shown: list[QPushButton]) -> None:
        """Put the buttons that apply now into the grid, in a fixed order, three (or two) per row."""
        self._shown_buttons = shown
        for button in self._all_buttons():
            self.actions_grid.removeWidget(button)
            if button not in shown:
                button.hide()
        for column in range(3):
            self.actions_grid.setColumnStretch(column, 1 if column < self._columns else 0)
        for i, button in enumerate(shown):
            self.actions_grid.addWidget(button, i // self._columns, i % self._columns)
            button.show()  # after addWidget: a widget without a parent would show as a window

    # -- rendering a screen -----------------------------------------------------------------------
    @property
    def current_screen(self) -> Screen:
        """What is on screen now (tests read it)."""
        return self._screen

    def _render(self, screen: Screen, *, sound: bool = True) -> None:
        self._screen = screen
        self._showing_cut_off = False
        self.mode = screen.mode
        self.panel.show_content(screen.content)
        self.form.setVisible(screen.in_form)
        self.form_error.hide()
        if screen.form is not None:
            if screen.form.fill:
                self._fill_form(screen.form.name, screen.form.role)
            self.confirm_button.setText(screen.form.button)
        offered = set(screen.actions)
        if PassAction.REPRINT in offered:
            offered.add(PassAction.PRINT)  # one F5 button: it prints, or reprints with a PIN
        shown = [self.action_buttons[a] for a in _ACTION_ORDER if a in offered]
        if screen.in_form:
            shown.insert(0, self.confirm_button)
        f5 = PassAction.PRINT if PassAction.PRINT in screen.actions else PassAction.REPRINT
        self.reprint_button.setText(self.screens.action_label(f5))
        if screen.mode is not Mode.IDLE:
            shown.append(self.cancel_button)
        self.cancel_button.setText(self.screens.cancel_label(screen))
        self._layout_actions(shown)
        if sound and screen.cue is not None:
            self.sounds.play(screen.cue)
        if screen.status:
            self._set_status(screen.status)
        self._idle_timer.stop()
        if self._idle_after_ms > 0 and not screen.in_form and screen.mode is not Mode.IDLE:
            # The next person in the queue must not read the previous person's verdict.
            self._idle_timer.start(self._idle_after_ms)
        self._update_waiting()
        self.verdict_shown.emit(screen.shown)

    def show_idle(self) -> None:
        self._verdict = None
        self._pass = None
        self._scan_on_screen = None
        self._render(self.screens.idle())
        if self.active_dialog is None:
            self.setFocus()

    def _show_verdict(self, v: Verdict, *, sound: bool = True, scan: str | None = None) -> None:
        self._verdict = v
        self._pass = v.existing
        screen = self.screens.verdict(v)
        self._scan_on_screen = scan
        self._render(screen, sound=sound)
        if screen.in_form:
            self.name_edit.setFocus()
            self.name_edit.selectAll()
        elif self.active_dialog is None:
            self.setFocus()

    def _show_error(self, err: DeskError) -> None:
        self._render(self.screens.error(self._screen, self._verdict, self.texts.error(err)))

    def _fill_form(self, name: str, role: str | None) -> None:
        self.name_edit.setText(name)
        self.role_combo.setCurrentIndex(self.role_combo.findData(role) if role in ROLES else -1)
        self.role_other.clear()

    def _on_role_combo_current_index_changed(self, _index: int) -> None:
        other = self.role_combo.currentData() == _OTHER_ROLE
        self.role_other.setVisible(other)
        if other:
            self.role_other.setFocus()

    def _update_printer_label(self) -> None:
        self.printer_label.setText(self.tr("Stempassen naar: {target}").format(target=self.printer.describe()))

    def _set_status(self, text: str) -> None:
        self.status_line.setText(text)

    # -- the change feed: counters, recent list, presence list ------------------------------------
    @Slot(object)
    def _on_feed_changed(self, change: Change) -> None:
        if "vote.close" in change.actions or not change.actions:
            # After a vote closed (the moment its result is fixed), or when the chain was cut or
            # replaced under us (a change without entries): is the record still whole?
            self.check_record()
        if change.touches(Topic.PRESENCE, Topic.MEMBERS, Topic.MEETING):
            self.refresh_counters()
            if self.presence_dialog is not None and self.presence_dialog.isVisible():
                self.presence_dialog.refresh()

    def refresh_counters(self) -> None:
        """Counters and the recent list, from the store (other desks write there too); cut off from
        the meeting server, from the desk's local copy, marked with its time."""
        desk, note = self.desk, ""
        if self._cut_off:
            copy = self.offline.desk() if self.offline is not None else None
            stamp = self.offline.stamp() if self.offline is not None else None
            if copy is None or stamp is None:
                self.counters_label.setText(self.tr("Geen verbinding: geen stand beschikbaar."))
                self.recent.clear()
                return
            desk, note = copy, self.tr(" (stand van {time})").format(time=local_time(stamp.taken_at))
        try:
            self.counters_label.setText(counters_text(desk.counters(), self.texts.lang) + note)
            rows = [r for r in desk.presence() if r.since and r.status in LIVE_STATUSES]
        except DeskError as err:  # a locked or lost file: say so where the counters were
            self.counters_label.setText(self.texts.error(err))
            return
        rows.sort(key=lambda r: r.since or "", reverse=True)
        self.recent.clear()
        for r in rows[:12]:
            state = "" if r.status == PassStatus.ACTIVE else self.tr(" — vertrokken")
            self.recent.addItem(
                f"{local_time(r.since or '')[:5]}  {r.name}{state}\n      {r.holder_name or '?'} · {r.desk}"
            )

    # -- scans ------------------------------------------------------------------------------------
    def handle_scan(self, text: str) -> None:
        """A barcode from any source. Shown at once, unless a form or a dialog is open, or other scans
        are waiting still: then it waits its turn."""
        text = text.strip()
        if self._busy() or self._waiting:
            self._hold(text)
            self._release_held(self._next_scan_after_ms)  # nothing while busy or already on its way
            return
        self._take_scan(text)

    def _busy(self) -> bool:
        return self.active_dialog is not None or self.mode in FORM_MODES

    @property
    def waiting_scans(self) -> list[str]:
        """The scans waiting their turn, first first (tests read it)."""
        return [text for text, _ in self._waiting]

    def _hold(self, text: str) -> None:
        if text == self._scan_on_screen or text in self.waiting_scans:
            return  # the card on screen, or one that waits, seen again (camera, a second scan): it counts once
        try:
            verdict: Verdict | None = self.desk.scan(text, record=False)  # a peek: logged when it is taken
        except DeskError:
            verdict = None
        self._waiting.append((text, verdict))
        self._update_waiting()

    def _update_waiting(self) -> None:
        self.waiting_label.setVisible(bool(self._waiting))
        if self._waiting:
            self.waiting_label.setText(self.screens.waiting(*(v for _, v in self._waiting)))

    def _release_held(self, delay_ms: int = 0) -> None:
        """Take the first waiting scan once the desk is free (after ``delay_ms``, so an outcome can be read)."""
        if not self._waiting or self._busy() or self._release_timer.isActive():
            return
        if delay_ms <= 0:
            self._on_release_timer_timeout()
        else:
            self._release_timer.start(delay_ms)

    def _on_release_timer_timeout(self) -> None:
        if not self._waiting or self._busy():
            return
        text, _ = self._waiting.pop(0)
        self._take_scan(text)

    def _take_scan(self, text: str) -> None:
        self._release_timer.stop()
        self._show_scan(text)
        # A scan that is not a form (a refusal, "already registered", a pass) is read, then the next
        # waiting one comes; a form keeps the rest waiting until Enter or Esc.
        self._update_waiting()
        self._release_held(self._next_scan_after_ms)

    def _show_scan(self, text: str) -> None:
        if self._cut_off:
            self._show_cut_off(scan=text)
            return
        verdict: Verdict | None = None
        try:
            verdict = self.desk.scan(text)
            # "Already registered" is final only once the standby holds what it rests on.
            verdict = connection.final_verdict(self.desk, verdict, text=text)
        except DeskError as err:
            self._verdict = None
            self._pass = None
            if self._cut_off or (verdict is not None and err.code.startswith("store.")):
                self._show_cut_off(scan=text)
            else:
                self._show_error(err)
            return
        self._show_verdict(verdict, scan=text)

    def attach_scanner(self, worker: ScanWorker) -> None:
        """Show the camera worker's frames and take its scans (it runs on its own thread)."""
        worker.frame_ready.connect(self._on_scanner_frame_ready)
        worker.code_seen.connect(self._on_scanner_code_seen)
        worker.detection.connect(self._on_scanner_detection)
        worker.hint.connect(self._on_scanner_hint)
        worker.source_failed.connect(self._on_scanner_source_failed)
        worker.source_restored.connect(self._on_scanner_source_restored)
        worker.finished.connect(self._on_scanner_finished)
        self.preview.set_state(self.tr("Camera wordt gestart…"))

    @Slot(QImage)
    def _on_scanner_frame_ready(self, image: QImage) -> None:
        self.preview.set_frame(image)

    @Slot(str)
    def _on_scanner_code_seen(self, text: str) -> None:
        self.handle_scan(text)

    @Slot(list)
    def _on_scanner_detection(self, regions: list[list[tuple[float, float]]]) -> None:
        self.preview.set_regions(regions)

    @Slot(object)
    def _on_scanner_hint(self, hint: object) -> None:
        # In the desk's language (the hint's value is its Dutch text).
        self.preview.set_hint(hint.text.render(self.texts.lang) if isinstance(hint, Hint) else str(hint))

    @Slot(str)
    def _on_scanner_source_failed(self, message: str) -> None:
        self.preview.set_state(message, failed=True)

    @Slot()
    def _on_scanner_source_restored(self) -> None:
        self.preview.set_state(self.tr("Camera werkt weer."))

    @Slot()
    def _on_scanner_finished(self) -> None:
        if self.preview.failed:
            return  # keep saying why (a missing file, say), not just that it stopped
        self.preview.set_state(self.tr("Camera gestopt.\nScan met de handscanner of zoek op met F2."))

    # -- confirming who presents the card ---------------------------------------------------------
    def _chosen_role(self) -> str | None:
        data = self.role_combo.currentData()
        if data is None:
            return None
        if data == _OTHER_ROLE:
            return self.role_other.text().strip() or None
        return str(data)

    def _form_problem(self, text: str, focus: QWidget) -> None:
        self.form_error.setText(text)
        self.form_error.show()
        focus.setFocus()

    def key_overview(self) -> list[tuple[str, str]]:
        """The F-key buttons' keys, and Enter: it issues the pass but is no shortcut (a shortcut would
        take the Enter that ends a scanner's burst; see KeyboardPanel), so no button lists it."""
        rows = super().key_overview()
        enter = ("Enter", self.tr("Stempas uitgeven (als het formulier open is)"))
        return [enter, *rows]

    def enter_pressed(self) -> bool:
        if self.mode in FORM_MODES:
            self.confirm()
            return True
        return False

    def confirm(self) -> None:
        """Enter: issue the pass to the person in the form (check-in, substitute or override)."""
        v, screen = self._verdict, self._screen
        if self.mode not in FORM_MODES or v is None or screen.form is None:
            return
        typed = self.name_edit.text()
        found = _TOKEN_IN_TEXT.search(typed)
        if found:
            # A scanner too slow for the wedge typed into the name field and pressed Enter: that
            # was a scan, not a confirmation. Give the field back and let the scan wait its turn.
            rest = (typed[: found.start()] + typed[found.end() :]).strip()
            self.name_edit.setText(rest or screen.form.name)
            self._hold(found.group(0))
            return
        name = typed.strip()
        role = self._chosen_role()
        if not name:
            self._form_problem(self.tr("Vul de naam in van wie de kaart toont."), self.name_edit)
            return
        if role is None:
            self._form_problem(self.tr("Kies de functie."), self.role_combo)
            return
        if self._cut_off:  # nothing is issued while the server does not answer: the form waits
            self._form_problem(
                self.tr(
                    "Geen verbinding met de vergaderserver: er wordt niets uitgegeven. Druk opnieuw op Enter "
                    "zodra de rode balk weg is."
                ),
                self.name_edit,
            )
            return
        try:
            if self.mode is Mode.CONFIRM:
                self._show_issued(self.desk.issue(v, name=name, role=role, announce=self._on_desk_announce))
            elif self.mode is Mode.SUBSTITUTE:
                assert self._pass is not None
                self._show_issued(
                    self.desk.issue_substitute(self._pass.serial, name=name, role=role, announce=self._on_desk_announce)
                )
            else:
                normalise_role(role)  # refuse an ineligible role before asking for the PIN
                self._ask_override(v, name, role)
        except DeskError as err:
            if err.code == "role.not_eligible":
                self._render(self.screens.role_refused(self._screen, v, self.texts.error(err)))
            elif err.code == "desk.same_person":
                self._render(self.screens.person_refused(self._screen, v, self.texts.error(err)))
            elif connection.in_doubt(err) is not None:
                self._doubt(err, v)
            else:
                log.info("desk action refused: %s", err.code)
                if err.code == "desk.already":
                    self._already_elsewhere(v, err)
                else:
                    self._show_error(err)

    def _already_elsewhere(self, v: Verdict, err: DeskError) -> None:
        """Another desk was faster: no form to retry, the card must be scanned again. Shown as final
        once the server confirmed that the standby holds that desk's registration."""
        try:
            again = connection.read_again(self.desk, v, text=self._scan_on_screen) if self.desk.store.link else None
        except DeskError as lost:
            self._show_error(lost)
            return
        if again is not None and again.kind is VerdictKind.ACCEPTED:  # lost in a failover
            self._show_verdict(again, scan=self._scan_on_screen)
            self._set_status(
                self.tr("De registratie van de andere balie is niet bewaard gebleven: geef de stempas uit.")
            )
            return
        self._render(self.screens.already_elsewhere(self._screen, v, self.texts.error(err)))
        self._release_held()

    # -- the meeting server: cut off, and what a lost connection left in doubt -----------------------
    @property
    def cut_off(self) -> bool:
        """The desk is cut off from the meeting server (the banner is up)."""
        return self._cut_off

    def _on_feed_link_changed(self, state: object) -> None:
        self._update_link_banner(state)
        if not self._cut_off:
            if self._in_doubt is not None:
                self._resolve_in_doubt()
            if self._showing_cut_off and self.mode not in FORM_MODES and self.active_dialog is None:
                self.show_idle()
                self._set_status(self.tr("Verbinding met de vergaderserver hersteld: scan de kaart opnieuw."))

    def _update_link_banner(self, state: object) -> None:
        cut = state is not None and getattr(state, "connected", None) is False
        changed = cut != self._cut_off
        self._cut_off = cut
        if cut:
            stamp = self.offline.stamp() if self.offline is not None else None
            since = _clock(float(getattr(state, "since", 0.0)))
            where = (
                self.tr("Opzoeken (F2) en de presentielijst (F4) tonen de stand van {time}.").format(
                    time=local_time(stamp.taken_at)
                )
                if stamp is not None
                else self.tr("Er is nog geen plaatselijke kopie: gebruik de geprinte presentielijst.")
            )
            self.link_banner.setText(
                "⚠ "
                + self.tr(
                    "GEEN VERBINDING met de vergaderserver (sinds {since}). Deze balie geeft niets uit en legt "
                    "niets vast."
                ).format(since=since)
                + " "
                + where
                + " "
                + self.tr("Zodra de verbinding terug is, gaat de balie vanzelf verder.")
            )
        self.link_banner.setVisible(cut)
        if changed:
            if cut and self.mode in FORM_MODES:
                self.form_error.setText(self.tr("Geen verbinding: er wordt niets uitgegeven tot de rode balk weg is."))
                self.form_error.show()
            elif not cut:
                self.form_error.hide()
            self.refresh_counters()
            self.cut_off_shown.emit(cut)

    def _show_cut_off(self, *, scan: str | None = None, code: str | None = None, reason: str = "") -> None:
        """What the desk can say about a card while cut off: nothing issued, and what its local copy
        last knew (never "TOEGELATEN": only the server can admit)."""
        lang = self.texts.lang
        copy = self.offline.desk() if self.offline is not None else None
        stamp = self.offline.stamp() if self.offline is not None else None
        known: Verdict | None = None
        if copy is not None and stamp is not None:
            try:
                if scan is not None:
                    known = copy.scan(scan, record=False)
                elif code is not None:
                    known = copy.manual_verdict(code, reason or "-")
            except DeskError:
                known = None
        message = self.tr(
            "Geen verbinding met de vergaderserver: er wordt niets uitgegeven of vastgelegd. Scan de kaart "
            "opnieuw zodra de rode balk weg is."
        )
        if known is not None and stamp is not None:
            what = (
                self.tr("nog niet geregistreerd")
                if known.kind is VerdictKind.ACCEPTED
                else f"{known.headline(lang)}. {known.explanation(lang)}"
            )
            message += "\n" + self.tr("Laatst bekende stand ({time}): {what}").format(
                time=local_time(stamp.taken_at), what=what
            )
        self._verdict = None
        self._pass = None
        self._render(
            self.screens.error(
                None, known, message, headline=self.tr("GEEN VERBINDING — NIETS UITGEGEVEN"), keep_form=False
            )
        )
        self._scan_on_screen = scan
        self._showing_cut_off = True

    def _doubt(self, err: DeskError, v: Verdict) -> None:
        """A check-in whose COMMIT was cut off: said so, and looked up as soon as the server answers."""
        self._in_doubt = connection.in_doubt(err)
        self._render(
            self.screens.error(
                self._screen,
                v,
                self.tr(
                    "De verbinding viel weg tijdens het uitgeven. Of de stempas is uitgegeven, wordt nagekeken "
                    "zodra de vergaderserver antwoordt; geef intussen niets uit voor deze gemeente."
                ),
                headline=self.tr("WORDT NAGEKEKEN…"),
                tone=Tone.WARNING,
                keep_form=False,
            )
        )
        self._doubt_timer.start()
        QTimer.singleShot(0, self._resolve_in_doubt)

    def _resolve_in_doubt(self) -> None:
        doubt = self._in_doubt
        if doubt is None:
            self._doubt_timer.stop()
            return
        if self._cut_off:
            return  # the link's return calls this again
        try:
            outcome = connection.resolve(self.desk.store, doubt)
        except DeskError as err:
            log.info("lost check-in not looked up yet: %s", err.code)
            return
        self._in_doubt = None
        self._doubt_timer.stop()
        log.info("lost check-in looked up: saved=%s serial=%s", outcome.saved, outcome.serial)
        if outcome.saved:
            text = (
                self.tr("Nagekeken: de stempas IS uitgegeven (stempas {serial}). Druk hem af met F5.").format(
                    serial=outcome.serial
                )
                if outcome.serial is not None
                else self.tr("Nagekeken: de handeling IS opgeslagen.")
            )
            if outcome.serial is not None and not self._busy():
                self._show_verdict(self.desk.pass_verdict(outcome.serial), sound=False)
            self._set_status(text)
        else:
            text = self.tr("Nagekeken: er is NIETS uitgegeven of opgeslagen. Scan de kaart opnieuw.")
            if not self._busy():
                self._render(self.screens.error(None, None, text, headline=self.tr("NIET UITGEGEVEN"), keep_form=False))
            self._set_status(text)
        self.doubt_resolved.emit(outcome.saved)

    @property
    def in_doubt(self) -> bool:
        """A check-in lost with the connection has not been looked up yet."""
        return self._in_doubt is not None

    def _ask_override(self, v: Verdict, name: str, role: str) -> None:
        existing = v.existing
        assert existing is not None
        explanation = self.tr(
            "Stempas {serial} ({holder}) wordt ongeldig en {name} krijgt een nieuwe stempas voor {municipality}."
        ).format(serial=existing.serial, holder=existing.holder_name or "?", name=name, municipality=v.municipality)
        clashes = self.desk.person_clashes(v.code or "", name, replacing=existing.serial)
        # The coördinator decides knowing it: one person, one pass.
        warning = self.tr("Let op: {where}.").format(where=self.texts(clashes_text(name, clashes)))
        self._supervisor(
            self.tr("Toch toelaten (coördinator)"),
            explanation,
            lambda pin, reason: self.desk.issue_override(
                v, name=name, role=role, pin=pin, reason=reason, announce=self._on_desk_announce
            ),
            self._show_issued,
            warning=warning if clashes else "",
        )

    # -- issuing and printing: the service does it, the panel shows it ------------------------------
    def _on_desk_announce(self, issued: Issued) -> None:
        """The pass is committed; the printer has not been asked yet. Show it now, not after."""
        self._pass = issued.stempas
        self._scan_on_screen = None
        self._render(self.screens.issued(issued), sound=False)
        self.repaint()

    def _show_issued(self, issued: Issued) -> None:
        self._pass = issued.stempas
        self._scan_on_screen = None
        self._render(self.screens.issued(issued))
        if self.active_dialog is None:
            self.setFocus()
        printed = issued.printed
        self.pass_issued.emit(issued.stempas.serial, printed is not None and printed.ok)
        # A scan that waited for this form: shown after the clerk could read the outcome.
        self._release_held(self._next_scan_after_ms)

    # -- actions on an existing pass --------------------------------------------------------------
    def _supervisor(
        self,
        title: str,
        explanation: str,
        attempt: Callable[[str, str], object],
        then: Callable[[Issued], None] | Callable[[object], None],
        *,
        warning: str = "",
    ) -> None:
        dialog = SupervisorDialog(title, explanation, attempt, self, texts=self.texts, warning=warning)
        dialog.accepted.connect(lambda: then(dialog.result_value))  # type: ignore[arg-type]
        self._idle_timer.stop()
        self.open_dialog(dialog)

    def dialog_closed(self, result: int) -> None:
        if not self.window().isVisible():
            # The window was closed with a dialog open (the app is shutting down, the meeting file
            # may be closed already): a waiting scan is not taken now.
            return
        if self.mode not in FORM_MODES and self.mode is not Mode.IDLE and self._idle_after_ms > 0:
            self._idle_timer.start(self._idle_after_ms)
        self._release_held(self._next_scan_after_ms if self.mode is Mode.ISSUED else 0)

    def _voided_by_override(self, serial: int) -> bool:
        """Whether pass ``serial`` was made void by the coördinator admitting someone else (the
        screen then says so, instead of "aanmelding ongedaan")."""
        try:
            entries = self.desk.supervisor_actions()
        except DeskError:
            return False
        return any(e.action == "checkin.override" and e.details.get("old") == serial for e in entries)

    def focus_home(self) -> QWidget:
        return self.name_edit if self.mode in FORM_MODES else self

    def _allowed(self, action: PassAction) -> PassInfo | None:
        """The pass on screen, if ``action`` is offered for it now."""
        return self._pass if self._pass is not None and action in self._screen.actions else None

    def _on_reprint_button_clicked(self) -> None:
        p = self._allowed(PassAction.PRINT)
        if p is not None:  # never printed: that is not a second pass, it is the first one
            try:
                self._show_issued(self.desk.print_stempas(p.serial, announce=self._on_desk_announce))
            except DeskError as err:
                self._show_error(err)
            return
        p = self._allowed(PassAction.REPRINT)
        if p is None:
            return
        serial = p.serial
        self._supervisor(
            self.tr("Stempas opnieuw afdrukken (coördinator)"),
            self.tr("Stempas {serial} van {holder} wordt nog een keer afgedrukt.").format(
                serial=serial, holder=p.holder_name or "?"
            ),
            lambda pin, reason: self.desk.reprint_stempas(
                serial, pin=pin, reason=reason, announce=self._on_desk_announce
            ),
            self._show_issued,
        )

    def _on_lost_button_clicked(self) -> None:
        p = self._allowed(PassAction.LOST)
        if p is None:
            return
        serial = p.serial
        self._supervisor(
            self.tr("Verloren stempas vervangen (coördinator)"),
            self.tr("Stempas {serial} wordt ongeldig; {holder} krijgt een nieuwe stempas.").format(
                serial=serial, holder=p.holder_name or "?"
            ),
            lambda pin, reason: self.desk.issue_replacement(
                serial, pin=pin, reason=reason, announce=self._on_desk_announce
            ),
            self._show_issued,
        )

    def _on_substitute_button_clicked(self) -> None:
        p, v = self._allowed(PassAction.SUBSTITUTE), self._verdict
        if p is None or v is None:
            return
        self._render(self.screens.substitute_form(v, p))
        self.name_edit.setFocus()

    def _ask_person(self) -> None:
        """F8 after a person was refused for holding a pass or designation elsewhere: the coördinator
        admits them with PIN and reason (a namesake); the form's values are used as typed."""
        v, serial = self._verdict, self._pass.serial if self._pass is not None else None
        name, role = self.name_edit.text().strip(), self._chosen_role()
        if v is None or not name or role is None:
            return
        clashes = self.desk.person_clashes(
            v.code or "", name, replacing=serial if self.mode is Mode.SUBSTITUTE else None
        )
        where = self.texts(clashes_text(name, clashes))  # the closest few, as in the refusal
        substitute = self.mode is Mode.SUBSTITUTE and serial is not None

        def attempt(pin: str, reason: str) -> Issued:
            boss = Coordinator(pin, reason)
            if substitute:
                assert serial is not None
                return self.desk.issue_substitute(
                    serial, name=name, role=role, announce=self._on_desk_announce, coordinator=boss
                )
            return self.desk.issue(v, name=name, role=role, announce=self._on_desk_announce, coordinator=boss)

        self._supervisor(
            self.tr("Toch toelaten: naamgenoot (coördinator)"),
            self.tr("Alleen als dit iemand anders is: {name} krijgt een stempas voor {municipality}.").format(
                name=name, municipality=v.municipality
            ),
            attempt,
            self._show_issued,
            warning=where,
        )

    def _on_override_button_clicked(self) -> None:
        if self._screen.coordinator_admits:
            self._ask_person()
            return
        p, v = self._allowed(PassAction.OVERRIDE), self._verdict
        if p is None or v is None:
            return
        self._render(self.screens.override_form(v, p))
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _move(self, action: PassAction, step: Callable[[int], PassInfo], message: str) -> None:
        p = self._allowed(action)
        if p is None:
            return
        try:
            step(p.serial)
        except DeskError as err:
            self._show_error(err)
            return
        self._show_verdict(self.desk.pass_verdict(p.serial), sound=False, scan=self._scan_on_screen)
        self._set_status(message.format(serial=p.serial))

    def _on_leave_button_clicked(self) -> None:
        self._move(PassAction.LEAVE, self.desk.leave, self.tr("Vertrek vastgelegd: stempas {serial} ingeleverd."))

    def _on_back_button_clicked(self) -> None:
        self._move(
            PassAction.RETURN, self.desk.come_back, self.tr("Terugkomst vastgelegd: stempas {serial} weer actief.")
        )

    def _on_undo_button_clicked(self) -> None:
        p = self._allowed(PassAction.UNDO)
        if p is None:
            return
        municipality = self._screen.content.municipality or p.code

        def done(_: object) -> None:
            self._pass = self.desk.pass_verdict(p.serial).existing
            self._render(self.screens.undone(municipality, p))

        self._supervisor(
            self.tr("Aanmelding ongedaan maken (coördinator)"),
            self.tr("De registratie van {municipality} (stempas {serial}, {holder}) wordt ongedaan gemaakt.").format(
                municipality=municipality, serial=p.serial, holder=p.holder_name or "?"
            ),
            lambda pin, reason: self.desk.undo(p.serial, pin=pin, reason=reason),
            done,
        )

    def _on_cancel_button_clicked(self) -> None:
        if self.mode in (Mode.SUBSTITUTE, Mode.OVERRIDE) and self._verdict is not None:
            # Back to the "already registered" choices for the same card.
            self._show_verdict(self._verdict, sound=False, scan=self._scan_on_screen)
        else:
            self.show_idle()
        self._release_timer.stop()  # Esc: the next waiting scan at once, not after the pause
        self._release_held()

    def _on_idle_timer_timeout(self) -> None:
        if self.active_dialog is None and self.mode not in FORM_MODES:
            self.show_idle()

    # -- is the record whole? ----------------------------------------------------------------------
    def check_record(self) -> None:
        """Check the meeting file (and the newest backup as an anchor) off the GUI thread; the outcome
        stops or resumes issuing (:meth:`DeskService.record_checked`) and shows or hides the banner."""
        if self._checking:
            self._check_again = True  # a vote closed while the last check ran: check once more after it
            return
        self._checking = True
        store, lang = self.desk.store, self.desk.tr.lang
        # Backups (the anchor) are the file's; the server keeps its own second copy.
        on_file = store.link is None
        folder = self._backup_folder() if self._backup_folder is not None and on_file else None

        def check(_progress: object) -> RecordCheck:
            with store.reopen() as own:  # a connection of the worker's own
                return check_record(own, folder, lang)

        self._runner.start(check, finished=self._on_record_check_finished, failed=self._on_record_check_failed)

    def _on_record_check_finished(self, check: RecordCheck) -> None:
        self._checking = False
        self.desk.record_checked(check)
        self._update_stop_banner()
        self.record_checked.emit(check.ok)
        self._check_again_if_asked()

    def _on_record_check_failed(self, error: BaseException) -> None:
        self._checking = False
        if not isinstance(error, DeskError):
            raise error  # a bug: let it surface
        # The check could not run (a locked or lost file): say so; the next write says it too.
        log.warning("record check could not run: %s", error.code)
        self._set_status(
            self.tr("Het vergaderbestand kon niet worden gecontroleerd: {error}").format(error=self.texts.error(error))
        )
        self._check_again_if_asked()

    def _check_again_if_asked(self) -> None:
        if self._check_again:
            self._check_again = False
            self.check_record()

    def _update_stop_banner(self) -> None:
        message = self.desk.stopped_message()
        self.stop_banner.setText("⛔ " + message if message else "")
        self.stop_banner.setVisible(bool(message))

    @property
    def stopped(self) -> bool:
        """Issuing is stopped: the last check found the record broken."""
        return self.desk.stopped is not None

    # -- a scanner gone wild ------------------------------------------------------------------------
    def _on_wedge_overflowed(self, dropped: int) -> None:
        self._set_status(
            self.tr(
                "Een scan was te lang: {dropped} tekens zijn genegeerd (een stemkaart heeft 22 cijfers). Scan opnieuw."
            ).format(dropped=dropped)
        )

    # -- look-up, presence list, printer ----------------------------------------------------------
    def _lookup(self, query: str) -> list[Match]:
        """Look-ups from the server, or cut off, from the local copy."""
        if not self._cut_off:
            try:
                return self.desk.lookup(query)
            except DeskError:
                pass  # the server went away while typing: the copy answers
        copy = self.offline.desk() if self.offline is not None else None
        return copy.lookup(query) if copy is not None else []

    def _on_lookup_button_clicked(self) -> None:
        dialog = LookupDialog(self._lookup, self)
        dialog.accepted.connect(lambda: self._on_lookup_dialog_accepted(dialog))
        self.open_dialog(dialog)

    def _on_lookup_dialog_accepted(self, dialog: LookupDialog) -> None:
        if dialog.token:
            self._take_scan(dialog.token)  # typed card digits: as good as a scan
            return
        assert dialog.code is not None
        if self._cut_off:
            self._show_cut_off(code=dialog.code, reason=dialog.reason_text)
            return
        try:
            verdict = self.desk.manual_verdict(dialog.code, dialog.reason_text)
            verdict = connection.final_verdict(self.desk, verdict)
        except DeskError as err:
            self._show_error(err)
            return
        self._show_verdict(verdict)

    def _on_presence_button_clicked(self) -> None:
        if self._cut_off:
            self._show_offline_presence()
            return
        if self.presence_dialog is None:
            self.presence_dialog = PresenceDialog(self.desk, self.texts, self)
        self.presence_dialog.refresh()
        self.presence_dialog.show()
        self.presence_dialog.raise_()
        self.presence_dialog.activateWindow()

    def _show_offline_presence(self) -> None:
        """The presence list from the local copy, marked with the time of its state (printable)."""
        copy = self.offline.desk() if self.offline is not None else None
        stamp = self.offline.stamp() if self.offline is not None else None
        if copy is None or stamp is None:
            self._set_status(
                self.tr("Geen verbinding en nog geen plaatselijke kopie: gebruik de geprinte presentielijst.")
            )
            return
        if self.offline_presence is not None:
            self.offline_presence.close()
            self.offline_presence.deleteLater()
        taken = stamp.taken_at
        dialog = PresenceDialog(copy, self.texts, self, now=lambda: amsterdam(taken))
        dialog.setWindowTitle(
            self.tr("Presentielijst — stand van {time} (geen verbinding met de vergaderserver)").format(
                time=local_time(taken)
            )
        )
        self.offline_presence = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _on_printer_button_clicked(self) -> None:
        dialog = PrinterDialog(
            self.printer.printer_name,
            self.printer.size,
            self.printer.pdf_folder,
            PassPrinter.available_printers(),
            self,
            lang=self.texts.lang,
        )
        dialog.accepted.connect(lambda: self._on_printer_dialog_accepted(dialog))
        self.open_dialog(dialog)

    def _on_printer_dialog_accepted(self, dialog: PrinterDialog) -> None:
        name, size, folder = dialog.values()
        self.set_printer(name, size, folder)

    def set_printer(self, name: str, size: str, folder: Path | None) -> None:
        """Send the next passes elsewhere (the printer dialog, or the composition root)."""
        self.printer.printer_name = name
        self.printer.size = size
        self.printer.pdf_folder = folder or self.printer.pdf_folder
        self._update_printer_label()
        self.printer_chosen.emit(name, size, str(self.printer.pdf_folder or ""))
