#!/usr/bin/env bash
# Creates .venv with the first Python >= 3.12 found (Django 6 needs it) and installs requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

suitable() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

if [ -x .venv/bin/python ] && suitable .venv/bin/python; then
  python=.venv/bin/python
else
  candidates=(python3.13 python3.12 python3)
  if command -v pyenv >/dev/null 2>&1; then
    root=$(pyenv root)
    for dir in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do candidates+=("$dir/bin/python3"); done
  fi
  for dir in $(ls -d /root/.pyenv/versions/3.1[2-9]* "$HOME"/.pyenv/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
    candidates+=("$dir/bin/python3")
  done
  found=""
  for candidate in "${candidates[@]}"; do
    if command -v "$candidate" >/dev/null 2>&1 && suitable "$candidate"; then found=$(command -v "$candidate"); break; fi
  done
  if [ -z "$found" ]; then
    echo "No Python 3.12 or newer found. Install one, for example: sudo apt-get install -y python3.12-venv" >&2
    exit 1
  fi
  rm -rf .venv
  "$found" -m venv .venv
  python=.venv/bin/python
fi
echo "setup: $($python --version) in .venv"
$python -m pip install -q --disable-pip-version-check --upgrade pip
$python -m pip install -q --disable-pip-version-check -r requirements.txt
