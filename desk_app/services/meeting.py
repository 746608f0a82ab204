"""Preparing a meeting: create it, load the register and the designations, open it.

Each public method is one use case: one transaction and one audit entry. Imports are parsed and
validated completely before the transaction starts, so a refused file changes nothing.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desk_app.domain import register as reg
from desk_app.domain.limits import FileKind, TextKind, check_file, check_text
from desk_app.domain.mandate import (
    T_REPS_FILE,
    Designation,
    designee_problem,
    normalise_role,
    parse_designations,
    valid_email,
)
from desk_app.domain.meeting import Meeting, MeetingSettings, changed_settings
from desk_app.domain.table import Sheet
from desk_app.domain.text import DeskError, Text, counted
from desk_app.services.sheets import is_workbook, table
from desk_app.storage import audit
from desk_app.storage import meeting as repo
from desk_app.storage import votes as votes_repo
from desk_app.storage.db import Store

T_FROZEN = Text(
    "De vergadering is geopend: de stemgewichten liggen vast en het ledenregister kan niet meer worden gewijzigd.",
    "The meeting is open: the weights are frozen and the member register can no longer be changed.",
)
T_NO_MEETING = Text(
    "Dit bestand bevat nog geen vergadering. Maak er een aan met 'desk-app init'.",
    "This file holds no meeting yet. Create one with 'desk-app init'.",
)
T_EXISTS = Text(
    "Er bestaat al een vergadering in {path}. Kies een ander bestand.",
    "A meeting already exists in {path}. Choose another file.",
)
T_UNKNOWN_CODE = Text(
    "Gemeentecode {code} staat niet in het ledenregister.",
    "Municipality code {code} is not in the member register.",
)
T_BAD_EMAIL = Text("E-mailadres '{value}' is ongeldig.", "E-mail address '{value}' is invalid.")
T_ALREADY_OPEN = Text("De vergadering is al geopend.", "The meeting is already open.")
T_SETTINGS_PIN = Text(
    "De vergadering is geopend: een vergaderinstelling wijzigen vraagt de pincode van de coördinator. "
    "Er is niets gewijzigd.",
    "The meeting is open: changing a meeting setting needs the coordinator PIN. Nothing was changed.",
)
T_NO_CHANGES = Text(
    "Er is geen vergaderinstelling opgegeven om te wijzigen.", "No meeting setting was given to change."
)
T_DROPS_USED = Text(
    "Het ledenregister is niet ingelezen: het laat {count} weg die al in deze vergadering "
    "voorkomen: {codes}. Een gemeente met een stemkaart, stempas, stemming of indiening blijft in het register. "
    "Lees het volledige register in (of maak voor een ander register een nieuwe vergadering).",
    "The member register was not imported: it leaves out {count} already used in this "
    "meeting: {codes}. A municipality with a voting card, pass, vote or submission stays in the register. "
    "Import the complete register (or make a new meeting for another register).",
)
T_MUNICIPALITY = Text("{n} gemeente", "{n} municipality")
T_MUNICIPALITIES = Text("{n} gemeenten", "{n} municipalities")
# What refers to a municipality, by table (storage.meeting.codes_in_use) or the agenda.
_USE_WORDS = {
    "cards": Text("stemkaart", "voting card"),
    "card_mail": Text("verzonden stemkaart", "card sent"),
    "passes": Text("stempas", "voting pass"),
    "vote_snapshot": Text("stemming", "vote"),
    "vote_records": Text("stemming", "vote"),
    "agenda": Text("indiener op de agenda", "submitter on the agenda"),
}


def meeting_year(date: str) -> int | None:
    """The year of a meeting date ``YYYY-MM-DD``; None when it is not one (then nothing is checked)."""
    try:
        return _dt.date.fromisoformat(date).year
    except ValueError:
        return None


def _remove_new_file(path: Path) -> None:
    """A meeting file made by a create that failed, with SQLite's side files."""
    for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        p.unlink(missing_ok=True)


@dataclass(frozen=True)
class MemberRow:
    """A member as the register screen and ``members --json`` show it."""

    code: str
    name: str
    province: str
    population: int
    votes: int
    rep_name: str | None
    rep_role: str | None
    email: str | None


@dataclass(frozen=True)
class Actor:
    """Who does something, at which desk: written into every audit entry."""

    desk: str = "secretariaat"
    user: str = "secretariaat"


