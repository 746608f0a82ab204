"""Reading a stream of camera frames: decoder, several frames together, debouncer and hints.

One object per camera (or video) holds what carries over from frame to frame:

1. the :class:`~.decoder.Decoder` reads the frame on its own;
2. when it cannot, the :class:`~.multiframe.FrameStack` combines the code's profile with the
   last few frames' (reporting a text only when frames that do not overlap agree);
3. the :class:`~.debounce.ScanDebouncer` turns the reads into scans: a text read in two
   consecutive frames, once per showing of a card;
4. the :class:`~.hints.HintTracker` turns each frame's measured problem into the few hint
   changes the preview shows.

Pure Python with an injectable clock, so the camera worker, ``desk-app decode`` on a video and the
benchmark run exactly the same steps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desk_app.scanning.debounce import ScanDebouncer
from desk_app.scanning.decoder import Decoder, DecodeResult
from desk_app.scanning.hints import Hint, HintTracker, classify
from desk_app.scanning.multiframe import FrameStack

__all__ = ["StreamReader", "StreamStep"]


@dataclass(frozen=True)
class StreamStep:
    """What one frame gave."""

    result: DecodeResult  # the single-frame decode (regions for the preview outline)
    texts: tuple[str, ...]  # read in this frame: on its own, or together with the last frames
    scans: tuple[str, ...]  # texts that just became scans
    hint: Hint | None  # the hint to show from now on, or None when it stays as it is


class StreamReader:
    """Feed frames in order; get the scans and hint changes the desk should act on."""

    def __init__(
        self,
        decoder: Decoder,
        *,
        debouncer: ScanDebouncer | None = None,
        combine_frames: bool = True,
        hint_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.decoder = decoder
        self.debouncer = debouncer or ScanDebouncer(clock=clock)
        self.stack = FrameStack(decoder.accept) if combine_frames else None
        self.hints = HintTracker(interval=hint_interval, clock=clock)

    def feed(self, frame: np.ndarray) -> StreamStep:
        result = self.decoder.decode(frame)
        texts = list(result.accepted)
        if self.stack is not None:
            texts += [t for t in self.stack.feed(result) if t not in texts]
        hint = self.hints.feed(Hint.NONE if texts else classify(result))
        return StreamStep(result, tuple(texts), tuple(self.debouncer.feed(texts)), hint)

    def reset(self) -> Hint | None:
        """Forget everything (the camera was lost or reconnected); returns ``Hint.NONE`` if a hint
        was showing and must be cleared."""
        self.debouncer.reset()
        if self.stack is not None:
            self.stack.reset()
        return self.hints.reset()
