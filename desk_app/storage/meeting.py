"""Repository for the meeting row, the member register and the designations."""

from __future__ import annotations

import json
import secrets
from typing import Any

from desk_app.domain.mandate import Designation
from desk_app.domain.meeting import Meeting, MeetingSettings
from desk_app.domain.register import Member
from desk_app.storage.audit import now_iso
from desk_app.storage.db import Store
from desk_app.storage.sql import Database, executemany, foreign_keys_to


def new_meeting_row(name: str, date: str, place: str, desks: list[str], settings: MeetingSettings) -> dict[str, Any]:
    return {
        "id": 1,
        "name": name,
        "date": date,
        "place": place,
        "meeting_no": 1000 + secrets.randbelow(9000),
        "secret": secrets.token_hex(32),
        "audit_salt": secrets.token_hex(16),
        "settings": json.dumps(settings.to_json(), sort_keys=True),
        "desks": json.dumps(desks),
        "created_at": now_iso(),
    }


def insert_meeting(db: Database, row: dict[str, Any]) -> None:
    db.execute(
        "INSERT INTO meeting (id, name, date, place, meeting_no, secret, audit_salt, settings, desks, "
        "created_at) VALUES (:id, :name, :date, :place, :meeting_no, :secret, :audit_salt, :settings, "
        ":desks, :created_at)",
        row,
    )


def load_meeting(store: Store) -> Meeting | None:
    rows = store.query("SELECT * FROM meeting WHERE id = 1")
    if not rows:
        return None
    r = rows[0]
    return Meeting(
        name=str(r["name"]),
        date=str(r["date"]),
        place=str(r["place"]),
        meeting_no=int(str(r["meeting_no"])),
        secret=bytes.fromhex(str(r["secret"])),
        settings=MeetingSettings.from_json(json.loads(str(r["settings"]))),
        desks=tuple(json.loads(str(r["desks"]))),
        opened_at=r["opened_at"],
        register_source=r["register_source"],
    )


def opened_at(src: Store | Database) -> str | None:
    """When the meeting was opened (None: not yet), read inside the caller's transaction."""
    rows = list(src.query("SELECT opened_at FROM meeting WHERE id = 1"))
    return None if not rows or rows[0]["opened_at"] is None else str(rows[0]["opened_at"])


def set_settings(db: Database, settings: MeetingSettings) -> None:
    """Store the meeting settings (the entry that records it carries ``audit.settings_seal``)."""
    db.execute("UPDATE meeting SET settings = ? WHERE id = 1", [json.dumps(settings.to_json(), sort_keys=True)])


def set_opened(db: Database, ts: str) -> None:
    db.execute("UPDATE meeting SET opened_at = ? WHERE id = 1 AND opened_at IS NULL", [ts])


def replace_members(db: Database, members: list[Member], source: str) -> None:
    """Replace the register wholesale; designations of municipalities that vanished go too."""
    codes = [m.code for m in members]
    marks = ",".join("?" * len(codes))
    db.execute(f"DELETE FROM designations WHERE code NOT IN ({marks})", codes)
    db.execute(f"DELETE FROM members WHERE code NOT IN ({marks})", codes)
    executemany(
        db,
        "INSERT INTO members (code, name, province, population, votes) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(code) DO UPDATE SET name=excluded.name, province=excluded.province, "
        "population=excluded.population, votes=excluded.votes",
        [(m.code, m.name, m.province, m.population, m.votes) for m in members],
    )
    db.execute("UPDATE meeting SET register_source = ? WHERE id = 1", [source])


def load_members(store: Store) -> list[Member]:
    return [
        Member(str(r["code"]), str(r["name"]), str(r["province"]), int(str(r["population"])))
        for r in store.query("SELECT code, name, province, population FROM members ORDER BY code")
    ]


def upsert_designations(db: Database, items: list[Designation], ts: str) -> None:
    executemany(
        db,
        "INSERT INTO designations (code, name, role, email, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(code) DO UPDATE SET name=excluded.name, role=excluded.role, "
        "email=excluded.email, updated_at=excluded.updated_at",
        [(d.code, d.name, d.role, d.email, ts) for d in items],
    )


def load_designations(store: Store) -> dict[str, Designation]:
    return {
        str(r["code"]): Designation(str(r["code"]), r["name"], r["role"], r["email"])
        for r in store.query("SELECT code, name, role, email FROM designations")
    }


def codes_in_use(src: Store | Database) -> dict[str, set[str]]:
    """Municipality codes that rows elsewhere refer to (cards, passes, votes…), with those tables.

    Found from the schema's own foreign keys to ``members(code)``, so a table added by a later
    migration is covered without a change here. Designations are left out: they belong to the
    register and go with their municipality.
    """
    found: dict[str, set[str]] = {}
    for table, column, ref in foreign_keys_to(src, "members"):
        if table == "designations" or ref not in ("code", ""):
            continue
        column = column.replace('"', '""')
        quoted = table.replace('"', '""')
        for r in src.query(f'SELECT DISTINCT "{column}" AS code FROM "{quoted}"'):  # noqa: S608 - names from the schema
            if r["code"] is not None:
                found.setdefault(str(r["code"]), set()).add(table)
    return found
