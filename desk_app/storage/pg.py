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
Neither fires on a server that is *frozen* (SIGSTOP, a hung laptop) while its kernel still
acknowledges TCP, and neither do keepalives. So every operation also has the desk's own deadline
(``deadline_s``, client side): a watchdog thread shuts the connection's socket down when an
operation runs past it, or runs on for a moment after the listener found the server silent; the
blocked call then fails at once as a lost connection. ``statement_timeout_ms`` sets the server's
own statement timeout as well (a server that is alive but slow).

**The link.** The listener thread is also the desk's view of the server: every
:data:`HEARTBEAT_S` it asks the primary a one-row question on its own connection and waits at most
:data:`HEARTBEAT_DEADLINE_S` for the answer (select on the socket: no blocking call, so a frozen
server is noticed too). :attr:`PgStore.link` (a :class:`Link`, thread-safe) says whether the
primary answered lately, where the session landed (host, port, primary or standby) and since
when; the change feed turns its changes into the red "GEEN VERBINDING" banner within two seconds.

**An outcome lost with the connection.** Before each COMMIT the store reads the event ids of the
audit entries the transaction appended (and its transaction id). When the connection dies during
COMMIT the :class:`StoreError` (``store.connection_lost``) carries them as an :class:`InDoubt`;
:meth:`PgStore.resolve` later takes the meeting lock (so the lost transaction has certainly ended,
committed or not) and looks the event ids up: the real outcome, never a guess.

**Seen, but not yet safe.** A transaction whose COMMIT was waiting for the synchronous standby can
become visible on the primary when that wait is cut short (its session ended, the standby gone).
:meth:`PgStore.confirm_replicated` commits a small WAL record and returns once the synchronous
standby holds it, and with it everything committed before: a verdict read before it ("already
registered") is read again after it before it is shown as final.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pgerrors
from psycopg import pq
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row

from desk_app.server.dsn import redact
from desk_app.storage.db import _TEXTS, BUSY_TIMEOUT_MS, Store, StoreError, store_error
from desk_app.storage.sql import Params, to_pyformat

__all__ = [
    "CHANNEL",
    "DEADLINE_S",
    "HEARTBEAT_DEADLINE_S",
    "HEARTBEAT_S",
    "MEETING_LOCK",
    "SCHEMA",
    "InDoubt",
    "Link",
    "LinkState",
    "PgDatabase",
    "PgStore",
    "classified",
    "classify",
]

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
#: The desk's own deadline per operation (client side): longer than any wait the server itself
#: bounds (the meeting lock: BUSY_TIMEOUT_MS; a COMMIT waiting for a standby that just died: ~3 s).
DEADLINE_S = 10.0
#: How often the listener asks the primary whether it is there, and how long it waits for the answer:
#: a silent server is noticed within HEARTBEAT_S + HEARTBEAT_DEADLINE_S (the banner's 2 s).
HEARTBEAT_S = 0.4
HEARTBEAT_DEADLINE_S = 1.0
#: An operation still running this long after the link went down is cut off (it would only hang).
LINK_GRACE_S = 0.3
#: libpq waits forever for a host that does not answer unless told; a URI without its own bound gets this.
CONNECT_TIMEOUT_S = 2

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
        store = self._store
        with classified(store.target):
            conn = store.connection()
            with store.deadline(conn):
                return conn.execute(to_pyformat(sql), _params(parameters))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]], /) -> None:
        store = self._store
        with classified(store.target):
            conn = store.connection()
            with store.deadline(conn), conn.cursor() as cur:
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
        store = self._store
        with classified(store.target):
            conn = store.connection()
            with store.deadline(conn):
                conn.execute(sql.encode("utf-8"))


@dataclass(frozen=True)
class LinkState:
    """What the listener last knew of its connection to the primary (times are ``time.time()``)."""

    #: None: not known yet (nobody listens, or the first connection is still being made).
    connected: bool | None = None
    since: float = 0.0  # when ``connected`` last changed
    host: str | None = None  # where the session landed (libpq's host, from the multi-host URI)
    port: int | None = None
    in_recovery: bool | None = None  # False: a primary (what a desk needs); True: a standby
    answered_at: float | None = None  # the last heartbeat the primary answered
    error: str | None = None  # why it is down (the driver's first line, or "no answer within …")
    outages: int = 0  # how often the link went down since the store was opened


