"""Is this the same person? Names as desk staff type them, compared the way a careful clerk would.

One person may hold one live stempas (statutes art. 11.1: a municipality designates *its own*
representative). A clerk types "D. Kok" for one municipality and "Daan Kok" or "daan  kök" for
another; the desk must see that these may be one person, without calling every Kok the same.

Whole names are compared (issue 12.2: the comparison ignores case, accents, spacing and
initials). Two names match only when both hold:

* **the same whole surname, tussenvoegsels included**: case, accents, spacing, dots, apostrophes
  and hyphens ignored, so "Jan van Dam", "J. Van Dam", "Dam, J. van" and "Jan Vandam" share it,
  while "de Vries", "Vries" and "Jansen-de Vries" are three surnames. A particle written short
  in lower case ("v.d.", "v/d", "vd", "v.") stands for the ones it abbreviates ("van de", "van
  der", "van den"; "van", "von", "vom");
* **compatible given names**: compared in order, an initial agrees with any name that starts
  with it, two written-out names must be equal, and when one name has more given names than the
  other, the extra ones are not held against it ("D. Kok" and "Daan Jan Kok" may be one person;
  "Daan Kok" and "Dirk Kok" are two). A name **without given names** (a bare surname, "Vries",
  "Kok") matches only the same bare surname: typed alone it says too little to name anyone, so
  it never matches every designee who carries that surname.

Titles (*mr.*, *dr.*, *drs.*, *ir.*, *prof.*, *de heer*, *mevrouw* …) in front and degrees (*MSc*,
*MA*, *MBA* …) at the end are left out; "Kok, Daan" and "Kok, D. van" are read surname first (the
particles after the given names belong to the surname). A reversed name without a comma ("Kok
Daan") is not recognised: that errs on the side of not refusing someone, and the coördinator's
check remains.

Pure Python, no I/O: :func:`person_name` reads a name, :func:`same_person` compares two, and
:func:`closeness` orders the matches of one name (the desk names the closest few).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["PersonName", "closeness", "person_name", "same_person"]

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

#: Particles written short, and what each may stand for (compared without spaces).
_ABBREVIATED: dict[str, str] = {"vd": "van(?:de|der|den)", "v'": "v(?:an|on|om)"}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_SEPARATORS = re.compile(r"[\s.]+")
_HYPHEN = re.compile(r"\s*[-\u2010\u2011\u2012\u2013]\s*")
# "v.d.", "v/d", "v. d." and "v." in lower case after a space: short particles, not initials
# (those are written in capitals, or run together: "j.v.d. berg"). Matched before the name is
# folded to lower case; the lone "v." becomes the word "v'" so that it cannot be taken for an initial.
_SHORT_VD = re.compile(r"(?<!\S)v\s*[./]\s*d\b\.?")
_SHORT_V = re.compile(r"(?<!\S)v\.")
_NOT_IN_KEY = re.compile(r"[\s'-]+")


@dataclass(frozen=True)
class PersonName:
    """A name as the comparison sees it: the whole surname and the given names or initials."""

    surname: str  # "de vries", "jansen-de vries", "in 't veld"; "" when the name holds no letters or digits
    given: tuple[str, ...] = ()  # ("daan",), ("d", "j"), () for a surname alone

    @property
    def initials(self) -> str:
        return "".join(g[0] for g in self.given)

    @property
    def surname_key(self) -> str:
        """The surname without spaces, hyphens and apostrophes: "jansendevries", "intveld"."""
        return _NOT_IN_KEY.sub("", self.surname)


def _fold(text: str) -> str:
    """Lower case, accents removed (ö -> o, ß -> ss, ĳ -> ij), apostrophes and hyphens made one kind;
    short particles ("v.d.", "v.") made words of their own first, while their case still shows."""
    text = _SHORT_V.sub(" v' ", _SHORT_VD.sub(" vd ", text.translate(_APOSTROPHES)))
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _HYPHEN.sub("-", plain)


def _clean(word: str) -> str:
    """A word without stray punctuation; the apostrophe of 't, 's (particles) and v' (see _fold) is kept."""
    kept = "".join(c for c in word if c.isalnum() or c in "-'")
    if kept in {"'t", "'s", "v'"}:
        return kept
    return kept.replace("'", "").strip("-")


