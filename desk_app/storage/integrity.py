"""Tamper evidence: replay the audit trail, hold every counted table to it, and check anchors.

**The threat.** Someone with the ``sqlite3`` shell on the desk laptop. Triggers stop mistakes,
not them: they can ``DROP TRIGGER`` and change any row, and, since the chain is plain SHA-256,
rewrite an entry and recompute every later hash, or cut off the tail.

**What holds against that**, in two parts:

1. *Replay* (:func:`replay`). The chain is the record; the tables are only its current state.
   Every state change appends an entry that carries what the replay needs (``checkin``:
   serial, code, role; a pass's moves; ``vote.record``: code, pass, choice; ``vote.declare``:
   adopted; ``vote.open``: the snapshot with weights; ``meeting.open``: every municipality's
   weight and its digest; register imports: every (code, population, votes) and their digest).
   The replay rebuilds the expected rows from the entries, in sequence order, and compares them
   with the tables the counts come from: the meeting row (settings, the token secret's digest,
   opening), members and weights, designations, cards, passes, vote snapshots, vote records,
   secret totals and declarations. The first difference is named: table, key, field, expected,
   found and the entry that recorded it. So a changed row is caught unless the chain is
   rewritten too.
2. *Anchors outside the file* (:func:`check_anchor`, :func:`compare_with_backup`). The chain
   head (sequence number + hash) is copied out of the meeting file: into every backup (the
   copy's own chain and a side file), every export (``meeting.json`` and the manifest), the
   proces-verbaal and each printed stempas. A rewritten chain has a different hash at the
   anchor's number; a cut-off chain is shorter than the anchor. Either shows as soon as any
   anchor is presented (``verify --against``).

**Why no keyed chain (HMAC with a meeting key off the file).** The key would have to live on
the same laptop (the user data folder), readable by the same person with the same shell, so it
adds nothing against the threat above; with several desks every desk would need the key,
spreading it further; a lost key would make a valid record unverifiable for the seven years it
must be kept; and outsiders could no longer recompute ``audit.jsonl`` from an export (the open
audit of Helios, which the export promises). Anchors held by other people and media cost nothing
to check and work the same with one desk or ten, so they are the second line instead.

Meetings made before :data:`~desk_app.storage.audit.CHAIN_FORMAT` 2 lack what the replay needs;
for them only the chain is checked and ``replayed`` is False.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desk_app.domain.token import make_card_token, make_pass_token
from desk_app.storage.audit import CHAIN_FORMAT, GENESIS, ChainHead, Difference
from desk_app.storage.db import Store

__all__ = [
    "Anchor",
    "AnchorCheck",
    "Replay",
    "check_anchor",
    "compare_with_backup",
    "parse_anchor",
    "replay",
]

#: How many differences a replay collects before it stops looking (the first one is what counts).
MAX_DIFFERENCES = 50


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- the expected state, rebuilt from the entries ---------------------------------------------------


Ref = tuple[int, str]  # (entry seq, personal field): where a name or address was committed


@dataclass
class _Pass:
    code: str
    role: str
    card_version: int | None
    manual_reason: str | None
    desk: str
    name: Ref | None
    replaces: int | None
    seq: int
    status: str = "active"
    manual_known: bool = True  # False: an entry from before the override recorded its manual reason


@dataclass
class _Record:
    code: str
    pass_serial: int | None
    choice: str | None
    source: str
    event_id: str
    desk: str
    actor: str
    seq: int


@dataclass
class _Vote:
    number: int
    item: str
    part: str | None
    method: str
    status: str
    register: list[int]
    snapshot: dict[str, tuple[int | None, int]]
    seq: int
    subject: str | None = None
    options: list[str] | None = None
    rule: str | None = None
    base: str | None = None
    secret: bool | None = None
    ballot_method: str | None = None
    quorum: list[int | None] | None = None
    supersedes: str | None = None
    superseded_by: str | None = None
    records: dict[int, _Record] = field(default_factory=dict)
    counts: dict[str, list[int]] | None = None  # at the close: {choice: [members, weight]}
    declaration: tuple[bool, str | None, str, int] | None = None  # adopted, winner, statement, seq


@dataclass
class _State:
    meeting: dict[str, Any] = field(default_factory=dict)
    meeting_seq: int = 0
    register: dict[str, list[int]] = field(default_factory=dict)  # code -> [population, votes]
    register_seq: int = 0
    weights: dict[str, int] | None = None
    barred: dict[str, str] = field(default_factory=dict)
    opened_at: str | None = None
    open_seq: int | None = None
    designations: dict[str, tuple[str | None, Ref, Ref, int]] = field(default_factory=dict)
    cards: dict[tuple[str, int], tuple[bool, int]] = field(default_factory=dict)  # revoked, seq
    passes: dict[int, _Pass] = field(default_factory=dict)
    votes: dict[str, _Vote] = field(default_factory=dict)
    erased: bool = False


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _apply(st: _State, seq: int, desk: str, actor: str, action: str, obj: str, d: Mapping[str, Any]) -> None:
    """One entry's effect on the expected state; actions that change no counted table do nothing."""
    if "meeting_settings" in d:  # audit.settings_seal(): the settings from this entry on
        st.meeting["settings"] = d["meeting_settings"]
        st.meeting_seq = seq
    if action == "meeting.create":
        st.meeting = {
            k: d[k]
            for k in ("name", "date", "place", "meeting_no", "register_source", "settings", "desks", "secret_sha256")
        }
        st.meeting_seq = st.register_seq = seq
        st.register = {c: list(v) for c, v in d["register_rows"].items()}
    elif action == "register.import":
        st.register = {c: list(v) for c, v in d["register_rows"].items()}
        st.register_seq = seq
        st.meeting["register_source"] = d["source"]
        for code in [c for c in st.designations if c not in st.register]:
            del st.designations[code]
    elif action == "meeting.open":
        st.weights = {c: int(v) for c, v in d["weights"].items()}
        st.barred = dict(d.get("barred", {}))
        st.opened_at, st.open_seq = d["opened_at"], seq
    elif action == "reps.import":
        for code in d["codes"]:
            st.designations[code] = (d["roles"][code], (seq, f"name:{code}"), (seq, f"email:{code}"), seq)
    elif action == "reps.set":
        st.designations[obj] = (d.get("role"), (seq, "name"), (seq, "email"), seq)
    elif action == "card.issue":
        for code in d["codes"]:
            st.cards[(code, int(d.get("version", 1)))] = (False, seq)
    elif action == "card.reissue":
        if not any(c == obj for c, _ in st.cards):
            st.cards[(obj, 1)] = (False, seq)  # the never-recorded first card, recorded to be revoked
        for key, (revoked, _s) in list(st.cards.items()):
            if key[0] == obj and not revoked:
                st.cards[key] = (True, seq)
        st.cards[(obj, int(d["new_version"]))] = (False, seq)
    elif action == "checkin":
        st.passes[int(d["serial"])] = _Pass(
            obj, d["role"], _int_or_none(d.get("card_version")), d.get("manual_reason"), desk, (seq, "name"), None, seq
        )
    elif action in ("pass.replace_lost", "pass.substitute", "checkin.override"):
        old = st.passes.get(int(d["old"]))
        status = {"pass.replace_lost": "replaced", "pass.substitute": "returned"}.get(action, "undone")
        if old is not None:
            old.status, old.seq = status, seq
        if action == "pass.replace_lost":
            role = old.role if old else ""
            new = _Pass(obj, role, None, None, desk, old.name if old else None, int(d["old"]), seq)
        elif action == "pass.substitute":
            new = _Pass(obj, d["role"], None, None, desk, (seq, "name"), int(d["old"]), seq)
        else:
            new = _Pass(
                obj,
                d["role"],
                _int_or_none(d.get("card_version")),
                d.get("manual_reason"),
                desk,
                (seq, "name"),
                int(d["old"]),
                seq,
                manual_known="manual_reason" in d,
            )
        st.passes[int(d["new"])] = new
    elif action in ("pass.leave", "pass.return", "checkin.undo"):
        p = st.passes.get(int(d["serial"]))
        if p is not None:
            p.status = {"pass.leave": "away", "pass.return": "active"}.get(action, "undone")
            p.seq = seq
    elif action in ("vote.open", "vote.acclaim", "vote.rerun"):
        _open_vote(st, seq, obj, action, d)
    elif action == "vote.record":
        v = st.votes.get(obj)
        if v is not None:
            v.records[int(d["n"])] = _Record(
                d["code"],
                _int_or_none(d.get("pass")),
                d.get("choice"),
                str(d.get("source", "")),
                d["event_id"],
                desk,
                actor,
                seq,
            )
    elif action == "vote.import":
        v = st.votes.get(obj)
        if v is not None:
            for n, code, pass_serial, choice, event_id in d["records"]:
                v.records[int(n)] = _Record(
                    code, _int_or_none(pass_serial), choice, f"import:{d['source']}", event_id, desk, actor, seq
                )
    elif action == "vote.close":
        v = st.votes.get(obj)
        if v is not None:
            v.status, v.seq = "closed", seq
            v.counts = {str(c): list(n) for c, n in d.get("counts", {}).items()}
    elif action == "vote.declare":
        v = st.votes.get(obj)
        if v is not None:
            v.status, v.seq = "declared", seq
            v.declaration = (bool(d["adopted"]), d.get("winner"), str(d.get("statement", "")), seq)
    elif action == "privacy.erase":
        st.erased = True


