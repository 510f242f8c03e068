"""Time what an admin does about a file appended to itself, in the window (not a timed test).

    python bench/bench_repeats.py [ENROLLMENTS]

Writes a synthetic district (bench/synth.py, by default 1,000,000 enrollments) whose enrollments.csv
is appended to itself under new sourcedIds (a repeated-enrollment warning on every added row), opens
it in the main window offscreen, then does it the Excel way and prints how long each step keeps the
window busy: show only the rows with problems, Ctrl+A, the cell menu's fixes looked up (a right
click), Delete rows, and Undo; and how long until the problems list is whole again after each.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from bench.synth import appended_twice, write


def main(enrollments: int = 1_000_000) -> None:
    app = QApplication.instance() or QApplication([])
    work = tempfile.TemporaryDirectory(prefix="rosterprep-repeats-")
    os.environ["ROSTERPREP_DATA_DIR"] = str(Path(work.name) / "data")  # no unsaved work left behind
    folder = Path(work.name) / "district"
    write(folder, enrollments=enrollments, users=max(enrollments // 10, 200), classes=max(enrollments // 20, 100))
    path = folder / "enrollments.csv"
    path.write_bytes(appended_twice(path.read_bytes()))

    from gui.app.startup import create_main_window

    w = create_main_window([str(folder)])
    w.resize(1366, 768)
    w.show()

    def settle(timeout: float = 300) -> float:
        """Let the window work until the problems list is whole; returns the seconds it took."""
        start = time.perf_counter()
        while (w.document is None or w.busy or not w.document.complete) and time.perf_counter() - start < timeout:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return time.perf_counter() - start

    def step(label: str, action: Callable[[], object]) -> None:
        start = time.perf_counter()
        action()
        app.processEvents()
        print(f"{label + ':':34s}{time.perf_counter() - start:6.2f} s")

    opened = settle()
    doc = w.document
    assert doc is not None
    table = doc.table("enrollments.csv")
    print(f"enrollments.csv: {table.nrows:,} rows, {len(doc.findings):,} findings, open and checked in {opened:.1f} s")
    page = w.page_for("enrollments.csv")
    assert page is not None
    w.tabs.setCurrentWidget(page)
    step("show only rows with problems", w.act.only_problems.trigger)
    print(f"  {page.model.rowCount():,} rows shown")
    page.grid.setFocus()
    step("Ctrl+A", page.grid.selectAll)
    step("right click (the fixes it offers)", w.fixes.enable_cell_actions)
    step("Delete rows", w.act.delete_rows.trigger)
    print(f"  {table.nrows:,} rows left; problems list whole after {settle():.1f} s more, "
          f"{len(doc.findings):,} findings")
    step("Undo", doc.undo_stack.undo)
    print(f"  {table.nrows:,} rows; problems list whole after {settle():.1f} s more, {len(doc.findings):,} findings")
    w._drop_document()
    w.close()
    w.deleteLater()
    work.cleanup()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
