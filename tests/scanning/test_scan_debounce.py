"""Two agreeing frames make a scan; a card held in view is one scan; re-arming needs absence."""

from __future__ import annotations

import pytest

from desk_app.scanning.debounce import ScanDebouncer


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _play(deb: ScanDebouncer, clock: FakeClock, frames: list[list[str]], fps: float = 30.0) -> list[str]:
    scans: list[str] = []
    for texts in frames:
        scans.extend(deb.feed(texts))
        clock.now += 1 / fps
    return scans


def test_needs_two_consecutive_frames() -> None:
    clock = FakeClock()
    deb = ScanDebouncer(clock=clock)
    assert deb.feed(["A"]) == []
    assert deb.feed(["A"]) == ["A"]
    # A single-frame read (a lucky misread) never counts, even repeated with gaps.
    assert _play(deb, clock, [["B"], [], ["B"], [], ["B"]]) == []


def test_card_held_five_seconds_is_one_scan_with_dropouts() -> None:
    clock = FakeClock()
    deb = ScanDebouncer(clock=clock)
    # 5 s at 30 fps; every 7th frame unreadable (blur from a shaking hand), and a run of 6 bad
    # frames in the middle: still one scan.
    frames = [[] if i % 7 == 3 or 70 <= i < 76 else ["A"] for i in range(150)]
    assert _play(deb, clock, frames) == ["A"]


def test_rearms_only_after_leaving_view_long_enough() -> None:
    clock = FakeClock()
    deb = ScanDebouncer(rearm_frames=10, rearm_seconds=1.0, clock=clock)
    assert _play(deb, clock, [["A"]] * 5) == ["A"]
    # Out of view for 0.5 s (15 frames): enough frames, not enough time -> no second scan.
    assert _play(deb, clock, [[]] * 15 + [["A"]] * 5) == []
    # Out of view for 1.2 s: shown again, scanned again.
    assert _play(deb, clock, [[]] * 36 + [["A"]] * 5) == ["A"]


def test_slow_camera_needs_frames_as_well_as_time() -> None:
    clock = FakeClock()
    deb = ScanDebouncer(rearm_frames=10, rearm_seconds=1.0, clock=clock)
    assert _play(deb, clock, [["A"]] * 3, fps=2) == ["A"]
    # 3 empty frames at 2 fps is 1.5 s but only 3 frames: a few unreadable frames, not absence.
    assert _play(deb, clock, [[]] * 3 + [["A"]] * 3, fps=2) == []


def test_two_cards_in_view_are_two_scans() -> None:
    clock = FakeClock()
    deb = ScanDebouncer(clock=clock)
    assert _play(deb, clock, [["A"], ["A", "B"], ["B", "A"], ["B"]]) == ["A", "B"]


def test_reset_forgets_held_cards() -> None:
    clock = FakeClock()
    deb = ScanDebouncer(clock=clock)
    assert _play(deb, clock, [["A"], ["A"]]) == ["A"]
    deb.reset()
    assert _play(deb, clock, [["A"], ["A"]]) == ["A"]


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        ScanDebouncer(confirm_frames=0)
    with pytest.raises(ValueError):
        ScanDebouncer(rearm_frames=0)
