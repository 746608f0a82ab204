"""What the record says about the day (issue 13 items 4 and 5, issue 12 item 7, issue 14 item 7):
an undone check-in is no attendance and is listed with the coördinator's actions; a vote closed but
never declared is named by the export, the proces-verbaal and verify-export; a vote opened again or
against the voting order is in the proces-verbaal; the signature block is never split over two pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desk_app.cli import main
from desk_app.domain.tally import Choice
from desk_app.domain.token import make_card_token
from desk_app.export import writer
from desk_app.export.attendance import attendance
from desk_app.export.model import AuditHead, ExportData, MeetingInfo, MemberInfo, Move, PresenceEvent
from desk_app.export.pdf import proces_verbaal_html, render_pdf
from desk_app.services.demo import DEMO_PIN
from desk_app.services.export import ExportService, undeclared_in_export, verify_export
from desk_app.session import Session
from tests.export.test_export import pdf_text, rewrite_manifest, rows
from tests.services.test_voting import DEMO_AGENDA

AMS, ROT, UTR = "GM0363", "GM0599", "GM0344"


# --- attendance: the rule on events ----------------------------------------------------------------------

M = MemberInfo(AMS, "Amsterdam", "NH", 75)


def ev(seq: int, move: Move, serial: int) -> PresenceEvent:
    return PresenceEvent(f"2024-05-24T12:{seq:02d}:00.000Z", AMS, move, seq, serial)


def periods(*events: PresenceEvent) -> list[tuple[str, str | None]]:
    return [(a[14:16], b[14:16] if b else None) for a, b in attendance([M], events)[0].periods]


def test_an_undone_check_in_is_no_attendance() -> None:
    assert periods(ev(1, Move.IN, 1), ev(2, Move.UNDO, 1)) == []
    row = attendance([M], [ev(1, Move.IN, 1), ev(2, Move.UNDO, 1)])[0]
    assert not row.ever_present and not row.present_at_end and row.first_in is None


def test_an_undo_after_leaving_and_returning_takes_all_of_that_pass() -> None:
    events = [ev(1, Move.IN, 1), ev(2, Move.OUT, 1), ev(3, Move.IN, 1), ev(4, Move.UNDO, 1)]
    assert periods(*events) == []


def test_an_undone_substitute_keeps_the_time_of_the_pass_before_it() -> None:
    # Pass 1 from :01, a substitute takes over with pass 2 at :05 (undone at :07), a new check-in at :09.
    events = [ev(1, Move.IN, 1), ev(5, Move.IN, 2), ev(7, Move.UNDO, 2), ev(9, Move.IN, 3)]
    assert periods(*events) == [("01", "05"), ("09", None)]
    # Without the undo the hand-over is one period.
    assert periods(ev(1, Move.IN, 1), ev(5, Move.IN, 2), ev(8, Move.OUT, 2)) == [("01", "08")]


# --- a meeting on a real file ----------------------------------------------------------------------------


def _token(session: Session, code: str) -> str:
    m = session.desk.meeting
    return make_card_token(m.meeting_no, m.secret, code, 1)


@pytest.fixture
def day(session: Session) -> Session:
    """Amsterdam checked in by mistake and undone; Rotterdam and Utrecht present; votes: 4 opened
    before its amendment (confirmed) and closed but never declared, 4.A1 after it (confirmed) and
    declared, 4.A1 opened again (a herstemming of the declared vote) and declared."""
    session.meeting.open_meeting()
    desk = session.desk
    wrong = desk.check_in(desk.scan(_token(session, AMS)), name="Per Vergissing", role="burgemeester")
    desk.undo(wrong.serial, pin=DEMO_PIN, reason="verkeerde kaart gescand")
    for code, name in ((ROT, "R. Tester"), (UTR, "U. Tester")):
        desk.check_in(desk.scan(_token(session, code)), name=name, role="burgemeester")
    voting = session.voting
    voting.load_agenda_file(DEMO_AGENDA)
    voting.open("4", confirm_order=True)  # before its amendment 4.A1: confirmed
    voting.record(Choice.VOOR, code=UTR)
    voting.close()  # and never declared
    voting.open("4.A1", confirm_order=True)  # after the item it amends: confirmed
    voting.record(Choice.VOOR, code=ROT)
    voting.close()
    voting.declare_computed()
    voting.open("4.A1", again=True, confirm_order=True)
    voting.record(Choice.TEGEN, code=ROT)
    voting.close()
    voting.declare_computed()
    return session


@pytest.fixture
def exported(day: Session, qapp, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "export"
    ExportService(day.store).export(folder)
    return folder


def test_the_undone_check_in_is_not_in_the_attendance(exported: Path) -> None:
    by_code = {r["gemeentecode"]: r for r in rows(exported, writer.ATTENDANCE)}
    assert by_code[AMS]["aanwezig_bij_einde"] == "nee" and by_code[AMS]["eerste_aanmelding"] == ""
    assert by_code[ROT]["aanwezig_bij_einde"] == "ja"
    text = pdf_text(exported / writer.PDF)
    assert "Aangemeld 2 van 342 gemeenten" in text  # Amsterdam's undone check-in does not count
    assert "Aanmelding ongedaan gemaakt" in text and "verkeerde kaart gescand" in text
    appendix = text[text.index("Bijlage A") :]
    assert "Amsterdam" not in appendix.split("Niet aangemeld")[0]  # not "vertrokken": never there
    assert verify_export(exported) == []


def test_a_vote_closed_but_never_declared_is_named(exported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting = json.loads((exported / writer.MEETING).read_text("utf-8"))
    assert [(u["number"], u["item"]) for u in meeting["undeclared_votes"]] == [(1, "4")]
    assert "stemming 1 (agendapunt 4)" in (exported / writer.README).read_text("utf-8")
    text = pdf_text(exported / writer.PDF)
    assert "Gesloten maar nooit vastgesteld: stemming 1 (agendapunt 4)" in text
    assert verify_export(exported) == []  # its figures check out: named, not failed
    assert [n.message("nl") for n in undeclared_in_export(exported)] == [
        "summary.csv:2: stemming 1 (agendapunt 4) is gesloten maar de uitslag is nooit vastgesteld"
    ]
    assert main(["verify-export", str(exported)]) == 0
    out = capsys.readouterr().out
    assert "Let op: summary.csv:2: stemming 1 (agendapunt 4) is gesloten maar de uitslag is nooit vastgesteld." in out
    assert main(["--lang", "en", "verify-export", str(exported), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["undeclared"] == [
        "summary.csv:2: vote 1 (agenda item 4) was closed but its result was never declared"
    ]


def test_a_list_of_undeclared_votes_that_does_not_match_fails(exported: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(exported, copy)
    path = copy / writer.MEETING
    doc = json.loads((exported / writer.MEETING).read_text("utf-8"))
    doc["undeclared_votes"] = []
    path.write_text(json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n", "utf-8")
    rewrite_manifest(copy)
    assert any("nooit vastgesteld" in p.message("nl") for p in verify_export(copy))


def test_again_and_an_order_confirmation_are_in_the_proces_verbaal(exported: Path) -> None:
    text = " ".join(pdf_text(exported / writer.PDF).split())
    assert "Opnieuw geopend op een punt waarover al was gestemd" in text
    assert "Herstemming: stemming 3 (agendapunt 4.A1) vervangt stemming 2" in text
    assert "Stemming 1 (agendapunt 4) is tegen de stemvolgorde in geopend, bevestigd door de voorzitter" in text


def test_the_words_of_the_record(exported: Path) -> None:
    text = pdf_text(exported / writer.PDF)
    assert "5. Logboek" in text and "Audit-log" not in text and "audit-log" not in text
    assert "Handelingen van de coördinator" in text and "overrul" not in text.lower()
    readme = (exported / writer.README).read_text("utf-8")
    assert "logboek" in readme and "audit-log" not in readme.lower()


# --- the signature block ---------------------------------------------------------------------------------


def _data() -> ExportData:
    return ExportData(
        meeting=MeetingInfo("ALV", "2024-05-24", "Utrecht", 1234, None, "CBS"),
        members=(M,),
        presence=(),
        votes=(),
        corrections=(),
        audit=(),
        audit_head=AuditHead(True, 0, "0" * 64),
    )


def test_the_signature_block_is_never_split_over_two_pages(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Push the signature block down the page line by line: wherever it falls, its heading, both
    names and both lines for the signatures are on one page."""
    html = proces_verbaal_html(_data(), [], attendance([M], []))
    at = html.index("<h2>6. Ondertekening</h2>")
    moved = 0
    for k in range(0, 44, 3):
        filler = "".join(f"<p>vulling {i}</p>" for i in range(k))
        pdf = render_pdf(html[:at] + filler + html[at:], "t", "voet", None, "12345678-1234-5678-1234-567812345678")
        path = tmp_path / f"pv{k}.pdf"
        path.write_bytes(pdf)
        doc = pdfium.PdfDocument(str(path))
        try:
            pages = ["".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc))]
        finally:
            doc.close()
        page = next(p for p in pages if "6.Ondertekening" in p)
        assert "Devoorzitter," in page and "Desecretaris," in page, (k, page[-200:])
        assert page.count("........................................") == 2, k
        moved += pages.index(page) > 0 and "6.Ondertekening" not in pages[0]
    assert moved  # at least once the block had to start a new page to stay whole
