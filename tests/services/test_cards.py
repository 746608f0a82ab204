"""Tests for desk_app.services.cards: batch, reissue (refused at the desk), and e-mail via real SMTP."""

from __future__ import annotations

import email
import re
import socket
import ssl
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from desk_app.domain.checkin import VerdictKind
from desk_app.domain.mandate import Designation
from desk_app.domain.text import DeskError
from desk_app.domain.token import make_card_token, parse_token
from desk_app.export import csvfile
from desk_app.printing.card import CardData, CardFiles, Decoder, card_file_stem
from desk_app.scanning.decoder import decode_image
from desk_app.services import cards as cards_mod
from desk_app.services.cards import INDEX_COLUMNS, CardService, MailState, SmtpSettings
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.storage import audit
from desk_app.storage import cards as cards_repo
from desk_app.storage import meeting as meeting_repo
from tests.helpers import committed

ACTOR = Actor("secretariaat", "a.jansen")
SOME = ["GM0014", "GM0034", "GM0363", "GM0518", "GM0599", "GM1900"]


@pytest.fixture
def service(meeting: MeetingService, qapp: object) -> CardService:
    """Makes real cards: painted, read back, saved."""
    return CardService(meeting.store, ACTOR)


@pytest.fixture
def stub_service(meeting: MeetingService) -> CardService:
    """For tests that never look at a card: ``stub_card`` files instead of painted ones."""
    return CardService(meeting.store, ACTOR, make=stub_card)


def audit_actions(meeting: MeetingService) -> Counter[str]:
    return Counter(e.action for e in audit.entries(meeting.store))


def pdf_token(data: bytes) -> list[str]:
    page = pdfium.PdfDocument(data)[0]
    array = page.render(scale=120 / 72, grayscale=True).to_numpy()
    return decode_image(np.ascontiguousarray(array[:, :, 0] if array.ndim == 3 else array))


# --- the batch -------------------------------------------------------------------------------


