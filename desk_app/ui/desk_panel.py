"""Moved to :mod:`desk_app.ui.desk.widgets` and :mod:`desk_app.ui.desk.screen`.

Kept only while the voting tab still imports from here; remove it once nothing does.
"""

from desk_app.ui.desk.screen import STYLES, PanelContent, Tone, ToneStyle
from desk_app.ui.desk.widgets import CameraPreview, VerdictPanel

__all__ = ["STYLES", "CameraPreview", "PanelContent", "Tone", "ToneStyle", "VerdictPanel"]
