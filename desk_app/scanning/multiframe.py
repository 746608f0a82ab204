"""Several frames together: when single frames fail, average the code's profile over a few.

A live camera gives 30 frames a second of nearly the same card. When no single frame can be
read - sensor noise in dim light, JPEG blocks, the moiré of a phone screen, all of which change
from frame to frame - the code's profile between its ends (a :class:`~.profile.Trace`, which the
decoder's profile step leaves on every region it could not read) is aligned with those of the
last few frames and averaged: the noise falls with the square root of the number of frames, the
bars stay. The average is then decoded like a single profile.

Acceptance stays as safe as the desk's rule that a text must be read in two agreeing frames
(:mod:`.debounce`). That rule is about *independent* evidence: two decodes of different frames
that agree. Combined reads of overlapping windows share frames, so two of them are not
independent. :class:`FrameStack` therefore reports a combined read only when the same text was
also read - in a single frame or in another combination - from frames that do not overlap the
current window, within the last second or so. Every text the desk then sees was decoded from at
least two disjoint sets of frames, each decode passing the Code128 check symbol, the pattern
match thresholds and the token's Damm digit; the debouncer still asks for two consecutive frames
on top of that, and the desk service checks the token's MAC.

Pure numpy; no Qt.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desk_app.scanning.decoder import DecodeResult
from desk_app.scanning.profile import Trace, read_trace

__all__ = ["FrameStack", "align", "combine"]

#: How far (bins of a trace) the two halves of a code may sit apart between frames: the code's
#: ends are measured to a fraction of a module (~24 bins) in each frame.
_REACH = 16


def _best_shift(reference: np.ndarray, values: np.ndarray, lo: int, hi: int) -> float:
    """The shift (bins, sub-bin) that best lays ``values[lo:hi]`` onto ``reference[lo:hi]``."""
    ref = reference[lo:hi] - reference[lo:hi].mean()
    seg = values[lo - _REACH : hi + _REACH]
    corr = np.correlate(seg - seg.mean(), ref, "valid")  # index k: values shifted by k - _REACH
    k = int(np.argmax(corr))
    if 0 < k < corr.size - 1:
        y0, y1, y2 = corr[k - 1], corr[k], corr[k + 1]
        den = y0 - 2 * y1 + y2
        if den < 0:
            return k - _REACH + 0.5 * float(y0 - y2) / float(den)
    return float(k - _REACH)


def align(reference: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, float]:
    """``values`` shifted and stretched onto ``reference`` (each half of the code is matched on
    its own, so both the offset and the scale follow), and their correlation afterwards."""
    n = reference.size
    q = n // 4
    left = _best_shift(reference, values, _REACH + 8, n // 2)
    right = _best_shift(reference, values, n // 2, n - _REACH - 8)
    idx = np.arange(n, dtype=np.float64)
    shift = left + (right - left) * (idx - q) / (2 * q)
    moved = np.interp(idx + shift, idx, values).astype(np.float32)
    a = moved - moved.mean()
    b = reference - reference.mean()
    corr = float(a @ b) / ((float(np.linalg.norm(a)) or 1.0) * (float(np.linalg.norm(b)) or 1.0))
    return moved, corr


def combine(traces: list[Trace]) -> tuple[Trace, float]:
    """The average of the traces aligned onto the newest one, and the worst alignment."""
    newest = traces[-1]
    total = newest.values.astype(np.float64).copy()
    worst = 1.0
    for trace in traces[:-1]:
        aligned, corr = align(newest.values, trace.values)
        worst = min(worst, corr)
        total += aligned
    return Trace((total / len(traces)).astype(np.float32), newest.pitch), worst


@dataclass(frozen=True)
class _Read:
    text: str
    first: int  # frame numbers of the window it came from
    last: int


class FrameStack:
    """Feed every frame's decode result in order; get back the texts read from several frames
    together that may count as a frame's reads (see the module docstring for the rule)."""

    def __init__(
        self, accept: Callable[[str], bool], depth: int = 4, horizon: int = 30, min_alignment: float = 0.3
    ) -> None:
        """``depth`` frames are combined at most; a confirming read may be ``horizon`` frames
        old. A frame whose code moved by more than a third of its length, changed size by a
        quarter or aligns worse than ``min_alignment`` starts a new stack: the card moved a lot,
        or another card came."""
        if depth < 2 or horizon < 1:
            raise ValueError("depth must be >= 2 and horizon >= 1")
        self._accept = accept
        self._depth = depth
        self._horizon = horizon
        self._min_alignment = min_alignment
        self._traces: deque[tuple[int, Trace, np.ndarray]] = deque(maxlen=depth)
        self._reads: deque[_Read] = deque(maxlen=64)
        self._frame = -1

    def feed(self, result: DecodeResult) -> list[str]:
        self._frame += 1
        now = self._frame
        for text in result.accepted:
            self._reads.append(_Read(text, now, now))
        unread = [r for r in result.regions if r.text is None and r.reading is not None and r.reading.trace is not None]
        if result.accepted or not unread:
            # Readable on its own, or no code measured: nothing to combine with later frames.
            self._traces.clear()
            return []
        # The largest unread code is the one held up to the camera.
        region = max(unread, key=lambda r: r.reading.trace.pitch if r.reading and r.reading.trace else 0.0)
        assert region.reading is not None and region.reading.trace is not None
        trace = region.reading.trace
        centre = np.asarray(region.polygon, np.float64).mean(axis=0)
        if self._traces and not self._same_code(trace, centre):
            self._traces.clear()
        self._traces.append((now, trace, centre))
        if len(self._traces) < 2:
            return []
        combined, worst = combine([t for _, t, _ in self._traces])
        if worst < self._min_alignment:
            return []
        first = self._traces[0][0]
        out = []
        for text in read_trace(combined, self._accept):
            confirmed = any(r.text == text and r.last < first and now - r.last <= self._horizon for r in self._reads)
            self._reads.append(_Read(text, first, now))
            if confirmed:
                out.append(text)
        return out

    def _same_code(self, trace: Trace, centre: np.ndarray) -> bool:
        _, last, last_centre = self._traces[-1]
        if not last.pitch or not 0.8 <= trace.pitch / last.pitch <= 1.25:
            return False
        length = trace.pitch * 156
        if float(np.linalg.norm(centre - last_centre)) > length / 3:
            return False
        return align(trace.values, last.values)[1] >= self._min_alignment

    def reset(self) -> None:
        self._traces.clear()
        self._reads.clear()
