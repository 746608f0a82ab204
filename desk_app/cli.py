"""The headless face of Stembalie: the same services as the desk, for scripts, rehearsals and tests.

``desk-app [--db FILE] COMMAND``; with no command the desk window opens. Exit codes: 0 done,
1 refused (the reason on stderr), 2 usage error, 3 internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from desk_app import paths
from desk_app.app import meeting_path, open_meeting
from desk_app.domain.text import DeskError, Text, set_language

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


def _t(nl: str, en: str) -> str:
    """Help texts are chosen before parsing, from --lang / STEMBALIE_LANG."""
    return en if _LANG[0] == "en" else nl


_LANG = ["nl"]


def _early_language(argv: Sequence[str]) -> str:
    lang = os.environ.get("STEMBALIE_LANG", "nl")
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
    return lang if lang in ("nl", "en") else "nl"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desk-app",
        description=_t(
            "Stembalie: registratie en gewogen stemmingen voor de ALV van de VNG.",
            "Stembalie: registration and weighted votes for the VNG general assembly.",
        ),
    )
    p.add_argument("--db", type=Path, help=_t("het vergaderbestand (.sqlite)", "the meeting file (.sqlite)"))
    p.add_argument("--demo", action="store_true", help=_t("gebruik de demovergadering", "use the demo meeting"))
    p.add_argument("--lang", choices=["nl", "en"], default=None, help=_t("taal", "language"))
    p.add_argument("--desk", default=None, help=_t("naam van deze balie", "name of this desk"))
    p.add_argument("--actor", default=None, help=_t("wie de handeling doet", "who performs the action"))
    p.add_argument("--self-test", action="store_true",
                   help=_t("controleer deze installatie (tijdelijke vergadering, kaart lezen, stempas naar PDF)",
                           "check this installation (temporary meeting, read a card, pass to PDF)"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("init", help=_t("maak een nieuwe vergadering", "create a new meeting"))
    s.add_argument("--register", type=Path, help=_t("ledenregister (CSV, CBS-indeling)", "member register (CSV, CBS layout)"))
    s.add_argument("--name", default="Algemene Ledenvergadering VNG")
    s.add_argument("--date", default=None, help="YYYY-MM-DD")
    s.add_argument("--place", default="")
    s.add_argument("--desks", default="balie-1", help=_t("balies, komma-gescheiden", "desks, comma separated"))

    s = sub.add_parser("members", help=_t("toon het ledenregister", "show the member register"))
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("register", help=_t("lees het ledenregister opnieuw in", "re-import the member register"))
    s.add_argument("csv", type=Path)

    reps = sub.add_parser("reps", help=_t("aanwijzingen (vertegenwoordigers)", "designations (representatives)"))
    rsub = reps.add_subparsers(dest="reps_command", metavar="ACTION", required=True)
    s = rsub.add_parser("import", help=_t("lees aanwijzingen uit CSV", "import designations from CSV"))
    s.add_argument("csv", type=Path)
    s = rsub.add_parser("set", help=_t("leg één aanwijzing vast", "record one designation"))
    s.add_argument("code")
    s.add_argument("--name", default=None)
    s.add_argument("--role", default=None)
    s.add_argument("--email", default=None)

    sub.add_parser("open", help=_t("open de vergadering (gewichten liggen dan vast)", "open the meeting (freezes the weights)"))

    s = sub.add_parser("verify", help=_t("controleer de audit-keten", "verify the audit chain"))
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("checkin", help=_t("registreer een stemkaart (zelfde dienst als de balie)",
                                          "check a voting card in (the desk's own service)"))
    s.add_argument("token")
    s.add_argument("--name", required=True)
    s.add_argument("--role", required=True)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("presence", help=_t("presentielijst", "presence list"))
    s.add_argument("--json", action="store_true")

    for name, nl, en in (("leave", "stempas ingeleverd: vertrekt", "pass handed in: leaves"),
                         ("return", "komt terug met dezelfde stempas", "comes back with the same pass")):
        s = sub.add_parser(name, help=_t(nl, en))
        s.add_argument("serial", type=int)

    s = sub.add_parser("supervisor-pin", help=_t("stel de supervisor-pincode in", "set the supervisor PIN"))
    s.add_argument("pin")

    s = sub.add_parser("decode", help=_t("lees streepjescodes uit afbeeldingen of video's (de decoder van de balie)",
                                         "read barcodes from images or videos (the desk's own decoder)"))
    s.add_argument("files", nargs="+", type=Path)
    s.add_argument("--decoder", choices=["auto", "zxing", "pyzbar"], default=None)
    s.add_argument("--json", action="store_true")

    # -- before the meeting: stemkaarten (issue 3) --
    s = sub.add_parser("cards", help=_t("stemkaarten maken, versturen of vervangen",
                                        "make, send or replace voting cards"))
    s.add_argument("action", nargs="?", choices=["make", "send", "reissue"], default="make",
                   help=_t("make (standaard), send of reissue", "make (default), send or reissue"))
    s.add_argument("code", nargs="?", default=None, help=_t("gemeentecode (bij reissue)", "municipality code (with reissue)"))
    s.add_argument("--out", type=Path, default=None, help=_t("map voor de kaarten", "folder for the cards"))
    s.add_argument("--only", action="append", default=None, metavar="GM0363",
                   help=_t("alleen deze gemeente(n)", "only these municipalities"))
    s.add_argument("--dry-run", action="store_true", help=_t("schrijf .eml-bestanden in plaats van te versturen",
                                                            "write .eml files instead of sending"))
    s.add_argument("--resend-uncertain", action="store_true",
                   help=_t("verstuur ook kaarten waarvan onbekend is of ze aankwamen",
                           "also resend cards whose delivery is uncertain"))
    s.add_argument("--reason", default="", help=_t("reden van vervanging", "reason for the replacement"))

    # -- in the hall (issue 6) --
    s = sub.add_parser("agenda", help=_t("toon de agenda in stemvolgorde, of lees er een in",
                                         "show the agenda in voting order, or load one"))
    s.add_argument("--load", type=Path, default=None, help=_t("agendabestand (TOML)", "agenda file (TOML)"))
    s.add_argument("--json", action="store_true")

    vote = sub.add_parser("vote", help=_t("stemmingen: openen, vastleggen, sluiten, uitslag",
                                          "votes: open, record, close, result"))
    vsub = vote.add_subparsers(dest="vote_command", metavar="ACTION", required=True)
    s = vsub.add_parser("open", help=_t("open een stemming over een agendapunt", "open a vote on an agenda item"))
    s.add_argument("step", help=_t("agendapunt, bv. 4 of 4.M1 of 4.M2:a", "agenda item, e.g. 4 or 4.M1 or 4.M2:a"))
    s.add_argument("--subject", choices=["item", "as_amended", "preadvies"], default="item")
    s = vsub.add_parser("record", help=_t("leg een keuze vast", "record a choice"))
    s.add_argument("choice", help="voor | tegen | onthouding | optie-N")
    who = s.add_mutually_exclusive_group(required=True)
    who.add_argument("--pass", dest="pass_serial", type=int, help=_t("stempasnummer", "voting pass number"))
    who.add_argument("--code", help=_t("gemeentecode, bv. GM0363", "municipality code, e.g. GM0363"))
    s = vsub.add_parser("import", help=_t("lees een uitslagbestand in (pas of gemeentecode, keuze)",
                                          "import a results file (pass or municipality code, choice)"))
    s.add_argument("file", type=Path)
    vsub.add_parser("close", help=_t("sluit de open stemming", "close the open vote"))
    s = vsub.add_parser("declare", help=_t("stel de uitslag vast (voorzitter)", "declare the result (chair)"))
    s.add_argument("--as", dest="declared", choices=["computed", "adopted", "rejected"], default="computed")
    s.add_argument("--statement", default="")
    vsub.add_parser("rerun", help=_t("herstemming over de laatste stemming", "new vote superseding the last one"))
    s = vsub.add_parser("acclaim", help=_t("aangenomen bij acclamatie", "adopted by acclamation"))
    s.add_argument("step")
    s.add_argument("--statement", default="")
    s = vsub.add_parser("result", help=_t("uitslag van de huidige of een gegeven stemming", "result of the current or a given vote"))
    s.add_argument("vote_id", nargs="?", default=None)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("tally", help=_t("het uitslagenscherm voor de voorzitter (eigen proces)",
                                        "the chair's tally screen (its own process)"))
    s.add_argument("--screen", type=int, default=None, help=_t("schermnummer (0 = hoofdscherm)", "screen number (0 = main)"))
    s.add_argument("--windowed", action="store_true", help=_t("in een venster in plaats van schermvullend",
                                                               "in a window instead of full screen"))

    # -- after the meeting (issue 7) --
    s = sub.add_parser("export", help=_t("exporteer presentielijst, uitslagen, audit-log en proces-verbaal",
                                         "export attendance, results, audit log and minutes"))
    s.add_argument("--out", type=Path, required=True, help=_t("een lege of nieuwe map", "an empty or new folder"))

    s = sub.add_parser("backup", help=_t("maak een gecontroleerde reservekopie (SQLite backup-API)",
                                         "make a checked backup (SQLite backup API)"))
    s.add_argument("--to", type=Path, required=True, help=_t("map voor de kopieën, bv. een USB-stick",
                                                             "folder for the copies, e.g. a USB stick"))
    s.add_argument("--keep", type=int, default=12, help=_t("bewaar de laatste N (standaard 12)", "keep the last N (default 12)"))

    s = sub.add_parser("erase-personal", help=_t("wis namen en e-mailadressen (na de bewaartermijn)",
                                                 "erase names and e-mail addresses (after the retention period)"))
    when = s.add_mutually_exclusive_group(required=True)
    when.add_argument("--before", metavar="JJJJ-MM-DD", help=_t("wat vóór deze datum (UTC) is vastgelegd",
                                                                "what was recorded before this date (UTC)"))
    when.add_argument("--now", action="store_true", help=_t("alles tot nu", "everything until now"))

    s = sub.add_parser("verify-export", help=_t("reken een gepubliceerde export na (alleen de bestanden)",
                                                "recompute a published export (from its files only)"))
    s.add_argument("folder", type=Path)
    s.add_argument("--json", action="store_true")

    sub.add_parser("gui", help=_t("open het balievenster (standaard)", "open the desk window (default)"))
    return p


def cmd_init(args: argparse.Namespace) -> int:
    from desk_app.services.demo import build_demo
    from desk_app.services.meeting import Actor, MeetingService

    path = meeting_path(args)
    if args.demo:
        svc = build_demo(path)
    else:
        register = args.register or paths.default_register()
        if not args.date:
            raise DeskError("cli.date", Text("Geef de datum van de vergadering: --date JJJJ-MM-DD.",
                                             "Give the meeting date: --date YYYY-MM-DD."))
        svc = MeetingService.create(
            path, name=args.name, date=args.date, place=args.place,
            register_csv=Path(register).read_bytes(), register_source=str(register),
            desks=[d.strip() for d in args.desks.split(",") if d.strip()],
            actor=Actor(args.desk or "secretariaat", args.actor or "secretariaat"),
        )
    t = svc.totals()
    print(_t(f"Vergadering aangemaakt in {path}: {t.members} gemeenten, {t.votes} stemmen.",
             f"Meeting created in {path}: {t.members} municipalities, {t.votes} votes."))
    return EXIT_OK


def cmd_members(args: argparse.Namespace) -> int:
    svc = open_meeting(args)
    rows = svc.member_rows()
    t = svc.totals()
    if args.json:
        print(json.dumps({"members": [asdict(r) for r in rows], "totals": asdict(t)}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in rows:
        rep = f"{r.rep_name} ({r.rep_role})" if r.rep_name else "-"
        print(f"{r.code}  {r.name:<32.32} {r.province:<14.14} {r.population:>9}  {r.votes:>2}  {rep}")
    print(_t(f"{t.members} gemeenten, {t.votes} stemmen ({t.at_cap} op het maximum van 75, {t.at_minimum} op het minimum van 1)",
             f"{t.members} municipalities, {t.votes} votes ({t.at_cap} at the cap of 75, {t.at_minimum} at the minimum of 1)"))
    return EXIT_OK


def cmd_register(args: argparse.Namespace) -> int:
    svc = open_meeting(args)
    t = svc.import_register(_read(args.csv), str(args.csv))
    print(_t(f"Ledenregister ingelezen: {t.members} gemeenten, {t.votes} stemmen.",
             f"Member register imported: {t.members} municipalities, {t.votes} votes."))
    return EXIT_OK


def cmd_reps(args: argparse.Namespace) -> int:
    svc = open_meeting(args)
    if args.reps_command == "import":
        n = svc.import_designations(_read(args.csv), str(args.csv))
        print(_t(f"{n} aanwijzingen ingelezen.", f"{n} designations imported."))
    else:
        d = svc.set_designation(args.code, name=args.name, role=args.role, email=args.email)
        print(_t(f"Aanwijzing vastgelegd: {d.code} {d.name or '-'} ({d.role or '-'})",
                 f"Designation recorded: {d.code} {d.name or '-'} ({d.role or '-'})"))
    return EXIT_OK


def cmd_open(args: argparse.Namespace) -> int:
    m = open_meeting(args).open_meeting()
    print(_t(f"Vergadering geopend om {m.opened_at}; de stemgewichten liggen vast.",
             f"Meeting opened at {m.opened_at}; the weights are frozen."))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    r, problems = open_meeting(args).verify()
    if args.json:
        print(json.dumps({**asdict(r), "integrity": problems or "ok"}))
    elif r.ok and not problems:
        print(_t(f"Audit-keten klopt: {r.entries} regels, kop {r.head}.",
                 f"Audit chain holds: {r.entries} entries, head {r.head}."))
    if problems:
        print(_t("Bestand beschadigd: ", "File damaged: ") + "; ".join(problems[:5]), file=sys.stderr)
        return EXIT_REFUSED
    if not r.ok:
        print(_t(f"Audit-keten gebroken bij regel {r.first_bad_seq}: {r.reason}.",
                 f"Audit chain broken at entry {r.first_bad_seq}: {r.reason}."), file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def _desk(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from desk_app.services.desk import DeskService
    from desk_app.services.meeting import Actor

    svc = open_meeting(args)
    return DeskService(svc.store, Actor(args.desk or "balie-1", args.actor or os.environ.get("USER", "balie")))


def cmd_checkin(args: argparse.Namespace) -> int:
    desk = _desk(args)
    verdict, issued = desk.check_in_token(args.token, name=args.name, role=args.role)
    if args.json:
        print(json.dumps({
            "verdict": verdict.kind.value, "accepted": issued is not None, "message": verdict.explanation(),
            "code": verdict.code, "municipality": verdict.municipality, "votes": verdict.votes,
            "pass": issued.serial if issued else None, "pass_token": issued.token if issued else None,
        }, ensure_ascii=False))
    if issued is None:
        if not args.json:
            print(f"{verdict.headline()}: {verdict.explanation()}", file=sys.stderr)
        return EXIT_REFUSED
    if not args.json:
        print(_t(f"{verdict.headline()}: {verdict.municipality}, {verdict.votes} stemmen, stempas {issued.serial}",
                 f"{verdict.headline()}: {verdict.municipality}, {verdict.votes} votes, pass {issued.serial}"))
    return EXIT_OK


def cmd_presence(args: argparse.Namespace) -> int:
    desk = _desk(args)
    rows = desk.presence()
    c = desk.counters()
    if args.json:
        print(json.dumps({"presence": [asdict(r) for r in rows], "counters": asdict(c)}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for r in rows:
        who = f"{r.holder_name} ({r.holder_role})" if r.serial else ""
        print(f"{r.code}  {r.name:<32.32} {r.votes:>2}  {r.status:<7} {r.serial or '':>6}  {who}")
    print(_t(f"Aanwezig: {c.present_members} van {c.total_members} gemeenten, {c.present_votes} van {c.total_votes} stemmen",
             f"Present: {c.present_members} of {c.total_members} municipalities, {c.present_votes} of {c.total_votes} votes"))
    return EXIT_OK


def cmd_leave(args: argparse.Namespace) -> int:
    p = _desk(args).leave(args.serial)
    print(_t(f"Stempas {p.serial} ingeleverd; {p.code} is niet meer aanwezig.",
             f"Pass {p.serial} handed in; {p.code} is no longer present."))
    return EXIT_OK


def cmd_return(args: argparse.Namespace) -> int:
    p = _desk(args).come_back(args.serial)
    print(_t(f"Stempas {p.serial} weer actief; {p.code} is aanwezig.", f"Pass {p.serial} active again; {p.code} is present."))
    return EXIT_OK


def cmd_supervisor_pin(args: argparse.Namespace) -> int:
    _desk(args).set_supervisor_pin(args.pin)
    print(_t("Supervisor-pincode ingesteld.", "Supervisor PIN set."))
    return EXIT_OK


def cmd_decode(args: argparse.Namespace) -> int:
    from desk_app import settings
    from desk_app.scanning.decoder import decoder_for_setting
    from desk_app.scanning.files import decode_files

    errors: dict[str, str] = {}
    decoder = decoder_for_setting(args.decoder or settings.load().decoder)
    found = decode_files(args.files, decoder, on_error=lambda path, err: errors.__setitem__(str(path), err.message()))
    if args.json:
        print(json.dumps({"files": {str(p): tokens for p, tokens in found.items()}, "errors": errors}, indent=1))
    else:
        for path, tokens in found.items():
            print(f"{path}: {' '.join(tokens) if tokens else _t('(niets gelezen)', '(nothing read)')}")
        for message in errors.values():
            print(message, file=sys.stderr)
    return EXIT_REFUSED if errors else EXIT_OK


T_NEED_OUT = Text("Geef een map voor de kaarten: --out MAP.", "Give a folder for the cards: --out FOLDER.")
T_NEED_CODE = Text("Geef de gemeentecode: desk-app cards reissue GM0363 --reason …",
                   "Give the municipality code: desk-app cards reissue GM0363 --reason …")
T_NO_PASSWORD = Text(
    "Geen SMTP-wachtwoord: zet STEMBALIE_SMTP_PASSWORD of start vanaf een terminal om het in te typen.",
    "No SMTP password: set STEMBALIE_SMTP_PASSWORD or run from a terminal to type it.")


def _progress(done: int, total: int, text: str) -> None:
    print(f"\r{done}/{total} {text[:50]:<50}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def cmd_cards(args: argparse.Namespace) -> int:
    from desk_app import settings
    from desk_app.services.cards import CardService, SmtpSettings

    svc = open_meeting(args)
    cards = CardService(svc.store, svc.actor)
    if args.action == "reissue":
        if not args.code:
            raise DeskError("cli.code", T_NEED_CODE)
        record = cards.reissue(args.code, args.reason)
        print(_t(f"Nieuwe kaart voor {args.code}: versie {record.version}; de vorige is ingetrokken.",
                 f"New card for {args.code}: version {record.version}; the previous one is revoked."))
        if args.out:
            app = _qt_for_painting()  # noqa: F841 - kept alive while painting
            made = cards.make_one(args.code, args.out)
            print(made.pdf)
        return EXIT_OK
    if not args.out:
        raise DeskError("cli.out", T_NEED_OUT)
    app = _qt_for_painting()  # noqa: F841 - kept alive while painting
    if args.action == "make":
        result = cards.make_all(args.out, progress=_progress, codes=args.only)
        for f in result.failed:
            print(f"{f.code} {f.municipality}: {f.message}", file=sys.stderr)
        print(_t(f"{len(result.made)} kaarten gemaakt en gecontroleerd in {result.seconds:.1f} s; index: {result.index}",
                 f"{len(result.made)} cards made and verified in {result.seconds:.1f} s; index: {result.index}"))
        return EXIT_REFUSED if result.failed else EXIT_OK
    smtp = None
    if not args.dry_run:
        from desk_app import credentials

        prefs = settings.load()
        password = credentials.get_password(prefs.smtp_host, prefs.smtp_user)
        if password is None:
            if not sys.stdin or not sys.stdin.isatty():
                raise DeskError("cli.password", T_NO_PASSWORD)
            import getpass

            password = getpass.getpass(_t("SMTP-wachtwoord: ", "SMTP password: "))
        smtp = SmtpSettings.from_preferences(prefs, password)
    sent = cards.send_all(smtp, args.out, dry_run=args.dry_run, resend_uncertain=args.resend_uncertain,
                          codes=args.only, progress=_progress)
    for f in sent.failed:
        print(f"{f.code} {f.municipality}: {f.message}", file=sys.stderr)
    if sent.uncertain:
        print(_t("Onzeker of aangekomen (niet opnieuw verstuurd; gebruik --resend-uncertain): ",
                 "Delivery uncertain (not resent; use --resend-uncertain): ") + ", ".join(sent.uncertain), file=sys.stderr)
    print(_t(f"Verstuurd: {len(sent.sent)}, al eerder verstuurd: {len(sent.already_sent)}, mislukt: {len(sent.failed)}, "
             f"zonder adres: {len(sent.no_address)}" + (f", .eml-bestanden: {len(sent.eml_files)}" if args.dry_run else ""),
             f"Sent: {len(sent.sent)}, sent before: {len(sent.already_sent)}, failed: {len(sent.failed)}, "
             f"no address: {len(sent.no_address)}" + (f", .eml files: {len(sent.eml_files)}" if args.dry_run else "")))
    return EXIT_REFUSED if sent.failed or sent.uncertain else EXIT_OK


def _voting(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from desk_app.services.voting import VotingService

    desk = _desk(args)
    voting = VotingService(desk.store, desk.actor, lambda: [(s, c) for s, c, _ in desk.active_passes()])
    return voting, desk


def cmd_agenda(args: argparse.Namespace) -> int:
    voting, _ = _voting(args)
    if args.load:
        voting.load_agenda_file(args.load)
    agenda = voting.agenda()
    if agenda is None:
        print(_t("Er is nog geen agenda ingelezen (desk-app agenda --load BESTAND).",
                 "No agenda has been loaded yet (desk-app agenda --load FILE)."), file=sys.stderr)
        return EXIT_REFUSED
    order = [str(step) for step in voting.voting_order()]
    if args.json:
        print(json.dumps({"items": [{"key": i.key, "type": str(i.type), "title": i.title} for i in agenda.items],
                          "voting_order": order}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for i in agenda.items:
        print(f"{i.key:<8} {str(i.type):<14} {i.title}")
    print(_t("Stemvolgorde: ", "Voting order: ") + ", ".join(order))
    return EXIT_OK


def _result_json(voting, vote) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from desk_app.domain.tally import describe
    from desk_app.services.voting import summary

    t = vote.tally()
    return {
        "vote": vote.id, "number": voting.number(vote.id), "item": vote.item, "part": vote.part,
        "subject": str(vote.subject), "status": str(vote.status), "method": str(vote.method),
        "rule": vote.rule.code, "base": str(vote.base), "supersedes": vote.supersedes,
        "superseded_by": vote.superseded_by,
        "computed": summary(t) if t is not None else None,
        "computed_text": describe(t) if t is not None else None,
        "declared": None if vote.declaration is None else {
            "adopted": vote.declaration.adopted, "statement": vote.declaration.statement},
    }


def cmd_vote(args: argparse.Namespace) -> int:
    from desk_app.domain.agenda import parse_step
    from desk_app.domain.tally import describe
    from desk_app.domain.vote import Subject

    voting, _ = _voting(args)
    c = args.vote_command
    if c == "open":
        vote = voting.open(parse_step(args.step), subject=Subject(args.subject))
    elif c == "record":
        vote = voting.record(args.choice, pass_serial=args.pass_serial, code=args.code, source="cli")
    elif c == "import":
        vote = voting.import_results(_read(args.file), str(args.file))
    elif c == "close":
        vote = voting.close()
    elif c == "declare":
        if args.declared == "computed":
            vote = voting.declare_computed()
        else:
            vote = voting.declare(adopted=args.declared == "adopted", statement=args.statement)
    elif c == "rerun":
        vote = voting.rerun()
    elif c == "acclaim":
        vote = voting.acclaim(parse_step(args.step), args.statement)
    else:  # result
        vote = voting.vote(args.vote_id) if args.vote_id else voting.current()
        if vote is None:
            print(_t("Er is nog geen stemming gehouden.", "No vote has been held yet."), file=sys.stderr)
            return EXIT_REFUSED
    if c == "result" and args.json:
        print(json.dumps(_result_json(voting, vote), ensure_ascii=False, indent=1))
        return EXIT_OK
    t = vote.tally()
    line = f"{_t('Stemming', 'Vote')} {voting.number(vote.id)} ({vote.item}{':' + vote.part if vote.part else ''}): {vote.status}"
    if t is not None:
        from desk_app.domain.tally import Choice, format_votes

        counts = " · ".join(f"{o}: {format_votes(t.count(o).weight)} ({t.count(o).members})" for o in t.options)
        line += f" — {counts}"
        if not vote.is_open:
            line += f" — {describe(t)}"
        elif Choice.VOOR in t.options:
            line += _t(f" — nog niet gestemd: {t.not_voted.members}", f" — not voted yet: {t.not_voted.members}")
    print(line)
    return EXIT_OK


def cmd_tally(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from desk_app import settings
    from desk_app.services.chair import screen_state
    from desk_app.ui.tally_window import TallyWindow

    from desk_app.ui.i18n import install_language

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_language(app, args.lang or settings.load().language)
    voting, desk = _voting(args)
    store = desk.store
    window = TallyWindow(lambda: screen_state(voting, desk),
                         store.change_marker)
    screen = args.screen if args.screen is not None else settings.load().tally_screen
    window.show_on_screen(screen, fullscreen=not args.windowed)
    if os.environ.get("STEMBALIE_QUIT_AFTER_MS"):
        from PySide6.QtCore import QTimer

        QTimer.singleShot(int(os.environ["STEMBALIE_QUIT_AFTER_MS"]), app.quit)
    code = app.exec()
    window.timer.stop()
    store.close()
    return int(code)


def _qt_for_painting() -> object:
    """Qt lays out PDFs and cards: a QGuiApplication is needed, but no window or display."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def cmd_export(args: argparse.Namespace) -> int:
    from desk_app.services.export import ExportService

    app = _qt_for_painting()  # noqa: F841 - kept alive while painting
    svc = open_meeting(args)
    try:
        result = ExportService(svc.store).export(args.out)
    finally:
        svc.store.close()
    for name, digest in sorted(result.files.items()):
        print(f"{digest}  {name}")
    print(_t(f"Export geschreven naar {result.folder}; manifest.sha256 = {result.manifest_sha256}.",
             f"Export written to {result.folder}; manifest.sha256 = {result.manifest_sha256}."))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from desk_app.services.backup import backup_now

    svc = open_meeting(args)
    source = svc.store.path
    svc.store.close()
    r = backup_now(source, args.to, keep=args.keep)
    print(_t(f"Reservekopie {r.path} ({r.size} bytes, {r.audit_entries} audit-regels, kop {r.audit_head[:12]}…); "
             f"{len(r.removed)} oudere verwijderd.",
             f"Backup {r.path} ({r.size} bytes, {r.audit_entries} audit entries, head {r.audit_head[:12]}…); "
             f"{len(r.removed)} older removed."))
    return EXIT_OK


