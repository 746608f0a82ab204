"""The Qt change feed: own writes arrive at the next event-loop turn, other processes' by the timer."""

from __future__ import annotations

from desk_app.domain.changes import Topic
from desk_app.domain.token import make_card_token
from desk_app.session import Session
from desk_app.ui.change_feed import ChangeFeed


def _check_in(session: Session, code: str) -> None:
    m = session.desk.meeting
    session.desk.check_in(
        session.desk.scan(make_card_token(m.meeting_no, m.secret, code, 1)),
        name=f"Vertegenwoordiger {code}",
        role="wethouder",
    )


def test_own_write_reaches_subscribers_without_the_timer(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    session = Session(meeting.store, meeting.actor)
    feed = ChangeFeed(session.changes, poll_ms=0)  # no timer at all
    seen = []
    feed.changed.connect(seen.append)
    _check_in(session, "GM0363")
    assert seen == []  # not inside the writer's call: at the next turn of the event loop
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)
    assert seen[0].topics == {Topic.PRESENCE}
    feed.stop()


def test_other_process_write_arrives_by_the_one_timer(qtbot, meeting) -> None:  # type: ignore[no-untyped-def]
    session = Session(meeting.store, meeting.actor)
    feed = ChangeFeed(session.changes, poll_ms=20)
    feed.start()
    with qtbot.waitSignal(feed.changed, timeout=3000) as blocker:
        with Session.open(meeting.store.path) as other:
            _check_in(other, "GM0599")
    assert blocker.args[0].actions == ("checkin",)
    feed.stop()
    with Session.open(meeting.store.path) as other:
        _check_in(other, "GM0344")
    assert feed.poll() is None  # stopped: nothing more is read
