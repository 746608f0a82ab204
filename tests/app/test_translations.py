"""English through Qt's own tools: every tr() string has a translation, the .qm really changes the
desk, the tally and the dialogs, and no translation loses a placeholder or a keyboard hint.

lupdate runs over the current sources, so a new untranslated string fails here (and in
``python scripts/i18n.py check``) rather than showing up in Dutch on an English desk.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel

from desk_app.domain.text import Translator
from desk_app.domain.token import make_card_token
from desk_app.printing.stempas import PDF_TARGET, PassPrinter
from desk_app.scanning.wedge import KeyboardWedge
from desk_app.services.chair import ChairScreen
from desk_app.services.changes import ChangeWatcher
from desk_app.services.desk import DeskService
from desk_app.services.meeting import Actor, MeetingService
from desk_app.services.voting import VotingService
from desk_app.settings import Preferences
from desk_app.ui.change_feed import ChangeFeed
from desk_app.ui.desk.panel import DeskPanel
from desk_app.ui.desk.sounds import RecordingSounds
from desk_app.ui.settings_dialog import SettingsDialog
from desk_app.ui.voting.tally import TallyWindow

REPO = Path(__file__).resolve().parents[2]


def _load_i18n() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stembalie_i18n_script", REPO / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


i18n = _load_i18n()


@pytest.fixture(scope="module")
def fresh_ts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """lupdate over today's sources, starting from the committed translations."""
    return i18n.update(target=tmp_path_factory.mktemp("ts") / "stembalie_en.ts")


@pytest.fixture(scope="module")
def qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return i18n.release("en", out=tmp_path_factory.mktemp("qm") / "stembalie_en.qm")


@pytest.fixture
def english(qapp: QApplication, qm: Path) -> Iterator[QTranslator]:
    translator = QTranslator()
    assert translator.load(str(qm)), qm
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def _messages(ts: Path) -> list[tuple[str, str, str]]:
    """(context, source, translation) of every message."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.append((name, message.findtext("source") or "", message.findtext("translation") or ""))
    return out


# -- (a) nothing untranslated ---------------------------------------------------------------------


def test_every_string_in_the_sources_has_an_english_translation(fresh_ts: Path) -> None:
    assert i18n.unfinished(fresh_ts) == [], "translate these in resources/i18n/stembalie_en.ts (see scripts/i18n.py)"
    assert len(_messages(fresh_ts)) > 300  # lupdate really found the sources


def test_the_committed_ts_is_what_lupdate_makes(fresh_ts: Path) -> None:
    """Someone ran update and translated, but forgot to commit: the .ts in the repo is behind."""
    assert sorted(_messages(fresh_ts)) == sorted(_messages(i18n.ts_file("en"))), (
        "run 'python scripts/i18n.py update', translate, and commit resources/i18n/stembalie_en.ts"
    )


def _calls_lupdate_cannot_see() -> list[str]:
    """tr()/translate() calls whose text lupdate never extracts, so they stay Dutch in English:
    inside an f-string expression, with a computed text in a file that marks none with
    QT_TRANSLATE_NOOP, or through an alias lupdate does not know (``_translate = ...translate``)."""
    found = []
    for file in i18n.source_files():
        source = Path(file).read_text(encoding="utf-8")
        tree = ast.parse(source)
        in_fstring = {id(n) for f in ast.walk(tree) if isinstance(f, ast.JoinedStr) for n in ast.walk(f)}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id != "translate"
                and re.fullmatch(r"_*(tr|translate)_*", node.func.id)
            ):
                found.append(f"{Path(file).relative_to(REPO)}:{node.lineno}: {node.func.id}() is not seen by lupdate")
                continue
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("tr", "translate")
                and node.args
            ):
                continue
            text = node.args[0 if node.func.attr == "tr" else min(1, len(node.args) - 1)]
            where = f"{Path(file).relative_to(REPO)}:{node.lineno}"
            literal = isinstance(text, ast.Constant) and isinstance(text.value, str)
            if literal and id(node) in in_fstring:
                found.append(f"{where}: tr() inside an f-string")
            elif not literal and "QT_TRANSLATE_NOOP" not in source:
                found.append(f"{where}: computed text without QT_TRANSLATE_NOOP")
    return found


def test_no_tr_call_hides_from_lupdate() -> None:
    assert _calls_lupdate_cannot_see() == []


def test_every_context_is_a_class_so_tr_finds_it_at_run_time(fresh_ts: Path) -> None:
    """``window.tr("x")`` is filed by lupdate under the context "window", but looked up at run time
    under the window's class: such strings stay Dutch although they look translated."""
    classes = set()
    for file in i18n.source_files():
        classes |= {
            n.name for n in ast.walk(ast.parse(Path(file).read_text(encoding="utf-8"))) if isinstance(n, ast.ClassDef)
        }
    contexts = {context for context, _, _ in _messages(fresh_ts)}
    assert contexts - classes == set()


