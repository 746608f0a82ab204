"""The desk service: every verdict with its own words, passes that never double, supervisor rules."""

from __future__ import annotations

import pytest

from desk_app.domain.checkin import VerdictKind
from desk_app.domain.text import DeskError
from desk_app.domain.token import make_card_token
from desk_app.services.demo import DEMO_PIN
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor
from desk_app.storage import audit
from tests.helpers import committed


@pytest.fixture
def desk(meeting):  # type: ignore[no-untyped-def]
    d = DeskService(meeting.store, Actor("balie-1", "anna"))
    d.set_supervisor_pin("4321", current=DEMO_PIN)
    return d


def card(desk: DeskService, code: str, version: int = 1) -> str:
    return make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, version)


def actions(desk: DeskService) -> list[str]:
    return [e.action for e in audit.entries(desk.store)]


def test_accept_and_check_in(desk: DeskService) -> None:
    v = desk.scan(card(desk, "GM0363"))
    assert v.kind is VerdictKind.ACCEPTED and v.votes == 75 and v.municipality == "Amsterdam"
    assert v.rep_name  # the designation is shown
    n = len(actions(desk))
    p = desk.check_in(v, name="Femke Halsema", role="Burgemeester")
    assert (p.code, p.status, p.holder_role) == ("GM0363", "active", "burgemeester")
    assert actions(desk)[n:] == ["checkin"]
    assert desk.counters().present_members == 1 and desk.counters().present_votes == 75
    assert desk.active_passes() == [(p.serial, "GM0363", 75)]


def test_second_scan_says_when_and_where(desk: DeskService) -> None:
    p = desk.check_in(desk.scan(card(desk, "GM0599")), name="A", role="wethouder")
    other = DeskService(desk.store, Actor("balie-2", "bob"))
    v = other.scan(card(desk, "GM0599"))
    assert v.kind is VerdictKind.ALREADY
    assert v.existing is not None and v.existing.serial == p.serial
    text = v.explanation()
    assert "balie-1" in text and f"stempas {p.serial}" in text and "om " in text


def test_racing_desks_cannot_issue_two_passes(desk: DeskService) -> None:
    v1 = desk.scan(card(desk, "GM0599"))
    other = DeskService(desk.store, Actor("balie-2", "bob"))
    v2 = other.scan(card(desk, "GM0599"))  # both saw "accepted" before either checked in
    desk.check_in(v1, name="A", role="wethouder")
    with pytest.raises(DeskError) as info:
        other.check_in(v2, name="B", role="raadslid")
    assert info.value.code == "desk.already"
    assert len([r for r in desk.presence() if r.status == "active"]) == 1


def test_refusals_have_their_own_words_and_change_nothing(desk: DeskService) -> None:
    before = actions(desk)
    good = card(desk, "GM0363")
    forged = good[:-11] + "0000000000" + good[-1]
    cases = {
        "misread": (good[:5] + ("1" if good[5] != "1" else "2") + good[6:], VerdictKind.UNKNOWN, "verkeerd gelezen"),
        "garbage": ("hello", VerdictKind.UNKNOWN, "Laat de kaart niet toe"),
        "other": (
            make_card_token(1000 + (desk.meeting.meeting_no + 1) % 9000, desk.meeting.secret, "GM0363", 1),
            VerdictKind.OTHER_MEETING,
            "andere vergadering",
        ),
    }
    for name, (text, kind, words) in cases.items():
        v = desk.scan(text)
        assert v.kind is kind, name
        assert words in v.explanation() or words in v.headline(), (name, v.explanation())
    from desk_app.domain.token import damm_digit

    forged = forged[:-1] + damm_digit(forged[:-1])
    v = desk.scan(forged)
    assert v.kind is VerdictKind.UNKNOWN and "echtheidscode klopt niet" in v.explanation()
    assert actions(desk) == before


