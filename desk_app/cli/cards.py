"""The stemkaarten: make them all (each read back before it counts), send them, replace a lost one."""

from __future__ import annotations

import sys
from pathlib import Path

from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, Command, Context, progress, qt_for_painting
from desk_app.cli.parser import Parser
from desk_app.domain.text import DeskError, Text

T_NEED_OUT = Text("Geef een map voor de kaarten: --out MAP.", "Give a folder for the cards: --out FOLDER.")
T_NEED_CODE = Text(
    "Geef de gemeentecode: desk-app cards reissue GM0363 --reason …",
    "Give the municipality code: desk-app cards reissue GM0363 --reason …",
)
T_NO_PASSWORD = Text(
    "Geen SMTP-wachtwoord: zet STEMBALIE_SMTP_PASSWORD of start vanaf een terminal om het in te typen.",
    "No SMTP password: set STEMBALIE_SMTP_PASSWORD or run from a terminal to type it.",
)
T_PASSWORD_PROMPT = Text("SMTP-wachtwoord: ", "SMTP password: ")
T_REISSUED = Text(
    "Nieuwe kaart voor {code}: versie {version}; de vorige is ingetrokken.",
    "New card for {code}: version {version}; the previous one is revoked.",
)
T_MADE = Text(
    "{n} kaarten gemaakt en gecontroleerd in {seconds:.1f} s; index: {index}",
    "{n} cards made and verified in {seconds:.1f} s; index: {index}",
)
T_UNCERTAIN = Text(
    "Onzeker of aangekomen (niet opnieuw verstuurd; gebruik --resend-uncertain): {codes}",
    "Delivery uncertain (not resent; use --resend-uncertain): {codes}",
)
T_SENT = Text(
    "Verstuurd: {sent}, al eerder verstuurd: {already}, mislukt: {failed}, zonder adres: {no_address}",
    "Sent: {sent}, sent before: {already}, failed: {failed}, no address: {no_address}",
)
T_SENT_EML = Text(", .eml-bestanden: {n}", ", .eml files: {n}")


def _arguments(p: Parser) -> None:
    p.add_argument(
        "action",
        nargs="?",
        choices=["make", "send", "reissue"],
        default="make",
        help=Text("make (standaard), send of reissue", "make (default), send or reissue"),
    )
    p.add_argument(
        "code", nargs="?", default=None, help=Text("gemeentecode (bij reissue)", "municipality code (with reissue)")
    )
    p.add_argument("--out", type=Path, default=None, help=Text("map voor de kaarten", "folder for the cards"))
    p.add_argument(
        "--only",
        action="append",
        default=None,
        metavar="GM0363",
        help=Text("alleen deze gemeenten", "only these municipalities"),
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help=Text("schrijf .eml-bestanden in plaats van te versturen", "write .eml files instead of sending"),
    )
    p.add_argument(
        "--resend-uncertain",
        action="store_true",
        help=Text(
            "verstuur ook kaarten waarvan onbekend is of ze aankwamen",
            "also resend cards whose delivery is uncertain",
        ),
    )
    p.add_argument("--reason", default="", help=Text("reden van vervanging", "reason for the replacement"))


def run_cards(ctx: Context) -> int:
    args = ctx.args
    if args.action == "reissue":
        return _reissue(ctx)
    if not args.out:
        raise DeskError("cli.out", T_NEED_OUT)
    cards = ctx.session.cards
    app = qt_for_painting()  # noqa: F841 - kept alive while painting
    if args.action == "make":
        result = cards.make_all(args.out, progress=progress, codes=args.only)
        for f in result.failed:
            print(f"{f.code} {f.municipality}: {f.message}", file=sys.stderr)
        ctx.say(T_MADE, n=len(result.made), seconds=result.seconds, index=result.index)
        return EXIT_REFUSED if result.failed else EXIT_OK
    return _send(ctx)


def _reissue(ctx: Context) -> int:
    args = ctx.args
    if not args.code:
        raise DeskError("cli.code", T_NEED_CODE)
    cards = ctx.session.cards
    record = cards.reissue(args.code, args.reason)
    ctx.say(T_REISSUED, code=args.code, version=record.version)
    if args.out:
        app = qt_for_painting()  # noqa: F841 - kept alive while painting
        print(cards.make_one(args.code, args.out).pdf)
    return EXIT_OK


def _send(ctx: Context) -> int:
    from desk_app.services.cards import SmtpSettings

    args = ctx.args
    smtp = None
    if not args.dry_run:
        from desk_app import credentials, settings

        prefs = settings.load()
        password = credentials.get_password(prefs.smtp_host, prefs.smtp_user)
        if password is None:
            if not sys.stdin or not sys.stdin.isatty():
                raise DeskError("cli.password", T_NO_PASSWORD)
            import getpass

            password = getpass.getpass(ctx.tr(T_PASSWORD_PROMPT))
        smtp = SmtpSettings.from_preferences(prefs, password)
    sent = ctx.session.cards.send_all(
        smtp, args.out, dry_run=args.dry_run, resend_uncertain=args.resend_uncertain, codes=args.only, progress=progress
    )
    for f in sent.failed:
        print(f"{f.code} {f.municipality}: {f.message}", file=sys.stderr)
    if sent.uncertain:
        ctx.warn(T_UNCERTAIN, codes=", ".join(sent.uncertain))
    line = ctx.tr(
        T_SENT,
        sent=len(sent.sent),
        already=len(sent.already_sent),
        failed=len(sent.failed),
        no_address=len(sent.no_address),
    )
    if args.dry_run:
        line += ctx.tr(T_SENT_EML, n=len(sent.eml_files))
    print(line)
    return EXIT_REFUSED if sent.failed or sent.uncertain else EXIT_OK


COMMANDS = (
    Command(
        "cards",
        Text(
            "stemkaarten maken (make), versturen (send) of vervangen (reissue)",
            "make, send or replace (reissue) voting cards",
        ),
        run_cards,
        _arguments,
    ),
)
