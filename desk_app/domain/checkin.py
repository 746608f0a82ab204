"""Verdicts at the desk and the life of a stempas, in words desk staff can act on.

Each verdict has its own code and its own words, so staff never have to guess why the screen is
red: a forged card, a card of another meeting, a replaced card, a municipality that is already
in (when, where, which pass), a role that may not vote, a member without voting right.

A pass lives through :class:`PassStatus`; which action is allowed on it now, and why not, is one
pure rule (:func:`refusal` for the services, :func:`pass_actions` for what the desk offers),
so the desk's buttons and the services' refusals cannot disagree.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from desk_app.domain.text import Text, counted


class VerdictKind(StrEnum):
    ACCEPTED = "accepted"
    UNKNOWN = "unknown"  # unreadable, forged, or not a card of this product
    OTHER_MEETING = "other_meeting"
    REVOKED = "revoked"  # a replaced card (a newer version was issued)
    ALREADY = "already"  # the municipality already holds a live pass
    NO_VOTING_RIGHT = "no_voting_right"
    PASS = "pass"  # a stempas was scanned: show its state (leave / come back / reprint)


class PassStatus(StrEnum):
    """Where a stempas stands. A ``str`` enum: stored as its value, equal to the plain string."""

    ACTIVE = "active"  # the holder is in the hall: the votes are present
    AWAY = "away"  # the holder left and handed the pass in; it comes back with them
    RETURNED = "returned"  # handed in for good (a substitute took over)
    REPLACED = "replaced"  # lost: a new pass was issued, this one is void
    UNDONE = "undone"  # the check-in was undone or overridden: void

    @property
    def live(self) -> bool:
        """The municipality still holds this pass (present or stepped out)."""
        return self in LIVE_STATUSES


#: The statuses of a pass its municipality still holds: at most one per municipality.
LIVE_STATUSES = frozenset({PassStatus.ACTIVE, PassStatus.AWAY})


class PrintState(StrEnum):
    """Whether the paper of a pass came out of the printer."""

    PENDING = "pending"  # issued, the printer has not answered (or the desk stopped before it did)
    PRINTED = "printed"
    FAILED = "failed"  # the printer refused; the pass stands and is printed again without a PIN


@dataclass(frozen=True)
class DeskMember:
    """A municipality as the desk needs it: its name, its frozen votes, and why it may not vote."""

    code: str
    name: str
    votes: int
    no_vote_reason: str | None = None


@dataclass(frozen=True)
class PassInfo:
    serial: int
    code: str
    holder_name: str | None
    holder_role: str
    desk: str
    issued_at: str
    status: PassStatus
    print_state: PrintState
    token: str

    @property
    def live(self) -> bool:
        return self.status.live

    @property
    def printed(self) -> bool:
        return self.print_state is PrintState.PRINTED


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    title: Text
    detail: Text
    params: dict[str, object] = field(default_factory=dict)
    code: str | None = None  # municipality
    municipality: str | None = None
    votes: int | None = None
    card_version: int | None = None
    rep_name: str | None = None
    rep_role: str | None = None
    existing: PassInfo | None = None
    manual_reason: str | None = None
    reason_code: str = ""  # an UNKNOWN verdict: why (the refusal's code, e.g. 'token.forged')

    @property
    def accepted(self) -> bool:
        return self.kind is VerdictKind.ACCEPTED

    def headline(self, lang: str | None = None) -> str:
        return self.title.render(lang, **self._params(lang))

    def explanation(self, lang: str | None = None) -> str:
        return self.detail.render(lang, **self._params(lang))

    def _params(self, lang: str | None) -> dict[str, object]:
        # A parameter may itself be a Text (a pass status, a reason): it reads in the same language.
        return {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.params.items()}


T_VOTE = Text("{n} stem", "{n} vote")
T_VOTES = Text("{n} stemmen", "{n} votes")


def votes_words(n: int) -> Text:
    """A municipality's votes as people read them: "1 stem" (Vlieland, Schiermonnikoog), "75 stemmen"."""
    return counted(n, T_VOTE, T_VOTES)


