"""Composition root: builds the store, the services and the windows, and wires them together."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QHBoxLayout, QMainWindow, QMessageBox, QWidget

from desk_app import paths, settings
from desk_app.domain.text import DeskError, Text
from desk_app.services.demo import open_demo
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage.db import Store

if TYPE_CHECKING:
    from desk_app.scanning.worker import ScannerThread
    from desk_app.services.backup import BackupScheduler
    from desk_app.ui.voting.tally import TallyWindow
    from desk_app.ui.jobs import Runner
    from desk_app.ui.main_window import MainWindow


def meeting_path(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    if args.demo:
        return paths.demo_meeting_file()
    env = os.environ.get("STEMBALIE_DB")
    return Path(env) if env else paths.default_meeting_file()


def open_meeting(args: argparse.Namespace) -> MeetingService:
    """The meeting named on the command line (``--db``, ``--demo``, ``STEMBALIE_DB``, the default)."""
    actor = Actor(args.desk or "secretariaat", args.actor or os.environ.get("USER", "secretariaat"))
    if args.demo and not args.db:
        return open_demo(actor=actor)
    return MeetingService(Store.open(meeting_path(args)), actor)


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


log = logging.getLogger("stembalie.app")
# Strings here use self.tr(...): one fixed context that lupdate files
# them under and that finds them again at run time (window.tr() would file them under "window").


class _BackupRelay(QObject):
    """Brings the backup thread's results to the GUI thread."""

    done = Signal(str)
    failed = Signal(str)


