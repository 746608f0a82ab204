"""Stemkaarten for a meeting: issue, make (one or all), reissue, and e-mail them to the secretaries.

Use cases, each one transaction with one audit entry where state changes:

* :meth:`CardService.make_all` records the current card of every municipality (version 1 when it
  has none yet), then makes and reads back every card (PDF + phone PNG) into a folder with an
  index CSV. Rendering runs on a small thread pool; the store is only used by the calling thread.
* :meth:`CardService.reissue` revokes the current card and issues the next version: scanned later,
  the old card is refused by the desk as "vervangen kaart" with when and by whom.
* :meth:`CardService.send_all` e-mails each secretary the card (SMTP with SSL or STARTTLS and
  login, or ``.eml`` files in a dry run). Every send is recorded in ``card_mail`` before and after
  the SMTP transaction, so a batch interrupted at any point (a crash, a refusing server, the
  operator's stop) resumes without a second card to anyone; a send whose outcome is unknown is
  listed, not repeated, unless asked. :meth:`CardService.send_test` first sends one message to
  the sender's own address; :meth:`CardService.statuses` says where each card stands.

The index ``stemkaarten.csv`` is written like the exports' CSV files (``;``, UTF-8 with BOM,
Dutch headers, formula cells neutralised). Painting cards needs a ``QGuiApplication``: the
composition root (GUI or CLI) creates it. Before cards are painted on other threads,
:meth:`CardService.prepare` runs once on the thread that starts them (issue 12.12).
The SQL behind these use cases is in :mod:`desk_app.storage.cards`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import smtplib
import ssl
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.domain.clock import dutch_date
from desk_app.domain.limits import TextKind, check_text
from desk_app.domain.mandate import role_label, valid_email
from desk_app.domain.meeting import Meeting
from desk_app.domain.text import DeskError, Text, Translator
from desk_app.domain.token import make_card_token
from desk_app.export import csvfile
from desk_app.printing.card import (
    CHECK_DPI,
    CardData,
    CardFiles,
    Decoder,
    card_file_stem,
    make_card,
    prepare_threads,
    render_card_page,
    render_card_phone,
)
from desk_app.services.meeting import Actor
from desk_app.storage import audit
from desk_app.storage import cards as cards_repo
from desk_app.storage import meeting as meeting_repo
from desk_app.storage.archive import committed_values
from desk_app.storage.cards import CardRecord  # re-exported: part of this service's API
from desk_app.storage.db import Store

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

    from PySide6.QtGui import QImage

    from desk_app.settings import Preferences

__all__ = [
    "CardRecord",
    "MadeCard",
    "CardFailure",
    "BatchResult",
    "SmtpSettings",
    "SendResult",
    "MailState",
    "CardStatus",
    "CardPreview",
    "TestMessage",
    "CardService",
    "INDEX_NAME",
    "INDEX_COLUMNS",
]

INDEX_NAME = "stemkaarten.csv"
#: Dutch headers, as in the export's CSV files: the secretariat opens this file in Excel.
INDEX_COLUMNS = ("gemeentecode", "gemeente", "e-mailadres", "bestand", "kaartversie", "telefoonbestand")
MAX_VERSION = 99  # two digits in the token
FIRST_ISSUE = "eerste uitgifte"

#: Called for each card or message: (done, total, municipality code).
Progress = Callable[[int, int, str], None]
#: Asked before each card or message: True stops the batch there (the operator pressed Stop).
Cancelled = Callable[[], bool]
#: Makes, reads back and saves one card (``desk_app.printing.card.make_card``).
CardMaker = Callable[[CardData, Path, Decoder], CardFiles]

T_UNKNOWN = Text(
    "Gemeentecode {code} staat niet in het ledenregister.",
    "Municipality code {code} is not in the member register.",
)
T_NO_MEETING = Text(
    "Dit bestand bevat nog geen vergadering. Maak er een aan met 'desk-app init'.",
    "This file holds no meeting yet. Create one with 'desk-app init'.",
)
T_TOO_MANY = Text(
    "{code} heeft al {max} kaartversies; er kan geen nieuwe kaart meer worden gemaakt. Registreer "
    "de vertegenwoordiger aan de balie via opzoeken op naam of code.",
    "{code} already has {max} card versions; no new card can be made. Register the "
    "representative at the desk by looking up the name or code.",
)
T_REASON = Text(
    "Geef een reden op voor de nieuwe kaart (bijvoorbeeld: kaart kwijt, andere vertegenwoordiger).",
    "Give a reason for the new card (for example: card lost, another representative).",
)
T_SMTP_MISSING = Text(
    "Er is geen mailserver ingesteld. Vul de SMTP-instellingen in, of maak eerst .eml-bestanden met --dry-run.",
    "No mail server is set up. Fill in the SMTP settings, or make .eml files first with --dry-run.",
)
T_SMTP_CONNECT = Text(
    "Kan niet verbinden met mailserver {host}:{port} ({error}). Er is niets verstuurd dat nog niet "
    "als verstuurd stond. Controleer de instellingen en de netwerkverbinding en probeer opnieuw.",
    "Cannot connect to mail server {host}:{port} ({error}). Nothing was sent that was not already "
    "recorded as sent. Check the settings and the network connection and try again.",
)
T_SMTP_LOGIN = Text(
    "De mailserver {host} weigert de aanmelding als '{user}' ({error}). Controleer gebruikersnaam en wachtwoord.",
    "Mail server {host} refuses the login as '{user}' ({error}). Check user name and password.",
)
T_BAD_ADDRESS = Text(
    "Ongeldig e-mailadres '{email}': niet verstuurd. Verbeter het adres bij de vertegenwoordigers.",
    "Invalid e-mail address '{email}': not sent. Correct the address with the representatives.",
)
T_NO_SENDER = Text(
    "Er is geen geldig afzenderadres ingesteld ('{sender}'). Vul het in bij Instellingen → SMTP.",
    "No valid sender address is set ('{sender}'). Fill it in under Settings → SMTP.",
)
T_TEST_REFUSED = Text(
    "De mailserver nam het testbericht aan {sender} niet aan: {error}",
    "The mail server did not accept the test message to {sender}: {error}",
)
T_SECURITY = Text(
    "Onbekende beveiliging '{value}' voor de mailserver; kies ssl, starttls of none.",
    "Unknown mail server security '{value}'; choose ssl, starttls or none.",
)

_SUBJECT = "Stemkaart {municipality} — {meeting}, {date}"
# One paragraph per line (mail programs wrap them); kept as pieces only for the line length.
_BODY = (
    "Geachte gemeentesecretaris,\n"
    "\n"
    "In de bijlage vindt u de stemkaart van de gemeente {municipality} voor de {meeting} op {date} "
    "in {place}.\n"
    "\n"
    "Geef de kaart aan de vertegenwoordiger van uw gemeente. Die neemt de kaart mee naar de "
    "stembalie bij de ingang van de zaal, geprint of op de telefoon (de afbeelding in de bijlage is "
    "daarvoor gemaakt), en ontvangt daar de stempas met {votes}.\n"
    "{representative}\n"
    "Met de kaart mag alleen stemmen: de burgemeester, een wethouder, een raadslid, de "
    "gemeentesecretaris of de griffier van {municipality}. Kan de vertegenwoordiger niet komen, dan "
    "mag een andere van deze personen van {municipality} de kaart gebruiken. Een andere gemeente mag "
    "de kaart niet gebruiken: stuur de kaart dus niet door naar een andere gemeente.\n"
    "\n"
    "Kaart kwijt, of klopt er iets niet? Beantwoord dan dit bericht. U krijgt een nieuwe kaart; de "
    "oude is daarna niet meer geldig.\n"
    "\n"
    "Met vriendelijke groet,\n"
    "\n"
    "{sender}\n"
    "\n"
    "(kaartversie {version}, {code})\n"
)


_TEST_SUBJECT = "Testbericht Stembalie — {meeting}"
_TEST_BODY = """Dit is een testbericht van Stembalie, verstuurd aan uzelf (het afzenderadres) voordat de
stemkaarten voor de {meeting} worden verstuurd.

