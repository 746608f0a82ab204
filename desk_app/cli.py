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
