"""The meeting's schema on PostgreSQL: the same tables and the same guards as the SQLite file.

``MIGRATIONS[i]`` brings the schema from version ``i`` to ``i + 1``, exactly as
:data:`desk_app.storage.migrations.MIGRATIONS` does for the file, version for version (a test
holds both lists to the same length, and to refusing the same forbidden writes). Appended only.
The version lives in ``stembalie.schema_version``; everything lives in the schema ``stembalie``
of the database the URI names.

What differs from the SQLite text, and why:

* **Triggers** are plpgsql functions. A trigger's ``WHEN`` may not read other tables in
  PostgreSQL, so the guards that look at the meeting row or the votes (frozen weights, records
  only into an open vote, …) are functions that raise; the guards on ``NEW``/``OLD`` alone keep
  their ``WHEN`` (``IS DISTINCT FROM`` for SQLite's ``IS NOT``) and share :func:`refuse`. Every
  refusal raises ``integrity_constraint_violation`` with the SQLite trigger's own message, so both
  engines refuse the same write with the same words (``psycopg.IntegrityError`` there,
  ``sqlite3.IntegrityError`` here). ``TRUNCATE`` skips row triggers, so every table that refuses a
  DELETE also refuses a TRUNCATE (SQLite has no TRUNCATE).
* **Text** columns compare byte by byte (``COLLATE "C"``), as SQLite's BINARY: ``ORDER BY name``
  gives the same order on both engines, so an export is the same bytes.
* **Integers** are ``BIGINT`` (SQLite's are 64-bit); SQLite's implicit row ids (``vote_records.seq``,
  ``desk_log.id``) are identity columns. Flags stay 0/1 integers, as in the file.
* ``GLOB`` checks are regular expressions.
* **Foreign keys** are ``DEFERRABLE INITIALLY IMMEDIATE``: checked at once as in SQLite, but a
  verbatim copy of a whole meeting (``server push``) may defer them to its COMMIT (a vote refers
  to the herstemming that supersedes it, which comes later).
* **Notifications**: an AFTER INSERT trigger on ``audit`` sends ``pg_notify('stembalie_changes',
  seq)`` (:mod:`desk_app.storage.pg`), so the desks' change feeds are pushed, not polled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from desk_app.storage.migrations import ROLES_SQL

if TYPE_CHECKING:
    from desk_app.storage.pg import PgDatabase, PgStore

SCHEMA = "stembalie"
_ERR = "integrity_constraint_violation"


def _tables(ddl: str) -> str:
    """Table DDL with every TEXT column compared byte by byte, as SQLite's BINARY collation."""
    return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', ddl)


def _fk(ddl: str) -> str:
    """Every REFERENCES clause deferrable (checked at once unless a transaction defers it)."""
    return re.sub(r"(REFERENCES \w+\s*\([^)]*\))", r"\1 DEFERRABLE INITIALLY IMMEDIATE", ddl)


def _guard(name: str, condition: str, message: str) -> str:
    """A trigger function that refuses when ``condition`` (plpgsql, may read tables) holds."""
    return f"""
        CREATE FUNCTION {SCHEMA}.{name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {condition} THEN
                RAISE EXCEPTION USING MESSAGE = '{message}', ERRCODE = '{_ERR}';
            END IF;
            IF TG_LEVEL = 'STATEMENT' THEN RETURN NULL; END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$;
    """


def _never(table: str, name: str, event: str, message: str, when: str | None = None) -> str:
    """A row trigger that refuses ``event`` (optionally only ``when``) through :func:`refuse`."""
    clause = f" WHEN ({when})" if when else ""
    return (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{clause} "
        f"EXECUTE FUNCTION {SCHEMA}.refuse('{message}');\n"
    )


def _no_truncate(table: str, message: str, function: str | None = None) -> str:
    target = f"{SCHEMA}.{function}()" if function else f"{SCHEMA}.refuse('{message}')"
    return (
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {target};\n"
    )