def test_role_not_eligible(desk: DeskService) -> None:
    v = desk.scan(card(desk, "GM0363"))
    with pytest.raises(DeskError) as info:
        desk.check_in(v, name="Jan", role="beleidsmedewerker")
    assert info.value.code == "role.not_eligible"
    assert desk.counters().present_members == 0


def test_no_voting_right(desk: DeskService) -> None:
    with desk.store.transaction() as db:
        db.execute("UPDATE members SET no_vote_reason = 'lidmaatschap geschorst' WHERE code = 'GM0363'")
    v = desk.scan(card(desk, "GM0363"))
    assert v.kind is VerdictKind.NO_VOTING_RIGHT and "geschorst" in v.explanation()
    with pytest.raises(DeskError):
        desk.check_in(v, name="X", role="burgemeester")


def test_revoked_card_says_when_and_by_whom(desk: DeskService) -> None:
    with desk.store.transaction() as db:
        db.execute(
            "INSERT INTO cards VALUES ('GM0363', 1, ?, '2024-05-13T10:00:00Z', 'secretariaat', '', "
            "'2024-05-20T09:00:00Z', 'Piet (secretariaat)', 'kaart verloren')",
            [card(desk, "GM0363", 1)],
        )
        db.execute(
            "INSERT INTO cards VALUES ('GM0363', 2, ?, '2024-05-20T09:00:00Z', 'secretariaat', "
            "'kaart verloren', NULL, NULL, NULL)",
            [card(desk, "GM0363", 2)],
        )
    v = desk.scan(card(desk, "GM0363", 1))
    assert v.kind is VerdictKind.REVOKED
    assert v.headline() == "VERVANGEN KAART"
    assert "Piet (secretariaat)" in v.explanation() and "2024-05-20" in v.explanation()
    assert desk.scan(card(desk, "GM0363", 2)).kind is VerdictKind.ACCEPTED


def test_manual_lookup_needs_a_reason_which_is_logged(desk: DeskService) -> None:
    assert [m.name for m in desk.lookup("den haag")][0] == "'s-Gravenhage"
    assert desk.lookup("0363")[0].code == "GM0363"
    assert desk.lookup("Súdwest")[0].name == "Súdwest-Fryslân"
    with pytest.raises(DeskError):
        desk.manual_verdict("GM0518", "  ")
    v = desk.manual_verdict("GM0518", "telefoon leeg")
    desk.check_in(v, name="X", role="griffier")
    last = audit.entries(desk.store)[-1]
    assert last.action == "checkin" and committed(desk.store, last, "manual_reason") == "telefoon leeg"


def test_substitute_is_atomic(desk: DeskService) -> None:
    p = desk.check_in(desk.scan(card(desk, "GM0363")), name="A", role="burgemeester")
    new = desk.substitute(p.serial, name="B", role="raadslid")
    rows = desk.store.query("SELECT serial, status FROM passes WHERE code = 'GM0363' ORDER BY serial")
    assert rows == [{"serial": p.serial, "status": "returned"}, {"serial": new.serial, "status": "active"}]
    assert actions(desk)[-1] == "pass.substitute"
    with pytest.raises(DeskError):
        desk.substitute(new.serial, name="C", role="portier")  # not eligible: nothing changes
    assert desk.active_passes() == [(new.serial, "GM0363", 75)]


def test_lost_pass_needs_supervisor_and_invalidates_the_old(desk: DeskService) -> None:
    p = desk.check_in(desk.scan(card(desk, "GM0363")), name="A", role="burgemeester")
    with pytest.raises(DeskError) as info:
        desk.replace_lost(p.serial, pin="0000", reason="kwijt")
    assert info.value.code == "supervisor.bad_pin"
    with pytest.raises(DeskError):
        desk.replace_lost(p.serial, pin="4321", reason="")
    new = desk.replace_lost(p.serial, pin="4321", reason="kwijt")
    old = desk.scan(p.token)
    assert old.kind is VerdictKind.PASS and old.existing is not None and old.existing.status == "replaced"
    assert desk.active_passes() == [(new.serial, "GM0363", 75)]


