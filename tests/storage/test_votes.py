"""The vote tables on both engines: round trips, and the rules the store itself enforces."""

from __future__ import annotations

import pytest

from desk_app.domain.agenda import load_agenda
from desk_app.domain.tally import Choice, Count, ballot_choices
from desk_app.domain.vote import Declaration, Vote, acclaim, open_vote
from desk_app.services.meeting import MeetingService
from desk_app.storage import votes as repo
from desk_app.storage.db import Store
from desk_app.storage.sql import IntegrityErrors
from tests.helpers import REPO

DEMO_AGENDA = REPO / "resources" / "demo" / "agenda-extra-alv-2024-05-24.toml"
V, T, A = Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING
# No passes in these tests: the snapshot carries members without a pass ("present only" off).
PRESENT = {(None, "GM0363"), (None, "GM0088"), (None, "GM0153")}


@pytest.fixture
def store(meeting: MeetingService) -> Store:
    with meeting.store.transaction() as db:
        repo.replace_agenda(db, load_agenda(DEMO_AGENDA), source="demo", sha256=None, ts="t0")
    return meeting.store


def save(store: Store, vote: Vote, number: int = 1) -> None:
    with store.transaction() as db:
        repo.insert_vote(db, vote, number=number, desk="tafel", actor="t")


def test_agenda_round_trip(store: Store) -> None:
    assert repo.load_agenda(store) == load_agenda(DEMO_AGENDA)


def test_vote_round_trip_with_history_and_declaration(store: Store) -> None:
    weights = repo.register_weights(store)
    assert len(weights) == 342 and weights["GM0363"] == 75
    vote = open_vote("v1", "4", None, PRESENT, weights, at="t1")
    save(store, vote)
    vote = vote.record(V, code="GM0363", at="t2", event_id="e1")
    vote = vote.record(T, code="GM0363", at="t3", event_id="e2")
    vote = vote.record(A, code="GM0088", at="t4", event_id="e3")
    with store.transaction() as db:
        for r in vote.records:
            repo.append_record(db, vote.id, r, desk="tafel", actor="t")
    vote = vote.close("t5")
    with store.transaction() as db:
        repo.set_closed(db, vote.id, "t5")
    vote = vote.declare(Declaration(False, "verworpen", at="t6"))
    with store.transaction() as db:
        repo.insert_declaration(
            db,
            vote.id,
            vote.declaration,  # type: ignore[arg-type]
            computed=None,
            desk="tafel",
            actor="t",
        )
        repo.set_declared(db, vote.id)
    loaded = repo.load_vote(store, "v1")
    assert loaded == vote
    result = loaded.tally()
    assert result is not None and result.register == Count(342, 13_111)
    assert result.count(T) == Count(1, 75) and result.not_voted == Count(1, 75)


def test_secret_ballot_round_trip(store: Store) -> None:
    vote = open_vote("s1", "2", None, PRESENT, repo.register_weights(store), options=ballot_choices(3), secret=True)
    save(store, vote)
    vote = vote.record(ballot_choices(3)[1], code="GM0363", event_id="e1")
    with store.transaction() as db:
        repo.append_record(db, vote.id, vote.records[-1], desk="d", actor="a")
        for choice, count in vote.secret_totals.items():
            repo.set_secret_total(db, vote.id, choice, count)
    assert repo.load_vote(store, "s1") == vote


def test_acclamation_round_trip(store: Store) -> None:
    vote = acclaim(
        "a1", "2", None, PRESENT, repo.register_weights(store), statement="aangenomen per acclamatie", at="t"
    )
    save(store, vote)
    assert repo.load_vote(store, "a1") == vote


def raw(store: Store, sql: str, params: tuple[object, ...] = ()) -> None:
    with store.transaction() as db:
        db.execute(sql, params)


