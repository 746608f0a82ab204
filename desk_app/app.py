"""GUI composition root: a :class:`~desk_app.session.Session`, the one change feed, the windows.

``session.py`` builds the store and the services (for the CLI and the tests too); this module
adds what only the desk laptop has: the main window with its panels, the camera worker, the pass
printer, sounds, automatic backups and the chair's screen, all wired to the process's one
:class:`~desk_app.ui.change_feed.ChangeFeed`. The menus' use cases live in
:mod:`desk_app.ui.menu_actions`. Shutdown happens in one place, :meth:`GuiApp.close`.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMainWindow, QMessageBox, QWidget

from desk_app import paths, settings
from desk_app.domain.text import DeskError, Text, Translator
from desk_app.services.meeting import Actor
from desk_app.session import Session, default_actor, meeting_file

if TYPE_CHECKING:
    from desk_app.scanning.worker import ScannerThread
    from desk_app.services.backup import BackupScheduler
    from desk_app.services.desk import DeskService
    from desk_app.services.meeting import MeetingService
    from desk_app.services.voting import VotingService
    from desk_app.ui.change_feed import ChangeFeed
    from desk_app.ui.desk.panel import DeskPanel
    from desk_app.ui.first_run import FirstRunWidget
    from desk_app.ui.jobs import Runner
    from desk_app.ui.main_window import MainWindow
    from desk_app.ui.menu_actions import MenuActions
    from desk_app.ui.voting.tab import VotingTab
    from desk_app.ui.voting.tally import TallyWindow

log = logging.getLogger("stembalie.app")

T_NO_REGISTER = Text("Het ledenregister {path} kan niet worden gelezen.", "The member register {path} cannot be read.")


def configure_logging() -> None:
    """Refused scans, wrong PINs and errors go to a log file in the user data folder."""
    folder = paths.user_data_dir() / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "stembalie.log", encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("stembalie")
    if not root.handlers:
        root.addHandler(handler)
        root.setLevel(logging.INFO)


class _BackupRelay(QObject):
    """Brings the backup thread's results to the GUI thread."""

    done = Signal(str)
    failed = Signal(str)


