"""Every desk action from the command line: the desk's own use cases, the same audit entries, clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_app.session import Session
from desk_app.storage import audit
from tests.cli.runner import run, token
from tests.helpers import committed

PIN = "1234"  # the demo meeting's


def actions(db: str) -> list[str]:
    with Session.open(db) as s:
        return [e.action for e in audit.entries(s.store)]


def status(db: str, serial: int) -> str:
    with Session.open(db) as s:
        v = s.desk.pass_verdict(serial)
        assert v.existing is not None
        return str(v.existing.status)


def check_in(capsys: pytest.CaptureFixture[str], db: str, code: str, name: str = "Jan Jansen") -> int:
    rc, out, err = run(
        capsys, "--db", db, "checkin", token(db, code), "--name", name, "--role", "wethouder", "--no-print", "--json"
    )
    assert rc == 0, err
    return int(json.loads(out)["pass"])


# -- look-up and check-in by code --------------------------------------------------------------------------
def test_lookup_shows_the_verdict_and_the_way_to_check_in(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = actions(db)
    rc, out, err = run(capsys, "--db", db, "lookup", "den haag", "--reason", "kaart vergeten")
    assert rc == 0, err
    assert out.splitlines()[0].startswith("> GM0518  's-Gravenhage")
    assert "TOEGELATEN: 's-Gravenhage: 75 stemmen" in out
    assert "desk-app checkin --code GM0518 --reason 'kaart vergeten' --name NAAM --role FUNCTIE" in out
    assert actions(db) == before  # a look-up changes nothing

    data = json.loads(run(capsys, "--lang", "en", "--db", db, "lookup", "0518", "--reason", "x", "--json")[1])
    assert data["chosen"] == "GM0518" and data["verdict"]["verdict"] == "accepted"
    assert data["verdict"]["headline"] == "ACCEPTED" and data["verdict"]["manual_reason"] == "x"
    assert data["next"] == ["desk-app checkin --code GM0518 --reason x --name NAME --role ROLE"]


def test_lookup_chooses_by_the_start_of_a_name_and_asks_when_in_doubt(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(run(capsys, "--db", db, "lookup", "groning", "--reason", "x", "--json")[1])
    assert data["chosen"] == "GM0014"  # Groningen, not Midden-Groningen
    rc, out, err = run(capsys, "--db", db, "lookup", "den", "--reason", "x")  # Den Haag? Den Bosch? Den Helder?
    assert rc == 1 and "Meer dan één gemeente past bij 'den'" in err and "GM0518" in out
    rc, _, err = run(capsys, "--lang", "en", "--db", db, "lookup", "atlantis", "--reason", "x")
    assert (
        rc == 1
        and err == "No municipality found for 'atlantis'. Search by name (or part of it) or by code, e.g. 0363.\n"
    )
    rc, _, err = run(capsys, "--db", db, "lookup", "den haag")
    assert rc == 2 and "deze argumenten ontbreken: --reason" in err


def test_checkin_by_code_needs_a_reason_and_records_it(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = actions(db)
    argv = ["--db", db, "checkin", "--code", "GM0518", "--name", "Quirine Hendriks", "--role", "griffier"]
    rc, _, err = run(capsys, *argv, "--no-print")
    assert rc == 1 and err == "Geef een reden op; die wordt vastgelegd.\n"
    assert actions(db) == before
    rc, out, err = run(capsys, *argv, "--reason", "kaart vergeten", "--no-print", "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert data["accepted"] and data["verdict"] == "accepted" and data["code"] == "GM0518"
    assert data["manual_reason"] == "kaart vergeten" and data["printed"] is None and data["print_state"] == "pending"
    assert "desk-app print" in err  # not printed: how to print it
    with Session.open(db) as s:
        last = audit.entries(s.store)[-1]
        assert last.action == "checkin" and committed(s.store, last, "manual_reason") == "kaart vergeten"
    rc, _, err = run(capsys, *argv, "--reason", "nog een keer", "--no-print")
    assert rc == 1 and err.startswith("AL GEREGISTREERD: 's-Gravenhage is al geregistreerd")
    rc, _, err = run(capsys, "--db", db, "checkin", "--name", "X", "--role", "wethouder")
    assert rc == 2 and "een van de argumenten token --code is verplicht" in err


# -- the coordinator's actions -------------------------------------------------------------------------------
def test_substitute_lost_undo_with_the_desk_s_audit_entries(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check_in(capsys, db, "GM0599")
    rc, out, err = run(
        capsys, "--db", db, "substitute", str(first), "--name", "Pieter-Jan Smit", "--role", "wethouder",
        "--no-print", "--json",
    )  # fmt: skip
    assert rc == 0, err
    sub = json.loads(out)
    assert sub["action"] == "substitute" and sub["previous"] == first and sub["holder"] == "Pieter-Jan Smit"
    assert status(db, first) == "returned"

    n = len(actions(db))
    rc, _, err = run(capsys, "--db", db, "lost", str(sub["pass"]), "--reason", "kwijt", "--no-print")
    assert rc == 1 and "pincode van de coördinator" in err and "STEMBALIE_PIN" in err  # no PIN, no terminal
    rc, _, err = run(capsys, "--db", db, "lost", str(sub["pass"]), "--reason", "kwijt", "--pin", "9999", "--no-print")
    assert rc == 1 and err.startswith("Onjuiste pincode van de coördinator. Er is niets gewijzigd.")
    assert err.count("\n") == 1  # no log line on stderr
    assert len(actions(db)) == n

    monkeypatch.setenv("STEMBALIE_PIN", PIN)
    rc, out, err = run(capsys, "--db", db, "lost", str(sub["pass"]), "--reason", "kwijt", "--no-print")
    assert rc == 0, err
    assert f"Verloren stempas {sub['pass']} vervangen door stempas {sub['pass'] + 1}" in out
    assert status(db, sub["pass"]) == "replaced"

    rc, out, err = run(capsys, "--lang", "en", "--db", db, "undo", str(sub["pass"] + 1), "--reason", "wrong card")
    assert rc == 0 and out.startswith(f"Check-in undone: pass {sub['pass'] + 1} of GM0599 is invalid"), err
    rc, _, err = run(capsys, "--lang", "en", "--db", db, "undo", str(sub["pass"] + 1), "--reason", "again")
    assert rc == 1 and err == (
        "This voting pass was withdrawn by a decision of the coordinator and is invalid; nothing can be done with it.\n"
    )
    assert actions(db)[n:] == ["pass.replace_lost", "checkin.undo"]
    assert actions(db)[n - 2 : n] == ["checkin", "pass.substitute"]
    data = json.loads(run(capsys, "--db", db, "presence", "--json")[1])
    assert {r["code"]: r["status"] for r in data["presence"]}["GM0599"] == "absent"


def test_override_by_card_or_by_code(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    first = check_in(capsys, db, "GM0153")
    argv = ["--db", db, "override", "--name", "Fatima el Amrani", "--role", "burgemeester", "--pin", PIN]
    rc, _, err = run(capsys, *argv, token(db, "GM0363"), "--reason", "vergissing", "--no-print")
    assert rc == 1 and "Amsterdam is nog niet geregistreerd" in err  # nothing to override: use checkin
    rc, out, err = run(capsys, *argv, token(db, "GM0153"), "--reason", "vergissing", "--no-print", "--json")
    assert rc == 0, err
    data = json.loads(out)
    assert data["action"] == "override" and data["previous"] == first and data["code"] == "GM0153"
    assert status(db, first) == "undone"
    with Session.open(db) as s:
        last = audit.entries(s.store)[-1]
    assert last.action == "checkin.override" and last.details["old"] == first and last.details["card_version"] == 1
    # Looked up by hand: the reason is also the look-up's.
    rc, out, err = run(capsys, *argv, "--code", "GM0153", "--reason", "kaart thuis", "--no-print")
    assert rc == 0 and "Toegelaten ondanks eerdere registratie" in out, err
    with Session.open(db) as s:
        last = audit.entries(s.store)[-1]
        assert committed(s.store, last, "manual_reason") == "kaart thuis" and last.details["card_version"] is None
    rc, _, err = run(capsys, *argv, "--code", "GM0153", "--no-print")
    assert rc == 2 and "--reason" in err


def test_passes_are_printed_to_pdf_through_the_desk_s_print_step(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    out_dir = tmp_path / "passen"
    n = len(actions(db))
    rc, out, err = run(
        capsys, "--db", db, "checkin", token(db, "GM0363"), "--name", "Yusuf van Leeuwen", "--role", "wethouder",
        "--out", str(out_dir), "--json",
    )  # fmt: skip
    assert rc == 0, err
    data = json.loads(out)
    pdf = Path(data["printed"]["path"])
    assert data["printed"]["ok"] and pdf.parent == out_dir and pdf.read_bytes().startswith(b"%PDF")
    assert data["print_state"] == "printed"
    assert actions(db)[n:] == ["checkin", "pass.printed"]  # as DeskService.issue at the desk

    serial = data["pass"]
    pdf.unlink()
    rc, out, err = run(capsys, "--db", db, "reprint", str(serial), "--reason", "vastgelopen", "--pin", PIN,
                       "--out", str(out_dir))  # fmt: skip
    assert rc == 0 and f"Stempas {serial} opnieuw afgedrukt" in out and pdf.is_file(), err
    assert actions(db)[n + 2 :] == ["pass.reprint", "pass.printed"]

    # Registered without paper, then printed without a PIN (the desk's print key).
    other = check_in(capsys, db, "GM0599")
    rc, out, err = run(capsys, "--db", db, "print", str(other), "--out", str(out_dir))
    assert rc == 0 and f"Stempas {other} afgedrukt" in out and "Stempas als PDF" in out, err
    rc, _, err = run(capsys, "--db", db, "print", str(other), "--out", str(out_dir))
    assert rc == 1 and "al afgedrukt" in err  # another copy is a reprint


def test_a_print_failure_leaves_the_pass_issued(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    blocked = tmp_path / "geen-map"
    blocked.write_text("a file where the folder should be")
    rc, out, err = run(
        capsys, "--lang", "en", "--db", db, "checkin", token(db, "GM0344"), "--name", "Mohamed Bakker",
        "--role", "burgemeester", "--out", str(blocked),
    )  # fmt: skip
    assert rc == 0 and "Pass 1 issued" in out
    assert err.startswith("Not printed: ") and "desk-app print 1" in err
    assert actions(db)[-2:] == ["checkin", "pass.print_failed"]


# -- open, verify, export ----------------------------------------------------------------------------------
def test_open_shows_register_warnings_and_needs_yes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers import REGISTER

    short = tmp_path / "register.csv"
    short.write_text("\n".join(REGISTER.read_text(encoding="utf-8").splitlines()[:11]) + "\n", encoding="utf-8")
    db = str(tmp_path / "alv.sqlite")
    assert run(capsys, "--db", db, "init", "--register", str(short), "--date", "2024-05-24")[0] == 0
    rc, out, err = run(capsys, "--db", db, "open")
    assert rc == 1 and out == ""
    assert err.startswith("Let op: ") and "342" in err and "desk-app open --yes" in err
    assert actions(db) == ["meeting.create"]  # not opened
    rc, out, err = run(capsys, "--lang", "en", "--db", db, "open", "--yes")
    assert rc == 0 and out.startswith("Meeting opened at ") and err.startswith("Note: ")


def test_verify_against_anchors(meeting_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.storage.tamper import rehash_from, shell

    db = str(meeting_file)
    data = json.loads(run(capsys, "--db", db, "verify", "--json")[1])
    assert data["ok"] and data["replayed"] and data["anchor"] == f"{data['entries']}:{data['head']}"
    head = data["anchor"]
    assert run(capsys, "--db", db, "backup", "--to", str(tmp_path / "bk"))[0] == 0
    backup = next((tmp_path / "bk").glob("*.sqlite"))
    rc, out, err = run(capsys, "--db", db, "verify", "--against", head, "--against", str(backup))
    assert rc == 0 and out.count(" klopt met ") >= 2, err

    # Rewritten the way a person with sqlite3 would: an entry changed, every later hash recomputed.
    shell(meeting_file, "UPDATE audit SET actor = 'iemand' WHERE seq = 2")
    rehash_from(meeting_file, 2)
    assert run(capsys, "--db", db, "verify")[0] == 0  # the file alone cannot tell
    rc, out, err = run(capsys, "--db", db, "verify", "--against", head[:20])
    assert rc == 1 and "herschreven" in err and "incident" in err
    rc, _, err = run(capsys, "--lang", "en", "--db", db, "verify", "--against", str(backup))
    assert rc == 1 and "rewritten" in err
    data = json.loads(run(capsys, "--db", db, "verify", "--against", head, "--json")[1])
    assert not data["ok"] and data["anchors"][0]["result"] == "rehashed"
    rc, _, err = run(capsys, "--db", db, "verify", "--against", "geen-anker")
    assert rc == 1 and "geen-anker bevat geen kophash" in err


def test_export_refuses_a_broken_record_unless_told(
    meeting_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    from tests.storage.tamper import shell

    db = str(meeting_file)
    check_in(capsys, db, "GM0363")
    shell(meeting_file, "UPDATE passes SET status = 'undone'")
    rc, _, err = run(capsys, "--db", db, "export", "--out", str(tmp_path / "export"))
    assert rc == 1 and err.startswith("Er is niets geëxporteerd") and "--despite-integrity-failure" in err
    assert not (tmp_path / "export").exists()
    rc, _, err = run(capsys, "--db", db, "export", "--out", str(tmp_path / "export"), "--despite-integrity-failure")
    assert rc == 0 and "INTEGRITEITSFOUT" in err
    first_line = (tmp_path / "export" / "attendance.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line.lstrip('"').startswith("INTEGRITEITSFOUT")
    assert run(capsys, "verify-export", str(tmp_path / "export"))[0] == 1


# -- settings and the agenda --------------------------------------------------------------------------------
def test_settings_show_every_declared_field(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    import dataclasses

    from desk_app.domain.meeting import MeetingSettings

    data = json.loads(run(capsys, "--db", db, "settings", "--json")[1])
    assert data["settings"] == MeetingSettings().to_json() and data["meeting_open"] is False
    assert data["voting_order"] == ["2", "4.A1", "4", "4.M1", "4.M2", "4.M3"] and data["voting_order_set"] is False
    out = run(capsys, "--db", db, "settings")[1]
    for f in dataclasses.fields(MeetingSettings):
        assert "--" + f.name.replace("_", "-") in out
    assert "basis: uitgebrachte stemmen" in out and "subamendement → amendement" in out and "abstentions" in out
    out = run(capsys, "--lang", "en", "--db", db, "settings", "show")[1]
    assert out.startswith("Meeting settings (meeting not opened yet):") and "Voting order (default, computed" in out


def test_settings_set_takes_its_values_from_the_declaration(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    from desk_app.domain.agenda import PHASES
    from desk_app.domain.tally import Base

    out = " ".join(run(capsys, "--db", db, "settings", "set", "--help")[1].split())  # unwrapped
    assert ", ".join(b.value for b in Base) in out and ", ".join(PHASES) in out
    rc, _, err = run(capsys, "--db", db, "settings", "set", "--base", "meerderheid")
    assert rc == 2 and "ongeldige keuze: 'meerderheid'" in err
    rc, _, err = run(capsys, "--lang", "en", "--db", db, "settings", "set", "--quorum-votes", "veel")
    assert rc == 2 and "'veel' is not a whole number nor 'off'" in err
    rc, _, err = run(capsys, "--db", db, "settings", "set")
    assert rc == 2 and "Geef minstens één instelling" in err


def test_settings_set_changes_the_meeting_and_needs_the_pin_once_open(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, out, err = run(capsys, "--db", db, "settings", "set", "--base", "abstentions_counted", "--quorum-votes", "uit",
                       "--json")  # fmt: skip
    assert rc == 0, err
    assert json.loads(out)["settings"]["base"] == "abstentions_counted"
    assert run(capsys, "--db", db, "open")[0] == 0
    n = len(actions(db))
    rc, _, err = run(capsys, "--db", db, "settings", "set", "--no-present-only")
    assert rc == 1 and "pincode" in err and len(actions(db)) == n
    rc, _, err = run(capsys, "--db", db, "settings", "set", "--no-present-only", "--pin", PIN)
    assert rc == 0 and len(actions(db)) == n + 1, err


def test_settings_order_through_the_voting_service(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "--db", db, "settings", "order", "2", "4.A1", "4", "4.M3", "4.M2", "4.M1")
    assert rc == 0 and out == "Stemvolgorde (vastgesteld): 2, 4.A1, 4, 4.M3, 4.M2, 4.M1\n"
    assert actions(db)[-1] == "agenda.order"
    n = len(actions(db))
    rc, _, err = run(capsys, "--db", db, "settings", "order", "2", "4")
    assert rc == 1 and "4.A1" in err and len(actions(db)) == n  # every vote once, or nothing changes
    data = json.loads(run(capsys, "--db", db, "settings", "order", "--default", "--json")[1])
    assert data == {"voting_order": ["2", "4.A1", "4", "4.M1", "4.M2", "4.M3"], "voting_order_set": False}
    rc, _, err = run(capsys, "--db", db, "settings", "order", "2", "--default")
    assert rc == 2 and "niet allebei" in err


@pytest.mark.parametrize("suffix", [".toml", ".xlsx"])
def test_agenda_export_reads_back(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    path = tmp_path / f"agenda{suffix}"
    rc, out, err = run(capsys, "--db", db, "agenda", "--export", str(path), "--json")
    assert rc == 0 and err == f"Agenda geschreven naar {path}.\n"
    shown = json.loads(out)
    other = str(tmp_path / "ander.sqlite")
    assert run(capsys, "--db", other, "init", "--date", "2024-05-24")[0] == 0
    rc, out, err = run(capsys, "--db", other, "agenda", "--load", str(path), "--json")
    assert rc == 0, err
    assert json.loads(out) == shown  # items, types, titles and the voting order
    assert not list(tmp_path.glob("*.part"))


def test_agenda_help_names_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "agenda", "--help")[1]
    assert "TOML, .xlsx of ;-CSV" in out
    out = run(capsys, "--lang", "en", "agenda", "--help")[1]
    assert "TOML, .xlsx or ;-CSV" in out


def test_declare_with_a_statement_needs_the_chair_s_verdict(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    check_in(capsys, db, "GM0363")
    for argv in (
        ["open"],
        ["vote", "open", "4", "--confirm-order"],
        ["vote", "record", "voor", "--code", "GM0363"],
        ["vote", "close"],
    ):
        assert run(capsys, "--db", db, *argv)[0] == 0
    rc, _, err = run(capsys, "--db", db, "vote", "declare", "--statement", "Aangenomen")
    assert rc == 2 and "--as adopted" in err
    rc, _, _ = run(capsys, "--db", db, "vote", "declare", "--as", "adopted", "--statement", "Aangenomen")
    assert rc == 0
    result = json.loads(run(capsys, "--db", db, "vote", "result", "--json")[1])
    assert result["declared"] == {"adopted": True, "statement": "Aangenomen"}
