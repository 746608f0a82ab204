"""What changed in a meeting, named by area, derived from the audit trail.

Every state change appends exactly one audit entry in the same transaction, so the entries
appended since a view last looked say exactly what it must refresh: a check-in touches the
presence, a recorded choice the votes. The change feed (``services/changes.py`` and the Qt
``ui/change_feed.py``) reads the new entries and hands a :class:`Change` to every view.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Topic(enum.Enum):
    """An area of the meeting a view can show."""

    MEETING = "meeting"  # the meeting row: opened, settings, PIN
    MEMBERS = "members"  # the register and the designations
    PRESENCE = "presence"  # check-ins and passes: who is present
    CARDS = "cards"  # stemkaarten issued, revoked, mailed
    AGENDA = "agenda"  # the agenda and the voting order
    VOTES = "votes"  # votes opened, choices recorded, closed, declared


ALL_TOPICS = frozenset(Topic)

# The first part of an audit action ("pass.leave" -> "pass") names its area.
_BY_PREFIX: dict[str, frozenset[Topic]] = {
    "meeting": frozenset({Topic.MEETING}),
    "settings": frozenset({Topic.MEETING}),
    "supervisor": frozenset({Topic.MEETING}),
    "register": frozenset({Topic.MEMBERS, Topic.MEETING}),
    "reps": frozenset({Topic.MEMBERS}),
    "checkin": frozenset({Topic.PRESENCE}),
    "pass": frozenset({Topic.PRESENCE}),
    "card": frozenset({Topic.CARDS}),
    "agenda": frozenset({Topic.AGENDA}),
    "vote": frozenset({Topic.VOTES}),
}


def topics_for(action: str) -> frozenset[Topic]:
    """The areas an audit action changed; an action we do not know touches everything."""
    return _BY_PREFIX.get(action.split(".", 1)[0], ALL_TOPICS)


@dataclass(frozen=True)
class Change:
    """Audit entries ``first_seq..last_seq`` were appended; ``topics`` is what they touched."""

    topics: frozenset[Topic]
    actions: tuple[str, ...]
    first_seq: int
    last_seq: int

    def touches(self, *topics: Topic) -> bool:
        return any(t in self.topics for t in topics)

    @classmethod
    def of(cls, entries: Iterable[tuple[int, str]]) -> Change | None:
        """Summarise ``(seq, action)`` pairs; None when there are none."""
        rows = sorted(entries)
        if not rows:
            return None
        topics: set[Topic] = set()
        for _, action in rows:
            topics |= topics_for(action)
        return cls(frozenset(topics), tuple(a for _, a in rows), rows[0][0], rows[-1][0])

    @classmethod
    def everything(cls, last_seq: int) -> Change:
        """The chain was cut or replaced (a restore): every view must reload."""
        return cls(ALL_TOPICS, (), last_seq, last_seq)
