#!/usr/bin/env bash
# Sets up (first time only) and opens Roster Prep; with no paths it opens the bundled sample roster.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/scripts/setup.sh"
if [ $# -eq 0 ]; then
  set -- "$here/resources/sample"
fi
exec "$here/.venv/bin/python" -m gui.launcher "$@"
