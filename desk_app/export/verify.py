"""Verification for outsiders: recompute every published total and result from the files alone.

:func:`verify_public_export` reads an export folder (nothing else: no meeting file, no store)
and checks the manifest, then recomputes — with its own integer arithmetic, deliberately not
with the tally code that produced the figures — every count, threshold, percentage and outcome
in ``summary.csv`` from the rows of ``results.csv`` and the weights in ``attendance.csv``, and
the register totals in ``meeting.json``. When ``audit.jsonl`` is there, the audit chain is
recomputed too and must end in the head that ``meeting.json`` and the manifest publish; then the
published figures are held against the log itself: the weights sealed at the opening, who was
entitled in each vote (the snapshot), every municipality's last recorded choice, the secret
totals at the close and the chair's declaration. A consistent forgery of the CSV files (totals
recomputed, manifest rewritten) is therefore found as long as the log is the meeting's own;
whether it is, an anchor kept elsewhere shows (``verify --against``).

An export marked ``INTEGRITEITSFOUT`` (made despite a record that did not hold) never passes.

It returns a list of :class:`Problem`; an empty list means every figure checks out.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk_app.domain.text import Text
from desk_app.export import csvfile
from desk_app.export.writer import (
    ATTENDANCE,
    AUDIT,
    FORMAT,
    HEAD_COMMENT,
    MANIFEST,
    MARK,
    MEETING,
    PUBLIC_FILES,
    README,
    RESULTS,
    SUMMARY,
)

GENESIS = "0" * 64
NOT_VOTED = "niet gestemd"
ABSTAIN = "onthouding"
MATTER = ("voor", "tegen", "onthouding")


@dataclass(frozen=True)
class Problem:
    """One thing that does not check out: the file, the line (0: the file as a whole), why."""

    file: str
    line: int
    text: Text
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.text.render(lang, **self.params)}"

    def __str__(self) -> str:
        return self.message()


T = {
    "missing": Text("bestand ontbreekt", "file is missing"),
    "unreadable": Text("bestand is onleesbaar: {detail}", "file cannot be read: {detail}"),
    "manifest_line": Text("regel is geen '<sha256>  <naam>'", "line is not '<sha256>  <name>'"),
    "manifest_hash": Text(
        "SHA-256 van {name} klopt niet met het manifest",
        "SHA-256 of {name} does not match the manifest",
    ),
    "manifest_absent": Text("{name} staat in het manifest maar ontbreekt", "{name} is in the manifest but missing"),
    "manifest_unlisted": Text("{name} staat niet in het manifest", "{name} is not in the manifest"),
    "manifest_required": Text("{name} hoort in het manifest te staan", "{name} must be listed in the manifest"),
    "format": Text("geen Stembalie-export (format {found})", "not a Stembalie export (format {found})"),
    "header": Text("kolommen kloppen niet: {missing} ontbreekt", "columns do not match: {missing} missing"),
    "int": Text("'{column}' is geen geheel getal: '{value}'", "'{column}' is not a whole number: '{value}'"),
    "code": Text("ongeldige gemeentecode '{code}'", "invalid municipality code '{code}'"),
    "duplicate": Text("{what} '{key}' komt twee keer voor", "{what} '{key}' appears twice"),
    "weight_range": Text(
        "stemmen van {code} moet 1..75 zijn, niet {value}",
        "votes of {code} must be 1..75, not {value}",
    ),
    "register": Text(
        "registertotaal {what}: meeting.json zegt {published}, attendance.csv telt {counted}",
        "register total {what}: meeting.json says {published}, attendance.csv counts {counted}",
    ),
    "votes_count": Text(
        "meeting.json noemt {published} stemmingen, summary.csv heeft er {counted}",
        "meeting.json names {published} votes, summary.csv has {counted}",
    ),
    "order": Text("volgorde moet {expected} zijn, niet {found}", "order must be {expected}, not {found}"),
    "unknown_vote": Text("stemming '{vote}' staat niet in summary.csv", "vote '{vote}' is not in summary.csv"),
    "row_vote_fields": Text(
        "'{column}' van stemming {vote} wijkt af van summary.csv",
        "'{column}' of vote {vote} differs from summary.csv",
    ),
    "unknown_member": Text(
        "gemeente {code} staat niet in attendance.csv",
        "municipality {code} is not in attendance.csv",
    ),
    "weight": Text(
        "stemgewicht van {code} is {found}, attendance.csv zegt {expected}",
        "weight of {code} is {found}, attendance.csv says {expected}",
    ),
    "choice": Text(
        "keuze '{choice}' hoort niet bij stemming {vote} ({allowed})",
        "choice '{choice}' does not belong to vote {vote} ({allowed})",
    ),
    "no_rows": Text(
        "stemming {vote} ({kind}) hoort geen regels per gemeente te hebben",
        "vote {vote} ({kind}) must have no rows per municipality",
    ),
    "mismatch": Text(
        "stemming {vote}: '{column}' is {published}, nagerekend {computed}",
        "vote {vote}: '{column}' is {published}, recomputed {computed}",
    ),
    "rule": Text("stemming {vote}: onbekende regel '{rule}'", "vote {vote}: unknown rule '{rule}'"),
    "options": Text("stemming {vote}: ongeldige keuzes '{options}'", "vote {vote}: invalid choices '{options}'"),
    "link": Text(
        "stemming {vote} verwijst naar {other}, maar die verwijst niet terug",
        "vote {vote} refers to {other}, but that one does not refer back",
    ),
    "acclamation": Text(
        "stemming {vote} bij acclamatie moet als aangenomen zijn vastgesteld",
        "vote {vote} by acclamation must be declared adopted",
    ),
    "audit_json": Text("regel is geen geldige JSON: {detail}", "line is not valid JSON: {detail}"),
    "audit_seq": Text(
        "regel {expected} ontbreekt of staat op de verkeerde plaats",
        "entry {expected} is missing or out of place",
    ),
    "audit_link": Text("verwijzing naar de vorige regel klopt niet", "link to the previous entry is broken"),
    "audit_hash": Text("inhoud klopt niet met de hash", "content does not match the hash"),
    "audit_head": Text(
        "kophash/aantal in meeting.json ({published}) klopt niet met audit.jsonl ({computed})",
        "head/count in meeting.json ({published}) does not match audit.jsonl ({computed})",
    ),
    "marked": Text(
        "gemarkeerd als INTEGRITEITSFOUT: het vergaderbestand klopte bij het exporteren niet met "
        "zijn logboek; deze export is niet te vertrouwen",
        "marked INTEGRITEITSFOUT: the meeting file did not match its audit log when this was "
        "exported; this export cannot be trusted",
    ),
    "chain_not_ok": Text(
        "meeting.json meldt dat de keten van het logboek bij het exporteren niet klopte",
        "meeting.json says the audit log did not hold when this was exported",
    ),
    "manifest_head": Text(
        "kophash in het manifest ({manifest}) wijkt af van meeting.json ({meeting})",
        "head in the manifest ({manifest}) differs from meeting.json ({meeting})",
    ),
    "replay": Text(
        "{what}: hier {found}, volgens audit.jsonl (regel {seq}) {expected}",
        "{what}: {found} here, {expected} according to audit.jsonl (entry {seq})",
    ),
    "undeclared_list": Text(
        "meeting.json noemt als nooit vastgesteld: {published}; summary.csv: {counted}",
        "meeting.json names as never declared: {published}; summary.csv: {counted}",
    ),
    "undeclared_note": Text(
        "stemming {number} (agendapunt {item}) is gesloten maar de uitslag is nooit vastgesteld",
        "vote {number} (agenda item {item}) was closed but its result was never declared",
    ),
    "undeclared_by": Text(
        "stemming {number} (agendapunt {item}) is gesloten maar de uitslag is nooit vastgesteld; vervangen "
        "door stemming {by}",
        "vote {number} (agenda item {item}) was closed but its result was never declared; superseded by vote {by}",
    ),
    "replay_vote": Text(
        "stemming {vote} staat in audit.jsonl (regel {seq}) maar niet in summary.csv",
        "vote {vote} is in audit.jsonl (entry {seq}) but not in summary.csv",
    ),
}


def _p(file: str, line: int, text_key: str, /, **params: Any) -> Problem:
    return Problem(file, line, T[text_key], params)


# --- manifest ------------------------------------------------------------------------------------

_MANIFEST_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


def check_manifest(folder: Path) -> tuple[list[Problem], set[str]]:
    """Problems with the manifest, and the names whose hashes matched."""
    problems: list[Problem] = []
    good: set[str] = set()
    path = folder / MANIFEST
    if not path.is_file():
        return [_p(MANIFEST, 0, "missing")], good
    listed: dict[str, str] = {}
    for n, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), start=1):
        if line.startswith("#"):  # comments: the chain head, a mark (sha256sum -c skips them)
            if line.startswith(f"# {MARK}"):
                problems.append(_p(MANIFEST, n, "marked"))
            continue
        m = _MANIFEST_LINE.match(line)
        if not m or "/" in m.group(2) or "\\" in m.group(2):
            problems.append(_p(MANIFEST, n, "manifest_line"))
            continue
        if m.group(2) in listed:
            problems.append(_p(MANIFEST, n, "duplicate", what="bestand", key=m.group(2)))
        listed[m.group(2)] = m.group(1)
    for name, digest in sorted(listed.items()):
        file = folder / name
        if not file.is_file():
            problems.append(_p(MANIFEST, 0, "manifest_absent", name=name))
        elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            problems.append(_p(MANIFEST, 0, "manifest_hash", name=name))
        else:
            good.add(name)
    present = {p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST}
    for name in sorted(present - set(listed)):
        problems.append(_p(MANIFEST, 0, "manifest_unlisted", name=name))
    for name in PUBLIC_FILES:
        if name not in listed:
            problems.append(_p(MANIFEST, 0, "manifest_required", name=name))
    return problems, good


# --- reading -------------------------------------------------------------------------------------


class _Sheet:
    """One CSV file's rows with typed access that records problems instead of raising."""

    def __init__(self, folder: Path, name: str, required: tuple[str, ...], problems: list[Problem]) -> None:
        self.name = name
        self.problems = problems
        self.rows: list[dict[str, str]] = []
        self.ok = False  # read completely, with every required column
        path = folder / name
        if not path.is_file():
            problems.append(_p(name, 0, "missing"))
            return
        try:
            header, rows = csvfile.read_rows(path.read_bytes())
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(_p(name, 0, "unreadable", detail=str(exc)))
            return
        missing = [c for c in required if c not in header]
        if missing:
            problems.append(_p(name, 1, "header", missing=", ".join(missing)))
            return
        self.rows = rows
        self.ok = True

    def int(self, line: int, row: Mapping[str, str], column: str, optional: bool = False) -> int | None:
        value = row[column]
        if value == "" and optional:
            return None
        if not re.fullmatch(r"-?\d+", value):
            self.problems.append(_p(self.name, line, "int", column=column, value=value))
            return None
        return int(value)


