"""User-facing texts outside Qt: Dutch first, English available.

Qt widgets translate with ``tr()`` and the ``.ts`` files; the layers below Qt (domain, storage,
services, CLI) carry their messages as :class:`Text` pairs so the same refusal reads in Dutch at
the desk and in English when the user chose English. Which language is chosen travels as a
:class:`Translator` object (the session has one); there is no process-wide language. A text
rendered without one is Dutch, the source language (logs, ``str(err)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Text:
    """One message in both languages, with ``str.format`` placeholders."""

    nl: str
    en: str

    def render(self, lang: str | None = None, **params: Any) -> str:
        """The text in ``lang`` (None: Dutch); a :class:`Text` or :class:`DeskError` among the
        values is rendered in the same language."""
        template = self.en if lang == "en" else self.nl
        if not params:
            return template
        return template.format(**{k: _in(lang, v) for k, v in params.items()})


def counted(n: int, one: Text, many: Text) -> Text:
    """``one`` for exactly one, ``many`` otherwise, with ``{n}`` filled in: "1 fout", "4 fouten".

    The Qt-free twin of :func:`desk_app.ui.words.counted`, for texts below Qt: a count people
    read is never written "fout(en)". The result is a :class:`Text`, so as a message's value it
    reads in the reader's language."""
    text = one if n == 1 else many
    return Text(text.nl.format(n=n), text.en.format(n=n))


T_LOG_ENTRY = Text("{n} regel", "{n} entry")
T_LOG_ENTRIES = Text("{n} regels", "{n} entries")


def log_entries(n: int) -> Text:
    """A number of the logboek's entries as people read them: "1 regel", "5 regels"."""
    return counted(n, T_LOG_ENTRY, T_LOG_ENTRIES)


def _in(lang: str | None, value: Any) -> Any:
    if isinstance(value, Text):
        return value.render(lang)
    if isinstance(value, DeskError):
        return value.message(lang)
    return value


@dataclass
class DeskError(Exception):
    """A refusal or problem the user must read: a stable code, a bilingual text, its values.

    ``code`` is for programs and tests (e.g. ``"card.revoked"``); ``str(err)`` is for people.
    """

    code: str
    text: Text
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.code)

    def message(self, lang: str | None = None) -> str:
        return self.text.render(lang, **self.params)

    def __str__(self) -> str:
        return self.message()


@dataclass(frozen=True)
class Translator:
    """The language people read, handed to whatever renders a :class:`Text` or a refusal.

    The session makes one from the chosen language; the CLI, the services' reports and the
    windows render through it (Qt widgets' own strings go through ``tr()`` and the ``.ts``
    files, installed for the same language).
    """

    lang: str = "nl"

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"unknown language {self.lang!r}; choose one of {', '.join(LANGUAGES)}")

    def __call__(self, text: Text, /, **params: Any) -> str:
        return text.render(self.lang, **params)

    def error(self, err: DeskError) -> str:
        return err.message(self.lang)
