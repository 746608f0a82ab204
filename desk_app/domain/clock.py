"""The one clock: moments stored in UTC, shown on the meeting's wall clock (Europe/Amsterdam).

The desk's screen, the stempas, the exports and the proces-verbaal all show times through this
module, so they agree with each other on every machine whatever its own time zone. Stored
moments are UTC text with milliseconds (``now_iso``); they are shown, never used to decide
order (the audit sequence decides that). ``tzdata`` is a dependency so that Windows, which has
no system zone database, gets the same rules.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

MEETING_TZ = ZoneInfo("Europe/Amsterdam")

DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
DUTCH_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def now_iso() -> str:
    """UTC now with milliseconds, sortable as text: '2024-05-24T12:03:07.123Z'."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_utc(ts: str) -> datetime:
    """'2024-05-24T12:03:07.123Z' -> an aware UTC datetime (a naive text counts as UTC)."""
    moment = datetime.fromisoformat(ts)  # Python 3.11 reads the trailing "Z" itself
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def amsterdam(ts: str) -> datetime:
    """The moment ``ts`` on the Dutch wall clock (naive datetime, seconds kept, ms dropped)."""
    return parse_utc(ts).astimezone(MEETING_TZ).replace(tzinfo=None, microsecond=0)


def local_datetime(ts: str | None) -> str:
    """'2024-05-24 14:03:07' (Amsterdam): Dutch Excel reads it as a date-time. '' for None."""
    return amsterdam(ts).strftime("%Y-%m-%d %H:%M:%S") if ts else ""


def local_time(ts: str | None) -> str:
    """'14:03:07' (Amsterdam), '' for None or an unreadable text."""
    if not ts:
        return ""
    try:
        return amsterdam(ts).strftime("%H:%M:%S")
    except ValueError:
        return ""


def local_stamp(ts: str) -> str:
    """'24-05-2024 14:03' (Amsterdam), as printed on a stempas."""
    return amsterdam(ts).strftime("%d-%m-%Y %H:%M")


def dutch_date(day: date | str, *, weekday: bool = False) -> str:
    """'24 mei 2024', or with ``weekday`` 'vrijdag 24 mei 2024'; fixed names, no locale."""
    d = date.fromisoformat(day[:10]) if isinstance(day, str) else day
    text = f"{d.day} {DUTCH_MONTHS[d.month - 1]} {d.year}"
    return f"{DUTCH_WEEKDAYS[d.weekday()]} {text}" if weekday else text
