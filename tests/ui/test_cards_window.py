"""The stemkaarten window: test message first, send on a worker to a real SMTP server, stop, resume.

A local aiosmtpd server with login takes the messages; the keyring is a memory backend set with
``keyring.set_keyring``. The sending tests use stub cards (the mail path is what they test; real
cards are painted and read back in the make-and-preview test and in tests/services/test_cards.py).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import keyring
import pytest
from aiosmtpd.controller import Controller
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle

from desk_app import credentials, settings
from desk_app.export import csvfile
from desk_app.services.cards import CardService, MailState
from desk_app.session import Session
from desk_app.settings import Preferences
from desk_app.ui.cards import CardsWindow
from desk_app.ui.jobs import PoolRunner
from tests.app.test_credentials import MemoryKeyring
from tests.services.test_cards import Mailbox, authenticate, free_port, stub_card

# The local server asks for a login without TLS (nothing leaves 127.0.0.1); aiosmtpd warns about that.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

FEW = ["GM0014", "GM0034", "GM0363", "GM0518", "GM0599", "GM1900"]
SENDER = "alv@vng.example"


class Server(Mailbox):
    """The test mailbox that can also hold the next card message until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.hold_after: int | None = None  # card messages taken before the next one is held
        self.holding = False
        self.release = asyncio.Event()

    def cards(self) -> list[tuple[list[str], Any]]:
        return [(r, m) for r, m in self.messages if r != [SENDER]]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if envelope.rcpt_tos != [SENDER] and self.hold_after is not None and len(self.cards()) == self.hold_after:
            self.holding = True
            await self.release.wait()
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def server() -> Iterator[tuple[Server, Controller]]:
    box = Server()
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=free_port(),
        auth_required=True,
        auth_require_tls=False,
        authenticator=authenticate,
    )
    controller.start()
    try:
        yield box, controller
    finally:
        controller.loop.call_soon_threadsafe(box.release.set)
        controller.stop()


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def prefs(server: tuple[Server, Controller], monkeypatch: pytest.MonkeyPatch) -> Preferences:
    monkeypatch.delenv(credentials.ENV, raising=False)
    return dataclasses.replace(
        Preferences(),
        smtp_host="127.0.0.1",
        smtp_port=server[1].port,
        smtp_security="none",
        smtp_user="alv",
        smtp_from=SENDER,
    )


def stub_cards(session: Session) -> CardService:
    return CardService(session.store, session.actor, make=stub_card)


@pytest.fixture
def open_window(
    qtbot: QtBot, session: Session, prefs: Preferences, tmp_path: Path, ring: MemoryKeyring
) -> Iterator[Any]:
    windows: list[CardsWindow] = []

    def make(**extra: Any) -> CardsWindow:
        options: dict[str, Any] = {
            "runner": PoolRunner(),
            "codes": FEW,
            "out_dir": tmp_path / "kaarten",
            "service": stub_cards,
            **extra,
        }
        window = CardsWindow(session, extra.pop("prefs", prefs), **{k: v for k, v in options.items() if k != "prefs"})
        window._confirm = lambda title, text: True  # type: ignore[method-assign]
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:  # no job may outlive its test
        qtbot.waitUntil(lambda w=window: w.busy is None, timeout=20_000)


def wait_idle(qtbot: QtBot, window: CardsWindow) -> None:
    qtbot.waitUntil(lambda: window.busy is None, timeout=20_000)


def send_test(qtbot: QtBot, window: CardsWindow, password: str = "geheim", remember: bool = False) -> None:
    window.password.setText(password)
    window.remember.setChecked(remember)
    window.test_button.click()
    wait_idle(qtbot, window)


def states(window: CardsWindow) -> Counter[MailState]:
    return Counter(r.state for r in window.model.rows)


# --- the batch: test message first, stop, resume ------------------------------------------------