Komt dit bericht aan, dan werken de instellingen van de mailserver: ga terug naar Stembalie en
start het versturen. Staat het bij de ongewenste e-mail, pas dan eerst de instellingen van de
mailserver aan (SPF/DKIM van het afzenderdomein), anders komen de stemkaarten daar ook terecht.

Verstuurd via {host}:{port} ({security}).
"""


# --- values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MadeCard:
    code: str
    municipality: str
    email: str | None
    version: int
    pdf: Path
    png: Path


@dataclass(frozen=True)
class CardFailure:
    code: str
    municipality: str
    message: str


@dataclass
class BatchResult:
    made: list[MadeCard] = field(default_factory=list)
    failed: list[CardFailure] = field(default_factory=list)
    index: Path | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the mail server. The password comes from the keyring, never from a file."""

    host: str
    port: int
    security: str  # "ssl", "starttls" or "none" (only for a local test server)
    user: str
    password: str
    sender: str  # From address
    sender_name: str = "VNG secretariaat ALV"
    timeout: float = 30.0
    ssl_context: ssl.SSLContext | None = None  # None: the system's trusted certificates

    @classmethod
    def from_preferences(cls, prefs: Preferences, password: str, **extra: Any) -> SmtpSettings:
        return cls(
            prefs.smtp_host,
            prefs.smtp_port,
            prefs.smtp_security,
            prefs.smtp_user,
            password,
            prefs.smtp_from or prefs.smtp_user,
            **extra,
        )