def _ints(cell: str) -> list[int] | None:
    parts = cell.split("|") if cell else []
    if not all(re.fullmatch(r"\d+", p) for p in parts):
        return None
    return [int(p) for p in parts]


# --- arithmetic, on purpose independent of desk_app.domain.tally ----------------------------------

_RULE = re.compile(r"^(more_than|at_least) (\d+)/(\d+)$")


def parse_rule(code: str) -> tuple[int, int, bool] | None:
    """(p, q, strict): 'simple' = more than 1/2, 'two_thirds' = at least 2/3."""
    if code == "simple":
        return 1, 2, True
    if code == "two_thirds":
        return 2, 3, False
    m = _RULE.match(code)
    if not m or int(m.group(3)) == 0:
        return None
    return int(m.group(2)), int(m.group(3)), m.group(1) == "more_than"


def passes(rule: tuple[int, int, bool], favour: int, cast: int) -> bool:
    p, q, strict = rule
    if cast <= 0:
        return False
    return q * favour > p * cast if strict else q * favour >= p * cast


def threshold(rule: tuple[int, int, bool], cast: int) -> int | None:
    """The least number of votes in favour that passes, found by counting up (no formula reuse)."""
    if cast <= 0:
        return None
    lo, hi = 0, cast
    if not passes(rule, hi, cast):
        return None
    while lo < hi:  # smallest favour in [0, cast] that passes: passes() is monotone in favour
        mid = (lo + hi) // 2
        if passes(rule, mid, cast):
            hi = mid
        else:
            lo = mid + 1
    return lo


