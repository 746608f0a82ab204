"""Two sounds the desk clerk can tell apart without looking: accepted and refused.

PySide6-Essentials has no QtMultimedia, so the tones are short WAV files (``resources/sounds/``,
generated once by :func:`write_tones` with the stdlib ``wave`` module and committed) played by
whatever the system offers: ``winsound`` on Windows, ``afplay`` on macOS, ``paplay``/``pw-play``/
``aplay`` on Linux, started detached through ``QProcess`` so the GUI never waits for audio. With
no player at all the desk falls back to ``QApplication.beep()`` and otherwise stays silent: a
missing sound must never stop a check-in.

The desk takes a :class:`SoundPlayer`; tests pass a :class:`RecordingSounds` and assert which
signal was requested.

Regenerate the files (only when the tones are changed on purpose)::

    .venv/bin/python -m desk_app.ui.desk.sounds
"""

from __future__ import annotations

import contextlib
import importlib
import math
import shutil
import struct
import sys
import wave
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QApplication

from desk_app import paths
from desk_app.ui.desk.screen import Cue

__all__ = ["Cue", "SoundPlayer", "RecordingSounds", "SystemSounds", "write_tones", "tone_file"]

RATE = 16000  # Hz: plenty for tones below 2 kHz, and every sound card plays it


# Accepted: two short rising notes (a "ding-ding" that sounds like "yes").
# Refused: three low, buzzy pulses (a square-ish wave) that sound like "no" even in a noisy foyer.
# (frequency Hz or 0 for a pause, duration s, harmonic-rich?)
_TONES: dict[Cue, tuple[tuple[float, float, bool], ...]] = {
    Cue.ACCEPTED: ((880.0, 0.09, False), (0.0, 0.03, False), (1320.0, 0.16, False)),
    Cue.REFUSED: (
        (220.0, 0.12, True),
        (0.0, 0.05, False),
        (220.0, 0.12, True),
        (0.0, 0.05, False),
        (196.0, 0.22, True),
    ),
}


def _samples(cue: Cue) -> bytes:
    frames = bytearray()
    for freq, seconds, buzzy in _TONES[cue]:
        n = int(RATE * seconds)
        fade = max(1, int(RATE * 0.008))  # 8 ms ramps: no clicks at the note edges
        for i in range(n):
            if freq == 0.0:
                value = 0.0
            else:
                phase = 2 * math.pi * freq * i / RATE
                value = math.sin(phase)
                if buzzy:  # odd harmonics: a hard, unmistakable buzz
                    value = 0.7 * value + 0.25 * math.sin(3 * phase) + 0.12 * math.sin(5 * phase)
                value *= min(1.0, i / fade, (n - 1 - i) / fade)
            frames += struct.pack("<h", int(0.6 * 32767 * value))
    return bytes(frames)


def tone_file(cue: Cue, folder: Path | None = None) -> Path:
    return (folder or paths.resource("sounds")) / f"{cue.value}.wav"


def write_tones(folder: Path) -> list[Path]:
    """Write ``accepted.wav`` and ``refused.wav`` (16 kHz, 16-bit mono, < 20 kB each)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for cue in Cue:
        path = tone_file(cue, folder)
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(_samples(cue))
        written.append(path)
    return written


class SoundPlayer(Protocol):
    def play(self, cue: Cue) -> None:
        """Start the sound and return at once; never raise."""


class RecordingSounds:
    """A silent player that remembers what was asked: for tests and for desks without speakers."""

    def __init__(self) -> None:
        self.played: list[Cue] = []

    def play(self, cue: Cue) -> None:
        self.played.append(cue)


# Linux players in order of preference: PulseAudio/PipeWire first (they mix with other sounds),
# plain ALSA last (it may find the device busy).
_PLAYERS: tuple[tuple[str, ...], ...] = (("paplay",), ("pw-play",), ("aplay", "-q"), ("afplay",))


def find_player(which: Callable[[str], str | None] = shutil.which) -> list[str] | None:
    """The command line prefix of the first audio player found on PATH, or None."""
    for command in _PLAYERS:
        found = which(command[0])
        if found:
            return [found, *command[1:]]
    return None


class SystemSounds:
    """Plays the committed WAV tones with the platform's player; beeps or stays silent otherwise."""

    def __init__(
        self,
        folder: Path | None = None,
        player: Sequence[str] | None = None,
        *,
        start_detached: Callable[[str, list[str]], bool] | None = None,
        beep: Callable[[], None] | None = None,
        use_winsound: bool | None = None,
    ) -> None:
        """``player``: the command prefix (found on PATH when None); the callables are for tests."""
        self.folder = folder or paths.resource("sounds")
        self._use_winsound = sys.platform == "win32" if use_winsound is None else use_winsound
        self._player = list(player) if player is not None else (None if self._use_winsound else find_player())
        self._start = start_detached or _start_detached
        self._beep = beep or QApplication.beep

    @property
    def player(self) -> list[str] | None:
        return self._player

    def play(self, cue: Cue) -> None:
        path = tone_file(cue, self.folder)
        try:
            if self._use_winsound and path.is_file():
                winsound: Any = importlib.import_module("winsound")  # only on Windows

                winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT)
                return
            if self._player and path.is_file() and self._start(self._player[0], [*self._player[1:], str(path)]):
                return
        except Exception:  # noqa: BLE001 - a sound problem must never stop the desk
            pass
        with contextlib.suppress(Exception):  # a beep that fails is still no reason to stop
            self._beep()


def _start_detached(program: str, arguments: list[str]) -> bool:
    # Detached: the player outlives nothing of ours and leaves no QProcess to clean up.
    ok, _pid = QProcess.startDetached(program, arguments)
    return bool(ok)


if __name__ == "__main__":
    for written in write_tones(paths.resource("sounds")):
        print(written, written.stat().st_size, "bytes")
