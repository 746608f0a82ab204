"""The first window: the register with totals, sortable and searchable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desk_app.services.changes import ChangeWatcher
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.main_window import MainWindow


def _visible_names(view) -> list[str]:  # type: ignore[no-untyped-def]
    p = view.proxy
    return [p.index(r, 1).data() for r in range(p.rowCount())]


def test_register_window(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(meeting, ChangeFeed(ChangeWatcher(meeting.store), poll_ms=0))
    qtbot.addWidget(window)
    view = window.register_view
    assert view.proxy.rowCount() == 342
    assert "342 gemeenten" in view.totals_label.text() and "13.111 stemmen" in view.totals_label.text()

    qtbot.keyClicks(view.search, "den haag")
    assert _visible_names(view) == ["'s-Gravenhage"]
    view.search.clear()
    view.search.setText("Súdwest")  # QTest.keyClicks only types ASCII
    assert _visible_names(view) == ["Súdwest-Fryslân"]
    view.search.clear()
    qtbot.keyClicks(view.search, "0363")
    assert _visible_names(view) == ["Amsterdam"]
    view.search.clear()

    view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # votes, numerically
    assert [view.proxy.index(r, 4).data() for r in range(4)] == ["1", "1", "1", "3"]
    view.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert view.proxy.index(0, 1).data() == "Amsterdam"


def test_designation_edit_is_saved_and_shown(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(meeting, ChangeFeed(ChangeWatcher(meeting.store), poll_ms=0))
    qtbot.addWidget(window)
    meeting.set_designation("GM0088", name="Ineke", role="griffier", email=None)
    window.refresh()
    qtbot.keyClicks(window.register_view.search, "Schiermonnikoog")
    p = window.register_view.proxy
    assert p.index(0, 5).data() == "Ineke" and p.index(0, 6).data() == "griffier"


def test_the_columns_hold_their_whole_texts_and_follow_new_rows(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(meeting, ChangeFeed(ChangeWatcher(meeting.store), poll_ms=0))
    qtbot.addWidget(window)
    view = window.register_view
    table, p = view.table, view.proxy
    metrics = table.fontMetrics()
    window.show()
    window.tabs.setCurrentWidget(view)  # fitted when seen, not while the tab is hidden
    qtbot.waitUntil(view.isVisible)

    def widest(column: int) -> int:
        return max(metrics.horizontalAdvance(str(p.index(r, column).data() or "")) for r in range(p.rowCount()))

    for column in (1, 2, 5):  # name, province, representative: no cut-off text anywhere
        assert table.columnWidth(column) >= widest(column), column
    long_name = "Mr. dr. Alexandra Wilhelmina van den Boogaard-Hoogenboezem"
    before = table.columnWidth(5)
    assert before < metrics.horizontalAdvance(long_name)
    meeting.set_designation("GM0088", name=long_name, role="burgemeester", email=None)
    desk = QWidget()  # stands in for the desk tab
    window.tabs.addTab(desk, "Balie")
    window.tabs.setCurrentWidget(desk)  # the register hidden behind the desk while the rows change
    assert not view.isVisible()
    window.refresh()
    assert table.columnWidth(5) == before  # nothing measured for a hidden tab
    window.tabs.setCurrentWidget(view)  # a new set of rows, now seen: the columns are fitted again
    qtbot.waitUntil(lambda: table.columnWidth(5) >= metrics.horizontalAdvance(long_name) > before)
