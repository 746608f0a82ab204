"""Turn per-frame reads into scans: a text counts once, after two agreeing frames.

A camera sees the same card in thirty frames a second. The desk wants one scan per card shown:
the text must be read in ``confirm_frames`` consecutive frames (one lucky misread that happens to
pass the check digit does not get through twice in a row), and a card held in view for five
seconds is one scan. It can be scanned again only after it has been out of view for a while
(``rearm_frames`` frames *and* ``rearm_seconds``: frame counts alone would re-arm after a few
unreadable frames on a fast camera, time alone after one dropped frame on a slow one).

Pure Python with an injectable clock, so tests and ``desk-app decode`` use the same logic as the
camera worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable


class ScanDebouncer:
    """Feed the accepted texts of every frame; get back the texts that just became scans."""

    def __init__(
        self,
        confirm_frames: int = 2,
        rearm_frames: int = 10,
        rearm_seconds: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if confirm_frames < 1 or rearm_frames < 1 or rearm_seconds < 0:
            raise ValueError("confirm_frames and rearm_frames must be >= 1, rearm_seconds >= 0")
        self.confirm_frames = confirm_frames
        self.rearm_frames = rearm_frames
        self.rearm_seconds = rearm_seconds
        self._clock = clock
        self._streak: dict[str, int] = {}  # text -> consecutive frames it was read in
        # Texts already scanned and still (recently) in view -> (frames absent, absent since).
        self._held: dict[str, tuple[int, float | None]] = {}

    def feed(self, texts: Iterable[str]) -> list[str]:
        """Account for one frame; return the texts that count as a new scan now, in read order."""
        now = self._clock()
        seen = list(dict.fromkeys(texts))  # unique, order kept
        present = set(seen)
        self._streak = {t: self._streak.get(t, 0) + 1 for t in seen}
        for text in list(self._held):
            if text in present:
                self._held[text] = (0, None)
                continue
            absent, since = self._held[text]
            absent += 1
            since = now if since is None else since
            if absent >= self.rearm_frames and now - since >= self.rearm_seconds:
                del self._held[text]
            else:
                self._held[text] = (absent, since)
        scans = []
        for text in seen:
            if self._streak[text] >= self.confirm_frames and text not in self._held:
                scans.append(text)
                self._held[text] = (0, None)
        return scans

    def reset(self) -> None:
        """Forget everything, e.g. after the camera was reconnected."""
        self._streak.clear()
        self._held.clear()
