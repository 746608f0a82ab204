"""Limits on free text that people type or files bring in: one table, one check, one message.

Names (of a person presenting a card, a designee), reasons (for a look-up, a coördinator's
action, a new card) and titles (of an agenda item, a meeting) end up on the big desk screen, on
stempassen, in the proces-verbaal and in CSV files. Two kinds of hostile text are refused here,
before anything is stored:

* **Too long.** A 5,000-character "name" breaks every layout it reaches and is never a name.
  :data:`LIMITS` says how long each kind of text may be; the message says how long it was.
* **Bidirectional control characters** (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C).
  They are invisible and reverse how the text after them is shown, so "Kok" can be made to read
  as another name on screen while a different one is stored (Trojan Source, CVE-2021-42574).
  No Dutch name, reason or title needs them. Other control characters (a tab or line break in a
  name, a NUL) are refused the same way; a reason may span lines.

Text stored before these checks existed can still hold such characters: :func:`visible` shows
them as ``⟨U+202E⟩`` wherever they are displayed.

Pure Python; refusals are :class:`~desk_app.domain.text.DeskError` with the codes
``text.too_long``, ``text.bidi`` and ``text.control``.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from desk_app.domain.text import DeskError, Text

__all__ = [
    "BIDI_CONTROLS",
    "LIMITS",
    "TextKind",
    "check_text",
    "text_problem",
    "visible",
]


class TextKind(StrEnum):
    """What a piece of free text is: it decides its limit and the word used in the message."""

    NAME = "name"  # a person: who presents a card, a designee, a substitute
    REASON = "reason"  # why: a look-up by hand, a coördinator's action, a new card
    TITLE = "title"  # an agenda item, a part of a motion, the meeting


#: The longest text of each kind, in characters (after surrounding spaces are removed). The
#: longest municipal name in use is under 40 characters and a VNG motion title under 200.
LIMITS: dict[TextKind, int] = {
    TextKind.NAME: 100,
    TextKind.REASON: 500,
    TextKind.TITLE: 300,
}

#: Invisible characters that change the order in which text is displayed.
BIDI_CONTROLS: frozenset[str] = frozenset(
    chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
)

_WHAT: dict[TextKind, Text] = {
    TextKind.NAME: Text("De naam", "The name"),
    TextKind.REASON: Text("De reden", "The reason"),
    TextKind.TITLE: Text("De titel", "The title"),
}

T_TOO_LONG = Text(
    "{what_nl} is te lang: {length} tekens, er mogen er hoogstens {max} zijn. Kort de tekst in; er is niets "
    "vastgelegd.",
    "{what_en} is too long: {length} characters, at most {max} are allowed. Shorten it; nothing was recorded.",
)
T_BIDI = Text(
    "{what_nl} bevat een onzichtbaar teken dat de leesrichting omdraait ({chars}). Zulke tekens zijn niet "
    "toegestaan, omdat de tekst dan anders op het scherm staat dan wordt vastgelegd. Typ de tekst opnieuw; er is "
    "niets vastgelegd.",
    "{what_en} contains an invisible character that reverses the reading direction ({chars}). Such characters are "
    "not allowed, because the text would show differently from what is recorded. Type it again; nothing was "
    "recorded.",
)
T_CONTROL = Text(
    "{what_nl} bevat een stuurteken ({chars}), zoals een tab of regelovergang. Typ de tekst op één regel; er is "
    "niets vastgelegd.",
    "{what_en} contains a control character ({chars}), such as a tab or a line break. Type it on one line; nothing "
    "was recorded.",
)


def _codes(chars: str) -> str:
    return ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in chars))


def _params(kind: TextKind, **extra: object) -> dict[str, object]:
    what = _WHAT[kind]
    return {"what_nl": what.nl, "what_en": what.en, **extra}


def text_problem(value: str, kind: TextKind) -> DeskError | None:
    """Why ``value`` may not be stored as a ``kind`` (None: it may). Surrounding spaces do not count."""
    text = value.strip()
    bidi = "".join(c for c in text if c in BIDI_CONTROLS)
    if bidi:
        return DeskError("text.bidi", T_BIDI, _params(kind, chars=_codes(bidi)))
    allowed = "\n\t" if kind is TextKind.REASON else ""
    control = "".join(c for c in text if unicodedata.category(c) == "Cc" and c not in allowed)
    if control:
        return DeskError("text.control", T_CONTROL, _params(kind, chars=_codes(control)))
    if len(text) > LIMITS[kind]:
        return DeskError("text.too_long", T_TOO_LONG, _params(kind, length=len(text), max=LIMITS[kind]))
    return None


def check_text(value: str, kind: TextKind) -> str:
    """``value`` without surrounding spaces, or a :class:`DeskError` saying why it is refused."""
    problem = text_problem(value, kind)
    if problem is not None:
        raise problem
    return value.strip()


def visible(text: str) -> str:
    """``text`` with every bidirectional control shown as ``⟨U+202E⟩`` (for text stored earlier)."""
    if not any(c in BIDI_CONTROLS for c in text):
        return text
    return "".join(f"⟨U+{ord(c):04X}⟩" if c in BIDI_CONTROLS else c for c in text)