# -- (b) the .qm changes what people see ----------------------------------------------------------


@pytest.fixture
def desk_view(qtbot: QtBot, meeting: MeetingService, tmp_path: Path) -> Callable[[], DeskPanel]:
    """Builds a desk view; texts are translated when the widgets are made, so build after installing."""

    def make() -> DeskPanel:
        wedge = KeyboardWedge(None)  # not installed: these tests read texts, they do not scan
        feed = ChangeFeed(ChangeWatcher(meeting.store), poll_ms=0)
        view = DeskPanel(
            DeskService(meeting.store, Actor("balie-1", "test")),
            PassPrinter(PDF_TARGET, "a6", tmp_path),
            RecordingSounds(),
            feed=feed,
            wedge=wedge,
        )
        wedge.setParent(view)
        feed.setParent(view)
        qtbot.addWidget(view)
        return view

    return make


def test_the_desk_is_english_with_the_translation_and_dutch_without(
    desk_view: Callable[[], DeskPanel], english: QTranslator, qapp: QApplication
) -> None:
    view = desk_view()
    assert view.lookup_button.text() == "Look up (F2)"
    assert view.confirm_button.text() == "Issue voting pass (Enter)"
    assert view.form_label.text() == "Who is presenting the card?"
    assert view.panel.content.headline == "READY FOR THE NEXT CARD"

    qapp.removeTranslator(english)
    dutch = desk_view()
    assert dutch.lookup_button.text() == "Opzoeken (F2)"
    assert dutch.form_label.text() == "Wie toont de kaart?"
    assert dutch.panel.content.headline == "KLAAR VOOR DE VOLGENDE KAART"


def test_the_tally_screen_is_english(qtbot: QtBot, meeting: MeetingService, english: QTranslator) -> None:
    desk = DeskService(meeting.store, Actor("balie-1", "test"))
    for code in ("GM0363", "GM0599", "GM0088"):
        desk.check_in(
            desk.scan(make_card_token(desk.meeting.meeting_no, desk.meeting.secret, code, 1)),
            name=f"X {code}",
            role="raadslid",
        )
    meeting.open_meeting()
    voting = VotingService(meeting.store, desk.actor, lambda: [(s, c) for s, c, _ in desk.active_passes()])
    voting.open("4", confirm_order=True)
    feed = ChangeFeed(ChangeWatcher(meeting.store), poll_ms=0)
    window = TallyWindow(ChairScreen(voting, desk.counters, Translator("en")), feed)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "Stembalie — results screen"
    texts = window.screen_view.texts()
    assert texts["attendance"].startswith("Present: 3 of 342 municipalities · ")
    assert texts["pending"].startswith("Not voted yet: 3 municipalities (")
    assert window.screen_view.state.status_text.startswith("Vote 1 open — vote on the proposal")  # the Translator
    feed.stop()


def test_the_settings_dialog_is_english(qtbot: QtBot, english: QTranslator) -> None:
    dialog = SettingsDialog(Preferences(), printers=[], screens=["Screen 1"])
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Settings"
    titles = {box.title() for box in dialog.findChildren(QGroupBox)}
    assert {"Desk", "Backups", "E-mail (sending voting cards)"} <= titles
    texts = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"Name of this desk", "Language", "Keep the last"} <= texts
    assert dialog.camera.itemText(0) == "no camera (handheld scanner and look-up)"
    assert dialog.decoder.itemText(0) == "automatic (recommended)"


# -- (c) placeholders and hints survive -----------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%n|%L?\d")
_HINT = re.compile(r"\((?:F\d+|Enter|Esc|Ctrl\+[^)\s]+)\)|Ctrl\+\S+")


@pytest.mark.parametrize("ts", [i18n.ts_file("en")], ids=["committed"])
def test_placeholders_hints_accelerators_and_edges_match_the_source(ts: Path) -> None:
    problems = []
    for context, source, translation in _messages(ts):
        if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(translation)):
            problems.append((context, source, translation, "placeholders"))
        if sorted(_HINT.findall(source)) != sorted(_HINT.findall(translation)):
            problems.append((context, source, translation, "keyboard hint"))
        if source.replace("&&", "").count("&") != translation.replace("&&", "").count("&"):
            problems.append((context, source, translation, "accelerator"))
        # Fragments are glued to other text (" — vertrokken", " min"): keep their spaces.
        if (source[:1].isspace(), source[-1:].isspace()) != (translation[:1].isspace(), translation[-1:].isspace()):
            problems.append((context, source, translation, "leading/trailing space"))
        if source.count("\n") != translation.count("\n"):
            problems.append((context, source, translation, "line breaks"))
    assert problems == []
