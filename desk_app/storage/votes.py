"""Repository for the agenda and the votes: rows in, domain objects out.

The vote tables are a record of the meeting (schema in ``migrations._v4_votes``): the store
itself refuses choices for a vote that is not open, changes to recorded choices, snapshots or
declarations, and a choice per member in a secret vote. The service (``services.voting``)
loads a :class:`~desk_app.domain.vote.Vote`, applies one transition in the domain and writes
only what that transition added, inside one transaction.

Reads take a :class:`Store` or, inside a transaction, its :class:`~desk_app.storage.sql.Database`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from desk_app.domain.agenda import (
    Agenda,
    AgendaItem,
    ItemType,
    Kind,
    Part,
    Preadvies,
    Step,
    parse_step,
)
from desk_app.domain.tally import (
    BallotMethod,
    Base,
    Cast,
    Count,
    Option,
    Quorum,
    parse_choice,
    parse_rule,
)
from desk_app.domain.vote import (
    Declaration,
    HeldPass,
    Method,
    Record,
    Status,
    Subject,
    Vote,
    Voter,
    VoteSummary,
)
from desk_app.storage.db import Store
from desk_app.storage.sql import Database

Source = Store | Database


def _rows(src: Source, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> list[dict[str, Any]]:
    return list(src.query(sql, params))  # type: ignore[arg-type]


# --- register --------------------------------------------------------------------------------


def register_weights(src: Source) -> dict[str, int]:
    """The frozen weights of the whole register: code -> votes."""
    return {str(r["code"]): int(r["votes"]) for r in _rows(src, "SELECT code, votes FROM members")}


def member_names(src: Source) -> dict[str, str]:
    """code -> name for the whole register (one query; the grid and the teller read names)."""
    return {str(r["code"]): str(r["name"]) for r in _rows(src, "SELECT code, name FROM members")}


def member_name(src: Source, code: str) -> str | None:
    rows = _rows(src, "SELECT name FROM members WHERE code = ?", [code])
    return str(rows[0]["name"]) if rows else None


def held_pass(src: Source, serial: int) -> HeldPass | None:
    """A stempas by serial: its municipality and its status now (the teller's scan)."""
    rows = _rows(src, "SELECT serial, code, status FROM passes WHERE serial = ?", [serial])
    if not rows:
        return None
    return HeldPass(int(rows[0]["serial"]), str(rows[0]["code"]), str(rows[0]["status"]))


def codes_with_voting_right(src: Source) -> set[str]:
    """Members not barred from voting (``members.no_vote_reason`` is NULL)."""
    return {str(r["code"]) for r in _rows(src, "SELECT code FROM members WHERE no_vote_reason IS NULL")}


# --- agenda ----------------------------------------------------------------------------------


def has_votes(src: Source) -> bool:
    return bool(_rows(src, "SELECT 1 FROM votes LIMIT 1"))


def replace_agenda(db: Database, agenda: Agenda, *, source: str, sha256: str | None, ts: str) -> None:
    """Store ``agenda`` in place of any earlier one (the store refuses once votes exist)."""
    db.execute("DELETE FROM agenda_items")
    db.execute("DELETE FROM agenda")
    db.execute(
        "INSERT INTO agenda (id, title, date, place, voting_order, source, sha256, loaded_at) "
        "VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
        [agenda.title, agenda.date, agenda.place, _order_json(agenda.voting_order), source, sha256, ts],
    )
    for position, item in enumerate(agenda.items):
        db.execute(
            "INSERT INTO agenda_items (key, position, type, title, text, target, indieners, "
            "preadvies, majority, kind, secret, parts, options, reach, placeholder, fictional, "
            "published_outcome, note) VALUES (" + ", ".join("?" * 18) + ")",
            [
                item.key,
                position,
                item.type.value,
                item.title,
                item.text,
                item.target,
                json.dumps(list(item.indieners)),
                item.preadvies.value if item.preadvies else None,
                item.rule.code,
                item.kind.value,
                None if item.secret is None else int(item.secret),
                json.dumps([{"key": p.key, "title": p.title, "text": p.text} for p in item.parts], ensure_ascii=False),
                json.dumps(list(item.options), ensure_ascii=False),
                item.reach,
                json.dumps(sorted(item.placeholder)),
                int(item.fictional),
                item.published_outcome,
                item.note,
            ],
        )


def set_voting_order(db: Database, order: Sequence[Step] | None) -> None:
    db.execute("UPDATE agenda SET voting_order = ? WHERE id = 1", [_order_json(order)])


def _order_json(order: Sequence[Step] | None) -> str | None:
    return None if order is None else json.dumps([str(s) for s in order])


def load_agenda(src: Source) -> Agenda | None:
    head = _rows(src, "SELECT * FROM agenda WHERE id = 1")
    if not head:
        return None
    items = [_item(r) for r in _rows(src, "SELECT * FROM agenda_items ORDER BY position")]
    raw_order = head[0]["voting_order"]
    order = None if raw_order is None else tuple(parse_step(s) for s in json.loads(raw_order))
    return Agenda(
        tuple(items),
        title=str(head[0]["title"]),
        date=str(head[0]["date"]),
        place=str(head[0]["place"]),
        voting_order=order,
    )


def _item(r: Mapping[str, Any]) -> AgendaItem:
    return AgendaItem(
        key=str(r["key"]),
        type=ItemType(r["type"]),
        title=str(r["title"]),
        text=str(r["text"]),
        target=r["target"],
        indieners=tuple(json.loads(r["indieners"])),
        preadvies=Preadvies(r["preadvies"]) if r["preadvies"] else None,
        rule=parse_rule(r["majority"]),
        kind=Kind(r["kind"]),
        secret=None if r["secret"] is None else bool(r["secret"]),
        parts=tuple(Part(p["key"], p["title"], p["text"]) for p in json.loads(r["parts"])),
        options=tuple(json.loads(r["options"])),
        reach=int(r["reach"]),
        placeholder=frozenset(json.loads(r["placeholder"])),
        fictional=bool(r["fictional"]),
        published_outcome=r["published_outcome"],
        note=str(r["note"]),
    )


# --- votes -----------------------------------------------------------------------------------


VoteRow = VoteSummary
"""The row type of :func:`list_votes` (a domain :class:`VoteSummary`)."""


def next_number(db: Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM votes").fetchone()[0])


def insert_vote(db: Database, vote: Vote, *, number: int, desk: str, actor: str) -> None:
    """A new vote with its snapshot (and, for acclamation, its declaration)."""
    db.execute(
        "INSERT INTO votes (id, number, item, part, subject, method, options, rule, base, "
        "quorum_votes, quorum_members, ballot_method, secret, status, register_members, "
        "register_weight, desk, opened_by, opened_at, closed_at, supersedes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            vote.id,
            number,
            vote.item,
            vote.part,
            vote.subject.value,
            vote.method.value,
            json.dumps([str(o) for o in vote.options]),
            vote.rule.code,
            vote.base.value,
            vote.quorum.votes if vote.quorum else None,
            vote.quorum.members if vote.quorum else None,
            vote.ballot_method.value,
            int(vote.secret),
            # An acclamation is born declared; the status trigger only allows forward steps,
            # so it is inserted as such rather than walked through open and closed.
            vote.status.value,
            vote.register.members,
            vote.register.weight,
            desk,
            actor,
            vote.opened_at,
            vote.closed_at,
            vote.supersedes,
        ],
    )
    for voter in vote.eligible.values():
        db.execute(
            "INSERT INTO vote_snapshot (vote_id, code, pass_serial, weight) VALUES (?, ?, ?, ?)",
            [vote.id, voter.code, voter.pass_id, voter.weight],
        )
    if vote.declaration is not None:
        insert_declaration(db, vote.id, vote.declaration, computed=None, desk=desk, actor=actor)


def append_record(db: Database, vote_id: str, record: Record, *, desk: str, actor: str) -> None:
    assert record.event_id is not None, "the service gives every record an event id"
    db.execute(
        "INSERT INTO vote_records (vote_id, n, code, pass_serial, choice, at, source, desk, "
        "actor, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            vote_id,
            record.seq,
            record.code,
            record.pass_id,
            None if record.choice is None else str(record.choice),
            record.at,
            record.source,
            desk,
            actor,
            record.event_id,
        ],
    )