def _v1_foundation(db: PgDatabase) -> None:
    db.executescript(
        f"""
        CREATE FUNCTION {SCHEMA}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = '{_ERR}';
        END $$;
    """
        + _fk(
            _tables(
                """
        CREATE TABLE meeting (
            id BIGINT PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            date TEXT NOT NULL,
            place TEXT NOT NULL,
            meeting_no BIGINT NOT NULL CHECK (meeting_no BETWEEN 1000 AND 9999),
            secret TEXT NOT NULL,
            audit_salt TEXT NOT NULL,
            settings TEXT NOT NULL DEFAULT '{}',
            desks TEXT NOT NULL DEFAULT '[]',
            register_source TEXT,
            created_at TEXT NOT NULL,
            opened_at TEXT
        );
        CREATE TABLE members (
            code TEXT PRIMARY KEY CHECK (code ~ '^GM[0-9]{4}$'),
            name TEXT NOT NULL,
            province TEXT NOT NULL,
            population BIGINT NOT NULL CHECK (population >= 0),
            votes BIGINT NOT NULL CHECK (votes BETWEEN 1 AND 75)
        );
        """
                + f"""
        CREATE TABLE designations (
            code TEXT PRIMARY KEY REFERENCES members(code),
            name TEXT,
            role TEXT CHECK (role IS NULL OR role IN {ROLES_SQL}),
            email TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE audit (
            seq BIGINT PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            ts TEXT NOT NULL,
            desk TEXT NOT NULL,
            desk_seq BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            object TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (desk, desk_seq)
        );
        CREATE TABLE audit_personal (
            seq BIGINT NOT NULL REFERENCES audit(seq),
            field TEXT NOT NULL,
            salt TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (seq, field)
        );
        """
            )
        )
        + _never("audit", "audit_append_only_u", "UPDATE", "audit entries cannot be changed")
        + _never("audit", "audit_append_only_d", "DELETE", "audit entries cannot be deleted")
        + _no_truncate("audit", "audit entries cannot be deleted")
        + _guard(
            "members_frozen", f"(SELECT opened_at FROM {SCHEMA}.meeting WHERE id = 1) IS NOT NULL", "weights are frozen"
        )
        + f"""
        CREATE TRIGGER members_frozen BEFORE INSERT OR UPDATE OR DELETE ON members
            FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.members_frozen();
        """
        + _no_truncate("members", "", "members_frozen")
        + f"""
        CREATE FUNCTION {SCHEMA}.audit_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('stembalie_changes', NEW.seq::text);
            RETURN NULL;
        END $$;
        CREATE TRIGGER audit_notify AFTER INSERT ON audit FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.audit_notify();
        """
    )


def _v2_desk(db: PgDatabase) -> None:
    db.executescript(
        _fk(
            _tables(f"""
        ALTER TABLE meeting ADD COLUMN supervisor_pin TEXT;
        ALTER TABLE members ADD COLUMN no_vote_reason TEXT;
        CREATE TABLE cards (
            code TEXT NOT NULL REFERENCES members(code),
            version BIGINT NOT NULL CHECK (version BETWEEN 1 AND 99),
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
            serial BIGINT PRIMARY KEY CHECK (serial BETWEEN 1 AND 999999),
            event_id TEXT NOT NULL UNIQUE,
            code TEXT NOT NULL REFERENCES members(code),
            token TEXT NOT NULL UNIQUE,
            holder_name TEXT,
            holder_role TEXT NOT NULL CHECK (holder_role IN {ROLES_SQL}),
            card_version BIGINT,
            manual_reason TEXT,
            desk TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active','away','returned','replaced','undone')),
            status_at TEXT NOT NULL,
            status_reason TEXT,
            replaces BIGINT REFERENCES passes(serial),
            print_state TEXT NOT NULL DEFAULT 'pending' CHECK (print_state IN ('pending','printed','failed')),
            print_error TEXT,
            prints BIGINT NOT NULL DEFAULT 0
        );
        -- The invariant of the day: at most one live pass per municipality.
        CREATE UNIQUE INDEX passes_one_live ON passes(code) WHERE status IN ('active','away');
        """)
        )
    )


