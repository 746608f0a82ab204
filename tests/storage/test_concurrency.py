"""Two processes on one meeting: the desk writes while the chair's screen reads and writes.

On the file SQLite's write lock serializes the writers; on the server the meeting's advisory lock
does: either way one chain, each desk's own numbering unbroken, and the reader never blocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from desk_app.storage import audit
from desk_app.storage.db import Store

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desk_app.services.meeting import Actor, MeetingService
    from desk_app.storage.db import Store
    target = sys.argv[1] if sys.argv[1].startswith("postgresql://") else Path(sys.argv[1])
    svc = MeetingService(Store.open(target), Actor(sys.argv[2], "test"))
    for i in range(60):
        svc.set_designation("GM0363" if sys.argv[2] == "a" else "GM0599", name=f"{sys.argv[2]}{i}",
                            role="raadslid", email=None)
    """
)


def test_two_writers_and_a_reader(meeting, meeting_target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = meeting_target
    script = tmp_path / "w.py"
    script.write_text(WRITER)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    start = meeting.store.change_marker()
    procs = [subprocess.Popen([sys.executable, str(script), str(path), desk], env=env) for desk in ("a", "b")]
    seen = set()
    while any(p.poll() is None for p in procs):
        seen.add(meeting.store.change_marker())  # the reader is never blocked
        meeting.store.query("SELECT COUNT(*) AS n FROM audit")
    assert [p.returncode for p in procs] == [0, 0]
    assert meeting.store.change_marker() != start
    with Store.open(path) as store:
        assert audit.verify(store).ok
        per_desk = {
            r["desk"]: r["n"]
            for r in store.query("SELECT desk, COUNT(*) AS n, MAX(desk_seq) AS m FROM audit GROUP BY desk")
        }
        assert per_desk["a"] == 60 and per_desk["b"] == 60
