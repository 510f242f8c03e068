"""Editing like Excel, through keys, clicks and the clipboard, with undo of every action."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from gui.grid import editing
from gui.grid.editing import format_tsv, parse_tsv
from tests.gui.helpers import page_of

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def ed(window):  # type: ignore[no-untyped-def]
    """The window with users.csv shown, focus in its grid."""
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    window.activateWindow()
    page.grid.setFocus()
    return window


def grid_of(w):  # type: ignore[no-untyped-def]
    return w.current_grid()


def select(grid, top: int, left: int, bottom: int, right: int) -> None:  # type: ignore[no-untyped-def]
    m = grid.model()
    grid.setCurrentIndex(m.index(top, left))
    grid.selectionModel().select(QItemSelection(m.index(top, left), m.index(bottom, right)), QItemSelectionModel.SelectionFlag.ClearAndSelect)


def type_text(qtbot, grid, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type as a user does: the first key opens the editor on the current cell, the rest go to it."""
    qtbot.keyClicks(grid, text[0])
    if len(text) > 1:
        qtbot.keyClicks(grid.focusWidget(), text[1:])


def undo(qtbot, grid) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(grid, Qt.Key.Key_Z, Ctrl)


def redo(qtbot, grid) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(grid, Qt.Key.Key_Y, Ctrl)


# --- the clipboard text format --------------------------------------------------------------------
def test_tsv_quotes_exactly_the_cells_that_need_it_in_any_row() -> None:
    """A block with no cell to quote is joined as it is; one cell to quote anywhere (a NUL beside it
    too) is quoted and the others are not; each block reads back as it was."""
    import random

    rng = random.Random(2)
    pieces = ["a", "0042", " ", "", "é", "\0", "\t", "\n", "\r", '"', "x\r\ny"]
    for _ in range(200):
        rows = [["".join(rng.choices(pieces[:6] if rng.random() < 0.8 else pieces, k=rng.randrange(3)))
                 for _c in range(3)] for _r in range(rng.randrange(1, 5))]
        quoted = [['"' + v.replace('"', '""') + '"' if any(ch in v for ch in '\t\n\r"') else v for v in row] for row in rows]
        expected = "\r\n".join("\t".join(row) for row in quoted) + "\r\n"
        assert format_tsv(rows) == expected
        assert parse_tsv(format_tsv(rows)) == rows


def test_tsv_round_trip_with_quotes_tabs_and_line_breaks() -> None:
    rows = [["a", 'say "hi"', ""], ["tab\there", "two\nlines", " x "]]
    text = format_tsv(rows)
    assert text == 'a\t"say ""hi"""\t\r\n"tab\there"\t"two\nlines"\t x \r\n'
    assert parse_tsv(text) == rows
    assert format_tsv([["one"]]) == "one"
    assert parse_tsv("one") == [["one"]]
    assert parse_tsv("a\tb\nc\td\n") == [["a", "b"], ["c", "d"]]
    assert parse_tsv("a\r\n\r\nb") == [["a"], [""], ["b"]]
    assert parse_tsv('5" tall\tx') == [['5" tall', "x"]]  # a stray quote is kept as typed
    assert parse_tsv("a\t") == [["a", ""]]


