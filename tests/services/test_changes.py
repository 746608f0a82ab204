"""The change feed's watcher: own and other processes' writes, each reported once, by area."""

from __future__ import annotations

from pathlib import Path

from desk_app.domain.changes import Change, Topic, topics_for
from desk_app.domain.token import make_card_token
from desk_app.services.changes import ChangeWatcher
from desk_app.session import Session


def test_actions_name_their_area() -> None:
    assert topics_for("checkin") == {Topic.PRESENCE}
    assert topics_for("pass.leave") == {Topic.PRESENCE}
    assert topics_for("vote.record") == {Topic.VOTES}
    assert topics_for("agenda.order") == {Topic.AGENDA}
    assert topics_for("something.new") == set(Topic)  # unknown: reload everything
    change = Change.of([(8, "vote.record"), (7, "checkin")])
    assert change is not None and change.first_seq == 7 and change.last_seq == 8
    assert change.touches(Topic.PRESENCE) and not change.touches(Topic.AGENDA)
    assert Change.of([]) is None


def test_own_write_is_reported_once_and_nothing_otherwise(meeting) -> None:  # type: ignore[no-untyped-def]
    session = Session(meeting.store, meeting.actor)
    watcher = session.changes
    poked: list[int] = []
    watcher.on_dirty(lambda: poked.append(1))
    assert watcher.poll() is None
    m = session.desk.meeting
    verdict = session.desk.scan(make_card_token(m.meeting_no, m.secret, "GM0363", 1))
    session.desk.check_in(verdict, name="Femke Halsema", role="burgemeester")
    assert poked == [1]  # told at once, on the writer's thread
    change = watcher.poll()
    assert change is not None and change.actions == ("checkin",) and change.topics == {Topic.PRESENCE}
    assert watcher.poll() is None  # each change once


def test_another_process_write_is_seen_through_the_marker(meeting, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    watcher = ChangeWatcher(meeting.store)
    with Session.open(meeting.store.path) as other:  # a second connection: another desk or the CLI
        m = other.desk.meeting
        other.desk.check_in(other.desk.scan(make_card_token(m.meeting_no, m.secret, "GM0599", 1)),
                            name="A. Aboutaleb", role="wethouder")
        other.meeting.open_meeting()
    change = watcher.poll()
    assert change is not None and change.actions == ("checkin", "meeting.open")
    assert change.topics == {Topic.PRESENCE, Topic.MEETING}
    assert watcher.poll() is None
    watcher.close()
