"""Erasing personal data after the retention period: verify still passes, public results stay
the same, one transaction with one audit entry, and the names are really gone from the file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desk_app.domain.text import DeskError
from desk_app.export import writer
from desk_app.services.archive import ArchiveService, cutoff_from_date
from desk_app.services.desk import DeskService
from desk_app.services.export import ExportService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage import audit
from desk_app.storage import meeting as meeting_repo
from tests.export.scripted import HOLDER, check_in, run_meeting

PUBLIC = (writer.ATTENDANCE, writer.RESULTS, writer.SUMMARY)


@pytest.fixture
def archive(meeting: MeetingService) -> ArchiveService:
    return ArchiveService(meeting.store, Actor("secretariaat", "archivaris"))


def file_bytes(path: Path) -> bytes:
    """The meeting file and its WAL together: where an erased value could linger."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")) if p.is_file())


@pytest.mark.sqlite_only("looks for the erased names in the bytes of the file and its WAL; PRAGMA secure_delete")
def test_erasure_keeps_the_chain_and_the_public_results(
    meeting: MeetingService, archive: ArchiveService, tmp_path: Path, qapp
) -> None:  # type: ignore[no-untyped-def]
    s = run_meeting(meeting, tmp_path)
    store = meeting.store
    before = ExportService(store).files()
    names = [d.name for d in meeting_repo.load_designations(store).values() if d.name][:20]
    assert HOLDER.encode() in file_bytes(store.path) and names[0].encode() in file_bytes(store.path)
    counts = archive.personal_data()
    # The chain commits to every name and address it binds: the 10 holders and, since the replay
    # holds the designations to the chain, the designated names and e-mail addresses too.
    # And to every free-text reason: the override's (issue 12.9).
    committed = 10 + 1 + sum(bool(d.name) + bool(d.email) for d in meeting_repo.load_designations(store).values())
    assert counts.designations == 342 and counts.passes == 10 and counts.audit_personal == committed
    entries = audit.verify(store).entries
    # Many SQLite builds (e.g. python.org's for Windows) leave secure_delete off; this one has
    # it on at compile time. Start from off, so the test shows the erasure turns it on itself.
    store.conn.execute("PRAGMA secure_delete = OFF")

    result = archive.erase_personal()
    assert store.conn.execute("PRAGMA secure_delete").fetchone()[0] == 0  # put back as it was

    chain = audit.verify(store)
    assert chain.ok and chain.entries == entries + 1  # one transaction, one audit entry
    last = audit.entries(store, entries)
    assert [e.action for e in last] == ["privacy.erase"]
    assert last[0].details["designations"] == 342 and last[0].details["audit_personal"] == committed
    assert (result.designations, result.passes, result.audit_personal, result.wal_cleared) == (342, 10, committed, True)
    assert archive.personal_data() == type(counts)(0, 0, 0, 0)

    after = ExportService(store).files()
    for name in PUBLIC:
        assert after[name] == before[name], name  # the public record is untouched
    # The names are gone from the file itself, not only from the rows (free pages, WAL).
    data = file_bytes(store.path)
    assert HOLDER.encode() not in data
    assert not [n for n in names if n.encode() in data]
    assert all(p.holder_name is None for p in s.desk.presence() if p.serial)
    assert store.integrity_check() == []


def test_erasure_before_a_date_leaves_later_data(meeting: MeetingService, archive: ArchiveService) -> None:
    desk = DeskService(meeting.store, Actor("balie-1", "anna"))
    check_in(desk, "GM0363", name="Vroeg")
    time.sleep(0.01)
    cutoff = audit.now_iso()
    time.sleep(0.01)
    check_in(desk, "GM0599", name="Laat")
    designated = int(
        str(
            meeting.store.query(  # names and addresses the designations import committed to
                "SELECT COUNT(*) AS n FROM audit_personal p JOIN audit a USING (seq) WHERE a.action = 'reps.import'"
            )[0]["n"]
        )
    )
    result = archive.erase_personal(cutoff)
    assert (result.passes, result.audit_personal) == (1, 1 + designated)
    holders = {p.code: p.holder_name for p in desk.presence() if p.serial}
    assert holders == {"GM0363": None, "GM0599": "Laat GM0599"}
    assert audit.verify(meeting.store).ok
    personal = meeting.store.query("SELECT a.action, p.value FROM audit_personal p JOIN audit a USING (seq)")
    assert personal == [{"action": "checkin", "value": "Laat GM0599"}]


def test_an_erasure_before_the_meeting_changes_nothing_but_is_logged(
    meeting: MeetingService, archive: ArchiveService
) -> None:
    result = archive.erase_personal(cutoff_from_date("2000-01-01"))
    assert result.total == 0
    assert audit.entries(meeting.store)[-1].action == "privacy.erase"
    assert archive.personal_data().designations == 342


def test_retention_period_and_dates(archive: ArchiveService) -> None:
    assert archive.retention_end().isoformat() == "2031-05-24"  # seven years after 24 May 2024
    assert not archive.retention_over(today=archive.retention_end().replace(day=23))
    assert archive.retention_over(today=archive.retention_end())
    assert cutoff_from_date("2031-05-24") == "2031-05-24T00:00:00.000Z"
    with pytest.raises(DeskError) as info:
        cutoff_from_date("24-05-2031")
    assert info.value.code == "archive.bad_date"