def set_secret_total(db: Database, vote_id: str, choice: Cast, count: Count) -> None:
    db.execute(
        "INSERT INTO vote_secret_totals (vote_id, choice, members, weight) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (vote_id, choice) DO UPDATE SET members = excluded.members, "
        "weight = excluded.weight",
        [vote_id, str(choice), count.members, count.weight],
    )


def set_closed(db: Database, vote_id: str, at: str) -> None:
    db.execute("UPDATE votes SET status = 'closed', closed_at = ? WHERE id = ?", [at, vote_id])


def insert_declaration(
    db: Database,
    vote_id: str,
    declaration: Declaration,
    *,
    computed: Mapping[str, Any] | None,
    desk: str,
    actor: str,
) -> None:
    db.execute(
        "INSERT INTO vote_declarations (vote_id, adopted, winner, statement, computed, at, desk, "
        "actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            vote_id,
            int(declaration.adopted),
            None if declaration.winner is None else str(declaration.winner),
            declaration.statement,
            None if computed is None else json.dumps(computed, ensure_ascii=False, sort_keys=True),
            declaration.at,
            desk,
            actor,
        ],
    )


def set_declared(db: Database, vote_id: str) -> None:
    db.execute("UPDATE votes SET status = 'declared' WHERE id = ?", [vote_id])


