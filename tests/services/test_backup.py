"""Backups through SQLite's backup API: checked, pruned, taken while another process writes,
restorable to a meeting file that carries on; and the scheduler that takes them."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desk_app.domain.text import DeskError
from desk_app.services.backup import (
    BackupResult,
    BackupScheduler,
    backup_now,
    backup_seq,
    check_backup,
    head_path,
    list_backups,
    restore_backup,
    store_totals,
)
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from desk_app.storage import archive, audit
from desk_app.storage.db import Store
from tests.export.scripted import AGENDA, check_in
from tests.helpers import REPO
from tests.storage.tamper import shell

# The backup API copies a file; on the server the synchronous standby holds the second copy, and
# 'server pull' writes a file of the whole record (tests/services/test_transfer.py).
pytestmark = pytest.mark.sqlite_only("SQLite's online backup API and its files")


@pytest.fixture
def desk(meeting: MeetingService) -> DeskService:
    return DeskService(meeting.store, Actor("balie-1", "anna"))


def header_journal_mode(path: Path) -> int:
    """Bytes 18-19 of an SQLite file: 1 = rollback journal, 2 = WAL."""
    return path.read_bytes()[18]


def test_a_backup_is_checked_and_has_the_same_totals(
    meeting: MeetingService, desk: DeskService, tmp_path: Path
) -> None:
    for code in ("GM0363", "GM0599", "GM0088"):
        check_in(desk, code)
    # The last check-in lives in the WAL for now: a copy of the main file alone would miss it.
    result = backup_now(meeting.store.path, tmp_path / "usb", keep=5)
    assert result.path.parent == tmp_path / "usb" and result.path.name.startswith("meeting-")
    check = check_backup(result.path)
    assert check.ok and check.integrity == [] and check.audit.ok
    assert check.totals == store_totals(meeting.store)
    assert check.totals is not None and (check.totals.present_members, check.totals.present_votes) == (3, 151)
    assert (result.audit_entries, result.audit_head) == (check.audit.entries, check.audit.head)
    # Not a file copy: the source runs WAL, the backup is a self-contained rollback-journal file.
    assert header_journal_mode(meeting.store.path) == 2 and header_journal_mode(result.path) == 1
    # No -wal, no .partial: the copy and its side file with the chain head (the anchor).
    assert result.head_path == head_path(result.path)
    assert sorted(p.name for p in result.path.parent.iterdir()) == sorted([result.path.name, result.head_path.name])
    side = json.loads(result.head_path.read_text("utf-8"))
    assert (side["seq"], side["hash"], side["record_ok"]) == (check.audit.entries, check.audit.head, True)
    assert side["sha256"] == hashlib.sha256(result.path.read_bytes()).hexdigest()


def test_only_the_last_n_are_kept_and_other_files_are_left_alone(meeting: MeetingService, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "notulen.docx").write_text("van iemand anders")
    results = [backup_now(meeting.store.path, folder, keep=3) for _ in range(5)]
    assert [p.name for p in list_backups(meeting.store.path, folder)] == [r.path.name for r in results[-3:]]
    assert (folder / "notulen.docx").exists()
    assert results[3].removed == (results[0].path,) and results[4].removed == (results[1].path,)
    with pytest.raises(DeskError):
        backup_now(meeting.store.path, folder, keep=0)


def test_a_clock_set_back_never_costs_the_newest_backup(
    meeting: MeetingService, desk: DeskService, tmp_path: Path
) -> None:
    """Backups named by a clock that went back two hours: ordered by their chain, never pruned
    away just after being made, and no crash (on the old code: the new copy pruned, then stat()
    on it raised FileNotFoundError, exit 3)."""
    folder = tmp_path / "usb"
    noon = datetime(2024, 5, 24, 12, 0, tzinfo=UTC)
    times = iter([noon, noon + timedelta(minutes=5), noon - timedelta(hours=2), noon - timedelta(hours=2)])
    made = []
    for code in ("GM0363", "GM0599", "GM0518"):
        check_in(desk, code)
        made.append(backup_now(meeting.store.path, folder, keep=2, clock=lambda: next(times)))
    assert made[2].path.name < made[0].path.name  # its name says it is the oldest ...
    kept = list_backups(meeting.store.path, folder)
    assert kept == [made[1].path, made[2].path]  # ... but its chain reaches furthest: it is the newest
    assert made[2].removed == (made[0].path,) and not head_path(made[0].path).exists()
    assert [backup_seq(p) for p in kept] == [made[1].audit_entries, made[2].audit_entries]
    # keep=1 with a name that sorts first: the copy just made stays, whatever its name says.
    last = backup_now(meeting.store.path, folder, keep=1, clock=lambda: next(times))
    assert list_backups(meeting.store.path, folder) == [last.path] and last.path.exists()
    assert check_backup(last.path).audit.entries == made[2].audit_entries


def test_a_copy_of_an_edited_file_is_kept_and_reported(
    meeting: MeetingService, desk: DeskService, tmp_path: Path
) -> None:
    check_in(desk, "GM0363")
    shell(meeting.store.path, "UPDATE passes SET status = 'undone' WHERE code = 'GM0363'")
    result = backup_now(meeting.store.path, tmp_path / "usb")
    assert not result.record_ok and "passes" in result.record_problem
    assert json.loads(result.head_path.read_text("utf-8"))["record_ok"] is False  # type: ignore[union-attr]
    with pytest.raises(DeskError) as info:
        restore_backup(result.path, tmp_path / "restored.sqlite")
    assert info.value.code == "backup.bad"


def test_backup_to_an_unusable_folder_is_a_clear_refusal(meeting: MeetingService, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "stick"
    not_a_folder.write_text("a file where the folder should be")
    with pytest.raises(DeskError) as info:
        backup_now(meeting.store.path, not_a_folder)
    assert info.value.code.startswith("store.")
    assert str(not_a_folder) in info.value.message()


def test_restore_makes_a_meeting_file_that_carries_on(
    meeting: MeetingService, desk: DeskService, tmp_path: Path
) -> None:
    check_in(desk, "GM0363")
    backup = backup_now(meeting.store.path, tmp_path / "usb").path
    check_in(desk, "GM0599")  # after the backup: must not be in the restored file
    restored = restore_backup(backup, tmp_path / "laptop-2" / "vergadering.sqlite")
    assert restored.ok and restored.totals is not None
    assert restored.totals.present_members == 1 and restored.totals.audit_head == check_backup(backup).audit.head
    with Store.open(restored.path) as store:
        other = DeskService(store, Actor("balie-2", "bob"))
        check_in(other, "GM0599")  # the second laptop carries on where the backup stopped
        assert audit.verify(store).ok and other.counters().present_members == 2
    with pytest.raises(DeskError) as info:
        restore_backup(backup, restored.path)
    assert info.value.code == "backup.target_exists"


def test_a_damaged_backup_is_refused(meeting: MeetingService, tmp_path: Path) -> None:
    backup = backup_now(meeting.store.path, tmp_path / "usb").path
    data = bytearray(backup.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\x00" * 4096  # a page lost on a bad stick
    backup.write_bytes(bytes(data))
    assert not check_backup(backup).ok
    with pytest.raises(DeskError) as info:
        restore_backup(backup, tmp_path / "restored.sqlite")
    assert info.value.code == "backup.bad" and not (tmp_path / "restored.sqlite").exists()


# --- while another process writes ---------------------------------------------------------------

WRITER = """
import sys
from desk_app.domain.tally import Choice
from desk_app.domain.token import make_card_token
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor
from desk_app.services.voting import VotingService
from desk_app.storage.db import Store

