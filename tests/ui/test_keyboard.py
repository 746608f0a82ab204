"""The keyboard-first base every panel shares: F-keys, the scoped wedge, one dialog at a time."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QLibraryInfo, Qt, QTranslator
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk_app.scanning.wedge import KeyboardWedge
from desk_app.ui.keyboard import KeyboardPanel, names_key, without_key


class Panel(KeyboardPanel):
    def __init__(self) -> None:
        super().__init__(wedge=KeyboardWedge(None))
        self.log: list[str] = []
        self.field = QLineEdit()
        self.go = self.shortcut_button("Go (F6)", "F6", lambda: self.log.append("go"))
        self.mode_key = self.key_shortcut("F3", lambda: self.log.append("mode"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.go)

    def handle_scan(self, text: str) -> None:
        self.log.append(f"scan {text}")

    def enter_pressed(self) -> bool:
        self.log.append("enter")
        return True

    def shortcut_refused(self, button: QPushButton) -> None:
        self.log.append(f"refused {button.text()}")

    def focus_home(self) -> QWidget:
        return self.field

    def dialog_closed(self, result: int) -> None:
        self.log.append(f"closed {result}")


def test_keys_act_only_on_visible_enabled_buttons_and_never_under_a_dialog(qtbot: QtBot) -> None:
    panel = Panel()
    qtbot.addWidget(panel)
    panel.show()
    panel.activateWindow()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(panel.isActiveWindow)  # shortcuts only reach the active window
    panel.field.setFocus()
    assert panel.shortcuts[panel.go].key().toString() == "F6"
    qtbot.keyClick(panel.field, Qt.Key.Key_F6)
    panel.go.setEnabled(False)
    qtbot.keyClick(panel.field, Qt.Key.Key_F6)
    panel.go.setEnabled(True)
    panel.go.hide()
    qtbot.keyClick(panel.field, Qt.Key.Key_F6)
    panel.go.show()
    qtbot.keyClick(panel.field, Qt.Key.Key_F3)
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)  # line edits pass Enter on to the panel
    assert panel.log == ["go", "refused Go (F6)", "refused Go (F6)", "mode", "enter"]

    panel.log.clear()
    first, second = QDialog(panel), QDialog(panel)
    assert panel.open_dialog(first) and panel.active_dialog is first
    assert not panel.open_dialog(second) and panel.active_dialog is first  # one at a time
    panel.shortcuts[panel.go].activated.emit()
    panel.mode_key.activated.emit()
    assert panel.log == []  # nothing acts underneath an open dialog
    first.accept()
    assert panel.active_dialog is None and panel.log == ["closed 1"]
    assert panel.field.hasFocus()  # back where the panel wants it


def test_the_panel_makes_its_own_scoped_wedge(qtbot: QtBot) -> None:
    class Plain(KeyboardPanel):
        def handle_scan(self, text: str) -> None:
            self.scanned = text

    panel = Plain()
    qtbot.addWidget(panel)
    assert panel.wedge.scope is panel and panel.wedge.parent() is panel
    panel.wedge.scanned.emit("123456789012345678")
    assert panel.scanned == "123456789012345678"


@pytest.fixture
def qt_in_dutch(qapp: QApplication) -> Iterator[None]:
    """Qt's own Dutch strings, as the Dutch desk has them: Ctrl+Up reads "Ctrl+Pijl omhoog"."""
    translator = QTranslator()
    assert translator.load("qtbase_nl", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


@pytest.mark.parametrize("dutch_qt", [False, True], ids=["qt-english", "qt-dutch"])
def test_the_key_overview_names_each_key_once(qtbot: QtBot, request: pytest.FixtureRequest, dutch_qt: bool) -> None:
    """Help → Sneltoetsen showed "Ctrl+Pijl omhoog — Omhoog (Ctrl+↑)": the key was taken out of the
    label only when the label spelled it as Qt does."""
    if dutch_qt:
        request.getfixturevalue("qt_in_dutch")
    panel = Panel()
    qtbot.addWidget(panel)
    panel.shortcut_button("Omhoog (Ctrl+↑)", "Ctrl+Up", lambda: None)
    panel.shortcut_button("Omlaag (Ctrl+Down)", "Ctrl+Down", lambda: None)
    panel.shortcut_button("&Printer… (Ctrl+P)", "Ctrl+P", lambda: None)
    panel.shortcut_button("Stemformulier (PDF)… (Ctrl+P)", "Ctrl+P", lambda: None)
    panel.shortcut_button("Vertrekt (met pas) (F9)", "F9", lambda: None)
    panel.key_shortcut("Ctrl+Left", lambda: None, "Vorige (Ctrl+←)")
    panel.key_shortcut("F4", lambda: None, "Uitslagbestand inlezen")
    rows = panel.key_overview()
    up = "Ctrl+Pijl omhoog" if dutch_qt else "Ctrl+Up"
    left = "Ctrl+Pijl links" if dutch_qt else "Ctrl+Left"
    assert (up, "Omhoog") in rows
    assert [what for _, what in rows] == [
        "Go",
        "Omhoog",
        "Omlaag",
        "Printer…",
        "Stemformulier (PDF)…",  # brackets that are not the key stay
        "Vertrekt (met pas)",
        "Vorige",
        "Uitslagbestand inlezen",
    ]
    assert rows[6][0] == left
    assert not [what for _, what in rows if re.search(r"Ctrl|F\d|[↑↓←→]|Pijl", what)]


def test_a_label_names_its_key_in_any_spelling() -> None:
    up = QKeySequence("Ctrl+Up")
    assert names_key("Ctrl+↑", up) and names_key("Ctrl+Up", up) and names_key(" ctrl+up ", up)
    assert not names_key("Ctrl+↓", up) and not names_key("PDF", up) and not names_key("", up)
    assert without_key("Omhoog (Ctrl+↑)", up) == "Omhoog"
    assert without_key("Tom && Jerry (Ctrl+↑)", up) == "Tom & Jerry"
    assert without_key("Omhoog (Ctrl+↓)", up) == "Omhoog (Ctrl+↓)"  # not this key: left as it is
