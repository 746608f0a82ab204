"""The whole demo day with the command line only: a rehearsal a desk team can read, and a test.

    python scripts/demo_day_cli.py [--folder DIR] [--lang nl|en] [--quiet]

Every step is one ``desk-app`` command in its own process (``python -m desk_app``, so it runs
from a source tree too), printed as it would be typed, then its output. In order:

1. the demo meeting (register, designations, agenda, coordinator PIN 1234) in a new folder;
   the settings and the voting order; the agenda exported as a spreadsheet;
2. stemkaarten for the municipalities that come, read back with the desk's own decoder;
3. at the door: check-ins by card, one by look-up (no card), a substitute, a lost pass, a
   reprint, an override of a false "already registered", an undone check-in, leaving and
   coming back; passes printed to PDF files;
4. the meeting opened; votes: an acclamation, votes recorded by pass and by municipality code,
   closed and declared, a herstemming, a result declared by the chair;
5. a backup, the export, ``verify-export`` on it, and ``verify --against`` the export and the
   backup.

Stops at the first step that does not end as expected (exit 1, the step named); exit 0 at the
end. Nothing outside the folder is touched: the user data folder is ``DIR/home`` for the run.
``tests/cli/test_demo_day.py`` runs it and checks the export.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PIN = "1234"  # the demo meeting's coordinator PIN (README)
MAX_SHOWN = 700  # longer output (the register as JSON) is cut short in the transcript

# Who comes, by municipality code: the card is held up at the desk by the designated person.
ARRIVING = ("GM0363", "GM0599", "GM0344", "GM0153", "GM1900", "GM0014", "GM0202")
LOOKED_UP = ("den haag", "GM0518")  # no card with her: looked up by name
# Fictional people who are nobody's designee: a substitute and the person wrongly refused.
SUBSTITUTE = ("Pieter-Jan Smit", "wethouder")
OVERRIDDEN = ("Fatima el Amrani", "burgemeester")


class StepFailed(Exception):
    pass


class Day:
    """Runs ``desk-app`` commands on one meeting file and keeps what later steps need."""

    def __init__(self, folder: Path, lang: str, quiet: bool, in_process: bool = False) -> None:
        self.folder = folder
        self.in_process = in_process
        self.db = folder / "vergadering.sqlite"
        self.quiet = quiet
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "STEMBALIE_HOME": str(folder / "home"),
            "STEMBALIE_LANG": lang,
            "QT_QPA_PLATFORM": "offscreen",
        }
        self.env.pop("STEMBALIE_DB", None)
        self.env.pop("STEMBALIE_PIN", None)
        self.passes: dict[str, int] = {}  # municipality code -> its live pass
        self.tokens: dict[str, str] = {}  # municipality code -> card digits

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)

    def run(self, *argv: str, expect: int = 0, meeting: bool = True, env: dict[str, str] | None = None) -> str:
        """One command; its stdout. Fails the day when the exit code is not ``expect``."""
        shown = ["desk-app", *(["--db", str(self.db)] if meeting else []), *argv]
        self.say("\n$ " + shlex.join(shown).replace(str(self.folder) + os.sep, ""))
        if self.in_process:
            code, stdout, stderr = self._in_process(shown[1:], env or {})
        else:
            command = [sys.executable, "-m", "desk_app", *shown[1:]]
            done = subprocess.run(
                command, capture_output=True, text=True, cwd=self.folder, env={**self.env, **(env or {})}, timeout=300
            )
            code, stdout, stderr = done.returncode, done.stdout, done.stderr
        brief = stdout if len(stdout) <= MAX_SHOWN else f"{stdout[:MAX_SHOWN]}… ({len(stdout)} tekens / characters)\n"
        for line in (brief + stderr).splitlines():
            self.say("  " + line)
        if code != expect:
            raise StepFailed(f"{shlex.join(shown)}: exit {code}, expected {expect}\n{stdout}{stderr}")
        return stdout

    def _in_process(self, argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
        """The same command through ``desk_app.cli.main`` in this process (one start-up for the day)."""
        from desk_app.cli import main as desk_app

        saved, cwd = dict(os.environ), os.getcwd()
        os.environ.clear()
        os.environ.update({**self.env, **env})
        os.chdir(self.folder)
        try:
            with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
                code = desk_app(argv)
        finally:
            os.chdir(cwd)
            os.environ.clear()
            os.environ.update(saved)
        return code, out.getvalue(), err.getvalue()

    def json(self, *argv: str, **kwargs: Any) -> Any:
        return json.loads(self.run(*argv, "--json", **kwargs))

    def section(self, nl: str, en: str) -> None:
        self.say(f"\n=== {en if self.env['STEMBALIE_LANG'] == 'en' else nl} ===")


def prepare(day: Day) -> dict[str, tuple[str, str]]:
    day.section(
        "Voor de vergadering: de demovergadering, instellingen, agenda, stemkaarten",
        "Before the meeting: the demo meeting, settings, agenda, voting cards",
    )
    day.run("--demo", "init")
    day.run("settings")
    day.run("settings", "order", "2", "4.A1", "4", "4.M1", "4.M2", "4.M3")
    day.run("agenda", "--export", str(day.folder / "agenda.xlsx"))
    members = day.json("members")["members"]
    names = {m["code"]: (m["rep_name"], m["rep_role"]) for m in members}
    cards = day.folder / "kaarten"
    only = [arg for code in ARRIVING for arg in ("--only", code)]
    day.run("cards", "--out", str(cards), *only)
    # The phone image of each card, read by the desk's own decoder: the digits a scan would give.
    images = sorted(cards.glob("*_telefoon.png"))
    found = day.json("decode", *map(str, images), meeting=False)["files"]
    for path, tokens in found.items():
        code = Path(path).name.split("_")[1]
        day.tokens[code] = tokens[0]
    if sorted(day.tokens) != sorted(ARRIVING):
        raise StepFailed(f"cards read back for {sorted(day.tokens)}, expected {sorted(ARRIVING)}")
    return names


def at_the_door(day: Day, names: dict[str, tuple[str, str]]) -> None:
    day.section("Aan de balie", "At the desk")
    passes = day.folder / "stempassen"
    for code in ARRIVING:
        name, role = names[code]
        out = day.json("checkin", day.tokens[code], "--name", name, "--role", role, "--out", str(passes))
        day.passes[code] = out["pass"]
    # A card scanned twice: refused, nothing changes.
    day.run("checkin", day.tokens["GM0363"], "--name", names["GM0363"][0], "--role", "wethouder", expect=1)

    # No card: looked up by name with a reason, then checked in from the look-up.
    query, code = LOOKED_UP
    found = day.json("lookup", query, "--reason", "kaart vergeten")
    if found["chosen"] != code or found["verdict"]["verdict"] != "accepted":
        raise StepFailed(f"lookup {query!r} chose {found['chosen']}, verdict {found['verdict']}")
    name, role = names[code]
    out = day.json(
        "checkin", "--code", code, "--reason", "kaart vergeten", "--name", name, "--role", role, "--out", str(passes)
    )
    day.passes[code] = out["pass"]

    # Rotterdam's wethouder hands over to a colleague: a substitute, the old pass handed in.
    out = day.json(
        "substitute", str(day.passes["GM0599"]), "--name", SUBSTITUTE[0], "--role", SUBSTITUTE[1], "--out", str(passes)
    )
    day.passes["GM0599"] = out["pass"]

    # Coordinator actions (PIN from the environment here; --pin or the prompt also work).
    coordinator = {"STEMBALIE_PIN": PIN}
    out = day.json(
        "lost", str(day.passes["GM0344"]), "--reason", "pas verloren in de zaal", "--out", str(passes), env=coordinator
    )
    day.passes["GM0344"] = out["pass"]
    day.run("reprint", str(day.passes["GM0363"]), "--reason", "printer liep vast", "--pin", PIN, "--out", str(passes))
    # Enschede's card shows "already registered", but the first check-in was someone else's mistake.
    day.run(
        "override",
        day.tokens["GM0153"],
        "--name",
        OVERRIDDEN[0],
        "--role",
        OVERRIDDEN[1],
        "--reason",
        "eerste aanmelding was een vergissing",
        "--pin",
        "0000",
        expect=1,
    )  # a wrong PIN
    out = day.json(
        "override",
        day.tokens["GM0153"],
        "--name",
        OVERRIDDEN[0],
        "--role",
        OVERRIDDEN[1],
        "--reason",
        "eerste aanmelding was een vergissing",
        "--out",
        str(passes),
        env=coordinator,
    )
    day.passes["GM0153"] = out["pass"]
    # Arnhem was checked in on the wrong card: undone, no longer present.
    day.run("undo", str(day.passes.pop("GM0202")), "--reason", "verkeerde kaart gescand", env=coordinator)

    counters = day.json("presence")["counters"]
    expected = len(day.passes)
    if counters["present_members"] != expected:
        raise StepFailed(f"{counters['present_members']} present, expected {expected}")


def in_the_hall(day: Day) -> None:
    day.section("In de zaal", "In the hall")
    day.run("open", "--yes")
    p = day.passes
    day.run("vote", "acclaim", "2", "--statement", "Notulencommissie benoemd bij acclamatie")

    day.run("vote", "open", "4.A1")
    day.run("vote", "record", "voor", "--pass", str(p["GM0363"]))
    day.run("vote", "record", "tegen", "--code", "GM0599")
    day.run("vote", "record", "voor", "--pass", str(p["GM0518"]))
    day.run("vote", "record", "onthouding", "--code", "GM0153")
    day.run("vote", "close")
    day.run("vote", "declare")

    day.run("vote", "open", "4")
    for code in ("GM0363", "GM0599", "GM0344", "GM1900"):
        day.run("vote", "record", "voor", "--code", code)
    day.run("vote", "record", "tegen", "--pass", str(p["GM0014"]))
    day.run("vote", "close")
    day.run("vote", "declare")

    # Súdwest-Fryslân steps out during 4.M1; its votes are not present.
    day.run("leave", str(p["GM1900"]))
    day.run("vote", "open", "4.M1")
    day.run("vote", "record", "voor", "--code", "GM1900", expect=1)  # not present: refused
    day.run("vote", "record", "voor", "--pass", str(p["GM0363"]))
    day.run("vote", "record", "tegen", "--pass", str(p["GM0599"]))
    day.run("vote", "close")
    # Contested in the hall: a herstemming supersedes the vote (nothing of it is deleted).
    day.run("return", str(p["GM1900"]))
    day.run("vote", "rerun")
    for code, choice in (("GM0363", "voor"), ("GM0599", "voor"), ("GM1900", "voor"), ("GM0344", "tegen")):
        day.run("vote", "record", choice, "--code", code)
    day.run("vote", "close")
    day.run("vote", "declare", "--statement", "Aangenomen na herstemming", expect=2)  # needs --as
    day.run("vote", "declare", "--as", "adopted", "--statement", "Aangenomen na herstemming")

    day.run("vote", "open", "4.M3")
    for code, choice in (("GM0363", "tegen"), ("GM0014", "voor"), ("GM0518", "tegen")):
        day.run("vote", "record", choice, "--code", code)
    day.run("vote", "close")
    day.run("vote", "declare", "--as", "rejected", "--statement", "Verworpen")
    day.run("vote", "result")


def afterwards(day: Day) -> None:
    day.section("Na de vergadering", "After the meeting")
    backups = day.folder / "reservekopie"
    day.run("backup", "--to", str(backups))
    export = day.folder / "export"
    day.run("export", "--out", str(export))
    day.run("verify-export", str(export), meeting=False)
    backup = sorted(backups.glob("*.sqlite"))[-1]
    day.run("verify", "--against", str(export), "--against", str(backup))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=None, help="an empty or new folder (default: a new temp folder)")
    parser.add_argument("--lang", choices=["nl", "en"], default="nl")
    parser.add_argument("--quiet", action="store_true", help="print only the outcome")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run every command through desk_app.cli.main in this process (the same commands, one start-up)",
    )
    args = parser.parse_args(argv)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="stembalie-demodag-"))
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        print(f"{folder} is not empty: choose an empty or new folder", file=sys.stderr)
        return 2
    day = Day(folder.resolve(), args.lang, args.quiet, args.in_process)
    if args.in_process:
        sys.path.insert(0, str(REPO))
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        names = prepare(day)
        at_the_door(day, names)
        in_the_hall(day)
        afterwards(day)
    except StepFailed as failed:
        print(f"Demo day failed at: {failed}", file=sys.stderr)
        return 1
    print(f"Demo day done: {day.folder} (export in {day.folder / 'export'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