def _open_vote(st: _State, seq: int, vote_id: str, action: str, d: Mapping[str, Any]) -> None:
    snapshot = {str(c): (_int_or_none(p), int(w)) for c, p, w in d["snapshot"]}
    register = [int(x) for x in d["register"]]
    if action == "vote.acclaim":
        v = _Vote(int(d["number"]), d["item"], d.get("part"), "acclamation", "declared", register, snapshot, seq)
        v.declaration = (True, None, str(d.get("statement", "")), seq)
    elif action == "vote.rerun":
        old = st.votes.get(d["supersedes"])
        v = _Vote(
            int(d["number"]),
            d["item"],
            d.get("part"),
            "recorded",
            "open",
            register,
            snapshot,
            seq,
            supersedes=d["supersedes"],
        )
        if old is not None:
            old.superseded_by = vote_id
            v.subject, v.options, v.rule, v.base = old.subject, old.options, old.rule, old.base
            v.secret, v.ballot_method, v.quorum = old.secret, old.ballot_method, old.quorum
    else:
        v = _Vote(
            int(d["number"]),
            d["item"],
            d.get("part"),
            d.get("method", "recorded"),
            "open",
            register,
            snapshot,
            seq,
            subject=d.get("subject"),
            options=list(d["options"]),
            rule=d["rule"],
            base=d["base"],
            secret=bool(d["secret"]),
            ballot_method=d.get("ballot_method"),
            quorum=d.get("quorum"),
        )
    st.votes[vote_id] = v


