"""Composition root: builds the store, the services and the windows, and wires them together."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desk_app import paths
from desk_app.domain.text import DeskError
from desk_app.services.demo import open_demo
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage.db import Store


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


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desk_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Stembalie")
    app.setOrganizationName("VNG")
    try:
        meeting = open_meeting(args)
    except DeskError as err:
        QMessageBox.critical(None, "Stembalie", err.message())
        return 1
    window = MainWindow(meeting)
    window.resize(1400, 850)
    window.show()
    if os.environ.get("STEMBALIE_QUIT_AFTER_MS"):  # smoke tests: start, show, leave
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(os.environ["STEMBALIE_QUIT_AFTER_MS"]), app.quit)
    code = app.exec()
    meeting.store.close()
    return int(code)