#: The verdicts' texts: ``{votes}`` is :func:`votes_words` of the municipality's votes.
T_ACCEPTED = (
    Text("TOEGELATEN", "ACCEPTED"),
    Text(
        "{municipality}: {votes}. Controleer wie de kaart toont en geef de stempas uit.",
        "{municipality}: {votes}. Check who presents the card and issue the voting pass.",
    ),
)
T_UNKNOWN = (
    Text("ONBEKENDE KAART", "UNKNOWN CARD"),
    Text(
        "{reason} Laat de kaart niet toe; zoek de gemeente eventueel handmatig op.",
        "{reason} Do not admit this card; look the municipality up by hand if needed.",
    ),
)
T_OTHER_MEETING = (
    Text("KAART VAN ANDERE VERGADERING", "CARD OF ANOTHER MEETING"),
    Text(
        "Deze stemkaart hoort bij een andere vergadering (nr. {other}, deze is nr. {this}). Vraag "
        "naar de kaart voor deze vergadering of zoek de gemeente handmatig op.",
        "This voting card belongs to another meeting (no. {other}, this is no. {this}). Ask for "
        "the card of this meeting or look the municipality up by hand.",
    ),
)
T_REVOKED = (
    Text("VERVANGEN KAART", "REPLACED CARD"),
    Text(
        "Kaart versie {version} van {municipality} is vervangen op {revoked_at} door {revoked_by} "
        "({revoked_reason}). Alleen de nieuwe kaart (versie {current}) is geldig.",
        "Card version {version} of {municipality} was replaced on {revoked_at} by {revoked_by} "
        "({revoked_reason}). Only the new card (version {current}) is valid.",
    ),
)
T_ALREADY = (
    Text("AL GEREGISTREERD", "ALREADY REGISTERED"),
    Text(
        "{municipality} is al geregistreerd om {time} aan {desk}: stempas {serial} ({holder}). "
        "Herdruk, vervang een verloren pas, of laat een vervanger toe.",
        "{municipality} was already registered at {time} at {desk}: pass {serial} ({holder}). "
        "Reprint, replace a lost pass, or admit a substitute.",
    ),
)
T_NO_VOTING_RIGHT = (
    Text("GEEN STEMRECHT", "NO VOTING RIGHT"),
    Text("{municipality} heeft geen stemrecht: {reason}.", "{municipality} has no voting right: {reason}."),
)
T_PASS = (
    Text("STEMPAS {serial}", "VOTING PASS {serial}"),
    Text("{municipality} ({votes}): {status}, {holder}.", "{municipality} ({votes}): {status}, {holder}."),
)

PASS_STATUS: dict[PassStatus, Text] = {
    PassStatus.ACTIVE: Text("aanwezig", "present"),
    PassStatus.AWAY: Text("vertrokken (pas ingeleverd)", "left (pass handed in)"),
    PassStatus.RETURNED: Text("ingeleverd", "returned"),
    PassStatus.REPLACED: Text("vervangen — ongeldig", "replaced — invalid"),
    # UNDONE covers both a check-in undone in error and a pass voided when the coördinator admitted
    # someone else: either way it is the coördinator's decision, so the word names that, not "undone".
    PassStatus.UNDONE: Text("ingetrokken door de coördinator — ongeldig", "withdrawn by the coordinator — invalid"),
}


def literal(nl: str, en: str | None = None) -> Text:
    """A text already written out in both languages (a refusal's message), for a verdict's parameters:
    rendered without parameters, so braces in it stay as they are."""
    return Text(nl, nl if en is None else en)


# -- the card a municipality holds --------------------------------------------------------------------


class CardStanding(StrEnum):
    VALID = "valid"  # the card version that admits now
    REVOKED = "revoked"  # an older version: replaced by a newer card
    NEVER_ISSUED = "never_issued"  # newer than any recorded: with a genuine MAC this is a bug, not a forgery


