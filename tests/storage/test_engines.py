"""The two engines behind the one seam: the same refusals from the schema, and the server's own edges.

* Every guard of the schema (migrations v1..v6: frozen weights, append-only audit, one live pass
  per municipality, one open vote, records only into an open vote, fixed votes, passes, cards,
  the meeting row, the desk log, CHECKs) refuses the same forbidden write with the same words
  on the SQLite file and on the meeting server (``[sqlite]`` and ``[postgresql]`` of one test).
* The seam's own pieces: placeholders, the dialect functions, the migration lists in step.
* The server's edges: no server, a refused login, an empty database, a busy meeting lock, a
  session the server ended, TRUNCATE, the audit trigger's notification and the listener.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from desk_app.domain.vote import open_vote
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage import audit, migrations, pg_schema
from desk_app.storage import cards as cards_repo
from desk_app.storage import votes as votes_repo
from desk_app.storage.db import Store, StoreError
from desk_app.storage.pg import MEETING_LOCK, PgStore, classify
from desk_app.storage.sql import IntegrityErrors, columns, foreign_keys_to, has_table, primary_key, tables, to_pyformat
from desk_app.storage.transfer import row_counts
from tests.export.scripted import ROT, run_meeting
from tests.meeting_server import MeetingServer

V2 = "(SELECT id FROM votes WHERE item = '2')"  # secret, declared
V3 = "(SELECT id FROM votes WHERE item = '3')"  # public, declared
UNDONE = "(SELECT MIN(serial) FROM passes WHERE status = 'undone')"
ACTIVE = f"(SELECT serial FROM passes WHERE code = '{ROT}' AND status = 'active')"

# Each write the schema refuses, and the words it refuses with (the same on both engines, except
# where the engine words a UNIQUE or CHECK itself: then both spellings are named).
FORBIDDEN: list[tuple[str, str]] = [
    # v1: the audit trail is append-only; the weights are frozen once the meeting opened
    ("UPDATE audit SET actor = 'iemand' WHERE seq = 1", "audit entries cannot be changed"),
    ("DELETE FROM audit WHERE seq = 1", "audit entries cannot be deleted"),
    ("UPDATE members SET votes = 75 WHERE code = 'GM0088'", "weights are frozen"),
    (
        "INSERT INTO members (code, name, province, population, votes) VALUES ('GM9999', 'x', 'y', 1000, 1)",
        "weights are frozen",
    ),
    ("DELETE FROM members WHERE code = 'GM0096'", "weights are frozen"),
    # v2: one live pass per municipality, one current card per municipality
    (
        "INSERT INTO passes (serial, event_id, code, token, holder_role, desk, issued_at, status, status_at) "
        f"VALUES (9999, 'ev-x', '{ROT}', 'tok-x', 'raadslid', 'd', 't', 'active', 't')",
        r"passes\.code|passes_one_live",
    ),
    (
        "INSERT INTO cards (code, version, token, issued_at, issued_by) VALUES ('GM0363', 9, 'tok-c', 't', 'b')",
        r"cards\.code|cards_one_current",
    ),
    # v4: votes are a record
    (
        "INSERT INTO vote_records (vote_id, n, code, choice, at, desk, actor, event_id) "
        f"VALUES ({V3}, 99, 'GM0363', 'voor', 't', 'd', 'a', 'ev-r1')",
        "vote is not open",
    ),
    (
        "INSERT INTO vote_records (vote_id, n, code, choice, at, desk, actor, event_id) "
        "VALUES ('x1', 1, 'GM0363', NULL, 't', 'd', 'a', 'ev-r2')",
        "a public vote records the choice",
    ),
    (f"UPDATE vote_records SET choice = 'tegen' WHERE vote_id = {V3}", "recorded choices cannot be changed"),
    (f"DELETE FROM vote_records WHERE vote_id = {V3}", "recorded choices cannot be deleted"),
    (f"UPDATE vote_snapshot SET weight = 2 WHERE vote_id = {V3}", "a vote snapshot cannot be changed"),
    (f"DELETE FROM vote_snapshot WHERE vote_id = {V3}", "a vote snapshot cannot be deleted"),
    (f"INSERT INTO vote_secret_totals (vote_id, choice, members, weight) VALUES ({V2}, 'x', 1, 1)", "vote is not open"),
    (f"UPDATE vote_secret_totals SET members = 9 WHERE vote_id = {V2}", "vote is not open"),
    (f"DELETE FROM vote_secret_totals WHERE vote_id = {V2}", "vote totals cannot be deleted"),
    ("DELETE FROM votes WHERE id = 'x1'", "votes cannot be deleted"),
    (f"UPDATE votes SET status = 'open' WHERE id = {V3}", "a vote status only moves forward"),
    ("UPDATE votes SET status = 'declared' WHERE id = 'x1'", "a vote status only moves forward"),
    ("UPDATE votes SET rule = 'two_thirds' WHERE id = 'x1'", "what a vote was about cannot be changed"),
    (
        "INSERT INTO votes (id, number, item, subject, method, options, rule, base, ballot_method, secret, status, "
        "register_members, register_weight, desk, opened_by, opened_at) VALUES ('x2', 98, '1', 'item', 'recorded', "
        "'[]', 'simple', 'abstentions_excluded', 'majority', 0, 'open', 1, 1, 'd', 'a', 't')",
        r"votes\.status|votes_one_open",
    ),
    (f"UPDATE vote_declarations SET adopted = 0 WHERE vote_id = {V3}", "a declared result cannot be changed"),
    (f"DELETE FROM vote_declarations WHERE vote_id = {V3}", "a declared result cannot be deleted"),
    ("UPDATE agenda_items SET title = 'x' WHERE key = '3'", "an item that was voted on cannot be changed"),
    ("DELETE FROM agenda_items WHERE key = '6'", "the agenda cannot be replaced once votes exist"),
    # v5: passes, cards, the meeting row, designations, committed personal values
    (f"DELETE FROM passes WHERE serial = {ACTIVE}", "a voting pass cannot be deleted"),
    (f"UPDATE passes SET code = 'GM0014' WHERE serial = {ACTIVE}", "who holds a voting pass"),
    (f"UPDATE passes SET status = 'active' WHERE serial = {UNDONE}", "this change of a voting pass status"),
    ("DELETE FROM cards WHERE code = 'GM0363'", "a voting card cannot be deleted"),
    ("UPDATE cards SET reason = 'x' WHERE code = 'GM0363' AND version = 1", "only revoked once"),
    ("DELETE FROM meeting", "the meeting cannot be deleted"),
    ("UPDATE meeting SET secret = 'abab'", "the meeting number, secret and opening cannot be changed"),
    ("UPDATE meeting SET opened_at = NULL", "the meeting number, secret and opening cannot be changed"),
    ("DELETE FROM designations WHERE code = 'GM0014'", "designations cannot be deleted once the meeting is open"),
    ("UPDATE audit_personal SET value = 'x'", "a committed personal value can only be erased"),
    # v6: the desk log is append-only
    ("UPDATE desk_log SET reason = 'x'", "the desk log cannot be changed"),
    ("DELETE FROM desk_log", "the desk log cannot be deleted"),
    # CHECKs (GLOB on SQLite, a regular expression on PostgreSQL)
    (
        "INSERT INTO desk_log (ts, desk, kind, reason, digest) VALUES ('t', 'd', 'scan.refused', 'r', 'XYZ')",
        "(?i)check constraint",
    ),
    ("UPDATE designations SET role = 'ambtenaar' WHERE code = 'GM0014'", "(?i)check constraint"),
]


@pytest.fixture
def full(meeting: MeetingService, tmp_path: Path) -> MeetingService:
    """A meeting with a bit of everything: opened, passes in every state, every kind of vote, an
    open vote, a revoked card and its successor, a refused scan in the desk log."""
    scripted = run_meeting(meeting, tmp_path)
    scripted.desk.scan("hallo")  # refused: one row in the desk log
    store = meeting.store
    with store.transaction() as db:
        cards_repo.insert_card(db, "GM0363", 1, "tok-1", "t", "b", "")
        cards_repo.revoke_current(db, "GM0363", "t", "b", "verloren")
        cards_repo.insert_card(db, "GM0363", 2, "tok-2", "t", "b", "verloren")
        votes_repo.insert_vote(
            db,
            open_vote("x1", "1", None, [(None, "GM0363")], votes_repo.register_weights(db)),
            number=97,
            desk="d",
            actor="a",
        )
    return meeting


def test_both_engines_refuse_the_same_forbidden_writes(full: MeetingService) -> None:
    """One meeting per engine, every forbidden write tried on it in a transaction of its own."""
    store = full.store
    counts, head = row_counts(store, tables(store)), audit.head(store)
    wrong: list[str] = []
    for sql, words in FORBIDDEN:
        try:
            with store.transaction() as db:
                db.execute(sql)
        except IntegrityErrors as exc:
            if not re.search(words, str(exc)):
                wrong.append(f"{sql}\n  refused with {exc!s:.200}, expected /{words}/")
        else:
            wrong.append(f"{sql}\n  was accepted")
    assert not wrong, "\n".join(wrong)
    assert row_counts(store, tables(store)) == counts and audit.head(store) == head  # nothing changed


def test_the_schema_describes_itself_alike(meeting: MeetingService) -> None:
    store = meeting.store
    assert {"meeting", "members", "audit", "passes", "votes", "vote_records", "desk_log"} <= set(tables(store))
    assert "schema_version" not in tables(store) or store.engine == "postgresql"
    assert columns(store, "audit")[:3] == ["seq", "event_id", "ts"]
    assert primary_key(store, "card_mail") == ["code", "version"] and primary_key(store, "audit") == ["seq"]
    linked = {(t, c) for t, c, _ref in foreign_keys_to(store, "members")}
    assert {("designations", "code"), ("passes", "code"), ("cards", "code"), ("vote_snapshot", "code")} <= linked
    assert has_table(store, "desk_log") and not has_table(store, "nope")


def test_the_migration_lists_are_in_step() -> None:
    """A schema change is made on both engines or not at all (add the PostgreSQL one in pg_schema)."""
    assert len(pg_schema.MIGRATIONS) == len(migrations.MIGRATIONS)


@pytest.mark.parametrize(
    ("sqlite", "psycopg_"),
    [
        ("SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = %s AND b = %s"),
        ("INSERT INTO t VALUES (:seq, :event_id)", "INSERT INTO t VALUES (%(seq)s, %(event_id)s)"),
        ("SELECT 1 WHERE action LIKE 'vote.%'", "SELECT 1 WHERE action LIKE 'vote.%%'"),
        ("SELECT '?', ':x', 'it''s ?' FROM t WHERE x = ?", "SELECT '?', ':x', 'it''s ?' FROM t WHERE x = %s"),
        (
            "SELECT n::text FROM t -- why? :x 100%\nWHERE y = :y",
            "SELECT n::text FROM t -- why? :x 100%%\nWHERE y = %(y)s",
        ),
        ('SELECT "a?b" FROM t', 'SELECT "a?b" FROM t'),
    ],
)
def test_placeholders_become_psycopgs(sqlite: str, psycopg_: str) -> None:
    assert to_pyformat(sqlite) == psycopg_


# --- the server's own edges --------------------------------------------------------------------------


def on_formation(test):  # type: ignore[no-untyped-def]
    """A test of the server alone: the formation's worker runs it (see tests/conftest.py)."""
    return pytest.mark.xdist_group("formation-data")(pytest.mark.server(test))


