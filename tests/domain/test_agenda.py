"""The agenda: the bundled demo file, validation all-or-nothing, and the voting order."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app.domain.agenda import (
    AgendaItem,
    ItemType,
    Kind,
    Part,
    Preadvies,
    Step,
    build_agenda,
    check_order,
    default_voting_order,
    load_agenda,
    order_warnings,
    parse_agenda,
    parse_step,
    reorder,
    voting_order,
)
from desk_app.domain.register import ImportRefused, parse_register
from desk_app.domain.tally import SIMPLE_MAJORITY, TWO_THIRDS, Choice, Option, ballot_choices
from desk_app.domain.text import DeskError
from tests.helpers import REGISTER, REPO

DEMO = REPO / "resources" / "demo" / "agenda-extra-alv-2024-05-24.toml"
CODES = frozenset(m.code for m in parse_register(REGISTER.read_bytes()))

HEAD = 'format = "stembalie-agenda"\nversion = 1\n'


def refusal(text: str, known: frozenset[str] | None = None) -> list[tuple[int, str]]:
    with pytest.raises(ImportRefused) as err:
        parse_agenda(text, known)
    assert err.value.code == "agenda.refused"
    n = len(err.value.problems)
    assert (f"{n} fouten" if n != 1 else "1 fout,") in err.value.message("nl")
    return [(p.line, p.message("nl")) for p in err.value.problems]


# --- the demo meeting -------------------------------------------------------------------------


def test_the_demo_agenda_loads_with_the_real_items() -> None:
    agenda = load_agenda(DEMO, CODES)
    assert (agenda.title, agenda.date, agenda.place) == (
        "Extra Algemene Ledenvergadering VNG",
        "2024-05-24",
        "Beatrixtheater, Utrecht",
    )
    top = [i.title for i in agenda.items if "." not in i.key]
    assert top == [
        "Opening",
        "Benoeming notulencommissie Extra ALV 24 mei 2024",
        "Mededelingen",
        "Resolutie 'Nieuw kabinet, gebruik en borg de kracht van het lokaal bestuur'",
        "Rondvraag / WVTTK",
        "Sluiting en aansluitend borrel",
    ]
    resolution = agenda.item("4")
    assert resolution.type is ItemType.RESOLUTION and resolution.rule == SIMPLE_MAJORITY
    assert resolution.text.startswith("De VNG, bijeen te Utrecht op 24 mei 2024")
    assert "passende escalatiestrategie voorlegt aan de leden." in resolution.text
    assert agenda.item("2").kind is Kind.PERSONS


def test_the_demo_motions_are_real_but_their_texts_and_advice_are_marked_placeholders() -> None:
    agenda = load_agenda(DEMO, CODES)
    motions = [i for i in agenda.items if i.type is ItemType.MOTION]
    assert [m.indieners for m in motions] == [("GM0153",), ("GM1931", "GM1978", "GM0512", "GM0513"), ("GM0479",)]
    for m in motions:
        assert m.target == "4" and not m.fictional
        assert m.placeholder == {"text", "preadvies"} and m.text.startswith("[PLACEHOLDER]")
    amendments = [i for i in agenda.items if i.type is ItemType.AMENDMENT]
    assert len(amendments) == 1 and amendments[0].fictional and "FICTIEF" in amendments[0].title


def test_published_outcomes_are_reference_data_only() -> None:
    agenda = load_agenda(DEMO)
    outcomes = {i.key: i.published_outcome for i in agenda.items if i.published_outcome}
    assert outcomes == {
        "2": "aangenomen per acclamatie",
        "4": "aangenomen met 98,81%",
        "4.M1": "aangenomen met 99,20%",
        "4.M3": "verworpen met 43,02% voor",
    }
    assert agenda.item("4.M2").published_outcome is None  # not invented


def test_demo_default_voting_order() -> None:
    agenda = load_agenda(DEMO)
    order = [str(s) for s in default_voting_order(agenda)]
    assert order == ["2", "4.A1", "4", "4.M1", "4.M2", "4.M3"]
    assert voting_order(agenda) == default_voting_order(agenda)


# --- voting order -----------------------------------------------------------------------------


def _item(key: str, type_: ItemType, target: str | None = None, **kw: object) -> AgendaItem:
    needs = type_ in (ItemType.AMENDMENT, ItemType.SUB_AMENDMENT, ItemType.MOTION)
    return AgendaItem(
        key=key, type=type_, title=f"titel {key}", target=target, indieners=("GM0363",) if needs else (), **kw
    )  # type: ignore[arg-type]


def complex_agenda() -> list[AgendaItem]:
    R, A, S, M = ItemType.RESOLUTION, ItemType.AMENDMENT, ItemType.SUB_AMENDMENT, ItemType.MOTION
    return [
        _item("1", ItemType.PROCEDURAL),
        _item("2", R),
        _item("2.M1", M, "2", parts=(Part("a", "deel a"), Part("b", "deel b"))),
        _item("2.A1", A, "2", reach=1),
        _item("2.A2", A, "2", reach=3),
        _item("2.A1.S1", S, "2.A1"),
        _item("2.A2.S1", S, "2.A2"),
        _item("2.A3", A, "2"),  # reach 0: last
        _item("2.M1.A1", A, "2.M1"),  # an amendment to a motion
        _item("3", ItemType.PROPOSAL, rule=TWO_THIRDS),
        _item("9.M1", M),  # a motion on its own (vreemd aan de orde)
    ]


def test_default_order_subamendments_then_far_reaching_amendments_then_proposal_then_motions() -> None:
    agenda = build_agenda(complex_agenda())
    assert [str(s) for s in default_voting_order(agenda)] == [
        "2.A2.S1",
        "2.A2",
        "2.A1.S1",
        "2.A1",
        "2.A3",
        "2",
        "2.M1.A1",
        "2.M1:a",
        "2.M1:b",
        "3",
        "9.M1",
    ]


def test_the_phase_order_setting_changes_the_default() -> None:
    agenda = build_agenda(complex_agenda())
    order = default_voting_order(agenda, ("motion", "resolution", "amendment", "sub_amendment"))
    assert [str(s) for s in order][:4] == ["2.M1:a", "2.M1:b", "2.M1.A1", "2"]
    with pytest.raises(DeskError) as err:
        default_voting_order(agenda, ("motion", "resolution"))
    assert err.value.code == "agenda.order_setting"


def test_the_chair_can_change_the_order_and_it_is_checked() -> None:
    agenda = build_agenda(complex_agenda())
    order = default_voting_order(agenda)
    moved = reorder(order, Step("9.M1"), 0)
    assert moved[0] == Step("9.M1") and sorted(moved) == sorted(order)
    check_order(agenda, moved)
    assert order_warnings(agenda, moved) == []
    late = reorder(order, Step("2.A1"), len(order))
    warnings = order_warnings(agenda, late)
    assert [w.code for w in warnings] == ["agenda.order_after_target"]
    assert "2.A1" in warnings[0].message("nl")
    for bad, code in (
        (order[1:], "agenda.order_missing"),
        ((*order, order[0]), "agenda.order_twice"),
        ((*order, Step("7")), "agenda.order_extra"),
    ):
        with pytest.raises(DeskError) as err:
            check_order(agenda, bad)
        assert err.value.code == code
    with pytest.raises(DeskError):
        reorder(order, Step("nope"), 0)


def test_steps_print_and_parse() -> None:
    assert str(Step("4.M2", "a")) == "4.M2:a" and parse_step("4.M2:a") == Step("4.M2", "a")
    assert parse_step("4") == Step("4")


def test_item_choices_ballot_and_secret() -> None:
    ballot = AgendaItem("5", ItemType.PROPOSAL, "Keuze locatie", options=("A", "B", "C"))
    assert ballot.is_ballot and ballot.choices() == ballot_choices(3)
    assert ballot.option_labels()[Option(2)] == "B"
    assert AgendaItem("6", ItemType.PROPOSAL, "x").choices() == (Choice.VOOR, Choice.TEGEN, Choice.ONTHOUDING)
    persons = AgendaItem("7", ItemType.PROPOSAL, "Benoeming", kind=Kind.PERSONS)
    assert not persons.is_secret() and persons.is_secret(secret_person_votes=True)
    assert not AgendaItem("8", ItemType.PROPOSAL, "x", kind=Kind.PERSONS, secret=False).is_secret(True)
    assert not AgendaItem("9", ItemType.PROPOSAL, "x").is_secret(True)  # matters are public


# --- the file format --------------------------------------------------------------------------


def test_a_small_file_with_every_field(tmp_path: Path) -> None:
    text = (
        HEAD
        + '''voting_order = ["2", "2.M1:b", "2.M1:a", "3"]

[[item]]
key = "2"
type = "proposal"
title = "Statutenwijziging"
majority = "two_thirds"
text = """
[[item]]
this line looks like a header but is inside a string
"""

[[item]]
key = "2.M1"
type = "motion"
target = "2"
title = "Motie"
indieners = ["GM0363", "GM0088"]
preadvies = "aanhouden"
majority = "at_least 3/4"
note = "n"
[[item.part]]
key = "a"
title = "Deel a"
[[item.part]]
key = "b"
title = "Deel b"
text = "tekst b"

[[item]]
key = "3"
type = "proposal"
title = "Benoeming"
kind = "persons"
secret = true
options = ["Anna", "Bert", "Carla"]
'''
    )
    path = tmp_path / "agenda.toml"
    path.write_text(text, encoding="utf-8")
    agenda = load_agenda(path, CODES)
    assert [i.key for i in agenda.items] == ["2", "2.M1", "3"]
    assert "[[item]]" in agenda.item("2").text and agenda.item("2").rule == TWO_THIRDS
    motion = agenda.item("2.M1")
    assert motion.preadvies is Preadvies.AANHOUDEN and motion.rule.code == "at_least 3/4"
    assert [p.key for p in motion.parts] == ["a", "b"] and motion.part("b").text == "tekst b"
    assert agenda.item("3").is_secret() and agenda.item("3").options == ("Anna", "Bert", "Carla")
    assert voting_order(agenda) == (Step("2"), Step("2.M1", "b"), Step("2.M1", "a"), Step("3"))
    assert default_voting_order(agenda)[:3] == (Step("2"), Step("2.M1", "a"), Step("2.M1", "b"))


def test_a_bad_file_is_refused_whole_with_every_problem_by_line_and_item() -> None:
    text = (
        HEAD
        + """colour = "blue"

