"""The bench scripts still run and measure what they say, on a district small enough for CI (their
figures are not checked here: speed is read from their output, not asserted). Each runs in its own
process, as it is meant to: the window's bench quits its application, which ends background work."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str, *args: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bench_check_reports_one_warning_per_appended_row() -> None:
    out = _run("bench_check.py", "2000", "200", "100")
    assert re.search(r"^full check: [\d.]+ s wall, [\d.]+ s CPU, 0 findings", out, re.M)
    assert re.search(r"^full check with every enrollment twice \(4,000 rows\): .* 2,000 findings", out, re.M)
    assert re.search(r"^clean district [\d.]+ s, every enrollment twice [\d.]+ s: [\d.]+x", out, re.M)


def test_bench_window_opens_the_appended_district_and_lists_its_repeats() -> None:
    out = _run("bench_window.py", "2000", "200", "100", "--appended-twice")
    assert re.search(r"^problems list complete: +[\d.]+ s \(2000 findings\)", out, re.M)
    assert re.search(r"^edit during a full check: +its mark after \d+ ms", out, re.M)


def test_bench_repeats_deletes_the_repeated_rows_and_undoes_it() -> None:
    out = _run("bench_repeats.py", "2000")
    assert re.search(r"^enrollments.csv: 4,000 rows, 2,000 findings", out, re.M)
    assert re.search(r"^  2,000 rows shown$", out, re.M)
    assert re.search(r"^  2,000 rows left; problems list whole after [\d.]+ s more, 0 findings$", out, re.M)
    assert re.search(r"^  4,000 rows; problems list whole after [\d.]+ s more, 2,000 findings$", out, re.M)