class GuiApp(QObject):
    """Owns the services and windows of one GUI session; swaps first-run for the meeting.

    A QObject so that ``self.tr()`` files its strings under one context, "GuiApp".
    """

    def __init__(self, args: argparse.Namespace, prefs: settings.Preferences) -> None:
        super().__init__()
        self.args = args
        self.prefs = prefs
        self.meeting: MeetingService | None = None
        self.window: QMainWindow | None = None
        self.first_run: QMainWindow | None = None
        self.scanner: ScannerThread | None = None
        from desk_app.ui.jobs import PoolRunner

        self.jobs: Runner = PoolRunner()
        self.is_demo = False
        self.cards_done: list[object] = []
        self.tally_window: TallyWindow | None = None
        self.backups: BackupScheduler | None = None
        self.backup_relay = _BackupRelay()
        self.backup_relay.done.connect(self._on_backup_relay_done)
        self.backup_relay.failed.connect(self._on_backup_relay_failed)

    def start(self) -> None:
        explicit = self.args.db or self.args.demo or os.environ.get("STEMBALIE_DB")
        path = meeting_path(self.args)
        if explicit or path.exists():
            self.is_demo = bool(self.args.demo and not self.args.db)
            self.open(lambda: open_meeting(self.args))
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

    def open(self, make: Callable[[], MeetingService]) -> bool:
        from desk_app.ui.main_window import MainWindow

        try:
            self.meeting = make()
        except DeskError as err:
            if self.first_run is not None:
                self.first_run_widget.show_error(err.message())
            else:
                QMessageBox.critical(None, "Stembalie", err.message())
                self.show_first_run()
            return False
        self.window = MainWindow(self.meeting)
        self._build_desk(self.window, self.meeting)
        self._build_voting(self.window, self.meeting)
        self.window.tally_screen_requested.connect(self._on_window_tally_screen_requested)
        self.window.export_requested.connect(self._on_window_export_requested)
        self.window.backup_requested.connect(self._on_window_backup_requested)
        self.window.settings_requested.connect(self._on_window_settings_requested)
        self.window.cards_requested.connect(self._on_window_cards_requested)
        self._start_backups()
        self.window.resize(1400, 850)
        self.window.showMaximized()  # desk staff read it from a metre away: use the whole screen
        if self.first_run is not None:
            self.first_run.close()
            self.first_run = None
        return True

    def _build_desk(self, window: MainWindow, meeting: MeetingService) -> None:
        """The Balie tab: the desk service, the pass printer, sounds, the camera worker."""
        from desk_app.domain.changes import Topic
        from desk_app.domain.text import Translator
        from desk_app.printing.stempas import PassPrinter
        from desk_app.services.changes import ChangeWatcher
        from desk_app.services.desk import DeskService
        from desk_app.ui.change_feed import ChangeFeed
        from desk_app.ui.desk.panel import DeskPanel
        from desk_app.ui.desk.sounds import SystemSounds

        p = self.prefs
        folder = Path(p.pass_pdf_folder) if p.pass_pdf_folder else paths.user_data_dir() / "stempassen"
        printer_name = p.printer_name
        if self.is_demo and not printer_name:
            printer_name = "pdf"  # the demo needs no printer: passes become PDF files
        lang = self.args.lang or p.language
        texts = Translator(lang if lang in ("nl", "en") else "nl")
        printer = PassPrinter(printer_name, p.pass_size, folder)
        self.desk = DeskService(meeting.store, self._actor(), tr=texts, printer=printer)
        # The one change feed of this process (until the composition root builds it for every view).
        self.change_feed = getattr(self, "change_feed", None) or ChangeFeed(ChangeWatcher(meeting.store), parent=window)
        self.change_feed.start()
        # The members tab shows who is present: it follows check-ins at every desk (was presence_changed).
        self.change_feed.changed.connect(
            lambda change: window.refresh() if change.touches(Topic.PRESENCE, Topic.MEMBERS) else None)
        self.desk_view = DeskPanel(self.desk, printer, SystemSounds(), feed=self.change_feed, texts=texts)
        window.tabs.insertTab(0, self.desk_view, self.tr("Balie"))
        window.tabs.setCurrentIndex(0)
        self.desk_view.printer_chosen.connect(self._on_desk_view_printer_chosen)
        source = p.camera_source
        if self.is_demo and not source and p.camera_index >= 0:
            from desk_app.services.demo import demo_video

            # Made once in the background (a few seconds), then played as if it were a camera.
            m = meeting.meeting()
            self.jobs.start(lambda _progress: demo_video(m, paths.demo_meeting_file().parent),
                            finished=lambda path: self._start_scanner(str(path), realtime=True, loop=True),
                            failed=lambda exc: log.error("demo video not made: %r", exc))
        elif source or p.camera_index >= 0:
            self._start_scanner(source or p.camera_index, realtime=False)

    def _build_voting(self, window: MainWindow, meeting: MeetingService) -> None:
        from desk_app.domain.text import Translator
        from desk_app.services.changes import ChangeWatcher
        from desk_app.services.voting import VotingService
        from desk_app.ui.change_feed import ChangeFeed
        from desk_app.ui.desk.sounds import SystemSounds
        from desk_app.ui.voting.tab import VotingTab

        desk = self.desk
        self.voting = VotingService(meeting.store, desk.actor, lambda: [(s, c) for s, c, _ in desk.active_passes()])
        # The one change feed of this process (until the composition root builds it for every view).
        self.change_feed = getattr(self, "change_feed", None) or ChangeFeed(ChangeWatcher(meeting.store), parent=window)
        self.change_feed.start()
        lang = self.args.lang or self.prefs.language
        texts = Translator(lang if lang in ("nl", "en") else "nl")
        # No shared wedge: the tab makes its own, scoped to itself, so desk scans stay at the desk.
        self.vote_view = VotingTab(self.voting, self.change_feed, desk.counters, texts, sounds=SystemSounds())
        window.tabs.insertTab(1, self.vote_view, self.tr("Stemmingen"))

    def _on_window_tally_screen_requested(self) -> None:
        """The chair's screen in this process, on the chosen screen (the projector)."""
        from desk_app.domain.text import Translator
        from desk_app.services.chair import ChairScreen
        from desk_app.ui.voting.tally import TallyWindow

        if self.tally_window is None:
            lang = self.args.lang or self.prefs.language
            chair = ChairScreen(self.voting, self.desk.counters, Translator(lang if lang in ("nl", "en") else "nl"))
            self.tally_window = TallyWindow(chair, self.change_feed)
        screens = QApplication.screens()
        self.tally_window.show_on_screen(self.prefs.tally_screen, fullscreen=len(screens) > 1)

    def _on_window_export_requested(self) -> None:
        from desk_app.services.export import ExportService

        assert self.window is not None and self.meeting is not None
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Map voor de export (leeg of nieuw)"))
        if not folder:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # On the GUI thread: Qt's PDF painting is kept to one thread, and this takes seconds.
            result = ExportService(self.meeting.store).export(Path(folder))
        except DeskError as err:
            QMessageBox.warning(self.window, self.tr("Exporteren"), err.message())
            return
        finally:
            QApplication.restoreOverrideCursor()
        QMessageBox.information(self.window, self.tr("Exporteren"), self.tr(
            "Export geschreven naar {folder} ({n} bestanden, met manifest.sha256).").format(
                folder=result.folder, n=len(result.files)))

    def _on_window_cards_requested(self) -> None:
        """All stemkaarten of the meeting, off the GUI thread, with a progress bar."""
        from PySide6.QtWidgets import QProgressDialog

        from desk_app.services.cards import CardService

        assert self.window is not None and self.meeting is not None
        window = self.window
        folder = QFileDialog.getExistingDirectory(window, self.tr("Map voor de stemkaarten"))
        if not folder:
            return
        path, actor = self.meeting.store.path, self.meeting.actor
        dialog = QProgressDialog(self.tr("Stemkaarten maken en controleren…"), self.tr("Verbergen"), 0, 1, window)
        dialog.setWindowTitle(self.tr("Stemkaarten"))
        dialog.setMinimumDuration(0)
        dialog.setValue(0)

        def job(progress):  # type: ignore[no-untyped-def]
            with Store.open(path) as store:  # a connection belongs to the thread that opened it
                return CardService(store, actor).make_all(Path(folder), progress=progress)

        def progressed(done: int, total: int, text: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(self.tr("Kaart {done} van {total}: {name}").format(done=done, total=total, name=text))

        def finished(result) -> None:  # type: ignore[no-untyped-def]
            dialog.close()
            text = self.tr("{n} stemkaarten gemaakt en teruggelezen in {s} s. Index: {index}").format(
                n=len(result.made), s=f"{result.seconds:.1f}", index=result.index)
            if result.failed:
                QMessageBox.warning(window, self.tr("Stemkaarten"), text + "\n\n" + self.tr(
                    "NIET gemaakt (lezen mislukt):") + "\n" + "\n".join(f"{f.code} {f.municipality}: {f.message}"
                                                                   for f in result.failed))
            else:
                QMessageBox.information(window, self.tr("Stemkaarten"), text)
            self.cards_done.append(result)

        def failed(exc: BaseException) -> None:
            dialog.close()
            QMessageBox.warning(window, self.tr("Stemkaarten"), exc.message() if isinstance(exc, DeskError) else repr(exc))

        self.jobs.start(job, finished=finished, failed=failed, progressed=progressed)

    def _start_backups(self) -> None:
        from desk_app.services.backup import BackupScheduler

        if self.backups is not None:
            self.backups.stop()
            self.backups = None
        if not self.prefs.backup_folder or self.meeting is None:
            return
        relay = self.backup_relay
        self.backups = BackupScheduler(
            self.meeting.store.path, Path(self.prefs.backup_folder), interval_s=60 * self.prefs.backup_interval_min,
            keep=self.prefs.backup_keep, on_done=lambda r: relay.done.emit(str(r.path)),
            on_error=lambda err: relay.failed.emit(err.message()))
        self.backups.start()

    def _on_window_backup_requested(self) -> None:
        from desk_app.services.backup import backup_now

        assert self.window is not None and self.meeting is not None
        folder = self.prefs.backup_folder or QFileDialog.getExistingDirectory(
            self.window, self.tr("Map voor de reservekopie (bv. een USB-stick)"))
        if not folder:
            return
        try:
            r = backup_now(self.meeting.store.path, Path(folder), keep=self.prefs.backup_keep)
        except DeskError as err:
            QMessageBox.warning(self.window, self.tr("Reservekopie"), err.message())
            return
        self.window.statusBar().showMessage(self.tr("Reservekopie gemaakt: {path}").format(path=r.path), 10_000)

    def _on_backup_relay_failed(self, message: str) -> None:
        if self.window is not None:
            QMessageBox.warning(self.window, self.tr("Reservekopie mislukt"), message)

    def _on_backup_relay_done(self, path: str) -> None:
        if self.window is not None:
            self.window.statusBar().showMessage(self.tr("Reservekopie gemaakt: {path}").format(path=path), 10_000)

    def _on_window_settings_requested(self) -> None:
        from desk_app.printing.stempas import PassPrinter
        from desk_app.ui.settings_dialog import SettingsDialog

        assert self.window is not None
        screens = [s.name() for s in QApplication.screens()]
        dialog = SettingsDialog(self.prefs, PassPrinter.available_printers(), screens, self.window)
        if not dialog.exec():
            return
        self.prefs = dialog.preferences()
        settings.save(self.prefs)
        pin = dialog.new_pin()
        if pin:
            try:
                self.desk.set_supervisor_pin(pin)
            except DeskError as err:
                QMessageBox.warning(self.window, self.tr("Instellingen"), err.message())
        self._start_backups()
        self.window.statusBar().showMessage(self.tr(
            "Instellingen bewaard. Camera, printer en taal gelden na een herstart."), 10_000)

    def _start_scanner(self, source: str | int, realtime: bool, loop: bool = False) -> None:
        from desk_app.scanning.decoder import decoder_for_setting
        from desk_app.scanning.sources import CameraSource, LoopingSource, open_source
        from desk_app.scanning.worker import ScannerThread, ScanWorker

        p = self.prefs
        if isinstance(source, int):
            def make() -> object:
                return CameraSource(source, p.camera_width, p.camera_height)
        elif loop:
            def make() -> object:
                return LoopingSource(open_source(source))
        else:
            def make() -> object:
                return open_source(source)
        worker = ScanWorker(make, decoder_for_setting(p.decoder), realtime=realtime)  # type: ignore[arg-type]
        self.desk_view.attach_scanner(worker)
        self.scanner = ScannerThread(worker)
        self.scanner.start()

    def _on_desk_view_printer_chosen(self, name: str, size: str, folder: str) -> None:
        self.prefs = dataclasses.replace(self.prefs, printer_name=name, pass_size=size, pass_pdf_folder=folder)
        settings.save(self.prefs)

    def _actor(self) -> Actor:
        return Actor(self.args.desk or self.prefs.desk_name, self.args.actor or os.environ.get("USER", "balie"))

    def _on_first_run_open_requested(self, path: Path) -> None:
        self.open(lambda: MeetingService(Store.open(path), self._actor()))

    def _on_first_run_new_requested(self, values: dict[str, object]) -> None:
        def make() -> MeetingService:
            register = Path(str(values["register"]))
            try:
                data = register.read_bytes()
            except OSError:
                raise DeskError("app.no_register", T_NO_REGISTER, {"path": str(register)}) from None
            return MeetingService.create(
                Path(str(values["file"])), name=str(values["name"]), date=str(values["date"]),
                place=str(values["place"]), register_csv=data, register_source=str(register),
                desks=list(values["desks"]) or None, actor=self._actor(),  # type: ignore[call-overload]
            )

        self.open(make)

    def _on_first_run_demo_requested(self) -> None:
        self.is_demo = True
        self.open(lambda: open_demo(actor=self._actor()))

    def close(self) -> None:
        if self.backups is not None:
            self.backups.stop()
            self.backups = None
        if self.tally_window is not None:
            self.tally_window.close()
        if getattr(self, "change_feed", None) is not None:
            self.change_feed.stop()
        if self.scanner is not None:
            self.scanner.stop()
            self.scanner = None
        wait = getattr(self.jobs, "wait", None)
        if wait is not None:
            wait()
        if self.window is not None:
            for timer in self.window.findChildren(QTimer):
                timer.stop()  # nothing may touch the store once it is closed
            self.window.close()
        if self.meeting is not None:
            self.meeting.store.close()


T_NO_REGISTER = Text("Het ledenregister {path} kan niet worden gelezen.", "The member register {path} cannot be read.")


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
