"""``verify --against BACKUP|EXPORT|HEAD``: the chain rewritten or cut short is found as soon as
an anchor kept outside the meeting file is presented, though the file alone holds together."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desk_app.services.backup import backup_now, head_path
from desk_app.services.export import ExportService
from desk_app.services.integrity import verify_meeting
from desk_app.storage import audit
from desk_app.storage.db import Store
from tests.export.scripted import AMS
from tests.storage.tamper import copy_meeting, entry_seq, rehash_from, scripted_template, shell


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scripted_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def path(template: Path, tmp_path: Path) -> Path:
    return copy_meeting(template, tmp_path / "meeting.sqlite")


def rewrite_history(path: Path) -> int:
    """Amsterdam's choice in the statute vote rewritten in the table and in the chain, every later
    hash recomputed: the file is consistent with itself again. Returns the rewritten entry."""
    seq = entry_seq(
        path,
        "vote.record",
        "object = (SELECT id FROM votes WHERE item = '3') AND details LIKE ?",
        (f'%"code":"{AMS}"%',),
    )
    conn = sqlite3.connect(path)
    details = json.loads(conn.execute("SELECT details FROM audit WHERE seq = ?", (seq,)).fetchone()[0])
    conn.close()
    details["choice"] = "tegen"
    shell(
        path,
        f"UPDATE vote_records SET choice = 'tegen' WHERE code = '{AMS}' AND "
        "vote_id = (SELECT id FROM votes WHERE item = '3')",
        "UPDATE audit SET details = ? WHERE seq = ?",
        params=(audit.canonical(details), seq),
    )
    rehash_from(path, seq)
    return seq


def cut_tail(path: Path, entries: int) -> None:
    """Remove the last ``entries`` entries (print results and the like: nothing the tables show)."""
    shell(
        path,
        f"DELETE FROM audit_personal WHERE seq > (SELECT MAX(seq) FROM audit) - {entries}",
        f"DELETE FROM audit WHERE seq > (SELECT MAX(seq) FROM audit) - {entries}",
    )


def test_the_untouched_file_holds_against_every_anchor(path: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    backup = backup_now(path, tmp_path / "usb")
    with Store.open(path) as store:
        ExportService(store).export(tmp_path / "export")
        head = audit.head(store)
        report = verify_meeting(store, [backup.path, tmp_path / "export", head.short()])
    assert report.ok and len(report.anchors) == 4  # the backup's chain and its side file, export, head
    assert report.lines("en")[0].startswith(f"Audit log holds: {head.seq} entries")
    assert report.lines("nl")[0].startswith(f"Logboek klopt: {head.seq} regels, kop ")


def test_a_rewritten_chain_is_found_against_a_backup(path: Path, tmp_path: Path) -> None:
    backup = backup_now(path, tmp_path / "usb")
    seq = rewrite_history(path)
    with Store.open(path) as store:
        assert verify_meeting(store).ok  # on its own the file holds together
        report = verify_meeting(store, backup.path)
    assert not report.ok
    chain_check = report.anchors[0]
    assert (chain_check.kind, chain_check.first_differing_seq) == ("rehashed", seq)
    text = "\n".join(report.lines("nl"))
    assert f"het logboek is herschreven vanaf regel {seq}" in text and "incident" in text
    with Store.open(path) as store:  # the side file alone is an anchor too
        assert verify_meeting(store, head_path(backup.path)).anchors[0].kind == "rehashed"


def test_a_rewritten_chain_is_found_against_an_export(path: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    with Store.open(path) as store:
        ExportService(store).export(tmp_path / "export")
    rewrite_history(path)
    with Store.open(path) as store:
        for against in (tmp_path / "export", tmp_path / "export" / "manifest.sha256"):
            report = verify_meeting(store, against)
            assert not report.ok and report.anchors[0].kind == "rehashed", against


def test_a_cut_tail_is_found_against_a_backup_and_a_printed_head(path: Path, tmp_path: Path) -> None:
    with Store.open(path) as store:
        printed = audit.head(store).short()  # as on the last stempas: '73:9f86d081884c'
    backup = backup_now(path, tmp_path / "usb")
    cut_tail(path, 1)
    with Store.open(path) as store:
        report = verify_meeting(store, [backup.path, printed])
    kinds = [a.kind for a in report.anchors]
    assert kinds == ["cut", "cut", "cut"], kinds
    assert "er zijn regels afgeknipt" in "\n".join(report.lines("nl"))


def test_what_is_not_an_anchor_is_said_so(path: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("geen kophash")
    with Store.open(path) as store:
        report = verify_meeting(store, [tmp_path / "notes.txt", "12:xyz", tmp_path / "nowhere"])
    assert not report.ok and [e.code for e in report.unreadable] == ["integrity.not_an_anchor"] * 3
