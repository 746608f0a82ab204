"""The check-in desk: verdicts, check-ins, passes, leaving and coming back, supervisor actions.

Reading a card changes nothing; every step that changes state (a check-in, a print result, a
reprint, a replacement, a substitute, leaving, coming back, an undo, an override) is one
transaction with one audit entry. Invariants are checked again inside the transaction, so two
desks scanning the same card at the same moment cannot both issue a pass — and the store's
unique index would refuse it even if they tried.

Issuing a stempas is one use case a view triggers and then shows: :meth:`DeskService.issue`
(and ``issue_substitute``, ``issue_replacement``, ``issue_override``, ``print_stempas``,
``reprint_stempas``) checks in, reads the stempas from the store (:func:`stempas_of`), prints it
through the injected :class:`PassPrinting` and records the print result, and returns an
:class:`Issued`. An ``announce`` callback hears of the pass as soon as it is committed, before
the printer is asked, so the clerk sees "issued" at once whatever the printer does. Which
action a pass allows is the domain's rule (:func:`desk_app.domain.checkin.refusal`).
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

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
    CardStanding,
    DeskMember,
    PassAction,
    PassInfo,
    PassStatus,
    PrintState,
    Verdict,
    VerdictKind,
    card_standing,
    check_pin,
    hash_pin,
    literal,
    refusal,
)
from desk_app.domain.clock import local_time
from desk_app.domain.mandate import normalise_role, role_label
from desk_app.domain.search import score
from desk_app.domain.text import DeskError, Text, Translator, language
from desk_app.services.meeting import Actor
from desk_app.services.stempas import T_NO_PASS, PassPrinting, stempas_of
from desk_app.storage import audit
from desk_app.storage import cards as cards_repo
from desk_app.storage import desk as repo
from desk_app.storage import meeting as meeting_repo
from desk_app.storage.db import Store

log = logging.getLogger("stembalie.desk")

#: Called with the :class:`Issued` pass once it is committed, before the printer is asked.
Announce = Callable[["Issued"], None]

T_UNKNOWN_MUNICIPALITY = Text(
    "De kaart is echt, maar gemeente {code} staat niet in het ledenregister.",
    "The card is genuine, but municipality {code} is not in the member register.",
)
T_NOT_A_CARD = Text("Dit is geen stemkaart of stempas.", "This is not a voting card or voting pass.")
T_NEED_REASON = Text(
    "Geef een reden op; die wordt vastgelegd.", "Give a reason; it is recorded."
)
T_BAD_PIN = Text(
    "Onjuiste pincode van de coördinator. Er is niets gewijzigd.",
    "Wrong coordinator PIN. Nothing was changed.",
)
T_NO_PIN = Text(
    "Er is nog geen pincode voor de coördinator ingesteld (desk-app supervisor-pin).",
    "No coordinator PIN has been set yet (desk-app supervisor-pin).",
)
T_PIN_SHORT = Text("De pincode moet minstens 4 cijfers hebben.", "The PIN must have at least 4 digits.")
T_NO_PRINTER = Text(
    "Er is geen printer ingesteld voor stempassen; kies er een bij 'Printer…'.",
    "No printer is set for voting passes; choose one under 'Printer…'.",
)
T_PRINT_NOT_RECORDED = Text(
    "Het afdrukken kon niet worden vastgelegd: {error}",
    "The print result could not be recorded: {error}",
)
T_NAME = Text("Vul de naam in van wie de kaart toont.", "Enter the name of the person presenting the card.")
T_NOT_ACCEPTED = Text(
    "Deze kaart is niet toegelaten; er kan geen stempas worden uitgegeven.",
    "This card was not accepted; no voting pass can be issued.",
)
T_MANUAL = Text("(handmatig opgezocht)", "(looked up by hand)")


#: The presence status of a municipality without a live pass (the others: a live PassStatus).
ABSENT = "absent"


class IssueKind(enum.StrEnum):
    """How a pass came to be printed."""

    CHECKIN = "checkin"  # an accepted card (or look-up): a new pass
    SUBSTITUTE = "substitute"  # another person of the same municipality: a new pass, the old one returned
    REPLACEMENT = "replacement"  # a lost pass: a new pass for the same holder (supervisor)
    OVERRIDE = "override"  # a false "already registered": a new pass, the old one void (supervisor)
    PRINT = "print"  # the first paper of an existing pass that never printed
    REPRINT = "reprint"  # another paper of a printed pass (supervisor)

    @property
    def new_pass(self) -> bool:
        return self not in (IssueKind.PRINT, IssueKind.REPRINT)


@dataclass(frozen=True)
class Printed:
    """What the printer answered. A failure leaves the pass standing: it is printed again later."""

    ok: bool
    path: Path | None = None  # the PDF file, when passes go to files
    error: str = ""  # why not, in the reader's language
    recorded: bool = True  # False: printed or not, the store could not record it (``error`` says why)


@dataclass(frozen=True)
class Issued:
    """A pass issued (or printed again) at this desk: what the view shows."""

    kind: IssueKind
    stempas: PassInfo  # as the store holds it after the print result was recorded
    member: DeskMember
    printed: Printed | None = None  # None: announced, the printer was not asked yet
    previous: int | None = None  # the serial of the pass this one took over from


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
    status: str  # a live PassStatus ('active', 'away') or ABSENT
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
    """The desk's use cases on one store.

    ``tr``: the language refusals and print errors are written in (the composition root's
    :class:`Translator`; without one, the process language). ``printer``: where passes go, set
    by the composition root (and changed by the desk's printer choice); without one, issuing
    still checks in and reports that nothing was printed.
    """

    def __init__(
        self,
        store: Store,
        actor: Actor,
        clock: Callable[[], str] = audit.now_iso,
        *,
        tr: Translator | None = None,
        printer: PassPrinting | None = None,
    ) -> None:
        self.store = store
        self.actor = actor
        self.clock = clock
        self.tr = tr or Translator(language())
        self.printer = printer
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
                reason = literal(err.message("nl"), err.message("en"))
                v = Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": reason})
            log.info("scan refused at %s: %s (%s)", self.actor.desk, err.code, text[:40])
            return v
        if parsed.kind is tokens.TokenKind.PASS:
            assert parsed.serial is not None
            return self.pass_verdict(parsed.serial)
        if parsed.kind is not tokens.TokenKind.CARD:
            log.info("scan refused at %s: not a card (%s)", self.actor.desk, text[:40])
            return Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": T_NOT_A_CARD})
        assert parsed.municipality_code is not None and parsed.version is not None
        return self._member_verdict(parsed.municipality_code, parsed.version, None)

    def lookup(self, query: str, limit: int = 8) -> list[Match]:
        """Manual look-up by name or code ("Súdwest", "0363", "den haag")."""
        found = []
        for member in repo.members(self.store):
            s = score(query, member.name, member.code)
            if s:
                found.append(Match(member.code, member.name, member.votes, s))
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
            reason = Text(T_UNKNOWN_MUNICIPALITY.nl.format(code=code), T_UNKNOWN_MUNICIPALITY.en.format(code=code))
            return Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": reason})
        rep = meeting_repo.load_designations(self.store).get(code)
        common = {
            "code": code,
            "municipality": member.name,
            "votes": member.votes,
            "card_version": version,
            "rep_name": rep.name if rep else None,
            "rep_role": rep.role if rep else None,
            "manual_reason": manual_reason,
        }
        params: dict[str, object] = {"municipality": member.name, "votes": member.votes}
        if member.no_vote_reason:
            return Verdict(
                VerdictKind.NO_VOTING_RIGHT,
                *T_NO_VOTING_RIGHT,
                params={**params, "reason": member.no_vote_reason},
                **common,  # type: ignore[arg-type]
            )
        if version is not None:
            cards = cards_repo.cards(self.store, code)
            standing = card_standing(version, [(c.version, c.revoked_at is not None) for c in cards])
            if standing is CardStanding.REVOKED:
                old = next((c for c in cards if c.version == version), None)
                current = next((c.version for c in cards if c.revoked_at is None), None)
                return Verdict(
                    VerdictKind.REVOKED,
                    *T_REVOKED,
                    params={
                        **params,
                        "version": version,
                        "current": current if current is not None else "?",
                        "revoked_at": (old.revoked_at if old else None) or "?",
                        "revoked_by": (old.revoked_by if old else None) or "?",
                        "revoked_reason": (old.revoked_reason if old else None) or "-",
                    },
                    **common,  # type: ignore[arg-type]
                )
            if standing is CardStanding.NEVER_ISSUED:
                # A version newer than any issued: a genuine MAC makes this a bug, not a forgery.
                return Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": T_NOT_A_CARD})
        existing = repo.live_pass(self.store, code)
        if existing is not None:
            return Verdict(
                VerdictKind.ALREADY,
                *T_ALREADY,
                params={
                    **params,
                    "time": local_time(existing.issued_at),
                    "desk": existing.desk,
                    "serial": existing.serial,
                    "holder": self._holder(existing),
                },
                existing=existing,
                **common,  # type: ignore[arg-type]
            )
        return Verdict(VerdictKind.ACCEPTED, *T_ACCEPTED, params=params, **common)  # type: ignore[arg-type]

    def pass_verdict(self, serial: int) -> Verdict:
        p = repo.pass_by_serial(self.store, serial)
        if p is None:
            return Verdict(
                VerdictKind.UNKNOWN,
                *T_UNKNOWN,
                params={"reason": Text(T_NO_PASS.nl.format(serial=serial), T_NO_PASS.en.format(serial=serial))},
            )
        member = self._member(p.code, serial)
        return Verdict(
            VerdictKind.PASS,
            *T_PASS,
            params={
                "serial": serial,
                "municipality": member.name,
                "votes": member.votes,
                "status": PASS_STATUS[p.status],
                "holder": self._holder(p),
            },
            code=p.code,
            municipality=member.name,
            votes=member.votes,
            existing=p,
        )

    def _member(self, code: str, serial: int | None = None) -> DeskMember:
        """The municipality of a pass: the store's foreign key keeps it in the register."""
        member = repo.member(self.store, code)
        if member is None:
            raise DeskError("desk.unknown_member", T_UNKNOWN_MUNICIPALITY, {"code": code})
        return member

    @staticmethod
    def _holder(p: PassInfo) -> Text:
        name = p.holder_name or "?"
        return literal(f"{name}, {role_label(p.holder_role, 'nl')}", f"{name}, {role_label(p.holder_role, 'en')}")

    # -- checking in ------------------------------------------------------------------------------
    def check_in(self, verdict: Verdict, *, name: str, role: str) -> PassInfo:
        """Issue the stempas for an accepted verdict to the person presenting the card."""
        if not verdict.accepted or verdict.code is None:
            raise DeskError("desk.not_accepted", T_NOT_ACCEPTED)
        canonical_role = self._person(name, role)
        with self.store.transaction() as db:
            self._refuse_if_live(db, verdict.code)
            if verdict.card_version is not None:
                self._refuse_if_revoked(db, verdict.code, verdict.card_version)
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
            member = repo.member(db, code)
            raise DeskError("desk.already", T_ALREADY[1], {
                "municipality": member.name if member else code, "time": local_time(existing.issued_at),
                "desk": existing.desk, "serial": existing.serial, "holder": self.tr(self._holder(existing)),
            })

    def _refuse_if_revoked(self, db, code: str, version: int) -> None:  # type: ignore[no-untyped-def]
        cards = [(c.version, c.revoked_at is not None) for c in cards_repo.cards(db, code)]
        if card_standing(version, cards) is not CardStanding.VALID:
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
            "status": PassStatus.ACTIVE.value, "status_at": ts, "replaces": replaces,
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
            state = PrintState.PRINTED if ok else PrintState.FAILED
            repo.set_print_state(db, serial, state, None if ok else (error or "?"))
            audit.append(db, desk=self.actor.desk, actor=self.actor.user,
                         action="pass.printed" if ok else "pass.print_failed", obj=str(serial),
                         details={"error": error} if not ok else {})

    def reprint(self, serial: int, *, pin: str, reason: str) -> PassInfo:
        """Allow another print of a live pass (supervisor); the print result is recorded after."""
        self._supervisor(pin, reason)
        with self.store.transaction() as db:
            p = self._get(db, serial, PassAction.REPRINT)
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="pass.reprint",
                         obj=str(serial), details={"reason": reason.strip(), "code": p.code})
        return p

    # -- changes to a pass ------------------------------------------------------------------------
    def replace_lost(self, serial: int, *, pin: str, reason: str) -> PassInfo:
        """A lost pass: the old one becomes invalid and the same holder gets a new one (supervisor)."""
        self._supervisor(pin, reason)
        with self.store.transaction() as db:
            old = self._get(db, serial, PassAction.LOST)
            ts = self.clock()
            repo.set_status(db, serial, PassStatus.REPLACED, ts, reason.strip())
            new = self._issue(db, old.code, old.holder_name or "", old.holder_role, None, None, replaces=serial)
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="pass.replace_lost",
                         obj=old.code, details={"old": serial, "new": new.serial, "reason": reason.strip()})
        return new

    def substitute(self, serial: int, *, name: str, role: str) -> PassInfo:
        """Another eligible person of the same municipality takes over: old pass returned, new issued."""
        canonical_role = self._person(name, role)
        with self.store.transaction() as db:
            old = self._get(db, serial, PassAction.SUBSTITUTE)
            ts = self.clock()
            repo.set_status(db, serial, PassStatus.RETURNED, ts, "substitute")
            new = self._issue(db, old.code, name, canonical_role, None, None, replaces=serial)
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="pass.substitute",
                         obj=old.code, details={"old": serial, "new": new.serial, "role": canonical_role},
                         personal={"name": name.strip()})
        return new

    def leave(self, serial: int) -> PassInfo:
        """The holder hands in the pass and leaves the hall: the votes are no longer present."""
        return self._move(serial, PassAction.LEAVE, PassStatus.AWAY, "pass.leave")

    def come_back(self, serial: int) -> PassInfo:
        """The holder comes back and gets the same pass again."""
        return self._move(serial, PassAction.RETURN, PassStatus.ACTIVE, "pass.return")

    def _move(self, serial: int, rule: PassAction, dst: PassStatus, action: str) -> PassInfo:
        with self.store.transaction() as db:
            p = self._get(db, serial, rule)
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
            p = self._get(db, serial, PassAction.UNDO)
            repo.set_status(db, serial, PassStatus.UNDONE, self.clock(), reason.strip())
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="checkin.undo",
                         obj=p.code, details={"serial": serial, "reason": reason.strip()})

    def override_already(self, verdict: Verdict, *, name: str, role: str, pin: str, reason: str) -> PassInfo:
        """A false "already registered": the supervisor voids the recorded pass and admits this person."""
        if verdict.kind is not VerdictKind.ALREADY or verdict.existing is None or verdict.code is None:
            raise DeskError("desk.not_accepted", T_NOT_ACCEPTED)
        self._supervisor(pin, reason)
        canonical_role = self._person(name, role)
        with self.store.transaction() as db:
            old = self._get(db, verdict.existing.serial, PassAction.OVERRIDE)
            repo.set_status(db, old.serial, PassStatus.UNDONE, self.clock(), "override: " + reason.strip())
            new = self._issue(db, verdict.code, name, canonical_role, verdict.card_version,
                              verdict.manual_reason, replaces=old.serial)
            audit.append(db, desk=self.actor.desk, actor=self.actor.user, action="checkin.override",
                         obj=verdict.code, details={"old": old.serial, "new": new.serial, "role": canonical_role,
                                                    "reason": reason.strip(), "card_version": verdict.card_version,
                                                    "manual_reason": verdict.manual_reason},
                         personal={"name": name.strip()})
        return new

    def _get(self, db, serial: int, action: PassAction | None = None) -> PassInfo:  # type: ignore[no-untyped-def]
        """The pass, if ``action`` may happen to it now (the domain's rule), else a refusal that says why."""
        p = repo.pass_by_serial(db, serial)
        if p is None:
            raise DeskError("desk.no_pass", T_NO_PASS, {"serial": serial})
        why = refusal(action, p.status, p.print_state) if action is not None else None
        if why is not None:
            raise DeskError("desk.pass_state", why, {"serial": serial})
        return p

    # -- issuing: check in (or take over), then print, as one use case ------------------------------
    def issue(self, verdict: Verdict, *, name: str, role: str, announce: Announce | None = None) -> Issued:
        """Check in the person presenting an accepted card, print the stempas, record the print."""
        p = self.check_in(verdict, name=name, role=role)
        return self._printed(IssueKind.CHECKIN, p, announce)

    def issue_substitute(self, serial: int, *, name: str, role: str, announce: Announce | None = None) -> Issued:
        """Another eligible person of the same municipality takes over pass ``serial``; print theirs."""
        p = self.substitute(serial, name=name, role=role)
        return self._printed(IssueKind.SUBSTITUTE, p, announce, previous=serial)

    def issue_replacement(self, serial: int, *, pin: str, reason: str, announce: Announce | None = None) -> Issued:
        """A lost pass (supervisor): void it, issue and print a new one for the same holder."""
        p = self.replace_lost(serial, pin=pin, reason=reason)
        return self._printed(IssueKind.REPLACEMENT, p, announce, previous=serial)

    def issue_override(
        self, verdict: Verdict, *, name: str, role: str, pin: str, reason: str, announce: Announce | None = None
    ) -> Issued:
        """A false "already registered" (supervisor): void the recorded pass, admit this person, print."""
        p = self.override_already(verdict, name=name, role=role, pin=pin, reason=reason)
        previous = verdict.existing.serial if verdict.existing else None
        return self._printed(IssueKind.OVERRIDE, p, announce, previous=previous)

    def print_stempas(self, serial: int, *, announce: Announce | None = None) -> Issued:
        """The first paper of a pass that never printed (the printer failed, the desk stopped): no PIN."""
        p = self._get(self.store.db, serial, PassAction.PRINT)
        return self._printed(IssueKind.PRINT, p, announce)

    def reprint_stempas(self, serial: int, *, pin: str, reason: str, announce: Announce | None = None) -> Issued:
        """Another paper of a printed pass (supervisor PIN and reason, logged)."""
        p = self.reprint(serial, pin=pin, reason=reason)
        return self._printed(IssueKind.REPRINT, p, announce)

    def _printed(self, kind: IssueKind, p: PassInfo, announce: Announce | None, previous: int | None = None) -> Issued:
        issued = Issued(kind, p, self._member(p.code, p.serial), None, previous)
        if announce is not None:
            announce(issued)
        printed = self._print(p.serial)
        return replace(issued, stempas=repo.pass_by_serial(self.store, p.serial) or p, printed=printed)

    def _print(self, serial: int) -> Printed:
        """Print stempas ``serial`` through the printer and record the answer (one transaction)."""
        path: Path | None = None
        error: str | None = None
        if self.printer is None:
            error = self.tr(T_NO_PRINTER)
        else:
            try:
                path = self.printer.print_pass(stempas_of(self.store, serial))
            except DeskError as err:  # PrintFailed, or a pass that cannot be printed: say why
                error = self.tr.error(err)
            except (OSError, RuntimeError, ValueError) as err:  # a layout or file problem: still recorded
                log.exception("printing pass %s failed", serial)
                error = str(err)
        try:
            self.record_print(serial, error is None, error)
        except DeskError as err:
            note = self.tr(T_PRINT_NOT_RECORDED, error=self.tr.error(err))
            return Printed(error is None, path, f"{error} {note}" if error else note, recorded=False)
        return Printed(error is None, path, error or "")

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
                code=str(r["code"]), name=str(r["name"]), votes=int(r["votes"]),
                status=PassStatus(r["status"]) if r["status"] else ABSENT,
                serial=r["serial"], holder_name=r["holder_name"], holder_role=r["holder_role"],
                since=r["status_at"], desk=r["desk"], print_state=r["print_state"],
            )
            for r in repo.presence(self.store)
        ]

    def counters(self) -> Counters:
        rows = repo.presence(self.store)
        present = [r for r in rows if r["status"] == PassStatus.ACTIVE]
        return Counters(
            present_members=len(present), present_votes=sum(int(r["votes"]) for r in present),
            total_members=len(rows), total_votes=sum(int(r["votes"]) for r in rows),
        )

    def active_passes(self) -> list[tuple[int, str, int]]:
        """(serial, municipality code, votes) of every pass present now: a vote's snapshot."""
        return [(int(r["serial"]), str(r["code"]), int(r["votes"])) for r in repo.active_passes(self.store)]

    def supervisor_actions(self) -> list[audit.AuditEntry]:
        """Overrides, undos, reprints and replacements, for the report."""
        wanted = {"checkin.override", "checkin.undo", "pass.reprint", "pass.replace_lost"}
        return [e for e in audit.entries(self.store) if e.action in wanted]
