"""Changing a meeting behind the app's back, the way someone with the database's own shell would:
every trigger dropped first, then rows changed, on a plain connection (no foreign keys, no app).

On a file that is ``sqlite3 FILE``; on the meeting server ``psql`` as the owner of the meeting's
tables (who may drop their triggers too). Targets are a file path or a server URI (the
``meeting_target`` fixture); SQL is written once, with SQLite's placeholders.

Imported by the integrity tests (storage, services, export); not a fixture file.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desk_app.storage import audit
from desk_app.storage.db import is_server_address


class _Shell:
    """A plain connection to the meeting with its triggers gone; ``run`` takes SQLite's placeholders."""

    def __init__(self, target: Path | str) -> None:
        self.server = is_server_address(target)
        if self.server:
            import psycopg

            self.conn: Any = psycopg.connect(str(target))
            self.conn.execute("SET search_path TO stembalie")
            for table, name in self.conn.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relnamespace = 'stembalie'::regnamespace"
            ).fetchall():
                self.conn.execute(f'DROP TRIGGER "{name}" ON "{table}"')
        else:
            self.conn = sqlite3.connect(target)
            for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                self.conn.execute(f'DROP TRIGGER "{name}"')

    def run(self, sql: str, params: tuple[object, ...] | list[object] = ()) -> list[dict[str, Any]]:
        if self.server:
            from psycopg.rows import dict_row

            from desk_app.storage.sql import to_pyformat

            with self.conn.cursor(row_factory=dict_row) as cur:
                cur.execute(to_pyformat(sql), params)
                return list(cur.fetchall()) if cur.description else []
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, row)) for row in cur.fetchall()]


@contextlib.contextmanager
def _shell(target: Path | str) -> Iterator[_Shell]:
    sh = _Shell(target)
    try:
        yield sh
        sh.conn.commit()
    finally:
        sh.conn.close()


def shell(target: Path | str, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Drop every trigger, run the statements on the real meeting and commit, as the shell would.

    ``params`` go with the last statement.
    """
    with _shell(target) as sh:
        for n, sql in enumerate(statements, start=1):
            sh.run(sql, params if n == len(statements) else ())


def rehash_from(target: Path | str, seq: int) -> None:
    """Recompute the hash of entry ``seq`` and of every later one, relinking the chain.

    The chain is unkeyed SHA-256, so this is all it takes to make a rewritten entry verify.
    """
    with _shell(target) as sh:
        before = sh.run("SELECT hash FROM audit WHERE seq = ?", (seq - 1,))
        prev = before[0]["hash"] if before else audit.GENESIS
        for row in sh.run("SELECT * FROM audit WHERE seq >= ? ORDER BY seq", (seq,)):
            fields = dict(row)
            fields["prev_hash"] = prev
            fields["hash"] = audit.entry_hash(fields)
            sh.run(
                "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?",
                (fields["prev_hash"], fields["hash"], fields["seq"]),
            )
            prev = fields["hash"]


def entry_seq(target: Path | str, action: str, where: str = "1 = 1", params: tuple[object, ...] = ()) -> int:
    """The newest entry with ``action`` (and the extra SQL condition ``where`` on its row)."""
    with _shell(target) as sh:
        rows = sh.run(
            f"SELECT MAX(seq) AS seq FROM audit WHERE action = ? AND {where}",  # noqa: S608 - test text
            (action, *params),
        )
    assert rows and rows[0]["seq"] is not None, f"no {action} entry"
    return int(rows[0]["seq"])


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
