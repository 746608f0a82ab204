"""The main window: the meeting's register and designations (the desk and votes join as tabs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from desk_app.domain.text import DeskError
from desk_app.services.meeting import MeetingService
from desk_app.ui.designation_dialog import DesignationDialog
from desk_app.ui.register_view import RegisterView


class MainWindow(QMainWindow):
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
        self._update_status()
        self.register_view.table.doubleClicked.connect(self._on_table_double_clicked)
        self._build_menu()

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Bestand"))
        act = QAction(self.tr("Aanwijzingen inlezen…"), self)
        act.triggered.connect(self._on_import_reps_triggered)
        menu.addAction(act)
        act = QAction(self.tr("Ledenregister inlezen…"), self)
        act.triggered.connect(self._on_import_register_triggered)
        menu.addAction(act)
        menu.addSeparator()
        act = QAction(self.tr("Afsluiten"), self)
        act.setShortcut(QKeySequence.StandardKey.Quit)
        act.triggered.connect(self.close)
        menu.addAction(act)

    def _update_status(self) -> None:
        m = self.service.meeting()
        state = self.tr("geopend, gewichten vast") if m.is_open else self.tr("in voorbereiding")
        self.status.setText(self.tr("Vergadering {no} · {state} · {path}").format(
            no=m.meeting_no, state=state, path=self.service.store.path))

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