def set_superseded(db: Database, vote_id: str, by: str) -> None:
    db.execute("UPDATE votes SET superseded_by = ? WHERE id = ?", [by, vote_id])


def open_vote_id(src: Source) -> str | None:
    rows = _rows(src, "SELECT id FROM votes WHERE status = 'open'")
    return str(rows[0]["id"]) if rows else None


def latest_vote_id(src: Source) -> str | None:
    rows = _rows(src, "SELECT id FROM votes ORDER BY number DESC LIMIT 1")
    return str(rows[0]["id"]) if rows else None


def vote_number(src: Source, vote_id: str) -> int | None:
    rows = _rows(src, "SELECT number FROM votes WHERE id = ?", [vote_id])
    return int(rows[0]["number"]) if rows else None


_SUMMARY_SQL = (
    "SELECT v.id, v.number, v.item, v.part, v.status, v.method, v.opened_at, v.closed_at, "
    "v.supersedes, v.superseded_by, d.adopted, d.winner, d.statement, d.at AS declared_at "
    "FROM votes v LEFT JOIN vote_declarations d ON d.vote_id = v.id"
)


def _summary(r: Mapping[str, Any]) -> VoteSummary:
    declaration = None
    if r["adopted"] is not None:
        winner = None if r["winner"] is None else parse_choice(r["winner"])
        declaration = Declaration(
            adopted=bool(r["adopted"]),
            statement=str(r["statement"]),
            winner=winner if isinstance(winner, Option) else None,
            at=str(r["declared_at"]),
        )
    return VoteSummary(
        id=str(r["id"]),
        number=int(r["number"]),
        item=str(r["item"]),
        part=r["part"],
        status=Status(r["status"]),
        method=Method(r["method"]),
        opened_at=str(r["opened_at"]),
        closed_at=r["closed_at"],
        supersedes=r["supersedes"],
        superseded_by=r["superseded_by"],
        declaration=declaration,
    )


def list_votes(src: Source) -> list[VoteSummary]:
    """Every vote with its declaration, in one query (never one query per vote)."""
    return [_summary(r) for r in _rows(src, _SUMMARY_SQL + " ORDER BY v.number")]


