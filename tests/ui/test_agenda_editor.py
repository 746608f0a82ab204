"""The agenda editor driven like the secretariat would: keys, typing, choosing, saving.

An agenda built in the window equals the same agenda read from a TOML file and from an
``.xlsx`` written here with openpyxl; bad input is listed whole and changes nothing; once votes
were held the window only shows and exports.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from desk_app.domain.agenda import ItemType, Kind, Preadvies, Step, parse_agenda
from desk_app.domain.register import ImportRefused
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from desk_app.storage import audit
from desk_app.ui.agenda import AgendaEditor
from tests.helpers import REGISTER

# The offscreen platform says so whenever a window with a layout is shown: not ours to fix.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TOML = """
format = "stembalie-agenda"
version = 1

[[item]]
key = "1"
type = "procedural"
title = "Opening"

[[item]]
key = "2"
type = "proposal"
title = "Wijziging van de statuten"
majority = "two_thirds"
text = "Het bestuur stelt voor artikel 11 te wijzigen."

[[item]]
key = "3"
type = "resolution"
title = "Resolutie 'Kracht van het lokaal bestuur'"
text = "De VNG spreekt uit dat het bestuur de inzet voortzet."

[[item]]
key = "3.A1"
type = "amendment"
target = "3"
title = "Amendement Utrecht 'Voortgang melden'"
indieners = ["GM0344"]
preadvies = "oordeel_alv"
text = "Voeg toe: 4. de leden informeert."

[[item]]
key = "3.M1"
type = "motion"
target = "3"
title = "Motie Enschede en Amsterdam"
indieners = ["GM0153", "GM0363"]
preadvies = "ontraden"

