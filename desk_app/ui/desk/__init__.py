"""The desk ("Balie"): the panel, its pure screen mapping, its dialogs, the presence list, sounds.

:mod:`.screen` says what the desk shows for a verdict or an outcome (no Qt, so it is imported
and tested without it); :mod:`.panel` (:class:`~desk_app.ui.desk.panel.DeskPanel`) renders it and
turns keys and scans into service calls. Nothing is imported here, so that importing the screen
mapping loads no Qt.
"""
