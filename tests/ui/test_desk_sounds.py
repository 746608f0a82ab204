"""The desk's two sounds: committed WAV files that differ, played without ever blocking or failing."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from desk_app import paths
from desk_app.ui.desk.sounds import Cue, SystemSounds, find_player, tone_file, write_tones


def _read(path: Path) -> tuple[int, int, int, bytes]:
    with wave.open(str(path), "rb") as wav:
        return wav.getnchannels(), wav.getsampwidth(), wav.getframerate(), wav.readframes(wav.getnframes())


def test_committed_tones_are_short_distinct_and_what_the_generator_makes(tmp_path: Path) -> None:
    committed = {cue: _read(tone_file(cue)) for cue in Cue}
    for cue, (channels, width, rate, frames) in committed.items():
        seconds = len(frames) / (width * rate)
        assert (channels, width, rate) == (1, 2, 16000), cue
        assert 0.15 <= seconds <= 0.8, (cue, seconds)  # audible, but never holds up the queue
        assert tone_file(cue).stat().st_size < 20_000
    assert committed[Cue.ACCEPTED][3] != committed[Cue.REFUSED][3]
    # The refused tone is longer and lower: told apart without looking.
    assert len(committed[Cue.REFUSED][3]) > len(committed[Cue.ACCEPTED][3])
    regenerated = write_tones(tmp_path)
    assert [_read(p) for p in regenerated] == [committed[Cue.ACCEPTED], committed[Cue.REFUSED]]


class Calls:
    def __init__(self, start_ok: bool = True) -> None:
        self.started: list[tuple[str, list[str]]] = []
        self.beeps = 0
        self.start_ok = start_ok

    def start(self, program: str, args: list[str]) -> bool:
        self.started.append((program, args))
        return self.start_ok

    def beep(self) -> None:
        self.beeps += 1


def test_the_player_gets_the_file_of_each_cue() -> None:
    calls = Calls()
    sounds = SystemSounds(player=["/usr/bin/paplay"], start_detached=calls.start, beep=calls.beep, use_winsound=False)
    sounds.play(Cue.ACCEPTED)
    sounds.play(Cue.REFUSED)
    folder = paths.resource("sounds")
    assert calls.started == [
        ("/usr/bin/paplay", [str(folder / "accepted.wav")]),
        ("/usr/bin/paplay", [str(folder / "refused.wav")]),
    ]
    assert calls.beeps == 0


@pytest.mark.parametrize("player, start_ok", [([], True), (["/usr/bin/aplay", "-q"], False)])
def test_without_a_working_player_it_beeps(player: list[str], start_ok: bool) -> None:
    calls = Calls(start_ok)
    sounds = SystemSounds(player=player, start_detached=calls.start, beep=calls.beep, use_winsound=False)
    sounds.play(Cue.REFUSED)
    assert calls.beeps == 1


def test_a_failing_beep_is_silent_too() -> None:
    def broken(*_: object) -> bool:
        raise OSError("no audio device")

    def broken_beep() -> None:
        raise RuntimeError("no display")

    SystemSounds(player=["x"], start_detached=broken, beep=broken_beep, use_winsound=False).play(Cue.ACCEPTED)


def test_player_search_order_prefers_the_sound_server() -> None:
    found = {"aplay": "/usr/bin/aplay", "paplay": "/usr/bin/paplay"}
    assert find_player(found.get) == ["/usr/bin/paplay"]
    assert find_player({"aplay": "/usr/bin/aplay"}.get) == ["/usr/bin/aplay", "-q"]
    assert find_player({}.get) is None
