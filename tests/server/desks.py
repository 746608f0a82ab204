"""Helpers for the several-desks tests: addresses, cards, a commit the server holds on purpose,
and the desk processes of the race and failover tests (module-level functions: they run in
processes started with ``spawn``, which import this module afresh).
"""

from __future__ import annotations

import os
import time
import traceback
from collections import Counter, deque
from typing import Any

import psycopg

from desk_app.server.dsn import multi_host_dsn, parse_dsn
from desk_app.server.formation import Formation

#: Seconds a desk process waits at a barrier before it gives up (a stuck test fails, never hangs).
BARRIER_S = 120.0


def relay_dsn(dsn: str, port: int, *, host: str = "127.0.0.1") -> str:
    """``dsn`` (with its password) through a relay on ``port``: one host, the same database and login."""
    parsed = parse_dsn(dsn)
    password = psycopg.conninfo.conninfo_to_dict(dsn).get("password")
    return multi_host_dsn(
        [(host, port)], parsed.dbname, parsed.user, password=str(password) if password else None, sslmode="require"
    )


def primary_port(formation: Formation) -> int:
    st = formation.wait_for(lambda s: s.primary is not None, timeout=120, what="a primary")
    assert st.primary is not None
    return formation.node(st.primary.name).spec.port


def admin(dsn: str) -> psycopg.Connection[tuple[Any, ...]]:
    """A plain autocommit connection to the meeting's database (the app role owns the schema)."""
    conn = psycopg.connect(dsn, autocommit=True)
    conn.execute("SET search_path = stembalie")
    return conn


def hold_commits(dsn: str, seconds: float, *, fail: bool = False) -> None:
    """From now on every COMMIT that appended an audit entry waits ``seconds`` on the server (a
    deferred trigger), then commits, or with ``fail`` aborts: time to cut a desk off mid-COMMIT."""
    with admin(dsn) as conn:
        conn.execute(
            "CREATE OR REPLACE FUNCTION test_hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"PERFORM pg_sleep({float(seconds)}); "
            + ("RAISE EXCEPTION 'refused at commit (test)'; " if fail else "")
            + "RETURN NULL; END $$"
        )
        conn.execute("DROP TRIGGER IF EXISTS test_hold_commit ON audit")
        conn.execute(
            "CREATE CONSTRAINT TRIGGER test_hold_commit AFTER INSERT ON audit DEFERRABLE INITIALLY DEFERRED "
            "FOR EACH ROW EXECUTE FUNCTION test_hold_commit()"
        )


def release_commits(dsn: str) -> None:
    with admin(dsn) as conn:
        conn.execute("DROP TRIGGER IF EXISTS test_hold_commit ON audit")


def count(dsn: str, sql: str, params: tuple[Any, ...] = ()) -> int:
    with admin(dsn) as conn:
        row = conn.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


def card(meeting: Any, code: str, version: int = 1) -> str:
    from desk_app.domain.token import make_card_token

    return make_card_token(meeting.meeting_no, meeting.secret, code, version)


# --- the race: six desks, every card, the same moment ---------------------------------------------


def race_desk(
    n: int, dsn: str, codes: list[str], barrier: Any, results: Any, *, unguarded: bool = False, home: str = ""
) -> None:
    """Desk ``n``: for every card, read it, wait for the other desks, then check in at once.

    ``unguarded`` (the test that must be able to fail): the service's own "is there a live pass?"
    check is switched off in this process, as the test has dropped the unique index.
    """
    if home:
        os.environ["STEMBALIE_HOME"] = home
    from desk_app.domain.text import DeskError
    from desk_app.services.desk import DeskService
    from desk_app.services.meeting import Actor
    from desk_app.storage.db import Store

    if unguarded:
        DeskService._refuse_if_live = lambda self, db, code: None  # type: ignore[method-assign]
    outcomes: list[tuple[str, str, str]] = []
    try:
        store = Store.open(dsn)
        try:
            desk = DeskService(store, Actor(f"balie-{n}", f"desk{n}"))
            for code in codes:
                verdict = desk.scan(card(desk.meeting, code), record=False)
                barrier.wait(BARRIER_S)
                try:
                    p = desk.check_in(verdict, name=f"Persoon {code} {n}", role="burgemeester")
                    outcomes.append((code, "issued", str(p.serial)))
                except DeskError as err:
                    outcomes.append((code, err.code, desk.tr.error(err)))
        finally:
            store.close()
    except BaseException:  # noqa: BLE001 - any crash is reported to the test, which fails on it
        barrier.abort()
        results.put((n, "crash", traceback.format_exc()))
        return
    results.put((n, "done", outcomes))


# --- the failover run: check-ins, moves and recorded choices from several processes ------------------