@pytest.fixture
def on_server(meeting_server: MeetingServer) -> Iterator[str]:
    dsn = meeting_server.new_meeting()
    yield dsn
    meeting_server.drop(dsn)


@pytest.mark.parametrize(
    "address",
    [
        "postgresql://stembalie@127.0.0.1:1/stembalie?connect_timeout=2",
        "postgresql://stembalie@no-such-host.invalid:5432/stembalie?connect_timeout=2",
    ],
)
def test_no_server_is_a_clear_refusal(address: str) -> None:
    with pytest.raises(StoreError) as info:
        Store.open(address)
    assert info.value.code == "store.no_server"
    assert info.value.message("nl").startswith("Geen verbinding met de vergaderserver (postgresql://stembalie@")
    assert "No connection to the meeting server" in info.value.message("en")


@on_formation
def test_a_refused_login_and_an_empty_server_say_so(meeting_server: MeetingServer) -> None:
    dsn = meeting_server.empty_database()
    try:
        wrong = dsn.replace(f":{meeting_server.formation.app_password}@", ":wrong@")
        with pytest.raises(StoreError) as info:
            Store.open(wrong)
        assert info.value.code == "store.server_auth" and "wrong" not in info.value.message("nl")
        with pytest.raises(StoreError) as info:
            Store.open(dsn)
        assert info.value.code == "store.server_empty" and "server push" in info.value.message("nl")
        with Store.open(dsn, create=True) as store:  # a new meeting's schema, at the current version
            assert pg_schema.current_version(store) == len(migrations.MIGRATIONS)  # type: ignore[arg-type]
    finally:
        meeting_server.drop(dsn)


