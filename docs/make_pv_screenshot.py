"""Render the proces-verbaal of a whole demo day to a PNG (what docs/screenshots/proces-verbaal.png is).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_pv_screenshot.py docs/screenshots/proces-verbaal.png

The meeting is the bundled demo (Extra ALV of 24 May 2024, real CBS register 2024, its agenda,
fictional designations) in a temporary folder that is removed afterwards. 266 municipalities
check in at four desks; the coördinator (demo PIN 1234) admits one card that was wrongly
"already registered" and replaces one lost pass; the resolution is acclaimed and every other
item of the agenda is voted on in the voting order, closed and declared as computed. Then the
export is written with the product's own ``ExportService`` and the page of the proces-verbaal
that holds the last vote, the coördinator's actions, the audit head and the signatures is
rendered at 150 dpi (``--page N`` picks another page, 1-based).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import cv2  # noqa: E402
import pypdfium2 as pdfium  # type: ignore[import-untyped]  # noqa: E402

from PySide6.QtGui import QGuiApplication  # noqa: E402

from desk_app.domain.tally import Choice  # noqa: E402
from desk_app.domain.token import make_card_token  # noqa: E402
from desk_app.export.pdf import FOOTER_MM, MARGINS_MM  # noqa: E402
from desk_app.services.demo import DEMO_PIN, build_demo  # noqa: E402
from desk_app.services.desk import DeskService  # noqa: E402
from desk_app.services.export import ExportService  # noqa: E402
from desk_app.services.meeting import Actor  # noqa: E402
from desk_app.services.voting import VotingService  # noqa: E402

#: (weights of voor, tegen, onthouding) per vote, in the demo's voting order after the acclamation.
LEANINGS = {"4.A1": (70, 22, 8), "4": (88, 5, 7), "4.M1": (60, 30, 10), "4.M2": (52, 40, 8), "4.M3": (35, 57, 8)}


def demo_day(folder: Path) -> Path:
    """A whole demo day on a meeting file in ``folder``; the export folder it was written to."""
    meeting = build_demo(folder / "demo.sqlite")
    desks = [DeskService(meeting.store, Actor(f"balie-{n}", f"balie-{n}")) for n in range(1, 5)]
    rng = random.Random(24052024)
    m = desks[0].meeting
    codes = sorted(member.code for member in meeting.members())
    present = rng.sample(codes, 266)
    for n, code in enumerate(present):
        desk = desks[n % len(desks)]
        v = desk.scan(make_card_token(m.meeting_no, m.secret, code, 1))
        desk.check_in(v, name=v.rep_name or f"Vertegenwoordiger {code}", role=v.rep_role or "raadslid")
    # The coördinator's two actions of the day: a colleague's pass taken by mistake, a pass lost.
    wrong = desks[2].scan(make_card_token(m.meeting_no, m.secret, present[2], 1))
    desks[2].override_already(
        wrong,
        name="Lotte Brinkman-Ouali",
        role="wethouder",
        pin=DEMO_PIN,
        reason="eerdere pas op naam van collega, die is niet aanwezig",
    )
    lost = next(serial for serial, code, _ in desks[0].active_passes() if code == present[4])
    desks[0].replace_lost(lost, pin=DEMO_PIN, reason="stempas verloren in de zaal")

    meeting.open_meeting()
    chair = VotingService(
        meeting.store,
        Actor("voorzitterstafel", "voorzitterstafel"),
        lambda: [(serial, code) for serial, code, _ in desks[0].active_passes()],
    )
    chair.acclaim("2", "notulencommissie benoemd bij acclamatie")
    for step, weights in LEANINGS.items():
        chair.open(step)
        for code in present:
            if rng.random() < 0.95:  # a few are out of the hall
                choice = rng.choices([Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING], weights=weights)[0]
                chair.record(choice, code=code, source="grid")
        chair.close()
        chair.declare_computed()
    out = folder / "export"
    ExportService(meeting.store).export(out)
    meeting.store.close()
    return out / "proces-verbaal.pdf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("png", type=Path)
    parser.add_argument("--page", type=int, default=0, help="1-based page; default: the page with the signatures")
    parser.add_argument("--dpi", type=int, default=150)
    args = parser.parse_args()
    app = QGuiApplication(sys.argv[:1])  # the export paints the PDF with Qt  # noqa: F841
    with tempfile.TemporaryDirectory(prefix="stembalie-pv-") as tmp:
        pdf = pdfium.PdfDocument(demo_day(Path(tmp)))
        index = args.page - 1
        if index < 0:
            # The text above the footer: Qt also writes the clipped-away lines of a block that
            # crosses a page edge into the page before or after, where they are not to be seen.
            foot = (MARGINS_MM.bottom() + FOOTER_MM) * 72 / 25.4
            texts = [pdf[i].get_textpage().get_text_bounded(bottom=foot) for i in range(len(pdf))]
            index = next(i for i, text in enumerate(texts) if "Ondertekening" in text)
        page = pdf[index]
        # pdfium paints BGR, as OpenCV writes it (no Pillow in the project).
        cv2.imwrite(str(args.png), page.render(scale=args.dpi / 72).to_numpy())
        print(f"{args.png}: page {index + 1} of {len(pdf)}")
        pdf.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
