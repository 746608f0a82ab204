"""The agenda written back as a TOML file, in the format :func:`desk_app.domain.agenda.parse_agenda` reads.

An agenda made or changed in the editor can be saved as a file, sent round, kept with the
meeting's papers and read in again: ``parse_agenda(dump_agenda(a)) == a`` for every agenda
(tested). Only fields that differ from their defaults are written, in the order of the format's
description, so the file reads like one written by hand.
"""

from __future__ import annotations

import datetime as _dt
import re

from desk_app.domain.agenda import FORMAT, VERSION, Agenda, AgendaItem, Kind
from desk_app.domain.tally import SIMPLE_MAJORITY

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\f": "\\f", "\r": "\\r"}


def _escape(text: str, *, multiline: bool) -> str:
    out = []
    for c in text:
        if c == "\n" and multiline:
            out.append(c)
        elif c == "\n":
            out.append("\\n")
        elif c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return "".join(out)


def toml_string(text: str) -> str:
    """A TOML basic string; text with line breaks as a multi-line one, readable in the file."""
    if "\n" in text:
        # The newline right after the opening quotes is not part of the value (TOML spec).
        return '"""\n' + _escape(text, multiline=True) + '"""'
    return '"' + _escape(text, multiline=False) + '"'


def _list(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def _date(value: str) -> str:
    if _DATE_RE.match(value):
        try:
            _dt.date.fromisoformat(value)
            return value  # a TOML date, as people write it
        except ValueError:
            pass
    return toml_string(value)


def _item_lines(item: AgendaItem) -> list[str]:
    lines = ["[[item]]", f"key = {toml_string(item.key)}", f"type = {toml_string(item.type.value)}"]
    lines.append(f"title = {toml_string(item.title)}")
    if item.target is not None:
        lines.append(f"target = {toml_string(item.target)}")
    if item.indieners:
        lines.append(f"indieners = {_list(item.indieners)}")
    if item.preadvies is not None:
        lines.append(f"preadvies = {toml_string(item.preadvies.value)}")
    if item.rule != SIMPLE_MAJORITY:
        lines.append(f"majority = {toml_string(item.rule.code)}")
    if item.kind is not Kind.MATTER:
        lines.append(f"kind = {toml_string(item.kind.value)}")
    if item.secret is not None:
        lines.append(f"secret = {'true' if item.secret else 'false'}")
    if item.options:
        lines.append(f"options = {_list(item.options)}")
    if item.reach:
        lines.append(f"reach = {item.reach}")
    if item.placeholder:
        lines.append(f"placeholder = {_list(sorted(item.placeholder))}")
    if item.fictional:
        lines.append("fictional = true")
    if item.published_outcome is not None:
        lines.append(f"published_outcome = {toml_string(item.published_outcome)}")
    if item.note:
        lines.append(f"note = {toml_string(item.note)}")
    if item.text:
        lines.append(f"text = {toml_string(item.text)}")  # last: usually the longest
    for part in item.parts:
        lines += ["", "[[item.part]]", f"key = {toml_string(part.key)}", f"title = {toml_string(part.title)}"]
        if part.text:
            lines.append(f"text = {toml_string(part.text)}")
    return lines


def dump_agenda(agenda: Agenda) -> str:
    """The agenda as the text of an agenda file (UTF-8 TOML)."""
    lines = [
        "# Agenda voor Stembalie; het formaat staat beschreven in desk_app/domain/agenda.py.",
        f"format = {toml_string(FORMAT)}",
        f"version = {VERSION}",
    ]
    if agenda.voting_order is not None:
        lines.append(f"voting_order = {_list([str(s) for s in agenda.voting_order])}")
    if agenda.title or agenda.date or agenda.place:
        lines += ["", "[meeting]"]
        if agenda.title:
            lines.append(f"title = {toml_string(agenda.title)}")
        if agenda.date:
            lines.append(f"date = {_date(agenda.date)}")
        if agenda.place:
            lines.append(f"place = {toml_string(agenda.place)}")
    for item in agenda.items:
        lines += ["", *_item_lines(item)]
    return "\n".join(lines) + "\n"
