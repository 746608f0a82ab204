"""Repository for stemkaarten: card versions (``cards``) and their e-mail records (``card_mail``).

The card service (``desk_app.services.cards``) holds the use cases; every statement it needs
lives here, and so does every statement of the desk about cards: this is the one repository of
the ``cards`` table. It states facts (which rows exist, which is not revoked); which version
admits at the desk is the domain's rule (:func:`desk_app.domain.checkin.valid_card_version`:
no row at all means version 1). Readers take a :class:`~desk_app.storage.db.Store` or the
handle of an open transaction (:class:`~desk_app.storage.sql.Database`); writers take the handle only,
because each write belongs to a use case's single transaction together with its audit entry.

``card_mail`` holds personal data - the address a card was sent to, and sometimes that address
quoted back in a mail server's refusal - so :func:`erase_personal` is offered to the archive's
erasure, and every error text is stored with addresses replaced (:func:`redact_addresses`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from desk_app.storage.db import Store
from desk_app.storage.sql import Database, in_transaction

__all__ = [
    "CardRecord",
    "ADDRESS_PLACEHOLDER",
    "redact_addresses",
    "cards",
    "codes_without_card",
    "member_exists",
    "versions",
    "current_version",
    "insert_card",
    "revoke_current",
    "mail_rows",
    "mail_sending",
    "mail_error",
    "mail_outcome",
    "erase_personal",
]

Readable = Store | Database

#: What an e-mail address in a stored error text becomes.
ADDRESS_PLACEHOLDER = "[e-mailadres]"

# Deliberately loose: anything with an '@' between non-separators is treated as an address.
# Servers quote recipients as '<a@b>', 'a@b:' or '"a@b"', so the separators end the match.
_ADDRESS = re.compile(r"[^\s<>()\[\]{},;:\"'@]+@[^\s<>()\[\]{},;:\"'@]+")


@dataclass(frozen=True)
class CardRecord:
    """One row of ``cards``: a version of a municipality's card."""

    code: str
    version: int
    token: str
    issued_at: str
    issued_by: str
    reason: str
    revoked_at: str | None = None
    revoked_by: str | None = None
    revoked_reason: str | None = None


def _record(row: dict[str, Any]) -> CardRecord:
    return CardRecord(
        str(row["code"]),
        int(row["version"]),
        str(row["token"]),
        str(row["issued_at"]),
        str(row["issued_by"]),
        str(row["reason"]),
        row["revoked_at"],
        row["revoked_by"],
        row["revoked_reason"],
    )


def redact_addresses(text: str | None) -> str | None:
    """``text`` with every e-mail address replaced by :data:`ADDRESS_PLACEHOLDER`.

    SMTP refusals name the recipient ("550 <x@y>: mailbox unavailable"). The code and version of
    the record already say who it was; the address itself must not outlive the erasure.
    """
    return None if text is None else _ADDRESS.sub(ADDRESS_PLACEHOLDER, text)


# --- cards -----------------------------------------------------------------------------------------


def cards(db: Readable, code: str | None = None, *, current_only: bool = False) -> list[CardRecord]:
    """Card versions, by code and version; of one municipality and/or only the current ones."""
    where: list[str] = []
    params: list[object] = []
    if code is not None:
        where.append("code = ?")
        params.append(code)
    if current_only:
        where.append("revoked_at IS NULL")
    sql = "SELECT * FROM cards" + (" WHERE " + " AND ".join(where) if where else "")
    return [_record(r) for r in db.query(sql + " ORDER BY code, version", tuple(params))]


def codes_without_card(db: Database) -> list[str]:
    """Members without any card row: the desk counts them as holding version 1."""
    return [
        str(r[0])
        for r in db.execute(
            "SELECT code FROM members WHERE code NOT IN (SELECT code FROM cards) ORDER BY code"
        ).fetchall()
    ]


def member_exists(db: Database, code: str) -> bool:
    return db.execute("SELECT 1 FROM members WHERE code = ?", [code]).fetchone() is not None


def versions(db: Database, code: str) -> list[int]:
    """Every recorded version of ``code``, revoked or not, ascending."""
    return [
        int(r[0]) for r in db.execute("SELECT version FROM cards WHERE code = ? ORDER BY version", [code]).fetchall()
    ]


