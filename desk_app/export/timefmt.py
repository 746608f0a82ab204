"""Times in the exports: stored in UTC, shown in the meeting's clock (Europe/Amsterdam).

The exports must give the same bytes on every machine, so they cannot use the machine's local
time zone. Nor do they rely on ``zoneinfo``: Windows has no system time zone database, and the
``tzdata`` package would be one more thing to ship. The Dutch clock follows the EU rule, fixed
since 1996: CEST (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
Sunday of October, CET (UTC+1) otherwise. That rule is a few lines of integer arithmetic.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def _last_sunday(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def parse_utc(ts: str) -> datetime:
    """'2024-05-24T12:03:07.123Z' -> aware UTC datetime (as written by ``audit.now_iso``)."""
    moment = datetime.fromisoformat(ts)  # Python 3.11 reads the trailing "Z" itself
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def amsterdam(ts: str) -> datetime:
    """The moment ``ts`` on the Dutch wall clock (naive datetime, seconds kept, ms dropped)."""
    utc = parse_utc(ts)
    start = datetime.combine(_last_sunday(utc.year, 3), datetime.min.time(), UTC)
    end = datetime.combine(_last_sunday(utc.year, 10), datetime.min.time(), UTC)
    summer = start + timedelta(hours=1) <= utc < end + timedelta(hours=1)
    local = utc + timedelta(hours=2 if summer else 1)
    return local.replace(tzinfo=None, microsecond=0)


def local_datetime(ts: str | None) -> str:
    """'2024-05-24 14:03:07' (Amsterdam): Dutch Excel reads it as a date-time. '' for None."""
    return amsterdam(ts).strftime("%Y-%m-%d %H:%M:%S") if ts else ""


def local_time(ts: str | None) -> str:
    """'14:03:07' (Amsterdam), '' for None."""
    return amsterdam(ts).strftime("%H:%M:%S") if ts else ""


DUTCH_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)


def dutch_date(iso_date: str) -> str:
    """'2024-05-24' -> '24 mei 2024' (no locale: the same on every machine)."""
    d = date.fromisoformat(iso_date[:10])
    return f"{d.day} {DUTCH_MONTHS[d.month - 1]} {d.year}"
