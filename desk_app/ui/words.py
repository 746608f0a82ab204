"""Counted words: "1 gemeente", "2 gemeenten"; "1 stem", "75 stemmen".

A count on screen takes the singular for one and the plural otherwise, in Dutch and in English.
Each word is a pair of literal texts (lupdate files them under the context ``Words``), chosen by
the number. Qt's own plural forms (``%n``) would need a Dutch translation file besides the Dutch
source texts, so this is simpler and says the same.

The number is written as people write it in the language on screen (:func:`number`): "13.111
stemmen", "13,111 votes". Its thousands separator is a text of this module too, translated with
the words around it, so the number and its word are always in the same language. ``shown`` is
for a caller that has the number written already (the chair's screen gets its figures as text).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

__all__ = [
    "Words",
    "number",
    "counted",
    "municipalities",
    "votes",
    "representatives",
    "agenda_items",
    "votings",
    "errors",
    "choices",
    "cards",
    "files",
]


class Words:
    """The translation context of this module's texts (lupdate and Qt look them up under it)."""


def number(n: int) -> str:
    """``n`` as written in the language on screen: 13.111 in Dutch, 13,111 in English."""
    separator = QCoreApplication.translate("Words", ".", "thousands separator: 13.111 stemmen (English: ',')")
    return f"{n:,}".replace(",", separator)


def counted(n: int, one: str, many: str, shown: str | None = None) -> str:
    """``one`` for exactly one, ``many`` otherwise; ``{n}`` in either becomes ``shown`` or ``n``
    written as :func:`number` writes it."""
    return (one if n == 1 else many).format(n=number(n) if shown is None else shown)


def municipalities(n: int, shown: str | None = None) -> str:
    return counted(
        n,
        QCoreApplication.translate("Words", "{n} gemeente"),
        QCoreApplication.translate("Words", "{n} gemeenten"),
        shown,
    )


def votes(n: int, shown: str | None = None) -> str:
    return counted(
        n, QCoreApplication.translate("Words", "{n} stem"), QCoreApplication.translate("Words", "{n} stemmen"), shown
    )


def representatives(n: int) -> str:
    return counted(
        n,
        QCoreApplication.translate("Words", "{n} vertegenwoordiger"),
        QCoreApplication.translate("Words", "{n} vertegenwoordigers"),
    )


def agenda_items(n: int) -> str:
    return counted(
        n,
        QCoreApplication.translate("Words", "{n} agendapunt"),
        QCoreApplication.translate("Words", "{n} agendapunten"),
    )


def votings(n: int) -> str:
    return counted(
        n,
        QCoreApplication.translate("Words", "{n} stemming"),
        QCoreApplication.translate("Words", "{n} stemmingen"),
    )


def errors(n: int) -> str:
    return counted(
        n, QCoreApplication.translate("Words", "{n} fout"), QCoreApplication.translate("Words", "{n} fouten")
    )


def choices(n: int) -> str:
    return counted(
        n, QCoreApplication.translate("Words", "{n} keuze"), QCoreApplication.translate("Words", "{n} keuzes")
    )


def cards(n: int) -> str:
    return counted(
        n,
        QCoreApplication.translate("Words", "{n} stemkaart"),
        QCoreApplication.translate("Words", "{n} stemkaarten"),
    )


def files(n: int) -> str:
    return counted(
        n, QCoreApplication.translate("Words", "{n} bestand"), QCoreApplication.translate("Words", "{n} bestanden")
    )
