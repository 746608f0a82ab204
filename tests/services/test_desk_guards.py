"""The desk's guards (issue 12): one person one municipality, the coördinator PIN and its lock-out,
refused scans in the desk's log, hostile text, honest words for foreign passes, and issuing
stopped while the record does not hold."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desk_app.domain.checkin import PIN_ATTEMPTS, PIN_LOCK_SECONDS, VerdictKind
from desk_app.domain.text import DeskError
from desk_app.domain.token import damm_digit, make_card_token, make_choice_token
from desk_app.services.backup import backup_now
from desk_app.services.demo import DEMO_PIN
from desk_app.services.desk import Coordinator, DeskService
from desk_app.services.integrity import check_record_at
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage import audit
from desk_app.storage import desk as repo
from desk_app.storage.sql import IntegrityErrors
from tests.helpers import committed
from tests.storage.tamper import shell

GRONINGEN, AMSTERDAM, UTRECHT = "GM0014", "GM0363", "GM0344"
BOSS = Coordinator(DEMO_PIN, "naamgenoot, paspoort gezien")


class Clock:
    """The desk's injectable clock: UTC ISO text, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2024, 5, 24, 12, 0, tzinfo=UTC)

    def __call__(self) -> str:
        return self.now.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def desk(meeting: MeetingService, clock: Clock) -> DeskService:
    return DeskService(meeting.store, Actor("balie-1", "anna"), clock)


def card(desk: DeskService, code: str, version: int = 1) -> str:
    return make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, version)


def entries(desk: DeskService) -> int:
    return len(audit.entries(desk.store))


def refused(desk: DeskService) -> list[dict[str, object]]:
    return repo.log_rows(desk.store, "scan.refused")


# -- 2. one person, one municipality ----------------------------------------------------------------


def test_one_person_is_not_admitted_for_two_municipalities(desk: DeskService) -> None:
    """Issue 12.2's repro: Groningen's designee Daan Kok on Amsterdam's card, then for Groningen too."""
    assert desk.scan(card(desk, GRONINGEN)).rep_name == "Daan Kok"  # the demo's designee
    before = entries(desk)
    for typed in ("Daan Kok", "D. Kok", "daan  kök"):
        with pytest.raises(DeskError) as info:
            desk.check_in(desk.scan(card(desk, AMSTERDAM)), name=typed, role="wethouder")
        assert info.value.code == "desk.same_person"
        message = info.value.message("nl")
        assert "aangewezen vertegenwoordiger van Groningen" in message and "coördinator" in message
    assert entries(desk) == before and desk.active_passes() == []  # nothing issued

    own = desk.check_in(desk.scan(card(desk, GRONINGEN)), name="Daan Kok", role="wethouder")  # his own card
    with pytest.raises(DeskError) as info:
        desk.check_in(desk.scan(card(desk, AMSTERDAM)), name="daan  kök", role="wethouder")
    assert info.value.code == "desk.same_person"
    assert f"stempas {own.serial} voor Groningen" in info.value.message("nl")
    assert f"voting pass {own.serial} for Groningen" in info.value.message("en")
    assert [p[1] for p in desk.active_passes()] == [GRONINGEN]  # one person, 75 votes: not 150
    assert repo.log_counts(desk.store, "scan.refused")["checkin.same_person"] == 4


def test_another_person_with_another_name_is_admitted(desk: DeskService) -> None:
    desk.check_in(desk.scan(card(desk, GRONINGEN)), name="Daan Kok", role="wethouder")
    for name in ("Dirk Kok", "Daan Koks", "Femke Halsema"):  # another given name or surname: other people
        assert desk.person_clashes(AMSTERDAM, name) == []
    p = desk.check_in(desk.scan(card(desk, AMSTERDAM)), name="Dirk Kok", role="wethouder")
    assert p.code == AMSTERDAM