def valid_card_version(cards: Iterable[tuple[int, bool]]) -> int | None:
    """The card version that admits now, from the recorded ``(version, revoked)`` rows.

    No row at all: version 1 (cards need not be recorded before the day; the first card of every
    municipality is version 1). Otherwise the one version not revoked; None when every recorded
    version was revoked (then no card of that municipality admits).
    """
    rows = list(cards)
    if not rows:
        return 1
    current = [version for version, revoked in rows if not revoked]
    return current[0] if current else None


def card_standing(version: int, cards: Iterable[tuple[int, bool]]) -> CardStanding:
    """How a scanned card ``version`` stands against the recorded ``(version, revoked)`` rows."""
    rows = list(cards)
    valid = valid_card_version(rows)
    if version == valid:
        return CardStanding.VALID
    newest = max([v for v, _ in rows] + [valid or 0])
    return CardStanding.REVOKED if version <= newest else CardStanding.NEVER_ISSUED


# -- what may happen to a pass now ------------------------------------------------------------------


class PassAction(StrEnum):
    """Something the desk can do with a pass that exists."""

    PRINT = "print"  # the first paper of a pass that never printed: no supervisor (it is not a second pass)
    REPRINT = "reprint"  # another paper of a printed pass: supervisor
    LOST = "lost"  # the holder lost it: a new pass, the old one void (supervisor)
    SUBSTITUTE = "substitute"  # another eligible person of the same municipality takes over
    OVERRIDE = "override"  # a false "already registered": void it and admit this person (supervisor)
    LEAVE = "leave"  # the holder hands the pass in and leaves: the votes are not present
    RETURN = "return"  # the holder comes back and gets the pass again
    UNDO = "undo"  # the check-in was a mistake: the pass becomes void (supervisor)


#: Actions that need the supervisor's PIN and a reason.
SUPERVISOR_ACTIONS = frozenset({PassAction.REPRINT, PassAction.LOST, PassAction.OVERRIDE, PassAction.UNDO})


class Presented(StrEnum):
    """What brought the pass to the desk's screen: it decides what makes sense to offer."""

    CARD = "card"  # the municipality's stemkaart (or a look-up): its pass is somewhere else
    PASS = "pass"  # the stempas itself was scanned: it is in the clerk's hand
    ISSUED = "issued"  # just issued here: the holder is still at the desk


@dataclass(frozen=True)
class ActionCheck:
    """One action on one pass: allowed now, or why not."""

    action: PassAction
    reason: Text | None = None  # None: allowed

    @property
    def allowed(self) -> bool:
        return self.reason is None

    @property
    def supervisor(self) -> bool:
        return self.action in SUPERVISOR_ACTIONS


T_VOID = {
    PassStatus.RETURNED: Text(
        "Deze stempas is ingeleverd en ongeldig; er kan niets meer mee.",
        "This voting pass was handed in and is invalid; nothing can be done with it.",
    ),
    PassStatus.REPLACED: Text(
        "Deze stempas is vervangen en ongeldig; er kan niets meer mee.",
        "This voting pass was replaced and is invalid; nothing can be done with it.",
    ),
    PassStatus.UNDONE: Text(
        "Deze stempas is ingetrokken door een beslissing van de coördinator en ongeldig; er kan niets meer mee.",
        "This voting pass was withdrawn by a decision of the coordinator and is invalid; nothing can be done with it.",
    ),
}
T_ALREADY_PRINTED = Text(
    "Deze stempas is al afgedrukt: nog een exemplaar is een herdruk (coördinator).",
    "This voting pass was already printed: another copy is a reprint (coordinator).",
)
T_NOT_PRINTED_YET = Text(
    "Deze stempas is nog niet afgedrukt: afdrukken kan zonder pincode.",
    "This voting pass was never printed: printing it needs no PIN.",
)
T_ALREADY_AWAY = Text("De houder is al vertrokken (pas ingeleverd).", "The holder already left (pass handed in).")
T_STILL_PRESENT = Text(
    "De houder is aanwezig: er is niets om terug te komen.",
    "The holder is present: there is nothing to come back from.",
)
T_NEEDS_PASS = Text(
    "Scan de stempas zelf: wie vertrekt of terugkomt, levert de pas in of krijgt hem terug.",
    "Scan the voting pass itself: whoever leaves or comes back hands it in or gets it back.",
)
T_NEEDS_CARD = Text(
    "Scan de stemkaart van de gemeente: deze handeling gaat over wie de kaart toont.",
    "Scan the municipality's voting card: this action is about who presents the card.",
)
T_JUST_ISSUED = Text("Deze stempas is net uitgegeven.", "This voting pass was just issued.")


