"""The only package with SQL: the meeting store on two engines, migrations, repositories, the audit chain.

**Two engines, one seam.** One laptop keeps the meeting in a SQLite file (:class:`db.SqliteStore`,
the default, unchanged: sqlite-utils over one sqlite3 connection, ``BEGIN IMMEDIATE``, WAL,
``synchronous=FULL``). Several desks keep it on a pg_auto_failover formation
(:class:`pg.PgStore`, psycopg 3, a multi-host URI). ``Store.open(target)`` picks the engine from
the target (a ``postgresql://`` URI or a file path); everything above it — repositories,
services, the CLI, the session — sees one :class:`db.Store`, whose ``transaction()`` yields a
:class:`sql.Database` and whose repositories return the same domain dataclasses on both.

**Why a thin seam of our own, not SQLAlchemy Core.** The repositories already held plain SQL in
SQLite's placeholder style, and nearly all of it reads the same in PostgreSQL; what differs is
small and is kept visible in :mod:`sql` (placeholder translation, the schema's self-description,
``executemany``) and in each store's transaction. SQLAlchemy would have meant rewriting every
statement to named ``text()`` parameters, and putting a layer between us and the two things each
engine must do exactly: on SQLite, its pysqlite dialect manages transactions itself and needs
event hooks to issue ``BEGIN IMMEDIATE`` and to keep our commit listeners and the
vanished-file check; on PostgreSQL we need psycopg itself for ``LISTEN``/notifications, SQLSTATE
classification of errors and the multi-host failover behaviour of libpq. The seam is about 200
lines with its own tests (``tests/storage/test_engines.py``), and sqlite-utils keeps its place.

**The schema on both.** :mod:`migrations` (SQLite, ``PRAGMA user_version``) and
:mod:`pg_schema` (PostgreSQL, plpgsql trigger functions, ``stembalie.schema_version``) are two
versioned lists kept in step; every invariant lives in the schema on both, and a test holds both
to refusing the same forbidden writes with the same words.

**One chain.** The audit chain is one chain in the shared store, appended in the transaction of
the change it records: on SQLite under the file's single writer lock, on PostgreSQL under a
transaction-scoped advisory lock taken as the first statement of every write transaction
(:data:`pg.MEETING_LOCK`), so all writers are serialized exactly as on the file.

**Pushed changes.** On PostgreSQL a trigger on ``audit`` notifies ``stembalie_changes``; the
store's listener thread (:meth:`db.Store.listen`) drives the change feed. On SQLite the feed
polls the cheap change marker.

Moving a whole meeting between the engines (``server push`` / ``pull``): :mod:`transfer`.
"""