def _words(text: str) -> list[str]:
    return [w for w in (_clean(raw) for raw in _SEPARATORS.split(text)) if w]


def _particle(word: str) -> bool:
    return word in PARTICLES or word in _ABBREVIATED


def _particle_joined(word: str) -> bool:
    """'jansen-de': the part after the last hyphen is a particle, so the next word belongs to it."""
    return "-" in word and word.rsplit("-", 1)[1] in PARTICLES


def _given(words: list[str]) -> tuple[str, ...]:
    return tuple(p for w in words for p in w.split("-") if p and not _particle(p))


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
            # "Dam, J. van": the particles after the given names go in front of the surname.
            cut = len(given_words)
            while cut > 0 and _particle(given_words[cut - 1]):
                cut -= 1
            return PersonName(" ".join(given_words[cut:] + surname_words), _given(given_words[:cut]))
        folded = given_part  # ", Daan Kok": nothing before the comma
    words = _strip_titles(_words(folded))
    if not words:
        return PersonName("")
    start = len(words) - 1  # the surname: the last word, with the particles and joined words before it
    while start > 0 and (_particle(words[start - 1]) or _particle_joined(words[start - 1])):
        start -= 1
    return PersonName(" ".join(words[start:]), _given(words[:start]))


def _surname_pattern(name: PersonName) -> re.Pattern[str] | None:
    """The surnames a name with short particles stands for ("v.d. Berg": van de/der/den berg), or
    None when it has none."""
    words = name.surname.split(" ")
    if not any(w in _ABBREVIATED for w in words[:-1]):
        return None
    parts = [_ABBREVIATED[w] if w in _ABBREVIATED and i < len(words) - 1 else re.escape(w) for i, w in enumerate(words)]
    return re.compile(_NOT_IN_KEY.sub("", "".join(parts)))


def _same_surname(x: PersonName, y: PersonName) -> bool:
    if x.surname_key == y.surname_key:
        return True
    px, py = _surname_pattern(x), _surname_pattern(y)
    if (px is None) == (py is None):  # both written out (or both short): the keys decide
        return False
    if px is not None:
        return px.fullmatch(y.surname_key) is not None
    assert py is not None
    return py.fullmatch(x.surname_key) is not None


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:  # a bare surname is the same only as the same bare surname
        return not a and not b
    for x, y in zip(a, b, strict=False):  # a given name more on one side is not held against it
        if len(x) == 1 or len(y) == 1:
            if x[0] != y[0]:
                return False
        elif x != y:
            return False
    return True


def _read(name: str | PersonName) -> PersonName:
    return name if isinstance(name, PersonName) else person_name(name)


def same_person(a: str | PersonName, b: str | PersonName) -> bool:
    """Could names ``a`` and ``b`` be the same person? The same whole surname and compatible given names."""
    x, y = _read(a), _read(b)
    return bool(x.surname) and _same_surname(x, y) and _given_compatible(x.given, y.given)


def closeness(a: str | PersonName, b: str | PersonName) -> int:
    """How closely ``b`` matches ``a`` (higher is closer; 0: not the same person). Orders the matches
    of one typed name: the same name as written first, then the most given names written out and
    equal, then those matched on initials only."""
    x, y = _read(a), _read(b)
    if not same_person(x, y):
        return 0
    score = 1 + 100 * (x == y) + 10 * (x.surname == y.surname) + 2 * (len(x.given) == len(y.given))
    for p, q in zip(x.given, y.given, strict=False):
        score += 4 if p == q and len(p) > 1 else 2 if p == q else 1
    return score
