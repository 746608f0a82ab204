"""Where the meeting file lives: a removed folder never gives a false "saved", removable media and
network shares need a confirmation, a read-only medium opens read-only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage import audit
from desk_app.storage.db import Medium, Store, StoreError, probe_medium
from tests.export.scripted import check_in
from tests.helpers import REPO

# A file on a folder, a stick or a read-only medium: the meeting server has none of these.
pytestmark = pytest.mark.sqlite_only("where the meeting file lives: folders, media and mounts")

# --- the file removed or replaced under a running desk ---------------------------------------------


def test_a_check_in_after_the_folder_was_removed_is_not_reported_saved(tmp_path: Path) -> None:
    from desk_app.services.demo import build_demo

    folder = tmp_path / "vergadering"
    meeting = build_demo(folder / "meeting.sqlite")
    desk = DeskService(meeting.store, Actor("balie-1", "anna"))
    assert check_in(desk, "GM0363") == 1
    shutil.rmtree(folder)  # the meeting folder removed under the running desk
    with pytest.raises(StoreError) as info:
        check_in(desk, "GM0599")  # on the old code: pass 2, no error, gone after a restart
    assert info.value.code == "store.vanished"
    assert "verdwenen" in str(info.value) and "NIET" in str(info.value)
    assert "disappeared" in info.value.message("en")
    meeting.store.close()


def test_a_file_replaced_under_the_desk_is_not_written_to(meeting: MeetingService, tmp_path: Path) -> None:
    path = meeting.store.path
    desk = DeskService(meeting.store, Actor("balie-1", "anna"))
    check_in(desk, "GM0363")
    os.replace(path, tmp_path / "elsewhere.sqlite")  # moved away, and another file put in its place
    path.write_bytes(b"")
    with pytest.raises(StoreError) as info:
        check_in(desk, "GM0599")
    assert info.value.code == "store.vanished"


def test_removed_during_the_transaction_it_is_reported_after_the_commit(meeting: MeetingService) -> None:
    store = meeting.store
    before = audit.verify(store).entries
    with pytest.raises(StoreError) as info, store.transaction() as db:
        audit.append(db, desk="d", actor="a", action="test", obj="x")
        store.path.unlink()  # the stick pulled while the write was under way
    assert info.value.code == "store.vanished"
    assert audit.verify(store).entries == before + 1  # SQLite wrote it: into a file nobody will see again


# --- what kind of medium ----------------------------------------------------------------------------


MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
/dev/sdb1 /media/anna/STICK vfat rw,nosuid,nodev,relatime,uid=1000 0 0
/dev/sdc1 /media/anna/USB\\040DISK ext4 rw,relatime 0 0
/dev/sdd1 /media/anna/SAFE ext4 ro,relatime 0 0
server:/alv /mnt/alv nfs4 rw,relatime,vers=4.2 0 0
//nas/alv /mnt/nas cifs rw,relatime 0 0
anna@host:/srv /home/anna/remote fuse.sshfs rw,nosuid,nodev 0 0
/dev/nvme0n1p2 /home ext4 rw,relatime 0 0
"""


@pytest.fixture
def fake_linux(tmp_path: Path) -> tuple[Path, Path]:
    """A /proc/mounts and a /sys/class/block as the kernel would show them for these disks."""
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS)
    sysfs = tmp_path / "sys"
    devices = sysfs / "devices"
    for name, where, removable in (
        ("sdc", "pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/block", "0"),
        ("sdd", "pci0000:00/0000:00:17.0/ata1/host0/block", "1"),
        ("nvme0n1", "pci0000:00/0000:00:1d.0/nvme/nvme0", "0"),
    ):
        disk = devices / where / name
        part = disk / (name + ("p2" if name.startswith("nvme") else "1"))
        part.mkdir(parents=True)
        (part / "partition").write_text("1")
        (disk / "removable").write_text(removable)
        link = sysfs / "class" / "block" / part.name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(part)
    return mounts, sysfs


@pytest.mark.parametrize(
    ("path", "kind", "fstype", "readonly"),
    [
        ("/media/anna/STICK/alv/vergadering.sqlite", "removable", "vfat", False),
        ("/media/anna/USB DISK/vergadering.sqlite", "removable", "ext4", False),  # ext4, but over USB
        ("/media/anna/SAFE/vergadering.sqlite", "removable", "ext4", True),  # the kernel says removable
        ("/mnt/alv/vergadering.sqlite", "network", "nfs4", False),
        ("/mnt/nas/vergadering.sqlite", "network", "cifs", False),
        ("/home/anna/remote/vergadering.sqlite", "network", "fuse.sshfs", False),
        ("/home/anna/alv/vergadering.sqlite", "local", "ext4", False),  # /home, not / (longest mount)
        ("/var/lib/vergadering.sqlite", "local", "ext4", False),
    ],
)
def test_the_medium_is_told_from_the_mounts(
    fake_linux: tuple[Path, Path], path: str, kind: str, fstype: str, readonly: bool
) -> None:
    mounts, sysfs = fake_linux
    medium = probe_medium(Path(path), mounts=mounts, sysfs=sysfs)
    assert (medium.kind, medium.fstype, medium.readonly) == (kind, fstype, readonly)


