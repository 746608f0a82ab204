"""The desk view ("Balie"): scan a card, read the verdict from a metre away, issue the stempas.

The flow: a barcode arrives (camera worker ``code_seen``, handheld scanner via the keyboard wedge,
or the F2 look-up with a recorded reason) -> the service's verdict fills the big panel and a
sound plays -> for an accepted card the clerk confirms who presents it (name prefilled from the
designation, role from the five) and presses Enter -> the service checks the pass in (one
transaction) -> the stempas is printed -> the print result is recorded. An "already registered"
verdict offers reprint, lost-pass replacement, a substitute and a supervisor override; a scanned
stempas offers leaving and coming back. Every supervisor action asks PIN + reason.

The view is thin: every decision and every write is a :class:`DeskService` call; the view only
chooses what to show. It works standalone or as the "Balie" tab of the main window; the
composition root passes in the service, the pass printer, the sound player and (optionally)
the camera worker and keyboard wedge.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QKeyEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.checkin import PassInfo, Verdict, VerdictKind
from desk_app.domain.mandate import ROLES, normalise_role, role_label
from desk_app.domain.text import DeskError
from desk_app.domain.token import looks_like_token
from desk_app.printing.stempas import PassPrinter, PrintFailed, StempasData
from desk_app.scanning.wedge import KeyboardWedge
from desk_app.domain.clock import local_stamp, local_time
from desk_app.ui.keys import shortcut_button
from desk_app.scanning.worker import ScanWorker
from desk_app.services.desk import DeskService
from desk_app.ui.desk_dialogs import LookupDialog, PrinterDialog, SupervisorDialog
from desk_app.ui.desk_panel import CameraPreview, PanelContent, Tone, VerdictPanel
from desk_app.ui.desk_presence import PresenceDialog, counters_text
from desk_app.ui.sounds import Cue, SoundPlayer

log = logging.getLogger("stembalie.desk.ui")

__all__ = ["DeskView", "Mode"]


class Mode(enum.Enum):
    IDLE = "idle"
    CONFIRM = "confirm"  # accepted card: who presents it?
    SUBSTITUTE = "substitute"  # already registered: another person of the same municipality
    OVERRIDE = "override"  # already registered, wrongly: supervisor admits this person
    ALREADY = "already"
    PASS = "pass"  # a stempas was scanned
    ISSUED = "issued"  # a pass was issued (or reissued) and printed or not
    REFUSED = "refused"
    DONE = "done"  # an action finished (undo); nothing pending


_FORM_MODES = (Mode.CONFIRM, Mode.SUBSTITUTE, Mode.OVERRIDE)
_LIVE = ("active", "away")
_OTHER_ROLE = "__other__"


class DeskView(QWidget):
    """The desk: camera preview, verdict panel, confirm form, actions, counters."""

    #: A verdict or outcome is on screen: a VerdictKind value, or 'issued', 'role_refused',
    #: 'print_failed', 'undone', 'error', 'idle'.
    verdict_shown = Signal(str)
    pass_issued = Signal(int)
    #: (serial, printed ok)
    pass_printed = Signal(int, bool)
    #: Somebody came in, left, came back or was undone: counters and lists elsewhere are stale.
    presence_changed = Signal()
    #: The clerk chose another printer: (printer name, pass size, PDF folder or ""), to be saved.
    printer_chosen = Signal(str, str, str)

    def __init__(self, desk: DeskService, printer: PassPrinter, sounds: SoundPlayer, *,
                 wedge: KeyboardWedge | None = None, idle_after_ms: int = 60_000,
                 counters_every_ms: int = 5_000, parent: QWidget | None = None) -> None:
        """``wedge``: a keyboard wedge the caller installed; without one the view makes its own,
        scoped to itself and installed on the application. ``idle_after_ms`` = 0 keeps a
        verdict on screen until the next one (screenshots)."""
        super().__init__(parent)
        self.desk = desk
        self.printer = printer
        self.sounds = sounds
        self.mode = Mode.IDLE
        self._verdict: Verdict | None = None
        self._pass: PassInfo | None = None
        self._pending_print: PassInfo | None = None
        self._dialog: QDialog | None = None
        self.presence_dialog: PresenceDialog | None = None
        self.shortcuts: dict[QPushButton, QShortcut] = {}
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build()

        self.wedge = wedge = wedge or KeyboardWedge.for_view(self)
        wedge.scanned.connect(self._on_wedge_scanned)

        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.timeout.connect(self._on_idle_timer_timeout)
        self._idle_after_ms = idle_after_ms
        self._counters_timer = QTimer(self)
        self._counters_timer.timeout.connect(self.refresh_counters)
        if counters_every_ms > 0:
            # Other desks check people in too: the counters must not wait for this desk's next scan.
            self._counters_timer.start(counters_every_ms)
        self.refresh_counters()
        self.show_idle()

    # -- building ---------------------------------------------------------------------------------
    def _button(self, text: str, shortcut: str, slot: Callable[[], None]) -> QPushButton:
        button, sc = shortcut_button(self, text, shortcut, slot, self._on_shortcut_activated, height=52)
        if sc is not None:
            self.shortcuts[button] = sc
        return button

    def _on_shortcut_activated(self, button: QPushButton) -> None:
        # Only what is on screen can be triggered: F6 does nothing while no pass is shown.
        if button.isVisible() and button.isEnabled():
            button.click()

    def _build(self) -> None:
        self.setStyleSheet(
            "QPushButton { font-size: 18px; padding: 8px 12px; }"
            "QPushButton#primary { font-size: 20px; font-weight: bold; color: white; background: #1B6B2F;"
            " border-radius: 6px; padding: 8px 18px; }"
            "QLineEdit, QComboBox { font-size: 24px; padding: 6px; min-height: 40px; }"
            "QLabel#formLabel { font-size: 22px; font-weight: bold; }"
            "QLabel#formError { font-size: 20px; font-weight: bold; color: #B3201A; }"
            "QLabel#counters { font-size: 30px; font-weight: bold; }"
            "QLabel#deskName { font-size: 22px; font-weight: bold; color: white; background: #0B4F9C;"
            " padding: 6px 14px; border-radius: 6px; }"
            "QLabel#statusLine { font-size: 16px; color: #37474F; }"
            "QLabel#recentTitle { font-size: 17px; font-weight: bold; }"
            "QListWidget#recent { font-size: 16px; }"
        )
        self.desk_label = QLabel(self.desk.actor.desk)
        self.desk_label.setObjectName("deskName")
        self.counters_label = QLabel()
        self.counters_label.setObjectName("counters")
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
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(380)

        self.panel = VerdictPanel()

        # The confirm form: who presents the card.
        self.form = QWidget()
        self.form_label = QLabel(self.tr("Wie toont de kaart?"))
        self.form_label.setObjectName("formLabel")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Naam"))
        self.role_combo = QComboBox()
        for role in ROLES:
            self.role_combo.addItem(role_label(role), role)
        self.role_combo.addItem(self.tr("andere functie…"), _OTHER_ROLE)
        self.role_combo.setPlaceholderText(self.tr("kies functie"))
        self.role_other = QLineEdit()
        self.role_other.setPlaceholderText(self.tr("welke functie?"))
        self.role_other.hide()
        self.role_combo.currentIndexChanged.connect(self._on_role_combo_current_index_changed)
        self.confirm_button = self._button(self.tr("Stempas uitgeven (Enter)"), "", self.confirm)
        self.confirm_button.setObjectName("primary")
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        form_row = QHBoxLayout()
        form_row.addWidget(self.name_edit, 3)
        form_row.addWidget(self.role_combo, 2)
        form_row.addWidget(self.role_other, 2)
        form_row.addWidget(self.confirm_button)
        form_col = QVBoxLayout(self.form)
        form_col.setContentsMargins(0, 0, 0, 0)
        form_col.addWidget(self.form_label)
        form_col.addLayout(form_row)
        form_col.addWidget(self.form_error)

        # Actions for the verdict on screen; only those that fit are shown, three to a row so
        # that a 1366 px laptop screen holds them all.
        self.reprint_button = self._button(self.tr("Herdrukken (F5)"), "F5", self._on_reprint_button_clicked)
        self.lost_button = self._button(self.tr("Pas kwijt: nieuwe pas (F6)"), "F6", self._on_lost_button_clicked)
        self.substitute_button = self._button(self.tr("Vervanger (F7)"), "F7", self._on_substitute_button_clicked)
        self.override_button = self._button(self.tr("Toch toelaten (F8)"), "F8", self._on_override_button_clicked)
        self.leave_button = self._button(self.tr("Vertrekt — pas inleveren (F9)"), "F9", self._on_leave_button_clicked)
        self.back_button = self._button(self.tr("Komt terug (F10)"), "F10", self._on_back_button_clicked)
        self.undo_button = self._button(self.tr("Ongedaan maken (Ctrl+Z)"), "Ctrl+Z", self._on_undo_button_clicked)
        self.cancel_button = self._button(self.tr("Volgende kaart (Esc)"), "Esc", self._on_cancel_button_clicked)
        self.action_buttons = [self.leave_button, self.back_button, self.reprint_button, self.lost_button,
                               self.substitute_button, self.override_button, self.undo_button]
        self.actions_box = QWidget()
        self.actions_grid = QGridLayout(self.actions_box)
        self.actions_grid.setContentsMargins(0, 0, 0, 0)
        for column in range(3):
            self.actions_grid.setColumnStretch(column, 1)
        for button in [*self.action_buttons, self.cancel_button]:
            button.setParent(self.actions_box)
            button.hide()

        self.status_line = QLabel()
        self.status_line.setObjectName("statusLine")
        self.status_line.setWordWrap(True)
        self.status_line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        right = QVBoxLayout()
        right.addWidget(self.panel, 1)
        right.addWidget(self.form)
        right.addWidget(self.actions_box)
        right.addWidget(self.status_line)
        body = QHBoxLayout()
        body.addWidget(left_box)
        body.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addLayout(body, 1)
        self._update_printer_label()

    def _layout_actions(self, shown: list[QPushButton]) -> None:
        """Put the buttons that apply now into the grid, in a fixed order, three per row."""
        for button in [*self.action_buttons, self.cancel_button]:
            self.actions_grid.removeWidget(button)
            if button not in shown:
                button.hide()
        for i, button in enumerate(shown):
            self.actions_grid.addWidget(button, i // 3, i % 3)
            button.show()  # after addWidget: a widget without a parent would show as a window

    # -- state on screen --------------------------------------------------------------------------
    def _apply(self, mode: Mode, content: PanelContent, signal: str) -> None:
        self.mode = mode
        self.panel.show_content(content)
        in_form = mode in _FORM_MODES
        self.form.setVisible(in_form)
        self.form_error.hide()
        live = self._pass is not None and self._pass.status in _LIVE
        status = self._pass.status if self._pass is not None else None
        visible = {
            self.reprint_button: mode in (Mode.ALREADY, Mode.PASS, Mode.ISSUED) and live,
            self.lost_button: mode is Mode.ALREADY and live,
            self.substitute_button: mode is Mode.ALREADY and live,
            self.override_button: mode is Mode.ALREADY and live,
            self.leave_button: mode is Mode.PASS and status == "active",
            self.back_button: mode is Mode.PASS and status == "away",
            self.undo_button: mode in (Mode.ALREADY, Mode.PASS, Mode.ISSUED) and live,
        }
        shown = [b for b in self.action_buttons if visible[b]]
        if mode is not Mode.IDLE:
            shown.append(self.cancel_button)
        self._layout_actions(shown)
        # A pass that never came out of the printer is printed again without a supervisor:
        # that is not a second pass, it is the first one.
        unprinted = self._pass is not None and self._pass.print_state != "printed"
        self.reprint_button.setText(self.tr("Afdrukken (F5)") if unprinted else self.tr("Herdrukken (F5)"))
        self.cancel_button.setText(self.tr("Annuleren (Esc)") if in_form else self.tr("Volgende kaart (Esc)"))
        if in_form:
            self.confirm_button.setText({
                Mode.CONFIRM: self.tr("Stempas uitgeven (Enter)"),
                Mode.SUBSTITUTE: self.tr("Vervanger toelaten (Enter)"),
                Mode.OVERRIDE: self.tr("Toch toelaten… (Enter)"),
            }[mode])
        self._idle_timer.stop()
        if self._idle_after_ms > 0 and mode not in _FORM_MODES and mode is not Mode.IDLE:
            # The next person in the queue must not read the previous person's verdict.
            self._idle_timer.start(self._idle_after_ms)
        self.verdict_shown.emit(signal)

    def show_idle(self) -> None:
        self._verdict = None
        self._pass = None
        self._apply(Mode.IDLE, PanelContent(
            Tone.IDLE, self.tr("KLAAR VOOR DE VOLGENDE KAART"),
            detail=self.tr("Houd de stemkaart voor de camera of scan hem met de handscanner. "
                           "Scant hij niet? Druk F2 om op naam of code op te zoeken."),
        ), "idle")
        if self._dialog is None:
            self.setFocus()

    def _votes_word(self, votes: int | None) -> str:
        return self.tr("stem") if votes == 1 else self.tr("stemmen")

    def _designated(self, v: Verdict) -> str:
        if v.rep_name:
            role = f", {role_label(v.rep_role)}" if v.rep_role else ""
            return self.tr("Aangewezen: {name}{role}").format(name=v.rep_name, role=role)
        return self.tr("Geen vertegenwoordiger aangewezen")

    def _holder(self, p: PassInfo) -> str:
        return self.tr("Stempas {serial}: {name}, {role}").format(
            serial=p.serial, name=p.holder_name or "?", role=role_label(p.holder_role))

    def _print_note(self, p: PassInfo | None) -> str:
        if p is None or p.status not in _LIVE or p.print_state == "printed":
            return ""
        return self.tr("Deze stempas is nog niet afgedrukt: druk F5 om hem af te drukken.")

    def _pass_headline(self, p: PassInfo) -> tuple[Tone, str]:
        words = {
            "active": (Tone.INFO, self.tr("AANWEZIG")),
            "away": (Tone.WARNING, self.tr("VERTROKKEN")),
            "returned": (Tone.REFUSED, self.tr("INGELEVERD — ONGELDIG")),
            "replaced": (Tone.REFUSED, self.tr("VERVANGEN — ONGELDIG")),
            "undone": (Tone.REFUSED, self.tr("ONGEDAAN — ONGELDIG")),
        }
        tone, word = words.get(p.status, (Tone.REFUSED, p.status.upper()))
        return tone, self.tr("STEMPAS {serial} · {state}").format(serial=p.serial, state=word)

    def _content_for(self, v: Verdict) -> tuple[Mode, PanelContent]:
        code = v.code or ""
        if v.kind is VerdictKind.ACCEPTED:
            note = self.tr("Handmatig opgezocht: {reason}").format(reason=v.manual_reason) if v.manual_reason else ""
            return Mode.CONFIRM, PanelContent(
                Tone.OK, v.headline(), v.municipality or "", code, v.votes, self._votes_word(v.votes),
                self._designated(v), self.tr("Controleer wie de kaart toont, kies de functie en druk Enter."), note)
        if v.kind is VerdictKind.ALREADY and v.existing is not None:
            p = v.existing
            when = self.tr("Geregistreerd om {time} aan {desk}").format(time=local_time(p.issued_at), desk=p.desk)
            detail = self.tr("{holder}. Herdruk, vervang een verloren pas, of laat een vervanger toe.").format(
                holder=self._holder(p))
            if p.status == "away":
                detail = self.tr("{holder} — vertrokken, pas ingeleverd. Scan de stempas om terug te komen.").format(
                    holder=self._holder(p))
            return Mode.ALREADY, PanelContent(
                Tone.WARNING, v.headline(), v.municipality or "", code, v.votes, self._votes_word(v.votes),
                when, detail, self._print_note(p))
        if v.kind is VerdictKind.PASS and v.existing is not None:
            p = v.existing
            tone, headline = self._pass_headline(p)
            detail = {
                "active": self.tr("Vertrekt de houder? Neem de pas in en druk F9."),
                "away": self.tr("Komt de houder terug? Geef de pas terug en druk F10."),
            }.get(p.status, self.tr("Deze pas is ongeldig: neem hem in. Er is geen actie nodig."))
            return Mode.PASS, PanelContent(
                tone, headline, v.municipality or "", code, v.votes, self._votes_word(v.votes),
                self._holder(p), detail, self._print_note(p))
        # Refusals: no votes on screen, so nobody reads a number as "admitted".
        return Mode.REFUSED, PanelContent(
            Tone.REFUSED, v.headline(), v.municipality or "", code, None, "", "", v.explanation())

    def _show_verdict(self, v: Verdict, *, sound: bool = True) -> None:
        self._verdict = v
        self._pass = v.existing
        mode, content = self._content_for(v)
        if sound:
            live_pass = v.kind is VerdictKind.PASS and v.existing is not None and v.existing.status in _LIVE
            self.sounds.play(Cue.ACCEPTED if v.accepted or live_pass else Cue.REFUSED)
        if mode is Mode.CONFIRM:
            self._fill_form(v.rep_name or "", v.rep_role)
        self._apply(mode, content, v.kind.value)
        # Other desks may have changed the counts; refresh after this verdict has painted.
        QTimer.singleShot(0, self, self.refresh_counters)
        if mode is Mode.CONFIRM:
            self.name_edit.setFocus()
            self.name_edit.selectAll()
        elif self._dialog is None:
            self.setFocus()

    def _show_error(self, err: DeskError, headline: str | None = None, tone: Tone = Tone.REFUSED,
                    keep_form: bool = True) -> None:
        """A refusal or a store problem; the form stays for a retry (a locked file) unless told."""
        self.sounds.play(Cue.REFUSED)
        v = self._verdict
        mode = self.mode if keep_form and self.mode in _FORM_MODES else Mode.REFUSED
        self._apply(mode, PanelContent(
            tone, headline or self.tr("NIET GELUKT"), (v.municipality or "") if v else "", (v.code or "") if v else "",
            detail=err.message()), "error")

    def _fill_form(self, name: str, role: str | None) -> None:
        self.name_edit.setText(name)
        self.role_combo.setCurrentIndex(self.role_combo.findData(role) if role in ROLES else -1)
        self.role_other.clear()

    def _on_role_combo_current_index_changed(self, _index: int) -> None:
        other = self.role_combo.currentData() == _OTHER_ROLE
        self.role_other.setVisible(other)
        if other:
            self.role_other.setFocus()

    def refresh_counters(self) -> None:
        """Counters and the recent list, from the store (other desks write there too)."""
        try:
            self.counters_label.setText(counters_text(self.desk.counters()))
            rows = [r for r in self.desk.presence() if r.since and r.status in _LIVE]
        except DeskError as err:  # a locked or lost file: say so where the counters were
            self.counters_label.setText(err.message())
            return
        rows.sort(key=lambda r: r.since or "", reverse=True)
        self.recent.clear()
        for r in rows[:12]:
            state = "" if r.status == "active" else self.tr(" — vertrokken")
            self.recent.addItem(f"{local_time(r.since or '')[:5]}  {r.name}{state}\n      {r.holder_name or '?'} · {r.desk}")

    def _update_printer_label(self) -> None:
        self.printer_label.setText(self.tr("Stempassen naar: {target}").format(target=self.printer.describe()))

    def _set_status(self, text: str) -> None:
        self.status_line.setText(text)

    # -- scans ------------------------------------------------------------------------------------
    def handle_scan(self, text: str) -> None:
        """A barcode from any source: show its verdict. Ignored while a dialog asks something."""
        if self._dialog is not None:
            # A supervisor dialog acts on the pass it was opened for; a new verdict underneath
            # would make the clerk believe it acts on the new card.
            self._set_status(self.tr("Scan genegeerd: sluit eerst het venster dat open staat."))
            return
        self._scan(text)

    def _scan(self, text: str) -> None:
        try:
            verdict = self.desk.scan(text.strip())
        except DeskError as err:
            self._verdict = None
            self._pass = None
            self._show_error(err)
            return
        self._show_verdict(verdict)

    def _on_wedge_scanned(self, text: str) -> None:
        self.handle_scan(text)

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

    @Slot(str)
    def _on_scanner_hint(self, text: str) -> None:
        self.preview.set_hint(text)

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

    def confirm(self) -> None:
        """Enter: issue the pass to the person in the form (check-in, substitute or override)."""
        if self.mode not in _FORM_MODES or self._verdict is None:
            return
        name = self.name_edit.text().strip()
        if looks_like_token(name.replace(" ", "")):
            # A scan typed too slowly for the wedge ended up in the name field: it is a scan.
            self.name_edit.clear()
            self.handle_scan(name.replace(" ", ""))
            return
        role = self._chosen_role()
        if not name:
            self._form_problem(self.tr("Vul de naam in van wie de kaart toont."), self.name_edit)
            return
        if role is None:
            self._form_problem(self.tr("Kies de functie."), self.role_combo)
            return
        v = self._verdict
        try:
            if self.mode is Mode.CONFIRM:
                p = self.desk.check_in(v, name=name, role=role)
                self._issued(p, self.tr("STEMPAS UITGEGEVEN"), new_pass=True)
            elif self.mode is Mode.SUBSTITUTE:
                assert self._pass is not None
                p = self.desk.substitute(self._pass.serial, name=name, role=role)
                self._issued(p, self.tr("VERVANGER TOEGELATEN"), new_pass=True)
            else:
                normalise_role(role)  # refuse an ineligible role before asking for the PIN
                self._ask_override(v, name, role)
        except DeskError as err:
            if err.code == "role.not_eligible":
                self._show_role_refused(err)
            else:
                log.info("desk action refused: %s", err.code)
                if err.code == "desk.already":
                    # Another desk was faster: no form to retry, the card must be scanned again.
                    self._show_error(err, self.tr("AL GEREGISTREERD"), Tone.WARNING, keep_form=False)
                else:
                    self._show_error(err)

    def _show_role_refused(self, err: DeskError) -> None:
        """Red, with the reason; the form stays so a mistaken choice can be corrected (or Esc)."""
        self.sounds.play(Cue.REFUSED)
        v = self._verdict
        assert v is not None
        mode = self.mode
        self._apply(mode, PanelContent(
            Tone.REFUSED, self.tr("FUNCTIE NIET TOEGESTAAN"), v.municipality or "", v.code or "",
            person=self.tr("Geen stempas uitgegeven."), detail=err.message()), "role_refused")

    def _ask_override(self, v: Verdict, name: str, role: str) -> None:
        existing = v.existing
        assert existing is not None
        self._supervisor(
            self.tr("Toch toelaten (supervisor)"),
            self.tr("Stempas {serial} ({holder}) wordt ongeldig en {name} krijgt een nieuwe stempas voor "
                    "{municipality}.").format(serial=existing.serial, holder=existing.holder_name or "?", name=name,
                                              municipality=v.municipality),
            lambda pin, reason: self.desk.override_already(v, name=name, role=role, pin=pin, reason=reason),
            lambda p: self._issued(p, self.tr("TOCH TOEGELATEN"), new_pass=True),
        )

    # -- issuing and printing ---------------------------------------------------------------------
    def _issued(self, p: PassInfo, headline: str, *, new_pass: bool) -> None:
        """A pass exists (new or allowed to be reprinted): show it, then print it."""
        self._pass = p
        v = self._verdict
        municipality = (v.municipality or p.code) if v else p.code
        votes = v.votes if v else None
        self._apply(Mode.ISSUED, PanelContent(
            Tone.OK, headline, municipality, p.code, votes, self._votes_word(votes),
            self._holder(p), self.tr("Stempas wordt afgedrukt…")), "issued")
        self.setFocus()
        if new_pass:
            self.pass_issued.emit(p.serial)
            self.presence_changed.emit()
            self.refresh_counters()
        # Print after the panel has painted: the clerk sees "issued" at once, whatever the printer does.
        self._pending_print = p
        QTimer.singleShot(0, self, self._on_print_timer_timeout)

    def _on_print_timer_timeout(self) -> None:
        p, self._pending_print = self._pending_print, None
        if p is not None:
            self.print_pass(p)

    def _stempas_data(self, p: PassInfo) -> StempasData:
        m = self.desk.meeting
        v = self._verdict
        return StempasData(
            meeting_name=m.name, meeting_date=date.fromisoformat(m.date), meeting_place=m.place,
            municipality_code=p.code,
            municipality_name=(v.municipality if v and v.code == p.code and v.municipality else p.code),
            votes=int(v.votes) if v and v.code == p.code and v.votes is not None else 0,
            holder_name=p.holder_name or "", holder_role=role_label(p.holder_role), token=p.token,
            serial=p.serial, issued_at=local_stamp(p.issued_at), desk=p.desk,
        )

    def print_pass(self, p: PassInfo) -> bool:
        """Print the pass and record the result; a failure leaves the check-in standing."""
        error: str | None = None
        try:
            path = self.printer.print_pass(self._stempas_data(p))
        except PrintFailed as err:
            error = err.message()
        except (OSError, RuntimeError, ValueError) as err:  # a layout or file problem: still recorded
            log.exception("printing pass %s failed", p.serial)
            error = str(err)
        ok = error is None
        try:
            self.desk.record_print(p.serial, ok, error)
        except DeskError as err:
            self._show_error(err)
            return False
        fresh = self.desk.pass_verdict(p.serial).existing
        self._pass = fresh or p
        content = self.panel.content
        if ok:
            where = self.tr(" ({path})").format(path=path) if path else ""
            self._set_status(self.tr("Stempas {serial} afgedrukt{where}.").format(serial=p.serial, where=where))
            if self.mode is Mode.ISSUED:
                self._apply(Mode.ISSUED, PanelContent(
                    content.tone, content.headline, content.municipality, content.code, content.votes,
                    content.votes_word, content.person, self.tr("Afgedrukt. Geef de stempas mee.")), "issued")
        else:
            self.sounds.play(Cue.REFUSED)
            self._set_status(self.tr("Stempas {serial} niet afgedrukt: {error}").format(serial=p.serial, error=error))
            self._apply(Mode.ISSUED, PanelContent(
                Tone.WARNING, self.tr("NIET AFGEDRUKT"), content.municipality, content.code, content.votes,
                content.votes_word, content.person,
                self.tr("De registratie staat vast (stempas {serial}); alleen het afdrukken mislukte: {error}").format(
                    serial=p.serial, error=error),
                self.tr("Los het printerprobleem op (of kies Printer…) en druk F5 om af te drukken.")), "print_failed")
        self.pass_printed.emit(p.serial, ok)
        return ok

    # -- actions on an existing pass --------------------------------------------------------------
    def _supervisor(self, title: str, explanation: str, attempt: Callable[[str, str], object],
                    then: Callable[[PassInfo], None] | Callable[[object], None]) -> None:
        dialog = SupervisorDialog(title, explanation, attempt, self)
        dialog.accepted.connect(lambda: then(dialog.result_value))  # type: ignore[arg-type]
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QDialog) -> None:
        self._idle_timer.stop()
        self._dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self, _result: int) -> None:
        self._dialog = None
        # Back to the desk with the keyboard: the next F-key or scan must reach this view.
        self.window().activateWindow()
        if self.mode in _FORM_MODES:
            self.name_edit.setFocus()
        else:
            self.setFocus()
            if self._idle_after_ms > 0 and self.mode is not Mode.IDLE:
                self._idle_timer.start(self._idle_after_ms)

    @property
    def active_dialog(self) -> QDialog | None:
        """The dialog waiting for an answer (tests fill it in)."""
        return self._dialog

    def _on_reprint_button_clicked(self) -> None:
        p = self._pass
        if p is None or p.status not in _LIVE:
            return
        if p.print_state != "printed":
            self._issued(p, self.tr("STEMPAS {serial}").format(serial=p.serial), new_pass=False)
            return
        self._supervisor(
            self.tr("Stempas herdrukken (supervisor)"),
            self.tr("Stempas {serial} van {holder} wordt nog een keer afgedrukt.").format(
                serial=p.serial, holder=p.holder_name or "?"),
            lambda pin, reason: self.desk.reprint(p.serial, pin=pin, reason=reason),
            lambda again: self._issued(again, self.tr("STEMPAS HERDRUKT"), new_pass=False),
        )

    def _on_lost_button_clicked(self) -> None:
        p = self._pass
        if p is None or self.mode is not Mode.ALREADY:
            return
        self._supervisor(
            self.tr("Verloren stempas vervangen (supervisor)"),
            self.tr("Stempas {serial} wordt ongeldig; {holder} krijgt een nieuwe stempas.").format(
                serial=p.serial, holder=p.holder_name or "?"),
            lambda pin, reason: self.desk.replace_lost(p.serial, pin=pin, reason=reason),
            lambda new: self._issued(new, self.tr("NIEUWE STEMPAS"), new_pass=True),
        )

    def _on_substitute_button_clicked(self) -> None:
        p, v = self._pass, self._verdict
        if p is None or v is None or self.mode is not Mode.ALREADY:
            return
        self._fill_form("", None)
        self._apply(Mode.SUBSTITUTE, PanelContent(
            Tone.WARNING, self.tr("VERVANGER"), v.municipality or "", v.code or "", v.votes, self._votes_word(v.votes),
            self._holder(p),
            self.tr("Stempas {serial} wordt ingeleverd en de vervanger krijgt een nieuwe. Vul naam en functie "
                    "van de vervanger in en druk Enter.").format(serial=p.serial)), "substitute")
        self.name_edit.setFocus()

    def _on_override_button_clicked(self) -> None:
        p, v = self._pass, self._verdict
        if p is None or v is None or self.mode is not Mode.ALREADY:
            return
        self._fill_form(v.rep_name or "", v.rep_role)
        self._apply(Mode.OVERRIDE, PanelContent(
            Tone.WARNING, self.tr("TOCH TOELATEN"), v.municipality or "", v.code or "", v.votes,
            self._votes_word(v.votes), self._holder(p),
            self.tr("Alleen als de eerdere registratie onterecht was. Stempas {serial} wordt ongeldig. Vul in wie "
                    "de kaart toont, druk Enter; daarna pincode en reden van de supervisor.").format(serial=p.serial)),
            "override")
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _move(self, action: Callable[[int], PassInfo], message: str) -> None:
        p = self._pass
        if p is None:
            return
        try:
            action(p.serial)
        except DeskError as err:
            self._show_error(err)
            return
        self.presence_changed.emit()
        self.refresh_counters()
        self._show_verdict(self.desk.pass_verdict(p.serial), sound=False)
        self._set_status(message.format(serial=p.serial))

    def _on_leave_button_clicked(self) -> None:
        if self.mode is Mode.PASS:
            self._move(self.desk.leave, self.tr("Vertrek vastgelegd: stempas {serial} ingeleverd."))

    def _on_back_button_clicked(self) -> None:
        if self.mode is Mode.PASS:
            self._move(self.desk.come_back, self.tr("Terugkomst vastgelegd: stempas {serial} weer actief."))

    def _on_undo_button_clicked(self) -> None:
        p = self._pass
        if p is None or p.status not in _LIVE:
            return
        municipality = self._verdict.municipality if self._verdict else p.code

        def done(_: object) -> None:
            self._pass = self.desk.pass_verdict(p.serial).existing
            self.presence_changed.emit()
            self.refresh_counters()
            self._apply(Mode.DONE, PanelContent(
                Tone.WARNING, self.tr("CHECK-IN ONGEDAAN"), municipality or "", p.code,
                detail=self.tr("Stempas {serial} is ongeldig; {municipality} is niet meer geregistreerd.").format(
                    serial=p.serial, municipality=municipality)), "undone")

        self._supervisor(
            self.tr("Check-in ongedaan maken (supervisor)"),
            self.tr("De registratie van {municipality} (stempas {serial}, {holder}) wordt ongedaan gemaakt.").format(
                municipality=municipality, serial=p.serial, holder=p.holder_name or "?"),
            lambda pin, reason: self.desk.undo(p.serial, pin=pin, reason=reason),
            done,
        )

    def _on_cancel_button_clicked(self) -> None:
        if self.mode in (Mode.SUBSTITUTE, Mode.OVERRIDE) and self._verdict is not None:
            self._show_verdict(self._verdict, sound=False)  # back to the "already registered" choices
            return
        self.show_idle()

    def _on_idle_timer_timeout(self) -> None:
        if self._dialog is None and self.mode not in _FORM_MODES:
            self.show_idle()

    # -- look-up, presence list, printer ----------------------------------------------------------
    def _on_lookup_button_clicked(self) -> None:
        if self._dialog is not None:
            return
        dialog = LookupDialog(self.desk.lookup, self)
        dialog.accepted.connect(lambda: self._on_lookup_dialog_accepted(dialog))
        self._open_dialog(dialog)

    def _on_lookup_dialog_accepted(self, dialog: LookupDialog) -> None:
        self._dialog = None
        if dialog.token:
            self._scan(dialog.token)
            return
        assert dialog.code is not None
        try:
            verdict = self.desk.manual_verdict(dialog.code, dialog.reason_text)
        except DeskError as err:
            self._show_error(err)
            return
        self._show_verdict(verdict)

    def _on_presence_button_clicked(self) -> None:
        if self.presence_dialog is None:
            self.presence_dialog = PresenceDialog(self.desk, self)
            self.presence_changed.connect(self.presence_dialog.refresh)
        self.presence_dialog.refresh()
        self.presence_dialog.show()
        self.presence_dialog.raise_()
        self.presence_dialog.activateWindow()

    def _on_printer_button_clicked(self) -> None:
        if self._dialog is not None:
            return
        dialog = PrinterDialog(self.printer.printer_name, self.printer.size, self.printer.pdf_folder,
                               PassPrinter.available_printers(), self)
        dialog.accepted.connect(lambda: self._on_printer_dialog_accepted(dialog))
        self._open_dialog(dialog)

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

    # -- keyboard ---------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        # Enter is handled here, not as a shortcut: a shortcut would take the Enter that ends a
        # handheld scanner's burst before the keyboard wedge sees it. Line edits and buttons
        # pass Enter on to us.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.mode in _FORM_MODES:
            self.confirm()
            return
        super().keyPressEvent(event)
