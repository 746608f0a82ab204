"""The profile matcher: hard frames at 1-2 px per module, foreign symbols, and its parts.

The hard frames under ``data/`` were made by ``benchmarks/bench_decode.py --write-hard-frames``
from the product's own stemkaarten (A4 sheet and phone image): degraded webcam frames, cropped
around the code, that the decoder before issue 15 did not read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from desk_app.domain.token import looks_like_token
from desk_app.scanning import profile
from desk_app.scanning.decoder import Decoder, decoder_for_setting
from desk_app.scanning.synthetic import CardImage, Scene, code128_modules, make_frame, render_card

DATA = Path(__file__).parent / "data"
HARD = json.loads((DATA / "hard_frames.json").read_text(encoding="utf-8"))
#: The chain before issue 15: zxing-cpp and zbar on the frame and on levelled crops.
OLD_LADDER = (("zxing", "plain"), ("zxing", "locate"), ("zbar", "locate"), ("zbar", "plain"))


def _gray(name: str) -> np.ndarray:
    image = cv2.imread(str(DATA / name), cv2.IMREAD_GRAYSCALE)
    assert image is not None, name
    return np.asarray(image)


def test_hard_frames_are_small_and_mostly_below_1_6_px_per_module() -> None:
    assert len(HARD) >= 6
    assert sum(entry["px_per_module"] < 1.6 for entry in HARD) >= 3
    assert sum((DATA / entry["file"]).stat().st_size for entry in HARD) < 400_000


@pytest.mark.parametrize("entry", HARD, ids=[entry["file"] for entry in HARD])
def test_hard_frame_is_read_by_the_desk_decoder_and_not_by_the_old_chain(entry: dict[str, object]) -> None:
    gray = _gray(str(entry["file"]))
    assert decoder_for_setting("auto")(gray) == [entry["token"]]
    # The matcher on its own reads it; the engines alone do not: it is the matcher's doing.
    assert Decoder(ladder=(("match", "profile"),))(gray) == [entry["token"]]
    assert Decoder(ladder=OLD_LADDER)(gray) == []


# --- negatives: nothing but our tokens, never a misread one -----------------------------------------


def _symbol_card(fmt: str, text: str) -> Callable[[str, int], CardImage]:
    """A card with a foreign symbol made by zxing-cpp (QR code, EAN-13, Code 39, any Code128)."""

    def render(_token: str, ppm: int) -> CardImage:
        import zxingcpp

        code = zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, fmt))
        symbol = np.array(zxingcpp.write_barcode_to_image(code, scale=ppm, add_quiet_zones=True, add_hrt=False))
        if symbol.shape[0] < 30 * ppm:  # linear codes come out short: card-height bars
            symbol = cv2.resize(symbol, (symbol.shape[1], 30 * ppm), interpolation=cv2.INTER_NEAREST)
        card = np.full((symbol.shape[0] + 20 * ppm, symbol.shape[1] + 16 * ppm), 255, np.uint8)
        card[10 * ppm : 10 * ppm + symbol.shape[0], 8 * ppm : 8 * ppm + symbol.shape[1]] = symbol
        return CardImage(card, float(ppm), (8 * ppm, 10 * ppm, symbol.shape[1], symbol.shape[0]))

    return render


FOREIGN = [
    ("QRCode", "https://www.vng.nl/alv"),
    ("EAN13", "871234567890"),
    ("Code39", "STEMKAART 2024"),
    ("Code128", "1202403631234567890128"),  # 22 digits in set C, Damm digit wrong
    ("Code128", "120240363123456789012"),  # 21 digits: not a token length
    ("Code128", "VNG-ALV-0363"),
]


@pytest.mark.parametrize(("fmt", "text"), FOREIGN, ids=[f"{f}:{t}" for f, t in FOREIGN])
@pytest.mark.parametrize("ppm", [1.5, 2.5])
def test_foreign_symbols_give_no_token(fmt: str, text: str, ppm: float) -> None:
    assert not looks_like_token(text)
    frame = make_frame(
        text,
        Scene(size=(640, 480), px_per_module=ppm, angle=7.0, noise=3.0, blur=0.6),
        np.random.default_rng(3),
        _symbol_card(fmt, text),
    )
    result = decoder_for_setting("auto").decode(frame)
    assert result.accepted == ()
    assert not any(looks_like_token(t) for t in result.rejected)
    assert Decoder(ladder=(("match", "profile"),))(frame) == []


def test_garbled_token_is_refused_by_its_damm_digit_at_arms_length(garbled_token: str) -> None:
    # 1.4 px per module: only the matcher reads it at all - and then refuses it as a misprint.
    frame = make_frame(
        garbled_token,
        Scene(size=(640, 480), px_per_module=1.4, angle=5.0, blur=0.7, noise=3.0),
        np.random.default_rng(1),
    )
    result = Decoder(ladder=(("match", "profile"),), accept=looks_like_token).decode(frame)
    assert result.accepted == ()
    assert result.rejected == (garbled_token,)


def test_empty_desk_gives_nothing() -> None:
    rng = np.random.default_rng(2)
    from desk_app.scanning.synthetic import background

    frame = np.clip(background((1280, 720), rng), 0, 255).astype(np.uint8)
    result = decoder_for_setting("auto").decode(frame)
    assert result.accepted == () and result.rejected == ()


# --- the parts ------------------------------------------------------------------------------------


def _module_values(token: str) -> np.ndarray:
    """A perfect module profile of ``token`` as :func:`profile.to_modules` makes them."""
    modules = code128_modules(token)
    quiet = "0" * profile.MARGIN
    values = np.array([0.0 if m == "1" else 1.0 for m in quiet + modules + quiet], np.float32)
    return np.repeat(values, profile.SAMPLES)


def test_matcher_reads_a_perfect_profile(card_token: Callable[[str], str]) -> None:
    token = card_token("GM0363")
    values = _module_values(token)
    assert values.size == (156 + 2 * profile.MARGIN) * profile.SAMPLES
    read = profile.decode_modules(profile.ModuleProfile(values, 11))
    assert read.checksum_ok and read.trusted and read.text() == token
    assert min(read.scores) > 0.9


def test_profile_of_a_card_turned_away_from_the_camera(card_token: Callable[[str], str]) -> None:
    """1.35 px per module at the near end, 0.98 at the far end (the pitch changes 37 % along the code),
    blurred and noisy: the ends, the bent module grid and the symbols are all found."""
    token = card_token("GM0014")
    modules = code128_modules(token)
    bend = 0.17  # the pitch changes by (1 + bend)^2 from one end to the other
    left, right = 200.0, 200.0 + 1.15 * 156 / profile.STEP
    fine = np.arange(0, 2 * 200 + int(right), dtype=np.float64)  # bins of STEP px
    t = np.clip((fine - left) / (right - left), -0.2, 1.2)
    m = 156 * t / (1 + bend - bend * t)  # module coordinate of every bin (Grid.at inverted)
    inside = (m >= 0) & (m < 156)
    values = np.where(inside, [1.0 if modules[int(k)] == "1" else 0.0 for k in np.clip(m, 0, 155)], 0.0)
    bars = cv2.GaussianBlur((200 - 160 * values).astype(np.float32).reshape(1, -1), (0, 0), 0.7 / profile.STEP).ravel()
    # What project() makes of many rows: a little noise left, smoothed over about a pixel.
    noisy = bars + np.random.default_rng(0).normal(0, 3, bars.size).astype(np.float32)
    noisy = cv2.GaussianBlur(noisy.reshape(1, -1), (0, 0), 1.6).ravel()
    prof = profile.Profile(noisy.astype(np.float32), profile.STEP, 1.15)
    ends = profile.find_ends(prof)
    assert ends is not None
    found_left, found_right, polarity = ends
    assert polarity == 1
    assert abs(found_left - left) < 0.5 / profile.STEP and abs(found_right - right) < 0.5 / profile.STEP
    grid = profile.fit_grid(prof, found_left, found_right, 156)
    assert math.isclose(grid.bend, bend, abs_tol=0.03)
    assert profile.read_profile(prof, found_left, found_right, polarity, looks_like_token).texts == (token,)
    # The same card upside down, on a dark-mode phone screen (light bars on black).
    flipped = profile.Profile((255 - noisy[::-1]).astype(np.float32), profile.STEP, 1.15)
    ends = profile.find_ends(flipped)
    assert ends is not None and ends[2] == -1
    assert profile.read_profile(flipped, *ends, looks_like_token).texts == (token,)


def test_region_reading_measures_the_module_width(card_token: Callable[[str], str]) -> None:
    frame = make_frame(
        card_token("GM0363"),
        Scene(size=(1280, 720), px_per_module=1.5, angle=9.0, blur=0.6),
        np.random.default_rng(4),
        render_card,
    )
    result = Decoder(ladder=(("match", "profile"),)).decode(frame)
    assert result.accepted == (card_token("GM0363"),)
    assert result.regions[0].px_per_module == pytest.approx(1.5, rel=0.05)
