"""The keyboard-first base of every working panel (the desk, the voting panels).

Desk staff and tellers work with one hand on the keyboard and a scanner in the other, so every
panel that takes scans behaves the same way. :class:`KeyboardPanel` gives a panel:

* **F-key buttons** (:meth:`KeyboardPanel.shortcut_button`): a big button whose key is shown in
  its text and is a ``QShortcut`` scoped to the panel (``WidgetWithChildrenShortcut``: the keys do
  nothing while another tab is in front). The key acts only when the button is visible and
  enabled and no dialog is open, so F6 does nothing while no pass is on screen. Not
  ``QPushButton.setShortcut``: that one clicks 100 ms later (an animated click), so a key pressed
  twice in that time would act twice. A key that cannot act calls :meth:`shortcut_refused`
  (a panel can say why: the chair is not looking at the buttons). :meth:`key_shortcut` binds a
  key without a button (switching modes), gated the same way.
* **A keyboard wedge scoped to the panel** (:attr:`KeyboardPanel.wedge`): a handheld scanner's
  burst is caught wherever the focus is inside the panel and arrives in :meth:`handle_scan`;
  keys meant for other tabs or windows pass untouched. The composition root (or a test) may pass
  its own wedge; otherwise the panel makes one (``KeyboardWedge.for_view``).
* **Enter is not a shortcut**: a shortcut would take the Enter that ends a scanner's burst
  before the wedge sees it. Line edits and buttons pass Enter on to the panel, whose
  :meth:`enter_pressed` decides (return True when it used the key).
* **One dialog at a time** (:meth:`open_dialog`): window-modal and not blocking (``open()``,
  so the panel keeps painting and tests can fill the dialog in), deleted on close. While one is
  open a second is refused, F-keys do nothing, and the panel decides what a scan does
  (:attr:`active_dialog` tells it). When the dialog closes the window is activated again and
  the focus returns to :meth:`focus_home`, so the next F-key or scan reaches the panel at once.
  Qt 6 emits a dialog's ``accepted``/``rejected`` before ``finished``: the panel's handlers for
  the answer run first, then :meth:`dialog_closed`.

Subclasses implement :meth:`handle_scan` and may override :meth:`enter_pressed`,
:meth:`focus_home`, :meth:`dialog_closed` and :meth:`shortcut_refused`. The API of this module is
shared by several panels: keep it stable.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from desk_app.scanning.wedge import KeyboardWedge

__all__ = ["KeyboardPanel", "names_key", "without_key"]

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Labels write the arrow keys as arrows ("Omhoog (Ctrl+↑)"); Qt spells them "Up" or, with Qt's Dutch
# translation installed, "Pijl omhoog". ↑ alone is a key of its own to Qt, so map it first.
_ARROWS = {"↑": "Up", "↓": "Down", "←": "Left", "→": "Right"}
# A button's label ends with its key in brackets: "Stemming openen (F5)", "Printer… (Ctrl+P)".
_LAST_BRACKETS = re.compile(r"\s*\(([^()]*)\)\s*$")


class KeyboardPanel(QWidget):
    """A panel driven by F-keys, Enter, Esc and scans; see the module docstring."""

    def __init__(self, parent: QWidget | None = None, *, wedge: KeyboardWedge | None = None) -> None:
        """``wedge``: a keyboard wedge the caller installed and scoped; without one the panel makes
        its own, scoped to itself and installed on the application."""
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        #: Every F-key button and its shortcut (tests check that each button names its key).
        self.shortcuts: dict[QPushButton, QShortcut] = {}
        self._dialog: QDialog | None = None
        self._described_keys: list[tuple[str, str]] = []
        self.wedge = wedge or KeyboardWedge.for_view(self)
        self.wedge.scanned.connect(self._on_wedge_scanned)

    # -- scans ------------------------------------------------------------------------------------
    def handle_scan(self, text: str) -> None:
        """A barcode from any source (wedge, camera, a typed code): the panel's answer."""
        raise NotImplementedError

    def _on_wedge_scanned(self, text: str) -> None:
        self.handle_scan(text)

    # -- keys -------------------------------------------------------------------------------------
    def shortcut_button(
        self, text: str, key: str | QKeySequence, slot: Callable[[], None], *, height: int = 48
    ) -> QPushButton:
        """A big button running ``slot`` when clicked, or when ``key`` (shown in ``text``) is pressed
        while the button is visible and enabled and no dialog is open. ``key`` "" : no key."""
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setMinimumHeight(height)
        if key:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda: self._on_shortcut_activated(button))
            self.shortcuts[button] = shortcut
        return button

    def key_overview(self) -> list[tuple[str, str]]:
        """(key, what it does) for every F-key button and described key, in the language on screen
        (the Help menu). The key is in the first column only: a button's label without its key."""
        rows = []
        for button, shortcut in self.shortcuts.items():
            key = shortcut.key()
            rows.append((key.toString(QKeySequence.SequenceFormat.NativeText), without_key(button.text(), key)))
        return rows + self._described_keys

    def key_shortcut(self, key: str | QKeySequence, slot: Callable[[], None], what: str = "") -> QShortcut:
        """A key without a button (switching modes), scoped to the panel, silent while a dialog is open.
        ``what``: what it does, for the Help menu's key overview, without the key (that has a column
        of its own; a key named at the end in brackets anyway is left out)."""
        shortcut = QShortcut(QKeySequence(key), self)
        if what:
            native = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
            self._described_keys.append((native, without_key(what, shortcut.key())))
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: None if self._dialog is not None else slot())
        return shortcut

    def _on_shortcut_activated(self, button: QPushButton) -> None:
        if self._dialog is not None:
            return
        if button.isVisible() and button.isEnabled():
            button.click()
        else:
            self.shortcut_refused(button)

    def shortcut_refused(self, button: QPushButton) -> None:
        """The key of a hidden or disabled button was pressed: by default nothing happens."""

    def enter_pressed(self) -> bool:
        """Enter reached the panel (not a scanner's: the wedge took that). True: the key was used."""
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        if event.key() in _ENTER_KEYS and not event.isAutoRepeat() and self.enter_pressed():
            event.accept()
            return
        super().keyPressEvent(event)

    # -- dialogs and focus ------------------------------------------------------------------------
    @property
    def active_dialog(self) -> QDialog | None:
        """The dialog waiting for an answer, if any (tests fill it in)."""
        return self._dialog

    def open_dialog(self, dialog: QDialog) -> bool:
        """Show ``dialog`` window-modal without blocking; refused (False) while another is open."""
        if self._dialog is not None:
            dialog.deleteLater()
            self._dialog.raise_()
            self._dialog.activateWindow()
            return False
        self._dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()
        return True

    def _on_dialog_finished(self, result: int) -> None:
        self._dialog = None
        # Back to the panel with the keyboard: the next F-key or scan must reach it.
        self.window().activateWindow()
        self.focus_home().setFocus()
        self.dialog_closed(result)

    def dialog_closed(self, result: int) -> None:
        """Called after a dialog closed and the focus came back (``result``: accepted or not)."""

    def focus_home(self) -> QWidget:
        """Where the focus belongs when nothing else asks for it (a form's first field, say)."""
        return self


def names_key(text: str, key: QKeySequence) -> bool:
    """Whether ``text`` is ``key`` in any spelling: Qt's ("Ctrl+Up"), Qt's translated one
    ("Ctrl+Pijl omhoog") or the labels' arrows ("Ctrl+↑")."""
    spelled = text.strip()
    for arrow, name in _ARROWS.items():
        spelled = spelled.replace(arrow, name)
    if not spelled or key.isEmpty():
        return False
    formats = (QKeySequence.SequenceFormat.PortableText, QKeySequence.SequenceFormat.NativeText)
    exact = QKeySequence.SequenceMatch.ExactMatch
    return any(QKeySequence.fromString(spelled, f).matches(key) == exact for f in formats)


def without_key(label: str, key: QKeySequence) -> str:
    """What a label says without its key and mnemonic: "Omhoog (Ctrl+↑)" -> "Omhoog". Brackets that
    do not name the key stay ("Stemformulier (PDF)… (Ctrl+P)" -> "Stemformulier (PDF)…")."""
    text = label.replace("&&", "\0").replace("&", "").replace("\0", "&")
    match = _LAST_BRACKETS.search(text)
    if match and names_key(match.group(1), key):
        text = text[: match.start()]
    return text.strip()