def _v3_card_mail(db: PgDatabase) -> None:
    db.executescript(
        _tables("""
        CREATE TABLE card_mail (
            code TEXT NOT NULL REFERENCES members(code) DEFERRABLE INITIALLY IMMEDIATE,
            version BIGINT NOT NULL,
            email TEXT,
            state TEXT NOT NULL CHECK (state IN ('sending','sent','failed')),
            message_id TEXT NOT NULL,
            attempts BIGINT NOT NULL DEFAULT 0,
            error TEXT,
            updated_at TEXT NOT NULL,
            sent_at TEXT,
            PRIMARY KEY (code, version),
            FOREIGN KEY (code, version) REFERENCES cards(code, version) DEFERRABLE INITIALLY IMMEDIATE
        );
        """)
    )


def _v4_votes(db: PgDatabase) -> None:
    tables = _tables("""
        CREATE TABLE agenda (
            id BIGINT PRIMARY KEY CHECK (id = 1),
            title TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            voting_order TEXT,
            source TEXT NOT NULL DEFAULT '',
            sha256 TEXT,
            loaded_at TEXT NOT NULL
        );
        CREATE TABLE agenda_items (
            key TEXT PRIMARY KEY,
            position BIGINT NOT NULL UNIQUE,
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
            secret BIGINT CHECK (secret IS NULL OR secret IN (0, 1)),
            parts TEXT NOT NULL DEFAULT '[]',
            options TEXT NOT NULL DEFAULT '[]',
            reach BIGINT NOT NULL DEFAULT 0 CHECK (reach >= 0),
            placeholder TEXT NOT NULL DEFAULT '[]',
            fictional BIGINT NOT NULL DEFAULT 0 CHECK (fictional IN (0, 1)),
            published_outcome TEXT,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE votes (
            id TEXT PRIMARY KEY,
            number BIGINT NOT NULL UNIQUE,
            item TEXT NOT NULL REFERENCES agenda_items(key),
            part TEXT,
            subject TEXT NOT NULL CHECK (subject IN ('item','as_amended','preadvies')),
            method TEXT NOT NULL CHECK (method IN ('recorded','acclamation')),
            options TEXT NOT NULL,
            rule TEXT NOT NULL,
            base TEXT NOT NULL CHECK (base IN ('abstentions_excluded','abstentions_counted')),
            quorum_votes BIGINT,
            quorum_members BIGINT,
            ballot_method TEXT NOT NULL CHECK (ballot_method IN ('majority','plurality')),
            secret BIGINT NOT NULL CHECK (secret IN (0, 1)),
            status TEXT NOT NULL CHECK (status IN ('open','closed','declared')),
            register_members BIGINT NOT NULL,
            register_weight BIGINT NOT NULL,
            desk TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            supersedes TEXT UNIQUE REFERENCES votes(id),
            superseded_by TEXT UNIQUE REFERENCES votes(id)
        );
        CREATE UNIQUE INDEX votes_one_open ON votes(status) WHERE status = 'open';
        CREATE TABLE vote_snapshot (
            vote_id TEXT NOT NULL REFERENCES votes(id),
            code TEXT NOT NULL REFERENCES members(code),
            pass_serial BIGINT REFERENCES passes(serial),
            weight BIGINT NOT NULL CHECK (weight BETWEEN 1 AND 75),
            PRIMARY KEY (vote_id, code),
            UNIQUE (vote_id, pass_serial)
        );
        CREATE TABLE vote_records (
            seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            vote_id TEXT NOT NULL,
            n BIGINT NOT NULL,
            code TEXT NOT NULL,
            pass_serial BIGINT,
            choice TEXT,
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
            members BIGINT NOT NULL CHECK (members >= 0),
            weight BIGINT NOT NULL CHECK (weight >= 0),
            PRIMARY KEY (vote_id, choice)
        );
        CREATE TABLE vote_declarations (
            vote_id TEXT PRIMARY KEY REFERENCES votes(id),
            adopted BIGINT NOT NULL CHECK (adopted IN (0, 1)),
            winner TEXT,
            statement TEXT NOT NULL DEFAULT '',
            computed TEXT,
            at TEXT NOT NULL,
            desk TEXT NOT NULL,
            actor TEXT NOT NULL
        );
    """)
    s = SCHEMA
    not_open = "IS DISTINCT FROM 'open'"
    db.executescript(
        _fk(tables)
        + _guard(
            "vote_records_only_open",
            f"(SELECT status FROM {s}.votes WHERE id = NEW.vote_id) {not_open}",
            "vote is not open",
        )
        + _guard(
            "vote_records_secret",
            f"NEW.choice IS NOT NULL AND (SELECT secret FROM {s}.votes WHERE id = NEW.vote_id) = 1",
            "a secret vote keeps no choice per member",
        )
        + _guard(
            "vote_records_public",
            f"NEW.choice IS NULL AND (SELECT secret FROM {s}.votes WHERE id = NEW.vote_id) = 0",
            "a public vote records the choice",
        )
        + _guard(
            "vote_secret_totals_only_open_i",
            f"(SELECT status FROM {s}.votes WHERE id = NEW.vote_id) {not_open}",
            "vote is not open",
        )
        + _guard(
            "vote_secret_totals_only_open_u",
            f"(SELECT status FROM {s}.votes WHERE id = OLD.vote_id) {not_open}",
            "vote is not open",
        )
        + _guard(
            "agenda_items_voted_u",
            f"EXISTS (SELECT 1 FROM {s}.votes WHERE item = OLD.key)",
            "an item that was voted on cannot be changed",
        )
        + _guard(
            "agenda_items_voted_d",
            f"EXISTS (SELECT 1 FROM {s}.votes)",
            "the agenda cannot be replaced once votes exist",
        )
        + f"""
        CREATE TRIGGER vote_records_only_open BEFORE INSERT ON vote_records
            FOR EACH ROW EXECUTE FUNCTION {s}.vote_records_only_open();
        CREATE TRIGGER vote_records_secret BEFORE INSERT ON vote_records
            FOR EACH ROW EXECUTE FUNCTION {s}.vote_records_secret();
        CREATE TRIGGER vote_records_public BEFORE INSERT ON vote_records
            FOR EACH ROW EXECUTE FUNCTION {s}.vote_records_public();
        CREATE TRIGGER vote_secret_totals_only_open_i BEFORE INSERT ON vote_secret_totals
            FOR EACH ROW EXECUTE FUNCTION {s}.vote_secret_totals_only_open_i();
        CREATE TRIGGER vote_secret_totals_only_open_u BEFORE UPDATE ON vote_secret_totals
            FOR EACH ROW EXECUTE FUNCTION {s}.vote_secret_totals_only_open_u();
        CREATE TRIGGER agenda_items_voted_u BEFORE UPDATE ON agenda_items
            FOR EACH ROW EXECUTE FUNCTION {s}.agenda_items_voted_u();
        CREATE TRIGGER agenda_items_voted_d BEFORE DELETE ON agenda_items
            FOR EACH ROW EXECUTE FUNCTION {s}.agenda_items_voted_d();
        """
        + _no_truncate("agenda_items", "", "agenda_items_voted_d")
        + _never("vote_records", "vote_records_no_u", "UPDATE", "recorded choices cannot be changed")
        + _never("vote_records", "vote_records_no_d", "DELETE", "recorded choices cannot be deleted")
        + _no_truncate("vote_records", "recorded choices cannot be deleted")
        + _never("vote_snapshot", "vote_snapshot_no_u", "UPDATE", "a vote snapshot cannot be changed")
        + _never("vote_snapshot", "vote_snapshot_no_d", "DELETE", "a vote snapshot cannot be deleted")
        + _no_truncate("vote_snapshot", "a vote snapshot cannot be deleted")
        + _never("vote_secret_totals", "vote_secret_totals_no_d", "DELETE", "vote totals cannot be deleted")
        + _no_truncate("vote_secret_totals", "vote totals cannot be deleted")
        + _never("votes", "votes_no_d", "DELETE", "votes cannot be deleted")
        + _no_truncate("votes", "votes cannot be deleted")
        + _never(
            "votes",
            "votes_forward",
            "UPDATE OF status",
            "a vote status only moves forward",
            "NOT (OLD.status = NEW.status OR (OLD.status = 'open' AND NEW.status = 'closed') "
            "OR (OLD.status = 'closed' AND NEW.status = 'declared'))",
        )
        + _never(
            "votes",
            "votes_fixed",
            "UPDATE",
            "what a vote was about cannot be changed",
            "NEW.id IS DISTINCT FROM OLD.id OR NEW.item IS DISTINCT FROM OLD.item "
            "OR NEW.part IS DISTINCT FROM OLD.part OR NEW.options IS DISTINCT FROM OLD.options "
            "OR NEW.rule IS DISTINCT FROM OLD.rule OR NEW.base IS DISTINCT FROM OLD.base "
            "OR NEW.secret IS DISTINCT FROM OLD.secret OR NEW.opened_at IS DISTINCT FROM OLD.opened_at "
            "OR (OLD.superseded_by IS NOT NULL AND NEW.superseded_by IS DISTINCT FROM OLD.superseded_by)",
        )
        + _never("vote_declarations", "vote_declarations_no_u", "UPDATE", "a declared result cannot be changed")
        + _never("vote_declarations", "vote_declarations_no_d", "DELETE", "a declared result cannot be deleted")
        + _no_truncate("vote_declarations", "a declared result cannot be deleted")
    )


