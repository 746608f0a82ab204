"""After the meeting: the export, checked backups, erasing personal data, and anyone's check of an export."""

from __future__ import annotations

import sys
from pathlib import Path

from desk_app.cli.base import EXIT_OK, EXIT_REFUSED, Command, Context, add_json, qt_for_painting
from desk_app.cli.parser import T_DATE, Parser
from desk_app.domain.text import Text, log_entries

T_EXPORTED = Text(
    "Export geschreven naar {folder}; manifest.sha256 = {manifest}.",
    "Export written to {folder}; manifest.sha256 = {manifest}.",
)
T_MARKED = Text(
    "Let op: het vergaderbestand klopt niet met zijn logboek; elk bestand in {folder} is gemarkeerd "
    "als INTEGRITEITSFOUT en verify-export keurt de export af.",
    "Note: the meeting file does not match its audit log; every file in {folder} is marked "
    "INTEGRITEITSFOUT and verify-export fails the export.",
)
T_BACKUP = Text(
    "Reservekopie {path} ({size} bytes, {entries} in het logboek, kop {head}…); {removed} oudere verwijderd.",
    "Backup {path} ({size} bytes, {entries} in the audit log, head {head}…); {removed} older removed.",
)
T_ERASED = Text(
    "Gewist vóór {before}: {designations} vertegenwoordigers, {passes} stempashouders, "
    "{card_mail} kaart-e-mailadressen, {audit_personal} persoonsgegevens in het logboek "
    "(logboekregel {audit_seq}).",
    "Erased before {before}: {designations} designations, {passes} pass holders, "
    "{card_mail} card e-mail addresses, {audit_personal} personal values in the audit log "
    "(audit log entry {audit_seq}).",
)
T_WAL_KEPT = Text(
    "Let op: een ander programma had het bestand open; sluit het en voer dit opnieuw uit om "
    "ook de oude kopieën in het -wal-bestand te wissen.",
    "Note: another program had the file open; close it and run this again to also clear "
    "the old copies in the -wal file.",
)
T_EXPORT_OK = Text(
    "Export {folder} klopt: manifest, totalen, uitslagen en de keten van het logboek nagerekend.",
    "Export {folder} holds: manifest, totals, results and audit log recomputed.",
)

T_NOTE = Text("Let op: {note}.", "Note: {note}.")


def _export_arguments(p: Parser) -> None:
    p.add_argument("--out", type=Path, required=True, help=Text("een lege of nieuwe map", "an empty or new folder"))
    p.add_argument(
        "--despite-integrity-failure",
        action="store_true",
        help=Text(
            "exporteer ook als het bestand niet klopt met zijn logboek; elk bestand krijgt dan de markering "
            "INTEGRITEITSFOUT (alleen voor onderzoek van een incident)",
            "export even when the file does not match its audit log; every file is then marked "
            "INTEGRITEITSFOUT (only to investigate an incident)",
        ),
    )


def run_export(ctx: Context) -> int:
    app = qt_for_painting()  # noqa: F841 - kept alive while the proces-verbaal is painted
    despite = ctx.args.despite_integrity_failure
    result = ctx.session.export.export(ctx.args.out, despite_integrity_failure=despite)
    # Told to go on: say whether it had to (the record checked once more, only in this incident case).
    if despite and not ctx.session.meeting.verify()[0].ok:
        ctx.warn(T_MARKED, folder=result.folder)
    for name, digest in sorted(result.files.items()):
        print(f"{digest}  {name}")
    ctx.say(T_EXPORTED, folder=result.folder, manifest=result.manifest_sha256)
    return EXIT_OK


def _backup_arguments(p: Parser) -> None:
    p.add_argument(
        "--to",
        type=Path,
        required=True,
        help=Text("map voor de kopieën, bv. een USB-stick", "folder for the copies, e.g. a USB stick"),
    )
    p.add_argument(
        "--keep",
        type=int,
        default=12,
        help=Text("bewaar de laatste N (standaard 12)", "keep the last N (default 12)"),
    )


def run_backup(ctx: Context) -> int:
    from desk_app.services.backup import backup_now

    source = ctx.session.store.path  # opening it first refuses a missing or damaged meeting clearly
    ctx.close()  # the backup reads the file on connections of its own
    r = backup_now(source, ctx.args.to, keep=ctx.args.keep)
    ctx.say(
        T_BACKUP,
        path=r.path,
        size=r.size,
        entries=log_entries(r.audit_entries),
        head=r.audit_head[:12],
        removed=len(r.removed),
    )
    return EXIT_OK


def _erase_arguments(p: Parser) -> None:
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument(
        "--before",
        metavar=p.tr(T_DATE),
        help=p.tr(Text("wat vóór deze datum (UTC) is vastgelegd", "what was recorded before this date (UTC)")),
    )
    when.add_argument("--now", action="store_true", help=p.tr(Text("alles tot nu", "everything until now")))


def run_erase_personal(ctx: Context) -> int:
    from desk_app.services.archive import cutoff_from_date

    before = None if ctx.args.now else cutoff_from_date(ctx.args.before)
    r = ctx.session.archive.erase_personal(before)
    ctx.close()
    ctx.say(
        T_ERASED,
        before=r.before,
        designations=r.designations,
        passes=r.passes,
        card_mail=r.card_mail,
        audit_personal=r.audit_personal,
        audit_seq=r.audit_seq,
    )
    if not r.wal_cleared:
        ctx.warn(T_WAL_KEPT)
    return EXIT_OK


def _verify_export_arguments(p: Parser) -> None:
    p.add_argument("folder", type=Path, help=Text("de exportmap", "the export folder"))
    add_json(p)


def run_verify_export(ctx: Context) -> int:
    from desk_app.services.export import undeclared_in_export, verify_export

    problems = verify_export(ctx.args.folder)
    messages = [p.message(ctx.lang) for p in problems]
    # Named, not failed: a vote closed but never declared has no result (issue 13.4).
    notes = [n.message(ctx.lang) for n in undeclared_in_export(ctx.args.folder)]
    if ctx.args.json:
        ctx.json({"ok": not problems, "problems": messages, "undeclared": notes}, indent=None)
    else:
        if not problems:
            ctx.say(T_EXPORT_OK, folder=ctx.args.folder)
        for note in notes:
            ctx.say(T_NOTE, note=note)
    for message in messages:
        print(message, file=sys.stderr)
    return EXIT_REFUSED if problems else EXIT_OK


COMMANDS = (
    Command(
        "export",
        Text(
            "exporteer presentielijst, uitslagen, logboek en proces-verbaal",
            "export attendance, results, audit log and minutes",
        ),
        run_export,
        _export_arguments,
        writes=False,  # it refuses a broken record itself, or marks every file
    ),
    Command(
        "backup",
        Text("maak een gecontroleerde reservekopie (SQLite backup-API)", "make a checked backup (SQLite backup API)"),
        run_backup,
        _backup_arguments,
        writes=False,  # a copy elsewhere, checked by itself
    ),
    Command(
        "erase-personal",
        Text(
            "wis namen, e-mailadressen en redenen (na de bewaartermijn)",
            "erase names, addresses and reasons (after the retention period)",
        ),
        run_erase_personal,
        _erase_arguments,
    ),
    Command(
        "verify-export",
        Text(
            "reken een gepubliceerde export na (alleen de bestanden)",
            "recompute a published export (from its files only)",
        ),
        run_verify_export,
        _verify_export_arguments,
        writes=False,
    ),
)
