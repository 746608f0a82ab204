"""Weights and register parsing (statutes art. 11)."""

from __future__ import annotations

import pytest

from desk_app.domain.register import ImportRefused, parse_register, totals, votes_for
from tests.helpers import REGISTER


@pytest.mark.parametrize(
    ("population", "votes"),
    [(0, 1), (972, 1), (999, 1), (1_000, 1), (1_999, 1), (2_000, 2), (74_999, 74), (75_000, 75),
     (75_999, 75), (931_298, 75)],
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
        ("GM0363", "Amsterdam", 931_298, 75), ("GM0088", "Schiermonnikoog", 972, 1)
    ]


def test_quoted_name_with_comma() -> None:
    members = parse_register(b'code,name,province,population_2024\nGM0820,"Nuenen, Gerwen en Nederwetten",Noord-Brabant,23803\n')
    assert members[0].name == "Nuenen, Gerwen en Nederwetten"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("code,naam,provincie,inwoners\nGM0363,Amsterdam,NH,1\n", ["regel 1: kopregel"]),
        ("GM0363,Amsterdam,NH,931298\n", ["regel 1: kopregel"]),
        ("code,name,province,population\nGM363,A,NH,5000\n", ["regel 2: gemeentecode 'GM363' is ongeldig"]),
        ("code,name,province,population\nGM0363,A,NH,5000\nGM0363,B,NH,6000\n", ["regel 3: gemeentecode GM0363 staat ook al op regel 2"]),
        ("code,name,province,population\nGM0363,A,NH,\n", ["regel 2: het inwonertal ontbreekt"]),
        ("code,name,province,population\nGM0363,A,NH,-5\n", ["regel 2: het inwonertal '-5' is negatief"]),
        ("code,name,province,population\nGM0363,A,NH,veel\n", ["regel 2: het inwonertal 'veel' is geen geheel getal"]),
        ("code,name,province,population\nGM0363,A,NH,12,5\n", ["regel 2: 5 kolommen"]),
        ("code,name,province,population\nGM0363,A,NH,1.5\n", ["regel 2: het inwonertal '1.5' is geen geheel getal"]),
        ("", ["regel 1: het bestand is leeg"]),
        ("code,name,province,population\n", ["geen gemeenten"]),
    ],
    ids=["header", "no-header", "malformed-code", "duplicate", "missing", "negative", "non-numeric",
         "columns", "decimal", "empty", "no-rows"],
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
    assert "3 fout(en)" not in info.value.message("nl")
    assert "4 fout(en)" in info.value.message("nl")
    assert "4 problem(s)" in info.value.message("en")


def test_binary_garbage_is_refused() -> None:
    with pytest.raises(ImportRefused):
        parse_register(bytes(range(256)) * 3)