@dataclass
class SendResult:
    sent: list[str] = field(default_factory=list)  # codes sent in this run
    already_sent: list[str] = field(default_factory=list)  # sent in an earlier run: skipped
    uncertain: list[str] = field(default_factory=list)  # outcome unknown: not repeated
    failed: list[CardFailure] = field(default_factory=list)  # not delivered: retried next run
    no_address: list[str] = field(default_factory=list)  # none, or not a valid address (in failed too)
    eml_files: list[Path] = field(default_factory=list)  # dry run
    not_reached: list[str] = field(default_factory=list)  # the batch was stopped before these
    cancelled: bool = False


class MailState(StrEnum):
    """Where the current card of one municipality stands, as the sending window lists it."""

    NOT_YET = "not_yet"  # not sent (never tried, or the batch stopped before it)
    SENT = "sent"
    FAILED = "failed"  # certainly not delivered (refused): sent again by the next run
    UNCERTAIN = "uncertain"  # the connection broke mid-send: only sent again when asked
    NO_ADDRESS = "no_address"  # no address, or one that is not valid


@dataclass(frozen=True)
class CardStatus:
    code: str
    municipality: str
    email: str | None
    version: int
    state: MailState
    detail: str | None = None  # the reason of a failure, or what is wrong with the address
    attempts: int = 0
    sent_at: str | None = None


@dataclass(frozen=True)
class CardPreview:
    """The current card of one municipality as it will be printed and mailed (nothing saved)."""

    code: str
    version: int
    page: QImage  # the A4 page, grey
    phone: QImage  # the phone image, 1080x1920


@dataclass(frozen=True)
class TestMessage:
    to: str
    message_id: str


# --- the service -------------------------------------------------------------------------------


def _default_decoder() -> Decoder:
    # Imported here so that importing the service does not load OpenCV and zxing until cards are made.
    from desk_app.scanning.decoder import decode_image

    return decode_image


def _with_reasons(store: Store, records: list[CardRecord]) -> list[CardRecord]:
    """Cards with the text behind their committed reasons (the rows hold only the hashes)."""
    known = committed_values(store)

    def text(value: str | None) -> str | None:
        if value is None or not value.startswith("sha256:"):
            return value  # a fixed word ('eerste uitgifte'), or a file from before reasons were committed
        return known.get(value, "(gewist)")

    return [dataclasses.replace(r, reason=text(r.reason) or "", revoked_reason=text(r.revoked_reason)) for r in records]


