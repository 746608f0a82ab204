"""Agenda titles from files get the desk's treatment of hostile text (issue 12.8): a length limit and
no bidirectional controls, every problem listed with its item, nothing loaded."""

from __future__ import annotations

import pytest

from desk_app.domain.agenda import parse_agenda
from desk_app.domain.limits import LIMITS, TextKind
from desk_app.domain.register import ImportRefused

HEAD = 'format = "stembalie-agenda"\nversion = 1\n'


def item(key: str, title: str, extra: str = 'type = "procedural"\n') -> str:
    return f'\n[[item]]\nkey = "{key}"\ntitle = "{title}"\n{extra}'


def test_an_overlong_or_reversed_title_is_refused_with_its_item() -> None:
    limit = LIMITS[TextKind.TITLE]
    text = HEAD + item("1", "x" * (limit + 1)) + item("2", "Motie \\u202Eelbaid\\u202C") + item("3", "Goed")
    with pytest.raises(ImportRefused) as info:
        parse_agenda(text)
    messages = [p.message("nl") for p in info.value.problems]
    assert len(messages) == 2, messages
    assert f"te lang: {limit + 1} tekens, hoogstens {limit}" in messages[0]
    assert "leesrichting" in messages[1] and "U+202E" in messages[1]
    assert "too long" in info.value.problems[0].message("en")


def test_a_part_title_is_held_to_the_same_rule() -> None:
    parts = '[[item.part]]\nkey = "a"\ntitle = "Deel \\u2066a"\n[[item.part]]\nkey = "b"\ntitle = "Deel b"\n'
    with pytest.raises(ImportRefused) as info:
        parse_agenda(HEAD + item("4", "Motie", 'type = "proposal"\n' + parts))
    assert any("a.title" in p.message("nl") and "U+2066" in p.message("nl") for p in info.value.problems)


def test_a_title_at_the_limit_loads() -> None:
    agenda = parse_agenda(HEAD + item("1", "é" * LIMITS[TextKind.TITLE]))
    assert len(agenda.items[0].title) == LIMITS[TextKind.TITLE]
