"""Free-text reasons and desk staff in the record (issue 12 item 9).

A reason typed at the desk (a look-up, a coördinator's override, undo, lost pass or reprint, a
person admitted despite a pass elsewhere, a new card) can name a person. It enters the chain as a
salted commitment, like a name; the tables hold the same hash, never the text; the proces-verbaal
shows the text kept beside the chain; the erasure removes it with the names, and the replay of the
record still holds. Desk staff are recorded by desk, never by login name, so no public file names
them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_app.domain.checkin import VerdictKind
from desk_app.domain.token import make_card_token
from desk_app.export import writer
from desk_app.services.demo import DEMO_PIN
from desk_app.services.desk import Coordinator
from desk_app.services.export import ExportService, verify_export
from desk_app.session import Session
from desk_app.storage import audit
from tests.export.test_export import pdf_text
from tests.helpers import committed

LOGIN = "jdevries-login"  # the login name of whoever runs the desk: never in the record
REASONS = {
    "lookup": "Jan Lookup vergat zijn kaart",
    "override": "Piet Override toonde paspoort",
    "undo": "Klaas Undo stond bij de verkeerde balie",
    "lost": "Marie Lost verloor haar pas",
    "reprint": "printer van Anna Reprint liep vast",
    "card": "Gerrit Card meldde verlies",
    "namesake": "Daan Naamgenoot, paspoort gezien",
}
AMS, ROT, UTR, DHG, ENS = "GM0363", "GM0599", "GM0344", "GM0518", "GM0153"


@pytest.fixture
def day(meeting_file: Path, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.setenv("USER", LOGIN)
    monkeypatch.setenv("USERNAME", LOGIN)
    session = Session.open(meeting_file)  # the default actor: this laptop's desk, no login name
    session.meeting.open_meeting()
    desk = session.desk
    m = desk.meeting

    def card(code: str, version: int = 1) -> str:
        return make_card_token(m.meeting_no, m.secret, code, version)

    looked_up = desk.check_in(desk.manual_verdict(AMS, REASONS["lookup"]), name="A. Een", role="burgemeester")
    desk.override_already(
        desk.scan(card(AMS)), name="A. Twee", role="wethouder", pin=DEMO_PIN, reason=REASONS["override"]
    )
    undone = desk.check_in(desk.scan(card(ROT)), name="R. Drie", role="burgemeester")
    desk.undo(undone.serial, pin=DEMO_PIN, reason=REASONS["undo"])
    lost = desk.check_in(desk.scan(card(UTR)), name="U. Vier", role="burgemeester")
    desk.print_stempas(lost.serial)
    desk.replace_lost(lost.serial, pin=DEMO_PIN, reason=REASONS["lost"])
    printed = desk.check_in(desk.scan(card(DHG)), name="D. Vijf", role="burgemeester")
    desk.print_stempas(printed.serial)
    desk.reprint(printed.serial, pin=DEMO_PIN, reason=REASONS["reprint"])
    session.cards.reissue(ENS, REASONS["card"])
    # The same person for a second municipality, admitted by the coördinator.
    desk.check_in(
        desk.scan(card(ENS, 2)),
        name="A. Twee",
        role="wethouder",
        coordinator=Coordinator(DEMO_PIN, REASONS["namesake"]),
    )
    assert looked_up.serial
    return session


def _all_text(session: Session) -> str:
    """Every table the counts come from, as text (the audit chain included)."""
    q = session.store.query
    tables = ("audit", "passes", "cards", "designations", "vote_records")
    return json.dumps([q(f"SELECT * FROM {t}") for t in tables], default=str)  # noqa: S608


def test_reasons_are_commitments_in_the_chain_and_the_tables(day: Session) -> None:
    text = _all_text(day)
    for reason in REASONS.values():
        assert reason not in text, reason
    entries = audit.entries(day.store)
    by_action = {e.action: e for e in entries}
    assert committed(day.store, by_action["checkin.override"]) == REASONS["override"]
    assert committed(day.store, by_action["checkin.undo"]) == REASONS["undo"]
    assert committed(day.store, by_action["pass.replace_lost"]) == REASONS["lost"]
    assert committed(day.store, by_action["pass.reprint"]) == REASONS["reprint"]
    assert committed(day.store, by_action["card.reissue"]) == REASONS["card"]
    checkins = [e for e in entries if e.action == "checkin"]
    assert committed(day.store, checkins[0], "manual_reason") == REASONS["lookup"]
    assert committed(day.store, checkins[-1]) == REASONS["namesake"]
    assert audit.verify(day.store).ok  # the replay holds the tables' hashes to the chain's


def test_desk_staff_appear_by_desk_not_by_login(day: Session) -> None:
    assert LOGIN not in _all_text(day)
    actors = {e.actor for e in audit.entries(day.store)}
    assert actors <= {"secretariaat", "demo"}  # the desk's name (and the demo builder's role)


def test_the_public_export_has_no_reason_or_login_and_the_minutes_have_the_reasons(
    day: Session,
    qapp,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "export"
    ExportService(day.store).export(folder)
    for name in writer.FILES:
        if name == writer.PDF:
            continue
        data = (folder / name).read_text("utf-8-sig")
        assert LOGIN not in data, name
        for reason in REASONS.values():
            assert reason not in data, (name, reason)
    minutes = " ".join(pdf_text(folder / writer.PDF).split())
    assert LOGIN not in minutes
    for key in ("override", "undo", "lost", "reprint", "namesake"):  # the coördinator's actions, with why
        assert REASONS[key] in minutes, key
    assert verify_export(folder) == []


@pytest.mark.sqlite_only("looks for the erased reasons in the bytes of the file and its WAL")
def test_erasure_takes_the_reasons_and_the_record_still_holds(
    day: Session,
    qapp,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    store = day.store
    old_card = make_card_token(day.desk.meeting.meeting_no, day.desk.meeting.secret, ENS, 1)
    shown = day.desk.scan(old_card)
    assert shown.kind is VerdictKind.REVOKED and REASONS["card"] in shown.detail.render("nl", **shown.params)
    assert day.cards.cards_of(ENS)[0].revoked_reason == REASONS["card"]

    result = day.archive.erase_personal()
    assert result.audit_personal >= len(REASONS)
    check = audit.verify(store)
    assert check.ok and check.replayed, check.reason  # the chain and every table still hold

    data = b"".join(p.read_bytes() for p in sorted(store.path.parent.glob(store.path.name + "*")) if p.is_file())
    for reason in REASONS.values():
        assert reason.encode() not in data, reason

    # What showed a reason now says it was erased.
    shown = day.desk.scan(old_card)
    assert "(gewist)" in shown.detail.render("nl", **shown.params)
    assert day.cards.cards_of(ENS)[0].revoked_reason == "(gewist)"
    folder = tmp_path / "after"
    ExportService(store).export(folder)
    minutes = " ".join(pdf_text(folder / writer.PDF).split())
    assert "(gewist)" in minutes and not any(r in minutes for r in REASONS.values())
    assert verify_export(folder) == []
