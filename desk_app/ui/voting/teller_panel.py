"""The stemopnemer's panel: scan a stempas, then a choice (a code on the choice sheet, or V / T / O).

The panel shows what the voting service answers; it decides nothing itself. A scan goes to
:meth:`VotingService.read_scan`, which says whether the code is genuine, whose pass it is and
whether it may vote in the open vote now (a representative who took over votes with the pass they
hold). The choice goes to :meth:`VotingService.record`, which checks again inside its transaction:
that answer decides, and its reason is what the panel shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desk_app.domain.clock import local_time
from desk_app.domain.tally import Cast, Choice, Option, choice_label
from desk_app.domain.text import DeskError, Translator
from desk_app.domain.vote import Vote
from desk_app.services.chair import VotingBoard
from desk_app.services.voting import ChoiceScan, PassCheck, ScanProblem, VotingService
from desk_app.ui.desk.screen import Cue, PanelContent, Tone
from desk_app.ui.desk.sounds import SoundPlayer
from desk_app.ui.desk.widgets import VerdictPanel

__all__ = ["TellerPanel", "choice_for_key", "choice_text"]


def choice_for_key(text: str, options: Sequence[Cast]) -> Cast | None:
    """V / T / O for voor / tegen / onthouding, 1..9 for ballot options; None if not in ``options``."""
    key = text.lower()
    choice: Cast | None = {"v": Choice.VOOR, "t": Choice.TEGEN, "o": Choice.ONTHOUDING}.get(key)
    if choice is None and key.isdigit() and key != "0":
        choice = Option(int(key))
    return choice if choice in options else None


def choice_text(choice: Cast, labels: Mapping[Option, str], lang: str) -> str:
    """'voor', or 'optie 2 · Kandidaat B' with the option's name from the agenda."""
    label = labels.get(choice) if isinstance(choice, Option) else None
    return f"{choice_label(choice, lang)} · {label}" if label else choice_label(choice, lang)


