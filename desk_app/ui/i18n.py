"""Installing the interface language: Dutch first, English available, switchable while running.

Our own strings are Dutch in the source (``self.tr()``) and English in
``resources/i18n/stembalie_en.qm``; Qt's own strings (standard buttons such as Save/Cancel) come
from Qt's ``qtbase_*.qm``, so the Dutch interface gets Dutch buttons too. Texts below Qt
(refusals from services) follow the session's :class:`~desk_app.domain.text.Translator`.

:class:`Languages` holds the installed translators, so a new language can replace them: Qt then
sends every widget a ``LanguageChange`` event, and the composition root rebuilds its windows so
that texts set once (labels, menus) follow too.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from desk_app import paths

log = logging.getLogger("stembalie.i18n")


def install_language(app: QCoreApplication, lang: str, qm_folder: Path | None = None) -> list[QTranslator]:
    """Install the translators for ``lang``; returns them (parented to ``app``, so they stay alive)."""
    installed: list[QTranslator] = []
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    if lang != "nl":  # Dutch is the source language: nothing to load for our own strings
        ours = QTranslator(app)
        qm = (qm_folder or paths.resource("i18n")) / f"stembalie_{lang}.qm"
        if ours.load(str(qm)):
            app.installTranslator(ours)
            installed.append(ours)
        else:
            log.warning("no translations at %s: run 'python scripts/i18n.py release'", qm)
    return installed


class Languages:
    """The translators of one running app: :meth:`install` replaces those installed before."""

    def __init__(self, qm_folder: Path | None = None) -> None:
        #: Where ``stembalie_<lang>.qm`` is (default: the bundled resources; tests build their own).
        self.qm_folder = qm_folder
        self.lang: str | None = None
        self._installed: list[QTranslator] = []

    def install(self, lang: str) -> None:
        app = QCoreApplication.instance()
        if app is None or lang == self.lang:
            return
        self.remove()
        self._installed = install_language(app, lang, self.qm_folder)
        self.lang = lang

    def remove(self) -> None:
        """Take the translators out again (the interface falls back to the Dutch source texts)."""
        app = QCoreApplication.instance()
        for translator in self._installed:
            if app is not None:
                app.removeTranslator(translator)
        self._installed = []
        self.lang = None
