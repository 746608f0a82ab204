"""The clock set back during the meeting: order comes from the audit sequence, never from the clock.

The laptop's clock is moved back two hours between a check-in and a departure (and between two
choices of one municipality). The services get the clock injected; the audit trail's own time
stamps are the system clock, replaced here the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from desk_app.domain.tally import Choice
from desk_app.export import attendance as att
from desk_app.export import csvfile
from desk_app.services.desk import DeskService
from desk_app.services.export import ExportService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from desk_app.storage import audit
from tests.export.scripted import AGENDA, check_in


class Clock:
    """A wall clock that can be set back, as UTC ISO text like ``audit.now_iso``."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 24, 14, 0, tzinfo=UTC)

    def __call__(self) -> str:
        self.now += timedelta(seconds=1)
        return self.now.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def set_back(self, hours: int) -> None:
        self.now -= timedelta(hours=hours)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    c = Clock()
    monkeypatch.setattr(audit, "now_iso", c)  # the time stamp of every audit entry
    yield c


def desk_with(meeting: MeetingService, clock: Callable[[], str]) -> DeskService:
    return DeskService(meeting.store, Actor("balie-1", "anna"), clock=clock)


def test_a_departure_after_the_clock_went_back_still_ends_the_presence(meeting: MeetingService, clock: Clock) -> None:
    desk = desk_with(meeting, clock)
    serial = check_in(desk, "GM0363")
    clock.set_back(2)
    desk.leave(serial)
    leave, checkin = audit.entries(meeting.store)[-1], audit.entries(meeting.store)[-2]
    assert leave.ts < checkin.ts and leave.seq > checkin.seq  # the clock said: left before arriving

    assert {p.code: p.status for p in desk.presence()}["GM0363"] == "away"  # the presence state
    data = ExportService(meeting.store).collect()
    rows = {r.code: r for r in att.attendance(data.members, data.presence)}
    assert not rows["GM0363"].present_at_end  # on the old code: sorted by time, still present
    assert rows["GM0363"].periods == ((checkin.ts, leave.ts),)
    csv_rows = {r["gemeentecode"]: r for r in csvfile.read_rows(att.to_csv(list(rows.values())))[1]}
    assert csv_rows["GM0363"]["aanwezig_bij_einde"] == "nee"

    clock.set_back(1)
    desk.come_back(serial)  # and back in, at an even earlier clock time
    data = ExportService(meeting.store).collect()
    rows = {r.code: r for r in att.attendance(data.members, data.presence)}
    assert rows["GM0363"].present_at_end and len(rows["GM0363"].periods) == 2


def test_the_last_choice_in_sequence_counts_whatever_the_clock_says(
    meeting: MeetingService, clock: Clock, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    meeting.open_meeting()
    desk = desk_with(meeting, clock)
    serial = check_in(desk, "GM0363")
    check_in(desk, "GM0599")
    agenda = tmp_path / "agenda.toml"
    agenda.write_text(AGENDA, encoding="utf-8")
    voting = VotingService(
        meeting.store, Actor("tafel", "t"), lambda: [(s, c) for s, c, _ in desk.active_passes()], clock=clock
    )
    voting.load_agenda_file(agenda)
    voting.open("3")
    voting.record(Choice.VOOR, pass_serial=serial)
    clock.set_back(2)
    voting.record(Choice.TEGEN, pass_serial=serial)  # changed, at an "earlier" time
    vote = voting.close()
    assert vote.choices()["GM0363"] is Choice.TEGEN
    assert audit.verify(meeting.store).ok
