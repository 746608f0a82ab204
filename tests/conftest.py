"""Shared fixtures: headless Qt, an isolated user data folder, meetings on real SQLite files.

* Every test that needs Qt (a ``qapp``/``qtbot`` fixture, a test module importing PySide6, or a
  test under ``tests/ui`` or ``tests/app``) is marked ``gui`` here, so ``pytest -m "not gui"`` runs
  the core suite without ever creating a ``QApplication``. pytest-qt's ``qapp`` is the only one.
  Tests under ``tests/server`` (a real PostgreSQL formation, minutes) are marked ``server``.
* A meeting is built once per test session (per xdist worker) into a template file; each test
  that asks for ``meeting`` or ``session`` gets its own copy of that file, opened fresh.
* **Both engines.** Under ``tests/storage`` and ``tests/services`` every test that asks for
  ``meeting``, ``session``, ``meeting_target`` or ``engine`` runs twice: ``[sqlite]`` on a copy of
  the template file and ``[postgresql]`` on a fresh database of the real formation (marked
  ``server`` and put in the xdist group "formation-data", see tests/formation.py). The template
  meeting is pushed into a template database once; each test gets ``CREATE DATABASE … TEMPLATE``
  of it (a few ms). A test that is SQLite-specific by nature carries
  ``@pytest.mark.sqlite_only("why")``; a test that asks for ``meeting_file`` works on a file and
  is SQLite-only by that.
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

from desk_app.domain import checkin as _checkin

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "TMPDIR" not in os.environ and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
    os.environ["TMPDIR"] = "/dev/shm"  # subprocesses of the tests inherit it too
    tempfile.tempdir = None  # forget a temp folder computed before this line

if TYPE_CHECKING:
    from desk_app.server.formation import Formation
    from desk_app.services.meeting import Actor, MeetingService
    from desk_app.session import Session
    from tests.meeting_server import MeetingServer

TESTS = Path(__file__).resolve().parent
GUI_FOLDERS = {"ui", "app"}
SERVER_FOLDERS = {"server"}
ENGINE_FOLDERS = {"storage", "services"}  # run against SQLite and against the formation
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


# The xdist groups (tests/formation.py), longest first: with ``--dist loadgroup`` and
# ``--no-loadscope-reorder`` the workers take them in this order, so the five kills of the primary
# (a minute, mostly waiting for pg_auto_failover) start at once instead of last.
GROUP_ORDER = {"failover": 0, "formation": 1, "own-formation": 2, "formation-data": 3}


def _group(item: pytest.Item) -> str | None:
    mark = item.get_closest_marker("xdist_group")
    return str(mark.args[0]) if mark is not None and mark.args else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if needs_qt(item):
            item.add_marker(pytest.mark.gui)
        if _folder(item) in SERVER_FOLDERS:
            item.add_marker(pytest.mark.server)
    items.sort(key=lambda item: GROUP_ORDER.get(_group(item) or "", len(GROUP_ORDER)))  # stable


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: object, ids: list[str]) -> None:
    """Stop the run when ``--dist loadgroup`` would ignore the xdist groups.

    pytest-xdist sends a group to one worker by a suffix ``@group`` on each test's id; pytest 9.2
    made that suffix a no-op without a word (pytest-xdist issue #1386), and every worker then
    started formations of its own and ran the groups' tests side by side. The groups decide how
    many formations start and what runs beside a failover (tests/formation.py), so a lost group is
    a broken run, not a slower one. Every run of the whole suite has grouped tests.
    """
    config = getattr(node, "config", None)
    if config is None or config.getoption("dist", None) != "loadgroup":
        return
    if any(i.endswith("[postgresql]") for i in ids) and not any("@" in i for i in ids):
        pytest.exit(
            "--dist loadgroup ignores the xdist groups (no test id carries its @group): use the pytest "
            "version pinned in pyproject.toml (pytest-xdist issue #1386).",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


# --- both engines ----------------------------------------------------------------------------------


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``engine``: SQLite everywhere; under tests/storage and tests/services also the formation."""
    if "engine" not in metafunc.fixturenames:
        return
    try:
        folder = metafunc.definition.path.relative_to(TESTS).parts[0]
    except ValueError:
        folder = ""
    if folder not in ENGINE_FOLDERS or "meeting_file" in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        metafunc.parametrize("engine", ["sqlite"])
        return
    server = pytest.param("postgresql", marks=[pytest.mark.server, pytest.mark.xdist_group("formation-data")])
    metafunc.parametrize("engine", ["sqlite", server])


@pytest.fixture
def engine() -> str:
    """Which engine the meeting fixtures use (parametrized by pytest_generate_tests)."""
    return "sqlite"


@pytest.fixture(scope="session")
def formation() -> Iterator[Formation]:
    """The three-laptop formation (monitor, primary, synchronous secondary) on 127.0.0.1.

    ``STEMBALIE_TEST_FORMATION=DIR`` uses a formation already running in DIR (``scripts/formation.py
    up --root DIR``) and leaves it running: quicker while working on the PostgreSQL tests.
    """
    from tests.formation import start_formation, stop_formation

    running = os.environ.get("STEMBALIE_TEST_FORMATION")
    if running:
        from desk_app.server.formation import Formation

        yield Formation.open(Path(running))
        return
    f = start_formation(1, "formation (3 instances)")
    yield f
    stop_formation(f, "formation (3 instances)")


@pytest.fixture(scope="session")
def app_password(formation: Formation) -> str:
    return formation.app_password


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.formation import TIMINGS

    if TIMINGS:
        terminalreporter.section("pg_auto_failover formation")
        for what, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{what}: {seconds:.1f} s")


# --- the coördinator PIN's key stretching -------------------------------------------------------
# The product stretches a PIN with PBKDF2 (``checkin.PIN_ROUNDS``, 200,000 rounds: about 37 ms per
# PIN set or checked). The suite sets and checks PINs several hundred times, about 12 s of CPU,
# and proves the rules around the PIN, not PBKDF2's cost. Each stored hash carries its own number
# of rounds, so a hash made with fewer rounds here is checked exactly as in the product (Django's
# test settings do the same with a fast hasher). tests/domain/test_checkin.py holds the product's
# figure to at least 200,000 and checks a hash made with it. Subprocesses started by the tests
# (the CLI, the app) use the product's rounds.
_checkin._PIN_ROUNDS = 1_000


# --- isolation -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real user data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STEMBALIE_HOME", str(home))
    monkeypatch.delenv("STEMBALIE_DB", raising=False)
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
def demo_built(meeting_template: Path, _isolated_home: Path) -> Path:
    """The demo meeting as if built on an earlier start, where ``--demo`` looks for it.

    For tests of what happens on the demo, not of building it: ``Session.demo()`` and the app's
    ``--demo`` then open this copy instead of building the meeting again.
    """
    from desk_app import paths

    return copy_meeting(meeting_template, paths.demo_meeting_file())


@pytest.fixture(scope="session")
def meeting_server(formation: Formation, meeting_template: Path) -> Iterator[MeetingServer]:
    """The template meeting pushed once into a template database of the formation."""
    from tests.meeting_server import MeetingServer

    server = MeetingServer.prepare(formation, meeting_template)
    yield server
    server.close()


@pytest.fixture
def meeting_target(engine: str, request: pytest.FixtureRequest) -> Iterator[str | Path]:
    """A fresh demo meeting nothing has opened yet: a file (``[sqlite]``) or a server URI with its
    password (``[postgresql]``, a database of its own)."""
    if engine == "sqlite":
        yield request.getfixturevalue("meeting_file")
        return
    server: MeetingServer = request.getfixturevalue("meeting_server")
    dsn = server.new_meeting()
    yield dsn
    server.drop(dsn)


@pytest.fixture
def session(meeting_target: str | Path) -> Iterator[Session]:
    """The demo meeting opened as a :class:`~desk_app.session.Session` (store and all services)."""
    from desk_app.session import Session

    with Session.open(meeting_target, actor=demo_actor()) as opened:
        yield opened


@pytest.fixture
def meeting(session: Session) -> MeetingService:
    """A fresh meeting on the bundled 2024 register with the demo designations, agenda and PIN.

    The same store as ``session``: a test may ask for both.
    """
    return session.meeting
