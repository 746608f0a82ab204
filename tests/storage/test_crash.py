"""A process killed with SIGKILL in the middle of writing leaves a sound store with every
write it reported as committed (on the file: WAL and synchronous=FULL; on the server: its
transaction rolled back and the meeting lock freed when the connection dies)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
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
    svc = MeetingService(Store.open(target), Actor("balie-9", "crash-test"))
    codes = [m.code for m in svc.members()]
    i = 0
    while True:
        code = codes[i % len(codes)]
        svc.set_designation(code, name=f"Naam {i}", role="raadslid", email=None)
        print(f"{code} Naam {i}", flush=True)  # reported committed: set_designation has returned
        i += 1
    """
)


def test_sigkill_during_a_loop_of_writes(meeting, meeting_target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = meeting_target
    meeting.store.close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True, env=env)
    reported: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while len(reported) < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        reported.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)  # in the middle of the next write
    rest = proc.stdout.read()
    proc.wait()
    reported += [x for x in rest.splitlines() if x.strip()]
    assert len(reported) >= 150, "the writer did not get going"

    with Store.open(path) as store:
        assert store.integrity_check() == []
        result = audit.verify(store)
        assert result.ok, result
        written = {
            (r["code"], r["name"])
            for r in store.query(
                "SELECT a.object AS code, p.value AS name FROM audit a JOIN audit_personal p "
                "ON p.seq = a.seq AND p.field = 'name' WHERE a.action = 'reps.set'"
            )
        }
        for line in reported:
            code, name = line.split(" ", 1)
            assert (code, name) in written, f"{line} was reported committed but is missing"
        last_code, last_name = reported[-1].split(" ", 1)
        names = {r["code"]: r["name"] for r in store.query("SELECT code, name FROM designations")}
        # the designation table agrees with the audit trail: the last reported write is there or newer
        assert names[last_code] == last_name or len(written) > len(reported)
