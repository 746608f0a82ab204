"""The vote lifecycle: open (snapshot) -> record -> close -> declare; herstemming; acclamation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.register import ImportRefused
from desk_app.domain.tally import (
    TWO_THIRDS,
    Base,
    Choice,
    Count,
    Option,
    Outcome,
    ballot_choices,
)
from desk_app.domain.text import DeskError
from desk_app.domain.vote import (
    Action,
    Declaration,
    HeldPass,
    Method,
    Status,
    Subject,
    Vote,
    acclaim,
    open_vote,
    parse_results,
    permissions,
    summarise,
)

V, T, A = Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING

# A small register: Amsterdam, Schiermonnikoog, Utrecht, Enschede (present) and Zaanstad (absent).
WEIGHTS = {"GM0363": 75, "GM0088": 1, "GM0344": 75, "GM0153": 75, "GM0479": 75}
PRESENT = {(1, "GM0363"), (2, "GM0088"), (3, "GM0344"), (4, "GM0153")}


def opened(**kw: object) -> Vote:
    return open_vote("v1", "4", None, PRESENT, WEIGHTS, at="14:10", **kw)  # type: ignore[arg-type]


def refused(error: str, fn: Callable[..., object], /, *args: object, **kw: object) -> DeskError:
    with pytest.raises(DeskError) as err:
        fn(*args, **kw)
    assert err.value.code == error, err.value.message("en")
    # Every refusal reads in both languages, with its values filled in.
    assert "{" not in err.value.message("nl") and "{" not in err.value.message("en")
    return err.value


def test_open_keeps_the_snapshot_and_the_attendance() -> None:
    vote = opened()
    assert vote.status is Status.OPEN and vote.opened_at == "14:10"
    assert set(vote.eligible) == {"GM0363", "GM0088", "GM0344", "GM0153"}
    assert vote.eligible["GM0088"].weight == 1 and vote.eligible["GM0088"].pass_id == 2
    result = vote.tally()
    assert result is not None
    assert result.eligible == Count(4, 226) and result.register == Count(5, 301)
    assert result.not_voted == Count(4, 226)


def test_a_municipality_absent_at_the_opening_is_refused_by_code_and_by_pass() -> None:
    vote = opened()
    err = refused("vote.not_in_snapshot", vote.record, V, code="GM0479")
    assert "GM0479" in err.message("nl")
    err = refused("vote.not_in_snapshot", vote.record, V, pass_id=99)
    assert "99" in err.message("en")
    refused("vote.pass_mismatch", vote.record, V, pass_id=1, code="GM0088")
    refused("vote.no_voter", vote.record, V)


def test_a_choice_changed_before_the_close_counts_once_and_history_is_kept() -> None:
    vote = opened().record(V, pass_id=1, at="14:11").record(T, code="GM0363", at="14:12")
    result = vote.tally()
    assert result is not None
    assert result.count(V) == Count() and result.count(T) == Count(1, 75)
    assert result.voted == Count(1, 75)
    assert [(r.choice, r.at) for r in vote.history("GM0363")] == [(V, "14:11"), (T, "14:12")]


def test_nothing_changes_after_the_close() -> None:
    vote = opened().record(V, pass_id=1).close("14:20")
    before = vote.tally()
    refused("vote.closed", vote.record, T, pass_id=1)
    refused("vote.closed", vote.record, V, pass_id=2)
    refused("vote.already_closed", vote.close)
    assert vote.tally() == before and vote.closed_at == "14:20"


def test_wrong_choice_for_the_vote_is_refused() -> None:
    refused("vote.choice_invalid", opened().record, Option(1), pass_id=1)
    ballot = opened(options=ballot_choices(3))
    refused("vote.choice_invalid", ballot.record, V, pass_id=1)


def test_the_same_event_delivered_twice_counts_once() -> None:
    vote = opened().record(V, pass_id=1, event_id="e-1")
    again = vote.record(V, pass_id=1, event_id="e-1")
    assert again is vote and len(again.records) == 1


def test_declaration_is_kept_apart_from_the_computed_result() -> None:
    vote = opened().record(V, pass_id=1).record(T, pass_id=2)
    refused("vote.not_closed", vote.declare, Declaration(adopted=True))
    closed = vote.close()
    computed = closed.tally()
    assert computed is not None and computed.adopted
    declared = closed.declare(Declaration(adopted=False, statement="verworpen", at="14:21"))
    assert declared.status is Status.DECLARED
    assert declared.declaration is not None and not declared.declaration.adopted
    assert declared.tally() == computed  # the computed result is unchanged by the declaration
    assert declared.declaration_differs() is True
    assert closed.declare(Declaration(adopted=True)).declaration_differs() is False
    refused("vote.already_declared", declared.declare, Declaration(adopted=True))


def test_herstemming_supersedes_without_deleting_and_links_both_ways() -> None:
    first = opened().record(V, pass_id=1).record(T, pass_id=3).close()
    first = first.declare(Declaration(adopted=False, statement="verworpen"))
    refused("vote.still_open", opened().rerun, "v2", PRESENT, WEIGHTS)
    now_present = PRESENT | {(5, "GM0479")}  # Zaanstad came in meanwhile
    old, new = first.rerun("v2", now_present, WEIGHTS, at="14:25")
    assert old.superseded_by == "v2" and new.supersedes == "v1"
    assert old.records == first.records and old.declaration == first.declaration  # kept
    assert (new.item, new.part, new.options, new.rule, new.base) == (
        old.item,
        old.part,
        old.options,
        old.rule,
        old.base,
    )
    assert new.status is Status.OPEN and new.records == () and "GM0479" in new.eligible
    refused("vote.superseded", old.rerun, "v3", PRESENT, WEIGHTS)
    refused("vote.superseded", old.record, V, pass_id=1)


def test_herstemming_before_a_declaration_blocks_declaring_the_old_vote() -> None:
    old, _ = opened().close().rerun("v2", PRESENT, WEIGHTS)
    refused("vote.superseded", old.declare, Declaration(adopted=True))


def test_acclamation_has_no_member_votes_and_no_tally() -> None:
    vote = acclaim("v0", "2", None, PRESENT, WEIGHTS, statement="aangenomen per acclamatie", at="14:05")
    assert vote.method is Method.ACCLAMATION and vote.status is Status.DECLARED
    assert vote.declaration == Declaration(True, "aangenomen per acclamatie", None, "14:05")
    assert vote.tally() is None and vote.declaration_differs() is False
    refused("vote.acclamation", vote.record, V, pass_id=1)
    refused("vote.acclamation", vote.close)
    # Contested at once: a recorded vote replaces it.
    old, new = vote.rerun("v0b", PRESENT, WEIGHTS)
    assert old.superseded_by == "v0b" and new.method is Method.RECORDED


def test_split_motion_parts_are_separate_votes() -> None:
    part_a = open_vote("v-a", "4.M2", "a", PRESENT, WEIGHTS).record(V, pass_id=1)
    part_b = open_vote("v-b", "4.M2", "b", PRESENT, WEIGHTS).record(T, pass_id=1)
    ra, rb = part_a.tally(), part_b.tally()
    assert ra is not None and rb is not None and ra.adopted and not rb.adopted


def test_vote_on_the_board_advice_and_qualified_majority_are_kept_with_the_vote() -> None:
    vote = opened(subject=Subject.PREADVIES, rule=TWO_THIRDS, base=Base.ABSTENTIONS_COUNTED)
    vote = vote.record(V, pass_id=1).record(V, pass_id=3).record(T, pass_id=4).close()
    result = vote.tally()
    assert result is not None and result.rule == TWO_THIRDS
    assert result.outcome is Outcome.ADOPTED  # 150 of 225: exactly two thirds
    assert vote.subject is Subject.PREADVIES


def test_ballot_with_three_options() -> None:
    vote = opened(options=ballot_choices(3))
    vote = vote.record(Option(2), pass_id=1).record(Option(2), pass_id=3)
    vote = vote.record(Option(1), pass_id=4).record(A, pass_id=2).close()
    result = vote.tally()
    assert result is not None and result.outcome is Outcome.CHOSEN and result.winner == Option(2)
    refused("vote.declared_winner", vote.declare, Declaration(True, winner=Option(4)))
    declared = vote.declare(Declaration(True, winner=Option(2)))
    assert declared.declaration_differs() is False


def test_secret_vote_keeps_totals_and_participation_but_not_who_chose_what() -> None:
    vote = opened(secret=True).record(V, pass_id=1).record(T, pass_id=2).record(V, code="GM0344")
    assert all(r.choice is None for r in vote.records)
    assert vote.voted() == {"GM0363", "GM0088", "GM0344"} and vote.choices() == {}
    result = vote.tally()
    assert result is not None and result.by_member == {}
    assert result.count(V) == Count(2, 150) and result.count(T) == Count(1, 1)
    refused("vote.secret_final", vote.record, T, pass_id=1)


def test_a_snapshot_that_breaks_one_pass_per_municipality_is_refused() -> None:
    refused("vote.snapshot_duplicate", open_vote, "v", "4", None, {(1, "GM0363"), (9, "GM0363")}, WEIGHTS)
    refused("vote.snapshot_weight", open_vote, "v", "4", None, {(1, "GM9999")}, WEIGHTS)


@given(st.lists(st.tuples(st.sampled_from(sorted(PRESENT)), st.sampled_from([V, T, A])), max_size=30))
def test_the_last_choice_of_each_municipality_is_what_counts(
    events: list[tuple[tuple[int, str], Choice]],
) -> None:
    vote = opened()
    last: dict[str, Choice] = {}
    for (pass_id, code), choice in events:
        vote = vote.record(choice, pass_id=pass_id)
        last[code] = choice
    result = vote.tally()
    assert result is not None
    assert len(vote.records) == len(events)  # history keeps every recorded choice
    assert result.voted.members == len(last)
    for choice in (V, T, A):
        assert result.count(choice).weight == sum(WEIGHTS[c] for c, ch in last.items() if ch is choice)


# --- results files from an external voting system ----------------------------------------------


def test_a_results_file_is_read_by_pass_or_by_municipality() -> None:
    data = "stempas;gemeente;keuze\n1;;voor\n;gm0088;Tegen\n3;GM0344;onthouding\n\n".encode("cp1252")
    rows = parse_results(data)
    assert [(r.line, r.pass_id, r.code, r.choice) for r in rows] == [
        (2, 1, None, V),
        (3, None, "GM0088", T),
        (4, 3, "GM0344", A),
    ]


def test_a_bad_results_file_is_refused_whole_with_every_line() -> None:
    data = b"code,choice\nGM0363,voor\nAmsterdam,voor\nGM0088,misschien\nGM0363,tegen\nGM0344\n"
    with pytest.raises(ImportRefused) as err:
        parse_results(data)
    assert [p.message("nl") for p in err.value.problems] == [
        "regel 3: geen geldige stempas of gemeentecode ('Amsterdam')",
        "regel 4: onbekende keuze 'misschien' (verwacht voor, tegen, onthouding of optie-N)",
        "regel 5: GM0363 staat ook al op regel 2",
        "regel 6: 1 kolommen, verwacht 2",
    ]
    assert "line 5: GM0363 already appears on line 2" in err.value.message("en")
    with pytest.raises(ImportRefused) as err:
        parse_results(b"naam,stem\nx,voor\n")
    assert err.value.problems[0].message("nl").startswith("regel 1: kopregel is 'naam,stem'")


# --- a pass that took over ---------------------------------------------------------------------


def test_a_pass_that_took_over_votes_for_its_municipality_once() -> None:
    vote = opened()
    # Amsterdam's pass 1 was replaced (lost) by pass 7 after the opening; Enschede's pass 4
    # went to a substitute with pass 8.
    new_ams, old_ams = HeldPass(7, "GM0363", "active"), HeldPass(1, "GM0363", "replaced")
    voter = vote.pass_voter(new_ams)
    assert (voter.pass_id, voter.code, voter.weight) == (7, "GM0363", 75)
    err = refused("vote.pass_inactive", vote.pass_voter, old_ams)
    assert "vervangen — ongeldig" in err.message("nl") and "replaced — invalid" in err.message("en")
    refused("vote.pass_inactive", vote.pass_voter, HeldPass(4, "GM0153", "returned"))
    assert vote.pass_voter(HeldPass(8, "GM0153", "active")).code == "GM0153"
    # Away (left the hall) counts as absent when only those present vote; otherwise it may vote.
    away = HeldPass(3, "GM0344", "away")
    refused("vote.pass_inactive", vote.pass_voter, away)
    assert vote.pass_voter(away, present_only=False).code == "GM0344"
    # A municipality that was not there at the opening stays out, whatever pass it holds now.
    refused("vote.not_in_snapshot", vote.pass_voter, HeldPass(9, "GM0479", "active"))
    refused("vote.pass_mismatch", vote.pass_voter, HeldPass(1, "GM0088", "active"))

    voted = vote.record(V, pass_id=1).record(T, pass_id=7, code="GM0363")
    assert voted.records[-1].pass_id == 7 and voted.records[-1].code == "GM0363"
    result = voted.tally()
    assert result is not None and voted.choices() == {"GM0363": T}
    assert result.voted == Count(1, 75)  # the municipality counts once, with its last choice
    refused("vote.closed", voted.close().pass_voter, new_ams)
    secret = opened(secret=True).record(V, pass_id=1)
    refused("vote.secret_final", secret.record, T, pass_id=7, code="GM0363")


# --- what the chair may do now -----------------------------------------------------------------


def test_what_the_chair_may_do_follows_the_vote_and_says_why_not() -> None:
    def reasons(perm: dict[Action, object]) -> dict[Action, str]:
        return {a: p.reason("nl") for a, p in perm.items()}  # type: ignore[attr-defined]

    nothing = permissions(None, has_agenda=False, step_selected=False)
    assert reasons(nothing) == {
        Action.OPEN: "Lees eerst de agenda in (Ctrl+O).",
        Action.ACCLAIM: "Lees eerst de agenda in (Ctrl+O).",
        Action.CLOSE: "Er is geen open stemming.",
        Action.DECLARE: "Er is nog geen stemming gehouden.",
        Action.RERUN: "Er is nog geen stemming gehouden.",
        Action.RECORD: "Er is nog geen stemming gehouden.",
    }
    assert permissions(None, has_agenda=True, step_selected=False)[Action.OPEN].reason("en") == (
        "First choose in the agenda what is being voted on."
    )

    vote = opened()
    now = permissions(vote, has_agenda=True, step_vote=vote)
    assert [a for a, p in now.items() if p.allowed] == [Action.CLOSE, Action.RECORD]
    assert now[Action.OPEN].reason("nl") == "Sluit eerst de open stemming (F7)."
    assert now[Action.DECLARE].reason("nl").startswith("Sluit eerst de stemming (F7)")

    closed = vote.record(V, pass_id=1).close()
    now = permissions(closed, has_agenda=True, step_vote=closed)
    assert {a for a, p in now.items() if p.allowed} == {Action.OPEN, Action.ACCLAIM, Action.DECLARE, Action.RERUN}
    assert now[Action.RECORD].refusal is not None and "gesloten" in now[Action.RECORD].reason("nl")
    # Opening again on the same item, closed but not declared: ask, and it is a herstemming.
    assert now[Action.OPEN].rerun_of == closed.id and "nog niet vastgesteld" in now[Action.OPEN].question("nl")

    declared = closed.declare(Declaration(adopted=True, statement="aangenomen met 100,00%"))
    now = permissions(declared, has_agenda=True, step_vote=declared)
    assert now[Action.DECLARE].reason("nl") == "De uitslag van deze stemming is al vastgesteld."
    assert now[Action.OPEN].allowed and now[Action.OPEN].rerun_of == declared.id
    assert now[Action.OPEN].question("nl").startswith("Over dit punt is al besloten: aangenomen met 100,00%.")
    # Another item, never voted on: open at once, no question.
    other = permissions(declared, has_agenda=True, step_vote=None)[Action.OPEN]
    assert other.allowed and other.ask is None and other.rerun_of is None

    old, new = declared.rerun("v2", PRESENT, WEIGHTS)
    now = permissions(old, has_agenda=True, step_vote=new)
    assert now[Action.RERUN].reason("nl") == "Deze stemming is vervangen door een herstemming."
    assert now[Action.DECLARE].reason("en") == "This vote was superseded by a new vote."

    acclaimed = acclaim("v9", "2", None, PRESENT, WEIGHTS, statement="")
    now = permissions(acclaimed, has_agenda=True, step_vote=summarise(acclaimed, 9))
    assert now[Action.RERUN].allowed  # contested at once: a recorded vote supersedes it
    assert "bij acclamatie" in now[Action.RECORD].reason("nl")
    assert "aangenomen bij acclamatie" in now[Action.OPEN].question("nl")
    assert "adopted by acclamation" in now[Action.OPEN].question("en")
