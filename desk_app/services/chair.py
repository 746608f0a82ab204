"""What the chair's screen shows, assembled from the desk (attendance) and the current vote."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.domain.tally import Tally


@dataclass(frozen=True)
class TallyScreenState:
    present_members: int
    total_members: int
    present_votes: int
    total_votes: int
    item_title: str | None = None
    status_text: str = ""  # e.g. "Stemming open" / "Stemming gesloten"
    is_open: bool = False
    tally: Tally | None = None
    result_text: str = ""  # the computed (or declared) result once closed, in words
    base_text: str = ""  # the rule and the base, named with every result
