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
    from desk_app.storage.db import SqliteStore

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


def _v4_votes(db: sqlite_utils.Database) -> None:
    """Agenda items and votes: snapshot, choice history, secret totals, declarations.

    Votes are a record of the meeting: nothing here is ever deleted, choices are append-only
    and only accepted while their vote is open, a vote's status only moves forward, and a
    secret vote's history never holds a choice.
    """
    db.executescript(
        """
        CREATE TABLE agenda (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            title TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            voting_order TEXT,               -- JSON list of steps ("4", "4.M2:a"); NULL: default
            source TEXT NOT NULL DEFAULT '',
            sha256 TEXT,
            loaded_at TEXT NOT NULL
        );
        CREATE TABLE agenda_items (
            key TEXT PRIMARY KEY,
            position INTEGER NOT NULL UNIQUE,
            type TEXT NOT NULL CHECK (type IN ('procedural','proposal','resolution','amendment',
                                               'sub_amendment','motion')),
            title TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            target TEXT,
            indieners TEXT NOT NULL DEFAULT '[]',
            preadvies TEXT CHECK (preadvies IS NULL OR preadvies IN
                ('overnemen','aanraden','ontraden','oordeel_alv','aanhouden')),
            majority TEXT NOT NULL DEFAULT 'simple',
            kind TEXT NOT NULL DEFAULT 'matter' CHECK (kind IN ('matter','persons')),
            secret INTEGER CHECK (secret IS NULL OR secret IN (0, 1)),
            parts TEXT NOT NULL DEFAULT '[]',
            options TEXT NOT NULL DEFAULT '[]',
            reach INTEGER NOT NULL DEFAULT 0 CHECK (reach >= 0),
            placeholder TEXT NOT NULL DEFAULT '[]',
            fictional INTEGER NOT NULL DEFAULT 0 CHECK (fictional IN (0, 1)),
            published_outcome TEXT,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE votes (
            id TEXT PRIMARY KEY,
            number INTEGER NOT NULL UNIQUE,   -- "stemming 3" on the chair's screen
            item TEXT NOT NULL REFERENCES agenda_items(key),
            part TEXT,
            subject TEXT NOT NULL CHECK (subject IN ('item','as_amended','preadvies')),
            method TEXT NOT NULL CHECK (method IN ('recorded','acclamation')),
            options TEXT NOT NULL,
            rule TEXT NOT NULL,
            base TEXT NOT NULL CHECK (base IN ('abstentions_excluded','abstentions_counted')),
            quorum_votes INTEGER,
            quorum_members INTEGER,
            ballot_method TEXT NOT NULL CHECK (ballot_method IN ('majority','plurality')),
            secret INTEGER NOT NULL CHECK (secret IN (0, 1)),
            status TEXT NOT NULL CHECK (status IN ('open','closed','declared')),
            register_members INTEGER NOT NULL,
            register_weight INTEGER NOT NULL,
            desk TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            supersedes TEXT UNIQUE REFERENCES votes(id),
            superseded_by TEXT UNIQUE REFERENCES votes(id)
        );
        -- The chair runs one vote at a time.
        CREATE UNIQUE INDEX votes_one_open ON votes(status) WHERE status = 'open';
        CREATE TABLE vote_snapshot (
            vote_id TEXT NOT NULL REFERENCES votes(id),
            code TEXT NOT NULL REFERENCES members(code),
            pass_serial INTEGER REFERENCES passes(serial),
            weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 75),
            PRIMARY KEY (vote_id, code),
            UNIQUE (vote_id, pass_serial)
        );
        CREATE TABLE vote_records (
            seq INTEGER PRIMARY KEY,
            vote_id TEXT NOT NULL,
            n INTEGER NOT NULL,               -- 1, 2, ... within the vote
            code TEXT NOT NULL,
            pass_serial INTEGER,
            choice TEXT,                      -- NULL only in a secret vote
            at TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            desk TEXT NOT NULL,
            actor TEXT NOT NULL,
            event_id TEXT NOT NULL UNIQUE,
            UNIQUE (vote_id, n),
            FOREIGN KEY (vote_id, code) REFERENCES vote_snapshot(vote_id, code)
        );
        CREATE TABLE vote_secret_totals (
            vote_id TEXT NOT NULL REFERENCES votes(id),
            choice TEXT NOT NULL,
            members INTEGER NOT NULL CHECK (members >= 0),
            weight INTEGER NOT NULL CHECK (weight >= 0),
            PRIMARY KEY (vote_id, choice)
        );
        CREATE TABLE vote_declarations (
            vote_id TEXT PRIMARY KEY REFERENCES votes(id),
            adopted INTEGER NOT NULL CHECK (adopted IN (0, 1)),
            winner TEXT,
            statement TEXT NOT NULL DEFAULT '',
            computed TEXT,                    -- JSON: the computed result when declared
            at TEXT NOT NULL,
            desk TEXT NOT NULL,
            actor TEXT NOT NULL
        );
        CREATE TRIGGER vote_records_only_open BEFORE INSERT ON vote_records
            WHEN (SELECT status FROM votes WHERE id = NEW.vote_id) IS NOT 'open'
            BEGIN SELECT RAISE(ABORT, 'vote is not open'); END;
        CREATE TRIGGER vote_records_secret BEFORE INSERT ON vote_records
            WHEN NEW.choice IS NOT NULL AND (SELECT secret FROM votes WHERE id = NEW.vote_id) = 1
            BEGIN SELECT RAISE(ABORT, 'a secret vote keeps no choice per member'); END;
        CREATE TRIGGER vote_records_public BEFORE INSERT ON vote_records
            WHEN NEW.choice IS NULL AND (SELECT secret FROM votes WHERE id = NEW.vote_id) = 0
            BEGIN SELECT RAISE(ABORT, 'a public vote records the choice'); END;
        CREATE TRIGGER vote_records_no_u BEFORE UPDATE ON vote_records
            BEGIN SELECT RAISE(ABORT, 'recorded choices cannot be changed'); END;
        CREATE TRIGGER vote_records_no_d BEFORE DELETE ON vote_records
            BEGIN SELECT RAISE(ABORT, 'recorded choices cannot be deleted'); END;
        CREATE TRIGGER vote_snapshot_no_u BEFORE UPDATE ON vote_snapshot
            BEGIN SELECT RAISE(ABORT, 'a vote snapshot cannot be changed'); END;
        CREATE TRIGGER vote_snapshot_no_d BEFORE DELETE ON vote_snapshot
            BEGIN SELECT RAISE(ABORT, 'a vote snapshot cannot be deleted'); END;
        CREATE TRIGGER vote_secret_totals_only_open_i BEFORE INSERT ON vote_secret_totals
            WHEN (SELECT status FROM votes WHERE id = NEW.vote_id) IS NOT 'open'
            BEGIN SELECT RAISE(ABORT, 'vote is not open'); END;
        CREATE TRIGGER vote_secret_totals_only_open_u BEFORE UPDATE ON vote_secret_totals
            WHEN (SELECT status FROM votes WHERE id = OLD.vote_id) IS NOT 'open'
            BEGIN SELECT RAISE(ABORT, 'vote is not open'); END;
        CREATE TRIGGER vote_secret_totals_no_d BEFORE DELETE ON vote_secret_totals
            BEGIN SELECT RAISE(ABORT, 'vote totals cannot be deleted'); END;
        CREATE TRIGGER votes_no_d BEFORE DELETE ON votes
            BEGIN SELECT RAISE(ABORT, 'votes cannot be deleted'); END;
        CREATE TRIGGER votes_forward BEFORE UPDATE OF status ON votes
            WHEN NOT (OLD.status = NEW.status
                      OR (OLD.status = 'open' AND NEW.status = 'closed')
                      OR (OLD.status = 'closed' AND NEW.status = 'declared'))
            BEGIN SELECT RAISE(ABORT, 'a vote status only moves forward'); END;
        CREATE TRIGGER votes_fixed BEFORE UPDATE ON votes
            WHEN NEW.id IS NOT OLD.id OR NEW.item IS NOT OLD.item OR NEW.part IS NOT OLD.part
              OR NEW.options IS NOT OLD.options OR NEW.rule IS NOT OLD.rule
              OR NEW.base IS NOT OLD.base OR NEW.secret IS NOT OLD.secret
              OR NEW.opened_at IS NOT OLD.opened_at
              OR (OLD.superseded_by IS NOT NULL AND NEW.superseded_by IS NOT OLD.superseded_by)
            BEGIN SELECT RAISE(ABORT, 'what a vote was about cannot be changed'); END;
        CREATE TRIGGER vote_declarations_no_u BEFORE UPDATE ON vote_declarations
            BEGIN SELECT RAISE(ABORT, 'a declared result cannot be changed'); END;
        CREATE TRIGGER vote_declarations_no_d BEFORE DELETE ON vote_declarations
            BEGIN SELECT RAISE(ABORT, 'a declared result cannot be deleted'); END;
        -- Items that votes refer to stay as they were; the agenda is replaced only before votes.
        CREATE TRIGGER agenda_items_voted_u BEFORE UPDATE ON agenda_items
            WHEN EXISTS (SELECT 1 FROM votes WHERE item = OLD.key)
            BEGIN SELECT RAISE(ABORT, 'an item that was voted on cannot be changed'); END;
        CREATE TRIGGER agenda_items_voted_d BEFORE DELETE ON agenda_items
            WHEN EXISTS (SELECT 1 FROM votes)
            BEGIN SELECT RAISE(ABORT, 'the agenda cannot be replaced once votes exist'); END;
        """
    )