# --- comparing the tables with it ----------------------------------------------------------------


class _Diffs:
    def __init__(self) -> None:
        self.items: list[Difference] = []

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_DIFFERENCES

    def add(self, table: str, key: str, name: str, expected: Any, found: Any, seq: int | None) -> None:
        if not self.full:
            self.items.append(Difference(table, key, name, _show(expected), _show(found), seq))

    def check(self, table: str, key: str, name: str, expected: Any, found: Any, seq: int | None) -> None:
        if expected != found:
            self.add(table, key, name, expected, found, seq)

    def rows(
        self, table: str, expected: Iterable[Any], found: Iterable[Any], seqs: Mapping[Any, int], label: Any = str
    ) -> set[Any]:
        """Rows missing from, or not recorded for, ``table``; returns the keys present in both."""
        want, have = set(expected), set(found)
        for key in sorted(want - have, key=str):
            self.add(table, label(key), "row", "present", "missing", seqs.get(key))
        for key in sorted(have - want, key=str):
            self.add(table, label(key), "row", "absent", "present", None)
        return want & have


def _personal(store: Store) -> dict[Ref, str]:
    return {
        (int(str(r["seq"])), str(r["field"])): str(r["value"])
        for r in store.query("SELECT seq, field, value FROM audit_personal")
    }