def failover_desk(
    n: int,
    dsn: str,
    role: str,
    codes: list[str],
    stop: Any,
    writes: Any,
    results: Any,
    home: str = "",
) -> None:
    """One desk process writing through the multi-host URI until ``stop`` is set.

    ``role`` 'checkin': checks the ``codes`` in one by one, then moves its passes (leaves, comes
    back) round and round. 'vote': records choices for the ``codes`` (present when the vote
    opened) round and round, each with an event id of its own. A write is *confirmed* when the
    service returned; a write cut off during COMMIT is resolved by its event ids once a primary
    answers (saved: confirmed; not saved: tried again), never guessed; a write refused for any
    other reason (no primary yet) changed nothing and is tried again. ``writes`` (a shared
    counter) goes up with every confirmed write: the test sees when writes succeed again.
    """
    if home:
        os.environ["STEMBALIE_HOME"] = home
    from desk_app.domain.text import DeskError
    from desk_app.services import connection
    from desk_app.services.desk import DeskService
    from desk_app.services.meeting import Actor
    from desk_app.services.voting import VotingService
    from desk_app.storage.db import Store

    confirmed: list[tuple[str, str, str]] = []  # (kind, code, serial or event id)
    doubts = retries = resolved_saved = resolved_lost = 0
    errors: Counter[str] = Counter()
    store: Any = None
    trail: deque[str] = deque(maxlen=60)  # the last steps, for the report when something is off

    def confirm(kind: str, code: str, what: str) -> None:
        trail.append(f"{time.monotonic():.3f} confirmed {kind} {code} {what}")
        confirmed.append((kind, code, what))
        with writes.get_lock():
            writes.value += 1

    try:
        while store is None and not stop.is_set():
            try:
                store = Store.open(dsn)
            except DeskError:
                time.sleep(0.2)
        actor = Actor(f"balie-{n}", f"desk{n}")
        desk = DeskService(store, actor)
        voting = VotingService(store, actor, lambda: [(s, c) for s, c, _ in desk.active_passes()])
        todo = list(codes)
        mine: list[tuple[str, int]] = []  # (code, serial) of the passes this desk issued
        away: set[int] = set()
        choices = ("voor", "tegen", "onthouding")
        i = 0
        while not stop.is_set():
            event_id = os.urandom(16).hex()
            kind = "vote" if role == "vote" else ("checkin" if todo else "move")
            code = (
                codes[i % len(codes)] if kind == "vote" else (todo[0] if kind == "checkin" else mine[i % len(mine)][0])
            )
            serial = mine[i % len(mine)][1] if kind == "move" else 0
            try:
                if kind == "checkin":
                    p = desk.check_in(
                        desk.scan(card(desk.meeting, code), record=False), name=f"Lid {code}", role="burgemeester"
                    )
                    confirm("checkin", code, str(p.serial))
                    mine.append((code, p.serial))
                    todo.pop(0)
                elif kind == "move":
                    (desk.come_back if serial in away else desk.leave)(serial)
                    confirm("move", code, str(serial))
                    away ^= {serial}
                    i += 1
                else:
                    voting.record(choices[i % 3], code=code, source=f"desk{n}", event_id=event_id)
                    confirm("vote", code, event_id)
                    i += 1
            except DeskError as err:
                doubt = connection.in_doubt(err)
                step = f"{kind} {code} {serial or ''} {'away' if serial in away else ''}: {err.code}"
                if doubt is None and trail and trail[-1].split(" ", 1)[1].startswith(step):
                    trail[-1] += "+"  # the same refusal again
                else:
                    why = err.__cause__ or err.__context__  # the psycopg error behind it, for the report
                    cause = f" [{type(why).__name__}: {str(why).strip()[:120]}]" if why is not None else ""
                    trail.append(f"{time.monotonic():.3f} {step}{' in doubt ' + str(doubt) if doubt else ''}{cause}")
                if not err.code.startswith("store."):
                    if kind == "move":  # what the server holds of this pass against what this desk was told
                        trail.append(_pass_history(store, serial, confirmed))
                    raise  # a refusal of the service here is a bug of the test or the app: report it
                if doubt is None:
                    retries += 1
                    errors[err.code] += 1
                    time.sleep(0.05)
                    continue
                doubts += 1
                while True:  # the real outcome, once a primary answers: never a guess
                    try:
                        outcome = connection.resolve(store, doubt)
                        break
                    except DeskError:
                        time.sleep(0.1)
                trail.append(f"{time.monotonic():.3f} resolved: {outcome}")
                if not outcome.saved:
                    resolved_lost += 1
                    continue
                resolved_saved += 1
                if kind == "checkin":
                    confirm("checkin", code, str(outcome.serial))
                    mine.append((code, int(outcome.serial or 0)))
                    todo.pop(0)
                elif kind == "move":
                    confirm("move", code, str(serial))
                    away ^= {serial}
                    i += 1
                else:
                    confirm("vote", code, event_id)
                    i += 1
    except BaseException:  # noqa: BLE001 - any crash is reported to the test, which fails on it
        results.put((n, "crash", traceback.format_exc() + "\nlast steps:\n" + "\n".join(trail)))
        return
    finally:
        if store is not None:
            store.close()
    results.put(
        (
            n,
            "done",
            {
                "confirmed": confirmed,
                "doubts": doubts,
                "saved": resolved_saved,
                "lost": resolved_lost,
                "retries": retries,
                "errors": dict(errors),
            },
        )
    )


def _pass_history(store: Any, serial: int, confirmed: list[tuple[str, str, str]]) -> str:
    """The pass's moves as the server has them, and how many this desk was told were saved."""
    from desk_app.storage import audit

    try:
        moves = [
            f"{e.seq} {e.action} {e.desk} {e.event_id[:8]} {e.ts}"
            for e in audit.entries(store)
            if e.details.get("serial") == serial or e.details.get("pass") == serial
        ]
    except Exception as exc:  # noqa: BLE001 - a diagnosis only: say why it is missing
        return f"history of pass {serial} not read: {exc}"
    told = sum(1 for kind, _code, what in confirmed if kind == "move" and what == str(serial))
    return f"pass {serial}: this desk was told {told} moves saved; the server holds:\n" + "\n".join(moves)
