#!/usr/bin/env bash
# Build the one-folder desktop application with PyInstaller and check it with its own self-test.
#   bash scripts/build.sh            -> dist/stembalie/ (copy this folder to the desk laptops)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/quickstart.sh none            # system libraries, .venv, translations
.venv/bin/python -m pip install -q -e '.[build]'
start=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean build.spec >/tmp/stembalie-build.log 2>&1 || {
  tail -30 /tmp/stembalie-build.log; echo "build failed: see /tmp/stembalie-build.log" >&2; exit 1; }
end=$(date +%s)
echo "built dist/stembalie in $((end - start)) s, $(du -sh dist/stembalie | cut -f1)"
# The frozen program checks itself offscreen: temporary meeting, card read back, pass to PDF.
QT_QPA_PLATFORM=offscreen STEMBALIE_HOME="$(mktemp -d)" dist/stembalie/stembalie --self-test
