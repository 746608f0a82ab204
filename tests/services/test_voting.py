"""Voting use cases on a real meeting file: one transaction and one audit entry per change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_app.domain.agenda import Step
from desk_app.domain.changes import Change
from desk_app.domain.register import ImportRefused
from desk_app.domain.tally import Choice, Count, Option, Outcome, sheet_number
from desk_app.domain.text import DeskError
from desk_app.domain.token import make_card_token, make_choice_token
from desk_app.domain.vote import Method, Status
from desk_app.services.changes import ChangeWatcher
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import ChoiceScan, PassCheck, ScanProblem, VotingService
from desk_app.storage import audit
from desk_app.storage.db import Store
from tests.helpers import REPO

DEMO_AGENDA = REPO / "resources" / "demo" / "agenda-extra-alv-2024-05-24.toml"
V, T, A = Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING

# Real 2024 weights: Amsterdam 75, Enschede 75, Schiermonnikoog 1, Zaanstad 75.
AMS, ENS, SCH, ZAA = "GM0363", "GM0153", "GM0088", "GM0479"


@pytest.fixture
def desk(meeting: MeetingService) -> DeskService:
    meeting.open_meeting()
    return DeskService(meeting.store, Actor("balie-1", "anna"))


@pytest.fixture
def voting(desk: DeskService) -> VotingService:
    service = VotingService(
        desk.store,
        Actor("voorzitterstafel", "teller-1"),
        lambda: [(serial, code) for serial, code, _ in desk.active_passes()],
    )
    service.load_agenda_file(DEMO_AGENDA)
    return service


def check_in(desk: DeskService, code: str) -> int:
    token = make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1)
    return desk.check_in(desk.scan(token), name=f"Vertegenwoordiger {code}", role="burgemeester").serial


def actions(store: Store, since: int = 0) -> list[str]:
    return [e.action for e in audit.entries(store, since)]


def last_seq(store: Store) -> int:
    entries = audit.entries(store)
    return entries[-1].seq if entries else 0


def refused(error: str, fn: object, /, *args: object, **kw: object) -> DeskError:
    with pytest.raises(DeskError) as err:
        fn(*args, **kw)  # type: ignore[operator]
    assert err.value.code == error, err.value.message("en")
    return err.value


def test_a_whole_vote_one_audit_entry_per_change(desk: DeskService, voting: VotingService) -> None:
    ams, ens = check_in(desk, AMS), check_in(desk, ENS)
    check_in(desk, SCH)  # votes by roll call below
    start = last_seq(voting.store)
    vote = voting.open("4", confirm_order=True)
    voting.record(V, pass_serial=ams, source="scan")
    voting.record("tegen", pass_serial=ens, source="scan")
    voting.record(V, code=ENS, source="grid")  # Enschede changes its mind before the close
    voting.record(A, code=SCH, source="grid")
    closed = voting.close()
    declared = voting.declare_computed()
    assert actions(voting.store, start) == [
        "vote.open",
        "vote.record",
        "vote.record",
        "vote.record",
        "vote.record",
        "vote.close",
        "vote.declare",
    ]
    result = declared.tally()
    assert result is not None
    assert result.count(V) == Count(2, 150) and result.count(T) == Count()
    assert result.count(A) == Count(1, 1) and result.outcome is Outcome.ADOPTED
    assert closed.status is Status.CLOSED and declared.status is Status.DECLARED
    assert declared.declaration is not None and declared.declaration.statement == (
        "aangenomen met 100,00% (basis: uitgebrachte stemmen, onthoudingen niet meegeteld)"
    )
    assert [(r.code, r.choice) for r in declared.history(ENS)] == [(ENS, T), (ENS, V)]
    record_entries = [e for e in audit.entries(voting.store, start) if e.action == "vote.record"]
    assert record_entries[2].details["replaces"] == "tegen"
    assert voting.number(vote.id) == 1 and voting.current() == declared
    assert audit.verify(voting.store).ok


def test_absent_and_checked_out_municipalities_are_refused(desk: DeskService, voting: VotingService) -> None:
    ams, ens = check_in(desk, AMS), check_in(desk, ENS)
    voting.open("4.M1")
    start = last_seq(voting.store)
    refused("vote.not_in_snapshot", voting.record, V, code=ZAA)  # never checked in
    late = check_in(desk, ZAA)  # arrives after the opening
    refused("vote.not_in_snapshot", voting.record, V, pass_serial=late)
    desk.leave(ens)  # Enschede hands in / steps out after the opening
    refused("vote.pass_inactive", voting.record, V, pass_serial=ens)
    refused("vote.absent", voting.record, V, code=ENS)
    assert actions(voting.store, start) == ["checkin", "pass.leave"]  # refusals change nothing
    voting.record(V, pass_serial=ams)
    desk.come_back(ens)
    voting.record(T, pass_serial=ens)
    result = voting.tally()
    assert result is not None and result.voted == Count(2, 150)


def test_nothing_changes_after_the_close(desk: DeskService, voting: VotingService) -> None:
    ams = check_in(desk, AMS)
    voting.open("4", confirm_order=True)
    voting.record(V, pass_serial=ams)
    voting.close()
    before = voting.tally()
    refused("vote.closed", voting.record, T, pass_serial=ams)
    refused("vote.none_open", voting.close)
    assert voting.tally() == before


def test_herstemming_supersedes_and_links_the_original(desk: DeskService, voting: VotingService) -> None:
    ams, ens = check_in(desk, AMS), check_in(desk, ENS)
    first = voting.open("4.M3")
    voting.record(V, pass_serial=ams)
    voting.record(T, pass_serial=ens)
    voting.close()
    voting.declare(adopted=False, statement="verworpen (staken)")
    zaa = check_in(desk, ZAA)
    second = voting.rerun()
    assert second.supersedes == first.id and ZAA in second.eligible
    voting.record(V, pass_serial=zaa)
    old = voting.vote(first.id)
    assert old.superseded_by == second.id and len(old.records) == 2  # kept, not deleted
    assert old.declaration is not None and not old.declaration.adopted
    assert [(r.number, r.supersedes, r.superseded_by) for r in voting.votes()] == [
        (1, None, second.id),
        (2, first.id, None),
    ]
    refused("vote.superseded", voting.rerun, first.id)


def test_one_vote_at_a_time_and_the_meeting_must_be_open(meeting: MeetingService) -> None:
    desk = DeskService(meeting.store, Actor("balie-1", "anna"))
    voting = VotingService(meeting.store, Actor("tafel", "t"), lambda: [(s, c) for s, c, _ in desk.active_passes()])
    voting.load_agenda_file(DEMO_AGENDA)
    refused("vote.meeting_not_open", voting.open, "4")
    meeting.open_meeting()
    refused("vote.nobody_present", voting.open, "4")
    check_in(desk, AMS)
    voting.open("4", confirm_order=True)
    refused("vote.another_open", voting.open, "4.M1")
    refused("vote.not_votable", voting.open, "1")
    refused("agenda.unknown_item", voting.open, "99")


def test_acclamation_needs_no_member_votes(desk: DeskService, voting: VotingService) -> None:
    check_in(desk, AMS)
    vote = voting.acclaim("2", "aangenomen per acclamatie")
    assert vote.method is Method.ACCLAMATION and vote.status is Status.DECLARED
    stored = voting.vote(vote.id)
    assert stored.tally() is None and stored.declaration is not None
    assert stored.declaration.statement == "aangenomen per acclamatie"
    refused("vote.acclamation", voting.record, V, code=AMS, vote_id=vote.id)


def test_the_same_event_twice_counts_once(desk: DeskService, voting: VotingService) -> None:
    ams = check_in(desk, AMS)
    voting.open("4", confirm_order=True)
    start = last_seq(voting.store)
    voting.record(V, pass_serial=ams, event_id="scan-7")
    voting.record(V, pass_serial=ams, event_id="scan-7")
    assert actions(voting.store, start) == ["vote.record"]
    current = voting.current()
    assert current is not None and len(current.records) == 1


def test_the_agenda_is_fixed_once_voted_but_the_order_can_change(desk: DeskService, voting: VotingService) -> None:
    assert [str(s) for s in voting.voting_order()] == ["2", "4.A1", "4", "4.M1", "4.M2", "4.M3"]
    changed = voting.set_voting_order([Step("2"), Step("4.A1"), Step("4"), Step("4.M3"), Step("4.M1"), Step("4.M2")])
    assert [str(s) for s in changed][3] == "4.M3"
    with pytest.raises(DeskError):
        voting.set_voting_order([Step("2")])
    check_in(desk, AMS)
    voting.open("4", confirm_order=True)
    refused("agenda.has_votes", voting.load_agenda_file, DEMO_AGENDA)
    assert voting.set_voting_order(None)[3] == Step("4.M1")


def test_a_bad_agenda_file_changes_nothing(voting: VotingService, tmp_path: Path) -> None:
    bad = tmp_path / "agenda.toml"
    bad.write_text(
        'format = "stembalie-agenda"\nversion = 1\n[[item]]\nkey = "1"\n'
        'type = "motion"\ntitle = "x"\nindieners = ["GM9999"]\n',
        encoding="utf-8",
    )
    before = last_seq(voting.store)
    with pytest.raises(ImportRefused) as err:
        voting.load_agenda_file(bad)
    assert "GM9999 staat niet in het ledenregister" in err.value.message("nl")
    assert last_seq(voting.store) == before
    agenda = voting.agenda()
    assert agenda is not None and agenda.item("4.M2").indieners[0] == "GM1931"


SPLIT_AND_SECRET = """format = "stembalie-agenda"
version = 1