def refusal(action: PassAction, status: PassStatus, print_state: PrintState) -> Text | None:
    """Why ``action`` cannot happen to a pass in this state (None: it can). The services' rule."""
    if not status.live:
        return T_VOID[status]
    if action is PassAction.PRINT and print_state is PrintState.PRINTED:
        return T_ALREADY_PRINTED
    if action is PassAction.LEAVE and status is not PassStatus.ACTIVE:
        return T_ALREADY_AWAY
    if action is PassAction.RETURN and status is not PassStatus.AWAY:
        return T_STILL_PRESENT
    return None


_NEEDS: Mapping[PassAction, tuple[frozenset[Presented], Text]] = {
    PassAction.LEAVE: (frozenset({Presented.PASS}), T_NEEDS_PASS),
    PassAction.RETURN: (frozenset({Presented.PASS}), T_NEEDS_PASS),
    PassAction.LOST: (frozenset({Presented.CARD}), T_NEEDS_CARD),
    PassAction.SUBSTITUTE: (frozenset({Presented.CARD}), T_NEEDS_CARD),
    PassAction.OVERRIDE: (frozenset({Presented.CARD}), T_NEEDS_CARD),
}


def pass_actions(status: PassStatus, print_state: PrintState, presented: Presented) -> tuple[ActionCheck, ...]:
    """Every :class:`PassAction`, in the desk's order, allowed or with the reason why not.

    On top of :func:`refusal`: what makes sense for what is on the desk (leaving needs the pass
    in hand, a substitute or a lost pass the card), and one print key: a pass that never printed
    is printed (no PIN), only a printed one is reprinted.
    """
    checks = []
    for action in PassAction:
        reason = refusal(action, status, print_state)
        if reason is None and action is PassAction.REPRINT and print_state is not PrintState.PRINTED:
            reason = T_NOT_PRINTED_YET
        if reason is None and action in _NEEDS:
            allowed, why = _NEEDS[action]
            if presented not in allowed:
                reason = T_JUST_ISSUED if presented is Presented.ISSUED else why
        checks.append(ActionCheck(action, reason))
    return tuple(checks)


def allowed_actions(status: PassStatus, print_state: PrintState, presented: Presented) -> tuple[PassAction, ...]:
    """The actions the desk offers now, in its order."""
    return tuple(c.action for c in pass_actions(status, print_state, presented) if c.allowed)


# -- refused scans -----------------------------------------------------------------------------

#: What a refused scan is counted as in the desk's log and the proces-verbaal (the reason code).
REFUSAL_LABELS: dict[str, Text] = {
    "token.format": Text("geen code van Stembalie", "not a Stembalie code"),
    "token.check": Text("verkeerd gelezen (controlecijfer)", "misread (check digit)"),
    "token.kind": Text("geen stemkaart of stempas", "not a voting card or pass"),
    "token.forged": Text("echtheidscode klopt niet", "authenticity code does not match"),
    "token.other_meeting": Text("stemkaart van een andere vergadering", "voting card of another meeting"),
    "token.pass_other_meeting": Text("stempas niet van deze vergadering", "voting pass not of this meeting"),
    "token.not_a_card": Text("geen stemkaart (stemformulier)", "not a voting card (choice sheet)"),
    "desk.no_pass": Text("onbekende stempas", "unknown voting pass"),
    "desk.unknown_member": Text("gemeente niet in het register", "municipality not in the register"),
    "card.never_issued": Text("kaartversie nooit uitgegeven", "card version never issued"),
    "card.revoked": Text("vervangen kaart", "replaced card"),
    "card.already": Text("al geregistreerd", "already registered"),
    "member.no_voting_right": Text("geen stemrecht", "no voting right"),
    "pass.void": Text("ongeldige stempas", "invalid voting pass"),
    "checkin.same_person": Text(
        "persoon heeft al een stempas of is elders aangewezen", "person already holds a pass or is designated elsewhere"
    ),
}


