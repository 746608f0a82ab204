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


def _periods(events: Iterable[PresenceEvent]) -> list[tuple[str, str | None]]:
    """One municipality's periods of presence from its events, in sequence order.

    Each stretch of presence is kept per pass (a substitute, a replacement or an admission by the
    coördinator hands over from one pass to the next without a gap). An undone check-in
    (:attr:`Move.UNDO`) takes away every stretch of that pass: it was an error, never attendance.
    Stretches that hand over from one to the next are joined again into one period.
    """
    # (start, end, pass, continues the stretch before it)
    stretches: list[tuple[str, str | None, int | None, bool]] = []
    start: str | None = None
    holder: int | None = None
    handed_over = False
    for e in events:
        if e.move is Move.IN:
            if start is None:
                start, holder, handed_over = e.ts, e.serial, False
            elif e.serial is not None and e.serial != holder:  # a new pass takes over
                stretches.append((start, e.ts, holder, handed_over))
                start, holder, handed_over = e.ts, e.serial, True
        elif e.move is Move.OUT and start is not None:
            stretches.append((start, e.ts, holder, handed_over))
            start, holder = None, None
        elif e.move is Move.UNDO:
            undone = e.serial if e.serial is not None else holder
            stretches = [x for x in stretches if x[2] is None or x[2] != undone]
            if start is not None and (holder == undone or undone is None):
                start, holder = None, None
    if start is not None:
        stretches.append((start, None, holder, handed_over))
    periods: list[tuple[str, str | None]] = []
    previous_end: str | None = None
    for begin, end, _serial, continues in stretches:
        if continues and periods and previous_end == begin:
            periods[-1] = (periods[-1][0], end)  # one period across the hand-over
        else:
            periods.append((begin, end))
        previous_end = end
    return periods


def attendance(members: Iterable[MemberInfo], events: Iterable[PresenceEvent]) -> list[AttendanceRow]:
    """One row per member, ordered by code; events of codes not in the register are ignored.

    Events are taken in audit sequence (a stable sort: events without a sequence keep the order
    they were given in), never by time. A repeated IN (a substitute taking over an active pass)
    or OUT changes nothing: presence is a state, and the periods are the stretches in which it
    was "in". An undone check-in was never attendance: see :func:`_periods`.
    """
    by_code: dict[str, list[PresenceEvent]] = {}
    for e in sorted(events, key=lambda e: e.seq):
        by_code.setdefault(e.code, []).append(e)
    return [
        AttendanceRow(m.code, m.name, m.province, m.votes, tuple(_periods(by_code.get(m.code, []))))
        for m in sorted(members, key=lambda m: m.code)
    ]


def to_csv(rows: Sequence[AttendanceRow], banner: str | None = None) -> bytes:
    return csvfile.to_bytes(
        HEADER,
        (
            (
                r.code,
                r.name,
                r.province,
                r.votes,
                "ja" if r.present_at_end else "nee",
                local_datetime(r.first_in),
                local_datetime(r.last_out),
                r.periods_text(),
            )
            for r in rows
        ),
        banner,
    )
