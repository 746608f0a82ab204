#!/usr/bin/env bash
# Stembalie quick start: install what is needed (system libraries, a virtualenv, the package)
# and then either open the app on the demo meeting or run the whole test suite.
#   bash scripts/quickstart.sh app     # install + open the demo meeting
#   bash scripts/quickstart.sh test    # install + run every test (what .ci/run does)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-app}; shift || true

say() { printf '\033[1m[stembalie]\033[0m %s\n' "$*" >&2; }

# --- system libraries -------------------------------------------------------------------------
# zbar for pyzbar; the xcb libraries Qt >= 6.5 needs for a real window; fonts for printed passes;
# PostgreSQL 15 and pg_auto_failover for the meeting server (the tests start a real formation).
SYS_PKGS=(libzbar0 libgl1 libglib2.0-0 libegl1 libfontconfig1 libdbus-1-3 libxkbcommon0
          libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
          libxcb-render-util0 libxcb-xinerama0 libxcb-shape0 libxcb-randr0 libxcb-xfixes0
          libxcb-xkb1 libx11-xcb1 fonts-dejavu-core
          postgresql-15 postgresql-15-auto-failover pg-auto-failover-cli)
missing=()
if command -v dpkg >/dev/null 2>&1; then
  for p in "${SYS_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "installing system packages: ${missing[*]}"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"; } >/tmp/stembalie-apt.log 2>&1; then
    say "Could not install the system packages (${missing[*]}); see /tmp/stembalie-apt.log."
    say "Install them by hand (Debian/Ubuntu: sudo apt-get install ${missing[*]}) and run this again."
    exit 3
  fi
elif ! command -v dpkg >/dev/null 2>&1; then
  say "Not a Debian/Ubuntu system: make sure the zbar library (libzbar0 / zbar) and Qt's xcb libraries are installed,"
  say "and for the meeting server PostgreSQL 15 with pg_auto_failover (pg_autoctl)."
fi

# --- Python environment -----------------------------------------------------------------------
PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { say "Python >= 3.11 is needed ($PY is older)."; exit 3; }
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$PY" -m venv .venv || { say "python3 -m venv failed: install the venv module (sudo apt-get install python3-venv)."; exit 3; }
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  say "installing Python packages (first time takes a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  rm -f .venv/.installed-*; touch "$stamp"
fi
.venv/bin/python scripts/i18n.py release >/dev/null  # the .qm files the app loads (from the .ts sources)

case "$what" in
  app)  exec .venv/bin/desk-app --demo "$@" ;;
  none) ;;  # install only (used by scripts/build.sh)
  test) export QT_QPA_PLATFORM=offscreen
        # Cheapest checks first: each stops the run with its own report.
        .venv/bin/lint-imports --no-cache
        # Lint, format and types (config in pyproject.toml).
        .venv/bin/ruff check .
        .venv/bin/ruff format --check .
        .venv/bin/mypy
        # Three workers on two cores (pytest-xdist): the formation groups spend much of their
        # time waiting for PostgreSQL, and a third worker fills that. --dist loadgroup keeps each
        # xdist_group on one worker; --no-loadscope-reorder keeps the order tests/conftest.py
        # gives (the longest groups first).
        exec .venv/bin/python -m pytest -n 3 --dist loadgroup --no-loadscope-reorder "$@" ;;
  *)    say "usage: bash scripts/quickstart.sh app|test|none"; exit 2 ;;
esac
