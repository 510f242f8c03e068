"""Time keeping a roster with no files (the Prepare wizard's result) for crash recovery (not a test).

    python bench/bench_recovery.py [ENROLLMENTS]

For the synthetic district (default 1,000,000 enrollments): the copy of the tables the window takes
in its own thread (core.recovery.copy_roster), writing the snapshot journal (the background's work:
canonical CSV files, fsync'd) and reading it back as a restore does, which must give the same values.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import generate
from core.io.csvread import read_csv_bytes
from core.recovery import Journal, copy_roster, read_journal
from core.roster import Roster
from core.table import Source


def main(argv: list[str]) -> int:
    enrollments = int(argv[0]) if argv else 1_000_000
    roster = Roster("Roster.zip")
    for name, data in generate(enrollments).items():
        table, _ = read_csv_bytes(data, name, source=Source("memory", "Roster.zip", name))
        roster.add(table)
    rows = sum(t.nrows for t in roster.tables)
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        snapshot = copy_roster(roster)
        t1 = time.perf_counter()
        journal = Journal.create(folder, snapshot, [], snapshot=snapshot)
        t2 = time.perf_counter()
        journal.close()
        back = read_journal(journal.path).load_snapshot()
        t3 = time.perf_counter()
        same = [t.columns for t in back.tables] == [t.columns for t in roster.tables]
        size = sum(p.stat().st_size for p in Path(folder).rglob("*.csv"))
    print(f"{rows:,} rows in {len(roster.tables)} files ({enrollments:,} enrollments)")
    print(f"  copy in the window's thread : {t1 - t0:6.2f} s")
    print(f"  write the snapshot journal  : {t2 - t1:6.2f} s  ({size / 1e6:.0f} MB, in the background)")
    print(f"  read it back (a restore)    : {t3 - t2:6.2f} s  (same values: {same})")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