def _v5_guards(db: sqlite_utils.Database) -> None:
    """The tables that lacked guards: passes, cards, the meeting row, designations, audit values.

    A pass is never deleted; only its status moves (active <-> away, and from either to returned,
    replaced or undone, which are final); who holds it, for which municipality, with which number
    and token never changes (the holder's name may only be erased). A card is never deleted and a
    revoked card stays as it was. The meeting's number, secret and opening stay put. These stop
    mistakes and scripts; someone who drops them is caught by the replay
    (:mod:`desk_app.storage.integrity`), not here.
    """
    db.executescript(
        """
        CREATE TRIGGER passes_no_d BEFORE DELETE ON passes
            BEGIN SELECT RAISE(ABORT, 'a voting pass cannot be deleted'); END;
        CREATE TRIGGER passes_fixed BEFORE UPDATE ON passes
            WHEN NEW.serial IS NOT OLD.serial OR NEW.event_id IS NOT OLD.event_id
              OR NEW.code IS NOT OLD.code OR NEW.token IS NOT OLD.token
              OR NEW.holder_role IS NOT OLD.holder_role OR NEW.card_version IS NOT OLD.card_version
              OR NEW.manual_reason IS NOT OLD.manual_reason OR NEW.desk IS NOT OLD.desk
              OR NEW.issued_at IS NOT OLD.issued_at OR NEW.replaces IS NOT OLD.replaces
              OR (NEW.holder_name IS NOT OLD.holder_name AND NEW.holder_name IS NOT NULL)
            BEGIN SELECT RAISE(ABORT, 'who holds a voting pass, and for which municipality, cannot be changed'); END;
        CREATE TRIGGER passes_status BEFORE UPDATE OF status ON passes
            WHEN NOT (NEW.status = OLD.status
                      OR (OLD.status = 'active' AND NEW.status IN ('away', 'returned', 'replaced', 'undone'))
                      OR (OLD.status = 'away' AND NEW.status IN ('active', 'returned', 'replaced', 'undone')))
            BEGIN SELECT RAISE(ABORT, 'this change of a voting pass status is not allowed'); END;
        CREATE TRIGGER cards_no_d BEFORE DELETE ON cards
            BEGIN SELECT RAISE(ABORT, 'a voting card cannot be deleted'); END;
        CREATE TRIGGER cards_fixed BEFORE UPDATE ON cards
            WHEN NEW.code IS NOT OLD.code OR NEW.version IS NOT OLD.version OR NEW.token IS NOT OLD.token
              OR NEW.issued_at IS NOT OLD.issued_at OR NEW.issued_by IS NOT OLD.issued_by
              OR NEW.reason IS NOT OLD.reason OR OLD.revoked_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'a voting card cannot be changed, only revoked once'); END;
        CREATE TRIGGER meeting_no_d BEFORE DELETE ON meeting
            BEGIN SELECT RAISE(ABORT, 'the meeting cannot be deleted'); END;
        CREATE TRIGGER meeting_fixed BEFORE UPDATE ON meeting
            WHEN NEW.id IS NOT OLD.id OR NEW.meeting_no IS NOT OLD.meeting_no OR NEW.secret IS NOT OLD.secret
              OR NEW.audit_salt IS NOT OLD.audit_salt OR NEW.created_at IS NOT OLD.created_at
              OR (OLD.opened_at IS NOT NULL AND NEW.opened_at IS NOT OLD.opened_at)
            BEGIN SELECT RAISE(ABORT, 'the meeting number, secret and opening cannot be changed'); END;
        CREATE TRIGGER designations_open_d BEFORE DELETE ON designations
            WHEN (SELECT opened_at FROM meeting WHERE id = 1) IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'designations cannot be deleted once the meeting is open'); END;
        CREATE TRIGGER audit_personal_no_u BEFORE UPDATE ON audit_personal
            BEGIN SELECT RAISE(ABORT, 'a committed personal value can only be erased, not changed'); END;
        """
    )


