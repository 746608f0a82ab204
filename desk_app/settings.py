"""This laptop's preferences, each declared once with its type and default.

Per-meeting rules live with the meeting (``desk_app.domain.meeting.MeetingSettings``); what is
here belongs to the desk laptop: which camera, printer, language, backup folder. Window geometry
and which screen shows the tally are UI state and are kept apart (``ui_state.json``).
The SMTP password is never stored here: it goes to the platform keyring where there is one.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk_app import paths

PASS_SIZES = ("a6", "label62")
DECODERS = ("auto", "zxing", "pyzbar")
LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Preferences:
    desk_name: str = "balie-1"
    language: str = "nl"
    camera_index: int = 0  # -1: no camera (handheld scanner and look-up only)
    camera_source: str = ""  # a video file or image folder instead of a camera ("" = camera_index)
    camera_width: int = 1280
    camera_height: int = 720
    decoder: str = "auto"
    printer_name: str = ""  # "" = system default; "pdf" = print to PDF files only
    pass_size: str = "a6"
    pass_pdf_folder: str = ""  # where passes go when printing to PDF ("" = user data folder)
    backup_folder: str = ""  # e.g. a USB stick; "" = no automatic backups
    backup_interval_min: int = 5
    backup_keep: int = 12
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"  # "ssl", "starttls" or "none" (only for a local test server)
    smtp_user: str = ""
    smtp_from: str = ""
    last_meeting: str = ""
    tally_screen: int = 1  # the projector; falls back to the main screen when there is only one

    def validated(self) -> Preferences:
        """Fall back to the default for any value outside its allowed set (a hand-edited file)."""
        d = Preferences()
        return dataclasses.replace(
            self,
            language=self.language if self.language in LANGUAGES else d.language,
            decoder=self.decoder if self.decoder in DECODERS else d.decoder,
            pass_size=self.pass_size if self.pass_size in PASS_SIZES else d.pass_size,
            backup_interval_min=max(1, self.backup_interval_min),
            backup_keep=max(1, self.backup_keep),
        )


def preferences_file() -> Path:
    return paths.user_data_dir() / "preferences.json"


def load(path: Path | None = None) -> Preferences:
    path = path or preferences_file()
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    fields = {f.name: f.type for f in dataclasses.fields(Preferences)}
    default = Preferences()
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if name in fields and type(value) is type(getattr(default, name)):
            values[name] = value
    return Preferences(**values).validated()


def save(prefs: Preferences, path: Path | None = None) -> None:
    """Write atomically (temp file + rename), so a crash never leaves half a preferences file."""
    path = path or preferences_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".prefs-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(dataclasses.asdict(prefs), f, indent=1, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