def hundredths(part: int, whole: int) -> int:
    """Half-up hundredths of a percent, never 100,00 unless whole, never 0,00 unless none."""
    value = (20000 * part + whole) // (2 * whole)
    if part < whole and value >= 10000:
        value = 9999
    if part > 0 and value == 0:
        value = 1
    return value


def _pct_text(bp: int) -> str:
    return f"{bp // 100},{bp % 100:02d}"


# --- the summary and the rows -------------------------------------------------------------------

SUMMARY_REQUIRED = (
    "volgorde",
    "stemming",
    "agendapunt",
    "deel",
    "methode",
    "geheim",
    "keuzes",
    "regel",
    "basis",
    "stembiljet_methode",
    "quorum_stemmen",
    "quorum_gemeenten",
    "register_gemeenten",
    "register_stemmen",
    "stemgerechtigd_gemeenten",
    "stemgerechtigd_stemmen",
    "gestemd_gemeenten",
    "gestemd_stemmen",
    "voor_gemeenten",
    "voor_stemmen",
    "tegen_gemeenten",
    "tegen_stemmen",
    "onthouding_gemeenten",
    "onthouding_stemmen",
    "gemeenten_per_keuze",
    "stemmen_per_keuze",
    "uitgebracht_gemeenten",
    "uitgebracht_stemmen",
    "drempel",
    "voor_pct",
    "uitkomst_berekend",
    "winnaar_berekend",
    "uitslag_vastgesteld",
    "winnaar_vastgesteld",
    "wijkt_af",
    "vervangt",
    "vervangen_door",
)
RESULTS_REQUIRED = ("volgorde", "stemming", "agendapunt", "deel", "gemeentecode", "stemgewicht", "keuze")
ATTENDANCE_REQUIRED = ("gemeentecode", "stemmen", "aanwezig_bij_einde")


