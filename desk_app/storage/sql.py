"""The seam between the repositories and the two engines: what a repository may call on a database.

A repository gets either the :class:`~desk_app.storage.db.Store` (reads outside a transaction)
or the handle that ``store.transaction()`` yields (reads and writes inside it). On SQLite that
handle is a ``sqlite_utils.Database``; on PostgreSQL a :class:`desk_app.storage.pg.PgDatabase`.
Both satisfy :class:`Database`: ``execute(sql, params)`` with ``fetchone``/``fetchall`` of tuples,
and ``query(sql, params)`` yielding dict rows. Repositories write one SQL text for both engines,
with SQLite's placeholders (``?`` or ``:name``); :func:`to_pyformat` turns them into psycopg's.

The few things the dialects do not share are functions here, both branches side by side and
tested on both engines: :func:`in_transaction`, :func:`executemany`, and the schema's own
description: :func:`has_table`, :func:`tables`, :func:`columns`, :func:`primary_key` (SQLite's
``sqlite_master`` and ``pragma_table_info``; PostgreSQL's ``information_schema`` and
``pg_index``), :func:`foreign_keys_to` (``pragma_foreign_key_list`` / ``pg_constraint``).
Everything else the repositories need reads the same on both: ``ON CONFLICT … DO UPDATE``,
``RETURNING``, ``COALESCE``, ``LIMIT ?``, ``||``, ``IN (…)``. JSON inside a column is parsed in
Python rather than with ``json_extract`` / ``->>``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, Protocol

import sqlite_utils

if TYPE_CHECKING:
    from desk_app.storage.db import Store

__all__ = [
    "Cursor",
    "Database",
    "Engine",
    "IntegrityErrors",
    "Params",
    "columns",
    "engine_of",
    "executemany",
    "foreign_keys_to",
    "has_table",
    "in_transaction",
    "primary_key",
    "tables",
    "to_pyformat",
]

Engine = Literal["sqlite", "postgresql"]
Params = Sequence[Any] | dict[str, Any]


class Cursor(Protocol):
    """What ``execute`` returns on both engines: tuple rows."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Database(Protocol):
    """A transaction's handle (or a store's reading handle) on either engine."""

    def execute(self, sql: str, parameters: Params | None = None, /) -> Cursor: ...

    def query(self, sql: str, params: Params | None = None, /) -> Iterable[dict[str, Any]]: ...


def _integrity_errors() -> tuple[type[Exception], ...]:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a runtime dependency
        return (sqlite3.IntegrityError,)
    return (sqlite3.IntegrityError, psycopg.IntegrityError)


#: What a write the schema refuses raises, on either engine (a UNIQUE, CHECK or foreign key, or a
#: guard trigger: SQLite's ``RAISE(ABORT, …)``, PostgreSQL's ``integrity_constraint_violation``).
IntegrityErrors: tuple[type[Exception], ...] = _integrity_errors()


def engine_of(src: object) -> Engine:
    """Which engine a store or transaction handle belongs to."""
    if isinstance(src, sqlite_utils.Database):
        return "sqlite"
    engine = getattr(src, "engine", None)
    if engine in ("sqlite", "postgresql"):
        return engine  # type: ignore[no-any-return]
    raise TypeError(f"not a meeting store or transaction: {type(src).__name__}")


def in_transaction(db: object) -> bool:
    """Is ``db`` inside ``Store.transaction()`` (audit entries may only be appended there)?"""
    if isinstance(db, sqlite_utils.Database):
        return bool(db.conn.in_transaction)
    return bool(getattr(db, "in_transaction", False))