store = Store.open(sys.argv[1])
desk = DeskService(store, Actor("balie-2", "writer"))
codes = [r.code for r in desk.presence()][:120]
for code in codes:
    token = make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1)
    desk.check_in(desk.scan(token), name="Schrijver " + code, role="wethouder")
print("checked-in", flush=True)
voting = VotingService(store, Actor("tafel", "writer"), lambda: [(s, c) for s, c, _ in desk.active_passes()])
for item in ("3", "6"):
    voting.open(item)
    for n, code in enumerate(codes):
        voting.record((Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING)[n % 3], code=code)
    voting.close()
    voting.declare_computed()
print("done", flush=True)
"""


def consistency(path: Path) -> dict[str, int]:
    """Cross-table facts that only hold if every transaction is in the copy whole or not at all."""
    store = archive.open_readonly(path)
    try:
        actions: dict[str, int] = {}
        for e in audit.entries(store):
            actions[e.action] = actions.get(e.action, 0) + 1
        counts = archive.row_counts(store)
        records = int(store.query("SELECT COUNT(*) AS n FROM vote_records")[0]["n"])  # type: ignore[arg-type]
        votes = int(store.query("SELECT COUNT(*) AS n FROM votes")[0]["n"])  # type: ignore[arg-type]
        assert counts["passes"] == actions.get("checkin", 0)
        holders = store.query(
            "SELECT COUNT(*) AS n FROM audit_personal JOIN audit USING (seq) WHERE action = 'checkin'"
        )
        assert holders[0]["n"] == actions.get("checkin", 0)
        assert records == actions.get("vote.record", 0)
        assert votes == actions.get("vote.open", 0)
        return {"entries": counts["audit"], "passes": counts["passes"], "records": records}
    finally:
        store.close()


def test_backups_taken_while_another_process_votes_restore_consistently(
    meeting: MeetingService, tmp_path: Path
) -> None:
    meeting.open_meeting()
    agenda = tmp_path / "agenda.toml"
    agenda.write_text(AGENDA, encoding="utf-8")
    VotingService(meeting.store, Actor("tafel", "t"), list).load_agenda_file(agenda)
    start = audit.verify(meeting.store).entries
    path = meeting.store.path
    folder = tmp_path / "usb"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    backups: list[BackupResult] = []
    try:
        while writer.poll() is None:
            backups.append(backup_now(path, folder, keep=1000))
    finally:
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert out.split() == ["checked-in", "done"]
    backups.append(backup_now(path, folder, keep=1000))

    final = [e.hash for e in audit.entries(meeting.store)]
    seen = []
    for b in backups:
        check = check_backup(b.path)
        assert check.ok, (b.path.name, check.integrity, check.audit)
        facts = consistency(b.path)
        store = archive.open_readonly(b.path)
        try:
            hashes = [e.hash for e in audit.entries(store)]
        finally:
            store.close()
        assert hashes == final[: len(hashes)]  # every backup is a moment of the one history
        seen.append(facts["entries"])
    assert seen == sorted(seen) and seen[-1] == len(final)
    mid = [n for n in seen if start < n < len(final)]
    assert len(mid) >= 2, seen  # taken while the other process was writing, not only before/after
    assert any(consistency(b.path)["records"] > 0 for b in backups[:-1])  # some mid-vote

    middle = next(b for b in backups if start < b.audit_entries < len(final))
    restored = restore_backup(middle.path, tmp_path / "restored.sqlite")
    assert restored.ok and restored.totals is not None
    assert restored.totals.audit_entries == middle.audit_entries


# --- the scheduler -------------------------------------------------------------------------------


def test_the_scheduler_backs_up_every_interval_and_prunes(meeting: MeetingService, tmp_path: Path) -> None:
    done: list[BackupResult] = []
    enough = threading.Event()

    def on_done(result: BackupResult) -> None:
        done.append(result)
        if len(done) >= 4:
            enough.set()

    scheduler = BackupScheduler(meeting.store.path, tmp_path / "usb", interval_s=0.05, keep=2, on_done=on_done)
    scheduler.start()
    try:
        assert enough.wait(30)
    finally:
        scheduler.stop()
    assert not scheduler.running and scheduler.last_error is None
    kept = list_backups(meeting.store.path, tmp_path / "usb")
    assert [p.name for p in kept] == [r.path.name for r in done[-2:]]
    assert all(check_backup(p).ok for p in kept)


def test_request_takes_a_backup_now(meeting: MeetingService, tmp_path: Path) -> None:
    got = threading.Event()
    scheduler = BackupScheduler(
        meeting.store.path, tmp_path / "usb", interval_s=3600, first_at_start=False, on_done=lambda r: got.set()
    )
    scheduler.start()
    try:
        time.sleep(0.1)
        assert not got.is_set()  # an hour to go
        scheduler.request()
        assert got.wait(30)
    finally:
        scheduler.stop()
    assert len(list_backups(meeting.store.path, tmp_path / "usb")) == 1


def test_a_failing_stick_is_reported_and_retried(meeting: MeetingService, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.write_text("pulled out: a file where the folder was")
    errors: list[DeskError] = []
    recovered = threading.Event()
    scheduler = BackupScheduler(
        meeting.store.path, stick, interval_s=0.05, keep=2, on_error=errors.append, on_done=lambda r: recovered.set()
    )
    scheduler.start()
    try:
        deadline = time.monotonic() + 30
        while len(errors) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(errors) >= 2 and scheduler.running  # it keeps trying
        stick.unlink()  # the stick is back
        assert recovered.wait(30)
    finally:
        scheduler.stop()
    assert errors[0].code.startswith("store.") and scheduler.last_error is None