class CardService:
    def __init__(
        self,
        store: Store,
        actor: Actor,
        *,
        decode: Decoder | None = None,
        make: CardMaker | None = None,
        workers: int | None = None,
        clock: Callable[[], str] = audit.now_iso,
        tr: Translator | None = None,
    ) -> None:
        self.store = store
        self.actor = actor
        #: The language of the per-card failures it reports (the session's).
        self.tr = tr or Translator()
        self.decode = decode or _default_decoder()
        # Injectable so that tests of the mail path need not paint 342 cards (the benchmark does).
        self.make_card: CardMaker = make or make_card
        # Two threads use both cores of a desk laptop: 342 cards took 15.0 s on one thread and
        # 10.2 s on two (medians, benchmarks/bench_cards.py on 2 shared cores).
        self.workers = max(1, workers if workers is not None else min(2, os.cpu_count() or 1))
        self.clock = clock

    # -- reading ----------------------------------------------------------------------------------

    def meeting(self) -> Meeting:
        m = meeting_repo.load_meeting(self.store)
        if m is None:
            raise DeskError("meeting.missing", T_NO_MEETING)
        return m

    def cards_of(self, code: str) -> list[CardRecord]:
        """Every card of ``code``, its reasons as text (a reason erased reads '(gewist)')."""
        return _with_reasons(self.store, cards_repo.cards(self.store, code))

    def current_cards(self) -> dict[str, CardRecord]:
        return {c.code: c for c in cards_repo.cards(self.store, current_only=True)}

    def mail_state(self) -> dict[tuple[str, int], dict[str, Any]]:
        return {(str(r["code"]), int(r["version"])): r for r in cards_repo.mail_rows(self.store)}

    def statuses(self, codes: Iterable[str] | None = None, lang: str | None = None) -> list[CardStatus]:
        """Where the current card of every municipality (or of ``codes``) stands, in register order.

        Read only: a municipality without a recorded card counts as version 1, as at the desk.
        """
        meeting = self.meeting()
        states = self.mail_state()
        out: list[CardStatus] = []
        for data, email in self._card_data(meeting, codes):
            code, version = data.municipality_code, data.version
            row = states.get((code, version))
            attempts = int(row["attempts"]) if row else 0
            recorded = str(row["state"]) if row else None
            error = str(row["error"]) if row and row["error"] else None
            sent_at = str(row["sent_at"]) if row and row["sent_at"] else None
            state, detail = MailState.NOT_YET, None
            if recorded == "sent":
                # Sent is sent, also to an address corrected since: that card is on its way.
                state = MailState.SENT
            elif not email or not valid_email(email):
                state = MailState.NO_ADDRESS
                detail = T_BAD_ADDRESS.render(lang, email=email) if email else None
            elif recorded == "sending":
                state, detail = MailState.UNCERTAIN, error
            elif recorded == "failed":
                state, detail = MailState.FAILED, error
            out.append(CardStatus(code, data.municipality_name, email, version, state, detail, attempts, sent_at))
        return out

    def preview(self, code: str, dpi: int = CHECK_DPI) -> CardPreview:
        """Paint the current card of ``code`` in memory (the A4 page at ``dpi``, the phone image)."""
        if self.make_card is make_card:
            prepare_threads(self.decode)
        ((data, _),) = self._card_data(self.meeting(), [code])
        return CardPreview(code, data.version, render_card_page(data, dpi), render_card_phone(data))

    def prepare(self) -> None:
        """Get this process ready for painting cards on other threads; call it on the thread that
        starts them (the GUI thread in the app) before they start. Quick after the first time."""
        # A card maker passed in (tests' stub cards) paints nothing: no Qt to prepare then.
        if self.make_card is make_card:
            prepare_threads(self.decode)

    # -- issuing ------------------------------------------------------------------------------------

    def issue_missing(self) -> int:
        """Record version 1 for every municipality that has no card yet; return how many.

        The desk already treats such a municipality as holding version 1: this only makes the
        token findable and the issue visible in the audit trail. One transaction, one entry.
        """
        meeting = self.meeting()
        ts = self.clock()
        with self.store.transaction() as db:
            codes = cards_repo.codes_without_card(db)
            if not codes:
                return 0
            for code in codes:
                token = make_card_token(meeting.meeting_no, meeting.secret, code, 1)
                cards_repo.insert_card(db, code, 1, token, ts, self.actor.user, FIRST_ISSUE)
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="card.issue",
                obj="members",
                details={"count": len(codes), "version": 1, "codes": codes},
                ts=ts,
            )
        return len(codes)

    def reissue(self, code: str, reason: str) -> CardRecord:
        """Revoke the current card of ``code`` and issue the next version (one transaction)."""
        reason = reason.strip()
        if not reason:
            raise DeskError("card.reason", T_REASON)
        reason = check_text(reason, TextKind.REASON)  # hostile text: too long, bidi (domain.limits)
        meeting = self.meeting()
        ts = self.clock()
        with self.store.transaction() as db:
            if not cards_repo.member_exists(db, code):
                raise DeskError("card.unknown_member", T_UNKNOWN, {"code": code})
            versions = cards_repo.versions(db, code)
            if not versions:
                # The desk counted the never-recorded card as version 1: record it, so it can be
                # revoked like any other.
                first = make_card_token(meeting.meeting_no, meeting.secret, code, 1)
                cards_repo.insert_card(db, code, 1, first, ts, self.actor.user, FIRST_ISSUE)
                versions = [1]
            new_version = versions[-1] + 1
            if new_version > MAX_VERSION:
                raise DeskError("card.too_many", T_TOO_MANY, {"code": code, "max": MAX_VERSION})
            old_version = cards_repo.current_version(db, code)
            # Revoke first: the store allows only one current card per municipality. The reason is
            # free text (it may name a person): the rows hold the hash the chain holds (issue 12.9).
            why = audit.commit(reason)
            cards_repo.revoke_current(db, code, ts, self.actor.user, why.hash)
            token = make_card_token(meeting.meeting_no, meeting.secret, code, new_version)
            cards_repo.insert_card(db, code, new_version, token, ts, self.actor.user, why.hash)
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="card.reissue",
                obj=code,
                ts=ts,
                details={"old_version": old_version, "new_version": new_version},
                personal={"reason": why},
            )
        return CardRecord(code, new_version, token, ts, self.actor.user, reason)

    # -- making -------------------------------------------------------------------------------------

    def _card_data(self, meeting: Meeting, codes: Iterable[str] | None = None) -> list[tuple[CardData, str | None]]:
        """The printable data of the current card of each municipality, with its e-mail address."""
        current = self.current_cards()
        members = {m.code: m for m in meeting_repo.load_members(self.store)}
        reps = meeting_repo.load_designations(self.store)
        wanted = sorted(members) if codes is None else list(codes)
        out: list[tuple[CardData, str | None]] = []
        for code in wanted:
            if code not in members:
                raise DeskError("card.unknown_member", T_UNKNOWN, {"code": code})
            card = current.get(code)
            version = card.version if card else 1
            token = card.token if card else make_card_token(meeting.meeting_no, meeting.secret, code, 1)
            rep = reps.get(code)
            out.append(
                (
                    CardData(
                        meeting_name=meeting.name,
                        meeting_date=date.fromisoformat(meeting.date),
                        meeting_place=meeting.place,
                        municipality_code=code,
                        municipality_name=members[code].name,
                        votes=members[code].votes,
                        rep_name=rep.name if rep and rep.name else None,
                        rep_role=role_label(rep.role, "nl") if rep and rep.role else None,
                        token=token,
                        version=version,
                    ),
                    rep.email if rep and rep.email else None,
                )
            )
        return out

    def make_one(self, code: str, out_dir: Path) -> MadeCard:
        """Make and read back the current card of one municipality (e.g. after a reissue)."""
        ((data, email),) = self._card_data(self.meeting(), [code])
        files = self.make_card(data, out_dir, self.decode)
        _remove_older_versions(out_dir, data)
        return MadeCard(code, data.municipality_name, email, data.version, files.pdf, files.png)

    def make_all(
        self,
        out_dir: Path,
        progress: Progress | None = None,
        codes: Iterable[str] | None = None,
        cancel: Cancelled | None = None,
    ) -> BatchResult:
        """Make every current card into ``out_dir`` with an index CSV; list the cards that failed.

        A card that does not read back is not in the folder and not in the index; it is in
        ``failed`` with the reason, and the caller must say so loudly (the CLI exits non-zero).
        When ``cancel`` says so, the cards not yet started are left out (the index lists those made).
        """
        start = time.perf_counter()
        self.issue_missing()
        items = self._card_data(self.meeting(), codes)
        out_dir.mkdir(parents=True, exist_ok=True)
        result = BatchResult()
        # Every lazily made PySide6 type of the card's path is made here, on this one thread,
        # before the pool's threads paint (issue 12.12: they crashed making them together).
        self.prepare()

        def work(item: tuple[CardData, str | None]) -> CardFiles | CardFailure | None:
            data, _ = item
            if cancel is not None and cancel():
                return None
            try:
                files = self.make_card(data, out_dir, self.decode)
                _remove_older_versions(out_dir, data)
                return files
            except DeskError as err:
                return CardFailure(data.municipality_code, data.municipality_name, self.tr.error(err))
            except Exception as err:  # noqa: BLE001 - a bug in one card must not hide the others
                return CardFailure(data.municipality_code, data.municipality_name, f"{type(err).__name__}: {err}")

        def record(done: int, item: tuple[CardData, str | None], outcome: CardFiles | CardFailure | None) -> None:
            data, email = item
            if outcome is None:
                return  # stopped before this card
            if isinstance(outcome, CardFailure):
                result.failed.append(outcome)
            else:
                result.made.append(
                    MadeCard(
                        data.municipality_code, data.municipality_name, email, data.version, outcome.pdf, outcome.png
                    )
                )
            if progress:
                progress(done, len(items), data.municipality_code)

        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="cards") as pool:
            # map() keeps the register order, so the index and the progress read naturally.
            for done, (item, outcome) in enumerate(zip(items, pool.map(work, items), strict=True), start=1):
                record(done, item, outcome)
        result.index = self._write_index(out_dir, result.made)
        result.seconds = time.perf_counter() - start
        return result

    @staticmethod
    def _write_index(out_dir: Path, made: list[MadeCard]) -> Path:
        """``stemkaarten.csv`` with the export's writer: ``;``, UTF-8 with BOM, formulas neutralised."""
        path = out_dir / INDEX_NAME
        tmp = path.with_name(path.name + ".part")
        rows = [(card.code, card.municipality, card.email, card.pdf.name, card.version, card.png.name) for card in made]
        tmp.write_bytes(csvfile.to_bytes(INDEX_COLUMNS, rows))
        os.replace(tmp, path)
        return path

    # -- sending ------------------------------------------------------------------------------------

    def send_test(self, smtp: SmtpSettings) -> TestMessage:
        """Send one message to the sender's own address: the server, login and address work.

        Changes nothing in the meeting (no card is sent), so nothing is recorded.
        """
        if not smtp.host:
            raise DeskError("mail.not_configured", T_SMTP_MISSING)
        if not valid_email(smtp.sender):
            raise DeskError("mail.sender", T_NO_SENDER, {"sender": smtp.sender})
        meeting = self.meeting()
        msg = EmailMessage()
        msg["Subject"] = _TEST_SUBJECT.format(meeting=meeting.name)
        msg["From"] = formataddr((smtp.sender_name, smtp.sender))
        msg["To"] = smtp.sender
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(domain=_domain(smtp.sender))
        msg.set_content(_TEST_BODY.format(meeting=meeting.name, host=smtp.host, port=smtp.port, security=smtp.security))
        connection = _Connection.open(smtp)
        try:
            outcome, error = connection.send(msg)
        finally:
            connection.close()
        if outcome != "sent":
            raise DeskError("mail.test", T_TEST_REFUSED, {"sender": smtp.sender, "error": error or "?"})
        return TestMessage(smtp.sender, str(msg["Message-ID"]))

    def send_all(
        self,
        smtp: SmtpSettings | None,
        out_dir: Path,
        *,
        dry_run: bool = False,
        resend_uncertain: bool = False,
        codes: Iterable[str] | None = None,
        progress: Progress | None = None,
        cancel: Cancelled | None = None,
    ) -> SendResult:
        """E-mail every secretary the current card; or, with ``dry_run``, write ``.eml`` files.

        Each card is made and read back first (into ``out_dir``). Resuming is safe: a card
        version recorded as sent is skipped, one whose send was interrupted ('sending') is listed
        as uncertain and only sent again with ``resend_uncertain``. ``cancel`` is asked before
        each card: the batch then stops between two messages, and the rest are ``not_reached``.
        """
        if not dry_run and (smtp is None or not smtp.host):
            raise DeskError("mail.not_configured", T_SMTP_MISSING)
        meeting = self.meeting()
        self.issue_missing()
        items = self._card_data(meeting, codes)
        states = self.mail_state()
        result = SendResult()
        connection: _Connection | None = None
        sender = smtp.sender if smtp else "stembalie@localhost"
        sender_name = smtp.sender_name if smtp else SmtpSettings.sender_name
        self.prepare()
        try:
            for done, (data, email) in enumerate(items, start=1):
                code, version = data.municipality_code, data.version
                if cancel is not None and cancel():
                    result.cancelled = True
                    result.not_reached = [d.municipality_code for d, _ in items[done - 1 :]]
                    break
                state = states.get((code, version))
                if progress:
                    progress(done, len(items), code)
                if not email:
                    result.no_address.append(code)
                    continue
                if not valid_email(email):
                    # Never hand a formula or a header to the mail server (issue 12.8); an old
                    # file may hold an address from before the check.
                    result.no_address.append(code)
                    result.failed.append(CardFailure(code, data.municipality_name, self.tr(T_BAD_ADDRESS, email=email)))
                    continue
                if not dry_run and state and state["state"] == "sent":
                    result.already_sent.append(code)
                    continue
                if not dry_run and state and state["state"] == "sending" and not resend_uncertain:
                    result.uncertain.append(code)
                    continue
                try:
                    files = self.make_card(data, out_dir, self.decode)
                    _remove_older_versions(out_dir, data)
                except DeskError as err:
                    result.failed.append(CardFailure(code, data.municipality_name, self.tr.error(err)))
                    continue
                message = _message(meeting, data, email, files, sender, sender_name)
                if dry_run:
                    result.eml_files.append(_write_eml(out_dir, data, message))
                    continue
                assert smtp is not None
                if connection is None:
                    connection = _Connection.open(smtp)
                self._send_one(connection, data, email, message, result)
        finally:
            if connection is not None:
                connection.close()
        return result

    def _send_one(
        self, connection: _Connection, data: CardData, email: str, message: EmailMessage, result: SendResult
    ) -> None:
        code, version = data.municipality_code, data.version
        message_id = str(message["Message-ID"])
        ts = self.clock()
        # Written and committed before the first byte goes out: if we die during the SMTP
        # transaction, the row says 'sending' and the next run will not send this card blind.
        with self.store.transaction() as db:
            cards_repo.mail_sending(db, code, version, email, message_id, ts)
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="card.mail.attempt",
                obj=code,
                ts=ts,
                details={"version": version, "message_id": message_id},
                personal={"email": email},
            )
        outcome, error = connection.send(message)
        # Refusals quote the recipient ("550 <x@y>: ..."), and the audit chain cannot be erased
        # later: only the redacted text is recorded. The operator's list keeps the full reply.
        recorded = cards_repo.redact_addresses(error)
        ts = self.clock()
        if outcome == "uncertain":
            # The server may have the message: leave 'sending', keep the error for the list.
            with self.store.transaction() as db:
                cards_repo.mail_error(db, code, version, error, ts)
                audit.append(
                    db,
                    desk=self.actor.desk,
                    actor=self.actor.user,
                    action="card.mail.uncertain",
                    obj=code,
                    ts=ts,
                    details={"version": version, "error": recorded},
                )
            result.uncertain.append(code)
            return
        with self.store.transaction() as db:
            cards_repo.mail_outcome(db, code, version, outcome, error, ts)
            audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action=f"card.mail.{outcome}",
                obj=code,
                ts=ts,
                details={"version": version, **({"error": recorded} if recorded else {})},
            )
        if outcome == "sent":
            result.sent.append(code)
        else:
            result.failed.append(CardFailure(code, data.municipality_name, error or "?"))


