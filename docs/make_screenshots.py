"""Open the desk panel on a temporary demo meeting in one of its main states (for screenshots).

Under Xvfb, with the team's screenshot tool (what docs/screenshots/desk-*.png are made with; the
window fills the virtual screen, so ``SCREEN`` sets the size the desk is shown at)::

    for s in idle accepted waiting already refused issued pass; do
        SCREEN=1920x1080x24 ../shared/tools/screenshot docs/screenshots/desk-$s.png 8 \
            .venv/bin/python docs/make_screenshots.py $s --size 1920x1080 --quit-after 12
    done
    # English: the same with --lang en (desk-english.png is the accepted state)
    SCREEN=1920x1080x24 ../shared/tools/screenshot docs/screenshots/desk-english.png 8 \
        .venv/bin/python docs/make_screenshots.py accepted --lang en --size 1920x1080 --quit-after 12

Check the small laptop screens too: ``SCREEN=1366x768x24 … --size 1366x768`` and
``SCREEN=1024x768x24 … --size 1024x768``.

Offscreen, without a window system (a quick look while working on the layout)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py accepted --grab /tmp/a.png

States: ``idle``; ``accepted`` (admitted, not yet issued: the form); ``waiting`` (the same, with
the next card scanned meanwhile: it waits for Enter or Esc); ``already``; ``refused``;
``issued`` (green: the pass was issued and printed); ``pass`` (a stempas scanned).

The meeting is the bundled demo (Extra ALV of 24 May 2024, real CBS register, fictional
designations) built in a temporary folder that is removed afterwards; passes print to PDF there.
The camera picture is a frame of the demo camera's video: the product's own stemkaart of the
municipality (as the cards window makes it) held up to a webcam. The refused card is a real
stemkaart of another meeting.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desk_app.domain.text import Translator  # noqa: E402
from desk_app.domain.token import make_card_token  # noqa: E402
from desk_app.printing.stempas import PDF_TARGET, PassPrinter  # noqa: E402
from desk_app.scanning.decoder import Decoder  # noqa: E402
from desk_app.scanning.worker import frame_to_qimage  # noqa: E402
from desk_app.services.cards import CardService  # noqa: E402
from desk_app.services.changes import ChangeWatcher  # noqa: E402
from desk_app.services.demo import DemoCard, build_demo, demo_cards, demo_video_frames  # noqa: E402
from desk_app.services.desk import DeskService  # noqa: E402
from desk_app.services.meeting import Actor  # noqa: E402
from desk_app.ui.change_feed import ChangeFeed  # noqa: E402
from desk_app.ui.desk.panel import DeskPanel  # noqa: E402
from desk_app.ui.desk.sounds import RecordingSounds  # noqa: E402

STATES = ("idle", "accepted", "waiting", "already", "refused", "issued", "pass")


def camera_frame(card: DemoCard) -> npt.NDArray[np.uint8]:
    """What the desk's camera sees of ``card``: a frame of the demo camera's own video (the one the
    app plays in the demo), with the printed stemkaart held still in view."""
    frames = demo_video_frames([card], gap_s=0.2, enter_s=0.2, hold_s=1.0)
    # The gap and the slide in take 3 + 3 frames at 15 a second; a few more and the hand is still.
    return next(itertools.islice(frames, 9, None))


def show_card_in_preview(view: DeskPanel, card: DemoCard) -> None:
    """The card held up to the camera, with the barcode the desk found outlined."""
    frame = camera_frame(card)
    view.preview.set_frame(frame_to_qimage(frame))
    regions = [list(r.polygon) for r in Decoder().decode(frame).regions]
    view.preview.set_regions(regions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("state", choices=STATES)
    parser.add_argument("--grab", type=Path, help="save a PNG of the window and quit (offscreen use)")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    parser.add_argument(
        "--quit-after",
        type=float,
        default=0.0,
        help="close by itself after this many seconds (so the temporary meeting is removed)",
    )
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    if args.lang == "en":
        from desk_app.ui.i18n import install_language

        install_language(app, "en")
    tmp = tempfile.TemporaryDirectory(prefix="stembalie-shot-")
    folder = Path(tmp.name)
    meeting = build_demo(folder / "demo.sqlite")  # coördinator PIN 1234, as in the README
    desk = DeskService(meeting.store, Actor("balie-1", "demo"), tr=Translator(args.lang))
    other = DeskService(meeting.store, Actor("balie-2", "demo"))
    m = desk.meeting

    def card(code: str) -> str:
        return make_card_token(m.meeting_no, m.secret, code, 1)

    def printed(code: str, cards: CardService | None = None) -> DemoCard:
        """The product's own stemkaart of ``code`` (as the cards window makes it), as the camera sees it."""
        (one,) = demo_cards(cards or CardService(meeting.store, desk.actor), [code])
        return one

    # A morning in progress: a few municipalities are in, so the counters are not all zero.
    for code in ("GM0344", "GM0599", "GM0518", "GM0014", "GM0153", "GM0202"):
        v = other.scan(card(code))
        other.check_in(v, name=v.rep_name or "Vertegenwoordiger", role=v.rep_role or "raadslid")

    feed = ChangeFeed(ChangeWatcher(meeting.store), poll_ms=0)
    view = DeskPanel(
        desk, PassPrinter(PDF_TARGET, "a6", folder / "passen"), RecordingSounds(), feed=feed, idle_after_ms=0
    )
    w, h = (int(x) for x in args.size.split("x"))
    view.setWindowTitle("Stembalie — balie-1")
    view.resize(w, h)
    view.move(0, 0)

    if args.state == "accepted":
        show_card_in_preview(view, printed("GM0363"))
        view.handle_scan(card("GM0363"))
    elif args.state == "waiting":
        show_card_in_preview(view, printed("GM0772"))  # the camera holds the next card already
        view.handle_scan(card("GM0363"))
        view.name_edit.setText("Femke Halsema")
        view.handle_scan(card("GM0772"))  # the next card, scanned before Enter: it waits
    elif args.state == "already":
        show_card_in_preview(view, printed("GM0599"))
        view.handle_scan(card("GM0599"))
    elif args.state == "refused":
        # A real stemkaart of another meeting (its own file and number: a card brought by mistake).
        elsewhere = build_demo(folder / "vorige.sqlite")
        stale = printed("GM0363", CardService(elsewhere.store, desk.actor))
        elsewhere.store.close()
        show_card_in_preview(view, stale)
        view.handle_scan(stale.token)
    elif args.state == "issued":
        view.handle_scan(card("GM0363"))
        view.confirm()
    elif args.state == "pass":
        v = desk.scan(card("GM0772"))
        p = desk.check_in(v, name=v.rep_name or "Vertegenwoordiger Eindhoven", role=v.rep_role or "wethouder")
        desk.record_print(p.serial, True)
        view.handle_scan(p.token)

    view.show()
    # Again once laid out: the first pass may grow the window to its size hint before the panel
    # has chosen its layout for the width (two button columns below 1200 px).
    QTimer.singleShot(100, lambda: view.resize(w, h))
    if args.grab:

        def grab() -> None:
            view.grab().save(str(args.grab))
            app.quit()

        QTimer.singleShot(300, grab)
    elif args.quit_after:
        QTimer.singleShot(int(args.quit_after * 1000), app.quit)
    exit_code = app.exec()
    feed.stop()
    view.close()
    meeting.store.close()
    tmp.cleanup()
    return exit_code


if __name__ == "__main__":
    raise SystemExit(main())
