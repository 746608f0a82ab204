"""GUI composition root: a :class:`~desk_app.session.Session`, the one change feed, the windows.

``session.py`` builds the store and the services (for the CLI and the tests too); this module
adds what only the desk laptop has: the main window with its panels, the camera worker, the pass
printer, sounds, automatic backups and the chair's screen, all wired to the process's one
:class:`~desk_app.ui.change_feed.ChangeFeed`. The menus' use cases live in
:mod:`desk_app.ui.menu_actions`. Shutdown happens in one place, :meth:`GuiApp.close`.

New preferences apply without a restart (:meth:`GuiApp.apply_preferences`): the camera worker is
started again on the chosen camera and decoder, the desk's printer is switched, and a new language
or desk name rebuilds the window on the same meeting (every text is then in the new language, the
services' too). The demo plays a video of its own stemkaarten as the camera, made when it starts.

**A meeting file or the meeting server.** ``--db`` (or the first-run window's "Verbinden met een
vergaderserver") may name a ``postgresql://`` URI: the window then opens on the server meeting
(the password from the keyring, :mod:`desk_app.server.login`, or libpq's pgpass). Everything that
reopens the meeting goes through :meth:`GuiApp.same_meeting` (a file path or the URI), never
through ``store.path``. What only a file has is skipped on the server, with a note: automatic
backups (the formation's standby holds the second copy; ``server pull`` fetches the record after
the meeting) and the demo's reset. What only the server has is added: the desk's local read-only
copy (:mod:`desk_app.services.local_copy`, refreshed on a worker after the changes the feed
reports) for look-ups and the presence list while cut off, and a watch on the formation
(:class:`desk_app.server.watch.FormationWatch`) for the window's status line.

**Where the file lives.** A meeting file on removable media or a network share is refused by the
store unless confirmed: the window asks (yes/no) and opens it on yes (``--allow-removable``
confirms it beforehand), and every later reopening of that file keeps the confirmation. A file
on a read-only medium opens read-only, and the store's notice says so above the tabs.
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
from desk_app.session import Session, default_actor, meeting_target
from desk_app.ui.i18n import Languages

if TYPE_CHECKING:
    from desk_app.scanning.sources import CameraInfo, FrameSource
    from desk_app.scanning.worker import ScannerThread, ScanWorker
    from desk_app.server.watch import FormationWatch
    from desk_app.services.backup import BackupScheduler
    from desk_app.services.desk import DeskService
    from desk_app.services.local_copy import CopyReader, LocalCopy
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

#: After a change the local copy of a server meeting is refreshed this much later (a burst makes one copy).
COPY_AFTER_MS = 1000
#: How long the store's notice (a meeting opened read-only) stays above the tabs.
NOTICE_SECONDS = 60

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


class _FormationRelay(QObject):
    """Brings the formation watch's view (its own thread) to the GUI thread."""

    seen = Signal(object)


