"""A desk and its connection to the meeting server: what it may show as final, and what a lost
connection left in doubt.

Qt-free; the desk panel and the tests call it. On a meeting file every function here is a no-op
or says "nothing in doubt": a file has no connection to lose.

**Cut off.** While the store's :attr:`~desk_app.storage.db.Store.link` is down the desk issues
and records nothing (:func:`cut_off`); look-ups and the presence list come from the desk's local
copy (:mod:`desk_app.services.local_copy`).

**An outcome lost with the connection.** A write whose COMMIT was cut off raises
``store.connection_lost`` with an :class:`~desk_app.storage.pg.InDoubt` (the event ids of the
audit entries it appended). :func:`resolve` finds out what really happened, once the server can
be reached again, by those event ids; never by guessing. :class:`Outcome` says whether it was
saved and, for a check-in, which pass it gave.

**Seen, but not yet safe.** A verdict built on another desk's write that the synchronous standby
may not hold yet (during a failover) is read again after :meth:`Store.confirm_replicated`
(:func:`final_verdict`) before it is shown as final.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desk_app.domain.checkin import Verdict, VerdictKind
from desk_app.domain.text import DeskError
from desk_app.services.desk import DeskService
from desk_app.storage.db import Store

__all__ = ["Outcome", "cut_off", "final_verdict", "in_doubt", "read_again", "resolve"]

#: Audit actions that issue a pass, and where their details name it.
_ISSUING = {"checkin": "serial", "checkin.override": "new", "pass.substitute": "new", "pass.replace_lost": "new"}


@dataclass(frozen=True)
class Outcome:
    """What became of a write lost with the connection."""

    saved: bool
    actions: tuple[str, ...] = ()  # the audit actions it appended (when saved)
    serial: int | None = None  # the pass it issued, if it issued one
    code: str | None = None  # the municipality it concerned, if any


def cut_off(store: Store) -> bool:
    """True while the store's listener says the meeting server does not answer (never for a file)."""
    link = store.link
    return link is not None and link.connected is False


def in_doubt(err: BaseException) -> Any | None:
    """The :class:`~desk_app.storage.pg.InDoubt` a lost COMMIT left behind, or None."""
    if isinstance(err, DeskError) and err.code == "store.connection_lost":
        return err.params.get("in_doubt")
    return None


def resolve(store: Store, doubt: Any) -> Outcome:
    """The real outcome of ``doubt`` (raises the usual store errors while the server cannot be
    reached: call again once it can). The store's :meth:`resolve` waits for the lost
    transaction to have ended, then looks its event ids up."""
    resolution = store.resolve(doubt)  # type: ignore[attr-defined]  # only a server store has doubts
    actions = tuple(str(e["action"]) for e in resolution.entries)
    serial = code = None
    for entry in resolution.entries:
        key = _ISSUING.get(str(entry["action"]))
        if key is not None and entry["details"].get(key) is not None:
            serial = int(entry["details"][key])
            code = str(entry["object"])
    return Outcome(resolution.saved, actions, serial, code)


def final_verdict(desk: DeskService, verdict: Verdict, *, text: str | None = None) -> Verdict:
    """The verdict once what it rests on is certain, or the same verdict when nothing can change it.

    "Already registered" rests on another desk's write. On the server that write may be visible
    while the synchronous standby does not hold it yet (a COMMIT whose wait for the standby was cut
    short): it is read again after :meth:`Store.confirm_replicated` (:func:`read_again`). Raises a
    store error when the server cannot confirm it: the desk then shows that, not the verdict.
    """
    if verdict.kind is not VerdictKind.ALREADY or desk.store.link is None:
        return verdict
    return read_again(desk, verdict, text=text)


def read_again(desk: DeskService, verdict: Verdict, *, text: str | None = None) -> Verdict:
    """``verdict`` read again (from ``text``, the scan, or the municipality chosen by hand) once the
    server's synchronous standby holds everything this desk has seen. On a file: as it is."""
    if desk.store.link is None:
        return verdict
    desk.store.confirm_replicated()
    if text is not None:
        return desk.scan(text, record=False)
    if verdict.code is not None and verdict.manual_reason:
        return desk.manual_verdict(verdict.code, verdict.manual_reason)
    return verdict
