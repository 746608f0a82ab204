"""The meeting on PostgreSQL: the several-desks engine behind the same :class:`~desk_app.storage.db.Store`.

Every desk, stemopnemer and chair's screen is a client of the formation's primary (psycopg 3,
a libpq multi-host URI with ``target_session_attrs=read-write``: after a failover the next
connection finds the new primary by itself). The meeting lives in the schema ``stembalie`` of
the database the URI names (:mod:`desk_app.storage.pg_schema`); every connection sets its
``search_path`` to it.

**One writer at a time, like SQLite.** Every write transaction starts with
``SELECT pg_advisory_xact_lock(MEETING_LOCK)`` as its first statement, in READ COMMITTED: all
writers of the meeting are serialized exactly as SQLite's ``BEGIN IMMEDIATE`` serializes them,
and since each later statement takes a fresh snapshot, a service's read-then-write inside the
transaction sees everything committed before it got the lock. (REPEATABLE READ would be wrong
here: its snapshot is taken by the lock statement itself, before the wait.) The lock is released
by COMMIT or ROLLBACK, also when the connection dies. So the audit chain stays one chain: its
head is read and the next entry appended under the lock, in the same transaction as the change.
Advisory locks belong to one database, so one key serves: one database holds one meeting.
Reading needs no lock; :meth:`PgStore.snapshot` gives a REPEATABLE READ READ ONLY transaction for
reads that must agree with each other (an export).

**Pushed changes.** An AFTER INSERT trigger on ``audit`` sends ``pg_notify('stembalie_changes',
seq)``, delivered when the writer commits. :meth:`PgStore.listen` keeps one extra connection per
process in a small thread that waits for these and calls the change watcher; the watcher needs no
timer on this engine.

**Errors** are classified like the file's (:func:`classify`): no server reachable, a refused
login, no primary (a failover under way), a connection lost mid-transaction (outcome unknown
when it was lost during COMMIT), a busy server (lock or serialization: the same code
``store.locked`` as a busy file), a full disk; anything else (a constraint the schema refused, a
bug) goes up as it is, as on SQLite.

**Deadlines.** ``lock_timeout`` bounds the wait for the meeting lock (as the file's busy timeout),
``idle_in_transaction_session_timeout`` frees the lock of a desk that froze inside a transaction.
A per-operation deadline for a frozen server is the desk's own (later work): ``statement_timeout_ms``
is the hook for it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pgerrors
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row

from desk_app.server.dsn import redact
from desk_app.storage.db import _TEXTS, BUSY_TIMEOUT_MS, Store, StoreError, store_error
from desk_app.storage.sql import Params, to_pyformat

__all__ = ["CHANNEL", "MEETING_LOCK", "SCHEMA", "PgDatabase", "PgStore", "classify", "classified"]

log = logging.getLogger("stembalie.storage.pg")
T = TypeVar("T")

#: The schema that holds the meeting inside the database the URI names.
SCHEMA = "stembalie"
#: pg_notify channel of the audit trigger: the payload is the new entry's sequence number.
CHANNEL = "stembalie_changes"
#: The advisory lock every write transaction takes first ('STEMBAL' in ASCII; per database).
MEETING_LOCK = 0x5354454D42414C
#: A desk that froze inside a transaction loses it (and the meeting lock) after this long.
IDLE_IN_TRANSACTION_MS = 10_000

# Connection-level failures the server reports: it is stopping or starting, or ended the session.
_GONE = (
    pgerrors.AdminShutdown,
    pgerrors.CrashShutdown,
    pgerrors.CannotConnectNow,
    pgerrors.ConnectionException,
    pgerrors.IdleInTransactionSessionTimeout,
)
_BUSY = (pgerrors.LockNotAvailable, pgerrors.SerializationFailure, pgerrors.DeadlockDetected)


def shown(dsn: str) -> str:
    """The URI as people read it in a message: user, hosts and database; no password, no options."""
    return redact(dsn).split("?", 1)[0]


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _server_error(code: str, text_key: str, target: str, **params: object) -> StoreError:
    return StoreError(code, _TEXTS[text_key], {"path": target, **params})


def _connection_failure(exc: psycopg.Error) -> bool:
    """The connection failed or was lost (libpq's own errors carry no SQLSTATE), as opposed to a
    statement the server refused (which carries one, and is a bug or a schema guard)."""
    if isinstance(exc, _GONE):
        return True
    return isinstance(exc, psycopg.OperationalError) and exc.sqlstate is None


def classify(
    exc: BaseException, target: str, *, connecting: bool = False, committing: bool = False
) -> StoreError | None:
    """Map a psycopg error to a :class:`StoreError` the desk can act on, or None when it is a bug.

    ``connecting``: the error came while opening a connection (nothing could have been saved).
    ``committing``: it came during COMMIT, so whether the transaction was saved is unknown.
    """
    if isinstance(exc, StoreError):
        return exc
    if not isinstance(exc, psycopg.Error):
        return None
    if isinstance(exc, pgerrors.ReadOnlySqlTransaction):
        return store_error("store.no_primary", target)
    if isinstance(exc, _BUSY):
        return _server_error("store.locked", "store.server_busy", target)
    if isinstance(exc, (pgerrors.DiskFull, pgerrors.InsufficientResources)):
        return _server_error("store.full", "store.server_full", target)
    if isinstance(exc, (pgerrors.InvalidPassword, pgerrors.InvalidAuthorizationSpecification)):
        return store_error("store.server_auth", target, detail=_first_line(exc))
    if _connection_failure(exc):
        detail = _first_line(exc)
        if connecting:
            lowered = detail.lower()
            if "password" in lowered or "authentication" in lowered:
                return store_error("store.server_auth", target, detail=detail)
            if "read-write" in lowered or "read-only" in lowered or "hot standby" in lowered:
                return store_error("store.no_primary", target)
            return store_error("store.no_server", target, detail=detail)
        if committing:
            return store_error("store.connection_lost", target)
        return store_error("store.no_server", target, detail=detail)
    return None


@contextlib.contextmanager
def classified(target: str, *, connecting: bool = False) -> Iterator[None]:
    """Re-raise server errors as :class:`StoreError`; let bugs through untouched."""
    try:
        yield
    except psycopg.Error as exc:
        err = classify(exc, target, connecting=connecting)
        if err is None:
            raise
        raise err from exc


def _plain(value: Any) -> Any:
    """SQLite stores a Python bool as 0/1; PostgreSQL's integer columns want the same."""
    return int(value) if isinstance(value, bool) else value


def _params(params: Params | None) -> Sequence[Any] | dict[str, Any]:
    if params is None:
        return ()
    if isinstance(params, dict):
        return {k: _plain(v) for k, v in params.items()}
    return [_plain(v) for v in params]


class PgDatabase:
    """A :class:`~desk_app.storage.sql.Database` on the store's current connection.

    SQL arrives in SQLite's placeholder style and is translated once (:func:`to_pyformat`).
    """

    engine = "postgresql"

    def __init__(self, store: PgStore) -> None:
        self._store = store

    @property
    def in_transaction(self) -> bool:
        return self._store.in_transaction

    def execute(self, sql: str, parameters: Params | None = None, /) -> psycopg.Cursor[Any]:
        with classified(self._store.target):
            return self._store.connection().execute(to_pyformat(sql), _params(parameters))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]], /) -> None:
        with classified(self._store.target), self._store.connection().cursor() as cur:
            cur.executemany(to_pyformat(sql), [_params(r) for r in rows])

    def query(self, sql: str, params: Params | None = None, /) -> list[dict[str, Any]]:
        with classified(self._store.target):
            return self._store.retrying(lambda conn: self._query(conn, to_pyformat(sql), _params(params)))

    @staticmethod
    def _query(conn: psycopg.Connection[Any], sql: str, params: Sequence[Any] | dict[str, Any]) -> list[dict[str, Any]]:
        with conn.cursor(row_factory=dict_row) as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description is not None else []

    def executescript(self, sql: str, /) -> None:
        """Several statements as they are (schema migrations): no placeholders, no translation."""
        with classified(self._store.target):
            self._store.connection().execute(sql.encode("utf-8"))


