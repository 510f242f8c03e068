"""Find (Ctrl+F) and Replace (Ctrl+H) through keys and clicks, with undo of a replace-all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.gui.helpers import page_of, visible_texts

Ctrl = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def users(window):  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    window.activateWindow()
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(0, 0))
    return window


def fill(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_ctrl_f_opens_find_and_find_next_walks_the_matches(users, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = users
    qtbot.keyClick(w.current_grid(), Qt.Key.Key_F, Ctrl)
    dlg = w.find_dialog
    assert dlg.isVisible() and not dlg.replace_edit.isVisible()
    fill(qtbot, dlg.find_edit, "teacher")
    dlg.whole_box.setChecked(True)
    table = w.document.table("users.csv")
    role = table.col_index("role")
    rows = [r for r in range(table.nrows) if table.cell(r, role) == "teacher"]
    qtbot.mouseClick(dlg.next_button, Qt.MouseButton.LeftButton)
    grid = w.current_grid()
    assert (grid.model().table_row(grid.currentIndex().row()), grid.currentIndex().column()) == (rows[0], role)
    qtbot.mouseClick(dlg.next_button, Qt.MouseButton.LeftButton)
    assert grid.model().table_row(grid.currentIndex().row()) == rows[1]
    assert dlg.message_label.text() == f"Match 2 of {len(rows)}."
    qtbot.mouseClick(dlg.prev_button, Qt.MouseButton.LeftButton)
    assert grid.model().table_row(grid.currentIndex().row()) == rows[0]
    # previous from the first wraps to the last
    qtbot.mouseClick(dlg.prev_button, Qt.MouseButton.LeftButton)
    assert grid.model().table_row(grid.currentIndex().row()) == rows[-1]
    fill(qtbot, dlg.find_edit, "no such text anywhere")
    qtbot.mouseClick(dlg.next_button, Qt.MouseButton.LeftButton)
    assert dlg.message_label.text() == "Nothing found."


def test_find_across_files_switches_tab(users, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = users
    dlg = w.find_dialog
    dlg.open_for(False)
    fill(qtbot, dlg.find_edit, "Scheduled")
    dlg.case_box.setChecked(True)
    dlg.scope_box.setCurrentIndex(2)  # all files
    qtbot.mouseClick(dlg.next_button, Qt.MouseButton.LeftButton)
    assert w.current_table_name() == "classes.csv"
    grid = w.current_grid()
    assert grid.currentIndex().data() == "Scheduled"


def test_replace_all_is_one_undo_step_and_says_how_many(users, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = users
    grid = w.current_grid()
    qtbot.keyClick(grid, Qt.Key.Key_H, Ctrl)
    dlg = w.find_dialog
    assert dlg.replace_edit.isVisible()
    fill(qtbot, dlg.find_edit, "@maplevalley.example.org")
    fill(qtbot, dlg.replace_edit, "@mv.example.org")
    dlg.scope_box.setCurrentIndex(2)  # all files
    roster = w.document.roster
    before = {t.name: [list(c) for c in t.columns] for t in roster.tables}
    n_expected = sum(v.count("@maplevalley.example.org") > 0 for t in roster.tables for c in t.columns for v in c)
    qtbot.mouseClick(dlg.replace_all_button, Qt.MouseButton.LeftButton)
    assert dlg.message_label.text().startswith(f"Replaced {n_expected} cells")
    assert w.document.undo_stack.count() == 1
    assert w.document.undo_stack.text(0) == "Replace all"
    users_t = roster["users.csv"]
    email = users_t.col_index("email")
    assert users_t.cell(0, email) == "malvarez@mv.example.org"
    qtbot.keyClick(grid, Qt.Key.Key_Z, Ctrl)
    assert {t.name: [list(c) for c in t.columns] for t in roster.tables} == before
    qtbot.mouseClick(dlg.replace_all_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dlg.replace_all_button, Qt.MouseButton.LeftButton)
    assert dlg.message_label.text() == "Nothing to replace."


def test_replace_in_one_column_with_regex_and_replace_one(users, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = users
    table = w.document.table("users.csv")
    ident = table.col_index("identifier")
    grid = w.current_grid()
    grid.setCurrentIndex(grid.model().index(0, ident))
    dlg = w.find_dialog
    dlg.open_for(True)
    fill(qtbot, dlg.find_edit, r"^0+(\d+)$")
    fill(qtbot, dlg.replace_edit, r"ID-\1")
    dlg.regex_box.setChecked(True)
    dlg.scope_box.setCurrentIndex(0)  # this column
    before = list(table.column(ident))
    others = [list(c) for i, c in enumerate(table.columns) if i != ident]
    n = dlg.replace_all()
    assert n == sum(1 for v in before if v.startswith("0") and v.strip("0").isdigit())
    assert table.cell(0, ident) == "ID-1001"
    assert [list(c) for i, c in enumerate(table.columns) if i != ident] == others
    w.document.undo_stack.undo()
    assert table.column(ident) == before
    # Replace (one): the current cell matches, so it is replaced and the next match is selected
    grid.setCurrentIndex(grid.model().index(0, ident))
    assert dlg.replace_one() is True
    assert table.cell(0, ident) == "ID-1001" and table.cell(1, ident) == before[1]
    assert grid.currentIndex().row() == 1


def test_bad_regex_is_explained(users, qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = users.find_dialog
    dlg.open_for(True)
    fill(qtbot, dlg.find_edit, "(")
    dlg.regex_box.setChecked(True)
    qtbot.mouseClick(dlg.next_button, Qt.MouseButton.LeftButton)
    assert "not a valid regular expression" in dlg.message_label.text()
    assert dlg.replace_all() == 0


def test_what_the_replace_dialog_shows_after_replace_all(users, qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = users.find_dialog
    dlg.open_for(True)
    qtbot.waitExposed(dlg)
    fill(qtbot, dlg.find_edit, "teacher")
    table = users.document.table("users.csv")
    role = table.col_index("role")
    teachers = [r for r in range(table.nrows) if table.cell(r, role) == "teacher"]
    qtbot.mouseClick(dlg.replace_all_button, Qt.MouseButton.LeftButton)
    assert dlg.windowTitle() == "Replace"
    assert visible_texts(dlg) == [
        "Find what:", "teacher", "Replace with:", "Look in:", "This file (users.csv)",
        "Match case", "Whole cell", "Regular expression",
        "Find next", "Find previous", "Show matching rows", "Replace", "Replace all", "Close",
        "Replaced 3 cells in users.csv. Undo (Ctrl+Z) takes this back in one step.",
    ]
    assert users.statusBar().currentMessage() == "Replaced 3 cells in users.csv."
    grid = users.current_grid()
    shown = [grid.model().index_of(r, role).data() for r in teachers]
    assert len(teachers) == 3 and shown == ["", "", ""]  # replaced with the empty "Replace with"


def test_show_matching_rows_filters_the_grid(users, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = users
    dlg = w.find_dialog
    dlg.open_for(False)
    fill(qtbot, dlg.find_edit, "student")
    dlg.whole_box.setChecked(True)
    table = w.document.table("users.csv")
    expected = table.column("role").count("student")
    qtbot.mouseClick(dlg.show_rows_button, Qt.MouseButton.LeftButton)
    assert w.current_grid().model().rowCount() == expected < table.nrows
    assert dlg.message_label.text() == f"Showing {expected} rows of users.csv with a match."
    page_of(w, "users.csv").clear_filter()
    assert w.current_grid().model().rowCount() == table.nrows


def test_the_dialog_keeps_qdialog_result_callable(users, qtbot) -> None:  # type: ignore[no-untyped-def]
    # the message label was once named "result", which hid QDialog.result(): calling it raised TypeError
    dlg = users.find_dialog
    dlg.open_for(False)
    qtbot.keyClick(dlg.find_edit, Qt.Key.Key_Escape)
    assert not dlg.isVisible()
    assert dlg.result() == QDialog.DialogCode.Rejected.value
