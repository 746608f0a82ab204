"""A scripted meeting on a real SQLite file: register, check-ins, an override, several votes.

Used by the export tests and by the backup/archive tests (import it; it is not a fixture file).
The script is fixed, so the expected figures can be written down by hand in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk_app.domain.tally import Choice, Option
from desk_app.domain.token import make_card_token
from desk_app.services.demo import DEMO_PIN
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService

# Item titles and ballot options that start with formula triggers: the CSV must neutralise them.
AGENDA = """\
format = "stembalie-agenda"
version = 1

[meeting]
title = "Testvergadering"

[[item]]
key = "1"
type = "procedural"
title = "Opening"

[[item]]
key = "2"
type = "proposal"
title = "Benoeming notulencommissie"
kind = "persons"
secret = true

[[item]]
key = "3"
type = "proposal"
title = "Statutenwijziging"
majority = "two_thirds"

[[item]]
key = "4"
type = "resolution"
title = "=HYPERLINK(\\"http://x.invalid\\",\\"klik\\")"

[[item]]
key = "4.M1"
type = "motion"
target = "4"
title = "Motie in delen"
indieners = ["GM0153"]
[[item.part]]
key = "a"
title = "Deel a"
[[item.part]]
key = "b"
title = "Deel b"

[[item]]
key = "5"
type = "proposal"
title = "Keuze vergaderplaats"
options = ["Utrecht", "-Zwolle", "@Den Haag"]

[[item]]
key = "6"
type = "proposal"
title = "Vaststelling notulen"
"""

# Real 2024 weights (CBS register): 75 each, except Schiermonnikoog (1) and Vlieland (1).
AMS, ROT, DHG, UTR, ENS, ZAA, DBS = "GM0363", "GM0599", "GM0518", "GM0344", "GM0153", "GM0479", "GM0796"
SCH, VLI = "GM0088", "GM0096"
PRESENT = (AMS, ROT, DHG, UTR, ENS, ZAA, DBS, SCH, VLI)
HOLDER = "Zeldzaam Testpersoon"  # a name that must never reach a public file
PIN = "4321"


@dataclass
class Scripted:
    meeting: MeetingService
    desk: DeskService
    voting: VotingService
    passes: dict[str, int]

    @property
    def path(self) -> Path:
        return self.meeting.store.path


def token(desk: DeskService, code: str) -> str:
    return make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1)


def check_in(desk: DeskService, code: str, name: str = HOLDER) -> int:
    return desk.check_in(desk.scan(token(desk, code)), name=f"{name} {code}", role="burgemeester").serial


def run_meeting(meeting: MeetingService, agenda_dir: Path) -> Scripted:
    """Open the meeting, check in, override, leave, and hold every kind of vote."""
    meeting.open_meeting()
    desk = DeskService(meeting.store, Actor("balie-1", "anna"))
    desk.set_supervisor_pin(PIN, current=DEMO_PIN)
    passes = {code: check_in(desk, code) for code in PRESENT}
    # A false "already registered": the supervisor voids the pass and admits this person.
    verdict = desk.scan(token(desk, AMS))
    passes[AMS] = desk.override_already(
        verdict, name=f"{HOLDER} vervanger", role="wethouder", pin=PIN, reason="=onterecht al geregistreerd"
    ).serial
    # Den Bosch leaves for good before the votes: present in the list, not in any snapshot.
    desk.leave(passes[DBS])

    agenda = agenda_dir / "agenda.toml"
    agenda.write_text(AGENDA, encoding="utf-8")
    voting = VotingService(
        meeting.store,
        Actor("voorzitterstafel", "teller-1"),
        lambda: [(s, c) for s, c, _ in desk.active_passes()],
    )
    voting.load_agenda_file(agenda)
    V, T, A = Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING

    # 1. Secret vote on persons: only totals.
    voting.open("2")
    for code, choice in ((AMS, V), (ROT, V), (DHG, T), (SCH, A)):
        voting.record(choice, code=code)
    voting.close()
    voting.declare_computed()

    # 2. Statute change, at least two thirds: 150 voor / 75 tegen is exactly 2/3 -> adopted.
    #    Rotterdam first says tegen, then changes to voor before the close (the last counts).
    voting.open("3")
    for code, choice in ((AMS, V), (ROT, T), (DHG, T), (UTR, A), (SCH, A)):
        voting.record(choice, pass_serial=passes[code])
    voting.record(V, pass_serial=passes[ROT])
    voting.close()
    voting.declare_computed()

    # 3. Resolution: 151 voor / 150 tegen (Vlieland's single vote decides), abstention not cast.
    #    The chair declares it rejected; contested, a herstemming follows and is adopted.
    voting.open("4")
    for code, choice in ((AMS, V), (ROT, V), (VLI, V), (DHG, T), (UTR, T), (ENS, A)):
        voting.record(choice, code=code)
    voting.close()
    voting.declare(adopted=False, statement="verworpen (betwist)")
    voting.rerun()
    for code, choice in ((AMS, V), (ROT, V), (VLI, V), (DHG, T), (UTR, V), (ENS, A)):
        voting.record(choice, code=code)
    voting.close()
    voting.declare_computed()

    # 4. A motion split in two parts: part a adopted, part b a tie (not adopted).
    voting.open("4.M1:a")
    for code in (AMS, ROT, DHG):
        voting.record(V, code=code)
    voting.close()
    voting.declare_computed()
    voting.open("4.M1:b")
    for code, choice in ((AMS, V), (ROT, T)):
        voting.record(choice, code=code)
    voting.close()
    voting.declare_computed()

    # 5. A ballot with three options: option 2 gets more than half of the votes cast.
    voting.open("5")
    for code, choice in (
        (AMS, Option(2)),
        (ROT, Option(2)),
        (DHG, Option(1)),
        (UTR, Option(3)),
        (ENS, Option(2)),
        (SCH, A),
    ):
        voting.record(choice, code=code)
    voting.close()
    voting.declare_computed()

    # 6. Adopted by acclamation.
    voting.acclaim("6", statement="bij acclamatie")
    return Scripted(meeting, desk, voting, passes)
