"""The audit chain: appended with each change, verified end to end, tamper-evident, erasable."""

from __future__ import annotations

import json

import pytest

from desk_app.storage import audit
from desk_app.storage.sql import IntegrityErrors
from tests.storage.tamper import shell


def _tamper(target, sql: str, params=()):  # type: ignore[no-untyped-def]
    """Change the meeting behind the app's back, as someone with the database's shell would."""
    shell(target, sql, params=params)


def test_each_change_is_one_entry(meeting) -> None:  # type: ignore[no-untyped-def]
    before = len(audit.entries(meeting.store))
    meeting.set_designation("GM0363", name="Femke Halsema", role="burgemeester", email="sec@amsterdam.example")
    after = audit.entries(meeting.store)
    assert len(after) == before + 1
    last = after[-1]
    assert (last.action, last.object, last.desk) == ("reps.set", "GM0363", "secretariaat")
    assert last.details["name"].startswith("sha256:")  # the name itself is not in the chain
    assert "Femke" not in json.dumps(last.details)
    assert audit.verify(meeting.store).ok


def test_append_outside_transaction_is_refused(meeting) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError):
        audit.append(meeting.store.db, desk="d", actor="a", action="x", obj="y")


def test_app_cannot_edit_history(meeting) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityErrors):
        with meeting.store.transaction() as db:
            db.execute("UPDATE audit SET actor = 'someone else' WHERE seq = 1")


def test_changed_row_is_named(meeting, meeting_target) -> None:  # type: ignore[no-untyped-def]
    for i in range(5):
        meeting.set_designation("GM0363", name=f"Naam {i}", role="wethouder", email=None)
    assert audit.verify(meeting.store).ok
    path = meeting_target
    target = audit.entries(meeting.store)[-3].seq  # one of the designations, not the last entry
    _tamper(path, "UPDATE audit SET details = replace(details, 'wethouder', 'burgemeester') WHERE seq = ?", (target,))
    result = audit.verify(meeting.store)
    assert not result.ok
    assert result.first_bad_seq == target
    assert "hash" in result.reason


def test_rehashed_row_breaks_the_link(meeting, meeting_target) -> None:  # type: ignore[no-untyped-def]
    for i in range(3):
        meeting.set_designation("GM0363", name=f"Naam {i}", role="wethouder", email=None)
    target = audit.entries(meeting.store)[-2].seq
    row = meeting.store.query("SELECT * FROM audit WHERE seq = ?", (target,))[0]
    row["actor"] = "iemand anders"
    new_hash = audit.entry_hash(row)
    _tamper(meeting_target, "UPDATE audit SET actor = ?, hash = ? WHERE seq = ?", (row["actor"], new_hash, target))
    result = audit.verify(meeting.store)
    assert (result.ok, result.first_bad_seq) == (False, target + 1)  # its own hash fits; the link after breaks


def test_deleted_row_is_found(meeting, meeting_target) -> None:  # type: ignore[no-untyped-def]
    for i in range(3):
        meeting.set_designation("GM0363", name=f"Naam {i}", role="wethouder", email=None)
    _tamper(meeting_target, "DELETE FROM audit_personal WHERE seq = 2")  # PostgreSQL keeps its foreign keys
    _tamper(meeting_target, "DELETE FROM audit WHERE seq = 2")
    result = audit.verify(meeting.store)
    assert (result.ok, result.first_bad_seq) == (False, 2)


def test_personal_value_swapped_is_found(meeting, meeting_target) -> None:  # type: ignore[no-untyped-def]
    meeting.set_designation("GM0363", name="Echte Naam", role="wethouder", email=None)
    seq = audit.entries(meeting.store)[-1].seq
    _tamper(meeting_target, "UPDATE audit_personal SET value = 'Andere Naam' WHERE seq = ?", (seq,))
    result = audit.verify(meeting.store)
    assert (result.ok, result.first_bad_seq) == (False, seq)


def test_erasing_personal_values_keeps_the_chain(meeting) -> None:  # type: ignore[no-untyped-def]
    meeting.set_designation("GM0363", name="Echte Naam", role="wethouder", email="x@y.example")
    head = audit.verify(meeting.store).head
    with meeting.store.transaction() as db:
        db.execute("DELETE FROM audit_personal")
    result = audit.verify(meeting.store)
    assert result.ok and result.head == head