def _bounded(data: bytes, kind: FileKind, what: Text) -> bytes | list[Sheet]:
    """A file held to the one table of limits (``domain.limits``: size, line length) before any
    parser reads it, then as the parsers take it (CSV bytes or a workbook's sheets)."""
    check_file(data, kind, text=not is_workbook(data))
    return table(data, what)


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class MeetingService:
    def __init__(self, store: Store, actor: Actor) -> None:
        self.store = store
        self.actor = actor

    # -- creating -------------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path,
        *,
        name: str,
        date: str,
        place: str,
        register_csv: bytes,
        register_source: str,
        desks: list[str] | None = None,
        settings: MeetingSettings | None = None,
        actor: Actor | None = None,
        allow_removable: bool = False,
    ) -> MeetingService:
        """Make a new meeting file with its register; refuses to touch an existing meeting.

        ``register_csv``: the register's file as it is (CSV or ``.xlsx``). All or nothing: a refused
        register (checked first, with the meeting's year as its reference date) and anything that
        fails while the file is made leave no meeting file behind. ``allow_removable``: the user
        confirmed a live meeting on removable media or a network share (refused otherwise).
        """
        # refuse a bad file (or hostile text: domain.limits) before creating anything
        name, place = check_text(name, TextKind.TITLE), check_text(place, TextKind.TITLE)
        members = reg.parse_register(
            _bounded(register_csv, FileKind.REGISTER, reg.T_REGISTER_FILE), year=meeting_year(date)
        )
        if path.exists() and path.stat().st_size > 0:
            with Store.open(path, allow_removable=allow_removable) as existing:
                if repo.load_meeting(existing) is not None:
                    raise DeskError("meeting.exists", T_EXISTS, {"path": str(path)})
        fresh = not path.exists() or path.stat().st_size == 0
        store = Store.open(path, create=True, allow_removable=allow_removable)
        try:
            service = cls(store, actor or Actor())
            row = repo.new_meeting_row(name, date, place, desks or ["balie-1"], settings or MeetingSettings())
            with store.transaction() as db:
                repo.insert_meeting(db, row)
                repo.replace_members(db, members, register_source)
                t = reg.totals(members)
                audit.append(
                    db,
                    desk=service.actor.desk,
                    actor=service.actor.user,
                    action="meeting.create",
                    obj="meeting",
                    details={
                        "name": name,
                        "date": date,
                        "place": place,
                        "meeting_no": row["meeting_no"],
                        "register_source": register_source,
                        "register_sha256": file_digest(register_csv),
                        "members": t.members,
                        "votes": t.votes,
                        "population": t.population,
                        **audit.meeting_seal(db),
                    },
                )
        except BaseException:
            # A half-made file would be taken for a meeting next time: close it and take it away.
            store.close()
            if fresh:
                _remove_new_file(path)
            raise
        return service

    # -- reading --------------------------------------------------------------------------------
    def meeting(self) -> Meeting:
        m = repo.load_meeting(self.store)
        if m is None:
            raise DeskError("meeting.missing", T_NO_MEETING)
        return m

    def members(self) -> list[reg.Member]:
        return repo.load_members(self.store)

    def totals(self) -> reg.RegisterTotals:
        return reg.totals(self.members())

    def designations(self) -> dict[str, Designation]:
        return repo.load_designations(self.store)

    def member_rows(self) -> list[MemberRow]:
        reps = self.designations()
        rows = []
        for m in self.members():
            d = reps.get(m.code)
            rows.append(
                MemberRow(
                    m.code,
                    m.name,
                    m.province,
                    m.population,
                    m.votes,
                    d.name if d else None,
                    d.role if d else None,
                    d.email if d else None,
                )
            )
        return rows

    def verify(self) -> tuple[audit.VerifyResult, list[str]]:
        """The audit chain recomputed, and SQLite's full integrity check (empty list = sound)."""
        return audit.verify(self.store), self.store.integrity_check()

    # -- changing -------------------------------------------------------------------------------
    def import_register(self, data: bytes, source: str) -> reg.RegisterTotals:
        """Replace the register from a CSV file; refused whole on any bad row or once opened."""
        meeting = self.meeting()
        # CSV or .xlsx; the reference date, when the file states one, must be 1 January of the meeting's year
        members = reg.parse_register(
            _bounded(data, FileKind.REGISTER, reg.T_REGISTER_FILE), year=meeting_year(meeting.date)
        )
        if meeting.is_open:
            raise DeskError("register.frozen", T_FROZEN)
        self._refuse_dropping_used(members, self.store)
        t = reg.totals(members)
        with self.store.transaction() as db:
            self._refuse_dropping_used(members, db)  # again under the write lock: a desk may issue a pass
            repo.replace_members(db, members, source)
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="register.import",
                obj="register",
                details={
                    "source": source,
                    "sha256": file_digest(data),
                    "members": t.members,
                    "votes": t.votes,
                    "population": t.population,
                    **audit.register_seal(db),
                },
            )
        return t

    def import_designations(self, data: bytes, source: str) -> int:
        """Load designations from CSV (all-or-nothing); existing ones for those codes are replaced."""
        items = self._parse_designations(data)
        with self.store.transaction() as db:
            repo.upsert_designations(db, items, audit.now_iso())
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="reps.import",
                obj="designations",
                details={
                    "source": source,
                    "sha256": file_digest(data),
                    "rows": len(items),
                    "codes": sorted(d.code for d in items),
                    "roles": {d.code: d.role for d in items},
                },
                personal={**{f"name:{d.code}": d.name for d in items}, **{f"email:{d.code}": d.email for d in items}},
            )
        return len(items)

    def _parse_designations(self, data: bytes) -> list[Designation]:
        """CSV or .xlsx, Dutch or English headers (domain.mandate.parse_designations)."""
        return parse_designations(_bounded(data, FileKind.DESIGNATIONS, T_REPS_FILE), (m.code for m in self.members()))

    def set_designation(self, code: str, *, name: str | None, role: str | None, email: str | None) -> Designation:
        """Record or correct one municipality's representative (a new audit entry, never an edit)."""
        if code not in {m.code for m in self.members()}:
            raise DeskError("reps.unknown_code", T_UNKNOWN_CODE, {"code": code})
        canonical_role = normalise_role(role) if role else None
        if (problem := designee_problem(name)) is not None:  # hostile text (domain.limits)
            raise problem
        if email and not valid_email(email):
            raise DeskError("reps.bad_email", T_BAD_EMAIL, {"value": email})
        item = Designation(code, name or None, canonical_role, email or None)
        with self.store.transaction() as db:
            repo.upsert_designations(db, [item], audit.now_iso())
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="reps.set",
                obj=code,
                details={"role": canonical_role},
                personal={"name": item.name, "email": item.email},
            )
        return item

    def change_settings(self, changes: Mapping[str, Any], *, pin: str | None = None) -> MeetingSettings:
        """Change meeting settings (majority base, present only, quorum, the hall's view of the
        result, the phase order of the voting order): one transaction, one audit entry.

        Every value is checked against its declaration (``domain.meeting``: type, ``choices``,
        ``minimum``) before anything is written; a bad one refuses the whole change. Once the
        meeting is open the coördinator's PIN is needed, checked by the desk's own check (a
        wrong PIN counts towards its lock-out). The entry carries the settings as stored
        (``audit.settings_seal``), so the replay of the record holds the meeting row to it.
        """
        if not changes:
            raise DeskError("settings.nothing", T_NO_CHANGES)
        meeting = self.meeting()
        new = changed_settings(meeting.settings, changes)  # refuses before the PIN is asked for
        if meeting.is_open:
            if not pin:
                raise DeskError("settings.pin", T_SETTINGS_PIN)
            from desk_app.services.desk import DeskService  # the desk builds on this module

            DeskService(self.store, self.actor).check_coordinator_pin(pin)
        before = meeting.settings.to_json()
        after = new.to_json()
        changed = sorted(k for k in after if after[k] != before.get(k))
        with self.store.transaction() as db:
            if repo.opened_at(db) is not None and not meeting.is_open:
                raise DeskError("settings.pin", T_SETTINGS_PIN)  # another desk opened it meanwhile
            repo.set_settings(db, new)
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="meeting.settings",
                obj="meeting",
                details={
                    "changed": changed,
                    "before": {k: before.get(k) for k in changed},
                    "after": {k: after[k] for k in changed},
                    "meeting_open": meeting.is_open,
                    **audit.settings_seal(db),
                },
            )
        return new

    def register_warnings(self) -> list[DeskError]:
        """Doubts about the register to show, and confirm, before the meeting opens (not refusals).

        Today one: a number of municipalities other than CBS's count for the meeting's year
        (``domain.register.CBS_MUNICIPALITIES``; a year not listed gives no warning).
        """
        year = meeting_year(self.meeting().date)
        warning = None if year is None else reg.count_warning(len(self.members()), year)
        return [] if warning is None else [warning]

    def _refuse_dropping_used(self, members: list[reg.Member], src: votes_repo.Source) -> None:
        """Refuse a register that leaves out a municipality with a card, pass, vote or submission."""
        keep = {m.code for m in members}
        used = {code: set(tables) for code, tables in repo.codes_in_use(src).items() if code not in keep}
        agenda = votes_repo.load_agenda(src)
        for item in agenda.items if agenda is not None else ():
            for code in item.indieners:
                if code not in keep:
                    used.setdefault(code, set()).add("agenda")
        if not used:
            return
        names = {m.code: m.name for m in repo.load_members(self.store)}

        def listed(lang: str) -> str:
            parts = []
            for code in sorted(used)[:20]:
                words = sorted({_USE_WORDS.get(t, Text(t, t)).render(lang) for t in used[code]})
                parts.append(f"{code} {names.get(code, '')} ({', '.join(words)})".replace("  ", " "))
            more = len(used) - 20
            return "; ".join(parts) + (f"; … (+{more})" if more > 0 else "")

        # Rendered here, per language: the list is text of its own (a DeskError renders no Text inside).
        n = counted(len(used), T_MUNICIPALITY, T_MUNICIPALITIES)
        text = Text(*(T_DROPS_USED.render(lang, count=n, codes=listed(lang)) for lang in ("nl", "en")))
        raise DeskError("register.drops_used", text, {})

    def open_meeting(self) -> Meeting:
        """Open the meeting: from now on the weights are frozen (the store refuses changes too)."""
        before = self.meeting()
        if before.is_open:
            raise DeskError("meeting.already_open", T_ALREADY_OPEN)
        t = self.totals()
        ts = audit.now_iso()
        with self.store.transaction() as db:
            repo.set_opened(db, ts)
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="meeting.open",
                obj="meeting",
                details={"members": t.members, "votes": t.votes, "opened_at": ts, **audit.weights_seal(db)},
            )
        return replace(before, opened_at=ts)  # not read again: once COMMIT returned it is open