class GuiApp(QObject):
    """One GUI session: first run until a meeting is open, then the main window on its Session.

    A QObject so that ``self.tr()`` files its strings under one context, "GuiApp".
    """

    def __init__(self, args: argparse.Namespace, prefs: settings.Preferences) -> None:
        super().__init__()
        from desk_app.ui.jobs import PoolRunner

        self.args = args
        self.prefs = prefs
        lang = args.lang or prefs.language
        self.texts = Translator(lang if lang in ("nl", "en") else "nl")
        self.jobs: Runner = PoolRunner()
        self._session: Session | None = None
        self._feed: ChangeFeed | None = None
        self.window: MainWindow | None = None
        self.actions: MenuActions | None = None
        self.desk_view: DeskPanel | None = None
        self.vote_view: VotingTab | None = None
        self.first_run: QMainWindow | None = None
        self.first_run_widget: FirstRunWidget | None = None
        self.scanner: ScannerThread | None = None
        self.backups: BackupScheduler | None = None
        self.is_demo = False
        self.backup_relay = _BackupRelay()
        self.backup_relay.done.connect(self._on_backup_relay_done)
        self.backup_relay.failed.connect(self._on_backup_relay_failed)

    # -- what the menu actions and tests reach ------------------------------------------------------
    @property
    def session(self) -> Session:
        assert self._session is not None, "no meeting is open"
        return self._session

    @property
    def feed(self) -> ChangeFeed:
        assert self._feed is not None, "no meeting is open"
        return self._feed

    @property
    def meeting(self) -> MeetingService | None:
        return self._session.meeting if self._session is not None else None

    @property
    def desk(self) -> DeskService:
        return self.session.desk

    @property
    def voting(self) -> VotingService:
        return self.session.voting

    @property
    def tally_window(self) -> TallyWindow | None:
        return self.actions.tally_window if self.actions is not None else None

    # -- opening a meeting --------------------------------------------------------------------------
    def start(self) -> None:
        explicit = self.args.db or self.args.demo or os.environ.get("STEMBALIE_DB")
        path = meeting_file(self.args.db, demo=self.args.demo)
        if explicit or path.exists():
            self.is_demo = bool(self.args.demo and not self.args.db)
            if self.is_demo:
                self.open(lambda: Session.demo(actor=self._actor(), tr=self.texts))
            else:
                self.open(lambda: Session.open(path, actor=self._actor(), tr=self.texts))
        else:
            self.show_first_run()

    def show_first_run(self) -> None:
        from desk_app.ui.first_run import FirstRunWidget

        widget = FirstRunWidget()
        widget.open_requested.connect(self._on_first_run_open_requested)
        widget.new_requested.connect(self._on_first_run_new_requested)
        widget.demo_requested.connect(self._on_first_run_demo_requested)
        self.first_run_widget = widget
        outer = QWidget()
        row = QHBoxLayout(outer)
        row.addStretch(1)
        row.addWidget(widget, 4)
        row.addStretch(1)
        self.first_run = QMainWindow()
        self.first_run.setWindowTitle("Stembalie")
        self.first_run.setCentralWidget(outer)
        self.first_run.resize(1000, 640)
        self.first_run.show()

    def open(self, make: Callable[[], Session]) -> bool:
        """Open the meeting ``make`` gives and show the main window; a refusal is shown, not raised."""
        from desk_app.ui.change_feed import ChangeFeed
        from desk_app.ui.main_window import MainWindow
        from desk_app.ui.menu_actions import MenuActions

        try:
            session = make()
            session.meeting.meeting()  # a file without a meeting is refused here, not in a panel
        except DeskError as err:
            message = self.texts.error(err)
            if self.first_run_widget is not None and self.first_run is not None:
                self.first_run_widget.show_error(message)
            else:
                QMessageBox.critical(None, "Stembalie", message)
                self.show_first_run()
            return False
        self._session = session
        self._feed = feed = ChangeFeed(session.changes)
        self.window = window = MainWindow(session.meeting, feed)
        self._build_desk(window)
        self._build_voting(window)
        self.actions = MenuActions(self, window)
        feed.start()
        self._start_backups()
        # Fits a 1366 × 768 laptop when no window manager maximises it; maximised where there is one.
        window.resize(1360, 740)
        window.showMaximized()  # desk staff read it from a metre away: use the whole screen
        if self.first_run is not None:
            self.first_run.close()
            self.first_run = None
        return True

    def _build_desk(self, window: MainWindow) -> None:
        """The Balie tab: the pass printer, sounds, the camera worker."""
        from desk_app.printing.stempas import PassPrinter
        from desk_app.ui.desk.panel import DeskPanel
        from desk_app.ui.desk.sounds import SystemSounds

        p = self.prefs
        folder = Path(p.pass_pdf_folder) if p.pass_pdf_folder else paths.user_data_dir() / "stempassen"
        printer_name = p.printer_name
        if self.is_demo and not printer_name:
            printer_name = "pdf"  # the demo needs no printer: passes become PDF files
        printer = PassPrinter(printer_name, p.pass_size, folder)
        self.desk_view = DeskPanel(self.desk, printer, SystemSounds(), feed=self.feed, texts=self.texts)
        window.add_tab(0, self.desk_view, self.tr("Balie"))
        window.tabs.setCurrentIndex(0)
        self.desk_view.printer_chosen.connect(self._on_desk_view_printer_chosen)
        source = p.camera_source
        if self.is_demo and not source and p.camera_index >= 0:
            from desk_app.services.demo import demo_video

            # Made once in the background (a few seconds), then played as if it were a camera.
            m = self.session.meeting.meeting()
            self.jobs.start(lambda _progress: demo_video(m, paths.demo_meeting_file().parent),
                            finished=lambda path: self._start_scanner(str(path), realtime=True, loop=True),
                            failed=lambda exc: log.error("demo video not made: %r", exc))
        elif source or p.camera_index >= 0:
            self._start_scanner(source or p.camera_index, realtime=False)

    def _build_voting(self, window: MainWindow) -> None:
        from desk_app.ui.desk.sounds import SystemSounds
        from desk_app.ui.voting.tab import VotingTab

        # No shared wedge: the tab makes its own, scoped to itself, so desk scans stay at the desk.
        self.vote_view = VotingTab(self.voting, self.feed, self.desk.counters, self.texts, sounds=SystemSounds())
        window.add_tab(1, self.vote_view, self.tr("Stemmingen"))

    def _start_scanner(self, source: str | int, realtime: bool, loop: bool = False) -> None:
        from desk_app.scanning.decoder import decoder_for_setting
        from desk_app.scanning.sources import CameraSource, FrameSource, LoopingSource, open_source
        from desk_app.scanning.worker import ScannerThread, ScanWorker

        if self.desk_view is None or self.window is None:
            return  # the window closed while the demo video was being made
        p = self.prefs

        def make() -> FrameSource:
            if isinstance(source, int):
                return CameraSource(source, p.camera_width, p.camera_height)
            return LoopingSource(open_source(source)) if loop else open_source(source)

        worker = ScanWorker(make, decoder_for_setting(p.decoder), realtime=realtime)
        self.desk_view.attach_scanner(worker)
        self.scanner = ScannerThread(worker)
        self.scanner.start()

    # -- preferences and backups ------------------------------------------------------------------
    def apply_preferences(self, prefs: settings.Preferences) -> None:
        """Save new preferences and apply what can change without a restart (backups, for now)."""
        self.prefs = prefs
        settings.save(prefs)
        self._start_backups()

    def _on_desk_view_printer_chosen(self, name: str, size: str, folder: str) -> None:
        self.prefs = dataclasses.replace(self.prefs, printer_name=name, pass_size=size, pass_pdf_folder=folder)
        settings.save(self.prefs)

    def _start_backups(self) -> None:
        from desk_app.services.backup import BackupScheduler

        if self.backups is not None:
            self.backups.stop()
            self.backups = None
        if not self.prefs.backup_folder or self._session is None:
            return
        relay = self.backup_relay
        self.backups = BackupScheduler(
            self._session.store.path, Path(self.prefs.backup_folder), interval_s=60 * self.prefs.backup_interval_min,
            keep=self.prefs.backup_keep, on_done=lambda r: relay.done.emit(str(r.path)),
            on_error=lambda err: relay.failed.emit(self.texts.error(err)))
        self.backups.start()

    def _on_backup_relay_failed(self, message: str) -> None:
        if self.window is not None:
            QMessageBox.warning(self.window, self.tr("Reservekopie mislukt"), message)

    def _on_backup_relay_done(self, path: str) -> None:
        if self.window is not None:
            self.window.statusBar().showMessage(self.tr("Reservekopie gemaakt: {path}").format(path=path), 10_000)

    # -- first run ------------------------------------------------------------------------------------
    def _actor(self) -> Actor:
        return default_actor(self.args.desk or self.prefs.desk_name, self.args.actor, fallback_desk="balie")

    def _on_first_run_open_requested(self, path: Path) -> None:
        self.open(lambda: Session.open(path, actor=self._actor(), tr=self.texts))

    def _on_first_run_new_requested(self, values: dict[str, object]) -> None:
        def make() -> Session:
            register = Path(str(values["register"]))
            try:
                data = register.read_bytes()
            except OSError:
                raise DeskError("app.no_register", T_NO_REGISTER, {"path": str(register)}) from None
            desks = values["desks"]
            return Session.create(
                Path(str(values["file"])), name=str(values["name"]), date=str(values["date"]),
                place=str(values["place"]), register_csv=data, register_source=str(register),
                desks=list(desks) if isinstance(desks, list) and desks else None,
                actor=self._actor(), tr=self.texts,
            )

        self.open(make)

    def _on_first_run_demo_requested(self) -> None:
        self.is_demo = True
        self.open(lambda: Session.demo(actor=self._actor(), tr=self.texts))

    # -- closing --------------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop everything that reads the store, then close it: the one place shutdown happens."""
        if self.backups is not None:
            self.backups.stop()
            self.backups = None
        if self.scanner is not None:
            self.scanner.stop()
            self.scanner = None
        wait = getattr(self.jobs, "wait", None)
        if wait is not None:
            wait()
        if self._feed is not None:
            self._feed.stop()  # nothing may read the store once it is closed
        if self.tally_window is not None:
            self.tally_window.close()
        if self.window is not None:
            self.window.close()
        if self.first_run is not None:
            self.first_run.close()
        if self._session is not None:
            self._session.close()
            self._session = None


def run_gui(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Stembalie")
    app.setOrganizationName("VNG")
    configure_logging()
    from desk_app.ui.i18n import install_language

    prefs = settings.load()
    install_language(app, args.lang or prefs.language)
    gui = GuiApp(args, prefs)
    gui.start()
    if os.environ.get("STEMBALIE_QUIT_AFTER_MS"):  # smoke tests: start, show, leave
        QTimer.singleShot(int(os.environ["STEMBALIE_QUIT_AFTER_MS"]), app.quit)
    code = app.exec()
    gui.close()
    return int(code)
