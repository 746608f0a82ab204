"""``desk-app --self-test``: prove an installed (or frozen) Stembalie works on this machine.

Opens a temporary meeting on the bundled register, makes a stemkaart and decodes it from its own
image (zbar/zxing and their native libraries), checks the card in, prints the stempas to PDF and
reads the pass barcode back from the same layout, and verifies the audit chain. Offscreen: no
display, camera or printer needed. Exit 0 when every step passed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path



def run(out: Callable[[str], None] = print) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - painting needs it
    failures = 0

    def step(name: str, fn: Callable[[], str]) -> None:
        nonlocal failures
        t0 = time.perf_counter()
        try:
            detail = fn()
        except Exception as exc:  # a self-test reports every failure, whatever it is
            failures += 1
            out(f"FOUT  {name}: {exc!r}")
            return
        out(f"OK    {name} ({(time.perf_counter() - t0) * 1000:.0f} ms) {detail}")

    with tempfile.TemporaryDirectory(prefix="stembalie-selftest-") as tmp:
        folder = Path(tmp)
        from desk_app.domain.checkin import VerdictKind
        from desk_app.domain.mandate import role_label
        from desk_app.domain.token import make_card_token
        from desk_app.printing.barcode import qimage_to_gray
        from desk_app.printing.stempas import PassPrinter, StempasData, render_stempas_image
        from desk_app.scanning.decoder import decode_image, decoder_for_setting
        from desk_app.scanning.files import decode_files
        from desk_app.services.cards import CardService
        from desk_app.services.demo import build_demo
        from desk_app.services.desk import DeskService
        from desk_app.storage import audit

        state: dict[str, object] = {}

        def meeting() -> str:
            svc = build_demo(folder / "selftest.sqlite")
            state["svc"] = svc
            t = svc.totals()
            return f"{t.members} gemeenten, {t.votes} stemmen"

        def card() -> str:
            svc = state["svc"]
            made = CardService(svc.store, svc.actor).make_one("GM0363", folder)  # type: ignore[attr-defined]
            m = svc.meeting()  # type: ignore[attr-defined]
            token = make_card_token(m.meeting_no, m.secret, "GM0363", 1)
            read = decode_files([made.png], decoder_for_setting("auto"))[made.png]
            if read != [token]:
                raise RuntimeError(f"card image read as {read}, expected {token}")
            state["token"] = token
            return f"{made.pdf.name} leest terug als {token}"

        def checkin_and_pass() -> str:
            svc = state["svc"]
            desk = DeskService(svc.store, svc.actor)  # type: ignore[attr-defined]
            v = desk.scan(str(state["token"]))
            if v.kind is not VerdictKind.ACCEPTED:
                raise RuntimeError(f"verdict {v.kind}: {v.explanation()}")
            p = desk.check_in(v, name="Zelftest", role="burgemeester")
            m = desk.meeting
            data = StempasData(
                meeting_name=m.name, meeting_date=date.fromisoformat(m.date), meeting_place=m.place,
                municipality_code=p.code, municipality_name=v.municipality or p.code, votes=v.votes or 0,
                holder_name="Zelftest", holder_role=role_label(p.holder_role), token=p.token, serial=p.serial,
                issued_at=p.issued_at[:16], desk=p.desk)
            printer = PassPrinter("pdf", "a6", folder)
            pdf = printer.print_pass(data)
            if pdf is None or pdf.stat().st_size == 0:
                raise RuntimeError("no PDF written")
            image = render_stempas_image(data, printer.pass_size)
            read = decode_image(qimage_to_gray(image))
            if p.token not in read:
                raise RuntimeError(f"pass barcode read as {read}, expected {p.token}")
            desk.record_print(p.serial, True)
            return f"stempas {p.serial} naar {pdf.name}, streepjescode leest terug"

        def chain() -> str:
            svc = state["svc"]
            r = audit.verify(svc.store)  # type: ignore[attr-defined]
            if not r.ok:
                raise RuntimeError(f"audit chain broken at {r.first_bad_seq}: {r.reason}")
            svc.store.close()  # type: ignore[attr-defined]
            return f"{r.entries} regels, kop {r.head[:12]}…"

        step("vergadering openen", meeting)
        if "svc" in state:
            step("stemkaart maken en lezen", card)
        if "token" in state:
            step("registreren en stempas afdrukken", checkin_and_pass)
            step("audit-keten", chain)
    out("ZELFTEST GESLAAGD" if failures == 0 else f"ZELFTEST MISLUKT: {failures} stap(pen)")
    return 0 if failures == 0 else 1
