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
    return (q("SELECT * FROM members ORDER BY code"), q("SELECT * FROM designations ORDER BY code"),
            q("SELECT seq, hash FROM audit ORDER BY seq"))


def test_demo_meeting(meeting) -> None:  # type: ignore[no-untyped-def]
    t = meeting.totals()
    assert (t.members, t.votes) == (342, 13_111)
    rows = {r.code: r for r in meeting.member_rows()}
    assert rows["GM0363"].votes == 75 and rows["GM0363"].rep_role in ("burgemeester", "wethouder", "raadslid",
                                                                      "gemeentesecretaris", "griffier")
    assert [e.action for e in audit.entries(meeting.store)] == [
        "meeting.create", "reps.import", "supervisor.pin", "agenda.load"]


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
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        with meeting.store.transaction() as db:
            db.execute("UPDATE members SET votes = 75 WHERE code = 'GM0088'")
    assert meeting.store.query("SELECT votes FROM members WHERE code='GM0088'")[0]["votes"] == 1
    with pytest.raises(DeskError):
        meeting.open_meeting()


def test_create_refuses_an_existing_meeting(meeting) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DeskError) as info:
        MeetingService.create(meeting.store.path, name="x", date="2024-01-01", place="y",
                              register_csv=REGISTER.read_bytes(), register_source="r")
    assert info.value.code == "meeting.exists"


def test_create_with_bad_register_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with pytest.raises(ImportRefused):
        MeetingService.create(path, name="x", date="2024-01-01", place="y",
                              register_csv=b"code,name,province,population\nGM1,a,b,c\n", register_source="r")
    assert not path.exists()
