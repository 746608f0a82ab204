"""The whole demo day with the command line only (scripts/demo_day_cli.py), checked from its export."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO

SCRIPT = REPO / "scripts" / "demo_day_cli.py"


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def test_the_demo_day_runs_with_the_cli_only_and_its_export_holds(tmp_path: Path) -> None:
    folder = tmp_path / "dag"
    # One process for the day (--in-process: the same desk-app commands through desk_app.cli.main);
    # without it every command is its own process, as a person would type them.
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--folder", str(folder), "--in-process", "--quiet"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.startswith("Demo day done: ")
    export = folder / "export"
    assert (export / "manifest.sha256").is_file()

    entries = [json.loads(line) for line in (export / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    by_action: dict[str, list[dict[str, object]]] = {}
    for e in entries:
        by_action.setdefault(str(e["action"]), []).append(e)
    # The substitute and the override: a new pass taking over from the old one, for that municipality.
    (substitute,) = by_action["pass.substitute"]
    (override,) = by_action["checkin.override"]
    assert substitute["object"] == "GM0599" and override["object"] == "GM0153"
    for e in (substitute, override):
        details = e["details"]
        assert isinstance(details, dict) and details["new"] > details["old"]
    assert [e["object"] for e in by_action["pass.replace_lost"]] == ["GM0344"]
    assert [e["details"]["code"] for e in by_action["pass.reprint"]] == ["GM0363"]  # type: ignore[index]
    (undo,) = by_action["checkin.undo"]
    assert undo["object"] == "GM0202"
    # Passes printed as PDF files, the substitute's and the override's among them.
    assert len(list((folder / "stempassen").glob("stempas_*.pdf"))) == 11
    for e in (substitute, override):
        assert list((folder / "stempassen").glob(f"stempas_{e['details']['new']:06d}_{e['object']}_*.pdf"))  # type: ignore[index]

    present = {r["gemeentecode"]: r["aanwezig_bij_einde"] for r in _csv(export / "attendance.csv")}
    assert present["GM0202"] == "nee"  # the undone check-in does not count as present
    for code in ("GM0363", "GM0599", "GM0344", "GM0153", "GM1900", "GM0014", "GM0518"):
        assert present[code] == "ja", code
    assert sum(v == "ja" for v in present.values()) == 7

    votes = _csv(export / "summary.csv")
    declared = {(r["agendapunt"], r["status"]): r for r in votes}
    assert [r["agendapunt"] for r in votes] == ["2", "4.A1", "4", "4.M1", "4.M1", "4.M3"]
    assert declared[("2", "declared")]["methode"] == "acclamation"
    assert declared[("2", "declared")]["uitslag_vastgesteld"] == "aangenomen"
    assert declared[("4.A1", "declared")]["uitslag_vastgesteld"] == "aangenomen"
    assert declared[("4.A1", "declared")]["voor_stemmen"] == "150"
    assert declared[("4", "declared")]["uitslag_vastgesteld"] == "aangenomen"
    # The herstemming: the first vote on 4.M1 (a tie) superseded, never declared; the new one declared.
    first, second = (r for r in votes if r["agendapunt"] == "4.M1")
    assert first["status"] == "closed" and first["uitslag_vastgesteld"] == ""
    assert first["vervangen_door"] and first["vervangen_door"] == second["stemming"]
    assert second["uitslag_vastgesteld"] == "aangenomen"
    assert second["verklaring_voorzitter"] == "Aangenomen na herstemming"
    assert declared[("4.M3", "declared")]["uitslag_vastgesteld"] == "verworpen"

    # Names stay out of the public files.
    for name in ("attendance.csv", "results.csv", "summary.csv", "meeting.json"):
        text = (export / name).read_text(encoding="utf-8-sig")
        assert "Fatima el Amrani" not in text and "Pieter-Jan Smit" not in text, name
