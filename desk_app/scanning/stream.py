"""Reading a stream of camera frames: the decoder, then the two-agreeing-frames debouncer.

Pure Python with an injectable clock: the camera worker, ``desk-app decode`` on a video and the
benchmark run the same steps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desk_app.scanning.debounce import ScanDebouncer
from desk_app.scanning.decoder import Decoder, DecodeResult


@dataclass(frozen=True)
class StreamStep:
    """What one frame gave: the decoder's result and the texts that just became scans."""

    result: DecodeResult
    scans: list[str]


class StreamReader:
    """Feed frames in order; get the scans the desk should act on."""

    def __init__(self, decoder: Decoder, clock: Callable[[], float] = time.monotonic) -> None:
        self.decoder = decoder
        self.debouncer = ScanDebouncer(clock=clock)

    def feed(self, frame: np.ndarray) -> StreamStep:
        result = self.decoder.decode(frame)
        return StreamStep(result, self.debouncer.feed(result.accepted))