def executemany(db: Database, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """One statement for many rows (sqlite3's ``executemany``; psycopg's, in a pipeline)."""
    if isinstance(db, sqlite_utils.Database):
        db.conn.executemany(sql, rows)
    else:
        db.executemany(sql, rows)  # type: ignore[attr-defined]


def has_table(src: Store | Database, name: str) -> bool:
    """Does the meeting's schema hold table ``name`` (an older SQLite file may lack a later one)?"""
    if engine_of(src) == "sqlite":
        sql = "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?"
    else:
        sql = "SELECT 1 AS x FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
    return bool(list(src.query(sql, (name,))))


def tables(src: Store | Database) -> list[str]:
    """The meeting's own tables, by name."""
    if engine_of(src) == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    else:
        sql = (
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
    return [str(r["name"]) for r in src.query(sql, ())]


def columns(src: Store | Database, table: str) -> list[str]:
    """The columns of ``table`` in their order in the schema."""
    if engine_of(src) == "sqlite":
        sql = "SELECT name FROM pragma_table_info(?) ORDER BY cid"
    else:
        sql = (
            "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position"
        )
    return [str(r["name"]) for r in src.query(sql, (table,))]


def primary_key(src: Store | Database, table: str) -> list[str]:
    """The columns of ``table``'s primary key, in key order."""
    if engine_of(src) == "sqlite":
        sql = "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk"
    else:
        sql = (
            "SELECT a.attname AS name FROM pg_index i "
            "JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(att, n) ON TRUE "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att "
            "JOIN pg_class c ON c.oid = i.indrelid "
            "WHERE i.indisprimary AND c.relname = ? AND c.relnamespace = current_schema()::regnamespace "
            "ORDER BY k.n"
        )
    return [str(r["name"]) for r in src.query(sql, (table,))]


def foreign_keys_to(src: Store | Database, table: str) -> list[tuple[str, str, str]]:
    """Every single-column link ``(table, column, referenced column)`` of a foreign key to ``table``.

    A composite key's columns each count when the key refers to ``table`` itself (as SQLite's
    ``pragma_foreign_key_list`` lists them); keys to other tables are left out.
    """
    found: list[tuple[str, str, str]] = []
    if engine_of(src) == "sqlite":
        for name in tables(src):
            for fk in src.query("SELECT * FROM pragma_foreign_key_list(?)", (name,)):
                if fk["table"] == table:
                    found.append((name, str(fk["from"]), str(fk["to"] or "")))
        return found
    sql = (
        "SELECT cl.relname AS tbl, a.attname AS col, af.attname AS ref "
        "FROM pg_constraint c "
        "JOIN pg_class cl ON cl.oid = c.conrelid "
        "JOIN pg_class rf ON rf.oid = c.confrelid "
        "JOIN LATERAL unnest(c.conkey, c.confkey) AS k(att, refatt) ON TRUE "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att "
        "JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = k.refatt "
        "WHERE c.contype = 'f' AND rf.relname = ? AND cl.relnamespace = current_schema()::regnamespace "
        "ORDER BY cl.relname, a.attname"
    )
    return [(str(r["tbl"]), str(r["col"]), str(r["ref"])) for r in src.query(sql, (table,))]


# --- placeholders --------------------------------------------------------------------------------

# Quoted strings, quoted names and comments are passed over as they are; '::' is a PostgreSQL
# cast, not a named parameter; a bare '%' must be doubled because psycopg reads '%s'.
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|::|\?|:[A-Za-z_][A-Za-z0-9_]*|%""")


@lru_cache(maxsize=2048)
def to_pyformat(sql: str) -> str:
    """SQLite's ``?`` and ``:name`` placeholders as psycopg's ``%s`` and ``%(name)s``.

    Literal ``%`` (``LIKE 'vote.%'``) becomes ``%%``; text inside quotes and comments is kept. The
    result must be executed with parameters (an empty tuple when there are none), so that psycopg
    reads the doubled ``%%`` back as one.
    """

    def sub(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if token.startswith(":") and token != "::":
            return f"%({token[1:]})s"
        return token.replace("%", "%%")  # psycopg reads '%' inside quotes and comments too

    return _TOKEN.sub(sub, sql)
