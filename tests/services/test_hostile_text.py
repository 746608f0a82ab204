"""Hostile text in the services (issue 12.8): designees' names, a new card's reason and the chair's
statement are held to the domain's limits, with a clear message, and nothing changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app.domain.register import ImportRefused
from desk_app.domain.text import DeskError
from desk_app.session import Session
from desk_app.storage import audit


def entries(session: Session) -> int:
    return len(audit.entries(session.store))


@pytest.mark.parametrize(("name", "code"), [("F" * 101, "text.too_long"), ("Femke \u202eHalsema", "text.bidi")])
def test_a_designee_set_by_hand_is_held_to_the_limits(session: Session, name: str, code: str) -> None:
    n = entries(session)
    with pytest.raises(DeskError) as info:
        session.meeting.set_designation("GM0363", name=name, role="burgemeester", email=None)
    assert info.value.code == code and "niets vastgelegd" in info.value.message("nl")
    assert entries(session) == n
    session.meeting.set_designation("GM0363", name="F" * 100, role="burgemeester", email=None)


def test_a_designations_file_with_hostile_names_is_refused_by_line(session: Session) -> None:
    data = (
        "code;naam;functie;e-mailadres\nGM0363;" + "x" * 101 + ";burgemeester;\n"
        "GM0599;Ahmed \u2067Aboutaleb;burgemeester;\nGM0344;Sharon\tDijksma;burgemeester;\n"
    ).encode()
    with pytest.raises(ImportRefused) as info:
        session.meeting.import_designations(data, "test.csv")
    messages = [p.message("nl") for p in info.value.problems]
    assert messages == [
        "regel 2: de naam is langer dan 100 tekens",
        "regel 3: de naam bevat een onzichtbaar teken dat de leesrichting omdraait (U+2067)",
        "regel 4: de naam bevat een stuurteken (U+0009)",
    ]


def test_a_new_cards_reason_is_held_to_the_limits(session: Session) -> None:
    for reason, code in (("r" * 501, "text.too_long"), ("kwijt\u202e", "text.bidi")):
        with pytest.raises(DeskError) as info:
            session.cards.reissue("GM0363", reason)
        assert info.value.code == code
    assert session.cards.reissue("GM0363", "kaart kwijt").version == 2


@pytest.mark.parametrize(("name", "place"), [("ALV " * 80, "Utrecht"), ("ALV", "Utrecht\u202e")])
def test_a_meeting_with_a_hostile_name_or_place_is_not_created(tmp_path: Path, name: str, place: str) -> None:
    from desk_app import paths
    from desk_app.services.meeting import MeetingService

    target = tmp_path / "alv.sqlite"
    with pytest.raises(DeskError) as info:
        MeetingService.create(
            target,
            name=name,
            date="2024-05-24",
            place=place,
            register_csv=paths.default_register().read_bytes(),
            register_source="CBS",
        )
    assert info.value.code in {"text.too_long", "text.bidi"} and not target.exists()


HOSTILE_STATEMENTS = [
    ("\u202e" + "x" * 10_000, "text.bidi"),  # RELIABILITY.md's repro: stored as 10,001 characters
    ("aangenomen " + "x" * 490, "text.too_long"),
    ("aangenomen\u2066 met 98%", "text.bidi"),
    ("aangenomen\nverworpen", "text.control"),
]


@pytest.mark.parametrize(("statement", "code"), HOSTILE_STATEMENTS)
def test_the_chair_s_statement_with_an_acclamation_is_held_to_the_limits(
    session: Session, statement: str, code: str
) -> None:
    session.meeting.open_meeting()
    n = entries(session)
    with pytest.raises(DeskError) as info:
        session.voting.acclaim("2", statement)
    assert info.value.code == code and "verklaring van de voorzitter" in info.value.message("nl")
    assert "niets vastgelegd" in info.value.message("nl") and "chair's statement" in info.value.message("en")
    assert entries(session) == n and session.voting.votes() == []
    vote = session.voting.acclaim("2", "  " + "a" * 500 + " ")  # at the limit; surrounding spaces do not count
    assert vote.declaration is not None and vote.declaration.statement == "a" * 500


@pytest.mark.parametrize(("statement", "code"), HOSTILE_STATEMENTS)
def test_the_chair_s_statement_with_a_declaration_is_held_to_the_limits(
    session: Session, statement: str, code: str
) -> None:
    from desk_app.domain.token import make_card_token

    session.meeting.open_meeting()
    desk = session.desk
    card = make_card_token(desk.meeting.meeting_no, desk.meeting.secret, "GM0344", 1)
    desk.check_in(desk.scan(card), name="A. Jansen", role="raadslid")
    session.voting.open("4", confirm_order=True)
    session.voting.record("voor", code="GM0344")
    vote = session.voting.close()
    n = entries(session)
    with pytest.raises(DeskError) as info:
        session.voting.declare(adopted=False, statement=statement, vote_id=vote.id)
    assert info.value.code == code
    assert entries(session) == n and session.voting.vote(vote.id).declaration is None
    declared = session.voting.declare(adopted=False, statement="verworpen door de voorzitter", vote_id=vote.id)
    assert declared.declaration is not None and declared.declaration.statement == "verworpen door de voorzitter"


def test_a_drop_table_in_a_statement_is_stored_as_it_is(session: Session) -> None:
    """Bound parameters throughout: SQL in the chair's words is text, read back verbatim."""
    session.meeting.open_meeting()
    words = "aangenomen'); DROP TABLE votes; --"
    session.voting.acclaim("2", words)
    [summary] = session.voting.votes()
    vote = session.voting.vote(summary.id)
    assert vote.declaration is not None and vote.declaration.statement == words
