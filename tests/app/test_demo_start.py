"""The demo as a new user meets it: a camera picture at once, real cards, and a way to start over.

Before: the demo's video was made in the background (a minute on a slow laptop) while the desk
said "Geen camera", and its cards read "Gemeente Voorbeeld · 12 stemmen".
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QMessageBox

from desk_app import settings
from desk_app.app import GuiApp
from desk_app.domain.checkin import VerdictKind
from desk_app.domain.token import make_card_token, parse_token
from desk_app.printing.barcode import qimage_to_gray
from desk_app.scanning.decoder import decode
from desk_app.scanning.sources import VideoFileSource
from desk_app.services.demo import (
    DEMO_VIDEO_CODES,
    demo_cards,
    demo_video_path,
    write_demo_video,
)
from desk_app.session import Session

NAMES = {
    "GM0344": "Utrecht",
    "GM0363": "Amsterdam",
    "GM0599": "Rotterdam",
    "GM0153": "Enschede",
    "GM1900": "Súdwest-Fryslân",
    "GM0518": "'s-Gravenhage",
}


@pytest.fixture
def demo_gui(qtbot: QtBot) -> Iterator[GuiApp]:
    """The demo as a new laptop starts it: default preferences (camera 0, which is not there)."""
    app = GuiApp(argparse.Namespace(db=None, demo=True, desk=None, actor=None, lang=None), settings.Preferences())
    app.start()
    assert app.window is not None
    qtbot.addWidget(app.window)
    yield app
    app.close()


def test_a_new_demo_user_never_sees_no_camera(qtbot: QtBot, demo_gui: GuiApp) -> None:
    view = demo_gui.desk_view
    assert view is not None
    assert "Geen camera" not in view.preview.state and "camera" in view.preview.state.lower()
    qtbot.waitUntil(lambda: view.preview.has_frame, timeout=30_000)
    with qtbot.waitSignal(
        view.verdict_shown, timeout=30_000, check_params_cb=lambda kind: kind == VerdictKind.ACCEPTED.value
    ):
        pass
    # The first card of the video: a real municipality with its real votes.
    assert view.panel.content.municipality in NAMES.values() and view.panel.content.votes == 75
    assert "Geen camera" not in view.preview.state


def test_the_demo_cards_are_the_products_own_cards_with_the_meetings_data(
    qapp: object, session: Session, tmp_path: Path
) -> None:  # qapp: Qt paints the cards (fonts need a QGuiApplication)
    m = session.meeting.meeting()
    cards = demo_cards(session.cards)
    assert [c.code for c in cards] == list(DEMO_VIDEO_CODES)
    for card in cards:
        assert card.token == make_card_token(m.meeting_no, m.secret, card.code, 1)
        assert decode(card.image) == [card.token]  # its barcode reads at the desk
        # The top of the product's A4 stemkaart (printing/card.py) with this meeting's data.
        page = qimage_to_gray(session.cards.preview(card.code, dpi=70).page)
        h, w = card.image.shape
        assert (page[:h, round(page.shape[1] * 0.07) :][:, :w] == card.image).all()

    video = write_demo_video(cards, tmp_path)
    assert video == demo_video_path(tmp_path, cards) and not list(tmp_path.glob("*.part.avi"))
    # Played through the real OpenCV capture, every card is read, in order.
    source = VideoFileSource(video)
    source.open()
    seen: list[str] = []
    try:
        while (frame := source.read()) is not None:
            for token in decode(frame):
                if not seen or seen[-1] != token:
                    seen.append(token)
    finally:
        source.release()
    assert [parse_token(t).municipality_code for t in seen] == list(DEMO_VIDEO_CODES)
    assert write_demo_video(cards, tmp_path) == video  # made once


def test_the_demo_can_be_started_again_from_the_menu(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    app = GuiApp(
        argparse.Namespace(db=None, demo=True, desk=None, actor=None, lang=None), settings.Preferences(camera_index=-1)
    )
    app.start()
    assert app.window is not None and app.desk_view is not None
    qtbot.addWidget(app.window)
    try:
        m = app.desk.meeting
        old_card = make_card_token(m.meeting_no, m.secret, "GM0363", 1)
        app.desk_view.handle_scan(old_card)
        app.desk_view.confirm()
        assert app.desk.counters().present_members == 1

        answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
        asked: list[str] = []

        def question(*args: object, **kw: object) -> QMessageBox.StandardButton:
            asked.append(str(args[2]))
            return answers.pop(0)

        monkeypatch.setattr(QMessageBox, "question", question)
        window = app.window
        window.action("reset_demo").trigger()  # No: nothing happens
        qtbot.wait(50)
        assert app.window is window and app.desk.counters().present_members == 1
        window.action("reset_demo").trigger()
        qtbot.waitUntil(lambda: app.window is not None and app.window is not window, timeout=10_000)
        qtbot.addWidget(app.window)
        assert "weggegooid" in asked[0]
        assert app.desk.counters().present_members == 0  # a fresh demo meeting
        assert app.desk.scan(old_card).kind is not VerdictKind.ACCEPTED  # the old meeting's card is void
        assert "opnieuw begonnen" in app.window.notice.text()
    finally:
        app.close()


def test_the_reset_item_is_only_in_the_demo(qtbot: QtBot, meeting_file: Path) -> None:
    app = GuiApp(
        argparse.Namespace(db=str(meeting_file), demo=False, desk=None, actor=None, lang=None),
        settings.Preferences(camera_index=-1),
    )
    app.start()
    assert app.window is not None
    qtbot.addWidget(app.window)
    try:
        with pytest.raises(KeyError):
            app.window.action("reset_demo")
    finally:
        app.close()