class Link:
    """The desk's connection to the meeting server as its listener sees it; thread-safe.

    The listener thread writes it; the GUI (through the change feed), the watchdog and anyone else
    read :attr:`state` or subscribe with :meth:`on_change` (called on the listener's thread, only
    when ``connected`` flips; keep it quick).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = LinkState(since=time.time())
        self._changed = threading.Condition(self._lock)
        self._listeners: list[Callable[[LinkState], None]] = []

    @property
    def state(self) -> LinkState:
        with self._lock:
            return self._state

    @property
    def connected(self) -> bool | None:
        with self._lock:
            return self._state.connected

    def on_change(self, listener: Callable[[LinkState], None]) -> Callable[[], None]:
        """Call ``listener(state)`` whenever the link goes up or down; returns the unsubscriber."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def wait(self, connected: bool, timeout: float) -> bool:
        """Wait until the link is (or is not) connected; False when ``timeout`` passed first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._state.connected is not connected:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
            return True

    def update(self, **changes: Any) -> LinkState:
        """Set fields (the listener); when ``connected`` flips, ``since`` moves and listeners hear it."""
        with self._lock:
            old = self._state
            flipped = "connected" in changes and changes["connected"] != old.connected
            if flipped:
                changes.setdefault("since", time.time())
                if changes["connected"] is False and old.connected:
                    changes["outages"] = old.outages + 1
            self._state = new = dataclasses.replace(old, **changes)
            listeners = list(self._listeners) if flipped else []
            self._changed.notify_all()
        for listener in listeners:
            try:
                listener(new)
            except Exception:  # a listener's bug must not stop the heartbeat
                log.exception("link listener failed")
        return new


@dataclass(frozen=True)
class InDoubt:
    """A write whose COMMIT was cut off: what :meth:`PgStore.resolve` needs to find out its outcome."""

    event_ids: tuple[str, ...]  # the audit entries the transaction appended, oldest first
    xid: str | None  # PostgreSQL's transaction id (a write without an audit entry: the desk log)
    at: float  # time.time() when it was lost


@dataclass(frozen=True)
class Resolution:
    """The real outcome of an :class:`InDoubt` write: ``saved``, and the entries it appended."""

    saved: bool
    entries: tuple[dict[str, Any], ...] = ()  # seq, event_id, action, object, details (parsed)


class _Watchdog:
    """Cuts off an operation that runs past its deadline (or on after the link went down).

    Cutting off is ``shutdown()`` of the connection's socket from this thread: the driver's blocked
    call returns at once with a lost connection. Safe from any thread, and unlike a cancel request
    it needs no answer from a server that may be frozen.
    """

    def __init__(self, link: Link) -> None:
        self._link = link
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[float, float, psycopg.Connection[Any]]] = {}
        self._tokens = 0
        self._thread: threading.Thread | None = None
        self.fired = 0  # how many operations were cut off (tests, the status line)

    def arm(self, conn: psycopg.Connection[Any], seconds: float) -> int:
        with self._cond:
            self._tokens += 1
            now = time.monotonic()
            self._armed[self._tokens] = (now, now + seconds, conn)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="stembalie-deadline", daemon=True)
                self._thread.start()
            self._cond.notify()
            return self._tokens

    def disarm(self, token: int) -> bool:
        """True when the operation was cut off by the watchdog."""
        with self._cond:
            return self._armed.pop(token, None) is None

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._armed:
                    if not self._cond.wait(30):
                        self._thread = None  # idle: stop; the next arm() starts it again
                        return
                now = time.monotonic()
                down = self._link.connected is False
                due = [
                    token
                    for token, (started, until, _conn) in self._armed.items()
                    if now >= until or (down and now - started >= LINK_GRACE_S)
                ]
                conns = [self._armed.pop(token)[2] for token in due]
            for conn in conns:
                self.fired += 1
                _cut(conn)
            with self._cond:
                self._cond.wait(0.05)


def _cut(conn: psycopg.Connection[Any]) -> None:
    """Shut the connection's socket down under whoever is blocked on it."""
    try:
        fd = conn.pgconn.socket
    except psycopg.Error:
        return
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    with sock, contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    log.warning("an operation on the meeting server ran past its deadline: connection cut off")


# Before COMMIT: this transaction's id and the event ids of the audit entries it appended (rows whose
# xmin is this transaction's; only the newest entries are looked at, the ones it can have written).
_TX_EVENTS = (
    "SELECT pg_current_xact_id_if_assigned()::text AS xid, ARRAY("
    "SELECT t.event_id FROM (SELECT seq, event_id, xmin FROM audit ORDER BY seq DESC LIMIT 500) t "
    "WHERE t.xmin::text = (pg_current_xact_id_if_assigned()::text::bigint % 4294967296)::text "
    "ORDER BY t.seq) AS events"
)


