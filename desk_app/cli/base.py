"""What every command shares: the command record, the run context, exit codes and small helpers.

A command is a :class:`Command` (name, help text, its arguments, its run function) in the
``COMMANDS`` tuple of its area module; ``desk_app.cli.registry`` lists the areas. A run gets a
:class:`Context`: the parsed arguments, the :class:`~desk_app.domain.text.Translator` for the
chosen language, and the meeting's :class:`~desk_app.session.Session`, opened on first use.

**A command that writes is a desk starting.** :attr:`Context.session` is the one place a command
gets its meeting, so what a desk does when it starts happens there, once for every command: the
medium's notice (a meeting on a read-only medium opens read-only) is said on stderr; a meeting on
removable media or a network share is opened only with ``--allow-removable``; and before a command
that writes (:attr:`Command.writes`) the record is checked as the desk window checks it at start
(:meth:`~desk_app.session.Session.check_record`): a record that does not hold refuses the command
(exit 1) with a message for the coördinator, and nothing is written. Read-only commands (``verify``,
``export`` with its own refusal, ``lookup``, ``members``…) are not held up.

Light on purpose: ``desk-app --help`` imports this and the area modules only, so nothing here
imports the session, the services or Qt at module level.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.domain.text import DeskError, Text, Translator

if TYPE_CHECKING:
    from desk_app.cli.parser import Parser
    from desk_app.services.meeting import Actor
    from desk_app.session import Session

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

T_JSON = Text("uitvoer als JSON (voor scripts)", "output as JSON (for scripts)")
T_NO_FILE = Text("Bestand {path} bestaat niet of is niet leesbaar.", "File {path} does not exist or cannot be read.")
T_RECORD_BROKEN = Text(
    "Gestopt: het vergaderbestand klopt niet meer ({detail}). Er is niets vastgelegd. Roep de coördinator: "
    "'desk-app verify' toont wat er niet klopt; opzoeken, verify en export werken nog.",
    "Stopped: the meeting file no longer holds ({detail}). Nothing was recorded. Call the coordinator: "
    "'desk-app verify' shows what does not hold; look-ups, verify and export still work.",
)
T_REMOVABLE = Text(
    "{message} Bevestigen: geef de opdracht opnieuw met --allow-removable (desk-app --allow-removable --db …).",
    "{message} To confirm: give the command again with --allow-removable (desk-app --allow-removable --db …).",
)
T_NOT_A_FILE = Text(
    "Deze opdracht maakt een vergaderbestand; '--db' noemt een vergaderserver. Bereid de vergadering "
    "voor in een bestand en zet haar op de server met 'desk-app --db BESTAND server push ADRES'.",
    "This command makes a meeting file; '--db' names a meeting server. Prepare the meeting in a file "
    "and put it on the server with 'desk-app --db FILE server push ADDRESS'.",
)


def _no_arguments(parser: Parser) -> None:
    """A command without arguments of its own."""


@dataclass(frozen=True)
class Command:
    """One ``desk-app`` command.

    ``arguments`` adds the command's own arguments (and sub-actions) to its parser; ``run``
    does the work and returns an exit code. ``acting_desk`` names who acts in the audit trail
    when ``--desk`` is not given: the secretariat prepares, a desk registers and votes.
    ``aliases`` are older names that keep working in scripts. ``writes``: whether a run changes
    the meeting — True, False, or a function of the parsed arguments for a command with reading
    and writing actions (``vote result`` reads, ``vote record`` writes). A command that writes
    gets its meeting only after the record check holds; the default is True, so a new command
    is checked unless it says it only reads.
    """

    name: str
    help: Text
    run: Callable[[Context], int]
    arguments: Callable[[Parser], None] = _no_arguments
    acting_desk: str = "secretariaat"
    aliases: tuple[str, ...] = ()
    writes: bool | Callable[[argparse.Namespace], bool] = True

    def writes_with(self, args: argparse.Namespace) -> bool:
        """Does this run (with these arguments) change the meeting?"""
        return self.writes(args) if callable(self.writes) else self.writes


class Context:
    """One run of one command: its arguments, the language, and the meeting (opened on first use)."""

    def __init__(self, args: argparse.Namespace, tr: Translator, command: Command) -> None:
        self.args = args
        self.tr = tr
        self.command = command

    @property
    def lang(self) -> str:
        return self.tr.lang

    # -- the meeting --------------------------------------------------------------------------------
    @cached_property
    def session(self) -> Session:
        """The meeting named by ``--db``, ``--demo``, ``STEMBALIE_DB`` or the default: a file, or the
        meeting server when that names a ``postgresql://`` address.

        Opened as a desk starts (see the module doc): the medium's notice on stderr, and for a
        command that writes the record checked first (refused, and closed again, when it does not
        hold)."""
        session = self._open_session()
        try:
            notice = session.store.notice
            if notice is not None:
                print(self.tr.error(notice), file=sys.stderr)
            if self.command.writes_with(self.args):
                self._check_record(session)
        except BaseException:
            session.close()
            raise
        return session

    def _open_session(self) -> Session:
        from desk_app.session import Session, meeting_target

        target = meeting_target(self.args.db, demo=self.args.demo)
        # Only a file sits on a medium; the meeting server's store takes no such option.
        options: dict[str, Any] = {} if isinstance(target, str) else {"allow_removable": self.allow_removable}
        with self.opening():
            if self.args.demo and not self.args.db:
                return Session.demo(actor=self.actor(), tr=self.tr, **options)
            return Session.open(target, actor=self.actor(), tr=self.tr, **options)

    @contextlib.contextmanager
    def opening(self) -> Iterator[None]:
        """Around opening or making a meeting file: a refusal for removable media says how to confirm it."""
        from desk_app.storage.db import StoreError

        try:
            yield
        except StoreError as err:
            if err.code == "store.removable":
                raise DeskError(err.code, T_REMOVABLE, {"message": err}) from None
            raise

    @property
    def allow_removable(self) -> bool:
        """``--allow-removable``: the user confirmed a live meeting on removable media or a network share."""
        return bool(getattr(self.args, "allow_removable", False))

    def _check_record(self, session: Session) -> None:
        """The desk's check at start (its newest backup in this laptop's backup folder as an anchor,
        as the window holds it); a record that does not hold refuses the command."""
        folder = None
        if session.store.link is None:  # a file; the meeting server keeps its own second copy
            from desk_app import settings

            chosen = settings.load().backup_folder
            folder = Path(chosen) if chosen else None
        check = session.check_record(folder)
        if not check.ok:
            raise DeskError("record.broken", T_RECORD_BROKEN, {"detail": check.detail})

    def meeting_path(self) -> Path:
        """The meeting *file* (``init`` makes one); a server address is refused with what to do."""
        from desk_app.session import meeting_file, meeting_target

        target = meeting_target(self.args.db, demo=self.args.demo)
        if isinstance(target, str):
            raise DeskError("cli.not_a_file", T_NOT_A_FILE)
        return meeting_file(self.args.db, demo=self.args.demo)

    def actor(self) -> Actor:
        from desk_app.session import default_actor

        return default_actor(self.args.desk, self.args.actor, fallback_desk=self.command.acting_desk)

    def use(self, session: Session) -> Session:
        """Adopt a session the command made itself (``init``), so it is closed like any other."""
        self.__dict__["session"] = session
        return session

    def close(self) -> None:
        """Close the meeting if this run opened it (safe to call twice)."""
        session = self.__dict__.pop("session", None)
        if session is not None:
            session.close()

    # -- output -------------------------------------------------------------------------------------
    def say(self, text: Text, /, **params: Any) -> None:
        """A result line on stdout, in the chosen language."""
        print(self.tr(text, **params))

    def warn(self, text: Text, /, **params: Any) -> None:
        """A refusal, problem or progress line on stderr, in the chosen language."""
        print(self.tr(text, **params), file=sys.stderr)

    @staticmethod
    def json(data: object, *, indent: int | None = 1) -> None:
        print(json.dumps(data, ensure_ascii=False, indent=indent))

    def read(self, path: Path) -> bytes:
        """A file named on the command line, or a clear refusal."""
        try:
            return Path(path).read_bytes()
        except OSError:
            raise DeskError("cli.no_file", T_NO_FILE, {"path": str(path)}) from None


def configure_logging() -> None:
    """Refused scans and wrong PINs go to the log file in the user data folder, as from the window
    (``desk_app.app.configure_logging``, which loads Qt), not as stray English lines on stderr."""
    import logging

    from desk_app import paths

    root = logging.getLogger("stembalie")
    if root.handlers:
        return
    try:
        folder = paths.user_data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(folder / "stembalie.log", encoding="utf-8", delay=True)
    except OSError:
        handler = logging.NullHandler()  # no log folder (a read-only home): the refusal itself is on stderr
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def add_json(parser: Parser) -> None:
    parser.add_argument("--json", action="store_true", help=T_JSON)


def qt_for_painting() -> object:
    """Qt lays out PDFs and cards: a QGuiApplication is needed, but no window or display.

    Only the commands that paint call this (imported then, not before): the rest of the CLI
    never loads Qt.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def progress(done: int, total: int, text: str) -> None:
    """One self-overwriting progress line on stderr (stdout stays clean for scripts)."""
    print(f"\r{done}/{total} {text[:50]:<50}", end="" if done < total else "\n", file=sys.stderr, flush=True)