[[item]]
key = "7"
type = "motion"
title = "Gesplitste motie"
indieners = ["GM0363"]
[[item.part]]
key = "a"
title = "Deel a"
[[item.part]]
key = "b"
title = "Deel b"

[[item]]
key = "8"
type = "proposal"
title = "Benoeming bestuurslid"
kind = "persons"
secret = true
options = ["Kandidaat A", "Kandidaat B", "Kandidaat C"]
"""


def test_split_motion_and_secret_ballot_with_three_options(
    desk: DeskService, voting: VotingService, tmp_path: Path
) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text(SPLIT_AND_SECRET, encoding="utf-8")
    voting.load_agenda_file(path)
    ams, ens, sch = check_in(desk, AMS), check_in(desk, ENS), check_in(desk, SCH)
    refused("vote.part_required", voting.open, "7")
    refused("vote.part_unknown", voting.open, "7:c")
    part_a = voting.open("7:a")
    assert part_a.part == "a"
    voting.close()
    start = last_seq(voting.store)
    ballot = voting.open("8")
    assert ballot.secret and ballot.options == (Option(1), Option(2), Option(3), A)
    voting.record(Option(2), pass_serial=ams)
    voting.record(Option(2), pass_serial=ens)
    voting.record(Option(1), pass_serial=sch)
    refused("vote.secret_final", voting.record, Option(1), pass_serial=ams)
    refused("vote.choice_invalid", voting.record, V, pass_serial=sch)
    closed = voting.close()
    result = closed.tally()
    assert result is not None and result.winner == Option(2) and result.by_member == {}
    # Neither the store nor the audit trail can tell who chose what.
    rows = voting.store.query("SELECT choice FROM vote_records WHERE vote_id = ?", (ballot.id,))
    assert [r["choice"] for r in rows] == [None, None, None]
    for entry in audit.entries(voting.store, start):
        assert "choice" not in entry.details and "replaces" not in entry.details
    close_entry = [e for e in audit.entries(voting.store, start) if e.action == "vote.close"][0]
    assert close_entry.details["counts"]["optie-2"] == [2, 150]
    declared = voting.declare_computed()
    assert declared.declaration is not None and declared.declaration.winner == Option(2)


def test_another_process_sees_a_recorded_choice(desk: DeskService, voting: VotingService) -> None:
    ams = check_in(desk, AMS)
    voting.open("4", confirm_order=True)
    with voting.store.reopen() as other:  # e.g. the chair's screen as its own process
        reader = VotingService(other, Actor("scherm", "scherm"), lambda: [])
        version = other.change_marker()
        voting.record(V, pass_serial=ams)
        assert other.change_marker() != version  # a cheap poll notices the commit
        result = reader.tally()
        assert result is not None and result.count(V) == Count(1, 75)


def test_declared_result_is_kept_apart_from_the_computed_one(desk: DeskService, voting: VotingService) -> None:
    ams, sch = check_in(desk, AMS), check_in(desk, SCH)
    vote = voting.open("4", confirm_order=True)
    voting.record(V, pass_serial=ams)
    voting.record(T, pass_serial=sch)
    refused("vote.not_closed", voting.declare, adopted=True)
    voting.close()
    declared = voting.declare(adopted=False, statement="verworpen")
    assert declared.declaration_differs() is True
    rows = voting.store.query("SELECT computed FROM vote_declarations WHERE vote_id = ?", (vote.id,))
    computed = json.loads(str(rows[0]["computed"]))
    assert computed["outcome"] == "adopted" and computed["counts"]["voor"] == [1, 75]
    entry = audit.entries(voting.store)[-1]
    assert entry.action == "vote.declare" and entry.details["differs_from_computed"] is True
    refused("vote.already_declared", voting.declare, adopted=True)


def test_results_from_an_external_system_all_or_nothing(desk: DeskService, voting: VotingService) -> None:
    ams, ens = check_in(desk, AMS), check_in(desk, ENS)
    check_in(desk, SCH)
    voting.open("4.M1")
    start = last_seq(voting.store)
    bad = f"stempas,gemeente,keuze\n{ams},,voor\n,{ZAA},voor\n{ens},{SCH},tegen\n".encode()
    with pytest.raises(ImportRefused) as err:
        voting.import_results(bad, "extern.csv")
    messages = [p.message("nl") for p in err.value.problems]
    assert [m[:8] for m in messages] == ["regel 3:", "regel 4:"]
    assert "GM0479 mag niet meestemmen" in messages[0]
    assert f"Stempas {ens} hoort bij deze stemming niet bij {SCH}" in messages[1]
    assert last_seq(voting.store) == start  # nothing recorded, nothing logged
    good = f"stempas,gemeente,keuze\n{ams},,voor\n,{SCH},onthouding\n{ens},{ENS},tegen\n"
    vote = voting.import_results(good.encode(), "extern.csv")
    assert actions(voting.store, start) == ["vote.import"]
    result = vote.tally()
    assert result is not None and result.voted == Count(3, 151)
    assert {r.source for r in vote.records} == {"import:extern.csv"}
    voting.close()
    refused("vote.closed", voting.import_results, good.encode(), "extern.csv")


# -- the tellers' scans ----------------------------------------------------------------------------


def pass_token(desk: DeskService, serial: int) -> str:
    p = desk.pass_verdict(serial).existing
    assert p is not None
    return p.token


def test_a_representative_who_took_over_votes_with_the_pass_they_hold(desk: DeskService, voting: VotingService) -> None:
    ams, ens = check_in(desk, AMS), check_in(desk, ENS)
    voting.open("4", confirm_order=True)
    voting.record(V, pass_serial=ams)
    # While the vote is open: Amsterdam's pass is lost and reissued, Enschede's goes to a substitute.
    new_ams = desk.replace_lost(ams, pin="1234", reason="pas verloren").serial
    new_ens = desk.substitute(ens, name="Plaatsvervanger", role="wethouder").serial

    check = voting.read_pass(pass_token(desk, new_ams))
    assert check.may_vote and (check.code, check.municipality, check.votes) == (AMS, "Amsterdam", 75)
    assert check.earlier is V and check.voted  # the municipality voted already with the old pass
    old = voting.read_pass(pass_token(desk, ams))
    assert old.problem is ScanProblem.NOT_VALID and old.refusal is not None
    assert "vervangen — ongeldig" in old.refusal.message("nl")
    refused("vote.pass_inactive", voting.record, T, pass_serial=ams)

    voting.record(T, pass_serial=new_ams, source="teller:key")
    vote = voting.record(A, pass_serial=new_ens, source="teller:key")
    assert vote.choices() == {AMS: T, ENS: A}
    assert [r.pass_id for r in vote.history(AMS)] == [ams, new_ams]  # the pass actually used
    result = vote.tally()
    assert result is not None and result.voted == Count(2, 150)  # each municipality counts once
    late = check_in(desk, ZAA)  # not there at the opening: still out, whatever pass it holds
    assert voting.read_pass(pass_token(desk, late)).problem is ScanProblem.NOT_ELIGIBLE


def test_a_scan_at_the_tellers_table_is_answered_by_the_service(desk: DeskService, voting: VotingService) -> None:
    ams, ens = check_in(desk, AMS), check_in(desk, ENS)
    m = desk.meeting
    assert voting.read_pass(pass_token(desk, ams)).problem is ScanProblem.NO_VOTE
    voting.open("4", confirm_order=True)
    desk.leave(ens)
    start = last_seq(voting.store)
    first = voting.read_scan(pass_token(desk, ams))
    assert isinstance(first, PassCheck) and first.may_vote and first.earlier is None and not first.voted
    choice = voting.read_scan(make_choice_token(m.meeting_no, m.secret, sheet_number(T)))
    assert isinstance(choice, ChoiceScan) and choice.choice is T and choice.problem is None
    card = voting.read_scan(make_card_token(m.meeting_no, m.secret, AMS, 1))
    assert card.problem is ScanProblem.INVALID and card.refusal is not None
    assert "stemkaart" in card.refusal.message("nl")
    assert voting.read_scan("12345").problem is ScanProblem.INVALID
    unknown = voting.check_pass(999)
    assert unknown.problem is ScanProblem.UNKNOWN_PASS and unknown.refusal is not None
    assert unknown.refusal.message("en") == "Voting pass 999 does not exist."
    away = voting.read_pass(pass_token(desk, ens))
    assert away.problem is ScanProblem.NOT_VALID and away.municipality == "Enschede" and away.votes is None
    assert last_seq(voting.store) == start  # reading a scan changes nothing
    voting.close()
    assert voting.read_pass(pass_token(desk, ams)).problem is ScanProblem.CLOSED


def test_closed_but_never_declared_votes_are_named_and_changes_say_which_vote(
    desk: DeskService, voting: VotingService
) -> None:
    ams = check_in(desk, AMS)
    first = voting.open("4.A1")
    voting.close()
    voting.declare_computed()
    second = voting.open("4", confirm_order=True)
    voting.close()
    third = voting.rerun()  # superseded before anyone declared it
    voting.close()
    assert [(v.id, v.superseded_by) for v in voting.undeclared()] == [(second.id, third.id), (third.id, None)]

    watcher = ChangeWatcher(voting.store)
    fourth = voting.open("4.M1")
    change = watcher.poll()
    assert change is not None and voting.touched(change) == {fourth.id}
    voting.record(V, pass_serial=ams)
    change = watcher.poll()
    assert change is not None and voting.touched(change) == {fourth.id}
    voting.close()
    voting.rerun()
    change = watcher.poll()
    assert change is not None and len(voting.touched(change) or ()) == 2  # the new vote and the one it supersedes
    assert first.id not in (voting.touched(change) or ())
    assert voting.touched(Change.everything(1)) is None
    watcher.close()
