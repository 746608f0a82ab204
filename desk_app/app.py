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

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMainWindow, QMessageBox, QWidget

from desk_app import paths, settings
from desk_app.domain.text import DeskError, Text
from desk_app.services.demo import open_demo
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage.db import Store

if TYPE_CHECKING:
    from desk_app.scanning.worker import ScannerThread
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


class GuiApp:
    """Owns the services and windows of one GUI session; swaps first-run for the meeting."""

    def __init__(self, args: argparse.Namespace, prefs: settings.Preferences) -> None:
        self.args = args
        self.prefs = prefs
        self.meeting: MeetingService | None = None
        self.window: QMainWindow | None = None
        self.first_run: QMainWindow | None = None
        self.scanner: ScannerThread | None = None
        from desk_app.ui.jobs import PoolRunner

        self.jobs: Runner = PoolRunner()
        self.is_demo = False

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
        self.window.resize(1400, 850)
        self.window.show()
        if self.first_run is not None:
            self.first_run.close()
            self.first_run = None
        return True

    def _build_desk(self, window: MainWindow, meeting: MeetingService) -> None:
        """The Balie tab: the desk service, the pass printer, sounds, the camera worker."""
        from desk_app.printing.stempas import PassPrinter
        from desk_app.services.desk import DeskService
        from desk_app.ui.desk_window import DeskView
        from desk_app.ui.sounds import SystemSounds

        p = self.prefs
        folder = Path(p.pass_pdf_folder) if p.pass_pdf_folder else paths.user_data_dir() / "stempassen"
        printer_name = p.printer_name
        if self.is_demo and not printer_name:
            printer_name = "pdf"  # the demo needs no printer: passes become PDF files
        self.desk = DeskService(meeting.store, self._actor())
        self.desk_view = DeskView(self.desk, PassPrinter(printer_name, p.pass_size, folder), SystemSounds())
        window.tabs.insertTab(0, self.desk_view, window.tr("Balie"))
        window.tabs.setCurrentIndex(0)
        self.desk_view.printer_chosen.connect(self._on_desk_view_printer_chosen)
        self.desk_view.presence_changed.connect(window.refresh)
        source = p.camera_source
        if self.is_demo and not source and p.camera_index >= 0:
            from desk_app.services.demo import demo_video

            # Made once in the background (a few seconds), then played as if it were a camera.
            m = meeting.meeting()
            self.jobs.start(lambda _progress: demo_video(m, paths.demo_meeting_file().parent),
                            finished=lambda path: self._start_scanner(str(path), realtime=True),
                            failed=lambda exc: log.error("demo video not made: %r", exc))
        elif source or p.camera_index >= 0:
            self._start_scanner(source or p.camera_index, realtime=False)

    def _start_scanner(self, source: str | int, realtime: bool) -> None:
        from desk_app.scanning.decoder import decoder_for_setting
        from desk_app.scanning.sources import CameraSource, open_source
        from desk_app.scanning.worker import ScannerThread, ScanWorker

        p = self.prefs
        if isinstance(source, int):
            def make() -> object:
                return CameraSource(source, p.camera_width, p.camera_height)
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
    gui = GuiApp(args, settings.load())
    gui.start()
    if os.environ.get("STEMBALIE_QUIT_AFTER_MS"):  # smoke tests: start, show, leave
        QTimer.singleShot(int(os.environ["STEMBALIE_QUIT_AFTER_MS"]), app.quit)
    code = app.exec()
    gui.close()
    return int(code)
