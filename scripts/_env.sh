# Sourced by demo.sh and test.sh: a virtual environment with the project's dependencies,
# reinstalled only when pyproject.toml changes. Needs nothing but Python 3.11 and pip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# SKIP_INSTALL=1: the environment is managed elsewhere (a container image built with `pip install .`):
# use .venv if there is one, else whatever python is on PATH, and install nothing.
if [ "${SKIP_INSTALL:-0}" = 1 ]; then
  if [ -x .venv/bin/python ]; then export PATH="$PWD/.venv/bin:$PATH"; fi
  return 0
fi
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
# The dev install includes everything main needs.
if [ ! -f "$stamp-${1:-main}" ] && [ ! -f "$stamp-dev" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  if [ "${1:-main}" = dev ]; then
    .venv/bin/python -m pip install --quiet -e ".[dev]"
  else
    .venv/bin/python -m pip install --quiet -e .
  fi
  touch "$stamp-${1:-main}"
fi
export PATH="$PWD/.venv/bin:$PATH"
