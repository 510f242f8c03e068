"""The changes view: every changed cell listed, Revert as an undo step, Export as CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.helpers import page_of

Ctrl = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def w(window, qtbot):  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    window.activateWindow()
    page.grid.setFocus()
    return window


def rows(panel):  # type: ignore[no-untyped-def]
    m = panel.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_lists_changes_and_reverts_one_as_an_undo_step(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = w.document
    panel = w.changes_panel
    qtbot.keyClick(w.current_grid(), Qt.Key.Key_H, Ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert w.changes_dock.isVisible()
    users = doc.table("users.csv")
    given = users.col_index("givenName")
    fam = users.col_index("familyName")
    doc.set_cells("users.csv", [(0, given, "Mary"), (1, fam, "")], "Edit")
    doc.set_cells("users.csv", [(0, given, "Marie")], "Edit")
    doc.insert_rows("users.csv", 0, [["n1"] + [""] * (users.ncols - 1)])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    assert rows(panel) == [
        ["users.csv", "2", "givenName", "edited", "Maria", "Marie"],
        ["users.csv", "3", "familyName", "edited", "Chen", "(empty)"],
        ["users.csv", "new row", "", "row added", "", "n1" + ", " * (users.ncols - 1)],
    ]
    assert panel.summary.text() == "3 changes since the roster was opened."
    # revert line 3's familyName: clicking the row then Revert
    rect = panel.view.visualRect(panel.model.index(1, 0))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.revert_button.isEnabled()
    qtbot.mouseClick(panel.revert_button, Qt.MouseButton.LeftButton)
    assert users.cell(2, fam) == "Chen"  # row moved down by the inserted row; reverted in the right place
    assert doc.undo_stack.text(doc.undo_stack.index() - 1).startswith("Revert")
    assert [r[2] for r in rows(panel)] == ["givenName", ""]
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    assert users.cell(2, fam) == ""
    # undoing everything empties the list
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.summary.text() == "No changes yet."


def test_revert_an_added_row_deletes_it(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = w.document
    users = doc.table("users.csv")
    n = users.nrows
    doc.insert_rows("users.csv", n, [["n1"] + [""] * (users.ncols - 1)])
    panel = w.changes_panel
    panel.refresh()
    panel.select_rows([0])
    assert panel.revert_selected() == 1
    assert users.nrows == n


def test_export_as_csv(w, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = w.document
    users = doc.table("users.csv")
    doc.set_cells("users.csv", [(0, users.col_index("givenName"), 'Ma, "M"')], "Edit")
    panel = w.changes_panel
    panel.refresh()
    out = panel.export(str(tmp_path / "changes.csv"))
    assert Path(out).read_bytes() == (
        b"\xef\xbb\xbffile,line,column,change,old value,new value\r\n"
        b'users.csv,2,givenName,edited,Maria,"Ma, ""M"""\r\n'
    )


def test_double_click_shows_the_cell(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = w.document
    classes = doc.table("classes.csv")
    col = classes.col_index("classType")
    doc.set_cells("classes.csv", [(2, col, "homeroom")], "Edit")
    panel = w.changes_panel
    panel.refresh()
    panel.show_change(panel.model.index(0, 0))
    assert w.current_table_name() == "classes.csv"
    grid = w.current_grid()
    assert (grid.model().table_row(grid.currentIndex().row()), grid.currentIndex().column()) == (2, col)
