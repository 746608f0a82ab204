"""Changing the meeting settings (issue 14 item 4): checked against their declaration, one
transaction and one audit entry the replay accepts, and the coördinator's PIN once the meeting is open."""

from __future__ import annotations

import dataclasses

import pytest

from desk_app.domain.meeting import MeetingSettings, changed_settings
from desk_app.domain.text import DeskError
from desk_app.services.demo import DEMO_PIN
from desk_app.services.meeting import MeetingService
from desk_app.session import Session
from desk_app.storage import audit


def _state(meeting: MeetingService) -> tuple[object, ...]:
    return meeting.meeting().settings, [(e.seq, e.hash) for e in audit.entries(meeting.store)]


def test_every_setting_declares_what_it_allows() -> None:
    """The allowed values are declared once, on the field: the CLI and the check read the same."""
    fields = {f.name: f for f in dataclasses.fields(MeetingSettings)}
    assert tuple(fields["base"].metadata["choices"]) == ("abstentions_excluded", "abstentions_counted")
    assert set(fields["vote_order"].metadata["choices"]) == {"sub_amendment", "amendment", "resolution", "motion"}
    assert fields["quorum_votes"].metadata["minimum"] == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"base": "abstentions_ignored"}, "settings.choice"),
        ({"quorum_votes": 0}, "settings.minimum"),
        ({"quorum_votes": "100"}, "settings.type_number"),
        ({"present_only": "ja"}, "settings.type_bool"),
        ({"vote_order": ["motion", "motion", "resolution", "amendment"]}, "settings.permutation"),
        ({"vote_order": "motion"}, "settings.type_list"),
        ({"majority": "simple"}, "settings.unknown"),
    ],
)
def test_a_bad_value_is_refused_by_its_declaration(changes: dict[str, object], code: str) -> None:
    with pytest.raises(DeskError) as info:
        changed_settings(MeetingSettings(), changes)
    assert info.value.code == code


def test_before_the_opening_a_change_needs_no_pin_and_the_record_holds(meeting: MeetingService) -> None:
    n = len(audit.entries(meeting.store))
    new = meeting.change_settings({"base": "abstentions_counted", "quorum_votes": 5000, "show_computed_result": True})
    assert meeting.meeting().settings == new
    assert (new.base, new.quorum_votes, new.show_computed_result) == ("abstentions_counted", 5000, True)
    entries = audit.entries(meeting.store)
    assert len(entries) == n + 1 and entries[-1].action == "meeting.settings"
    assert entries[-1].details["changed"] == ["base", "quorum_votes", "show_computed_result"]
    assert entries[-1].details["before"]["base"] == "abstentions_excluded"
    assert audit.verify(meeting.store).ok  # the replay takes the settings from the entry


def test_a_bad_change_changes_nothing(meeting: MeetingService) -> None:
    before = _state(meeting)
    with pytest.raises(DeskError):
        meeting.change_settings({"present_only": False, "base": "meest"})  # one bad value refuses all
    with pytest.raises(DeskError):
        meeting.change_settings({})
    assert _state(meeting) == before


def test_after_the_opening_the_pin_is_needed(session: Session) -> None:
    meeting = session.meeting
    meeting.open_meeting()
    before = _state(meeting)
    with pytest.raises(DeskError) as info:
        meeting.change_settings({"present_only": False})
    assert info.value.code == "settings.pin" and "pincode" in str(info.value)
    with pytest.raises(DeskError) as info:
        meeting.change_settings({"present_only": False}, pin="0000")
    assert info.value.code == "supervisor.bad_pin"
    assert _state(meeting) == before
    # The wrong PIN counted, like at the desk (five in a row lock it for a minute).
    assert [kind for _, _, kind in session.desk.pin_log()] == ["pin.wrong"]

    new = meeting.change_settings({"present_only": False}, pin=DEMO_PIN)
    assert not new.present_only and not meeting.meeting().settings.present_only
    assert audit.entries(meeting.store)[-1].details["meeting_open"] is True
    assert audit.verify(meeting.store).ok


def test_a_locked_out_pin_is_refused_even_when_right(session: Session) -> None:
    meeting = session.meeting
    meeting.open_meeting()
    for _ in range(5):
        with pytest.raises(DeskError):
            meeting.change_settings({"base": "abstentions_counted"}, pin="0000")
    before = _state(meeting)
    with pytest.raises(DeskError) as info:
        meeting.change_settings({"base": "abstentions_counted"}, pin=DEMO_PIN)
    assert info.value.code == "supervisor.locked"
    assert _state(meeting) == before


def test_a_meeting_opened_by_another_desk_meanwhile_needs_the_pin(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read as not open, opened by another desk before the write: refused inside the transaction."""
    meeting = session.meeting
    stale = meeting.meeting()
    meeting.open_meeting()
    monkeypatch.setattr(meeting, "meeting", lambda: stale)
    before = [(e.seq, e.hash) for e in audit.entries(meeting.store)]
    with pytest.raises(DeskError) as info:
        meeting.change_settings({"present_only": False})
    assert info.value.code == "settings.pin"
    assert [(e.seq, e.hash) for e in audit.entries(meeting.store)] == before