def _expect(problems: list[Problem], line: int, vote: str, column: str, published: str, computed: object) -> None:
    text = "" if computed is None else str(computed)
    if published != text:
        problems.append(
            _p(
                SUMMARY,
                line,
                "mismatch",
                vote=vote,
                column=column,
                published=published or "(leeg)",
                computed=text or "(leeg)",
            )
        )


def _check_vote(
    line: int,
    s: dict[str, str],
    rows: list[tuple[int, dict[str, str]]],
    weights: Mapping[str, int],
    sheet: _Sheet,
    problems: list[Problem],
) -> None:
    vote = s["stemming"]
    reg_members = sheet.int(line, s, "register_gemeenten")
    reg_votes = sheet.int(line, s, "register_stemmen")
    if reg_members is not None and reg_members != len(weights):
        _expect(problems, line, vote, "register_gemeenten", s["register_gemeenten"], len(weights))
    if reg_votes is not None and reg_votes != sum(weights.values()):
        _expect(problems, line, vote, "register_stemmen", s["register_stemmen"], sum(weights.values()))

    if s["methode"] == "acclamation":
        if rows:
            problems.append(_p(RESULTS, rows[0][0], "no_rows", vote=vote, kind="acclamatie"))
        if s["uitslag_vastgesteld"] != "aangenomen":
            problems.append(_p(SUMMARY, line, "acclamation", vote=vote))
        return

    options = s["keuzes"].split("|") if s["keuzes"] else []
    is_matter = tuple(options) == MATTER
    is_ballot = (
        len(options) >= 3
        and options[-1] == ABSTAIN
        and all(re.fullmatch(r"optie-[1-9]\d?", o) for o in options[:-1])
        and len(set(options)) == len(options)
    )
    if not (is_matter or is_ballot):
        problems.append(_p(SUMMARY, line, "options", vote=vote, options=s["keuzes"]))
        return
    rule = parse_rule(s["regel"])
    if rule is None:
        problems.append(_p(SUMMARY, line, "rule", vote=vote, rule=s["regel"]))
        return

    members_by = {o: 0 for o in options}
    votes_by = {o: 0 for o in options}
    if s["geheim"] == "ja":
        if rows:
            problems.append(_p(RESULTS, rows[0][0], "no_rows", vote=vote, kind="geheim"))
        counted_m, counted_v = _ints(s["gemeenten_per_keuze"]), _ints(s["stemmen_per_keuze"])
        if counted_m is None or counted_v is None or len(counted_m) != len(options) or len(counted_v) != len(options):
            _expect(problems, line, vote, "stemmen_per_keuze", s["stemmen_per_keuze"], "één getal per keuze")
            return
        members_by = dict(zip(options, counted_m, strict=True))
        votes_by = dict(zip(options, counted_v, strict=True))
        eligible_m = sheet.int(line, s, "stemgerechtigd_gemeenten") or 0
        eligible_v = sheet.int(line, s, "stemgerechtigd_stemmen") or 0
    else:
        seen: set[str] = set()
        eligible_m = eligible_v = 0
        for n, r in rows:
            code = r["gemeentecode"]
            if code in seen:
                problems.append(_p(RESULTS, n, "duplicate", what=f"gemeente in stemming {vote}", key=code))
                continue
            seen.add(code)
            weight = sheet.int(n, r, "stemgewicht")
            if weight is None:
                continue
            if code not in weights:
                problems.append(_p(RESULTS, n, "unknown_member", code=code))
            elif weight != weights[code]:
                problems.append(_p(RESULTS, n, "weight", code=code, found=weight, expected=weights[code]))
            eligible_m += 1
            eligible_v += weight
            choice = r["keuze"]
            if choice == NOT_VOTED:
                continue
            if choice not in members_by:
                problems.append(_p(RESULTS, n, "choice", choice=choice, vote=vote, allowed=s["keuzes"]))
                continue
            members_by[choice] += 1
            votes_by[choice] += weight
        _expect(problems, line, vote, "stemgerechtigd_gemeenten", s["stemgerechtigd_gemeenten"], eligible_m)
        _expect(problems, line, vote, "stemgerechtigd_stemmen", s["stemgerechtigd_stemmen"], eligible_v)
        _expect(
            problems,
            line,
            vote,
            "gemeenten_per_keuze",
            s["gemeenten_per_keuze"],
            "|".join(str(members_by[o]) for o in options),
        )
        _expect(
            problems,
            line,
            vote,
            "stemmen_per_keuze",
            s["stemmen_per_keuze"],
            "|".join(str(votes_by[o]) for o in options),
        )

    voted_m, voted_v = sum(members_by.values()), sum(votes_by.values())
    _expect(problems, line, vote, "gestemd_gemeenten", s["gestemd_gemeenten"], voted_m)
    _expect(problems, line, vote, "gestemd_stemmen", s["gestemd_stemmen"], voted_v)
    if voted_m > eligible_m or voted_v > eligible_v:
        _expect(problems, line, vote, "gestemd_stemmen", s["gestemd_stemmen"], f"<= {eligible_v}")
    for choice in MATTER:
        shown = choice in members_by and (is_matter or choice == ABSTAIN)
        _expect(
            problems, line, vote, f"{choice}_gemeenten", s[f"{choice}_gemeenten"], members_by[choice] if shown else None
        )
        _expect(problems, line, vote, f"{choice}_stemmen", s[f"{choice}_stemmen"], votes_by[choice] if shown else None)

    counted = [o for o in options if o != ABSTAIN or s["basis"] == "abstentions_counted"]
    if s["basis"] not in ("abstentions_excluded", "abstentions_counted"):
        _expect(problems, line, vote, "basis", s["basis"], "abstentions_excluded | abstentions_counted")
    cast_m = sum(members_by[o] for o in counted)
    cast_v = sum(votes_by[o] for o in counted)
    _expect(problems, line, vote, "uitgebracht_gemeenten", s["uitgebracht_gemeenten"], cast_m)
    _expect(problems, line, vote, "uitgebracht_stemmen", s["uitgebracht_stemmen"], cast_v)
    plurality = is_ballot and s["stembiljet_methode"] == "plurality"
    _expect(problems, line, vote, "drempel", s["drempel"], None if plurality else threshold(rule, cast_v))

    q_votes = sheet.int(line, s, "quorum_stemmen", optional=True)
    q_members = sheet.int(line, s, "quorum_gemeenten", optional=True)
    quorum_failed = (q_votes is not None or q_members is not None) and not (
        eligible_v >= (q_votes or 0) and eligible_m >= (q_members or 0)
    )
    winner = ""
    if quorum_failed:
        outcome = "quorum_niet_gehaald"
    elif cast_v <= 0:
        outcome = "geen_stemmen"
    elif is_matter:
        if passes(rule, votes_by["voor"], cast_v):
            outcome, winner = "aangenomen", "voor"
        elif 2 * votes_by["voor"] == cast_v:
            outcome = "staken"
        else:
            outcome = "verworpen"
    else:
        weights_by = {o: votes_by[o] for o in options[:-1]}
        if plurality:
            top = max(weights_by.values())
            leaders = [o for o, w in weights_by.items() if w == top]
            winner = leaders[0] if top > 0 and len(leaders) == 1 else ""
        else:
            passing = [o for o, w in weights_by.items() if passes(rule, w, cast_v)]
            winner = passing[0] if passing else ""
        outcome = "gekozen" if winner else "geen_meerderheid"
    _expect(problems, line, vote, "uitkomst_berekend", s["uitkomst_berekend"], outcome)
    _expect(problems, line, vote, "winnaar_berekend", s["winnaar_berekend"], winner)
    pct = None
    if is_matter and cast_v > 0:
        pct = _pct_text(hundredths(votes_by["voor"], cast_v))
    _expect(problems, line, vote, "voor_pct", s["voor_pct"], pct)

    declared = s["uitslag_vastgesteld"]
    if declared:
        if is_ballot:
            differs = (s["winnaar_vastgesteld"] or "") != (winner if outcome == "gekozen" else "")
        else:
            differs = (declared == "aangenomen") != (outcome == "aangenomen")
        _expect(problems, line, vote, "wijkt_af", s["wijkt_af"], "ja" if differs else "nee")
    else:
        _expect(problems, line, vote, "wijkt_af", s["wijkt_af"], None)