def refusal_code(verdict: Verdict) -> str | None:
    """The reason code under which a scan's verdict is recorded as refused; None: it admits (an
    accepted card) or it is a live stempas shown for leaving or coming back."""
    kind = verdict.kind
    if kind is VerdictKind.ACCEPTED:
        return None
    if kind is VerdictKind.PASS:
        return None if verdict.existing is not None and verdict.existing.live else "pass.void"
    return {
        VerdictKind.ALREADY: "card.already",
        VerdictKind.REVOKED: "card.revoked",
        VerdictKind.NO_VOTING_RIGHT: "member.no_voting_right",
        VerdictKind.OTHER_MEETING: "token.other_meeting",
    }.get(kind, verdict.reason_code or "token.format")


def refusal_label(code: str, lang: str | None = None) -> str:
    """A reason code in words; an unknown code as it is."""
    label = REFUSAL_LABELS.get(code)
    return label.render(lang) if label is not None else code


# -- coordinator PIN ---------------------------------------------------------------------------

#: The shortest and longest PIN. Four digits stay allowed (meetings and scripts made with them);
#: six or more is what the settings dialog suggests.
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 12
#: Wrong PINs in a row before the coordinator's actions are locked, and for how long.
PIN_ATTEMPTS = 5
PIN_LOCK_SECONDS = 60


def valid_pin_format(pin: str) -> bool:
    """ASCII digits only, :data:`PIN_MIN_DIGITS` to :data:`PIN_MAX_DIGITS` of them."""
    return PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS and pin.isascii() and pin.isdigit()


@dataclass(frozen=True)
class PinLock:
    """Where the coordinator PIN stands: wrong PINs since the last reset, and a lock-out if any."""

    wrong: int  # wrong PINs since the last correct one or the last lock-out
    seconds_left: int = 0  # > 0: locked for this many more seconds

    @property
    def locked(self) -> bool:
        return self.seconds_left > 0


def pin_lock(events: Iterable[tuple[str, datetime]], now: datetime) -> PinLock:
    """The PIN's state from the logged attempts (``('pin.wrong' | 'pin.locked' | 'pin.ok', when)``,
    oldest first) at ``now``.

    A correct PIN or a lock-out starts the count again. A lock-out holds for
    :data:`PIN_LOCK_SECONDS` after it was logged. A clock set back shortens it rather than
    stretching it: a lock-out logged in the "future" counts from its own time, at most one
    minute, so a clock set back two hours never locks the coordinator out for two hours.
    """
    wrong = 0
    locked_at: datetime | None = None
    for kind, when in events:
        if kind == "pin.wrong":
            wrong += 1
        elif kind in ("pin.ok", "pin.locked"):
            wrong = 0
            locked_at = when if kind == "pin.locked" else None
    if locked_at is None:
        return PinLock(wrong)
    elapsed = (now - locked_at).total_seconds()
    if abs(elapsed) >= PIN_LOCK_SECONDS:
        return PinLock(wrong)
    left = PIN_LOCK_SECONDS - max(0.0, elapsed)
    return PinLock(wrong, max(1, math.ceil(left)))


PIN_ROUNDS = 200_000
"""PBKDF2-SHA256 rounds for a new coördinator PIN hash (each hash carries its own count)."""
_PIN_ROUNDS = PIN_ROUNDS  # what hash_pin uses; the test suite lowers it (tests/conftest.py)


def hash_pin(pin: str) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), _PIN_ROUNDS).hex()
    return f"pbkdf2-sha256${_PIN_ROUNDS}${salt}${digest}"


def check_pin(pin: str, stored: str | None) -> bool:
    if not stored or not pin:
        return False
    try:
        _, rounds, salt, digest = stored.split("$")
        candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(rounds)).hex()
    except ValueError:
        return False
    return hmac.compare_digest(candidate, digest)
