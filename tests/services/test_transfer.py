"""Moving a meeting onto the server and back (``server push`` / ``server pull``), as services.

The chain and its head are the same on both sides; a broken file is not pushed; a meeting in use
on the server is never overwritten, a prepared one is replaced; a pull never writes over a file
and leaves nothing behind when it fails. (The whole day on the server and back, with the byte
comparison of the exports, is tests/cli/test_server_day.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app.domain.text import DeskError
from desk_app.services import transfer
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor
from desk_app.storage import audit
from desk_app.storage.db import Store
from tests.export.scripted import check_in, run_meeting
from tests.meeting_server import MeetingServer
from tests.storage.tamper import shell

pytestmark = [pytest.mark.server, pytest.mark.xdist_group("formation-data")]


@pytest.fixture
def empty(meeting_server: MeetingServer) -> str:
    dsn = meeting_server.empty_database()
    yield dsn  # type: ignore[misc]
    meeting_server.drop(dsn)


def test_a_used_meeting_goes_there_and_back_with_the_same_chain(meeting_file: Path, empty: str, tmp_path: Path) -> None:
    with Store.open(meeting_file) as source:
        from desk_app.services.meeting import MeetingService

        run_meeting(MeetingService(source, Actor("secretariaat", "test")), tmp_path)
        head = audit.head(source)
        pushed = transfer.push(source, empty)
        counts = dict(pushed.rows)
    assert pushed.verified and pushed.head == head and pushed.replaced is None
    with Store.open(empty) as server:
        assert audit.head(server) == head and audit.verify(server).ok
        back = transfer.pull(server, tmp_path / "back.sqlite")
    assert back.head == head and back.rows == counts and back.verified
    with Store.open(tmp_path / "back.sqlite") as pulled:
        assert audit.verify(pulled).ok and audit.head(pulled) == head
        assert pulled.integrity_check() == []
        with pulled.transaction() as db:  # the file carries on: its guards are back in place
            with pytest.raises(Exception, match="audit entries cannot be changed"):
                db.execute("UPDATE audit SET actor = 'x' WHERE seq = 1")


def test_a_meeting_in_use_is_never_overwritten_and_a_prepared_one_is_replaced(
    meeting_file: Path, empty: str, meeting_template: Path, tmp_path: Path
) -> None:
    with Store.open(meeting_file) as source:
        first = transfer.push(source, empty)
        again = transfer.push(source, empty)  # pushed again after a last change: replaced
    assert again.replaced == first.meeting
    with Store.open(empty) as server:
        check_in(DeskService(server, Actor("balie-1", "anna")), "GM0363")  # the day has begun
        head = audit.head(server)
    other = Path(tmp_path / "other.sqlite")
    other.write_bytes(meeting_template.read_bytes())
    with Store.open(other) as source, pytest.raises(DeskError) as info:
        transfer.push(source, empty)
    assert info.value.code == "transfer.busy"
    busy = info.value.message("nl")
    assert "1 stempas" in busy and "1 stempassen" not in busy and "(sen)" not in busy, busy
    with Store.open(empty) as server:
        assert audit.head(server) == head  # untouched


def test_a_file_whose_record_does_not_hold_is_not_pushed(meeting_file: Path, empty: str) -> None:
    shell(meeting_file, "UPDATE members SET votes = 75 WHERE code = 'GM0088'")
    with Store.open(meeting_file) as source, pytest.raises(DeskError) as info:
        transfer.push(source, empty)
    assert info.value.code == "transfer.source_broken" and "GM0088" in info.value.message("nl")
    with pytest.raises(DeskError) as empty_info:
        Store.open(empty)
    assert empty_info.value.code == "store.server_empty"  # nothing arrived


def test_a_pull_never_overwrites_and_leaves_nothing_when_it_fails(
    meeting_server: MeetingServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dsn = meeting_server.new_meeting()
    try:
        with Store.open(dsn) as server:
            existing = tmp_path / "bestaat.sqlite"
            existing.write_bytes(b"mine")
            with pytest.raises(DeskError) as info:
                transfer.pull(server, existing)
            assert info.value.code == "transfer.exists" and existing.read_bytes() == b"mine"

            def broken(*args: object) -> None:
                raise RuntimeError("the disk went away")

            target = tmp_path / "nieuw.sqlite"
            monkeypatch.setattr(transfer.repo, "write_table", broken)  # once the new file exists
            with pytest.raises(RuntimeError):
                transfer.pull(server, target)
            assert sorted(p.name for p in tmp_path.iterdir()) == ["bestaat.sqlite"]
    finally:
        meeting_server.drop(dsn)


def test_a_record_changed_on_the_server_is_pulled_exactly_and_reported(
    meeting_server: MeetingServer, tmp_path: Path
) -> None:
    dsn = meeting_server.new_meeting()
    try:
        shell(dsn, "UPDATE members SET population = population + 1 WHERE code = 'GM0014'")  # psql, triggers gone
        with Store.open(dsn) as server:
            result = transfer.pull(server, tmp_path / "onderzoek.sqlite")
        assert not result.verified and "GM0014" in result.detail
        with Store.open(tmp_path / "onderzoek.sqlite") as copy:
            check = audit.verify(copy)
            assert not check.ok and check.difference is not None and check.difference.key == "GM0014"
    finally:
        meeting_server.drop(dsn)