def stub_card(data: CardData, out_dir: Path, decode: Decoder) -> CardFiles:
    """Stands in for ``make_card`` with the same file names: a few bytes naming the token, no painting.

    For the tests of what happens around the cards (store, index, progress, mail, resuming). Real
    cards are painted and read back below and in tests/printing; all 342 of them, each required
    to read back, in ``benchmarks/bench_cards.py``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = card_file_stem(data)
    pdf, png = out_dir / f"{stem}.pdf", out_dir / f"{stem}_telefoon.png"
    pdf.write_bytes(STUB_PDF + data.token.encode())
    png.write_bytes(STUB_PNG + data.token.encode())
    return CardFiles(pdf, png)


STUB_PDF, STUB_PNG = b"%PDF-stub ", b"PNG-stub "


def test_every_municipality_gets_its_card_recorded_made_and_indexed(meeting: MeetingService, tmp_path: Path) -> None:
    service = CardService(meeting.store, ACTOR, make=stub_card)
    seen: list[tuple[int, int, str]] = []
    result = service.make_all(tmp_path, progress=lambda d, t, c: seen.append((d, t, c)))
    assert result.failed == []
    assert len(result.made) == 342
    assert [d for d, _, _ in seen] == list(range(1, 343)) and {t for _, t, _ in seen} == {342}

    # Every current card is in the store, and the card made for it carries that token.
    current = service.current_cards()
    assert len(current) == 342 and {c.version for c in current.values()} == {1}
    members = {m.code: m for m in meeting.members()}
    header, rows = csvfile.read_rows((tmp_path / "stemkaarten.csv").read_bytes())
    assert tuple(header) == INDEX_COLUMNS
    assert len(rows) == 342 and {r["gemeentecode"] for r in rows} == set(members)
    for row in rows:
        assert row["gemeente"] == members[row["gemeentecode"]].name
        assert row["kaartversie"] == "1"
        assert row["e-mailadres"].startswith("gemeentesecretaris@")
        token = current[row["gemeentecode"]].token.encode()
        assert (tmp_path / row["bestand"]).read_bytes() == STUB_PDF + token
        assert (tmp_path / row["telefoonbestand"]).read_bytes() == STUB_PNG + token

    assert audit_actions(meeting)["card.issue"] == 1
    # A second run issues nothing new and changes no token.
    again = service.make_all(tmp_path, codes=["GM0363"])
    assert [c.code for c in again.made] == ["GM0363"]
    assert audit_actions(meeting)["card.issue"] == 1
    assert service.current_cards() == current


def test_real_cards_of_the_longest_names_read_back_with_the_stored_token(
    meeting: MeetingService, service: CardService, tmp_path: Path
) -> None:
    # The layout's hardest cases from the register (the longest names), painted and read back by
    # the batch; the PDFs are then read again independently (pdfium, not Qt) for the stored token.
    longest = sorted(meeting.members(), key=lambda m: (-len(m.name), m.code))[:4]
    codes = [m.code for m in longest]
    result = service.make_all(tmp_path, codes=codes)
    assert result.failed == [] and sorted(c.code for c in result.made) == sorted(codes)
    current = service.current_cards()
    for card in result.made:
        assert pdf_token(card.pdf.read_bytes()) == [current[card.code].token]
        assert card.png.stat().st_size > 10_000  # a real image, not a stub


def test_a_card_that_does_not_read_back_is_listed_and_left_out(
    meeting: MeetingService, qapp: object, tmp_path: Path
) -> None:
    real = decode_image

    def picky(gray: np.ndarray) -> list[str]:
        found = real(gray)
        return [] if found and parse_token(found[0]).municipality_code == "GM0034" else found

    result = CardService(meeting.store, ACTOR, decode=picky).make_all(tmp_path, codes=SOME)
    assert [f.code for f in result.failed] == ["GM0034"]
    assert "Almere" in result.failed[0].message and "niet gemaakt" in result.failed[0].message
    assert sorted(c.code for c in result.made) == sorted(set(SOME) - {"GM0034"})
    assert not list(tmp_path.glob("*GM0034*"))
    index = (tmp_path / "stemkaarten.csv").read_text(encoding="utf-8-sig")
    assert "GM0034" not in index


# --- reissue ---------------------------------------------------------------------------------


def test_reissue_revokes_the_old_card_and_the_desk_refuses_it(
    meeting: MeetingService, service: CardService, tmp_path: Path
) -> None:
    service.make_all(tmp_path, codes=["GM0363"])
    old = service.current_cards()["GM0363"]
    new = service.reissue("GM0363", "kaart kwijt")
    assert (new.version, new.reason, new.issued_by) == (2, "kaart kwijt", "a.jansen")
    assert new.token != old.token
    history = service.cards_of("GM0363")
    assert [c.version for c in history] == [1, 2]
    assert history[0].revoked_at == new.issued_at and history[0].revoked_by == "a.jansen"
    assert history[0].revoked_reason == "kaart kwijt" and history[1].revoked_at is None
    entry = [e for e in audit.entries(meeting.store) if e.action == "card.reissue"][-1]
    assert entry.object == "GM0363"
    assert {k: v for k, v in entry.details.items() if k != "reason"} == {"old_version": 1, "new_version": 2}
    assert committed(meeting.store, entry) == "kaart kwijt"  # the chain holds its salted hash only
    old_row = meeting.store.query("SELECT revoked_reason FROM cards WHERE code = 'GM0363' AND version = 1")[0]
    assert old_row["revoked_reason"] == entry.details["reason"]  # so does the card's row

    # At the desk: the old card is refused as replaced, with when and by whom; the new one works.
    desk = DeskService(meeting.store, Actor("balie-1", "balie"))
    verdict = desk.scan(old.token)
    assert verdict.kind is VerdictKind.REVOKED
    text = verdict.detail.render("nl", **verdict.params)
    assert "vervangen" in text and "a.jansen" in text and "kaart kwijt" in text
    assert desk.scan(new.token).kind is VerdictKind.ACCEPTED

    # The folder holds the new card only: a revoked card must not be printed or mailed by mistake.
    made = service.make_one("GM0363", tmp_path)
    assert made.version == 2 and made.pdf.name == "stemkaart_GM0363_Amsterdam_v2.pdf"
    assert sorted(p.name for p in tmp_path.glob("stemkaart_GM0363_*")) == [
        "stemkaart_GM0363_Amsterdam_v2.pdf",
        "stemkaart_GM0363_Amsterdam_v2_telefoon.png",
    ]
    assert pdf_token(made.pdf.read_bytes()) == [new.token]


def test_other_meeting_card_is_refused_with_its_own_reason(meeting: MeetingService) -> None:
    m = meeting.meeting()
    other_no = 1000 if m.meeting_no != 1000 else 1001
    desk = DeskService(meeting.store, Actor("balie-1", "balie"))
    verdict = desk.scan(make_card_token(other_no, b"x" * 32, "GM0363", 1))
    assert verdict.kind is VerdictKind.OTHER_MEETING


def test_reissue_before_any_card_was_recorded(meeting: MeetingService, stub_service: CardService) -> None:
    new = stub_service.reissue("GM0014", "andere vertegenwoordiger")
    assert new.version == 2
    assert [(c.version, c.revoked_reason) for c in stub_service.cards_of("GM0014")] == [
        (1, "andere vertegenwoordiger"),
        (2, None),
    ]


def test_reissue_refusals(meeting: MeetingService, stub_service: CardService) -> None:
    with pytest.raises(DeskError) as info:
        stub_service.reissue("GM9999", "kwijt")
    assert info.value.code == "card.unknown_member"
    with pytest.raises(DeskError) as info:
        stub_service.reissue("GM0363", "   ")
    assert info.value.code == "card.reason"
    for _ in range(98):
        stub_service.reissue("GM0363", "test")
    assert stub_service.current_cards()["GM0363"].version == 99
    with pytest.raises(DeskError) as info:
        stub_service.reissue("GM0363", "test")
    assert info.value.code == "card.too_many"
    assert stub_service.current_cards()["GM0363"].version == 99  # nothing changed


# --- e-mail ----------------------------------------------------------------------------------


class Mailbox:
    """An aiosmtpd handler that keeps every message; it can refuse or drop chosen recipients."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse: set[str] = set()
        self.drop_after_data: set[str] = set()
        self.limit: int | None = None  # after this many messages: "421", and the session is closed
        self.hang_up = False  # at the limit, close the session without an answer
        self.lock = threading.Lock()

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook names
        self,
        server: Any,
        session: Any,
        envelope: Any,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        if self.limit is not None and len(self.messages) >= self.limit:
            if self.hang_up:
                server.transport.close()
            return "421 4.7.0 too many messages, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        if set(envelope.rcpt_tos) & self.drop_after_data:
            # Taken, but the connection breaks before the client hears "250": the real
            # ambiguous case.
            server.transport.close()
        return "250 Message accepted for delivery"

    def recipients(self) -> Counter[str]:
        return Counter(r for rcpts, _ in self.messages for r in rcpts)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"alv", b"geheim")
    # handled=False: let aiosmtpd answer "535" itself (its default assumes we already replied).
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, SmtpSettings]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, SmtpSettings("127.0.0.1", port, "none", "", "", "alv@vng.example", timeout=10)
    finally:
        controller.stop()