class _Committed:
    """Whether a stored name or address is the one the chain committed to (as a salted hash)."""

    def __init__(self, store: Store, details: Mapping[int, Mapping[str, Any]], erased: bool) -> None:
        self.values = _personal(store)
        self.details = details
        self.erased = erased

    def expected(self, ref: Ref | None, found: Any) -> tuple[bool, Any]:
        """(holds, what was expected). An erased value (NULL after ``privacy.erase``) holds; a value
        whose salt was erased cannot be checked and is taken as it is."""
        if ref is None:
            return True, found
        committed = self.details.get(ref[0], {}).get(ref[1])
        if committed is None:
            return found in (None, ""), None
        if ref in self.values:
            value = self.values[ref]
            return found == value or (self.erased and found is None), value
        return True, found


def _compare(store: Store, st: _State, details: Mapping[int, Mapping[str, Any]]) -> list[Difference]:
    out = _Diffs()
    committed = _Committed(store, details, st.erased)
    meeting_rows = store.query("SELECT * FROM meeting WHERE id = 1")
    if not meeting_rows:
        out.add("meeting", "1", "row", "present", "missing", st.meeting_seq)
        return out.items
    m = meeting_rows[0]
    found_meeting: dict[str, Any] = {
        "name": m["name"],
        "date": m["date"],
        "place": m["place"],
        "meeting_no": m["meeting_no"],
        "register_source": m["register_source"],
        "settings": json.loads(str(m["settings"])),
        "desks": json.loads(str(m["desks"])),
        "secret_sha256": _sha256_hex(str(m["secret"])),
    }
    for name, value in st.meeting.items():
        out.check("meeting", "1", name, value, found_meeting[name], st.meeting_seq)
    out.check("meeting", "1", "opened_at", st.opened_at, m["opened_at"], st.open_seq or st.meeting_seq)

    # Members: after the opening the weights sealed in its entry count; before it, the register as
    # last imported. Populations always come from the register.
    members = {str(r["code"]): r for r in store.query("SELECT code, population, votes, no_vote_reason FROM members")}
    for code in sorted(out.rows("members", st.register, members, dict.fromkeys(st.register, st.register_seq))):
        population, votes = st.register[code]
        row = members[code]
        if st.weights is not None and code in st.weights:
            out.check("members", code, "votes", st.weights[code], row["votes"], st.open_seq)
            out.check("members", code, "no_vote_reason", st.barred.get(code), row["no_vote_reason"], st.open_seq)
        else:
            out.check("members", code, "votes", votes, row["votes"], st.register_seq)
        out.check("members", code, "population", population, row["population"], st.register_seq)

    designations = {str(r["code"]): r for r in store.query("SELECT code, name, role, email FROM designations")}
    seqs = {c: v[3] for c, v in st.designations.items()}
    for code in sorted(out.rows("designations", st.designations, designations, seqs)):
        role, name_ref, email_ref, seq = st.designations[code]
        row = designations[code]
        out.check("designations", code, "role", role, row["role"], seq)
        for column, ref in (("name", name_ref), ("email", email_ref)):
            holds, expected = committed.expected(ref, row[column])
            if not holds:
                out.add("designations", code, column, expected, row[column], seq)

    meeting_no, secret = int(str(m["meeting_no"])), bytes.fromhex(str(m["secret"]))
    cards = {
        (str(r["code"]), int(str(r["version"]))): r
        for r in store.query("SELECT code, version, token, revoked_at FROM cards")
    }
    card_seqs = {k: v[1] for k, v in st.cards.items()}
    for key in sorted(out.rows("cards", st.cards, cards, card_seqs, label=_card_key)):
        revoked, seq = st.cards[key]
        row = cards[key]
        out.check("cards", _card_key(key), "token", make_card_token(meeting_no, secret, *key), row["token"], seq)
        out.check("cards", _card_key(key), "revoked", revoked, row["revoked_at"] is not None, seq)

    passes = {int(str(r["serial"])): r for r in store.query("SELECT * FROM passes")}
    pass_seqs = {s: p.seq for s, p in st.passes.items()}
    for serial in sorted(out.rows("passes", st.passes, passes, pass_seqs)):
        p, row, key = st.passes[serial], passes[serial], str(serial)
        for column, value in (
            ("code", p.code),
            ("status", p.status),
            ("holder_role", p.role),
            ("replaces", p.replaces),
            ("card_version", p.card_version),
            ("manual_reason", p.manual_reason),
            ("desk", p.desk),
        ):
            if column != "manual_reason" or p.manual_known:
                out.check("passes", key, column, value, row[column], p.seq)
        out.check("passes", key, "token", make_pass_token(meeting_no, secret, serial), row["token"], p.seq)
        holds, expected = committed.expected(p.name, row["holder_name"])
        if not holds:
            out.add("passes", key, "holder_name", expected, row["holder_name"], p.seq)

    _compare_votes(store, st, out)
    return out.items