class TellerPanel(QWidget):
    """The big verdict panel for the tellers, and the scan → choice flow behind it."""

    def __init__(
        self,
        voting: VotingService,
        board: VotingBoard,
        texts: Translator,
        *,
        sounds: SoundPlayer | None,
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        """``changed``: called after this panel wrote, so every view hears of it at once."""
        super().__init__(parent)
        self.voting = voting
        self.board = board
        self.texts = texts
        self.sounds = sounds
        self._changed = changed
        #: The scanned stempas waiting for its choice (the service's answer), if any.
        self.pending: PassCheck | None = None
        #: The panel waits for a scan (nothing of a teller's on it that a change may wipe).
        self.idle = True
        # The panel itself says what to do next (scan the pass; then the keys and Esc): no line of
        # help below it, so the panel keeps its height on a 1024 × 768 screen.
        self.panel = VerdictPanel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.panel, 1)

    # -- what is shown --------------------------------------------------------------------------------
    @property
    def content(self) -> PanelContent:
        return self.panel.content

    def _votes_word(self, votes: int) -> str:
        return self.tr("stem") if votes == 1 else self.tr("stemmen")

    def _labels(self) -> dict[Option, str]:
        return self.board.labels(self.board.current)

    def _choice(self, choice: Cast) -> str:
        return choice_text(choice, self._labels(), self.texts.lang)

    def keys_text(self, vote: Vote | None) -> str:
        if vote is not None and any(isinstance(o, Option) for o in vote.options):
            n = sum(isinstance(o, Option) for o in vote.options)
            return self.tr("Scan de keuze op het stembiljet of druk 1 t/m {n} (optie), O (onthouding).").format(n=n)
        return self.tr("Scan de keuze op het stemformulier of druk V (voor), T (tegen), O (onthouding).")

    def _headline(self, problem: ScanProblem) -> str:
        return {
            ScanProblem.INVALID: self.tr("ONGELDIGE CODE"),
            ScanProblem.UNKNOWN_PASS: self.tr("ONBEKENDE STEMPAS"),
            ScanProblem.NO_VOTE: self.tr("GEEN OPEN STEMMING"),
            ScanProblem.CLOSED: self.tr("STEMMING GESLOTEN"),
            ScanProblem.NOT_ELIGIBLE: self.tr("MAG NIET MEESTEMMEN"),
            ScanProblem.NOT_VALID: self.tr("STEMPAS NIET GELDIG"),
            ScanProblem.UNKNOWN_CHOICE: self.tr("ONBEKENDE KEUZE"),
            ScanProblem.FAILED: self.tr("NIET GELUKT"),
        }[problem]

    def show_idle(self) -> None:
        self.pending = None
        vote = self.board.current
        if vote is not None and vote.is_open:
            content = PanelContent(
                Tone.IDLE,
                self.tr("SCAN DE STEMPAS"),
                detail=self.tr("Stemming {n} is open. Scan de stempas van het lid; daarna de keuze.").format(
                    n=self.board.number(vote.id)
                ),
            )
        else:
            content = PanelContent(
                Tone.IDLE,
                self.tr("GEEN OPEN STEMMING"),
                detail=self.tr("Kies een punt in de agenda en open de stemming met F5."),
            )
        self._show(content, idle=True)

    def _show(self, content: PanelContent, *, idle: bool = False) -> None:
        self.idle = idle
        self.panel.show_content(content)

    def _refused(self, headline: str, reason: str, municipality: str = "", code: str = "") -> None:
        self.pending = None
        self._play(Cue.REFUSED)
        # No number of votes on a refusal: nobody may read it as "counted".
        self._show(
            PanelContent(
                Tone.REFUSED, headline, municipality, code, detail=reason, note=self.tr("Er is niets vastgelegd.")
            )
        )

    def _play(self, cue: Cue) -> None:
        if self.sounds is not None:
            self.sounds.play(cue)

    # -- the flow -------------------------------------------------------------------------------------
    def handle_scan(self, text: str) -> None:
        """A barcode: a stempas starts a choice, a choice sheet code completes it."""
        answer = self.voting.read_scan(text)
        if isinstance(answer, ChoiceScan):
            if answer.choice is None:
                assert answer.problem is not None and answer.refusal is not None
                self._refused(self._headline(answer.problem), self.texts.error(answer.refusal))
                return
            self.record(answer.choice, source="scan")
            return
        self.show_pass(answer)

    def show_pass(self, check: PassCheck) -> None:
        """The service's answer to a scanned pass: its choice is asked, or why it cannot vote."""
        if not check.may_vote:
            assert check.problem is not None and check.refusal is not None
            self._refused(
                self._headline(check.problem),
                self.texts.error(check.refusal),
                check.municipality or "",
                check.code or "",
            )
            return
        assert check.votes is not None
        self.pending = check
        detail = ""
        if check.secret and check.voted:
            detail = self.tr("Deze gemeente heeft al gestemd; bij een geheime stemming kan dat niet worden gewijzigd.")
        elif check.earlier is not None:
            detail = self.tr("Eerder gekozen: {choice}. Een nieuwe keuze vervangt die.").format(
                choice=self._choice(check.earlier)
            )
        detail = " ".join(t for t in (detail, self.tr("Esc: gescande stempas wissen.")) if t)
        self._show(
            PanelContent(
                Tone.INFO,
                self.tr("STEMPAS {serial} — WELKE KEUZE?").format(serial=check.serial),
                check.municipality or "",
                check.code or "",
                check.votes,
                self._votes_word(check.votes),
                self.keys_text(self.board.current),
                detail,
            )
        )

    def record(self, choice: Cast, source: str = "key") -> Vote | None:
        """Record ``choice`` for the pending pass; the service checks everything once more."""
        pending = self.pending
        if pending is None:
            self._play(Cue.REFUSED)
            self._show(
                PanelContent(
                    Tone.WARNING,
                    self.tr("SCAN EERST DE STEMPAS"),
                    detail=self.tr("De keuze {choice} is niet vastgelegd: er is geen stempas gescand.").format(
                        choice=self._choice(choice)
                    ),
                )
            )
            return None
        municipality, code, votes = pending.municipality or "", pending.code or "", pending.votes or 0
        try:
            vote = self.voting.record(choice, pass_serial=pending.serial, source=f"teller:{source}")
        except DeskError as err:
            self._refused(self.tr("NIET VASTGELEGD"), self.texts.error(err), municipality, code)
            self._changed()  # a refusal often means the state changed meanwhile (closed, handed in)
            return None
        self.pending = None
        entry = vote.records[-1]
        if vote.secret:
            headline = self.tr("STEM VASTGELEGD")
            detail = self.tr("Geheime stemming: de keuze wordt niet getoond en kan niet meer worden gewijzigd.")
        else:
            headline = self._choice(choice).upper()
            earlier = pending.earlier
            detail = (
                self.tr("Gewijzigd: eerder {old}. Alleen de laatste keuze telt.").format(old=self._choice(earlier))
                if earlier is not None and earlier != choice
                else ""
            )
        self._play(Cue.ACCEPTED)
        self._show(
            PanelContent(
                Tone.OK,
                headline,
                municipality,
                code,
                votes,
                self._votes_word(votes),
                self.tr("Vastgelegd om {time} · stempas {serial}").format(
                    time=local_time(entry.at), serial=pending.serial
                ),
                detail,
                self.tr("Scan de volgende stempas."),
            )
        )
        self._changed()
        return vote
