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

**One person, one pass.** A name that already holds a live pass (for any municipality), or that is
another municipality's designee, is refused (``desk.same_person``, naming the municipality and the
pass) unless the coördinator allows it with PIN and reason (a :class:`Coordinator`); the names
are compared by :func:`desk_app.domain.person.same_person`. Names and reasons are held to the
domain's limits (:mod:`desk_app.domain.limits`).

**Refused scans are logged, not audited.** :meth:`DeskService.scan` writes every refused scan
(desk, time, reason code, SHA-256 of what was read) to the desk's own append-only log in a small
transaction of its own, outside the audit chain: it changes nothing in the meeting. The same log
holds the coördinator PIN's attempts: five wrong PINs in a row lock the coördinator's actions for
a minute, for every desk of the meeting and across restarts.

**A record that does not hold stops the desk.** :meth:`DeskService.check_record` runs the whole
integrity check (the chain, the replayed tables, and the newest backup as an anchor:
:func:`desk_app.services.integrity.check_record`); while it has found the record broken, every
issuing use case is refused (``desk.stopped``) with a message for the coördinator. The desk panel
runs it at start and after every closed vote, the command line before every command that writes.
The outcome lives in a :class:`~desk_app.services.integrity.RecordGuard` the session shares with
the voting service, so a broken record stops the votes too.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from desk_app.domain import token as tokens
from desk_app.domain.checkin import (
    PASS_STATUS,
    PIN_ATTEMPTS,
    PIN_MAX_DIGITS,
    PIN_MIN_DIGITS,
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
    PinLock,
    PrintState,
    Verdict,
    VerdictKind,
    card_standing,
    check_pin,
    hash_pin,
    literal,
    pin_lock,
    refusal,
    refusal_code,
    valid_pin_format,
    votes_words,
)
from desk_app.domain.clock import local_time, parse_utc
from desk_app.domain.limits import TextKind, check_text
from desk_app.domain.mandate import normalise_role, role_label
from desk_app.domain.person import closeness, person_name, same_person
from desk_app.domain.search import score
from desk_app.domain.text import DeskError, Text, Translator
from desk_app.services.integrity import RecordCheck, RecordGuard, check_record
from desk_app.services.meeting import Actor
from desk_app.services.stempas import T_NO_PASS, PassPrinting, stempas_of
from desk_app.storage import audit
from desk_app.storage import cards as cards_repo
from desk_app.storage import desk as repo
from desk_app.storage import meeting as meeting_repo
from desk_app.storage.archive import committed_values
from desk_app.storage.db import Store, StoreError
from desk_app.storage.sql import Database

log = logging.getLogger("stembalie.desk")

#: Called with the :class:`Issued` pass once it is committed, before the printer is asked.
Announce = Callable[["Issued"], None]