@dataclasses.dataclass(frozen=True)
class ServerTarget:
    """The meeting server this window is on: its URI (no password), the password, the monitor."""

    dsn: str
    password: str | None = None
    monitor: str = ""


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
        # Qt's translators for the interface language (installed by run_gui; switched by the settings).
        self.languages = Languages()
        self._demo_video: Path | None = None  # the demo's camera video, once made
        self._camera_run = 0  # counts camera (re)starts: a demo video made for an older run is not played
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
        # The meeting server (None: a file): where to reconnect, the local copy, the formation watch.
        self.server: ServerTarget | None = None
        self.local_copy: LocalCopy | None = None
        self.copy_reader: CopyReader | None = None
        self.formation_watch: FormationWatch | None = None
        self.formation_relay = _FormationRelay()
        self.formation_relay.seen.connect(self._on_formation_relay_seen)
        self._copy_timer = QTimer(self)
        self._copy_timer.setSingleShot(True)
        self._copy_timer.setInterval(COPY_AFTER_MS)
        self._copy_timer.timeout.connect(self.refresh_copy)
        self._copying = False
        self._copy_again = False
        # Meeting files on removable media or a network share the user confirmed (--allow-removable: all).
        self._confirmed_media: set[Path] = set()

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
        target = meeting_target(self.args.db, demo=self.args.demo)
        if isinstance(target, str):  # a postgresql:// URI: the meeting server
            self.open_server(ServerTarget(target))
            return
        path = target
        if explicit or path.exists():
            self.is_demo = bool(self.args.demo and not self.args.db)
            if self.is_demo:
                self.open(self._demo_session)
            else:
                self.open(lambda: self._file_session(path))
        else:
            self.show_first_run()

    def show_first_run(self) -> None:
        from desk_app.ui.first_run import FirstRunWidget

        widget = FirstRunWidget()
        widget.open_requested.connect(self._on_first_run_open_requested)
        widget.new_requested.connect(self._on_first_run_new_requested)
        widget.demo_requested.connect(self._on_first_run_demo_requested)
        widget.server_requested.connect(self._on_first_run_server_requested)
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

    def open_server(self, server: ServerTarget) -> bool:
        """Open the meeting on the server (password: given, the keyring's, or libpq's own)."""
        from desk_app.server.login import password_for

        if server.password is None:
            server = dataclasses.replace(server, password=password_for(server.dsn))
        self.server = server
        password = server.password
        opened = self.open(lambda: Session.open(server.dsn, actor=self._actor(), tr=self.texts, password=password))
        if not opened:
            self.server = None
        return opened

    def same_meeting(self) -> Callable[[], Session]:
        """How to open the meeting that is open now once more (a file path or the server's URI)."""
        if self.server is not None:
            server = self.server
            return lambda: Session.open(server.dsn, actor=self._actor(), tr=self.texts, password=server.password)
        path = self.session.store.path
        return lambda: self._file_session(path)

    # -- where the meeting file lives ---------------------------------------------------------------
    def _removable_ok(self, path: Path) -> bool:
        """Has the user confirmed a live meeting at ``path`` on removable media or a network share?"""
        return (
            bool(getattr(self.args, "allow_removable", False)) or Path(os.path.abspath(path)) in self._confirmed_media
        )

    def _file_session(self, path: Path) -> Session:
        return Session.open(path, actor=self._actor(), tr=self.texts, allow_removable=self._removable_ok(path))

    def _demo_session(self) -> Session:
        demo = paths.demo_meeting_file()
        return Session.demo(actor=self._actor(), tr=self.texts, allow_removable=self._removable_ok(demo))

    def _confirm_medium(self, err: DeskError) -> bool:
        """The store refused a live meeting on removable media or a network share: ask whether to use
        it there all the same (no is the default). Yes confirms that file for this window's lifetime."""
        answer = QMessageBox.question(
            self.first_run,
            self.tr("Vergaderbestand niet op deze laptop"),
            self.texts.error(err)
            + "\n\n"
            + self.tr("Toch hier gebruiken? Haal het medium dan niet weg zolang Stembalie open is."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self._confirmed_media.add(Path(os.path.abspath(str(err.params.get("path", "")))))
        log.warning("meeting file on %s confirmed by the user", err.params.get("mount", "?"))
        return True

    def _make_confirmed(self, make: Callable[[], Session]) -> Session:
        """``make()``; refused for removable media or a network share, asked, and made again on yes."""
        try:
            return make()
        except DeskError as err:
            if err.code != "store.removable" or not self._confirm_medium(err):
                raise
        return make()  # the file is confirmed now: ``make`` opens it with allow_removable

    def open(self, make: Callable[[], Session]) -> bool:
        """Open the meeting ``make`` gives and show the main window; a refusal is shown, not raised.

        A meeting file on removable media or a network share is asked about first
        (:meth:`_make_confirmed`); a read-only medium's notice is shown above the tabs."""
        from desk_app.ui.change_feed import ChangeFeed
        from desk_app.ui.main_window import MainWindow
        from desk_app.ui.menu_actions import MenuActions

        try:
            session = self._make_confirmed(make)
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
        self._start_server_side(session)
        self._build_desk(window)
        self._build_voting(window)
        self.actions = MenuActions(self, window)
        feed.start()
        self._start_backups()
        # Fits the screen (a 1366 × 768 laptop, or 1024 × 768) when no window manager maximises it;
        # maximised where there is one.
        room = window.screen().availableGeometry()
        window.resize(min(1360, room.width()), min(740, room.height()))
        window.showMaximized()  # desk staff read it from a metre away: use the whole screen
        if self.first_run is not None:
            self.first_run.close()
            self.first_run = None
        if session.store.notice is not None:  # a read-only medium: look-ups, verify and export only
            window.notify(self.texts.error(session.store.notice), seconds=NOTICE_SECONDS)
        return True

    def _build_desk(self, window: MainWindow) -> None:
        """The Balie tab: the pass printer, sounds, the camera worker."""
        from desk_app.printing.stempas import PassPrinter
        from desk_app.ui.desk.panel import DeskPanel
        from desk_app.ui.desk.sounds import SystemSounds

        printer = PassPrinter(*self._printer_target(self.prefs))
        self.desk_view = DeskPanel(
            self.desk,
            printer,
            SystemSounds(),
            feed=self.feed,
            texts=self.texts,
            offline=self.copy_reader,
            backup_folder=self._backup_folder,
        )
        window.add_tab(0, self.desk_view, self.tr("Balie"), scroll=False)
        window.tabs.setCurrentIndex(0)
        self.desk_view.printer_chosen.connect(self._on_desk_view_printer_chosen)
        self.start_camera()

    def _build_voting(self, window: MainWindow) -> None:
        from desk_app.ui.desk.sounds import SystemSounds
        from desk_app.ui.voting.tab import VotingTab

        # No shared wedge: the tab makes its own, scoped to itself, so desk scans stay at the desk.
        self.vote_view = VotingTab(self.voting, self.feed, self.desk.counters, self.texts, sounds=SystemSounds())
        window.add_tab(1, self.vote_view, self.tr("Stemmingen"))

    def _printer_target(self, p: settings.Preferences) -> tuple[str, str, Path]:
        """(printer name, pass size, PDF folder) for the desk's pass printer."""
        folder = Path(p.pass_pdf_folder) if p.pass_pdf_folder else paths.user_data_dir() / "stempassen"
        printer_name = p.printer_name
        if self.is_demo and not printer_name:
            printer_name = "pdf"  # the demo needs no printer: passes become PDF files
        return printer_name, p.pass_size, folder

    # -- the camera ---------------------------------------------------------------------------------
    def cameras(self) -> list[CameraInfo]:
        """This computer's cameras by name (the settings dialog lists them)."""
        from desk_app.scanning.sources import list_cameras

        return list_cameras()

    def _plays_demo_video(self, p: settings.Preferences) -> bool:
        """The demo plays its video as the camera, unless told otherwise ("geen camera" included)."""
        return self.is_demo and p.demo_video and not p.camera_source and p.camera_index >= 0

    def _source_factory(self, p: settings.Preferences) -> Callable[[], FrameSource] | None:
        """What the camera worker opens for preferences ``p``: None when there is no camera."""
        from desk_app.scanning.sources import Backoff, CameraSource, LoopingSource, open_source

        if self._plays_demo_video(p):
            video = self._demo_video
            if video is None or not video.exists():
                return None
            return lambda: LoopingSource(open_source(video))
        if p.camera_source:
            source = p.camera_source
            return lambda: open_source(source)
        if p.camera_index >= 0:
            backoff = Backoff()  # shared by every retry of this camera: retries slow down
            index, width, height = p.camera_index, p.camera_width, p.camera_height
            return lambda: CameraSource(index, width, height, backoff=backoff)
        return None

    def camera_worker(self, p: settings.Preferences) -> ScanWorker | None:
        """A camera worker (not started) for preferences ``p``; None when there is nothing to show.

        The settings dialog previews the chosen camera with it, through the chosen decoder."""
        from desk_app.scanning.decoder import decoder_for_setting
        from desk_app.scanning.worker import ScanWorker

        make = self._source_factory(p)
        if make is None:
            return None
        # A video plays at its own speed when it stands in for a camera (the demo).
        return ScanWorker(
            make, decoder_for_setting(p.decoder), realtime=self._plays_demo_video(p), lang=self.texts.lang
        )

    def stop_camera(self) -> None:
        """Release the camera (the settings dialog previews it; only one program can hold it)."""
        self._camera_run += 1
        if self.scanner is not None:
            self.scanner.stop()
            self.scanner = None

    def start_camera(self) -> None:
        """(Re)start the desk's camera worker on the camera the preferences name."""
        from desk_app.scanning.worker import ScannerThread

        self.stop_camera()
        view = self.desk_view
        if view is None:
            return
        if self._plays_demo_video(self.prefs) and (self._demo_video is None or not self._demo_video.exists()):
            self._make_demo_video()
            return
        worker = self.camera_worker(self.prefs)
        if worker is None:
            view.preview.set_state(self.tr("Geen camera.\nScan met de handscanner of zoek op met F2."))
            return
        view.attach_scanner(worker)
        self.scanner = ScannerThread(worker)
        self.scanner.start()

    def _make_demo_video(self) -> None:
        """The demo's camera: its own stemkaarten painted here (a fraction of a second), the video
        written on a worker (about a second), then played as the camera."""
        from desk_app.services.demo import demo_cards, write_demo_video

        assert self.desk_view is not None
        self.desk_view.preview.set_state(self.tr("Demo: de camera wordt klaargezet…"))
        cards = demo_cards(self.session.cards)
        folder = paths.demo_meeting_file().parent
        run = self._camera_run
        self.jobs.start(
            lambda _progress: write_demo_video(cards, folder),
            finished=lambda path: self._on_demo_video_made(path, run),
            failed=lambda exc: log.error("demo video not made: %r", exc),
        )

    def _on_demo_video_made(self, path: Path, run: int) -> None:
        self._demo_video = Path(path)
        if run == self._camera_run and self.desk_view is not None:
            self.start_camera()  # not if the camera was switched or the window closed meanwhile

    # -- preferences and backups ------------------------------------------------------------------
    def apply_preferences(self, prefs: settings.Preferences) -> None:
        """Save new preferences and apply them now: camera, decoder, printer and backups at once; a new
        language or desk name rebuilds the window on the same meeting (unless a form is being filled
        in at the desk: then they wait for the next start, and the notice says so)."""
        old, self.prefs = self.prefs, prefs
        settings.save(prefs)
        # The language on screen may come from --lang rather than the preferences.
        rebuild = prefs.language != self.texts.lang or prefs.desk_name != old.desk_name
        notice = self.tr("Instellingen opgeslagen.")
        if rebuild and self._desk_busy():
            rebuild = False
            notice = self.tr(
                "Instellingen opgeslagen. Taal en naam van de balie gelden na het afronden van het "
                "formulier op de balie: open de instellingen dan opnieuw, of start Stembalie opnieuw."
            )
        if rebuild:
            # Not inside the menu action's own call: the window it belongs to is replaced.
            QTimer.singleShot(0, lambda: self.rebuild(saved=True))
            return
        if self.desk_view is not None:
            self.desk_view.set_printer(*self._printer_target(prefs))
        self.start_camera()
        self._start_backups()
        if self.window is not None:
            self.window.notify(notice)

    def _desk_busy(self) -> bool:
        from desk_app.ui.desk.screen import FORM_MODES

        view = self.desk_view
        return view is not None and (view.mode in FORM_MODES or view.active_dialog is not None)

    def rebuild(self, *, saved: bool = False) -> None:
        """The same meeting in a new window: after a change of language or desk name.

        Everything is built again, so every text (menus, panels, the services' messages) is in the
        new language. The chair's screen is opened again if it was open.
        """
        if self._session is None:
            return
        make = self.same_meeting()
        tally_open = self.tally_window is not None and self.tally_window.isVisible()
        self.args.lang = None  # from now on the settings name the language, not --lang
        self.texts = Translator(self.prefs.language)
        self.languages.install(self.prefs.language)
        app = QApplication.instance()
        quits = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # between the old window and the new one
        try:
            self._close_meeting()
            opened = self.open(make)
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quits)
        if opened and self.window is not None:
            if tally_open and self.actions is not None:
                self.actions.tally_screen()
            if saved:  # said in the new language
                self.window.notify(self.tr("Instellingen opgeslagen."))

    def reset_demo(self) -> None:
        """Throw the demo meeting away and open a fresh one (the menu asked first)."""
        from desk_app.services.demo import reset_demo

        if not self.is_demo or self._session is None or self.server is not None:
            return  # the demo is a file; a server meeting is never thrown away from a desk
        path = self._session.store.path
        app = QApplication.instance()
        quits = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)
        try:
            self._close_meeting()
            self._demo_video = None  # a new secret: the old cards are void
            reset_demo(path)
            opened = self.open(lambda: self._file_session(path))
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quits)
        if opened and self.window is not None:
            self.window.notify(
                self.tr("De demo is opnieuw begonnen: een nieuwe demovergadering, nog niemand aanwezig.")
            )

    def _on_desk_view_printer_chosen(self, name: str, size: str, folder: str) -> None:
        self.prefs = dataclasses.replace(self.prefs, printer_name=name, pass_size=size, pass_pdf_folder=folder)
        settings.save(self.prefs)

    def _backup_folder(self) -> Path | None:
        """Where this desk's backups go (the anchors the record check holds the file to)."""
        return Path(self.prefs.backup_folder) if self.prefs.backup_folder else None

    def _start_backups(self) -> None:
        from desk_app.services.backup import BackupScheduler

        if self.backups is not None:
            self.backups.stop()
            self.backups = None
        if not self.prefs.backup_folder or self._session is None:
            return
        if self.server is not None:
            if self.window is not None:
                self.window.notify(
                    self.tr(
                        "Automatische reservekopieën zijn er voor een vergaderbestand. Deze vergadering staat op de "
                        "vergaderserver: de tweede serverlaptop houdt elke wijziging bij, deze balie een plaatselijke "
                        "kopie, en na afloop haalt 'server pull' het hele verslag op."
                    ),
                    seconds=8,
                )
            return
        relay = self.backup_relay
        self.backups = BackupScheduler(
            self._session.store.path,
            Path(self.prefs.backup_folder),
            interval_s=60 * self.prefs.backup_interval_min,
            keep=self.prefs.backup_keep,
            on_done=lambda r: relay.done.emit(str(r.path)),
            on_error=lambda err: relay.failed.emit(self.texts.error(err)),
        )
        self.backups.start()

    def _on_backup_relay_failed(self, message: str) -> None:
        if self.window is not None:
            QMessageBox.warning(self.window, self.tr("Reservekopie mislukt"), message)

    def _on_backup_relay_done(self, path: str) -> None:
        if self.window is not None:
            self.window.notify(self.tr("Reservekopie gemaakt: {path}").format(path=path), seconds=6)

    # -- the meeting server: the local copy and the formation watch ------------------------------
    def _start_server_side(self, session: Session) -> None:
        from desk_app.server.watch import FormationWatch
        from desk_app.services.local_copy import CopyReader, LocalCopy

        if self.server is None or session.store.link is None:
            return
        self.local_copy = LocalCopy.for_store(session.store)
        self.copy_reader = CopyReader(self.local_copy, session.actor, session.tr)
        self.feed.changed.connect(self._on_feed_changed_copy)
        self.feed.link_changed.connect(self._on_feed_link_changed_copy)
        self.refresh_copy()
        relay = self.formation_relay
        self.formation_watch = FormationWatch(
            self.server.dsn,
            password=self.server.password,
            monitor=self.server.monitor or None,
            on_change=relay.seen.emit,
        )
        self.formation_watch.start()

    def _on_feed_changed_copy(self, _change: object) -> None:
        if not self._copy_timer.isActive():
            self._copy_timer.start()  # a burst of changes makes one copy

    def _on_feed_link_changed_copy(self, state: object) -> None:
        if getattr(state, "connected", False):
            self._copy_timer.start()

    def refresh_copy(self) -> None:
        """Refresh the local copy on a worker (its own connection); one at a time."""
        copy, session = self.local_copy, self._session
        if copy is None or session is None:
            return
        if self._copying:
            self._copy_again = True
            return
        if self.feed.cut_off:
            return  # the link's return asks again
        self._copying = True
        store = session.store

        def work(_progress: object) -> object:
            with store.reopen() as own:
                return copy.refresh(own)

        self.jobs.start(work, finished=self._on_copy_done, failed=self._on_copy_failed)

    def _on_copy_done(self, _stamp: object) -> None:
        self._copying = False
        if self.desk_view is not None and self.desk_view.cut_off:
            return
        if self._copy_again:
            self._copy_again = False
            self._copy_timer.start()

    def _on_copy_failed(self, error: BaseException) -> None:
        self._copying = False
        if not isinstance(error, DeskError):
            raise error
        log.info("local copy not refreshed: %s", error.code)

    def _on_formation_relay_seen(self, view: object) -> None:
        if self.window is not None:
            self.window.set_formation(view)

    def _stop_server_side(self) -> None:
        self._copy_timer.stop()
        if self.formation_watch is not None:
            self.formation_watch.stop()
            self.formation_watch = None
        if self.copy_reader is not None:
            self.copy_reader.close()
            self.copy_reader = None
        self.local_copy = None
        self._copy_again = False

    # -- first run ------------------------------------------------------------------------------------
    def _actor(self) -> Actor:
        return default_actor(self.args.desk or self.prefs.desk_name, self.args.actor, fallback_desk="balie")

    def _on_first_run_open_requested(self, path: Path) -> None:
        self.server = None
        self.open(lambda: self._file_session(path))

    def _on_first_run_server_requested(self, dsn: str, password: str, monitor: str) -> None:
        self.open_server(ServerTarget(dsn, password or None, monitor))

    def _on_first_run_new_requested(self, values: dict[str, object]) -> None:
        def make() -> Session:
            register = Path(str(values["register"]))
            try:
                data = register.read_bytes()
            except OSError:
                raise DeskError("app.no_register", T_NO_REGISTER, {"path": str(register)}) from None
            desks = values["desks"]
            file = Path(str(values["file"]))
            return Session.create(
                file,
                name=str(values["name"]),
                date=str(values["date"]),
                place=str(values["place"]),
                register_csv=data,
                register_source=str(register),
                desks=list(desks) if isinstance(desks, list) and desks else None,
                actor=self._actor(),
                tr=self.texts,
                allow_removable=self._removable_ok(file),
            )

        self.open(make)

    def _on_first_run_demo_requested(self) -> None:
        self.is_demo = True
        self.open(self._demo_session)

    # -- closing --------------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop everything that reads the store, then close it: the one place shutdown happens."""
        self._close_meeting()
        if self.first_run is not None:
            self.first_run.close()
        self.languages.remove()

    def _close_meeting(self) -> None:
        """Stop the camera, backups, jobs and feed, close the windows, then the store."""
        if self.backups is not None:
            self.backups.stop()
            self.backups = None
        self.stop_camera()
        wait = getattr(self.jobs, "wait", None)
        if wait is not None:
            wait()
        self._stop_server_side()
        if self._feed is not None:
            self._feed.stop()  # nothing may read the store once it is closed
        if self.tally_window is not None:
            self.tally_window.close()
        if self.actions is not None and self.actions.cards_window is not None:
            self.actions.cards_window.close()
        if self.window is not None:
            self.window.close()
        self.window = None
        self.actions = None
        self.desk_view = None
        self.vote_view = None
        self._feed = None
        if self._session is not None:
            self._session.close()
            self._session = None


def run_gui(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Stembalie")
    app.setOrganizationName("VNG")
    configure_logging()
    prefs = settings.load()
    gui = GuiApp(args, prefs)
    gui.languages.install(gui.texts.lang)
    gui.start()
    if os.environ.get("STEMBALIE_QUIT_AFTER_MS"):  # smoke tests: start, show, leave
        QTimer.singleShot(int(os.environ["STEMBALIE_QUIT_AFTER_MS"]), app.quit)
    code = app.exec()
    gui.close()
    return int(code)
