"""The keyboard-first base every panel shares: F-keys, the scoped wedge, one dialog at a time."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk_app.scanning.wedge import KeyboardWedge
from desk_app.ui.keyboard import KeyboardPanel


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
