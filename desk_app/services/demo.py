"""The bundled demo meeting: the Extra ALV of 24 May 2024 on the real CBS register of 2024.

Built on first use into the user data folder, so a new desk team can walk the whole day without
any preparation or hardware. The demo's camera is a video of the meeting's own stemkaarten held up
to a webcam, made in about a second when the demo starts (:func:`demo_cards` on the GUI thread,
:func:`write_demo_video` on a worker).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from desk_app import paths
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from desk_app.storage.db import Store

if TYPE_CHECKING:
    from desk_app.services.cards import CardService

DEMO_NAME = "Extra Algemene Ledenvergadering VNG"
DEMO_DATE = "2024-05-24"
DEMO_PLACE = "Beatrixtheater, Utrecht"
DEMO_DESKS = ["balie-1", "balie-2", "balie-3", "balie-4"]


DEMO_PIN = "1234"  # the demo's supervisor PIN, printed in the README; a real meeting sets its own
DEMO_AGENDA = ("demo", "agenda-extra-alv-2024-05-24.toml")
DEMO_VIDEO_CODES = ("GM0344", "GM0363", "GM0599", "GM0153", "GM1900", "GM0518")
DEMO_VIDEO_SIZE = (640, 480)
#: A webcam plays at 15 to 30 frames a second; 15 halves the time to make the video.
DEMO_VIDEO_FPS = 15.0
#: Pixels per barcode module in the video: an A4 card held at a comfortable distance.
DEMO_VIDEO_PPM = 2.2
#: Part of the video's file name: a change to how the video is made gives a new file.
DEMO_VIDEO_VERSION = 2


def build_demo(path: Path, *, allow_removable: bool = False) -> MeetingService:
    """Create the demo meeting at ``path``: register, fictional designations, agenda, PIN
    (``allow_removable``: as for :meth:`MeetingService.create`)."""
    register = paths.default_register()
    service = MeetingService.create(
        path,
        name=DEMO_NAME,
        date=DEMO_DATE,
        place=DEMO_PLACE,
        register_csv=register.read_bytes(),
        register_source="CBS gemeenten 1 januari 2024 (resources/register/gemeenten_2024.csv)",
        desks=DEMO_DESKS,
        actor=Actor("secretariaat", "demo"),
        allow_removable=allow_removable,
    )
    reps = paths.resource("demo", "aanwijzingen-demo.csv")
    service.import_designations(reps.read_bytes(), "resources/demo/aanwijzingen-demo.csv (fictief)")
    desk = DeskService(service.store, service.actor)
    desk.set_supervisor_pin(DEMO_PIN)
    VotingService(service.store, service.actor, lambda: []).load_agenda_file(paths.resource(*DEMO_AGENDA))
    return service


@dataclass(frozen=True)
class DemoCard:
    """One card of the demo video: what the camera sees of the printed stemkaart, and its token."""

    code: str
    token: str
    image: npt.NDArray[np.uint8]  # grey: the top of the A4 stemkaart (name, votes, barcode, digits)


def demo_cards(
    cards: CardService, codes: Sequence[str] = DEMO_VIDEO_CODES, px_per_module: float = DEMO_VIDEO_PPM
) -> list[DemoCard]:
    """The product's own stemkaart of each municipality, with the demo meeting's real data.

    Painted with Qt on the calling thread (the GUI thread in the app): a few hundredths of a
    second per card at this resolution. What the camera sees is the top of the A4 sheet, from the
    VNG band to the digits under the barcode.
    """
    from desk_app.domain.token import make_card_token
    from desk_app.printing.barcode import qimage_to_gray
    from desk_app.printing.card import MODULE_MM

    meeting = cards.meeting()
    dpi = round(px_per_module * 25.4 / MODULE_MM)
    out: list[DemoCard] = []
    for code in codes:
        preview = cards.preview(code, dpi=dpi)
        page = qimage_to_gray(preview.page)
        h, w = page.shape
        crop = np.ascontiguousarray(page[: round(h * 0.47), round(w * 0.07) : round(w * 0.93)])
        out.append(DemoCard(code, make_card_token(meeting.meeting_no, meeting.secret, code, preview.version), crop))
    return out


def demo_video_path(folder: Path, cards: Sequence[DemoCard]) -> Path:
    """Where the video of these cards is kept: named after what is on them, so a demo meeting that
    was reset (new secret, new tokens) never plays the old meeting's cards."""
    digest = hashlib.sha256()
    digest.update(f"v{DEMO_VIDEO_VERSION}".encode())
    for card in cards:
        digest.update(card.token.encode())
        digest.update(card.image.tobytes())
    return folder / f"demo-kaarten-{digest.hexdigest()[:12]}.avi"


