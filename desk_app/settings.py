"""This laptop's preferences, each declared once: type, default and allowed values.

Per-meeting rules live with the meeting (``desk_app.domain.meeting.MeetingSettings``); what is
here belongs to the desk laptop: which camera, printer, language, backup folder. Every field of
:class:`Preferences` is declared with :func:`option` (Picard's ``options.py`` habit): its type is
the default's, its allowed values or range sit beside the default, and the settings dialog builds
its choices and ranges from these declarations. A hand-edited file with a wrong type or a value
outside its set falls back to the default, or is clamped into its range.

UI state (which screen shows the chair's tally) is declared here too but kept apart from the
preferences: it is saved in the file's ``ui_state`` section, Picard's ``persist`` section.
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
from desk_app.domain.text import LANGUAGES

PREFERENCES = "preferences"
UI_STATE = "ui_state"

#: Keys of ``desk_app.printing.stempas.PASS_SIZES`` (a test keeps the two equal).
PASS_SIZES = ("a6", "label62")
#: Keys of ``desk_app.scanning.decoder.SETTING_LADDERS`` (a test keeps the two equal).
DECODERS = ("auto", "zxing", "pyzbar")
#: ``ssl`` or ``starttls``; ``none`` only for a local test server.
SMTP_SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class Option:
    """What one preference may hold besides its default: a set of values, or a range of integers."""

    name: str
    type: type
    default: Any
    choices: tuple[Any, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    section: str = PREFERENCES

    def allows(self, value: Any) -> bool:
        # bool is an int in Python, but true/false in a hand-edited file is not a camera number.
        if type(value) is not self.type:
            return False
        return not self.choices or value in self.choices

    def clean(self, value: Any) -> Any:
        """``value`` if allowed, clamped into the range; otherwise the default."""
        if not self.allows(value):
            return self.default
        if self.minimum is not None:
            value = max(self.minimum, value)
        if self.maximum is not None:
            value = min(self.maximum, value)
        return value


def option(
    default: Any,
    *,
    choices: tuple[Any, ...] = (),
    minimum: int | None = None,
    maximum: int | None = None,
    section: str = PREFERENCES,
) -> Any:
    """A :class:`Preferences` field with its declaration (name and type are filled in below)."""
    if choices and default not in choices:
        raise ValueError(f"default {default!r} is not one of {choices}")
    spec = {"choices": choices, "minimum": minimum, "maximum": maximum, "section": section}
    return dataclasses.field(default=default, metadata={"option": spec})


@dataclass(frozen=True)
class Preferences:
    desk_name: str = option("balie-1")
    language: str = option("nl", choices=LANGUAGES)
    camera_index: int = option(0, minimum=-1, maximum=63)  # -1: no camera (handheld scanner and look-up only)
    # In the demo meeting the desk plays a video of the demo's cards as its camera (False: the real camera).
    demo_video: bool = option(True)
    camera_source: str = option("")  # a video file or image folder instead of a camera ("" = camera_index)
    camera_width: int = option(1280)
    camera_height: int = option(720)
    decoder: str = option("auto", choices=DECODERS)
    printer_name: str = option("")  # "" = system default; "pdf" = print to PDF files only
    pass_size: str = option("a6", choices=PASS_SIZES)
    pass_pdf_folder: str = option("")  # where passes go when printing to PDF ("" = user data folder)
    backup_folder: str = option("")  # e.g. a USB stick; "" = no automatic backups
    backup_interval_min: int = option(5, minimum=1, maximum=120)
    backup_keep: int = option(12, minimum=1, maximum=500)
    smtp_host: str = option("")
    smtp_port: int = option(587, minimum=1, maximum=65535)
    smtp_security: str = option("starttls", choices=SMTP_SECURITY)
    smtp_user: str = option("")
    smtp_from: str = option("")
    # UI state: the projector; falls back to the main screen when there is only one.
    tally_screen: int = option(1, minimum=0, section=UI_STATE)

    def validated(self) -> Preferences:
        """Every value checked against its declaration (wrong type or value: the default)."""
        return dataclasses.replace(self, **{o.name: o.clean(getattr(self, o.name)) for o in OPTIONS.values()})


def _declarations() -> dict[str, Option]:
    out: dict[str, Option] = {}
    for f in dataclasses.fields(Preferences):
        out[f.name] = Option(f.name, type(f.default), f.default, **f.metadata["option"])
    return out


#: Every preference by name, in the order of the dataclass.
OPTIONS: dict[str, Option] = _declarations()


def choices(name: str) -> tuple[Any, ...]:
    """The allowed values of a preference, in the declared order (the dialog's order)."""
    return OPTIONS[name].choices


def bounds(name: str) -> tuple[int, int]:
    """The (minimum, maximum) of an integer preference."""
    o = OPTIONS[name]
    if o.minimum is None or o.maximum is None:
        raise ValueError(f"preference {name!r} has no range")
    return o.minimum, o.maximum


def preferences_file() -> Path:
    return paths.user_data_dir() / "preferences.json"


def load(path: Path | None = None) -> Preferences:
    """This laptop's preferences; missing, unreadable or nonsense values give the defaults."""
    path = path or preferences_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    if not isinstance(raw, dict):
        return Preferences()
    # Files written before the sections were introduced hold every value at the top level.
    flat: dict[str, Any] = {k: v for k, v in raw.items() if k not in (PREFERENCES, UI_STATE)}
    for section in (PREFERENCES, UI_STATE):
        if isinstance(raw.get(section), dict):
            flat.update(raw[section])
    values = {name: o.clean(flat[name]) for name, o in OPTIONS.items() if name in flat}
    return Preferences(**values)


def save(prefs: Preferences, path: Path | None = None) -> None:
    """Write atomically (temp file + rename), so a crash never leaves half a preferences file."""
    path = path or preferences_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    document: dict[str, dict[str, Any]] = {PREFERENCES: {}, UI_STATE: {}}
    for name, o in OPTIONS.items():
        document[o.section][name] = getattr(prefs, name)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".prefs-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
