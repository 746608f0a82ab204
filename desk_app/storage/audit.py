"""The audit trail: an append-only hash chain, one entry per state change.

Each entry's hash covers its own fields and the previous entry's hash, so changing, removing or
reordering any entry breaks the chain from that point on, and ``verify`` names the first broken
entry. Personal values (names, e-mail addresses) enter the chain only as salted SHA-256 hashes;
the values and salts sit in ``audit_personal`` and can be erased after the retention period
without touching the chain.

Every entry also carries a globally unique event id and a per-desk sequence number, so entries
from several desks can later be merged idempotently.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from desk_app.domain.clock import now_iso
from desk_app.storage.db import Store

__all__ = ["GENESIS", "AuditEntry", "VerifyResult", "append", "entries", "now_iso", "verify"]

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    """The one JSON form that is hashed: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def personal_hash(salt: str, value: str) -> str:
    return "sha256:" + hashlib.sha256((salt + "\x00" + value).encode("utf-8")).hexdigest()


def entry_hash(row: dict[str, Any]) -> str:
    body = [
        row["seq"], row["event_id"], row["ts"], row["desk"], row["desk_seq"], row["actor"],
        row["action"], row["object"], row["details"], row["prev_hash"],
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
    db: sqlite_utils.Database,
    *,
    desk: str,
    actor: str,
    action: str,
    obj: str,
    details: dict[str, Any] | None = None,
    personal: dict[str, str | None] | None = None,
    ts: str | None = None,
) -> AuditEntry:
    """Append one entry. Must run inside ``Store.transaction()`` together with the change it logs."""
    if not db.conn.in_transaction:
        raise RuntimeError("audit.append must run inside the transaction of the change it records")
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    desk_seq = db.execute(
        "SELECT COALESCE(MAX(desk_seq), 0) + 1 FROM audit WHERE desk = ?", [desk]
    ).fetchone()[0]
    body = dict(details or {})
    salts: list[tuple[str, str, str]] = []
    for field, value in (personal or {}).items():
        if value is None or value == "":
            body[field] = None
            continue
        salt = secrets.token_hex(16)
        body[field] = personal_hash(salt, value)
        salts.append((field, salt, value))
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
    return AuditEntry(
        seq, row["event_id"], row["ts"], desk, desk_seq, actor, action, obj, body, row["hash"]
    )


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    head: str
    first_bad_seq: int | None = None
    reason: str = ""


def verify(store: Store) -> VerifyResult:
    """Recompute the whole chain; report the first entry whose hash or link does not hold."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    personal: dict[int, list[dict[str, Any]]] = {}
    for p in store.query("SELECT seq, field, salt, value FROM audit_personal"):
        personal.setdefault(int(p["seq"]), []).append(p)  # type: ignore[arg-type]
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
            if details.get(p["field"]) != personal_hash(p["salt"], p["value"]):
                return VerifyResult(
                    False, count, prev, seq, f"personal field {p['field']!r} does not match its hash"
                )
        prev = row["hash"]
        expected_seq += 1
        count += 1
    return VerifyResult(True, count, prev)


def entries(store: Store, since_seq: int = 0) -> list[AuditEntry]:
    return [
        AuditEntry(
            r["seq"], r["event_id"], r["ts"], r["desk"], r["desk_seq"], r["actor"], r["action"],
            r["object"], json.loads(r["details"]), r["hash"],
        )
        for r in store.db.query("SELECT * FROM audit WHERE seq > ? ORDER BY seq", [since_seq])
    ]
