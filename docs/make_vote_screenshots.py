"""Open the Stemmingen tab on a temporary demo meeting during a vote (for screenshots).

Under Xvfb, with the team's screenshot tool (what docs/screenshots/vote-*.png were made with; the
desk laptop's 1366×768)::

    for s in teller grid refused; do
        SCREEN=1366x768x24 ../shared/tools/screenshot docs/screenshots/vote-$s.png 8 \\
            .venv/bin/python docs/make_vote_screenshots.py $s --size 1366x768 --quit-after 12
    done

Offscreen, without a window system (a quick look while working on the layout)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_vote_screenshots.py teller --grab /tmp/v.png

The meeting is the bundled demo (Extra ALV of 24 May 2024, real CBS register, its agenda,
fictional designations) in a temporary folder that is removed afterwards. About forty
municipalities are checked in, the vote on motion 4.M1 is open and most have voted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desk_app.domain.tally import Choice, sheet_number  # noqa: E402
from desk_app.domain.text import Translator  # noqa: E402
from desk_app.domain.token import make_card_token, make_choice_token  # noqa: E402
from desk_app.services.changes import ChangeWatcher  # noqa: E402
from desk_app.services.demo import build_demo  # noqa: E402
from desk_app.services.desk import DeskService  # noqa: E402
from desk_app.services.meeting import Actor  # noqa: E402
from desk_app.services.voting import VotingService  # noqa: E402
from desk_app.ui.change_feed import ChangeFeed  # noqa: E402
from desk_app.ui.voting.tab import RecordMode, VotingTab  # noqa: E402

STATES = ("teller", "grid", "refused")

# The biggest municipalities and a few small ones: a realistic spread of weights.
PRESENT = (
    "GM0363",
    "GM0599",
    "GM0518",
    "GM0344",
    "GM0772",
    "GM0014",
    "GM0034",
    "GM0153",
    "GM0855",
    "GM0200",
    "GM0202",
    "GM0479",
    "GM0935",
    "GM0392",
    "GM0268",
    "GM0796",
    "GM0637",
    "GM0307",
    "GM0080",
    "GM0546",
    "GM0088",
    "GM0093",
    "GM0096",
    "GM0060",
    "GM0277",
    "GM0394",
    "GM0503",
    "GM0513",
    "GM1931",
    "GM1978",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state", choices=STATES)
    parser.add_argument("--grab", type=Path, help="save a PNG of the window and quit (offscreen use)")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument(
        "--quit-after",
        type=float,
        default=0.0,
        help="close by itself after this many seconds (so the temporary meeting is removed)",
    )
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory(prefix="stembalie-vote-shot-")
    meeting = build_demo(Path(tmp.name) / "demo.sqlite")
    meeting.open_meeting()
    desk = DeskService(meeting.store, Actor("balie-1", "demo"))
    m = desk.meeting
    serials: dict[str, int] = {}
    for code in PRESENT:
        v = desk.scan(make_card_token(m.meeting_no, m.secret, code, 1))
        serials[code] = desk.check_in(v, name=v.rep_name or "Vertegenwoordiger", role=v.rep_role or "raadslid").serial
    voting = VotingService(
        meeting.store, Actor("voorzitterstafel", "teller-1"), lambda: [(s, c) for s, c, _ in desk.active_passes()]
    )

    # The resolution was adopted, the amendment and the vote on the motion are under way.
    voting.acclaim("2", "aangenomen bij acclamatie")
    voting.open("4.A1")
    for n, code in enumerate(PRESENT):
        voting.record(Choice.TEGEN if n % 3 == 0 else Choice.VOOR, code=code, source="grid")
    voting.close()
    voting.declare_computed()
    voting.open("4")
    for n, code in enumerate(PRESENT[:-4]):
        voting.record(Choice.VOOR if n % 9 else Choice.ONTHOUDING, code=code, source="grid")
    if args.state == "refused":
        desk.leave(serials["GM0093"])  # Terschelling handed its pass in after the opening

    feed = ChangeFeed(ChangeWatcher(meeting.store))
    view = VotingTab(voting, feed, desk.counters, Translator())
    w, h = (int(x) for x in args.size.split("x"))
    view.setWindowTitle("Stembalie — Stemmingen")
    view.resize(w, h)
    view.move(0, 0)
    view.agenda.select_step("4")

    def choice(c: Choice) -> str:
        return make_choice_token(m.meeting_no, m.secret, sheet_number(c))

    def pass_token(code: str) -> str:
        p = desk.pass_verdict(serials[code]).existing
        assert p is not None
        return p.token

    if args.state == "teller":
        view.handle_scan(pass_token("GM0513"))
        view.handle_scan(choice(Choice.VOOR))
    elif args.state == "grid":
        view.set_mode(RecordMode.GRID)
        view.roll_call.grid.select_proxy_row(3)
    elif args.state == "refused":
        view.handle_scan(pass_token("GM0093"))

    view.show()
    if args.grab:

        def grab() -> None:
            view.grab().save(str(args.grab))
            app.quit()

        QTimer.singleShot(300, grab)
    elif args.quit_after:
        QTimer.singleShot(int(args.quit_after * 1000), app.quit)
    code = app.exec()
    feed.stop()
    view.close()
    meeting.store.close()
    tmp.cleanup()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
