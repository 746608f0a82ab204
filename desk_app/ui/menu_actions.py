"""What the menus do: one method per menu item, each a service call the window then shows.

The composition root (``app.py``) builds the window, the panels and the change feed;
:class:`MenuActions` carries out the items of the menus (Bestand, Vergadering, Stemmingen,
Help) against the open :class:`~desk_app.session.Session`. It reaches the rest of the app only
through the small :class:`Host` protocol, so it never imports ``app.py``.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk_app import __version__, paths, settings
from desk_app.domain.text import DeskError
from desk_app.services.meeting import MemberRow
from desk_app.ui import words
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.designation_dialog import DesignationDialog
from desk_app.ui.keyboard import KeyboardPanel
from desk_app.ui.main_window import MainWindow
from desk_app.ui.style import readable

if TYPE_CHECKING:
    from desk_app.scanning.sources import CameraInfo
    from desk_app.scanning.worker import ScanWorker
    from desk_app.session import Session
    from desk_app.ui.cards import CardsWindow
    from desk_app.ui.jobs import Runner
    from desk_app.ui.voting.tally import TallyWindow


class Host(Protocol):
    """What the menu actions need from the app that owns them."""

    prefs: settings.Preferences
    jobs: Runner
    is_demo: bool

    @property
    def session(self) -> Session: ...

    @property
    def feed(self) -> ChangeFeed: ...

    def apply_preferences(self, prefs: settings.Preferences) -> None:
        """Save new preferences and apply them (camera, printer, language...), with a notice."""

    def cameras(self) -> list[CameraInfo]:
        """This computer's cameras by name."""
        ...

    def camera_worker(self, prefs: settings.Preferences) -> ScanWorker | None:
        """A camera worker for ``prefs`` (the settings dialog's live picture), not started."""

    def stop_camera(self) -> None:
        """Release the desk's camera (while the settings dialog shows one)."""

    def start_camera(self) -> None:
        """Start the desk's camera again as the preferences say."""

    def reset_demo(self) -> None:
        """Throw the demo meeting away and open a fresh one."""


