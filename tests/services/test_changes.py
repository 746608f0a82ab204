"""The change feed's watcher: own and other processes' writes, each reported once, by area.

On the file other processes' commits are found through the change marker; on the server they are
pushed (LISTEN/NOTIFY): the watcher's listener thread marks it dirty, and :func:`next_change`
waits for that (a liveness bound, not a speed claim).
"""

from __future__ import annotations

import threading
import time

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


def next_change(watcher: ChangeWatcher, timeout: float = 10.0) -> Change | None:
    """The next change the watcher reports (at once on the file; once pushed on the server)."""
    deadline = time.monotonic() + timeout
    while True:
        change = watcher.poll()
        if change is not None or not watcher.pushed or time.monotonic() > deadline:
            return change
        time.sleep(0.01)


def test_own_write_is_reported_once_and_nothing_otherwise(meeting) -> None:  # type: ignore[no-untyped-def]
    session = Session(meeting.store, meeting.actor)
    watcher = session.changes
    poked: list[threading.Thread] = []
    watcher.on_dirty(lambda: poked.append(threading.current_thread()))
    assert watcher.poll() is None
    m = session.desk.meeting
    verdict = session.desk.scan(make_card_token(m.meeting_no, m.secret, "GM0363", 1))
    session.desk.check_in(verdict, name="Femke Halsema", role="burgemeester")
    # told at once, on the writer's thread (on the server the listener thread pokes too)
    assert [t for t in poked if t is threading.current_thread()] == [threading.current_thread()]
    change = watcher.poll()
    assert change is not None and change.actions == ("checkin",) and change.topics == {Topic.PRESENCE}
    assert watcher.poll() is None  # each change once
    session.changes.close()


def test_another_process_write_is_seen_through_the_marker(meeting, meeting_target, engine) -> None:  # type: ignore[no-untyped-def]
    watcher = ChangeWatcher(meeting.store)
    assert watcher.pushed == (engine == "postgresql")  # no timer needed on the server
    with Session.open(meeting_target) as other:  # a second connection: another desk or the CLI
        m = other.desk.meeting
        other.desk.check_in(
            other.desk.scan(make_card_token(m.meeting_no, m.secret, "GM0599", 1)), name="A. Aboutaleb", role="wethouder"
        )
        other.meeting.open_meeting()
    actions: list[str] = []
    topics: set[Topic] = set()
    while len(actions) < 2:  # the file reports both at once; the server may push them one by one
        change = next_change(watcher)
        assert change is not None
        actions += change.actions
        topics |= change.topics
    assert actions == ["checkin", "meeting.open"]
    assert topics == {Topic.PRESENCE, Topic.MEETING}
    assert watcher.poll() is None
    watcher.close()
