"""One meeting, opened: the store and every service, built in one place for every face of the app.

The CLI, the GUI (``app.py`` adds windows and the Qt change feed), the self-test and the test
fixtures all get their services from a :class:`Session`; nothing else wires services together.
Qt-free: importing this module loads no Qt, OpenCV or zbar (the card service, which paints and
decodes, is built on first use).
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app import paths
from desk_app.domain.text import Translator
from desk_app.services.changes import ChangeWatcher
from desk_app.services.desk import DeskService
from desk_app.services.integrity import RecordCheck, RecordGuard, check_record
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from desk_app.storage.db import Store, is_server_address

if TYPE_CHECKING:
    from desk_app.domain.meeting import MeetingSettings
    from desk_app.services.archive import ArchiveService
    from desk_app.services.cards import CardService
    from desk_app.services.export import ExportService


def default_actor(desk: str | None = None, user: str | None = None, *, fallback_desk: str = "secretariaat") -> Actor:
    """Who acts: the named desk, and the named user or else that desk.

    Desk staff appear in the record by desk, never by login name (issue 12.9): the audit chain,
    which the export publishes as ``audit.jsonl`` and anyone recomputes, cannot hold a name that is
    erased later, so a login name is not recorded at all. A name given (``--actor``) is recorded
    as given: use a role or a pseudonym.
    """
    chosen = desk or fallback_desk
    return Actor(chosen, user or chosen)


def meeting_target(db: str | Path | None = None, *, demo: bool = False) -> str | Path:
    """Where the meeting is: a PostgreSQL URI (``--db`` or ``STEMBALIE_DB`` naming the meeting
    server) as it was given, otherwise the file of :func:`meeting_file`."""
    given = str(db) if db else (None if demo else os.environ.get("STEMBALIE_DB"))
    if given and is_server_address(given):
        return given
    return meeting_file(db, demo=demo)


def meeting_file(db: str | Path | None = None, *, demo: bool = False) -> Path:
    """The meeting file named by ``--db``, ``--demo``, ``STEMBALIE_DB`` or the default, in that order.

    A server URI is not a file: :func:`meeting_target` gives it as it is.
    """
    if db:
        return Path(db)
    if demo:
        return paths.demo_meeting_file()
    env = os.environ.get("STEMBALIE_DB")
    return Path(env) if env else paths.default_meeting_file()


class Session:
    """An open meeting: its store, the person acting, the language, and the services.

    Services are built on first use and share the one store (a connection belongs to the thread
    that opened it: a worker thread opens a session of its own with :meth:`reopen`).

    **Is the record whole?** The session holds the outcome of the last record check
    (:attr:`record_guard`), and gives it to the desk and the voting service alike: a record found
    broken (by :meth:`check_record`, or by the desk window's check told to the desk service) stops
    issuing passes and recording votes, with a message for the coördinator, until a check holds.
    """

    def __init__(
        self, store: Store, actor: Actor, tr: Translator | None = None, *, record_guard: RecordGuard | None = None
    ) -> None:
        self.store = store
        self.actor = actor
        self.tr = tr or Translator()
        self.record_guard = record_guard or RecordGuard()

    # -- opening ------------------------------------------------------------------------------------
    @classmethod
    def open(
        cls, target: str | Path, *, actor: Actor | None = None, tr: Translator | None = None, **options: Any
    ) -> Session:
        """Open an existing meeting: a file path, or a PostgreSQL URI naming the meeting server
        (refused with a clear message when it is missing, damaged or cannot be reached).
        ``options`` go to :meth:`~desk_app.storage.db.Store.open` (e.g. ``password``)."""
        return cls(Store.open(target, **options), actor or default_actor(), tr)

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        name: str,
        date: str,
        place: str,
        register_csv: bytes,
        register_source: str,
        desks: list[str] | None = None,
        settings: MeetingSettings | None = None,
        actor: Actor | None = None,
        tr: Translator | None = None,
        allow_removable: bool = False,
    ) -> Session:
        """Make a new meeting file with its register (all or nothing) and open it.

        ``allow_removable``: the user confirmed a live meeting on removable media or a network share.
        """
        actor = actor or default_actor()
        service = MeetingService.create(
            path,
            name=name,
            date=date,
            place=place,
            register_csv=register_csv,
            register_source=register_source,
            desks=desks,
            settings=settings,
            actor=actor,
            allow_removable=allow_removable,
        )
        return cls(service.store, actor, tr)

    @classmethod
    def demo(
        cls, path: Path | None = None, *, actor: Actor | None = None, tr: Translator | None = None, **options: Any
    ) -> Session:
        """The bundled demo meeting, built on first use; ``options`` as for :meth:`open`."""
        from desk_app.services.demo import build_demo

        path = path or paths.demo_meeting_file()
        if not path.exists():
            build_demo(path, allow_removable=bool(options.get("allow_removable"))).store.close()
        return cls.open(path, actor=actor, tr=tr, **options)

    def reopen(self) -> Session:
        """The same meeting on a new connection, for another thread (the same record guard)."""
        return Session(self.store.reopen(), self.actor, self.tr, record_guard=self.record_guard)

    # -- is the record whole? -----------------------------------------------------------------------
    def check_record(self, backup_folder: Path | None = None) -> RecordCheck:
        """The desk's record check (:func:`desk_app.services.integrity.check_record`: the chain, the
        replayed tables, SQLite's own check, the newest backup in ``backup_folder`` as an anchor), in
        the session's language; a failure stops issuing and voting until a check holds."""
        check = check_record(self.store, backup_folder, self.tr.lang)
        return self.record_guard.checked(check, self.actor.desk)

    # -- services -----------------------------------------------------------------------------------
    @cached_property
    def meeting(self) -> MeetingService:
        return MeetingService(self.store, self.actor)

    @cached_property
    def desk(self) -> DeskService:
        return DeskService(self.store, self.actor, tr=self.tr, guard=self.record_guard)

    @cached_property
    def voting(self) -> VotingService:
        desk = self.desk
        return VotingService(
            self.store,
            self.actor,
            lambda: [(s, c) for s, c, _ in desk.active_passes()],
            guard=self.record_guard,
        )

    @cached_property
    def export(self) -> ExportService:
        from desk_app.services.export import ExportService

        return ExportService(self.store)

    @cached_property
    def archive(self) -> ArchiveService:
        from desk_app.services.archive import ArchiveService

        return ArchiveService(self.store, self.actor)

    @cached_property
    def cards(self) -> CardService:
        from desk_app.services.cards import CardService

        return CardService(self.store, self.actor, tr=self.tr)

    @cached_property
    def changes(self) -> ChangeWatcher:
        """The one watcher of this process: what changed since the views last looked."""
        return ChangeWatcher(self.store)

    # -- closing ------------------------------------------------------------------------------------
    def close(self) -> None:
        if "changes" in self.__dict__:
            self.changes.close()
        self.store.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
