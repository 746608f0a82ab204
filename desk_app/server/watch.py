"""What a desk can see of the formation without its keys: each data node, and the monitor.

A desk has the application role's login, not the monitor's. So it asks each host of its own
multi-host URI directly (``target_session_attrs=any``): does it answer, and is it the primary or
a standby (``pg_is_in_recovery()``)? The monitor, when the desk knows its address, is only
knocked at: an answer asking for a password means it is up (as the monitor's own health check
reasons about the nodes). :class:`FormationWatch` does this every few seconds on a thread of its
own and tells a callback when the picture changed; the desk window shows it beside its own
connection (the store's link). Qt-free.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from desk_app.server.dsn import parse_dsn

__all__ = ["FormationView", "FormationWatch", "HostView", "look", "parse_monitor"]

PRIMARY, STANDBY, UNREACHABLE = "primary", "standby", "unreachable"


@dataclass(frozen=True)
class HostView:
    """One data node as a desk sees it: ``role`` is primary, standby or unreachable."""

    host: str
    port: int
    role: str
    error: str | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class FormationView:
    """Every data node of the desk's URI, and the monitor when its address is known."""

    hosts: tuple[HostView, ...]
    monitor: str | None = None  # "host:port", or None: this desk does not know it
    monitor_up: bool | None = None
    checked_at: float = 0.0

    @property
    def primary(self) -> HostView | None:
        found = [h for h in self.hosts if h.role == PRIMARY]
        return found[0] if len(found) == 1 else None

    @property
    def standbys(self) -> tuple[HostView, ...]:
        return tuple(h for h in self.hosts if h.role == STANDBY)

    def same(self, other: FormationView | None) -> bool:
        """The same picture (the time of the look aside)."""
        return other is not None and (self.hosts, self.monitor, self.monitor_up) == (
            other.hosts,
            other.monitor,
            other.monitor_up,
        )


def parse_monitor(text: str | None) -> tuple[str, int] | None:
    """'alv-mon' or 'alv-mon:5431' → ('alv-mon', 5431); None for nothing."""
    if not text or not text.strip():
        return None
    host, sep, port = text.strip().rpartition(":")
    if sep and port.isdigit():
        return host, int(port)
    return text.strip(), 5431


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _one_host(dsn: str, host: str, port: int, password: str | None, timeout: float) -> HostView:
    params = conninfo_to_dict(dsn)
    params.update(host=host, port=str(port), target_session_attrs="any", connect_timeout=str(max(2, int(timeout))))
    params["application_name"] = "stembalie-watch"
    if password is not None:
        params["password"] = password
    try:
        with psycopg.connect(make_conninfo(**{k: str(v) for k, v in params.items()}), autocommit=True) as conn:
            conn.execute(f"SET statement_timeout = {int(timeout * 1000)}")
            row = conn.execute("SELECT pg_is_in_recovery()").fetchone()
    except psycopg.Error as exc:
        return HostView(host, port, UNREACHABLE, _first_line(exc))
    return HostView(host, port, STANDBY if row and row[0] else PRIMARY)


def _monitor_up(host: str, port: int, timeout: float) -> bool:
    """Knock without a password: being asked for one means the monitor answers."""
    try:
        with psycopg.connect(
            host=host,
            port=port,
            dbname="pg_auto_failover",
            user="autoctl_node",
            password="",
            sslmode="prefer",
            connect_timeout=max(2, int(timeout)),
            application_name="stembalie-watch",
        ):
            return True
    except psycopg.Error as exc:
        text = str(exc).lower()
        return "password" in text or "authentication" in text or "no pg_hba.conf entry" in text


def look(dsn: str, *, password: str | None = None, monitor: str | None = None, timeout: float = 2.0) -> FormationView:
    """One look at every host of ``dsn`` (and the monitor ``host[:port]``); never raises for the network."""
    hosts = tuple(_one_host(dsn, h, p, password, timeout) for h, p in parse_dsn(dsn).hosts)
    mon = parse_monitor(monitor)
    up = _monitor_up(*mon, timeout) if mon is not None else None
    return FormationView(hosts, f"{mon[0]}:{mon[1]}" if mon else None, up, time.time())


class FormationWatch(threading.Thread):
    """:func:`look` every ``every_s`` seconds; ``on_change(view)`` when the picture changed."""

    def __init__(
        self,
        dsn: str,
        *,
        password: str | None = None,
        monitor: str | None = None,
        every_s: float = 5.0,
        on_change: Callable[[FormationView], None] | None = None,
    ) -> None:
        super().__init__(name="stembalie-formation-watch", daemon=True)
        self.dsn, self.password, self.monitor, self.every_s = dsn, password, monitor, every_s
        self.on_change = on_change
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._view: FormationView | None = None

    @property
    def view(self) -> FormationView | None:
        with self._lock:
            return self._view

    def run(self) -> None:
        while not self._stopped.is_set():
            view = look(self.dsn, password=self.password, monitor=self.monitor)
            with self._lock:
                changed = not view.same(self._view)
                self._view = view
            if changed and self.on_change is not None and not self._stopped.is_set():
                self.on_change(view)
            self._stopped.wait(self.every_s)

    def stop(self) -> None:
        self._stopped.set()
        if self.is_alive() and self is not threading.current_thread():
            self.join(timeout=0.2)  # a look in progress ends by itself (connect_timeout); it is a daemon