def _v6_desk_log(db: sqlite_utils.Database) -> None:
    """The desk's own log beside the audit chain: refused scans and the coordinator PIN's attempts.

    Not state changes of the meeting, so not in the chain (a refused scan changes nothing, and the
    chain must not grow with every smudged barcode): an append-only table of its own, written in its
    own small transaction. A refused scan keeps the desk, the time, the reason code and a SHA-256 of
    what was read (never the text itself). The PIN rows (a wrong PIN, a lock-out, a correct PIN after
    wrong ones) let five wrong PINs lock the coordinator's actions for a minute across restarts.
    """
    db.executescript(
        """
        CREATE TABLE desk_log (
            id INTEGER PRIMARY KEY,
            ts TEXT NOT NULL,
            desk TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('scan.refused', 'pin.wrong', 'pin.locked', 'pin.ok')),
            reason TEXT NOT NULL,
            digest TEXT CHECK (digest IS NULL OR (length(digest) = 64 AND digest NOT GLOB '*[^0-9a-f]*'))
        );
        CREATE INDEX desk_log_kind ON desk_log (kind, id);
        CREATE TRIGGER desk_log_no_u BEFORE UPDATE ON desk_log
            BEGIN SELECT RAISE(ABORT, 'the desk log cannot be changed'); END;
        CREATE TRIGGER desk_log_no_d BEFORE DELETE ON desk_log
            BEGIN SELECT RAISE(ABORT, 'the desk log cannot be deleted'); END;
        """
    )


Migration = Callable[[sqlite_utils.Database], None]

# Append new migrations at the end, one line each.
MIGRATIONS: list[Migration] = [
    _v1_foundation,
    _v2_desk,
    _v3_card_mail,
    _v4_votes,
    _v5_guards,
    _v6_desk_log,
]


def current_version(store: SqliteStore) -> int:
    return int(store.conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(store: SqliteStore) -> int:
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