[[item]]
key = "1"
type = "procedural"
title = "Opening"
majority = "simple"

[[item]]
key = "4"
type = "resolution"
title = "Resolutie"
preadvies = "misschien"
secret = true

[[item]]
key = "4.A1"
type = "amendment"
title = "Amendement zonder doel"
indieners = ["GM0363"]

[[item]]
key = "4.M1"
type = "motion"
target = "99"
title = "Motie"
indieners = ["0363", "GM9999"]
reach = true

[[item]]
key = "4"
type = "motie"
title = ""

[[item]]
key = "5"
type = "proposal"
title = "Keuze"
options = ["alleen"]
majority = "1/3"
[[item.part]]
key = "a"
title = "enig deel"
"""
    )
    problems = refusal(text, CODES)
    messages = "\n".join(m for _, m in problems)
    expected = [
        (3, "regel 3, bestand: onbekend veld 'colour'"),
        (9, "regel 9, agendapunt 1: een procedureel agendapunt heeft geen stemming, dus geen 'majority'"),
        (15, "regel 15, agendapunt 4: 'misschien' is geen geldige waarde voor 'preadvies'"),
        (16, "regel 16, agendapunt 4: alleen een stemming over personen kan geheim zijn"),
        (18, "regel 18, agendapunt 4.A1: een amendment moet een 'target' hebben"),
        (27, "regel 27, agendapunt 4.M1: 'target' verwijst naar onbekend agendapunt '99'"),
        (29, "regel 29, agendapunt 4.M1: indiener '0363' is geen gemeentecode"),
        (29, "regel 29, agendapunt 4.M1: indiener GM9999 staat niet in het ledenregister"),
        (30, "regel 30, agendapunt 4.M1: veld 'reach' moet een geheel getal zijn, niet bool"),
        (33, "regel 33, agendapunt 4: sleutel '4' komt ook voor bij agendapunt nr. 2"),
        (34, "regel 34, agendapunt 4: 'motie' is geen geldige waarde voor 'type'"),
        (35, "regel 35, agendapunt 4: veld 'title' ontbreekt of is leeg"),
        (41, "regel 41, agendapunt 5: een stemming met opties heeft 2 tot 89"),
        (41, "regel 41, agendapunt 5: een agendapunt kan niet zowel delen als opties hebben"),
        (42, "regel 42, agendapunt 5: onbekende meerderheidsregel '1/3'"),
        (43, "regel 43, agendapunt 5: een gesplitste stemming heeft ten minste twee delen"),
    ]
    for line, start in expected:
        assert any(ln == line and msg.startswith(start) for ln, msg in problems), (start, messages)
    assert len(problems) == len(expected), messages
    assert [ln for ln, _ in problems] == sorted(ln for ln, _ in problems)  # reading order
    # The same problems read in English.
    with pytest.raises(ImportRefused) as err:
        parse_agenda(text, CODES)
    english = err.value.message("en")
    assert "line 18, item 4.A1: an amendment needs a 'target'" in english
    assert "nothing was imported" in english


def test_duplicate_keys_empty_title_and_wrong_targets_are_refused() -> None:
    text = (
        HEAD
        + """
