"""Weights and register parsing (statutes art. 11)."""

from __future__ import annotations

import pytest

from desk_app.domain.register import (
    CBS_MUNICIPALITIES,
    ImportRefused,
    Reference,
    count_warning,
    parse_register,
    read_register,
    reference_of,
    totals,
    votes_for,
)
from desk_app.domain.table import Sheet
from tests.helpers import REGISTER


@pytest.mark.parametrize(
    ("population", "votes"),
    [
        (0, 1),
        (972, 1),
        (999, 1),
        (1_000, 1),
        (1_999, 1),
        (2_000, 2),
        (74_999, 74),
        (75_000, 75),
        (75_999, 75),
        (931_298, 75),
    ],
)
def test_weight_boundaries(population: int, votes: int) -> None:
    assert votes_for(population) == votes


def test_negative_population_is_an_error_not_one_vote() -> None:
    with pytest.raises(ValueError):
        votes_for(-1)


def test_bundled_register_totals() -> None:
    members = parse_register(REGISTER.read_bytes())
    t = totals(members)
    assert (t.members, t.votes, t.population, t.at_cap, t.at_minimum) == (342, 13_111, 17_942_942, 53, 3)
    by_code = {m.code: m for m in members}
    assert by_code["GM0363"].name == "Amsterdam" and by_code["GM0363"].votes == 75
    assert by_code["GM0088"].population == 972 and by_code["GM0088"].votes == 1
    assert by_code["GM0164"].name == "Hengelo (O.)"


SMALL = "code,name,province,population\nGM0363,Amsterdam,Noord-Holland,931298\nGM0088,Schiermonnikoog,Fryslân,972\n"


@pytest.mark.parametrize(
    "data",
    [
        SMALL.encode("utf-8"),
        b"\xef\xbb\xbf" + SMALL.encode("utf-8"),  # Excel's UTF-8 with BOM
        SMALL.encode("cp1252"),  # Excel's "CSV" on Dutch Windows
        SMALL.replace(",", ";").encode("cp1252"),
        SMALL.replace("931298", '"931.298"').encode("utf-8"),  # Dutch thousands separator
        SMALL.replace(",", ";").replace("931298", "931.298").replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf8", "bom", "cp1252", "semicolon", "thousands", "excel-nl"],
)
def test_accepted_layouts(data: bytes) -> None:
    members = parse_register(data)
    assert [(m.code, m.name, m.population, m.votes) for m in members] == [
        ("GM0363", "Amsterdam", 931_298, 75),
        ("GM0088", "Schiermonnikoog", 972, 1),
    ]


def test_quoted_name_with_comma() -> None:
    members = parse_register(
        b'code,name,province,population_2024\nGM0820,"Nuenen, Gerwen en Nederwetten",Noord-Brabant,23803\n'
    )
    assert members[0].name == "Nuenen, Gerwen en Nederwetten"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "code,naam,provincie\nGM0363,Amsterdam,NH\n",
            ["in de kopregel 'code;naam;provincie' ontbreekt inwoners"],
        ),
        ("GM0363,Amsterdam,NH,931298\n", ["regel 1: in de kopregel", "ontbreekt gemeentecode, gemeentenaam"]),
        ("code,name,province,population\nGM363,A,NH,5000\n", ["regel 2: gemeentecode 'GM363' is ongeldig"]),
        (
            "code,name,province,population\nGM0363,A,NH,5000\nGM0363,B,NH,6000\n",
            ["regel 3: gemeentecode GM0363 staat ook al op regel 2"],
        ),
        ("code,name,province,population\nGM0363,A,NH,\n", ["regel 2: het inwonertal ontbreekt"]),
        ("code,name,province,population\nGM0363,A,NH,-5\n", ["regel 2: het inwonertal '-5' is negatief"]),
        ("code,name,province,population\nGM0363,A,NH,veel\n", ["regel 2: het inwonertal 'veel' is geen geheel getal"]),
        ("code,name,province,population\nGM0363,A,NH,12,5\n", ["regel 2: 5 kolommen, verwacht 4"]),
        ("code,name,province,population\nGM0363,A,NH,1.5\n", ["regel 2: het inwonertal '1.5' is geen geheel getal"]),
        ("", ["regel 1: het bestand is leeg"]),
        ("code,name,province,population\n", ["geen gemeenten"]),
    ],
    ids=[
        "header",
        "no-header",
        "malformed-code",
        "duplicate",
        "missing",
        "negative",
        "non-numeric",
        "columns",
        "decimal",
        "empty",
        "no-rows",
    ],
)
def test_bad_files_are_refused_with_line_numbers(body: str, expected: list[str]) -> None:
    with pytest.raises(ImportRefused) as info:
        parse_register(body.encode("utf-8"))
    text = info.value.message("nl")
    assert "er is niets ingelezen" in text
    for part in expected:
        assert part in text