T_UNKNOWN_MUNICIPALITY = Text(
    "De kaart is echt, maar gemeente {code} staat niet in het ledenregister.",
    "The card is genuine, but municipality {code} is not in the member register.",
)
T_NOT_A_CARD = Text("Dit is geen stemkaart of stempas.", "This is not a voting card or voting pass.")
T_NEED_REASON = Text("Geef een reden op; die wordt vastgelegd.", "Give a reason; it is recorded.")
T_BAD_PIN = Text(
    "Onjuiste pincode van de coördinator. Er is niets gewijzigd.",
    "Wrong coordinator PIN. Nothing was changed.",
)
T_BAD_PIN_LEFT = Text(
    "Onjuiste pincode van de coördinator. Er is niets gewijzigd. Na nog {left} onjuiste pogingen worden de "
    "handelingen van de coördinator een minuut geblokkeerd.",
    "Wrong coordinator PIN. Nothing was changed. After {left} more wrong attempts the coordinator's actions are "
    "locked for a minute.",
)
T_LOCKED = Text(
    "Te vaak een onjuiste pincode: de handelingen van de coördinator zijn geblokkeerd. Probeer het over {seconds} "
    "seconden opnieuw. Er is niets gewijzigd.",
    "Too many wrong PINs: the coordinator's actions are locked. Try again in {seconds} seconds. Nothing was changed.",
)
T_NO_PIN = Text(
    "Er is nog geen pincode voor de coördinator ingesteld (desk-app coordinator-pin).",
    "No coordinator PIN has been set yet (desk-app coordinator-pin).",
)
T_PIN_SHORT = Text(
    "De pincode moet uit {min} tot {max} cijfers bestaan (6 of meer is veiliger).",
    "The PIN must have {min} to {max} digits (6 or more is safer).",
)
T_PIN_CURRENT = Text(
    "Geef de huidige pincode van de coördinator om een nieuwe in te stellen (desk-app coordinator-pin NIEUW "
    "--current HUIDIG). Er is niets gewijzigd.",
    "Give the current coordinator PIN to set a new one (desk-app coordinator-pin NEW --current CURRENT). Nothing "
    "was changed.",
)
T_SAME_PERSON = Text(
    "{who_nl}. Eén persoon vertegenwoordigt maar één gemeente: er is geen stempas uitgegeven. Is het toch "
    "goed (een naamgenoot)? Alleen de coördinator kan toelaten, met pincode en reden.",
    "{who_en}. One person represents one municipality only: no voting pass was issued. Is it right all the same "
    "(someone with the same name)? Only the coordinator can admit, with PIN and reason.",
)
T_HOLDS_PASS = Text(
    "{name} heeft al stempas {serial} voor {municipality} ({holder})",
    "{name} already holds voting pass {serial} for {municipality} ({holder})",
)
T_DESIGNEE = Text(
    "{name} is de aangewezen vertegenwoordiger van {municipality} ({designee})",
    "{name} is the designated representative of {municipality} ({designee})",
)
T_DESIGNEE_OF = Text(
    "{name} is de aangewezen vertegenwoordiger van {which}",
    "{name} is the designated representative of {which}",
)
T_MORE_CLASHES = (
    Text("en nog 1 andere gemeente", "and 1 other municipality"),
    Text("en nog {count} andere gemeenten", "and {count} other municipalities"),
)
#: How many clashes a refusal names (the closest first); the rest are counted, so that the message
#: stays readable at the desk however many people share a name.
CLASHES_NAMED = 3
T_STOPPED = Text(
    "Registratie gestopt: het vergaderbestand klopt niet meer ({detail}). Roep de coördinator.",
    "Registration stopped: the meeting file no longer holds ({detail}). Call the coordinator.",
)
T_UNKNOWN_PASS = (
    Text("ONBEKENDE STEMPAS", "UNKNOWN VOTING PASS"),
    Text(
        "{reason} Deze stempas geldt niet: neem hem in en roep de coördinator.",
        "{reason} This voting pass does not count: take it in and call the coordinator.",
    ),
)
T_PASS_OTHER_MEETING = Text(
    "Dit is geen echte stempas van deze vergadering: de code noemt vergadering {other}, deze vergadering is "
    "nr. {this}.",
    "This is not a genuine voting pass of this meeting: the code names meeting {other}, this meeting is no. {this}.",
)
T_CHOICE_NOT_CARD = Text(
    "Dit is een stemformulier, geen stemkaart of stempas.", "This is a choice sheet, not a voting card or pass."
)
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


@dataclass(frozen=True)
class Coordinator:
    """The coördinator's say-so for one action that the desk alone may not do: PIN and reason."""

    pin: str
    reason: str


@dataclass(frozen=True)
class Clash:
    """Why a name may be a person who already represents another municipality."""

    code: str
    municipality: str
    serial: int | None  # the live pass this person holds; None: a designee, no pass (yet)
    holder: str  # the name as recorded there (the pass holder's, or the designee's)

    def text(self, name: str) -> Text:
        if self.serial is not None:
            params = {"name": name, "serial": self.serial, "municipality": self.municipality, "holder": self.holder}
            return Text(T_HOLDS_PASS.nl.format(**params), T_HOLDS_PASS.en.format(**params))
        params = {"name": name, "municipality": self.municipality, "designee": self.holder}
        return Text(T_DESIGNEE.nl.format(**params), T_DESIGNEE.en.format(**params))

    def details(self) -> dict[str, object]:
        return {"code": self.code, "serial": self.serial}


def clashes_text(name: str, clashes: list[Clash], *, named: int = CLASHES_NAMED) -> Text:
    """The clashes of ``name`` in words: the first ``named`` (the closest: :meth:`DeskService.person_clashes`
    orders them; the live passes, then the designations in one sentence), then how many more ("…; en
    nog 4 andere gemeenten")."""
    first = clashes[:named]
    shown = [c.text(name) for c in first if c.serial is not None]
    designated = [c for c in first if c.serial is None]
    if len(designated) == 1:
        shown.append(designated[0].text(name))
    elif designated:  # one sentence, not the name and the words again for each municipality
        which = [f"{c.municipality} ({c.holder})" for c in designated]
        listed = {"nl": ", ".join(which[:-1]) + " en " + which[-1], "en": ", ".join(which[:-1]) + " and " + which[-1]}
        shown.append(
            Text(
                T_DESIGNEE_OF.nl.format(name=name, which=listed["nl"]),
                T_DESIGNEE_OF.en.format(name=name, which=listed["en"]),
            )
        )
    nl, en = [t.nl for t in shown], [t.en for t in shown]
    more = len(clashes) - len(first)
    if more > 0:
        words = T_MORE_CLASHES[0 if more == 1 else 1]
        nl.append(words.nl.format(count=more))
        en.append(words.en.format(count=more))
    return Text("; ".join(nl), "; ".join(en))


def _commit(reason: str | None) -> audit.Commitment | None:
    """A free-text reason as a salted commitment (issue 12.9: it may hold personal data)."""
    return audit.commit(reason) if reason else None


T_REASON_ERASED = "(gewist)"


