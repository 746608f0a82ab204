"""Tamper evidence against someone with the sqlite3 shell: triggers dropped first, then a row changed.

Each case edits the real meeting file of a scripted meeting (check-ins, an override, every kind
of vote) with Python's sqlite3 module, the way ``sqlite3 meeting.sqlite`` would, and expects
``audit.verify`` to fail naming the first difference: table, key, field, expected and found.
Rewriting the chain itself (an entry edited and every later hash recomputed, or the tail cut off)
passes the replay by construction; it is caught by holding the file against an anchor taken
earlier (a backup's chain or a head copied out of the file).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_app.storage import audit, integrity
from desk_app.storage.archive import open_readonly
from desk_app.storage.db import Store
from tests.export.scripted import AMS, ROT, SCH
from tests.storage.tamper import copy_meeting, entry_seq, rehash_from, scripted_template, shell

ITEM3 = "(SELECT id FROM votes WHERE item = '3')"  # the statute change: two thirds, adopted


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scripted_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def path(template: Path, tmp_path: Path) -> Path:
    return copy_meeting(template, tmp_path / "meeting.sqlite")


def verify(path: Path) -> audit.VerifyResult:
    with Store.open(path) as store:
        return audit.verify(store)


def test_the_untouched_meeting_replays_cleanly(path: Path) -> None:
    result = verify(path)
    assert result.ok and result.replayed and result.difference is None
    assert result.entries == entry_seq(path, "vote.acclaim")


def test_a_flipped_choice_is_named(path: Path) -> None:
    shell(path, f"UPDATE vote_records SET choice = 'tegen' WHERE code = '{AMS}' AND vote_id = {ITEM3}")
    result = verify(path)
    assert not result.ok and result.difference is not None
    d = result.difference
    assert (d.table, d.field, d.expected, d.found) == ("vote_records", "choice", '"voor"', '"tegen"')
    assert AMS in d.key
    seq = entry_seq(
        path,
        "vote.record",
        "object = (SELECT id FROM votes WHERE item = '3') AND details LIKE ?",
        (f'%"code":"{AMS}"%',),
    )
    assert result.first_bad_seq == d.seq == seq  # the entry that recorded the choice
    assert "vote_records" in result.reason and "tegen" in result.reason


def test_a_declaration_turned_around_is_named(path: Path) -> None:
    shell(path, f"UPDATE vote_declarations SET adopted = 0 WHERE vote_id = {ITEM3}")
    d = verify(path).difference
    assert d is not None
    assert (d.table, d.field, d.expected, d.found) == ("vote_declarations", "adopted", "true", "false")


def test_a_pass_voided_behind_the_desk_is_named(path: Path) -> None:
    shell(path, f"UPDATE passes SET status = 'undone' WHERE code = '{ROT}' AND status = 'active'")
    d = verify(path).difference
    assert d is not None and (d.table, d.field, d.expected, d.found) == ("passes", "status", '"active"', '"undone"')


def test_ten_votes_moved_between_two_municipalities_after_the_opening(path: Path) -> None:
    shell(
        path,
        f"UPDATE members SET votes = votes - 10 WHERE code = '{AMS}'",
        f"UPDATE members SET votes = votes + 10 WHERE code = '{SCH}'",
    )
    result = verify(path)
    d = result.difference
    assert d is not None and (d.table, d.key, d.field, d.expected, d.found) == ("members", SCH, "votes", "1", "11")
    assert d.seq == entry_seq(path, "meeting.open")  # sealed in the opening entry
    with Store.open(path) as store:
        keys = {(x.key, x.field) for x in integrity.replay(store).differences}
    assert {(AMS, "votes"), (SCH, "votes")} <= keys  # both ends of the move


def test_the_last_entries_deleted_leave_rows_without_an_entry(path: Path) -> None:
    last = entry_seq(path, "vote.acclaim")
    shell(path, f"DELETE FROM audit_personal WHERE seq > {last - 2}", f"DELETE FROM audit WHERE seq > {last - 2}")
    with Store.open(path) as store:
        assert audit.verify_chain(store).ok  # a shorter chain is still a chain
    result = verify(path)
    assert not result.ok and result.difference is not None
    assert result.difference.table == "votes" and result.difference.seq is None  # a vote with no entry


def test_a_deleted_middle_entry_breaks_the_chain(path: Path) -> None:
    middle = entry_seq(path, "vote.close") - 5
    shell(path, f"DELETE FROM audit_personal WHERE seq = {middle}", f"DELETE FROM audit WHERE seq = {middle}")
    result = verify(path)
    assert (result.ok, result.first_bad_seq) == (False, middle)


def test_designations_cards_and_settings_are_held_too(path: Path) -> None:
    shell(path, "UPDATE designations SET role = 'raadslid' WHERE code = 'GM0014'")
    d = verify(path).difference
    assert d is not None and (d.table, d.key, d.field) == ("designations", "GM0014", "role")


def test_cards_are_replayed_and_guarded(path: Path) -> None:
    from desk_app.services.cards import CardService
    from desk_app.services.meeting import Actor

    with Store.open(path) as store:
        cards = CardService(store, Actor("secretariaat", "sec"))
        assert cards.issue_missing() == 342
        cards.reissue(AMS, "kaart verloren")
        assert audit.verify(store).ok
        for sql in (
            "DELETE FROM cards WHERE code = 'GM0014'",
            f"UPDATE cards SET revoked_at = NULL WHERE code = '{AMS}' AND version = 1",
            f"UPDATE cards SET token = '1' WHERE code = '{AMS}' AND version = 2",
        ):
            with pytest.raises(sqlite3.IntegrityError), store.transaction() as db:
                db.execute(sql)
    shell(
        path, "DROP INDEX cards_one_current", f"UPDATE cards SET revoked_at = NULL WHERE code = '{AMS}' AND version = 1"
    )
    d = verify(path).difference
    assert d is not None and (d.table, d.key, d.field, d.expected, d.found) == (
        "cards",
        f"{AMS} v1",
        "revoked",
        "true",
        "false",
    )


def test_a_changed_setting_is_named(path: Path) -> None:
    shell(path, "UPDATE meeting SET settings = json_set(settings, '$.base', 'abstentions_counted')")
    d = verify(path).difference
    assert d is not None and (d.table, d.field) == ("meeting", "settings")


def test_a_replaced_token_secret_is_named(path: Path) -> None:
    shell(path, "UPDATE meeting SET secret = ?", params=("ab" * 32,))
    d = verify(path).difference
    assert d is not None and (d.table, d.field) == ("meeting", "secret_sha256")


def test_a_name_swapped_on_a_pass_is_named(path: Path) -> None:
    shell(path, f"UPDATE passes SET holder_name = 'Iemand Anders' WHERE code = '{ROT}' AND status = 'active'")
    d = verify(path).difference
    assert d is not None and (d.table, d.field, d.found) == ("passes", "holder_name", '"Iemand Anders"')


# --- the chain rewritten: only an anchor outside the file shows it ------------------------------------


@pytest.fixture
def backup(path: Path, tmp_path: Path) -> Iterator[Store]:
    """A backup taken before the tampering: its chain is the anchor."""
    copy = copy_meeting(path, tmp_path / "backup.sqlite")
    store = open_readonly(copy)
    yield store
    store.close()


def rewrite_choice(path: Path) -> int:
    """Change Amsterdam's recorded choice in the chain *and* the table, then recompute every hash."""
    seq = entry_seq(
        path,
        "vote.record",
        "object = (SELECT id FROM votes WHERE item = '3') AND details LIKE ?",
        (f'%"code":"{AMS}"%',),
    )
    conn = sqlite3.connect(path)
    details = json.loads(conn.execute("SELECT details FROM audit WHERE seq = ?", (seq,)).fetchone()[0])
    conn.close()
    details["choice"] = "tegen"
    shell(
        path,
        f"UPDATE vote_records SET choice = 'tegen' WHERE code = '{AMS}' AND vote_id = {ITEM3}",
        "UPDATE audit SET details = ? WHERE seq = ?",
        params=(audit.canonical(details), seq),
    )
    rehash_from(path, seq)
    return seq