@on_formation
def test_a_meeting_lock_held_too_long_is_busy_not_a_hang(on_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("desk_app.storage.pg.BUSY_TIMEOUT_MS", 300)
    other = psycopg.connect(on_server)  # another desk, stuck inside its transaction
    other.execute("SELECT pg_advisory_xact_lock(%s)", (MEETING_LOCK,))
    try:
        with Store.open(on_server) as store:
            with pytest.raises(StoreError) as info, store.transaction() as db:
                db.execute("UPDATE meeting SET place = 'x'")
            assert info.value.code == "store.locked"
            assert store.query("SELECT place FROM meeting")[0]["place"] != "x"  # reading needs no lock
    finally:
        other.rollback()
        other.close()


@on_formation
def test_a_session_the_server_ended_is_replaced_between_transactions(on_server: str) -> None:
    with Store.open(on_server) as store:
        assert isinstance(store, PgStore)
        pid = store.query("SELECT pg_backend_pid() AS pid")[0]["pid"]
        with psycopg.connect(on_server, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        assert store.query("SELECT COUNT(*) AS n FROM members")[0]["n"] == 342  # read again on a new session
        pid = store.query("SELECT pg_backend_pid() AS pid")[0]["pid"]
        with psycopg.connect(on_server, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with store.transaction() as db:  # BEGIN on a dead session: nothing was done yet, so again
            db.execute("UPDATE designations SET updated_at = updated_at WHERE code = 'GM0014'")


@on_formation
def test_truncate_is_refused_where_delete_is(on_server: str) -> None:
    with Store.open(on_server) as store:
        for table in ("audit", "members", "meeting", "passes", "votes", "vote_records", "desk_log", "cards"):
            with pytest.raises(IntegrityErrors), store.transaction() as db:
                db.execute(f"TRUNCATE {table} CASCADE")
        assert audit.verify(store).ok


@on_formation
def test_each_audit_entry_is_announced_and_the_listener_hears_it(on_server: str) -> None:
    listener = psycopg.connect(on_server, autocommit=True)
    listener.execute("LISTEN stembalie_changes")
    heard = threading.Event()
    with Store.open(on_server) as store, Store.open(on_server) as other:
        stop = store.listen(heard.set)
        try:
            assert heard.wait(10)  # once when it starts listening: whatever came before it
            heard.clear()
            meeting = MeetingService(other, Actor("balie-2", "test"))
            meeting.set_designation("GM0014", name="A. B", role="wethouder", email=None)
            assert heard.wait(10)  # pushed: nobody polled
            seq = audit.head(other).seq
        finally:
            stop()
    payloads = [n.payload for n in listener.notifies(timeout=2, stop_after=1)]
    listener.close()
    assert payloads == [str(seq)]


def test_server_errors_are_classified() -> None:
    target = "postgresql://stembalie@alv-a:5432/stembalie"
    assert classify(psycopg.errors.LockNotAvailable("x"), target).code == "store.locked"  # type: ignore[union-attr]
    assert classify(psycopg.errors.SerializationFailure("x"), target).code == "store.locked"  # type: ignore[union-attr]
    assert classify(psycopg.errors.ReadOnlySqlTransaction("x"), target).code == "store.no_primary"  # type: ignore[union-attr]
    assert classify(psycopg.errors.DiskFull("x"), target).code == "store.full"  # type: ignore[union-attr]
    lost = psycopg.OperationalError("server closed the connection unexpectedly")
    assert classify(lost, target).code == "store.no_server"  # type: ignore[union-attr]
    assert classify(lost, target, committing=True).code == "store.connection_lost"  # type: ignore[union-attr]
    refused = psycopg.OperationalError("connection failed: password authentication failed for user")
    assert classify(refused, target, connecting=True).code == "store.server_auth"  # type: ignore[union-attr]
    # A statement the server refused is not a connection problem: it goes up as it is.
    assert classify(psycopg.errors.ObjectInUse("pending trigger events"), target) is None
    assert classify(psycopg.errors.UniqueViolation("dup"), target) is None
    assert classify(ValueError("x"), target) is None
