"""One agenda item as it is being typed in the editor (mutable, Qt-free).

A :class:`Draft` holds what the form shows, as text where people type text (indieners, the
majority, ballot options); :meth:`Draft.item` turns it into an
:class:`~desk_app.domain.agenda.AgendaItem` and says what it could not read. Whether the items
together make a sound agenda is for :func:`~desk_app.domain.agenda.build_agenda`, on save.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from desk_app.domain.agenda import AgendaItem, ItemType, Kind, Part, Preadvies
from desk_app.domain.agenda_sheet import parse_rule_nl, rule_text
from desk_app.domain.register import CODE_RE, normalise_code
from desk_app.domain.table import fold
from desk_app.domain.tally import parse_rule
from desk_app.domain.text import DeskError, Text

_INDIENERS_SPLIT_RE = re.compile(r"[,;/\n]+|\s+(?=GM\d|gm\d|\d)")


def indiener_code(token: str, names: Mapping[str, str]) -> str:
    """A code as typed ("GM0153", "gm153", "153"), or the code of a unique name ("Enschede");
    anything else as typed, for the check to refuse with the reason."""
    token = token.strip()
    code = normalise_code(token)
    if CODE_RE.match(code):
        return code
    matches = [c for c, name in names.items() if fold(name) == fold(token)]
    return matches[0] if len(matches) == 1 else token


T_MAJORITY = Text(
    "agendapunt {key}: meerderheid '{value}' is onbekend (kies gewoon of twee derde, of schrijf bijv. "
    "'ten minste 3/4')",
    "item {key}: majority '{value}' is unknown (choose gewoon or twee derde, or write e.g. 'ten minste 3/4')",
)


@dataclass
class Draft:
    key: str = ""
    type: ItemType = ItemType.PROCEDURAL
    title: str = ""
    text: str = ""
    target: str = ""
    indieners: str = ""
    preadvies: Preadvies | None = None
    majority: str = ""
    kind: Kind = Kind.MATTER
    secret: bool | None = None
    options: str = ""  # one per line
    parts: list[Part] = field(default_factory=list)
    reach: int = 0
    note: str = ""
    # Kept as loaded, not edited here: the demo's bookkeeping of what is real.
    placeholder: frozenset[str] = frozenset()
    fictional: bool = False
    published_outcome: str | None = None

    @classmethod
    def of(cls, item: AgendaItem) -> Draft:
        return cls(
            key=item.key,
            type=item.type,
            title=item.title,
            text=item.text,
            target=item.target or "",
            indieners=", ".join(item.indieners),
            preadvies=item.preadvies,
            majority=rule_text(item.rule),
            kind=item.kind,
            secret=item.secret,
            options="\n".join(item.options),
            parts=list(item.parts),
            reach=item.reach,
            note=item.note,
            placeholder=item.placeholder,
            fictional=item.fictional,
            published_outcome=item.published_outcome,
        )

    def item(self, names: Mapping[str, str] | None = None) -> tuple[AgendaItem | None, list[Text]]:
        """The item, or None with what could not be read (the rest is checked on save).

        ``names``: the register (code -> name); an indiener typed as a name ("Enschede") is
        read as its code when exactly one municipality has that name.
        """
        rule = parse_rule_nl(self.majority)
        if rule is None:
            try:
                rule = parse_rule(self.majority)
            except DeskError:
                label = self.key.strip() or "?"
                return None, [Text(*(T_MAJORITY.render(lang, key=label, value=self.majority) for lang in ("nl", "en")))]
        indieners = tuple(indiener_code(t, names or {}) for t in _INDIENERS_SPLIT_RE.split(self.indieners) if t.strip())
        options = tuple(o.strip() for o in self.options.splitlines() if o.strip())
        parts = tuple(Part(p.key.strip(), p.title.strip(), p.text) for p in self.parts)
        return AgendaItem(
            key=self.key.strip(),
            type=self.type,
            title=self.title.strip(),
            text=self.text,
            target=self.target.strip() or None,
            indieners=indieners,
            preadvies=self.preadvies,
            rule=rule,
            kind=self.kind,
            secret=self.secret if self.kind is Kind.PERSONS else None,
            parts=parts,
            options=options,
            reach=self.reach,
            placeholder=self.placeholder,
            fictional=self.fictional,
            published_outcome=self.published_outcome,
            note=self.note,
        ), []
