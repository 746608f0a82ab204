"""``desk-app vote open`` and the voting order (issue 12 item 7): ``--again`` for an item already
decided (a herstemming linked to the earlier vote), ``--confirm-order`` for a vote against the
voting order; without them the command is refused (exit 1, the way through named) and nothing changes."""

from __future__ import annotations

import pytest

from tests.cli.test_desk_actions import actions, check_in, run


def test_vote_open_needs_again_and_a_confirmation(meeting_file: object, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(meeting_file)
    check_in(capsys, db, "GM0363")
    assert run(capsys, "--db", db, "open")[0] == 0
    n = len(actions(db))
    rc, _, err = run(capsys, "--db", db, "vote", "open", "4")
    assert rc == 1 and "4.A1" in err and "--confirm-order" in err and len(actions(db)) == n
    rc, out, err = run(capsys, "--db", db, "vote", "open", "4", "--confirm-order")
    assert rc == 0, err
    for argv in (["record", "voor", "--code", "GM0363"], ["close"], ["declare"]):
        assert run(capsys, "--db", db, "vote", *argv)[0] == 0
    n = len(actions(db))
    rc, _, err = run(capsys, "--db", db, "vote", "open", "4", "--confirm-order")
    assert rc == 1 and "--again" in err and "stemming 1" in err and len(actions(db)) == n
    rc, _, err = run(capsys, "--db", db, "vote", "open", "4", "--again", "--confirm-order")
    assert rc == 0, err
    assert actions(db)[-1] == "vote.rerun"
    rc, out, _ = run(capsys, "--db", db, "vote", "open", "--help")
    assert "--again" in out and "--confirm-order" in out
