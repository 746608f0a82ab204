"""Hints for the person at the camera: what the decoder measured, shown without flicker."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from desk_app.domain.text import Translator
from desk_app.scanning.decoder import Decoder, DecodeResult, Region
from desk_app.scanning.hints import Hint, HintTracker, classify
from desk_app.scanning.profile import RegionReading
from desk_app.scanning.synthetic import Scene, make_frame

BOX = ((0.0, 0.0), (300.0, 0.0), (300.0, 60.0), (0.0, 60.0))


def _unread(ppm: float | None, **measured: float) -> DecodeResult:
    reading = RegionReading(**measured) if measured else None  # type: ignore[arg-type]
    return DecodeResult(regions=(Region(BOX, None, ppm, reading),))


@pytest.mark.parametrize(
    ("result", "hint"),
    [
        (DecodeResult(), Hint.NONE),  # nothing located: nothing to say
        (DecodeResult(accepted=("1",), regions=(Region(BOX, "1", 1.0),)), Hint.NONE),  # read: fine
        (_unread(1.1), Hint.CLOSER),
        (_unread(1.1, pitch=1.1, contrast=120.0, blur=0.5), Hint.CLOSER),
        (_unread(2.0, pitch=2.0, contrast=150.0, blur=0.6, washed=0.3), Hint.GLARE),
        (_unread(1.0, pitch=1.0, contrast=150.0, washed=0.3), Hint.GLARE),  # glare cuts codes short
        (_unread(2.0, pitch=2.0, contrast=25.0, blur=0.6), Hint.BRIGHTER),
        (_unread(2.0, pitch=2.0, contrast=150.0, blur=1.9), Hint.STILL),
        (_unread(2.0, pitch=2.0, contrast=150.0, blur=0.6), Hint.NONE),  # no clear cause
        (_unread(2.0), Hint.NONE),
    ],
)
def test_classify(result: DecodeResult, hint: Hint) -> None:
    assert classify(result) is hint


def test_the_largest_unread_code_decides() -> None:
    near = Region(BOX, None, 2.2, RegionReading(pitch=2.2, contrast=150.0, blur=2.0))
    far = Region(BOX, None, 0.9)
    assert classify(DecodeResult(regions=(far, near))) is Hint.STILL


@pytest.mark.parametrize(
    ("scene", "hint"),
    [
        (dict(size=(640, 480), px_per_module=0.8, blur=0.8), Hint.CLOSER),
        (dict(size=(1280, 720), px_per_module=1.8, motion=7, motion_angle=0.0, blur=0.6), Hint.STILL),
        (dict(size=(1280, 720), px_per_module=1.8, glare=1.0, blur=0.8), Hint.GLARE),
        (dict(size=(1280, 720), px_per_module=1.4, light=0.08, noise=3.0, blur=0.9), Hint.BRIGHTER),
    ],
)
def test_hint_from_a_frame(scene: dict[str, object], hint: Hint, card_token: Callable[[str], str]) -> None:
    frame = make_frame(card_token("GM0363"), Scene(angle=6.0, **scene), np.random.default_rng(0))  # type: ignore[arg-type]
    result = Decoder().decode(frame)
    assert result.accepted == ()
    assert classify(result) is hint


def test_every_hint_speaks_dutch_and_english() -> None:
    for hint in Hint:
        if hint is Hint.NONE:
            assert hint.text.nl == hint.text.en == "" == hint
            continue
        assert hint.text.nl == hint.value  # a slot taking plain text shows the Dutch
        assert Translator("en")(hint.text) != Translator("nl")(hint.text)
        assert "kaart" in hint.text.nl or "scherm" in hint.text.nl


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _play(tracker: HintTracker, clock: Clock, hints: list[Hint], fps: float = 30.0) -> list[Hint]:
    shown = []
    for hint in hints:
        change = tracker.feed(hint)
        if change is not None:
            shown.append(change)
        clock.now += 1 / fps
    return shown


def test_tracker_shows_a_hint_that_holds_and_ignores_odd_frames() -> None:
    clock = Clock()
    tracker = HintTracker(clock=clock)
    # One odd frame in a run of nothing: no hint.
    assert _play(tracker, clock, [Hint.NONE] * 5 + [Hint.CLOSER] + [Hint.NONE] * 5) == []
    # Four of the last six frames agree: shown.
    assert _play(tracker, clock, [Hint.CLOSER, Hint.NONE, Hint.CLOSER, Hint.CLOSER, Hint.CLOSER]) == [Hint.CLOSER]
    assert tracker.shown is Hint.CLOSER


def test_tracker_changes_at_most_once_a_second() -> None:
    clock = Clock()
    tracker = HintTracker(clock=clock)
    assert _play(tracker, clock, [Hint.CLOSER] * 4) == [Hint.CLOSER]
    # The card comes closer at once, is blurred, then read: the preview does not flicker
    # through every state; it changes again only after a second.
    shown = _play(tracker, clock, [Hint.STILL] * 10 + [Hint.NONE] * 60)
    assert shown == [Hint.NONE]
    assert _play(tracker, clock, [Hint.NONE] * 40) == []  # unchanged: nothing emitted


def test_tracker_reset_clears_a_shown_hint() -> None:
    clock = Clock()
    tracker = HintTracker(clock=clock)
    assert tracker.reset() is None  # nothing shown, nothing to clear
    _play(tracker, clock, [Hint.GLARE] * 4)
    assert tracker.reset() is Hint.NONE
    assert tracker.shown is Hint.NONE


def test_tracker_parameters_are_checked() -> None:
    with pytest.raises(ValueError):
        HintTracker(window=3, agree=4)
    with pytest.raises(ValueError):
        HintTracker(interval=-1)
