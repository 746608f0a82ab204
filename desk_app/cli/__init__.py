"""The headless face of Stembalie: the same services as the desk, for scripts, rehearsals and tests.

``desk-app [--db FILE] COMMAND``; with no command the desk window opens. Exit codes: 0 done,
1 refused (the reason on stderr), 2 usage error, 3 internal error (a bug: please report it).

Every command gets its services from a :class:`~desk_app.session.Session` (see
:class:`~desk_app.cli.base.Context`); the commands live by area in this package and are listed in
:mod:`desk_app.cli.registry`. Qt is loaded only by the commands that paint or show a window.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Sequence

from desk_app.cli import registry
from desk_app.cli.base import EXIT_BUG, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Context, configure_logging
from desk_app.cli.parser import build_parser, early_language
from desk_app.domain.text import DeskError, Text, Translator

__all__ = ["EXIT_BUG", "EXIT_OK", "EXIT_PIPE_CLOSED", "EXIT_REFUSED", "EXIT_USAGE", "main"]

# What a shell reports for a program ended by SIGPIPE (`yes | head -1`): the reader stopped reading.
EXIT_PIPE_CLOSED = 128 + getattr(signal, "SIGPIPE", 13)

T_BUG = Text(
    "Interne fout in Stembalie; meld dit met de tekst hierboven.",
    "Internal error in Stembalie; report it with the text above.",
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; returns the exit code (``desk-app``, ``python -m desk_app``, ``main.py``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _run(argv)
        if sys.stdout is not None:  # None in a windowed (console-less) build
            sys.stdout.flush()  # inside the try: a closed pipe shows up here for short output
    except BrokenPipeError:
        return _pipe_closed()
    return code


def _run(argv: list[str]) -> int:
    tr = Translator(early_language(argv))
    commands = registry.commands()
    parser = build_parser(tr, commands, argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 0 for --help and --version, 2 for usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.self_test:
        from desk_app import selftest

        return selftest.run(tr=tr)
    command = registry.by_name(commands)[args.command or "gui"]
    if command.name != "gui":  # the window configures its own
        configure_logging()
    ctx = Context(args, tr, command)
    try:
        return command.run(ctx)
    except DeskError as err:
        print(tr.error(err), file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_REFUSED
    except BrokenPipeError:
        raise  # not a bug: the reader went away (handled in main)
    except Exception:  # noqa: BLE001 - a bug: say so plainly, keep the traceback for the report
        traceback.print_exc()
        print(tr(T_BUG), file=sys.stderr)
        return EXIT_BUG
    finally:
        ctx.close()


def _pipe_closed() -> int:
    """The reader of our output went away (``desk-app members | head -1``): stop quietly.

    As the Python documentation recommends for SIGPIPE: point stdout at devnull, so that the
    interpreter's own flush at exit does not fail a second time, and leave without a traceback.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file descriptor (an embedding, a test's capture)
        pass
    return EXIT_PIPE_CLOSED
