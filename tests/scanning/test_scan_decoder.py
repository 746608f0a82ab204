"""The decoder chain on generated card images: tilt, dark-mode phones, small codes, filters."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import barcode
import numpy as np
import pytest
from pyzbar import pyzbar

from desk_app.domain.token import looks_like_token
from desk_app.scanning import decoder as decoder_module
from desk_app.scanning.decoder import (
    THOROUGH_LADDER,
    Decoder,
    accept_all,
    decode,
    decode_image,
    decoder_for_setting,
    read_engine,
)
from desk_app.scanning.hints import Hint, classify
from desk_app.scanning.synthetic import Scene, make_frame, render_code128


def _frame(token: str, seed: int = 1, **scene: object) -> np.ndarray:
    return make_frame(token, Scene(**scene), np.random.default_rng(seed))  # type: ignore[arg-type]


def test_decode_is_a_pure_function_of_the_frame(card_token: Callable[[str], str]) -> None:
    token = card_token("GM0518")
    frame = _frame(token, size=(640, 480), px_per_module=1.6, angle=11.0, blur=0.7, noise=3.0)
    before = frame.copy()
    assert decode(frame) == decode(frame) == [token]
    assert np.array_equal(frame, before)  # the frame is not touched


def test_decode_image_reads_plain_code_in_grey_and_bgr(card_token: Callable[[str], str]) -> None:
    token = card_token("GM0363")
    gray = render_code128(token, px_per_module=3)
    assert decode_image(gray) == [token]
    assert decode_image(np.dstack([gray, gray, gray])) == [token]
    assert decode_image(np.full((120, 400), 255, np.uint8)) == []


@pytest.mark.parametrize("engine", ["zxing", "zbar"])
def test_each_engine_reads_a_level_card(engine: str, card_token: Callable[[str], str]) -> None:
    token = card_token("GM0014")
    frame = _frame(token, size=(640, 480), px_per_module=3.0)
    decoder = Decoder(ladder=((engine, "plain"),), accept=looks_like_token)  # type: ignore[arg-type]
    assert decoder(frame) == [token]


@pytest.mark.parametrize("angle", [-20.0, -12.0, 15.0, 20.0])
def test_tilted_card_is_read(angle: float, card_token: Callable[[str], str]) -> None:
    token = card_token("GM0363")
    frame = _frame(token, size=(1280, 720), px_per_module=2.5, angle=angle, noise=4.0, jpeg=80)
    result = Decoder(accept=looks_like_token).decode(frame)
    assert result.accepted == (token,)
    assert result.regions and result.regions[0].text == token


def test_locating_is_what_reads_a_steep_tilt(card_token: Callable[[str], str]) -> None:
    # A scan line across the whole frame cannot cross all bars of a card tilted 20 degrees: the
    # plain attempts of both engines fail, the locate step straightens the code and reads it.
    token = card_token("GM0363")
    frame = _frame(token, size=(1280, 720), px_per_module=2.5, angle=20.0)
    plain_only = Decoder(ladder=(("zxing", "plain"), ("zbar", "plain")), accept=looks_like_token)
    assert plain_only(frame) == []
    result = Decoder(accept=looks_like_token).decode(frame)
    assert result.accepted == (token,)
    assert result.step in ("zxing/locate", "zbar/locate", "match/profile")


@pytest.mark.parametrize("angle", [0.0, 14.0])
def test_dark_mode_phone_screen_is_read(angle: float, card_token: Callable[[str], str]) -> None:
    token = card_token("GM0599")
    frame = _frame(token, size=(1280, 720), px_per_module=3.0, angle=angle, phone=True)
    # Neither engine reads light-on-dark bars on the whole frame (zxing-cpp's try_invert is for
    # 2D codes only); the chain must invert by itself.
    assert [t for t, _ in read_engine("zxing", frame[:, :, 1].copy())] == []
    assert Decoder(accept=looks_like_token)(frame) == [token]


def test_glare_blur_and_low_light(card_token: Callable[[str], str]) -> None:
    token = card_token("GM0344")
    frame = _frame(
        token,
        seed=3,
        size=(1280, 720),
        px_per_module=3.0,
        angle=6.0,
        blur=1.0,
        glare=0.5,
        light=0.45,
        uneven=0.5,
        noise=6.0,
        jpeg=75,
    )
    assert Decoder(accept=looks_like_token)(frame) == [token]


def test_small_code_gives_closer_hint_and_no_read(card_token: Callable[[str], str]) -> None:
    # A card across the room on a 640x480 camera: the detector still sees bars, 0.8 px wide, soft.
    frame = _frame(card_token("GM0363"), size=(640, 480), px_per_module=0.8, angle=3.0, blur=0.8)
    result = Decoder(accept=looks_like_token).decode(frame)
    assert result.accepted == ()
    assert result.too_small
    assert [r.text for r in result.regions] == [None]
    assert classify(result) is Hint.CLOSER
    near = Decoder(accept=looks_like_token).decode(_frame(card_token("GM0363"), px_per_module=3.0))
    assert near.accepted and not near.too_small
    assert classify(near) is Hint.NONE


def test_accept_filter_refuses_garbled_token(garbled_token: str) -> None:
    frame = _frame(garbled_token, size=(640, 480), px_per_module=3.0)
    result = Decoder(accept=looks_like_token).decode(frame)
    assert result.accepted == ()
    assert garbled_token in result.rejected  # it was read, and refused for its check digit
    assert Decoder(accept=accept_all)(frame) == [garbled_token]


def test_other_symbologies_are_not_decoded() -> None:
    # An EAN-13 is what zbar finds in product packaging or a badge: plain pyzbar reports it,
    # the Code128-only chain must not.
    modules = barcode.get("ean13", "871234567890", writer=None).build()[0]
    row = np.repeat(np.array([0 if m == "1" else 255 for m in modules], np.uint8), 3)
    quiet = np.full(30, 255, np.uint8)
    image = np.tile(np.concatenate([quiet, row, quiet]), (80, 1))
    assert [s.type for s in pyzbar.decode(image)] == ["EAN13"]
    assert decode_image(image) == []


def test_decoder_configuration_is_checked() -> None:
    with pytest.raises(ValueError, match="engine"):
        Decoder(ladder=(("quagga", "plain"),), accept=accept_all)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="step"):
        Decoder(ladder=(("zxing", "sharpen"),), accept=accept_all)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Decoder(ladder=(), accept=accept_all)
    both = Decoder.engine_first(("zbar", "zxing"), ("plain", "locate"), accept=accept_all)
    assert both.ladder == (("zbar", "plain"), ("zbar", "locate"), ("zxing", "plain"), ("zxing", "locate"))


def test_default_accept_is_the_token_filter() -> None:
    assert Decoder().accept is looks_like_token


def test_importing_the_decoder_loads_no_native_reader() -> None:
    # A machine without libzbar must be able to import the scanning package at all.
    code = "import sys, desk_app.scanning.decoder; print('pyzbar' in sys.modules, 'zxingcpp' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.split() == ["False", "False"]


def test_without_zbar_the_desk_reads_with_zxing_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, card_token: Callable[[str], str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyzbar", None)  # "import pyzbar" now raises ImportError
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)
    monkeypatch.setattr(decoder_module, "_zbar_state", [])
    token = card_token("GM0363")
    frame = _frame(token, size=(640, 480), px_per_module=2.5, angle=8.0)
    with caplog.at_level(logging.WARNING, logger="desk_app.scanning.decoder"):
        for setting in ("auto", "pyzbar", "zxing"):
            decoder = decoder_for_setting(setting)
            assert all(engine != "zbar" for engine, _ in decoder.ladder)
            assert decoder(frame) == [token]
        assert read_engine("zbar", frame[:, :, 0].copy()) == []
        assert Decoder(ladder=THOROUGH_LADDER)(frame) == [token]
    assert len([r for r in caplog.records if "zbar" in r.getMessage()]) == 1
