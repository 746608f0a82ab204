"""Write the whole export folder from :class:`ExportData`, ending with its SHA-256 manifest.

Files (fixed names, fixed order, fixed formatting — the same data gives the same bytes):

=====================  =========================================================================
attendance.csv         every municipality of the register, present or not, times, votes
results.csv            per vote, per municipality: weight and choice (public; no names)
summary.csv            per vote: rule, base, counts, computed and declared result
audit.jsonl            the audit chain, one entry per line, enough to recompute every hash
meeting.json           the meeting, register totals, settings, audit head, undeclared votes, conventions
proces-verbaal.pdf     the official record in Dutch
LEESMIJ.txt            how to read and check all of the above
manifest.sha256        ``sha256sum`` format: ``<hex>  <name>`` per file, sorted by name
=====================  =========================================================================

No file holds a representative's name or e-mail address, the meeting's token secret or the
coördinator PIN. Personal values appear in ``audit.jsonl`` only as the salted hashes the chain
was built from.

**A vote closed but never declared** is named in ``meeting.json`` (``undeclared_votes``), in
``LEESMIJ.txt`` and in the proces-verbaal, and ``verify-export`` names it too: the chair's
declaration decides (BW 2:13), so such a vote has no result.

**The chain head leaves the file here.** ``meeting.json`` and the manifest (a ``# audit-head``
comment line, which ``sha256sum -c`` skips) carry the head entry's number and hash: an anchor
against which a later copy of the meeting file is checked (``verify --against EXPORT``).

**A record that does not hold.** The export service refuses to export a meeting file whose
chain or tables do not hold, unless told to go on (``despite_integrity_failure``). Then every
file says so: a first line ``INTEGRITEITSFOUT: …`` in each CSV and in ``LEESMIJ.txt``, a first
JSON line in ``audit.jsonl``, an ``integrity`` block in ``meeting.json``, a banner on the first
page and in every footer of the proces-verbaal, and a ``# INTEGRITEITSFOUT`` line in the
manifest; ``verify-export`` fails on any of them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk_app.domain.text import DeskError, Text
from desk_app.domain.vote import Status
from desk_app.export import attendance as att
from desk_app.export import csvfile
from desk_app.export import results as res
from desk_app.export.model import AuditRecord, ExportData

FORMAT = "stembalie-export"
VERSION = 1
MARK = csvfile.BANNER  # "INTEGRITEITSFOUT"
HEAD_COMMENT = "# audit-head"  # "# audit-head <seq> <sha256>" in the manifest

ATTENDANCE = "attendance.csv"
RESULTS = "results.csv"
SUMMARY = "summary.csv"
AUDIT = "audit.jsonl"
MEETING = "meeting.json"
PDF = "proces-verbaal.pdf"
README = "LEESMIJ.txt"
MANIFEST = "manifest.sha256"
FILES = (ATTENDANCE, RESULTS, SUMMARY, AUDIT, MEETING, PDF, README)
PUBLIC_FILES = (ATTENDANCE, RESULTS, SUMMARY, MEETING)  # enough to recompute every result

T_NOT_EMPTY = Text(
    "De exportmap {path} bevat al andere bestanden ({names}). Kies een lege of nieuwe map; er is niets geschreven.",
    "The export folder {path} already holds other files ({names}). Choose an empty or new folder; nothing was written.",
)
T_CANNOT_WRITE = Text(
    "De export kan niet worden geschreven in {path}: {detail}.",
    "The export cannot be written to {path}: {detail}.",
)


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    files: Mapping[str, str]  # name -> sha256 hex, manifest excluded
    manifest_sha256: str


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 as is: the form the audit chain hashes (see LEESMIJ)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def audit_line(r: AuditRecord) -> dict[str, Any]:
    return {
        "seq": r.seq,
        "event_id": r.event_id,
        "ts": r.ts,
        "desk": r.desk,
        "desk_seq": r.desk_seq,
        "actor": r.actor,
        "action": r.action,
        "object": r.object,
        "details": dict(r.details),
        "prev_hash": r.prev_hash,
        "hash": r.hash,
    }


def banner(data: ExportData) -> str | None:
    """The first line of every file of an export whose record did not hold; None when it held."""
    h = data.audit_head
    if h.ok:
        return None
    where = f"regel {h.first_bad_seq}: " if h.first_bad_seq is not None else ""
    return (
        f"{MARK}: het vergaderbestand klopt niet met zijn logboek ({where}{h.reason}). "
        "Deze export is toch gemaakt en is niet te vertrouwen."
    )


def audit_jsonl(records: tuple[AuditRecord, ...], mark: str | None = None) -> bytes:
    first = canonical_json({MARK: mark}) + "\n" if mark else ""
    return (first + "".join(canonical_json(audit_line(r)) + "\n" for r in records)).encode("utf-8")


def undeclared_votes(summaries: Sequence[res.VoteSummary]) -> list[dict[str, Any]]:
    """Every vote that was closed and never declared (superseded or not), by number."""
    return [
        {
            "number": s.number,
            "id": s.vote.id,
            "item": s.vote.item,
            "part": s.vote.part,
            "superseded_by": s.vote.superseded_by,
        }
        for s in summaries
        if s.vote.status is Status.CLOSED
    ]


def meeting_json(data: ExportData, vote_count: int, summaries: Sequence[res.VoteSummary] = ()) -> bytes:
    m = data.meeting
    h = data.audit_head
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "meeting": {
            "name": m.name,
            "date": m.date,
            "place": m.place,
            "meeting_no": m.meeting_no,
            "opened_at": m.opened_at,
        },
        "register": {
            "source": m.register_source,
            "members": len(data.members),
            "votes": sum(x.votes for x in data.members),
        },
        "settings": {
            "present_only": m.present_only,
            "base": m.base,
            "quorum_votes": m.quorum_votes,
            "secret_person_votes": m.secret_person_votes,
        },
        "audit": {
            "entries": h.entries,
            "head": h.head,
            "head_seq": h.entries,
            "chain_ok": h.ok,
            "as_of": data.as_of,
        },
        "integrity": {"ok": True}
        if h.ok
        else {
            "ok": False,
            "mark": MARK,
            "first_bad_seq": h.first_bad_seq,
            "reason": h.reason,
            "text": banner(data),
        },
        "votes": vote_count,
        "undeclared_votes": undeclared_votes(summaries),
        "csv": {
            "separator": csvfile.SEPARATOR,
            "encoding": "utf-8-bom",
            "line_end": "crlf",
            "formula_prefix": csvfile.PREFIX,
            "decimal_sign": ",",
        },
        "time_zone": "Europe/Amsterdam",
    }
    return (json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


README_TEXT = """\
Export van Stembalie — {name}, {date}
======================================================================