class PgStore(Store):
    """One meeting in a PostgreSQL database (a pg_auto_failover formation's primary)."""

    engine = "postgresql"

    def __init__(self, dsn: str, *, password: str | None = None, statement_timeout_ms: int | None = None) -> None:
        super().__init__()
        self.dsn = dsn
        self.target = shown(dsn)
        self._password = password
        self._statement_timeout_ms = statement_timeout_ms
        self._conn: psycopg.Connection[Any] | None = None
        self._in_transaction = False
        self.db: PgDatabase = PgDatabase(self)

    # -- opening ------------------------------------------------------------------------------------
    @classmethod
    def connect(
        cls,
        dsn: str,
        *,
        create: bool = False,
        migrate: bool = True,
        password: str | None = None,
        statement_timeout_ms: int | None = None,
    ) -> PgStore:
        """Connect to the meeting behind ``dsn`` and bring its schema up to date.

        Without ``create`` a database that holds no meeting schema yet is refused
        (``store.server_empty``): a meeting reaches the server by ``server push``.
        """
        from desk_app.storage import pg_schema

        store = cls(dsn, password=password, statement_timeout_ms=statement_timeout_ms)
        try:
            store.connection()
            if migrate:
                pg_schema.migrate(store, create=create)
            elif pg_schema.current_version(store) == 0 and not create:
                raise store_error("store.server_empty", store.target)
            return store
        except BaseException:
            store.close()
            raise

    def _connect(self, *, autocommit: bool = True) -> psycopg.Connection[Any]:
        extra: dict[str, Any] = {}
        if self._password is not None:
            extra["password"] = self._password
        options = [
            f"-c search_path={SCHEMA}",
            f"-c lock_timeout={BUSY_TIMEOUT_MS}",
            f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}",
        ]
        if self._statement_timeout_ms is not None:
            options.append(f"-c statement_timeout={int(self._statement_timeout_ms)}")
        given = conninfo_to_dict(self.dsn)
        extra["options"] = " ".join([*([str(given["options"])] if given.get("options") else []), *options])
        if not given.get("application_name"):  # the URI's own name wins (a desk may name itself)
            extra["application_name"] = "stembalie"
        with classified(self.target, connecting=True):
            return psycopg.connect(make_conninfo(self.dsn, **extra), autocommit=autocommit)

    def connection(self) -> psycopg.Connection[Any]:
        """The live connection; a broken one is replaced (libpq finds the primary) between transactions."""
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if self._in_transaction:  # never silently carry on in another session mid-transaction
            raise store_error("store.connection_lost", self.target)
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.close()
        self._conn = self._connect()
        return self._conn

    def retrying(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        """``work(connection)``; outside a transaction, once more on a new connection when the old
        one turned out to be dead (a failover, a server restart, a terminated session).

        Only for what may safely run twice: reads, and the BEGIN of a transaction. Inside a
        transaction a lost connection is never papered over (the transaction is gone with it).
        """
        conn = self.connection()
        try:
            return work(conn)
        except psycopg.Error as exc:
            if self._in_transaction or not _connection_failure(exc) or not (conn.broken or conn.closed):
                raise
            log.info("connection to the meeting server lost (%s); connecting again", _first_line(exc))
        return work(self.connection())

    def reopen(self) -> PgStore:
        return PgStore.connect(
            self.dsn, migrate=False, password=self._password, statement_timeout_ms=self._statement_timeout_ms
        )

    @property
    def in_transaction(self) -> bool:
        return self._in_transaction

    # -- writing ------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[PgDatabase]:
        """``BEGIN``; the meeting lock; the block; ``COMMIT`` - or nothing of it at all.

        Reported as saved only once COMMIT returned (with the formation's synchronous standby,
        once two laptops hold it). A connection lost during COMMIT leaves the outcome unknown:
        ``store.connection_lost`` says so, and the caller finds out by the event id.
        """
        if self._in_transaction:
            raise RuntimeError("a transaction is already open on this connection")
        with classified(self.target):
            conn = self.retrying(lambda c: c.execute("BEGIN ISOLATION LEVEL READ COMMITTED").connection)
        self._in_transaction = True
        try:
            try:
                with classified(self.target):
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (MEETING_LOCK,))
                yield self.db
            except BaseException:
                if not conn.broken and not conn.closed:
                    with contextlib.suppress(psycopg.Error):
                        conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except psycopg.Error as exc:
                err = classify(exc, self.target, committing=True)
                if err is None:  # a deferred constraint refused at COMMIT: nothing was saved
                    with contextlib.suppress(psycopg.Error):
                        conn.execute("ROLLBACK")
                    raise
                raise err from exc
        finally:
            self._in_transaction = False
        self._committed()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[PgStore]:
        """A REPEATABLE READ READ ONLY transaction: one committed state for every read inside."""
        if self._in_transaction:
            yield self
            return
        with classified(self.target):
            conn = self.retrying(lambda c: c.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").connection)
        self._in_transaction = True
        try:
            yield self
        finally:
            self._in_transaction = False
            if not conn.broken and not conn.closed:
                with contextlib.suppress(psycopg.Error):
                    conn.execute("COMMIT")

    # -- reading ------------------------------------------------------------------------------------
    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        return self.db.query(sql, params)

    def change_marker(self) -> int:
        """The newest audit entry's number: moves with every committed change (one round trip).

        The change watcher does not poll this on PostgreSQL (the server pushes, :meth:`listen`);
        it is there for a caller without a listener.
        """
        rows = self.query("SELECT COALESCE(MAX(seq), 0) AS seq FROM audit")
        return int(rows[0]["seq"])

    def listen(self, callback: Callable[[], None]) -> Callable[[], None]:
        listener = _Listener(self, callback)
        listener.start()
        return listener.stop

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.close()


class _Listener(threading.Thread):
    """``LISTEN stembalie_changes`` on a connection of its own; ``callback`` per notification.

    Once listening it calls ``callback`` once (commits before the LISTEN were announced to nobody);
    after a lost connection (a failover) it connects again through the same multi-host URI and
    does the same.
    """

    WAIT_S = 0.5  # how long one wait lasts: the thread checks for stop() this often
    RETRY_S = (0.2, 0.5, 1.0, 2.0)

    def __init__(self, store: PgStore, callback: Callable[[], None]) -> None:
        super().__init__(name="stembalie-listen", daemon=True)
        self._store = store
        self._callback = callback
        self._stopped = threading.Event()
        self._conn: psycopg.Connection[Any] | None = None
        self.connected = threading.Event()

    def stop(self) -> None:
        self._stopped.set()
        if self is not threading.current_thread() and self.is_alive():
            self.join(timeout=2 * self.WAIT_S + 1)

    def run(self) -> None:
        failures = 0
        while not self._stopped.is_set():
            try:
                conn = self._store._connect()
            except StoreError:
                self._stopped.wait(self.RETRY_S[min(failures, len(self.RETRY_S) - 1)])
                failures += 1
                continue
            try:
                conn.execute(f"LISTEN {CHANNEL}")
                # Whatever was committed before the LISTEN took effect (the watcher's start, or
                # while the connection was lost) was announced to nobody: look once.
                self._callback()
                failures = 0
                self.connected.set()
                while not self._stopped.is_set():
                    for _note in conn.notifies(timeout=self.WAIT_S):
                        self._callback()
            except psycopg.Error as exc:
                log.info("change listener lost its connection (%s); connecting again", _first_line(exc))
                self.connected.clear()
                failures += 1
            finally:
                with contextlib.suppress(psycopg.Error):
                    conn.close()
