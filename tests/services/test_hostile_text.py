"""Hostile text in the services (issue 12.8): designees' names and a new card's reason are held to
the domain's limits, with a clear message, and nothing changes."""

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
