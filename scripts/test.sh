#!/usr/bin/env bash
# Install what the tests need and run them: the README's test command.
#   bash scripts/test.sh [pytest args...]
# - a virtual environment in .venv with the project and its test extras;
# - Leaflet and the plugins folium loads, from the npm registry, into tests/js/node_modules
#   (the browser tests serve them locally; nothing of them is committed);
# - Debian's chromium for the browser tests (installed with apt-get when run as root);
# - ruff, which checks the code style before the tests run.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet -e '.[test]'

if [ -f tests/js/package.json ]; then
  (cd tests/js && npm install --no-audit --no-fund --loglevel=error)
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test.sh: /usr/bin/chromium is missing; browser tests will be skipped (apt-get install chromium)" >&2
  fi
fi

# Lint first: a style slip fails fast, before the slower browser tests.
.venv/bin/python -m ruff check gazetteer mapper tests benchmarks
exec .venv/bin/python -m pytest "$@"
