"""The CLI: the same services, exit codes 0 done / 1 refused / 2 usage."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.runner import run
from tests.helpers import DEMO_REPS, REGISTER


def test_init_members_reps_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "alv.sqlite")
    code, out, _ = run(
        capsys, "--db", db, "init", "--register", str(REGISTER), "--date", "2024-05-24", "--place", "Utrecht"
    )
    assert code == 0 and "342 gemeenten, 13111 stemmen" in out
    code, out, _ = run(capsys, "--db", db, "reps", "import", str(DEMO_REPS))
    assert code == 0 and out.endswith(" vertegenwoordigers ingelezen.\n"), out
    code, out, _ = run(capsys, "--db", db, "members", "--json")
    data = json.loads(out)
    assert data["totals"]["votes"] == 13_111 and len(data["members"]) == 342
    assert data["totals"]["at_cap"] == 53 and data["totals"]["at_minimum"] == 3
    code, out, _ = run(capsys, "--db", db, "verify")
    assert code == 0 and "2 regels" in out  # meeting.create + reps.import


def test_one_representative_imported_is_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "alv.sqlite")
    run(capsys, "--db", db, "init", "--date", "2024-05-24")
    one = tmp_path / "een.csv"
    one.write_text("code,name,role,email\nGM0363,A. Jansen,burgemeester,sec@example.nl\n")
    assert run(capsys, "--db", db, "reps", "import", str(one))[:2] == (0, "1 vertegenwoordiger ingelezen.\n")
    assert run(capsys, "--lang", "en", "--db", db, "reps", "import", str(one))[:2] == (
        0,
        "1 representative imported.\n",
    )


def test_refusal_exit_1_reason_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "alv.sqlite")
    run(capsys, "--db", db, "init", "--date", "2024-05-24")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,role,email\nGM0363,A,portier,x@y.nl\n")
    code, _out, err = run(capsys, "--db", db, "reps", "import", str(bad))
    assert code == 1 and "regel 2" in err and "portier" in err
    code, _, err = run(capsys, "--lang", "en", "--db", db, "reps", "set", "GM0363", "--role", "portier")
    assert code == 1 and "not an eligible role" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "none.sqlite"), "members")
    assert code == 1 and "desk-app init" in err


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "no-such-command")
    assert code == 2 and "ongeldige keuze: 'no-such-command'" in err
    code, _, err = run(capsys, "--lang", "en", "no-such-command")
    assert code == 2 and "invalid choice: 'no-such-command'" in err
    code, _, err = run(capsys, "leave")  # a missing argument
    assert code == 2 and "fout: deze argumenten ontbreken: serial" in err


def test_verify_names_the_changed_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "alv.sqlite"
    run(capsys, "--db", str(db), "init", "--date", "2024-05-24")
    run(capsys, "--db", str(db), "reps", "import", str(DEMO_REPS))
    run(capsys, "--db", str(db), "reps", "set", "GM0363", "--name", "X", "--role", "raadslid")
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_append_only_u")
    conn.execute("UPDATE audit SET ts = '2024-05-24T00:00:00.000Z' WHERE seq = 2")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "--db", str(db), "verify")
    assert code == 1 and "regel 2" in err


def test_entry_points_agree(tmp_path: Path) -> None:
    """``python main.py`` and ``python -m desk_app`` start the same thing."""
    repo = Path(__file__).resolve().parents[2]
    db = str(tmp_path / "alv.sqlite")
    a = subprocess.run(
        [sys.executable, str(repo / "main.py"), "--db", db, "init", "--date", "2024-05-24"],
        capture_output=True,
        text=True,
        cwd=repo,
    )
    b = subprocess.run(
        [sys.executable, "-m", "desk_app", "--db", db, "members", "--json"], capture_output=True, text=True, cwd=repo
    )
    assert a.returncode == 0 and b.returncode == 0
    assert json.loads(b.stdout)["totals"]["members"] == 342


def test_decode_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``desk-app decode`` runs the desk's decoder chain on images and videos."""
    import cv2
    import numpy as np

    from desk_app.domain.token import make_card_token
    from desk_app.scanning.synthetic import card_video_frames, render_code128, write_video

    token = make_card_token(4321, b"k" * 32, "GM0363", 1)
    image = render_code128(token, px_per_module=3)
    cv2.imwrite(str(tmp_path / "card.png"), np.pad(image, 40, constant_values=255))
    write_video(tmp_path / "desk.avi", iter(f for f, _ in card_video_frames([token])), fps=30.0)
    code, out, err = run(capsys, "decode", str(tmp_path / "card.png"), str(tmp_path / "desk.avi"), "--json")
    data = json.loads(out)
    assert code == 0, err
    assert data["files"][str(tmp_path / "card.png")] == [token]
    assert data["files"][str(tmp_path / "desk.avi")] == [token]  # a card held up gives one scan
    code, out, err = run(capsys, "decode", str(tmp_path / "missing.png"))
    assert code == 1 and "missing.png" in err


