"""CLI tests run ``desk_app.cli.main`` in-process: what one run sets up must not reach the next test."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _restore_stembalie_logger() -> Iterator[None]:
    """A run attaches the log file of its user data folder to the ``stembalie`` logger; take it off again."""
    logger = logging.getLogger("stembalie")
    handlers, level = list(logger.handlers), logger.level
    yield
    for handler in logger.handlers:
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(level)


@pytest.fixture(autouse=True)
def _no_pin_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The coördinator PIN only from the test's own arguments, never from the environment."""
    monkeypatch.delenv("STEMBALIE_PIN", raising=False)


@pytest.fixture
def db(meeting_file: Path) -> str:
    """A meeting file copied from the template (the demo meeting), as ``--db`` takes it."""
    return str(meeting_file)
