"""Translations with Qt's own tools: Dutch source strings (``self.tr()``), English in a ``.ts`` file.

    python scripts/i18n.py update    # lupdate: collect new/changed strings into resources/i18n/*.ts
    python scripts/i18n.py release   # lrelease: build the .qm files the app loads (not committed)
    python scripts/i18n.py check     # list strings without a finished translation; exit 1 if any

The ``.ts`` files are the sources in the repository; ``.qm`` files are built by the quick-start
script, the test suite and ``build.spec``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("en",)
# Where tr() strings live: windows, dialogs, printed layouts, the composition root.
SOURCES = ("desk_app/ui", "desk_app/printing", "desk_app/app.py")


def _tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from the same environment as this Python."""
    here = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(here) if here.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install PySide6 (pip install -e .)")
    return found


def ts_file(lang: str) -> Path:
    return I18N / f"stembalie_{lang}.ts"


def qm_file(lang: str) -> Path:
    return I18N / f"stembalie_{lang}.qm"


def source_files() -> list[str]:
    files: list[str] = []
    for entry in SOURCES:
        path = ROOT / entry
        files += sorted(str(p) for p in path.rglob("*.py")) if path.is_dir() else [str(path)]
    return files


def update(target: Path | None = None, lang: str = "en") -> Path:
    """Run lupdate into ``target`` (default: the committed .ts), keeping existing translations."""
    target = target or ts_file(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target != ts_file(lang) and ts_file(lang).exists():
        shutil.copyfile(ts_file(lang), target)
    subprocess.run(
        [
            _tool("lupdate"),
            *source_files(),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "nl",
            "-target-language",
            lang,
            "-ts",
            str(target),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return target


def release(lang: str = "en", out: Path | None = None) -> Path:
    out = out or qm_file(lang)
    subprocess.run([_tool("lrelease"), str(ts_file(lang)), "-qm", str(out)], check=True, capture_output=True, text=True)
    return out


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing: list[tuple[str, str]] = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip():
                if message.find("numerusform") is None and tr is not None and tr.find("numerusform") is not None:
                    continue
                missing.append((name, message.findtext("source") or ""))
    return missing


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    for lang in LANGUAGES:
        if command == "update":
            print(update(lang=lang))
        elif command == "release":
            print(release(lang))
        elif command == "check":
            missing = unfinished(update(Path(tempfile.gettempdir()) / f"stembalie-check-{lang}.ts", lang))
            for context, source in missing:
                print(f"{lang}: {context}: {source!r}")
            if missing:
                print(f"{len(missing)} untranslated string(s) for {lang}", file=sys.stderr)
                return 1
        else:
            print(__doc__)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
