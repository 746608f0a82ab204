"""The agenda editor: make and change the agenda in a window, import and export it.

* :mod:`.editor` — :class:`~desk_app.ui.agenda.editor.AgendaEditor`, the window.
* :mod:`.draft` — :class:`~desk_app.ui.agenda.draft.Draft`, one item as it is being typed.
"""

from desk_app.ui.agenda.editor import AgendaEditor

__all__ = ["AgendaEditor"]
