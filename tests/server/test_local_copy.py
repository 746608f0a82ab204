"""Each desk's local read-only copy of the server meeting, and verdicts made final on the server.

The copy holds every table of the meeting as the server had it (one snapshot) and the same chain
head; it is replaced whole when the head moved and only re-stamped when it did not; a desk that
read the old copy keeps reading it until it opens the new one; nothing can be written to it.

"Already registered" is re-read after the server confirmed that the synchronous standby holds
what it rests on: a registration that is gone by then (here: undone in between) is not shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_app.domain.checkin import VerdictKind
from desk_app.domain.text import DeskError
from desk_app.services import connection
from desk_app.services.demo import DEMO_PIN
from desk_app.services.desk import DeskService
from desk_app.services.local_copy import CopyReader, LocalCopy, copy_path
from desk_app.services.meeting import Actor
from desk_app.storage import audit
from desk_app.storage import transfer as repo
from desk_app.storage.db import Store
from tests.meeting_server import MeetingServer
from tests.server.desks import card

pytestmark = pytest.mark.xdist_group("formation")


@pytest.fixture
def server(meeting_server: MeetingServer) -> Iterator[Store]:
    address = meeting_server.new_meeting()
    store = Store.open(address)
    yield store
    store.close()
    meeting_server.drop(address)


def check_in(desk: DeskService, code: str) -> int:
    return desk.check_in(
        desk.scan(card(desk.meeting, code), record=False), name=f"Lid {code}", role="burgemeester"
    ).serial


def test_the_copy_holds_the_server_meeting_and_follows_it(server: Store, tmp_path: Path) -> None:
    desk = DeskService(server, Actor("balie-1", "test"))
    check_in(desk, "GM0363")
    copy = LocalCopy(tmp_path / "copy.sqlite")
    assert copy.stamp() is None
    first = copy.refresh(server)
    assert first.head == audit.head(server).text() and first.source == server.target
    with copy.open() as local:
        assert audit.head(local) == audit.head(server)
        names = repo.meeting_tables(server)
        assert repo.row_counts(local, names) == repo.row_counts(server, names)
        assert audit.verify(local).ok
        with pytest.raises(DeskError) as refused:  # read-only: never written to as the truth
            with local.transaction():
                pass
        assert refused.value.code == "store.readonly_open"
    inode = copy.path.stat().st_ino
    again = copy.refresh(server)  # nothing changed: only the stamp's time moves
    assert again.head == first.head and again.taken_at >= first.taken_at and copy.path.stat().st_ino == inode

    reader = CopyReader(copy, Actor("balie-1", "test"))
    before = reader.desk()
    assert before is not None and before.counters().present_members == 1
    check_in(desk, "GM0599")
    third = copy.refresh(server)
    assert third.entries > first.entries and copy.path.stat().st_ino != inode
    assert before.counters().present_members == 1  # the old file, still readable where it was open
    after = reader.desk()
    assert after is not None and after is not before and after.counters().present_members == 2
    verdict = after.scan(card(after.meeting, "GM0599"), record=False)
    assert verdict.kind is VerdictKind.ALREADY and "balie-1" in verdict.explanation("nl")
    reader.close()


def test_copies_of_different_meetings_do_not_mix() -> None:
    a, b = copy_path("postgresql://u@h:5432/a"), copy_path("postgresql://u@h:5432/b")
    assert a != b and a.parent == b.parent and a.parent.name == "server-copies"


def test_already_registered_is_read_again_before_it_is_final(server: Store) -> None:
    desk = DeskService(server, Actor("balie-1", "test"))
    other = DeskService(server.reopen(), Actor("balie-2", "test"))
    try:
        serial = check_in(other, "GM0363")
        token = card(desk.meeting, "GM0363")
        seen = desk.scan(token, record=False)
        assert seen.kind is VerdictKind.ALREADY
        assert connection.final_verdict(desk, seen, text=token).kind is VerdictKind.ALREADY
        other.undo(serial, pin=DEMO_PIN, reason="test: weg voordat het vaststond")  # gone before it was final
        assert connection.final_verdict(desk, seen, text=token).kind is VerdictKind.ACCEPTED
    finally:
        other.store.close()


def test_on_a_file_a_verdict_is_final_as_it_is(meeting_file: Path) -> None:
    with Store.open(meeting_file) as store:
        desk = DeskService(store, Actor("balie-1", "test"))
        check_in(desk, "GM0363")
        seen = desk.scan(card(desk.meeting, "GM0363"), record=False)
        assert connection.final_verdict(desk, seen) is seen
        assert not connection.cut_off(store) and store.link is None
