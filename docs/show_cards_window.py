"""Open just the stemkaarten window on the demo meeting (for looking at it and for screenshots).

    .venv/bin/python docs/show_cards_window.py [--sent 12] [--lang en] [--png out.png]

Builds the demo meeting in a temporary folder (the real demo file is not touched) and starts a
local SMTP test server (aiosmtpd, a test dependency). With ``--sent N`` the first N cards are
sent to it before the window opens, one refused by the server and one whose connection breaks
after the message, so the list shows every state; then the window sends its test message (inline,
with the synchronous job runner), so the send button is live. With --png the window is grabbed
to a file and the program ends (works offscreen). For the whole screen at the desk's size:
``SCREEN=1366x768x24 ../shared/tools/screenshot out.png 15 .venv/bin/python docs/show_cards_window.py --fill``.
"""

from __future__ import annotations

import argparse
import dataclasses
import email
import socket
import sys
import tempfile
from email import policy
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desk_app.domain.text import Translator
from desk_app.services.cards import SmtpSettings
from desk_app.session import Session, default_actor
from desk_app.settings import Preferences
from desk_app.ui.cards import CardsWindow
from desk_app.ui.i18n import install_language
from desk_app.ui.jobs import SyncRunner


class Server:
    """Takes every message, refuses one address, and breaks the line after another's message."""

    def __init__(self) -> None:
        self.refuse: set[str] = set()
        self.drop: set[str] = set()
        self.count = 0

    async def handle_RCPT(  # noqa: N802 - aiosmtpd API name
        self,
        server: Any,
        session: Any,
        envelope: Any,
        address: str,
        options: list[str],
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        email.message_from_bytes(envelope.content, policy=policy.default)
        self.count += 1
        if set(envelope.rcpt_tos) & self.drop:
            server.transport.close()
        return "250 OK"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sent", type=int, default=12, help="cards sent before the window opens")
    parser.add_argument("--lang", default="nl", choices=("nl", "en"))
    parser.add_argument("--png", type=Path)
    parser.add_argument("--fill", action="store_true", help="the whole screen (for ../shared/tools/screenshot)")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    translators = install_language(app, args.lang)  # kept: Qt does not own them  # noqa: F841
    handler = Server()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    with tempfile.TemporaryDirectory() as folder:
        session = Session.demo(
            Path(folder) / "demo.sqlite", actor=default_actor("secretariaat"), tr=Translator(args.lang)
        )
        prefs = dataclasses.replace(
            Preferences(),
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_security="none",
            smtp_user="",
            smtp_from="alv@vng.nl",
        )
        codes = [m.code for m in session.meeting.members()][: args.sent]
        reps = session.meeting.designations()
        if len(codes) > 4:
            handler.refuse.add(str(reps[codes[3]].email))
            handler.drop.add(str(reps[codes[4]].email))
        if codes:
            smtp = SmtpSettings("127.0.0.1", port, "none", "", "", "alv@vng.nl", timeout=10)
            session.cards.send_all(smtp, Path(folder) / "stemkaarten", codes=codes)
        window = CardsWindow(session, prefs, out_dir=Path(folder) / "stemkaarten", runner=SyncRunner())
        window.resize(1340, 740)
        if args.fill:
            window.setGeometry(app.primaryScreen().availableGeometry())
        window.show()
        if codes:
            window.send_test()  # really, to the local server (inline: SyncRunner)
            window.table.selectRow(4)
        if args.png:

            def grab() -> None:
                window.grab().save(str(args.png))
                app.quit()

            QTimer.singleShot(400, grab)
        app.exec()
        window.close()
        session.close()
    controller.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