def test_the_coordinator_may_admit_a_namesake_and_it_is_listed(desk: DeskService) -> None:
    own = desk.check_in(desk.scan(card(desk, GRONINGEN)), name="Daan Kok", role="wethouder")
    verdict = desk.scan(card(desk, AMSTERDAM))
    with pytest.raises(DeskError) as info:
        desk.check_in(verdict, name="D. Kok", role="wethouder", coordinator=Coordinator("0000", "naamgenoot"))
    assert info.value.code == "supervisor.bad_pin"
    p = desk.check_in(verdict, name="D. Kok", role="wethouder", coordinator=BOSS)
    entry = audit.entries(desk.store)[-1]
    assert entry.action == "checkin" and committed(desk.store, entry) == BOSS.reason
    assert entry.details["same_person"] == [{"code": GRONINGEN, "serial": own.serial}]
    assert entry in desk.supervisor_actions()  # so the proces-verbaal lists it
    assert {c for _, c, _ in desk.active_passes()} == {GRONINGEN, AMSTERDAM} and p.code == AMSTERDAM
    assert audit.verify(desk.store).ok  # the replay knows the entry: the record holds


def test_a_substitute_who_holds_another_pass_is_refused(desk: DeskService) -> None:
    desk.check_in(desk.scan(card(desk, GRONINGEN)), name="Daan Kok", role="wethouder")
    ams = desk.check_in(desk.scan(card(desk, AMSTERDAM)), name="Femke Halsema", role="burgemeester")
    with pytest.raises(DeskError) as info:
        desk.substitute(ams.serial, name="D Kok", role="wethouder")
    assert info.value.code == "desk.same_person"
    assert desk.active_passes()[-1][0] == ams.serial  # the old pass still stands
    new = desk.substitute(ams.serial, name="Femke Halsema", role="burgemeester")  # the same holder again
    assert new.code == AMSTERDAM


def test_a_namesake_designated_here_too_is_admitted_here(desk: DeskService) -> None:
    """Two municipalities designate an 'Ursula Kok': each may check in her own."""
    from desk_app.services.meeting import MeetingService

    meeting = MeetingService(desk.store, desk.actor)
    for code in ("GM0074", "GM1731"):
        meeting.set_designation(code, name="Ursula Kok", role="burgemeester", email=None)
    designees = repo.designees(desk.store)
    assert designees["GM0074"] == designees["GM1731"] == "Ursula Kok"
    desk.check_in(desk.scan(card(desk, "GM0074")), name="Ursula Kok", role="burgemeester")
    with pytest.raises(DeskError) as info:  # ... but she holds a pass now: not a second one
        desk.check_in(desk.scan(card(desk, "GM1731")), name="Ursula Kok", role="burgemeester")
    assert info.value.code == "desk.same_person"


def test_a_bare_surname_is_not_every_designee_who_carries_it(desk: DeskService) -> None:
    """'Vries' typed alone matched all 16 of the demo's designated '… de Vries' (an unreadable refusal)."""
    assert sum(name.endswith(" de Vries") for name in repo.designees(desk.store).values()) > 3
    for typed in ("Vries", "de Vries", "De Vries"):
        assert desk.person_clashes(AMSTERDAM, typed) == []
    p = desk.check_in(desk.scan(card(desk, AMSTERDAM)), name="Vries", role="wethouder")
    assert p.code == AMSTERDAM


def test_initials_match_the_designee_they_abbreviate(desk: DeskService) -> None:
    designees = repo.designees(desk.store)
    assert designees["GM0093"] == "Sjoerd de Vries" and designees["GM0317"] == "Sanne de Vries"
    assert [c.code for c in desk.person_clashes(AMSTERDAM, "Sjoerd de Vries")] == ["GM0093"]
    assert {c.code for c in desk.person_clashes(AMSTERDAM, "S. de Vries")} == {"GM0093", "GM0317"}
    assert desk.person_clashes(AMSTERDAM, "S. Vries") == []  # the tussenvoegsel is part of the surname
    with pytest.raises(DeskError) as info:
        desk.check_in(desk.scan(card(desk, AMSTERDAM)), name="s. de  vriës", role="wethouder")
    assert info.value.code == "desk.same_person"
    assert "aangewezen vertegenwoordiger van Terschelling (Sjoerd de Vries)" in info.value.message("nl")


