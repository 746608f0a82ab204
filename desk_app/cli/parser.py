"""The command line's grammar: argparse, speaking the user's language all the way down.

Help texts are :class:`~desk_app.domain.text.Text` pairs rendered through the run's
:class:`~desk_app.domain.text.Translator`. argparse's own words ("usage:", "options", its error
messages) come from ``gettext`` in English; :class:`Parser` replaces the headings and the help
line it adds, :class:`Formatter` the usage prefix, and :func:`translate_argparse` turns its error
messages into Dutch by their English templates (a message it does not know stays English rather
than being mangled). No global state is changed: two parsers in two languages can coexist.

The language is chosen before the parser is built (:func:`early_language`), from ``--lang`` or
``STEMBALIE_LANG``, so ``--help`` is already in that language.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Sequence
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, NoReturn

from desk_app.domain.text import LANGUAGES, Text, Translator

if TYPE_CHECKING:
    from desk_app.cli.base import Command

T_DESCRIPTION = Text(
    "Stembalie: registratie en gewogen stemmingen voor de ALV van de VNG. Zonder opdracht opent het balievenster.",
    "Stembalie: registration and weighted votes for the VNG general assembly. Without a command the desk window opens.",
)
T_EPILOG = Text(
    "Afsluitcodes: 0 gelukt, 1 geweigerd (de reden staat op stderr), 2 verkeerd gebruik, 3 interne fout.",
    "Exit codes: 0 done, 1 refused (the reason is on stderr), 2 usage error, 3 internal error.",
)
T_USAGE = Text("gebruik: ", "usage: ")
T_POSITIONALS = Text("positionele argumenten", "positional arguments")
T_OPTIONS = Text("opties", "options")
T_HELP = Text("toon deze hulptekst en stop", "show this help message and exit")
T_VERSION = Text("toon het versienummer en stop", "show the version number and exit")
T_ERROR = Text("{prog}: fout: {message}", "{prog}: error: {message}")
T_COMMANDS = Text("opdrachten", "commands")
T_ACTIONS = Text("handelingen", "actions")
T_FILE = Text("BESTAND", "FILE")
T_NAME = Text("NAAM", "NAME")
T_DATE = Text("JJJJ-MM-DD", "YYYY-MM-DD")

T_DB = Text(
    "het vergaderbestand (.sqlite), of het adres van de vergaderserver (postgresql://…)",
    "the meeting file (.sqlite), or the address of the meeting server (postgresql://…)",
)
T_DEMO = Text("gebruik de demovergadering", "use the demo meeting")
T_ALLOW_REMOVABLE = Text(
    "gebruik het vergaderbestand ook op een USB-stick of netwerkschijf (bevestigd: wat als opgeslagen is gemeld, "
    "gaat verloren als het medium wegvalt)",
    "use the meeting file on a USB stick or network share too (confirmed: what was reported saved is lost if the "
    "medium goes away)",
)
T_LANG = Text("taal van de meldingen (ook STEMBALIE_LANG)", "language of the messages (also STEMBALIE_LANG)")
T_DESK = Text("naam van deze balie", "name of this desk")
T_ACTOR = Text(
    "wie de handeling doet, zoals vastgelegd en gepubliceerd in het logboek: een rol of pseudoniem, geen naam "
    "(standaard: de balie)",
    "who performs the action, as recorded and published in the log: a role or pseudonym, not a name "
    "(default: the desk)",
)
T_SELF_TEST = Text(
    "controleer deze installatie (tijdelijke vergadering, kaart lezen, stempas naar PDF)",
    "check this installation (temporary meeting, read a card, pass to PDF)",
)

# argparse's error messages (Python 3.11–3.13 wording) and their Dutch. The English side is the
# gettext template argparse fills in; the Dutch side names the same fields in ``str.format`` style
# (a bare ``%s`` is field ``_0``). Values (names, choices) pass through untouched.
_ARGPARSE_NL: tuple[tuple[str, str], ...] = (
    ("argument %(argument_name)s: %(message)s", "argument {argument_name}: {message}"),
    ("invalid choice: %(value)r (choose from %(choices)s)", "ongeldige keuze: {value} (kies uit {choices})"),
    ("the following arguments are required: %s", "deze argumenten ontbreken: {_0}"),
    ("unrecognized arguments: %s", "onbekende argumenten: {_0}"),
    ("one of the arguments %s is required", "een van de argumenten {_0} is verplicht"),
    ("not allowed with argument %s", "niet toegestaan samen met {_0}"),
    ("expected one argument", "verwacht één waarde"),
    ("expected at most one argument", "verwacht hoogstens één waarde"),
    ("expected at least one argument", "verwacht minstens één waarde"),
    ("expected %s argument", "verwacht {_0} waarde"),
    ("expected %s arguments", "verwacht {_0} waarden"),
    ("invalid %(type)s value: %(value)r", "ongeldige waarde voor {type}: {value}"),
    ("ambiguous option: %(option)s could match %(matches)s", "dubbelzinnige optie: {option} kan {matches} zijn"),
    ("ignored explicit argument %r", "genegeerde waarde {_0}"),
    ("unexpected option string: %s", "onverwachte optie: {_0}"),
    ("can't open '%(filename)s': %(error)s", "kan '{filename}' niet openen: {error}"),
)
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")


def _pattern(template: str) -> re.Pattern[str]:
    """The English gettext template as a regular expression with one named group per field."""
    parts: list[str] = []
    pos = positional = 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[pos : m.start()]))
        name = m.group(1)
        if name is None:
            name, positional = f"_{positional}", positional + 1
        parts.append(f"(?P<{name}>.+?)")
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts), re.DOTALL)


@lru_cache(maxsize=1)
def _dutch_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    # Compiled only when a Dutch usage error is shown, not for every run.
    return tuple((_pattern(en), nl) for en, nl in _ARGPARSE_NL)


def translate_argparse(message: str, lang: str) -> str:
    """argparse's English error ``message`` in ``lang`` (unknown messages stay as they are)."""
    if lang == "en":
        return message
    for pattern, dutch in _dutch_patterns():
        m = pattern.fullmatch(message)
        if m:
            fields = m.groupdict()
            if "message" in fields:  # "argument X: <another argparse message>"
                fields["message"] = translate_argparse(fields["message"], lang)
            return dutch.format(**fields)
    return message


