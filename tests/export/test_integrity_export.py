"""A record that does not hold is not exported; exported anyway, every file says so; and an export
forged consistently (totals recomputed, manifest rewritten) is given away by its own audit log."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from desk_app.domain.text import DeskError
from desk_app.export import csvfile, writer
from desk_app.export.verify import verify_public_export
from desk_app.services.export import ExportService
from desk_app.storage import audit
from desk_app.storage.db import Store
from tests.export.scripted import AMS
from tests.export.test_export import pdf_text, rewrite_manifest
from tests.storage.tamper import copy_meeting, entry_seq, scripted_template, shell

ITEM3 = "(SELECT id FROM votes WHERE item = '3')"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scripted_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def path(template: Path, tmp_path: Path) -> Path:
    return copy_meeting(template, tmp_path / "meeting.sqlite")


def messages(folder: Path) -> list[str]:
    return [p.message() for p in verify_public_export(folder)]


def test_a_deleted_middle_entry_stops_the_export(path: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    middle = entry_seq(path, "vote.close") - 3
    shell(path, f"DELETE FROM audit_personal WHERE seq = {middle}", f"DELETE FROM audit WHERE seq = {middle}")
    with Store.open(path) as store, pytest.raises(DeskError) as info:
        ExportService(store).export(tmp_path / "out")
    assert info.value.code == "export.integrity"
    assert f"regel {middle}" in str(info.value) and "--despite-integrity-failure" in str(info.value)
    assert not (tmp_path / "out").exists()  # nothing written


def test_a_flipped_choice_stops_the_export(path: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    shell(path, f"UPDATE vote_records SET choice = 'tegen' WHERE code = '{AMS}' AND vote_id = {ITEM3}")
    with Store.open(path) as store:
        with pytest.raises(DeskError) as info:
            ExportService(store).export(tmp_path / "out")
        assert "vote_records" in str(info.value) and '"tegen"' in str(info.value)
        with pytest.raises(DeskError):
            ExportService(store).files()  # the preview too


def test_exported_despite_the_failure_every_file_is_marked(path: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    shell(path, f"UPDATE vote_declarations SET adopted = 0 WHERE vote_id = {ITEM3}")
    out = tmp_path / "out"
    with Store.open(path) as store:
        ExportService(store).export(out, despite_integrity_failure=True)
    for name in (writer.ATTENDANCE, writer.RESULTS, writer.SUMMARY):
        banner = csvfile.banner_of((out / name).read_bytes())
        assert banner is not None and "vote_declarations" in banner, name
    first = json.loads((out / writer.AUDIT).read_text("utf-8").splitlines()[0])
    assert list(first) == ["INTEGRITEITSFOUT"]
    meeting = json.loads((out / writer.MEETING).read_text("utf-8"))
    assert meeting["integrity"]["ok"] is False and meeting["integrity"]["mark"] == "INTEGRITEITSFOUT"
    assert meeting["audit"]["chain_ok"] is False
    assert (out / writer.README).read_text("utf-8").startswith("INTEGRITEITSFOUT: ")
    assert (out / writer.MANIFEST).read_text("ascii").startswith("# INTEGRITEITSFOUT")
    assert pdf_text(out / writer.PDF).count("INTEGRITEITSFOUT") >= 2  # the first page and the footers
    found = messages(out)
    marked = {m.split(":")[0] for m in found if "INTEGRITEITSFOUT" in m}
    assert {writer.ATTENDANCE, writer.RESULTS, writer.SUMMARY, writer.README, writer.MEETING, writer.MANIFEST} <= marked
    assert any(m.startswith("audit.jsonl:1") and "INTEGRITEITSFOUT" in m for m in found)


def test_a_consistently_forged_export_is_given_away_by_its_log(path: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    """A forger flips a choice in the file and writes the export with the writer itself: every
    total in summary.csv then agrees with results.csv, the manifest holds, the chain in audit.jsonl
    is the meeting's own and ends in the published head. Only the log's own records differ."""
    shell(path, f"UPDATE vote_records SET choice = 'tegen' WHERE code = '{AMS}' AND vote_id = {ITEM3}")
    out = tmp_path / "forged"
    with Store.open(path) as store:
        data = ExportService(store).collect()
        assert not data.audit_head.ok
        writer.write_export(
            dataclasses.replace(  # the head doctored to look sound
                data, audit_head=dataclasses.replace(data.audit_head, ok=True, first_bad_seq=None, reason="")
            ),
            out,
        )
        vote_id = store.query("SELECT id FROM votes WHERE item = '3'")[0]["id"]
    seq = entry_seq(path, "vote.record", "object = ? AND details LIKE ?", (vote_id, f'%"code":"{AMS}"%'))
    found = messages(out)
    assert len(found) == 1 and found[0].startswith("results.csv:"), found
    assert f"keuze van {AMS} in stemming {vote_id}: hier tegen, volgens audit.jsonl (regel {seq}) voor" in found[0]


def test_a_forged_weight_is_given_away_by_the_opening_entry(template: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "good"
    with Store.open(copy_meeting(template, tmp_path / "m.sqlite")) as store:
        ExportService(store).export(out)
        open_seq = entry_seq(store.path, "meeting.open")
    text = (out / writer.ATTENDANCE).read_bytes().decode("utf-8-sig")
    # Move one vote between two municipalities: the register total stays the same.
    text = text.replace("GM0088;Schiermonnikoog;Fryslân;1;", "GM0088;Schiermonnikoog;Fryslân;2;")
    text = text.replace("GM0096;Vlieland;Fryslân;1;", "GM0096;Vlieland;Fryslân;0;")
    (out / writer.ATTENDANCE).write_bytes(text.encode("utf-8-sig"))
    rewrite_manifest(out)
    found = messages(out)
    assert f"attendance.csv: stemmen van GM0088: hier 2, volgens audit.jsonl (regel {open_seq}) 1" in found


def test_the_manifest_head_must_match_meeting_json(template: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "good"
    with Store.open(copy_meeting(template, tmp_path / "m.sqlite")) as store:
        ExportService(store).export(out)
        head = audit.head(store)
    assert messages(out) == []
    manifest = (out / writer.MANIFEST).read_text("ascii")
    assert manifest.startswith(f"# audit-head {head.seq} {head.hash}\n")
    (out / writer.MANIFEST).write_text(
        manifest.replace(f"# audit-head {head.seq}", f"# audit-head {head.seq - 1}"), "ascii"
    )
    assert any("kophash in het manifest" in m for m in messages(out))
