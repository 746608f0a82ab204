"""The agenda through the one loading path: TOML, .xlsx and ;-CSV files, and the editor's save."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from desk_app.domain.agenda import AgendaItem, ItemType, build_agenda
from desk_app.domain.agenda_sheet import T_AGENDA_SHEET, agenda_rows
from desk_app.domain.agenda_toml import dump_agenda
from desk_app.domain.register import ImportRefused
from desk_app.domain.text import DeskError
from desk_app.services.desk import DeskService
from desk_app.services.meeting import MeetingService
from desk_app.services.sheets import read_workbook, write_workbook
from desk_app.services.voting import VotingService
from desk_app.storage import audit
from tests.helpers import REPO

DEMO = REPO / "resources" / "demo" / "agenda-extra-alv-2024-05-24.toml"


@pytest.fixture
def voting(meeting: MeetingService) -> VotingService:
    desk = DeskService(meeting.store, meeting.actor)
    return VotingService(meeting.store, meeting.actor, lambda: [(s, c) for s, c, _ in desk.active_passes()])


def _state(voting: VotingService) -> tuple[object, int]:
    return voting.agenda(), len(audit.entries(voting.store))


def test_xlsx_and_csv_load_through_load_agenda_file(voting: VotingService, tmp_path: Path) -> None:
    demo = voting.agenda()
    assert demo is not None
    rows = agenda_rows(demo)
    write_workbook(tmp_path / "agenda.xlsx", rows)
    csv = "\n".join(";".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
    (tmp_path / "agenda.csv").write_bytes(b"\xef\xbb\xbf" + csv.encode("utf-8"))
    from_xlsx = voting.load_agenda_file(tmp_path / "agenda.xlsx")
    from_csv = voting.load_agenda_file(tmp_path / "agenda.csv")
    assert from_xlsx == from_csv
    # what the sheet's columns hold is what the TOML file holds, item by item
    assert [(i.key, i.type, i.title, i.target, i.indieners, i.preadvies, i.rule) for i in from_xlsx.items] == [
        (i.key, i.type, i.title, i.target, i.indieners, i.preadvies, i.rule) for i in demo.items
    ]
    entries = audit.entries(voting.store)[-2:]
    assert [(e.action, e.details["source"]) for e in entries] == [
        ("agenda.load", "agenda.xlsx"),
        ("agenda.load", "agenda.csv"),
    ]


def test_a_workbook_is_known_by_its_content_whatever_its_name(voting: VotingService, tmp_path: Path) -> None:
    demo = voting.agenda()
    assert demo is not None
    write_workbook(tmp_path / "agenda.xlsx", agenda_rows(demo))
    renamed = tmp_path / "agenda.toml"
    renamed.write_bytes((tmp_path / "agenda.xlsx").read_bytes())
    assert [i.key for i in voting.load_agenda_file(renamed).items] == [i.key for i in demo.items]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04 not really a zip", "het Excel-bestand kan niet worden gelezen"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "oud Excel-bestand (.xls)"),
    ],
)
def test_damaged_or_old_workbooks_are_refused_and_change_nothing(
    voting: VotingService, tmp_path: Path, data: bytes, expected: str
) -> None:
    before = _state(voting)
    path = tmp_path / "agenda.xlsx"
    path.write_bytes(data)
    with pytest.raises(ImportRefused) as info:
        voting.load_agenda_file(path)
    assert expected in info.value.message("nl")
    assert _state(voting) == before


def test_a_bad_sheet_changes_nothing(voting: VotingService, tmp_path: Path) -> None:
    before = _state(voting)
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in (["nummer", "soort", "titel", "doel"], [1, "procedureel", "Opening", None], [2, "amendement", "A", 7]):
        ws.append(row)
    book.save(tmp_path / "fout.xlsx")
    with pytest.raises(ImportRefused) as info:
        voting.load_agenda_file(tmp_path / "fout.xlsx")
    text = info.value.message("nl")
    assert "rij 3, kolom doel: doel '7' staat niet als nummer in het bestand" in text
    assert "rij 3, kolom indieners: een amendement heeft ten minste één indiener" in text
    assert _state(voting) == before


def test_cells_are_read_as_people_see_them() -> None:
    import datetime as dt

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["a", 931298, 931298.0, 1.5, dt.datetime(2024, 5, 24), None, True])
    out = io.BytesIO()
    book.save(out)
    (sheet,) = read_workbook(out.getvalue(), T_AGENDA_SHEET)
    assert sheet.rows[0] == (1, ("a", "931298", "931298", "1.5", "2024-05-24", "", "WAAR"))


def test_written_text_stays_text(tmp_path: Path) -> None:
    write_workbook(tmp_path / "x.xlsx", [["titel"], ['=HYPERLINK("http://x","klik")']])
    ws = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert ws is not None and ws["A2"].data_type == "s"


def test_save_agenda_checks_like_a_file_and_is_audited(voting: VotingService) -> None:
    before = _state(voting)
    bad = build_agenda([AgendaItem("1", ItemType.PROCEDURAL, "Opening")])
    bad = type(bad)((*bad.items, AgendaItem("2", ItemType.MOTION, "Motie", indieners=("GM9999",))))
    with pytest.raises(ImportRefused) as info:
        voting.save_agenda(bad)
    assert "GM9999 staat niet in het ledenregister" in info.value.message("nl")
    assert _state(voting) == before

    good = build_agenda([AgendaItem("1", ItemType.PROCEDURAL, "Opening"), AgendaItem("2", ItemType.PROPOSAL, "Iets")])
    assert voting.save_agenda(good) == good == voting.agenda()
    entry = audit.entries(voting.store)[-1]
    assert entry.action == "agenda.save"
    import hashlib

    assert entry.details["sha256"] == hashlib.sha256(dump_agenda(good).encode()).hexdigest()


def test_save_agenda_is_refused_once_votes_were_held(meeting: MeetingService, voting: VotingService) -> None:
    meeting.open_meeting()
    desk = DeskService(meeting.store, meeting.actor)
    desk.check_in(desk.manual_verdict("GM0363", "kaart vergeten"), name="F. Halsema", role="burgemeester")
    voting.open("4", confirm_order=True)
    before = _state(voting)
    with pytest.raises(DeskError) as info:
        voting.save_agenda(build_agenda([AgendaItem("1", ItemType.PROCEDURAL, "Opening")]))
    assert info.value.code == "agenda.has_votes"
    assert _state(voting) == before
