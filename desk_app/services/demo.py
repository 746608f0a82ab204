"""The bundled demo meeting: the Extra ALV of 24 May 2024 on the real CBS register of 2024.

Built on first use into the user data folder, so a new desk team can walk the whole day without
any preparation or hardware.
"""

from __future__ import annotations

from pathlib import Path

from desk_app import paths
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage.db import Store

DEMO_NAME = "Extra Algemene Ledenvergadering VNG"
DEMO_DATE = "2024-05-24"
DEMO_PLACE = "Beatrixtheater, Utrecht"
DEMO_DESKS = ["balie-1", "balie-2", "balie-3", "balie-4"]


def build_demo(path: Path) -> MeetingService:
    """Create the demo meeting at ``path`` (register, fictional designations)."""
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
    return service


def open_demo(path: Path | None = None, actor: Actor | None = None) -> MeetingService:
    """Open the demo meeting, building it the first time."""
    path = path or paths.demo_meeting_file()
    if not path.exists():
        build_demo(path).store.close()
    return MeetingService(Store.open(path), actor or Actor())
