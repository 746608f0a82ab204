"""What the desk shows, as data: a verdict or an outcome in, the screen's content out. No Qt.

The desk panel only renders a :class:`Screen`: the tone (colour *and* icon *and* words, never
colour alone), the headline, the municipality and its votes, the lines under them, which pass
actions are offered (the domain's rule, :func:`desk_app.domain.checkin.allowed_actions`), which
form is open and what it is prefilled with, and which sound plays. :class:`DeskScreens` builds
them from a :class:`~desk_app.domain.checkin.Verdict`, an :class:`~desk_app.services.desk.Issued`
pass or a refusal, so every mapping is a plain function tested without widgets.

Two states look alike to a hurried clerk and must not: a card that is *admitted but not yet
issued* (light blue, the Enter icon ``↵``, "NOG NIET UITGEGEVEN — druk Enter") and a pass that
*was issued* (green, ``✔``, "STEMPAS UITGEGEVEN").

Texts: a verdict's own words come from the domain (rendered through the session's
:class:`~desk_app.domain.text.Translator`); the desk's words are ``self.tr()`` strings under the
context ``DeskScreens`` in the ``.ts`` files, translated by the function the panel passes in
(``QCoreApplication.translate``; without one they stay Dutch, as in the tests).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, replace

from desk_app.domain.checkin import (
    PassAction,
    PassInfo,
    PassStatus,
    Presented,
    Verdict,
    VerdictKind,
    allowed_actions,
)
from desk_app.domain.clock import local_time
from desk_app.domain.mandate import role_label
from desk_app.domain.text import Translator
from desk_app.services.desk import Issued, IssueKind

__all__ = [
    "Tone",
    "ToneStyle",
    "STYLES",
    "Cue",
    "Mode",
    "FORM_MODES",
    "WAITING_NAMED",
    "PanelContent",
    "FormSpec",
    "Screen",
    "DeskScreens",
]


class Tone(enum.Enum):
    IDLE = "idle"
    ADMITTED = "admitted"  # accepted, the pass is NOT issued yet: confirm who presents the card
    OK = "ok"  # pass issued (and printed)
    REFUSED = "refused"  # unknown, forged, other meeting, replaced card, no voting right, bad role
    WARNING = "warning"  # already registered, not printed, left the hall
    INFO = "info"  # a valid pass was scanned


@dataclass(frozen=True)
class ToneStyle:
    background: str
    foreground: str
    icon: str


# Colours with at least 4.5:1 contrast for their text (WCAG AA); amber carries black text because
# white on amber is unreadable. The icons differ in shape, so the state is clear in greyscale.
STYLES: dict[Tone, ToneStyle] = {
    Tone.IDLE: ToneStyle("#E3E8EC", "#1D2A33", "▶"),
    # Pale, not solid: "something is still to be done here" next to the solid green of "done".
    Tone.ADMITTED: ToneStyle("#D6E8FA", "#0B2545", "↵"),
    Tone.OK: ToneStyle("#1B6B2F", "#FFFFFF", "✔"),
    Tone.REFUSED: ToneStyle("#B3201A", "#FFFFFF", "✖"),
    Tone.WARNING: ToneStyle("#FFB000", "#111111", "!"),
    Tone.INFO: ToneStyle("#0B4F9C", "#FFFFFF", "ℹ"),
}


class Cue(enum.StrEnum):
    """The two sounds: accepted and refused."""

    ACCEPTED = "accepted"
    REFUSED = "refused"


class Mode(enum.Enum):
    IDLE = "idle"
    CONFIRM = "confirm"  # accepted card: who presents it?
    SUBSTITUTE = "substitute"  # already registered: another person of the same municipality
    OVERRIDE = "override"  # already registered, wrongly: supervisor admits this person
    ALREADY = "already"
    PASS = "pass"  # a stempas was scanned
    ISSUED = "issued"  # a pass was issued (or printed again), printed or not
    REFUSED = "refused"
    DONE = "done"  # an action finished (undo); nothing pending


# How many waiting scans the banner names; the rest are counted ("en nog 3").
WAITING_NAMED = 3

#: Modes in which someone is filling in a form: a scan waits until Enter or Esc.
FORM_MODES = frozenset({Mode.CONFIRM, Mode.SUBSTITUTE, Mode.OVERRIDE})


@dataclass(frozen=True)
class PanelContent:
    """What the verdict panel shows; empty fields are hidden."""

    tone: Tone
    headline: str
    municipality: str = ""
    code: str = ""
    votes: int | None = None
    votes_word: str = ""  # "stemmen" / "stem", translated by the caller
    person: str = ""  # "Aangewezen: Femke Halsema, burgemeester"
    detail: str = ""
    note: str = ""  # a second, emphasised line: "Handmatig opgezocht: …", "Niet afgedrukt: …"
    badge: str = ""  # framed, under the headline: "NOG NIET UITGEGEVEN — druk Enter"


@dataclass(frozen=True)
class FormSpec:
    """The form under the panel: who presents the card."""

    button: str  # the confirm button's text, with its key
    name: str = ""  # prefilled when the form opens
    role: str | None = None
    fill: bool = True  # False: keep what was typed (the screen after a refusal, for a correction)


@dataclass(frozen=True)
class Screen:
    """Everything the desk panel shows for one state."""

    mode: Mode
    content: PanelContent
    shown: str  # what ``verdict_shown`` reports: a VerdictKind value, or 'issued', 'print_failed', ...
    actions: tuple[PassAction, ...] = ()
    form: FormSpec | None = None
    cue: Cue | None = None
    status: str = ""  # the status line under the buttons ("" leaves it as it is)
    #: One person, one pass refused this person: F8 lets the coördinator admit them (PIN, reason).
    coordinator_admits: bool = False

    @property
    def in_form(self) -> bool:
        return self.form is not None


class DeskScreens:
    """Builds :class:`Screen` values; ``texts`` renders domain texts, ``translate`` the desk's own."""

    def __init__(
        self,
        texts: Translator,
        translate: Callable[[str, str], str] | None = None,
        *,
        voided_by_override: Callable[[int], bool] | None = None,
    ) -> None:
        """``voided_by_override(serial)``: whether a void pass was replaced by the coördinator admitting
        someone else (then it is not called "ongedaan"); without it such a pass is simply void."""
        self.texts = texts
        self._translate = translate
        self._voided_by_override = voided_by_override

    def tr(self, text: str) -> str:
        return self._translate("DeskScreens", text) if self._translate is not None else text

    # -- small parts --------------------------------------------------------------------------------
    def votes_word(self, votes: int | None) -> str:
        return self.tr("stem") if votes == 1 else self.tr("stemmen")

    def role(self, role: str | None) -> str:
        return role_label(role, self.texts.lang) if role else ""

    def holder(self, p: PassInfo) -> str:
        return self.tr("Stempas {serial}: {name}, {role}").format(
            serial=p.serial, name=p.holder_name or "?", role=self.role(p.holder_role)
        )

    def designated(self, v: Verdict) -> str:
        if v.rep_name:
            role = f", {self.role(v.rep_role)}" if v.rep_role else ""
            return self.tr("Aangewezen: {name}{role}").format(name=v.rep_name, role=role)
        return self.tr("Geen vertegenwoordiger aangewezen")

    def print_note(self, p: PassInfo | None) -> str:
        if p is None or not p.live or p.printed:
            return ""
        return self.tr("Deze stempas is nog niet afgedrukt: druk F5 om hem af te drukken.")

    def overridden(self, p: PassInfo) -> bool:
        """A void pass whose municipality the coördinator admitted again with a new pass ("toch
        toelaten"): the store calls both "undone"; the desk must not say the aanmelding was undone."""
        return (
            p.status is PassStatus.UNDONE
            and self._voided_by_override is not None
            and self._voided_by_override(p.serial)
        )

    def pass_headline(self, p: PassInfo) -> tuple[Tone, str]:
        words = {
            PassStatus.ACTIVE: (Tone.INFO, self.tr("AANWEZIG")),
            PassStatus.AWAY: (Tone.WARNING, self.tr("VERTROKKEN")),
            PassStatus.RETURNED: (Tone.REFUSED, self.tr("INGELEVERD — ONGELDIG")),
            PassStatus.REPLACED: (Tone.REFUSED, self.tr("VERVANGEN — ONGELDIG")),
            PassStatus.UNDONE: (Tone.REFUSED, self.tr("AANMELDING ONGEDAAN — ONGELDIG")),
        }
        tone, word = words[p.status]
        if self.overridden(p):
            word = self.tr("VERVANGEN DOOR TOELATING COÖRDINATOR — ONGELDIG")
        return tone, self.tr("STEMPAS {serial} · {state}").format(serial=p.serial, state=word)

    def action_label(self, action: PassAction) -> str:
        """The button of a pass action, with its key (F5 prints or reprints)."""
        return {
            PassAction.PRINT: self.tr("Afdrukken (F5)"),
            PassAction.REPRINT: self.tr("Opnieuw afdrukken (F5)"),
            PassAction.LOST: self.tr("Pas kwijt: nieuwe pas (F6)"),
            PassAction.SUBSTITUTE: self.tr("Vervanger (F7)"),
            PassAction.OVERRIDE: self.tr("Toch toelaten (F8)"),
            PassAction.LEAVE: self.tr("Vertrekt — pas inleveren (F9)"),
            PassAction.RETURN: self.tr("Komt terug (F10)"),
            PassAction.UNDO: self.tr("Ongedaan maken (Ctrl+Z)"),
        }[action]

    def cancel_label(self, screen: Screen) -> str:
        return self.tr("Annuleren (Esc)") if screen.in_form else self.tr("Volgende kaart (Esc)")

    # -- screens --------------------------------------------------------------------------------------
    def idle(self) -> Screen:
        return Screen(
            Mode.IDLE,
            PanelContent(
                Tone.IDLE,
                self.tr("KLAAR VOOR DE VOLGENDE KAART"),
                detail=self.tr(
                    "Houd de stemkaart voor de camera of scan hem met de handscanner. "
                    "Scant hij niet? Druk F2 om op naam of code op te zoeken."
                ),
            ),
            "idle",
        )

    def verdict(self, v: Verdict) -> Screen:
        """A scanned card or pass, or a looked-up municipality."""
        lang = self.texts.lang
        code = v.code or ""
        if v.kind is VerdictKind.ACCEPTED:
            note = self.tr("Handmatig opgezocht: {reason}").format(reason=v.manual_reason) if v.manual_reason else ""
            return Screen(
                Mode.CONFIRM,
                PanelContent(
                    Tone.ADMITTED,
                    v.headline(lang),
                    v.municipality or "",
                    code,
                    v.votes,
                    self.votes_word(v.votes),
                    self.designated(v),
                    self.tr("Controleer wie de kaart toont, kies de functie en druk Enter."),
                    note,
                    badge=self.tr("NOG NIET UITGEGEVEN — druk Enter"),
                ),
                v.kind.value,
                form=FormSpec(self.tr("Stempas uitgeven (Enter)"), v.rep_name or "", v.rep_role),
                cue=Cue.ACCEPTED,
            )
        if v.kind is VerdictKind.ALREADY and v.existing is not None:
            p = v.existing
            when = self.tr("Geregistreerd om {time} aan {desk}").format(time=local_time(p.issued_at), desk=p.desk)
            detail = self.tr("{holder}. Druk opnieuw af, vervang een verloren pas, of laat een vervanger toe.").format(
                holder=self.holder(p)
            )
            if p.status is PassStatus.AWAY:
                detail = self.tr("{holder} — vertrokken, pas ingeleverd. Scan de stempas om terug te komen.").format(
                    holder=self.holder(p)
                )
            return Screen(
                Mode.ALREADY,
                PanelContent(
                    Tone.WARNING,
                    v.headline(lang),
                    v.municipality or "",
                    code,
                    v.votes,
                    self.votes_word(v.votes),
                    when,
                    detail,
                    self.print_note(p),
                ),
                v.kind.value,
                actions=allowed_actions(p.status, p.print_state, Presented.CARD),
                cue=Cue.REFUSED,
            )
        if v.kind is VerdictKind.PASS and v.existing is not None:
            p = v.existing
            tone, headline = self.pass_headline(p)
            detail = {
                PassStatus.ACTIVE: self.tr("Vertrekt de houder? Neem de pas in en druk F9."),
                PassStatus.AWAY: self.tr("Komt de houder terug? Geef de pas terug en druk F10."),
            }.get(p.status, self.tr("Deze pas is ongeldig: neem hem in. Er is geen actie nodig."))
            if self.overridden(p):
                detail = self.tr(
                    "De coördinator heeft iemand anders van deze gemeente toegelaten; die heeft een nieuwe "
                    "stempas. Deze pas is ongeldig: neem hem in."
                )
            return Screen(
                Mode.PASS,
                PanelContent(
                    tone,
                    headline,
                    v.municipality or "",
                    code,
                    v.votes,
                    self.votes_word(v.votes),
                    self.holder(p),
                    detail,
                    self.print_note(p),
                ),
                v.kind.value,
                actions=allowed_actions(p.status, p.print_state, Presented.PASS),
                cue=Cue.ACCEPTED if p.live else Cue.REFUSED,
            )
        # Refusals: no votes on screen, so nobody reads a number as "admitted".
        return Screen(
            Mode.REFUSED,
            PanelContent(Tone.REFUSED, v.headline(lang), v.municipality or "", code, None, "", "", v.explanation(lang)),
            v.kind.value,
            cue=Cue.REFUSED,
        )

    def substitute_form(self, v: Verdict, p: PassInfo) -> Screen:
        return Screen(
            Mode.SUBSTITUTE,
            PanelContent(
                Tone.WARNING,
                self.tr("VERVANGER"),
                v.municipality or "",
                v.code or "",
                v.votes,
                self.votes_word(v.votes),
                self.holder(p),
                self.tr(
                    "Stempas {serial} wordt ingeleverd en de vervanger krijgt een nieuwe. Vul naam en functie "
                    "van de vervanger in en druk Enter."
                ).format(serial=p.serial),
                badge=self.tr("NOG NIET UITGEGEVEN — druk Enter"),
            ),
            "substitute",
            form=FormSpec(self.tr("Vervanger toelaten (Enter)")),
        )

    def override_form(self, v: Verdict, p: PassInfo) -> Screen:
        return Screen(
            Mode.OVERRIDE,
            PanelContent(
                Tone.WARNING,
                self.tr("TOCH TOELATEN"),
                v.municipality or "",
                v.code or "",
                v.votes,
                self.votes_word(v.votes),
                self.holder(p),
                self.tr(
                    "Alleen als de eerdere registratie onterecht was. Stempas {serial} wordt ongeldig. Vul in wie "
                    "de kaart toont, druk Enter; daarna pincode en reden van de coördinator."
                ).format(serial=p.serial),
                badge=self.tr("NOG NIET UITGEGEVEN — druk Enter"),
            ),
            "override",
            form=FormSpec(self.tr("Toch toelaten… (Enter)"), v.rep_name or "", v.rep_role),
        )

    def _issued_headline(self, issued: Issued) -> str:
        return {
            IssueKind.CHECKIN: self.tr("STEMPAS UITGEGEVEN"),
            IssueKind.SUBSTITUTE: self.tr("VERVANGER TOEGELATEN"),
            IssueKind.REPLACEMENT: self.tr("NIEUWE STEMPAS"),
            IssueKind.OVERRIDE: self.tr("TOCH TOEGELATEN"),
            IssueKind.PRINT: self.tr("STEMPAS {serial}").format(serial=issued.stempas.serial),
            IssueKind.REPRINT: self.tr("STEMPAS OPNIEUW AFGEDRUKT"),
        }[issued.kind]

    def issued(self, issued: Issued) -> Screen:
        """A pass issued (or printed again): at once "being printed", then the printer's answer."""
        p, m = issued.stempas, issued.member
        actions = allowed_actions(p.status, p.print_state, Presented.ISSUED)
        printed = issued.printed
        if printed is None or printed.ok:
            detail = (
                self.tr("Stempas wordt afgedrukt…") if printed is None else self.tr("Afgedrukt. Geef de stempas mee.")
            )
            status = ""
            if printed is not None:
                where = self.tr(" ({path})").format(path=printed.path) if printed.path else ""
                status = self.tr("Stempas {serial} afgedrukt{where}.").format(serial=p.serial, where=where)
            return Screen(
                Mode.ISSUED,
                PanelContent(
                    Tone.OK,
                    self._issued_headline(issued),
                    m.name,
                    m.code,
                    m.votes,
                    self.votes_word(m.votes),
                    self.holder(p),
                    detail,
                    "" if printed is None or printed.recorded else printed.error,
                ),
                "issued",
                actions=actions,
                status=status,
            )
        return Screen(
            Mode.ISSUED,
            PanelContent(
                Tone.WARNING,
                self.tr("NIET AFGEDRUKT"),
                m.name,
                m.code,
                m.votes,
                self.votes_word(m.votes),
                self.holder(p),
                self.tr("De registratie staat vast (stempas {serial}); alleen het afdrukken mislukte: {error}").format(
                    serial=p.serial, error=printed.error
                ),
                self.tr("Los het printerprobleem op (of kies Printer…) en druk F5 om af te drukken."),
            ),
            "print_failed",
            actions=actions,
            cue=Cue.REFUSED,
            status=self.tr("Stempas {serial} niet afgedrukt: {error}").format(serial=p.serial, error=printed.error),
        )

    def role_refused(self, current: Screen, v: Verdict, message: str) -> Screen:
        """Red, with the reason; the form stays (as typed) so a mistaken choice can be corrected."""
        form = replace(current.form, fill=False) if current.form is not None else None
        return Screen(
            current.mode,
            PanelContent(
                Tone.REFUSED,
                self.tr("FUNCTIE NIET TOEGESTAAN"),
                v.municipality or "",
                v.code or "",
                person=self.tr("Geen stempas uitgegeven."),
                detail=message,
            ),
            "role_refused",
            form=form,
            cue=Cue.REFUSED,
        )

    def person_refused(self, current: Screen, v: Verdict, message: str) -> Screen:
        """This person already holds a pass, or is designated, elsewhere: red, why, the form as typed,
        and F8 for the coördinator (a namesake is admitted with PIN and reason)."""
        form = replace(current.form, fill=False) if current.form is not None else None
        return Screen(
            current.mode,
            PanelContent(
                Tone.REFUSED,
                self.tr("AL AANGEMELD VOOR ANDERE GEMEENTE"),
                v.municipality or "",
                v.code or "",
                person=self.tr("Geen stempas uitgegeven."),
                detail=message,
                note=self.tr("Een naamgenoot? Alleen de coördinator kan toch toelaten: F8."),
            ),
            "person_refused",
            actions=(PassAction.OVERRIDE,),
            form=form,
            cue=Cue.REFUSED,
            coordinator_admits=True,
        )

    def error(
        self,
        current: Screen | None,
        v: Verdict | None,
        message: str,
        *,
        headline: str | None = None,
        tone: Tone = Tone.REFUSED,
        keep_form: bool = True,
    ) -> Screen:
        """A refusal or a store problem; the form stays for a retry (a locked file) unless told."""
        in_form = keep_form and current is not None and current.form is not None
        return Screen(
            current.mode if in_form and current is not None else Mode.REFUSED,
            PanelContent(
                tone,
                headline or self.tr("NIET GELUKT"),
                (v.municipality or "") if v else "",
                (v.code or "") if v else "",
                detail=message,
            ),
            "error",
            form=replace(current.form, fill=False) if in_form and current is not None and current.form else None,
            cue=Cue.REFUSED,
        )

    def already_elsewhere(self, current: Screen | None, v: Verdict | None, message: str) -> Screen:
        """Another desk was faster between the verdict and Enter: no form to retry, scan again."""
        return self.error(current, v, message, headline=self.tr("AL GEREGISTREERD"), tone=Tone.WARNING, keep_form=False)

    def undone(self, municipality: str, p: PassInfo) -> Screen:
        return Screen(
            Mode.DONE,
            PanelContent(
                Tone.WARNING,
                self.tr("AANMELDING ONGEDAAN"),
                municipality,
                p.code,
                detail=self.tr("Stempas {serial} is ongeldig; {municipality} is niet meer geregistreerd.").format(
                    serial=p.serial, municipality=municipality
                ),
            ),
            "undone",
        )

    def waiting(self, *held: Verdict | None) -> str:
        """The banner while scans wait for the form to be finished, in the order they will come:
        one is named in full (whose card, and whether it will be admitted), several are counted and
        named short ("2 SCANS WACHTEN: Utrecht, Zwolle"). ``None``: a scan that is not a card."""
        if len(held) > 1:
            names = [self._waiting_short(v) for v in held[:WAITING_NAMED]]
            which = ", ".join(names)
            if len(held) > WAITING_NAMED:
                which += " " + self.tr("en nog {count}").format(count=len(held) - WAITING_NAMED)
            return self.tr("‖ {count} SCANS WACHTEN: {which}. Eerst Enter (uitgeven) of Esc (annuleren).").format(
                count=len(held), which=which
            )
        first = held[0] if held else None
        if first is None:
            what = self.tr("een scan")
        elif first.kind is VerdictKind.PASS and first.existing is not None:
            what = self._waiting_pass(first, first.existing)
        elif first.municipality:
            what = self.tr("kaart van {municipality} ({code})").format(municipality=first.municipality, code=first.code)
            if first.kind is not VerdictKind.ACCEPTED:
                what = f"{what}: {first.headline(self.texts.lang)}"
        else:
            what = self.tr("een kaart die niet wordt toegelaten ({headline})").format(
                headline=first.headline(self.texts.lang)
            )
        return self.tr("‖ VOLGENDE SCAN WACHT: {what}. Eerst Enter (uitgeven) of Esc (annuleren).").format(what=what)

    def _waiting_pass(self, v: Verdict, p: PassInfo) -> str:
        return self.tr("stempas {serial} ({municipality})").format(
            serial=p.serial, municipality=v.municipality or v.code or "?"
        )

    def _waiting_short(self, v: Verdict | None) -> str:
        """One waiting scan in a list: "Utrecht", "Zwolle (AL GEREGISTREERD)", "ONBEKENDE KAART"."""
        if v is None:
            return self.tr("een scan")
        if v.kind is VerdictKind.PASS and v.existing is not None:
            return self._waiting_pass(v, v.existing)
        if v.municipality:
            return (
                v.municipality
                if v.kind is VerdictKind.ACCEPTED
                else f"{v.municipality} ({v.headline(self.texts.lang)})"
            )
        return v.headline(self.texts.lang)
