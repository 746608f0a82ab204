"""The audit trail: an append-only hash chain, one entry per state change.

Each entry's hash covers its own fields and the previous entry's hash, so changing, removing or
reordering any entry breaks the chain from that point on, and ``verify`` names the first broken
entry. Personal values (names, e-mail addresses, and free-text reasons, which can hold them) enter
the chain only as salted SHA-256 hashes; the values and salts sit in ``audit_personal`` and can be
erased after the retention period without touching the chain. A table that must record such a
value holds the same hash (:func:`commit` makes it before the entry is written), never the value.

Every entry also carries a globally unique event id and a per-desk sequence number, so entries
from several desks can later be merged idempotently.

The chain alone cannot stop someone with the sqlite3 shell: the tables can be edited beside it
and, the hash being unkeyed, the chain itself rewritten. So entries also carry what a replay
needs to rebuild the counted tables (the ``*_seal`` helpers below, :data:`CHAIN_FORMAT`), and
:func:`verify` holds every table to the chain; the head (:func:`head`) is copied out of the file
as an anchor. Why anchors rather than a keyed chain: :mod:`desk_app.storage.integrity`.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass, replace
from typing import Any

from desk_app.domain.clock import now_iso
from desk_app.storage.db import Store
from desk_app.storage.sql import Database, in_transaction

__all__ = [
    "CHAIN_FORMAT",
    "GENESIS",
    "AuditEntry",
    "ChainHead",
    "Commitment",
    "Difference",
    "VerifyResult",
    "append",
    "commit",
    "digest",
    "entries",
    "head",
    "meeting_seal",
    "now_iso",
    "register_seal",
    "settings_seal",
    "verify",
    "verify_chain",
    "weights_seal",
]

GENESIS = "0" * 64

#: Entries of a meeting created with this format carry everything the replay needs
#: (:mod:`desk_app.storage.integrity`); older meetings are checked on the chain alone.
CHAIN_FORMAT = 2


def canonical(value: Any) -> str:
    """The one JSON form that is hashed: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(value: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``value``: how tables are sealed in an entry."""
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def personal_hash(salt: str, value: str) -> str:
    return "sha256:" + hashlib.sha256((salt + "\x00" + value).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Commitment:
    """A personal value and its salt, made before the entry that records it: a table row written in
    the same transaction can then hold :attr:`hash` (what the chain holds) instead of the value."""

    value: str
    salt: str

    @property
    def hash(self) -> str:
        return personal_hash(self.salt, self.value)


def commit(value: str) -> Commitment:
    """A new salted commitment to ``value`` (128 random bits of salt: erased, it cannot be guessed back)."""
    return Commitment(value, secrets.token_hex(16))


def entry_hash(row: dict[str, Any]) -> str:
    body = [
        row["seq"],
        row["event_id"],
        row["ts"],
        row["desk"],
        row["desk_seq"],
        row["actor"],
        row["action"],
        row["object"],
        row["details"],
        row["prev_hash"],
    ]
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    event_id: str
    ts: str
    desk: str
    desk_seq: int
    actor: str
    action: str
    object: str
    details: dict[str, Any]
    hash: str


def append(
    db: Database,
    *,
    desk: str,
    actor: str,
    action: str,
    obj: str,
    details: dict[str, Any] | None = None,
    personal: dict[str, str | Commitment | None] | None = None,
    ts: str | None = None,
) -> AuditEntry:
    """Append one entry. Must run inside ``Store.transaction()`` together with the change it logs.

    ``personal``: fields whose values enter the entry only as salted hashes (a value, or a
    :class:`Commitment` made earlier for a table row of the same change); None or "" stays None.
    """
    if not in_transaction(db):
        raise RuntimeError("audit.append must run inside the transaction of the change it records")
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    desk_seq = db.execute("SELECT COALESCE(MAX(desk_seq), 0) + 1 FROM audit WHERE desk = ?", [desk]).fetchone()[0]
    body = dict(details or {})
    salts: list[tuple[str, str, str]] = []
    for field, value in (personal or {}).items():
        if value is None or value == "" or (isinstance(value, Commitment) and value.value == ""):
            body[field] = None
            continue
        c = value if isinstance(value, Commitment) else commit(value)
        body[field] = c.hash
        salts.append((field, c.salt, c.value))
    row: dict[str, Any] = {
        "seq": seq,
        "event_id": str(uuid.uuid4()),
        "ts": ts or now_iso(),
        "desk": desk,
        "desk_seq": desk_seq,
        "actor": actor,
        "action": action,
        "object": obj,
        "details": canonical(body),
        "prev_hash": prev,
    }
    row["hash"] = entry_hash(row)
    db.execute(
        "INSERT INTO audit (seq, event_id, ts, desk, desk_seq, actor, action, object, details, "
        "prev_hash, hash) VALUES (:seq, :event_id, :ts, :desk, :desk_seq, :actor, :action, "
        ":object, :details, :prev_hash, :hash)",
        row,
    )
    for field, salt, value in salts:
        db.execute(
            "INSERT INTO audit_personal (seq, field, salt, value) VALUES (?, ?, ?, ?)",
            [seq, field, salt, value],
        )
    return AuditEntry(seq, row["event_id"], row["ts"], desk, desk_seq, actor, action, obj, body, row["hash"])


# --- seals: what an entry must carry so the replay can hold the tables to it ----------------------
# Each reads the rows just written, inside the transaction of the entry that seals them.


def register_seal(db: Database) -> dict[str, Any]:
    """The register as the counts use it: every (code, population, votes), and their digest."""
    rows = [
        [str(c), int(p), int(v)]
        for c, p, v in db.execute("SELECT code, population, votes FROM members ORDER BY code").fetchall()
    ]
    return {"register_rows": {c: [p, v] for c, p, v in rows}, "register_rows_sha256": digest(rows)}


def weights_seal(db: Database) -> dict[str, Any]:
    """The frozen weights per municipality and who is barred from voting: sealed at the opening."""
    rows: list[tuple[str, int]] = [
        (str(c), int(v)) for c, v in db.execute("SELECT code, votes FROM members ORDER BY code").fetchall()
    ]
    barred = {
        str(c): str(r)
        for c, r in db.execute(
            "SELECT code, no_vote_reason FROM members WHERE no_vote_reason IS NOT NULL ORDER BY code"
        ).fetchall()
    }
    return {"weights": dict(rows), "weights_sha256": digest(rows), "barred": barred}


def settings_seal(db: Database) -> dict[str, Any]:
    """The meeting settings as now stored: every entry that changes them must carry this.

    Whatever the action is called, an entry with this key tells the replay the settings from
    then on; a settings row changed without one is reported as changed outside the app.
    """
    row = db.execute("SELECT settings FROM meeting WHERE id = 1").fetchone()
    return {"meeting_settings": json.loads(str(row[0]))}


def meeting_seal(db: Database) -> dict[str, Any]:
    """The meeting row's fixed fields (the token secret only as a digest) and the register."""
    row = db.execute("SELECT secret, settings, desks FROM meeting WHERE id = 1").fetchone()
    return {
        "chain_format": CHAIN_FORMAT,
        "secret_sha256": hashlib.sha256(bytes.fromhex(str(row[0]))).hexdigest(),
        "settings": json.loads(str(row[1])),
        "desks": json.loads(str(row[2])),
        **register_seal(db),
    }


@dataclass(frozen=True)
class Difference:
    """The first place where a table disagrees with what the audit trail recorded.

    ``seq`` is the entry that recorded the expected value (None: the row has no entry at all).
    Values are shown as JSON (``"voor"``, ``1``, ``null``) so that no difference hides in quoting.
    """

    table: str
    key: str
    field: str
    expected: str
    found: str
    seq: int | None = None

    def __str__(self) -> str:
        where = f" (entry {self.seq})" if self.seq is not None else " (no audit entry)"
        return f"{self.table} {self.key}: {self.field} is {self.found}, the audit trail says {self.expected}{where}"


@dataclass(frozen=True)
class VerifyResult:
    """The chain recomputed and, for meetings made with :data:`CHAIN_FORMAT`, the tables replayed.

    ``replayed`` is False for a meeting made before the replay existed: only its chain was checked.
    """

    ok: bool
    entries: int
    head: str
    first_bad_seq: int | None = None
    reason: str = ""
    difference: Difference | None = None
    replayed: bool = False


@dataclass(frozen=True)
class ChainHead:
    """The newest entry: its number and hash. Written outside the file as an anchor."""

    seq: int
    hash: str

    def text(self) -> str:
        """'123:9f86d0…' (the full hash): the form of ``verify --against HEAD``."""
        return f"{self.seq}:{self.hash}"

    def short(self) -> str:
        """'123:9f86d081884c': short enough for a printed stempas, long enough to anchor."""
        return f"{self.seq}:{self.hash[:12]}"


def head(store: Store | Database) -> ChainHead:
    """The chain head as stored (not recomputed): what anchors copy."""
    rows = list(store.query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
    return ChainHead(int(rows[0]["seq"]), str(rows[0]["hash"])) if rows else ChainHead(0, GENESIS)


def verify_chain(store: Store) -> VerifyResult:
    """Recompute the whole chain; report the first entry whose hash or link does not hold."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    personal: dict[int, list[dict[str, Any]]] = {}
    for p in store.query("SELECT seq, field, salt, value FROM audit_personal"):
        personal.setdefault(int(str(p["seq"])), []).append(p)
    for row in store.db.query("SELECT * FROM audit ORDER BY seq"):
        seq = row["seq"]
        if seq != expected_seq:
            return VerifyResult(False, count, prev, expected_seq, f"entry {expected_seq} is missing")
        if row["prev_hash"] != prev:
            return VerifyResult(False, count, prev, seq, "link to the previous entry is broken")
        if entry_hash(row) != row["hash"]:
            return VerifyResult(False, count, prev, seq, "entry content does not match its hash")
        details = json.loads(row["details"])
        for p in personal.get(seq, []):
            if details.get(p["field"]) != personal_hash(str(p["salt"]), str(p["value"])):
                return VerifyResult(False, count, prev, seq, f"personal field {p['field']!r} does not match its hash")
        prev = row["hash"]
        expected_seq += 1
        count += 1
    return VerifyResult(True, count, prev)


def verify(store: Store) -> VerifyResult:
    """The whole record: the chain recomputed, then every counted table replayed against it.

    A sound chain with a table that disagrees (a choice flipped, a pass voided, a weight moved
    with the sqlite3 shell after the triggers were dropped) fails here, naming the first
    difference; see :mod:`desk_app.storage.integrity`.
    """
    from desk_app.storage import integrity  # local: integrity builds on this module

    chain = verify_chain(store)
    if not chain.ok:
        return chain
    replay = integrity.replay(store)
    if not replay.differences:
        return replace(chain, replayed=replay.replayed)
    first = replay.differences[0]
    bad = first.seq if first.seq is not None else chain.entries + 1
    return replace(chain, ok=False, first_bad_seq=bad, reason=str(first), difference=first, replayed=replay.replayed)


def entries(store: Store, since_seq: int = 0) -> list[AuditEntry]:
    return [
        AuditEntry(
            r["seq"],
            r["event_id"],
            r["ts"],
            r["desk"],
            r["desk_seq"],
            r["actor"],
            r["action"],
            r["object"],
            json.loads(r["details"]),
            r["hash"],
        )
        for r in store.db.query("SELECT * FROM audit WHERE seq > ? ORDER BY seq", [since_seq])
    ]
