"""The meeting and its per-meeting settings.

Rules DOMAIN.md marks as "(setting)" live here, declared once with their type and default, and
are stored with the meeting so that every desk and the chair's screen apply the same ones.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class MeetingSettings:
    present_only: bool = True  # only representatives present in the hall vote
    base: str = "abstentions_excluded"  # or "abstentions_counted": what counts as a vote cast
    quorum_votes: int | None = None  # no quorum known: off
    secret_person_votes: bool = False  # votes on persons may be secret: then only totals are kept
    vote_order: tuple[str, ...] = ("sub_amendment", "amendment", "resolution", "motion")
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
