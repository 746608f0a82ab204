"""Prepare a demo meeting with a vote in progress, closed or declared, then run the chair's screen on it.

    ../shared/tools/screenshot docs/screenshots/tally-open.png 10 \\
        .venv/bin/python docs/make_tally_screenshots.py open
    ../shared/tools/screenshot docs/screenshots/tally-closed.png 10 \\
        .venv/bin/python docs/make_tally_screenshots.py closed

Every projector size (the screen scales with its size)::

    for size in 1024x768 1280x720; do for state in open closed declared; do
        SCREEN=${size}x24 ../shared/tools/screenshot docs/screenshots/tally-$state-$size.png 10 \\
            .venv/bin/python docs/make_tally_screenshots.py $state
    done; done

The meeting is the bundled demo (real CBS register 2024, agenda of the Extra ALV of 24 May 2024,
fictional designations) in a temporary folder. 120 municipalities are checked in; the amendment
was adopted, the resolution is being voted on (open: 100 have voted), the vote is closed and the
hall waits for the chair (closed: "uitslag wordt vastgesteld"), or the chair declared the result
(declared). The screen is the real ``desk-app tally`` process reading the same file.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desk_app.domain.tally import Choice  # noqa: E402
from desk_app.domain.token import make_card_token  # noqa: E402
from desk_app.services.demo import build_demo  # noqa: E402
from desk_app.services.desk import DeskService  # noqa: E402
from desk_app.services.voting import VotingService  # noqa: E402

STATES = ("open", "closed", "declared")


def prepare(path: Path, state: str) -> None:
    meeting = build_demo(path)
    desk = DeskService(meeting.store, meeting.actor)
    rng = random.Random(24052024)
    codes = [m.code for m in meeting.members()]
    present = rng.sample(codes, 120)
    for code in present:
        v = desk.scan(make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1))
        # One person, one municipality: the designated representative, or a name of their own.
        desk.check_in(v, name=v.rep_name or f"Vertegenwoordiger {code}", role=v.rep_role or "burgemeester")
    meeting.open_meeting()
    voting = VotingService(meeting.store, desk.actor, lambda: [(s, c) for s, c, _ in desk.active_passes()])
    # The amendment first, as the voting order has it; then the resolution as amended.
    voting.open("4.A1")
    for code in present:
        voting.record(Choice.VOOR, code=code)
    voting.close()
    voting.declare_computed()
    voting.open("4")
    voters = present if state != "open" else present[:100]
    for code in voters:
        choice = rng.choices([Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING], weights=[90, 4, 6])[0]
        voting.record(choice, code=code)
    if state != "open":
        voting.close()
    if state == "declared":
        voting.declare_computed()
    meeting.store.close()


def main() -> int:
    state = sys.argv[1] if len(sys.argv) > 1 else "open"
    if state not in STATES:
        print(f"usage: make_tally_screenshots.py {'|'.join(STATES)}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "alv.sqlite"
        prepare(path, state)
        env = {
            **os.environ,
            "STEMBALIE_QUIT_AFTER_MS": os.environ.get("STEMBALIE_QUIT_AFTER_MS", "90000"),
            "PYTHONPATH": str(REPO),
        }
        return subprocess.run(
            [sys.executable, "-m", "desk_app", "--db", str(path), "tally", "--screen", "0"], env=env
        ).returncode


if __name__ == "__main__":
    sys.exit(main())