[[item]]
key = "4"
type = "procedural"
title = "Sluiting"
"""

SHEET = [
    ["Nummer", "Soort", "Titel", "Tekst", "Doel", "Indieners", "Preadvies", "Meerderheid", "Opmerking"],
    ["1", "procedureel", "Opening", None, None, None, None, None, "welkom"],
    [
        "2",
        "Voorstel",
        "Wijziging van de statuten",
        "Het bestuur stelt voor artikel 11 te wijzigen.",
        None,
        None,
        None,
        "twee derde",
        None,
    ],
    [
        "3",
        "resolutie",
        "Resolutie 'Kracht van het lokaal bestuur'",
        "De VNG spreekt uit dat het bestuur de inzet voortzet.",
        None,
        None,
        None,
        "gewoon",
        None,
    ],
    [
        "3.A1",
        "amendement",
        "Amendement Utrecht 'Voortgang melden'",
        "Voeg toe: 4. de leden informeert.",
        3,
        "GM0344",
        "oordeel aan de ALV",
        None,
        None,
    ],
    ["3.M1", "Motie", "Motie Enschede en Amsterdam", None, "3", "GM0153, gm0363", "Ontraden", None, None],
    ["4", "procedureel", "Sluiting", None, None, None, None, None, None],
]


@pytest.fixture
def meeting(tmp_path: Path) -> Iterator[MeetingService]:
    """A meeting on the real 2024 register with no agenda yet."""
    service = MeetingService.create(
        tmp_path / "alv.sqlite",
        name="ALV",
        date="2024-06-05",
        place="Den Haag",
        register_csv=REGISTER.read_bytes(),
        register_source="test",
        desks=["balie-1"],
        actor=Actor("secretariaat", "test"),
    )
    yield service
    service.store.close()


@pytest.fixture
def voting(meeting: MeetingService) -> VotingService:
    desk = DeskService(meeting.store, meeting.actor)
    return VotingService(meeting.store, meeting.actor, lambda: [(s, c) for s, c, _ in desk.active_passes()])


@pytest.fixture
def editor(
    qtbot: QtBot, meeting: MeetingService, voting: VotingService, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AgendaEditor]:
    from PySide6.QtWidgets import QMessageBox

    # pytest-qt closes the window before fixtures end: a modal question then would wait forever
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    window = AgendaEditor(voting, {m.code: m.name for m in meeting.members()})
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window


def _choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def _type(qtbot: QtBot, widget: object, text: str) -> None:
    """Select what is there and type over it, as a person does."""
    widget.setFocus()  # type: ignore[attr-defined]
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    for n, line in enumerate(text.split("\n")):
        if n:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(widget, line)
        elif not n and not text:
            qtbot.keyClick(widget, Qt.Key.Key_Delete)  # typing nothing over a selection empties it


def _new_item(qtbot: QtBot, editor: AgendaEditor, key: str, item_type: ItemType, title: str) -> None:
    before = len(editor.drafts)
    qtbot.keyClick(editor, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    assert len(editor.drafts) == before + 1
    assert editor.focusWidget() is editor.key  # the number is selected, ready to type over
    qtbot.keyClicks(editor.key, key)
    _choose(editor.type, item_type)
    _type(qtbot, editor.title, title)


def _build_in_the_window(qtbot: QtBot, editor: AgendaEditor) -> None:
    _new_item(qtbot, editor, "1", ItemType.PROCEDURAL, "Opening")

    _new_item(qtbot, editor, "2", ItemType.PROPOSAL, "Wijziging van de statuten")
    _type(qtbot, editor.majority.lineEdit(), "twee derde")
    _type(qtbot, editor.text, "Het bestuur stelt voor artikel 11 te wijzigen.")

    _new_item(qtbot, editor, "3", ItemType.RESOLUTION, "Resolutie 'Kracht van het lokaal bestuur'")
    _type(qtbot, editor.text, "De VNG spreekt uit dat het bestuur de inzet voortzet.")

    # Ctrl+Shift+A: an amendment to the current item, numbered and targeted already
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert (editor.key.text(), editor.target.currentText(), editor.type.currentData()) == (
        "3.A1",
        "3",
        ItemType.AMENDMENT,
    )
    _type(qtbot, editor.title, "Amendement Utrecht 'Voortgang melden'")
    _type(qtbot, editor.indieners, "GM0344")
    _choose(editor.preadvies, Preadvies.OORDEEL_ALV)
    _type(qtbot, editor.text, "Voeg toe: 4. de leden informeert.")
    assert editor.indieners_names.text() == "Utrecht"

    # the motion typed by hand rather than with Ctrl+Shift+M
    _new_item(qtbot, editor, "3.M1", ItemType.MOTION, "Motie Enschede en Amsterdam")
    _type(qtbot, editor.target.lineEdit(), "3")
    _type(qtbot, editor.indieners, "GM0153, GM0363")
    _choose(editor.preadvies, Preadvies.ONTRADEN)

    _new_item(qtbot, editor, "4", ItemType.PROCEDURAL, "Sluiting")


def _write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Agenda ALV"
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_an_agenda_built_in_the_window_equals_toml_and_xlsx(
    qtbot: QtBot, editor: AgendaEditor, voting: VotingService, tmp_path: Path
) -> None:
    _build_in_the_window(qtbot, editor)
    assert editor.dirty
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    built = voting.agenda()
    assert built is not None, [editor.problems.item(i).text() for i in range(editor.problems.count())]
    assert not editor.dirty and "opgeslagen" in editor.status.text()

    toml = tmp_path / "agenda.toml"
    toml.write_text(TOML, encoding="utf-8")
    from_toml = voting.load_agenda_file(toml)
    from_xlsx = voting.load_agenda_file(_write_xlsx(tmp_path / "agenda.xlsx", SHEET))
    assert built == from_toml == from_xlsx == voting.agenda()
    assert [str(s) for s in voting.voting_order()] == ["2", "3.A1", "3", "3.M1"]
    actions = [e.action for e in audit.entries(voting.store)]
    assert actions[-3:] == ["agenda.save", "agenda.load", "agenda.load"]


def test_everything_the_file_holds_can_be_made_in_the_window(
    qtbot: QtBot, editor: AgendaEditor, voting: VotingService
) -> None:
    """Votes on persons (secret), a ballot, a motion in parts, reach, a sub-amendment, the order."""
    _new_item(qtbot, editor, "2", ItemType.PROPOSAL, "Benoeming bestuursleden")
    editor.tabs.setCurrentIndex(1)
    _choose(editor.kind, Kind.PERSONS)
    _choose(editor.secret, True)
    _type(qtbot, editor.options, "Jansen\nDe Vries\nEl Amrani")
    _new_item(qtbot, editor, "3", ItemType.RESOLUTION, "Resolutie")
    qtbot.keyClick(editor, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _type(qtbot, editor.title, "Motie in delen")
    _type(qtbot, editor.indieners, "GM0599")
    editor.tabs.setCurrentIndex(1)
    for title in ("eerste deel", "tweede deel"):
        qtbot.mouseClick(editor.add_part_button, Qt.MouseButton.LeftButton)
        editor.parts.item(editor.parts.rowCount() - 1, 1).setText(title)
    editor.items.setCurrentRow(1)  # back to the resolution
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    _type(qtbot, editor.title, "Amendement A")
    _type(qtbot, editor.indieners, "GM0344")
    editor.tabs.setCurrentIndex(1)
    editor.reach.setValue(2)
    # Ctrl+Shift+A on an amendment makes a sub-amendment to it
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert (editor.key.text(), editor.type.currentData()) == ("3.A1.S1", ItemType.SUB_AMENDMENT)
    _type(qtbot, editor.title, "Subamendement")
    _type(qtbot, editor.indieners, "GM0363")

    # an order of its own: the motion's parts before the resolution
    editor.tabs.setCurrentIndex(2)
    editor.order_custom.setChecked(True)
    steps = [str(s) for s in editor.custom_order or []]
    assert steps == ["2", "3.A1.S1", "3.A1", "3", "3.M1:a", "3.M1:b"]
    editor.order.setCurrentRow(4)
    editor.order.setFocus()
    qtbot.keyClick(editor.order, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert editor.save(), [editor.problems.item(i).text() for i in range(editor.problems.count())]

    agenda = voting.agenda()
    assert agenda is not None
    ballot, motion, sub = agenda.item("2"), agenda.item("3.M1"), agenda.item("3.A1.S1")
    assert (ballot.kind, ballot.secret, ballot.options) == (Kind.PERSONS, True, ("Jansen", "De Vries", "El Amrani"))
    assert [(p.key, p.title) for p in motion.parts] == [("a", "eerste deel"), ("b", "tweede deel")]
    assert (sub.type, sub.target, agenda.item("3.A1").reach) == (ItemType.SUB_AMENDMENT, "3.A1", 2)
    assert agenda.voting_order == tuple(
        Step(*s.split(":")) if ":" in s else Step(s) for s in ["2", "3.A1.S1", "3.A1", "3.M1:a", "3", "3.M1:b"]
    )
    # and the same agenda written out as TOML reads back equal
    exported = Path(voting.store.path).with_name("uit.toml")
    assert editor.write_file(exported)
    assert parse_agenda(exported.read_text("utf-8"), voting_codes(voting)) == agenda


def voting_codes(voting: VotingService) -> set[str]:
    from desk_app.storage import votes as repo

    return set(repo.register_weights(voting.store))


def test_bad_input_is_listed_whole_and_changes_nothing(
    qtbot: QtBot, editor: AgendaEditor, voting: VotingService, tmp_path: Path
) -> None:
    good = tmp_path / "goed.toml"
    good.write_text(TOML, encoding="utf-8")
    voting.load_agenda_file(good)
    editor.reload()
    before = (voting.agenda(), len(audit.entries(voting.store)))

    editor.items.setCurrentRow(3)  # 3.A1: take away its target and submitter
    _type(qtbot, editor.target.lineEdit(), "")
    editor.target.setEditText("")
    _type(qtbot, editor.indieners, "GM9999")
    editor.items.setCurrentRow(4)  # 3.M1: a name is read as its code, a misspelt one is refused
    _type(qtbot, editor.indieners, "Enschede, Amsterdm")
    assert editor.indieners_names.text() == "Enschede, Amsterdm?"
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    shown = [editor.problems.item(i).text() for i in range(editor.problems.count())]
    assert editor.problems.isVisible() and len(shown) == 3, shown
    assert any("3.A1" in s and "target" in s for s in shown)
    assert any("GM9999 staat niet in het ledenregister" in s for s in shown)
    assert any("'Amsterdm' is geen gemeentecode" in s for s in shown)
    assert (voting.agenda(), len(audit.entries(voting.store))) == before
    assert editor.dirty

    # double-clicking a problem goes to its item
    editor.items.setCurrentRow(0)
    target_problem = next(i for i in range(editor.problems.count()) if "Amsterdm" in shown[i])
    editor._on_problems_item_activated(editor.problems.item(target_problem))
    assert editor.items.currentRow() == 4

    # a spreadsheet with mistakes in several rows: every one listed by row and column, nothing read
    rows = [r[:] for r in SHEET]
    rows[2][1] = "stuk"
    rows[4][4] = None
    rows[5][5] = "GM0153, Amsterdam"
    rows[5][7] = "drie kwart"
    assert not editor.load_file(_write_xlsx(tmp_path / "fout.xlsx", rows))
    shown = [editor.problems.item(i).text() for i in range(editor.problems.count())]
    assert "rij 3, kolom soort: soort 'stuk' is onbekend" in "\n".join(shown)
    assert any(s.startswith("rij 5, kolom doel: een amendement wijzigt een agendapunt") for s in shown)
    assert any(s.startswith("rij 6, kolom indieners: 'Amsterdam' is geen gemeentecode") for s in shown)
    assert any(s.startswith("rij 6, kolom meerderheid: meerderheid 'drie kwart' is onbekend") for s in shown)
    with pytest.raises(ImportRefused):
        voting.load_agenda_file(tmp_path / "fout.xlsx")
    assert (voting.agenda(), len(audit.entries(voting.store))) == before


def test_after_a_vote_the_agenda_only_shows_and_exports(
    qtbot: QtBot, meeting: MeetingService, voting: VotingService, tmp_path: Path
) -> None:
    good = tmp_path / "goed.toml"
    good.write_text(TOML, encoding="utf-8")
    voting.load_agenda_file(good)
    meeting.open_meeting()
    desk = DeskService(meeting.store, Actor("balie-1", "anna"))
    desk.check_in(desk.manual_verdict("GM0363", "kaart vergeten"), name="F. Halsema", role="burgemeester")
    voting.open("3", confirm_order=True)
    window = AgendaEditor(voting, {m.code: m.name for m in meeting.members()})
    qtbot.addWidget(window)
    window.show()
    assert window.locked and window.banner.isVisible() and "Er is al gestemd" in window.banner.text()
    assert not window.save_button.isEnabled() and not window.form_page.isEnabled()
    assert window.export_button.isEnabled()
    before = len(audit.entries(voting.store))
    assert not window.save()
    assert len(audit.entries(voting.store)) == before
    assert window.write_file(tmp_path / "uit.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "uit.xlsx").active
    assert sheet is not None and sheet["A5"].value == "3.A1" and sheet["F6"].value == "GM0153, GM0363"


def test_closing_with_unsaved_changes_asks(qtbot: QtBot, editor: AgendaEditor, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    _new_item(qtbot, editor, "1", ItemType.PROCEDURAL, "Opening")
    asked: list[str] = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and editor.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_the_list_is_worked_with_keys(qtbot: QtBot, editor: AgendaEditor) -> None:
    for key, title in (("1", "Opening"), ("2", "Mededelingen"), ("3", "Sluiting")):
        _new_item(qtbot, editor, key, ItemType.PROCEDURAL, title)
    editor.items.setFocus()
    editor.items.setCurrentRow(0)
    qtbot.keyClick(editor.items, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [d.title for d in editor.drafts] == ["Mededelingen", "Opening", "Sluiting"]
    assert editor.items.currentRow() == 1
    qtbot.keyClick(editor.items, Qt.Key.Key_Delete)
    assert [d.title for d in editor.drafts] == ["Mededelingen", "Sluiting"]
    assert editor.items.row_texts(1) == ("3", "procedureel", "Sluiting")


def _titles_cut(editor: AgendaEditor) -> list[str]:
    """Every title the item list shows only in part (its wrapped lines included)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyle

    table = editor.items
    metrics = QFontMetrics(table.font())
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    width = table.columnWidth(2) - 2 * margin
    cut = []
    for row in range(table.rowCount()):
        title = table.row_texts(row)[2]
        needed = metrics.boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), title)
        if needed.width() > width or needed.height() > table.rowHeight(row):
            cut.append(f"{title!r}: {needed.width()}x{needed.height()} in {width}x{table.rowHeight(row)}")
    return cut


