"""tests/server: the formation itself (its fixture and helpers live in tests/conftest.py and
tests/formation.py, shared with the PostgreSQL variants of the storage and services tests), and
what the tests here share: a fresh meeting database, and a relay in front of the primary."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desk_app.server.formation import Formation
from tests.formation import TIMINGS, formation_root, start_formation, stop_formation
from tests.meeting_server import MeetingServer
from tests.server.desks import primary_port
from tests.server.proxy import Relay

__all__ = ["TIMINGS", "formation_root", "start_formation", "stop_formation"]


@pytest.fixture
def dsn(meeting_server: MeetingServer) -> Iterator[str]:
    """A fresh meeting database (the URI carries its password), dropped afterwards."""
    address = meeting_server.new_meeting()
    yield address
    meeting_server.drop(address)


@pytest.fixture
def relay(formation: Formation) -> Iterator[Relay]:
    """A relay in front of the primary that a test can freeze (a hung server) or close (a closed port)."""
    r = Relay(("127.0.0.1", primary_port(formation)))
    yield r
    r.close()
