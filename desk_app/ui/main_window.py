"""The main window: the meeting's register and designations (the desk and votes join as tabs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from desk_app.domain.text import DeskError
from desk_app.services.meeting import MeetingService
from desk_app.ui.designation_dialog import DesignationDialog
from desk_app.ui.register_view import RegisterView


class MainWindow(QMainWindow):
    """Tabs for the desk, the votes and the register; menus whose actions the app carries out."""

    tally_screen_requested = Signal()
    export_requested = Signal()
    backup_requested = Signal()
    cards_requested = Signal()
    settings_requested = Signal()

    def __init__(self, meeting: MeetingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = meeting
        m = meeting.meeting()
        self.setWindowTitle(f"Stembalie — {m.name}, {m.date}, {m.place}")
        self.tabs = QTabWidget()
        self.register_view = RegisterView(meeting.member_rows(), meeting.totals())
        self.tabs.addTab(self.register_view, self.tr("Leden en aanwijzingen"))
        self.setCentralWidget(self.tabs)
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self.register_view.table.doubleClicked.connect(self._on_table_double_clicked)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._build_menu()
        self._update_status()

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Bestand"))
        act = QAction(self.tr("Aanwijzingen inlezen…"), self)
        act.triggered.connect(self._on_import_reps_triggered)
        menu.addAction(act)
        act = QAction(self.tr("Ledenregister inlezen…"), self)
        act.triggered.connect(self._on_import_register_triggered)
        menu.addAction(act)
        self._action(menu, self.tr("Stemkaarten maken…"), self.cards_requested)
        menu.addSeparator()
        self._action(menu, self.tr("Exporteren na de vergadering…"), self.export_requested)
        self._action(menu, self.tr("Reservekopie nu"), self.backup_requested, "Ctrl+B")
        menu.addSeparator()
        self._action(menu, self.tr("Instellingen…"), self.settings_requested, "Ctrl+,")
        menu.addSeparator()
        act = QAction(self.tr("Afsluiten"), self)
        act.setShortcut(QKeySequence.StandardKey.Quit)
        act.triggered.connect(self.close)
        menu.addAction(act)

        meeting = self.menuBar().addMenu(self.tr("&Vergadering"))
        self.open_action = QAction(self.tr("Vergadering openen (stemgewichten vastzetten)…"), self)
        self.open_action.triggered.connect(self._on_open_action_triggered)
        meeting.addAction(self.open_action)
        self._action(meeting, self.tr("Uitslagenscherm voor de voorzitter"), self.tally_screen_requested, "F11")

    def _action(self, menu, text: str, signal, shortcut: str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(signal.emit)
        menu.addAction(act)
        return act

    def _on_tabs_current_changed(self, index: int) -> None:
        # Keyboard first: after Ctrl+Tab the tab's own keys (F5, Enter…) must work at once,
        # not only after a click into it.
        widget = self.tabs.widget(index)
        if widget is not None:
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.setFocus(Qt.FocusReason.TabFocusReason)

    def _on_open_action_triggered(self) -> None:
        t = self.service.totals()
        answer = QMessageBox.question(self, self.tr("Vergadering openen"), self.tr(
            "De vergadering openen? Daarna liggen de stemgewichten vast ({members} gemeenten, {votes} stemmen) "
            "en kan het ledenregister niet meer worden gewijzigd. Stemmingen kunnen pas na het openen.").format(
                members=t.members, votes=t.votes))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.service.open_meeting()
        except DeskError as err:
            QMessageBox.warning(self, self.tr("Vergadering openen"), err.message())
        self.refresh()

    def _update_status(self) -> None:
        m = self.service.meeting()
        state = self.tr("geopend, gewichten vast") if m.is_open else self.tr("in voorbereiding")
        self.status.setText(self.tr("Vergadering {no} · {state} · {path}").format(
            no=m.meeting_no, state=state, path=self.service.store.path))
        self.open_action.setEnabled(not m.is_open)

    def refresh(self) -> None:
        self.register_view.set_data(self.service.member_rows(), self.service.totals())
        self._update_status()

    def _on_table_double_clicked(self, index) -> None:  # type: ignore[no-untyped-def]
        source = self.register_view.proxy.mapToSource(index)
        row = self.register_view.model._rows[source.row()]
        dialog = DesignationDialog(row, self)
        while dialog.exec():
            try:
                self.service.set_designation(row.code, **dialog.values())
            except DeskError as err:
                dialog.show_error(err.message())
                continue
            self.refresh()
            break

    def _import(self, title: str, action: str) -> None:
        name, _ = QFileDialog.getOpenFileName(self, title, str(Path.home()), self.tr("CSV-bestanden (*.csv)"))
        if not name:
            return
        try:
            data = Path(name).read_bytes()
            if action == "reps":
                n = self.service.import_designations(data, name)
                text = self.tr("{n} aanwijzingen ingelezen.").format(n=n)
            else:
                t = self.service.import_register(data, name)
                text = self.tr("{n} gemeenten, {v} stemmen ingelezen.").format(n=t.members, v=t.votes)
        except DeskError as err:
            QMessageBox.warning(self, title, err.message())
            return
        except OSError as err:
            QMessageBox.warning(self, title, str(err))
            return
        self.refresh()
        self.statusBar().showMessage(text, 8000)

    def _on_import_reps_triggered(self) -> None:
        self._import(self.tr("Aanwijzingen inlezen"), "reps")

    def _on_import_register_triggered(self) -> None:
        self._import(self.tr("Ledenregister inlezen"), "register")

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_F3:
            self.register_view.search.setFocus()
            return
        super().keyPressEvent(event)
