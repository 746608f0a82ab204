"""The desk's guards from the command line (issue 12): the same service, the same refusals and logs."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from desk_app.domain.token import damm_digit
from desk_app.session import Session
from desk_app.storage import audit
from tests.cli.runner import run, token

PIN = "1234"  # the demo meeting's


def log_rows(db: str) -> list[tuple[str, str, str, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT desk, kind, reason, digest FROM desk_log ORDER BY id").fetchall()


def test_changing_the_pin_needs_the_current_pin(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 12.3's repro: `desk-app supervisor-pin 9999` without the old PIN, then an override."""
    with Session.open(db) as s:
        n = len(audit.entries(s.store))
    for argv in (("supervisor-pin", "9999"), ("coordinator-pin", "9999", "--current", "0000")):
        rc, _, err = run(capsys, "--db", db, *argv)
        assert rc == 1 and "pincode" in err and "niets gewijzigd" in err
    rc, _, err = run(capsys, "--db", db, "undo", "1", "--reason", "test", "--pin", "9999")
    assert rc == 1 and "Onjuiste pincode" in err
    with Session.open(db) as s:
        assert len(audit.entries(s.store)) == n  # nothing changed
    rc, out, _ = run(capsys, "--db", db, "coordinator-pin", "20240524", "--current", PIN)
    assert rc == 0 and "ingesteld" in out
    rc, _, _ = run(capsys, "--db", db, "coordinator-pin", "123456")  # no terminal to ask the current one on
    assert rc == 1


def test_the_current_pin_may_come_from_the_environment(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STEMBALIE_PIN", PIN)
    assert run(capsys, "--db", db, "coordinator-pin", "654321")[0] == 0


def test_refused_scans_are_recorded_from_the_cli_too(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    body = "2" + "7777" + "000123" + "5555555555"
    foreign = body + damm_digit(body)
    rc, _, err = run(capsys, "--db", db, "checkin", foreign, "--name", "X", "--role", "wethouder")
    assert rc == 1 and "ONBEKENDE STEMPAS" in err and "ANDERE VERGADERING" not in err
    rc, _, err = run(capsys, "--db", db, "checkin", "12345", "--name", "X", "--role", "wethouder")
    assert rc == 1
    assert log_rows(db) == [
        ("balie-1", "scan.refused", "token.pass_other_meeting", hashlib.sha256(foreign.encode()).hexdigest()),
        ("balie-1", "scan.refused", "token.format", hashlib.sha256(b"12345").hexdigest()),
    ]


def test_one_person_one_pass_and_the_coordinators_way_through(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            capsys,
            "--db",
            db,
            "checkin",
            token(db, "GM0014"),
            "--name",
            "Daan Kok",
            "--role",
            "wethouder",
            "--no-print",
        )[0]
        == 0
    )
    ams = token(db, "GM0363")
    rc, _, err = run(capsys, "--db", db, "checkin", ams, "--name", "daan kök", "--role", "wethouder", "--no-print")
    assert rc == 1 and "stempas 1 voor Groningen" in err and "override" in err
    rc, _, err = run(
        capsys,
        "--db",
        db,
        "override",
        ams,
        "--name",
        "daan kök",
        "--role",
        "wethouder",
        "--reason",
        "naamgenoot, paspoort gezien",
        "--pin",
        PIN,
        "--no-print",
    )
    assert rc == 0, err
    with Session.open(db) as s:
        last = audit.entries(s.store)[-1]
        assert last.action == "checkin" and last.details["same_person"] == [{"code": "GM0014", "serial": 1}]
    rc, _, err = run(
        capsys,
        "--db",
        db,
        "override",
        token(db, "GM0344"),
        "--name",
        "Iemand Anders",
        "--role",
        "wethouder",
        "--reason",
        "x",
        "--pin",
        PIN,
        "--no-print",
    )
    assert rc == 1 and "nog niet geregistreerd" in err  # nothing to override


def test_leaving_on_an_undone_pass_reads_as_words(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            capsys,
            "--db",
            db,
            "checkin",
            token(db, "GM0344"),
            "--name",
            "A. Jansen",
            "--role",
            "raadslid",
            "--no-print",
        )[0]
        == 0
    )
    assert run(capsys, "--db", db, "undo", "1", "--reason", "verkeerde kaart", "--pin", PIN)[0] == 0
    rc, out, err = run(capsys, "--db", db, "leave", "1")
    assert (
        rc == 1 and "Text(" not in out + err and "ingetrokken door een beslissing van de coördinator en ongeldig" in err
    )
