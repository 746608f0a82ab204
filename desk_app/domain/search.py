"""Forgiving search over municipality names and codes, as desk staff type in a hurry.

"Súdwest" and "sudwest" match Súdwest-Fryslân, "0363" matches GM0363, and the everyday names
of the two municipalities whose official CBS names differ ("Den Haag", "Den Bosch") find
's-Gravenhage and 's-Hertogenbosch.
"""

from __future__ import annotations

import re
import unicodedata

# Everyday name -> official CBS name, for the cases where they differ.
EVERYDAY_NAMES: dict[str, str] = {
    "den haag": "s gravenhage",
    "the hague": "s gravenhage",
    "den bosch": "s hertogenbosch",
}


def fold(text: str) -> str:
    """Lower case, without accents, apostrophes or punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def expand_query(query: str) -> list[str]:
    """The folded query plus the official names it stands for."""
    q = fold(query)
    out = [q]
    for everyday, official in EVERYDAY_NAMES.items():
        if (everyday.startswith(q) and len(q) >= 3) or q.startswith(everyday):
            out.append(official)
    return out


def matches(query: str, haystack: str) -> bool:
    """True when every word of the query occurs in the haystack (or its everyday name does)."""
    if not query.strip():
        return True
    hay = fold(haystack)
    return any(all(word in hay for word in q.split()) for q in expand_query(query))


def score(query: str, name: str, code: str) -> int:
    """Rank look-up results: exact code, then name prefix, then any word match. 0 = no match."""
    q = fold(query)
    if not q:
        return 0
    digits = re.sub(r"\D", "", query)
    if digits and len(digits) == 4 and code.endswith(digits):
        return 100
    if fold(code) == q:
        return 100
    folded = fold(name)
    for candidate in expand_query(query):
        if folded == candidate:
            return 90
        if folded.startswith(candidate):
            return 80
    return 50 if matches(query, f"{name} {code}") else 0
