"""Majority rules and weighted tallies (statutes art. 11.5, BW 2:13, 2:43): integers only."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.register import parse_register
from desk_app.domain.tally import (
    MATTER_CHOICES,
    SIMPLE_MAJORITY,
    TWO_THIRDS,
    BallotMethod,
    Base,
    Cast,
    Choice,
    Comparison,
    Count,
    Option,
    Outcome,
    Quorum,
    Rule,
    Tally,
    ballot_choices,
    basis_points,
    choice_from_sheet,
    describe,
    format_percent,
    format_votes,
    parse_choice,
    parse_rule,
    sheet_number,
    tally,
    tally_counts,
)
from desk_app.domain.text import DeskError
from tests.helpers import REGISTER

V, T, A = Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING  # A: abstain


def counts(voor: int, tegen: int, onthouding: int = 0) -> dict[Cast, Count]:
    """Totals with one municipality per choice that has any weight (the weights decide)."""
    return {V: Count(int(voor > 0), voor), T: Count(int(tegen > 0), tegen), A: Count(int(onthouding > 0), onthouding)}


def decide(
    voor: int, tegen: int, onthouding: int = 0, rule: Rule = SIMPLE_MAJORITY, base: Base = Base.ABSTENTIONS_EXCLUDED
) -> Outcome:
    total = voor + tegen + onthouding
    return tally_counts(counts(voor, tegen, onthouding), Count(3, max(total, 1)), rule, base).outcome


# --- the rules the issue names ----------------------------------------------------------------


def test_a_tie_is_not_adopted() -> None:
    assert decide(100, 100) is Outcome.TIE
    assert decide(100, 100, rule=TWO_THIRDS) is Outcome.TIE
    assert decide(101, 100) is Outcome.ADOPTED


def test_abstentions_do_not_count_as_cast_by_default() -> None:
    assert decide(100, 99, 5000) is Outcome.ADOPTED


def test_abstentions_counted_as_cast_reject_the_same_votes() -> None:
    assert decide(100, 99, 5000, base=Base.ABSTENTIONS_COUNTED) is Outcome.REJECTED


def test_exactly_two_thirds_passes_and_one_less_does_not() -> None:
    assert decide(200, 100, rule=TWO_THIRDS) is Outcome.ADOPTED
    assert decide(199, 100, rule=TWO_THIRDS) is Outcome.REJECTED


def test_no_votes_cast_is_not_adopted_with_its_own_reason() -> None:
    result = tally_counts(counts(0, 0, 40), Count(2, 40))
    assert result.outcome is Outcome.NO_VOTES_CAST and not result.adopted
    assert result.threshold is None and result.percent(V) is None
    assert describe(result, "nl") == (
        "niet aangenomen: er zijn geen stemmen uitgebracht (basis: uitgebrachte stemmen, onthoudingen niet meegeteld)"
    )
    # The same abstentions counted as cast do make a decision: nobody was in favour.
    counted = tally_counts(counts(0, 0, 40), Count(2, 40), base=Base.ABSTENTIONS_COUNTED)
    assert counted.outcome is Outcome.REJECTED


# --- Rule -------------------------------------------------------------------------------------


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_default_rule_is_two_voor_more_than_cast(voor: int, tegen: int) -> None:
    assert SIMPLE_MAJORITY.passes(voor, voor + tegen) == (voor + tegen > 0 and 2 * voor > voor + tegen)
    assert TWO_THIRDS.passes(voor, voor + tegen) == (voor + tegen > 0 and 3 * voor >= 2 * (voor + tegen))


@given(
    st.integers(1, 50).flatmap(lambda q: st.tuples(st.integers(q // 2, q), st.just(q))),
    st.sampled_from(list(Comparison)),
    st.integers(1, 20_000),
)
def test_threshold_is_the_least_passing_number(pq: tuple[int, int], comp: Comparison, cast: int) -> None:
    p, q = pq
    try:
        rule = Rule(p, q, comp)
    except DeskError:
        return  # weaker than a simple majority: refused, tested below
    t = rule.threshold(cast)
    assert t is not None
    assert t <= cast and rule.passes(t, cast)
    assert not rule.passes(t - 1, cast)


@pytest.mark.parametrize(
    ("p", "q", "comp"),
    [
        (1, 3, Comparison.MORE_THAN),
        (1, 2, Comparison.AT_LEAST),
        (2, 4, Comparison.AT_LEAST),
        (1, 1, Comparison.MORE_THAN),
        (0, 2, Comparison.MORE_THAN),
        (3, 2, Comparison.AT_LEAST),
    ],
)
def test_rules_that_could_adopt_a_tie_or_never_pass_are_refused(p: int, q: int, comp: Comparison) -> None:
    with pytest.raises(DeskError) as err:
        Rule(p, q, comp)
    assert err.value.code == "rule.invalid"


def test_rule_codes_round_trip_and_fractions_are_reduced() -> None:
    assert Rule(2, 4) == SIMPLE_MAJORITY and Rule(2, 4).code == "simple"
    assert Rule(4, 6, Comparison.AT_LEAST).code == "two_thirds"
    for rule in (SIMPLE_MAJORITY, TWO_THIRDS, Rule(3, 4, Comparison.AT_LEAST), Rule(3, 5)):
        assert parse_rule(rule.code) == rule
    assert parse_rule("at_least 3/4") == Rule(3, 4, Comparison.AT_LEAST)
    with pytest.raises(DeskError) as err:
        parse_rule("drie kwart")
    assert err.value.code == "rule.syntax"


def test_custom_fraction_more_than_versus_at_least() -> None:
    at_least = Rule(3, 4, Comparison.AT_LEAST)
    more_than = Rule(3, 4, Comparison.MORE_THAN)
    assert decide(300, 100, rule=at_least) is Outcome.ADOPTED
    assert decide(300, 100, rule=more_than) is Outcome.REJECTED
    assert decide(301, 100, rule=more_than) is Outcome.ADOPTED


# --- tally over municipalities ----------------------------------------------------------------


def test_tally_counts_weights_and_municipalities() -> None:
    weights = {"GM0363": 75, "GM0088": 1, "GM0344": 75, "GM0153": 75, "GM0479": 75}
    eligible = {"GM0363", "GM0088", "GM0344", "GM0153"}  # Zaanstad not present
    result = tally({"GM0363": V, "GM0088": T, "GM0344": A}, weights, eligible)
    assert result.count(V) == Count(1, 75)
    assert result.count(T) == Count(1, 1)
    assert result.count(A) == Count(1, 75)
    assert result.voted == Count(3, 151)
    assert result.not_voted == Count(1, 75)
    assert result.cast == Count(2, 76)
    assert result.eligible == Count(4, 226) and result.register == Count(5, 301)
    assert result.threshold == 39  # 2 * 39 > 76
    assert result.adopted and result.winner is V
    assert result.by_member == {"GM0363": V, "GM0088": T, "GM0344": A}


def test_a_choice_from_outside_the_snapshot_is_refused() -> None:
    with pytest.raises(DeskError) as err:
        tally({"GM0479": V}, {"GM0479": 75, "GM0363": 75}, {"GM0363"})
    assert err.value.code == "vote.not_in_snapshot"


def test_missing_or_bad_weight_is_refused_not_taken_as_one() -> None:
    for bad in ({}, {"GM0363": 0}, {"GM0363": True}):
        with pytest.raises(DeskError) as err:
            tally({}, bad, {"GM0363"})
        assert err.value.code == "tally.weight"


def test_ballot_choice_in_matter_vote_is_refused() -> None:
    with pytest.raises(DeskError) as err:
        tally({"GM0363": Option(1)}, {"GM0363": 75}, {"GM0363"})
    assert err.value.code == "vote.choice_invalid"


codes = st.sampled_from([f"GM{n:04d}" for n in range(1, 40)])


@given(
    st.dictionaries(codes, st.integers(1, 75), min_size=1),
    st.data(),
    st.sampled_from(list(Base)),
)
def test_totals_always_equal_the_sum_of_rows(weights: dict[str, int], data: st.DataObject, base: Base) -> None:
    eligible = set(data.draw(st.sets(st.sampled_from(sorted(weights)))))
    choices = data.draw(
        st.dictionaries(st.sampled_from(sorted(eligible)), st.sampled_from(MATTER_CHOICES)) if eligible else st.just({})
    )
    result = tally(choices, weights, eligible, base=base)
    rows = list(result.counts.values())
    assert sum(r.members for r in rows) == result.voted.members == len(choices)
    assert sum(r.weight for r in rows) == result.voted.weight == sum(weights[c] for c in choices)
    assert result.voted + result.not_voted == result.eligible
    assert result.eligible.weight == sum(weights[c] for c in eligible)
    expected_cast = result.count(V).weight + result.count(T).weight
    if base is Base.ABSTENTIONS_COUNTED:
        expected_cast += result.count(A).weight
    assert result.cast.weight == expected_cast
    assert result.adopted == (expected_cast > 0 and 2 * result.count(V).weight > expected_cast)
    if result.threshold is not None:
        assert (result.count(V).weight >= result.threshold) == result.adopted


# --- quorum -----------------------------------------------------------------------------------


def test_quorum_is_off_by_default_and_when_set_blocks_a_decision() -> None:
    assert tally_counts(counts(10, 1), Count(2, 11), register=Count(342, 13_111)).quorum_met is None
    short = tally_counts(counts(10, 1), Count(2, 11), quorum=Quorum(votes=100))
    assert short.outcome is Outcome.QUORUM_NOT_MET and not short.adopted
    assert "quorum" in describe(short, "nl")
    met = tally_counts(counts(10, 1), Count(2, 11), quorum=Quorum(votes=11, members=2))
    assert met.quorum_met and met.outcome is Outcome.ADOPTED


# --- ballots ----------------------------------------------------------------------------------


def ballot(
    a: int,
    b: int,
    c: int,
    blank: int = 0,
    base: Base = Base.ABSTENTIONS_EXCLUDED,
    method: BallotMethod = BallotMethod.MAJORITY,
) -> Tally:
    rows: dict[Cast, Count] = {
        Option(1): Count(1, a),
        Option(2): Count(1, b),
        Option(3): Count(1, c),
        A: Count(1, blank),
    }
    return tally_counts(rows, Count(4, a + b + c + blank), base=base, options=ballot_choices(3), ballot_method=method)


def test_ballot_majority_needs_more_than_half_of_the_votes_cast() -> None:
    won = ballot(51, 30, 19)
    assert won.outcome is Outcome.CHOSEN and won.winner == Option(1)
    split = ballot(40, 35, 25)
    assert split.outcome is Outcome.NO_MAJORITY and split.winner is None
    assert describe(split, "nl", {Option(1): "Amsterdam"}) == (
        "geen meerderheid: het meest gekozen is Amsterdam met 40,00% "
        "(basis: uitgebrachte stemmen, onthoudingen niet meegeteld)"
    )


def test_ballot_plurality_takes_the_most_votes_and_a_top_tie_decides_nothing() -> None:
    won = ballot(40, 35, 25, method=BallotMethod.PLURALITY)
    assert won.winner == Option(1) and won.threshold is None
    tied = ballot(40, 40, 20, method=BallotMethod.PLURALITY)
    assert tied.outcome is Outcome.NO_MAJORITY


def test_ballot_blank_votes_follow_the_base() -> None:
    assert ballot(51, 30, 19, blank=20).outcome is Outcome.CHOSEN
    counted = ballot(51, 30, 19, blank=20, base=Base.ABSTENTIONS_COUNTED)
    assert counted.outcome is Outcome.NO_MAJORITY


# --- display ----------------------------------------------------------------------------------


def test_percentages_are_for_display_with_two_decimals_dutch_style() -> None:
    assert format_percent(9881, "nl") == "98,81%"
    assert format_percent(9881, "en") == "98.81%"
    assert format_percent(5, "nl") == "0,05%"
    assert basis_points(1, 3) == 3333 and basis_points(2, 3) == 6667
    assert basis_points(99_999, 100_000) == 9999  # not unanimous: never shown as 100,00%
    assert basis_points(1, 100_000) == 1  # not nobody: never shown as 0,00%
    assert basis_points(0, 7) == 0 and basis_points(7, 7) == 10000
    assert format_votes(13_111, "nl") == "13.111" and format_votes(13_111, "en") == "13,111"


def test_describe_names_the_result_and_the_base() -> None:
    adopted = tally_counts(counts(8271, 100), Count(3, 8371))
    assert describe(adopted, "nl") == (
        "aangenomen met 98,81% (basis: uitgebrachte stemmen, onthoudingen niet meegeteld)"
    )
    assert describe(adopted, "en") == ("adopted with 98.81% (base: votes cast, abstentions not counted)")
    rejected = tally_counts(counts(4302, 5698, 3), Count(3, 10_003), base=Base.ABSTENTIONS_COUNTED)
    assert describe(rejected, "nl") == (
        "verworpen met 43,01% voor (basis: uitgebrachte stemmen, onthoudingen meegeteld)"
    )
    assert rejected.percent(A) == 3  # counted as cast, so it has a share
    assert tally_counts(counts(1, 1, 3), Count(3, 5)).percent(A) is None
    qualified = tally_counts(counts(200, 100), Count(2, 300), TWO_THIRDS)
    assert describe(qualified, "nl") == (
        "aangenomen met 66,67% (vereist: ten minste twee derde; "
        "basis: uitgebrachte stemmen, onthoudingen niet meegeteld)"
    )
    assert describe(tally_counts(counts(5, 5), Count(2, 10)), "nl").startswith(
        "verworpen: de stemmen staken (50,00% voor)"
    )


def test_choice_codes_and_sheet_numbers_round_trip() -> None:
    for choice in (*MATTER_CHOICES, Option(1), Option(89)):
        assert parse_choice(str(choice)) == choice
        assert choice_from_sheet(sheet_number(choice)) == choice
    assert len({sheet_number(c) for c in (*MATTER_CHOICES, *ballot_choices(89))}) == 92
    for bad in ("ja", "optie-0", "optie-90", ""):
        with pytest.raises(DeskError):
            parse_choice(bad)
    for number in (0, 4, 10, 100):
        with pytest.raises(DeskError):
            choice_from_sheet(number)


def test_whole_register_everyone_in_favour_but_one_against() -> None:
    members = parse_register(REGISTER.read_bytes())
    weights = {m.code: m.votes for m in members}
    choices: dict[str, Cast] = {code: V for code in weights}
    choices["GM0363"] = T  # Amsterdam, 75 votes
    result = tally(choices, weights, set(weights))
    assert result.register == Count(342, 13_111) and result.not_voted == Count()
    assert result.count(V) == Count(341, 13_036)
    assert result.percent_text(V, "nl") == "99,43%" and result.adopted
