"""Dialogs read from a metre away: the desk's type size, nothing cut off on a 1024 × 768 laptop.

Also: F4 puts the typing into the presence list's search box, and feedback that matters (a backup
made, the meeting opened) is shown above the tabs, not only in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)

from desk_app.app import GuiApp
from desk_app.domain.tally import tally
from desk_app.session import Session
from desk_app.ui.designation_dialog import DesignationDialog
from desk_app.ui.desk.dialogs import LookupDialog, PrinterDialog, SupervisorDialog
from desk_app.ui.first_run import NewMeetingDialog
from desk_app.ui.style import DESK_TYPE_PX
from desk_app.ui.voting.dialogs import DeclareDialog

#: The smallest laptop screen the desk is used on, less a title bar and a task bar.
ROOM = (1024, 768 - 70)


def _lookup(session: Session) -> QDialog:
    dialog = LookupDialog(session.desk.lookup)
    dialog.query.setText("den")  # a full list: Den Haag, Den Helder, ...
    return dialog


def _supervisor(session: Session) -> QDialog:
    return SupervisorDialog(
        "Verloren stempas vervangen (coördinator)",
        "Stempas 12 wordt ongeldig; Femke Halsema-van der Linden krijgt een nieuwe stempas voor Súdwest-Fryslân.",
        lambda pin, reason: None,
        texts=session.tr,
    )


def _declare(session: Session) -> QDialog:
    result = tally({"GM0363": "voor", "GM0599": "tegen"}, {"GM0363": 75, "GM0599": 75}, {"GM0363", "GM0599"})
    return DeclareDialog(
        "Stemming 3 · 4.M2 Motie over de financiering van het sociaal domein (Súdwest-Fryslân e.a.)",
        result,
        "verworpen: 75 voor, 75 tegen (gelijk)",
        {},
        lambda declared: None,
    )


def _designation(session: Session) -> QDialog:
    row = next(r for r in session.meeting.member_rows() if r.code == "GM1900")
    return DesignationDialog(row)


def _new_meeting(session: Session) -> QDialog:
    return NewMeetingDialog()


def _printer(session: Session) -> QDialog:
    return PrinterDialog("pdf", "a6", None, ["Zebra ZD421 (balie 1)"])


DIALOGS: dict[str, Callable[[Session], QDialog]] = {
    "look-up": _lookup,
    "PIN": _supervisor,
    "declare": _declare,
    "designation": _designation,
    "new meeting": _new_meeting,
    "printer": _printer,
}


def _clipped(widget: QWidget) -> str | None:
    """Why ``widget`` shows less than its text needs, or None."""
    if isinstance(widget, QLabel) and widget.text():
        text = widget.text()[:40]
        needed = widget.heightForWidth(widget.width())
        if widget.wordWrap() and widget.height() + 1 < needed:
            return f"label {text!r}: {widget.height()} px high, needs {needed}"
        if not widget.wordWrap() and widget.width() + 1 < widget.minimumSizeHint().width():
            return f"label {text!r}: {widget.width()} px wide, needs {widget.minimumSizeHint().width()}"
    hint = widget.sizeHint()
    if (
        isinstance(widget, QAbstractButton)
        and widget.text()
        and (widget.width() + 1 < hint.width() or widget.height() + 1 < hint.height())
    ):
        return f"button {widget.text()!r}: {widget.size().toTuple()}, needs {hint.toTuple()}"
    if isinstance(widget, QComboBox) and widget.width() + 1 < widget.minimumSizeHint().width():
        return f"combo box {widget.currentText()!r}: {widget.width()} px wide"
    return None


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialogs_use_the_desk_type_size_and_fit_a_small_laptop(qtbot: QtBot, session: Session, name: str) -> None:
    dialog = DIALOGS[name](session)
    qtbot.addWidget(dialog)
    size = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
    assert size.width() <= ROOM[0] and size.height() <= ROOM[1], f"{name}: {size.toTuple()} does not fit {ROOM}"
    dialog.resize(size)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = [w for w in dialog.findChildren(QWidget) if w.isVisible()]
    texts = [w for w in shown if isinstance(w, (QLabel, QLineEdit, QComboBox, QAbstractButton, QListWidget))]
    assert texts
    small = {
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}: {QFontInfo(w.font()).pixelSize()} px"
        for w in texts
        if QFontInfo(w.font()).pixelSize() < DESK_TYPE_PX
    }
    assert not small, f"{name}: smaller than the desk's {DESK_TYPE_PX} px: {sorted(small)}"
    problems = [p for w in shown if (p := _clipped(w))]
    assert not problems, f"{name}: {problems}"


# -- the main window ------------------------------------------------------------------------------------


def test_f4_puts_the_typing_in_the_presence_search_box(qtbot: QtBot, gui: GuiApp) -> None:
    view = gui.desk_view
    assert view is not None
    gui.window.activateWindow()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F4)
    dialog = view.presence_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.focusWidget() is dialog.search
    assert dialog.width() <= 1200 and dialog.height() <= 700


def test_a_backup_made_is_shown_above_the_tabs(gui: GuiApp) -> None:
    gui.backup_relay.done.emit("/media/usb/vergadering-1.sqlite")
    assert gui.window is not None
    assert gui.window.notice.isVisibleTo(gui.window) and "Reservekopie gemaakt" in gui.window.notice.text()


def test_the_main_window_fits_a_1024_screen(gui: GuiApp) -> None:
    """Before, the voting tab's row of buttons made the window 1177 px wide at least: on a 1024 px
    laptop the desk's verdict and its Enter button were cut off. Now that tab scrolls."""
    assert gui.window is not None
    need = gui.window.minimumSizeHint()
    assert need.width() <= ROOM[0] and need.height() <= ROOM[1], need.toTuple()
    assert gui.window.panel_at(0) is gui.desk_view and gui.window.panel_at(1) is gui.vote_view
