"""Desks that check in the same card at the same moment, each on a connection of its own.

On the file SQLite's write lock serializes them; on the server the meeting's advisory lock, taken
first in every write transaction, does: the service's own check ("is there a live pass?") runs
under it, so exactly one desk issues the pass and every other one is told ``desk.already``, and
the chain stays one chain. (The many-process race with all 342 cards at six desks, and the same
race without the one-live-pass guard, belong to the several-desks tests.)
"""

from __future__ import annotations

import threading

from desk_app.domain.text import DeskError
from desk_app.domain.token import make_card_token
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage import audit

DESKS = 4


def test_one_card_at_four_desks_at_once_gives_one_pass(meeting: MeetingService) -> None:
    m = DeskService(meeting.store, Actor("balie-0", "test")).meeting
    token = make_card_token(m.meeting_no, m.secret, "GM0363", 1)
    start = threading.Barrier(DESKS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def desk(n: int) -> None:
        store = meeting.store.reopen()  # a connection belongs to its thread
        try:
            service = DeskService(store, Actor(f"balie-{n}", "test"))
            verdict = service.scan(token, record=False)
            start.wait(timeout=30)
            try:
                service.check_in(verdict, name=f"Persoon {n}", role="burgemeester")
                outcome = "issued"
            except DeskError as err:
                outcome = err.code
        finally:
            store.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(DESKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["desk.already"] * (DESKS - 1) + ["issued"]
    live = meeting.store.query("SELECT COUNT(*) AS n FROM passes WHERE code = 'GM0363' AND status = 'active'")
    assert live[0]["n"] == 1
    assert audit.verify(meeting.store).ok
