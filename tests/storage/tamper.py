"""Changing a meeting file the way someone with the sqlite3 shell would: triggers dropped first.

Imported by the integrity tests (storage, services, export); not a fixture file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desk_app.storage import audit


def shell(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Drop every trigger, run the statements on the real file and commit, as ``sqlite3 FILE`` would.

    ``params`` go with the last statement. The connection is a plain one: no foreign keys, no app.
    """
    conn = sqlite3.connect(path)
    try:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        for n, sql in enumerate(statements, start=1):
            conn.execute(sql, params if n == len(statements) else ())
        conn.commit()
    finally:
        conn.close()


def rehash_from(path: Path, seq: int) -> None:
    """Recompute the hash of entry ``seq`` and of every later one, relinking the chain.

    The chain is unkeyed SHA-256, so this is all it takes to make a rewritten entry verify.
    """
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        before = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq - 1,)).fetchone()
        prev = before["hash"] if before else audit.GENESIS
        for row in conn.execute("SELECT * FROM audit WHERE seq >= ? ORDER BY seq", (seq,)).fetchall():
            fields = dict(row)
            fields["prev_hash"] = prev
            fields["hash"] = audit.entry_hash(fields)
            conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?",
                         (fields["prev_hash"], fields["hash"], fields["seq"]))
            prev = fields["hash"]
        conn.commit()
    finally:
        conn.close()


def entry_seq(path: Path, action: str, where: str = "1", params: tuple[object, ...] = ()) -> int:
    """The newest entry with ``action`` (and the extra SQL condition ``where`` on its row)."""
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            f"SELECT MAX(seq) FROM audit WHERE action = ? AND {where}", (action, *params)  # noqa: S608 - test text
        ).fetchone()
        assert row[0] is not None, f"no {action} entry"
        return int(row[0])
    finally:
        conn.close()


def scripted_template(folder: Path) -> Path:
    """The scripted meeting of ``tests/export/scripted.py`` (check-ins, an override, every kind
    of vote) as a closed file in ``folder``: copy it per test with :func:`copy_meeting`."""
    from desk_app.services.demo import build_demo
    from tests.export.scripted import run_meeting

    path = folder / "template.sqlite"
    meeting = build_demo(path)
    try:
        run_meeting(meeting, folder)
    finally:
        meeting.store.close()
    return path


def copy_meeting(template: Path, target: Path) -> Path:
    """A copy of a closed meeting file through SQLite's backup API (WAL included)."""
    from desk_app.storage.archive import online_backup

    online_backup(template, target)
    return target