@pytest.mark.parametrize("size", [(1366, 768 - 70), (1024, 768 - 70)], ids=["1366x768", "1024x768"])
def test_long_titles_wrap_in_the_list_without_scrolling_sideways(
    qtbot: QtBot, editor: AgendaEditor, size: tuple[int, int]
) -> None:
    """The list was one line per item: it scrolled sideways and long motion titles were cut off."""
    from PySide6.QtWidgets import QApplication

    from tests.helpers import REPO

    assert editor.minimumSizeHint().width() <= 1024  # was 1,121 px: the buttons three in a row
    assert editor.load_file(REPO / "resources" / "demo" / "agenda-extra-alv-2024-05-24.toml")
    editor.resize(*size)
    table = editor.items
    assert table.rowCount() == len(editor.drafts) == 10
    qtbot.waitUntil(lambda: _titles_cut(editor) == [], timeout=2000)  # the rows take their height after a turn
    assert not table.horizontalScrollBar().isVisible()
    assert table.columnWidth(2) > table.columnWidth(0) + table.columnWidth(1)  # the title has the room
    long = next(n for n, d in enumerate(editor.drafts) if d.key == "4.M2")
    assert table.rowHeight(long) > table.rowHeight(0)  # wrapped onto more lines
    assert editor.drafts[long].title in table.item(long, 2).toolTip()
    # Narrower still (the splitter dragged): still no sideways scrolling, the titles still whole.
    editor.splitter.setSizes([300, editor.splitter.width() - 300])
    qtbot.waitUntil(lambda: _titles_cut(editor) == [], timeout=2000)
    assert not table.horizontalScrollBar().isVisible()
    assert editor.splitter.sizes()[0] >= table.minimumWidth()  # it stops where the longest word still fits
    editor.tabs.setCurrentIndex(2)  # the voting order wraps its lines too
    QApplication.processEvents()
    assert not editor.order.horizontalScrollBar().isVisible()


def test_the_editor_is_english_with_the_translation(
    qtbot: QtBot, meeting: MeetingService, voting: VotingService, tmp_path: Path
) -> None:
    import subprocess

    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication

    from tests.helpers import REPO

    qm = tmp_path / "en.qm"
    ts = REPO / "resources" / "i18n" / "stembalie_en.ts"
    lrelease = Path(__import__("sys").executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), str(ts), "-qm", str(qm)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    app = QApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        window = AgendaEditor(voting, {m.code: m.name for m in meeting.members()}, lang="en")
        qtbot.addWidget(window)
        assert window.windowTitle() == "Edit the agenda"
        assert window.save_button.text() == "Save (Ctrl+S)"
        assert [window.tabs.tabText(i) for i in range(3)] == ["Item", "How it is voted", "Voting order"]
        assert window.type.itemText(window.type.findData(ItemType.MOTION)) == "motion"  # the domain's own word
    finally:
        app.removeTranslator(translator)
