"""The demo day on the meeting server, with the command line only, and the round trip back to a file.

The meeting is prepared in a file as always (``scripts/demo_day_cli.py``'s own steps), put on the
formation with ``server push``, and the whole day runs against the server's address: check-ins by
card and by look-up, a substitute, a lost pass, a reprint, an override, an undo, leaving and
returning, the opening, an acclamation, votes recorded by pass and by code, declarations, a
herstemming. Then ``export`` and ``verify --against`` on the server, ``server pull`` into a new
file, and on that file ``verify`` and ``export``: the two exports are the same bytes, and the
chain head is the same everywhere.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import REPO
from tests.meeting_server import MeetingServer

pytestmark = [pytest.mark.server, pytest.mark.xdist_group("formation")]


def _demo_day() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_day_cli", REPO / "scripts" / "demo_day_cli.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("demo_day_cli", module)
    spec.loader.exec_module(module)
    return module


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_day_on_the_server_and_back_into_a_file(meeting_server: MeetingServer, tmp_path: Path, qapp: object) -> None:
    # qapp: the in-process commands paint (cards, passes, the proces-verbaal) on the one QApplication.
    demo = _demo_day()
    dsn = meeting_server.empty_database()
    day = demo.Day(tmp_path, "nl", quiet=True, in_process=True)
    names = demo.prepare(day)  # the secretariat's laptop: a meeting file
    pushed = day.json("server", "push", dsn)
    assert pushed["verified"] and pushed["replaced"] is None
    day.db = dsn  # from here on every command names the meeting server
    try:
        demo.at_the_door(day, names)
        demo.in_the_hall(day)
        # A pushed meeting in use is never overwritten.
        day.db = tmp_path / "vergadering.sqlite"
        refused = day.run("server", "push", dsn, expect=1)
        assert refused == ""
        day.db = dsn
        # A file operation on the server says what to do instead of failing obscurely.
        day.run("backup", "--to", str(tmp_path / "usb"), expect=1)
        day.run("init", "--date", "2025-06-04", expect=1)

        on_server = tmp_path / "export-server"
        day.run("export", "--out", str(on_server))
        day.run("verify-export", str(on_server), meeting=False)
        day.run("verify", "--against", str(on_server))
        pulled = tmp_path / "teruggehaald.sqlite"
        out = day.json("server", "pull", str(pulled))
        assert out["verified"] and out["entries"] > pushed["entries"]
        assert out["rows"]["vote_records"] > 0 and out["rows"]["vote_declarations"] == 5
        day.run("server", "pull", str(pulled), expect=1)  # never over an existing file
    finally:
        meeting_server.drop(dsn)

    day.db = pulled
    from_file = tmp_path / "export-file"
    day.run("verify", "--against", str(on_server))
    day.run("export", "--out", str(from_file))
    assert files_of(from_file) == files_of(on_server)  # the same bytes, file for file
    assert not list(tmp_path.glob("*.part*"))
