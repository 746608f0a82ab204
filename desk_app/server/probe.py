"""Is there a primary behind this DSN, and which one? A small psycopg health probe.

Used by the formation's tests, the failover benchmark and (later) the desk's connection
indicator. It reads server facts only (no meeting data): where the session landed, whether that
server is in recovery, and its synchronous-replication settings.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from desk_app.server.dsn import redact


@dataclass(frozen=True)
class Probe:
    """One connection attempt's outcome; ``ok`` False with ``error`` when none was made."""

    ok: bool
    elapsed_s: float
    host: str | None = None
    port: int | None = None
    in_recovery: bool | None = None
    server_version: int | None = None
    synchronous_standby_names: str | None = None
    synchronous_commit: str | None = None
    error: str | None = None

    @property
    def writable(self) -> bool:
        return self.ok and self.in_recovery is False


def connect(
    dsn: str, *, password: str | None = None, autocommit: bool = False, timeout: float | None = None
) -> psycopg.Connection[tuple[object, ...]]:
    """Open a connection (``password`` kept out of the URI); ``timeout`` bounds each statement."""
    extra: dict[str, str] = {}
    if password is not None:
        extra["password"] = password
    if timeout is not None:
        extra["options"] = f"-c statement_timeout={int(timeout * 1000)}"
    return psycopg.connect(make_conninfo(dsn, **extra), autocommit=autocommit)


def probe(dsn: str, *, password: str | None = None, timeout: float = 5.0) -> Probe:
    """Connect once and report where the session landed; never raises for a driver error."""
    started = time.monotonic()
    try:
        with connect(dsn, password=password, autocommit=True, timeout=timeout) as conn:
            row: tuple[Any, ...] | None = conn.execute(
                "SELECT pg_is_in_recovery(), current_setting('server_version_num')::int,"
                " current_setting('synchronous_standby_names'), current_setting('synchronous_commit')"
            ).fetchone()
            assert row is not None
            info = conn.info
            return Probe(
                True,
                time.monotonic() - started,
                info.host,
                int(info.port),
                bool(row[0]),
                int(row[1]),
                str(row[2]),
                str(row[3]),
            )
    except psycopg.Error as exc:
        message = str(exc).strip().splitlines()
        return Probe(False, time.monotonic() - started, error=message[0] if message else type(exc).__name__)


def wait_for_primary(dsn: str, *, password: str | None = None, timeout: float = 30.0, interval: float = 0.2) -> Probe:
    """Probe until a writable primary answers; ``TimeoutError`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last: Probe | None = None
    while True:
        last = probe(dsn, password=password, timeout=min(5.0, max(1.0, deadline - time.monotonic())))
        if last.writable:
            return last
        if time.monotonic() >= deadline:
            raise TimeoutError(f"No primary behind {redact(dsn)} within {timeout:.0f} s (last: {last.error})")
        time.sleep(interval)
