"""Keyboard-wedge scanners: a fast burst ending in Enter is a scan, typing stays typing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk_app.scanning.wedge import KeyboardWedge


class FakeClock:
    def __init__(self) -> None:
        self.ms = 1000.0

    def __call__(self) -> float:
        return self.ms


class Desk(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.button = QPushButton("Zoek")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.button)
        self.entered = 0
        self.search.returnPressed.connect(self._on_search_return_pressed)

    def _on_search_return_pressed(self) -> None:
        self.entered += 1


@pytest.fixture
def desk(qtbot: QtBot, qapp: QApplication) -> Iterator[tuple[Desk, KeyboardWedge, FakeClock, list[str]]]:
    window = Desk()
    qtbot.addWidget(window)
    window.show()
    clock = FakeClock()
    wedge = KeyboardWedge(window, clock=clock)
    wedge.install(qapp)
    scans: list[str] = []
    wedge.scanned.connect(scans.append)
    yield window, wedge, clock, scans
    wedge.uninstall(qapp)


def _type(qtbot: QtBot, widget: QWidget, clock: FakeClock, text: str, gap_ms: float) -> None:
    for ch in text:
        clock.ms += gap_ms
        qtbot.keyClick(widget, ch)


def _enter(qtbot: QtBot, widget: QWidget, clock: FakeClock, gap_ms: float) -> None:
    clock.ms += gap_ms
    qtbot.keyClick(widget, Qt.Key.Key_Return)


TOKEN = "1432103630173509735096"
DeskFixture = tuple[Desk, KeyboardWedge, FakeClock, list[str]]


def test_burst_is_one_scan_and_never_typed(qtbot: QtBot, desk: DeskFixture) -> None:
    window, wedge, clock, scans = desk
    _type(qtbot, window.search, clock, TOKEN, gap_ms=4)
    _enter(qtbot, window.search, clock, gap_ms=4)
    assert scans == [TOKEN]
    assert window.search.text() == "" and window.entered == 0
    assert wedge.pending == ""


def test_slow_typing_is_typed_and_not_a_scan(qtbot: QtBot, desk: DeskFixture) -> None:
    window, _wedge, clock, scans = desk
    _type(qtbot, window.search, clock, "den haag 0518", gap_ms=110)
    _enter(qtbot, window.search, clock, gap_ms=150)
    assert scans == []
    assert window.search.text() == "den haag 0518"
    assert window.entered == 1  # Enter still reaches the field, after the text


def test_fast_but_short_entry_is_typing(qtbot: QtBot, desk: DeskFixture) -> None:
    window, _wedge, clock, scans = desk
    # Four digits and Enter, typed quickly by a practised hand: too short for a token scan.
    _type(qtbot, window.search, clock, "0363", gap_ms=20)
    _enter(qtbot, window.search, clock, gap_ms=20)
    assert scans == [] and window.search.text() == "0363" and window.entered == 1


def test_one_slow_key_inside_a_burst_breaks_it(qtbot: QtBot, desk: DeskFixture) -> None:
    window, _wedge, clock, scans = desk
    _type(qtbot, window.search, clock, "1234", gap_ms=5)
    _type(qtbot, window.search, clock, "5", gap_ms=90)
    _type(qtbot, window.search, clock, "678", gap_ms=5)
    _enter(qtbot, window.search, clock, gap_ms=5)
    # The last run is only 4 characters: typing, in the original order.
    assert scans == [] and window.search.text() == "12345678"


def test_typing_then_scan(qtbot: QtBot, desk: DeskFixture) -> None:
    window, _wedge, clock, scans = desk
    _type(qtbot, window.search, clock, "Gravenhage", gap_ms=120)
    clock.ms += 500
    _type(qtbot, window.search, clock, TOKEN, gap_ms=3)
    _enter(qtbot, window.search, clock, gap_ms=3)
    assert scans == [TOKEN] and window.search.text() == "Gravenhage"


def test_held_keys_reach_the_field_without_a_next_key(qtbot: QtBot, desk: DeskFixture) -> None:
    window, wedge, clock, _scans = desk
    _type(qtbot, window.search, clock, "07", gap_ms=5)
    assert window.search.text() == "" and wedge.pending == "07"  # held back for a moment...
    qtbot.waitUntil(lambda: window.search.text() == "07", timeout=1000)  # ...then typed


def test_scan_with_focus_on_a_button_and_shortcuts_pass(qtbot: QtBot, desk: DeskFixture) -> None:
    window, _wedge, clock, scans = desk
    _type(qtbot, window.button, clock, TOKEN, gap_ms=2)
    _enter(qtbot, window.button, clock, gap_ms=2)
    assert scans == [TOKEN]
    window.search.setText("abc")
    clock.ms += 100
    qtbot.keyClick(window.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.search.selectedText() == "abc"  # Ctrl+A reached the field


def test_widgets_outside_the_scope_are_left_alone(qtbot: QtBot, desk: DeskFixture) -> None:
    _window, wedge, clock, scans = desk
    other = QLineEdit()
    qtbot.addWidget(other)
    _type(qtbot, other, clock, TOKEN, gap_ms=2)
    _enter(qtbot, other, clock, gap_ms=2)
    assert scans == [] and other.text() == TOKEN and wedge.pending == ""


# -- a burst that never ends (issue 12.10) -----------------------------------------------------------


def test_a_10_kb_burst_is_capped_and_never_reaches_a_field(qtbot: QtBot, desk: DeskFixture) -> None:
    """A scanner gone wild types 10,240 characters: the scan is its first 64, the rest is dropped and
    counted; nothing is replayed into the search box, whose search (one per change) never runs."""
    window, wedge, clock, scans = desk
    searches: list[str] = []
    window.search.textChanged.connect(searches.append)
    overflows: list[int] = []
    wedge.overflowed.connect(overflows.append)
    burst = "0123456789" * 1024
    longest = 0
    for ch in burst:
        clock.ms += 1
        qtbot.keyClick(window.search, ch)
        longest = max(longest, len(wedge.pending))
    _enter(qtbot, window.search, clock, gap_ms=1)
    assert longest == wedge.max_length == 64  # never more held than the cap: constant work per key
    assert scans == [burst[:64]] and overflows == [len(burst) - 64]
    assert window.search.text() == "" and searches == [] and window.entered == 0
    _type(qtbot, window.search, clock, TOKEN, gap_ms=4)  # the next scan is read as usual
    _enter(qtbot, window.search, clock, gap_ms=4)
    assert scans[-1] == TOKEN and overflows == [len(burst) - 64]


def test_a_long_burst_without_enter_is_dropped_whole(qtbot: QtBot, desk: DeskFixture) -> None:
    window, wedge, clock, scans = desk
    overflows: list[int] = []
    wedge.overflowed.connect(overflows.append)
    _type(qtbot, window.search, clock, "7" * 300, gap_ms=2)
    qtbot.waitUntil(lambda: overflows == [300], timeout=1000)  # the backstop timer ends it
    assert scans == [] and window.search.text() == "" and wedge.pending == ""
    _type(qtbot, window.search, clock, "den haag", gap_ms=120)  # typing still types
    wedge.flush()
    assert window.search.text() == "den haag"