def _v5_guards(db: PgDatabase) -> None:
    s = SCHEMA
    d = "IS DISTINCT FROM"
    db.executescript(
        _never("passes", "passes_no_d", "DELETE", "a voting pass cannot be deleted")
        + _no_truncate("passes", "a voting pass cannot be deleted")
        + _never(
            "passes",
            "passes_fixed",
            "UPDATE",
            "who holds a voting pass, and for which municipality, cannot be changed",
            f"NEW.serial {d} OLD.serial OR NEW.event_id {d} OLD.event_id OR NEW.code {d} OLD.code "
            f"OR NEW.token {d} OLD.token OR NEW.holder_role {d} OLD.holder_role "
            f"OR NEW.card_version {d} OLD.card_version OR NEW.manual_reason {d} OLD.manual_reason "
            f"OR NEW.desk {d} OLD.desk OR NEW.issued_at {d} OLD.issued_at OR NEW.replaces {d} OLD.replaces "
            f"OR (NEW.holder_name {d} OLD.holder_name AND NEW.holder_name IS NOT NULL)",
        )
        + _never(
            "passes",
            "passes_status",
            "UPDATE OF status",
            "this change of a voting pass status is not allowed",
            "NOT (NEW.status = OLD.status "
            "OR (OLD.status = 'active' AND NEW.status IN ('away', 'returned', 'replaced', 'undone')) "
            "OR (OLD.status = 'away' AND NEW.status IN ('active', 'returned', 'replaced', 'undone')))",
        )
        + _never("cards", "cards_no_d", "DELETE", "a voting card cannot be deleted")
        + _no_truncate("cards", "a voting card cannot be deleted")
        + _never(
            "cards",
            "cards_fixed",
            "UPDATE",
            "a voting card cannot be changed, only revoked once",
            f"NEW.code {d} OLD.code OR NEW.version {d} OLD.version OR NEW.token {d} OLD.token "
            f"OR NEW.issued_at {d} OLD.issued_at OR NEW.issued_by {d} OLD.issued_by "
            f"OR NEW.reason {d} OLD.reason OR OLD.revoked_at IS NOT NULL",
        )
        + _never("meeting", "meeting_no_d", "DELETE", "the meeting cannot be deleted")
        + _no_truncate("meeting", "the meeting cannot be deleted")
        + _never(
            "meeting",
            "meeting_fixed",
            "UPDATE",
            "the meeting number, secret and opening cannot be changed",
            f"NEW.id {d} OLD.id OR NEW.meeting_no {d} OLD.meeting_no OR NEW.secret {d} OLD.secret "
            f"OR NEW.audit_salt {d} OLD.audit_salt OR NEW.created_at {d} OLD.created_at "
            f"OR (OLD.opened_at IS NOT NULL AND NEW.opened_at {d} OLD.opened_at)",
        )
        + _guard(
            "designations_open_d",
            f"(SELECT opened_at FROM {s}.meeting WHERE id = 1) IS NOT NULL",
            "designations cannot be deleted once the meeting is open",
        )
        + f"""
        CREATE TRIGGER designations_open_d BEFORE DELETE ON designations
            FOR EACH ROW EXECUTE FUNCTION {s}.designations_open_d();
        """
        + _no_truncate("designations", "", "designations_open_d")
        + _never(
            "audit_personal",
            "audit_personal_no_u",
            "UPDATE",
            "a committed personal value can only be erased, not changed",
        )
    )


