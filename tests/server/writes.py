"""Writes through the formation's DSN, and the checks that none confirmed was lost.

A write is *confirmed* when its COMMIT returned without error: that is what a desk would report
as saved. A COMMIT that raised (the connection died under it) is *in doubt*: it may or may not
be there, and is neither counted nor required.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from desk_app.server.formation import Formation, Instance
from desk_app.server.probe import connect

TABLE = "formation_probe"
_ids = itertools.count(1)
_ids_lock = threading.Lock()


def next_id() -> int:
    with _ids_lock:
        return next(_ids)


def ensure_table(dsn: str, password: str) -> None:
    with connect(dsn, password=password, timeout=10) as conn:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigint PRIMARY KEY, writer text NOT NULL,"
            " at timestamptz NOT NULL DEFAULT clock_timestamp())"
        )
        conn.commit()


def direct_dsn(formation: Formation, name: str) -> str:
    """One node only, whatever its role (``target_session_attrs=any``)."""
    port = formation.node(name).spec.port
    return (
        f"postgresql://{formation.layout.app_user}@{formation.layout.host}:{port}/{formation.layout.dbname}"
        "?sslmode=require&connect_timeout=2&target_session_attrs=any"
    )


class Writer:
    """A thread that inserts rows through the DSN as fast as it can, reconnecting after errors."""

    def __init__(self, dsn: str, password: str, name: str = "writer") -> None:
        self.dsn, self.password, self.name = dsn, password, name
        self.confirmed: list[tuple[int, float]] = []  # (id, monotonic time the COMMIT returned)
        self.in_doubt: list[int] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._lock = threading.Lock()

    def _run(self) -> None:
        conn: psycopg.Connection[tuple[object, ...]] | None = None
        while not self._stop.is_set():
            try:
                if conn is None or conn.closed:
                    conn = connect(self.dsn, password=self.password, timeout=5)
                row_id = next_id()
                conn.execute(f"INSERT INTO {TABLE} (id, writer) VALUES (%s, %s)", (row_id, self.name))
                try:
                    conn.commit()
                except psycopg.Error:
                    with self._lock:
                        self.in_doubt.append(row_id)
                    raise
                with self._lock:
                    self.confirmed.append((row_id, time.monotonic()))
            except psycopg.Error as exc:
                with self._lock:
                    self.errors.append(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc))
                if conn is not None:
                    conn.close()
                conn = None
                self._stop.wait(0.05)
        if conn is not None:
            conn.close()

    def confirmed_ids(self) -> set[int]:
        with self._lock:
            return {i for i, _ in self.confirmed}

    def first_confirmed_after(self, moment: float) -> float | None:
        with self._lock:
            later = [t for _, t in self.confirmed if t > moment]
        return min(later) if later else None

    def wait_confirmed(self, count: int, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.confirmed) < count:
            assert time.monotonic() < deadline, (
                f"{self.name}: fewer than {count} writes in {timeout} s: {self.errors[-3:]}"
            )
            time.sleep(0.05)

    def wait_confirmed_after(self, moment: float, *, timeout: float) -> float:
        """Seconds from ``moment`` to the first write confirmed after it (bounded wait)."""
        deadline = moment + timeout
        while (first := self.first_confirmed_after(moment)) is None:
            assert time.monotonic() < deadline, (
                f"{self.name}: no write confirmed within {timeout} s after the kill; last errors {self.errors[-3:]}"
            )
            time.sleep(0.05)
        return first - moment

    def start(self) -> Writer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        assert not self._thread.is_alive(), f"{self.name} did not stop"


@contextmanager
def writing(dsn: str, password: str, name: str = "writer") -> Iterator[Writer]:
    writer = Writer(dsn, password, name).start()
    try:
        yield writer
    finally:
        writer.stop()


def ids_on(formation: Formation, name: str, password: str) -> set[int]:
    with connect(direct_dsn(formation, name), password=password, autocommit=True, timeout=10) as conn:
        return {int(str(r[0])) for r in conn.execute(f"SELECT id FROM {TABLE}").fetchall()}


def wait_replayed(formation: Formation, primary: Instance, standby: Instance, *, timeout: float = 30) -> None:
    """Wait until ``standby`` has replayed everything ``primary`` has written so far."""
    target = primary.psql("SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + timeout
    while True:
        done = standby.psql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
        if done == "t":
            return
        assert time.monotonic() < deadline, f"{standby.name} did not replay up to {target} in {timeout} s"
        time.sleep(0.1)