def cmd_erase_personal(args: argparse.Namespace) -> int:
    from desk_app.services.archive import ArchiveService, cutoff_from_date

    svc = open_meeting(args)
    try:
        r = ArchiveService(svc.store, svc.actor).erase_personal(None if args.now else cutoff_from_date(args.before))
    finally:
        svc.store.close()
    print(_t(f"Gewist vóór {r.before}: {r.designations} aanwijzingen, {r.passes} stempashouders, "
             f"{r.card_mail} kaart-e-mailadressen, {r.audit_personal} persoonsgegevens in het audit-log "
             f"(audit-regel {r.audit_seq}).",
             f"Erased before {r.before}: {r.designations} designations, {r.passes} pass holders, "
             f"{r.card_mail} card e-mail addresses, {r.audit_personal} personal values in the audit log "
             f"(audit entry {r.audit_seq})."))
    if not r.wal_cleared:
        print(_t("Let op: een ander programma had het bestand open; sluit het en voer dit opnieuw uit om "
                 "ook de oude kopieën in het -wal-bestand te wissen.",
                 "Note: another program had the file open; close it and run this again to also clear "
                 "the old copies in the -wal file."), file=sys.stderr)
    return EXIT_OK


def cmd_verify_export(args: argparse.Namespace) -> int:
    from desk_app.services.export import verify_export

    problems = verify_export(args.folder)
    if args.json:
        print(json.dumps({"ok": not problems, "problems": [p.message() for p in problems]}, ensure_ascii=False))
    elif not problems:
        print(_t(f"Export {args.folder} klopt: manifest, totalen, uitslagen en audit-keten nagerekend.",
                 f"Export {args.folder} holds: manifest, totals, results and audit chain recomputed."))
    for p in problems:
        print(p.message(), file=sys.stderr)
    return EXIT_REFUSED if problems else EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from desk_app.app import run_gui

    return run_gui(args)


