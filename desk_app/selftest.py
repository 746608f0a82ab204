"""``desk-app --self-test``: prove an installed (or frozen) Stembalie works on this machine.

Opens a temporary meeting on the bundled register (through a :class:`~desk_app.session.Session`,
like every other face of the app), makes a stemkaart and decodes it from its own image (zbar/zxing
and their native libraries), checks the card in, prints the stempas to PDF and reads the pass
barcode back from the same layout, and verifies the audit chain. Offscreen: no display, camera or
printer needed. Exit 0 when every step passed; the report is in the chosen language.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.domain.text import Text, Translator, counted

if TYPE_CHECKING:
    from desk_app.session import Session

T_OK = Text("OK    {step} ({ms} ms) {detail}", "OK    {step} ({ms} ms) {detail}")
T_FAIL = Text("FOUT  {step}: {error}", "FAIL  {step}: {error}")
T_PASSED = Text("ZELFTEST GESLAAGD", "SELF-TEST PASSED")
T_FAILED = Text("ZELFTEST MISLUKT: {steps}", "SELF-TEST FAILED: {steps}")
T_STEP = Text("{n} stap", "{n} step")
T_STEPS = Text("{n} stappen", "{n} steps")

T_STEP_MEETING = Text("vergadering openen", "open a meeting")
T_STEP_CARD = Text("stemkaart maken en lezen", "make and read a voting card")
T_STEP_PASS = Text("registreren en stempas afdrukken", "check in and print the voting pass")
T_STEP_CHAIN = Text("logboek", "audit log")

T_MEETING = Text("{members} gemeenten, {votes} stemmen", "{members} municipalities, {votes} votes")
T_CARD = Text("{pdf} leest terug als {token}", "{pdf} reads back as {token}")
T_PASS = Text("stempas {serial} naar {pdf}, streepjescode leest terug", "pass {serial} to {pdf}, barcode reads back")
T_CHAIN = Text("{entries} regels, kop {head}…", "{entries} entries, head {head}…")


def run(out: Callable[[str], None] = print, tr: Translator | None = None) -> int:
    tr = tr or Translator()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - painting needs it
    failures = 0

    def step(name: Text, fn: Callable[[], str]) -> None:
        nonlocal failures
        t0 = time.perf_counter()
        try:
            detail = fn()
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure, whatever it is
            failures += 1
            out(tr(T_FAIL, step=tr(name), error=repr(exc)))
            return
        out(tr(T_OK, step=tr(name), ms=f"{(time.perf_counter() - t0) * 1000:.0f}", detail=detail))

    with tempfile.TemporaryDirectory(prefix="stembalie-selftest-") as tmp:
        folder = Path(tmp)
        from desk_app.domain.checkin import VerdictKind
        from desk_app.domain.mandate import role_label
        from desk_app.domain.token import make_card_token
        from desk_app.printing.barcode import qimage_to_gray
        from desk_app.printing.stempas import PassPrinter, StempasData, render_stempas_image
        from desk_app.scanning import files
        from desk_app.scanning.decoder import decode_image, decoder_for_setting
        from desk_app.session import Session, default_actor

        sessions: list[Session] = []
        state: dict[str, str] = {}

        def meeting() -> str:
            session = Session.demo(folder / "selftest.sqlite", actor=default_actor("zelftest", "zelftest"), tr=tr)
            sessions.append(session)
            t = session.meeting.totals()
            return tr(T_MEETING, members=t.members, votes=t.votes)

        def card() -> str:
            session = sessions[0]
            made = session.cards.make_one("GM0363", folder)
            m = session.meeting.meeting()
            token = make_card_token(m.meeting_no, m.secret, "GM0363", 1)
            # files.decode_files, looked up now: the test replaces it to prove a failure is reported
            read = files.decode_files([made.png], decoder_for_setting("auto"))[made.png]
            if read != [token]:
                raise RuntimeError(f"card image read as {read}, expected {token}")
            state["token"] = token
            return tr(T_CARD, pdf=made.pdf.name, token=token)

        def checkin_and_pass() -> str:
            desk = sessions[0].desk
            v = desk.scan(state["token"])
            if v.kind is not VerdictKind.ACCEPTED:
                raise RuntimeError(f"verdict {v.kind}: {v.explanation(tr.lang)}")
            p = desk.check_in(v, name="Zelftest", role="burgemeester")
            m = desk.meeting
            data = StempasData(
                meeting_name=m.name,
                meeting_date=date.fromisoformat(m.date),
                meeting_place=m.place,
                municipality_code=p.code,
                municipality_name=v.municipality or p.code,
                votes=v.votes or 0,
                holder_name="Zelftest",
                holder_role=role_label(p.holder_role, tr.lang),
                token=p.token,
                serial=p.serial,
                issued_at=p.issued_at[:16],
                desk=p.desk,
            )
            printer = PassPrinter("pdf", "a6", folder)
            pdf = printer.print_pass(data)
            if pdf is None or pdf.stat().st_size == 0:
                raise RuntimeError("no PDF written")
            image = render_stempas_image(data, printer.pass_size)
            read = decode_image(qimage_to_gray(image))
            if p.token not in read:
                raise RuntimeError(f"pass barcode read as {read}, expected {p.token}")
            desk.record_print(p.serial, True)
            return tr(T_PASS, serial=p.serial, pdf=pdf.name)

        def chain() -> str:
            r, problems = sessions[0].meeting.verify()
            if not r.ok:
                raise RuntimeError(f"audit chain broken at {r.first_bad_seq}: {r.reason}")
            if problems:
                raise RuntimeError("; ".join(problems))
            return tr(T_CHAIN, entries=r.entries, head=r.head[:12])

        try:
            step(T_STEP_MEETING, meeting)
            if sessions:
                step(T_STEP_CARD, card)
            if "token" in state:
                step(T_STEP_PASS, checkin_and_pass)
                step(T_STEP_CHAIN, chain)
        finally:
            for session in sessions:  # before the folder goes (Windows will not delete an open file)
                session.close()
    out(tr(T_PASSED) if failures == 0 else tr(T_FAILED, steps=counted(failures, T_STEP, T_STEPS)))
    return 0 if failures == 0 else 1
