"""The bundled demo meeting: the Extra ALV of 24 May 2024 on the real CBS register of 2024.

Built on first use into the user data folder, so a new desk team can walk the whole day without
any preparation or hardware.
"""

from __future__ import annotations

from pathlib import Path

from desk_app import paths
from desk_app.domain.meeting import Meeting
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from desk_app.storage.db import Store

DEMO_NAME = "Extra Algemene Ledenvergadering VNG"
DEMO_DATE = "2024-05-24"
DEMO_PLACE = "Beatrixtheater, Utrecht"
DEMO_DESKS = ["balie-1", "balie-2", "balie-3", "balie-4"]


DEMO_PIN = "1234"  # the demo's supervisor PIN, printed in the README; a real meeting sets its own
DEMO_AGENDA = ("demo", "agenda-extra-alv-2024-05-24.toml")
DEMO_VIDEO_CODES = ("GM0344", "GM0363", "GM0599", "GM0153", "GM1900", "GM0518")


def build_demo(path: Path) -> MeetingService:
    """Create the demo meeting at ``path``: register, fictional designations, agenda, PIN."""
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
    )
    reps = paths.resource("demo", "aanwijzingen-demo.csv")
    service.import_designations(reps.read_bytes(), "resources/demo/aanwijzingen-demo.csv (fictief)")
    desk = DeskService(service.store, service.actor)
    desk.set_supervisor_pin(DEMO_PIN)
    VotingService(service.store, service.actor, lambda: []).load_agenda_file(paths.resource(*DEMO_AGENDA))
    return service


def demo_video(meeting: Meeting, folder: Path) -> Path:
    """A sample video of demo cards held up to a camera, made once per demo meeting.

    Lets a new user try the camera path without a camera: the desk plays it as its source.
    Takes the meeting (not the service) so it can run on a worker thread.
    """
    m = meeting
    path = folder / f"demo-kaarten-{m.meeting_no}.avi"
    if not path.exists():
        from desk_app.domain.token import make_card_token
        from desk_app.scanning.synthetic import card_video_frames, write_video

        folder.mkdir(parents=True, exist_ok=True)
        tokens = [make_card_token(m.meeting_no, m.secret, code, 1) for code in DEMO_VIDEO_CODES]
        frames = (frame for frame, _ in card_video_frames(tokens, size=(640, 480), hold_s=1.5, gap_s=1.0,
                                                           px_per_module=3.0))
        partial = path.with_suffix(".part.avi")
        write_video(partial, frames, fps=30.0)
        partial.replace(path)  # a half-written video (app closed meanwhile) is never taken as done
    return path


def open_demo(path: Path | None = None, actor: Actor | None = None) -> MeetingService:
    """Open the demo meeting, building it the first time."""
    path = path or paths.demo_meeting_file()
    if not path.exists():
        build_demo(path).store.close()
    return MeetingService(Store.open(path), actor or Actor())
