"""Time editing on a 1,000,000-row enrollments.csv (not a timed test).

    python bench/bench_edit.py [ENROLLMENTS]

Builds a synthetic district (bench/synth.py) and a RosterDocument with the grid's model, the
change feed, the changes log and the autosave journal attached (offscreen), then prints:

* one cell edit through the undo stack (command, signals, journal line, changes log) with the
  document's immediate re-check of the edited row, and the full check that follows in the
  background after a pause;
* a sort of the view by a column and a filter of the view to one value, through the Qt model;
* replace-all of about 100,000 cells (plan + one undo macro + signals + journal + changes log),
  and its undo.

Targets from issue 6: an edit with its re-check within 50 ms; sort or filter within 1 s; replace-all
of 100,000 cells within 2 s.
"""

from __future__ import annotations

import gc
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import generate
from core.changes import ChangeLog
from core.find import FindOptions, Scope, find_all, group_by_table, plan_replace
from core.io.csvread import read_csv_bytes
from core.recovery import Journal
from core.roster import Roster


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(enrollments: int = 1_000_000) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from gui.document import RosterDocument
    from gui.grid.edit_support import big_edit
    from gui.grid.table_model import RosterTableModel

    app = QApplication.instance() or QApplication([])  # noqa: F841 - models need it
    files = generate(enrollments=enrollments, users=100_000, classes=50_000)
    roster = Roster(name="synthetic")
    for name, data in files.items():
        table, findings = read_csv_bytes(data, name)
        roster.add(table)
        roster.load_findings.extend(findings)
    del files
    gc.collect()
    enr = roster["enrollments.csv"]
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (other work slows the wall times)")
    print(f"enrollments.csv: {enr.nrows:,} rows; RSS after read {_rss_mb():.0f} MB")

    doc = RosterDocument(roster)
    model = RosterTableModel(doc, "enrollments.csv")
    log = ChangeLog(roster)
    folder = tempfile.mkdtemp(prefix="rosterprep-bench-")
    journal = Journal.create(folder, roster, ["/bench/synthetic"])
    doc.applied.connect(log.feed)
    doc.applied.connect(lambda edit, _inverse: journal.append(edit))

    t = time.perf_counter()
    doc.recheck_now()
    full = time.perf_counter() - t
    print(f"full check (in the background in the window): {full:.2f} s, {len(doc.findings):,} findings")

    # --- one edit and its re-check ------------------------------------------------------------
    # RosterDocument re-checks the edited row (and what refers to it) at once through the rule
    # engine, inside set_cells; the full check follows after a pause, in the background.
    uc = enr.col_index("userSourcedId")
    rc = enr.col_index("role")
    row = enr.nrows // 2
    for label, col, value in (("role -> 'Student'", rc, "Student"), ("userSourcedId -> unknown user", uc, "nobody")):
        before = len(doc.findings)
        t = time.perf_counter()
        doc.set_cells("enrollments.csv", [(row, col, value)], "Edit")
        edit = time.perf_counter() - t
        doc.cancel_checks()
        print(f"one edit {label} with its immediate re-check (undo command, signals, journal, changes log): "
              f"{_ms(edit)}; findings {before:,} -> {len(doc.findings):,}")
        doc.undo_stack.undo()
        doc.cancel_checks()
    doc.set_cells("enrollments.csv", [(row, uc, "nobody")], "Edit")
    t = time.perf_counter()
    doc.recheck_now()
    print(f"full re-check after an edit (runs in the background after a pause in editing): {_ms(time.perf_counter() - t)}")
    doc.undo_stack.undo()
    doc.cancel_checks()
    doc.recheck_now()

    # --- sort and filter of the view ----------------------------------------------------------
    cc = enr.col_index("classSourcedId")
    t = time.perf_counter()
    model.sort(uc, Qt.SortOrder.AscendingOrder)
    sort = time.perf_counter() - t
    t = time.perf_counter()
    model.sort(uc, Qt.SortOrder.DescendingOrder)
    sort_desc = time.perf_counter() - t
    value = enr.cell(123_456, cc)
    t = time.perf_counter()
    rows = {r for _t, r, _c in find_all(roster, FindOptions(value, match_case=True, whole_cell=True), Scope("enrollments.csv", cc))}
    model.set_row_filter(rows)
    filt = time.perf_counter() - t
    t = time.perf_counter()
    rows = {r for _t, r, _c in find_all(roster, FindOptions("sch01"), Scope("enrollments.csv"))}
    model.set_row_filter(rows)
    filt_text = time.perf_counter() - t
    model.set_row_filter(None)
    model.sort(-1)
    print(f"sort view by userSourcedId: {_ms(sort)} (descending {_ms(sort_desc)}); "
          f"filter to one class ({len(find_all(roster, FindOptions(value, True, True), Scope('enrollments.csv', cc))):,} rows): {_ms(filt)}; "
          f"filter 'contains sch01' in all columns ({len(rows):,} rows): {_ms(filt_text)}")

    # --- replace-all of about 100,000 cells ---------------------------------------------------
    for label, opts, repl in (
        ("plain text 'e000' -> 'E000' (default options, whole file)", FindOptions("e000"), "E000"),
        ("regex whole cell 'sch00([0-4])' -> 'SCH-\\1' (whole file)",
         FindOptions(r"sch00([0-4])", match_case=True, whole_cell=True, regex=True), r"SCH-\1"),
    ):
        t = time.perf_counter()
        changes = plan_replace(roster, opts, repl, Scope("enrollments.csv"))
        plan = time.perf_counter() - t
        t = time.perf_counter()
        with big_edit():  # as the Replace dialog does
            doc.undo_stack.beginMacro("Replace all")
            for name, cells in group_by_table(changes).items():
                doc.set_cells(name, cells, f"Replace in {name}")
            doc.undo_stack.endMacro()
        apply = time.perf_counter() - t
        doc.cancel_checks()
        t = time.perf_counter()
        doc.undo_stack.undo()
        undo = time.perf_counter() - t
        doc.cancel_checks()
        print(f"replace-all {label}: {len(changes):,} cells: plan {_ms(plan)} + apply as one undo step "
              f"{_ms(apply)} = {_ms(plan + apply)}; undo {_ms(undo)}")
    # --- paste of 100,000 rows x 3 columns from the clipboard, through the editing tools ---------
    from types import SimpleNamespace

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QTableView

    from gui.grid.access import GridAccess
    from gui.grid.edit_support import format_tsv
    from gui.grid.editing import EditingTools

    host = SimpleNamespace(grid=QTableView(), table_name="enrollments.csv")  # stands in for a GridPage
    host.grid.setModel(model)
    access = GridAccess(document=lambda: doc, current_page=lambda: host, page_for=lambda _n: host,  # type: ignore[arg-type,return-value]
                        show_page=lambda _p: None, say=lambda _t, _ms: None)
    tools = EditingTools(access)
    block = [[f"c{i}", "sch999", f"u{i}"] for i in range(100_000)]
    QGuiApplication.clipboard().setText(format_tsv(block))
    host.grid.setCurrentIndex(model.index(10, cc))
    t = time.perf_counter()
    n = tools.paste()
    paste = time.perf_counter() - t
    doc.cancel_checks()
    t = time.perf_counter()
    doc.undo_stack.undo()
    print(f"paste of 100,000 rows x 3 columns from the clipboard: {n:,} cells in {_ms(paste)}; "
          f"undo {_ms(time.perf_counter() - t)}")
    doc.cancel_checks()

    t = time.perf_counter()
    log_rows = len(log.cell_changes())
    print(f"changes log after both (each undone): {log_rows} cells listed, read in {_ms(time.perf_counter() - t)}; "
          f"journal {os.path.getsize(journal.path) / 1e6:.1f} MB")
    journal.delete()
    os.rmdir(folder)
    print(f"peak RSS {_rss_mb():.0f} MB")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