def test_cards_go_out_after_the_test_message_and_a_stopped_batch_resumes_without_a_second_message(
    qtbot: QtBot,
    open_window: Any,
    server: tuple[Server, Controller],
    session: Session,
    ring: MemoryKeyring,
) -> None:
    box, controller = server
    window = open_window()
    assert states(window) == Counter({MailState.NOT_YET: len(FEW)})
    assert not window.send_button.isEnabled()  # no test message yet

    send_test(qtbot, window, remember=True)
    assert [r for r, _ in box.messages] == [[SENDER]]  # the test message, to the sender only, first
    assert window.send_button.isEnabled() and "Versturen (6 stemkaarten)" in window.send_button.text().replace("&", "")
    assert ring.items == {(credentials.SERVICE, "alv@127.0.0.1"): "geheim"}  # kept, as ticked

    # The server holds the third card until the test has pressed Stop: the batch ends after it.
    box.hold_after = 2
    window.send_button.click()
    assert window.busy == "send" and not window.send_button.isEnabled() and window.stop_button.isEnabled()
    qtbot.waitUntil(lambda: box.holding, timeout=20_000)
    window.stop_button.click()
    controller.loop.call_soon_threadsafe(box.release.set)
    wait_idle(qtbot, window)
    assert len(box.cards()) == 3
    assert states(window) == Counter({MailState.SENT: 3, MailState.NOT_YET: 3})
    assert "Gestopt" in window.banner.text()
    assert window.send_button.text().replace("&", "") == "Verder versturen (3 over)"

    # Resumed: the other three, and nobody twice.
    box.hold_after = None
    window.send_button.click()
    wait_idle(qtbot, window)
    assert states(window) == Counter({MailState.SENT: len(FEW)})
    reps = session.meeting.designations()
    assert box.recipients() == Counter({SENDER: 1} | {reps[c].email: 1 for c in FEW})
    assert window.last_send is not None and len(window.last_send.already_sent) == 3
    assert window.progress.value() == window.progress.maximum() == len(FEW)
    for _, message in box.messages:  # the test message too
        assert parsedate_to_datetime(message["Date"]) is not None
        assert message["Message-ID"].strip().startswith("<") and SENDER.split("@")[1] in message["Message-ID"]
    assert not window.send_button.isEnabled()  # nothing left to send


def test_a_server_that_refuses_after_two_lists_the_reason_and_the_rest_go_when_resumed(
    qtbot: QtBot,
    open_window: Any,
    server: tuple[Server, Controller],
    session: Session,
) -> None:
    box, _ = server
    window = open_window()
    send_test(qtbot, window)
    box.limit = 1 + 2  # the test message and two cards; then "421 too many messages"
    window.send_button.click()
    wait_idle(qtbot, window)
    assert states(window) == Counter({MailState.SENT: 2, MailState.FAILED: 4})
    failed = [n for n, r in enumerate(window.model.rows) if r.state is MailState.FAILED]
    for row in failed:
        reason = window.model.index(row, window.model.DETAIL).data()
        assert "421" in reason and "too many messages" in reason
        assert window.model.index(row, window.model.STATE).data() == "Mislukt"
    assert window.send_button.text().replace("&", "") == "Verder versturen (4 over)"

    box.limit = None
    window.send_button.click()
    wait_idle(qtbot, window)
    assert states(window) == Counter({MailState.SENT: len(FEW)})
    reps = session.meeting.designations()
    assert box.recipients() == Counter({SENDER: 1} | {reps[c].email: 1 for c in FEW})


def test_an_uncertain_card_is_only_sent_again_when_asked(
    qtbot: QtBot,
    open_window: Any,
    server: tuple[Server, Controller],
    session: Session,
) -> None:
    box, _ = server
    reps = session.meeting.designations()
    box.drop_after_data.add(str(reps["GM0363"].email))  # taken, but the answer never comes back
    window = open_window()
    send_test(qtbot, window)
    window.send_button.click()
    wait_idle(qtbot, window)
    assert states(window) == Counter({MailState.SENT: 5, MailState.UNCERTAIN: 1})
    row = window.model.row_of("GM0363")
    assert "vraag na of de kaart aankwam" in window.model.index(row, window.model.DETAIL).data()
    assert not window.send_button.isEnabled()  # nothing to send unless the uncertain one is asked for

    window.resend_uncertain.setChecked(True)
    window._update_buttons()
    assert window.send_button.isEnabled()
    box.drop_after_data.clear()
    window.send_button.click()
    wait_idle(qtbot, window)
    assert states(window) == Counter({MailState.SENT: 6})
    assert box.recipients()[str(reps["GM0363"].email)] == 2  # asked for: the operator was warned