def test_the_store_refuses_what_the_rules_forbid(store: Store) -> None:
    vote = open_vote("v1", "4", None, PRESENT, repo.register_weights(store), at="t1")
    save(store, vote)
    vote = vote.record(V, code="GM0363", event_id="e1")
    with store.transaction() as db:
        repo.append_record(db, vote.id, vote.records[-1], desk="d", actor="a")

    refusals = [
        ("UPDATE vote_records SET choice = 'tegen'", "cannot be changed"),
        ("DELETE FROM vote_records", "cannot be deleted"),
        ("UPDATE vote_snapshot SET weight = 2", "cannot be changed"),
        ("DELETE FROM votes", "cannot be deleted"),
        ("UPDATE votes SET rule = 'two_thirds'", "cannot be changed"),
        ("DELETE FROM agenda_items", "cannot be replaced"),
        ("UPDATE agenda_items SET title = 'x' WHERE key = '4'", "cannot be changed"),
        ("UPDATE votes SET status = 'declared'", "only moves forward"),  # skips the close
        # A choice for a municipality outside the snapshot:
        (
            "INSERT INTO vote_records (vote_id, n, code, choice, at, desk, actor, event_id) "
            "VALUES ('v1', 2, 'GM0479', 'voor', 't', 'd', 'a', 'e2')",
            "(?i)foreign key",
        ),
        # A public vote must keep the choice:
        (
            "INSERT INTO vote_records (vote_id, n, code, choice, at, desk, actor, event_id) "
            "VALUES ('v1', 2, 'GM0088', NULL, 't', 'd', 'a', 'e3')",
            "records the choice",
        ),
    ]
    for sql, message in refusals:
        with pytest.raises(IntegrityErrors, match=message):
            raw(store, sql)

    raw(store, "UPDATE votes SET status = 'closed', closed_at = 't9'")
    with pytest.raises(IntegrityErrors, match="not open"):
        raw(
            store,
            "INSERT INTO vote_records (vote_id, n, code, choice, at, desk, actor, "
            "event_id) VALUES ('v1', 2, 'GM0088', 'voor', 't', 'd', 'a', 'e4')",
        )
    with pytest.raises(IntegrityErrors, match="only moves forward"):
        raw(store, "UPDATE votes SET status = 'open'")
    loaded = repo.load_vote(store, "v1")
    assert loaded is not None and len(loaded.records) == 1


def test_one_open_vote_and_no_choice_in_a_secret_vote(store: Store) -> None:
    weights = repo.register_weights(store)
    save(store, open_vote("s1", "2", None, PRESENT, weights, secret=True))
    with pytest.raises(IntegrityErrors):
        save(store, open_vote("v2", "4", None, PRESENT, weights), number=2)
    with pytest.raises(IntegrityErrors, match="no choice per member"):
        raw(
            store,
            "INSERT INTO vote_records (vote_id, n, code, choice, at, desk, actor, "
            "event_id) VALUES ('s1', 1, 'GM0088', 'voor', 't', 'd', 'a', 'e1')",
        )


def test_the_list_of_votes_is_one_query_with_declarations_and_names_the_undeclared(store: Store) -> None:
    weights = repo.register_weights(store)
    declared = open_vote("v1", "4", None, PRESENT, weights, at="t1").close("t2")
    declared = declared.declare(Declaration(True, "aangenomen met 100,00%", at="t3"))
    undeclared = open_vote("v2", "4.M1", None, PRESENT, weights, at="t4")
    save(store, open_vote("v1", "4", None, PRESENT, weights, at="t1"), number=1)
    with store.transaction() as db:
        repo.set_closed(db, "v1", "t2")
        repo.insert_declaration(
            db,
            "v1",
            declared.declaration,  # type: ignore[arg-type]
            computed=None,
            desk="tafel",
            actor="t",
        )
        repo.set_declared(db, "v1")
    save(store, undeclared, number=2)
    with store.transaction() as db:
        repo.set_closed(db, "v2", "t5")
    queries: list[str] = []
    if store.engine == "sqlite":  # every statement the connection runs
        store.conn.set_trace_callback(queries.append)  # type: ignore[attr-defined]
        try:
            rows = repo.list_votes(store)
        finally:
            store.conn.set_trace_callback(None)  # type: ignore[attr-defined]
    else:  # every query the repository asks the store for
        query = store.query
        store.query = lambda sql, params=(): queries.append(sql) or query(sql, params)  # type: ignore[method-assign]
        try:
            rows = repo.list_votes(store)
        finally:
            del store.query
    assert len([q for q in queries if q.lstrip().upper().startswith("SELECT")]) == 1
    assert [(r.number, r.status.value, r.declaration) for r in rows] == [
        (1, "declared", declared.declaration),
        (2, "closed", None),
    ]
    assert [r.id for r in repo.undeclared_votes(store)] == ["v2"] and rows[1].undeclared
    assert repo.vote_summaries(store, ["v2"]) == [rows[1]] and repo.vote_summaries(store, []) == []
    assert repo.held_pass(store, 999) is None
    assert repo.member_names(store)["GM0363"] == "Amsterdam"
