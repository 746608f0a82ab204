"""Accessibility (issue 13.14): every control has a name a screen reader can say, the verdict is
announced as well as shown and sounded, and nothing is told by colour alone.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from desk_app import settings
from desk_app.app import GuiApp
from desk_app.domain.token import make_card_token
from desk_app.services.chair import ResultTone
from desk_app.session import Session
from desk_app.ui.desk.dialogs import PrinterDialog
from desk_app.ui.desk.presence import PresenceDialog
from desk_app.ui.desk.screen import STYLES, Tone
from desk_app.ui.settings_dialog import SettingsDialog
from desk_app.ui.voting.dialogs import AcclaimDialog, ConfirmDialog
from desk_app.ui.voting.tally import TONES
from tests.ui.test_readable_dialogs import DIALOGS

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSlider,
)


def _qt_internal(widget: QWidget) -> bool:
    """Parts Qt makes inside a control (a combo box's list, a line edit's clear button, scroll bars,
    table headers): Qt names them itself or they belong to the named control."""
    if widget.objectName().startswith("qt_") or isinstance(widget, (QHeaderView, QScrollBar)):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QLineEdit)):
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    """Interactive controls under ``root`` (shown or not) without a name for a screen reader."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QTabBar):
            missing += [f"tab {i} of a QTabBar" for i in range(widget.count()) if not widget.tabText(i).strip()]
            continue
        if not isinstance(widget, INTERACTIVE) or _qt_internal(widget):
            continue
        if widget.accessibleName().strip() or id(widget) in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        what = getattr(widget, "placeholderText", lambda: "")() or widget.objectName()
        missing.append(f"{type(widget).__name__} in {type(widget.parentWidget()).__name__} {what!r}")
    return missing


def test_every_control_of_the_main_window_has_a_name(gui: GuiApp) -> None:
    """Both tabs and the members tab: all of them are children of the window, shown or not."""
    assert gui.window is not None and gui.vote_view is not None
    assert unnamed(gui.window) == []
    # The screen reader's own view agrees for the desk's form (what a blind clerk tabs through).
    assert gui.desk_view is not None
    for field in (gui.desk_view.name_edit, gui.desk_view.role_combo):
        assert QAccessible.queryAccessibleInterface(field).text(QAccessible.Text.Name)


def test_every_control_of_the_settings_dialog_has_a_name(qtbot: QtBot) -> None:
    dialog = SettingsDialog(
        settings.Preferences(),
        ["Zebra"],
        ["scherm 0"],
        cameras=[(0, "HD Webcam")],
        demo=True,
        locked=True,
        pin_set=True,
    )
    qtbot.addWidget(dialog)
    assert unnamed(dialog) == []


@pytest.mark.parametrize("name", [*DIALOGS, "presence", "printer", "acclamation", "confirm"])
def test_every_control_of_the_main_dialogs_has_a_name(qtbot: QtBot, session: Session, name: str) -> None:
    others = {
        "presence": lambda: PresenceDialog(session.desk, session.tr),
        "printer": lambda: PrinterDialog("pdf", "a6", None, ["Zebra"]),
        "acclamation": lambda: AcclaimDialog("4.M1 Motie", "aangenomen bij acclamatie", lambda s: None),
        "confirm": lambda: ConfirmDialog(
            "Stemming sluiten?", "Stemming 1 sluiten?", "Gestemd: …", "Sluiten (Enter)", lambda: None
        ),
    }
    dialog = DIALOGS[name](session) if name in DIALOGS else others[name]()
    qtbot.addWidget(dialog)
    assert unnamed(dialog) == []


def test_the_verdict_is_announced_to_a_screen_reader(gui: GuiApp) -> None:
    view = gui.desk_view
    assert view is not None
    m = gui.desk.meeting
    view.handle_scan(make_card_token(m.meeting_no, m.secret, "GM1900", 1))
    said = view.panel.announcement
    assert said.startswith("TOEGELATEN.") and "Súdwest-Fryslân" in said and "75 stemmen" in said
    assert "NOG NIET UITGEGEVEN" in said
    assert view.panel.accessibleName() == "TOEGELATEN" and view.panel.accessibleDescription() == said
    view.confirm()
    assert view.panel.announcement.startswith("STEMPAS UITGEGEVEN.")
    forged = make_card_token(m.meeting_no, bytes(32), "GM0363", 1)
    view.handle_scan(forged)
    assert view.panel.announcement.split(".")[0] == view.panel.content.headline  # a refusal is said too


def test_nothing_is_told_by_colour_alone() -> None:
    # The desk: every state has its own icon shape and words, so it reads in greyscale.
    icons = [STYLES[tone].icon for tone in Tone]
    assert all(icons) and len(set(icons)) == len(icons)
    # The chair's screen: adopted and rejected carry a mark besides their colour.
    assert TONES[ResultTone.ADOPTED][1].strip() == "✔" and TONES[ResultTone.REJECTED][1].strip() == "✖"


def test_the_roll_call_grid_says_the_choice_in_words(qapp: object) -> None:
    """A voted row is tinted, and its choice is written in the row as well."""
    from PySide6.QtCore import Qt

    from desk_app.ui.voting.models import GridRow, RollCallModel

    model = RollCallModel(["Gemeente", "Code", "Stemmen", "Keuze"])
    model.set_rows([GridRow("GM0363", "Amsterdam", 75, "voor", True), GridRow("GM0599", "Rotterdam", 75, "", False)])
    voted, waiting = model.index(0, 3), model.index(1, 3)
    assert model.data(voted, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(voted) == "VOOR" and model.data(waiting) == ""
    assert model.data(waiting, Qt.ItemDataRole.BackgroundRole) is None


def test_the_walk_finds_a_control_without_a_name(qtbot: QtBot) -> None:
    """The check itself: a placeholder is no name; a label buddy or an accessible name is."""
    from PySide6.QtWidgets import QFormLayout

    root = QWidget()
    qtbot.addWidget(root)
    form = QFormLayout(root)
    bare = QLineEdit()
    bare.setPlaceholderText("Naam")
    form.addWidget(bare)
    form.addRow("&Reden:", QLineEdit())  # the label is its buddy
    named = QComboBox()
    named.setAccessibleName("Functie")
    form.addWidget(named)
    form.addWidget(QAbstractButtonStandIn())
    assert unnamed(root) == ["QLineEdit in QWidget 'Naam'", "QPushButton in QWidget ''"]


def QAbstractButtonStandIn() -> QWidget:  # noqa: N802 - reads as the widget it makes
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QPushButton

    return QPushButton(QIcon(), "")  # an icon-only button says nothing