def test_the_refusal_names_the_closest_three_and_counts_the_rest(desk: DeskService) -> None:
    from desk_app.services.meeting import MeetingService

    meeting = MeetingService(desk.store, desk.actor)
    for code, name in (
        ("GM0074", "J. de Vries"),
        ("GM1731", "Jan de Vries"),
        ("GM0518", "Jan Pieter de Vries"),
        ("GM0599", "J.P. de Vries"),
    ):
        meeting.set_designation(code, name=name, role="burgemeester", email=None)
    held = desk.check_in(desk.scan(card(desk, UTRECHT)), name="jan de vries", role="wethouder", coordinator=BOSS)
    clashes = desk.person_clashes(AMSTERDAM, "Jan de Vries")
    # The same name first (a live pass before a designation), then a written-out given name, then initials.
    assert [c.code for c in clashes][:3] == [UTRECHT, "GM1731", "GM0518"]
    assert {c.code for c in clashes[3:]} == {"GM0074", "GM0599"}
    with pytest.raises(DeskError) as info:
        desk.check_in(desk.scan(card(desk, AMSTERDAM)), name="Jan de Vries", role="wethouder")
    nl, en = info.value.message("nl"), info.value.message("en")
    assert f"Jan de Vries heeft al stempas {held.serial} voor Utrecht" in nl
    assert (
        "; Jan de Vries is de aangewezen vertegenwoordiger van Midden-Drenthe (Jan de Vries) en 's-Gravenhage "
        "(Jan Pieter de Vries); en nog 2 andere gemeenten." in nl
    )  # the designations in one sentence, not the name and the words again for each
    assert "of Midden-Drenthe (Jan de Vries) and 's-Gravenhage (Jan Pieter de Vries); and 2 other municipalities." in en
    assert "(J. de Vries)" not in nl and "(J.P. de Vries)" not in nl
    desk.check_in(desk.scan(card(desk, "GM0599")), name="J.P. de Vries", role="burgemeester", coordinator=BOSS)
    # "J." is also the demo's Jeroen de Vries: six in all, the same name as typed first.
    assert [c.holder for c in desk.person_clashes(AMSTERDAM, "J. de Vries")][0] == "J. de Vries"
    assert len(desk.person_clashes(AMSTERDAM, "J. de Vries")) == 6
    for code in ("GM0518", "GM1731"):
        meeting.set_designation(code, name="Anna Bos", role="burgemeester", email=None)
    with pytest.raises(DeskError) as info:  # one more than three: "1 andere gemeente"
        desk.check_in(desk.scan(card(desk, AMSTERDAM)), name="J. de Vries", role="wethouder")
    assert "; en nog 1 andere gemeente." in info.value.message("nl")
    assert "; and 1 other municipality." in info.value.message("en")


def test_an_override_names_the_clash_and_records_it(desk: DeskService) -> None:
    desk.check_in(desk.scan(card(desk, GRONINGEN)), name="Daan Kok", role="wethouder")
    desk.check_in(desk.scan(card(desk, AMSTERDAM)), name="Femke Halsema", role="burgemeester")
    already = desk.scan(card(desk, AMSTERDAM))
    assert [c.code for c in desk.person_clashes(AMSTERDAM, "Daan Kok", replacing=already.existing.serial)] == [
        GRONINGEN
    ]
    desk.override_already(already, name="Daan Kok", role="wethouder", pin=DEMO_PIN, reason="onterecht")
    assert audit.entries(desk.store)[-1].details["same_person"][0]["code"] == GRONINGEN


# -- 3. the coördinator PIN ---------------------------------------------------------------------------


def test_changing_the_pin_needs_the_current_one(desk: DeskService) -> None:
    before = entries(desk)
    for current in (None, "", "9999"):
        with pytest.raises(DeskError) as info:
            desk.set_supervisor_pin("9876543", current=current)
        assert info.value.code in {"supervisor.pin_current", "supervisor.bad_pin"}
    assert entries(desk) == before
    with pytest.raises(DeskError):
        desk.undo(1, pin="9876543", reason="x")  # the attacker's PIN was never set
    desk.change_coordinator_pin("9876543", current=DEMO_PIN)  # 7 digits
    assert audit.entries(desk.store)[-1].action == "supervisor.pin"
    assert audit.entries(desk.store)[-1] in desk.supervisor_actions()
    p = desk.check_in(desk.scan(card(desk, UTRECHT)), name="A. Jansen", role="raadslid")
    desk.undo(p.serial, pin="9876543", reason="verkeerde gemeente")


