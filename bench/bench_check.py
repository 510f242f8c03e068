"""Time the rule engine on a synthetic district (not a timed test).

    python bench/bench_check.py [ENROLLMENTS] [USERS] [CLASSES]

Prints the time to read the files, a full ``check_all``, damage detection, and re-checks after single-cell edits of
enrollments.csv (the first one builds the indexes it needs), plus peak memory (max RSS). Last, the same district
with enrollments.csv appended to itself (every enrollment twice under a new sourcedId: one repeated-enrollment
warning per added row), whose full check should take at most twice the clean one's. Between them, two
damaged districts: every student's primary written FALSE, and every enrollment's school filled down.
"""

from __future__ import annotations

import gc
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import appended_twice, generate
from core.damage import detect_damage
from core.io.csvread import read_csv_bytes
from core.roster import Roster
from core.rules import RuleEngine


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _roster(files: dict[str, bytes]) -> Roster:
    roster = Roster(name="synthetic")
    for name, data in files.items():
        table, findings = read_csv_bytes(data, name)
        roster.add(table)
        roster.load_findings.extend(findings)
    return roster


def main(enrollments: int = 1_000_000, users: int = 100_000, classes: int = 50_000) -> None:
    t0 = time.perf_counter()
    files = generate(enrollments=enrollments, users=users, classes=classes)
    t1 = time.perf_counter()
    roster = _roster(files)
    del files
    gc.collect()
    t2 = time.perf_counter()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (other work slows the wall times)")
    print(f"district: {enrollments:,} enrollments, {users:,} users, {classes:,} classes")
    print(f"generate {t1 - t0:.2f} s, read {t2 - t1:.2f} s, RSS after read {_rss_mb():.0f} MB")

    engine = RuleEngine(roster)
    t3, c3 = time.perf_counter(), time.process_time()
    found = engine.check_all()
    t4, c4 = time.perf_counter(), time.process_time()
    clean = t4 - t3
    print(f"full check: {t4 - t3:.3f} s wall, {c4 - c3:.3f} s CPU, {len(found)} findings, peak RSS {_rss_mb():.0f} MB")
    t3, c3 = time.perf_counter(), time.process_time()
    damage = detect_damage(roster)
    t4, c4 = time.perf_counter(), time.process_time()
    print(f"damage detection (after the check, as the window runs it): {t4 - t3:.3f} s wall, {c4 - c3:.3f} s CPU, "
          f"{len(damage)} findings")

    t3, c3 = time.perf_counter(), time.process_time()
    engine.warm()
    t4, c4 = time.perf_counter(), time.process_time()
    print(f"index build for re-checks (warm, meant for a background worker): {t4 - t3:.3f} s wall, "
          f"{c4 - c3:.3f} s CPU, peak RSS {_rss_mb():.0f} MB")

    enr = roster["enrollments.csv"]
    uc = enr.col_index("userSourcedId")
    cc = enr.col_index("classSourcedId")
    row = enr.nrows // 2
    for label, col, value in (
        ("userSourcedId -> unknown user", uc, "nobody"),
        ("userSourcedId -> back", uc, enr.cell(row, uc)),
        ("classSourcedId -> other class", cc, "cls0000001"),
        ("classSourcedId -> back", cc, enr.cell(row, cc)),
    ):
        enr.set_cell(row, col, value)
        t5 = time.perf_counter()
        new, scope = engine.recheck("enrollments.csv", {row})
        t6 = time.perf_counter()
        print(f"recheck {label}: {(t6 - t5) * 1000:.1f} ms, {len(new)} findings for {len(scope)} rows")
    users_t = roster["users.csv"]
    rc = users_t.col_index("role")
    ur = min(5000, users_t.nrows // 2)  # a user in the middle of a small district
    old = users_t.cell(ur, rc)
    users_t.set_cell(ur, rc, "Teacher")
    t7 = time.perf_counter()
    new, scope = engine.recheck("users.csv", {ur})
    t8 = time.perf_counter()
    print(f"recheck users role edit: {(t8 - t7) * 1000:.1f} ms, {len(new)} findings for {len(scope)} rows")
    users_t.set_cell(ur, rc, old)
    print(f"peak RSS {_rss_mb():.0f} MB")

    # without warm(): the first re-check builds the indexes it needs itself
    cold = RuleEngine(roster)
    cold.check_all()
    enr.set_cell(row, uc, "nobody")
    t11 = time.perf_counter()
    cold.recheck("enrollments.csv", {row})
    t12 = time.perf_counter()
    enr.set_cell(row, uc, enr.cell(row + 1, uc))
    t13 = time.perf_counter()
    cold.recheck("enrollments.csv", {row})
    t14 = time.perf_counter()
    print(f"recheck without warm(): first {(t12 - t11) * 1000:.0f} ms (builds indexes), next {(t14 - t13) * 1000:.1f} ms")

    # worst case for reporting: a spreadsheet wrote FALSE in every student enrollment's primary
    pc = enr.col_index("primary")
    column = enr.columns[pc]
    damaged = "FALSE"
    for i, v in enumerate(column):
        if v == "false":
            column[i] = damaged
    enr.revision += 1  # changed behind the table's back: its caches must know
    del cold
    t9, c9 = time.perf_counter(), time.process_time()
    found = RuleEngine(roster).check_all()
    t10, c10 = time.perf_counter(), time.process_time()
    print(f"full check with every student's primary = FALSE: {t10 - t9:.3f} s wall, {c10 - c9:.3f} s CPU, {len(found):,} findings, "
          f"peak RSS {_rss_mb():.0f} MB")


    # a column filled down in a spreadsheet: every enrollment's school the first school (most rows
    # then disagree with their class's school)
    sc = enr.col_index("schoolSourcedId")
    enr.columns[sc] = [enr.columns[sc][0]] * enr.nrows
    enr.revision += 1
    t9, c9 = time.perf_counter(), time.process_time()
    found = RuleEngine(roster).check_all()
    t10, c10 = time.perf_counter(), time.process_time()
    print(f"full check with every enrollment's school filled down: {t10 - t9:.3f} s wall, {c10 - c9:.3f} s CPU, "
          f"{len(found):,} findings, peak RSS {_rss_mb():.0f} MB")

    del roster, engine, found, enr, column
    gc.collect()
    files = generate(enrollments=enrollments, users=users, classes=classes)
    files["enrollments.csv"] = appended_twice(files["enrollments.csv"])
    twice = _roster(files)
    del files
    gc.collect()
    t9, c9 = time.perf_counter(), time.process_time()
    found = RuleEngine(twice).check_all()
    t10, c10 = time.perf_counter(), time.process_time()
    print(f"full check with every enrollment twice ({twice['enrollments.csv'].nrows:,} rows): {t10 - t9:.3f} s wall, "
          f"{c10 - c9:.3f} s CPU, {len(found):,} findings, peak RSS {_rss_mb():.0f} MB")
    print(f"clean district {clean:.3f} s, every enrollment twice {t10 - t9:.3f} s: {(t10 - t9) / clean:.2f}x (at most 2x)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