# --- the audit chain -----------------------------------------------------------------------------


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def check_audit(folder: Path, meeting: Mapping[str, Any], problems: list[Problem]) -> list[dict[str, Any]] | None:
    """Recompute the chain in ``audit.jsonl``; its entries when it holds and ends in the published
    head, else None (the problem is recorded)."""
    path = folder / AUDIT
    if not path.is_file():
        return None  # the audit log is not part of the public minimum
    prev, count = GENESIS, 0
    entries: list[dict[str, Any]] = []
    lines = path.read_text("utf-8").splitlines()
    offset = 0
    if lines and lines[0].startswith('{"' + MARK):
        problems.append(_p(AUDIT, 1, "marked"))
        offset = 1
    for n, line in enumerate(lines[offset:], start=1):
        try:
            e = json.loads(line)
            body = [
                e["seq"],
                e["event_id"],
                e["ts"],
                e["desk"],
                e["desk_seq"],
                e["actor"],
                e["action"],
                e["object"],
                _canonical(e["details"]),
                e["prev_hash"],
            ]
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(_p(AUDIT, n + offset, "audit_json", detail=str(exc)))
            return None
        if e["seq"] != n:
            problems.append(_p(AUDIT, n + offset, "audit_seq", expected=n))
            return None
        if e["prev_hash"] != prev:
            problems.append(_p(AUDIT, n + offset, "audit_link"))
            return None
        if hashlib.sha256(_canonical(body).encode("utf-8")).hexdigest() != e["hash"]:
            problems.append(_p(AUDIT, n + offset, "audit_hash"))
            return None
        prev, count = e["hash"], n
        entries.append(e)
    published = meeting.get("audit", {})
    if published.get("head") != prev or published.get("entries") != count:
        problems.append(
            _p(
                MEETING,
                0,
                "audit_head",
                published=f"{published.get('entries')} / {published.get('head')}",
                computed=f"{count} / {prev}",
            )
        )
        return None
    return entries