def test_decode_offers_the_decoders_the_settings_declare(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--decoder`` takes its choices from the one declaration in desk_app.settings."""
    import dataclasses

    from desk_app import settings

    declared = settings.OPTIONS["decoder"]
    code, out, _ = run(capsys, "decode", "--help")
    assert code == 0 and "{" + ",".join(declared.choices) + "}" in out
    code, _, err = run(capsys, "decode", "--decoder", "ander", "x.png")
    assert code == 2 and "ander" in err
    # A value added to the declaration is offered at once: the command keeps no list of its own.
    monkeypatch.setitem(
        settings.OPTIONS, "decoder", dataclasses.replace(declared, choices=(*declared.choices, "ander"))
    )
    code, out, _ = run(capsys, "decode", "--help")
    assert code == 0 and "{" + ",".join(declared.choices) + ",ander}" in out


def test_vote_commands_script_a_vote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """open, record, close, declare and result --json, as a script would drive them."""
    from desk_app.domain.token import make_card_token
    from desk_app.services.demo import build_demo

    db = tmp_path / "alv.sqlite"
    m = build_demo(db).meeting()
    for code in ("GM0363", "GM0599", "GM0088"):
        token = make_card_token(m.meeting_no, m.secret, code, 1)
        code_, out, err = run(
            capsys,
            "--db",
            str(db),
            "checkin",
            token,
            "--name",
            f"X {code}",
            "--role",
            "raadslid",
            "--no-print",
            "--json",
        )
        assert code_ == 0 and json.loads(out)["accepted"], err
    code_, _, err = run(capsys, "--db", str(db), "vote", "open", "4")
    assert code_ == 1 and "niet geopend" in err  # weights must be frozen first
    assert run(capsys, "--db", str(db), "open")[0] == 0
    assert run(capsys, "--db", str(db), "vote", "open", "4", "--confirm-order")[0] == 0
    assert run(capsys, "--db", str(db), "vote", "record", "voor", "--code", "GM0363")[0] == 0
    assert run(capsys, "--db", str(db), "vote", "record", "tegen", "--pass", "2")[0] == 0
    assert run(capsys, "--db", str(db), "vote", "record", "voor", "--code", "GM0088")[0] == 0
    assert run(capsys, "--db", str(db), "vote", "record", "tegen", "--code", "GM0088")[0] == 0  # the last counts
    assert run(capsys, "--db", str(db), "vote", "close")[0] == 0
    code_, _, err = run(capsys, "--db", str(db), "vote", "record", "voor", "--code", "GM0088")
    assert code_ == 1 and "gesloten" in err
    assert run(capsys, "--db", str(db), "vote", "declare")[0] == 0
    code_, out, _ = run(capsys, "--db", str(db), "vote", "result", "--json")
    result = json.loads(out)
    assert result["computed"]["counts"] == {"voor": [1, 75], "tegen": [2, 76], "onthouding": [0, 0]}
    assert result["computed"]["adopted"] is False and result["declared"]["adopted"] is False
    assert result["base"] == "abstentions_excluded" and "basis" in result["computed_text"]


def test_export_backup_and_outside_check(tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    from desk_app.services.demo import build_demo

    db = tmp_path / "alv.sqlite"
    build_demo(db).store.close()
    assert run(capsys, "--db", str(db), "export", "--out", str(tmp_path / "export"))[0] == 0
    code, out, _ = run(capsys, "--db", str(db), "verify-export", str(tmp_path / "export"))
    assert code == 0 and "klopt" in out
    (tmp_path / "export" / "results.csv").write_bytes((tmp_path / "export" / "results.csv").read_bytes() + b"x")
    assert run(capsys, "--db", str(db), "verify-export", str(tmp_path / "export"))[0] == 1
    assert run(capsys, "--db", str(db), "backup", "--to", str(tmp_path / "bk"), "--keep", "2")[0] == 0
    assert len(list((tmp_path / "bk").glob("*.sqlite"))) == 1


def test_cards_make_send_dry_run_and_reissue(tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object) -> None:
    from desk_app.services.demo import build_demo

    db = tmp_path / "alv.sqlite"
    build_demo(db).store.close()
    out = tmp_path / "kaarten"
    code, stdout, err = run(capsys, "--db", str(db), "cards", "--out", str(out), "--only", "GM0363", "--only", "GM0088")
    assert code == 0 and "2 kaarten gemaakt en gecontroleerd" in stdout and "2/2" in err
    assert (out / "stemkaart_GM0363_Amsterdam_v1.pdf").is_file()
    code, stdout, _ = run(capsys, "--db", str(db), "cards", "send", "--out", str(out), "--dry-run", "--only", "GM0363")
    assert code == 0 and ".eml-bestanden: 1" in stdout
    code, stdout, _ = run(capsys, "--db", str(db), "cards", "reissue", "GM0363", "--reason", "verloren")
    assert code == 0 and "versie 2" in stdout
    code, _, err = run(capsys, "--db", str(db), "cards", "reissue", "GM0363")
    assert code == 1  # a reissue needs a reason
    code, _, err = run(capsys, "--db", str(db), "cards")
    assert code == 1 and "--out" in err