def current_version(db: Database, code: str) -> int | None:
    """The recorded, non-revoked version of ``code``; None when it has no card row or all are revoked
    (the desk's reading of that: :func:`desk_app.domain.checkin.valid_card_version`)."""
    row = db.execute("SELECT version FROM cards WHERE code = ? AND revoked_at IS NULL", [code]).fetchone()
    return int(row[0]) if row else None


def insert_card(db: Database, code: str, version: int, token: str, ts: str, by: str, reason: str) -> None:
    db.execute(
        "INSERT INTO cards (code, version, token, issued_at, issued_by, reason) VALUES (?, ?, ?, ?, ?, ?)",
        [code, version, token, ts, by, reason],
    )


def revoke_current(db: Database, code: str, ts: str, by: str, reason: str) -> None:
    """Revoke the current card of ``code``; must precede the insert of the next version, since
    the store allows only one current card per municipality (``cards_one_current``)."""
    db.execute(
        "UPDATE cards SET revoked_at = ?, revoked_by = ?, revoked_reason = ? WHERE code = ? AND revoked_at IS NULL",
        [ts, by, reason, code],
    )


# --- card_mail -------------------------------------------------------------------------------------


def mail_rows(db: Readable) -> list[dict[str, Any]]:
    """Every send record as a plain row, by code and version."""
    return list(db.query("SELECT * FROM card_mail ORDER BY code, version"))


def mail_sending(db: Database, code: str, version: int, email: str, message_id: str, ts: str) -> None:
    """Record that the SMTP transaction for this card version is about to start.

    Committed before the first byte goes out: a row left in 'sending' means the outcome is
    unknown, and the service will not send that card again unless told to.
    """
    db.execute(
        "INSERT INTO card_mail (code, version, email, state, message_id, attempts, error, "
        "updated_at) VALUES (?, ?, ?, 'sending', ?, 1, NULL, ?) "
        "ON CONFLICT(code, version) DO UPDATE SET email = excluded.email, state = 'sending', "
        "message_id = excluded.message_id, attempts = card_mail.attempts + 1, error = NULL, "
        "updated_at = excluded.updated_at",
        [code, version, email, message_id, ts],
    )


def mail_error(db: Database, code: str, version: int, error: str | None, ts: str) -> None:
    """Keep the error of a send whose outcome is unknown; the state stays 'sending'."""
    db.execute(
        "UPDATE card_mail SET error = ?, updated_at = ? WHERE code = ? AND version = ?",
        [redact_addresses(error), ts, code, version],
    )


def mail_outcome(db: Database, code: str, version: int, outcome: str, error: str | None, ts: str) -> None:
    """Record 'sent' or 'failed' (with the server's reason, addresses redacted)."""
    db.execute(
        "UPDATE card_mail SET state = ?, error = ?, updated_at = ?, sent_at = ? WHERE code = ? AND version = ?",
        [outcome, redact_addresses(error), ts, ts if outcome == "sent" else None, code, version],
    )


def erase_personal(db: Database, before: str | None = None) -> int:
    """Blank the personal data in the card mail records; return how many records changed.

    Erased: the recipient address (``email`` becomes NULL) and any address quoted in ``error``
    (replaced by :data:`ADDRESS_PLACEHOLDER`, so the server's reason stays readable). With
    ``before`` (UTC ISO text, as in the audit), only records last updated before that moment.
    State, attempts and message id stay: they hold no personal data (the message id names the
    meeting, municipality, version and the sender's domain), and a later send batch still knows
    which cards went out, so erasing never causes a card to be sent twice.

    Must run inside the caller's transaction, together with its ``privacy.erase`` audit entry.
    Files written outside the store (the index CSV and ``.eml`` files in the card folder) also
    hold addresses; they are not covered here.
    """
    if not in_transaction(db):
        raise RuntimeError("erase_personal must run inside the transaction that records the erasure")
    when, params = ("updated_at < ?", [before]) if before is not None else ("1 = 1", [])
    rows = db.execute(
        f"SELECT code, version, email, error FROM card_mail WHERE {when} "  # noqa: S608 - fixed text
        "AND (email IS NOT NULL OR error LIKE '%@%')",
        params,
    ).fetchall()
    changed = 0
    for code, version, email, error in rows:
        redacted = redact_addresses(error)
        if email is None and redacted == error:
            continue  # an '@' that is not part of an address: nothing to erase
        db.execute(
            "UPDATE card_mail SET email = NULL, error = ? WHERE code = ? AND version = ?",
            [redacted, code, version],
        )
        changed += 1
    return changed
