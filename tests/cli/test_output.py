"""What the CLI prints: stored values through their labels, every line in the chosen language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.runner import run


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    from desk_app.services.demo import build_demo

    path = tmp_path / "alv.sqlite"
    build_demo(path).store.close()
    return str(path)


def _check_in(capsys: pytest.CaptureFixture[str], db: str, code: str) -> int:
    from desk_app.domain.token import make_card_token
    from desk_app.session import Session

    with Session.open(db) as session:
        m = session.meeting.meeting()
    token = make_card_token(m.meeting_no, m.secret, code, 1)
    rc, out, err = run(
        capsys,
        "--db",
        db,
        "checkin",
        token,
        "--name",
        f"Jan Jansen {code}",
        "--role",
        "wethouder",
        "--no-print",
        "--json",
    )
    assert rc == 0, err
    return int(json.loads(out)["pass"])


def _row(out: str, code: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(code))


def test_presence_shows_labels_not_stored_values(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    serial = _check_in(capsys, demo_db, "GM0363")
    _check_in(capsys, demo_db, "GM0599")
    assert run(capsys, "--db", demo_db, "leave", str(serial))[0] == 0

    out = run(capsys, "--db", demo_db, "presence")[1]
    assert " vertrokken (pas ingeleverd) " in _row(out, "GM0363")
    assert " aanwezig " in _row(out, "GM0599") and "(wethouder)" in _row(out, "GM0599")
    assert " afwezig " in _row(out, "GM0088")
    assert not [word for word in (" active ", " away ", " absent ") if word in out]

    out = run(capsys, "--lang", "en", "--db", demo_db, "presence")[1]
    assert " left (pass handed in) " in _row(out, "GM0363")
    assert " present " in _row(out, "GM0599") and "(alderman)" in _row(out, "GM0599")
    assert " absent " in _row(out, "GM0088")
    assert out.splitlines()[-1].startswith("Present: 1 of 342 municipalities")

    data = json.loads(run(capsys, "--db", demo_db, "presence", "--json")[1])  # scripts keep the stable values
    assert {r["code"]: r["status"] for r in data["presence"]}["GM0363"] == "away"


def test_vote_status_and_choices_in_words(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _check_in(capsys, demo_db, "GM0363")
    db = ["--db", demo_db]
    assert run(capsys, *db, "open")[0] == 0
    assert run(capsys, *db, "vote", "open", "4", "--confirm-order")[0] == 0
    code, out, _ = run(capsys, *db, "vote", "record", "voor", "--code", "GM0363")
    assert code == 0 and ": open — voor: 75 (1)" in out and "nog niet gestemd: 0" in out
    code, out, _ = run(capsys, *db, "vote", "close")
    assert code == 0 and ": gesloten — voor: 75 (1) · tegen: 0 (0)" in out and "closed" not in out
    code, out, _ = run(capsys, "--lang", "en", *db, "vote", "result")
    assert code == 0 and out.startswith("Vote 1 (4): closed — for: 75 (1) · against: 0 (0)")
    assert run(capsys, *db, "vote", "declare")[0] == 0
    assert ": vastgesteld — " in run(capsys, *db, "vote", "result")[1]
    assert json.loads(run(capsys, *db, "vote", "result", "--json")[1])["status"] == "declared"


def test_agenda_item_types_in_words(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "--db", demo_db, "agenda")[1]
    words = {line.split()[1] for line in out.splitlines()[:-1]}
    assert {"procedureel", "voorstel"} <= words and not {"procedural", "proposal", "motion"} & words
    out = run(capsys, "--lang", "en", "--db", demo_db, "agenda")[1]
    assert out.splitlines()[-1].startswith("Voting order: ")
    assert json.loads(run(capsys, "--db", demo_db, "agenda", "--json")[1])["items"][0]["type"] == "procedural"


def test_english_throughout_and_no_global_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en renders through the run's Translator; the process-global language is left alone."""
    db = str(tmp_path / "alv.sqlite")
    code, out, _ = run(capsys, "--lang", "en", "--db", db, "init", "--date", "2024-05-24")
    assert code == 0 and out.startswith("Meeting created in ") and "342 municipalities, 13111 votes" in out
    code, out, _ = run(capsys, "--lang", "en", "--db", db, "members")
    assert code == 0 and out.splitlines()[-1].startswith("342 municipalities, 13111 votes (53 at the cap of 75")
    code, out, _ = run(capsys, "--lang", "en", "--db", db, "verify")
    assert code == 0 and out.startswith("Audit log holds: 1 entry, head ")  # one entry: not "1 entries"
    code, _, err = run(capsys, "--lang", "en", "--db", db, "vote", "result")
    assert code == 1 and err == "No vote has been held yet.\n"
    code, _, err = run(capsys, "--lang", "en", "--db", db, "reps", "import", str(tmp_path / "missing.csv"))
    assert code == 1 and err.startswith("File ") and "missing.csv does not exist" in err


def test_refusal_in_dutch_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "alv.sqlite"), "init")
    assert code == 1 and err == "Geef de datum van de vergadering: --date JJJJ-MM-DD.\n"
    code, _, err = run(capsys, "--lang", "en", "--db", str(tmp_path / "alv.sqlite"), "init")
    assert code == 1 and err == "Give the meeting date: --date YYYY-MM-DD.\n"
    assert not (tmp_path / "alv.sqlite").exists()
