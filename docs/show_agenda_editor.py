"""Open just the agenda editor on the demo meeting (for looking at it and for screenshots).

    .venv/bin/python docs/show_agenda_editor.py [--item 4.M2] [--lang en] [--png out.png]

Builds the demo meeting in a temporary folder (the real demo file is not touched). With --png the
window is grabbed to a file and the program ends (works offscreen); without it the window stays.
For the whole screen at the desk's size: ``SCREEN=1366x768x24 ../shared/tools/screenshot out.png 6
.venv/bin/python docs/show_agenda_editor.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desk_app.domain.text import Translator
from desk_app.session import Session, default_actor
from desk_app.ui.agenda import AgendaEditor
from desk_app.ui.i18n import install_language


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--item", default="4.M2")
    parser.add_argument("--lang", default="nl", choices=("nl", "en"))
    parser.add_argument("--png", type=Path)
    parser.add_argument("--tab", type=int, default=0, help="0 item, 1 how it is voted, 2 voting order")
    parser.add_argument("--problem", action="store_true", help="take the target of 4.A1 away and try to save")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    translators = install_language(app, args.lang)  # kept: Qt does not own them  # noqa: F841
    with tempfile.TemporaryDirectory() as folder:
        session = Session.demo(
            Path(folder) / "demo.sqlite", actor=default_actor("secretariaat"), tr=Translator(args.lang)
        )
        editor = AgendaEditor.for_session(session)
        editor.resize(1340, 720)
        editor.show()
        keys = [d.key for d in editor.drafts]
        if args.item in keys:
            editor.items.setCurrentRow(keys.index(args.item))
        editor.tabs.setCurrentIndex(args.tab)
        if args.problem:
            editor.items.setCurrentRow(keys.index("4.A1"))
            editor.target.setEditText("")
            editor.indieners.setText("GM0344, Amsterdm")
            editor._on_form_changed()
            editor.save()
        if args.png:

            def grab() -> None:
                editor.grab().save(str(args.png))
                app.quit()

            QTimer.singleShot(300, grab)
        app.exec()
        editor.dirty = False
        editor.close()
        session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
