"""Tools around the meeting: the desk's decoder on files, and the desk window itself."""

from __future__ import annotations

import sys
from pathlib import Path

from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, Command, Context, add_json
from desk_app.cli.parser import Parser
from desk_app.domain.text import Text

T_NOTHING_READ = Text("(niets gelezen)", "(nothing read)")


def _decode_arguments(p: Parser) -> None:
    # The choices as the settings declare them (one declaration); loaded here, when the command is
    # named, so that --help of everything else does not load the settings module.
    from desk_app import settings

    p.add_argument("files", nargs="+", type=Path, help=Text("afbeeldingen of video's", "images or videos"))
    p.add_argument(
        "--decoder",
        choices=settings.choices("decoder"),
        default=None,
        help=Text("welke lezer (standaard die uit de instellingen)", "which reader (default: the setting)"),
    )
    add_json(p)


def run_decode(ctx: Context) -> int:
    from desk_app import settings
    from desk_app.scanning.decoder import decoder_for_setting
    from desk_app.scanning.files import decode_files

    errors: dict[str, str] = {}
    decoder = decoder_for_setting(ctx.args.decoder or settings.load().decoder)
    found = decode_files(
        ctx.args.files, decoder, on_error=lambda path, err: errors.__setitem__(str(path), ctx.tr.error(err))
    )
    if ctx.args.json:
        ctx.json({"files": {str(p): tokens for p, tokens in found.items()}, "errors": errors})
    else:
        for path, tokens in found.items():
            print(f"{path}: {' '.join(tokens) if tokens else ctx.tr(T_NOTHING_READ)}")
        for message in errors.values():
            print(message, file=sys.stderr)
    return EXIT_REFUSED if errors else EXIT_OK


def run_gui(ctx: Context) -> int:
    # The one place the CLI loads the window (and with it QtWidgets): only when it is asked for.
    from desk_app.app import run_gui as run

    return run(ctx.args)


COMMANDS = (
    Command(
        "decode",
        Text(
            "lees streepjescodes uit afbeeldingen of video's (de lezer van de balie)",
            "read barcodes from images or videos (the desk's own reader)",
        ),
        run_decode,
        _decode_arguments,
        writes=False,
    ),
    Command(
        "gui",
        Text("open het balievenster (ook zonder opdracht)", "open the desk window (also without a command)"),
        run_gui,
        writes=False,  # the window checks the record itself, on a worker
    ),
)