def test_every_problem_is_listed_not_only_the_first() -> None:
    body = "code,name,province,population\nGM0001,A,X,10\nXX,B,Y,20\nGM0003,C,Z,-1\nGM0001,D,Q,abc\n"
    with pytest.raises(ImportRefused) as info:
        parse_register(body.encode())
    lines = sorted(p.line for p in info.value.problems)
    assert lines == [3, 4, 5, 5]  # line 5 is both a duplicate and non-numeric
    assert "3 fouten" not in info.value.message("nl")
    assert "4 fouten" in info.value.message("nl")
    assert "4 problems" in info.value.message("en")


def test_one_problem_is_one_fout() -> None:
    """A count people read is never "fout(en)": one problem is "1 fout", in both languages."""
    with pytest.raises(ImportRefused) as info:
        parse_register(b"code,name,province,population\nGM0001,A,X,10\nXX,B,Y,20\n")
    assert len(info.value.problems) == 1
    nl, en = info.value.message("nl"), info.value.message("en")
    assert nl.startswith("Het ledenbestand is geweigerd: 1 fout, er is niets ingelezen."), nl
    assert en.startswith("The member register file was refused: 1 problem, nothing was imported."), en
    assert "(en)" not in nl and "(s)" not in en
    assert str(info.value).startswith("Het ledenbestand is geweigerd: 1 fout,")  # rendered without a language


def test_binary_garbage_is_refused() -> None:
    with pytest.raises(ImportRefused):
        parse_register(bytes(range(256)) * 3)


# --- Dutch headers, CBS spellings, spreadsheets (issue 14 item 3) ----------------------------

EXPECTED = [("GM0363", "Amsterdam", "Noord-Holland", 931_298), ("GM0088", "Schiermonnikoog", "Fryslân", 972)]


@pytest.mark.parametrize(
    "header",
    [
        "gemeentecode;gemeentenaam;provincie;inwoners",
        "Gemeentecode;Gemeente;Provincie;Inwoners",
        "GEMEENTE CODE;Gemeente naam;Provincie;Inwonertal",
        "gemeentecode,gemeentenaam,provincie,Bevolking op 1 januari 2024",
        "GemeentecodeGM;Gemeentenaam;Provincienaam;Bevolking op 1 januari 2024 (aantal)",
        "Gemeentecode;Gemeentenaam;Provincienaam;AantalInwoners_5",
        "code,name,province,population_2024",
        "Gémeentecode;Naam;Próvincie;Aantal inwoners",
    ],
)
def test_dutch_english_and_cbs_headers(header: str) -> None:
    sep = ";" if ";" in header else ","
    body = header + "\n" + "\n".join(sep.join(map(str, row)) for row in EXPECTED) + "\n"
    members = parse_register(body.encode("utf-8"), year=2024)
    assert [(m.code, m.name, m.province, m.population) for m in members] == EXPECTED


def test_cbs_workbook_layout_extra_columns_title_rows_and_numeric_codes() -> None:
    """CBS's 'gemeenten alfabetisch' layout with a population column added, below a title."""
    sheet = Sheet(
        (
            (1, ("Gemeentelijke indeling op 1 januari 2024", "", "", "", "", "", "")),
            (2, ("", "", "", "", "", "", "")),
            (
                3,
                (
                    "Gemeentecode",
                    "GemeentecodeGM",
                    "Gemeentenaam",
                    "Provinciecode",
                    "ProvinciecodePV",
                    "Provincienaam",
                    "Bevolking op 1 januari 2024",
                ),
            ),
            (4, ("363", "GM0363", "Amsterdam", "27", "PV27", "Noord-Holland", "931298")),
            (5, ("88", "GM0088", "Schiermonnikoog", "21", "PV21", "Fryslân", "972")),
        ),
        name="Gemeenten_alfabetisch",
    )
    explanation = Sheet(((1, ("Toelichting",)), (2, ("Deze tabel bevat ...",))), name="Toelichting")
    register = read_register([explanation, sheet], year=2024)
    assert [(m.code, m.name, m.province, m.population) for m in register.members] == EXPECTED
    assert register.reference == Reference(2024)


def test_numeric_cbs_code_alone_becomes_gm_code() -> None:
    body = "Gemeentecode;Gemeentenaam;Provincie;Inwoners\n363;Amsterdam;Noord-Holland;931.298\n0088;S;F;972\n"
    assert [m.code for m in parse_register(body.encode())] == ["GM0363", "GM0088"]


