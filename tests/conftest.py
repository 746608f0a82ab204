"""Shared fixtures: headless Qt, an isolated user data folder, meetings on real SQLite files.

* Every test that needs Qt (a ``qapp``/``qtbot`` fixture, a test module importing PySide6, or a
  test under ``tests/ui`` or ``tests/app``) is marked ``gui`` here, so ``pytest -m "not gui"`` runs
  the core suite without ever creating a ``QApplication``. pytest-qt's ``qapp`` is the only one.
  Tests under ``tests/server`` (a real PostgreSQL formation, minutes) are marked ``server``.
* A meeting is built once per test session (per xdist worker) into a template file; each test
  that asks for ``meeting`` or ``session`` gets its own copy of that file, opened fresh.
* Temporary files go to a RAM disk (``/dev/shm``) when there is one and ``TMPDIR`` is not set:
  the store commits with ``synchronous=FULL``, and on a busy disk those fsyncs were more than half
  of the suite's time. The tests prove logic and survival of a killed process (the page cache
  outlives it), not of a power cut, so nothing they check depends on the fsync reaching a disk.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "TMPDIR" not in os.environ and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
    os.environ["TMPDIR"] = "/dev/shm"  # subprocesses of the tests inherit it too
    tempfile.tempdir = None  # forget a temp folder computed before this line

if TYPE_CHECKING:
    from desk_app.services.meeting import Actor, MeetingService
    from desk_app.session import Session

TESTS = Path(__file__).resolve().parent
GUI_FOLDERS = {"ui", "app"}
SERVER_FOLDERS = {"server"}
QT_FIXTURES = {"qapp", "qtbot", "qtlog", "qtmodeltester"}


# --- the gui marker ----------------------------------------------------------------------------


@cache
def _imports_qt(module: ModuleType) -> bool:
    """True when the test module itself imports something from PySide6 or pytest-qt."""
    for value in vars(module).values():
        name = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
        if isinstance(name, str) and name.startswith(("PySide6", "shiboken6", "pytestqt")):
            return True
    return False


def _folder(item: pytest.Item) -> str:
    try:
        return item.path.relative_to(TESTS).parts[0]
    except ValueError:
        return ""


def needs_qt(item: pytest.Item) -> bool:
    if QT_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    if _folder(item) in GUI_FOLDERS:
        return True
    module = getattr(item, "module", None)
    return isinstance(module, ModuleType) and _imports_qt(module)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if needs_qt(item):
            item.add_marker(pytest.mark.gui)
        if _folder(item) in SERVER_FOLDERS:
            item.add_marker(pytest.mark.server)


# --- isolation -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user data folder; always start in Dutch."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STEMBALIE_HOME", str(home))
    monkeypatch.delenv("STEMBALIE_DB", raising=False)
    from desk_app.domain.text import set_language

    set_language("nl")
    return home


# --- meetings ------------------------------------------------------------------------------------


def demo_actor() -> Actor:
    """Who built the demo meeting (``build_demo``): the fixtures act as the same person."""
    from desk_app.services.meeting import Actor

    return Actor("secretariaat", "demo")


@pytest.fixture(scope="session")
def meeting_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo meeting, built once: register, designations, supervisor PIN, agenda.

    Closed after a full checkpoint, so the file alone holds everything (no ``-wal`` beside it)
    and a byte copy is a complete meeting.
    """
    from desk_app.services.demo import build_demo

    path = tmp_path_factory.mktemp("template") / "meeting.sqlite"
    service = build_demo(path)
    service.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    service.store.close()  # the last connection: SQLite removes the emptied -wal and -shm files
    assert not Path(f"{path}-wal").exists()
    return path


def copy_meeting(template: Path, target: Path) -> Path:
    """A private copy of the template meeting at ``target`` (refuses to overwrite)."""
    if target.exists():
        raise FileExistsError(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def meeting_file(meeting_template: Path, tmp_path: Path) -> Path:
    """A fresh demo meeting file (``tmp_path / "meeting.sqlite"``) that nothing has opened yet."""
    return copy_meeting(meeting_template, tmp_path / "meeting.sqlite")


@pytest.fixture
def session(meeting_file: Path) -> Iterator[Session]:
    """The demo meeting opened as a :class:`~desk_app.session.Session` (store and all services)."""
    from desk_app.session import Session

    with Session.open(meeting_file, actor=demo_actor()) as opened:
        yield opened


@pytest.fixture
def meeting(session: Session) -> MeetingService:
    """A fresh meeting on the bundled 2024 register with the demo designations, agenda and PIN.

    The same store as ``session``: a test may ask for both.
    """
    return session.meeting
