#!/usr/bin/env bash
# Sets up (first time only) and runs every check, with no display needed: ruff, mypy, the import
# contracts, actionlint on the GitHub workflows, then the test suite (arguments go to pytest).
# Every step runs even if an earlier one fails, so one run shows everything that is wrong; the command
# exits non-zero if any gating step failed. pytest runs last so its closing line ends the output.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/scripts/setup.sh" || exit 1
cd "$here"
export QT_QPA_PLATFORM=offscreen
bin=.venv/bin

# mypy's errors in these top-level packages would be shown without failing the command (for a package
# brought under mypy with errors left to fix). Empty: every package's errors fail it.
MYPY_ADVISORY=()

failed=()
advisory=()

step() {  # step NAME COMMAND...: runs one check, remembers a failure
  local name=$1
  shift
  echo "== $name"
  if ! "$@"; then
    failed+=("$name")
  fi
}

mypy_step() {
  # One mypy run over the configured files (core strict, gui typed); its errors are then counted per
  # package, so an advisory package cannot hide an error in a gating one.
  local out rc pkg count gating=0
  out=$("$bin/mypy" 2>&1)
  rc=$?
  # an advisory package's lines are counted below, not printed (run `.venv/bin/mypy` to see them)
  local shown=$out
  for pkg in ${MYPY_ADVISORY[@]+"${MYPY_ADVISORY[@]}"}; do
    shown=$(printf '%s\n' "$shown" | grep -v "^$pkg/")
  done
  printf '%s\n' "$shown"
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    return 1  # mypy itself failed (bad config, crash): never advisory
  fi
  for pkg in $(printf '%s\n' "$out" | sed -n 's#^\([A-Za-z_][A-Za-z0-9_]*\)/[^:]*:[0-9]*: error:.*#\1#p' | sort -u); do
    count=$(printf '%s\n' "$out" | grep -c "^$pkg/[^:]*:[0-9]*: error:")
    if [[ " ${MYPY_ADVISORY[*]-} " == *" $pkg "* ]]; then
      advisory+=("mypy $pkg/ ($count errors)")
    else
      echo "mypy: $count errors in $pkg/"
      gating=1
    fi
  done
  if [ "$rc" -ne 0 ] && [ "$gating" -eq 0 ] && [ ${#advisory[@]} -eq 0 ]; then
    return 1  # an error outside any package directory
  fi
  return "$gating"
}

imports_step() {
  # lint-imports prints a large banner: show its whole report only when a contract is broken
  local out
  if out=$("$bin/lint-imports" 2>&1); then  # its contracts are in pyproject.toml
    printf '%s\n' "$out" | grep -E '^Contracts:'
  else
    printf '%s\n' "$out"
    return 1
  fi
}

step "ruff" "$bin/ruff" check core gui tests bench packaging
step "mypy" mypy_step
step "import contracts" imports_step
if [ -x "$bin/actionlint" ]; then
  # shellcheck and pyflakes are switched off so the result does not depend on what else is on PATH
  step "actionlint" "$bin/actionlint" -no-color -shellcheck= -pyflakes= .github/workflows/*.yml
else
  echo "== actionlint: not installed in .venv (scripts/setup.sh installs it with the dev extra)"
  failed+=("actionlint (not installed)")
fi

if [ ${#advisory[@]} -gt 0 ]; then
  echo "advisory only, not failing the command: ${advisory[*]}"
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED before the tests: ${failed[*]} (the command will exit 1 after the tests)"
else
  echo "ruff, mypy, import contracts and actionlint passed"
fi
echo "== pytest"
"$bin/python" -m pytest -q "$@"
rc=$?
if [ "$rc" -eq 0 ] && [ ${#failed[@]} -gt 0 ]; then
  rc=1
fi
exit "$rc"