@pytest.mark.parametrize("pin", ["123", "12345678901234", "12a4", "１２３４５６"])
def test_a_pin_outside_four_to_twelve_ascii_digits_is_refused(desk: DeskService, pin: str) -> None:
    with pytest.raises(DeskError) as info:
        desk.set_supervisor_pin(pin, current=DEMO_PIN)
    assert info.value.code == "supervisor.pin_short" and "4 tot 12 cijfers" in info.value.message("nl")


def test_five_wrong_pins_lock_the_coordinator_for_a_minute_across_restarts(
    desk: DeskService, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    p = desk.check_in(desk.scan(card(desk, UTRECHT)), name="A. Jansen", role="raadslid")
    for n in range(1, PIN_ATTEMPTS):
        with pytest.raises(DeskError) as info:
            desk.undo(p.serial, pin="0000", reason="test")
        assert info.value.code == "supervisor.bad_pin" and str(PIN_ATTEMPTS - n) in info.value.message("nl")
        clock.advance(1)
    with pytest.raises(DeskError) as info:
        desk.undo(p.serial, pin="0000", reason="test")
    assert info.value.code == "supervisor.locked"
    # Locked: even the right PIN does nothing, here and after a restart (a new service on the file).
    restarted = DeskService(desk.store, Actor("balie-2", "bob"), clock)
    clock.advance(30)
    for service in (desk, restarted):
        with pytest.raises(DeskError) as info:
            service.undo(p.serial, pin=DEMO_PIN, reason="test")
        assert info.value.code == "supervisor.locked" and "30 seconden" in info.value.message("nl")
        with pytest.raises(DeskError):
            service.set_supervisor_pin("55555555", current=DEMO_PIN)
    assert restarted.coordinator_lock() == 30
    clock.advance(PIN_LOCK_SECONDS - 30)
    restarted.undo(p.serial, pin=DEMO_PIN, reason="test")  # a minute later: open again
    kinds = [r["kind"] for r in repo.log_rows(desk.store, "pin.wrong") + repo.log_rows(desk.store, "pin.locked")]
    assert kinds.count("pin.wrong") == PIN_ATTEMPTS and kinds.count("pin.locked") == 1
    assert "coordinator actions locked" in caplog.text and "wrong coordinator PIN" in caplog.text
    assert all(e.action != "pin.wrong" for e in audit.entries(desk.store))  # a log, not the chain


def test_a_correct_pin_starts_the_count_again(desk: DeskService) -> None:
    p = desk.check_in(desk.scan(card(desk, UTRECHT)), name="A. Jansen", role="raadslid")
    for _ in range(PIN_ATTEMPTS - 1):
        with pytest.raises(DeskError):
            desk.reprint(p.serial, pin="0000", reason="test")
    desk.reprint(p.serial, pin=DEMO_PIN, reason="printer liep vast")
    for _ in range(PIN_ATTEMPTS - 1):
        with pytest.raises(DeskError) as info:
            desk.reprint(p.serial, pin="0000", reason="test")
        assert info.value.code == "supervisor.bad_pin"


def test_a_clock_set_back_does_not_stretch_a_lock_out(desk: DeskService, clock: Clock) -> None:
    p = desk.check_in(desk.scan(card(desk, UTRECHT)), name="A. Jansen", role="raadslid")
    for _ in range(PIN_ATTEMPTS):
        with pytest.raises(DeskError):
            desk.undo(p.serial, pin="0000", reason="test")
    clock.advance(-2 * 3600)
    desk.undo(p.serial, pin=DEMO_PIN, reason="test")


# -- 11. refused scans ---------------------------------------------------------------------------------


def test_refused_scans_are_logged_with_a_hash_outside_the_chain(desk: DeskService, clock: Clock) -> None:
    m = desk.meeting
    body = "2" + "7777" + "000123" + "5555555555"
    scans = {
        "token.format": "hallo",
        "token.check": "1" + card(desk, UTRECHT)[1:-1] + str((int(card(desk, UTRECHT)[-1]) + 1) % 10),
        "token.pass_other_meeting": body + damm_digit(body),
        "token.not_a_card": make_choice_token(m.meeting_no, m.secret, 1),
        "token.forged": make_card_token(m.meeting_no, b"x" * 32, UTRECHT, 1),
        "token.other_meeting": make_card_token(1000 if m.meeting_no != 1000 else 1001, m.secret, UTRECHT, 1),
    }
    head = audit.head(desk.store)
    for text in scans.values():
        assert not desk.scan(text).accepted
    desk.check_in(desk.scan(card(desk, UTRECHT)), name="A. Jansen", role="raadslid")
    assert desk.scan(card(desk, UTRECHT)).kind is VerdictKind.ALREADY
    rows = refused(desk)
    assert [r["reason"] for r in rows] == [*scans, "card.already"]
    assert {r["desk"] for r in rows} == {"balie-1"} and rows[0]["ts"] == clock()
    assert rows[0]["digest"] == hashlib.sha256(b"hallo").hexdigest()
    assert audit.head(desk.store).seq == head.seq + 1  # only the check-in reached the chain
    assert desk.refused_scans()["token.format"] == 1
    # The text itself is nowhere in the file; the log cannot be edited or emptied.
    if desk.store.engine == "sqlite":
        desk.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[attr-defined]
        assert scans["token.forged"].encode() not in desk.store.path.read_bytes()
    for sql in ("UPDATE desk_log SET reason = 'x'", "DELETE FROM desk_log"):
        with pytest.raises(IntegrityErrors, match="desk log"), desk.store.transaction() as db:
            db.execute(sql)


def test_a_scan_only_peeked_at_is_not_logged(desk: DeskService) -> None:
    desk.scan("hallo", record=False)
    assert refused(desk) == []


# -- 13. messages -------------------------------------------------------------------------------------------


def test_a_random_pass_number_is_not_called_a_card_of_another_meeting(desk: DeskService) -> None:
    body = "2" + "7777" + "000123" + "5555555555"
    v = desk.scan(body + damm_digit(body))
    assert v.kind is VerdictKind.UNKNOWN and v.reason_code == "token.pass_other_meeting"
    assert v.headline("nl") == "ONBEKENDE STEMPAS" and "kaart" not in v.explanation("nl").lower()
    assert "geen echte stempas van deze vergadering" in v.explanation("nl")
    assert "not a genuine voting pass" in v.explanation("en")
    sheet = desk.scan(make_choice_token(desk.meeting.meeting_no + 1, desk.meeting.secret, 1))
    assert sheet.kind is VerdictKind.UNKNOWN and "stemformulier" in sheet.explanation("nl")


def test_a_void_pass_refusal_reads_as_words(desk: DeskService) -> None:
    p = desk.check_in(desk.scan(card(desk, UTRECHT)), name="A. Jansen", role="raadslid")
    desk.undo(p.serial, pin=DEMO_PIN, reason="test")
    with pytest.raises(DeskError) as info:
        desk.leave(p.serial)
    assert "Text(" not in info.value.message("nl") and "ongeldig" in info.value.message("nl")


# -- 8. hostile text --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("A" * 101, "text.too_long"),
        ("Daan \u202eKok", "text.bidi"),
        ("Daan\u2066 Kok", "text.bidi"),
        ("Daan\u200f Kok", "text.bidi"),
        ("Daan\nKok", "text.control"),
    ],
)
def test_a_hostile_name_is_refused_and_changes_nothing(desk: DeskService, name: str, code: str) -> None:
    before = entries(desk)
    for attempt in (
        lambda: desk.check_in(desk.scan(card(desk, UTRECHT)), name=name, role="raadslid"),
        lambda: desk.issue(desk.scan(card(desk, UTRECHT)), name=name, role="raadslid"),
    ):
        with pytest.raises(DeskError) as info:
            attempt()
        assert info.value.code == code and "niets vastgelegd" in info.value.message("nl")
    assert entries(desk) == before and desk.active_passes() == []
    assert desk.check_in(desk.scan(card(desk, UTRECHT)), name="A" * 100, role="raadslid").code == UTRECHT


