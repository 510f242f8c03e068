"""An admin whose enrollments.csv was appended to itself deletes the repeats the Excel way: show only
rows with problems, Ctrl+A, Delete rows. The rows shown go, the others stay in order, and Undo puts
every row back at its place (the selection is read from its ranges, not cell by cell)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from gui.app.main_window import MainWindow
from tests.gui.helpers import page_of

HEADER = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n"
BODY = "".join(f"e{i},,,cls{i % 3},sch1,s{i},student,false,,\r\n" for i in range(8))


def test_delete_the_repeated_rows_shown_then_undo(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "roster"
    folder.mkdir()
    again = BODY.replace("\r\ne", "\r\nx").replace("e0,", "x0,", 1)  # the same rows under new ids
    (folder / "enrollments.csv").write_bytes((HEADER + BODY + again).encode())
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.open_paths([str(folder)])
    qtbot.waitUntil(lambda: w.document is not None and not w.busy and w.document.complete, timeout=10000)
    table = w.document.table("enrollments.csv")
    before = [table.row(r) for r in range(table.nrows)]
    repeats = [f.row for f in w.document.findings if f.code == "unique.enrollment"]
    assert repeats == list(range(8, 16))
    page = page_of(w, "enrollments.csv")
    w.tabs.setCurrentWidget(page)
    w.act.only_problems.trigger()
    assert page.model.rowCount() == 8
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    w.act.delete_rows.trigger()
    qtbot.waitUntil(lambda: not w.busy and w.document.complete, timeout=10000)
    assert [table.row(r) for r in range(table.nrows)] == before[:8]
    assert not [f for f in w.document.findings if f.code == "unique.enrollment"]
    # the status bar counts the rows left, and names no cell now that none is shown
    assert w.status.format_label.text().endswith("· 8 rows")
    assert w.status.rows_label.text().startswith("0 of 8 rows shown")
    assert w.status.cell_label.text() == ""
    w.document.undo_stack.undo()
    qtbot.waitUntil(lambda: not w.busy and w.document.complete, timeout=10000)
    assert [table.row(r) for r in range(table.nrows)] == before
    assert [table.line_of(r) for r in range(table.nrows)] == list(range(2, 18))  # each row its own line again
    assert w.status.format_label.text().endswith("· 16 rows")
    assert not w.document.modified
    w.runner.wait_for_done()
    w._drop_document()
