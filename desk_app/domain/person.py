"""Is this the same person? Names as desk staff type them, compared the way a careful clerk would.

One person may hold one live stempas (statutes art. 11.1: a municipality designates *its own*
representative). A clerk types "D. Kok" for one municipality and "Daan Kok" or "daan  kök" for
another; the desk must see that these may be one person, without calling every Kok the same.

The rule is deliberately conservative — it matches only when both hold:

* **the same surname**: case, accents, spacing, dots and the Dutch particles (*van*, *de*,
  *ter*, *'t* …) ignored, so "Jan van Dam" and "J. Van Dam" share "dam", and a double name
  joined by a hyphen ("Jansen-de Vries") stays one surname, different from "de Vries";
* **compatible given names**: compared in order, an initial agrees with any name that starts
  with it, two written-out names must be equal, and a missing name agrees with anything ("Kok"
  alone could be anyone called Kok, so it is held to be the same as "Daan Kok"; "Daan Kok" and
  "Dirk Kok" are two people, "D. Kok" could be either).

Titles (*mr.*, *dr.*, *drs.*, *ir.*, *prof.*, *de heer*, *mevrouw* …) in front and degrees (*MSc*,
*MA*, *MBA* …) at the end are left out; "Kok, Daan" and "Kok, D. van" are read surname first.
A reversed name without a comma ("Kok Daan") is not recognised: that errs on the side of not
refusing someone, and the coördinator's check remains.

Pure Python, no I/O: :func:`person_name` reads a name, :func:`same_person` compares two.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["PersonName", "person_name", "same_person"]

#: Dutch (and a few neighbouring) surname particles, lower case without accents.
PARTICLES: frozenset[str] = frozenset(
    {
        "van", "de", "der", "den", "het", "'t", "'s", "ter", "ten", "te", "in", "op", "aan", "bij", "uit",
        "onder", "voor", "over", "vd", "von", "vom", "zu", "zum", "la", "le", "les", "du", "des", "di",
        "da", "del", "della", "dos", "das", "el", "al",
    }
)  # fmt: skip
#: Forms of address and titles written before a name.
PREFIX_TITLES: frozenset[str] = frozenset(
    {"mr", "dr", "drs", "ir", "ing", "ingr", "prof", "dhr", "hr", "heer", "mevr", "mw", "mevrouw", "ds", "bc", "mgr"}
)
#: Degrees written after a name.
SUFFIX_TITLES: frozenset[str] = frozenset({"msc", "ma", "ba", "bsc", "mba", "phd", "llm", "llb", "mpa", "emba"})

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_SEPARATORS = re.compile(r"[\s.]+")
_HYPHEN = re.compile(r"\s*[-\u2010\u2011\u2012\u2013]\s*")


@dataclass(frozen=True)
class PersonName:
    """A name as the comparison sees it: the surname's core and the given names or initials."""

    surname: str  # "vries", "jansen-vries"; "" when the name holds no letters or digits
    given: tuple[str, ...] = ()  # ("daan",), ("d", "j"), () for a surname alone

    @property
    def initials(self) -> str:
        return "".join(g[0] for g in self.given)


def _fold(text: str) -> str:
    """Lower case, accents removed (ö -> o, ß -> ss, ĳ -> ij), apostrophes and hyphens made one kind."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _HYPHEN.sub("-", plain)


def _clean(word: str) -> str:
    """A word without stray punctuation; a leading apostrophe is kept ('t, 's are particles)."""
    kept = "".join(c for c in word if c.isalnum() or c in "-'")
    if kept.startswith("'") and kept[1:] in {"t", "s"}:
        return kept
    return kept.replace("'", "").strip("-")


def _words(text: str) -> list[str]:
    return [w for w in (_clean(raw) for raw in _SEPARATORS.split(text)) if w]


def _particle_joined(word: str) -> bool:
    """'jansen-de': the part after the last hyphen is a particle, so the next word belongs to it."""
    return "-" in word and word.rsplit("-", 1)[1] in PARTICLES


def _surname_key(words: list[str]) -> str:
    parts = [p for w in words for p in w.split("-") if p and p not in PARTICLES]
    if not parts:  # a name of particles only ("De"): keep what there is
        parts = [p for w in words for p in w.split("-") if p]
    return "-".join(parts)


def _given(words: list[str]) -> tuple[str, ...]:
    return tuple(p for w in words for p in w.split("-") if p and p not in PARTICLES)


def _strip_titles(words: list[str]) -> list[str]:
    start = 0
    while start < len(words) - 1 and (
        words[start] in PREFIX_TITLES or (words[start] == "de" and words[start + 1] in {"heer", "hr"})
    ):
        start += 1
    end = len(words)
    while end - 1 > start and words[end - 1] in SUFFIX_TITLES:
        end -= 1
    return words[start:end]


@functools.lru_cache(maxsize=4096)
def person_name(text: str) -> PersonName:
    """Read a typed name ("D.J. de Vries", "Kok, Daan", "mr. Anne-Marie Jansen-de Vries MSc").

    Cached: each check-in compares one name with every live pass and designation (hundreds), and
    those names stay the same all day."""
    folded = _fold(text)
    if "," in folded:
        surname_part, given_part = folded.split(",", 1)
        surname_words = _strip_titles(_words(surname_part))
        given_words = [w for w in _words(given_part) if w not in PREFIX_TITLES and w not in SUFFIX_TITLES]
        if surname_words:
            return PersonName(_surname_key(surname_words), _given(given_words))
        folded = given_part  # ", Daan Kok": nothing before the comma
    words = _strip_titles(_words(folded))
    if not words:
        return PersonName("")
    start = len(words) - 1  # the surname: the last word, with the particles and joined words before it
    while start > 0 and (words[start - 1] in PARTICLES or _particle_joined(words[start - 1])):
        start -= 1
    return PersonName(_surname_key(words[start:]), _given(words[:start]))


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    for x, y in zip(a, b, strict=False):  # a missing given name agrees with anything
        if len(x) == 1 or len(y) == 1:
            if x[0] != y[0]:
                return False
        elif x != y:
            return False
    return True


def same_person(a: str | PersonName, b: str | PersonName) -> bool:
    """Could names ``a`` and ``b`` be the same person? Same surname and compatible given names."""
    x = a if isinstance(a, PersonName) else person_name(a)
    y = b if isinstance(b, PersonName) else person_name(b)
    return bool(x.surname) and x.surname == y.surname and _given_compatible(x.given, y.given)
