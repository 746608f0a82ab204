"""The proces-verbaal (official record) as an A4 PDF, in Dutch.

Contents: the meeting and its settings, attendance, every vote with its computed and declared
result (a vote closed but never declared is named, and so are a vote opened again on a decided
item and a vote opened against the voting order), the coördinator's actions, and the head hash
of the logboek (the audit chain), with room for the chair's and secretary's signatures, kept on
one page; the attendance list follows as an appendix.

Desk staff appear by desk, never by name: the coördinator's actions list the desk, not who was
logged in there. An undone check-in is no attendance (see :mod:`desk_app.export.attendance`); the
undo itself is listed with the coördinator's actions.

The text is laid out by a ``QTextDocument`` from HTML built by :func:`proces_verbaal_html` (a
pure function, tested without Qt) and painted page by page onto a ``QPdfWriter`` with a footer; a
page of the layout that holds no line of text is left out (see :func:`pages_with_text`).

Same data, same bytes. ``QPdfWriter`` writes the wall-clock time into the document information
(``/CreationDate``, ``/ModDate``) and into its XMP packet, and has no API to set it. So we:

* give it our own XMP packet (``setDocumentXmpMetadata``) dated with the data's own time (the
  last audit entry), and a document id derived from the data (``setDocumentId``);
* replace the two dates in the information dictionary after writing with that same time, in
  exactly as many bytes as Qt wrote, so every offset in the cross-reference table stays right.
  If Qt ever writes them differently the patch refuses (a test catches it) rather than
  producing a file with broken offsets.

The bytes are identical for the same data on the same installation (Qt version and fonts);
another machine with other fonts lays out other glyphs. Painting needs a ``QGuiApplication``.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Collection, Mapping, Sequence

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QHashSeed,
    QIODevice,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
    QUuid,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from desk_app.domain.checkin import refusal_label
from desk_app.domain.clock import dutch_date, local_datetime, local_time, parse_utc
from desk_app.domain.tally import (
    Choice,
    Option,
    choice_label,
    format_votes,
)
from desk_app.domain.vote import SUBJECT_LABELS, Status
from desk_app.export.attendance import AttendanceRow
from desk_app.export.model import Correction, ExportData
from desk_app.export.results import VoteSummary
from desk_app.export.writer import MARK, banner

RESOLUTION = 300  # dots per inch of the layout; the PDF itself is vector
MARGINS_MM = QMarginsF(20, 18, 20, 16)
FOOTER_MM = 8.0
FONT_FAMILIES = ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"]
BASE_PT = 9.5

CORRECTION_LABELS = {
    "checkin.override": "Toegelaten ondanks eerdere registratie",
    "checkin.undo": "Aanmelding ongedaan gemaakt",
    "pass.reprint": "Stempas opnieuw afgedrukt",
    "pass.replace_lost": "Verloren stempas vervangen",
    "supervisor.pin": "Pincode coördinator",
    "checkin": "Toegelaten ondanks stempas of vertegenwoordiging elders",
    "pass.substitute": "Vervanger ondanks stempas of vertegenwoordiging elders",
}
OUTCOME_WORDS = {
    "aangenomen": "aangenomen",
    "verworpen": "verworpen",
    "staken": "verworpen (de stemmen staken)",
    "geen_stemmen": "niet aangenomen (geen stemmen uitgebracht)",
    "quorum_niet_gehaald": "niet aangenomen (quorum niet gehaald)",
    "gekozen": "gekozen",
    "geen_meerderheid": "geen meerderheid",
}
BASE_WORDS = {
    "abstentions_excluded": "uitgebrachte stemmen; onthoudingen tellen niet mee",
    "abstentions_counted": "uitgebrachte stemmen; onthoudingen tellen mee",
}


def _px(mm: float) -> int:
    """Millimetres as rich-text pixels, which Qt takes as 1/96 inch on any paint device."""
    return max(1, round(mm * 96 / 25.4))


# Qt's rich text knows only simple selectors, so tables get their look from attributes
# (border, cellpadding, bgcolor, align, width); lengths are in CSS pixels (1/96 inch).
_CSS = f"""
body {{ color: #000000; }}
h1 {{ font-size: 20pt; font-weight: 600; margin-bottom: {_px(1)}px; }}
h2 {{ font-size: 12.5pt; font-weight: 600; margin-top: {_px(6)}px; margin-bottom: {_px(2)}px; color: #1f3a5f; }}
h3 {{ font-size: 10.5pt; font-weight: 600; margin-top: {_px(4.5)}px; margin-bottom: {_px(1.2)}px; }}
p {{ margin-top: 0px; margin-bottom: {_px(1.2)}px; }}
.sub {{ font-size: 11.5pt; margin-bottom: {_px(0.4)}px; }}
.muted {{ color: #555555; }}
.small {{ font-size: 8pt; }}
.mono {{ font-family: 'DejaVu Sans Mono', 'Courier New', monospace; font-size: 8.5pt; }}
.warn {{ color: #9a1b1b; font-weight: 600; }}
"""
_GRID_BORDER = "#8895a7"
_HEAD_BG = "#e8edf3"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _kv(rows: Sequence[tuple[str, str]], key_width: int = 30) -> str:
    """Label/value lines; values are already escaped HTML."""
    body = "".join(f"<tr><td width='{key_width}%' class='muted'>{_e(k)}</td><td>{v}</td></tr>" for k, v in rows)
    return (
        f"<table width='100%' cellspacing='0' cellpadding='{_px(0.35)}' "
        f"style='margin-bottom: {_px(1.5)}px'>{body}</table>"
    )


def _grid(
    header: Sequence[tuple[str, bool]],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    size_pt: float | None = None,
    pad_mm: float = 1.2,
    nowrap: Collection[int] = (),
) -> str:
    """A bordered table; ``header`` is (title, numeric); cells are already escaped HTML.

    The columns in ``nowrap`` (e.g. a time) never wrap: Qt widens such a column to its longest
    cell, taking the room from the others, where its percentage would break '20:52:01' after
    any character once the cell is too narrow for the whole word.
    """

    def align(numeric: bool) -> str:
        return "right" if numeric else "left"

    def cell(i: int, c: str) -> str:
        keep = " style='white-space: nowrap'" if i in nowrap else ""
        return f"<td align='{align(header[i][1])}'{keep}>{c}</td>"

    head = "".join(
        f"<th align='{align(num)}' width='{widths[i]}%' bgcolor='{_HEAD_BG}'>{_e(t)}</th>"
        for i, (t, num) in enumerate(header)
    )
    body = "".join("<tr>" + "".join(cell(i, c) for i, c in enumerate(r)) + "</tr>" for r in rows)
    font = f" font-size: {size_pt}pt;" if size_pt else ""
    return (
        f"<table border='1' cellspacing='0' cellpadding='{_px(pad_mm)}' width='100%' "
        f"style='border-collapse: collapse; border-color: {_GRID_BORDER}; border-style: solid;"
        f" margin-top: {_px(1)}px; margin-bottom: {_px(1.5)}px;{font}'>"
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


def _n(value: int) -> str:
    return format_votes(value, "nl")


def _choice_name(choice: Choice | Option, labels: dict[Option, str]) -> str:
    if isinstance(choice, Option) and choice in labels:
        return f"{choice_label(choice, 'nl')}: {labels[choice]}"
    return choice_label(choice, "nl")


def _vote_title(s: VoteSummary) -> str:
    v = s.vote
    part = ""
    if v.part:
        part = f", deel {_e(v.part)}" + (f" ({_e(s.export.part_title)})" if s.export.part_title else "")
    return f"Stemming {s.number} — agendapunt {_e(v.item)}{part}: {_e(s.export.title)}"


def opening_notes(data: ExportData) -> dict[str, tuple[bool, list[str]]]:
    """Per vote id: opened "again" on a decided item, and the voting-order doubts the chair set
    aside to open it, as the opening entry recorded them (``VotingService.open``)."""
    out: dict[str, tuple[bool, list[str]]] = {}
    for r in data.audit:
        if r.action not in ("vote.open", "vote.rerun", "vote.acclaim"):
            continue
        confirmed = r.details.get("order_confirmed")
        listed = confirmed if isinstance(confirmed, list) else []
        order = [str(c.get("text", "")) for c in listed if isinstance(c, Mapping)]
        again = r.details.get("again") is True
        if again or order:
            out[r.object] = (again, order)
    return out


def _vote_block(s: VoteSummary, numbers: dict[str, int], notes: Mapping[str, tuple[bool, list[str]]]) -> str:
    v, t = s.vote, s.tally
    labels = dict(s.export.option_labels)
    out = [f"<h3>{_vote_title(s)}</h3>"]
    eligible_votes = sum(x.weight for x in v.eligible.values())
    facts: list[tuple[str, str]] = [
        ("Onderwerp", _e(SUBJECT_LABELS[v.subject].render("nl"))),
    ]
    if t is None:
        facts.append(("Wijze", "bij acclamatie (zonder hoofdelijke stemming)"))
        facts.append(("Aanwezig", f"{len(v.eligible)} gemeenten met {_n(eligible_votes)} stemmen"))
    else:
        facts += [
            ("Vereiste meerderheid", _e(v.rule.label("nl"))),
            ("Basis", _e(BASE_WORDS.get(str(v.base), str(v.base)))),
            (
                "Stemgerechtigd",
                (
                    f"{len(v.eligible)} van {v.register.members} gemeenten, "
                    f"{_n(eligible_votes)} van {_n(v.register.weight)} stemmen"
                ),
            ),
        ]
        if v.secret:
            facts.append(("Geheim", "ja — alleen de totalen zijn vastgelegd"))
        if v.quorum is not None:
            met = "gehaald" if t.quorum_met else "niet gehaald"
            facts.append(("Quorum", f"{_n(v.quorum.votes)} stemmen, {v.quorum.members} gemeenten — {met}"))
    opened = local_time(v.opened_at or None)
    closed = local_time(v.closed_at or None)
    if opened and t is None:
        facts.append(("Tijd", opened))
    elif opened:
        facts.append(("Tijd", f"geopend {opened}" + (f", gesloten {closed}" if closed else "")))
    out.append(_kv(facts))
    if t is not None:
        rows = []
        for o in t.options:
            c = t.count(o)
            pct = t.percent_text(o, "nl") or "—"
            rows.append([_e(_choice_name(o, labels)), _n(c.members), _n(c.weight), _e(pct)])
        nv = t.not_voted
        rows.append(["<i>niet gestemd</i>", _n(nv.members), _n(nv.weight), "—"])
        out.append(
            _grid(
                [("Keuze", False), ("Gemeenten", True), ("Stemmen", True), ("Aandeel", True)],
                rows,
                [46, 18, 18, 18],
            )
        )
    result: list[tuple[str, str]] = []
    if t is not None:
        result.append(("Uitgebracht", f"{_n(t.cast.weight)} stemmen van {t.cast.members} gemeenten"))
        if t.threshold is not None:
            result.append(
                (
                    "Drempel",
                    f"ten minste {_n(t.threshold)} stemmen {_e(choice_label(Choice.VOOR, 'nl'))}"
                    if not t.is_ballot
                    else f"ten minste {_n(t.threshold)} stemmen voor één optie",
                )
            )
    result.append(("Berekende uitslag", f"<b>{_e(s.computed_text('nl'))}</b>"))
    d = v.declaration
    if d is not None:
        declared = OUTCOME_WORDS.get(s.declared_code(), s.declared_code())
        if d.winner is not None:
            declared += f": {_e(_choice_name(d.winner, labels))}"
        # declare_computed() uses the computed sentence as the statement: say it only once.
        said = d.statement.strip()
        statement = f" — “{_e(said)}”" if said and said != s.computed_text("nl") else ""
        result.append(("Vastgestelde uitslag", f"<b>{_e(declared)}</b>{statement}"))
        if v.declaration_differs():
            result.append(
                (
                    "Let op",
                    (
                        "<span class='warn'>de voorzitter heeft anders vastgesteld dan "
                        "berekend; de vastgestelde uitslag beslist (BW 2:13)</span>"
                    ),
                )
            )
    else:
        result.append(("Vastgestelde uitslag", "<span class='warn'>(niet vastgesteld)</span>"))
    if v.supersedes:
        result.append(("Herstemming", f"vervangt stemming {_ref(v.supersedes, numbers)}"))
    again, order = notes.get(v.id, (False, []))
    if again:
        result.append(
            (
                "Opnieuw geopend",
                (
                    "op een punt waarover al was gestemd, uitdrukkelijk bevestigd "
                    f"(stemming {_ref(v.supersedes or '', numbers)} blijft bewaard)"
                ),
            )
        )
    if order:
        result.append(
            (
                "Stemvolgorde",
                "<span class='warn'>toch geopend, bevestigd door de voorzitter: " + _e("; ".join(order)) + "</span>",
            )
        )
    if v.superseded_by:
        result.append(
            (
                "Vervangen",
                (
                    f"<span class='warn'>door herstemming (stemming "
                    f"{_ref(v.superseded_by, numbers)}); deze uitslag geldt niet meer</span>"
                ),
            )
        )
    out.append(_kv(result))
    return "".join(out)


def _undeclared_text(s: VoteSummary, numbers: dict[str, int]) -> str:
    """'stemming 3 (agendapunt 4, vervangen door stemming 4)': a vote closed but never declared."""
    by = f", vervangen door stemming {_ref(s.vote.superseded_by, numbers)}" if s.vote.superseded_by else ""
    return f"stemming {s.number} (agendapunt {_e(s.vote.item)}{by})"


def _ref(vote_id: str, numbers: dict[str, int]) -> str:
    """A vote as people call it ("3"); the id only for a vote missing from the export."""
    return str(numbers[vote_id]) if vote_id in numbers else _e(vote_id)


def _elsewhere(d: object) -> str:
    """'; ook stempas 3 (GM0014)' for a person the coördinator admitted despite a pass elsewhere or
    being another municipality's vertegenwoordiger."""
    found = d.get("same_person") if isinstance(d, dict) else None
    if not found:
        return ""
    parts = [
        f"stempas {x.get('serial')} ({x.get('code')})"
        if x.get("serial") is not None
        else f"vertegenwoordiger van {x.get('code')}"
        for x in found
        if isinstance(x, dict)
    ]
    return "; ook " + ", ".join(parts)


def _correction_text(c: Correction) -> str:
    d = c.details
    if c.action == "supervisor.pin":
        return "gewijzigd met de huidige pincode" if d.get("change") else "ingesteld"
    if c.action == "checkin":
        return f"stempas {d.get('serial')} uitgegeven" + _elsewhere(dict(d))
    if c.action == "pass.substitute":
        return f"stempas {d.get('old')} ingeleverd, stempas {d.get('new')} uitgegeven" + _elsewhere(dict(d))
    if c.action == "checkin.override":
        return f"stempas {d.get('old')} ongeldig, stempas {d.get('new')} uitgegeven" + _elsewhere(dict(d))
    if c.action == "checkin.undo":
        return f"stempas {d.get('serial')} ongeldig"
    if c.action == "pass.replace_lost":
        return f"stempas {d.get('old')} vervangen door {d.get('new')}"
    if c.action == "pass.reprint":
        return f"stempas {c.obj}"
    return ""


def _desk_log(data: ExportData) -> list[str]:
    """Refused scans per reason, wrong PINs and lock-outs: the desk's log beside the audit chain."""
    out: list[str] = []
    total = sum(n for _, n in data.refused_scans)
    if total:
        out.append(
            f"<p>Geweigerde scans aan de balie: {_n(total)} (per reden; vastgelegd met balie, tijd en een "
            "SHA-256 van wat gelezen is, buiten het logboek):</p>"
        )
        out.append(
            _grid(
                [("Reden", False), ("Aantal", True)],
                [[_e(refusal_label(code, "nl")), _n(n)] for code, n in data.refused_scans],
                [70, 30],
                size_pt=8.5,
            )
        )
    else:
        out.append("<p>Aan de balie zijn geen scans geweigerd.</p>")
    if data.wrong_pins or data.pin_lockouts:
        out.append(
            f"<p>Onjuiste pincodes van de coördinator: {_n(data.wrong_pins)}; daardoor een minuut "
            f"geblokkeerd: {_n(data.pin_lockouts)} keer.</p>"
        )
    return out


def proces_verbaal_html(data: ExportData, summaries: Sequence[VoteSummary], rows: Sequence[AttendanceRow]) -> str:
    """The whole proces-verbaal as HTML for ``QTextDocument`` (Dutch, deterministic)."""
    m = data.meeting
    total_members = len(rows)
    total_votes = sum(r.votes for r in rows)
    present = [r for r in rows if r.present_at_end]
    ever = [r for r in rows if r.ever_present]
    never = [r for r in rows if not r.ever_present]
    parts: list[str] = [
        "<h1>Proces-verbaal</h1>",
        *([f"<p class='warn'><b>{_e(mark)}</b></p>"] if (mark := banner(data)) else []),
        f"<p class='sub'><b>{_e(m.name)}</b></p>",
        f"<p class='sub'>{_e(dutch_date(m.date))}, {_e(m.place)}</p>",
        (
            f"<p class='muted'>Vergadernummer {m.meeting_no}. Stand van de gegevens: "
            f"{_e(local_datetime(data.as_of) or '—')} (tijden in Nederlandse tijd).</p>"
        ),
        "<h2>1. Vergadering</h2>",
        _kv(
            [
                ("Geopend", _e(local_datetime(m.opened_at) or "niet geopend")),
                ("Ledenregister", _e(m.register_source or "—")),
                (
                    "Leden",
                    (
                        f"{total_members} gemeenten met samen {_n(total_votes)} stemmen "
                        "(1 stem per volle 1.000 inwoners, min. 1, max. 75)"
                    ),
                ),
                ("Stemmen", "alleen aanwezige vertegenwoordigers" if m.present_only else "ook afwezige leden"),
                ("Basis", _e(BASE_WORDS.get(m.base, m.base))),
                ("Quorum", "geen" if m.quorum_votes is None else f"{_n(m.quorum_votes)} stemmen"),
                ("Stemmingen over personen", "geheim" if m.secret_person_votes else "openbaar"),
            ]
        ),
        "<h2>2. Aanwezigheid</h2>",
        _kv(
            [
                (
                    "Aangemeld",
                    (
                        f"{len(ever)} van {total_members} gemeenten "
                        f"({_n(sum(r.votes for r in ever))} van {_n(total_votes)} stemmen)"
                    ),
                ),
                ("Aanwezig bij het einde", f"{len(present)} gemeenten met {_n(sum(r.votes for r in present))} stemmen"),
                ("Niet aangemeld", f"{len(never)} gemeenten"),
            ]
        ),
        "<p>De aanwezigheid per stemming staat bij elke stemming; de presentielijst is bijlage A.</p>",
        "<h2>3. Stemmingen</h2>",
    ]
    numbers = {s.vote.id: s.number for s in summaries}
    notes = opening_notes(data)
    if summaries:
        parts.extend(_vote_block(s, numbers, notes) for s in summaries)
    else:
        parts.append("<p>Er zijn geen stemmingen gehouden.</p>")
    undeclared = [s for s in summaries if s.vote.status is Status.CLOSED]
    if undeclared:
        parts.append(
            "<p class='warn'>Gesloten maar nooit vastgesteld: "
            + "; ".join(_undeclared_text(s, numbers) for s in undeclared)
            + ".</p>"
        )

    parts.append("<h2>4. Handelingen van de coördinator en correcties</h2>")
    # Desk staff by desk, never by name: who was logged in at a desk is not published.
    corrections = [
        [
            _e(local_time(c.ts)),
            _e(c.desk),
            _e(CORRECTION_LABELS.get(c.action, c.action)),
            _e(c.obj),
            _e(_correction_text(c)),
            _e(str(c.details.get("reason") or "")),
        ]
        for c in data.corrections
    ]
    reruns = [s for s in summaries if s.vote.supersedes]
    differs = [s for s in summaries if s.vote.declaration_differs()]
    if corrections:
        parts.append("<p>Handelingen van de coördinator aan de balie, met pincode en vastgelegde reden:</p>")
        parts.append(
            _grid(
                [
                    ("Tijd", False),
                    ("Balie", False),
                    ("Handeling", False),
                    ("Betreft", False),
                    ("Gevolg", False),
                    ("Reden", False),
                ],
                corrections,
                [10, 13, 21, 10, 20, 26],
                size_pt=8.5,
                nowrap=(0,),  # the time: HH:MM:SS on one line
            )
        )
    else:
        parts.append("<p>Aan de balie heeft de coördinator niets toegelaten, ongedaan gemaakt of gecorrigeerd.</p>")
    parts.extend(_desk_log(data))
    for s in reruns:
        assert s.vote.supersedes is not None
        again = " Opnieuw geopend op een punt waarover al was gestemd." if notes.get(s.vote.id, (False,))[0] else ""
        parts.append(
            f"<p>Herstemming: stemming {s.number} (agendapunt {_e(s.vote.item)}) "
            f"vervangt stemming {_ref(s.vote.supersedes, numbers)}; die is bewaard.{again}</p>"
        )
    for s in summaries:
        order = notes.get(s.vote.id, (False, []))[1]
        if order:
            parts.append(
                f"<p>Stemming {s.number} (agendapunt {_e(s.vote.item)}) is tegen de stemvolgorde in "
                f"geopend, bevestigd door de voorzitter: {_e('; '.join(order))}.</p>"
            )
    for s in differs:
        parts.append(f"<p>Stemming {s.number}: de vastgestelde uitslag wijkt af van de berekende.</p>")
    if not reruns and not differs:
        parts.append(
            "<p>Er zijn geen herstemmingen gehouden en alle vastgestelde uitslagen komen overeen met de berekende.</p>"
        )

    h = data.audit_head
    parts += [
        "<h2>5. Logboek</h2>",
        _kv(
            [
                ("Regels", str(h.entries)),
                (
                    "Keten",
                    "intact: elke regel klopt met zijn hash en met de vorige"
                    if h.ok
                    else f"<span class='warn'>GEBROKEN bij regel {h.first_bad_seq}: {_e(h.reason)}</span>",
                ),
                ("Kophash (SHA-256)", f"<span class='mono'>{_e(h.head)}</span>"),
            ]
        ),
        (
            "<p class='small muted'>De kophash legt het hele logboek vast: wie het meegeleverde "
            "audit.jsonl opnieuw doorrekent, moet op dezelfde hash uitkomen. Elke latere wijziging, "
            "verwijdering of verschuiving van een regel geeft een andere hash.</p>"
        ),
        "<h2>6. Ondertekening</h2>",
        (
            "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
            "<td width='50%'><p>De voorzitter,</p><p>&nbsp;</p><p>&nbsp;</p>"
            "<p>........................................</p></td>"
            "<td width='50%'><p>De secretaris,</p><p>&nbsp;</p><p>&nbsp;</p>"
            "<p>........................................</p></td></tr></table>"
        ),
        "<h2 style='page-break-before: always'>Bijlage A. Presentielijst</h2>",
        (
            "<p>Gemeenten die zich hebben aangemeld, met hun aanwezigheid (aanmelden–vertrek; een open "
            "einde betekent aanwezig tot het einde).</p>"
        ),
    ]
    if ever:
        parts.append(
            _grid(
                [("Code", False), ("Gemeente", False), ("Stemmen", True), ("Aanwezig", False), ("Einde", False)],
                [
                    [
                        _e(r.code),
                        _e(r.name),
                        _n(r.votes),
                        _e(r.periods_text()),
                        "aanwezig" if r.present_at_end else "vertrokken",
                    ]
                    for r in ever
                ],
                [11, 31, 12, 32, 14],
                size_pt=8,
                pad_mm=0.8,  # a list of up to 342 rows: compact
            )
        )
    else:
        parts.append("<p>Niemand heeft zich aangemeld.</p>")
    if never:
        names = ", ".join(_e(r.name) for r in never)
        parts.append(f"<h3>Niet aangemeld ({len(never)} gemeenten)</h3><p class='small'>{names}</p>")
    return f"<html><head><style>{_CSS}</style></head><body>{''.join(parts)}</body></html>"


# --- writing the PDF ---------------------------------------------------------------------------


def _utc_digits(ts: str | None) -> str:
    """The data's moment as PDF date digits in UTC ('20240524120307')."""
    return parse_utc(ts).strftime("%Y%m%d%H%M%S") if ts else "20000101000000"


def _xmp(title: str, iso_utc: str, doc_id: str) -> bytes:
    return (
        "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{html.escape(title)}</rdf:li></rdf:Alt></dc:title>'
        "<dc:language><rdf:Bag><rdf:li>nl-NL</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        f'xmp:CreatorTool="Stembalie" xmp:CreateDate="{iso_utc}" xmp:ModifyDate="{iso_utc}" '
        f'xmp:MetadataDate="{iso_utc}"/>'
        '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
        f'xmpMM:DocumentID="uuid:{doc_id}"/>'
        "</rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    ).encode()


_INFO_DATE = re.compile(rb"/(CreationDate|ModDate) \((D:\d{14}(?:Z|[+-]\d\d'\d\d'))\)")


def fix_info_dates(pdf: bytes, digits: str) -> bytes:
    """Replace Qt's clock time in the information dictionary by ``digits`` (UTC), same length.

    Qt writes ``D:YYYYMMDDHHMMSSZ`` (machine in UTC) or ``D:YYYYMMDDHHMMSS+HH'MM'``; we keep the
    form and write the UTC time, so the byte count and thus the xref offsets do not change.
    """
    found = 0

    def repl(m: re.Match[bytes]) -> bytes:
        nonlocal found
        found += 1
        old = m.group(2)
        new = f"D:{digits}Z" if old.endswith(b"Z") else f"D:{digits}+00'00'"
        new_b = new.encode("ascii")
        assert len(new_b) == len(old)
        return b"/" + m.group(1) + b" (" + new_b + b")"

    fixed = _INFO_DATE.sub(repl, pdf, count=2)
    if found != 2 or len(fixed) != len(pdf):
        raise RuntimeError("unexpected PDF information dictionary: cannot make the PDF deterministic")
    return fixed


KEEP_MM = 35.0  # a heading never ends a page with less than this of its section below it


def keep_sections_together(doc: QTextDocument, page_h: float, min_after: float) -> int:
    """Move a section (h2/h3 up to the next such heading) to a new page when it would straddle one.

    Qt's rich text has no ``page-break-inside: avoid``; this does its work after layout: a
    section that fits on one page starts on a new page instead of being split, and a longer
    one at least keeps its heading with ``min_after`` of what follows. Returns the breaks set.

    Every section is measured on a layout that is up to date. After a break Qt lays out only
    the changed block again and moves what follows: a table further down keeps the rows and
    page breaks it had, so its blocks report their old places. Measured on those, a section
    below a table was taken to fit where it no longer did (the signature block lost its lines
    to the next page with one row more in the coördinator's table). So the rest of the
    document is laid out afresh after each break, before the next section is measured.
    """
    layout = doc.documentLayout()
    starts = []
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() in (2, 3):
            starts.append(block.blockNumber())
        block = block.next()
    breaks = 0
    for i, number in enumerate(starts):
        head = doc.findBlockByNumber(number)
        if head.blockFormat().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            continue
        stop = starts[i + 1] if i + 1 < len(starts) else doc.blockCount()
        top = layout.blockBoundingRect(head).top()
        # The lowest edge of any block of the section (blocks in table cells included: their
        # rectangles are in document coordinates too); not the next heading's top, which may
        # sit on a later page after a forced break.
        bottom = max(layout.blockBoundingRect(doc.findBlockByNumber(n)).bottom() for n in range(number, stop))
        height = bottom - top
        need = height if height <= page_h else min(height, layout.blockBoundingRect(head).height() + min_after)
        if int(top // page_h) != int((top + need - 1) // page_h) and top % page_h > 1:
            cursor = QTextCursor(head)
            fmt = head.blockFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            cursor.setBlockFormat(fmt)
            # Lay out again from here (the layout is lazy: done as far as the next question).
            doc.markContentsDirty(head.position(), doc.characterCount() - head.position())
            breaks += 1
    return breaks


def pages_with_text(doc: QTextDocument, page_h: float) -> list[int]:
    """The (0-based) pages of a laid-out document that hold at least one line of text.

    Qt can leave a page with nothing on it. It tests whether a line fits on a page with a
    height a few dots smaller than the one it then moves down by, and a table ends with its
    cell padding: the layout position can end up a few dots into the next page while all that
    is visible stands on the page before. A forced page break (the appendix, a section moved
    by :func:`keep_sections_together`) then starts the page *after* that one, and the page in
    between stays empty (after the signatures, when they ended near the foot of their page);
    the same few dots can add an empty last page. Such a page is not printed. Blocks of
    whitespace only (the spacers above the signature lines) are not text.
    """
    layout = doc.documentLayout()
    pages: set[int] = set()
    block = doc.begin()
    while block.isValid():
        if block.text().strip():
            top = layout.blockBoundingRect(block).top()
            lines = block.layout()
            for n in range(lines.lineCount()):
                line = lines.lineAt(n)
                pages.add(int((top + line.y() + line.height() / 2) // page_h))
        block = block.next()
    return sorted(pages)


def document_id(data: ExportData) -> str:
    """A UUID from the data itself: the same meeting state gives the same id."""
    seed = f"stembalie:{data.meeting.meeting_no}:{data.audit_head.entries}:{data.audit_head.head}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


def render_pdf(html_text: str, title: str, footer: str, as_of: str | None, doc_id: str) -> bytes:
    """Lay out ``html_text`` on A4 pages with a footer; return the deterministic PDF bytes."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("writing the proces-verbaal needs a QGuiApplication")
    # Qt seeds its hash tables at random per process, and the PDF engine writes its fonts in
    # hash order: the same document would get its font objects in another order in the next
    # run. A fixed seed while this document is made keeps the order; every QHash keeps the seed
    # it was created with, so tables made before and after are not affected.
    QHashSeed.setDeterministicGlobalSeed()
    try:
        return _render(html_text, title, footer, as_of, doc_id)
    finally:
        QHashSeed.resetRandomGlobalSeed()


def _render(html_text: str, title: str, footer: str, as_of: str | None, doc_id: str) -> bytes:
    digits = _utc_digits(as_of)
    iso = f"{digits[0:4]}-{digits[4:6]}-{digits[6:8]}T{digits[8:10]}:{digits[10:12]}:{digits[12:14]}+00:00"
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(title)
    writer.setCreator("Stembalie")
    writer.setDocumentId(QUuid(doc_id))
    writer.setDocumentXmpMetadata(_xmp(title, iso, doc_id))

    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(BASE_PT)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(html_text)

    dots_per_mm = RESOLUTION / 25.4
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer_h = FOOTER_MM * dots_per_mm
    body = QSizeF(page.width(), page.height() - footer_h)
    doc.setPageSize(body)
    keep_sections_together(doc, body.height(), KEEP_MM * dots_per_mm)
    pages = pages_with_text(doc, body.height()) or [0]  # an empty document is one empty page

    footer_font = QFont(font)
    footer_font.setPointSizeF(7.5)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("cannot start the PDF")
    try:
        for n, i in enumerate(pages):
            if n:
                writer.newPage()
            painter.save()
            clip = QRectF(0, i * body.height(), body.width(), body.height())
            painter.translate(0, -clip.top())
            painter.setClipRect(clip)
            ctx = QAbstractTextDocumentLayout.PaintContext()
            ctx.clip = clip
            doc.documentLayout().draw(painter, ctx)
            painter.restore()
            line_y = body.height() + 2.5 * dots_per_mm
            painter.setPen(QColor("#8895a7"))
            painter.drawLine(0, int(line_y), int(body.width()), int(line_y))
            painter.setPen(QColor("#555555"))
            painter.setFont(footer_font)
            text_rect = QRectF(0, line_y + 1 * dots_per_mm, body.width(), footer_h - 3.5 * dots_per_mm)
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), footer)
            painter.drawText(
                text_rect,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                f"pagina {n + 1} van {len(pages)}",
            )
    finally:
        painter.end()
    buffer.close()
    return fix_info_dates(bytes(array.data()), digits)


def proces_verbaal_pdf(data: ExportData, summaries: Sequence[VoteSummary], rows: Sequence[AttendanceRow]) -> bytes:
    m = data.meeting
    title = f"Proces-verbaal {m.name}, {dutch_date(m.date)}"
    footer = f"Proces-verbaal — {m.name} — {dutch_date(m.date)} — kophash {data.audit_head.head[:12]}…"
    if not data.audit_head.ok:
        footer = f"{MARK} — {footer}"
    return render_pdf(proces_verbaal_html(data, summaries, rows), title, footer, data.as_of, document_id(data))


__all__ = ["fix_info_dates", "proces_verbaal_html", "proces_verbaal_pdf", "render_pdf"]
