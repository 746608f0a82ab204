"""The life of a stempas: which action is allowed now and why not; which card version admits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desk_app.domain.checkin import (
    LIVE_STATUSES,
    PASS_STATUS,
    PIN_ATTEMPTS,
    PIN_LOCK_SECONDS,
    T_ALREADY,
    CardStanding,
    PassAction,
    PassStatus,
    PinLock,
    Presented,
    PrintState,
    Verdict,
    VerdictKind,
    allowed_actions,
    card_standing,
    literal,
    pass_actions,
    pin_lock,
    refusal,
    refusal_code,
    refusal_label,
    valid_card_version,
    valid_pin_format,
)
from desk_app.domain.text import Text

A, P, F = PassAction, PrintState.PRINTED, PrintState.FAILED


def test_pass_status_is_a_str_enum_equal_to_the_stored_text() -> None:
    assert PassStatus.ACTIVE == "active" and PassStatus("away") is PassStatus.AWAY
    assert {s.value for s in PassStatus} == {"active", "away", "returned", "replaced", "undone"}
    assert LIVE_STATUSES == {"active", "away"}
    assert [s for s in PassStatus if s.live] == [PassStatus.ACTIVE, PassStatus.AWAY]
    assert PASS_STATUS["away"].render("nl").startswith("vertrokken")  # plain strings still find the words


def test_a_pass_voided_by_the_coordinator_says_so() -> None:
    """UNDONE is both "check-in undone" and "voided when the coördinator admitted someone else":
    the words name the coördinator's decision, never "ongedaan gemaakt" (wrong for an override)."""
    label = PASS_STATUS[PassStatus.UNDONE]
    assert label.render("nl") == "ingetrokken door de coördinator — ongeldig"
    assert label.render("en") == "withdrawn by the coordinator — invalid"
    why = refusal(A.LEAVE, PassStatus.UNDONE, P)
    assert why is not None and "ingetrokken door een beslissing van de coördinator" in why.render("nl")
    assert "ongedaan" not in label.render("nl") + why.render("nl")


@pytest.mark.parametrize(
    ("status", "print_state", "presented", "expected"),
    [
        # A card of a municipality whose pass printed: everything about who holds it.
        ("active", P, Presented.CARD, [A.REPRINT, A.LOST, A.SUBSTITUTE, A.OVERRIDE, A.UNDO]),
        # Never printed: F5 prints without a PIN instead of a reprint.
        ("active", F, Presented.CARD, [A.PRINT, A.LOST, A.SUBSTITUTE, A.OVERRIDE, A.UNDO]),
        ("away", P, Presented.CARD, [A.REPRINT, A.LOST, A.SUBSTITUTE, A.OVERRIDE, A.UNDO]),
        # The pass in hand: leave or come back, never both.
        ("active", P, Presented.PASS, [A.REPRINT, A.LEAVE, A.UNDO]),
        ("away", P, Presented.PASS, [A.REPRINT, A.RETURN, A.UNDO]),
        ("active", PrintState.PENDING, Presented.PASS, [A.PRINT, A.LEAVE, A.UNDO]),
        # Just issued: print again or undo the mistake.
        ("active", P, Presented.ISSUED, [A.REPRINT, A.UNDO]),
        ("active", F, Presented.ISSUED, [A.PRINT, A.UNDO]),
        # A void pass: nothing at all.
        ("returned", P, Presented.PASS, []),
        ("replaced", P, Presented.CARD, []),
        ("undone", F, Presented.ISSUED, []),
    ],
)
def test_the_desk_offers_what_fits_the_pass_and_what_is_on_the_desk(
    status: str, print_state: PrintState, presented: Presented, expected: list[PassAction]
) -> None:
    assert list(allowed_actions(PassStatus(status), print_state, presented)) == expected


def test_every_refused_action_says_why() -> None:
    checks = {c.action: c for c in pass_actions(PassStatus.AWAY, PrintState.PENDING, Presented.CARD)}
    assert len(checks) == len(PassAction)
    assert checks[A.RETURN].reason is not None and "stempas zelf" in checks[A.RETURN].reason.render("nl")
    assert checks[A.LEAVE].reason is not None and "al vertrokken" in checks[A.LEAVE].reason.render("nl")
    assert checks[A.REPRINT].reason is not None and "zonder pincode" in checks[A.REPRINT].reason.render("nl")
    assert checks[A.PRINT].allowed and not checks[A.PRINT].supervisor
    assert checks[A.LOST].allowed and checks[A.LOST].supervisor
    assert {c.action for c in checks.values() if c.supervisor} == {A.REPRINT, A.LOST, A.OVERRIDE, A.UNDO}
    void = pass_actions(PassStatus.REPLACED, P, Presented.PASS)
    assert all(c.reason is not None and "vervangen en ongeldig" in c.reason.render("nl") for c in void)
    assert "replaced and is invalid" in void[0].reason.render("en")  # type: ignore[union-attr]


def test_the_services_rule_is_about_the_pass_alone() -> None:
    assert refusal(A.LEAVE, PassStatus.ACTIVE, P) is None  # whatever is on the desk
    assert refusal(A.LEAVE, PassStatus.AWAY, P) is not None
    assert refusal(A.RETURN, PassStatus.ACTIVE, P) is not None and refusal(A.RETURN, PassStatus.AWAY, P) is None
    assert refusal(A.PRINT, PassStatus.ACTIVE, P) is not None  # a second paper is a reprint
    assert refusal(A.PRINT, PassStatus.ACTIVE, F) is None
    assert refusal(A.REPRINT, PassStatus.ACTIVE, F) is None  # a supervisor may always print again
    for action in PassAction:
        assert refusal(action, PassStatus.UNDONE, P) is not None