def demo_video_frames(
    cards: Sequence[DemoCard],
    size: tuple[int, int] = DEMO_VIDEO_SIZE,
    fps: float = DEMO_VIDEO_FPS,
    hold_s: float = 1.6,
    gap_s: float = 0.8,
    enter_s: float = 0.4,
    seed: int = 0,
) -> Iterator[npt.NDArray[np.uint8]]:
    """A desk seen by a webcam: each card slides in, is held (a hand is never still), slides out.

    Made for speed, not for testing the decoder (``desk_app.scanning.synthetic`` does that): each
    frame is one affine warp of the card onto the desk in 8-bit, plus one of a few precomputed
    sensor-noise patterns. Pure numpy and OpenCV: safe on a worker thread.
    """
    import cv2

    from desk_app.scanning.synthetic import background

    rng = np.random.default_rng(seed)
    fw, fh = size
    desk = np.clip(background(size, rng), 0, 255).astype(np.uint8)
    # Sensor noise as a few fixed patterns, split into what it adds and what it takes away, so
    # applying it is two saturating 8-bit operations.
    noise = [rng.normal(0.0, 3.0, (fh, fw, 3)) for _ in range(4)]
    plus = [np.clip(n, 0, 255).astype(np.uint8) for n in noise]
    minus = [np.clip(-n, 0, 255).astype(np.uint8) for n in noise]
    count = 0

    def noisy(frame: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
        nonlocal count
        i = count % len(noise)
        count += 1
        return np.asarray(cv2.subtract(cv2.add(frame, plus[i]), minus[i]), np.uint8)

    def shot(paper: npt.NDArray[np.uint8], x: float, y: float, angle: float, moving: bool) -> npt.NDArray[np.uint8]:
        ch, cw = paper.shape[:2]
        m = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, 1.0)
        m[0, 2] += x - cw / 2
        m[1, 2] += y - ch / 2
        frame = cv2.warpAffine(
            paper, m, size, dst=desk.copy(), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_TRANSPARENT
        )
        if moving:  # a hand moving fast: smeared along the way it moves
            frame = cv2.blur(frame, (9, 1))
        return noisy(np.asarray(frame, np.uint8))

    n_gap, n_enter, n_hold = round(gap_s * fps), round(enter_s * fps), round(hold_s * fps)
    for card in cards:
        tint = (0.93, 0.97, 1.0)  # paper under warm light
        paper = np.asarray(cv2.merge([(card.image * f).astype(np.uint8) for f in tint]), np.uint8)
        rest_x, out_x = fw / 2, fw + card.image.shape[1] / 2 + 10
        for _ in range(n_gap):
            yield noisy(desk)
        for i in range(n_enter):
            yield shot(paper, out_x + (rest_x - out_x) * (i + 1) / n_enter, fh / 2, 0.0, True)
        for i in range(n_hold):
            wobble = math.sin(i / fps * 2 * math.pi * 0.7)
            yield shot(paper, rest_x + 4 * wobble, fh / 2 + 3 * wobble, 3 * wobble, False)
        for i in range(n_enter):
            yield shot(paper, rest_x + (out_x - rest_x) * (i + 1) / n_enter, fh / 2, 0.0, True)
    for _ in range(n_gap):
        yield noisy(desk)


def write_demo_video(cards: Sequence[DemoCard], folder: Path) -> Path:
    """The demo's camera video of ``cards`` in ``folder``, made unless it is there already.

    No Qt: run it on a worker thread. Written beside its final name and renamed when complete, so
    a half-written video (the app closed meanwhile) is never taken as done.
    """
    from desk_app.scanning.synthetic import write_video

    path = demo_video_path(folder, cards)
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part.avi")
        write_video(partial, demo_video_frames(cards), fps=DEMO_VIDEO_FPS)
        partial.replace(path)
    return path


def demo_video(cards: CardService, folder: Path) -> Path:
    """A sample video of demo cards held up to a camera: the desk plays it as its camera, so a new
    user tries the camera path without one. Paints on the calling thread (see :func:`demo_cards`)."""
    return write_demo_video(demo_cards(cards), folder)


def reset_demo(path: Path | None = None) -> Path:
    """Throw the demo meeting away and build it anew (a fresh secret: old passes and cards are void).

    The caller closes every connection to the file first. Returns the path of the new demo meeting.
    """
    path = path or paths.demo_meeting_file()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    for video in path.parent.glob("demo-kaarten-*.avi"):  # the old meeting's cards
        video.unlink(missing_ok=True)
    build_demo(path).store.close()
    return path


def open_demo(path: Path | None = None, actor: Actor | None = None) -> MeetingService:
    """Open the demo meeting, building it the first time."""
    path = path or paths.demo_meeting_file()
    if not path.exists():
        build_demo(path).store.close()
    return MeetingService(Store.open(path), actor or Actor())