def test_a_rewritten_chain_passes_the_replay_but_not_the_backup(path: Path, backup: Store) -> None:
    seq = rewrite_choice(path)
    assert verify(path).ok  # chain and table agree with each other: the file alone cannot tell
    with Store.open(path) as store:
        check = integrity.compare_with_backup(store, backup, "backup.sqlite")
    assert check.kind == "rehashed" and check.first_differing_seq == seq
    assert "rewritten" in str(check) and "backup.sqlite" in str(check)


def test_a_rewritten_chain_differs_from_a_head_copied_out_earlier(path: Path) -> None:
    with Store.open(path) as store:
        anchor = integrity.parse_anchor(audit.head(store).short(), "stempas")
    assert anchor is not None
    rewrite_choice(path)
    with Store.open(path) as store:
        check = integrity.check_anchor(store, anchor)
    assert check.kind == "rehashed" and not check.ok


def test_a_cut_tail_is_shorter_than_the_backup(path: Path, backup: Store) -> None:
    last = entry_seq(path, "vote.acclaim")
    # Cut off entries that changed no counted table (the last print results would do as well):
    # here the acclamation and its vote row together, so the replay has nothing to object to.
    shell(
        path,
        f"DELETE FROM audit WHERE seq = {last}",
        "DELETE FROM vote_snapshot WHERE vote_id = (SELECT id FROM votes WHERE item = '6')",
        "DELETE FROM vote_declarations WHERE vote_id = (SELECT id FROM votes WHERE item = '6')",
        "DELETE FROM votes WHERE item = '6'",
    )
    assert verify(path).ok
    with Store.open(path) as store:
        check = integrity.compare_with_backup(store, backup, "backup.sqlite")
    assert (check.kind, check.found_seq, check.anchor.seq) == ("cut", last - 1, last)


