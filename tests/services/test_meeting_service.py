"""Preparing a meeting: imports are all-or-nothing, weights freeze when the meeting opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app.domain.register import ImportRefused
from desk_app.domain.text import DeskError
from desk_app.services.meeting import MeetingService
from desk_app.storage import audit
from tests.helpers import REGISTER


def _snapshot(service: MeetingService) -> tuple[object, ...]:
    q = service.store.query
    return (
        q("SELECT * FROM members ORDER BY code"),
        q("SELECT * FROM designations ORDER BY code"),
        q("SELECT seq, hash FROM audit ORDER BY seq"),
    )


def test_demo_meeting(meeting) -> None:  # type: ignore[no-untyped-def]
    t = meeting.totals()
    assert (t.members, t.votes) == (342, 13_111)
    rows = {r.code: r for r in meeting.member_rows()}
    assert rows["GM0363"].votes == 75 and rows["GM0363"].rep_role in (
        "burgemeester",
        "wethouder",
        "raadslid",
        "gemeentesecretaris",
        "griffier",
    )
    assert [e.action for e in audit.entries(meeting.store)] == [
        "meeting.create",
        "reps.import",
        "supervisor.pin",
        "agenda.load",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "code,name,province,population\nGM0363,Amsterdam,NH,931298\nGM0363,Dubbel,NH,5\n",
        "code,name,province,population\nGM0363,Amsterdam,NH,-1\n",
        "code,name,province,population\nGM0363,Amsterdam,NH,\n",
        "code,name,province,population\nGM0363,Amsterdam,NH,veel\n",
        "code,name,province,population\nG0363,Amsterdam,NH,5\n",
        "gemeente;inwoners\nAmsterdam;931298\n",
    ],
    ids=["duplicate", "negative", "missing", "non-numeric", "malformed-code", "header"],
)
def test_bad_register_changes_nothing(meeting, body: str) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(meeting)
    with pytest.raises(ImportRefused) as info:
        meeting.import_register(body.encode(), "bad.csv")
    assert "er is niets ingelezen" in str(info.value)
    assert _snapshot(meeting) == before


def test_bad_designations_change_nothing(meeting) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(meeting)
    body = "code,name,role,email\nGM0363,A,burgemeester,a@b.nl\nGM0599,B,stagiair,b@c.nl\n"
    with pytest.raises(ImportRefused):
        meeting.import_designations(body.encode(), "bad.csv")
    assert _snapshot(meeting) == before


def test_good_designations_replace_and_log(meeting) -> None:  # type: ignore[no-untyped-def]
    body = "code,name,role,email\nGM0363,Nieuwe Naam,Secretaris,s@amsterdam.example\n"
    assert meeting.import_designations(body.encode(), "ok.csv") == 1
    d = meeting.designations()["GM0363"]
    assert (d.name, d.role) == ("Nieuwe Naam", "gemeentesecretaris")
    assert audit.entries(meeting.store)[-1].action == "reps.import"


def test_set_designation_refusals(meeting) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(meeting)
    with pytest.raises(DeskError) as info:
        meeting.set_designation("GM9999", name="X", role="raadslid", email=None)
    assert info.value.code == "reps.unknown_code"
    with pytest.raises(DeskError) as info:
        meeting.set_designation("GM0363", name="X", role="portier", email=None)
    assert info.value.code == "role.not_eligible"
    with pytest.raises(DeskError) as info:
        meeting.set_designation("GM0363", name="X", role="raadslid", email="geen adres")
    assert info.value.code == "reps.bad_email"
    assert _snapshot(meeting) == before


def test_weights_freeze_when_the_meeting_opens(meeting) -> None:  # type: ignore[no-untyped-def]
    meeting.open_meeting()
    with pytest.raises(DeskError) as info:
        meeting.import_register(REGISTER.read_bytes(), "again.csv")
    assert info.value.code == "register.frozen"
    # the store itself refuses too, whatever code path tries it
    from desk_app.storage.sql import IntegrityErrors

    with pytest.raises(IntegrityErrors, match="weights are frozen"):
        with meeting.store.transaction() as db:
            db.execute("UPDATE members SET votes = 75 WHERE code = 'GM0088'")
    assert meeting.store.query("SELECT votes FROM members WHERE code='GM0088'")[0]["votes"] == 1
    with pytest.raises(DeskError):
        meeting.open_meeting()


@pytest.mark.sqlite_only("makes a meeting file (a meeting reaches the server by server push)")
def test_create_refuses_an_existing_meeting(meeting) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DeskError) as info:
        MeetingService.create(
            meeting.store.path,
            name="x",
            date="2024-01-01",
            place="y",
            register_csv=REGISTER.read_bytes(),
            register_source="r",
        )
    assert info.value.code == "meeting.exists"


def test_create_with_bad_register_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with pytest.raises(ImportRefused):
        MeetingService.create(
            path,
            name="x",
            date="2024-01-01",
            place="y",
            register_csv=b"code,name,province,population\nGM1,a,b,c\n",
            register_source="r",
        )
    assert not path.exists()


# --- issue 14 item 3 and issue 12 item 6: the register and designations as the secretariat has them --

SMALL_NL = "gemeentecode;gemeentenaam;provincie;Bevolking op 1 januari 2024\nGM0363;Amsterdam;Noord-Holland;931.298\n"


def _workbook(rows: list[list[object]]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_create_with_a_dutch_xlsx_register(tmp_path: Path) -> None:
    data = _workbook(
        [
            ["Gemeentelijke indeling op 1 januari 2024"],
            [],
            ["Gemeentecode", "GemeentecodeGM", "Gemeentenaam", "Provincienaam", "Bevolking op 1 januari 2024"],
            [363, "GM0363", "Amsterdam", "Noord-Holland", 931298],
            [88, "GM0088", "Schiermonnikoog", "Fryslân", 972.0],
        ]
    )
    service = MeetingService.create(
        tmp_path / "m.sqlite",
        name="ALV",
        date="2024-06-05",
        place="Den Haag",
        register_csv=data,
        register_source="gemeenten.xlsx",
    )
    assert [(m.code, m.population, m.votes) for m in service.members()] == [("GM0088", 972, 1), ("GM0363", 931_298, 75)]
    service.store.close()


def test_reimport_with_dutch_headers_and_designations_from_xlsx(meeting) -> None:  # type: ignore[no-untyped-def]
    header = "Gemeentecode,Gemeente,Provincie,Inwoners"
    full = REGISTER.read_text("utf-8").replace("code,name,province,population_2024", header)
    t = meeting.import_register(full.encode(), "nl.csv")
    assert (t.members, t.votes) == (342, 13_111)
    data = _workbook(
        [["Gemeentecode", "Naam", "Functie", "E-mailadres"], ["GM0363", "Nieuwe Naam", "Wethouder", "w@a.nl"]]
    )
    assert meeting.import_designations(data, "vertegenwoordigers.xlsx") == 1
    assert meeting.designations()["GM0363"].role == "wethouder"


def test_register_for_another_year_is_refused_and_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "2025.sqlite"
    with pytest.raises(ImportRefused) as info:
        MeetingService.create(
            path, name="x", date="2025-06-04", place="y", register_csv=REGISTER.read_bytes(), register_source="r"
        )
    assert "1 januari 2025" in info.value.message("nl")
    assert not path.exists()


def test_reimport_with_a_stale_reference_date_changes_nothing(meeting) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(meeting)
    stale = SMALL_NL.replace("2024", "2023")
    with pytest.raises(ImportRefused) as info:
        meeting.import_register(stale.encode(), "2023.csv")
    assert "noemt 1 januari 2023 als peildatum, maar de vergadering is in 2024" in info.value.message("nl")
    assert _snapshot(meeting) == before


@pytest.mark.parametrize("population", ["1" + "0" * 30, "-1", "veel"])
def test_absurd_population_leaves_no_meeting_file(tmp_path: Path, population: str) -> None:
    path = tmp_path / "absurd.sqlite"
    body = f"code,name,province,population\nGM0363,Amsterdam,NH,{population}\n".encode()
    with pytest.raises(ImportRefused):
        MeetingService.create(path, name="x", date="2024-06-05", place="y", register_csv=body, register_source="r")
    assert not list(tmp_path.iterdir())


def test_a_failure_while_the_file_is_made_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desk_app.storage import meeting as repo

    def broken(*args: object) -> None:
        raise RuntimeError("disk pulled")

    monkeypatch.setattr(repo, "replace_members", broken)
    path = tmp_path / "half.sqlite"
    with pytest.raises(RuntimeError):
        MeetingService.create(
            path, name="x", date="2024-06-05", place="y", register_csv=REGISTER.read_bytes(), register_source="r"
        )
    assert not list(tmp_path.iterdir())


def test_reimport_that_drops_a_municipality_with_a_pass_or_submission_is_refused(meeting) -> None:  # type: ignore[no-untyped-def]
    from desk_app.services.desk import DeskService

    desk = DeskService(meeting.store, meeting.actor)
    desk.check_in(desk.manual_verdict("GM0088", "kaart vergeten"), name="A. Visser", role="burgemeester")
    lines = REGISTER.read_text("utf-8").splitlines(keepends=True)
    # GM0088 has a pass; GM0153 (Enschede) submitted motion 4.M1 on the demo agenda.
    without = "".join(line for line in lines if not line.startswith(("GM0088,", "GM0153,")))
    before = _snapshot(meeting)
    with pytest.raises(DeskError) as info:
        meeting.import_register(without.encode(), "minder.csv")
    assert info.value.code == "register.drops_used"
    nl, en = info.value.message("nl"), info.value.message("en")
    assert "laat 2 gemeenten weg" in nl and "leaves out 2 municipalities already used" in en
    assert "GM0088 Schiermonnikoog (stempas)" in nl and "GM0153 Enschede (indiener op de agenda)" in nl
    assert "GM0088 Schiermonnikoog (voting pass)" in en
    assert _snapshot(meeting) == before
    # dropping a municipality nobody used is still allowed (a merger corrected before the day)
    unused = "".join(line for line in lines if not line.startswith("GM0014,"))
    assert meeting.import_register(unused.encode(), "zonder-groningen.csv").members == 341


def test_register_warnings_name_the_cbs_count(meeting) -> None:  # type: ignore[no-untyped-def]
    assert meeting.register_warnings() == []
    lines = REGISTER.read_text("utf-8").splitlines(keepends=True)
    meeting.import_register("".join(line for line in lines if not line.startswith("GM0014,")).encode(), "341.csv")
    (warning,) = meeting.register_warnings()
    assert warning.code == "register.count"
    assert "341 gemeenten" in warning.message("nl") and "342" in warning.message("nl")