def _card_key(key: tuple[str, int]) -> str:
    return f"{key[0]} v{key[1]}"


def _sha256_hex(secret_hex: str) -> str:
    import hashlib

    try:
        return hashlib.sha256(bytes.fromhex(secret_hex)).hexdigest()
    except ValueError:
        return "(not hex)"


def _compare_votes(store: Store, st: _State, out: _Diffs) -> None:
    votes = {str(r["id"]): r for r in store.query("SELECT * FROM votes")}
    seqs = {i: v.seq for i, v in st.votes.items()}
    label = {i: f"{v.number} ({i[:8]})" for i, v in st.votes.items()}
    for vote_id in sorted(
        out.rows("votes", st.votes, votes, seqs, label=lambda i: label.get(i, i)), key=lambda i: st.votes[i].number
    ):
        v, row, key = st.votes[vote_id], votes[vote_id], label[vote_id]
        fields: list[tuple[str, Any, Any]] = [
            ("number", v.number, row["number"]),
            ("item", v.item, row["item"]),
            ("part", v.part, row["part"]),
            ("method", v.method, row["method"]),
            ("status", v.status, row["status"]),
            ("register_members", v.register[0], row["register_members"]),
            ("register_weight", v.register[1], row["register_weight"]),
            ("supersedes", v.supersedes, row["supersedes"]),
            ("superseded_by", v.superseded_by, row["superseded_by"]),
        ]
        if v.options is not None:
            fields += [
                ("subject", v.subject, row["subject"]),
                ("options", v.options, json.loads(str(row["options"]))),
                ("rule", v.rule, row["rule"]),
                ("base", v.base, row["base"]),
                ("secret", v.secret, bool(row["secret"])),
                ("ballot_method", v.ballot_method, row["ballot_method"]),
                (
                    "quorum",
                    v.quorum,
                    None
                    if row["quorum_votes"] is None and row["quorum_members"] is None
                    else [row["quorum_votes"], row["quorum_members"]],
                ),
            ]
        for name, expected, found in fields:
            if expected is not None or name in ("part", "supersedes", "superseded_by", "quorum"):
                out.check("votes", key, name, expected, found, v.seq)

        snapshot = {
            str(r["code"]): r
            for r in store.query("SELECT code, pass_serial, weight FROM vote_snapshot WHERE vote_id = ?", (vote_id,))
        }
        for code in sorted(
            out.rows(
                "vote_snapshot",
                v.snapshot,
                snapshot,
                dict.fromkeys(v.snapshot, v.seq),
                label=lambda c, k=key: f"{c} in vote {k}",
            )
        ):
            pass_serial, weight = v.snapshot[code]
            out.check(
                "vote_snapshot",
                f"{code} in vote {key}",
                "pass_serial",
                pass_serial,
                snapshot[code]["pass_serial"],
                v.seq,
            )
            out.check("vote_snapshot", f"{code} in vote {key}", "weight", weight, snapshot[code]["weight"], v.seq)

        records = {int(str(r["n"])): r for r in store.query("SELECT * FROM vote_records WHERE vote_id = ?", (vote_id,))}
        for n in sorted(
            out.rows(
                "vote_records",
                v.records,
                records,
                {n: r.seq for n, r in v.records.items()},
                label=lambda n, k=key: f"vote {k} record {n}",
            )
        ):
            rec, row, rkey = v.records[n], records[n], f"vote {key} record {n} ({v.records[n].code})"
            for name, expected in (
                ("code", rec.code),
                ("pass_serial", rec.pass_serial),
                ("choice", rec.choice),
                ("source", rec.source),
                ("event_id", rec.event_id),
                ("desk", rec.desk),
                ("actor", rec.actor),
            ):
                out.check("vote_records", rkey, name, expected, row[name], rec.seq)

        if v.secret and v.counts is not None:
            totals = {
                str(r["choice"]): [int(str(r["members"])), int(str(r["weight"]))]
                for r in store.query(
                    "SELECT choice, members, weight FROM vote_secret_totals WHERE vote_id = ?", (vote_id,)
                )
            }
            for choice in sorted(set(v.counts) | set(totals)):
                out.check(
                    "vote_secret_totals",
                    f"{choice} in vote {key}",
                    "members, weight",
                    v.counts.get(choice, [0, 0]),
                    totals.get(choice, [0, 0]),
                    v.seq,
                )

        declared = store.query("SELECT adopted, winner, statement FROM vote_declarations WHERE vote_id = ?", (vote_id,))
        if v.declaration is None:
            if declared:
                out.add("vote_declarations", key, "row", "absent", "present", None)
        elif not declared:
            out.add("vote_declarations", key, "row", "present", "missing", v.declaration[3])
        else:
            adopted, winner, statement, seq = v.declaration
            out.check("vote_declarations", key, "adopted", adopted, bool(declared[0]["adopted"]), seq)
            out.check("vote_declarations", key, "winner", winner, declared[0]["winner"], seq)
            out.check("vote_declarations", key, "statement", statement, declared[0]["statement"], seq)