Deze map is een volledige, controleerbare export van de vergadering.

Bestanden
---------
attendance.csv      alle gemeenten uit het ledenregister, aanwezig of niet: stemmen, eerste
                    aanmelding, laatste vertrek en alle perioden van aanwezigheid.
results.csv         per stemming en per gemeente: stemgewicht en keuze (openbaar; geen namen).
                    Alle stemgerechtigden van de stemming staan erin, ook wie niet stemde
                    ("niet gestemd"). Geheime stemmingen en besluiten bij acclamatie hebben
                    geen regels per gemeente.
summary.csv         per stemming: regel, basis, aantallen per keuze in stemmen en gemeenten,
                    berekende en door de voorzitter vastgestelde uitslag (apart gehouden).
audit.jsonl         het logboek: één JSON-regel per gebeurtenis, in volgorde.
meeting.json        vergadering, registertotalen, instellingen, de kophash van het logboek
                    (nummer en hash van de laatste regel; ook in het manifest) en de
                    stemmingen die gesloten zijn maar nooit vastgesteld (undeclared_votes).
proces-verbaal.pdf  het proces-verbaal.
manifest.sha256     SHA-256 van elk bestand; controleer met: sha256sum -c manifest.sha256

CSV-bestanden
-------------
Scheidingsteken ';' en codering UTF-8 met BOM: zo opent Excel met Nederlandse instellingen
ze correct met een dubbelklik. Regeleinden CRLF. Getallen zonder duizendtallen-scheiding;
decimalen met een komma (98,81). Tekst die begint met = + - @ tab of CR krijgt een apostrof
ervoor, zodat een spreadsheet er nooit een formule van maakt (een tekst die zelf met een
apostrof plus zo'n teken begint krijgt er ook een). Tijden zijn Nederlandse tijd.
Lijsten binnen één cel gebruiken '|' (keuzes, aantallen per keuze).

Uitslag narekenen
-----------------
Per stemming uit summary.csv, met de regels van die stemming uit results.csv:
- stemgerechtigd = alle regels; gestemd = regels met een keuze;
- per keuze: het aantal gemeenten en de som van de stemgewichten;
- uitgebracht = voor + tegen (of alle opties); met basis 'abstentions_counted' telt
  onthouding ook mee;
- regel 'simple' = meer dan 1/2, 'two_thirds' = ten minste 2/3, of 'more_than p/q' /
  'at_least p/q'. Aangenomen als q x voor > p x uitgebracht (of >= bij 'at_least'), in gehele
  getallen; bij gelijke stemmen (staken) is het voorstel verworpen;
- voor_pct = voor / uitgebracht in honderdsten van een procent, half naar boven afgerond, maar
  nooit 100,00 als het niet unaniem is en nooit 0,00 als er wel stemmen voor zijn.
Het stemgewicht van een gemeente is in elke stemming gelijk aan 'stemmen' in attendance.csv.

Logboek narekenen
-----------------
hash = SHA-256 (hex) van de UTF-8 JSON-lijst
[seq, event_id, ts, desk, desk_seq, actor, action, object, details_json, prev_hash]
met details_json = de 'details' als JSON met gesorteerde sleutels, zonder spaties, UTF-8
(zonder \\u-escapes); de lijst zelf ook zo. prev_hash van regel 1 is 64 nullen, daarna de hash
van de vorige regel. De hash van de laatste regel is de kophash in meeting.json, in het
manifest (de regel '# audit-head <nummer> <hash>') en in het proces-verbaal. Persoonsgegevens
staan alleen als gezouten hash in het logboek.

Het logboek is ook de bron van de cijfers: de stemgewichten staan in de regel 'meeting.open', elke
keuze in 'vote.record' (de laatste per gemeente telt), de vastgestelde uitslag in
'vote.declare'. desk-app verify-export legt results.csv, summary.csv en attendance.csv ernaast.

Bewaar de kophash (of de SHA-256 van manifest.sha256) apart: wie later een kopie van het
vergaderbestand krijgt, kan daarmee nagaan dat het logboek sindsdien niet is herschreven of
ingekort (desk-app verify --against <deze map>).

Staat bovenaan een bestand INTEGRITEITSFOUT, dan klopte het vergaderbestand bij het exporteren
niet met zijn logboek: de export is toch gemaakt en is niet te vertrouwen.

Personen
--------
Geen bestand bevat de naam of het e-mailadres van een vertegenwoordiger. Medewerkers van de
balie staan in het logboek onder hun balie, niet onder hun naam. Namen, e-mailadressen en vrij
ingevulde redenen (bij opzoeken, toelaten, ongedaan maken, een verloren of opnieuw afgedrukte
stempas, een nieuwe stemkaart) staan in het logboek alleen als gezouten hash; het
proces-verbaal noemt de redenen van de coördinator, of '(gewist)' na het wissen van
persoonsgegevens.
"""


UNDECLARED_NOTE = """
Gesloten maar nooit vastgesteld
-------------------------------
De voorzitter heeft van deze stemmingen de uitslag nooit vastgesteld; ze hebben dus geen
uitslag (de berekende uitslag in summary.csv beslist niet):
{lines}
"""


def readme(data: ExportData, summaries: Sequence[res.VoteSummary] = ()) -> bytes:
    text = README_TEXT.format(name=data.meeting.name, date=data.meeting.date)
    undeclared = undeclared_votes(summaries)
    if undeclared:
        lines = "\n".join(
            f"- stemming {u['number']} (agendapunt {u['item']}{':' + u['part'] if u['part'] else ''})"
            + (" — vervangen door een herstemming" if u["superseded_by"] else "")
            for u in undeclared
        )
        text += UNDECLARED_NOTE.format(lines=lines)
    mark = banner(data)
    if mark:
        text = f"{mark}\n\n" + text
    return text.replace("\n", "\r\n").encode("utf-8")  # CRLF: Notepad on an old Windows


def build_files(data: ExportData) -> dict[str, bytes]:
    """Every export file in memory (the PDF needs a ``QGuiApplication``)."""
    from desk_app.export.pdf import proces_verbaal_pdf

    summaries = res.ordered(data.votes)
    rows = att.attendance(data.members, data.presence)
    mark = banner(data)
    return {
        ATTENDANCE: att.to_csv(rows, mark),
        RESULTS: res.results_csv(summaries, data.members, mark),
        SUMMARY: res.summary_csv(summaries, mark),
        AUDIT: audit_jsonl(data.audit, mark),
        MEETING: meeting_json(data, len(summaries), summaries),
        PDF: proces_verbaal_pdf(data, summaries, rows),
        README: readme(data, summaries),
    }


def manifest_bytes(digests: Mapping[str, str], data: ExportData | None = None) -> bytes:
    """``sha256sum`` lines, after comment lines (skipped by ``sha256sum -c``) with the chain head
    and, for a record that did not hold, the mark. ASCII only: the mark line has no reason text."""
    comments = ""
    if data is not None:
        comments = f"{HEAD_COMMENT} {data.audit_head.entries} {data.audit_head.head}\n"
        if not data.audit_head.ok:
            comments = f"# {MARK}: logboek klopt niet (regel {data.audit_head.first_bad_seq})\n" + comments
    return (comments + "".join(f"{digests[name]}  {name}\n" for name in sorted(digests))).encode("ascii")


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_export(data: ExportData, folder: Path) -> ExportResult:
    """Write every file into ``folder`` (new, empty, or a previous export of ours).

    The manifest is written last: a folder whose manifest is missing or does not match was
    interrupted and must not be published.
    """
    folder = Path(folder)
    ours = set(FILES) | {MANIFEST}
    if folder.exists():
        other = sorted(p.name for p in folder.iterdir() if p.name not in ours)
        if other:
            raise DeskError("export.not_empty", T_NOT_EMPTY, {"path": str(folder), "names": ", ".join(other[:5])})
    files = build_files(data)  # everything in memory first: a refused export writes nothing
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stale = folder / MANIFEST
        if stale.exists():
            stale.unlink()  # a half-rewritten folder must never carry a manifest
        digests = {}
        for name in FILES:
            _atomic_write(folder / name, files[name])
            digests[name] = hashlib.sha256(files[name]).hexdigest()
        manifest = manifest_bytes(digests, data)
        _atomic_write(folder / MANIFEST, manifest)
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise DeskError("export.write", T_CANNOT_WRITE, {"path": str(folder), "detail": detail}) from exc
    return ExportResult(folder, digests, hashlib.sha256(manifest).hexdigest())
