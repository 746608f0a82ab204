"""The check-in desk: verdicts, check-ins, passes, leaving and coming back, supervisor actions.

Reading a card changes nothing; every step that changes state (a check-in, a print result, a
reprint, a replacement, a substitute, leaving, coming back, an undo, an override) is one
transaction with one audit entry. Invariants are checked again inside the transaction, so two
desks scanning the same card at the same moment cannot both issue a pass — and the store's
unique index would refuse it even if they tried.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from desk_app.domain import token as tokens
from desk_app.domain.checkin import (
    PASS_STATUS,
    T_ACCEPTED,
    T_ALREADY,
    T_NO_VOTING_RIGHT,
    T_OTHER_MEETING,
    T_PASS,
    T_REVOKED,
    T_UNKNOWN,
    PassInfo,
    Verdict,
    VerdictKind,
    check_pin,
    hash_pin,
)
from desk_app.domain.clock import local_time
from desk_app.domain.mandate import normalise_role, role_label
from desk_app.domain.search import score
from desk_app.domain.text import DeskError, Text
from desk_app.services.meeting import Actor
from desk_app.storage import audit
from desk_app.storage import desk as repo
from desk_app.storage import meeting as meeting_repo
from desk_app.storage.db import Store

log = logging.getLogger("stembalie.desk")

T_UNKNOWN_MUNICIPALITY = Text(
    "De kaart is echt, maar gemeente {code} staat niet in het ledenregister.",
    "The card is genuine, but municipality {code} is not in the member register.",
)
T_NOT_A_CARD = Text("Dit is geen stemkaart of stempas.", "This is not a voting card or voting pass.")
T_NEED_REASON = Text(
    "Geef een reden op; die wordt vastgelegd.", "Give a reason; it is recorded."
)
T_BAD_PIN = Text(
    "Onjuiste pincode van de supervisor. Er is niets gewijzigd.",
    "Wrong supervisor PIN. Nothing was changed.",
)
T_NO_PIN = Text(
    "Er is nog geen supervisor-pincode ingesteld (desk-app supervisor-pin).",
    "No supervisor PIN has been set yet (desk-app supervisor-pin).",
)
T_PIN_SHORT = Text("De pincode moet minstens 4 cijfers hebben.", "The PIN must have at least 4 digits.")
T_NO_PASS = Text("Stempas {serial} bestaat niet.", "Voting pass {serial} does not exist.")
T_PASS_STATE = Text(
    "Stempas {serial} is {status}; deze handeling kan dan niet.",
    "Voting pass {serial} is {status}; this action is not possible then.",
)
T_NAME = Text("Vul de naam in van wie de kaart toont.", "Enter the name of the person presenting the card.")
T_NOT_ACCEPTED = Text(
    "Deze kaart is niet toegelaten; er kan geen stempas worden uitgegeven.",
    "This card was not accepted; no voting pass can be issued.",
)
T_MANUAL = Text("(handmatig opgezocht)", "(looked up by hand)")


@dataclass(frozen=True)
class Counters:
    present_members: int
    present_votes: int
    total_members: int
    total_votes: int


@dataclass(frozen=True)
class PresenceRow:
    code: str
    name: str
    votes: int
    status: str  # 'active', 'away' or 'absent'
    serial: int | None
    holder_name: str | None
    holder_role: str | None
    since: str | None
    desk: str | None
    print_state: str | None


@dataclass(frozen=True)
class Match:
    code: str
    name: str
    votes: int
    score: int


class DeskService:
    def __init__(self, store: Store, actor: Actor, clock: Callable[[], str] = audit.now_iso) -> None:
        self.store = store
        self.actor = actor
        self.clock = clock
        m = meeting_repo.load_meeting(store)
        if m is None:
            raise DeskError("meeting.missing", Text("Geen vergadering in dit bestand.", "No meeting in this file."))
        self.meeting = m

    # -- reading a card ---------------------------------------------------------------------------
    def scan(self, text: str) -> Verdict:
        """The verdict for a scanned (or typed) barcode. Changes nothing; refusals are logged."""
        try:
            parsed = tokens.parse_token(text)
            tokens.verify_token(parsed, self.meeting.meeting_no, self.meeting.secret)
        except DeskError as err:
            if err.code == "token.other_meeting":
                v = Verdict(VerdictKind.OTHER_MEETING, *T_OTHER_MEETING,
                            params={"other": err.params.get("token_meeting", "?"), "this": self.meeting.meeting_no})
            else:
                v = Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": err.message()})
            log.info("scan refused at %s: %s (%s)", self.actor.desk, err.code, text[:40])
            return v
        if parsed.kind is tokens.TokenKind.PASS:
            assert parsed.serial is not None
            return self.pass_verdict(parsed.serial)
        if parsed.kind is not tokens.TokenKind.CARD:
            log.info("scan refused at %s: not a card (%s)", self.actor.desk, text[:40])
            return Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": T_NOT_A_CARD.render()})
        assert parsed.municipality_code is not None and parsed.version is not None
        return self._member_verdict(parsed.municipality_code, parsed.version, None)

    def lookup(self, query: str, limit: int = 8) -> list[Match]:
        """Manual look-up by name or code ("Súdwest", "0363", "den haag")."""
        found = []
        for r in self.store.query("SELECT code, name, votes FROM members"):
            s = score(query, str(r["name"]), str(r["code"]))
            if s:
                found.append(Match(str(r["code"]), str(r["name"]), int(r["votes"]), s))  # type: ignore[arg-type]
        found.sort(key=lambda m: (-m.score, m.name))
        return found[:limit]

    def manual_verdict(self, code: str, reason: str) -> Verdict:
        """The verdict for a municipality chosen by hand; the reason goes into the check-in entry."""
        if not reason.strip():
            raise DeskError("desk.reason", T_NEED_REASON)
        return self._member_verdict(code, None, reason.strip())

    def _member_verdict(self, code: str, version: int | None, manual_reason: str | None) -> Verdict:
        member = repo.member(self.store, code)
        if member is None:
            return Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": T_UNKNOWN_MUNICIPALITY.render(code=code)})
        name, votes = str(member["name"]), int(member["votes"])
        rep = meeting_repo.load_designations(self.store).get(code)
        common = {
            "code": code, "municipality": name, "votes": votes, "card_version": version,
            "rep_name": rep.name if rep else None, "rep_role": rep.role if rep else None,
            "manual_reason": manual_reason,
        }
        params: dict[str, object] = {"municipality": name, "votes": votes}
        if member["no_vote_reason"]:
            return Verdict(VerdictKind.NO_VOTING_RIGHT, *T_NO_VOTING_RIGHT,
                           params={**params, "reason": member["no_vote_reason"]}, **common)  # type: ignore[arg-type]
        if version is not None:
            current = repo.current_card_version(self.store, code)
            if version != current:
                old = next((c for c in repo.cards_of(self.store, code) if c["version"] == version), None)
                if version < current:
                    return Verdict(VerdictKind.REVOKED, *T_REVOKED, params={
                        **params, "version": version, "current": current,
                        "revoked_at": (old or {}).get("revoked_at") or "?",
                        "revoked_by": (old or {}).get("revoked_by") or "?",
                        "revoked_reason": (old or {}).get("revoked_reason") or "-",
                    }, **common)  # type: ignore[arg-type]
                # A version newer than any issued: a genuine MAC makes this a bug, not a forgery.
                return Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": T_NOT_A_CARD.render()})
        existing = repo.live_pass(self.store, code)
        if existing is not None:
            return Verdict(VerdictKind.ALREADY, *T_ALREADY, params={
                **params, "time": local_time(existing.issued_at), "desk": existing.desk,
                "serial": existing.serial, "holder": self._holder(existing),
            }, existing=existing, **common)  # type: ignore[arg-type]
        return Verdict(VerdictKind.ACCEPTED, *T_ACCEPTED, params=params, **common)  # type: ignore[arg-type]

    def pass_verdict(self, serial: int) -> Verdict:
        p = repo.pass_by_serial(self.store, serial)
        if p is None:
            return Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": T_NO_PASS.render(serial=serial)})
        member = repo.member(self.store, p.code) or {"name": p.code, "votes": 0}
        return Verdict(VerdictKind.PASS, *T_PASS, params={
            "serial": serial, "municipality": member["name"], "votes": member["votes"],
            "status": PASS_STATUS[p.status].render(), "holder": self._holder(p),
        }, code=p.code, municipality=str(member["name"]), votes=int(member["votes"]), existing=p)

    @staticmethod
    def _holder(p: PassInfo) -> str:
        return f"{p.holder_name or '?'}, {role_label(p.holder_role)}"

    # -- checking in ------------------------------------------------------------------------------
    def check_in(self, verdict: Verdict, *, name: str, role: str) -> PassInfo:
        """Issue the stempas for an accepted verdict to the person presenting the card."""
        if not verdict.accepted or verdict.code is None:
            raise DeskError("desk.not_accepted", T_NOT_ACCEPTED)
        canonical_role = self._person(name, role)
        with self.store.transaction() as db:
            self._refuse_if_live(db, verdict.code)
            if verdict.card_version is not None:
                self._refuse_if_revoked(verdict.code, verdict.card_version)
            p = self._issue(db, verdict.code, name, canonical_role, verdict.card_version,
                            verdict.manual_reason, replaces=None)
            audit.append(
                db, desk=self.actor.desk, actor=self.actor.user, action="checkin", obj=verdict.code,
                details={"serial": p.serial, "role": canonical_role, "card_version": verdict.card_version,
                         "manual_reason": verdict.manual_reason, "votes": verdict.votes},
                personal={"name": name.strip()},
            )
        return p

    def check_in_token(self, text: str, *, name: str, role: str) -> tuple[Verdict, PassInfo | None]:
        """Scan and check in in one go (the CLI and rehearsals)."""
        verdict = self.scan(text)
        if not verdict.accepted:
            return verdict, None
        return verdict, self.check_in(verdict, name=name, role=role)

    def _person(self, name: str, role: str) -> str:
        if not name.strip():
            raise DeskError("desk.name", T_NAME)
        try:
            return normalise_role(role)
        except DeskError:
            log.info("role refused at %s: %r", self.actor.desk, role)
            raise

    def _refuse_if_live(self, db, code: str) -> None:  # type: ignore[no-untyped-def]
        existing = repo.live_pass(db, code)
        if existing is not None:
            member = repo.member(self.store, code) or {"name": code}
            raise DeskError("desk.already", T_ALREADY[1], {
                "municipality": member["name"], "time": local_time(existing.issued_at), "desk": existing.desk,
                "serial": existing.serial, "holder": self._holder(existing),
            })

    def _refuse_if_revoked(self, code: str, version: int) -> None:
        current = repo.current_card_version(self.store, code)
        if version != current:
            raise DeskError("desk.revoked", T_REVOKED[0])

    def _issue(self, db, code: str, name: str, role: str, card_version: int | None,  # type: ignore[no-untyped-def]
               manual_reason: str | None, replaces: int | None) -> PassInfo:
        serial = repo.next_serial(db)
        ts = self.clock()
        row = {
            "serial": serial, "event_id": str(uuid.uuid4()), "code": code,
            "token": tokens.make_pass_token(self.meeting.meeting_no, self.meeting.secret, serial),
            "holder_name": name.strip(), "holder_role": role, "card_version": card_version,
            "manual_reason": manual_reason, "desk": self.actor.desk, "issued_at": ts,
            "status": "active", "status_at": ts, "replaces": replaces,
        }
        repo.insert_pass(db, row)
        p = repo.pass_by_serial(db, serial)
        assert p is not None
        return p

    # -- printing ---------------------------------------------------------------------------------
    def record_print(self, serial: int, ok: bool, error: str | None = None) -> None:
        """After the printer answered: 'printed', or 'niet afgedrukt' with the error (reprintable)."""
        with self.store.transaction() as db:
            self._get(db, serial)
            repo.set_print_state(db, serial, "printed" if ok else "failed", None if ok else (error or "?"))
            audit.append(db, desk=self.actor.desk, actor=self.actor.user,
                         action="pass.printed" if ok else "pass.print_failed", obj=str(serial),
                         details={"error": error} if not ok else {})

    def reprint(self, serial: int, *, pin: str, reason: str) -> PassInfo:
        """Allow another print of a live pass (supervisor); the print result is recorded after."""
        self._supervisor(pin, reason)
        with self.store.transaction() as db:
            p = self._get(db, serial, allowed=("active", "away"))
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="pass.reprint",
                         obj=str(serial), details={"reason": reason.strip(), "code": p.code})
        return p

    # -- changes to a pass ------------------------------------------------------------------------
    def replace_lost(self, serial: int, *, pin: str, reason: str) -> PassInfo:
        """A lost pass: the old one becomes invalid and the same holder gets a new one (supervisor)."""
        self._supervisor(pin, reason)
        with self.store.transaction() as db:
            old = self._get(db, serial, allowed=("active", "away"))
            ts = self.clock()
            repo.set_status(db, serial, "replaced", ts, reason.strip())
            new = self._issue(db, old.code, old.holder_name or "", old.holder_role, None, None, replaces=serial)
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="pass.replace_lost",
                         obj=old.code, details={"old": serial, "new": new.serial, "reason": reason.strip()})
        return new

    def substitute(self, serial: int, *, name: str, role: str) -> PassInfo:
        """Another eligible person of the same municipality takes over: old pass returned, new issued."""
        canonical_role = self._person(name, role)
        with self.store.transaction() as db:
            old = self._get(db, serial, allowed=("active", "away"))
            ts = self.clock()
            repo.set_status(db, serial, "returned", ts, "substitute")
            new = self._issue(db, old.code, name, canonical_role, None, None, replaces=serial)
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="pass.substitute",
                         obj=old.code, details={"old": serial, "new": new.serial, "role": canonical_role},
                         personal={"name": name.strip()})
        return new

    def leave(self, serial: int) -> PassInfo:
        """The holder hands in the pass and leaves the hall: the votes are no longer present."""
        return self._move(serial, "active", "away", "pass.leave")

    def come_back(self, serial: int) -> PassInfo:
        """The holder comes back and gets the same pass again."""
        return self._move(serial, "away", "active", "pass.return")

    def _move(self, serial: int, src: str, dst: str, action: str) -> PassInfo:
        with self.store.transaction() as db:
            p = self._get(db, serial, allowed=(src,))
            repo.set_status(db, serial, dst, self.clock(), None)
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action=action, obj=p.code,
                         details={"serial": serial})
        got = repo.pass_by_serial(self.store, serial)
        assert got is not None
        return got

    def undo(self, serial: int, *, pin: str, reason: str) -> None:
        """Undo a check-in made in error (supervisor): the pass becomes invalid."""
        self._supervisor(pin, reason)
        with self.store.transaction() as db:
            p = self._get(db, serial, allowed=("active", "away"))
            repo.set_status(db, serial, "undone", self.clock(), reason.strip())
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="checkin.undo",
                         obj=p.code, details={"serial": serial, "reason": reason.strip()})

    def override_already(self, verdict: Verdict, *, name: str, role: str, pin: str, reason: str) -> PassInfo:
        """A false "already registered": the supervisor voids the recorded pass and admits this person."""
        if verdict.kind is not VerdictKind.ALREADY or verdict.existing is None or verdict.code is None:
            raise DeskError("desk.not_accepted", T_NOT_ACCEPTED)
        self._supervisor(pin, reason)
        canonical_role = self._person(name, role)
        with self.store.transaction() as db:
            old = self._get(db, verdict.existing.serial, allowed=("active", "away"))
            repo.set_status(db, old.serial, "undone", self.clock(), "override: " + reason.strip())
            new = self._issue(db, verdict.code, name, canonical_role, verdict.card_version,
                              verdict.manual_reason, replaces=old.serial)
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="checkin.override",
                         obj=verdict.code, details={"old": old.serial, "new": new.serial, "role": canonical_role,
                                                    "reason": reason.strip(), "card_version": verdict.card_version},
                         personal={"name": name.strip()})
        return new

    def _get(self, db, serial: int, allowed: tuple[str, ...] | None = None) -> PassInfo:  # type: ignore[no-untyped-def]
        p = repo.pass_by_serial(db, serial)
        if p is None:
            raise DeskError("desk.no_pass", T_NO_PASS, {"serial": serial})
        if allowed and p.status not in allowed:
            raise DeskError("desk.pass_state", T_PASS_STATE, {"serial": serial, "status": PASS_STATUS[p.status]})
        return p

    # -- supervisor -------------------------------------------------------------------------------
    def set_supervisor_pin(self, pin: str) -> None:
        if len(pin) < 4 or not pin.isdigit():
            raise DeskError("supervisor.pin_short", T_PIN_SHORT)
        with self.store.transaction() as db:
            repo.set_supervisor_pin(db, hash_pin(pin))
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="supervisor.pin", obj="meeting")

    def _supervisor(self, pin: str, reason: str) -> None:
        stored = repo.supervisor_pin(self.store)
        if not stored:
            raise DeskError("supervisor.no_pin", T_NO_PIN)
        if not reason.strip():
            raise DeskError("desk.reason", T_NEED_REASON)
        if not check_pin(pin, stored):
            log.warning("wrong supervisor PIN at %s", self.actor.desk)
            raise DeskError("supervisor.bad_pin", T_BAD_PIN)

    # -- overview ---------------------------------------------------------------------------------
    def presence(self) -> list[PresenceRow]:
        return [
            PresenceRow(
                code=str(r["code"]), name=str(r["name"]), votes=int(r["votes"]),  # type: ignore[arg-type]
                status=str(r["status"]) if r["status"] else "absent",
                serial=r["serial"], holder_name=r["holder_name"], holder_role=r["holder_role"],  # type: ignore[arg-type]
                since=r["status_at"], desk=r["desk"], print_state=r["print_state"],  # type: ignore[arg-type]
            )
            for r in repo.presence(self.store)
        ]

    def counters(self) -> Counters:
        rows = repo.presence(self.store)
        present = [r for r in rows if r["status"] == "active"]
        return Counters(
            present_members=len(present), present_votes=sum(int(r["votes"]) for r in present),  # type: ignore[arg-type]
            total_members=len(rows), total_votes=sum(int(r["votes"]) for r in rows),  # type: ignore[arg-type]
        )

    def active_passes(self) -> list[tuple[int, str, int]]:
        """(serial, municipality code, votes) of every pass present now: a vote's snapshot."""
        return [(int(r["serial"]), str(r["code"]), int(r["votes"])) for r in repo.active_passes(self.store)]  # type: ignore[arg-type]

    def supervisor_actions(self) -> list[audit.AuditEntry]:
        """Overrides, undos, reprints and replacements, for the report."""
        wanted = {"checkin.override", "checkin.undo", "pass.reprint", "pass.replace_lost"}
        return [e for e in audit.entries(self.store) if e.action in wanted]
