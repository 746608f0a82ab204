"""Meetings on the test formation: one template database, a fresh copy per test in a few ms.

The demo meeting (the SQLite template of tests/conftest.py) is pushed once per test session
through the real ``server push`` service into a database of its own; each test then gets
``CREATE DATABASE … TEMPLATE`` of it (PostgreSQL copies the files; nothing is replayed) and it is
dropped afterwards. The application role may create databases on the test formation only
(``CREATEDB``, granted here through the service user's socket).
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

from desk_app.server.formation import Formation
from desk_app.services.transfer import push
from desk_app.storage.db import Store


@dataclass
class MeetingServer:
    formation: Formation
    template: str  # the template database's name
    _admin: psycopg.Connection[tuple[object, ...]] | None = None

    @classmethod
    def prepare(cls, formation: Formation, meeting_file: Path) -> MeetingServer:
        # A failover test of tests/server may just have run on this formation: wait for a primary.
        st = formation.wait_for(lambda st: st.primary is not None, timeout=120, what="a primary")
        assert st.primary is not None
        formation.node(st.primary.name).psql(f"ALTER ROLE {formation.layout.app_user} CREATEDB")
        server = cls(formation, f"tmpl_{os.getpid()}_{uuid.uuid4().hex[:6]}")
        server.execute(f"CREATE DATABASE {server.template}")
        with Store.open(meeting_file) as source:
            push(source, server.dsn(server.template))
        return server

    def execute(self, sql: str, *, timeout: float = 90.0) -> None:
        """On the formation's own database (autocommit). The failover tests of tests/server run on
        the same formation: a connection they cut, or a primary still being replaced, is waited
        for here (connected again through the multi-host URI) rather than failing the next test."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self._admin is None or self._admin.broken or self._admin.closed:
                    self._admin = psycopg.connect(self.formation.dsn(with_password=True), autocommit=True)
                self._admin.execute(sql.encode())
                return
            except psycopg.OperationalError:
                if self._admin is not None:
                    self._admin.close()
                self._admin = None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def dsn(self, dbname: str) -> str:
        return self.formation.dsn(dbname, with_password=True)

    def new_meeting(self) -> str:
        """The URI of a new database holding a copy of the template meeting."""
        name = f"m_{uuid.uuid4().hex[:12]}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {self.template}")
        return self.dsn(name)

    def empty_database(self) -> str:
        """The URI of a new, empty database (no meeting schema)."""
        name = f"e_{uuid.uuid4().hex[:12]}"
        self.execute(f"CREATE DATABASE {name}")
        return self.dsn(name)

    def drop(self, dsn: str) -> None:
        from desk_app.server.dsn import parse_dsn

        name = parse_dsn(dsn).dbname
        with contextlib.suppress(psycopg.Error):
            self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        with contextlib.suppress(psycopg.Error):
            self.execute(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")
        if self._admin is not None:
            self._admin.close()
