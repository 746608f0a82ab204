"""The attendance list: every municipality of the register, present or not, with its times.

Presence is rebuilt from the audit events (check-in, leave, return, undo...) rather than from
the passes table, because a pass row only keeps its latest status while the audit log keeps
every step, with the desk's time of it.

Order comes from the audit sequence, never from the clock: a laptop clock set back (by hand,
or a wrong time zone fixed during the meeting) gives a "vertrek" an earlier time than the
check-in before it, and sorting by time would then call a municipality that left present.
The times are shown as recorded; only the sequence decides what came after what.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desk_app.domain.clock import local_datetime, local_time
from desk_app.export import csvfile
from desk_app.export.model import MemberInfo, Move, PresenceEvent

HEADER = (
    "gemeentecode",
    "gemeente",
    "provincie",
    "stemmen",
    "aanwezig_bij_einde",
    "eerste_aanmelding",
    "laatste_vertrek",
    "aanwezigheid",
)


@dataclass(frozen=True)
class AttendanceRow:
    code: str
    name: str
    province: str
    votes: int
    periods: tuple[tuple[str, str | None], ...]  # (in, out or None) as UTC ISO times

    @property
    def present_at_end(self) -> bool:
        return bool(self.periods) and self.periods[-1][1] is None

    @property
    def ever_present(self) -> bool:
        return bool(self.periods)

    @property
    def first_in(self) -> str | None:
        return self.periods[0][0] if self.periods else None

    @property
    def last_out(self) -> str | None:  # the last in sequence, whatever its clock time
        outs = [out for _, out in self.periods if out is not None]
        return outs[-1] if outs else None

    def periods_text(self) -> str:
        """'14:03:07-15:10:00, 15:20:00-' in Amsterdam time; an open end means still present."""
        return ", ".join(f"{local_time(a)}-{local_time(b)}" for a, b in self.periods)


def attendance(members: Iterable[MemberInfo], events: Iterable[PresenceEvent]) -> list[AttendanceRow]:
    """One row per member, ordered by code; events of codes not in the register are ignored.

    Events are taken in audit sequence (a stable sort: events without a sequence keep the order
    they were given in), never by time. A repeated IN (a substitute taking over an active pass)
    or OUT changes nothing: presence is a state, and the periods are the stretches in which it
    was "in".
    """
    by_code: dict[str, list[PresenceEvent]] = {}
    for e in sorted(events, key=lambda e: e.seq):
        by_code.setdefault(e.code, []).append(e)
    rows = []
    for m in sorted(members, key=lambda m: m.code):
        periods: list[tuple[str, str | None]] = []
        start: str | None = None
        for e in by_code.get(m.code, []):
            if e.move is Move.IN and start is None:
                start = e.ts
            elif e.move is Move.OUT and start is not None:
                periods.append((start, e.ts))
                start = None
        if start is not None:
            periods.append((start, None))
        rows.append(AttendanceRow(m.code, m.name, m.province, m.votes, tuple(periods)))
    return rows


def to_csv(rows: Sequence[AttendanceRow], banner: str | None = None) -> bytes:
    return csvfile.to_bytes(
        HEADER,
        (
            (
                r.code, r.name, r.province, r.votes, "ja" if r.present_at_end else "nee",
                local_datetime(r.first_in), local_datetime(r.last_out), r.periods_text(),
            )
            for r in rows
        ),
        banner,
    )