def vote_summaries(src: Source, ids: Sequence[str]) -> list[VoteSummary]:
    """The summaries of just these votes (after a change touched them)."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    return [_summary(r) for r in _rows(src, _SUMMARY_SQL + f" WHERE v.id IN ({marks}) ORDER BY v.number", list(ids))]


def undeclared_votes(src: Source) -> list[VoteSummary]:
    """Votes that were closed and never declared (superseded ones included): the minutes name them."""
    return [_summary(r) for r in _rows(src, _SUMMARY_SQL + " WHERE v.status = 'closed' ORDER BY v.number")]


def votes_touched(src: Source, after_seq: int, upto_seq: int) -> set[str]:
    """The votes that audit entries ``after_seq < seq <= upto_seq`` changed.

    Every vote action names its vote as the entry's object; a herstemming also changed the vote
    it supersedes (``details.supersedes``).
    """
    rows = _rows(
        src,
        "SELECT object, details FROM audit WHERE seq > ? AND seq <= ? AND action LIKE 'vote.%'",
        [after_seq, upto_seq],
    )
    touched: set[str] = set()
    for r in rows:
        touched.add(str(r["object"]))
        old = json.loads(str(r["details"])).get("supersedes")  # parsed here: the same on both engines
        if old:
            touched.add(str(old))
    return touched


def load_vote(src: Source, vote_id: str) -> Vote | None:
    rows = _rows(src, "SELECT * FROM votes WHERE id = ?", [vote_id])
    if not rows:
        return None
    v = rows[0]
    eligible = {
        str(r["code"]): Voter(r["pass_serial"], str(r["code"]), int(r["weight"]))
        for r in _rows(src, "SELECT * FROM vote_snapshot WHERE vote_id = ? ORDER BY code", [vote_id])
    }
    records = tuple(
        Record(
            seq=int(r["n"]),
            code=str(r["code"]),
            pass_id=r["pass_serial"],
            choice=None if r["choice"] is None else parse_choice(r["choice"]),
            at=str(r["at"]),
            source=str(r["source"]),
            event_id=str(r["event_id"]),
        )
        for r in _rows(src, "SELECT * FROM vote_records WHERE vote_id = ? ORDER BY n", [vote_id])
    )
    totals = {
        parse_choice(r["choice"]): Count(int(r["members"]), int(r["weight"]))
        for r in _rows(src, "SELECT * FROM vote_secret_totals WHERE vote_id = ?", [vote_id])
    }
    decl_rows = _rows(src, "SELECT * FROM vote_declarations WHERE vote_id = ?", [vote_id])
    declaration = None
    if decl_rows:
        d = decl_rows[0]
        winner = None if d["winner"] is None else parse_choice(d["winner"])
        declaration = Declaration(
            adopted=bool(d["adopted"]),
            statement=str(d["statement"]),
            winner=winner if isinstance(winner, Option) else None,
            at=str(d["at"]),
        )
    quorum = None
    if v["quorum_votes"] is not None or v["quorum_members"] is not None:
        quorum = Quorum(votes=int(v["quorum_votes"] or 0), members=int(v["quorum_members"] or 0))
    return Vote(
        id=str(v["id"]),
        item=str(v["item"]),
        part=v["part"],
        eligible=eligible,
        register=Count(int(v["register_members"]), int(v["register_weight"])),
        options=tuple(parse_choice(c) for c in json.loads(v["options"])),
        rule=parse_rule(v["rule"]),
        base=Base(v["base"]),
        quorum=quorum,
        ballot_method=BallotMethod(v["ballot_method"]),
        secret=bool(v["secret"]),
        subject=Subject(v["subject"]),
        method=Method(v["method"]),
        status=Status(v["status"]),
        records=records,
        secret_totals=totals,
        opened_at=str(v["opened_at"]),
        closed_at=v["closed_at"],
        declaration=declaration,
        supersedes=v["supersedes"],
        superseded_by=v["superseded_by"],
    )


def computed_declaration(src: Source, vote_id: str) -> dict[str, Any] | None:
    """The computed result stored beside the chair's declaration, as it was then."""
    rows = _rows(src, "SELECT computed FROM vote_declarations WHERE vote_id = ?", [vote_id])
    if not rows or rows[0]["computed"] is None:
        return None
    value: dict[str, Any] = json.loads(rows[0]["computed"])
    return value
