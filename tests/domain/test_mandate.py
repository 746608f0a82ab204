"""Eligible roles and the designations file."""

from __future__ import annotations

import pytest

from desk_app.domain.mandate import normalise_role, parse_designations
from desk_app.domain.register import ImportRefused
from desk_app.domain.text import DeskError


@pytest.mark.parametrize(
    ("raw", "role"),
    [
        ("Burgemeester", "burgemeester"),
        ("BURGEMEESTER ", "burgemeester"),
        ("wnd. burgemeester", "burgemeester"),
        ("secretaris", "gemeentesecretaris"),
        ("Gemeentesecretaris", "gemeentesecretaris"),
        ("raadslid", "raadslid"),
        ("Gemeenteraadslid", "raadslid"),
        ("Wethouder", "wethouder"),
        ("loco-burgemeester", "wethouder"),
        ("Raadsgriffier", "griffier"),
        ("griffier", "griffier"),
    ],
)
def test_usual_spellings_are_accepted(raw: str, role: str) -> None:
    assert normalise_role(raw) == role


@pytest.mark.parametrize(
    "raw", ["beleidsmedewerker", "ambtenaar", "commissaris van de koning", "", "burgemeesters-vrouw"]
)
def test_other_roles_are_refused_with_the_reason(raw: str) -> None:
    with pytest.raises(DeskError) as info:
        normalise_role(raw)
    assert info.value.code == "role.not_eligible"
    assert "burgemeester, wethouder, raadslid, gemeentesecretaris, griffier" in info.value.message("nl")
    assert "mayor" in info.value.message("en")


KNOWN = {"GM0363", "GM0599"}


def test_designations_parse() -> None:
    data = (
        "code;naam;functie;e-mail\nGM0363;Femke H.;Burgemeester;secretaris@amsterdam.nl\n"
        "GM0599;;;griffie@rotterdam.nl\n"
    )
    reps = parse_designations(data.encode("cp1252"), KNOWN)
    assert reps[0].role == "burgemeester" and reps[0].name == "Femke H."
    assert reps[1].name is None and reps[1].role is None and reps[1].email == "griffie@rotterdam.nl"


def test_designations_all_or_nothing_with_every_reason() -> None:
    data = (
        "code,name,role,email\n"
        "GM0363,A,burgemeester,a@b.nl\n"
        "GM9999,B,wethouder,b@c.nl\n"  # unknown municipality
        "GM0599,C,beleidsmedewerker,c@d.nl\n"  # not eligible
        "GM0363,D,raadslid,d@e.nl\n"  # second representative
        "GM0599,E,raadslid,geen-adres\n"  # bad e-mail, and a second representative (line 4)
    )
    with pytest.raises(ImportRefused) as info:
        parse_designations(data.encode(), KNOWN)
    text = info.value.message("nl")
    assert "regel 3: gemeentecode GM9999 staat niet in het ledenregister" in text
    assert "regel 4: 'beleidsmedewerker' is geen stemgerechtigde functie" in text
    assert "regel 5: gemeente GM0363 heeft al een vertegenwoordiger op regel 2" in text
    assert "regel 6: e-mailadres 'geen-adres' is ongeldig" in text
