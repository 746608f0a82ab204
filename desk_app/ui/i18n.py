"""Installing the interface language: Dutch first, English available.

Our own strings are Dutch in the source (``self.tr()``) and English in
``resources/i18n/stembalie_en.qm``; Qt's own strings (standard buttons such as Save/Cancel) come
from Qt's ``qtbase_*.qm``, so the Dutch interface gets Dutch buttons too. Texts below Qt
(refusals from services) follow :func:`desk_app.domain.text.set_language`.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from desk_app import paths
from desk_app.domain.text import set_language

log = logging.getLogger("stembalie.i18n")


def install_language(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install the translators for ``lang``; returns them (parented to ``app``, so they stay alive)."""
    set_language(lang)
    installed: list[QTranslator] = []
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    if lang != "nl":  # Dutch is the source language: nothing to load for our own strings
        ours = QTranslator(app)
        qm = paths.resource("i18n", f"stembalie_{lang}.qm")
        if ours.load(str(qm)):
            app.installTranslator(ours)
            installed.append(ours)
        else:
            log.warning("no translations at %s: run 'python scripts/i18n.py release'", qm)
    return installed
