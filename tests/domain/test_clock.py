"""The one clock: Dutch wall-clock time whatever the machine's time zone, Dutch dates without a locale."""

from __future__ import annotations

from datetime import date

import pytest

from desk_app.domain.clock import dutch_date, local_datetime, local_stamp, local_time


@pytest.mark.parametrize(
    ("utc", "local"),
    [
        ("2024-05-24T12:03:07.123Z", "2024-05-24 14:03:07"),  # summer: UTC+2
        ("2024-01-10T09:00:00.000Z", "2024-01-10 10:00:00"),  # winter: UTC+1
        ("2024-03-31T00:59:59.999Z", "2024-03-31 01:59:59"),  # last second of winter time
        ("2024-03-31T01:00:00.000Z", "2024-03-31 03:00:00"),  # clocks jump 02:00 -> 03:00
        ("2024-10-27T00:59:59.000Z", "2024-10-27 02:59:59"),  # last second of summer time
        ("2024-10-27T01:00:00.000Z", "2024-10-27 02:00:00"),  # 03:00 -> 02:00
        ("2025-03-30T01:00:00.000Z", "2025-03-30 03:00:00"),  # other year, other Sunday
        ("2024-12-31T23:30:00.000Z", "2025-01-01 00:30:00"),  # over the year boundary
    ],
)
def test_amsterdam_time(utc: str, local: str) -> None:
    assert local_datetime(utc) == local
    assert local_time(utc) == local[11:]


def test_empty_and_dates() -> None:
    assert local_datetime(None) == "" and local_time("") == ""
    assert dutch_date("2024-05-24") == "24 mei 2024"
    assert dutch_date("2031-12-01") == "1 december 2031"
    assert dutch_date(date(2024, 5, 24), weekday=True) == "vrijdag 24 mei 2024"
    assert dutch_date(date(2025, 1, 6), weekday=True) == "maandag 6 januari 2025"
    assert local_stamp("2024-05-24T12:03:07.123Z") == "24-05-2024 14:03"
    assert local_time("not a time") == ""
