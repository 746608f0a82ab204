"""Tests for desk_app.domain.token: format, check digit, MAC binding and refusals."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.text import DeskError
from desk_app.domain.token import (
    TOKEN_LENGTHS,
    ParsedToken,
    TokenKind,
    damm_digit,
    damm_valid,
    looks_like_token,
    make_card_token,
    make_choice_token,
    make_pass_token,
    parse_token,
    verify_token,
)

SECRET = bytes.fromhex("8f3a" * 16)
OTHER_SECRET = bytes.fromhex("11c0" * 16)
MEETING = 4821

meeting_nos = st.integers(1000, 9999)
secrets_ = st.binary(min_size=16, max_size=64)
municipality_codes = st.integers(0, 9999).map(lambda n: f"GM{n:04d}")


def all_tokens() -> list[str]:
    return [
        make_card_token(MEETING, SECRET, "GM0363", 1),
        make_card_token(MEETING, SECRET, "GM1992", 12),
        make_pass_token(MEETING, SECRET, 0),
        make_pass_token(MEETING, SECRET, 987654),
        make_choice_token(MEETING, SECRET, 1),
        make_choice_token(MEETING, SECRET, 99),
    ]


def refusal(text: object) -> str:
    with pytest.raises(DeskError) as info:
        parse_token(text)
    return info.value.code


# --- the format as the docstring of desk_app/domain/token.py specifies it --------------------


def spec_mac(secret: bytes, body: str) -> str:
    """The MAC exactly as desk_app/domain/token.py's docstring specifies it, computed independently of the module."""
    digest = hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest()
    return str(int.from_bytes(digest[:8], "big") % 10**10).zfill(10)


def test_card_token_layout_matches_the_specification() -> None:
    token = make_card_token(MEETING, SECRET, "GM0363", 7)
    assert len(token) == 22
    assert token[:5] == "14821"
    assert token[5:11] == "036307"
    assert token[11:21] == spec_mac(SECRET, "14821036307")
    assert token[21] == damm_digit(token[:21])


def test_pass_and_choice_token_layout() -> None:
    pas = make_pass_token(MEETING, SECRET, 42)
    assert len(pas) == 22 and pas[:11] == "24821000042"
    assert pas[11:21] == spec_mac(SECRET, "24821000042")
    choice = make_choice_token(MEETING, SECRET, 3)
    assert len(choice) == 18 and choice[:7] == "3482103"
    assert choice[7:17] == spec_mac(SECRET, "3482103")
    assert damm_valid(pas) and damm_valid(choice)


def test_golden_token_never_changes() -> None:
    # Printed cards live for weeks before the meeting: a silent format change would void them.
    assert make_card_token(4821, bytes(range(32)), "GM0363", 1) == "1482103630149358534856"


def test_damm_reference_values() -> None:
    # The worked example from Damm's thesis and the Wikipedia article: 572 -> 4.
    assert damm_digit("572") == "4"
    assert damm_valid("5724")
    assert not damm_valid("5723")
    assert not damm_valid("57²4")


# --- round trips ----------------------------------------------------------------------------


@given(meeting_nos, secrets_, municipality_codes, st.integers(1, 99))
def test_card_round_trip(meeting_no: int, secret: bytes, code: str, version: int) -> None:
    token = make_card_token(meeting_no, secret, code, version)
    parsed = parse_token(token)
    assert parsed == ParsedToken(
        token, TokenKind.CARD, meeting_no, token[11:21], municipality_code=code, version=version
    )
    verify_token(parsed, meeting_no, secret)
    assert looks_like_token(token)


@given(meeting_nos, secrets_, st.integers(0, 999_999))
def test_pass_round_trip(meeting_no: int, secret: bytes, serial: int) -> None:
    token = make_pass_token(meeting_no, secret, serial)
    parsed = parse_token(token)
    assert (parsed.kind, parsed.meeting_no, parsed.serial) == (TokenKind.PASS, meeting_no, serial)
    assert parsed.municipality_code is None and parsed.version is None and parsed.option is None
    verify_token(parsed, meeting_no, secret)


@given(meeting_nos, secrets_, st.integers(0, 99))
def test_choice_round_trip(meeting_no: int, secret: bytes, option: int) -> None:
    token = make_choice_token(meeting_no, secret, option)
    parsed = parse_token(token)
    assert (parsed.kind, parsed.meeting_no, parsed.option) == (TokenKind.CHOICE, meeting_no, option)
    verify_token(parsed, meeting_no, secret)