class PgStore(Store):
    """One meeting in a PostgreSQL database (a pg_auto_failover formation's primary)."""

    engine = "postgresql"

    def __init__(
        self,
        dsn: str,
        *,
        password: str | None = None,
        statement_timeout_ms: int | None = None,
        deadline_s: float = DEADLINE_S,
    ) -> None:
        super().__init__()
        self.dsn = dsn
        self.target = shown(dsn)
        self._password = password
        self._statement_timeout_ms = statement_timeout_ms
        self.deadline_s = deadline_s
        self._conn: psycopg.Connection[Any] | None = None
        self._in_transaction = False
        self.db: PgDatabase = PgDatabase(self)
        #: The desk's view of the server (written by the listener thread: :meth:`listen`).
        self.link = Link()
        self._watchdog = _Watchdog(self.link)
        #: The last write whose outcome was lost with the connection (None once resolved).
        self.in_doubt: InDoubt | None = None

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
        deadline_s: float = DEADLINE_S,
    ) -> PgStore:
        """Connect to the meeting behind ``dsn`` and bring its schema up to date.

        Without ``create`` a database that holds no meeting schema yet is refused
        (``store.server_empty``): a meeting reaches the server by ``server push``.
        ``deadline_s``: the desk's own bound on every operation (see the module doc).
        """
        from desk_app.storage import pg_schema

        store = cls(dsn, password=password, statement_timeout_ms=statement_timeout_ms, deadline_s=deadline_s)
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
        if not given.get("connect_timeout") and not os.environ.get("PGCONNECT_TIMEOUT"):
            extra["connect_timeout"] = CONNECT_TIMEOUT_S  # a frozen host would hold the connect forever
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
        state = self.link.state
        if state.connected is False:
            # The listener tries again all the time; a desk does not hang in a connect of its own
            # (up to connect_timeout per host) meanwhile: refused at once, the banner says why.
            raise store_error("store.no_server", self.target, detail=state.error or "?")
        self._conn = self._connect()
        return self._conn

    @contextlib.contextmanager
    def deadline(self, conn: psycopg.Connection[Any], seconds: float | None = None) -> Iterator[None]:
        """Bound one operation on ``conn`` by the desk's own clock (see :class:`_Watchdog`)."""
        token = self._watchdog.arm(conn, self.deadline_s if seconds is None else seconds)
        try:
            yield
        finally:
            self._watchdog.disarm(token)

    def retrying(self, work: Callable[[psycopg.Connection[Any]], T]) -> T:
        """``work(connection)``; outside a transaction, once more on a new connection when the old
        one turned out to be dead (a failover, a server restart, a terminated session).

        Only for what may safely run twice: reads, and the BEGIN of a transaction. Inside a
        transaction a lost connection is never papered over (the transaction is gone with it).
        Each attempt is bounded by the desk's deadline.
        """
        conn = self.connection()
        try:
            with self.deadline(conn):
                return work(conn)
        except psycopg.Error as exc:
            if self._in_transaction or not _connection_failure(exc) or not (conn.broken or conn.closed):
                raise
            log.info("connection to the meeting server lost (%s); connecting again", _first_line(exc))
        conn = self.connection()
        with self.deadline(conn):
            return work(conn)

    def reopen(self) -> PgStore:
        return PgStore.connect(
            self.dsn,
            migrate=False,
            password=self._password,
            statement_timeout_ms=self._statement_timeout_ms,
            deadline_s=self.deadline_s,
        )

    @property
    def in_transaction(self) -> bool:
        return self._in_transaction

    @property
    def cut_offs(self) -> int:
        """How many operations the desk's own deadline cut off so far."""
        return self._watchdog.fired

    # -- writing ------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[PgDatabase]:
        """``BEGIN``; the meeting lock; the block; ``COMMIT`` - or nothing of it at all.

        Reported as saved only once COMMIT returned (with the formation's synchronous standby,
        once two laptops hold it). A connection lost during COMMIT leaves the outcome unknown:
        ``store.connection_lost`` says so and carries an :class:`InDoubt` (``params["in_doubt"]``,
        also kept as :attr:`in_doubt`) for :meth:`resolve`.
        """
        if self._in_transaction:
            raise RuntimeError("a transaction is already open on this connection")
        with classified(self.target):
            conn = self.retrying(lambda c: c.execute("BEGIN ISOLATION LEVEL READ COMMITTED").connection)
        self._in_transaction = True
        try:
            try:
                with classified(self.target), self.deadline(conn, BUSY_TIMEOUT_MS / 1000 + self.deadline_s):
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (MEETING_LOCK,))
                yield self.db
                with classified(self.target), self.deadline(conn):
                    row = conn.execute(_TX_EVENTS).fetchone()
            except BaseException:
                if not conn.broken and not conn.closed:
                    with contextlib.suppress(psycopg.Error), self.deadline(conn):
                        conn.execute("ROLLBACK")
                raise
            doubt = InDoubt(tuple(row[1] or ()) if row else (), row[0] if row else None, time.time())
            try:
                with self.deadline(conn):
                    conn.execute("COMMIT")
            except psycopg.Error as exc:
                err = classify(exc, self.target, committing=True)
                if err is None:  # a deferred constraint refused at COMMIT: nothing was saved
                    with contextlib.suppress(psycopg.Error):
                        conn.execute("ROLLBACK")
                    raise
                if err.code == "store.connection_lost":
                    self.in_doubt = doubt
                    err.params["in_doubt"] = doubt
                raise err from exc
        finally:
            self._in_transaction = False
        self._committed()

    def resolve(self, doubt: InDoubt | None = None) -> Resolution:
        """The real outcome of a write lost during COMMIT (default: :attr:`in_doubt`).

        Takes the meeting lock first, in a transaction of its own: the lost transaction held it
        until it ended (COMMIT, including its wait for the standby, or its abort when the server
        noticed the client was gone), so once the lock is ours its outcome is final. Then its
        event ids are looked up (a write without one, by its transaction id). Raises the usual
        :class:`StoreError` while the server cannot be reached: call it again later.
        """
        doubt = doubt or self.in_doubt
        if doubt is None:
            raise ValueError("nothing in doubt")
        with self.transaction() as db:
            if doubt.event_ids:
                rows = db.query(
                    "SELECT seq, event_id, action, object, details FROM audit WHERE event_id = ANY(?) ORDER BY seq",
                    (list(doubt.event_ids),),
                )
                if rows and len(rows) != len(doubt.event_ids):  # one transaction: all or nothing
                    raise RuntimeError(f"part of a transaction found: {len(rows)} of {len(doubt.event_ids)} entries")
                saved = bool(rows)
            elif doubt.xid is not None:
                saved = self._xact_committed(db, doubt.xid)
                rows = []
            else:  # it had written nothing at all
                saved, rows = False, []
        if doubt is self.in_doubt:
            self.in_doubt = None
        entries = tuple({**r, "details": json.loads(r["details"]) if r.get("details") else {}} for r in rows)
        return Resolution(saved, entries)

    @staticmethod
    def _xact_committed(db: PgDatabase, xid: str) -> bool:
        rows = db.query(
            # An id not yet handed out here: this server (a new primary) never received that transaction.
            "SELECT CASE WHEN ?::xid8 >= pg_snapshot_xmax(pg_current_snapshot()) THEN 'future' "
            "ELSE pg_xact_status(?::xid8) END AS status",
            (xid, xid),
        )
        status = rows[0]["status"] if rows else None
        if status is None:
            raise RuntimeError(f"transaction {xid} is too old to look up")
        return str(status) == "committed"

    def confirm_replicated(self) -> None:
        """Return once the synchronous standby holds everything this session has seen.

        Commits a transactional WAL message (no table is touched): its COMMIT waits for the standby
        like any write, and its record lies after every commit already visible here. Raises the
        usual :class:`StoreError` when the server cannot be reached.
        """
        if self._in_transaction:
            raise RuntimeError("confirm_replicated runs outside a transaction")
        with classified(self.target):
            conn = self.retrying(lambda c: c.execute("BEGIN").connection)
            try:
                with self.deadline(conn):
                    conn.execute("SELECT pg_logical_emit_message(true, 'stembalie', 'seen')")
                    conn.execute("COMMIT")
            except BaseException:
                if not conn.broken and not conn.closed:
                    with contextlib.suppress(psycopg.Error), self.deadline(conn):
                        conn.execute("ROLLBACK")
                raise

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
                with contextlib.suppress(psycopg.Error), self.deadline(conn):
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
        """``LISTEN`` on a connection of its own; also keeps :attr:`link` (the heartbeat)."""
        listener = _Listener(self, callback)
        listener.start()
        return listener.stop

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.close()