def test_two_columns_for_one_meaning_are_refused() -> None:
    body = "gemeentecode;Gemeente code;naam;provincie;inwoners\nGM0363;GM0363;A;NH;5\n"
    with pytest.raises(ImportRefused) as info:
        parse_register(body.encode())
    assert (
        "kolom gemeentecode staat twee keer in de kopregel ('gemeentecode' en 'Gemeente code')"
        in info.value.message("nl")
    )
    assert "the column code appears twice in the header" in info.value.message("en")


def test_missing_columns_are_named_in_the_readers_language() -> None:
    body = "gemeente;inwoners\nAmsterdam;931298\n"
    with pytest.raises(ImportRefused) as info:
        parse_register(body.encode())
    nl, en = info.value.message("nl"), info.value.message("en")
    assert "ontbreekt gemeentecode, provincie" in nl
    assert "gemeentecode, gemeentenaam, provincie, inwoners" in nl
    assert "lacks code, province" in en and "code, name, province, population" in en


@pytest.mark.parametrize(
    ("header", "reference"),
    [
        ("population_2024", Reference(2024)),
        ("Bevolking op 1 januari 2023", Reference(2023)),
        ("Bevolking op 1 januari 2024 (aantal)", Reference(2024)),
        ("inwoners 31-12-2023", Reference(2023, 31, 12)),
        ("inwoners per 1-1-2024", Reference(2024)),
        ("Inwoners 1 juli 2024", Reference(2024, 1, 7)),
        ("population on July 1, 2024", Reference(2024, 1, 7)),
        ("AantalInwoners_5", None),
        ("inwoners", None),
    ],
)
def test_reference_date_in_the_header(header: str, reference: Reference | None) -> None:
    assert reference_of(header) == reference


@pytest.mark.parametrize(
    ("header", "year", "ok"),
    [
        ("population_2024", 2024, True),
        ("population_2024", 2025, False),
        ("Bevolking op 1 januari 2023", 2024, False),
        ("Bevolking op 1 januari 2024", 2024, True),
        ("inwoners 31-12-2023", 2024, False),
        ("inwoners", 2031, True),  # no date stated: nothing to check
        ("AantalInwoners_5", 2024, True),
    ],
)
def test_reference_date_must_be_1_january_of_the_meeting_year(header: str, year: int, ok: bool) -> None:
    body = f"gemeentecode;naam;provincie;{header}\nGM0363;Amsterdam;Noord-Holland;931298\n".encode()
    if ok:
        assert len(parse_register(body, year=year)) == 1
        return
    with pytest.raises(ImportRefused) as info:
        parse_register(body, year=year)
    nl = info.value.message("nl")
    assert f"regel 1: de kolom '{header}' noemt" in nl
    assert f"de vergadering is in {year}" in nl and f"1 januari {year}" in nl
    assert "the meeting is in" in info.value.message("en")


def test_bundled_register_is_for_2024_only() -> None:
    assert len(parse_register(REGISTER.read_bytes(), year=2024)) == 342
    with pytest.raises(ImportRefused):
        parse_register(REGISTER.read_bytes(), year=2025)


@pytest.mark.parametrize(
    "value", ["1000000000000000000000000000000", "1.000.000.000.000.000.000.000.000.000.000", "10000001", "9" * 10_000]
)
def test_absurd_population_is_refused(value: str) -> None:
    body = f"code,name,province,population\nGM0363,Amsterdam,NH,{value}\n".encode()
    with pytest.raises(ImportRefused) as info:
        parse_register(body)
    assert "is onmogelijk voor één gemeente" in info.value.message("nl")
    assert len(info.value.message("nl")) < 500  # the value is shortened, not echoed whole


def test_largest_plausible_population_is_accepted() -> None:
    body = b"code,name,province,population\nGM0363,Amsterdam,NH,10000000\n"
    assert parse_register(body)[0].votes == 75


def test_overlong_name_is_refused() -> None:
    body = f"code,name,province,population\nGM0363,{'A' * 201},NH,5\n".encode()
    with pytest.raises(ImportRefused) as info:
        parse_register(body)
    assert "gemeentenaam is langer dan 200 tekens" in info.value.message("nl")


def test_cbs_count_warning() -> None:
    assert CBS_MUNICIPALITIES[2024] == 342 and CBS_MUNICIPALITIES[2022] == 345
    assert count_warning(342, 2024) is None
    warning = count_warning(341, 2024)
    assert warning is not None and warning.code == "register.count"
    assert "341 gemeenten" in warning.message("nl") and "342" in warning.message("nl")
    assert "341 municipalities" in warning.message("en")
    assert count_warning(341, 2031) is None  # an unknown year: no guess
