"""Versioned schema migrations for the meeting store.

``MIGRATIONS[i]`` brings the schema from version ``i`` to ``i + 1``; the version lives in
``PRAGMA user_version``. Migrations only ever get appended: a released one is never edited.
Invariants the desk relies on are enforced here by the store itself (CHECK, UNIQUE, triggers),
not only by the code above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlite_utils

if TYPE_CHECKING:
    from desk_app.storage.db import Store

ROLES_SQL = "('burgemeester','wethouder','raadslid','gemeentesecretaris','griffier')"


def _v1_foundation(db: sqlite_utils.Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE meeting (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            date TEXT NOT NULL,
            place TEXT NOT NULL,
            meeting_no INTEGER NOT NULL CHECK (meeting_no BETWEEN 1000 AND 9999),
            secret TEXT NOT NULL,
            audit_salt TEXT NOT NULL,
            settings TEXT NOT NULL DEFAULT '{{}}',
            desks TEXT NOT NULL DEFAULT '[]',
            register_source TEXT,
            created_at TEXT NOT NULL,
            opened_at TEXT
        );
        CREATE TABLE members (
            code TEXT PRIMARY KEY CHECK (code GLOB 'GM[0-9][0-9][0-9][0-9]'),
            name TEXT NOT NULL,
            province TEXT NOT NULL,
            population INTEGER NOT NULL CHECK (population >= 0),
            votes INTEGER NOT NULL CHECK (votes BETWEEN 1 AND 75)
        );
        CREATE TABLE designations (
            code TEXT PRIMARY KEY REFERENCES members(code),
            name TEXT,
            role TEXT CHECK (role IS NULL OR role IN {ROLES_SQL}),
            email TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            ts TEXT NOT NULL,
            desk TEXT NOT NULL,
            desk_seq INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            object TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (desk, desk_seq)
        );
        -- The personal values behind the salted hashes in audit.details: erasable on their own.
        CREATE TABLE audit_personal (
            seq INTEGER NOT NULL REFERENCES audit(seq),
            field TEXT NOT NULL,
            salt TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (seq, field)
        );
        CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
        CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END;
        -- Weights are frozen once the meeting opens.
        CREATE TRIGGER members_frozen_i BEFORE INSERT ON members
            WHEN (SELECT opened_at FROM meeting WHERE id = 1) IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'weights are frozen'); END;
        CREATE TRIGGER members_frozen_u BEFORE UPDATE ON members
            WHEN (SELECT opened_at FROM meeting WHERE id = 1) IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'weights are frozen'); END;
        CREATE TRIGGER members_frozen_d BEFORE DELETE ON members
            WHEN (SELECT opened_at FROM meeting WHERE id = 1) IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'weights are frozen'); END;
        """
    )


def _v2_desk(db: sqlite_utils.Database) -> None:
    """Cards (stemkaarten), passes (stempassen), voting rights and the supervisor PIN."""
    db.executescript(
        f"""
        ALTER TABLE meeting ADD COLUMN supervisor_pin TEXT;
        -- A member may be without voting right (e.g. suspended); the reason is shown at the desk.
        ALTER TABLE members ADD COLUMN no_vote_reason TEXT;
        CREATE TABLE cards (
            code TEXT NOT NULL REFERENCES members(code),
            version INTEGER NOT NULL CHECK (version BETWEEN 1 AND 99),
            token TEXT NOT NULL UNIQUE,
            issued_at TEXT NOT NULL,
            issued_by TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            revoked_at TEXT,
            revoked_by TEXT,
            revoked_reason TEXT,
            PRIMARY KEY (code, version)
        );
        CREATE UNIQUE INDEX cards_one_current ON cards(code) WHERE revoked_at IS NULL;
        CREATE TABLE passes (
            serial INTEGER PRIMARY KEY CHECK (serial BETWEEN 1 AND 999999),
            event_id TEXT NOT NULL UNIQUE,
            code TEXT NOT NULL REFERENCES members(code),
            token TEXT NOT NULL UNIQUE,
            holder_name TEXT,
            holder_role TEXT NOT NULL CHECK (holder_role IN {ROLES_SQL}),
            card_version INTEGER,
            manual_reason TEXT,
            desk TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active','away','returned','replaced','undone')),
            status_at TEXT NOT NULL,
            status_reason TEXT,
            replaces INTEGER REFERENCES passes(serial),
            print_state TEXT NOT NULL DEFAULT 'pending' CHECK (print_state IN ('pending','printed','failed')),
            print_error TEXT,
            prints INTEGER NOT NULL DEFAULT 0
        );
        -- The invariant of the day: at most one live pass per municipality. A pass whose holder
        -- stepped out ('away') is still live: it comes back in, or is returned or replaced.
        CREATE UNIQUE INDEX passes_one_live ON passes(code) WHERE status IN ('active','away');
        """
    )


def _v3_card_mail(db: sqlite_utils.Database) -> None:
    """Each e-mail of a stemkaart: an interrupted batch resumes without sending a card twice.

    'sending' is written (and committed) before the SMTP transaction and 'sent' after it: a row
    left in 'sending' means the outcome is unknown, and the card service does not send it again
    unless told to. The address is kept so the list shows where a card went; it is personal data
    and is erased with the designations after the retention period.
    """
    db.executescript(
        """
        CREATE TABLE card_mail (
            code TEXT NOT NULL REFERENCES members(code),
            version INTEGER NOT NULL,
            email TEXT,
            state TEXT NOT NULL CHECK (state IN ('sending','sent','failed')),
            message_id TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            updated_at TEXT NOT NULL,
            sent_at TEXT,
            PRIMARY KEY (code, version),
            FOREIGN KEY (code, version) REFERENCES cards(code, version)
        );
        """
    )


Migration = Callable[[sqlite_utils.Database], None]

# Append new migrations at the end, one line each.
MIGRATIONS: list[Migration] = [
    _v1_foundation,
    _v2_desk,
    _v3_card_mail,
]


def current_version(store: Store) -> int:
    return int(store.conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(store: Store) -> int:
    """Apply every pending migration, each in its own transaction with its version bump."""
    from desk_app.storage.db import store_error

    version = current_version(store)
    if version > len(MIGRATIONS):
        raise store_error("store.too_new", store.path, found=version, known=len(MIGRATIONS))
    for target in range(version + 1, len(MIGRATIONS) + 1):
        with store.transaction() as db:
            MIGRATIONS[target - 1](db)
            db.execute(f"PRAGMA user_version = {target}")
    return len(MIGRATIONS)
