"""The desk's type size for dialogs: read from a metre away, like the desk itself.

The desk panel's buttons are 18 px and its fields 24 px; a dialog opened from it (look-up, the
coördinator's PIN, the chair's declaration, a representative, a new meeting) uses the same sizes
instead of the system's 9 or 10 points, so nobody leans in to read a dialog after reading the desk
from a distance. :func:`readable` applies them to one dialog.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

__all__ = ["DESK_TYPE_PX", "DESK_FIELD_PX", "DIALOG_STYLE", "readable"]

#: Text, buttons and lists in a dialog, in pixels (the desk panel's buttons are 18 px).
DESK_TYPE_PX = 18
#: What is typed or chosen: a little larger, as on the desk's form.
DESK_FIELD_PX = 20

# In the style sheet, not only the dialog's font: a child with a style sheet of its own (a bold
# error line) would otherwise take the application's default size instead of the dialog's.
DIALOG_STYLE = (
    f"* {{ font-size: {DESK_TYPE_PX}px; }}"
    f"QLineEdit, QComboBox, QDateEdit, QSpinBox {{ font-size: {DESK_FIELD_PX}px; padding: 4px; min-height: 34px; }}"
    "QPushButton { padding: 6px 14px; }"
    "QLabel#dialogError { font-weight: bold; color: #B3201A; }"
)


def readable(widget: QWidget, extra_style: str = "") -> None:
    """Give ``widget`` (a dialog) and everything in it the desk's type size."""
    font = QFont(widget.font())
    font.setPixelSize(DESK_TYPE_PX)
    widget.setFont(font)
    widget.setStyleSheet(DIALOG_STYLE + extra_style)