def test_leave_and_come_back(desk: DeskService) -> None:
    p = desk.check_in(desk.scan(card(desk, "GM0363")), name="A", role="burgemeester")
    desk.leave(p.serial)
    assert desk.counters().present_votes == 0 and desk.active_passes() == []
    assert desk.scan(card(desk, "GM0363")).kind is VerdictKind.ALREADY  # the mandate is still held
    with pytest.raises(DeskError):
        desk.leave(p.serial)
    desk.come_back(p.serial)
    assert desk.counters().present_votes == 75


def test_undo_and_override(desk: DeskService) -> None:
    p = desk.check_in(desk.scan(card(desk, "GM0363")), name="A", role="burgemeester")
    desk.undo(p.serial, pin="4321", reason="verkeerde gemeente gekozen")
    assert desk.scan(card(desk, "GM0363")).kind is VerdictKind.ACCEPTED
    p2 = desk.check_in(desk.scan(card(desk, "GM0363")), name="A", role="burgemeester")
    v = desk.scan(card(desk, "GM0363"))
    new = desk.override_already(v, name="B", role="wethouder", pin="4321", reason="eerdere registratie was onterecht")
    assert desk.active_passes() == [(new.serial, "GM0363", 75)]
    # (the fixture's PIN change is a coördinator action too)
    assert {e.action for e in desk.supervisor_actions()} == {"checkin.undo", "checkin.override", "supervisor.pin"}
    assert p2.serial != new.serial


def test_one_vote_reads_one_stem_and_a_voided_pass_names_the_coordinator(desk: DeskService) -> None:
    v = desk.scan(card(desk, "GM0088"))  # Schiermonnikoog: under 2,000 inhabitants, 1 vote
    assert v.kind is VerdictKind.ACCEPTED and v.votes == 1
    assert v.explanation("nl").startswith("Schiermonnikoog: 1 stem. "), v.explanation("nl")
    assert v.explanation("en").startswith("Schiermonnikoog: 1 vote. "), v.explanation("en")
    p = desk.check_in(v, name="A", role="burgemeester")
    assert desk.scan(p.token).explanation("nl").startswith("Schiermonnikoog (1 stem): aanwezig, ")
    assert desk.scan(card(desk, "GM0363")).explanation("nl").startswith("Amsterdam: 75 stemmen. ")
    # The pass the coördinator's "toch toelaten" voided: not "ongedaan gemaakt".
    new = desk.override_already(desk.scan(card(desk, "GM0088")), name="B", role="wethouder", pin="4321", reason="x")
    old = desk.scan(p.token).explanation("nl")
    assert "ingetrokken door de coördinator — ongeldig" in old and "ongedaan" not in old, old
    assert new.serial != p.serial


def test_print_failure_is_recorded_and_reprintable(desk: DeskService) -> None:
    p = desk.check_in(desk.scan(card(desk, "GM0363")), name="A", role="burgemeester")
    desk.record_print(p.serial, False, "printer offline")
    row = [r for r in desk.presence() if r.code == "GM0363"][0]
    assert row.status == "active" and row.print_state == "failed"  # the check-in stands
    desk.reprint(p.serial, pin="4321", reason="printer was offline")
    desk.record_print(p.serial, True)
    assert [r for r in desk.presence() if r.code == "GM0363"][0].print_state == "printed"
    assert actions(desk)[-3:] == ["pass.print_failed", "pass.reprint", "pass.printed"]
    assert audit.verify(desk.store).ok


# -- issuing a stempas: check in, print, record, as one use case ---------------------------------------


