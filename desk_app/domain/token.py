"""Barcode tokens for voting cards (stemkaart), voting passes (stempas) and choice sheets.

A token is digits only, so that Code128 encodes it in set C (two digits per symbol: half the
printed width of an alphanumeric code, which is what lets a 640x480 webcam read it) and so that a
handheld scanner set to the wrong keyboard layout cannot mangle it (only letters and punctuation
move between layouts, digits do not).

Layout (this docstring is the specification; tests/domain/test_token.py checks it)::

    kind(1) meeting_no(4) payload(...) mac(10) check(1)

    kind 1  stemkaart  payload = municipality number (4, GM0363 -> 0363) + card version (2)  22 digits
    kind 2  stempas    payload = pass serial (6)                                              22 digits
    kind 3  choice     payload = option (2)                                                   18 digits

``mac`` is HMAC-SHA256 over the ASCII of ``kind+meeting_no+payload`` with the meeting's secret:
the first 8 bytes as a big-endian integer mod 10**10. 10 decimal digits (~33 bits) are enough
here because a forger gets one try per scan at a staffed desk, not an offline oracle.

``check`` is a Damm check digit over everything before it. Damm catches every single-digit error
and every adjacent transposition, so a misread is refused as ``token.check`` before any lookup
and before the MAC is even looked at — a misread must never be reported as a forgery.

This module is pure: no Qt, no database. Refusals are :class:`~desk_app.domain.text.DeskError`.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from collections.abc import Collection
from dataclasses import dataclass

from desk_app.domain.text import DeskError, Text

__all__ = [
    "TokenKind",
    "ParsedToken",
    "TOKEN_LENGTHS",
    "MAC_DIGITS",
    "damm_digit",
    "damm_valid",
    "make_card_token",
    "make_pass_token",
    "make_choice_token",
    "parse_token",
    "verify_token",
    "looks_like_token",
]


class TokenKind(enum.IntEnum):
    """The first digit of a token: what the barcode stands for."""

    CARD = 1  # stemkaart: proof of mandate, e-mailed before the meeting
    PASS = 2  # stempas: handed out at the desk, used in the votes
    CHOICE = 3  # a choice sheet: VOOR / TEGEN / ONTHOUDING / option n

    @property
    def label(self) -> Text:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    TokenKind.CARD: Text("stemkaart", "voting card"),
    TokenKind.PASS: Text("stempas", "voting pass"),
    TokenKind.CHOICE: Text("stemformulier", "choice sheet"),
}

MAC_DIGITS = 10
_MAC_MOD = 10**MAC_DIGITS
_PAYLOAD_DIGITS = {TokenKind.CARD: 6, TokenKind.PASS: 6, TokenKind.CHOICE: 2}
#: Total length of a token of each kind: kind + meeting_no + payload + mac + check.
TOKEN_LENGTHS: dict[TokenKind, int] = {kind: 1 + 4 + n + MAC_DIGITS + 1 for kind, n in _PAYLOAD_DIGITS.items()}
_ALL_LENGTHS = frozenset(TOKEN_LENGTHS.values())

# ASCII digits only: str.isdigit() and \d also accept '²', Arabic-Indic digits and the like.
_DIGITS = re.compile(r"[0-9]+")
_MUNICIPALITY = re.compile(r"GM[0-9]{4}")

# Damm's totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def _damm_interim(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return interim


def damm_digit(digits: str) -> str:
    """The Damm check digit to append to a string of ASCII digits."""
    if not _DIGITS.fullmatch(digits):
        raise ValueError(f"Damm check digit needs ASCII digits, got {digits!r}")
    return str(_damm_interim(digits))


def damm_valid(digits: str) -> bool:
    """True when a string of ASCII digits ends in its correct Damm check digit."""
    return bool(_DIGITS.fullmatch(digits)) and _damm_interim(digits) == 0


@dataclass(frozen=True)
class ParsedToken:
    """A token whose format and check digit are right. Not yet proven genuine: see verify_token.

    Only the payload fields of its kind are set; the others are None.
    """

    text: str
    kind: TokenKind
    meeting_no: int
    mac: str
    municipality_code: str | None = None  # CARD: 'GM0363'
    version: int | None = None  # CARD: 1..99
    serial: int | None = None  # PASS
    option: int | None = None  # CHOICE

    @property
    def body(self) -> str:
        """The digits the MAC covers: kind + meeting_no + payload."""
        return self.text[: -(MAC_DIGITS + 1)]


# --- making tokens ---------------------------------------------------------------------------


def _mac(secret: bytes, body: str) -> str:
    digest = hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % _MAC_MOD:0{MAC_DIGITS}d}"


def _check_meeting(meeting_no: int, secret: bytes) -> None:
    # Programming errors, not desk refusals: the meeting store guarantees both.
    if isinstance(meeting_no, bool) or not isinstance(meeting_no, int):
        raise TypeError(f"meeting_no must be int, got {type(meeting_no).__name__}")
    if not 1000 <= meeting_no <= 9999:
        raise ValueError(f"meeting_no must be 1000..9999, got {meeting_no}")
    if not isinstance(secret, bytes) or len(secret) < 16:
        raise ValueError("the meeting secret must be at least 16 random bytes")


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be int, got {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be {low}..{high}, got {value}")


def _seal(kind: TokenKind, meeting_no: int, secret: bytes, payload: str) -> str:
    body = f"{int(kind)}{meeting_no:04d}{payload}"
    with_mac = body + _mac(secret, body)
    token = with_mac + damm_digit(with_mac)
    assert len(token) == TOKEN_LENGTHS[kind]
    return token


def make_card_token(meeting_no: int, secret: bytes, municipality_code: str, version: int) -> str:
    """The 22-digit stemkaart token for ``municipality_code`` (``'GM0363'``), card ``version``.

    A reissued card gets the next version; the old token stays genuine by its MAC and is refused
    by the card register as revoked, so the desk can say *when* and *by whom* it was replaced.
    """
    _check_meeting(meeting_no, secret)
    if not isinstance(municipality_code, str) or not _MUNICIPALITY.fullmatch(municipality_code):
        raise ValueError(f"municipality code must look like 'GM0363', got {municipality_code!r}")
    _check_range("version", version, 1, 99)
    return _seal(TokenKind.CARD, meeting_no, secret, f"{municipality_code[2:]}{version:02d}")


def make_pass_token(meeting_no: int, secret: bytes, serial: int) -> str:
    """The 22-digit stempas token for pass ``serial`` (0..999999, unique within the meeting)."""
    _check_meeting(meeting_no, secret)
    _check_range("serial", serial, 0, 999_999)
    return _seal(TokenKind.PASS, meeting_no, secret, f"{serial:06d}")


def make_choice_token(meeting_no: int, secret: bytes, option: int) -> str:
    """The 18-digit token printed on a choice sheet for ``option`` (0..99)."""
    _check_meeting(meeting_no, secret)
    _check_range("option", option, 0, 99)
    return _seal(TokenKind.CHOICE, meeting_no, secret, f"{option:02d}")


# --- reading tokens --------------------------------------------------------------------------

_T_EMPTY = Text(
    "Er is geen code gelezen. Scan de streepjescode opnieuw of typ de cijfers onder de streepjescode over.",
    "No code was read. Scan the barcode again or type in the digits printed under it.",
)
_T_NOT_DIGITS = Text(
    "Dit is geen code van Stembalie: een stemkaart of stempas heeft alleen cijfers, maar hier "
    "staan ook andere tekens. Scan de streepjescode op de kaart opnieuw, of zoek de gemeente op "
    "naam of code.",
    "This is not a Stembalie code: a voting card or pass has digits only, but this contains other "
    "characters. Scan the barcode on the card again, or look the municipality up by name or code.",
)
_T_LENGTH = Text(
    "Dit is geen code van Stembalie: er zijn {length} cijfers gelezen, een stemkaart of stempas "
    "heeft er 22. Scan de streepjescode opnieuw, of typ alle cijfers onder de streepjescode over.",
    "This is not a Stembalie code: {length} digits were read, a voting card or pass has 22. Scan "
    "the barcode again, or type in all the digits printed under it.",
)
_T_CHECK = Text(
    "De code is verkeerd gelezen (het controlecijfer klopt niet). Scan opnieuw en houd de kaart "
    "stil en recht voor de camera, of typ de cijfers onder de streepjescode zorgvuldig over.",
    "The code was misread (its check digit does not match). Scan again holding the card still "
    "and straight in front of the camera, or carefully type in the digits under the barcode.",
)
_T_UNKNOWN_KIND = Text(
    "Deze code is geen stemkaart, stempas of stemformulier van Stembalie. Vraag naar de "
    "stemkaart van de gemeente, of zoek de gemeente op naam of code.",
    "This code is not a Stembalie voting card, voting pass or choice sheet. Ask for the "
    "municipality's voting card, or look the municipality up by name or code.",
)
_T_WRONG_KIND = Text(
    "Dit is een {found_nl}; hier wordt een {expected_nl} verwacht. Scan de {expected_nl}.",
    "This is a {found_en}; a {expected_en} is expected here. Scan the {expected_en}.",
)
_T_OTHER_MEETING = Text(
    "Deze {kind_nl} hoort bij een andere vergadering (nummer {token_meeting}; deze vergadering "
    "heeft nummer {meeting_no}). Vraag om de {kind_nl} voor deze vergadering, of zoek de "
    "gemeente op naam of code.",
    "This {kind_en} belongs to another meeting (number {token_meeting}; this meeting is number "
    "{meeting_no}). Ask for the {kind_en} for this meeting, or look the municipality up by name "
    "or code.",
)
_T_FORGED = Text(
    "Deze {kind_nl} is niet door deze vergadering uitgegeven: de echtheidscode klopt niet. Neem "
    "de {kind_nl} niet aan en roep de coördinator.",
    "This {kind_en} was not issued by this meeting: its authenticity code does not match. Do not "
    "accept the {kind_en}; call the coordinator.",
)


def _kind_params(prefix: str, kind: TokenKind) -> dict[str, str]:
    return {f"{prefix}_nl": kind.label.nl, f"{prefix}_en": kind.label.en}


def parse_token(text: object, *, expect: Collection[TokenKind] | None = None) -> ParsedToken:
    """Read a scanned or typed token; refuse anything that is not well-formed.

    Surrounding whitespace (a keyboard-wedge scanner's Enter, a pasted space) is ignored. Raises
    only :class:`DeskError`: ``token.format`` (not digits / wrong length), ``token.check`` (the
    Damm digit fails: a misread), ``token.kind`` (unknown kind, or not one of ``expect``).
    The MAC is not checked here: that needs the meeting, see :func:`verify_token`.
    """
    if not isinstance(text, str):
        raise DeskError("token.format", _T_NOT_DIGITS)
    digits = text.strip()
    if not digits:
        raise DeskError("token.format", _T_EMPTY)
    if not _DIGITS.fullmatch(digits):
        raise DeskError("token.format", _T_NOT_DIGITS)
    if len(digits) not in _ALL_LENGTHS:
        raise DeskError("token.format", _T_LENGTH, {"length": len(digits)})
    # The check digit comes before the kind: a misread kind digit is a misread, not a wrong kind.
    if _damm_interim(digits) != 0:
        raise DeskError("token.check", _T_CHECK)
    try:
        kind = TokenKind(ord(digits[0]) - 48)
    except ValueError:
        raise DeskError("token.kind", _T_UNKNOWN_KIND) from None
    if len(digits) != TOKEN_LENGTHS[kind]:
        # Well-formed digits with a valid check digit but a length that does not fit the kind:
        # not something we ever printed.
        raise DeskError("token.kind", _T_UNKNOWN_KIND)
    if expect is not None and kind not in expect:
        wanted = min(expect) if expect else TokenKind.CARD
        raise DeskError(
            "token.kind",
            _T_WRONG_KIND,
            {**_kind_params("found", kind), **_kind_params("expected", wanted)},
        )
    meeting_no = int(digits[1:5])
    payload = digits[5 : -(MAC_DIGITS + 1)]
    mac = digits[-(MAC_DIGITS + 1) : -1]
    if kind is TokenKind.CARD:
        return ParsedToken(
            digits,
            kind,
            meeting_no,
            mac,
            municipality_code="GM" + payload[:4],
            version=int(payload[4:]),
        )
    if kind is TokenKind.PASS:
        return ParsedToken(digits, kind, meeting_no, mac, serial=int(payload))
    return ParsedToken(digits, kind, meeting_no, mac, option=int(payload))


def verify_token(parsed: ParsedToken, meeting_no: int, secret: bytes) -> None:
    """Prove ``parsed`` was issued by this meeting, or raise ``token.other_meeting`` / ``token.forged``.

    Whether a genuine card is still the current version (not revoked) is the card register's
    business, not the token's.
    """
    kind = _kind_params("kind", parsed.kind)
    if parsed.meeting_no != meeting_no:
        raise DeskError(
            "token.other_meeting",
            _T_OTHER_MEETING,
            {"token_meeting": f"{parsed.meeting_no:04d}", "meeting_no": f"{meeting_no:04d}", **kind},
        )
    # Constant-time comparison: the desk answers quickly, so timing must not leak MAC digits.
    if not hmac.compare_digest(_mac(secret, parsed.body), parsed.mac):
        raise DeskError("token.forged", _T_FORGED, kind)


def looks_like_token(text: object) -> bool:
    """Cheap filter for the scanner: could ``text`` be one of our tokens at all?

    True exactly when :func:`parse_token` would accept it (without ``expect``): ASCII digits of a
    token length, a valid Damm digit, a known kind of the matching length. Never raises.
    """
    if not isinstance(text, str):
        return False
    digits = text.strip()
    if len(digits) not in _ALL_LENGTHS or not _DIGITS.fullmatch(digits):
        return False
    if _damm_interim(digits) != 0:
        return False
    kind = ord(digits[0]) - 48
    return kind in _PAYLOAD_DIGITS and len(digits) == TOKEN_LENGTHS[TokenKind(kind)]
