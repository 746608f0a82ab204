"""Limits on free text that people type or files bring in: one table, one check, one message.

Names (of a person presenting a card, a designee), reasons (for a look-up, a coördinator's
action, a new card), titles (of an agenda item, a meeting) and the chair's statements (with a
declared result or an acclamation) end up on the big desk screen, the chair's screen, on
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

Files are bounded here too (RELIABILITY.md: input at every edge is bounded in size and time).
:data:`FILE_BYTES`, :data:`FILE_ROWS`, :data:`MAX_CELL`, :data:`MAX_COLUMNS`, :data:`MAX_LINE` and
:data:`WORKBOOK_UNPACKED` are the one table of them, for the register, the designations
(vertegenwoordigers), the agenda (TOML, ``.xlsx`` or CSV) and a results file. :func:`check_file`
refuses a file that is too large, or has a line far longer than any cell may be, before any
parser sees it: a 50 MB CSV field, a 200,000-item agenda and a deeply nested TOML file are each
refused at once with a message saying what is wrong, never after minutes or with a crash.

Pure Python; refusals are :class:`~desk_app.domain.text.DeskError` with the codes
``text.too_long``, ``text.bidi``, ``text.control``, ``file.too_large`` and ``file.long_line``.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from desk_app.domain.text import DeskError, Text

__all__ = [
    "BIDI_CONTROLS",
    "FILE_BYTES",
    "FILE_ROWS",
    "LIMITS",
    "MAX_CELL",
    "MAX_COLUMNS",
    "MAX_LINE",
    "MAX_ROWS",
    "WORKBOOK_UNPACKED",
    "FileKind",
    "TextKind",
    "check_file",
    "check_text",
    "text_problem",
    "visible",
]


class TextKind(StrEnum):
    """What a piece of free text is: it decides its limit and the word used in the message."""

    NAME = "name"  # a person: who presents a card, a designee, a substitute
    REASON = "reason"  # why: a look-up by hand, a coördinator's action, a new card
    TITLE = "title"  # an agenda item, a part of a motion, the meeting
    STATEMENT = "statement"  # the chair's words with a declared result or an acclamation


#: The longest text of each kind, in characters (after surrounding spaces are removed). The
#: longest municipal name in use is under 40 characters and a VNG motion title under 200; the
#: chair's statement is one line on the chair's screen and in the minutes ("aangenomen met 98,81%
#: (basis: …)", the computed sentence, is under 200).
LIMITS: dict[TextKind, int] = {
    TextKind.NAME: 100,
    TextKind.REASON: 500,
    TextKind.TITLE: 300,
    TextKind.STATEMENT: 500,
}


class FileKind(StrEnum):
    """What a file that comes in is: it decides its limits and the word used in the message."""

    REGISTER = "register"  # the member register (CBS): CSV or .xlsx
    DESIGNATIONS = "designations"  # the vertegenwoordigers: CSV or .xlsx
    AGENDA = "agenda"  # TOML, .xlsx or ;-CSV
    RESULTS = "results"  # a results file of an external voting system: CSV


#: The largest file of each kind, in bytes. The CBS register is 15 kB as CSV and 60 kB as .xlsx,
#: a real agenda a few kB: 2 MiB leaves room for any honest file and refuses a wrong one at once.
FILE_BYTES: dict[FileKind, int] = {
    FileKind.REGISTER: 2 * 2**20,
    FileKind.DESIGNATIONS: 2 * 2**20,
    FileKind.AGENDA: 2 * 2**20,
    FileKind.RESULTS: 2 * 2**20,
}
#: The most rows of each kind: municipalities (342 in 2024), designations, agenda items, results.
FILE_ROWS: dict[FileKind, int] = {
    FileKind.REGISTER: 5_000,
    FileKind.DESIGNATIONS: 5_000,
    FileKind.AGENDA: 500,
    FileKind.RESULTS: 5_000,
}
MAX_ROWS = max(FILE_ROWS.values())  # rows a table reader reads at most (then the parser says "too many")
MAX_COLUMNS = 60  # columns read from a spreadsheet
MAX_CELL = 20_000  # characters in one cell or value: a long resolution text fits, a pasted book does not
MAX_LINE = 4 * MAX_CELL + 1_000  # bytes in one line of a text file: a longest cell in UTF-8, and the rest
WORKBOOK_UNPACKED = 8 * 2**20  # bytes an .xlsx (a zip) may unpack to: no zip bomb, no minutes of XML parsing

_FILE_WHAT: dict[FileKind, Text] = {
    FileKind.REGISTER: Text("een ledenregister", "a member register"),
    FileKind.DESIGNATIONS: Text("een bestand met vertegenwoordigers", "a file of representatives"),
    FileKind.AGENDA: Text("een agenda", "an agenda"),
    FileKind.RESULTS: Text("een uitslagbestand", "a results file"),
}
T_FILE_TOO_LARGE = Text(
    "Het bestand is te groot: {size} voor {what_nl}, dat hoogstens {max} mag zijn. Is dit het goede bestand? "
    "Er is niets ingelezen.",
    "The file is too large: {size} for {what_en}, which may be at most {max}. Is this the right file? "
    "Nothing was imported.",
)
T_FILE_LONG_LINE = Text(
    "Regel {line} van het bestand is {size} lang; een regel mag hoogstens {max} zijn (een cel hoogstens {cell} "
    "tekens). Is dit het goede bestand? Er is niets ingelezen.",
    "Line {line} of the file is {size} long; a line may be at most {max} (a cell at most {cell} characters). "
    "Is this the right file? Nothing was imported.",
)


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB".replace(".", ",") if n >= 2**20 else f"{(n + 1023) // 1024} kB"


def check_file(data: bytes, kind: FileKind, *, text: bool = True) -> None:
    """Refuse a file of ``kind`` that is larger than :data:`FILE_BYTES` allows or, for a text file,
    has a line longer than :data:`MAX_LINE` bytes (a 50 MB CSV field). Runs in milliseconds on any
    file it lets through; a refusal is a :class:`DeskError` that says what is wrong."""
    what = _FILE_WHAT[kind]
    if len(data) > FILE_BYTES[kind]:
        raise DeskError(
            "file.too_large",
            T_FILE_TOO_LARGE,
            {
                "size": _size(len(data)),
                "max": _size(FILE_BYTES[kind]),
                "what_nl": what.nl,
                "what_en": what.en,
            },
        )
    if not text:
        return
    start = 0
    line = 1
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - start > MAX_LINE:
            raise DeskError(
                "file.long_line",
                T_FILE_LONG_LINE,
                {
                    "line": line,
                    "size": _size(end - start),
                    "max": _size(MAX_LINE),
                    "cell": MAX_CELL,
                },
            )
        start, line = end + 1, line + 1


#: Invisible characters that change the order in which text is displayed.
BIDI_CONTROLS: frozenset[str] = frozenset(
    chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
)

_WHAT: dict[TextKind, Text] = {
    TextKind.NAME: Text("De naam", "The name"),
    TextKind.REASON: Text("De reden", "The reason"),
    TextKind.TITLE: Text("De titel", "The title"),
    TextKind.STATEMENT: Text("De verklaring van de voorzitter", "The chair's statement"),
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
