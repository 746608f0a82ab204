"""Exports of a scripted meeting on a real SQLite file: they recompute, repeat byte for byte,
hold no names or secrets, keep formulas out of spreadsheets, and betray any tampering."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desk_app.domain.tally import Choice
from desk_app.domain.text import DeskError
from desk_app.export import csvfile, writer
from desk_app.export.verify import verify_public_export
from desk_app.services.demo import build_demo
from desk_app.services.export import ExportService
from desk_app.storage import audit
from desk_app.storage import meeting as meeting_repo
from tests.export.scripted import AMS, DBS, HOLDER, PRESENT, ROT, Scripted, run_meeting


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scripted]:
    folder = tmp_path_factory.mktemp("scripted")
    meeting = build_demo(folder / "meeting.sqlite")
    s = run_meeting(meeting, folder)
    yield s
    meeting.store.close()


@pytest.fixture(scope="module")
def exported(scripted: Scripted, qapp, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("export") / "alv"
    ExportService(scripted.meeting.store).export(folder)
    return folder


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    return csvfile.read_rows((folder / name).read_bytes())[1]


def by_number(folder: Path) -> dict[int, dict[str, str]]:
    return {int(r["volgorde"]): r for r in rows(folder, writer.SUMMARY)}


def rewrite_manifest(folder: Path) -> None:
    digests = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.name != writer.MANIFEST
    }
    (folder / writer.MANIFEST).write_bytes(writer.manifest_bytes(digests))


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        return re.sub(r"\s+", " ", text)  # lines wrapped in table cells read as one
    finally:
        doc.close()


# --- the export recomputes ------------------------------------------------------------------------


def test_every_file_is_there_and_the_manifest_holds(exported: Path) -> None:
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted([*writer.FILES, writer.MANIFEST])
    head, *lines = (exported / writer.MANIFEST).read_text("ascii").splitlines()
    assert head.startswith("# audit-head ") and len(head.split()) == 4  # the chain head, skipped by sha256sum
    assert [line.split("  ")[1] for line in lines] == sorted(writer.FILES)
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((exported / name).read_bytes()).hexdigest() == digest
    sha256sum = shutil.which("sha256sum")
    if sha256sum:  # the very check the LEESMIJ tells outsiders to run
        subprocess.run([sha256sum, "--quiet", "-c", writer.MANIFEST], cwd=exported, check=True)


def test_the_public_export_recomputes(exported: Path) -> None:
    assert [p.message() for p in verify_public_export(exported)] == []


def test_the_public_minimum_alone_recomputes(exported: Path, tmp_path: Path) -> None:
    """An outsider given only the four public files and their manifest can check everything."""
    for name in writer.PUBLIC_FILES:
        shutil.copy(exported / name, tmp_path / name)
    rewrite_manifest(tmp_path)
    assert [p.message() for p in verify_public_export(tmp_path)] == []


def test_summary_figures_as_counted_by_hand(exported: Path) -> None:
    s = by_number(exported)
    assert len(s) == 8
    # 1: secret vote on persons: totals only, no rows per municipality.
    assert (s[1]["geheim"], s[1]["stemmen_per_keuze"], s[1]["uitkomst_berekend"]) == ("ja", "150|75|1", "aangenomen")
    # 2: statute change, exactly two thirds of the votes cast passes (150 of 225).
    assert (s[2]["regel"], s[2]["voor_stemmen"], s[2]["tegen_stemmen"], s[2]["onthouding_stemmen"]) == (
        "two_thirds",
        "150",
        "75",
        "76",
    )
    assert (s[2]["uitgebracht_stemmen"], s[2]["drempel"], s[2]["voor_pct"], s[2]["uitkomst_berekend"]) == (
        "225",
        "150",
        "66,67",
        "aangenomen",
    )
    # 3: 151 against 150 is adopted as computed, but the chair declared it rejected; superseded.
    assert (s[3]["voor_stemmen"], s[3]["tegen_stemmen"], s[3]["uitkomst_berekend"]) == ("151", "150", "aangenomen")
    assert (s[3]["uitslag_vastgesteld"], s[3]["wijkt_af"], s[3]["vervangen_door"]) == (
        "verworpen",
        "ja",
        s[4]["stemming"],
    )
    assert (s[4]["vervangt"], s[4]["uitslag_vastgesteld"], s[4]["wijkt_af"]) == (s[3]["stemming"], "aangenomen", "nee")
    # 5 and 6: a motion in two parts; part b ties and is not adopted.
    assert (s[5]["deel"], s[5]["uitkomst_berekend"]) == ("a", "aangenomen")
    assert (s[6]["deel"], s[6]["voor_stemmen"], s[6]["tegen_stemmen"], s[6]["uitkomst_berekend"]) == (
        "b",
        "75",
        "75",
        "staken",
    )
    # 7: a ballot with three options: option 2 has 225 of 375 votes cast.
    assert (s[7]["keuzes"], s[7]["stemmen_per_keuze"], s[7]["winnaar_berekend"]) == (
        "optie-1|optie-2|optie-3|onthouding",
        "75|225|75|1",
        "optie-2",
    )
    assert s[7]["optienamen"] == "Utrecht|-Zwolle|@Den Haag" and s[7]["voor_stemmen"] == ""
    # 8: acclamation: no counts, declared adopted.
    assert (s[8]["methode"], s[8]["gestemd_stemmen"], s[8]["uitslag_vastgesteld"]) == ("acclamation", "", "aangenomen")
    # Everyone present at each opening (8 municipalities, 452 votes) is entitled to vote.
    assert {(r["stemgerechtigd_gemeenten"], r["stemgerechtigd_stemmen"]) for r in s.values()} == {("8", "452")}


def test_results_rows_are_the_snapshot_with_the_last_choice(exported: Path) -> None:
    s = by_number(exported)
    result = rows(exported, writer.RESULTS)
    votes = {r["stemming"] for r in result}
    assert s[1]["stemming"] not in votes and s[8]["stemming"] not in votes  # secret, acclamation
    statute = {r["gemeentecode"]: r for r in result if r["stemming"] == s[2]["stemming"]}
    assert sorted(statute) == sorted(set(PRESENT) - {DBS})  # Den Bosch had left
    assert statute[ROT]["keuze"] == "voor"  # first tegen, then voor before the close
    assert statute["GM0153"]["keuze"] == "niet gestemd"
    assert statute["GM0088"]["stemgewicht"] == "1"  # Schiermonnikoog
    assert set(result[0]) == set(writer.res.RESULTS_HEADER)  # no column with a name in it


def test_summary_agrees_with_the_voting_service(scripted: Scripted, exported: Path) -> None:
    for row in by_number(exported).values():
        tally = scripted.voting.tally(row["stemming"])
        if tally is None:
            assert row["methode"] == "acclamation"
            continue
        counts = "|".join(str(tally.count(o).weight) for o in tally.options)
        assert (row["stemmen_per_keuze"], row["uitgebracht_stemmen"]) == (counts, str(tally.cast.weight))


def test_attendance_lists_every_municipality(scripted: Scripted, exported: Path) -> None:
    att = {r["gemeentecode"]: r for r in rows(exported, writer.ATTENDANCE)}
    register = meeting_repo.load_members(scripted.meeting.store)
    assert sorted(att) == [m.code for m in register] and len(att) == 342
    assert sum(int(r["stemmen"]) for r in att.values()) == sum(m.votes for m in register)
    presence = {p.code: p.status for p in scripted.desk.presence()}
    assert {c for c, r in att.items() if r["aanwezig_bij_einde"] == "ja"} == {
        c for c, status in presence.items() if status == "active"
    }
    assert att[DBS]["aanwezig_bij_einde"] == "nee" and att[DBS]["laatste_vertrek"]
    assert att[AMS]["aanwezig_bij_einde"] == "ja"
    assert att[AMS]["aanwezigheid"].count("-") == 1  # the override kept one stretch
    assert att["GM0014"]["eerste_aanmelding"] == "" and att["GM0014"]["aanwezigheid"] == ""
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", att[ROT]["eerste_aanmelding"])


# --- same data, same bytes --------------------------------------------------------------------


def test_two_exports_of_the_same_data_are_byte_identical(scripted: Scripted, exported: Path, tmp_path: Path) -> None:
    entries = audit.verify(scripted.meeting.store).entries
    time.sleep(1.1)  # a clock that leaked into any file would now show a different second
    again = tmp_path / "again"
    ExportService(scripted.meeting.store).export(again)
    for name in (*writer.FILES, writer.MANIFEST):
        assert (again / name).read_bytes() == (exported / name).read_bytes(), name
    assert audit.verify(scripted.meeting.store).entries == entries  # exporting changes nothing


def test_new_data_gives_a_new_export(scripted: Scripted, exported: Path) -> None:
    """The converse, so the identity above is not vacuous: other data, other bytes."""
    data = ExportService(scripted.meeting.store).collect()
    other = writer.build_files(
        dataclasses.replace(data, audit_head=dataclasses.replace(data.audit_head, head="f" * 64))
    )
    assert other[writer.PDF] != (exported / writer.PDF).read_bytes()
    assert other[writer.MEETING] != (exported / writer.MEETING).read_bytes()
    assert other[writer.RESULTS] == (exported / writer.RESULTS).read_bytes()


# --- what must never be in an export --------------------------------------------------------------


def test_no_names_addresses_or_secrets(scripted: Scripted, exported: Path) -> None:
    store = scripted.meeting.store
    designations = meeting_repo.load_designations(store)
    personal = {d.name for d in designations.values() if d.name} | {d.email for d in designations.values() if d.email}
    personal |= {HOLDER}
    secret = meeting_repo.load_meeting(store).secret.hex()  # type: ignore[union-attr]
    pin = store.query("SELECT supervisor_pin FROM meeting")[0]["supervisor_pin"]
    texts = {p.name: p.read_bytes().decode("utf-8-sig") for p in exported.iterdir() if p.suffix != ".pdf"}
    texts[writer.PDF] = pdf_text(exported / writer.PDF)
    assert len(personal) > 300
    for name, text in texts.items():
        for value in personal:
            assert value not in text, (name, value)
        assert secret not in text and str(pin) not in text, name


# --- formula injection ----------------------------------------------------------------------------


def test_no_cell_can_become_a_formula(exported: Path) -> None:
    found_escaped = []
    for name in (writer.ATTENDANCE, writer.RESULTS, writer.SUMMARY):
        text = (exported / name).read_bytes().decode("utf-8-sig")
        for line in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
            for cell in line:
                # A negative number would be a number cell; every other first character is safe.
                assert not cell or cell[0] not in csvfile.TRIGGERS or re.fullmatch(r"-\d+", cell), (name, cell)
                if cell.startswith("'="):
                    found_escaped.append(cell)
    assert found_escaped == ['\'=HYPERLINK("http://x.invalid","klik")'] * 2  # vote 3 and its herstemming
    assert by_number(exported)[3]["titel"] == '=HYPERLINK("http://x.invalid","klik")'  # reads back exactly


# --- the proces-verbaal ---------------------------------------------------------------------------


def test_the_proces_verbaal_says_what_happened(scripted: Scripted, exported: Path) -> None:
    text = pdf_text(exported / writer.PDF)
    head = audit.verify(scripted.meeting.store).head
    for expected in (
        "Proces-verbaal",
        "Extra Algemene Ledenvergadering VNG",
        "24 mei 2024",
        head,  # the head hash of the audit chain, whole
        "Toegelaten ondanks eerdere registratie",
        "=onterecht al geregistreerd",
        "Herstemming: stemming 4 (agendapunt 4) vervangt stemming 3",
        "Stemming 3: de vastgestelde uitslag wijkt af van de berekende.",
        "verworpen: de stemmen staken",
        "gekozen: -Zwolle met 60,00%",
        "bij acclamatie aangenomen",
        "Bijlage A. Presentielijst",
        "Niet aangemeld (333 gemeenten)",
        "De voorzitter,",
    ):
        assert expected in text, expected
    for n in range(1, 9):
        assert f"Stemming {n} — agendapunt" in text
    pages = pdfium.PdfDocument(str(exported / writer.PDF))
    assert len(pages) >= 3 and f"pagina {len(pages)} van {len(pages)}" in text
    pages.close()


# --- tampering ------------------------------------------------------------------------------------


@pytest.fixture
def copy(exported: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(exported, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode(csvfile.ENCODING if path.suffix == ".csv" else "utf-8"))


def messages(folder: Path) -> list[str]:
    return [p.message() for p in verify_public_export(folder)]


def test_a_changed_file_breaks_the_manifest(copy: Path) -> None:
    _edit(copy / writer.RESULTS, ";GM0599;Rotterdam;75;voor", ";GM0599;Rotterdam;75;tegen")
    assert any("SHA-256 van results.csv klopt niet" in m for m in messages(copy))


def test_a_changed_choice_no_longer_adds_up(copy: Path) -> None:
    """Even with a forged manifest, the totals give the change away."""
    _edit(copy / writer.RESULTS, ";GM0599;Rotterdam;75;voor", ";GM0599;Rotterdam;75;tegen")
    rewrite_manifest(copy)
    found = messages(copy)
    assert found and all("SHA-256" not in m for m in found)
    assert any("'stemmen_per_keuze' is " in m for m in found), found


def test_a_changed_result_is_recomputed(copy: Path) -> None:
    _edit(copy / writer.SUMMARY, ";staken;", ";aangenomen;")
    rewrite_manifest(copy)
    assert any("'uitkomst_berekend' is aangenomen, nagerekend staken" in m for m in messages(copy))


def test_a_changed_weight_is_found(copy: Path) -> None:
    _edit(copy / writer.ATTENDANCE, "GM0088;Schiermonnikoog;Fryslân;1;", "GM0088;Schiermonnikoog;Fryslân;2;")
    rewrite_manifest(copy)
    found = messages(copy)
    assert any("registertotaal stemmen" in m for m in found)
    assert any("stemgewicht van GM0088 is 1, attendance.csv zegt 2" in m for m in found)


def test_a_changed_audit_entry_is_found(copy: Path) -> None:
    _edit(copy / writer.AUDIT, '"action":"pass.leave"', '"action":"pass.return"')
    rewrite_manifest(copy)
    assert any(m.startswith("audit.jsonl:") and "hash" in m for m in messages(copy))


def test_an_unreadable_file_is_one_problem_not_a_hundred(copy: Path) -> None:
    with open(copy / writer.RESULTS, "ab") as f:
        f.write(b"een regel met te weinig velden\r\n")
    rewrite_manifest(copy)
    assert messages(copy) == ["results.csv: bestand is onleesbaar: line 50: 1 fields, expected 8"]


def test_extra_and_missing_files_are_found(copy: Path) -> None:
    (copy / "extra.csv").write_text("x")
    (copy / writer.MEETING).unlink()
    found = messages(copy)
    assert any("extra.csv staat niet in het manifest" in m for m in found)
    assert any(m.startswith("meeting.json: bestand ontbreekt") for m in found)


def test_export_refuses_a_folder_with_other_files(scripted: Scripted, tmp_path: Path) -> None:
    (tmp_path / "notities.txt").write_text("van iemand anders")
    with pytest.raises(DeskError) as info:
        ExportService(scripted.meeting.store).export(tmp_path)
    assert info.value.code == "export.not_empty"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notities.txt"]


def test_choice_codes_in_results_are_the_domain_codes(exported: Path) -> None:
    allowed = {str(c) for c in Choice} | {"optie-1", "optie-2", "optie-3", "niet gestemd"}
    assert {r["keuze"] for r in rows(exported, writer.RESULTS)} <= allowed