def _v6_desk_log(db: PgDatabase) -> None:
    db.executescript(
        _tables("""
        CREATE TABLE desk_log (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            ts TEXT NOT NULL,
            desk TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('scan.refused', 'pin.wrong', 'pin.locked', 'pin.ok')),
            reason TEXT NOT NULL,
            digest TEXT CHECK (digest IS NULL OR digest ~ '^[0-9a-f]{64}$')
        );
        CREATE INDEX desk_log_kind ON desk_log (kind, id);
        """)
        + _never("desk_log", "desk_log_no_u", "UPDATE", "the desk log cannot be changed")
        + _never("desk_log", "desk_log_no_d", "DELETE", "the desk log cannot be deleted")
        + _no_truncate("desk_log", "the desk log cannot be deleted")
    )


Migration = Callable[["PgDatabase"], None]

# Append new migrations at the end, one line each, in step with storage/migrations.py.
MIGRATIONS: list[Migration] = [
    _v1_foundation,
    _v2_desk,
    _v3_card_mail,
    _v4_votes,
    _v5_guards,
    _v6_desk_log,
]

#: Tables whose SQLite row id became an identity column here: after a verbatim copy their
#: sequences must continue after the highest id copied.
IDENTITY_COLUMNS = {"vote_records": "seq", "desk_log": "id"}