def early_language(argv: Sequence[str], environ: dict[str, str] | os._Environ[str] | None = None) -> str:
    """``--lang`` from the command line, else ``STEMBALIE_LANG``, else Dutch (before parsing, for the help)."""
    lang = (os.environ if environ is None else environ).get("STEMBALIE_LANG", "nl")
    for i, a in enumerate(argv):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
    return lang if lang in LANGUAGES else "nl"


class Formatter(argparse.HelpFormatter):
    """argparse's help layout with the usage prefix in the user's language."""

    def __init__(self, prog: str, *, usage_prefix: str = "usage: ", **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self.usage_prefix = usage_prefix

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, self.usage_prefix if prefix is None else prefix)


class _VersionAction(argparse.Action):
    """``--version``: looked up only when asked for, so other runs do not pay for importlib.metadata."""

    def __init__(
        self,
        option_strings: Sequence[str],
        dest: str = argparse.SUPPRESS,
        default: str = argparse.SUPPRESS,
        help: str | None = None,
    ) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        print(f"{parser.prog} {version()}")  # on stdout, like argparse's own version action
        parser.exit(0)


def version() -> str:
    """The installed package's version; the source tree's ``__version__`` when run uninstalled or frozen."""
    from importlib import metadata

    try:
        return metadata.version("stembalie")
    except metadata.PackageNotFoundError:
        import desk_app

        return str(getattr(desk_app, "__version__", "0+unknown"))


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose own words (headings, help line, errors) follow ``tr``.

    Sub-parsers are made with :meth:`subcommand`, so they speak the same language.
    """

    def __init__(self, *args: Any, tr: Translator, **kwargs: Any) -> None:
        self.tr = tr
        kwargs.setdefault("formatter_class", partial(Formatter, usage_prefix=tr(T_USAGE)))
        kwargs["add_help"] = False  # ours below, with its help line translated
        super().__init__(*args, **kwargs)
        self._positionals.title = tr(T_POSITIONALS)
        self._optionals.title = tr(T_OPTIONS)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=tr(T_HELP))

    def add_argument(self, *name_or_flags: str, **kwargs: Any) -> argparse.Action:
        """As argparse's; ``help`` and ``metavar`` may be :class:`Text`, rendered in the parser's language."""
        for key in ("help", "metavar"):
            if isinstance(kwargs.get(key), Text):
                kwargs[key] = self.tr(kwargs[key])
        return super().add_argument(*name_or_flags, **kwargs)

    def subcommands(
        self, dest: str, metavar: str, *, title: Text = T_ACTIONS, required: bool = False
    ) -> argparse._SubParsersAction[Parser]:
        """The group the sub-commands (or a command's actions) are added to, under its own heading."""
        return self.add_subparsers(dest=dest, metavar=metavar, required=required, title=self.tr(title))

    def subcommand(
        self, group: argparse._SubParsersAction[Parser], name: str, help: Text, aliases: Sequence[str] = ()
    ) -> Parser:
        """A sub-parser in the same language, with ``help`` as its one-line help and description."""
        return group.add_parser(name, aliases=list(aliases), help=self.tr(help), description=self.tr(help), tr=self.tr)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, self.tr(T_ERROR, prog=self.prog, message=translate_argparse(message, self.tr.lang)) + "\n")


def build_parser(tr: Translator, commands: Iterable[Command], argv: Sequence[str] | None = None) -> Parser:
    """The ``desk-app`` grammar: the global options, then each command with its arguments.

    Given the command line ``argv``, only the commands named in it get their arguments (the rest
    are listed with their help line, which is all ``desk-app --help`` shows): a run builds the
    grammar of the command it runs, not of all thirty. Without ``argv`` every command is complete.
    """
    p = Parser(prog="desk-app", description=tr(T_DESCRIPTION), epilog=tr(T_EPILOG), tr=tr)
    p.add_argument("--version", action=_VersionAction, help=tr(T_VERSION))
    # Text, not a Path: a server address (postgresql://host:5432,host2:5432/…) is no file name.
    p.add_argument("--db", metavar=tr(T_FILE), help=tr(T_DB))
    p.add_argument("--demo", action="store_true", help=tr(T_DEMO))
    p.add_argument("--allow-removable", action="store_true", help=tr(T_ALLOW_REMOVABLE))
    p.add_argument("--lang", choices=list(LANGUAGES), default=None, help=tr(T_LANG))
    p.add_argument("--desk", default=None, metavar=tr(T_NAME), help=tr(T_DESK))
    p.add_argument("--actor", default=None, metavar=tr(T_NAME), help=tr(T_ACTOR))
    p.add_argument("--self-test", action="store_true", help=tr(T_SELF_TEST))
    sub = p.subcommands("command", "COMMAND", title=T_COMMANDS)
    named = None if argv is None else set(argv)
    for command in commands:
        parser = p.subcommand(sub, command.name, command.help, command.aliases)
        if named is None or not named.isdisjoint((command.name, *command.aliases)):
            command.arguments(parser)
    return p
