"""Stored values as people read them: ``active`` is *aanwezig*, ``closed`` is *gesloten*.

The database and ``--json`` keep the stable English values; text output shows these labels in
the chosen language. The domain's own tables are used where they exist (pass status, roles,
choices); the few it lacks yet are declared here, next to the output that needs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desk_app.domain.text import Text

# The presence list's "no pass at all", which is not a pass status.
_ABSENT = Text("afwezig", "absent")

# Kept here until the domain carries a label table for these enums.
VOTE_STATUS: Mapping[str, Text] = {
    "open": Text("open", "open"),
    "closed": Text("gesloten", "closed"),
    "declared": Text("vastgesteld", "declared"),
}
ITEM_TYPE: Mapping[str, Text] = {
    "procedural": Text("procedureel", "procedural"),
    "proposal": Text("voorstel", "proposal"),
    "resolution": Text("resolutie", "resolution"),
    "amendment": Text("amendement", "amendment"),
    "sub_amendment": Text("subamendement", "sub-amendment"),
    "motion": Text("motie", "motion"),
}


def _label(table: Mapping[Any, Text], value: object, lang: str) -> str:
    # Keys may be str enums: a plain string finds them. An unknown value (a newer file) is shown as it is.
    text = table.get(str(value))
    return text.render(lang) if text is not None else str(value)


def presence_status(status: str, lang: str) -> str:
    """``active``/``away``/… of a pass, or ``absent`` when the municipality holds none."""
    from desk_app.domain.checkin import PASS_STATUS  # here, not at the top: --help need not load the domain

    return _ABSENT.render(lang) if status == "absent" else _label(PASS_STATUS, status, lang)


def vote_status(status: object, lang: str) -> str:
    return _label(VOTE_STATUS, status, lang)


def item_type(value: object, lang: str) -> str:
    return _label(ITEM_TYPE, value, lang)


def role(value: str | None, lang: str) -> str:
    from desk_app.domain.mandate import ROLE_LABELS

    return "-" if not value else _label(ROLE_LABELS, value, lang)
