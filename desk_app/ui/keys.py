"""Keyboard-first buttons: replaced by :class:`desk_app.ui.keyboard.KeyboardPanel`.

Kept only while the voting tab still imports ``shortcut_button`` from here; remove it once
nothing does.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget


def shortcut_button(owner: QWidget, text: str, shortcut: str | QKeySequence, slot: Callable[[], None],
                    on_shortcut: Callable[[QPushButton], None], *, height: int) -> tuple[QPushButton, QShortcut | None]:
    """A big button whose key (shown in its text) is a QShortcut scoped to ``owner``.

    Not QPushButton.setShortcut: that one clicks 100 ms later (an animated click), so a key
    pressed twice in that time would act twice on the same pass. Scoped to the owner's widget
    tree, the keys do nothing while another tab is in front. ``on_shortcut`` decides whether the
    key may click the button now (e.g. only when it is shown and enabled).
    """
    button = QPushButton(text)
    button.clicked.connect(slot)
    button.setMinimumHeight(height)
    if not shortcut:
        return button, None
    sc = QShortcut(QKeySequence(shortcut), owner)
    sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    sc.activated.connect(lambda: on_shortcut(button))
    return button, sc
