"""Composition root: builds the store, the services and the windows, and wires them together."""

from __future__ import annotations

import argparse
import os
import sys

from desk_app.domain.text import DeskError


def run_gui(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desk_app.cli import _service
    from desk_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Stembalie")
    app.setOrganizationName("VNG")
    try:
        meeting = _service(args)
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