class _Silent(Exception):
    """The server did not answer the heartbeat in time (frozen, or the path to it is gone)."""


class _Listener(threading.Thread):
    """``LISTEN stembalie_changes`` on a connection of its own; ``callback`` per notification; and
    the heartbeat that keeps the store's :class:`Link`.

    Once listening it calls ``callback`` once (commits before the LISTEN were announced to nobody);
    after a lost connection (a failover) it connects again through the same multi-host URI and
    does the same. It never blocks on the server: it waits on the socket with ``select`` and a
    timeout, so a frozen server is noticed as surely as a dead one.
    """

    RETRY_S = (0.2, 0.5, 1.0, 1.0)

    def __init__(self, store: PgStore, callback: Callable[[], None]) -> None:
        super().__init__(name="stembalie-listen", daemon=True)
        self._store = store
        self._callback = callback
        self._stopped = threading.Event()
        self.link = store.link

    def stop(self) -> None:
        self._stopped.set()
        if self is not threading.current_thread() and self.is_alive():
            self.join(timeout=2 * HEARTBEAT_DEADLINE_S + 1)

    def run(self) -> None:
        failures = 0
        while not self._stopped.is_set():
            try:
                conn = self._store._connect()
            except StoreError as err:
                self.link.update(connected=False, error=str(err.params.get("detail") or err.code))
                self._stopped.wait(self.RETRY_S[min(failures, len(self.RETRY_S) - 1)])
                failures += 1
                continue
            try:
                conn.execute(f"LISTEN {CHANNEL}")
                info = conn.info
                self._heartbeat(conn.pgconn)  # a primary, answering, before anyone is told "connected"
                # Whatever was committed before the LISTEN took effect (the watcher's start, or
                # while the connection was lost) was announced to nobody: look once.
                self._callback()
                failures = 0
                self.link.update(connected=True, host=info.host, port=int(info.port), error=None)
                self._serve(conn.pgconn)
            except (psycopg.Error, _Silent) as exc:
                detail = _first_line(exc)
                log.info("change listener lost its connection (%s); connecting again", detail)
                self.link.update(connected=False, error=detail)
                failures += 1
            finally:
                with contextlib.suppress(psycopg.Error, OSError):
                    conn.close()

    def _serve(self, pg: pq.abc.PGconn) -> None:
        """Wait for notifications; every HEARTBEAT_S ask the primary whether it is there."""
        next_beat = time.monotonic() + HEARTBEAT_S
        while not self._stopped.is_set():
            left = next_beat - time.monotonic()
            if left > 0:
                if self._wait(pg, left):
                    self._drain(pg)
                continue
            self._heartbeat(pg)
            next_beat = time.monotonic() + HEARTBEAT_S

    @staticmethod
    def _wait(pg: pq.abc.PGconn, seconds: float) -> bool:
        readable, _, _ = select.select([pg.socket], [], [], max(0.0, seconds))
        if readable:
            pg.consume_input()  # raises when the connection is gone
        return bool(readable)

    def _drain(self, pg: pq.abc.PGconn) -> None:
        heard = False
        while pg.notifies() is not None:
            heard = True
        if heard:
            self._callback()

    def _heartbeat(self, pg: pq.abc.PGconn) -> None:
        """One round trip with a deadline: the server is there, and a primary."""
        pg.send_query(b"SELECT pg_is_in_recovery()")
        until = time.monotonic() + HEARTBEAT_DEADLINE_S
        while pg.is_busy():
            left = until - time.monotonic()
            if left <= 0:
                raise _Silent(f"no answer within {HEARTBEAT_DEADLINE_S:.1f} s")
            self._wait(pg, left)
        answer: bool | None = None
        while (result := pg.get_result()) is not None:
            if result.status == pq.ExecStatus.TUPLES_OK and result.ntuples:
                answer = result.get_value(0, 0) == b"t"
            elif result.status != pq.ExecStatus.TUPLES_OK:
                raise psycopg.OperationalError(
                    (result.error_message or pg.error_message or b"heartbeat failed").decode("utf-8", "replace")
                )
        self._drain(pg)
        if answer is None:
            raise psycopg.OperationalError("heartbeat: no answer")
        if answer:  # a standby now (demoted under us): no writes here, find the primary again
            raise psycopg.OperationalError("the server is a standby now (read-only)")
        self.link.update(in_recovery=False, answered_at=time.time())