# --- the gate and the password ---------------------------------------------------------------


def test_no_batch_before_a_test_message_and_again_after_the_password_changed(
    qtbot: QtBot,
    open_window: Any,
    server: tuple[Server, Controller],
) -> None:
    box, _ = server
    window = open_window()
    window.password.setText("geheim")
    window.send_cards()  # as if the button were forced
    assert "testbericht" in window.banner.text().lower() and box.messages == []

    send_test(qtbot, window, password="fout")  # the server refuses the login
    assert window.tested is None and not window.send_button.isEnabled()
    assert "535" in window.banner.text() and box.messages == []

    send_test(qtbot, window, password="geheim")
    assert window.send_button.isEnabled()
    window.password.setText("anders")
    assert not window.send_button.isEnabled()
    window.send_cards()
    assert box.cards() == []

    # Another sender saved in the settings: test again.
    window.password.setText("geheim")
    assert window.send_button.isEnabled()
    window.set_preferences(dataclasses.replace(window.prefs, smtp_from="secretariaat@vng.example"))
    assert not window.send_button.isEnabled() and "secretariaat@vng.example" in window.server_label.text()


def test_the_password_is_kept_only_when_ticked_and_never_in_the_preferences(
    qtbot: QtBot,
    open_window: Any,
    server: tuple[Server, Controller],
    ring: MemoryKeyring,
    prefs: Preferences,
) -> None:
    settings.save(prefs)  # the laptop's preferences, as the settings dialog writes them
    window = open_window()
    assert not window.remember.isChecked()
    send_test(qtbot, window, remember=False)
    assert ring.items == {}  # asked, used, not kept

    send_test(qtbot, window, remember=True)
    assert ring.items == {(credentials.SERVICE, "alv@127.0.0.1"): "geheim"}
    assert "sleutelbos" in window.banner.text()

    # Next time: nothing to type, the kept password logs in.
    again = open_window()
    assert again.remember.isChecked() and "sleutelbos" in again.password.placeholderText()
    send_test(qtbot, again, password="", remember=True)
    assert again.tested is not None and again.send_button.isEnabled()

    # Untick: the kept password is removed once the server has accepted the one typed.
    send_test(qtbot, again, password="geheim", remember=False)
    assert ring.items == {}
    text = settings.preferences_file().read_text(encoding="utf-8")
    assert "geheim" not in text and "password" not in text.lower()


def test_without_a_keyring_the_password_is_asked_each_time(
    qtbot: QtBot,
    open_window: Any,
    server: tuple[Server, Controller],
) -> None:
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())  # the ring fixture puts the previous one back
    window = open_window()
    send_test(qtbot, window, remember=True)
    assert window.tested is not None
    assert "geen sleutelbos" in window.banner.text().lower()
    assert credentials.get_password("127.0.0.1", "alv") is None


# --- making and previewing real cards ------------------------------------------------------------


def test_real_cards_are_made_on_the_worker_and_previewed(
    qtbot: QtBot,
    open_window: Any,
    session: Session,
    tmp_path: Path,
) -> None:
    window = open_window(service=lambda s: s.cards, codes=["GM0363", "GM1900"])
    assert window.page_view.pixmap() is not None and not window.page_view.pixmap().isNull()
    assert "GM0363" in window.preview_title.text()
    window.make_button.click()
    assert window.busy == "make"
    wait_idle(qtbot, window)
    assert window.last_make is not None and window.last_make.failed == []
    folder = tmp_path / "kaarten"
    assert sorted(p.name for p in folder.glob("*.pdf")) == [
        "stemkaart_GM0363_Amsterdam_v1.pdf",
        "stemkaart_GM1900_Sudwest-Fryslan_v1.pdf",
    ]
    raw = (folder / "stemkaarten.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfgemeentecode;gemeente;")
    _, rows = csvfile.read_rows(raw)
    assert [r["gemeente"] for r in rows] == ["Amsterdam", "Súdwest-Fryslân"]
    assert "2 stemkaarten gemaakt" in window.banner.text()

    window.table.selectRow(1)
    assert "GM1900" in window.preview_title.text()
    assert not window.phone_view.pixmap().isNull()