# --- helpers -------------------------------------------------------------------------------------


def _remove_older_versions(out_dir: Path, data: CardData) -> None:
    """Delete files of earlier versions of this card: a revoked card must not be sent or printed."""
    current = card_file_stem(data)
    prefix = f"stemkaart_{data.municipality_code}_"
    for path in out_dir.glob(f"{prefix}*"):
        stem = path.name.removesuffix(".pdf").removesuffix(".png").removesuffix("_telefoon")
        if stem != current and path.suffix in (".pdf", ".png"):
            path.unlink(missing_ok=True)


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "stembalie.invalid"


def _message_id(meeting: Meeting, data: CardData, sender: str) -> str:
    """The same id for the same card version of the same meeting, and no other.

    A resend of an uncertain message is then recognisable as the same message by the recipient's
    mail program. The digest of the meeting's secret tells two meetings apart that share a date
    and a meeting number; it reveals nothing of the secret.
    """
    tag = hashlib.sha256(meeting.secret + f"|stemkaart|{data.municipality_code}|{data.version}".encode())
    # Short: a header longer than 78 characters is folded, and some servers mishandle that.
    return f"<stemkaart.{data.municipality_code}.v{data.version}.{tag.hexdigest()[:12]}@{_domain(sender)}>"


def _message(
    meeting: Meeting, data: CardData, email: str, files: CardFiles, sender: str, sender_name: str
) -> EmailMessage:
    when = dutch_date(data.meeting_date, weekday=True)
    if data.rep_name:
        role = f", {data.rep_role}" if data.rep_role else ""
        representative = f"\nU hebt als vertegenwoordiger opgegeven: {data.rep_name}{role}.\n"
    else:
        representative = ""
    votes = "1 stem" if data.votes == 1 else f"{data.votes} stemmen"
    msg = EmailMessage()
    msg["Subject"] = _SUBJECT.format(municipality=data.municipality_name, meeting=data.meeting_name, date=when)
    msg["From"] = formataddr((sender_name, sender))
    msg["To"] = email
    # Both are required by RFC 5322 section 3.6; spam filters score a message without them.
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = _message_id(meeting, data, sender)
    msg.set_content(
        _BODY.format(
            municipality=data.municipality_name,
            meeting=data.meeting_name,
            date=when,
            place=meeting.place,
            votes=votes,
            representative=representative,
            sender=sender_name,
            version=data.version,
            code=data.municipality_code,
        )
    )
    msg.add_attachment(files.pdf.read_bytes(), maintype="application", subtype="pdf", filename=files.pdf.name)
    msg.add_attachment(files.png.read_bytes(), maintype="image", subtype="png", filename=files.png.name)
    return msg