@pytest.mark.parametrize("wrap", [" {} ", "{}\n", "{}\r\n", "\t{}"])
def test_surrounding_whitespace_is_ignored(wrap: str) -> None:
    token = make_card_token(MEETING, SECRET, "GM0363", 1)
    assert parse_token(wrap.format(token)).text == token
    assert looks_like_token(wrap.format(token))


def test_tokens_differ_per_municipality_version_and_meeting() -> None:
    tokens = {
        make_card_token(MEETING, SECRET, "GM0363", 1),
        make_card_token(MEETING, SECRET, "GM0363", 2),
        make_card_token(MEETING, SECRET, "GM0344", 1),
        make_card_token(MEETING + 1, SECRET, "GM0363", 1),
        make_card_token(MEETING, OTHER_SECRET, "GM0363", 1),
    }
    assert len(tokens) == 5


# --- misreads are caught by the check digit -------------------------------------------------


@pytest.mark.parametrize("token", all_tokens())
def test_every_single_digit_substitution_is_a_misread(token: str) -> None:
    for pos in range(len(token)):
        for digit in "0123456789":
            if digit == token[pos]:
                continue
            changed = token[:pos] + digit + token[pos + 1 :]
            assert refusal(changed) == "token.check", (pos, digit)
            assert not looks_like_token(changed)


@pytest.mark.parametrize("token", all_tokens())
def test_every_adjacent_transposition_is_a_misread(token: str) -> None:
    swaps = 0
    for pos in range(len(token) - 1):
        a, b = token[pos], token[pos + 1]
        if a == b:
            continue
        swapped = token[:pos] + b + a + token[pos + 2 :]
        assert refusal(swapped) == "token.check", pos
        swaps += 1
    assert swaps > 5  # the test really exercised something


@given(st.data())
def test_damm_catches_adjacent_transpositions_of_any_digits(data: st.DataObject) -> None:
    digits = data.draw(st.from_regex(r"[0-9]{2,30}", fullmatch=True))
    pos = data.draw(st.integers(0, len(digits) - 2))
    a, b = digits[pos], digits[pos + 1]
    full = digits + damm_digit(digits)
    swapped = full[:pos] + b + a + full[pos + 2 :]
    assert damm_valid(swapped) == (a == b)


@given(st.data())
def test_no_token_with_any_character_changed_is_accepted(data: st.DataObject) -> None:
    token = data.draw(st.sampled_from(all_tokens()))
    pos = data.draw(st.integers(0, len(token) - 1))
    new = data.draw(st.characters().filter(lambda c: c != token[pos]))
    changed = token[:pos] + new + token[pos + 1 :]
    with pytest.raises(DeskError) as info:
        parse_token(changed)
    expected = "token.check" if new in "0123456789" else "token.format"
    assert info.value.code == expected
    assert not looks_like_token(changed)


# --- arbitrary input never crashes the parser -----------------------------------------------


@settings(max_examples=500)
@given(
    st.one_of(
        st.text(),
        st.from_regex(r"\s*[0-9]{16,24}\s*", fullmatch=True),
        st.from_regex(r"[1-3][0-9]{17}|[0-9][0-9]{21}", fullmatch=True),
        st.binary(),
        st.none(),
        st.integers(),
    )
)
def test_parser_never_crashes_and_agrees_with_looks_like_token(text: object) -> None:
    try:
        parsed = parse_token(text)
    except DeskError as err:
        assert err.code in {"token.format", "token.check", "token.kind"}
        # Every refusal must render in both languages (no missing placeholder).
        assert err.message("nl") and err.message("en")
        assert not looks_like_token(text)
    else:
        assert looks_like_token(text)
        assert isinstance(text, str)
        assert len(parsed.text) == TOKEN_LENGTHS[parsed.kind]
        # A random well-formed string is at best a guess: it must not pass the MAC.
        with pytest.raises(DeskError):
            verify_token(parsed, MEETING, SECRET)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "1482103630149358534856x",
        "14821-0363-01",
        "GM0363",
        "12345",
        "١٤٨٢١٠٣٦٣٠١٤٩٣٥٨٥٣٤٨٥٦",
        "１４８２１０３６３０１４９３５８５３４８５６",
        "148210363014935853485６",
    ],
)
def test_format_refusals(text: str) -> None:
    assert refusal(text) == "token.format"


