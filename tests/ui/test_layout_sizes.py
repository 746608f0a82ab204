"""The desk and the Stemmingen tab at the laptop sizes of ARCHITECTURE.md: nothing cut off, no scrolling.

The real main window (``GuiApp`` on the demo meeting) is laid out offscreen at 1024 × 768 and
1366 × 768 and its geometry compared: the voting tab's row of lifecycle buttons (about 1,170 px
in one row before) must lie inside the tab without a horizontal scroll bar, the stemopnemer's panel
must not be squeezed until its lines are cut, and the desk's name field must hold a whole name.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QScrollArea, QWidget

from desk_app.app import GuiApp
from desk_app.domain.tally import Choice
from desk_app.domain.token import make_card_token
from desk_app.ui.desk.widgets import VerdictPanel
from desk_app.ui.voting.clamped_label import ClampedLabel
from desk_app.ui.voting.models import CHOICE_PX
from desk_app.ui.voting.tab import RecordMode
from desk_app.ui.voting.wrap_row import WrapRow, balanced_rows

SIZES = [(1024, 768), (1366, 768)]
#: A long name as the desk types it; the demo's designated names are shorter.
LONG_NAME = "Femke Halsema-van der Vries"
PRESENT = ("GM0363", "GM0599", "GM0518", "GM0344", "GM0513")


def _lay_out(gui: GuiApp, size: tuple[int, int], tab: int) -> None:
    window = gui.window
    assert window is not None
    window.showNormal()
    window.resize(*size)
    window.tabs.setCurrentIndex(tab)
    for _ in range(3):  # the wrapped rows and the clamped title settle in a second pass
        QApplication.processEvents()
    assert window.width() == size[0], "the window grew wider than the screen"


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _scroll_area(gui: GuiApp) -> QScrollArea:
    assert gui.window is not None
    area = gui.window.tabs.currentWidget()
    assert isinstance(area, QScrollArea)
    return area


def _check_in(gui: GuiApp) -> None:
    desk = gui.desk
    m = desk.meeting
    for code in PRESENT:
        v = desk.scan(make_card_token(m.meeting_no, m.secret, code, 1))
        desk.check_in(v, name=v.rep_name or "Vertegenwoordiger", role=v.rep_role or "raadslid")
    gui.session.meeting.open_meeting()
    gui.feed.poll()


def _not_cut(label: QLabel) -> str | None:
    """Why a shown label's text does not fit the room it got, or None."""
    if not label.isVisible() or not label.text():
        return None
    need = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    if label.height() + 1 < need:
        return f"{label.text()!r}: {label.height()} px high, needs {need}"
    return None


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_voting_tabs_buttons_lie_inside_the_tab_without_scrolling(gui: GuiApp, size: tuple[int, int]) -> None:
    """Before: the row needed 1,173 px, so at 1024 px the tab scrolled sideways and F8/F9 were out of view."""
    _lay_out(gui, size, 1)
    view = gui.vote_view
    assert view is not None
    area = _scroll_area(gui)
    viewport = area.viewport()
    assert area.horizontalScrollBar().maximum() == 0, "the Stemmingen tab scrolls sideways"
    assert view.width() <= viewport.width()
    buttons = [*view._action_buttons.values(), *view.agenda.findChildren(QPushButton)]
    rects = {b.text(): _rect_in(b, viewport) for b in buttons if b.isVisible()}
    assert len(rects) >= 10
    for text, rect in rects.items():
        assert viewport.rect().contains(rect), f"{text} at {rect.getRect()} outside {viewport.rect().getRect()}"
    texts = list(rects)
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            assert not rects[a].intersects(rects[b]), f"{a} overlaps {b}"
    # The three recording tabs show in full with their keys: no scroll arrows hiding F4.
    bar = view.modes.tabBar()
    assert bar.tabRect(bar.count() - 1).right() <= bar.width()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_stemopnemers_panel_is_not_cut_off_during_a_vote(qtbot: QtBot, gui: GuiApp, size: tuple[int, int]) -> None:
    """An open vote, a stempas scanned (the panel's longest content), then a choice recorded."""
    _check_in(gui)
    _lay_out(gui, size, 1)
    view = gui.vote_view
    assert view is not None
    view.agenda.select_step("4.A1")
    assert view.open_vote() is not None
    serial = next(s for s, code, _ in gui.desk.active_passes() if code == "GM0513")
    existing = gui.desk.pass_verdict(serial).existing
    assert existing is not None
    area = _scroll_area(gui)
    for step in ("pass", "recorded"):
        if step == "pass":
            view.handle_scan(existing.token)
        else:
            view.teller.record(Choice.VOOR)
        for _ in range(3):
            QApplication.processEvents()
        assert area.verticalScrollBar().maximum() == 0, f"{step}: the tab scrolls"
        panel = view.teller.panel
        cut = [p for label in panel.findChildren(QLabel) if (p := _not_cut(label))]
        assert not cut, f"{step}: {cut}"
        for label in panel.findChildren(QLabel):
            if label.isVisible():
                assert panel.rect().contains(_rect_in(label, panel)), f"{step}: {label.text()!r} outside the panel"