T_NO_FILE = Text("Bestand {path} bestaat niet of is niet leesbaar.", "File {path} does not exist or cannot be read.")


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        raise DeskError("cli.no_file", T_NO_FILE, {"path": str(path)}) from None


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "members": cmd_members,
    "register": cmd_register,
    "reps": cmd_reps,
    "open": cmd_open,
    "verify": cmd_verify,
    "checkin": cmd_checkin,
    "presence": cmd_presence,
    "leave": cmd_leave,
    "return": cmd_return,
    "supervisor-pin": cmd_supervisor_pin,
    "decode": cmd_decode,
    "cards": cmd_cards,
    "agenda": cmd_agenda,
    "vote": cmd_vote,
    "tally": cmd_tally,
    "export": cmd_export,
    "backup": cmd_backup,
    "erase-personal": cmd_erase_personal,
    "verify-export": cmd_verify_export,
    "gui": cmd_gui,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _LANG[0] = _early_language(argv)
    set_language(_LANG[0])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 0 for --help, 2 for usage errors
        return int(exc.code or 0)
    command = args.command or "gui"
    if args.self_test:
        from desk_app import selftest

        return selftest.run()
    try:
        return COMMANDS[command](args)
    except DeskError as err:
        print(err.message(), file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_REFUSED
    except Exception:  # a bug: say so plainly, keep the traceback for the report
        traceback.print_exc()
        print(_t("Interne fout in Stembalie; meld dit met de tekst hierboven.",
                 "Internal error in Stembalie; report it with the text above."), file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
