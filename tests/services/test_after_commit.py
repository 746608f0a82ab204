"""A write whose COMMIT returned is reported saved, whatever happens to the store right after.

On the meeting server a failover can begin the moment after a COMMIT returned (two laptops hold
the write). Before, a use case read the store again after its COMMIT (the pass after a move, the
municipality for the issued screen, the pass after its print): that read failing made the desk
say "geen verbinding, niets vastgelegd" for a write that was saved, and the clerk's next try was
refused as if the pass were in another state (found by tests/server/test_failover_desks.py).
Here the store stops answering reads the moment the use case's write is committed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from desk_app.domain.checkin import PassStatus
from desk_app.domain.token import make_card_token
from desk_app.services import desk as desk_module
from desk_app.session import Session
from desk_app.storage import desk as desk_repo
from desk_app.storage.db import store_error

UTRECHT = "GM0344"


class GoneAfterCommit:
    """Make the store's reads fail (as on a failover) once a transaction has committed."""

    def __init__(self, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
        self.store = session.store
        self.gone = False
        self.transactions = 0
        real_tx = self.store.transaction

        @contextlib.contextmanager
        def transaction() -> Iterator[Any]:
            if self.gone:
                raise store_error("store.no_server", "test", detail="gone")
            with real_tx() as db:
                yield db
            self.transactions += 1
            if self.armed:
                self.gone = True

        self.armed = False
        monkeypatch.setattr(self.store, "transaction", transaction)
        for module, name in [(desk_repo, "pass_by_serial"), (desk_repo, "member"), (desk_module, "stempas_of")]:
            monkeypatch.setattr(module, name, self._guarded(getattr(module, name)))

    def _guarded(self, real: Any) -> Any:
        def read(src: Any, *args: Any, **kwargs: Any) -> Any:
            if self.gone and src is self.store:
                raise store_error("store.no_server", "test", detail="gone")
            return real(src, *args, **kwargs)

        return read


def check_in(session: Session, code: str) -> int:
    desk = session.desk
    card = make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1)
    return desk.check_in(desk.scan(card), name=f"Naam {code}", role="burgemeester").serial


def test_a_move_is_reported_saved_when_the_server_goes_right_after_its_commit(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = check_in(session, UTRECHT)
    gone = GoneAfterCommit(session, monkeypatch)
    gone.armed = True
    moved = session.desk.leave(serial)  # before: raised store.no_server after the COMMIT
    assert moved.status is PassStatus.AWAY and gone.gone
    gone.gone = gone.armed = False
    assert desk_repo.pass_by_serial(session.store, serial).status is PassStatus.AWAY  # type: ignore[union-attr]


def test_an_issue_is_reported_saved_and_unprinted_when_the_server_goes_right_after_the_check_in(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = session.desk
    card = make_card_token(desk.meeting.meeting_no, desk.meeting.secret, UTRECHT, 1)
    verdict = desk.scan(card)
    gone = GoneAfterCommit(session, monkeypatch)
    gone.armed = True
    issued = desk.issue(verdict, name="Naam Utrecht", role="burgemeester")  # before: raised after the COMMIT
    assert issued.stempas.code == UTRECHT and issued.member.code == UTRECHT
    assert issued.printed is not None and not issued.printed.ok and not issued.printed.recorded
    gone.gone = gone.armed = False
    saved = desk_repo.pass_by_serial(session.store, issued.stempas.serial)
    assert saved is not None and saved.status is PassStatus.ACTIVE  # saved: the desk says so, and to print it again


def test_opening_the_meeting_is_reported_done_when_the_server_goes_right_after(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk_app.storage import meeting as meeting_repo

    gone = GoneAfterCommit(session, monkeypatch)
    monkeypatch.setattr(meeting_repo, "load_meeting", gone._guarded(meeting_repo.load_meeting))
    gone.armed = True
    opened = session.meeting.open_meeting()  # before: read the meeting again after the COMMIT
    assert opened.is_open