def manifest_head(folder: Path) -> tuple[int, str] | None:
    """The ``# audit-head <seq> <hash>`` line of the manifest, if there is one."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    for line in path.read_text("utf-8", errors="replace").splitlines():
        parts = line.split()
        if line.startswith(HEAD_COMMENT) and len(parts) == 4 and parts[2].isdigit():
            return int(parts[2]), parts[3]
    return None


# --- the published figures held against the log -----------------------------------------------------

DECLARED = {True: "aangenomen", False: "verworpen"}


def check_against_log(
    entries: list[dict[str, Any]],
    weights: Mapping[str, int],
    by_vote: Mapping[str, tuple[int, dict[str, str]]],
    rows_of: Mapping[str, list[tuple[int, dict[str, str]]]],
    problems: list[Problem],
) -> None:
    """What the CSV files publish against what the log recorded (only logs of chain format 2 carry
    the snapshot and the sealed weights; older logs are checked on what they have). A vote the
    log closed and never declared must be published as closed (not declared)."""

    def differ(file: str, line: int, what: str, found: object, expected: object, seq: int) -> None:
        problems.append(
            Problem(file, line, T["replay"], {"what": what, "found": found, "expected": expected, "seq": seq})
        )

    opened = [e for e in entries if e["action"] == "meeting.open" and "weights" in e["details"]]
    if opened:
        sealed, seq = opened[-1]["details"]["weights"], opened[-1]["seq"]
        for code in sorted(set(sealed) | set(weights)):
            if sealed.get(code) != weights.get(code):
                differ(ATTENDANCE, 0, f"stemmen van {code}", weights.get(code, "-"), sealed.get(code, "-"), seq)

    snapshots: dict[str, tuple[dict[str, int], int]] = {}
    choices: dict[str, dict[str, tuple[str | None, int]]] = {}
    closes: dict[str, tuple[dict[str, list[int]], int]] = {}
    declared: dict[str, tuple[bool, str | None, int]] = {}
    for e in entries:
        d, vote, seq = e["details"], e["object"], e["seq"]
        if e["action"] in ("vote.open", "vote.rerun", "vote.acclaim") and "snapshot" in d:
            snapshots[vote] = ({str(c): int(w) for c, _p, w in d["snapshot"]}, seq)
            choices.setdefault(vote, {})
            if e["action"] == "vote.acclaim":
                declared[vote] = (True, None, seq)
        elif e["action"] == "vote.record":
            choices.setdefault(vote, {})[d["code"]] = (d.get("choice"), seq)
        elif e["action"] == "vote.import":
            for _n, code, _pass, choice, _event in d.get("records", []):
                choices.setdefault(vote, {})[code] = (choice, seq)
        elif e["action"] == "vote.close":
            closes[vote] = ({str(c): list(n) for c, n in d.get("counts", {}).items()}, seq)
        elif e["action"] == "vote.declare":
            declared[vote] = (bool(d["adopted"]), d.get("winner"), seq)

    for vote, (snapshot, seq) in snapshots.items():
        if vote not in by_vote:
            problems.append(Problem(SUMMARY, 0, T["replay_vote"], {"vote": vote, "seq": seq}))
            continue
        line, s = by_vote[vote]
        eligible = f"{len(snapshot)} / {sum(snapshot.values())}"
        if f"{s['stemgerechtigd_gemeenten']} / {s['stemgerechtigd_stemmen']}" != eligible:
            differ(
                SUMMARY,
                line,
                f"stemgerechtigd in stemming {vote}",
                f"{s['stemgerechtigd_gemeenten']} / {s['stemgerechtigd_stemmen']}",
                eligible,
                seq,
            )
        rows = {r["gemeentecode"]: (n, r) for n, r in rows_of.get(vote, [])}
        if rows:
            for code in sorted(set(rows) | set(snapshot)):
                n, r = rows.get(code, (0, {}))
                if snapshot.get(code) is None or not r or r["stemgewicht"] != str(snapshot[code]):
                    differ(
                        RESULTS,
                        n,
                        f"{code} in stemming {vote}",
                        r.get("stemgewicht", "-") if r else "-",
                        snapshot.get(code, "-"),
                        seq,
                    )
                    continue
                choice, cseq = choices.get(vote, {}).get(code, (None, seq))
                if r["keuze"] != (choice or NOT_VOTED):
                    differ(RESULTS, n, f"keuze van {code} in stemming {vote}", r["keuze"], choice or NOT_VOTED, cseq)
        if s["geheim"] == "ja" and vote in closes:
            counts, cseq = closes[vote]
            options = s["keuzes"].split("|") if s["keuzes"] else []
            expected = "|".join(str(counts.get(o, [0, 0])[1]) for o in options)
            if s["stemmen_per_keuze"] != expected:
                differ(SUMMARY, line, f"stemmen per keuze in stemming {vote}", s["stemmen_per_keuze"], expected, cseq)
        if vote in closes and vote not in declared and (s.get("status") != "closed" or s["uitslag_vastgesteld"]):
            differ(SUMMARY, line, f"status van stemming {vote}", s.get("status", "-"), "closed", closes[vote][1])
        if vote in declared:
            adopted, winner, dseq = declared[vote]
            if winner is not None or s["winnaar_vastgesteld"]:
                if s["winnaar_vastgesteld"] != (winner or ""):
                    differ(
                        SUMMARY,
                        line,
                        f"vastgestelde winnaar van stemming {vote}",
                        s["winnaar_vastgesteld"],
                        winner or "",
                        dseq,
                    )
            elif s["uitslag_vastgesteld"] != DECLARED[adopted]:
                differ(
                    SUMMARY,
                    line,
                    f"vastgestelde uitslag van stemming {vote}",
                    s["uitslag_vastgesteld"],
                    DECLARED[adopted],
                    dseq,
                )


# --- the whole folder ----------------------------------------------------------------------------


def verify_public_export(folder: Path | str) -> list[Problem]:
    """Check an export folder from its files alone; an empty list means everything recomputes."""
    folder = Path(folder)
    problems, _ = check_manifest(folder)

    meeting: dict[str, Any] = {}
    meeting_path = folder / MEETING
    if not meeting_path.is_file():
        problems.append(_p(MEETING, 0, "missing"))
    else:
        try:
            meeting = json.loads(meeting_path.read_text("utf-8"))
        except ValueError as exc:
            problems.append(_p(MEETING, 0, "unreadable", detail=str(exc)))
        if meeting and meeting.get("format") != FORMAT:
            problems.append(_p(MEETING, 0, "format", found=meeting.get("format")))

    integrity = meeting.get("integrity", {})
    if meeting and (integrity.get("ok") is False or meeting.get("audit", {}).get("chain_ok") is False):
        problems.append(_p(MEETING, 0, "marked" if integrity.get("ok") is False else "chain_not_ok"))
    for name in (ATTENDANCE, RESULTS, SUMMARY, README):
        if (folder / name).is_file() and csvfile.banner_of((folder / name).read_bytes()):
            problems.append(_p(name, 1, "marked"))
    head = manifest_head(folder)
    published = meeting.get("audit", {})
    if head is not None and meeting and head != (published.get("entries"), published.get("head")):
        problems.append(
            _p(
                MANIFEST,
                0,
                "manifest_head",
                manifest=f"{head[0]} {head[1]}",
                meeting=f"{published.get('entries')} {published.get('head')}",
            )
        )

    att = _Sheet(folder, ATTENDANCE, ATTENDANCE_REQUIRED, problems)
    weights: dict[str, int] = {}
    for n, r in enumerate(att.rows, start=2):
        code = r["gemeentecode"]
        if not re.fullmatch(r"GM\d{4}", code):
            problems.append(_p(ATTENDANCE, n, "code", code=code))
        if code in weights:
            problems.append(_p(ATTENDANCE, n, "duplicate", what="gemeentecode", key=code))
        w = att.int(n, r, "stemmen")
        if w is not None:
            if not 1 <= w <= 75:
                problems.append(_p(ATTENDANCE, n, "weight_range", code=code, value=w))
            weights[code] = w
    register = meeting.get("register", {})
    for what, published, counted in (
        ("gemeenten", register.get("members"), len(weights)),
        ("stemmen", register.get("votes"), sum(weights.values())),
    ):
        if att.rows and published != counted:
            problems.append(_p(MEETING, 0, "register", what=what, published=published, counted=counted))

    summary = _Sheet(folder, SUMMARY, SUMMARY_REQUIRED, problems)
    results = _Sheet(folder, RESULTS, RESULTS_REQUIRED, problems)
    by_vote: dict[str, tuple[int, dict[str, str]]] = {}
    for n, s in enumerate(summary.rows, start=2):
        if s["stemming"] in by_vote:
            problems.append(_p(SUMMARY, n, "duplicate", what="stemming", key=s["stemming"]))
        by_vote[s["stemming"]] = (n, s)
        if s["volgorde"] != str(n - 1):
            problems.append(_p(SUMMARY, n, "order", expected=n - 1, found=s["volgorde"]))
    if meeting and summary.rows is not None and meeting.get("votes") != len(summary.rows):
        problems.append(_p(MEETING, 0, "votes_count", published=meeting.get("votes"), counted=len(summary.rows)))
    listed = meeting.get("undeclared_votes")  # absent in exports made before it was published
    if isinstance(listed, list) and summary.ok:
        named = sorted(str(u.get("id")) for u in listed if isinstance(u, dict))
        closed = sorted(v for v, (_, s) in by_vote.items() if s.get("status") == "closed")
        if named != closed:
            problems.append(
                _p(MEETING, 0, "undeclared_list", published=", ".join(named) or "-", counted=", ".join(closed) or "-")
            )

    rows_of: dict[str, list[tuple[int, dict[str, str]]]] = {v: [] for v in by_vote}
    for n, r in enumerate(results.rows, start=2):
        if r["stemming"] not in by_vote:
            problems.append(_p(RESULTS, n, "unknown_vote", vote=r["stemming"]))
            continue
        s = by_vote[r["stemming"]][1]
        for column in ("volgorde", "agendapunt", "deel"):
            if r[column] != s[column]:
                problems.append(_p(RESULTS, n, "row_vote_fields", column=column, vote=r["stemming"]))
        rows_of[r["stemming"]].append((n, r))

    # A file that could not be read is reported once; recomputing from half of it would only
    # bury that one problem under a hundred consequences.
    complete = att.ok and summary.ok and results.ok
    for vote, (n, s) in by_vote.items() if complete else ():
        _check_vote(n, s, rows_of[vote], weights, summary, problems)
        for column, back in (("vervangt", "vervangen_door"), ("vervangen_door", "vervangt")):
            other = s[column]
            if other and (other not in by_vote or by_vote[other][1][back] != vote):
                problems.append(_p(SUMMARY, n, "link", vote=vote, other=other))

    if meeting:
        entries = check_audit(folder, meeting, problems)
        if entries is not None and complete:
            check_against_log(entries, weights, by_vote, rows_of, problems)
    return problems


def undeclared(folder: Path | str) -> list[Problem]:
    """The votes an export shows as closed and never declared, as notes to name (not failures:
    the figures of such a vote may check out, it simply has no result). From ``summary.csv``."""
    folder = Path(folder)
    sheet = _Sheet(folder, SUMMARY, SUMMARY_REQUIRED, [])
    numbers = {r["stemming"]: r["volgorde"] for r in sheet.rows}
    notes = []
    for n, r in enumerate(sheet.rows, start=2):
        if r.get("status") == "closed":
            by = r["vervangen_door"]
            params = {"number": r["volgorde"], "item": r["agendapunt"] + (f":{r['deel']}" if r["deel"] else "")}
            if by:
                notes.append(Problem(SUMMARY, n, T["undeclared_by"], {**params, "by": numbers.get(by, by)}))
            else:
                notes.append(Problem(SUMMARY, n, T["undeclared_note"], params))
    return notes
