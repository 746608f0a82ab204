"""The CLI as a process: a closed pipe ends quietly, and commands load only what they need."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    from desk_app.services.demo import build_demo

    path = tmp_path / "alv.sqlite"
    build_demo(path).store.close()
    return str(path)


def _desk_app(*argv: str) -> list[str]:
    return [sys.executable, "-m", "desk_app", *argv]


def _env() -> dict[str, str]:
    # The autouse fixture points STEMBALIE_HOME at a temporary folder; children inherit it.
    return {**os.environ, "PYTHONPATH": str(REPO)}


PIPE_CLOSED = (0, 128 + getattr(signal, "SIGPIPE", 13))


def test_output_into_a_closed_pipe_ends_quietly(demo_db: str) -> None:
    """The reader is gone before the first line is written (``| head -1`` at its most abrupt)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE
    try:
        done = subprocess.run(
            _desk_app("--db", demo_db, "members"),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=_env(),
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.returncode in PIPE_CLOSED, done.stderr
    assert done.stderr == ""  # no traceback, no "Exception ignored", no "Interne fout"


@pytest.mark.parametrize(
    "argv",
    [
        ["--demo", "members"],
        ["--demo", "presence"],
        ["--help"],
        ["--demo", "settings"],
        ["--demo", "lookup", "den haag", "--reason", "kaart vergeten"],
        ["--demo", "settings", "set", "--help"],
        ["override", "--help"],
    ],
)
def test_piped_into_head(argv: list[str], tmp_path: Path) -> None:
    """``desk-app --demo members | head -1`` in a shell: one line, exit 0 or the SIGPIPE status."""
    command = shlex.join(_desk_app(*argv)) + ' | head -1; echo "rc=${PIPESTATUS[0]}" >&2'
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=REPO, env=_env(), timeout=60)
    assert len(done.stdout.splitlines()) == 1
    assert re.fullmatch(r"rc=(\d+)\n", done.stderr), done.stderr  # nothing but the exit status on stderr
    assert int(done.stderr[3:]) in PIPE_CLOSED


def _imported_modules(*argv: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "desk_app", *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**_env(), "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )
    # lines look like "import time:       123 |        456 |     package.module"
    modules = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "desk_app.cli" in modules, done.stderr[-2000:]  # the parsing works: a check that can fail
    return modules, done


def test_members_imports_no_qt_widgets(demo_db: str) -> None:
    """``python -X importtime -m desk_app members --json`` loads no QtWidgets (nor any Qt, nor zbar)."""
    modules, done = _imported_modules("--db", demo_db, "members", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout[done.stdout.index("{") :])["totals"]["members"] == 342
    assert "PySide6.QtWidgets" not in modules
    assert not {m for m in modules if m.startswith(("PySide6", "shiboken6", "pyzbar", "desk_app.app", "desk_app.ui"))}


def test_help_imports_no_meeting_machinery() -> None:
    """``--help`` builds the parser only: no session, storage, services or Qt (its speed is in benchmarks/)."""
    modules, done = _imported_modules("--help")
    assert done.returncode == 0 and "gebruik: desk-app" in done.stdout
    heavy = (
        "PySide6",
        "sqlite_utils",
        "numpy",
        "cv2",
        "desk_app.session",
        "desk_app.services",
        "desk_app.storage",
        "importlib.metadata",
    )
    assert not {m for m in modules if m.startswith(heavy)}


@pytest.mark.parametrize("command", ["checkin", "lookup", "lost", "override", "undo", "print", "settings"])
def test_help_of_the_desk_commands_loads_no_meeting(command: str) -> None:
    """A command's own --help (``settings set`` reads its choices from the domain) stays light too."""
    argv = [command, "--help"] if command != "settings" else [command, "set", "--help"]
    modules, done = _imported_modules(*argv)
    assert done.returncode == 0 and f"gebruik: desk-app {' '.join(argv[:-1])}" in done.stdout
    heavy = ("PySide6", "sqlite_utils", "numpy", "cv2", "desk_app.session", "desk_app.services", "desk_app.storage")
    assert not {m for m in modules if m.startswith(heavy)}


def test_gui_command_loads_the_window(demo_db: str) -> None:
    """``gui`` (and no command) still opens the desk window: app.py is imported there, lazily."""
    env = {**_env(), "QT_QPA_PLATFORM": "offscreen", "STEMBALIE_QUIT_AFTER_MS": "300"}
    for argv in (["--db", demo_db, "gui"], ["--db", demo_db]):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "desk_app", *argv],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert re.search(r"\|\s+desk_app\.app$", done.stderr, re.MULTILINE)


def _on_a_terminal(argv: list[str], answer: bytes, prompt: str) -> tuple[int, str]:
    """Run ``desk-app ARGV`` on a pseudo-terminal, type ``answer`` after ``prompt``; (exit code, what it showed)."""
    import pty
    import select

    env = {**_env(), "QT_QPA_PLATFORM": "offscreen"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its controlling tty (getpass reads and writes /dev/tty)
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "desk_app", *argv], env)
    shown, typed = b"", False
    while True:
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"no output for 60 s: {shown!r}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if not typed and prompt.encode() in shown:
            os.write(fd, answer)
            typed = True
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    assert typed, shown
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")


def test_the_pin_is_asked_on_a_terminal_and_not_echoed(demo_db: str) -> None:
    from desk_app.domain.token import make_card_token
    from desk_app.session import Session

    with Session.open(demo_db) as s:
        m = s.meeting.meeting()
        s.desk.check_in_token(make_card_token(m.meeting_no, m.secret, "GM0363", 1), name="A", role="wethouder")
    code, shown = _on_a_terminal(
        ["--db", demo_db, "lost", "1", "--reason", "kwijt", "--no-print"], b"1234\n", "Pincode van de coördinator: "
    )
    assert code == 0, shown
    assert "Verloren stempas 1 vervangen door stempas 2" in shown
    assert "1234" not in shown  # typed, never shown


def test_open_asks_on_a_terminal_after_a_register_warning(tmp_path: Path) -> None:
    from tests.helpers import REGISTER

    short = tmp_path / "register.csv"
    short.write_text("\n".join(REGISTER.read_text(encoding="utf-8").splitlines()[:11]) + "\n", encoding="utf-8")
    db = str(tmp_path / "alv.sqlite")
    done = subprocess.run(
        _desk_app("--db", db, "init", "--register", str(short), "--date", "2024-05-24"),
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    code, shown = _on_a_terminal(["--db", db, "open"], b"n\n", "[j/N]")
    assert code == 1 and "Let op: " in shown and "niet geopend" in shown
    code, shown = _on_a_terminal(["--db", db, "open"], b"ja\n", "[j/N]")
    assert code == 0 and "Vergadering geopend om" in shown
