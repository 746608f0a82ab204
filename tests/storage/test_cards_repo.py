"""The card tables on a real SQLite file: card versions, send records, and erasing addresses."""

from __future__ import annotations

import pytest

from desk_app.services.meeting import MeetingService
from desk_app.storage import cards as repo
from desk_app.storage.cards import ADDRESS_PLACEHOLDER, CardRecord, redact_addresses
from desk_app.storage.db import Store
from desk_app.storage.sql import IntegrityErrors

# Tokens are opaque text to the repository; only uniqueness matters here.
T1, T2, T3 = "1" * 22, "2" * 22, "3" * 22
# How smtplib reports a refused recipient, with Postfix's reply quoting the address again.
REFUSAL = (
    "secretaris@gemeente.example: 550 5.1.1 <secretaris@gemeente.example>: Recipient address rejected: User unknown"
)


@pytest.fixture
def store(meeting: MeetingService) -> Store:
    return meeting.store


def send(
    store: Store, code: str, version: int, email: str, ts: str, outcome: str = "sent", error: str | None = None
) -> None:
    """The two transactions of one send, as the card service writes them."""
    with store.transaction() as db:
        repo.mail_sending(db, code, version, email, f"<stemkaart.{code}.v{version}@vng.example>", ts)
    with store.transaction() as db:
        repo.mail_outcome(db, code, version, outcome, error, ts)


def test_issue_revoke_and_read_versions(store: Store) -> None:
    with store.transaction() as db:
        assert "GM0363" in repo.codes_without_card(db)
        assert repo.current_version(db, "GM0363") is None and repo.versions(db, "GM0363") == []
        repo.insert_card(db, "GM0363", 1, T1, "t1", "a.jansen", "eerste uitgifte")
        repo.insert_card(db, "GM0014", 1, T3, "t1", "a.jansen", "eerste uitgifte")
        repo.revoke_current(db, "GM0363", "t2", "b.smit", "kaart kwijt")
        repo.insert_card(db, "GM0363", 2, T2, "t2", "b.smit", "kaart kwijt")
        assert "GM0363" not in repo.codes_without_card(db)
        assert repo.versions(db, "GM0363") == [1, 2] and repo.current_version(db, "GM0363") == 2
        assert repo.member_exists(db, "GM0363") and not repo.member_exists(db, "GM9999")
    assert repo.cards(store, "GM0363") == [
        CardRecord("GM0363", 1, T1, "t1", "a.jansen", "eerste uitgifte", "t2", "b.smit", "kaart kwijt"),
        CardRecord("GM0363", 2, T2, "t2", "b.smit", "kaart kwijt"),
    ]
    assert [(c.code, c.version) for c in repo.cards(store, current_only=True)] == [("GM0014", 1), ("GM0363", 2)]


def test_the_store_refuses_a_second_current_card(store: Store) -> None:
    with store.transaction() as db:
        repo.insert_card(db, "GM0363", 1, T1, "t1", "a", "")
    with pytest.raises(IntegrityErrors), store.transaction() as db:
        repo.insert_card(db, "GM0363", 2, T2, "t2", "a", "")  # not revoked first
    assert repo.cards(store, "GM0363", current_only=True)[0].version == 1


def test_send_records_resend_counts_attempts_and_keep_no_address_in_errors(store: Store) -> None:
    with store.transaction() as db:
        repo.insert_card(db, "GM0518", 1, T1, "t1", "a", "")
    send(store, "GM0518", 1, "secretaris@gemeente.example", "t2", "failed", REFUSAL)
    (row,) = repo.mail_rows(store)
    assert (row["state"], row["attempts"], row["sent_at"]) == ("failed", 1, None)
    assert row["email"] == "secretaris@gemeente.example"  # where it went: kept until erased
    assert "@" not in row["error"] and "550 5.1.1" in row["error"]
    send(store, "GM0518", 1, "secretaris@gemeente.example", "t3")
    (row,) = repo.mail_rows(store)
    assert (row["state"], row["attempts"], row["sent_at"], row["error"]) == ("sent", 2, "t3", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, None),
        ("", ""),
        (
            "SMTPServerDisconnected: Connection unexpectedly closed",
            "SMTPServerDisconnected: Connection unexpectedly closed",
        ),
        ("a.b+c@x.example: 550 no", f"{ADDRESS_PLACEHOLDER}: 550 no"),
        ('550 "Jan.de.Vries@Gemeente.NL" <jan@x.nl>', f'550 "{ADDRESS_PLACEHOLDER}" <{ADDRESS_PLACEHOLDER}>'),
        ("{'p@q.example': (550, b'no')}", f"{{'{ADDRESS_PLACEHOLDER}': (550, b'no')}}"),
    ],
)
def test_redact_addresses(text: str | None, expected: str | None) -> None:
    assert redact_addresses(text) == expected


def _with_mail(store: Store) -> None:
    with store.transaction() as db:
        for code, token in (("GM0014", T1), ("GM0363", T2), ("GM0518", T3)):
            repo.insert_card(db, code, 1, token, "t0", "a", "")
    send(store, "GM0014", 1, "secretaris@groningen.example", "2024-05-01T10:00:00.000Z")
    send(store, "GM0363", 1, "secretaris@amsterdam.example", "2024-05-20T10:00:00.000Z")
    send(store, "GM0518", 1, "secretaris@denhaag.example", "2024-05-02T10:00:00.000Z", "failed", "550 refused")
    # A record from before the redaction at write time: the address sits in the error text.
    with store.transaction() as db:
        db.execute("UPDATE card_mail SET error = ? WHERE code = 'GM0518'", [REFUSAL])


def test_erase_personal_blanks_every_address_and_keeps_what_was_sent(store: Store) -> None:
    _with_mail(store)
    with store.transaction() as db:
        assert repo.erase_personal(db) == 3
    rows = {r["code"]: r for r in repo.mail_rows(store)}
    assert all(r["email"] is None for r in rows.values())
    assert rows["GM0518"]["error"] == REFUSAL.replace("secretaris@gemeente.example", ADDRESS_PLACEHOLDER)
    # What a later send batch relies on is untouched: no card goes out twice after an erasure.
    assert {c: (r["state"], r["attempts"]) for c, r in rows.items()} == {
        "GM0014": ("sent", 1),
        "GM0363": ("sent", 1),
        "GM0518": ("failed", 1),
    }
    assert all(r["message_id"].startswith("<stemkaart.") for r in rows.values())
    # The only '@' left is in the message ids, which name the sender's domain, not a person.
    assert "@" not in _card_mail_values(store).replace("@vng.example>", "")
    with store.transaction() as db:
        assert repo.erase_personal(db) == 0  # nothing left: idempotent


def _card_mail_values(store: Store) -> str:
    return repr([tuple(r.values()) for r in store.query("SELECT * FROM card_mail ORDER BY code, version")])


def test_erase_personal_before_a_moment(store: Store) -> None:
    _with_mail(store)
    with store.transaction() as db:
        assert repo.erase_personal(db, before="2024-05-10T00:00:00.000Z") == 2
    emails = {r["code"]: r["email"] for r in repo.mail_rows(store)}
    assert emails == {"GM0014": None, "GM0363": "secretaris@amsterdam.example", "GM0518": None}
    assert "@" not in _card_mail_values(store).replace("@vng.example>", "").replace("secretaris@amsterdam.example", "")


def test_erase_personal_belongs_in_the_erasure_transaction(store: Store) -> None:
    _with_mail(store)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        repo.erase_personal(store.db)
    assert sum(r["email"] is not None for r in repo.mail_rows(store)) == 3