@pytest.mark.parametrize(("reason", "code"), [("x" * 501, "text.too_long"), ("per\u202eongeluk", "text.bidi")])
def test_a_hostile_reason_is_refused(desk: DeskService, reason: str, code: str) -> None:
    p = desk.check_in(desk.scan(card(desk, UTRECHT)), name="A. Jansen", role="raadslid")
    attempts: list[Callable[[], object]] = [
        lambda: desk.undo(p.serial, pin=DEMO_PIN, reason=reason),
        lambda: desk.manual_verdict(AMSTERDAM, reason),
    ]
    for attempt in attempts:
        with pytest.raises(DeskError) as info:
            attempt()
        assert info.value.code == code
    assert desk.active_passes()[0][0] == p.serial
    desk.undo(p.serial, pin=DEMO_PIN, reason="x" * 500)


# -- 1. the desk stops issuing on a broken record --------------------------------------------------------


def test_a_broken_record_stops_issuing(desk: DeskService, meeting_target: Path | str) -> None:
    p = desk.check_in(desk.scan(card(desk, UTRECHT)), name="A. Jansen", role="raadslid")
    assert desk.check_record().ok and desk.stopped is None
    shell(meeting_target, "UPDATE passes SET status = 'undone' WHERE serial = ?", params=(p.serial,))
    check = desk.check_record()
    assert not check.ok and "passes" in check.detail and desk.stopped == check
    message = desk.stopped_message()
    assert message.startswith("Registratie gestopt: het vergaderbestand klopt niet meer (")
    assert message.endswith("Roep de coördinator.")
    verdict = desk.scan(card(desk, AMSTERDAM))
    assert verdict.accepted  # reading still works: the clerk sees what the card is
    for attempt in (
        lambda: desk.issue(verdict, name="Femke Halsema", role="burgemeester"),
        lambda: desk.check_in(verdict, name="Femke Halsema", role="burgemeester"),
        lambda: desk.reprint(p.serial, pin=DEMO_PIN, reason="test"),
        lambda: desk.print_stempas(p.serial),
    ):
        with pytest.raises(DeskError) as info:
            attempt()
        assert info.value.code == "desk.stopped" and "Roep de coördinator" in info.value.message("nl")
    assert [c for _, c, _ in desk.active_passes()] == []


