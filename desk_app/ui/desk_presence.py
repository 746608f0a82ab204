"""Moved to :mod:`desk_app.ui.desk.presence`.

Kept only while the voting tab still imports from here; remove it once nothing does.
"""

from desk_app.ui.desk.presence import counters_text, group_int

__all__ = ["counters_text", "group_int"]
