"""The stempas of serial N: everything printed on a pass, read from the store, in one place.

The desk prints a pass when it is issued, printed again, replaced or taken over; the self-test
prints one to check an installation. All of them get the printed values from
:func:`stempas_of`: the meeting, the municipality's name and its frozen number of votes from the
register (a pass whose municipality is not in the register is refused, never printed with 0
votes), the holder, the pass token, the issue time on the meeting's clock
(:func:`desk_app.domain.clock.local_stamp`), and the audit chain head when it is printed (every
pass handed out is an anchor of the record).

Printing itself paints with Qt and stays in ``desk_app.printing``; a service prints through a
:class:`PassPrinting` object handed in by the composition root. ``desk_app.printing.stempas``
is imported only when a pass is printed, so opening a session loads no Qt.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desk_app.domain.clock import local_stamp
from desk_app.domain.mandate import role_label
from desk_app.domain.text import DeskError, Text
from desk_app.storage import audit
from desk_app.storage import desk as repo
from desk_app.storage import meeting as meeting_repo
from desk_app.storage.db import Store

if TYPE_CHECKING:
    from desk_app.printing.stempas import StempasData

__all__ = ["PassPrinting", "stempas_of", "T_NO_PASS", "T_NO_MEMBER"]

T_NO_PASS = Text("Stempas {serial} bestaat niet.", "Voting pass {serial} does not exist.")
T_NO_MEMBER = Text(
    "Gemeente {code} van stempas {serial} staat niet in het ledenregister: de pas kan niet worden afgedrukt.",
    "Municipality {code} of voting pass {serial} is not in the member register: the pass cannot be printed.",
)
T_NO_MEETING = Text("Geen vergadering in dit bestand.", "No meeting in this file.")


class PassPrinting(Protocol):
    """Where passes go (``desk_app.printing.stempas.PassPrinter``; a test's stand-in)."""

    def print_pass(self, data: StempasData) -> Path | None:
        """Print or save one pass; the PDF's path when it became a file. Raises a DeskError
        (``PrintFailed``) with the reason when the printer refuses."""
        ...


def stempas_of(store: Store, serial: int) -> StempasData:
    """What is printed on stempas ``serial``, from the store.

    Raises :class:`DeskError` when the pass or its municipality is unknown: a pass is never
    printed with made-up values.
    """
    from desk_app.printing.stempas import StempasData  # Qt: only when a pass is really printed

    meeting = meeting_repo.load_meeting(store)
    if meeting is None:
        raise DeskError("meeting.missing", T_NO_MEETING)
    p = repo.pass_by_serial(store, serial)
    if p is None:
        raise DeskError("desk.no_pass", T_NO_PASS, {"serial": serial})
    member = repo.member(store, p.code)
    if member is None:
        raise DeskError("desk.unknown_member", T_NO_MEMBER, {"code": p.code, "serial": serial})
    return StempasData(
        meeting_name=meeting.name,
        meeting_date=date.fromisoformat(meeting.date),
        meeting_place=meeting.place,
        municipality_code=member.code,
        municipality_name=member.name,
        votes=member.votes,
        holder_name=p.holder_name or "",
        holder_role=role_label(p.holder_role, "nl"),  # the pass is Dutch, like the stemkaart
        token=p.token,
        serial=p.serial,
        issued_at=local_stamp(p.issued_at),
        desk=p.desk,
        chain_head=audit.head(store).text(),
    )
