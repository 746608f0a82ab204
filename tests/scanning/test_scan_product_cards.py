"""The product's own stemkaart images (A4 sheet and phone image) as a webcam sees them."""

from __future__ import annotations

from datetime import date

import cv2
import numpy as np
import pytest

from PySide6.QtWidgets import QApplication

from desk_app.domain.token import looks_like_token, make_card_token
from desk_app.printing.barcode import qimage_to_gray
from desk_app.printing.card import MODULE_MM, PHONE_PX_PER_MODULE, CardData, render_card_page, render_card_phone
from desk_app.scanning.decoder import Decoder, decode_image, decoder_for_setting
from desk_app.scanning.synthetic import CardImage, Scene, make_frame


def _card(code: str = "GM0363") -> CardData:
    token = make_card_token(4321, bytes(range(32)), code, 1)
    return CardData(
        meeting_name="Extra ALV",
        meeting_date=date(2024, 5, 24),
        meeting_place="Utrecht",
        municipality_code=code,
        municipality_name="Amsterdam",
        votes=75,
        rep_name="A. Jansen",
        rep_role="burgemeester",
        token=token,
        version=1,
    )


def test_a4_sheet_tilted_in_a_640x480_frame(qapp: QApplication) -> None:
    data = _card()
    dpi = 100  # 0.8 mm modules -> 3.15 px per module on the rendered page
    page = qimage_to_gray(render_card_page(data, dpi=dpi))
    assert decode_image(page) == [data.token]  # the read-back the card maker relies on
    ppm = dpi / 25.4 * MODULE_MM

    def sheet(_token: str, _ppm: int) -> CardImage:
        return CardImage(page, ppm, (0, 0, page.shape[1], page.shape[0]))

    # The code sits above the middle of the sheet: with the sheet held low in the picture, the
    # code is in the middle of the frame and the bottom of the sheet is out of view. Tilted.
    frame = make_frame(
        data.token,
        Scene(size=(640, 480), px_per_module=2.2, angle=-16.0, center=(0.5, 0.7), noise=4.0, jpeg=80),
        np.random.default_rng(2),
        sheet,
    )
    assert Decoder(accept=looks_like_token)(frame) == [data.token]


@pytest.mark.parametrize("dark_mode", [False, True])
def test_phone_image_tilted(qapp: QApplication, dark_mode: bool) -> None:
    data = _card("GM0014")
    image = qimage_to_gray(render_card_phone(data))

    def phone(_token: str, _ppm: int) -> CardImage:
        return CardImage(image, float(PHONE_PX_PER_MODULE), (0, 0, image.shape[1], image.shape[0]))

    frame = make_frame(
        data.token,
        Scene(size=(1280, 720), px_per_module=2.5, angle=12.0, phone=dark_mode, center=(0.5, 0.4), glare=0.3),
        np.random.default_rng(4),
        phone,
    )
    result = Decoder(accept=looks_like_token).decode(frame)
    assert result.accepted == (data.token,)
    # Plain zbar on the raw frame (the first thing one would try) misses the dark-mode screen.
    if dark_mode:
        assert decoder_for_setting("pyzbar", looks_like_token).decode(cv2.bitwise_not(frame)).accepted == (data.token,)
        plain = Decoder(ladder=(("zbar", "plain"), ("zxing", "plain")), accept=looks_like_token)
        assert plain(frame) == []


def test_decoder_settings() -> None:
    assert decoder_for_setting("auto").ladder[0] == ("zxing", "plain")
    # One native engine each, and always our own pattern matcher (it cannot be the one that
    # misbehaves on a laptop).
    assert {e for e, _ in decoder_for_setting("zxing").ladder} == {"zxing", "match"}
    assert {e for e, _ in decoder_for_setting("pyzbar").ladder} == {"zbar", "match"}
    with pytest.raises(ValueError):
        decoder_for_setting("quagga")
