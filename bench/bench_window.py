"""What an admin waits for when the window opens a large district (not a timed test).

    python bench/bench_window.py [ENROLLMENTS] [USERS] [CLASSES] [--excel-booleans] [--appended-twice]

``--excel-booleans`` writes enrollments' primary as TRUE/FALSE, as Excel saves it: a finding on
every row (a million findings for the window to take in). ``--appended-twice`` appends
enrollments.csv to itself under new sourcedIds: a repeated-enrollment warning on every added row.

Writes a synthetic district (bench/synth.py; by default 1,000,000 enrollments, 100,000 users,
50,000 classes) to a temporary folder, opens it in the main window offscreen, and prints, from the
moment Open is asked for:

* when the first rows are on screen (the read-only preview of a file still loading),
* when the roster is open for editing (every file read, every tab built),
* when the problems list is complete (rule check and damage detection done in the background),
* when edits can be re-checked at once (the re-check indexes built after that),
* how long an edit made during the next background full check (as after every pause in editing)
  takes to show its mark,
* the longest time the window did not answer (a 10 ms timer that ran late), and when.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.synth import appended_twice, write  # noqa: E402


def main(enrollments: int = 1_000_000, users: int = 100_000, classes: int = 50_000, excel_booleans: bool = False,
         appended: bool = False) -> None:
    app = QApplication.instance() or QApplication([])
    from gui.app.main_window import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="rosterprep-window-"))
    # the bench's edit must not leave an unsaved-work journal that the next start offers to restore
    data = tempfile.TemporaryDirectory(prefix="rosterprep-bench-data-")
    os.environ["ROSTERPREP_DATA_DIR"] = data.name
    write(folder, enrollments=enrollments, users=users, classes=classes)
    if excel_booleans:
        path = folder / "enrollments.csv"
        path.write_bytes(path.read_bytes().replace(b",false,", b",FALSE,").replace(b",true,", b",TRUE,"))
    if appended:
        path = folder / "enrollments.csv"
        path.write_bytes(appended_twice(path.read_bytes()))
    print(f"district: {enrollments:,} enrollments, {users:,} users, {classes:,} classes in {folder}")

    window = MainWindow()
    window.resize(1400, 800)
    window.show()
    app.processEvents()

    marks: dict[str, float] = {}
    stall = {"worst": 0.0, "at": 0.0, "last": 0.0}
    seen: dict[str, bool] = {}
    edit: dict[str, object] = {}
    start = 0.0

    def tick() -> None:
        now = time.perf_counter()
        gap = now - stall["last"]
        if stall["last"] and gap > stall["worst"]:
            stall["worst"], stall["at"] = gap, stall["last"] - start
        stall["last"] = now
        if "preview" not in marks and window.switch.preview_doc is not None:
            marks["preview"] = now - start
        doc = window.document
        if doc is not None and "open" not in marks:
            marks["open"] = now - start
            # the next findings after the ones from loading are the full check's
            doc.findingsChanged.connect(lambda: marks.setdefault("shown", time.perf_counter() - start))
        if doc is not None and window.busy:
            seen["busy after open"] = True
        if doc is not None and seen and not window.busy and "checked" not in marks:
            marks["checked"] = now - start
            doc.recheck_now()  # the full check that follows a pause in editing
            edit["check started"] = now
        if "check started" in edit and "made" not in edit and now - edit["check started"] > 0.5:
            users_t = doc.table("users.csv")
            edit["cell"] = (min(5000, users_t.nrows // 2), users_t.col_index("givenName"))
            edit["made"] = time.perf_counter()
            doc.set_cells("users.csv", [(*edit["cell"], "")])  # a blank first name: a finding
        if "made" in edit and "shown" not in edit:
            if any(f.code == "value.required" for f in doc.cell_findings("users.csv", *edit["cell"])):
                edit["shown"] = time.perf_counter() - edit["made"]
                doc.undo_stack.undo()  # nothing left unsaved: closing asks no question

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    start = time.perf_counter()
    stall["last"] = start
    window.open_paths([str(folder)])
    # the window's own event loop, as for a user (a Python loop here would fight the worker for
    # the interpreter and slow it down)
    done = QTimer()
    done.setInterval(50)
    done.timeout.connect(lambda: ("shown" in edit or time.perf_counter() - start > 120) and app.quit())
    done.start()
    app.exec()
    timer.stop()
    done.stop()
    print(f"first rows on screen:        {marks.get('preview', float('nan')):.2f} s")
    print(f"open for editing:            {marks.get('open', float('nan')):.2f} s")
    print(f"problems list complete:      {marks.get('shown', float('nan')):.2f} s "
          f"({len(window.document.findings) if window.document else 0} findings)")
    print(f"quick re-checks ready:       {marks.get('checked', float('nan')):.2f} s (indexes for re-checking edits built)")
    print(f"edit during a full check:    its mark after {edit.get('shown', float('nan')) * 1000:.0f} ms")
    print(f"longest the window stalled:  {stall['worst']:.2f} s (starting at {stall['at']:.2f} s)")
    window._drop_document()
    window.close()
    window.deleteLater()
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    data.cleanup()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:] if not a.startswith("--")), excel_booleans="--excel-booleans" in sys.argv,
         appended="--appended-twice" in sys.argv)
