"""The chair's screen: a thin view over ChairScreen, readable at every projector size, Esc closes it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QGuiApplication, QImage

from desk_app.domain.tally import Choice
from desk_app.domain.text import Translator
from desk_app.domain.token import make_card_token
from desk_app.services.chair import Bar, ChairScreen, ResultTone, TallyScreenState
from desk_app.services.changes import ChangeWatcher
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.voting.tally import TallyScreen, TallyWindow

SIZES = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080), (3840, 2160)]


def _bars(*rows: tuple[str, str, int, int, str]) -> tuple[Bar, ...]:
    return tuple(
        Bar(key, label, weight, f"{weight:,}".replace(",", "."), members, pct)
        for key, label, weight, members, pct in rows
    )


OPEN = TallyScreenState(
    131,
    342,
    "5.312",
    "13.111",
    "4. Resolutie 'Nieuw kabinet, gebruik en borg de kracht van het lokaal bestuur'",
    "Stemming 3 open — stemming over het voorstel",
    True,
    _bars(
        ("voor", "VOOR", 4_903, 101, "98,81%"),
        ("tegen", "TEGEN", 59, 3, "1,19%"),
        ("onthouding", "ONTHOUDING", 150, 4, ""),
    ),
    5_312,
    2_482,
    "2.482",
    23,
    "200",
    "",
    ResultTone.NONE,
    "Regel: meer dan de helft · basis: uitgebrachte stemmen, onthoudingen niet meegeteld",
)
DECLARED = TallyScreenState(
    131,
    342,
    "5.312",
    "13.111",
    OPEN.item_title,
    "Stemming 3 — uitslag vastgesteld door de voorzitter",
    False,
    OPEN.bars,
    5_312,
    2_482,
    "2.482",
    0,
    "0",
    "Vastgesteld door de voorzitter: verworpen, zo stelt de voorzitter vast (berekend: AANGENOMEN met 98,81% voor)",
    ResultTone.REJECTED,
    OPEN.base_text,
)
BALLOT = TallyScreenState(
    99,
    342,
    "4.001",
    "13.111",
    "8. Benoeming bestuurslid " + "met een heel lange naam " * 6,
    "Stemming 4 gesloten",
    False,
    _bars(
        ("optie-1", "OPTIE 1 · MR. DRS. J.H.M. VAN DEN BERG-SCHIMMELPENNINCK", 1_500, 40, "37,49%"),
        ("optie-2", "OPTIE 2 · KANDIDAAT B", 1_400, 35, "34,99%"),
        ("optie-3", "OPTIE 3 · C", 1_101, 24, "27,52%"),
        ("onthouding", "ONTHOUDING", 0, 0, ""),
    ),
    4_001,
    None,
    "",
    0,
    "0",
    "Uitslag wordt vastgesteld",
    ResultTone.PENDING,
    "Regel: meerderheid · basis: …",
)
ACCLAIMED = TallyScreenState(
    120,
    342,
    "4.800",
    "13.111",
    "2. Benoeming notulencommissie",
    "Besluit 1 — bij acclamatie",
    result_text="Aangenomen bij acclamatie",
    result_tone=ResultTone.ADOPTED,
)
NO_VOTE = TallyScreenState(0, 342, "0", "13.111")
HOSTILE = TallyScreenState(
    1,
    342,
    "75",
    "13.111",
    "‮'); DROP TABLE votes; --" + "x" * 10_000,
    "Stemming 1 open — stemming over het voorstel",
    True,
    _bars(
        ("voor", "VOOR", 75, 1, "100,00%"), ("tegen", "TEGEN", 0, 0, "0,00%"), ("onthouding", "ONTHOUDING", 0, 0, "")
    ),
    75,
    38,
    "38",
    0,
    "0",
    "",
    ResultTone.NONE,
    "Regel: meer dan de helft",
)
STATES = {
    "open": OPEN,
    "declared": DECLARED,
    "ballot": BALLOT,
    "acclaimed": ACCLAIMED,
    "none": NO_VOTE,
    "hostile": HOSTILE,
}


def _image_array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    ptr = image.constBits()
    rows = np.frombuffer(ptr, dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    # A copy: the buffer belongs to the QImage, which goes when this function returns.
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[:, :, :3].copy()  # B, G, R


@pytest.mark.parametrize(
    ("name", "size"),
    list(itertools.product(STATES, SIZES)),
    ids=[f"{n}-{w}x{h}" for n, (w, h) in itertools.product(STATES, SIZES)],
)
def test_every_element_fits_and_nothing_overlaps_at_every_projector_size(
    qtbot: QtBot, name: str, size: tuple[int, int]
) -> None:
    screen = TallyScreen()
    qtbot.addWidget(screen)
    screen.resize(*size)
    screen.show_state(STATES[name])
    pixmap = screen.grab()
    assert (pixmap.width(), pixmap.height()) == size
    boxes = screen.boxes()
    whole = QRectF(0, 0, *size)
    solid = [b for b in boxes if b.name != "threshold-line"]
    assert {"attendance", "item"} <= {b.name for b in boxes}
    for box in solid:
        assert whole.contains(box.rect), (box.name, box.rect)
        if box.font is not None:
            # The text as the painter draws it, measured again here: inside its box, not cut off.
            needed = QFontMetricsF(box.font).boundingRect(box.rect, box.flags, box.text)
            assert needed.width() <= box.rect.width() + 0.5 and needed.height() <= box.rect.height() + 0.5, (
                box.name,
                box.text[:40],
                needed,
                box.rect,
            )
            # Readable from the back of the hall: no text below 1/60 of the screen height.
            assert box.font.pixelSize() >= size[1] / 60 or box.name.startswith("detail"), (
                box.name,
                box.font.pixelSize(),
            )
    for a, b in itertools.combinations(solid, 2):
        assert not a.rect.intersects(b.rect), (a.name, a.rect, b.name, b.rect)
    for line in (b for b in boxes if b.name == "threshold-line"):  # it crosses the VOOR bar, nothing else
        assert [b.name for b in solid if b.rect.intersects(line.rect)] == ["bar:voor"]
    # Nothing is painted outside the boxes: every other pixel is the black background.
    pixels = _image_array(pixmap.toImage())
    for box in boxes:
        r = box.rect.adjusted(-4, -4, 4, 4)
        pixels[max(0, int(r.top())) : int(r.bottom()) + 1, max(0, int(r.left())) : int(r.right()) + 1] = 0
    assert int(pixels.max()) == 0


def test_the_result_line_and_the_hall_texts(qtbot: QtBot) -> None:
    screen = TallyScreen()
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show_state(OPEN)
    texts = screen.texts()
    assert texts["attendance"] == "Aanwezig: 131 van 342 gemeenten · 5.312 van 13.111 stemmen"
    assert texts["pending"] == "Nog niet gestemd: 23 gemeenten (200 stemmen)"
    assert texts["detail:voor"] == "101 gemeenten · 98,81%" and texts["threshold"] == "drempel 2.482"
    assert "result" not in texts
    screen.show_state(ACCLAIMED)
    assert screen.texts()["result"] == "✔ Aangenomen bij acclamatie" and "bar:voor" not in screen.texts()
    screen.show_state(BALLOT)
    assert screen.texts()["result"] == "Uitslag wordt vastgesteld" and "threshold" not in screen.texts()


def _prepared(meeting: MeetingService) -> tuple[DeskService, VotingService]:
    desk = DeskService(meeting.store, Actor("balie-1", "test"))
    for code in ("GM0363", "GM0599", "GM0088"):
        token = make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1)
        desk.check_in(desk.scan(token), name=f"X {code}", role="raadslid")
    meeting.open_meeting()
    voting = VotingService(meeting.store, desk.actor, lambda: [(s, c) for s, c, _ in desk.active_passes()])
    return desk, voting


def test_the_window_follows_the_change_feed_and_shows_the_declared_result(
    qtbot: QtBot, meeting: MeetingService
) -> None:
    desk, voting = _prepared(meeting)
    voting.open("4", confirm_order=True)
    feed = ChangeFeed(ChangeWatcher(meeting.store), poll_ms=0)
    window = TallyWindow(ChairScreen(voting, desk.counters, Translator()), feed)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    view = window.screen_view
    assert view.texts()["pending"] == "Nog niet gestemd: 3 gemeenten (151 stemmen)"
    voting.record(Choice.VOOR, code="GM0363")
    assert view.texts()["pending"].startswith("Nog niet gestemd: 3")  # not before the feed says so
    feed.poll()
    assert view.texts()["pending"] == "Nog niet gestemd: 2 gemeenten (76 stemmen)"
    assert view.state.bars[0].weight == 75
    voting.close()
    feed.poll()
    assert view.texts()["result"] == "Uitslag wordt vastgesteld" and "pending" not in view.texts()
    voting.declare_computed()
    feed.poll()
    assert view.texts()["result"] == "✔ Vastgesteld: AANGENOMEN met 100,00% voor"
    assert view.state.result_tone is ResultTone.ADOPTED
    feed.stop()


def test_esc_closes_the_tally_window_and_windowed_is_a_normal_window(qtbot: QtBot, meeting: MeetingService) -> None:
    desk, voting = _prepared(meeting)
    feed = ChangeFeed(ChangeWatcher(meeting.store), poll_ms=0)
    window = TallyWindow(ChairScreen(voting, desk.counters), feed)
    qtbot.addWidget(window)
    window.show_on_screen(0, fullscreen=False)
    qtbot.waitExposed(window)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert not window.isFullScreen()
    assert window.width() < screen.width() and window.height() < screen.height()  # not covering everything
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()

    full = TallyWindow(ChairScreen(voting, desk.counters), feed)
    qtbot.addWidget(full)
    full.show_on_screen(0)
    qtbot.waitExposed(full)
    assert full.isFullScreen()
    qtbot.keyClick(full, Qt.Key.Key_Escape)
    assert not full.isVisible()
    feed.stop()
