"""A command line that writes is a desk starting (issue 12.1, RELIABILITY scenario 21): the record is
checked first and a record that does not hold refuses the command, with nothing written; commands
that only read are not held up. And where the meeting file lives (issue 12.4, scenario 19):
removable media need ``--allow-removable``, a read-only medium opens read-only with its notice."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desk_app import settings
from desk_app.cli import registry
from desk_app.cli.parser import build_parser
from desk_app.domain.text import Translator
from desk_app.services.backup import backup_now
from desk_app.session import Session
from desk_app.storage import audit
from desk_app.storage import db as store_module
from desk_app.storage.db import Medium
from tests.cli.runner import run, token
from tests.storage.tamper import shell

STOPPED = "Gestopt: het vergaderbestand klopt niet meer ("


def everything(db: str) -> str:
    """The whole meeting as SQL text (every table, the desk's log of refused scans included)."""
    with sqlite3.connect(db) as conn:
        return "\n".join(conn.iterdump())


def a_day_so_far(capsys: pytest.CaptureFixture[str], db: str) -> None:
    """Opened, Utrecht checked in (pass 1), a vote open on item 4 with Utrecht's choice in it."""
    for argv in (
        ["open"],
        ["checkin", token(db, "GM0344"), "--name", "A. Jansen", "--role", "raadslid", "--no-print"],
        ["vote", "open", "4", "--confirm-order"],
        ["vote", "record", "voor", "--code", "GM0344"],
    ):
        rc, _, err = run(capsys, "--db", db, *argv)
        assert rc == 0, err


# -- a broken record refuses every command that writes ------------------------------------------------


def test_a_pass_voided_with_the_sqlite_shell_stops_the_next_checkin(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """RELIABILITY.md's repro of 2026-11-29: verify names the change, checkin still issued stempas 2."""
    a_day_so_far(capsys, db)
    shell(db, "UPDATE passes SET status = 'undone' WHERE serial = 1")  # triggers dropped first
    before = everything(db)
    rc, _, err = run(capsys, "--db", db, "verify")
    assert rc == 1 and "passes" in err
    argv = ["checkin", "--code", "GM0363", "--reason", "kaart vergeten", "--name", "Femke Halsema"]
    rc, out, err = run(capsys, "--db", db, *argv, "--role", "burgemeester", "--no-print")
    assert rc == 1 and out == ""
    assert err.startswith(STOPPED) and "passes" in err and "Roep de coördinator" in err
    rc, _, err = run(capsys, "--lang", "en", "--db", db, *argv, "--role", "burgemeester", "--no-print")
    assert rc == 1 and err.startswith("Stopped: the meeting file no longer holds (") and "Call the coordinator" in err
    assert everything(db) == before  # no pass, no audit entry, not even a line in the desk's log


WRITING = [
    ["checkin", "--code", "GM0363", "--reason", "kaart vergeten", "--name", "F. Halsema", "--role", "burgemeester"],
    ["leave", "1"],
    ["return", "1"],
    ["undo", "1", "--reason", "test", "--pin", "1234"],
    ["vote", "record", "tegen", "--code", "GM0344"],
    ["vote", "close"],
    ["vote", "acclaim", "2", "--statement", "bij acclamatie"],
    ["settings", "order", "--default"],
    ["settings", "set", "--no-present-only", "--pin", "1234"],
    ["reps", "set", "GM0363", "--name", "F. Halsema", "--role", "burgemeester"],
    ["coordinator-pin", "5678", "--current", "1234"],
    ["agenda", "--load", "resources/demo/agenda-extra-alv-2024-05-24.toml"],
]


@pytest.mark.parametrize("argv", WRITING, ids=lambda a: " ".join(a[:2]))
def test_every_command_that_writes_is_refused_and_writes_nothing(
    db: str, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    a_day_so_far(capsys, db)
    shell(db, "UPDATE vote_records SET choice = 'tegen' WHERE code = 'GM0344'")
    before = everything(db)
    rc, _, err = run(capsys, "--db", db, *argv)
    assert rc == 1 and err.startswith(STOPPED) and "vote_records" in err, err
    assert everything(db) == before


READING = [
    (["members", "--json"], 0),
    (["presence", "--json"], 0),
    (["lookup", "0363", "--reason", "kaart vergeten"], 0),
    (["vote", "result", "--json"], 0),
    (["settings", "--json"], 0),
    (["settings", "order"], 0),
    (["agenda", "--json"], 0),
    (["verify"], 1),  # says what does not hold: its own refusal
    (["export", "--out", "EXPORT"], 1),  # its own refusal: exported only on purpose, marked
]


@pytest.mark.parametrize(("argv", "code"), READING, ids=lambda a: " ".join(a[:1]) if isinstance(a, list) else "")
def test_commands_that_read_are_not_held_up(
    db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], code: int, qapp: object
) -> None:
    # qapp: export paints the proces-verbaal on the one QApplication
    a_day_so_far(capsys, db)
    shell(db, "UPDATE vote_records SET choice = 'tegen' WHERE code = 'GM0344'")
    argv = [str(tmp_path / "export") if a == "EXPORT" else a for a in argv]
    rc, _, err = run(capsys, "--db", db, *argv)
    assert rc == code and STOPPED not in err, err


def test_a_record_that_holds_is_not_held_up(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    a_day_so_far(capsys, db)  # every command of it wrote after a check that held
    with Session.open(db) as s:
        actions = [e.action for e in audit.entries(s.store)]
    assert actions[-4:] == ["meeting.open", "checkin", "vote.open", "vote.record"]


def test_a_cut_tail_is_found_against_this_laptop_s_newest_backup(
    db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The same check as the window: the newest backup in the backup folder of the preferences is an anchor."""
    a_day_so_far(capsys, db)
    folder = tmp_path / "usb"
    backup_now(Path(db), folder)
    settings.save(settings.Preferences(backup_folder=str(folder)))
    with Session.open(db) as s:
        last = audit.head(s.store).seq
    shell(db, "DELETE FROM vote_records WHERE code = 'GM0344'", "DELETE FROM audit WHERE seq = ?", params=(last,))
    assert run(capsys, "--db", db, "verify")[0] == 0  # the file alone cannot tell
    rc, _, err = run(capsys, "--db", db, "vote", "record", "tegen", "--code", "GM0344")
    assert rc == 1 and err.startswith(STOPPED) and "afgeknipt" in err


def test_whether_a_command_writes_is_declared_once_per_command() -> None:
    """The check's one place is where a command gets its meeting: each command says if it writes."""
    tr = Translator("nl")
    commands = registry.commands()
    parser = build_parser(tr, commands)

    def writes(*argv: str) -> bool:
        args = parser.parse_args(list(argv))
        return registry.by_name(commands)[args.command].writes_with(args)

    assert writes("checkin", "12345", "--name", "X", "--role", "raadslid")
    assert writes("vote", "open", "4") and writes("vote", "declare") and writes("vote", "acclaim", "2")
    assert writes("settings", "set", "--base", "abstentions_counted") and writes("settings", "order", "--default")
    assert writes("agenda", "--load", "a.toml") and writes("cards", "make", "--out", "x")
    assert writes("erase-personal", "--before", "2030-01-01")
    for reading in (
        ["vote", "result"],
        ["settings"],
        ["settings", "order"],
        ["agenda"],
        ["members"],
        ["presence"],
        ["lookup", "x", "--reason", "y"],
        ["verify"],
        ["export", "--out", "x"],
        ["tally"],
    ):
        assert not writes(*reading), reading


# -- where the meeting file lives --------------------------------------------------------------------------

STICK = Medium("removable", "vfat", "/media/anna/STICK", "/dev/sdb1")
LOCKED = Medium("removable", "vfat", "/media/anna/STICK", "/dev/sdb1", readonly=True)


def test_a_meeting_on_a_stick_needs_allow_removable(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    card = token(db, "GM0363")
    monkeypatch.setattr(store_module, "probe_medium", lambda path: STICK)
    checkin = ["checkin", card, "--name", "A. Jansen", "--role", "raadslid", "--no-print", "--json"]
    for argv in (["members"], checkin):
        rc, out, err = run(capsys, "--db", db, *argv)
        assert rc == 1 and out == "" and "USB-stick" in err and "--allow-removable" in err, err
    rc, _, err = run(capsys, "--lang", "en", "--db", db, "members")
    assert rc == 1 and "To confirm: give the command again with --allow-removable" in err
    rc, out, _ = run(capsys, "--allow-removable", "--db", db, "members", "--json")
    assert rc == 0 and len(json.loads(out)["members"]) == 342
    rc, out, err = run(capsys, "--allow-removable", "--db", db, *checkin)
    assert rc == 0 and json.loads(out)["pass"] == 1, err


def test_init_on_a_stick_needs_allow_removable_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "probe_medium", lambda path: STICK)
    path = tmp_path / "stick" / "alv.sqlite"
    argv = ["--db", str(path), "init", "--date", "2024-06-04", "--place", "Den Haag"]
    rc, _, err = run(capsys, *argv)
    assert rc == 1 and "--allow-removable" in err and not path.exists()
    rc, out, err = run(capsys, "--allow-removable", *argv)
    assert rc == 0 and "342 gemeenten" in out, err


def test_a_read_only_medium_says_so_and_serves_what_reads(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qapp: object
) -> None:
    # qapp: export paints the proces-verbaal on the one QApplication
    a_day_so_far(capsys, db)
    monkeypatch.setattr(store_module, "probe_medium", lambda path: LOCKED)
    for argv in (["verify"], ["presence", "--json"], ["export", "--out", str(tmp_path / "export")]):
        rc, _, err = run(capsys, "--db", db, *argv)
        assert rc == 0 and "alleen-lezen medium" in err and "registreren en stemmen niet" in err, (argv, err)
    rc, _, err = run(capsys, "--lang", "en", "--db", db, "members", "--json")
    assert rc == 0 and "was opened read-only: look-ups, verify and export work" in err
    before = everything(db)
    rc, _, err = run(capsys, "--db", db, "vote", "record", "tegen", "--code", "GM0344")
    assert rc == 1 and "alleen-lezen medium" in err and "er kan niets worden opgeslagen" in err
    assert everything(db) == before


def test_without_a_notice_nothing_is_said(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run(capsys, "--db", db, "members", "--json")
    assert rc == 0 and err == ""


# -- the chair's statement ----------------------------------------------------------------------------------


def test_the_chair_s_statement_is_held_to_the_limits_on_the_command_line(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """RELIABILITY.md's repro of 2026-11-29: U+202E and 10,000 characters, accepted and stored."""
    a_day_so_far(capsys, db)
    assert run(capsys, "--db", db, "vote", "close")[0] == 0
    before = everything(db)
    hostile = "\u202e" + "x" * 10_000
    for argv in (
        ["vote", "acclaim", "2", "--statement", hostile],
        ["vote", "declare", "--as", "adopted", "--statement", hostile],
    ):
        rc, out, err = run(capsys, "--db", db, *argv)
        assert rc == 1 and out == "" and "De verklaring van de voorzitter bevat een onzichtbaar teken" in err, err
        assert "U+202E" in err and "er is niets vastgelegd" in err
    rc, _, err = run(capsys, "--lang", "en", "--db", db, "vote", "acclaim", "2", "--statement", "y" * 501)
    assert rc == 1 and "The chair's statement is too long: 501 characters, at most 500" in err
    assert everything(db) == before
    rc, _, err = run(capsys, "--db", db, "vote", "declare", "--as", "adopted", "--statement", "aangenomen")
    assert rc == 0, err