# --- the list read whole: issue "e-mail addresses and reasons cut off" ---------------------------

LONG_REASON = (
    "[e-mailadres]: 550 5.1.1 <[e-mailadres]>: mailbox unavailable; SMTPServerDisconnected: "
    "Connection unexpectedly closed"
)


def _cut_cells(window: CardsWindow) -> list[str]:
    """Every name, address or reason the list shows only in part (wrapped lines included)."""
    table, model = window.table, window.model
    metrics = QFontMetrics(table.font())
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    cut = []
    for row in range(model.rowCount()):
        for column in (model.NAME, model.EMAIL, model.DETAIL):
            text = str(model.index(row, column).data() or "")
            if column == model.EMAIL:
                text = text.replace("@", "@\u200b")  # as the address delegate draws it
            room = QRect(0, 0, table.columnWidth(column) - 2 * margin, 100_000)
            needed = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), text)
            if needed.width() > room.width() or needed.height() > table.rowHeight(row):
                cut.append(f"{model.rows[row].code} column {column}: {text!r} in {table.columnWidth(column)} px")
    return cut


@pytest.mark.parametrize("screen", [QSize(1366, 768 - 70), QSize(1024, 768 - 70)], ids=["1366x768", "1024x768"])
def test_the_list_shows_names_addresses_and_reasons_whole(
    qtbot: QtBot, session: Session, prefs: Preferences, tmp_path: Path, screen: QSize
) -> None:
    """The address column was 210 px and the reason column what was left: 'gemeentesecretaris@gron…'."""
    window = CardsWindow(session, prefs, out_dir=tmp_path, runner=PoolRunner(), service=stub_cards)
    qtbot.addWidget(window)
    window.fit_screen(QSize(1300, 720), room=screen)
    assert window.minimumSizeHint().width() <= screen.width()  # was 1,034 px: long lines did not wrap
    window.show()
    qtbot.waitExposed(window)
    codes = [r.code for r in window.model.rows]
    window.model.set_problems({code: LONG_REASON for code in codes[:3]})
    QApplication.processEvents()
    assert window.width() <= screen.width()
    assert not window.table.horizontalScrollBar().isVisible()
    assert _cut_cells(window) == []
    # Dragging the preview wider: the addresses wrap after their @, the names at their spaces; a
    # reason keeps room for its words (too narrow even for that: the list scrolls sideways).
    for left in (700, 560):
        window.splitter.setSizes([left, window.splitter.width() - left])
        QApplication.processEvents()
        assert _cut_cells(window) == []


def test_each_cell_has_its_own_whole_text_as_tooltip(qtbot: QtBot, open_window: Any, session: Session) -> None:
    window = open_window()
    window.model.set_problems({"GM0363": LONG_REASON})
    row, model = window.model.row_of("GM0363"), window.model
    email = str(session.meeting.designations()["GM0363"].email)
    assert model.index(row, model.EMAIL).data(Qt.ItemDataRole.ToolTipRole) == email  # was the reason
    assert model.index(row, model.DETAIL).data(Qt.ItemDataRole.ToolTipRole) == LONG_REASON
    assert model.index(row, model.NAME).data(Qt.ItemDataRole.ToolTipRole) == "Amsterdam"
    assert model.index(row, model.EMAIL).data() == email  # the break after @ is drawn, not in the data


def test_the_test_message_is_reported_once(
    qtbot: QtBot, open_window: Any, server: tuple[Server, Controller], ring: MemoryKeyring
) -> None:
    """The test message's outcome showed twice: in the banner and beside its button."""
    window = open_window()
    send_test(qtbot, window, remember=False)
    said = "Testbericht verstuurd aan " + SENDER
    assert said in window.test_label.text()
    assert window.banner.isHidden() or said not in window.banner.text()
    send_test(qtbot, window, remember=True)  # the keyring's note is the banner's only news
    assert said in window.test_label.text() and said not in window.banner.text()
    assert "sleutelbos" in window.banner.text()
    send_test(qtbot, window, password="fout")  # refused: the label no longer says it is being sent
    assert "535" in window.banner.text() and "wordt verstuurd" not in window.test_label.text()