def test_the_roll_calls_names_are_not_cut_at_1024(gui: GuiApp) -> None:
    """Before: the choice column took a fixed 230 px and the names showed as "Amster…"."""
    _check_in(gui)
    _lay_out(gui, (1024, 768), 1)
    view = gui.vote_view
    assert view is not None
    view.agenda.select_step("4.A1")
    assert view.open_vote() is not None
    view.set_mode(RecordMode.GRID)
    QApplication.processEvents()
    header = view.roll_call.grid.horizontalHeader()
    font = QFont(view.roll_call.grid.font())
    font.setPixelSize(CHOICE_PX)
    font.setBold(True)
    metrics = QFontMetrics(font)
    assert header.sectionSize(0) >= metrics.horizontalAdvance("Súdwest-Fryslân") + 8
    assert header.sectionSize(3) >= metrics.horizontalAdvance("ONTHOUDING")


def test_the_desks_name_field_holds_a_whole_name_at_1024(gui: GuiApp) -> None:
    """Before: 175 px at 1024 × 768, "Mohamed Bakker" showed as "amed Bakker"."""
    _lay_out(gui, (1024, 768), 0)
    view = gui.desk_view
    assert view is not None
    m = gui.desk.meeting
    view.handle_scan(make_card_token(m.meeting_no, m.secret, "GM0344", 1))  # Utrecht: the form
    QApplication.processEvents()
    field: QLineEdit = view.name_edit
    assert field.isVisible() and field.text()
    font = QFont(field.font())
    room = field.width() - 2 * 6 - 8  # the style's padding, the frame and the text margins
    assert QFontMetrics(font).horizontalAdvance(LONG_NAME) <= room, f"{field.width()} px"
    # The button that issues the pass is in view beside Esc, not pushed off the row.
    window = gui.window
    assert window is not None
    for button in (view.confirm_button, view.cancel_button):
        assert button.isVisible()
        assert window.rect().contains(_rect_in(button, window))
    # "andere functie…" opens a third field: the name keeps room for a name (22 characters).
    view.role_combo.setCurrentIndex(view.role_combo.count() - 1)
    QApplication.processEvents()
    assert view.role_other.isVisible()
    assert field.width() >= QFontMetrics(font).averageCharWidth() * 22


def test_the_voting_tab_lists_its_mode_keys_in_the_key_overview(gui: GuiApp) -> None:
    """Help → Sneltoetsen (F1) reads each panel's key_overview: the mode keys have no button."""
    view = gui.vote_view
    assert view is not None
    keys = dict(view.key_overview())
    assert keys["F2"].startswith("Stemopnemer") and keys["F3"].startswith("Hoofdelijk")
    assert keys["F4"] == "Uitslagbestand inlezen" and keys["Ctrl+F"] == "Zoeken in de lijst"
    assert keys["F5"] == "Stemming openen" and keys["F9"] == "Herstemming"


