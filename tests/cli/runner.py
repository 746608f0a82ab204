"""Running the command line in-process for the CLI tests: one place for what every test file needs."""

from __future__ import annotations

import pytest

from desk_app.cli import main
from desk_app.domain.token import make_card_token
from desk_app.session import Session


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``desk-app ARGV…`` in this process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def token(db: str, code: str, version: int = 1) -> str:
    """The stemkaart token of municipality ``code`` (card ``version``) of the meeting in ``db``."""
    with Session.open(db) as s:
        m = s.meeting.meeting()
    return make_card_token(m.meeting_no, m.secret, code, version)