@pytest.mark.parametrize(
    ("rows", "valid"),
    [([], 1), ([(1, False)], 1), ([(1, True), (2, False)], 2), ([(1, True), (2, True)], None)],
)
def test_the_valid_card_version(rows: list[tuple[int, bool]], valid: int | None) -> None:
    assert valid_card_version(rows) == valid


def test_card_standing() -> None:
    assert card_standing(1, []) is CardStanding.VALID  # nothing recorded: every first card admits
    assert card_standing(2, []) is CardStanding.NEVER_ISSUED
    rows = [(1, True), (2, False)]
    assert [card_standing(v, rows) for v in (1, 2, 3)] == [
        CardStanding.REVOKED,
        CardStanding.VALID,
        CardStanding.NEVER_ISSUED,
    ]
    assert card_standing(2, [(1, True), (2, True)]) is CardStanding.REVOKED  # none admits any more


def test_a_verdict_renders_its_nested_texts_in_the_readers_language() -> None:
    v = Verdict(
        VerdictKind.ALREADY,
        *T_ALREADY,
        params={
            "municipality": "Amsterdam",
            "time": "14:03:07",
            "desk": "balie-2",
            "serial": 7,
            "holder": literal("Femke {Halsema}", "Femke {Halsema}"),
        },
    )
    assert v.headline("en") == "ALREADY REGISTERED"
    assert "Femke {Halsema}" in v.explanation("nl") and "balie-2" in v.explanation("en")


# -- the coordinator PIN's lock-out ---------------------------------------------------------------


def _at(seconds: float) -> datetime:
    return datetime(2024, 5, 24, 12, 0, tzinfo=UTC) + timedelta(seconds=seconds)


def test_five_wrong_pins_then_a_lock_out_for_a_minute() -> None:
    wrong = [("pin.wrong", _at(i)) for i in range(PIN_ATTEMPTS)]
    assert pin_lock(wrong[:4], _at(5)) == PinLock(4)
    events = [*wrong, ("pin.locked", _at(4))]
    assert pin_lock(events, _at(4)).seconds_left == PIN_LOCK_SECONDS
    assert pin_lock(events, _at(33.5)).seconds_left == 31
    assert pin_lock(events, _at(4 + PIN_LOCK_SECONDS)) == PinLock(0)  # open again, the count restarted
    assert pin_lock([*events, ("pin.wrong", _at(70))], _at(71)) == PinLock(1)


def test_a_correct_pin_resets_the_count_and_a_clock_set_back_never_stretches_a_lock() -> None:
    assert pin_lock([("pin.wrong", _at(0)), ("pin.wrong", _at(1)), ("pin.ok", _at(2))], _at(3)) == PinLock(0)
    locked = [("pin.locked", _at(0))]
    assert pin_lock(locked, _at(-7200)) == PinLock(0)  # two hours back: not two hours locked
    assert pin_lock(locked, _at(-10)).seconds_left == PIN_LOCK_SECONDS  # a small step back: still a minute


@pytest.mark.parametrize(
    ("pin", "ok"),
    [
        ("1234", True),
        ("123456", True),
        ("123456789012", True),
        ("123", False),
        ("1234567890123", False),
        ("12 34", False),
        ("١٢٣٤", False),
    ],
)
def test_pin_format(pin: str, ok: bool) -> None:
    assert valid_pin_format(pin) is ok


# -- refused scans -----------------------------------------------------------------------------------


def test_every_refusal_has_a_code_and_words() -> None:
    def verdict(kind: VerdictKind, **kw: object) -> Verdict:
        return Verdict(kind, Text("", ""), Text("", ""), **kw)  # type: ignore[arg-type]

    assert refusal_code(verdict(VerdictKind.ACCEPTED)) is None
    assert refusal_code(verdict(VerdictKind.ALREADY)) == "card.already"
    assert refusal_code(verdict(VerdictKind.UNKNOWN, reason_code="token.forged")) == "token.forged"
    assert refusal_code(verdict(VerdictKind.PASS)) == "pass.void"
    for code in ("card.already", "token.forged", "pass.void", "checkin.same_person", "token.pass_other_meeting"):
        assert refusal_label(code, "nl") != code and refusal_label(code, "en") != code
    assert refusal_label("something.new") == "something.new"


def test_a_new_pin_is_stretched_with_the_products_rounds_and_checked_by_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from desk_app.domain import checkin

    # tests/conftest.py lowers the rounds for speed; here the product's own figure is used.
    assert checkin.PIN_ROUNDS >= 200_000
    monkeypatch.setattr(checkin, "_PIN_ROUNDS", checkin.PIN_ROUNDS)
    stored = checkin.hash_pin("4821")
    scheme, rounds, salt, digest = stored.split("$")
    assert (scheme, int(rounds), len(salt), len(digest)) == ("pbkdf2-sha256", checkin.PIN_ROUNDS, 32, 64)
    assert checkin.check_pin("4821", stored) and not checkin.check_pin("4822", stored)
    # a hash made with other rounds (an older meeting, or the test suite's) is checked with its own
    fewer = stored.replace(f"${rounds}$", "$1000$", 1)
    assert not checkin.check_pin("4821", fewer)