def _version(db: PgStore | PgDatabase) -> int:
    rows = db.query(
        "SELECT 1 AS x FROM information_schema.tables WHERE table_schema = ? AND table_name = 'schema_version'",
        (SCHEMA,),
    )
    if not rows:
        return 0
    found = db.query(f"SELECT version FROM {SCHEMA}.schema_version WHERE id = 1", ())  # noqa: S608 - fixed name
    return int(found[0]["version"]) if found else 0


def current_version(store: PgStore) -> int:
    """The schema version of the meeting on the server; 0 when the database holds none yet."""
    return _version(store)


def _start(db: PgDatabase) -> None:
    db.executescript(
        f"CREATE SCHEMA IF NOT EXISTS {SCHEMA};\n"
        f"CREATE TABLE {SCHEMA}.schema_version (id INT PRIMARY KEY CHECK (id = 1), version INT NOT NULL);\n"
        f"INSERT INTO {SCHEMA}.schema_version VALUES (1, 0);\n"
    )


def _apply(db: PgDatabase, target: int) -> None:
    MIGRATIONS[target - 1](db)
    db.execute(f"UPDATE {SCHEMA}.schema_version SET version = ? WHERE id = 1", (target,))  # noqa: S608


def migrate(store: PgStore, *, create: bool = False) -> int:
    """Apply every pending migration, each in its own transaction with its version bump.

    Each runs under the meeting lock and reads the version again there, so two desks opening a
    fresh server at once apply each migration once. Without ``create`` an empty database is
    refused (``store.server_empty``).
    """
    from desk_app.storage.db import store_error

    version = current_version(store)
    if version == 0 and not create:
        raise store_error("store.server_empty", store.target)
    if version > len(MIGRATIONS):
        raise store_error("store.too_new", store.target, found=version, known=len(MIGRATIONS))
    for target in range(version + 1, len(MIGRATIONS) + 1):
        with store.transaction() as db:
            now = _version(db)
            if now >= target:
                continue
            if now == 0:
                _start(db)
            _apply(db, target)
    return len(MIGRATIONS)


def reinstall(db: PgDatabase) -> None:
    """Drop the meeting's schema with everything in it and make it anew at the current version,
    inside the caller's transaction (``server push`` replacing a meeting without activity)."""
    db.executescript(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE;")
    _start(db)
    for target in range(1, len(MIGRATIONS) + 1):
        _apply(db, target)


def version_in(db: PgDatabase) -> int:
    """The schema version as seen inside a transaction."""
    return _version(db)
