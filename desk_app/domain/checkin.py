"""Verdicts at the desk: what a scanned card (or a look-up) means, in words desk staff can act on.

Each verdict has its own code and its own words, so staff never have to guess why the screen is
red: a forged card, a card of another meeting, a replaced card, a municipality that is already
in (when, where, which pass), a role that may not vote, a member without voting right.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from enum import StrEnum

from desk_app.domain.text import Text


class VerdictKind(StrEnum):
    ACCEPTED = "accepted"
    UNKNOWN = "unknown"  # unreadable, forged, or not a card of this product
    OTHER_MEETING = "other_meeting"
    REVOKED = "revoked"  # a replaced card (a newer version was issued)
    ALREADY = "already"  # the municipality already holds a live pass
    NO_VOTING_RIGHT = "no_voting_right"
    PASS = "pass"  # a stempas was scanned: show its state (leave / come back / reprint)


@dataclass(frozen=True)
class PassInfo:
    serial: int
    code: str
    holder_name: str | None
    holder_role: str
    desk: str
    issued_at: str
    status: str
    print_state: str
    token: str


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

    @property
    def accepted(self) -> bool:
        return self.kind is VerdictKind.ACCEPTED

    def headline(self, lang: str | None = None) -> str:
        return self.title.render(lang, **self.params)

    def explanation(self, lang: str | None = None) -> str:
        return self.detail.render(lang, **self.params)


T_ACCEPTED = (
    Text("TOEGELATEN", "ACCEPTED"),
    Text(
        "{municipality}: {votes} stemmen. Controleer wie de kaart toont en geef de stempas uit.",
        "{municipality}: {votes} votes. Check who presents the card and issue the voting pass.",
    ),
)
T_UNKNOWN = (
    Text("ONBEKENDE KAART", "UNKNOWN CARD"),
    Text("{reason} Laat de kaart niet toe; zoek de gemeente eventueel handmatig op.",
         "{reason} Do not admit this card; look the municipality up by hand if needed."),
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
    Text("{municipality} ({votes} stemmen): {status}, {holder}.",
         "{municipality} ({votes} votes): {status}, {holder}."),
)

PASS_STATUS = {
    "active": Text("aanwezig", "present"),
    "away": Text("vertrokken (pas ingeleverd)", "left (pass handed in)"),
    "returned": Text("ingeleverd", "returned"),
    "replaced": Text("vervangen — ongeldig", "replaced — invalid"),
    "undone": Text("ongedaan gemaakt — ongeldig", "undone — invalid"),
}


# -- supervisor PIN ----------------------------------------------------------------------------
_PIN_ROUNDS = 200_000


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
