"""What the record says about the day (issue 13 items 4 and 5, issue 12 item 7, issue 14 item 7):
an undone check-in is no attendance and is listed with the coördinator's actions; a vote closed but
never declared is named by the export, the proces-verbaal and verify-export; a vote opened again or
against the voting order is in the proces-verbaal; the signature block is never split over two pages, no
page is blank apart from its footer, and a time in the coördinator's table stays on one line."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desk_app.cli import main
from desk_app.domain.clock import local_time
from desk_app.domain.tally import Choice
from desk_app.domain.token import make_card_token
from desk_app.export import results, writer
from desk_app.export.attendance import attendance
from desk_app.export.model import (
    AuditHead,
    Correction,
    ExportData,
    MeetingInfo,
    MemberInfo,
    Move,
    PresenceEvent,
)
from desk_app.export.pdf import FOOTER_MM, MARGINS_MM, proces_verbaal_html, proces_verbaal_pdf, render_pdf
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


DOTS = "........................................"


def _pages(pdf: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """Each page's text above the footer, as pdfium reads it (a line wrapped in a table cell reads as
    two lines), and the footer's. Taken by place: Qt also writes into the PDF the lines of a block
    that crosses the page's edge which its clip hides, and those are not on the page."""
    path = tmp_path / "pv.pdf"
    path.write_bytes(pdf)
    doc = pdfium.PdfDocument(str(path))
    foot = (MARGINS_MM.bottom() + FOOTER_MM) * 72 / 25.4  # points from the bottom of the sheet
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            width, height = page.get_size()
            text = page.get_textpage()
            out.append((text.get_text_bounded(0, foot, width, height), text.get_text_bounded(0, 0, width, foot)))
        return out
    finally:
        doc.close()


def _squeezed(text: str) -> str:
    """Without any whitespace: bold glyphs come out with spaces between them."""
    return "".join(text.split())


def _problems(pages: list[tuple[str, str]], case: object) -> list[str]:
    """What is wrong with the pages: the signature block not whole on one page (heading, both names,
    both lines to sign on), a page blank apart from its footer, pages numbered wrongly."""
    out = []
    flat = [_squeezed(body) for body, _ in pages]
    signed = [i for i, p in enumerate(flat) if "6.Ondertekening" in p]
    if len(signed) != 1:
        return [f"{case}: the heading '6. Ondertekening' on pages {[i + 1 for i in signed]}"]
    page = flat[signed[0]]
    if "Devoorzitter," not in page or "Desecretaris," not in page or page.count(DOTS) != 2:
        out.append(f"{case}: signature block not whole on page {signed[0] + 1}: …{page[-160:]}")
    for i, (body, footer) in enumerate(pages):
        if not _squeezed(footer).endswith(f"pagina{i + 1}van{len(pages)}"):
            out.append(f"{case}: page {i + 1}'s footer is {footer!r}")
        if not body.strip():
            out.append(f"{case}: page {i + 1} of {len(pages)} is blank apart from its footer")
    if signed[0] + 1 < len(flat) and not flat[signed[0] + 1].startswith("BijlageA.Presentielijst"):
        out.append(f"{case}: the page after the signatures does not start with Bijlage A")
    return out


def test_the_signature_block_is_never_split_over_two_pages(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Push the signature block down the page line by line: wherever it falls, its heading, both
    names and both lines for the signatures are on one page, and no page is left blank."""
    html = proces_verbaal_html(_data(), [], attendance([M], []))
    at = html.index("<h2>6. Ondertekening</h2>")
    moved = 0
    problems: list[str] = []
    for k in range(0, 60):
        filler = "".join(f"<p>vulling {i}</p>" for i in range(k))
        pdf = render_pdf(html[:at] + filler + html[at:], "t", "voet", None, "12345678-1234-5678-1234-567812345678")
        pages = _pages(pdf, tmp_path)
        problems += _problems(pages, k)
        flat = [_squeezed(body) for body, _ in pages]
        moved += "6.Ondertekening" not in flat[0] and f"vulling{k - 1}" in flat[0]
    assert problems == []
    assert moved  # at least once the block had to start a new page to stay whole


def _action(seq: int, n: int) -> Correction:
    return Correction(
        seq,
        f"2024-05-24T18:{n % 60:02d}:{(7 * n) % 60:02d}.000Z",  # 20:mm:ss in Amsterdam
        f"balie-{1 + n % 4}",
        "balie",
        "pass.replace_lost",
        "GM0363",
        {"old": 100 + n, "new": 200 + n, "reason": f"stempas verloren in de zaal ({n})"},
    )


def test_any_number_of_coordinator_actions_keeps_the_record_whole(day: Session, qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The real record of a day with votes, and 0 to 40 more rows in the coördinator's table: the
    table pushes everything after it down the page, past the sections moved to a new page before it.
    The signature block stays whole on one page (its dotted lines went to the next page with one row
    more), no page is blank apart from its footer (one was, after the signatures), and every time in
    the table is on one line (the column wrapped '20:52:0' / '1')."""
    data = ExportService(day.store).checked()
    summaries = results.ordered(data.votes)
    rows_ = attendance(data.members, data.presence)
    seq = data.audit[-1].seq
    problems: list[str] = []
    for extra in range(0, 41):
        more = tuple(_action(seq + 1 + n, n) for n in range(extra))
        case = dataclasses.replace(data, corrections=data.corrections + more)
        pages = _pages(proces_verbaal_pdf(case, summaries, rows_), tmp_path)
        problems += _problems(pages, extra)
        text = "\n".join(body for body, _ in pages)
        wrapped = sorted({t for c in case.corrections if (t := local_time(c.ts)) not in text})
        if wrapped:
            problems.append(f"{extra}: times wrapped inside: {', '.join(wrapped[:3])}…")
    assert problems == []
