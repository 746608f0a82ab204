"""CSV for Dutch Excel: separator, BOM, CRLF, numbers, and no formula can get in."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.export import csvfile


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+31 20 123", "'+31 20 123"),
        ("-Zwolle", "'-Zwolle"),
        ("-5", "'-5"),  # a *text* that looks like a number is still text
        ("@Den Haag", "'@Den Haag"),
        ("\tverborgen", "'\tverborgen"),
        ("\rregel", "'\rregel"),
        ("'=al geneutraliseerd", "''=al geneutraliseerd"),
        ("''", "'''"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch"),  # a real name: left exactly as it is
        ("Amsterdam", "Amsterdam"),
        ("1+1=2", "1+1=2"),  # only the first character matters to a spreadsheet
        ("", ""),
    ],
)
def test_neutralise(text: str, cell: str) -> None:
    assert csvfile.neutralise(text) == cell
    assert csvfile.unneutralise(cell) == text


@given(st.text())
def test_neutralise_round_trips_and_is_always_safe(text: str) -> None:
    cell = csvfile.neutralise(text)
    assert csvfile.unneutralise(cell) == text
    assert not cell or cell[0] not in csvfile.TRIGGERS


def test_numbers_stay_numbers_and_use_the_decimal_comma() -> None:
    data = csvfile.to_bytes(("getal", "tekst", "pct", "leeg"), [(-5, "-5", Decimal("98.81"), None)])
    lines = data.decode("utf-8-sig").split("\r\n")
    # A negative number is a number cell, not text: no apostrophe. The same text gets one.
    assert lines[1] == "-5;'-5;98,81;"


def test_file_layout_for_dutch_excel() -> None:
    data = csvfile.to_bytes(("gemeente", "stemmen"), [("Súdwest-Fryslân", 75), ('Naam; met "quote"', 1)])
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    text = data[3:].decode("utf-8")
    assert text == 'gemeente;stemmen\r\nSúdwest-Fryslân;75\r\n"Naam; met ""quote""";1\r\n'
    # What Excel's parser does with it: two columns per row, text intact.
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows == [["gemeente", "stemmen"], ["Súdwest-Fryslân", "75"], ['Naam; met "quote"', "1"]]


def test_read_rows_undoes_the_escape_and_checks_the_width() -> None:
    data = csvfile.to_bytes(("a", "b"), [("=1+1", 2)])
    assert csvfile.read_rows(data) == (["a", "b"], [{"a": "=1+1", "b": "2"}])
    with pytest.raises(ValueError, match="fields"):
        csvfile.read_rows(data + b"x\r\n")
    with pytest.raises(ValueError, match="cells"):
        csvfile.to_bytes(("a", "b"), [("only one",)])


def test_booleans_are_refused() -> None:
    with pytest.raises(TypeError):
        csvfile.format_cell(True)