class MenuActions(QObject):
    """The menu items of one main window. A QObject so ``self.tr()`` files its strings under one context."""

    def __init__(self, host: Host, window: MainWindow) -> None:
        super().__init__(window)
        self.host = host
        self.window = window
        self.tally_window: TallyWindow | None = None
        self.cards_window: CardsWindow | None = None
        window.on_member_chosen = self.edit_designation
        self._build_menus()

    @property
    def session(self) -> Session:
        return self.host.session

    def _message(self, err: DeskError) -> str:
        return self.session.tr.error(err)

    # -- menus ------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        w = self.window
        w.menu("file", self.tr("&Bestand"))
        w.add_action("file", "import_designations", self.tr("Vertegenwoordigers inlezen…"), self.import_designations)
        w.add_action("file", "import_register", self.tr("Ledenregister inlezen…"), self.import_register)
        w.add_action("file", "cards", self.tr("Stemkaarten maken en versturen…"), self.cards)
        w.menus["file"].addSeparator()
        w.add_action("file", "export", self.tr("Exporteren na de vergadering…"), self.export)
        w.add_action("file", "backup", self.tr("Reservekopie nu"), self.backup_now, "Ctrl+B")
        w.menus["file"].addSeparator()
        w.add_action("file", "settings", self.tr("Instellingen…"), self.settings, "Ctrl+,")
        w.menus["file"].addSeparator()
        w.add_action("file", "quit", self.tr("Afsluiten"), w.close, QKeySequence.StandardKey.Quit)

        w.menu("meeting", self.tr("&Vergadering"))
        w.add_action(
            "meeting", "open_meeting", self.tr("Vergadering openen (stemgewichten vastzetten)…"), self.open_meeting
        )
        w.add_action("meeting", "tally", self.tr("Uitslagenscherm voor de voorzitter"), self.tally_screen, "F11")
        if self.host.is_demo:
            w.menus["meeting"].addSeparator()
            w.add_action("meeting", "reset_demo", self.tr("Demo opnieuw beginnen…"), self.reset_demo)

        w.menu("voting", self.tr("&Stemmingen"))
        w.add_action("voting", "agenda_editor", self.tr("Agenda bewerken…"), self.agenda_editor, "Ctrl+E")

        w.menu("help", self.tr("&Help"))
        w.add_action("help", "keys", self.tr("Sneltoetsen van dit tabblad"), self.keys_overview, "F1")
        w.add_action("help", "manual", self.tr("Handleiding: de dag stap voor stap"), self.manual)
        w.add_action("help", "about", self.tr("Over Stembalie"), self.about)
        w.refresh()

    # -- Bestand ------------------------------------------------------------------------------------
    def _open_file(self, title: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window, title, str(Path.home()), filters)
        return Path(name) if name else None

    def import_designations(self) -> None:
        title = self.tr("Vertegenwoordigers inlezen")
        path = self._open_file(title, self.tr("Spreadsheet of CSV (*.xlsx *.csv)"))
        if path is None:
            return
        try:
            n = self.session.meeting.import_designations(path.read_bytes(), str(path))
        except DeskError as err:
            QMessageBox.warning(self.window, title, self._message(err))
            return
        except OSError as err:
            QMessageBox.warning(self.window, title, str(err))
            return
        self.window.notify(self.tr("{n} ingelezen.").format(n=words.representatives(n)))

    def import_register(self) -> None:
        title = self.tr("Ledenregister inlezen")
        path = self._open_file(title, self.tr("Spreadsheet of CSV (*.xlsx *.csv)"))
        if path is None:
            return
        try:
            t = self.session.meeting.import_register(path.read_bytes(), str(path))
        except DeskError as err:
            QMessageBox.warning(self.window, title, self._message(err))
            return
        except OSError as err:
            QMessageBox.warning(self.window, title, str(err))
            return
        self.window.notify(
            self.tr("{n}, {v} ingelezen.").format(n=words.municipalities(t.members), v=words.votes(t.votes))
        )

    def edit_designation(self, row: MemberRow) -> None:
        dialog = DesignationDialog(row, self.window)
        while dialog.exec():
            try:
                self.session.meeting.set_designation(row.code, **dialog.values())
            except DeskError as err:
                dialog.show_error(self._message(err))
                continue
            break

    def cards(self) -> None:
        """Make, preview and send the stemkaarten (its own window, jobs off the GUI thread)."""
        from desk_app.ui.cards import CardsWindow

        if self.cards_window is None:
            self.cards_window = CardsWindow(self.session, self.host.prefs, self.window, runner=self.host.jobs)
        self.cards_window.show()
        self.cards_window.raise_()
        self.cards_window.activateWindow()

    def export(self) -> None:
        title = self.tr("Exporteren")
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Map voor de export (leeg of nieuw)"))
        if not folder:
            return
        despite = False
        while True:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                # On the GUI thread: Qt's PDF painting is kept to one thread, and this takes seconds.
                result = self.session.export.export(Path(folder), despite_integrity_failure=despite)
                break
            except DeskError as err:
                refusal = err
            finally:
                QApplication.restoreOverrideCursor()
            if refusal.code != "export.integrity" or despite:
                QMessageBox.warning(self.window, title, self._message(refusal))
                return
            # The record does not hold: an incident. Export only on purpose, with every file marked.
            answer = QMessageBox.warning(
                self.window,
                title,
                self._message(refusal)
                + "\n\n"
                + self.tr(
                    "Toch exporteren? Elk bestand wordt dan gemarkeerd met INTEGRITEITSFOUT. Meld dit als "
                    "incident bij de coördinator."
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            despite = True
        n = len(result.files)
        text = (
            self.tr("Export geschreven naar {folder}: 1 bestand, met manifest.sha256.")
            if n == 1
            else self.tr("Export geschreven naar {folder}: {n} bestanden, met manifest.sha256.")
        ).format(folder=result.folder, n=n)
        self.window.notify(text)
        QMessageBox.information(self.window, title, text)

    def backup_now(self) -> None:
        from desk_app.services.backup import backup_now

        folder = self.host.prefs.backup_folder or QFileDialog.getExistingDirectory(
            self.window, self.tr("Map voor de reservekopie (bv. een USB-stick)")
        )
        if not folder:
            return
        try:
            r = backup_now(self.session.store.path, Path(folder), keep=self.host.prefs.backup_keep)
        except DeskError as err:
            QMessageBox.warning(self.window, self.tr("Reservekopie"), self._message(err))
            return
        self.window.notify(self.tr("Reservekopie gemaakt: {path}").format(path=r.path))

    def settings(self) -> None:
        """The settings dialog; what is saved applies at once (the app says what it did).

        The desk's camera is handed to the dialog's live picture while it is open. Once the meeting
        is open, the settings in ``settings_dialog.LOCKED`` need the coördinator's PIN.
        """
        from desk_app.printing.stempas import PassPrinter
        from desk_app.ui.settings_dialog import SettingsDialog

        desk = self.session.desk
        screens = [s.name() for s in QGuiApplication.screens()]
        cameras = [(c.index, c.name) for c in self.host.cameras()]
        self.host.stop_camera()
        # The language on screen (it may come from --lang): saving without touching it keeps it.
        shown = dataclasses.replace(self.host.prefs, language=self.session.tr.lang)
        dialog = SettingsDialog(
            shown,
            PassPrinter.available_printers(),
            screens,
            self.window,
            cameras=cameras,
            preview=self.host.camera_worker,
            demo=self.host.is_demo,
            locked=self.session.meeting.meeting().is_open,
            pin_set=desk.coordinator_pin_set(),
            check_pin=self._check_coordinator_pin,
            texts=self.session.tr,
        )
        try:
            accepted = dialog.exec()
        finally:
            dialog.stop_preview()
        if not accepted:
            self.host.start_camera()
            return
        prefs = dialog.preferences()
        if dialog.locked_changes() and not dialog.unlocked:  # the dialog asked; never save around it
            QMessageBox.warning(
                self.window,
                self.tr("Instellingen"),
                self.tr("Niet opgeslagen: na het openen van de vergadering is de pincode van de coördinator nodig."),
            )
            self.host.start_camera()
            return
        pin = dialog.new_pin()
        if pin:
            try:
                desk.change_coordinator_pin(pin, current=dialog.current_pin())
            except DeskError as err:
                QMessageBox.warning(self.window, self.tr("Instellingen"), self._message(err))
                self.host.start_camera()
                return
        if self.cards_window is not None:
            self.cards_window.set_preferences(prefs)
        self.host.apply_preferences(prefs)  # starts the camera again and shows "Instellingen opgeslagen"

    def _check_coordinator_pin(self, pin: str) -> None:
        """The coördinator's PIN, checked by the desk service (wrong ones count towards its lock-out)."""
        self.session.desk.check_coordinator_pin(pin)

    # -- Vergadering ------------------------------------------------------------------------------
    def open_meeting(self) -> None:
        title = self.tr("Vergadering openen")
        meeting = self.session.meeting
        t = meeting.totals()
        warnings = [self._message(w) if isinstance(w, DeskError) else str(w) for w in meeting.register_warnings()]
        text = self.tr(
            "De vergadering openen? Daarna liggen de stemgewichten vast ({members}, {votes}) "
            "en kan het ledenregister niet meer worden gewijzigd. Stemmingen kunnen pas na het openen."
        ).format(members=words.municipalities(t.members), votes=words.votes(t.votes))
        if warnings:
            text = "\n\n".join([*warnings, text])
        answer = QMessageBox.question(self.window, title, text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            meeting.open_meeting()
        except DeskError as err:
            QMessageBox.warning(self.window, title, self._message(err))
            return
        self.window.notify(self.tr("De vergadering is geopend; de stemgewichten liggen vast."))

    def reset_demo(self) -> None:
        """Start the demo again from nothing (asks first): a new demo meeting file."""
        answer = QMessageBox.question(
            self.window,
            self.tr("Demo opnieuw beginnen"),
            self.tr(
                "De demovergadering opnieuw beginnen? Alle registraties, stempassen en stemmingen van de demo "
                "worden weggegooid; de demo begint weer met een lege zaal."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            # After this call: the window this menu belongs to is replaced.
            QTimer.singleShot(0, self.host.reset_demo)

    def tally_screen(self) -> None:
        """The chair's screen in this process, on the chosen screen (the projector)."""
        from desk_app.services.chair import ChairScreen
        from desk_app.ui.voting.tally import TallyWindow

        if self.tally_window is None:
            session = self.session
            chair = ChairScreen(session.voting, session.desk.counters, session.tr)
            self.tally_window = TallyWindow(chair, self.host.feed)
        screens = QGuiApplication.screens()
        # With one screen a full-screen tally would hide the desk: a window instead (Esc closes it).
        self.tally_window.show_on_screen(self.host.prefs.tally_screen, fullscreen=len(screens) > 1)

    # -- Stemmingen ---------------------------------------------------------------------------------
    def agenda_editor(self) -> None:
        from desk_app.ui.agenda import AgendaEditor

        editor = AgendaEditor.for_session(self.session, self.window)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()

    # -- Help -------------------------------------------------------------------------------------
    def keys_overview(self) -> None:
        """The keys of the tab in view, read from its buttons (so the list is always true)."""
        panel = self.window.current_panel()
        rows: list[tuple[str, str]] = []
        if panel is not None:
            panels = [panel] if isinstance(panel, KeyboardPanel) else []
            panels += [p for p in panel.findChildren(KeyboardPanel) if p is not panel]
            for p in panels:
                rows += p.key_overview()
        dialog = QDialog(self.window)
        dialog.setWindowTitle(
            self.tr("Sneltoetsen: {tab}").format(
                tab=self.window.tabs.tabText(self.window.tabs.currentIndex()).replace("&", "")
            )
        )
        readable(dialog)  # read from where the desk staff stand, like the desk's other dialogs
        table = QTableWidget(len(rows), 2, dialog)
        table.setHorizontalHeaderLabels([self.tr("Toets"), self.tr("Wat het doet")])
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for i, (key, what) in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(key))
            item = QTableWidgetItem(what)
            item.setToolTip(what)
            table.setItem(i, 1, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # A long description wraps in its row instead of being cut off.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setVisible(False)
        _show(dialog, table, 760, 600)

    def manual(self) -> None:
        dialog = QDialog(self.window)
        dialog.setWindowTitle(self.tr("Handleiding"))
        browser = QTextBrowser(dialog)
        browser.setOpenExternalLinks(True)
        readme = paths.manual_file()
        browser.setSearchPaths([str(readme.parent)])
        browser.setMarkdown(manual_text(readme))
        _show(dialog, browser, 900, 700)

    def about(self) -> None:
        QMessageBox.about(
            self.window,
            self.tr("Over Stembalie"),
            self.tr(
                "Stembalie {version}\nRegistratie en gewogen stemmingen voor de ALV van de VNG.\n\n"
                "Vergaderbestand: {path}\nHandleiding: Help → Handleiding, of README.md bij het programma."
            ).format(version=__version__, path=self.session.store.path),
        )


def manual_text(readme: Path) -> str:
    """The README's "The day, step by step" section (the manual), or a line saying where it is."""
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError:
        return f"README.md: {readme}"
    match = re.search(r"^## The day, step by step\n(.*?)(?=^## )", text, flags=re.M | re.S)
    return "# " + (match.group(0)[3:] if match else text)


def _show(dialog: QDialog, body: QWidget, width: int, height: int) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body, 1)
    layout.addWidget(buttons)
    dialog.resize(width, height)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
