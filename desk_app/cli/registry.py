"""Every ``desk-app`` command, by area. A new command is a :class:`~desk_app.cli.base.Command` in its
area's ``COMMANDS``; a new area is one module here (imported by name, so a frozen build finds it).

The order is the order of ``desk-app --help``: the day from preparation to archive, then tools.
"""

from __future__ import annotations

from collections.abc import Mapping

from desk_app.cli import after, cards, coordinator, desk, meeting, meeting_settings, server, tools, voting
from desk_app.cli.base import Command

AREAS = (meeting, meeting_settings, desk, coordinator, cards, voting, after, server, tools)


def commands() -> tuple[Command, ...]:
    return tuple(command for area in AREAS for command in area.COMMANDS)


def by_name(commands: tuple[Command, ...]) -> Mapping[str, Command]:
    """Each command under its name and its aliases (argparse reports whichever was typed)."""
    return {name: c for c in commands for name in (c.name, *c.aliases)}
