"""A record that does not hold stops the votes as it stops the desk (issue 12.1): the session's one
record guard is shared by the desk and the voting service, whoever ran the check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desk_app.domain.text import DeskError
from desk_app.domain.token import make_card_token
from desk_app.services.integrity import RecordCheck, check_record_at
from desk_app.session import Session
from desk_app.storage import audit
from tests.storage.tamper import shell

UTRECHT, AMSTERDAM = "GM0344", "GM0363"


def check_in(session: Session, code: str) -> int:
    desk = session.desk
    card = make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1)
    return desk.check_in(desk.scan(card), name=f"Naam {code}", role="burgemeester").serial


@pytest.fixture
def voting_day(session: Session) -> Session:
    """Open, Utrecht and Amsterdam present, a vote open on item 4 with Utrecht's choice."""
    session.meeting.open_meeting()
    check_in(session, UTRECHT)
    check_in(session, AMSTERDAM)
    session.voting.open("4", confirm_order=True)
    session.voting.record("voor", code=UTRECHT)
    return session


def entries(session: Session) -> int:
    return len(audit.entries(session.store))


def test_voting_is_refused_after_a_failed_check(voting_day: Session, meeting_target: Path | str) -> None:
    session, voting = voting_day, voting_day.voting
    assert session.check_record().ok and voting.stopped is None
    shell(meeting_target, "UPDATE vote_records SET choice = 'tegen' WHERE code = ?", params=(UTRECHT,))
    check = session.check_record()
    assert not check.ok and "vote_records" in check.detail and voting.stopped == check
    n = entries(session)
    attempts: list[Callable[[], object]] = [
        lambda: voting.record("voor", code=AMSTERDAM),
        lambda: voting.close(),
        lambda: voting.declare(adopted=True, statement="aangenomen"),
        lambda: voting.declare_computed(),
        lambda: voting.rerun(),
        lambda: voting.open("2"),
        lambda: voting.acclaim("2", "bij acclamatie"),
        lambda: voting.import_results(b"code;keuze\nGM0363;voor\n", "uitslag.csv"),
    ]
    for attempt in attempts:
        with pytest.raises(DeskError) as info:
            attempt()
        assert info.value.code == "vote.stopped"
        assert info.value.message("nl").startswith("Stemmen gestopt: het vergaderbestand klopt niet meer (")
        assert info.value.message("nl").endswith("Er is niets vastgelegd. Roep de coördinator.")
        assert "Call the coordinator" in info.value.message("en")
    assert entries(session) == n
    tally = voting.tally()  # reading still works: the chair sees where the vote stands
    assert tally is not None and voting.current() is not None


def test_one_check_stops_the_desk_and_the_votes_alike(voting_day: Session, meeting_target: Path | str) -> None:
    """The desk window's check is told to the desk service (on the GUI thread, after a worker ran it):
    through the session's shared guard it stops the voting tab too."""
    session = voting_day
    shell(meeting_target, "UPDATE passes SET holder_role = 'griffier' WHERE serial = 1")
    elsewhere = check_record_at(meeting_target)  # as the panel's worker does, on its own connection
    assert not elsewhere.ok
    session.desk.record_checked(elsewhere)
    assert session.voting.stopped == elsewhere and session.desk.stopped == elsewhere
    with pytest.raises(DeskError) as info:
        session.voting.record("tegen", code=AMSTERDAM)
    assert info.value.code == "vote.stopped"
    with pytest.raises(DeskError, match="Registratie gestopt"):
        session.desk.print_stempas(1)
    # A session reopened for a worker thread keeps the same guard.
    with session.reopen() as worker:
        assert worker.record_guard is session.record_guard
        with pytest.raises(DeskError) as info:
            worker.voting.close()
        assert info.value.code == "vote.stopped"


def test_a_check_that_holds_again_resumes_the_votes(voting_day: Session, meeting_target: Path | str) -> None:
    session, voting = voting_day, voting_day.voting
    shell(meeting_target, "UPDATE vote_records SET choice = 'tegen' WHERE code = ?", params=(UTRECHT,))
    assert not session.check_record().ok
    with pytest.raises(DeskError):
        voting.record("tegen", code=AMSTERDAM)
    shell(meeting_target, "UPDATE vote_records SET choice = 'voor' WHERE code = ?", params=(UTRECHT,))  # put back
    assert session.check_record().ok and voting.stopped is None
    voting.record("tegen", code=AMSTERDAM)
    assert voting.close().tally() is not None


def test_services_made_apart_keep_their_own_guard(voting_day: Session) -> None:
    """A service built outside a session (the demo's builder, a test) is not stopped by another's check."""
    from desk_app.services.voting import VotingService

    apart = VotingService(voting_day.store, voting_day.actor, lambda: [])
    voting_day.voting.record_checked(RecordCheck(False, "test"))
    assert voting_day.desk.stopped is not None and apart.stopped is None
    voting_day.voting.record_checked(RecordCheck(True))
    assert voting_day.desk.stopped is None


def test_the_agenda_and_the_voting_order_wait_for_a_record_that_holds(session: Session) -> None:
    """The agenda editor's save, an agenda file and the chair's order are writes like any other."""
    voting = session.voting
    agenda = voting.agenda()
    assert agenda is not None
    order = voting.voting_order()
    voting.record_checked(RecordCheck(False, "test"))
    n = entries(session)
    attempts: list[Callable[[], object]] = [
        lambda: voting.save_agenda(agenda),
        lambda: voting.set_voting_order(tuple(reversed(order))),
        lambda: voting.set_voting_order(None),
    ]
    for attempt in attempts:
        with pytest.raises(DeskError) as info:
            attempt()
        assert info.value.code == "vote.stopped"
    assert entries(session) == n and voting.voting_order() == order
    voting.record_checked(RecordCheck(True, ""))
    voting.save_agenda(agenda)
    assert entries(session) == n + 1
