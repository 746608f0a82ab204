"""Running PostgreSQL and pg_autoctl as the service user, every wait bounded.

PostgreSQL refuses to run as root, and CI runs as root: when this process is root, every command
runs as a plain user (Debian's ``postgres`` by default; Python's ``subprocess`` switches user and
groups in the child, as ``setpriv`` would, so the pid we hold is the program's own); otherwise
it runs as the current user.

Long-running services (``pg_autoctl run``) start in their own session, so one ``killpg`` ends
the keeper and the PostgreSQL it supervises (pg_autoctl keeps postgres in its process group on
purpose). A service started attached to this process (tests, benchmarks) is remembered until it
is stopped; an ``atexit`` hook kills what is left and the kernel's parent-death signal covers a
SIGKILL, so a crashed run leaves no servers behind. A detached one (a server laptop) outlives us.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import pwd
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_USER_WHEN_ROOT = "postgres"
"""The Debian packages create this user; any plain user with a home works."""


class FormationError(RuntimeError):
    """A formation step failed; the message says what and what to do."""


@dataclass(frozen=True)
class ServiceUser:
    """Who the servers run as, and how this process becomes that user for one command."""

    name: str
    uid: int
    gid: int
    home: Path

    @classmethod
    def resolve(cls, name: str | None = None) -> ServiceUser:
        """The service user: ``name`` (or ``postgres``) when root, else the current user."""
        if os.geteuid() == 0:
            wanted = name or DEFAULT_USER_WHEN_ROOT
            if wanted == "root":
                raise FormationError("PostgreSQL refuses to run as root: choose a plain user (e.g. postgres).")
            try:
                entry = pwd.getpwnam(wanted)
            except KeyError:
                raise FormationError(
                    f"User {wanted!r} does not exist. Install the PostgreSQL packages (they create 'postgres'; "
                    "`bash scripts/quickstart.sh none`) or create a plain user and pass it."
                ) from None
        else:
            entry = pwd.getpwuid(os.geteuid())
            if name and name != entry.pw_name:
                raise FormationError(
                    f"Only root can run the servers as another user ({name!r}); run as {name!r} or leave it out."
                )
        return cls(entry.pw_name, entry.pw_uid, entry.pw_gid, Path(entry.pw_dir))

    @property
    def is_other(self) -> bool:
        """True when commands must switch user (this process is root)."""
        return self.uid != os.geteuid()

    def popen_kwargs(self) -> dict[str, Any]:
        """``subprocess`` arguments that run the child as this user (Python switches in the child)."""
        if not self.is_other:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": os.getgrouplist(self.name, self.gid)}

    def own(self, path: Path, mode: int = 0o700) -> None:
        """Give ``path`` to the service user with ``mode`` (the servers must own their folders)."""
        if self.is_other:
            os.chown(path, self.uid, self.gid)
        os.chmod(path, mode)


def run(
    argv: Sequence[str],
    *,
    user: ServiceUser,
    env: Mapping[str, str],
    timeout: float,
    input_text: str | None = None,
    check: bool = True,
    what: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run one command as the service user, bounded by ``timeout`` seconds.

    ``input_text`` goes to stdin (SQL with passwords goes there, never on the command line,
    where ``ps`` would show it). On failure the error carries the command's last output lines.
    """
    label = what or " ".join(argv[:3])
    try:
        done = subprocess.run(
            list(argv),
            **user.popen_kwargs(),
            env=dict(env),
            input=input_text,
            capture_output=True,
            text=True,
            timeout=timeout,
            start_new_session=True,  # a timeout kills the whole group below, not only the first process
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise FormationError(f"{label}: no answer within {timeout:.0f} s.\n{_tail(exc.stdout, exc.stderr)}") from None
    except FileNotFoundError as exc:
        raise FormationError(f"{label}: program not found ({exc.filename}).") from None
    if check and done.returncode != 0:
        raise FormationError(f"{label} failed (exit {done.returncode}).\n{_tail(done.stdout, done.stderr)}")
    return done


def _tail(stdout: str | bytes | None, stderr: str | bytes | None, lines: int = 25) -> str:
    parts: list[str] = []
    for chunk in (stdout, stderr):
        if isinstance(chunk, bytes):
            chunk = chunk.decode("utf-8", "replace")
        if chunk:
            parts.extend(chunk.rstrip().splitlines())
    return "\n".join(parts[-lines:])


class Service:
    """One long-running ``pg_autoctl run``, in its own session so one signal reaches all of it.

    ``die_with_parent``: the kernel sends the service SIGTERM (pg_autoctl's clean stop) when the
    thread that started it dies, even by SIGKILL, where no atexit hook runs; and it is killed
    at interpreter exit if still running. Tests and benchmarks want that; ``desk-app server
    start`` must not: a detached service outlives the command and is stopped with ``stop``.
    """

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        user: ServiceUser,
        env: Mapping[str, str],
        log: Path,
        cwd: Path,
        die_with_parent: bool = False,
    ) -> None:
        self.name = name
        self.log = log
        with open(log, "ab") as out:
            self.popen = subprocess.Popen(
                list(argv),
                **user.popen_kwargs(),
                preexec_fn=_term_with_parent if die_with_parent else None,
                env=dict(env),
                cwd=cwd,  # so that processes_under(root) finds the keeper too
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if die_with_parent:
            _REGISTRY.add(self)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def wait(self, timeout: float) -> bool:
        """Wait for the service to exit; True when it did (and has been reaped)."""
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        _REGISTRY.discard(self)
        return True

    def kill_group(self, sig: int = signal.SIGKILL) -> None:
        """Signal the service's whole process group (keeper, its services and postgres)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, sig)

    def terminate(self, timeout: float) -> None:
        """SIGTERM the group, then SIGKILL it when it has not exited within ``timeout``."""
        if self.alive():
            self.kill_group(signal.SIGTERM)
            if self.wait(timeout):
                return
        self.kill_group(signal.SIGKILL)
        self.wait(timeout)


def _term_with_parent() -> None:
    # Runs in the child after the switch of user (a later switch would clear the setting).
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


_PR_SET_PDEATHSIG = 1


class _Registry:
    """Services started by this process and not yet stopped: killed at exit as the last resort."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._services: set[Service] = set()
        self._cleanups: dict[int, Callable[[], None]] = {}

    def add(self, service: Service) -> None:
        with self._lock:
            self._services.add(service)

    def discard(self, service: Service) -> None:
        with self._lock:
            self._services.discard(service)

    def on_exit(self, key: object, cleanup: Callable[[], None]) -> None:
        """Run ``cleanup`` at exit (before the kill of what is left) unless ``forget(key)``."""
        with self._lock:
            self._cleanups[id(key)] = cleanup

    def forget(self, key: object) -> None:
        with self._lock:
            self._cleanups.pop(id(key), None)

    def shutdown(self) -> None:
        with self._lock:
            cleanups = list(self._cleanups.values())
            self._cleanups.clear()
        for cleanup in cleanups:
            with contextlib.suppress(Exception):
                cleanup()
        with self._lock:
            services = list(self._services)
        for service in services:
            service.kill_group(signal.SIGKILL)
            service.wait(5)


_REGISTRY = _Registry()
atexit.register(_REGISTRY.shutdown)


def on_exit(key: object, cleanup: Callable[[], None]) -> None:
    """Register a clean stop to try at interpreter exit (keyed, so it can be withdrawn)."""
    _REGISTRY.on_exit(key, cleanup)


def forget_on_exit(key: object) -> None:
    _REGISTRY.forget(key)


def kill_pid(pid: int, sig: int = signal.SIGKILL) -> bool:
    """Send ``sig`` to one process; False when it no longer exists."""
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return False
    return True


def kill_group_of(pid: int, sig: int = signal.SIGKILL) -> None:
    """Signal the whole process group that ``pid`` leads or belongs to."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(os.getpgid(pid), sig)


def processes_under(folder: Path) -> list[int]:
    """Live processes whose working directory is ``folder`` or below it.

    PostgreSQL changes into its PGDATA and every pg_autoctl service here starts in its
    instance's folder, so this finds a formation's processes however they were started and
    whoever their parent is now (children of a killed postmaster are their own group leaders).
    """
    root = str(folder.resolve())
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if (cwd == root or cwd.startswith(root + "/")) and pid_alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def pid_alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError, ProcessLookupError):
        return False
    return state != "Z"


def wait_until(check: Callable[[], T | None], *, timeout: float, interval: float = 0.2, what: str) -> T:
    """Poll ``check`` until it returns something other than None/False; bounded by ``timeout``.

    Exceptions from ``check`` count as "not yet"; the last one is named when time runs out.
    """
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while True:
        try:
            value = check()
        except Exception as exc:  # noqa: BLE001 - a refused connection while a server starts is "not yet"
            last, value = exc, None
        if value is not None and value is not False:
            return value
        if time.monotonic() >= deadline:
            detail = f" (last error: {last})" if last else ""
            raise FormationError(f"Timed out after {timeout:.0f} s waiting for {what}{detail}.")
        time.sleep(interval)
