"""Input limits (issue 12 item 10): hostile files, generated, are each refused with a clear code
and change nothing - the register (new meeting and re-import), the designations, the agenda
(TOML, CSV, .xlsx) and a results file. Speed is not asserted here: benchmarks/bench_limits.py
measures how soon each refusal comes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desk_app import paths
from desk_app.domain.limits import FILE_BYTES, FILE_ROWS, MAX_LINE, WORKBOOK_UNPACKED, FileKind, check_file
from desk_app.domain.register import ImportRefused
from desk_app.domain.tally import Choice
from desk_app.domain.text import DeskError
from desk_app.domain.token import make_card_token
from desk_app.services.meeting import MeetingService
from desk_app.session import Session
from desk_app.storage import audit
from tests import hostile_files as hostile


def _state(session: Session) -> tuple[object, ...]:
    q = session.store.query
    return (
        [(e.seq, e.hash) for e in audit.entries(session.store)],
        q("SELECT * FROM members ORDER BY code"),
        q("SELECT * FROM designations ORDER BY code"),
        q("SELECT * FROM agenda_items ORDER BY position") if _has(session, "agenda_items") else None,
        q("SELECT * FROM vote_records ORDER BY vote_id, n"),
    )


def _has(session: Session, table: str) -> bool:
    try:
        session.store.query(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608 - a fixed name
    except Exception:  # noqa: BLE001 - either engine's "no such table"
        return False
    return True


def _refused(fn: Callable[[], object]) -> str:
    """The refusal's code: a DeskError (file limits) or an ImportRefused listing what is wrong."""
    with pytest.raises((DeskError, ImportRefused)) as info:
        fn()
    err = info.value
    message = str(err)
    assert "niets" in message  # "er is niets ingelezen/vastgelegd": the user is told nothing changed
    return err.code


def test_the_one_table_of_limits() -> None:
    assert set(FILE_BYTES) == set(FILE_ROWS) == set(FileKind)
    assert FILE_ROWS[FileKind.AGENDA] == 500 and FILE_ROWS[FileKind.REGISTER] >= 342
    assert all(n <= 2 * 2**20 for n in FILE_BYTES.values())
    check_file(paths.default_register().read_bytes(), FileKind.REGISTER)  # the real register passes


def test_a_new_meeting_with_a_50_mb_register_field_is_not_created(tmp_path: Path) -> None:
    target = tmp_path / "alv.sqlite"
    code = _refused(
        lambda: MeetingService.create(
            target,
            name="ALV",
            date="2024-05-24",
            place="Utrecht",
            register_csv=hostile.register_field(),
            register_source="x.csv",
        )
    )
    assert code == "file.too_large" and not target.exists()


@pytest.mark.parametrize(
    ("make", "code"), [(hostile.register_field, "file.too_large"), (hostile.register_long_line, "file.long_line")]
)
def test_a_hostile_register_changes_nothing(session: Session, make: Callable[[], bytes], code: str) -> None:
    before = _state(session)
    assert _refused(lambda: session.meeting.import_register(make(), "x.csv")) == code
    assert _state(session) == before


def test_hostile_designations_change_nothing(session: Session) -> None:
    before = _state(session)
    assert _refused(lambda: session.meeting.import_designations(hostile.designations_field(), "x.csv")) == (
        "file.too_large"
    )
    assert _state(session) == before


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("agenda.toml", hostile.nested_toml, "agenda.refused"),  # nested: the parser's depth, caught
        ("agenda.toml", hostile.nested_toml_one_line, "file.long_line"),
        ("agenda.toml", hostile.agenda_toml, "file.too_large"),
        ("agenda.toml", hostile.agenda_toml_small, "agenda.refused"),  # 40,000 items in 1.9 MB: too many
        ("agenda.csv", hostile.agenda_csv, "file.too_large"),
        ("agenda.xlsx", hostile.agenda_xlsx, "file.too_large"),
        ("agenda.xlsx", hostile.agenda_xlsx_unpacking, "sheet.refused"),
    ],
    ids=["nested", "nested-one-line", "200k-toml", "40k-toml", "200k-csv", "200k-xlsx", "xlsx-unpacks"],
)
def test_a_hostile_agenda_changes_nothing(
    session: Session, tmp_path: Path, name: str, make: Callable[[], bytes], code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    before = _state(session)
    with pytest.raises((DeskError, ImportRefused)) as info:
        session.voting.load_agenda_file(path)
    assert info.value.code == code, str(info.value)
    assert "niets" in str(info.value)
    assert _state(session) == before


def test_the_refusals_say_what_is_wrong(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "agenda.toml"
    for make, words in (
        (hostile.nested_toml, "te diep in elkaar genest"),
        (hostile.agenda_toml_small, "40000 agendapunten, hoogstens 500"),
        (hostile.agenda_toml, "te groot: 12,8 MB voor een agenda"),
    ):
        path.write_bytes(make())
        with pytest.raises((DeskError, ImportRefused)) as info:
            session.voting.load_agenda_file(path)
        assert words in str(info.value), str(info.value)
    assert len(hostile.agenda_xlsx_unpacking()) <= FILE_BYTES[FileKind.AGENDA]  # refused for what it unpacks to
    assert MAX_LINE < 300_000 and WORKBOOK_UNPACKED < 32 * 2**20


def test_a_hostile_results_file_records_nothing(session: Session) -> None:
    session.meeting.open_meeting()
    desk = session.desk
    m = desk.meeting
    desk.check_in(desk.scan(make_card_token(m.meeting_no, m.secret, "GM0363", 1)), name="A. B", role="burgemeester")
    session.voting.open("4.A1")
    before = _state(session)
    assert _refused(lambda: session.voting.import_results(hostile.results_field(), "x.csv")) == "file.too_large"
    assert _state(session) == before
    vote = session.voting.record(Choice.VOOR, code="GM0363")  # the vote itself is unharmed
    assert len(vote.records) == 1
