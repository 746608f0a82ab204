"""The chair's statement in the window's dialogs (issue 12.8): the voting service's refusal of hostile
text is shown in the dialog, which stays open, and nothing is recorded."""

from __future__ import annotations

from desk_app.domain.token import make_card_token
from desk_app.session import Session
from desk_app.storage import audit
from desk_app.ui.voting.dialogs import AcclaimDialog, DeclareDialog


def test_an_acclamation_with_a_reversed_statement_stays_open_and_says_why(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    session.meeting.open_meeting()
    n = len(audit.entries(session.store))
    dialog = AcclaimDialog("2 — aangenomen bij acclamatie?", "", lambda s: session.voting.acclaim("2", s))
    qtbot.addWidget(dialog)
    dialog.statement.setText("aangenomen \u202ebij acclamatie")
    dialog.accept()
    assert dialog.result() == 0 and not dialog.error.isHidden()
    assert "verklaring van de voorzitter bevat een onzichtbaar teken" in dialog.error.text()
    assert len(audit.entries(session.store)) == n
    dialog.statement.setText("bij acclamatie")
    dialog.accept()
    assert dialog.result() == 1 and session.voting.votes()[0].number == 1


def test_a_declaration_with_a_statement_too_long_stays_open(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    session.meeting.open_meeting()
    desk = session.desk
    card = make_card_token(desk.meeting.meeting_no, desk.meeting.secret, "GM0344", 1)
    desk.check_in(desk.scan(card), name="A. Jansen", role="raadslid")
    session.voting.open("4", confirm_order=True)
    session.voting.record("voor", code="GM0344")
    vote = session.voting.close()
    result = vote.tally()
    assert result is not None

    def attempt(d: object) -> object:
        return session.voting.declare(adopted=d.adopted, statement=d.statement, vote_id=vote.id)  # type: ignore[attr-defined]

    dialog = DeclareDialog("Stemming 1 · 4", result, "aangenomen met 100%", {}, attempt, lang="en")
    dialog.lang = "en"
    qtbot.addWidget(dialog)
    dialog.statement.setText("aangenomen " + "x" * 600)
    dialog.accept()
    assert dialog.result() == 0 and "The chair's statement is too long: 611 characters" in dialog.error.text()
    assert session.voting.vote(vote.id).declaration is None
