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
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desk_app.domain.text import Translator  # noqa: E402
from desk_app.domain.token import make_card_token  # noqa: E402
from desk_app.printing.barcode import render_barcode_array  # noqa: E402
from desk_app.printing.stempas import PDF_TARGET, PassPrinter  # noqa: E402
from desk_app.scanning.decoder import Decoder  # noqa: E402
from desk_app.scanning.synthetic import CardImage, Scene, make_frame  # noqa: E402
from desk_app.scanning.worker import frame_to_qimage  # noqa: E402
from desk_app.services.changes import ChangeWatcher  # noqa: E402
from desk_app.services.demo import build_demo  # noqa: E402
from desk_app.services.desk import DeskService  # noqa: E402
from desk_app.services.meeting import Actor  # noqa: E402
from desk_app.ui.change_feed import ChangeFeed  # noqa: E402
from desk_app.ui.desk.panel import DeskPanel  # noqa: E402
from desk_app.ui.desk.sounds import RecordingSounds  # noqa: E402

STATES = ("idle", "accepted", "waiting", "already", "refused", "issued", "pass")


def stemkaart(token: str, px_per_module: int) -> CardImage:
    """A stemkaart-like card around the product's own barcode drawing (a stand-in for the A4
    print-out held up to the camera; ASCII text only, as cv2.putText draws no accents)."""
    code = "GM" + token[5:9]  # kind (1) + meeting (4) + municipality (4): see domain/token.py
    name, votes = CARD_TEXT.get(code, ("Gemeente", 0))
    bars = render_barcode_array(token, px_per_module=px_per_module, bar_height_px=34 * px_per_module)
    bh, bw = bars.shape
    margin = 8 * px_per_module
    width = bw + 2 * margin
    height = int(width * 0.62)
    card = np.full((height, width), 255, np.uint8)
    scale = px_per_module / 4
    font = cv2.FONT_HERSHEY_SIMPLEX
    cv2.rectangle(card, (0, 0), (width, int(40 * scale)), 60, -1)
    cv2.putText(
        card, "STEMKAART  Extra ALV VNG", (margin, int(29 * scale)), font, 0.9 * scale, 255, max(1, int(2 * scale))
    )
    cv2.putText(card, name, (margin, int(88 * scale)), font, 1.5 * scale, 20, max(1, int(3 * scale)))
    cv2.putText(card, f"{votes} stemmen", (margin, int(130 * scale)), font, 1.0 * scale, 40, max(1, int(2 * scale)))
    y = height - bh - int(40 * scale)
    card[y : y + bh, margin : margin + bw] = bars
    cv2.putText(
        card,
        " ".join(token[i : i + 4] for i in range(0, len(token), 4)),
        (margin + 10 * px_per_module, y + bh + int(30 * scale)),
        font,
        0.8 * scale,
        0,
        max(1, int(2 * scale)),
    )
    return CardImage(card, float(px_per_module), (margin, y, bw, bh))


CARD_TEXT = {"GM0363": ("Amsterdam", 75), "GM0599": ("Rotterdam", 75)}


def show_card_in_preview(view: DeskPanel, token: str) -> None:
    """What the camera would see: the card held up, with the found barcode outlined."""
    scene = Scene(size=(640, 480), px_per_module=2.2, angle=-5.0, center=(0.5, 0.55))
    frame = make_frame(token, scene, np.random.default_rng(7), renderer=stemkaart)
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
    meeting = build_demo(folder / "demo.sqlite")
    desk = DeskService(meeting.store, Actor("balie-1", "demo"), tr=Translator(args.lang))
    desk.set_supervisor_pin("4321")
    other = DeskService(meeting.store, Actor("balie-2", "demo"))
    m = desk.meeting

    def card(code: str) -> str:
        return make_card_token(m.meeting_no, m.secret, code, 1)

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
        show_card_in_preview(view, card("GM0363"))
        view.handle_scan(card("GM0363"))
    elif args.state == "waiting":
        show_card_in_preview(view, card("GM0363"))
        view.handle_scan(card("GM0363"))
        view.name_edit.setText("Femke Halsema")
        view.handle_scan(card("GM0772"))  # the next card, scanned before Enter: it waits
    elif args.state == "already":
        show_card_in_preview(view, card("GM0599"))
        view.handle_scan(card("GM0599"))
    elif args.state == "refused":
        forged = make_card_token(m.meeting_no, bytes(32), "GM0363", 1)
        show_card_in_preview(view, forged)
        view.handle_scan(forged)
    elif args.state == "issued":
        view.handle_scan(card("GM0363"))
        view.confirm()
    elif args.state == "pass":
        p = desk.check_in(desk.scan(card("GM0772")), name="J. de Vries", role="wethouder")
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
    code = app.exec()
    feed.stop()
    view.close()
    meeting.store.close()
    tmp.cleanup()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