def _write_eml(out_dir: Path, data: CardData, message: EmailMessage) -> Path:
    folder = out_dir / "eml"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{card_file_stem(data)}.eml"
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(bytes(message))
    os.replace(tmp, path)
    return path


class _Client(smtplib.SMTP):
    """smtplib's client that knows whether the end of the message (``CRLF.CRLF``) went out."""

    content_sent = False

    def send(self, s: ReadableBuffer | str) -> None:
        super().send(s)
        # Only DATA's content ends so (smtplib adds the dot); commands end in a single CRLF.
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.content_sent = True


class _ClientSSL(smtplib.SMTP_SSL, _Client):
    pass


class _Connection:
    """One SMTP session for the batch, reopened after the server drops it."""

    def __init__(self, settings: SmtpSettings, client: _Client) -> None:
        self.settings = settings
        self.client: _Client | None = client

    @classmethod
    def open(cls, settings: SmtpSettings) -> _Connection:
        return cls(settings, _connect(settings))

    def send(self, message: EmailMessage) -> tuple[str, str | None]:
        """('sent', None), ('failed', why) when certainly not delivered, or ('uncertain', why)."""
        if self.client is not None and self.client.sock is None:
            # The server closed the session after its last answer (smtplib closes on a 421).
            self.client = None
        if self.client is None:
            self.client = _connect(self.settings)
        client = self.client
        client.content_sent = False
        try:
            refused = client.send_message(message)
        except smtplib.SMTPRecipientsRefused as err:
            if client.sock is None:
                self.client = None
            return "failed", _smtp_error(err)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError, smtplib.SMTPNotSupportedError) as err:
            # The server answered with a refusal: it did not take the message.
            self._reset()
            return "failed", _smtp_error(err)
        except (smtplib.SMTPException, OSError) as err:
            self._drop()
            if client.content_sent:
                # The whole message went out, the server's answer did not come back: it may or
                # may not have taken it.
                return "uncertain", _smtp_error(err)
            # Broken before the end of the message (RFC 5321: no final dot, no delivery), e.g. a
            # server that closes the session after N messages: certainly not delivered.
            return "failed", _smtp_error(err)
        if refused:
            return "failed", _smtp_error(refused)
        return "sent", None

    def _reset(self) -> None:
        try:
            if self.client is not None:
                self.client.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        if self.client is not None:
            try:
                self.client.close()
            finally:
                self.client = None

    def close(self) -> None:
        if self.client is None:
            return
        try:
            self.client.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            self._drop()


