"""Archive and privacy: erase personal data after the retention period, keeping the records whole.

The association keeps its records for seven years (BW 2:10): the register, the attendance, the
public votes and the audit trail. Who represented a municipality (names, e-mail addresses) is
personal data that may be erased once it is no longer needed, and so is a free-text reason typed
at the desk (a look-up, a coördinator's action, a new card), which can name a person. Erasure here:

* sets ``designations.name``/``email``, ``passes.holder_name`` and ``card_mail.email`` to
  NULL and deletes the values and salts in ``audit_personal`` (names, addresses and reasons).
  The chain holds only their salted hashes, and so do the rows of passes and cards for a reason,
  so every entry's hash, and therefore ``verify`` with its replay, stays exactly as it was,
  while the hashes can no longer be tied to a person (the 128-bit salts are gone);
* is one transaction with one audit entry (``privacy.erase``), like every other change;
* runs with ``secure_delete`` on and empties the WAL afterwards, so the erased values do not
  stay readable in free pages or in the write-ahead log of this file.

Public results do not change: they never held names. Backups made before the erasure still hold
the personal data and must be destroyed or erased on their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from desk_app.domain.text import DeskError, Text
from desk_app.services.meeting import Actor
from desk_app.storage import archive, audit
from desk_app.storage import meeting as meeting_repo
from desk_app.storage.db import Store

RETENTION_YEARS = 7  # BW 2:10

T_NO_MEETING = Text("Dit bestand bevat geen vergadering.", "This file holds no meeting.")
T_BAD_DATE = Text("Ongeldige datum '{value}' (verwacht JJJJ-MM-DD).", "Invalid date '{value}' (expected YYYY-MM-DD).")


@dataclass(frozen=True)
class ErasureResult:
    before: str  # UTC ISO: personal data recorded before this moment was erased
    designations: int
    passes: int
    audit_personal: int
    card_mail: int
    audit_seq: int  # the privacy.erase entry
    wal_cleared: bool  # False: another program held the file open; run again later

    @property
    def total(self) -> int:
        return self.designations + self.passes + self.audit_personal + self.card_mail


def cutoff_from_date(value: str) -> str:
    """'2031-05-24' -> '2031-05-24T00:00:00.000Z' (midnight UTC starts the day)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise DeskError("archive.bad_date", T_BAD_DATE, {"value": value}) from None
    return f"{day.isoformat()}T00:00:00.000Z"


class ArchiveService:
    def __init__(self, store: Store, actor: Actor, clock: Callable[[], str] = audit.now_iso) -> None:
        self.store = store
        self.actor = actor
        self.clock = clock

    def retention_end(self) -> date:
        """The first day after the seven-year retention of this meeting's records."""
        m = meeting_repo.load_meeting(self.store)
        if m is None:
            raise DeskError("meeting.missing", T_NO_MEETING)
        d = date.fromisoformat(m.date[:10])
        try:
            return d.replace(year=d.year + RETENTION_YEARS)
        except ValueError:  # 29 February
            return d.replace(year=d.year + RETENTION_YEARS, day=28)

    def retention_over(self, today: date | None = None) -> bool:
        return (today or datetime.now(UTC).date()) >= self.retention_end()

    def personal_data(self, before: str | None = None) -> archive.PersonalCounts:
        """How many personal values were recorded before ``before`` (default: now)."""
        return archive.personal_counts(self.store, before or self.clock())

    def erase_personal(self, before: str | None = None) -> ErasureResult:
        """Erase names, e-mail addresses and free-text reasons recorded before ``before`` (UTC ISO;
        default: now).

        The retention period is the caller's decision (``erase-personal --before`` or
        ``--now``): the law sets a minimum for the records, not for personal data.
        """
        cutoff = before or self.clock()
        with archive.secure_delete(self.store), self.store.transaction() as db:
            counts = archive.erase_personal(db, cutoff)
            entry = audit.append(
                db,
                desk=self.actor.desk,
                actor=self.actor.user,
                action="privacy.erase",
                obj="meeting",
                details={
                    "before": cutoff,
                    "designations": counts.designations,
                    "passes": counts.passes,
                    "audit_personal": counts.audit_personal,
                    "card_mail": counts.card_mail,
                    "retention_end": self.retention_end().isoformat(),
                },
            )
        cleared = archive.checkpoint_truncate(self.store)
        return ErasureResult(
            cutoff, counts.designations, counts.passes, counts.audit_personal, counts.card_mail, entry.seq, cleared
        )