@pytest.mark.sqlite_only("a backup through SQLite's backup API is the anchor")
def test_a_cut_tail_is_found_against_the_newest_backup(desk: DeskService, tmp_path: Path) -> None:
    p = desk.check_in(desk.scan(card(desk, UTRECHT)), name="A. Jansen", role="raadslid")
    desk.record_print(p.serial, True)  # an entry that no counted table shows
    folder = tmp_path / "usb"
    backup_now(desk.store.path, folder)
    last = audit.head(desk.store).seq
    shell(desk.store.path, "DELETE FROM audit WHERE seq = ?", params=(last,))
    assert desk.check_record().ok  # the file alone cannot tell
    check = desk.check_record(folder)
    assert not check.ok and "afgeknipt" in check.detail and check.anchor.endswith(".sqlite")
    with pytest.raises(DeskError, match="Registratie gestopt"):
        desk.issue(desk.scan(card(desk, AMSTERDAM)), name="Femke Halsema", role="burgemeester")


def test_the_check_on_its_own_connection_says_the_same(desk: DeskService, meeting_target: Path | str) -> None:
    p = desk.check_in(desk.scan(card(desk, UTRECHT)), name="A. Jansen", role="raadslid")
    assert check_record_at(meeting_target).ok
    shell(meeting_target, "UPDATE passes SET holder_role = 'griffier' WHERE serial = ?", params=(p.serial,))
    elsewhere = check_record_at(meeting_target, lang="en")
    assert not elsewhere.ok and "holder_role" in elsewhere.detail and "audit log says" in elsewhere.detail
    desk.record_checked(elsewhere)
    assert desk.stopped_message().startswith("Registratie gestopt")
    with pytest.raises(DeskError, match="Registratie gestopt"):
        desk.substitute(p.serial, name="B. Bakker", role="raadslid")