def test_no_mount_table_means_local(tmp_path: Path) -> None:
    assert probe_medium(tmp_path, mounts=tmp_path / "none").kind == "local"


def test_this_machines_temp_folder_is_local(tmp_path: Path) -> None:
    assert probe_medium(tmp_path).kind == "local"  # or every other test here would be refused


def test_a_live_meeting_on_a_stick_needs_a_confirmation(meeting: MeetingService) -> None:
    path = meeting.store.path
    stick = Medium("removable", "vfat", "/media/anna/STICK", "/dev/sdb1")
    with pytest.raises(StoreError) as info:
        Store.open(path, probe=lambda p: stick)
    assert info.value.code == "store.removable"
    assert "USB-stick" in str(info.value) and "/media/anna/STICK" in str(info.value)
    with pytest.raises(StoreError):
        Store.open(path.with_name("new.sqlite"), create=True, probe=lambda p: stick)
    assert not path.with_name("new.sqlite").exists()
    share = Medium("network", "cifs", "/mnt/nas")
    with pytest.raises(StoreError) as info:
        Store.open(path, probe=lambda p: share)
    assert "netwerkschijf" in str(info.value)
    with Store.open(path, probe=lambda p: stick, allow_removable=True) as store:  # confirmed
        assert store.allow_removable and store.medium.kind == "removable"
        DeskService(store, Actor("balie-1", "anna")).set_supervisor_pin("4321", current="1234")


def test_a_read_only_medium_opens_read_only(meeting: MeetingService, qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desk_app.services.export import ExportService
    from desk_app.services.integrity import verify_meeting

    desk = DeskService(meeting.store, Actor("balie-1", "anna"))
    check_in(desk, "GM0363")
    path = meeting.store.path
    meeting.store.close()
    locked = Medium("removable", "vfat", "/media/anna/STICK", readonly=True)
    with Store.open(path, probe=lambda p: locked) as store:  # no confirmation needed to read
        assert store.readonly and store.notice is not None
        assert store.notice.code == "store.opened_readonly" and "alleen-lezen" in str(store.notice)
        assert [p.code for p in DeskService(store, Actor()).presence() if p.serial] == ["GM0363"]  # look-ups
        assert verify_meeting(store).ok  # verify
        ExportService(store).export(tmp_path / "export")  # export
        with pytest.raises(StoreError) as info:
            check_in(DeskService(store, Actor("balie-1", "anna")), "GM0599")
        assert info.value.code == "store.readonly_open"


READ_ONLY_SCRIPT = """
import sys
from pathlib import Path
from desk_app.storage.db import Store, StoreError
from desk_app.services.integrity import verify_meeting
try:
    store = Store.open(Path(sys.argv[1]))
except StoreError as err:
    print(err.code)
    raise SystemExit(0)
passes = store.query("SELECT COUNT(*) AS n FROM passes")[0]["n"]
print(store.readonly, store.medium.readonly, store.notice.code if store.notice else None, verify_meeting(store).ok,
      passes)
try:
    with store.transaction():
        pass
except StoreError as err:
    print(err.code)
"""


def _unshare_works() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


def _on_a_read_only_mount(folder: Path, meeting_file: Path) -> list[str]:
    """Run the script against ``meeting_file`` with ``folder`` bind-mounted read-only (a mount
    namespace of its own: the real kernel refusal, without root on the machine)."""
    command = (
        f"mount --bind '{folder}' '{folder}' && mount -o remount,ro,bind '{folder}' '{folder}' && "
        f"exec '{sys.executable}' -c \"$SCRIPT\" '{meeting_file}'"
    )
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", command],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "SCRIPT": READ_ONLY_SCRIPT, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(not _unshare_works(), reason="needs Linux user and mount namespaces (unshare -rm)")
def test_a_really_read_only_mount(tmp_path: Path) -> None:
    from desk_app.services.demo import build_demo

    folder = tmp_path / "stick"
    meeting = build_demo(folder / "meeting.sqlite")
    check_in(DeskService(meeting.store, Actor("balie-1", "anna")), "GM0363")
    opened = ["True", "True", "store.opened_readonly", "True", "1", "store.readonly_open"]
    # Still open by the desk: the last check-in is in the -wal, read through the -shm beside it.
    assert _on_a_read_only_mount(folder, meeting.store.path) == opened
    # The file and its -wal copied to a stick without the -shm: read-only, the -wal cannot be read.
    copied = tmp_path / "copied"
    copied.mkdir()
    for name in ("meeting.sqlite", "meeting.sqlite-wal"):
        shutil.copy(folder / name, copied / name)
    assert _on_a_read_only_mount(copied, copied / "meeting.sqlite") == ["store.readonly_wal"]
    meeting.store.close()  # a clean close folds the -wal into the file: read as it is
    assert not (folder / "meeting.sqlite-wal").exists()
    assert _on_a_read_only_mount(folder, meeting.store.path) == opened
