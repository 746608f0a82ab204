"""Several frames together: combined profiles read what single frames cannot, and only disjoint
frames that agree make a text count."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import cv2
import numpy as np
import pytest

from desk_app.domain.token import looks_like_token
from desk_app.scanning import profile
from desk_app.scanning.debounce import ScanDebouncer
from desk_app.scanning.decoder import DecodeResult, Region
from desk_app.scanning.multiframe import FrameStack, align, combine
from desk_app.scanning.profile import RegionReading, Trace
from desk_app.scanning.stream import StreamReader
from desk_app.scanning.synthetic import code128_modules

POLYGON = ((100.0, 100.0), (400.0, 100.0), (400.0, 160.0), (100.0, 160.0))


def _clean(token: str) -> np.ndarray:
    """A token's trace as the profile step makes it: bars ~0, spaces ~1, blurred 0.5 module."""
    modules = code128_modules(token)
    s = np.linspace(-profile.TRACE_PAD, 1 + profile.TRACE_PAD, profile.TRACE_BINS)
    bars = np.array(
        [0.0 if 0 <= m < len(modules) and modules[int(m)] == "1" else 1.0 for m in s * len(modules)], np.float32
    )
    per_module = profile.TRACE_BINS / ((1 + 2 * profile.TRACE_PAD) * len(modules))
    return np.asarray(cv2.GaussianBlur(bars.reshape(1, -1), (0, 0), 0.5 * per_module).ravel())


def _glared(token: str, frames: int, seed: int = 0) -> list[Trace]:
    """Traces of a card with a glare spot wandering along it: in each frame a different quarter
    of the code is washed out, and every frame is a little noisy and a little shifted."""
    clean = _clean(token)
    rng = np.random.default_rng(seed)
    n = clean.size
    per_module = n / ((1 + 2 * profile.TRACE_PAD) * 156)
    out = []
    for i in range(frames):
        noise = rng.normal(0, 0.1, n).astype(np.float32).reshape(1, -1)
        values = clean + cv2.GaussianBlur(noise, (0, 0), 0.2 * per_module).ravel()
        q = i % 4
        lo = int(n * (0.05 + 0.225 * q))
        values[lo : lo + int(0.225 * n)] = 0.9  # washed out: no bars left there
        out.append(Trace(np.roll(values, int(rng.integers(-5, 6))).astype(np.float32), 1.3))
    return out


def _result(trace: Trace | None, accepted: tuple[str, ...] = ()) -> DecodeResult:
    if trace is None:
        return DecodeResult(accepted=accepted)
    return DecodeResult(accepted=accepted, regions=(Region(POLYGON, None, 1.3, RegionReading(trace=trace)),))


def test_combined_frames_read_what_no_single_frame_does(card_token: Callable[[str], str]) -> None:
    token = card_token("GM0363")
    traces = _glared(token, 8)
    assert all(profile.read_trace(t, looks_like_token) == () for t in traces)
    combined, worst = combine(traces[:4])
    assert worst > 0.3
    assert profile.read_trace(combined, looks_like_token) == (token,)


def test_alignment_follows_shift_and_scale(card_token: Callable[[str], str]) -> None:
    clean = _clean(card_token("GM0014"))
    idx = np.arange(clean.size, dtype=np.float64)
    moved = np.interp(idx * 1.003 - 7.5, idx, clean).astype(np.float32)  # ends measured a little off
    aligned, corr = align(clean, moved)
    assert corr > 0.99
    assert float(np.abs(aligned[300:-300] - clean[300:-300]).mean()) < 0.02


def test_stack_reports_only_when_disjoint_frames_agree(card_token: Callable[[str], str]) -> None:
    token = card_token("GM0363")
    stack = FrameStack(looks_like_token, depth=4)
    reported = [stack.feed(_result(t)) for t in _glared(token, 14)]
    # The first combination can come from frames 0-1; a second one sharing none of its frames
    # needs frames 2-5 at the earliest (the window holds the last four frames).
    assert reported[:5] == [[]] * 5
    assert all(r in ([], [token]) for r in reported)
    hits = [i for i, r in enumerate(reported) if r]
    assert hits and any(b == a + 1 for a, b in pairwise(hits))  # two frames in a row: a scan


def test_a_single_frame_read_confirms_a_later_combination(card_token: Callable[[str], str]) -> None:
    token = card_token("GM0363")
    stack = FrameStack(looks_like_token, depth=4)
    assert stack.feed(_result(None, accepted=(token,))) == []  # read on its own in frame 0
    reported = [stack.feed(_result(t)) for t in _glared(token, 6, seed=1)]
    # Any combination of frames 1.. shares no frame with frame 0: the first one counts.
    first = next(i for i, r in enumerate(reported) if r)
    assert reported[first] == [token] and first <= 3


def test_stack_starts_over_for_another_card(card_token: Callable[[str], str]) -> None:
    a, b = card_token("GM0363"), card_token("GM0014")
    stack = FrameStack(looks_like_token, depth=4)
    reported = [stack.feed(_result(t)) for t in _glared(a, 6)]
    reported += [stack.feed(_result(t)) for t in _glared(b, 8, seed=2)]
    # Never a blend of the two cards, and b only from b's own frames.
    assert all(set(r) <= {a, b} for r in reported)
    assert all(b not in r for r in reported[:6])
    assert any(b in r for r in reported[6:])


def test_empty_frames_break_the_stack(card_token: Callable[[str], str]) -> None:
    token = card_token("GM0363")
    stack = FrameStack(looks_like_token, depth=4)
    traces = _glared(token, 12)
    reported = []
    for i, t in enumerate(traces):
        # Every other frame has no code in it: no two card frames are next to each other.
        reported.append(stack.feed(_result(t if i % 2 else None)))
    assert reported == [[]] * 12


class _Replay:
    """A stand-in decoder that replays prepared results, for the stream reader."""

    accept = staticmethod(looks_like_token)

    def __init__(self, results: list[DecodeResult]) -> None:
        self._results = iter(results)

    def decode(self, frame: np.ndarray) -> DecodeResult:
        return next(self._results)


def test_stream_reader_turns_combined_reads_into_one_scan(card_token: Callable[[str], str]) -> None:
    token = card_token("GM0363")
    results = [_result(t) for t in _glared(token, 14)] + [_result(None)] * 5
    now = [0.0]
    stream = StreamReader(_Replay(results), clock=lambda: now[0])  # type: ignore[arg-type]
    scans = []
    for _ in results:
        step = stream.feed(np.zeros((4, 4), np.uint8))
        scans.extend(step.scans)
        now[0] += 1 / 30
    assert scans == [token]


@pytest.mark.parametrize("combine_frames", [False, True])
def test_stream_reader_without_a_stack_needs_single_reads(
    card_token: Callable[[str], str], combine_frames: bool
) -> None:
    token = card_token("GM0363")
    results = [_result(t) for t in _glared(token, 14)]
    stream = StreamReader(
        _Replay(results),
        combine_frames=combine_frames,  # type: ignore[arg-type]
        debouncer=ScanDebouncer(clock=lambda: 0.0),
    )
    scans = [s for _ in results for s in stream.feed(np.zeros((4, 4), np.uint8)).scans]
    assert scans == ([token] if combine_frames else [])
