"""The designations file as the secretariat keeps it: Dutch or English headers, CSV or worksheets."""

from __future__ import annotations

import pytest

from desk_app.domain.mandate import parse_designations
from desk_app.domain.register import ImportRefused
from desk_app.domain.table import Sheet

KNOWN = {"GM0363", "GM0599"}


@pytest.mark.parametrize(
    "header",
    [
        "gemeentecode;naam;functie;e-mailadres",
        "Gemeentecode;Naam;Functie;E-mail",
        "code,name,role,email",
        "GEMEENTECODE;Naam;Rol;E-mailadres",
        "Gemeente;Gemeentecode;Naam;Functie;E-mailadres;Opmerking",  # extra columns are skipped
    ],
)
def test_dutch_and_english_headers(header: str) -> None:
    sep = ";" if ";" in header else ","
    extra = header.startswith("Gemeente;")
    rows = [("Amsterdam",) if extra else (), ("GM0363", "Femke H.", "Burgemeester", "sec@amsterdam.nl")]
    line = sep.join([*rows[0], *rows[1]]) + (sep + "zie mail" if extra else "")
    designations = parse_designations(f"{header}\n{line}\n".encode(), KNOWN)
    assert [(d.code, d.name, d.role, d.email) for d in designations] == [
        ("GM0363", "Femke H.", "burgemeester", "sec@amsterdam.nl")
    ]


def test_worksheet_with_numeric_code() -> None:
    sheet = Sheet(((1, ("Gemeentecode", "Naam", "Functie", "E-mailadres")), (2, ("599", "R. Dam", "griffier", ""))))
    (d,) = parse_designations([sheet], KNOWN)
    assert (d.code, d.name, d.role, d.email) == ("GM0599", "R. Dam", "griffier", None)


def test_missing_column_is_named_in_the_readers_language() -> None:
    with pytest.raises(ImportRefused) as info:
        parse_designations(b"gemeentecode;naam;e-mail\nGM0363;A;a@b.nl\n", KNOWN)
    assert "ontbreekt functie" in info.value.message("nl")
    assert "gemeentecode, naam, functie, e-mailadres" in info.value.message("nl")
    assert "lacks role" in info.value.message("en")
    assert "code, name, role, email" in info.value.message("en")


def test_every_problem_by_line() -> None:
    body = (
        "gemeentecode;naam;functie;e-mailadres\n"
        "GM0363;A;ambtenaar;a@b.nl\n"
        "GM9999;B;wethouder;b@c.nl\n"
        "GM0599;C;raadslid;geen adres\n"
        "GM0599;D;raadslid;d@e.nl;x\n"
    )
    with pytest.raises(ImportRefused) as info:
        parse_designations(body.encode(), KNOWN)
    nl = info.value.message("nl")
    assert "4 fouten" in nl
    assert "regel 2: 'ambtenaar' is geen stemgerechtigde functie" in nl
    assert "regel 3: gemeentecode GM9999 staat niet in het ledenregister" in nl
    assert "regel 4: e-mailadres 'geen adres' is ongeldig" in nl
    assert "regel 5: 5 kolommen, verwacht 4" in nl
