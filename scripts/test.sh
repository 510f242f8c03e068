#!/usr/bin/env bash
# Sets up (first time only) and runs the whole test suite, with no display needed.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/scripts/setup.sh"
cd "$here"
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports --config pyproject.toml
exec .venv/bin/python -m pytest -q "$@"