def test_an_anchor_that_holds(path: Path, backup: Store) -> None:
    with Store.open(path) as store:
        assert integrity.compare_with_backup(store, backup).ok
        head = audit.head(store)
        assert integrity.check_anchor(store, integrity.Anchor(head.seq, head.hash)).ok
        assert integrity.check_anchor(store, integrity.Anchor(3, audit.head(store).hash)).kind == "rehashed"


@pytest.mark.parametrize("text", ["", "abc", "12", "12:", "12:xyz12345", "x:0123456789ab", "12:0123"])
def test_anchor_text_that_is_not_one(text: str) -> None:
    assert integrity.parse_anchor(text) is None


def test_anchor_text(path: Path) -> None:
    assert integrity.parse_anchor(" 57:9F86D081884C ") == integrity.Anchor(57, "9f86d081884c")


# --- the store's own guards (a speed bump; the replay is what holds) ----------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM passes WHERE code = 'GM0599'",
        "UPDATE passes SET status = 'active' WHERE status = 'undone'",
        "UPDATE passes SET status = 'away' WHERE status = 'replaced' OR status = 'undone'",
        "UPDATE passes SET holder_role = 'griffier' WHERE code = 'GM0599'",
        "UPDATE passes SET code = 'GM0014' WHERE code = 'GM0599'",
        "UPDATE passes SET holder_name = 'Iemand' WHERE code = 'GM0599'",
        "UPDATE meeting SET secret = 'ab'",
        "UPDATE meeting SET opened_at = '2024-05-24T00:00:00.000Z'",
        "DELETE FROM meeting",
        "DELETE FROM designations WHERE code = 'GM0014'",
        "UPDATE audit_personal SET value = 'x'",
    ],
)
def test_the_store_refuses_edits_that_the_app_never_makes(path: Path, sql: str) -> None:
    with Store.open(path) as store:
        with pytest.raises(sqlite3.IntegrityError):
            with store.transaction() as db:
                db.execute(sql)
        assert audit.verify(store).ok


def test_the_store_allows_what_the_app_does(path: Path) -> None:
    with Store.open(path) as store, store.transaction() as db:
        db.execute("UPDATE passes SET holder_name = NULL WHERE code = 'GM0599'")  # erasure
        db.execute("UPDATE passes SET print_state = 'printed', prints = prints + 1 WHERE code = 'GM0599'")
        db.execute("DELETE FROM audit_personal WHERE seq = 1")


def test_a_settings_change_that_carries_its_seal_is_not_tampering(path: Path) -> None:
    """How a service that changes the meeting settings must log it (any action name will do)."""
    with Store.open(path) as store:
        with store.transaction() as db:
            db.execute("UPDATE meeting SET settings = json_set(settings, '$.base', 'abstentions_counted')")
            audit.append(
                db,
                desk="secretariaat",
                actor="sec",
                action="meeting.settings",
                obj="meeting",
                details={"changed": ["base"], **audit.settings_seal(db)},
            )
        assert audit.verify(store).ok
        with store.transaction() as db:
            db.execute("UPDATE meeting SET settings = json_set(settings, '$.base', 'abstentions_excluded')")
            audit.append(
                db,
                desk="secretariaat",
                actor="sec",
                action="meeting.settings",
                obj="meeting",
                details={"changed": ["base"]},
            )  # without the seal
        d = audit.verify(store).difference
        assert d is not None and (d.table, d.field) == ("meeting", "settings")