# -- the pieces ---------------------------------------------------------------------------------------


def test_balanced_rows_take_as_few_rows_as_fit_with_as_many_in_each() -> None:
    widths = [260, 150, 120, 220, 180]
    assert balanced_rows(widths, 1000, 6) == [[0, 1, 2, 3, 4]]  # 954 px: one row
    assert balanced_rows(widths, 900, 6) == [[0, 1, 2], [3, 4]]  # not 4 + 1
    assert balanced_rows(widths, 300, 6) == [[0], [1], [2], [3], [4]]
    assert balanced_rows([500], 300, 6) == [[0]]  # too wide alone: its own row
    assert balanced_rows([], 300, 6) == []


def test_a_wrap_row_wraps_into_balanced_rows_that_span_the_width(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    row = WrapRow(host)
    buttons = [QPushButton(f"Knop nummer {n} (F{n})") for n in range(6)]
    for b in buttons:
        row.addWidget(b)
    one_row = row.sizeHint().width()
    host.resize(one_row, 200)
    host.show()
    QApplication.processEvents()
    assert len({b.y() for b in buttons}) == 1
    host.resize(one_row * 2 // 3, 200)
    QApplication.processEvents()
    assert len(row.rows(host.width())) == 2 and len({b.y() for b in buttons}) == 2
    assert row.heightForWidth(host.width()) > buttons[0].height() * 2
    for b in (buttons[2], buttons[5]):  # each row ends at the right edge
        assert b.geometry().right() == host.width() - 1
    assert row.minimumSize().width() == max(b.minimumSizeHint().width() for b in buttons)


def test_a_clamped_label_shows_two_lines_and_keeps_the_whole_text(qtbot: QtBot) -> None:
    label = ClampedLabel(lines=2)
    qtbot.addWidget(label)
    title = (
        "Stemming 5 · punt 4.M2 · Motie Krimpenerwaard, Molenlanden, Gorinchem en Gouda 'Zorg voor goede "
        "basis voor de lokale democratie en investeer in de relatie stad en land'"
    )
    label.resize(420, 200)
    label.setText(title)
    label.show()
    QApplication.processEvents()
    shown = label.text()
    assert shown.count("\n") == 1 and shown.endswith("…") and shown.startswith("Stemming 5 · punt 4.M2")
    assert label.full_text() == title and label.toolTip() == title and label.accessibleName() == title
    assert label.heightForWidth(420) <= 2 * label.fontMetrics().lineSpacing() + 4
    label.resize(4000, 200)
    QApplication.processEvents()
    assert label.text() == title  # wide enough: the whole title again


def test_the_verdict_panel_makes_its_type_smaller_rather_than_cut_lines(qtbot: QtBot) -> None:
    from desk_app.ui.desk.screen import PanelContent, Tone

    panel = VerdictPanel()
    qtbot.addWidget(panel)
    panel.resize(530, 230)
    panel.show()
    panel.show_content(
        PanelContent(
            Tone.INFO,
            "STEMPAS 9 — WELKE KEUZE?",
            "Súdwest-Fryslân",
            "GM1900",
            75,
            "stemmen",
            "Scan de keuze op het stemformulier of druk V (voor), T (tegen), O (onthouding).",
            "Eerder gekozen: voor. Een nieuwe keuze vervangt die. Esc: gescande stempas wissen.",
        )
    )
    QApplication.processEvents()
    cut = [p for label in panel.findChildren(QLabel) if (p := _not_cut(label))]
    assert not cut
    # With room the type is as big as the panel's size allows, not the tight size.
    panel.resize(1150, 620)
    QApplication.processEvents()
    assert panel.headline.font().pixelSize() >= 60