[[item]]
key = "4"
type = "resolution"
title = "Resolutie"

[[item]]
key = "4"
type = "proposal"
title = "   "

[[item]]
key = "4.S1"
type = "sub_amendment"
target = "4"
title = "Sub"
indieners = ["GM0363", "GM0363"]
"""
    )
    problems = refusal(text)
    duplicate = "regel 10, agendapunt 4: sleutel '4' komt ook voor bij agendapunt nr. 1"
    assert (10, duplicate) in problems
    assert (12, "regel 12, agendapunt 4: veld 'title' ontbreekt of is leeg") in problems
    assert any(ln == 17 and "kan niet bij '4' (type resolution) horen" in m for ln, m in problems)
    assert (19, "regel 19, agendapunt 4.S1: indiener GM0363 staat er twee keer in") in problems
    assert len(problems) == 4


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        ('format = "stembalie-agenda"\nversion = 1\n[[item]\nkey="1"\n', 3, "regel 3, bestand: geen geldige TOML"),
        ('format = "iets anders"\nversion = 2\n', 1, "regel 1, bestand: 'format' moet \"stembalie-agenda\" zijn"),
        (HEAD, 1, "regel 1, bestand: er zijn geen agendapunten"),
        (
            HEAD + 'voting_order = ["1"]\n[[item]]\nkey = "2"\ntype = "proposal"\ntitle = "x"\n',
            3,
            "regel 3, bestand: de stemvolgorde mist: 2",
        ),
        (HEAD + '[[item]]\nkey = "2"\ntitle = "x"\n', 3, "regel 3, agendapunt 2: veld 'type' ontbreekt"),
    ],
)
def test_file_level_problems(text: str, line: int, start: str) -> None:
    problems = refusal(text)
    assert any(ln == line and m.startswith(start) for ln, m in problems), problems


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "agenda.toml"
    path.write_bytes((HEAD + 'title = "caf\u00e9"\n').encode("cp1252"))
    with pytest.raises(ImportRefused) as err:
        load_agenda(path)
    assert "geen UTF-8" in err.value.message("nl")


def test_items_entered_in_the_app_follow_the_same_rules() -> None:
    good = build_agenda(complex_agenda(), title="ALV")
    assert good.title == "ALV" and len(good.steps()) == 11
    bad = [
        AgendaItem("1", ItemType.PROCEDURAL, "Opening", preadvies=Preadvies.ONTRADEN),
        AgendaItem("2.A1", ItemType.AMENDMENT, "Amendement", target="1", indieners=("GM0363",)),
        AgendaItem("2.M1", ItemType.MOTION, "Motie"),
    ]
    with pytest.raises(ImportRefused) as err:
        build_agenda(bad)
    messages = [p.message("nl") for p in err.value.problems]
    assert messages == [
        "agendapunt 1: een procedureel agendapunt heeft geen stemming, dus geen 'preadvies'",
        "agendapunt 2.M1: een motion heeft ten minste één indiener (gemeentecode) nodig",
        "agendapunt 2.A1: een amendment kan niet bij '1' (type procedural) horen; mogelijk: "
        "motion, proposal, resolution",
    ]
