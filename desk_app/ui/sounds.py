"""Moved to :mod:`desk_app.ui.desk.sounds` (``Cue`` to :mod:`desk_app.ui.desk.screen`).

Kept only while the voting tab still imports from here; remove it once nothing does.
"""

from desk_app.ui.desk.sounds import Cue, RecordingSounds, SoundPlayer, SystemSounds, find_player, tone_file, write_tones

__all__ = ["Cue", "RecordingSounds", "SoundPlayer", "SystemSounds", "find_player", "tone_file", "write_tones"]