class FakePrinter:
    """Records what it was asked to print; fails with a PrintFailed when told to."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.printed: list[object] = []

    def print_pass(self, data):  # type: ignore[no-untyped-def]
        from desk_app.printing.stempas import T_NO_DEFAULT, PrintFailed

        if self.fail:
            raise PrintFailed("print.no_default", T_NO_DEFAULT)
        self.printed.append(data)
        return None


def test_issue_checks_in_prints_the_pass_from_the_store_and_records_it(desk: DeskService, tmp_path, qapp) -> None:  # type: ignore[no-untyped-def]
    from desk_app.printing.stempas import PDF_TARGET, PassPrinter
    from desk_app.services.desk import IssueKind

    desk.printer = PassPrinter(PDF_TARGET, "a6", tmp_path / "passen")
    announced = []
    v = desk.scan(card(desk, "GM0363"))
    issued = desk.issue(
        v,
        name="Femke Halsema",
        role="burgemeester",
        announce=lambda i: announced.append((i, [e.action for e in audit.entries(desk.store)][-1])),
    )
    # Announced once committed, before the printer was asked: the clerk sees "issued" at once.
    ((first, last_action),) = announced
    assert first.printed is None and first.stempas.serial == issued.stempas.serial and last_action == "checkin"
    assert issued.kind is IssueKind.CHECKIN and issued.kind.new_pass and issued.previous is None
    assert (issued.member.name, issued.member.votes) == ("Amsterdam", 75)
    assert issued.printed is not None and issued.printed.ok and issued.printed.path is not None
    assert issued.printed.path.is_file() and issued.printed.path.name.startswith(f"stempas_{issued.stempas.serial:06d}")
    assert issued.stempas.print_state == "printed" and issued.stempas.status == "active"
    assert actions(desk)[-2:] == ["checkin", "pass.printed"]


def test_the_stempas_of_a_serial_comes_from_the_store(desk: DeskService) -> None:
    from desk_app.domain.clock import local_stamp
    from desk_app.services.stempas import stempas_of

    p = desk.check_in(desk.scan(card(desk, "GM0014")), name="Koen Schuiling", role="Burgemeester")
    data = stempas_of(desk.store, p.serial)
    assert (data.municipality_code, data.municipality_name) == ("GM0014", "Groningen")
    votes = desk.store.query("SELECT votes FROM members WHERE code = 'GM0014'")[0]["votes"]
    assert data.votes == votes and data.votes > 0  # the register's frozen weight, never a fallback
    assert (data.holder_name, data.holder_role, data.token, data.serial) == (
        "Koen Schuiling",
        "burgemeester",
        p.token,
        p.serial,
    )
    assert data.issued_at == local_stamp(p.issued_at) and data.desk == "balie-1"
    assert data.meeting_name == desk.meeting.name
    assert data.chain_head == audit.head(desk.store).text()  # an anchor of the record on every pass
    with pytest.raises(DeskError) as info:
        stempas_of(desk.store, 999)
    assert info.value.code == "desk.no_pass"


def test_a_failing_printer_leaves_the_pass_standing_and_it_prints_later_without_a_pin(desk: DeskService) -> None:
    from desk_app.services.desk import IssueKind

    desk.printer = FakePrinter(fail=True)
    issued = desk.issue(desk.scan(card(desk, "GM0363")), name="A", role="wethouder")
    assert issued.printed is not None and not issued.printed.ok and issued.printed.recorded
    assert "standaardprinter" in issued.printed.error
    assert issued.stempas.status == "active" and issued.stempas.print_state == "failed"
    serial = issued.stempas.serial

    desk.printer = FakePrinter()
    again = desk.print_stempas(serial)
    assert again.kind is IssueKind.PRINT and not again.kind.new_pass
    assert again.printed is not None and again.printed.ok and again.stempas.print_state == "printed"
    with pytest.raises(DeskError) as info:  # a second paper is a reprint: supervisor
        desk.print_stempas(serial)
    assert info.value.code == "desk.pass_state" and "herdruk" in info.value.message("nl")
    with pytest.raises(DeskError):
        desk.reprint_stempas(serial, pin="0000", reason="nat geworden")
    reprinted = desk.reprint_stempas(serial, pin="4321", reason="nat geworden")
    assert reprinted.kind is IssueKind.REPRINT and reprinted.printed is not None and reprinted.printed.ok
    assert actions(desk)[-4:] == ["pass.print_failed", "pass.printed", "pass.reprint", "pass.printed"]
    assert len(desk.printer.printed) == 2


def test_without_a_printer_the_check_in_stands_and_says_so(desk: DeskService) -> None:
    issued = desk.issue(desk.scan(card(desk, "GM0363")), name="A", role="wethouder")
    assert issued.printed is not None and not issued.printed.ok and "geen printer" in issued.printed.error.lower()
    assert desk.counters().present_members == 1


def test_substitute_replacement_and_override_end_in_the_same_print_step(desk: DeskService) -> None:
    from desk_app.services.desk import IssueKind

    desk.printer = printer = FakePrinter()
    first = desk.issue(desk.scan(card(desk, "GM0363")), name="A", role="burgemeester").stempas
    sub = desk.issue_substitute(first.serial, name="B", role="raadslid")
    assert (sub.kind, sub.previous, sub.stempas.holder_name) == (IssueKind.SUBSTITUTE, first.serial, "B")
    lost = desk.issue_replacement(sub.stempas.serial, pin="4321", reason="kwijt")
    assert (lost.kind, lost.previous, lost.stempas.holder_name) == (IssueKind.REPLACEMENT, sub.stempas.serial, "B")
    over = desk.issue_override(
        desk.scan(card(desk, "GM0363")), name="C", role="wethouder", pin="4321", reason="eerdere registratie onterecht"
    )
    assert (over.kind, over.previous) == (IssueKind.OVERRIDE, lost.stempas.serial)
    assert [d.serial for d in printer.printed] == [
        first.serial,
        sub.stempas.serial,
        lost.stempas.serial,
        over.stempas.serial,
    ]
    assert all(i.printed is not None and i.printed.ok for i in (sub, lost, over))
    assert desk.active_passes() == [(over.stempas.serial, "GM0363", 75)]


def test_a_pass_action_refused_by_the_domain_rule_says_why_in_the_desks_language(meeting) -> None:  # type: ignore[no-untyped-def]
    from desk_app.domain.text import Translator

    desk = DeskService(meeting.store, Actor("balie-1", "anna"), tr=Translator("en"))
    p = desk.check_in(desk.scan(card(desk, "GM0363")), name="A", role="burgemeester")
    desk.leave(p.serial)
    with pytest.raises(DeskError) as info:
        desk.leave(p.serial)
    assert info.value.code == "desk.pass_state" and "already left" in info.value.message("en")
    issued = desk.issue(desk.scan(card(desk, "GM0599")), name="B", role="wethouder")
    assert issued.printed is not None and "No printer" in issued.printed.error  # the desk's language
    v = desk.scan(p.token)
    assert "left (pass handed in)" in v.explanation("en") and "vertrokken" in v.explanation("nl")


def test_the_desk_and_the_card_repository_agree_on_which_card_admits(desk: DeskService) -> None:
    from desk_app.services.cards import CardService

    # Nothing recorded yet: the first card of every municipality admits.
    assert desk.scan(card(desk, "GM0363", 1)).kind is VerdictKind.ACCEPTED
    assert desk.scan(card(desk, "GM0363", 2)).kind is VerdictKind.UNKNOWN  # never issued
    CardService(desk.store, desk.actor).reissue("GM0363", "kaart verloren")
    assert desk.scan(card(desk, "GM0363", 1)).kind is VerdictKind.REVOKED
    assert desk.scan(card(desk, "GM0363", 2)).kind is VerdictKind.ACCEPTED
