"""One table of text limits; bidirectional and other control characters refused with a clear message."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.limits import BIDI_CONTROLS, LIMITS, TextKind, check_text, text_problem, visible
from desk_app.domain.text import DeskError


def test_the_limits() -> None:
    assert LIMITS == {TextKind.NAME: 100, TextKind.REASON: 500, TextKind.TITLE: 300, TextKind.STATEMENT: 500}
    assert {f"{ord(c):04X}" for c in BIDI_CONTROLS} == {
        "061C",
        "200E",
        "200F",
        "202A",
        "202B",
        "202C",
        "202D",
        "202E",
        "2066",
        "2067",
        "2068",
        "2069",
    }


@pytest.mark.parametrize("kind", list(TextKind))
def test_at_the_limit_is_fine_one_more_is_refused_with_the_numbers(kind: TextKind) -> None:
    limit = LIMITS[kind]
    assert check_text("  " + "é" * limit + " ", kind) == "é" * limit  # surrounding spaces do not count
    with pytest.raises(DeskError) as info:
        check_text("é" * (limit + 1), kind)
    assert info.value.code == "text.too_long"
    assert f"{limit + 1} tekens" in info.value.message("nl") and f"hoogstens {limit}" in info.value.message("nl")
    assert f"at most {limit}" in info.value.message("en")


def test_a_right_to_left_override_is_refused_and_named() -> None:
    with pytest.raises(DeskError) as info:
        check_text("Daan \u202eKok\u202c", TextKind.NAME)
    assert info.value.code == "text.bidi"
    message = info.value.message("nl")
    assert message.startswith("De naam bevat een onzichtbaar teken") and "U+202E, U+202C" in message
    assert info.value.message("en").startswith("The name contains an invisible character")


def test_the_chair_s_statement_is_named_and_held_to_one_line() -> None:
    with pytest.raises(DeskError) as info:
        check_text("aangenomen \u202e" + "x" * 10_000, TextKind.STATEMENT)
    assert info.value.code == "text.bidi"  # the hidden reversal is named before the length
    assert info.value.message("nl").startswith("De verklaring van de voorzitter bevat een onzichtbaar teken")
    assert info.value.message("en").startswith("The chair's statement contains an invisible character")
    problem = text_problem("aangenomen\nmet 98,81%", TextKind.STATEMENT)
    assert problem is not None and problem.code == "text.control"


def test_line_breaks_in_a_reason_are_fine_in_a_name_not() -> None:
    assert check_text("kaart\nvergeten", TextKind.REASON) == "kaart\nvergeten"
    problem = text_problem("Daan\tKok", TextKind.NAME)
    assert problem is not None and problem.code == "text.control" and "U+0009" in problem.message("nl")


@given(
    st.text(max_size=40), st.sampled_from(sorted(BIDI_CONTROLS)), st.text(max_size=40), st.sampled_from(list(TextKind))
)
def test_no_bidi_control_ever_passes(before: str, control: str, after: str, kind: TextKind) -> None:
    problem = text_problem(before + control + after, kind)
    assert problem is not None and problem.code in {"text.bidi", "text.control"}


@given(st.text(max_size=120))
def test_visible_shows_every_control_and_leaves_the_rest(text: str) -> None:
    shown = visible(text)
    assert not any(c in BIDI_CONTROLS for c in shown)
    assert shown == text or "⟨U+" in shown
    assert visible("a\u202eb") == "a⟨U+202E⟩b"