# --- the replay ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replay:
    """What the replay found: ``replayed`` False means the meeting predates it (chain only)."""

    replayed: bool
    entries: int
    differences: tuple[Difference, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.differences


def replay(store: Store) -> Replay:
    """Rebuild the counted tables from the audit entries and name every difference (the first first).

    Assumes the chain itself was verified (:func:`desk_app.storage.audit.verify_chain`); reads in
    one snapshot when called inside ``archive.read_snapshot``. Differences come in a fixed order:
    meeting, members, designations, cards, passes, then per vote its row, snapshot, records,
    secret totals and declaration.
    """
    st = _State()
    details: dict[int, dict[str, Any]] = {}
    count = 0
    strict = False
    for row in store.db.query("SELECT seq, desk, actor, action, object, details FROM audit ORDER BY seq"):
        seq, d = int(row["seq"]), json.loads(row["details"])
        count += 1
        if seq == 1:
            strict = row["action"] == "meeting.create" and int(d.get("chain_format", 1)) >= CHAIN_FORMAT
            if not strict:
                break
        details[seq] = d
        _apply(st, seq, str(row["desk"]), str(row["actor"]), str(row["action"]), str(row["object"]), d)
    if not strict:
        return Replay(False, count)
    return Replay(True, count, tuple(_compare(store, st, details)))


# --- anchors ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """A chain head kept outside the meeting file; ``hash`` may be a prefix (a printed stempas)."""

    seq: int
    hash: str
    source: str = ""  # where it came from, for the message: a backup, an export, a pass

    def text(self) -> str:
        return f"{self.seq}:{self.hash}"


def parse_anchor(text: str, source: str = "") -> Anchor | None:
    """'123:9f86d081884c…' (at least 8 hex digits) -> Anchor; None when it is not one."""
    seq, sep, digest = text.strip().partition(":")
    digest = digest.strip().lower()
    if not sep or not seq.strip().isdigit() or len(digest) < 8 or len(digest) > 64:
        return None
    if any(ch not in "0123456789abcdef" for ch in digest):
        return None
    return Anchor(int(seq), digest, source)


@dataclass(frozen=True)
class AnchorCheck:
    """An anchor held against the meeting file. ``kind``: 'ok', 'cut' (the file's chain is shorter
    than the anchor) or 'rehashed' (another hash at the anchor's number: the chain was rewritten)."""

    anchor: Anchor
    kind: str
    found_seq: int
    found_hash: str = ""
    first_differing_seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.kind == "ok"

    def __str__(self) -> str:
        where = f" ({self.anchor.source})" if self.anchor.source else ""
        if self.kind == "cut":
            return (
                f"the chain ends at entry {self.found_seq}, but the anchor{where} names entry "
                f"{self.anchor.seq}: entries were cut off"
            )
        if self.kind == "rehashed":
            first = f"; the first entry that differs is {self.first_differing_seq}" if self.first_differing_seq else ""
            return (
                f"entry {self.anchor.seq} has hash {self.found_hash[:16]}…, the anchor{where} says "
                f"{self.anchor.hash[:16]}…: the chain was rewritten{first}"
            )
        return f"entry {self.anchor.seq} matches the anchor{where}"


def _hash_at(store: Store, seq: int) -> str | None:
    rows = store.query("SELECT hash FROM audit WHERE seq = ?", (seq,))
    return str(rows[0]["hash"]) if rows else None


def check_anchor(store: Store, anchor: Anchor) -> AnchorCheck:
    """Hold one anchor against the file's chain (which should itself verify; that is checked apart)."""
    last = int(str(store.query("SELECT COALESCE(MAX(seq), 0) AS n FROM audit")[0]["n"]))
    if anchor.seq == 0:
        return AnchorCheck(anchor, "ok" if anchor.hash == GENESIS[: len(anchor.hash)] else "rehashed", last, GENESIS)
    found = _hash_at(store, anchor.seq)
    if found is None:
        return AnchorCheck(anchor, "cut", last)
    if not found.startswith(anchor.hash):
        return AnchorCheck(anchor, "rehashed", last, found)
    return AnchorCheck(anchor, "ok", last, found)


def compare_with_backup(store: Store, backup: Store, source: str = "") -> AnchorCheck:
    """Hold a backup's whole chain against the file's: every entry the backup has must be the same.

    The backup's head is the anchor; when the file differs, the first entry that differs says
    from where the chain was rewritten.
    """
    theirs = [(int(str(r["seq"])), str(r["hash"])) for r in backup.query("SELECT seq, hash FROM audit ORDER BY seq")]
    top = ChainHead(*theirs[-1]) if theirs else ChainHead(0, GENESIS)
    anchor = Anchor(top.seq, top.hash, source)
    result = check_anchor(store, anchor)
    if result.kind != "rehashed":
        return result
    ours = {
        int(str(r["seq"])): str(r["hash"])
        for r in store.query("SELECT seq, hash FROM audit WHERE seq <= ?", (top.seq,))
    }
    first = next((seq for seq, h in theirs if ours.get(seq) != h), None)
    return AnchorCheck(anchor, "rehashed", result.found_seq, result.found_hash, first)
