"""What the person holding the card should do, from what the decoder measured.

The preview tells them: hold the card closer (the bars are too thin to read), hold it still (the
bars are blurred), tilt it (glare), or turn the brightness up (too little contrast). The decoder's
profile step measures the module width, the blur, the contrast and the washed-out (glare) share of
every region it could not read; :func:`classify` turns that into one :class:`Hint`, and
:class:`HintTracker` decides when the preview should change, so that it neither flickers nor
nags: a hint must hold over most of the last frames, and it changes at most once a second.

Pure Python with an injectable clock; no Qt.
"""

from __future__ import annotations

import enum
import time
from collections import Counter, deque
from collections.abc import Callable

from desk_app.domain.text import Text
from desk_app.scanning.decoder import DecodeResult

__all__ = ["Hint", "classify", "HintTracker"]


class Hint(enum.StrEnum):
    """One instruction for the person at the camera. ``NONE`` clears it.

    The value is the Dutch text, so a slot written for a plain text signal still shows it; render
    :attr:`text` with the desk's translator for the chosen language.
    """

    NONE = ""
    CLOSER = "Houd de kaart dichterbij"
    STILL = "Houd de kaart stil"
    GLARE = "Kantel de kaart of telefoon: er valt licht op"
    BRIGHTER = "Zet het scherm of de verlichting feller"

    @property
    def text(self) -> Text:
        return _TEXTS[self]


_TEXTS = {
    Hint.NONE: Text("", ""),
    Hint.CLOSER: Text(Hint.CLOSER.value, "Hold the card closer"),
    Hint.STILL: Text(Hint.STILL.value, "Hold the card still"),
    Hint.GLARE: Text(Hint.GLARE.value, "Tilt the card or phone: light is reflecting on it"),
    Hint.BRIGHTER: Text(Hint.BRIGHTER.value, "Turn the screen or the light brighter"),
}

#: Below this many pixels per module the decoder rarely reads a code: come closer.
CLOSER_PX = 1.3
#: A code washed out by a reflection over this share of its length: tilt it.
GLARE_SHARE = 0.12
#: Spaces and bars closer than this (grey levels) are too faint.
FAINT_CONTRAST = 45.0
#: A blur (gaussian sigma) of this many modules and more smears the narrow bars: hold still.
BLUR_MODULES = 0.8


def classify(result: DecodeResult) -> Hint:
    """The hint for one frame: none when something was read or nothing was located.

    With several unread regions the largest one (the card, most likely) decides. Glare comes
    first: it also cuts the code short, so its measured size would wrongly ask to come closer;
    too little contrast hides the bars' size just as well. Then size (a code too small to measure
    shows no blur properly), then blur.
    """
    if result.accepted:
        return Hint.NONE
    unread = [r for r in result.regions if r.text is None and r.px_per_module is not None]
    if not unread:
        return Hint.NONE
    region = max(unread, key=lambda r: r.px_per_module or 0.0)
    reading = region.reading
    if reading is not None and reading.washed >= GLARE_SHARE:
        return Hint.GLARE
    if reading is not None and reading.contrast is not None and reading.contrast < FAINT_CONTRAST:
        return Hint.BRIGHTER
    if (region.px_per_module or 0.0) < CLOSER_PX:
        return Hint.CLOSER
    if reading is None:
        return Hint.NONE
    if reading.blur is not None and reading.pitch and reading.blur / reading.pitch >= BLUR_MODULES:
        return Hint.STILL
    return Hint.NONE


class HintTracker:
    """Turns the hint of every frame into the few changes the preview should show.

    A hint is shown once it is the hint of at least ``agree`` of the last ``window`` frames (a
    single odd frame changes nothing), and the shown hint changes at most every ``interval``
    seconds.
    """

    def __init__(
        self, window: int = 6, agree: int = 4, interval: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not 1 <= agree <= window or interval < 0:
            raise ValueError("need 1 <= agree <= window and interval >= 0")
        self._recent: deque[Hint] = deque(maxlen=window)
        self._agree = agree
        self._interval = interval
        self._clock = clock
        self.shown = Hint.NONE
        self._changed_at = -float("inf")

    def feed(self, hint: Hint) -> Hint | None:
        """Account for one frame; return the hint to show now if it changes, else None."""
        self._recent.append(hint)
        candidate, count = Counter(self._recent).most_common(1)[0]
        if candidate is self.shown or count < self._agree:
            return None
        now = self._clock()
        if now - self._changed_at < self._interval:
            return None
        self.shown = candidate
        self._changed_at = now
        return candidate

    def reset(self) -> Hint | None:
        """Forget the recent frames (no picture any more); returns NONE if a hint was shown."""
        self._recent.clear()
        if self.shown is Hint.NONE:
            return None
        self.shown = Hint.NONE
        self._changed_at = self._clock()
        return Hint.NONE
