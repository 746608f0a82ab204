"""The CLI's grammar: help and argparse's own words in the user's language, --version, the registry."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

from desk_app.cli import registry
from desk_app.cli.parser import early_language, translate_argparse
from desk_app.domain.text import Text
from tests.cli.runner import run

# argparse's English words that must not show through in Dutch
ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help message",
    "error:",
    "invalid choice",
    "the following arguments are required",
    "not allowed with",
    "invalid int value",
)


def test_help_is_dutch_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert out.startswith("gebruik: desk-app")
    for heading in ("opties:", "opdrachten:", "toon deze hulptekst en stop", "toon het versienummer en stop"):
        assert heading in out
    assert "maak een nieuwe vergadering" in out and "Afsluitcodes: 0 gelukt" in out
    assert not [word for word in ENGLISH if word in out]


def test_help_in_english_by_flag_or_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "--lang", "en", "--help")
    assert code == 0 and out.startswith("usage: desk-app") and "options:" in out and "create a new meeting" in out
    monkeypatch.setenv("STEMBALIE_LANG", "en")
    assert run(capsys, "members", "--help")[1].startswith("usage: desk-app members")
    assert run(capsys, "--lang=nl", "members", "--help")[1].startswith("gebruik: desk-app members")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_command_has_help_in_both_languages(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    for command in registry.commands():
        assert isinstance(command.help, Text) and command.help.nl != command.help.en, command.name
        code, out, err = run(capsys, "--lang", lang, command.name, "--help")
        assert code == 0, (command.name, err)
        assert command.help.render(lang) in out
        if lang == "nl":
            assert not [word for word in ENGLISH if word in out], (command.name, out)


def test_positional_heading_of_a_command_is_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "leave", "--help")[1]
    assert "positionele argumenten:" in out and "stempasnummer" in out
    out = run(capsys, "vote", "--help")[1]
    assert "handelingen:" in out and "sluit de open stemming" in out


@pytest.mark.parametrize(
    ("argv", "dutch", "english"),
    [
        (["leave"], "fout: deze argumenten ontbreken: serial", "error: the following arguments are required: serial"),
        (
            ["leave", "abc"],
            "argument serial: ongeldige waarde voor int: 'abc'",
            "argument serial: invalid int value: 'abc'",
        ),
        (
            ["vote", "record", "voor", "--pass", "1", "--code", "GM0363"],
            "argument --code: niet toegestaan samen met --pass",
            "argument --code: not allowed with argument --pass",
        ),
        (
            ["vote", "record", "voor"],
            "een van de argumenten --pass --code is verplicht",
            "one of the arguments --pass --code is required",
        ),
        (["members", "--bogus"], "onbekende argumenten: --bogus", "unrecognized arguments: --bogus"),
        (
            ["checkin", "--name", "X", "--role", "wethouder"],
            "een van de argumenten token --code is verplicht",
            "one of the arguments token --code is required",
        ),
        (
            ["settings", "set", "--present-only", "--base", "x"],
            "argument --base: ongeldige keuze: 'x' (kies uit 'abstentions_excluded', 'abstentions_counted')",
            "argument --base: invalid choice: 'x' (choose from 'abstentions_excluded', 'abstentions_counted')",
        ),
        (["undo", "7"], "deze argumenten ontbreken: --reason", "the following arguments are required: --reason"),
        (["export", "--out"], "argument --out: verwacht één waarde", "argument --out: expected one argument"),
        (
            ["cards", "shred"],
            "argument action: ongeldige keuze: 'shred' (kies uit 'make', 'send', 'reissue')",
            "argument action: invalid choice: 'shred' (choose from 'make', 'send', 'reissue')",
        ),
    ],
)
def test_usage_errors_in_both_languages(
    capsys: pytest.CaptureFixture[str], argv: list[str], dutch: str, english: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("gebruik: desk-app") and dutch in err, err
    assert not [word for word in ENGLISH if word in err], err
    code, _, err = run(capsys, "--lang", "en", *argv)
    assert code == 2 and err.startswith("usage: desk-app") and english in err, err


def test_unknown_argparse_message_passes_unchanged() -> None:
    assert translate_argparse("something new in Python 3.20", "nl") == "something new in Python 3.20"
    assert translate_argparse("invalid choice: 'x' (choose from 'a')", "en") == "invalid choice: 'x' (choose from 'a')"
    assert translate_argparse("argument --x: brand new", "nl") == "argument --x: brand new"


def test_early_language() -> None:
    assert early_language([], {}) == "nl"
    assert early_language([], {"STEMBALIE_LANG": "en"}) == "en"
    assert early_language(["--lang", "en", "members"], {}) == "en"
    assert early_language(["--lang=en"], {"STEMBALIE_LANG": "nl"}) == "en"
    assert early_language(["--lang", "fr"], {}) == "nl"  # argparse refuses it, in Dutch
    assert early_language(["decode", "--", "--lang", "en"], {}) == "nl"  # a file name, not an option


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out == f"desk-app {metadata.version('stembalie')}\n"
    assert re.fullmatch(r"desk-app \d+\.\d+\S*\n", out)


def test_command_names_are_unique_and_aliases_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commands = registry.commands()
    names = [n for c in commands for n in (c.name, *c.aliases)]
    assert len(names) == len(set(names))
    db = str(tmp_path / "alv.sqlite")
    assert run(capsys, "--db", db, "init", "--date", "2024-05-24")[0] == 0
    code, out, _ = run(capsys, "--db", db, "supervisor-pin", "4321")  # the old name keeps working in scripts
    assert code == 0 and "Coördinator-pincode ingesteld" in out
    code, out, _ = run(capsys, "--lang", "en", "--db", db, "coordinator-pin", "1234", "--current", "4321")
    assert code == 0 and "Coordinator PIN set" in out


def test_a_run_builds_the_arguments_of_its_own_command_only() -> None:
    """``desk-app --help`` lists the commands; a run builds the grammar of the command it runs (speed)."""
    import dataclasses

    from desk_app.cli.base import Command
    from desk_app.cli.parser import Parser, build_parser
    from desk_app.domain.text import Translator

    built: list[str] = []

    def recording(command: Command) -> Command:
        def arguments(p: Parser) -> None:
            built.append(command.name)
            command.arguments(p)

        return dataclasses.replace(command, arguments=arguments)

    commands = tuple(recording(c) for c in registry.commands())
    tr = Translator("nl")
    build_parser(tr, commands, ["--db", "x.sqlite", "vote", "record", "voor", "--code", "GM0363"])
    assert built == ["vote"]
    built.clear()
    build_parser(tr, commands, ["vote", "open", "4"])  # a word that is also a command: built too, harmless
    assert built == ["open", "vote"]
    built.clear()
    build_parser(tr, commands, ["--lang", "en", "--help"])
    assert built == []
    built.clear()
    args = build_parser(tr, commands, ["supervisor-pin", "4321"]).parse_args(["supervisor-pin", "4321"])
    assert built == ["coordinator-pin"] and args.pin == "4321"  # an alias names its command
    built.clear()
    build_parser(tr, commands)
    assert built == [c.name for c in commands]
