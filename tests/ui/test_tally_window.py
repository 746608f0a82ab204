"""The chair's screen shows what the state says and refreshes when the store changes."""

from __future__ import annotations

from desk_app.domain.tally import Choice, tally
from desk_app.services.chair import TallyScreenState
from desk_app.ui.tally_window import TallyWindow


def _state(choices: dict[str, Choice], closed: bool = False) -> TallyScreenState:
    weights = {"GM0001": 75, "GM0002": 30, "GM0003": 5}
    t = tally(choices, weights, set(weights))
    return TallyScreenState(3, 342, 110, 13_111, "Motie Enschede 'Geen woorden maar daden'",
                            "Stemming gesloten" if closed else "Stemming open", not closed, t,
                            "AANGENOMEN" if closed else "", "basis: onthoudingen niet meegeteld")


def test_refreshes_only_on_change_and_shows_result(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = {"state": _state({}), "version": 1}
    window = TallyWindow(lambda: box["state"], lambda: box["version"])
    qtbot.addWidget(window)
    view = window.screen_view
    assert "3 van 342 gemeenten" in view.attendance.text() and "110 van 13.111" in view.attendance.text()
    assert "Nog niet gestemd: 3 gemeenten (110 stemmen)" == view.pending.text()

    box["state"] = _state({"GM0001": Choice.VOOR, "GM0002": Choice.TEGEN})
    window._on_timer_timeout()  # same version: nothing re-read
    assert "3 gemeenten" in view.pending.text()
    box["version"] = 2
    qtbot.waitUntil(lambda: view.pending.text().startswith("Nog niet gestemd: 1 gemeenten"), timeout=2000)
    assert view.bars.tally is not None and view.bars.tally.count(Choice.VOOR).weight == 75

    box["state"] = _state({"GM0001": Choice.VOOR, "GM0002": Choice.TEGEN}, closed=True)
    box["version"] = 3
    qtbot.waitUntil(lambda: "AANGENOMEN" in view.result.text(), timeout=2000)
    assert view.result.text().startswith("✔") and view.pending.text() == ""
    window.timer.stop()
