"""The verifier's own arithmetic agrees with the domain's, computed a different way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.tally import Comparison, Rule, basis_points
from desk_app.export import verify


@st.composite
def rules(draw: st.DrawFn) -> Rule:
    q = draw(st.integers(2, 12))
    p = draw(st.integers(q // 2, q))
    comparison = draw(st.sampled_from(list(Comparison)))
    try:
        return Rule(p, q, comparison)
    except Exception:  # noqa: BLE001 - not every fraction is a valid rule; skip those
        return Rule(1, 2, Comparison.MORE_THAN)


@given(rules(), st.integers(0, 20_000), st.integers(0, 20_000))
def test_rule_and_threshold_match_the_domain(rule: Rule, a: int, b: int) -> None:
    favour, cast = min(a, b), max(a, b)
    parsed = verify.parse_rule(rule.code)
    assert parsed is not None
    assert verify.passes(parsed, favour, cast) == rule.passes(favour, cast)
    assert verify.threshold(parsed, cast) == rule.threshold(cast)


@given(st.integers(1, 100_000), st.data())
def test_percentages_match_the_domain(whole: int, data: st.DataObject) -> None:
    part = data.draw(st.integers(0, whole))
    assert verify.hundredths(part, whole) == basis_points(part, whole)


@pytest.mark.parametrize(
    ("favour", "cast", "text"),
    [(1, 3, "33,33"), (2, 3, "66,67"), (9999, 10000, "99,99"), (199999, 200000, "99,99"), (1, 200000, "0,01")],
)
def test_percentage_edges(favour: int, cast: int, text: str) -> None:
    assert verify._pct_text(verify.hundredths(favour, cast)) == text


def test_unknown_rules_are_none() -> None:
    assert verify.parse_rule("meer dan de helft") is None
    assert verify.parse_rule("at_least 2/0") is None
