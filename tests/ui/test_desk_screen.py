"""The desk's screen as data: every verdict and outcome mapped without a widget (no Qt needed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desk_app.domain.checkin import (
    T_ACCEPTED,
    T_ALREADY,
    T_PASS,
    T_UNKNOWN,
    DeskMember,
    PassAction,
    PassInfo,
    PassStatus,
    PrintState,
    Verdict,
    VerdictKind,
    literal,
)
from desk_app.domain.text import Translator
from desk_app.services.desk import Issued, IssueKind, Printed
from desk_app.ui.desk.screen import STYLES, Cue, DeskScreens, Mode, Tone

NL = DeskScreens(Translator("nl"))
AMSTERDAM = DeskMember("GM0363", "Amsterdam", 75)
A = PassAction


def a_pass(status: str = "active", print_state: str = "printed", serial: int = 7) -> PassInfo:
    return PassInfo(
        serial,
        "GM0363",
        "Femke Halsema",
        "burgemeester",
        "balie-2",
        "2024-05-24T10:03:07.000Z",
        PassStatus(status),
        PrintState(print_state),
        "0" * 22,
    )


def accepted(manual_reason: str | None = None) -> Verdict:
    return Verdict(
        VerdictKind.ACCEPTED,
        *T_ACCEPTED,
        params={"municipality": "Amsterdam", "votes": 75},
        code="GM0363",
        municipality="Amsterdam",
        votes=75,
        rep_name="Femke Halsema",
        rep_role="burgemeester",
        manual_reason=manual_reason,
    )


def already(p: PassInfo) -> Verdict:
    return Verdict(
        VerdictKind.ALREADY,
        *T_ALREADY,
        params={
            "municipality": "Amsterdam",
            "time": "12:03:07",
            "desk": p.desk,
            "serial": p.serial,
            "holder": literal("Femke Halsema, burgemeester"),
        },
        code="GM0363",
        municipality="Amsterdam",
        votes=75,
        existing=p,
    )


def pass_scanned(p: PassInfo) -> Verdict:
    return Verdict(VerdictKind.PASS, *T_PASS, params={}, code="GM0363", municipality="Amsterdam", votes=75, existing=p)


def test_the_screen_mapping_loads_no_qt() -> None:
    code = (
        "import sys, desk_app.ui.desk.screen; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "[]"


def test_admitted_not_yet_issued_and_issued_differ_by_colour_icon_and_words() -> None:
    admitted = NL.verdict(accepted())
    assert admitted.mode is Mode.CONFIRM and admitted.in_form and admitted.cue is Cue.ACCEPTED
    c = admitted.content
    assert (c.tone, c.headline, c.municipality, c.votes, c.votes_word) == (
        Tone.ADMITTED,
        "TOEGELATEN",
        "Amsterdam",
        75,
        "stemmen",
    )
    assert c.badge == "NOG NIET UITGEGEVEN — druk Enter" and c.person == "Aangewezen: Femke Halsema, burgemeester"
    assert admitted.form is not None and (admitted.form.name, admitted.form.role) == ("Femke Halsema", "burgemeester")
    assert admitted.form.button == "Stempas uitgeven (Enter)"

    done = NL.issued(Issued(IssueKind.CHECKIN, a_pass(), AMSTERDAM, Printed(True)))
    d = done.content
    assert (done.mode, d.tone, d.headline, d.badge) == (Mode.ISSUED, Tone.OK, "STEMPAS UITGEGEVEN", "")
    assert not done.in_form and done.cue is None
    # At a glance, not by colour alone: another background, another icon shape, other words.
    assert STYLES[Tone.ADMITTED].background != STYLES[Tone.OK].background
    assert STYLES[Tone.ADMITTED].icon == "↵" and STYLES[Tone.OK].icon == "✔"
    assert "UITGEGEVEN" not in c.headline and "NOG NIET" in c.badge


def test_issued_first_says_printing_then_the_printers_answer() -> None:
    announced = NL.issued(Issued(IssueKind.CHECKIN, a_pass(print_state="pending"), AMSTERDAM))
    assert announced.content.detail == "Stempas wordt afgedrukt…" and announced.shown == "issued"
    ok = NL.issued(Issued(IssueKind.CHECKIN, a_pass(), AMSTERDAM, Printed(True, Path("/x/stempas.pdf"))))
    assert ok.content.detail == "Afgedrukt. Geef de stempas mee." and "/x/stempas.pdf" in ok.status
    assert ok.actions == (A.REPRINT, A.UNDO)
    failed = NL.issued(
        Issued(
            IssueKind.CHECKIN,
            a_pass(print_state="failed"),
            AMSTERDAM,
            Printed(False, error="Printer 'X' is niet gevonden."),
        )
    )
    f = failed.content
    assert (f.tone, f.headline, failed.shown, failed.cue) == (
        Tone.WARNING,
        "NIET AFGEDRUKT",
        "print_failed",
        Cue.REFUSED,
    )
    assert "registratie staat vast" in f.detail and "niet gevonden" in f.detail and "F5" in f.note
    assert failed.actions == (A.PRINT, A.UNDO)  # never printed: F5 prints without a PIN


def test_each_kind_of_issue_has_its_headline() -> None:
    headlines = {
        kind: NL.issued(Issued(kind, a_pass(), AMSTERDAM, Printed(True))).content.headline for kind in IssueKind
    }
    assert headlines == {
        IssueKind.CHECKIN: "STEMPAS UITGEGEVEN",
        IssueKind.SUBSTITUTE: "VERVANGER TOEGELATEN",
        IssueKind.REPLACEMENT: "NIEUWE STEMPAS",
        IssueKind.OVERRIDE: "TOCH TOEGELATEN",
        IssueKind.PRINT: "STEMPAS 7",
        IssueKind.REPRINT: "STEMPAS OPNIEUW AFGEDRUKT",
    }


def test_already_registered_offers_what_the_domain_allows() -> None:
    s = NL.verdict(already(a_pass(print_state="pending")))
    assert (s.mode, s.content.tone, s.content.headline, s.cue) == (
        Mode.ALREADY,
        Tone.WARNING,
        "AL GEREGISTREERD",
        Cue.REFUSED,
    )
    assert s.content.person == "Geregistreerd om 12:03:07 aan balie-2"  # Amsterdam's clock
    assert "Stempas 7: Femke Halsema, burgemeester" in s.content.detail
    assert "nog niet afgedrukt" in s.content.note
    assert s.actions == (A.PRINT, A.LOST, A.SUBSTITUTE, A.OVERRIDE, A.UNDO) and not s.in_form
    away = NL.verdict(already(a_pass("away")))
    assert "vertrokken" in away.content.detail and away.content.note == ""


def test_a_scanned_pass_offers_leaving_or_coming_back() -> None:
    here = NL.verdict(pass_scanned(a_pass()))
    assert (here.mode, here.content.tone, here.content.headline) == (Mode.PASS, Tone.INFO, "STEMPAS 7 · AANWEZIG")
    assert here.actions == (A.REPRINT, A.LEAVE, A.UNDO) and here.cue is Cue.ACCEPTED
    away = NL.verdict(pass_scanned(a_pass("away")))
    assert (away.content.tone, away.content.headline) == (Tone.WARNING, "STEMPAS 7 · VERTROKKEN")
    assert away.actions == (A.REPRINT, A.RETURN, A.UNDO)
    void = NL.verdict(pass_scanned(a_pass("replaced")))
    assert (void.content.tone, void.content.headline, void.actions, void.cue) == (
        Tone.REFUSED,
        "STEMPAS 7 · VERVANGEN — ONGELDIG",
        (),
        Cue.REFUSED,
    )


def test_refusals_show_no_number_to_misread_as_admitted() -> None:
    v = Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": literal("Verkeerd gelezen.", "Misread.")})
    s = NL.verdict(v)
    assert (s.mode, s.content.tone, s.content.headline, s.content.votes) == (
        Mode.REFUSED,
        Tone.REFUSED,
        "ONBEKENDE KAART",
        None,
    )
    assert s.content.detail.startswith("Verkeerd gelezen.") and s.actions == ()
    english = DeskScreens(Translator("en")).verdict(v)
    assert english.content.headline == "UNKNOWN CARD" and english.content.detail.startswith("Misread.")


def test_forms_for_a_substitute_and_an_override() -> None:
    p = a_pass()
    sub = NL.substitute_form(already(p), p)
    assert sub.mode is Mode.SUBSTITUTE and sub.form is not None and sub.form.name == "" and sub.form.role is None
    assert sub.form.button == "Vervanger toelaten (Enter)" and "NOG NIET UITGEGEVEN" in sub.content.badge
    over = NL.override_form(
        Verdict(
            VerdictKind.ALREADY,
            *T_ALREADY,
            code="GM0363",
            municipality="Amsterdam",
            votes=75,
            rep_name="Femke Halsema",
            rep_role="burgemeester",
            existing=p,
        ),
        p,
    )
    assert over.mode is Mode.OVERRIDE and over.form is not None and over.form.name == "Femke Halsema"
    assert over.form.button == "Toch toelaten… (Enter)"
    assert (
        NL.cancel_label(over) == "Annuleren (Esc)" and NL.cancel_label(NL.verdict(already(p))) == "Volgende kaart (Esc)"
    )


def test_a_refused_role_keeps_the_form_as_typed() -> None:
    admitted = NL.verdict(accepted())
    refused = NL.role_refused(admitted, accepted(), "'beleidsmedewerker' is geen stemgerechtigde functie.")
    assert (refused.mode, refused.content.tone, refused.content.headline) == (
        Mode.CONFIRM,
        Tone.REFUSED,
        "FUNCTIE NIET TOEGESTAAN",
    )
    assert refused.form is not None and not refused.form.fill and refused.content.votes is None
    elsewhere = NL.already_elsewhere(admitted, accepted(), "Al geregistreerd aan balie-4.")
    assert (elsewhere.mode, elsewhere.content.headline, elsewhere.form) == (Mode.REFUSED, "AL GEREGISTREERD", None)


def test_the_waiting_banner_names_the_card() -> None:
    assert "kaart van Amsterdam (GM0363)" in NL.waiting(accepted())
    assert "stempas 7 (Amsterdam)" in NL.waiting(pass_scanned(a_pass()))
    refused = Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": literal("x")})
    assert "niet wordt toegelaten (ONBEKENDE KAART)" in NL.waiting(refused)
    assert NL.waiting(None).startswith("‖ VOLGENDE SCAN WACHT") and "Enter" in NL.waiting(None)


def test_the_desks_words_go_through_the_translate_function() -> None:
    seen: list[tuple[str, str]] = []

    def translate(context: str, text: str) -> str:
        seen.append((context, text))
        return text.upper() if text == "stemmen" else text

    screens = DeskScreens(Translator("nl"), translate)
    assert screens.verdict(accepted()).content.votes_word == "STEMMEN"
    assert {c for c, _ in seen} == {"DeskScreens"}  # the context lupdate files them under


def test_several_waiting_scans_are_counted_and_named_in_their_order() -> None:
    p = a_pass()
    refused = Verdict(VerdictKind.UNKNOWN, *T_UNKNOWN, params={"reason": literal("x")})
    banner = NL.waiting(accepted(), already(p), pass_scanned(p), refused, None)
    assert banner.startswith(
        "‖ 5 SCANS WACHTEN: Amsterdam, Amsterdam (AL GEREGISTREERD), stempas 7 (Amsterdam) en nog 2."
    )
    assert "Enter" in banner and "Esc" in banner
    assert NL.waiting(accepted(), None).startswith("‖ 2 SCANS WACHTEN: Amsterdam, een scan.")
    assert NL.waiting(accepted()) == NL.waiting(*[accepted()])  # one: named in full, as before


def test_a_waiting_card_that_will_not_be_admitted_says_so_in_the_banner() -> None:
    p = a_pass()
    assert "kaart van Amsterdam (GM0363): AL GEREGISTREERD" in NL.waiting(already(p))
