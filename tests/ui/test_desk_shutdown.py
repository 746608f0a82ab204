"""Closing the app while the desk has a dialog open and a scan waiting reads nothing from the closed file.

Found walking the demo day: the camera had held the next card while the look-up dialog was open;
closing the window closed the meeting file, then the dialog finished and the desk took the waiting
scan from the closed file ("Cannot operate on a closed database" from a Qt slot).
"""

from __future__ import annotations

import argparse

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication, QDialog

from desk_app import settings
from desk_app.app import GuiApp
from desk_app.domain.token import make_card_token


def test_closing_with_a_dialog_open_and_a_scan_waiting_reads_nothing(qtbot: QtBot) -> None:
    gui = GuiApp(
        argparse.Namespace(db=None, demo=True, desk=None, actor=None, lang=None), settings.Preferences(camera_index=-1)
    )
    gui.start()
    assert gui.window is not None and gui.desk_view is not None
    qtbot.addWidget(gui.window)
    view = gui.desk_view
    m = gui.desk.meeting
    dialog = QDialog(view)  # the look-up, say: the desk is busy until it closes
    assert view.open_dialog(dialog)
    view.handle_scan(make_card_token(m.meeting_no, m.secret, "GM0363", 1))  # the camera's next card waits
    assert view.waiting_label.isVisibleTo(view)
    gui.close()  # the window closes, then the meeting file
    dialog.reject()  # the dialog finishes after the file was closed
    QApplication.processEvents()
