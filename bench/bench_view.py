"""Time the grid's helpers on a million rows (not a timed test).

    python bench/bench_view.py [ROWS]

Prints, best of three runs each, with the target each was held to:

* sorting the row view of a 1,000,000-row column of 7-digit ids (core.row_view);
* find (whole cell, match case) and planning a replace-all over 1,000,000 role values, a quarter of
  them hits (core.find);
* the column profile of 1,000,000 distinct ids (core.column_profile);
* parsing 100,000 rows x 4 columns of clipboard text as Excel writes it, the paste's first step
  (gui.grid.edit_support.parse_tsv; Qt is imported but no window is opened).

These figures were assertions in the tests until issue 13; a test now checks only what each returns.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.column_profile import profile_column
from core.find import FindOptions, Scope, find_all, plan_replace
from core.roster import Roster
from core.row_view import RowView
from core.table import Table

T = TypeVar("T")
RUNS = 3


def best_of(work: Callable[[], T], runs: int = RUNS) -> tuple[float, T]:
    """The shortest wall time of `runs` calls of `work` (the others are noise from other work), and its result."""
    best = float("inf")
    result: T
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def report(label: str, seconds: float, target: float | None = None) -> None:
    if target is None:
        print(f"{label}: {seconds * 1000:.0f} ms")
        return
    verdict = "ok" if seconds < target else "SLOWER THAN TARGET"
    print(f"{label}: {seconds * 1000:.0f} ms (target < {target:g} s) {verdict}")


def bench_sort(n: int) -> None:
    col = [str((i * 7919) % 1_000_003).zfill(7) for i in range(n)]
    table = Table("enrollments.csv", ["id"], [col])

    def sort() -> RowView:
        view = RowView(table)
        view.sort(0)
        return view

    seconds, view = best_of(sort)
    assert view.count == n
    report(f"sort the view of {n:,} ids", seconds, 3.0)


def bench_find(n: int) -> None:
    roles = ["student", "teacher", "Student", "aide"]
    ids = [f"e{i}" for i in range(n)]
    table = Table("enrollments.csv", ["sourcedId", "role"], [ids, [roles[i % 4] for i in range(n)]])
    roster = Roster("big", [table])
    scope = Scope("enrollments.csv", 1)
    find, hits = best_of(lambda: find_all(roster, FindOptions("student", whole_cell=True, match_case=True), scope))
    report(f"find 'student' (whole cell, match case) in {n:,} roles: {len(hits):,} hits", find)
    plan, changes = best_of(
        lambda: plan_replace(roster, FindOptions("Student", whole_cell=True, match_case=True), "student", scope)
    )
    report(f"plan replace-all 'Student' -> 'student' in {n:,} roles: {len(changes):,} cells", plan)
    report("find and plan together", find + plan, 3.0)


def bench_profile(n: int) -> None:
    table = Table("users.csv", ["id"], [[f"s-{i:07d}" for i in range(n)]])
    seconds, profile = best_of(lambda: profile_column(table, 0))
    report(f"profile a column of {n:,} distinct ids ({profile.distinct:,} distinct)", seconds, 3.0)


def bench_paste_text(rows: int) -> None:
    from gui.grid.edit_support import format_tsv, parse_tsv

    text = format_tsv([[f"r{i}", "student", "", "x y"] for i in range(rows)])
    seconds, cells = best_of(lambda: parse_tsv(text))
    report(f"parse {rows:,} rows x 4 columns of pasted text ({len(text) / 1e6:.1f} MB)", seconds, 1.0)
    quoted = text + '"q"\tb\r\n'  # a quoted field anywhere sends the whole text to the careful parser
    seconds, cells = best_of(lambda: parse_tsv(quoted))
    report(f"parse the same with one quoted field ({len(cells):,} rows)", seconds)


def main(rows: int = 1_000_000) -> None:
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (other work slows the wall times)")
    bench_sort(rows)
    bench_find(rows)
    bench_profile(rows)
    bench_paste_text(rows // 10)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