def _reason_text(store: Store, committed: str | None) -> str:
    """The text behind a reason a table holds as its hash; '(gewist)' after the erasure."""
    if not committed:
        return "-"
    if not committed.startswith("sha256:"):
        return committed  # a meeting file from before reasons were committed holds the text
    return committed_values(store).get(committed, T_REASON_ERASED)


class DeskService:
    """The desk's use cases on one store.

    ``tr``: the language refusals and print errors are written in (the composition root's
    :class:`Translator`; without one, the process language). ``printer``: where passes go, set
    by the composition root (and changed by the desk's printer choice); without one, issuing
    still checks in and reports that nothing was printed. ``guard``: the session's record guard
    (shared with the voting service); without one, the desk keeps its own.
    """

    def __init__(
        self,
        store: Store,
        actor: Actor,
        clock: Callable[[], str] = audit.now_iso,
        *,
        tr: Translator | None = None,
        printer: PassPrinting | None = None,
        guard: RecordGuard | None = None,
    ) -> None:
        self.store = store
        self.actor = actor
        self.clock = clock
        self.tr = tr or Translator()
        self.printer = printer
        m = meeting_repo.load_meeting(store)
        if m is None:
            raise DeskError("meeting.missing", Text("Geen vergadering in dit bestand.", "No meeting in this file."))
        self.meeting = m
        #: The outcome of the last record check: the session's, shared with the voting service.
        self.guard = guard or RecordGuard()

    # -- reading a card ---------------------------------------------------------------------------
    def scan(self, text: str, *, record: bool = True) -> Verdict:
        """The verdict for a scanned (or typed) barcode. Changes nothing in the meeting.

        A refused scan is written to the desk's log (desk, time, reason code, SHA-256 of ``text``),
        outside the audit chain, unless ``record`` is False (a scan only peeked at, that is read
        again when it is taken).
        """
        verdict = self._read(text)
        code = refusal_code(verdict)
        if code is not None:
            log.info("scan refused at %s: %s", self.actor.desk, code)
            if record:
                self._log_refused(code, text)
        return verdict

    def _read(self, text: str) -> Verdict:
        try:
            parsed = tokens.parse_token(text)
        except DeskError as err:
            return self._unknown(err.code, literal(err.message("nl"), err.message("en")))
        is_pass = parsed.kind is tokens.TokenKind.PASS
        try:
            tokens.verify_token(parsed, self.meeting.meeting_no, self.meeting.secret)
        except DeskError as err:
            other, this = err.params.get("token_meeting", "?"), self.meeting.meeting_no
            if err.code == "token.other_meeting" and parsed.kind is tokens.TokenKind.CARD:
                return Verdict(
                    VerdictKind.OTHER_MEETING,
                    *T_OTHER_MEETING,
                    params={"other": other, "this": this},
                    reason_code=err.code,
                )
            if err.code == "token.other_meeting" and is_pass:
                # Anyone can type 22 digits with a good check digit: the meeting number in them proves
                # nothing, so this is a stempas that is not genuine, not "a card of another meeting".
                reason = Text(
                    T_PASS_OTHER_MEETING.nl.format(other=other, this=this),
                    T_PASS_OTHER_MEETING.en.format(other=other, this=this),
                )
                return self._unknown("token.pass_other_meeting", reason, is_pass=True)
            if err.code == "token.other_meeting":
                return self._unknown("token.not_a_card", T_CHOICE_NOT_CARD)
            return self._unknown(err.code, literal(err.message("nl"), err.message("en")), is_pass=is_pass)
        if is_pass:
            assert parsed.serial is not None
            return self.pass_verdict(parsed.serial)
        if parsed.kind is not tokens.TokenKind.CARD:
            return self._unknown("token.not_a_card", T_CHOICE_NOT_CARD)
        assert parsed.municipality_code is not None and parsed.version is not None
        return self._member_verdict(parsed.municipality_code, parsed.version, None)

    @staticmethod
    def _unknown(code: str, reason: Text, *, is_pass: bool = False) -> Verdict:
        title, detail = T_UNKNOWN_PASS if is_pass else T_UNKNOWN
        return Verdict(VerdictKind.UNKNOWN, title, detail, params={"reason": reason}, reason_code=code)

    def _log_refused(self, code: str, text: str | None) -> None:
        """One row in the desk's log (``text`` only as its SHA-256; None: nothing was scanned)."""
        digest = None if text is None else hashlib.sha256(text.strip().encode("utf-8", "surrogatepass")).hexdigest()
        self._log("scan.refused", code, digest)

    def _log(self, kind: str, reason: str, digest: str | None = None) -> None:
        """Append to the desk's log in a small transaction of its own; a log that cannot be written
        (a read-only medium, a locked file) never hides a verdict or a refusal from the clerk."""
        try:
            with self.store.transaction() as db:
                repo.log_event(db, ts=self.clock(), desk=self.actor.desk, kind=kind, reason=reason, digest=digest)
        except DeskError as err:
            log.warning("desk log (%s %s) at %s not written: %s", kind, reason, self.actor.desk, err.code)

    def refused_scans(self) -> dict[str, int]:
        """How many scans were refused, per reason code (the proces-verbaal counts them)."""
        return repo.log_counts(self.store, "scan.refused")

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
        return self._member_verdict(code, None, check_text(reason, TextKind.REASON))

    def _member_verdict(self, code: str, version: int | None, manual_reason: str | None) -> Verdict:
        member = repo.member(self.store, code)
        if member is None:
            reason = Text(T_UNKNOWN_MUNICIPALITY.nl.format(code=code), T_UNKNOWN_MUNICIPALITY.en.format(code=code))
            return self._unknown("desk.unknown_member", reason)
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
        params: dict[str, object] = {"municipality": member.name, "votes": votes_words(member.votes)}
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
            # (a revoked card's verdict is REVOKED; a version never issued is refused as UNKNOWN below)
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
                        "revoked_reason": _reason_text(self.store, old.revoked_reason if old else None),
                    },
                    **common,  # type: ignore[arg-type]
                )
            if standing is CardStanding.NEVER_ISSUED:
                # A version newer than any issued: a genuine MAC makes this a bug, not a forgery.
                return self._unknown("card.never_issued", T_NOT_A_CARD)
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
            reason = Text(T_NO_PASS.nl.format(serial=serial), T_NO_PASS.en.format(serial=serial))
            return self._unknown("desk.no_pass", reason, is_pass=True)
        member = self._member(p.code, serial)
        return Verdict(
            VerdictKind.PASS,
            *T_PASS,
            params={
                "serial": serial,
                "municipality": member.name,
                "votes": votes_words(member.votes),
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
    def check_in(self, verdict: Verdict, *, name: str, role: str, coordinator: Coordinator | None = None) -> PassInfo:
        """Issue the stempas for an accepted verdict to the person presenting the card.

        A person who already holds a live pass, or who is another municipality's designee, is
        refused (``desk.same_person``) unless ``coordinator`` allows it (PIN and reason, recorded).
        """
        if not verdict.accepted or verdict.code is None:
            raise DeskError("desk.not_accepted", T_NOT_ACCEPTED)
        self._refuse_if_stopped()
        name, canonical_role = self._person(name, role)
        if coordinator is not None:
            self._supervisor(coordinator.pin, coordinator.reason)
        with self._person_checked():
            with self.store.transaction() as db:
                self._refuse_if_live(db, verdict.code)
                if verdict.card_version is not None:
                    self._refuse_if_revoked(db, verdict.code, verdict.card_version)
                allowed, reason = self._allow_person(db, verdict.code, name, None, coordinator)
                manual = _commit(verdict.manual_reason)
                p = self._issue(
                    db,
                    verdict.code,
                    name,
                    canonical_role,
                    verdict.card_version,
                    manual.hash if manual else None,
                    replaces=None,
                )
                audit.append(
                    db,
                    desk=self.actor.desk,
                    actor=self.actor.user,
                    action="checkin",
                    obj=verdict.code,
                    details={
                        "serial": p.serial,
                        "role": canonical_role,
                        "card_version": verdict.card_version,
                        "votes": verdict.votes,
                        **allowed,
                    },
                    personal={"name": name, "manual_reason": manual, **reason},
                )
        return p

    def check_in_token(self, text: str, *, name: str, role: str) -> tuple[Verdict, PassInfo | None]:
        """Scan and check in in one go (the CLI and rehearsals)."""
        verdict = self.scan(text)
        if not verdict.accepted:
            return verdict, None
        return verdict, self.check_in(verdict, name=name, role=role)

    def _person(self, name: str, role: str) -> tuple[str, str]:
        """The name as it will be recorded (held to the limits) and the canonical role."""
        if not name.strip():
            raise DeskError("desk.name", T_NAME)
        name = check_text(name, TextKind.NAME)
        try:
            return name, normalise_role(role)
        except DeskError:
            log.info("role refused at %s: %r", self.actor.desk, role)
            raise

    # -- one person, one pass -----------------------------------------------------------------------
    def person_clashes(self, code: str, name: str, *, replacing: int | None = None) -> list[Clash]:
        """Why ``name`` may already represent another municipality: a live pass they hold (any
        municipality; ``replacing`` is the pass this one takes over from, left out), or a designation
        by another municipality when this municipality's own designee is not the same name. The
        closest names first (:func:`desk_app.domain.person.closeness`), a pass before a designation."""
        return self._clashes(self.store, code, name, replacing)

    def _clashes(self, db: Store | Database, code: str, name: str, replacing: int | None) -> list[Clash]:
        who = person_name(name)
        if not who.surname:
            return []
        names = {m.code: m.name for m in repo.members(db)}
        found = [
            Clash(p.code, names.get(p.code, p.code), p.serial, p.holder_name or "?")
            for p in repo.live_holders(db)
            if p.serial != replacing and p.holder_name and same_person(who, p.holder_name)
        ]
        designated = repo.designees(db)
        own = designated.get(code)
        if own is None or not same_person(who, own):  # a namesake designated here too: this one is theirs
            holding = {c.code for c in found}
            found += [
                Clash(other, names.get(other, other), None, designee)
                for other, designee in designated.items()
                if other != code and other not in holding and same_person(who, designee)
            ]
        return sorted(found, key=lambda c: (-closeness(who, c.holder), c.serial is None))

    def _allow_person(
        self,
        db: Database,
        code: str,
        name: str,
        replacing: int | None,
        coordinator: Coordinator | None,
    ) -> tuple[dict[str, object], dict[str, str]]:
        """Inside the issuing transaction: refuse a clash, or what the audit entry records of the
        coördinator allowing it (the details, and the reason as a personal value: free text)."""
        clashes = self._clashes(db, code, name, replacing)
        if not clashes:
            return {}, {}
        if coordinator is None:
            who = clashes_text(name, clashes)  # the closest few: a readable refusal
            raise DeskError("desk.same_person", T_SAME_PERSON, {"who_nl": who.nl, "who_en": who.en, "clashes": clashes})
        return {"same_person": [c.details() for c in clashes]}, {"reason": coordinator.reason.strip()}

    @contextlib.contextmanager
    def _person_checked(self) -> Iterator[None]:
        """A refused person is logged as a refused scan (scenario 5), after the transaction rolled back."""
        try:
            yield
        except DeskError as err:
            if err.code == "desk.same_person":
                self._log_refused("checkin.same_person", None)
            raise

    def _refuse_if_live(self, db: Database, code: str) -> None:
        existing = repo.live_pass(db, code)
        if existing is not None:
            member = repo.member(db, code)
            raise DeskError(
                "desk.already",
                T_ALREADY[1],
                {
                    "municipality": member.name if member else code,
                    "time": local_time(existing.issued_at),
                    "desk": existing.desk,
                    "serial": existing.serial,
                    "holder": self.tr(self._holder(existing)),
                },
            )

    def _refuse_if_revoked(self, db: Database, code: str, version: int) -> None:
        cards = [(c.version, c.revoked_at is not None) for c in cards_repo.cards(db, code)]
        if card_standing(version, cards) is not CardStanding.VALID:
            raise DeskError("desk.revoked", T_REVOKED[0])

    def _issue(
        self,
        db: Database,
        code: str,
        name: str,
        role: str,
        card_version: int | None,
        manual_reason: str | None,
        replaces: int | None,
    ) -> PassInfo:
        serial = repo.next_serial(db)
        ts = self.clock()
        row = {
            "serial": serial,
            "event_id": str(uuid.uuid4()),
            "code": code,
            "token": tokens.make_pass_token(self.meeting.meeting_no, self.meeting.secret, serial),
            "holder_name": name.strip(),
            "holder_role": role,
            "card_version": card_version,
            "manual_reason": manual_reason,
            "desk": self.actor.desk,
            "issued_at": ts,
            "status": PassStatus.ACTIVE.value,
            "status_at": ts,
            "replaces": replaces,
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
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="pass.printed" if ok else "pass.print_failed",
                obj=str(serial),
                details={"error": error} if not ok else {},
            )

    def reprint(self, serial: int, *, pin: str, reason: str) -> PassInfo:
        """Allow another print of a live pass (supervisor); the print result is recorded after."""
        self._refuse_if_stopped()
        reason = self._supervisor(pin, reason)
        with self.store.transaction() as db:
            p = self._get(db, serial, PassAction.REPRINT)
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="pass.reprint",
                obj=str(serial),
                details={"code": p.code},
                personal={"reason": reason.strip()},
            )
        return p

    # -- changes to a pass ------------------------------------------------------------------------
    def replace_lost(self, serial: int, *, pin: str, reason: str) -> PassInfo:
        """A lost pass: the old one becomes invalid and the same holder gets a new one (supervisor)."""
        self._refuse_if_stopped()
        reason = self._supervisor(pin, reason)
        with self.store.transaction() as db:
            old = self._get(db, serial, PassAction.LOST)
            ts = self.clock()
            why = audit.commit(reason.strip())  # the pass row holds the hash the chain holds, never the text
            repo.set_status(db, serial, PassStatus.REPLACED, ts, why.hash)
            new = self._issue(db, old.code, old.holder_name or "", old.holder_role, None, None, replaces=serial)
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="pass.replace_lost",
                obj=old.code,
                details={"old": serial, "new": new.serial},
                personal={"reason": why},
            )
        return new

    def substitute(self, serial: int, *, name: str, role: str, coordinator: Coordinator | None = None) -> PassInfo:
        """Another eligible person of the same municipality takes over: old pass returned, new issued.
        One person, one pass: see :meth:`check_in` for ``coordinator``."""
        self._refuse_if_stopped()
        name, canonical_role = self._person(name, role)
        if coordinator is not None:
            self._supervisor(coordinator.pin, coordinator.reason)
        with self._person_checked():
            with self.store.transaction() as db:
                old = self._get(db, serial, PassAction.SUBSTITUTE)
                allowed, reason = self._allow_person(db, old.code, name, serial, coordinator)
                ts = self.clock()
                repo.set_status(db, serial, PassStatus.RETURNED, ts, "substitute")
                new = self._issue(db, old.code, name, canonical_role, None, None, replaces=serial)
                audit.append(
                    db,
                    desk=self.actor.desk,
                    actor=self.actor.user,
                    action="pass.substitute",
                    obj=old.code,
                    details={"old": serial, "new": new.serial, "role": canonical_role, **allowed},
                    personal={"name": name, **reason},
                )
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
            audit.append(
                db, desk=self.actor.desk, actor=self.actor.user, action=action, obj=p.code, details={"serial": serial}
            )
            got = repo.pass_by_serial(db, serial)  # inside: once COMMIT returned, nothing can fail the move
        assert got is not None
        return got

    def undo(self, serial: int, *, pin: str, reason: str) -> None:
        """Undo a check-in made in error (supervisor): the pass becomes invalid."""
        reason = self._supervisor(pin, reason)
        with self.store.transaction() as db:
            p = self._get(db, serial, PassAction.UNDO)
            why = audit.commit(reason.strip())
            repo.set_status(db, serial, PassStatus.UNDONE, self.clock(), why.hash)
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="checkin.undo",
                obj=p.code,
                details={"serial": serial},
                personal={"reason": why},
            )

    def override_already(self, verdict: Verdict, *, name: str, role: str, pin: str, reason: str) -> PassInfo:
        """A false "already registered": the supervisor voids the recorded pass and admits this person.

        The coördinator's PIN and reason also cover a person who holds another municipality's pass
        or is designated there (the desk shows that before the PIN is asked: :meth:`person_clashes`);
        the entry records it, so the proces-verbaal lists it."""
        if verdict.kind is not VerdictKind.ALREADY or verdict.existing is None or verdict.code is None:
            raise DeskError("desk.not_accepted", T_NOT_ACCEPTED)
        self._refuse_if_stopped()
        name, canonical_role = self._person(name, role)
        reason = self._supervisor(pin, reason)
        with self.store.transaction() as db:
            old = self._get(db, verdict.existing.serial, PassAction.OVERRIDE)
            clashes = self._clashes(db, verdict.code, name, old.serial)
            why, manual = audit.commit(reason), _commit(verdict.manual_reason)
            repo.set_status(db, old.serial, PassStatus.UNDONE, self.clock(), why.hash)
            new = self._issue(
                db,
                verdict.code,
                name,
                canonical_role,
                verdict.card_version,
                manual.hash if manual else None,
                replaces=old.serial,
            )
            details: dict[str, object] = {
                "old": old.serial,
                "new": new.serial,
                "role": canonical_role,
                "card_version": verdict.card_version,
            }
            if clashes:
                details["same_person"] = [c.details() for c in clashes]
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="checkin.override",
                obj=verdict.code,
                details=details,
                personal={"name": name, "reason": why, "manual_reason": manual},
            )
        return new

    def _get(self, db: Database, serial: int, action: PassAction | None = None) -> PassInfo:
        """The pass, if ``action`` may happen to it now (the domain's rule), else a refusal that says why."""
        p = repo.pass_by_serial(db, serial)
        if p is None:
            raise DeskError("desk.no_pass", T_NO_PASS, {"serial": serial})
        why = refusal(action, p.status, p.print_state) if action is not None else None
        if why is not None:
            raise DeskError("desk.pass_state", why, {"serial": serial})
        return p

    # -- issuing: check in (or take over), then print, as one use case ------------------------------
    def issue(
        self,
        verdict: Verdict,
        *,
        name: str,
        role: str,
        announce: Announce | None = None,
        coordinator: Coordinator | None = None,
    ) -> Issued:
        """Check in the person presenting an accepted card, print the stempas, record the print.
        ``coordinator``: allows a person who already represents another municipality (see :meth:`check_in`)."""
        # Read before the write: nothing after its COMMIT may fail the use case (see _printed).
        member = self._member(verdict.code) if verdict.code is not None else None
        p = self.check_in(verdict, name=name, role=role, coordinator=coordinator)
        return self._printed(IssueKind.CHECKIN, p, member or self._member(p.code), announce)

    def issue_substitute(
        self,
        serial: int,
        *,
        name: str,
        role: str,
        announce: Announce | None = None,
        coordinator: Coordinator | None = None,
    ) -> Issued:
        """Another eligible person of the same municipality takes over pass ``serial``; print theirs."""
        member = self._member_of_pass(serial)
        p = self.substitute(serial, name=name, role=role, coordinator=coordinator)
        return self._printed(IssueKind.SUBSTITUTE, p, member, announce, previous=serial)

    def issue_replacement(self, serial: int, *, pin: str, reason: str, announce: Announce | None = None) -> Issued:
        """A lost pass (supervisor): void it, issue and print a new one for the same holder."""
        member = self._member_of_pass(serial)
        p = self.replace_lost(serial, pin=pin, reason=reason)
        return self._printed(IssueKind.REPLACEMENT, p, member, announce, previous=serial)

    def issue_override(
        self, verdict: Verdict, *, name: str, role: str, pin: str, reason: str, announce: Announce | None = None
    ) -> Issued:
        """A false "already registered" (supervisor): void the recorded pass, admit this person, print."""
        member = self._member(verdict.code) if verdict.code is not None else None
        p = self.override_already(verdict, name=name, role=role, pin=pin, reason=reason)
        previous = verdict.existing.serial if verdict.existing else None
        return self._printed(IssueKind.OVERRIDE, p, member or self._member(p.code), announce, previous=previous)

    def print_stempas(self, serial: int, *, announce: Announce | None = None) -> Issued:
        """The first paper of a pass that never printed (the printer failed, the desk stopped): no PIN."""
        self._refuse_if_stopped()
        p = self._get(self.store.db, serial, PassAction.PRINT)
        return self._printed(IssueKind.PRINT, p, self._member(p.code), announce)

    def reprint_stempas(self, serial: int, *, pin: str, reason: str, announce: Announce | None = None) -> Issued:
        """Another paper of a printed pass (supervisor PIN and reason, logged)."""
        member = self._member_of_pass(serial)
        p = self.reprint(serial, pin=pin, reason=reason)
        return self._printed(IssueKind.REPRINT, p, member, announce)

    def _member_of_pass(self, serial: int) -> DeskMember:
        """The municipality of pass ``serial``, read before a write on it (see :meth:`_printed`)."""
        return self._member(self._get(self.store.db, serial, None).code)

    def _printed(
        self, kind: IssueKind, p: PassInfo, member: DeskMember, announce: Announce | None, previous: int | None = None
    ) -> Issued:
        """Print the pass just written and say so. The write is saved (its COMMIT returned): nothing here
        may turn it into a failure. So the municipality is read before it, a print or its record that
        fails for the store is told in ``printed``, and the pass as re-read after the print falls back
        to ``p`` when the server cannot be reached (a failover right after the COMMIT)."""
        issued = Issued(kind, p, member, None, previous)
        if announce is not None:
            announce(issued)
        printed = self._print(p.serial)
        try:
            after = repo.pass_by_serial(self.store, p.serial) or p
        except StoreError:
            log.info("pass %s printed; re-reading it failed for the store", p.serial)
            after = p
        return replace(issued, stempas=after, printed=printed)

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

    # -- the coördinator -------------------------------------------------------------------------
    def coordinator_pin_set(self) -> bool:
        """Whether the meeting has a coördinator PIN (changing it then needs the current one)."""
        return bool(repo.supervisor_pin(self.store))

    def set_supervisor_pin(self, pin: str, *, current: str | None = None) -> None:
        """Set the coördinator PIN: the first one freely, a new one only with the ``current`` PIN.

        A wrong ``current`` counts towards the lock-out like any wrong PIN. The change is an audit
        entry (``supervisor.pin``) and is listed with the coördinator's actions in the proces-verbaal.
        """
        if not valid_pin_format(pin):
            raise DeskError("supervisor.pin_short", T_PIN_SHORT, {"min": PIN_MIN_DIGITS, "max": PIN_MAX_DIGITS})
        stored = repo.supervisor_pin(self.store)
        if stored:
            if not current:
                raise DeskError("supervisor.pin_current", T_PIN_CURRENT)
            self._check_pin(current, stored)
        with self.store.transaction() as db:
            repo.set_supervisor_pin(db, hash_pin(pin))
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="supervisor.pin",
                obj="meeting",
                details={"change": bool(stored), "digits": len(pin)},
            )

    #: The name the settings dialog and the CLI use; the store and the audit action keep 'supervisor'.
    change_coordinator_pin = set_supervisor_pin

    def coordinator_lock(self) -> int:
        """Seconds the coördinator's actions stay locked after too many wrong PINs (0: not locked)."""
        return self._pin_state().seconds_left

    def check_coordinator_pin(self, pin: str) -> None:
        """The coördinator's PIN for a use case elsewhere (a locked setting): checked like every
        coördinator action here — a wrong one counts towards the lock-out and is logged."""
        stored = repo.supervisor_pin(self.store)
        if not stored:
            raise DeskError("supervisor.no_pin", T_NO_PIN)
        self._check_pin(pin, stored)

    def _pin_state(self) -> PinLock:
        events = [(kind, parse_utc(ts)) for kind, ts in repo.pin_events(self.store)]
        return pin_lock(events, parse_utc(self.clock()))

    def _supervisor(self, pin: str, reason: str) -> str:
        """Check the coördinator's PIN and reason; the reason as it will be recorded."""
        stored = repo.supervisor_pin(self.store)
        if not stored:
            raise DeskError("supervisor.no_pin", T_NO_PIN)
        if not reason.strip():
            raise DeskError("desk.reason", T_NEED_REASON)
        reason = check_text(reason, TextKind.REASON)
        self._check_pin(pin, stored)
        return reason

    def _check_pin(self, pin: str, stored: str) -> None:
        """The PIN, or a refusal; wrong PINs and the lock-out are written to the desk's log."""
        state = self._pin_state()
        if state.locked:
            log.warning("coordinator action refused at %s: locked for %s s", self.actor.desk, state.seconds_left)
            raise DeskError("supervisor.locked", T_LOCKED, {"seconds": state.seconds_left})
        if check_pin(pin, stored):
            if state.wrong:
                self._log("pin.ok", "supervisor.pin")  # the count of wrong PINs starts again
            return
        wrong = state.wrong + 1
        log.warning("wrong coordinator PIN at %s (%d in a row)", self.actor.desk, wrong)
        self._log("pin.wrong", "supervisor.bad_pin")
        if wrong >= PIN_ATTEMPTS:
            log.warning("coordinator actions locked for a minute after %d wrong PINs (desk %s)", wrong, self.actor.desk)
            self._log("pin.locked", "supervisor.locked")
            raise DeskError("supervisor.locked", T_LOCKED, {"seconds": self._pin_state().seconds_left})
        raise DeskError("supervisor.bad_pin", T_BAD_PIN_LEFT, {"left": PIN_ATTEMPTS - wrong})

    def pin_log(self) -> list[tuple[str, str, str]]:
        """(time, desk, kind) of every wrong PIN and lock-out, oldest first (the proces-verbaal's count)."""
        rows = repo.log_rows(self.store, "pin.wrong") + repo.log_rows(self.store, "pin.locked")
        return [(str(r["ts"]), str(r["desk"]), str(r["kind"])) for r in sorted(rows, key=lambda r: int(r["id"]))]

    # -- is the record whole? -----------------------------------------------------------------------
    def check_record(self, backup_folder: Path | None = None) -> RecordCheck:
        """Run the integrity check (chain, replayed tables, SQLite's own check), hold the newest
        backup in ``backup_folder`` against the file, and stop issuing if it fails (see
        :func:`check_record`; :meth:`record_checked` for a check made on another thread)."""
        return self.record_checked(check_record(self.store, backup_folder, self.tr.lang))

    def record_checked(self, check: RecordCheck) -> RecordCheck:
        """Take the outcome of a check: a failure stops issuing (and, through the shared guard,
        voting), a check that holds resumes it."""
        return self.guard.checked(check, self.actor.desk)

    @property
    def stopped(self) -> RecordCheck | None:
        """The last check of the record, if it failed (None: it held, or was not checked yet)."""
        return self.guard.failed

    def _refuse_if_stopped(self) -> None:
        if self.stopped is not None:
            raise DeskError("desk.stopped", T_STOPPED, {"detail": self.stopped.detail})

    def stopped_message(self) -> str:
        """The banner's words while issuing is stopped ("" when it is not)."""
        return self.tr(T_STOPPED, detail=self.stopped.detail) if self.stopped is not None else ""

    # -- overview ---------------------------------------------------------------------------------
    def presence(self) -> list[PresenceRow]:
        return [
            PresenceRow(
                code=str(r["code"]),
                name=str(r["name"]),
                votes=int(r["votes"]),
                status=PassStatus(r["status"]) if r["status"] else ABSENT,
                serial=r["serial"],
                holder_name=r["holder_name"],
                holder_role=r["holder_role"],
                since=r["status_at"],
                desk=r["desk"],
                print_state=r["print_state"],
            )
            for r in repo.presence(self.store)
        ]

    def counters(self) -> Counters:
        rows = repo.presence(self.store)
        present = [r for r in rows if r["status"] == PassStatus.ACTIVE]
        return Counters(
            present_members=len(present),
            present_votes=sum(int(r["votes"]) for r in present),
            total_members=len(rows),
            total_votes=sum(int(r["votes"]) for r in rows),
        )

    def active_passes(self) -> list[tuple[int, str, int]]:
        """(serial, municipality code, votes) of every pass present now: a vote's snapshot."""
        return [(int(r["serial"]), str(r["code"]), int(r["votes"])) for r in repo.active_passes(self.store)]

    def supervisor_actions(self) -> list[audit.AuditEntry]:
        """The coördinator's actions, for the report: overrides, undos, reprints, replacements, PIN
        changes, and check-ins or substitutes of a person the coördinator allowed (one person, one pass)."""
        wanted = {"checkin.override", "checkin.undo", "pass.reprint", "pass.replace_lost", "supervisor.pin"}
        allowed = {"checkin", "pass.substitute"}
        return [
            e
            for e in audit.entries(self.store)
            if e.action in wanted or (e.action in allowed and "same_person" in e.details)
        ]