def _connect(s: SmtpSettings) -> _Client:
    if s.security not in ("ssl", "starttls", "none"):
        raise DeskError("mail.security", T_SECURITY, {"value": s.security})
    context = s.ssl_context or ssl.create_default_context()
    try:
        client: _Client
        if s.security == "ssl":
            client = _ClientSSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            client = _Client(s.host, s.port, timeout=s.timeout)
            if s.security == "starttls":
                client.starttls(context=context)
    except (smtplib.SMTPException, OSError) as err:
        raise DeskError(
            "mail.connect", T_SMTP_CONNECT, {"host": s.host, "port": s.port, "error": _smtp_error(err)}
        ) from err
    if s.user:
        try:
            client.login(s.user, s.password)
        except (smtplib.SMTPException, OSError) as err:
            client.close()
            raise DeskError(
                "mail.login", T_SMTP_LOGIN, {"host": s.host, "user": s.user, "error": _smtp_error(err)}
            ) from err
    return client


def _smtp_error(err: object) -> str:
    if isinstance(err, smtplib.SMTPResponseException):
        text = err.smtp_error.decode("utf-8", "replace") if isinstance(err.smtp_error, bytes) else str(err.smtp_error)
        return f"{err.smtp_code} {text}"
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{addr}: {code} {msg.decode('utf-8', 'replace')}" for addr, (code, msg) in err.recipients.items()
        )
    if isinstance(err, dict):
        return "; ".join(f"{addr}: {code} {msg!r}" for addr, (code, msg) in err.items())
    return f"{type(err).__name__}: {err}"