def test_format_refusal_says_how_many_digits_were_read() -> None:
    with pytest.raises(DeskError) as info:
        parse_token("1482103630149358")
    assert "16 cijfers" in info.value.message("nl")
    assert "16 digits" in info.value.message("en")


# --- kinds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind_digit", "0456789")
def test_unknown_kind_with_valid_check_digit(kind_digit: str) -> None:
    body = kind_digit + "48210363014935853485"
    assert len(body) == 21
    assert refusal(body + damm_digit(body)) == "token.kind"


def test_known_kind_with_the_length_of_another_kind() -> None:
    body = "3" + "4821" + "036301" + "4935853485"  # a choice digit on a card-length code
    assert refusal(body + damm_digit(body)) == "token.kind"
    short = "1" + "4821" + "03" + "4935853485"  # a card digit on a choice-length code
    assert refusal(short + damm_digit(short)) == "token.kind"


def test_expected_kind() -> None:
    pas = make_pass_token(MEETING, SECRET, 5)
    assert parse_token(pas, expect={TokenKind.PASS}).serial == 5
    with pytest.raises(DeskError) as info:
        parse_token(pas, expect={TokenKind.CARD})
    assert info.value.code == "token.kind"
    assert info.value.message("nl") == ("Dit is een stempas; hier wordt een stemkaart verwacht. Scan de stemkaart.")
    assert "voting pass" in info.value.message("en")


# --- binding to the meeting -----------------------------------------------------------------


def test_card_of_another_meeting_is_refused_as_such() -> None:
    token = make_card_token(1234, OTHER_SECRET, "GM0363", 1)
    parsed = parse_token(token)
    with pytest.raises(DeskError) as info:
        verify_token(parsed, MEETING, SECRET)
    assert info.value.code == "token.other_meeting"
    assert "1234" in info.value.message("nl") and "4821" in info.value.message("nl")
    assert "andere vergadering" in info.value.message("nl")
    assert "another meeting" in info.value.message("en")


def test_token_made_with_another_secret_is_forged() -> None:
    parsed = parse_token(make_card_token(MEETING, OTHER_SECRET, "GM0363", 1))
    with pytest.raises(DeskError) as info:
        verify_token(parsed, MEETING, SECRET)
    assert info.value.code == "token.forged"
    assert "stemkaart" in info.value.message("nl")


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t[:5] + "0344" + t[9:],  # another municipality
        lambda t: t[:9] + "02" + t[11:],  # a later card version
        lambda t: t[:11] + "0000000000" + t[21:],  # a made-up MAC
    ],
)
def test_altered_token_with_recomputed_check_digit_is_forged(edit: object) -> None:
    # The real attack: change the payload and fix the public check digit. Only the MAC stops it.
    token = make_card_token(MEETING, SECRET, "GM0363", 1)
    altered = edit(token[:21])  # type: ignore[operator]
    forged = altered + damm_digit(altered)
    parsed = parse_token(forged)
    with pytest.raises(DeskError) as info:
        verify_token(parsed, MEETING, SECRET)
    assert info.value.code == "token.forged"


# --- making tokens with bad input is a programming error ------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: make_card_token(999, SECRET, "GM0363", 1),
        lambda: make_card_token(10000, SECRET, "GM0363", 1),
        lambda: make_card_token(MEETING, b"short", "GM0363", 1),
        lambda: make_card_token(MEETING, SECRET, "0363", 1),
        lambda: make_card_token(MEETING, SECRET, "GM036", 1),
        lambda: make_card_token(MEETING, SECRET, "gm0363", 1),
        lambda: make_card_token(MEETING, SECRET, "GM0363", 0),
        lambda: make_card_token(MEETING, SECRET, "GM0363", 100),
        lambda: make_pass_token(MEETING, SECRET, 1_000_000),
        lambda: make_pass_token(MEETING, SECRET, -1),
        lambda: make_choice_token(MEETING, SECRET, 100),
    ],
)
def test_bad_arguments_raise_value_error(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]


def test_non_int_arguments_raise_type_error() -> None:
    with pytest.raises(TypeError):
        make_card_token(MEETING, SECRET, "GM0363", True)
    with pytest.raises(TypeError):
        make_pass_token("4821", SECRET, 1)  # type: ignore[arg-type]
