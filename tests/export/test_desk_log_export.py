"""The proces-verbaal lists the coördinator's PIN changes and a person admitted despite a pass
elsewhere with the other coördinator actions, and counts refused scans and wrong PINs (issue 12.3, 12.11)."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest

from PySide6.QtWidgets import QApplication

from desk_app.domain.text import DeskError
from desk_app.domain.token import make_card_token
from desk_app.export import writer
from desk_app.services.demo import DEMO_PIN
from desk_app.services.desk import Coordinator, DeskService
from desk_app.services.export import ExportService
from desk_app.services.meeting import Actor, MeetingService


def pdf_text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        return re.sub(r"\s+", " ", " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))
    finally:
        doc.close()


def test_the_desk_log_and_the_pin_changes_reach_the_proces_verbaal(meeting: MeetingService, qapp: QApplication) -> None:
    desk = DeskService(meeting.store, Actor("balie-2", "bob"))
    m = desk.meeting
    forged = make_card_token(m.meeting_no, b"y" * 32, "GM0344", 1)
    for text in (forged, forged, "geen code"):
        assert not desk.scan(text).accepted
    desk.change_coordinator_pin("24051999", current=DEMO_PIN)
    for _ in range(2):
        with pytest.raises(DeskError):
            desk.set_supervisor_pin("11112222", current="0000")
    desk.check_in(desk.scan(make_card_token(m.meeting_no, m.secret, "GM0014", 1)), name="Daan Kok", role="wethouder")
    desk.check_in(
        desk.scan(make_card_token(m.meeting_no, m.secret, "GM0363", 1)),
        name="D. Kok",
        role="wethouder",
        coordinator=Coordinator("24051999", "naamgenoot, paspoort gezien"),
    )

    data = ExportService(meeting.store).collect()
    assert data.refused_scans == (("token.forged", 2), ("token.format", 1))
    assert (data.wrong_pins, data.pin_lockouts) == (2, 0)
    assert {c.action for c in data.corrections} == {"supervisor.pin", "checkin"}

    text = pdf_text(ExportService(meeting.store).files()[writer.PDF])
    for expected in (
        "Handelingen van de coördinator aan de balie",
        "Pincode coördinator",
        "gewijzigd met de huidige pincode",
        "Toegelaten ondanks stempas of vertegenwoordiging elders",
        "ook stempas 1 (GM0014)",
        "naamgenoot, paspoort gezien",
        "Geweigerde scans aan de balie: 3",
        "echtheidscode klopt niet",
        "geen code van Stembalie",
        "Onjuiste pincodes van de coördinator: 2",
    ):
        assert expected in text, expected
    assert forged not in text


def test_no_refused_scans_is_said_too(meeting: MeetingService, qapp: QApplication) -> None:
    text = pdf_text(ExportService(meeting.store).files()[writer.PDF])
    assert "Aan de balie zijn geen scans geweigerd." in text and "Onjuiste pincodes" not in text
