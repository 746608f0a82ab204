"""The meeting and its per-meeting settings.

Rules DOMAIN.md marks as "(setting)" live here, declared once with their type, default and
allowed values, and are stored with the meeting so that every desk and the chair's screen apply
the same ones. A field's allowed values are its metadata ``choices`` (read by the command line,
``desk_app/cli/meeting_settings.py``, and by :func:`changed_settings`); a number's lowest value
is its metadata ``minimum``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desk_app.domain.agenda import PHASES
from desk_app.domain.tally import Base
from desk_app.domain.text import DeskError, Text

BASES: tuple[str, ...] = tuple(b.value for b in Base)


@dataclass(frozen=True)
class MeetingSettings:
    present_only: bool = True  # only representatives present in the hall vote
    # What counts as a vote cast: abstentions excluded (default) or counted (the majority base).
    base: str = field(default=Base.ABSTENTIONS_EXCLUDED.value, metadata={"choices": BASES})
    quorum_votes: int | None = field(default=None, metadata={"minimum": 1})  # no quorum known: off
    secret_person_votes: bool = False  # votes on persons may be secret: then only totals are kept
    # The order of the phases per agenda item (the default voting order): each phase exactly once.
    vote_order: tuple[str, ...] = field(default=PHASES, metadata={"choices": PHASES, "permutation": True})
    # The hall sees the computed result at once, before the chair declares it (default off: the
    # hall sees the figures and "uitslag wordt vastgesteld" until the declaration, BW 2:13).
    show_computed_result: bool = False

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["vote_order"] = list(self.vote_order)
        return d

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MeetingSettings:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "vote_order" in values:
            values["vote_order"] = tuple(values["vote_order"])
        return cls(**values)


T_SETTING = {
    "unknown": Text("onbekende vergaderinstelling '{name}'", "unknown meeting setting '{name}'"),
    "type_bool": Text(
        "vergaderinstelling {name}: '{value}' is geen ja/nee-waarde",
        "meeting setting {name}: '{value}' is not a yes/no value",
    ),
    "type_number": Text(
        "vergaderinstelling {name}: '{value}' is geen geheel getal",
        "meeting setting {name}: '{value}' is not a whole number",
    ),
    "type_text": Text(
        "vergaderinstelling {name}: '{value}' is geen tekst", "meeting setting {name}: '{value}' is not a text"
    ),
    "type_list": Text(
        "vergaderinstelling {name}: '{value}' is geen lijst", "meeting setting {name}: '{value}' is not a list"
    ),
    "choice": Text(
        "vergaderinstelling {name}: '{value}' is niet toegestaan (kies uit: {choices})",
        "meeting setting {name}: '{value}' is not allowed (choose from: {choices})",
    ),
    "minimum": Text(
        "vergaderinstelling {name}: {value} is kleiner dan {minimum}",
        "meeting setting {name}: {value} is less than {minimum}",
    ),
    "permutation": Text(
        "vergaderinstelling {name} moet elk van {choices} precies één keer bevatten",
        "meeting setting {name} must hold each of {choices} exactly once",
    ),
}


def _refuse(key: str, **params: object) -> DeskError:
    return DeskError(f"settings.{key}", T_SETTING[key], dict(params))


def _check(f: dataclasses.Field[Any], value: Any) -> Any:
    """One field's new value, checked against its declaration; the value as stored."""
    name, default = f.name, f.default
    meta: Mapping[str, Any] = f.metadata or {}
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise _refuse("type_bool", name=name, value=value)
        return value
    if "minimum" in meta or isinstance(default, int):
        if value is None and default is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise _refuse("type_number", name=name, value=value)
        if "minimum" in meta and value < meta["minimum"]:
            raise _refuse("minimum", name=name, value=value, minimum=meta["minimum"])
        return value
    choices = tuple(meta.get("choices", ()))
    if isinstance(default, tuple):
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise _refuse("type_list", name=name, value=value)
        values = tuple(value)
        for v in values:
            if choices and v not in choices:
                raise _refuse("choice", name=name, value=v, choices=", ".join(choices))
        if meta.get("permutation") and sorted(values) != sorted(choices):
            raise _refuse("permutation", name=name, choices=", ".join(choices))
        return values
    if not isinstance(value, str):
        raise _refuse("type_text", name=name, value=value)
    if choices and value not in choices:
        raise _refuse("choice", name=name, value=value, choices=", ".join(choices))
    return value


def changed_settings(current: MeetingSettings, changes: Mapping[str, Any]) -> MeetingSettings:
    """``current`` with ``changes`` applied, every value checked against its field's declaration
    (type, ``choices``, ``minimum``); an unknown name or a bad value is refused whole."""
    fields = {f.name: f for f in dataclasses.fields(MeetingSettings)}
    checked: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in fields:
            raise _refuse("unknown", name=name)
        checked[name] = _check(fields[name], value)
    return dataclasses.replace(current, **checked)


@dataclass(frozen=True)
class Meeting:
    name: str
    date: str  # ISO date, e.g. 2024-05-24
    place: str
    meeting_no: int  # four digits printed in every token: recognises cards of another meeting
    secret: bytes  # key of the token MACs; never leaves the meeting file
    settings: MeetingSettings = field(default_factory=MeetingSettings)
    desks: tuple[str, ...] = ("balie-1",)
    opened_at: str | None = None
    register_source: str | None = None

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None