def test_each_secretary_gets_one_message_with_the_right_card(
    meeting: MeetingService, service: CardService, tmp_path: Path, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    box, smtp = mailbox
    result = service.send_all(smtp, tmp_path, codes=SOME)
    assert sorted(result.sent) == sorted(SOME) and result.failed == [] and result.uncertain == []
    reps = meeting.designations()
    assert box.recipients() == Counter({reps[c].email: 1 for c in SOME})
    current = service.current_cards()
    for rcpts, msg in box.messages:
        code = next(c for c in SOME if reps[c].email == rcpts[0])
        assert msg["To"] == reps[code].email and msg["From"] == "VNG secretariaat ALV <alv@vng.example>"
        assert msg["Subject"].startswith("Stemkaart ")
        assert "Geachte gemeentesecretaris" in msg.get_body(("plain",)).get_content()
        attachments = {p.get_filename(): p for p in msg.iter_attachments()}
        pdf = next(p for name, p in attachments.items() if name.endswith(".pdf"))
        assert pdf.get_content_type() == "application/pdf"
        assert pdf_token(pdf.get_content()) == [current[code].token]
        assert any(name.endswith("_telefoon.png") for name in attachments)
    states = service.mail_state()
    assert {k[0] for k, v in states.items() if v["state"] == "sent"} == set(SOME)
    assert audit_actions(meeting)["card.mail.sent"] == len(SOME)
    # The address is personal data: it enters the audit chain only as a salted hash.
    attempt = next(e for e in audit.entries(meeting.store) if e.action == "card.mail.attempt")
    assert str(attempt.details["email"]).startswith("sha256:")

    # Running again sends nothing.
    again = service.send_all(smtp, tmp_path, codes=SOME)
    assert again.sent == [] and sorted(again.already_sent) == sorted(SOME)
    assert len(box.messages) == len(SOME)


def test_erasing_the_addresses_does_not_send_anyone_a_second_card(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    box, smtp = mailbox
    stub_service.send_all(smtp, tmp_path, codes=SOME)
    with meeting.store.transaction() as db:  # as the archive's erasure runs it
        assert cards_repo.erase_personal(db) == len(SOME)
    assert all(row["email"] is None for row in stub_service.mail_state().values())
    again = stub_service.send_all(smtp, tmp_path, codes=SOME)
    assert again.sent == [] and sorted(again.already_sent) == sorted(SOME)
    assert len(box.messages) == len(SOME)


class Interrupted(Exception):
    pass


def test_interrupted_batch_of_all_secretaries_resumes_without_duplicates(
    meeting: MeetingService, tmp_path: Path, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    # What is tested is the mail path over the whole register: stub cards keep it quick.
    service = CardService(meeting.store, ACTOR, make=stub_card)
    box, smtp = mailbox

    def stop_at_150(done: int, total: int, code: str) -> None:
        if done == 151:
            raise Interrupted

    with pytest.raises(Interrupted):
        service.send_all(smtp, tmp_path, progress=stop_at_150)
    assert len(box.messages) == 150
    result = service.send_all(smtp, tmp_path)
    assert len(result.already_sent) == 150 and len(result.sent) == 192
    emails = {d.email for d in meeting.designations().values()}
    assert len(emails) == 342
    assert box.recipients() == Counter({e: 1 for e in emails})  # one message per secretary


def test_crash_after_the_server_took_the_message_is_not_resent_blindly(
    meeting: MeetingService,
    stub_service: CardService,
    tmp_path: Path,
    mailbox: tuple[Mailbox, SmtpSettings],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box, smtp = mailbox
    real_send = cards_mod._Connection.send
    calls = {"n": 0}

    def send_then_die(self: Any, message: EmailMessage) -> tuple[str, str | None]:
        outcome = real_send(self, message)
        calls["n"] += 1
        if calls["n"] == 3:
            raise Interrupted  # the process dies before "sent" is recorded
        return outcome

    monkeypatch.setattr(cards_mod._Connection, "send", send_then_die)
    with pytest.raises(Interrupted):
        stub_service.send_all(smtp, tmp_path, codes=SOME)
    monkeypatch.setattr(cards_mod._Connection, "send", real_send)
    third = sorted(SOME)[2]
    assert stub_service.mail_state()[(third, 1)]["state"] == "sending"

    result = stub_service.send_all(smtp, tmp_path, codes=SOME)
    assert result.uncertain == [third]
    assert sorted(result.sent + result.already_sent) == sorted(set(SOME) - {third})
    assert max(box.recipients().values()) == 1 and len(box.messages) == len(SOME)

    # Only when the operator says so (e.g. after the secretary reports nothing arrived).
    retry = stub_service.send_all(smtp, tmp_path, codes=[third], resend_uncertain=True)
    assert retry.sent == [third]
    assert stub_service.mail_state()[(third, 1)]["attempts"] == 2


def test_connection_lost_after_data_is_uncertain_and_the_batch_goes_on(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    box, smtp = mailbox
    reps = meeting.designations()
    box.drop_after_data.add(reps["GM0363"].email)  # type: ignore[arg-type]
    result = stub_service.send_all(smtp, tmp_path, codes=SOME)
    assert result.uncertain == ["GM0363"]
    assert sorted(result.sent) == sorted(set(SOME) - {"GM0363"})  # reconnected for the rest
    row = stub_service.mail_state()[("GM0363", 1)]
    assert row["state"] == "sending" and row["error"]
    again = stub_service.send_all(smtp, tmp_path, codes=SOME)
    assert again.uncertain == ["GM0363"] and again.sent == []
    assert box.recipients()[reps["GM0363"].email] == 1


def test_refused_recipient_is_listed_and_retried_next_run(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    box, smtp = mailbox
    reps = meeting.designations()
    bad = reps["GM0518"].email
    box.refuse.add(bad)  # type: ignore[arg-type]
    result = stub_service.send_all(smtp, tmp_path, codes=SOME)
    assert [f.code for f in result.failed] == ["GM0518"]
    assert "550" in result.failed[0].message
    assert stub_service.mail_state()[("GM0518", 1)]["state"] == "failed"
    # The refusal quotes the address; the audit chain cannot be erased, so it keeps the reason
    # without it, and so does the send record (whose own address column can be erased).
    failed = next(e for e in audit.entries(meeting.store) if e.action == "card.mail.failed")
    assert "550" in str(failed.details["error"]) and bad not in str(failed.details)
    assert bad not in str(stub_service.mail_state()[("GM0518", 1)]["error"])
    box.refuse.clear()
    again = stub_service.send_all(smtp, tmp_path, codes=SOME)
    assert again.sent == ["GM0518"]
    assert box.recipients()[bad] == 1


def test_reissued_card_is_sent_again_as_its_new_version(
    meeting: MeetingService, service: CardService, tmp_path: Path, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    box, smtp = mailbox
    service.send_all(smtp, tmp_path, codes=["GM0363"])
    new = service.reissue("GM0363", "andere vertegenwoordiger")
    result = service.send_all(smtp, tmp_path, codes=["GM0363"])
    assert result.sent == ["GM0363"]
    last = box.messages[-1][1]
    pdf = next(p for p in last.iter_attachments() if p.get_filename().endswith("_v2.pdf"))
    assert pdf_token(pdf.get_content()) == [new.token]


def test_starttls_with_login(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path, tls_files: tuple[Path, Path]
) -> None:
    cert, key = tls_files
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    box = Mailbox()
    port = free_port()
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_ctx,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticate,
    )
    controller.start()
    try:
        smtp = SmtpSettings(
            "127.0.0.1", port, "starttls", "alv", "geheim", "alv@vng.example", timeout=10, ssl_context=client_ctx
        )
        assert stub_service.send_all(smtp, tmp_path, codes=["GM0363"]).sent == ["GM0363"]
        wrong = SmtpSettings(
            "127.0.0.1", port, "starttls", "alv", "fout", "alv@vng.example", timeout=10, ssl_context=client_ctx
        )
        with pytest.raises(DeskError) as info:
            stub_service.send_all(wrong, tmp_path, codes=["GM0014"])
        assert info.value.code == "mail.login"
        assert "535" in info.value.message("nl")
    finally:
        controller.stop()
    assert len(box.messages) == 1
    assert ("GM0014", 1) not in stub_service.mail_state()  # nothing recorded when login failed


def test_implicit_ssl(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path, tls_files: tuple[Path, Path]
) -> None:
    cert, key = tls_files
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, ssl_context=server_ctx)
    controller.start()
    try:
        smtp = SmtpSettings(
            "127.0.0.1",
            port,
            "ssl",
            "",
            "",
            "alv@vng.example",
            timeout=10,
            ssl_context=ssl.create_default_context(cafile=str(cert)),
        )
        assert stub_service.send_all(smtp, tmp_path, codes=["GM0363"]).sent == ["GM0363"]
        # An untrusted certificate is refused: the system store does not know our test CA.
        untrusted = SmtpSettings("127.0.0.1", port, "ssl", "", "", "alv@vng.example", timeout=10)
        with pytest.raises(DeskError) as info:
            stub_service.send_all(untrusted, tmp_path, codes=["GM0014"])
        assert info.value.code == "mail.connect"
    finally:
        controller.stop()
    assert len(box.messages) == 1


def test_no_server_is_a_clear_error_and_records_nothing(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path
) -> None:
    smtp = SmtpSettings("127.0.0.1", free_port(), "none", "", "", "alv@vng.example", timeout=3)
    with pytest.raises(DeskError) as info:
        stub_service.send_all(smtp, tmp_path, codes=SOME)
    assert info.value.code == "mail.connect"
    assert "Er is niets verstuurd" in info.value.message("nl")
    assert stub_service.mail_state() == {}
    with pytest.raises(DeskError) as info:
        stub_service.send_all(None, tmp_path)
    assert info.value.code == "mail.not_configured"


def test_dry_run_writes_eml_files_and_records_nothing(
    meeting: MeetingService, service: CardService, tmp_path: Path
) -> None:
    result = service.send_all(None, tmp_path, dry_run=True, codes=SOME)
    assert len(result.eml_files) == len(SOME)
    reps = meeting.designations()
    current = service.current_cards()
    for path in result.eml_files:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        code = next(c for c in SOME if reps[c].email == msg["To"])
        pdf = next(p for p in msg.iter_attachments() if p.get_filename().endswith(".pdf"))
        assert pdf_token(pdf.get_content()) == [current[code].token]
        assert f"kaartversie 1, {code}" in msg.get_body(("plain",)).get_content()
    assert service.mail_state() == {}
    assert audit_actions(meeting)["card.mail.sent"] == 0


def test_member_without_address_is_listed(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    box, smtp = mailbox
    meeting.set_designation("GM0363", name=None, role=None, email=None)
    result = stub_service.send_all(smtp, tmp_path, codes=["GM0363", "GM0014"])
    assert result.no_address == ["GM0363"] and result.sent == ["GM0014"]
    assert box.recipients() == Counter({meeting.designations()["GM0014"].email: 1})


# --- the index, addresses, headers, stopping ------------------------------------------------


def test_the_index_is_excel_safe_like_the_exports(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path
) -> None:
    # A name and an address as hostile text may arrive from an older file (the checks came later):
    # written straight into the store, as someone with the sqlite3 shell would.
    with meeting.store.transaction() as db:
        meeting_repo.upsert_designations(
            db, [Designation("GM0363", '=HYPERLINK("x")', None, "=1+1@evil.nl")], audit.now_iso()
        )
        db.execute("UPDATE members SET name = '@SUM(A1)' WHERE code = 'GM0014'")
    stub_service.make_all(tmp_path, codes=["GM0014", "GM0363", "GM0599"])
    raw = (tmp_path / "stemkaarten.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfgemeentecode;gemeente;e-mailadres;bestand;kaartversie;telefoonbestand\r\n")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[1].startswith("GM0014;'@SUM(A1);")
    assert ";'=1+1@evil.nl;" in lines[2]
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line.split(";"))
    _, rows = csvfile.read_rows(raw)  # and it reads back exactly
    assert [r["e-mailadres"] for r in rows][1] == "=1+1@evil.nl"


@pytest.mark.parametrize(
    "address",
    ["=1+1@evil.nl", "+31612345678@sms.nl", "@x.nl", "-x@y.nl", "a@b.nl\nBcc: all@vng.nl", "x@y", "a..b@y.nl"],
)
def test_a_formula_or_bad_address_is_refused_and_changes_nothing(meeting: MeetingService, address: str) -> None:
    before = meeting.designations()["GM0363"]
    with pytest.raises(DeskError) as info:
        meeting.set_designation("GM0363", name="Jan", role="burgemeester", email=address)
    assert info.value.code == "reps.bad_email"
    assert meeting.designations()["GM0363"] == before


def test_a_bad_address_in_an_old_file_is_never_handed_to_the_server(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    box, smtp = mailbox
    with meeting.store.transaction() as db:
        meeting_repo.upsert_designations(db, [Designation("GM0363", None, None, "=1+1@evil.nl")], audit.now_iso())
    result = stub_service.send_all(smtp, tmp_path, codes=["GM0014", "GM0363"])
    assert result.sent == ["GM0014"] and "GM0363" in result.no_address
    assert [f.code for f in result.failed] == ["GM0363"] and "Ongeldig e-mailadres" in result.failed[0].message
    assert box.recipients() == Counter({meeting.designations()["GM0014"].email: 1})
    assert ("GM0363", 1) not in stub_service.mail_state()
    status = {s.code: s for s in stub_service.statuses(["GM0014", "GM0363"])}
    assert status["GM0363"].state is MailState.NO_ADDRESS and "=1+1@evil.nl" in (status["GM0363"].detail or "")


def test_every_message_has_a_date_and_a_message_id_unique_per_card_version(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    box, smtp = mailbox
    stub_service.send_all(smtp, tmp_path, codes=SOME[:3])
    stub_service.reissue("GM0014", "kaart kwijt")
    stub_service.send_all(smtp, tmp_path, codes=["GM0014"])
    ids = []
    for _, msg in box.messages:
        assert email.utils.parsedate_to_datetime(msg["Date"]) is not None
        assert re.fullmatch(r"<[^<>@\s]+@vng\.example>", msg["Message-ID"])
        ids.append(msg["Message-ID"])
    assert len(set(ids)) == 4  # version 2 of GM0014 is another message than version 1
    # The id is the one recorded for the card: a resend of an uncertain message keeps it.
    assert stub_service.mail_state()[("GM0014", 2)]["message_id"] == ids[-1]


def test_the_test_message_goes_to_the_sender_only_and_records_nothing(
    meeting: MeetingService, stub_service: CardService, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    box, smtp = mailbox
    before = audit_actions(meeting)
    sent = stub_service.send_test(smtp)
    assert sent.to == "alv@vng.example"
    assert [r for r, _ in box.messages] == [["alv@vng.example"]]
    msg = box.messages[0][1]
    assert msg["Message-ID"].strip() == sent.message_id and msg["Date"] and "Testbericht" in msg["Subject"]
    assert audit_actions(meeting) == before and stub_service.mail_state() == {}
    with pytest.raises(DeskError) as info:
        stub_service.send_test(SmtpSettings(smtp.host, smtp.port, "none", "", "", "=1+1@evil.nl", timeout=5))
    assert info.value.code == "mail.sender"


def test_a_stopped_batch_lists_the_rest_and_resumes_without_duplicates(
    meeting: MeetingService, stub_service: CardService, tmp_path: Path, mailbox: tuple[Mailbox, SmtpSettings]
) -> None:
    box, smtp = mailbox
    result = stub_service.send_all(smtp, tmp_path, codes=SOME, cancel=lambda: len(box.messages) >= 2)
    assert result.cancelled and len(result.sent) == 2 and result.not_reached == sorted(SOME)[2:]
    states = {s.code: s.state for s in stub_service.statuses(SOME)}
    assert sorted(states.values()) == sorted([MailState.SENT] * 2 + [MailState.NOT_YET] * 4)
    again = stub_service.send_all(smtp, tmp_path, codes=SOME)
    assert len(again.already_sent) == 2 and len(again.sent) == 4 and not again.cancelled
    assert max(box.recipients().values()) == 1 and len(box.messages) == len(SOME)


@pytest.mark.parametrize("hang_up", [False, True], ids=["421", "hang-up"])
def test_a_server_that_stops_after_some_messages_fails_the_rest_and_they_go_next_run(
    meeting: MeetingService,
    stub_service: CardService,
    tmp_path: Path,
    mailbox: tuple[Mailbox, SmtpSettings],
    hang_up: bool,
) -> None:
    box, smtp = mailbox
    box.limit, box.hang_up = 2, hang_up  # then "421 too many messages", or the line goes dead before RCPT's answer
    result = stub_service.send_all(smtp, tmp_path, codes=SOME)
    # Before the end of the message nothing can have been delivered: failed, not uncertain.
    assert len(result.sent) == 2 and len(result.failed) == 4 and result.uncertain == []
    assert all(("Disconnected" if hang_up else "421") in f.message for f in result.failed)
    statuses = stub_service.statuses(SOME)
    assert sorted(s.state for s in statuses) == sorted([MailState.SENT] * 2 + [MailState.FAILED] * 4)
    box.limit = None
    again = stub_service.send_all(smtp, tmp_path, codes=SOME)
    assert sorted(again.sent) == sorted(f.code for f in result.failed)
    assert max(box.recipients().values()) == 1 and len(box.messages) == len(SOME)


def test_preview_paints_the_current_card_without_saving(
    meeting: MeetingService, service: CardService, tmp_path: Path
) -> None:
    service.reissue("GM0363", "kaart kwijt")
    preview = service.preview("GM0363", dpi=60)
    assert preview.version == 2 and preview.phone.width() == 1080
    gray = np.frombuffer(preview.page.constBits(), np.uint8).reshape(preview.page.height(), preview.page.bytesPerLine())
    assert gray.shape[0] == round(297 / 25.4 * 60)
    assert decode_image(np.ascontiguousarray(_phone_gray(preview.phone))) == [service.current_cards()["GM0363"].token]


def _phone_gray(image: Any) -> np.ndarray:
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width()]


# --- issue 12.12: no PySide6 type is made by two painting threads at once --------------------

_FIRST_USE_PROBE = r"""
import sys, threading
made = []
def watch(frame, event, arg):
    # PySide6 makes a class's Python enums with enum's functional API on first use of the class.
    if event == "call" and frame.f_code.co_name == "_create_" and frame.f_code.co_filename.endswith("enum.py"):
        made.append((frame.f_locals.get("class_name"), threading.current_thread().name))
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
from pathlib import Path
from desk_app.session import Session
from tests.helpers import committed
with Session.open(sys.argv[1]) as session:
    sys.setprofile(watch)
    threading.setprofile(watch)
    result = session.cards.make_all(Path(sys.argv[2]), codes=["GM0014", "GM0034", "GM0363", "GM0518"])
    sys.setprofile(None)
    threading.setprofile(None)
assert not result.failed, result.failed
print(repr(made))
"""


def test_painting_threads_never_make_a_pyside_type_themselves(meeting_file: Path, tmp_path: Path) -> None:
    """The cause of the 1-in-30 segfault: QGradient's enums were first made inside fillRect by a
    pool thread while the other pool thread used them. Now every such type is made on the thread
    that starts the pool, before it starts. Run in a fresh process: in this one they exist already.
    """
    import ast
    import os
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_USE_PROBE, str(meeting_file), str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    made: list[tuple[str, str]] = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert ("Preset", "MainThread") in made  # QGradient's, the one that crashed: made here, first
    assert [m for m in made if m[1] != "MainThread"] == []
