"""The representative and the mandate (statutes art. 11.1-11.2): eligible roles and designations.

Only five roles of the municipality's own government may vote. People type them in many ways
("Burgemeester", "secretaris", "loco-burgemeester"), so :func:`normalise_role` accepts the usual
spellings and refuses anything else with the reason and the list of what is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desk_app.domain.limits import LIMITS, TextKind, text_problem
from desk_app.domain.register import (
    CODE_RE,
    MAX_NAME,
    ImportRefused,
    Problem,
    as_sheets,
    header_problems,
    normalise_code,
)
from desk_app.domain.table import MAX_ROWS, Column, Sheet, data_rows, pick
from desk_app.domain.text import DeskError, Text

ROLES: tuple[str, ...] = ("burgemeester", "wethouder", "raadslid", "gemeentesecretaris", "griffier")

ROLE_LABELS: dict[str, Text] = {
    "burgemeester": Text("burgemeester", "mayor"),
    "wethouder": Text("wethouder", "alderman"),
    "raadslid": Text("raadslid", "councillor"),
    "gemeentesecretaris": Text("gemeentesecretaris", "municipal secretary"),
    "griffier": Text("griffier", "clerk of the council"),
}

# Usual spellings, already folded to lower case without accents, dots or extra spaces.
_ALIASES: dict[str, str] = {
    **{r: r for r in ROLES},
    "burgermeester": "burgemeester",
    "waarnemend burgemeester": "burgemeester",
    "wnd burgemeester": "burgemeester",
    "mayor": "burgemeester",
    "loco burgemeester": "wethouder",
    "locoburgemeester": "wethouder",
    "alderman": "wethouder",
    "gemeenteraadslid": "raadslid",
    "raadsleden": "raadslid",
    "lid van de raad": "raadslid",
    "lid gemeenteraad": "raadslid",
    "councillor": "raadslid",
    "council member": "raadslid",
    "councilor": "raadslid",
    "secretaris": "gemeentesecretaris",
    "gemeente secretaris": "gemeentesecretaris",
    "gemeentesecretaris algemeen directeur": "gemeentesecretaris",
    "gemeentesecretaris/algemeen directeur": "gemeentesecretaris",
    "municipal secretary": "gemeentesecretaris",
    "secretary": "gemeentesecretaris",
    "raadsgriffier": "griffier",
    "clerk": "griffier",
    "council clerk": "griffier",
}

T_ROLE = Text(
    "'{value}' is geen stemgerechtigde functie. Toegestaan zijn alleen: burgemeester, wethouder, "
    "raadslid, gemeentesecretaris, griffier (van de eigen gemeente).",
    "'{value}' is not an eligible role. Only these may vote: mayor, alderman, councillor, "
    "municipal secretary, clerk (of the municipality itself).",
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[.\-_]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def normalise_role(value: str) -> str:
    """Return the canonical role, or raise ``DeskError('role.not_eligible')`` with the reason."""
    role = _ALIASES.get(_fold(value))
    if role is None:
        raise DeskError("role.not_eligible", T_ROLE, {"value": value.strip()})
    return role


def role_label(role: str, lang: str | None = None) -> str:
    return ROLE_LABELS[role].render(lang)


def designee_problem(name: str | None) -> DeskError | None:
    """Why a designee's name may not be recorded (a person's name: :mod:`desk_app.domain.limits`)."""
    return text_problem(name, TextKind.NAME) if name else None


# Plain addresses as municipalities have them. The local part starts with a letter or digit:
# "=1+1@evil.nl" is valid under RFC 5322, yet it is a formula in a spreadsheet (the index of the
# cards, an export) and no secretary's address. Domain labels are letters, digits and hyphens.
_EMAIL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+'-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}")
MAX_EMAIL = 254  # RFC 5321's limit on a path


def valid_email(value: str) -> bool:
    """True for an address the cards can be sent to (see ``_EMAIL_RE``); no ``..``, at most 254 characters."""
    local = value.partition("@")[0]
    return (
        len(value) <= MAX_EMAIL and bool(_EMAIL_RE.fullmatch(value)) and ".." not in value and not local.endswith(".")
    )


@dataclass(frozen=True)
class Designation:
    """Who a municipality designated, and where its stemkaart is to be sent."""

    code: str
    name: str | None
    role: str | None
    email: str | None


T_REPS_FILE = Text("Het bestand met vertegenwoordigers", "The representatives file")
T = {
    "encoding": Text(
        "regel {line}: het bestand is geen UTF-8 of Windows-1252 tekst",
        "line {line}: the file is not UTF-8 or Windows-1252 text",
    ),
    "columns": Text(
        "regel {line}: {found} kolommen, verwacht {expected} (staat er een scheidingsteken in een naam? Zet die cel "
        "tussen aanhalingstekens)",
        "line {line}: {found} columns, expected {expected} (is there a separator inside a name? Put that cell in "
        "quotes)",
    ),
    "too_long": Text(
        "regel {line}: de naam is langer dan {max} tekens", "line {line}: the name is longer than {max} characters"
    ),
    "bidi": Text(
        "regel {line}: de naam bevat een onzichtbaar teken dat de leesrichting omdraait ({chars})",
        "line {line}: the name contains an invisible character that reverses the reading direction ({chars})",
    ),
    "control": Text(
        "regel {line}: de naam bevat een stuurteken ({chars})",
        "line {line}: the name contains a control character ({chars})",
    ),
    "too_many": Text(
        "regel {line}: het bestand heeft meer dan {max} rijen; is dit het goede bestand?",
        "line {line}: the file has more than {max} rows; is this the right file?",
    ),
    "code": Text(
        "regel {line}: gemeentecode '{value}' is ongeldig (verwacht bijv. GM0363)",
        "line {line}: municipality code '{value}' is malformed (expected e.g. GM0363)",
    ),
    "unknown": Text(
        "regel {line}: gemeentecode {value} staat niet in het ledenregister",
        "line {line}: municipality code {value} is not in the member register",
    ),
    "duplicate": Text(
        "regel {line}: gemeente {value} heeft al een vertegenwoordiger op regel {first} (één per gemeente)",
        "line {line}: municipality {value} already has a representative on line {first} (one per municipality)",
    ),
    "role": Text("regel {line}: " + T_ROLE.nl, "line {line}: " + T_ROLE.en),
    "email": Text(
        "regel {line}: e-mailadres '{value}' is ongeldig", "line {line}: e-mail address '{value}' is invalid"
    ),
    "role_without_name": Text(
        "regel {line}: er is een functie maar geen naam ({code})",
        "line {line}: there is a role but no name ({code})",
    ),
}

DESIGNATION_COLUMNS: tuple[Column, ...] = (
    Column("code", Text("gemeentecode", "code"), ("gemeentecode", "code", "gemeentecodegm")),
    Column("name", Text("naam", "name"), ("naam", "name", "naamvertegenwoordiger", "vertegenwoordiger")),
    Column("role", Text("functie", "role"), ("functie", "role", "rol")),
    Column(
        "email",
        Text("e-mailadres", "email"),
        ("emailadres", "email", "emailadressecretaris", "emailsecretaris", "secretaryemail", "mail"),
    ),
)


def parse_designations(data: bytes | Sequence[Sheet], known_codes: Iterable[str]) -> list[Designation]:
    """Parse designations (CSV bytes or worksheets): gemeentecode, naam, functie, e-mailadres
    (the gemeentesecretaris' address), in Dutch or English, other columns skipped; all-or-nothing."""
    known = set(known_codes)
    problems: list[Problem] = []

    def bad(line: int, key: str, **params: object) -> None:
        problems.append(Problem(line, T[key], params))

    sheets = as_sheets(data)
    if sheets is None:
        bad(1, "encoding")
        raise ImportRefused("reps.refused", problems, T_REPS_FILE)
    sheet, header = pick(sheets, DESIGNATION_COLUMNS)
    problems.extend(header_problems(header, DESIGNATION_COLUMNS))
    if header is None or problems:
        raise ImportRefused("reps.refused", problems, T_REPS_FILE)
    result: list[Designation] = []
    first: dict[str, int] = {}
    width = len(header.cells)
    rows = data_rows(sheet, header)
    if len(rows) > MAX_ROWS:
        bad(rows[MAX_ROWS][0], "too_many", max=MAX_ROWS)
        rows = rows[:MAX_ROWS]
    for line, row in rows:
        if sheet.csv and len(row) > width and any(c.strip() for c in row[width:]):
            bad(line, "columns", found=len(row), expected=width)
            continue
        raw_code, name = header.cell(row, "code"), header.cell(row, "name")
        raw_role, email = header.cell(row, "role"), header.cell(row, "email")
        code = normalise_code(raw_code)
        ok = True
        if not CODE_RE.match(code):
            bad(line, "code", value=raw_code)
            ok = False
        elif code not in known:
            bad(line, "unknown", value=code)
            ok = False
        elif code in first:
            bad(line, "duplicate", value=code, first=first[code])
            ok = False
        else:
            first[code] = line
        problem = designee_problem(name)
        if problem is not None:
            key = problem.code.removeprefix("text.")
            bad(line, key, max=LIMITS[TextKind.NAME], chars=problem.params.get("chars", ""))
            ok = False
        role: str | None = None
        if raw_role:
            try:
                role = normalise_role(raw_role)
            except DeskError:
                bad(line, "role", value=raw_role)
                ok = False
            if not name:
                bad(line, "role_without_name", code=code)
                ok = False
        if email and not valid_email(email):
            bad(line, "email", value=email[:MAX_NAME])
            ok = False
        if ok:
            result.append(Designation(code, name or None, role, email or None))
    if problems:
        raise ImportRefused("reps.refused", problems, T_REPS_FILE)
    return result