# --- typing ----------------------------------------------------------------------------------------
def test_type_over_enter_moves_down_and_tab_moves_right(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    given = table.col_index("givenName")
    grid.setCurrentIndex(grid.model().index(0, given))
    type_text(qtbot, grid, " Zo")
    grid.focusWidget().insert("ë ")  # QTest types ASCII only
    assert grid.state() == QAbstractItemView.State.EditingState
    qtbot.keyClick(grid.focusWidget(), Qt.Key.Key_Return)
    assert table.cell(0, given) == " Zoë "  # exactly as typed, spaces included
    assert grid.currentIndex().row() == 1 and grid.currentIndex().column() == given
    type_text(qtbot, grid, "Al")
    qtbot.keyClick(grid.focusWidget(), Qt.Key.Key_Tab)
    assert table.cell(1, given) == "Al"
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (1, given + 1)
    assert grid.state() != QAbstractItemView.State.EditingState
    # Shift+Tab goes back left, Shift+Enter goes up
    type_text(qtbot, grid, "Fam")
    qtbot.keyClick(grid.focusWidget(), Qt.Key.Key_Backtab, Shift)
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (1, given)
    qtbot.keyClick(grid, Qt.Key.Key_Return, Shift)
    assert grid.currentIndex().row() == 0
    undo(qtbot, grid)
    assert table.cell(1, given + 1) != "Fam"
    undo(qtbot, grid)
    undo(qtbot, grid)
    assert table.cell(0, given) == "Maria"


def test_escape_cancels_and_f2_edits_the_current_value(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    given = table.col_index("givenName")
    grid.setCurrentIndex(grid.model().index(0, given))
    type_text(qtbot, grid, "Nope")
    qtbot.keyClick(grid.focusWidget(), Qt.Key.Key_Escape)
    assert table.cell(0, given) == "Maria"
    assert ed.document.undo_stack.count() == 0
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = grid.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Maria"
    qtbot.keyClick(editor, Qt.Key.Key_End)
    qtbot.keyClicks(editor, "na")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert table.cell(0, given) == "Mariana"


def test_double_click_edits(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    given = table.col_index("givenName")
    idx = grid.model().index(2, given)
    grid.scrollTo(idx)
    rect = grid.visualRect(idx)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = grid.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Kim")
    qtbot.keyClick(editor, Qt.Key.Key_Enter)
    assert table.cell(2, given) == "Kim"


# --- clipboard -------------------------------------------------------------------------------------
def test_copy_a_block_as_tab_separated_text(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    select(grid, 0, 0, 1, 1)
    qtbot.keyClick(grid, Qt.Key.Key_C, Ctrl)
    expected = f"{table.cell(0, 0)}\t{table.cell(0, 1)}\r\n{table.cell(1, 0)}\t{table.cell(1, 1)}\r\n"
    assert QGuiApplication.clipboard().text() == expected


def test_copy_of_a_sorted_view_copies_what_is_shown(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    model = grid.model()
    table = ed.document.table("users.csv")
    given = table.col_index("givenName")
    model.sort(given, Qt.SortOrder.DescendingOrder)
    shown = [model.index(v, given).data() for v in range(3)]
    assert shown == sorted(table.column(given), reverse=True)[:3]
    select(grid, 0, given, 2, given + 1)
    qtbot.keyClick(grid, Qt.Key.Key_C, Ctrl)
    rows = [[model.index(v, c).data() for c in (given, given + 1)] for v in range(3)]
    assert QGuiApplication.clipboard().text() == "".join(f"{a}\t{b}\r\n" for a, b in rows)


def test_paste_a_block_from_excel_is_one_undo_step(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    given = table.col_index("givenName")
    before = [table.row(0), table.row(1)]
    QGuiApplication.clipboard().setText("Ann\tLee\r\n\"B\tb\"\t007\r\n")
    select(grid, 0, given, 0, given)
    qtbot.keyClick(grid, Qt.Key.Key_V, Ctrl)
    assert (table.cell(0, given), table.cell(0, given + 1)) == ("Ann", "Lee")
    assert (table.cell(1, given), table.cell(1, given + 1)) == ("B\tb", "007")
    assert ed.document.undo_stack.count() == 1
    undo(qtbot, grid)
    assert [table.row(0), table.row(1)] == before
    redo(qtbot, grid)
    assert table.cell(1, given + 1) == "007"


def test_one_value_pasted_on_a_selection_fills_it(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    col = table.col_index("enabledUser")
    QGuiApplication.clipboard().setText("true")
    select(grid, 0, col, 3, col)
    qtbot.keyClick(grid, Qt.Key.Key_V, Ctrl)
    assert [table.cell(r, col) for r in range(4)] == ["true"] * 4


def test_paste_past_the_end_asks_before_adding_rows(ed, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    n = table.nrows
    asked = []

    def answer(parent, block_rows, room, extra):  # type: ignore[no-untyped-def]
        asked.append((block_rows, room, extra))
        return answers.pop(0)

    answers = ["cancel", "fit", "add"]
    monkeypatch.setattr(editing, "ask_add_rows", answer)
    QGuiApplication.clipboard().setText("x1\r\nx2\r\nx3\r\n")
    select(grid, n - 1, 0, n - 1, 0)
    qtbot.keyClick(grid, Qt.Key.Key_V, Ctrl)  # cancel
    assert asked == [(3, 1, 2)] and table.nrows == n and ed.document.undo_stack.count() == 0
    qtbot.keyClick(grid, Qt.Key.Key_V, Ctrl)  # paste only what fits
    assert table.nrows == n and table.cell(n - 1, 0) == "x1"
    undo(qtbot, grid)
    select(grid, n - 1, 0, n - 1, 0)
    qtbot.keyClick(grid, Qt.Key.Key_V, Ctrl)  # add rows
    assert table.nrows == n + 2
    assert [table.cell(r, 0) for r in range(n - 1, n + 2)] == ["x1", "x2", "x3"]
    assert table.row(n + 1)[1:] == [""] * (table.ncols - 1)
    assert table.line_of(n + 1) is None
    undo(qtbot, grid)  # one step takes back the new rows and the pasted cell
    assert table.nrows == n and table.cell(n - 1, 0) != "x1"


def test_cut_copies_then_clears(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    given = table.col_index("givenName")
    select(grid, 0, given, 0, given)
    qtbot.keyClick(grid, Qt.Key.Key_X, Ctrl)
    assert QGuiApplication.clipboard().text() == "Maria"
    assert table.cell(0, given) == ""
    undo(qtbot, grid)
    assert table.cell(0, given) == "Maria"


# --- fill and clear --------------------------------------------------------------------------------
def test_fill_down_copies_the_top_cell(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    org = table.col_index("orgSourcedIds")
    role = table.col_index("role")
    select(grid, 2, org, 5, role)
    top = (table.cell(2, org), table.cell(2, role))
    before = [table.row(r) for r in range(6)]
    qtbot.keyClick(grid, Qt.Key.Key_D, Ctrl)
    assert [(table.cell(r, org), table.cell(r, role)) for r in range(2, 6)] == [top] * 4
    assert ed.document.undo_stack.count() == 1
    undo(qtbot, grid)
    assert [table.row(r) for r in range(6)] == before
    # one row selected: take the value from the row above
    select(grid, 3, org, 3, org)
    qtbot.keyClick(grid, Qt.Key.Key_D, Ctrl)
    assert table.cell(3, org) == table.cell(2, org)


def test_ctrl_enter_fills_the_selection_with_the_typed_value(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    col = table.col_index("middleName")
    select(grid, 1, col, 4, col)
    type_text(qtbot, grid, "J")
    qtbot.keyClick(grid.focusWidget(), Qt.Key.Key_Return, Ctrl)
    assert [table.cell(r, col) for r in range(1, 5)] == ["J"] * 4
    assert ed.document.undo_stack.count() == 1
    undo(qtbot, grid)
    assert "J" not in [table.cell(r, col) for r in range(1, 5)]


def test_delete_clears_cells_in_one_step(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    given = table.col_index("givenName")
    select(grid, 0, given, 1, given + 1)
    before = [table.row(0), table.row(1)]
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert [table.cell(r, c) for r in (0, 1) for c in (given, given + 1)] == [""] * 4
    assert ed.document.undo_stack.count() == 1
    undo(qtbot, grid)
    assert [table.row(0), table.row(1)] == before


# --- rows ------------------------------------------------------------------------------------------
def test_insert_and_delete_rows(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    n = table.nrows
    first, second = table.row(1), table.row(2)
    select(grid, 1, 0, 2, 0)
    qtbot.keyClick(grid, Qt.Key.Key_Plus, Ctrl)
    assert table.nrows == n + 2
    assert table.row(1) == [""] * table.ncols and table.row(3) == first
    assert grid.currentIndex().row() == 1
    undo(qtbot, grid)
    assert table.nrows == n and table.row(1) == first
    select(grid, 1, 3, 2, 3)
    qtbot.keyClick(grid, Qt.Key.Key_Minus, Ctrl)
    assert table.nrows == n - 2 and first not in [table.row(r) for r in range(table.nrows)]
    undo(qtbot, grid)
    assert table.nrows == n and table.row(1) == first and table.row(2) == second
    assert table.line_of(1) == 3  # the rows came back with their lines


# --- sort and filter of the view -------------------------------------------------------------------
def test_sort_view_keeps_file_order_until_save_sorted(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    fam = table.col_index("familyName")
    file_order = list(table.column(fam))
    grid.setCurrentIndex(grid.model().index(0, fam))
    tools = ed.act
    tools.sort_desc.trigger()
    shown = [grid.model().index(v, fam).data() for v in range(grid.model().rowCount())]
    assert shown == sorted(file_order, reverse=True)
    assert table.column(fam) == file_order
    # an edit in the sorted view lands on the right table row
    grid.setCurrentIndex(grid.model().index(0, fam))
    r = grid.model().table_row(0)
    type_text(qtbot, grid, "Zz")
    qtbot.keyClick(grid.focusWidget(), Qt.Key.Key_Return)
    assert table.cell(r, fam) == "Zz"
    undo(qtbot, grid)
    tools.save_sorted.trigger()
    assert table.column(fam) == sorted(file_order, reverse=True)
    undo(qtbot, grid)
    assert table.column(fam) == file_order
    assert not table.structure_changed
    tools.sort_none.trigger()
    assert [grid.model().index(v, fam).data() for v in range(3)] == file_order[:3]


def test_filter_by_value_and_show_all(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    role = table.col_index("role")
    grid.setCurrentIndex(grid.model().index(0, role))
    value = table.cell(0, role)
    ed.act.filter_value.trigger()
    expected = table.column(role).count(value)
    assert grid.model().rowCount() == expected < table.nrows
    page = page_of(ed, "users.csv")
    assert page.bar.isVisibleTo(page) and "role is" in page.filter_label.text()
    ed.act.filter_clear.trigger()
    assert grid.model().rowCount() == table.nrows
    assert ed.editing.filter_by_text("zzz-nothing") == 0
    assert grid.model().rowCount() == 0


def test_actions_are_in_the_menus(ed) -> None:  # type: ignore[no-untyped-def]
    texts = [a.text() for a in ed.edit_menu.actions()]
    for t in ("&Copy", "&Paste", "Fill &down", "&Insert rows", "Delete ro&ws", "&Find…", "R&eplace…"):
        assert t in texts
    assert "Sort A → Z by this column" in [a.text() for a in ed.view_menu.actions()]


def test_ctrl_c_in_the_problems_list_copies_its_rows(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ed.problems.view
    view.setFocus()
    view.selectionModel().select(view.model().index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClick(view, Qt.Key.Key_C, Ctrl)
    text = QGuiApplication.clipboard().text()
    assert text != "before" and "\t" in text
    # Delete there does not empty grid cells
    count = ed.document.undo_stack.count()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ed.document.undo_stack.count() == count


def test_backspace_empties_the_cell_and_starts_typing(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    given = table.col_index("givenName")
    grid.setCurrentIndex(grid.model().index(0, given))
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)
    editor = grid.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == ""
    qtbot.keyClicks(editor, "Ana")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert table.cell(0, given) == "Ana"
    undo(qtbot, grid)
    assert table.cell(0, given) == "Maria"


def test_paste_into_a_filtered_view_goes_to_the_rows_shown(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    role = table.col_index("role")
    mid = table.col_index("middleName")
    students = [r for r in range(table.nrows) if table.cell(r, role) == "student"]
    grid.setCurrentIndex(grid.model().index(students[0], role))
    ed.editing.filter_by_value()
    assert grid.model().rowCount() == len(students)
    QGuiApplication.clipboard().setText("A\r\nB\r\n")
    select(grid, 0, mid, 0, mid)
    qtbot.keyClick(grid, Qt.Key.Key_V, Ctrl)
    assert (table.cell(students[0], mid), table.cell(students[1], mid)) == ("A", "B")
    assert all(table.cell(r, mid) not in ("A", "B") for r in range(table.nrows) if r not in students[:2])


def test_enter_after_tabs_returns_to_the_first_column_like_excel(ed, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid = grid_of(ed)
    table = ed.document.table("users.csv")
    given = table.col_index("givenName")
    grid.setCurrentIndex(grid.model().index(0, given))
    type_text(qtbot, grid, "Ann")
    qtbot.keyClick(grid.focusWidget(), Qt.Key.Key_Tab)
    type_text(qtbot, grid, "Lee")
    qtbot.keyClick(grid.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(grid, Qt.Key.Key_Tab)  # over a cell without typing
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (1, given)
    assert (table.cell(0, given), table.cell(0, given + 1)) == ("Ann", "Lee")
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # a plain Enter just goes down
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (2, given)


def test_no_shortcut_is_used_twice(ed) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    for a in ed.findChildren(QAction):
        for k in a.shortcuts():
            key = k.toString()
            assert key not in seen or seen[key] == a.text(), f"{key}: {seen.get(key)} and {a.text()}"
            seen[key] = a.text()


def test_big_paste_text_parses_the_same_either_way() -> None:
    # its speed is measured by bench/bench_view.py
    rows = [[f"r{i}", "student", "", "x y"] for i in range(100_000)]
    text = format_tsv(rows)
    assert parse_tsv(text) == rows
    # with a quoted field somewhere, the careful parser gives the same cells
    assert parse_tsv(text + '"q"\tb\r\n')[:-1] == rows
    assert parse_tsv("a\r\n\r\nb\rc\n") == [["a"], [""], ["b"], ["c"]]
