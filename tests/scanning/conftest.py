"""Fixtures for the scanning tests: real tokens from the domain module and generated media.

Everything is generated into ``tmp_path``: no committed images or videos.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desk_app.domain.token import damm_digit, make_card_token, make_pass_token
from desk_app.scanning.synthetic import card_video_frames, write_video

MEETING_NO = 4321
SECRET = bytes(range(32))
OTHER_SECRET = bytes(range(1, 33))


@pytest.fixture
def meeting_keys() -> tuple[int, bytes]:
    """The test meeting's number and secret, for verifying tokens."""
    return MEETING_NO, SECRET


@pytest.fixture
def card_token() -> Callable[[str], str]:
    """Genuine stemkaart tokens of the test meeting, by municipality code."""
    return lambda code: make_card_token(MEETING_NO, SECRET, code, 1)


@pytest.fixture
def pass_token() -> str:
    return make_pass_token(MEETING_NO, SECRET, 17)


@pytest.fixture
def garbled_token(card_token: Callable[[str], str]) -> str:
    """A card token with one digit changed, printed as a valid Code128 symbol.

    Code128's own checksum cannot catch this (the symbol was printed that way); the token's Damm
    digit must.
    """
    good = card_token("GM0363")
    digit = str((int(good[8]) + 1) % 10)
    return good[:8] + digit + good[9:]


@pytest.fixture
def forged_token() -> str:
    """Well-formed (valid Damm digit) but made with another secret: only the MAC tells."""
    token = make_card_token(MEETING_NO, OTHER_SECRET, "GM0363", 1)
    assert token[-1] == damm_digit(token[:-1])
    return token


@pytest.fixture
def make_video(tmp_path: Path) -> Callable[..., Path]:
    """Write a desk video (cards sliding in, held, out) as MJPG AVI and return its path.

    15 fps and short holds keep the tests fast; the debouncer does not care about the rate.
    """

    def make(
        tokens: list[str],
        name: str = "desk.avi",
        fps: float = 15.0,
        hold_s: float = 0.8,
        gap_s: float = 0.4,
        size: tuple[int, int] = (640, 480),
    ) -> Path:
        path = tmp_path / name
        frames = (
            f
            for f, _ in card_video_frames(
                tokens, size=size, fps=fps, hold_s=hold_s, gap_s=gap_s, enter_s=0.2, px_per_module=2.5
            )
        )
        assert write_video(path, frames, fps) > 0
        return path

    return make
