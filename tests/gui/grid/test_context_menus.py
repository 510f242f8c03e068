"""Right-click menus on cells and row numbers: opened through Qt, each entry clicked, its effect checked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from tests.gui.helpers import page_of

CELL_MENU = ["Cut", "Copy", "Paste", "Clear cells", "", "Insert rows", "Delete rows", "Fill down", "",
             "Apply suggested fix", "Filter by this value", "Go to the row it refers to"]
ROW_MENU = ["Insert rows", "Delete rows", "Select row"]


def texts(menu: QMenu) -> list[str]:
    """The entries a user sees (an entry that does not apply to this file is hidden)."""
    return [a.text().replace("&", "") for a in menu.actions() if a.isVisible()]


def click(menu: QMenu, text: str) -> None:
    """Click an entry of an open menu with the mouse, as a user does."""
    act = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    assert act.isEnabled(), text
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, menu.actionGeometry(act).center())


def right_click_cell(w, file: str, row: int, col: int) -> QMenu:  # type: ignore[no-untyped-def]
    page = page_of(w, file)
    w.tabs.setCurrentWidget(page)
    grid = page.grid
    grid.setFocus()
    index = grid.model().index(row, col)
    grid.scrollTo(index)
    grid.customContextMenuRequested.emit(grid.visualRect(index).center())
    menu = w.grid_menus.last_menu
    assert menu is not None and menu.isVisible()
    return menu


def right_click_row(w, file: str, row: int) -> QMenu:  # type: ignore[no-untyped-def]
    grid = page_of(w, file).grid
    w.tabs.setCurrentWidget(page_of(w, file))
    header = grid.verticalHeader()
    y = header.sectionViewportPosition(row) + header.sectionSize(row) // 2
    header.customContextMenuRequested.emit(header.rect().topLeft() + type(header.rect().topLeft())(4, y))
    menu = w.grid_menus.last_menu
    assert menu is not None and menu.isVisible()
    return menu


def select(grid, top: int, left: int, bottom: int, right: int) -> None:  # type: ignore[no-untyped-def]
    m = grid.model()
    grid.setCurrentIndex(m.index(top, left))
    grid.selectionModel().select(QItemSelection(m.index(top, left), m.index(bottom, right)), QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_cell_menu_lists_excels_entries_and_selects_the_clicked_cell(window) -> None:  # type: ignore[no-untyped-def]
    grid = page_of(window, "users.csv").grid
    select(grid, 0, 0, 1, 1)
    menu = right_click_cell(window, "users.csv", 4, 8)
    assert texts(menu) == CELL_MENU
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (4, 8)  # outside the selection: that cell
    menu.close()
    select(grid, 0, 0, 2, 2)
    right_click_cell(window, "users.csv", 1, 1).close()
    assert len(grid.selectionModel().selectedIndexes()) == 9  # inside the selection: the selection stays


def users(w) -> Any:  # type: ignore[no-untyped-def]
    return w.document.table("users.csv")


def _cut(w) -> None:  # type: ignore[no-untyped-def]
    click(right_click_cell(w, "users.csv", 0, 8), "Cut")
    assert QGuiApplication.clipboard().text() == "Maria" and users(w).cell(0, 8) == ""


def _copy(w) -> None:  # type: ignore[no-untyped-def]
    click(right_click_cell(w, "users.csv", 1, 9), "Copy")
    assert QGuiApplication.clipboard().text() == "Chen"


def _paste(w) -> None:  # type: ignore[no-untyped-def]
    QGuiApplication.clipboard().setText("Ann")
    click(right_click_cell(w, "users.csv", 2, 8), "Paste")
    assert users(w).cell(2, 8) == "Ann"


def _clear(w) -> None:  # type: ignore[no-untyped-def]
    click(right_click_cell(w, "users.csv", 2, 9), "Clear cells")
    assert users(w).cell(2, 9) == ""


def _insert(w) -> None:  # type: ignore[no-untyped-def]
    n = users(w).nrows
    click(right_click_cell(w, "users.csv", 2, 0), "Insert rows")
    assert users(w).nrows == n + 1 and users(w).cell(2, 0) == ""


def _delete(w) -> None:  # type: ignore[no-untyped-def]
    n, fourth = users(w).nrows, users(w).row(3)
    click(right_click_cell(w, "users.csv", 2, 0), "Delete rows")
    assert users(w).nrows == n - 1 and users(w).row(2) == fourth


def _fill_down(w) -> None:  # type: ignore[no-untyped-def]
    grid = page_of(w, "users.csv").grid
    select(grid, 0, 5, 3, 5)
    click(right_click_cell(w, "users.csv", 1, 5), "Fill down")
    assert [users(w).cell(r, 5) for r in range(4)] == ["teacher"] * 4


def _fix(w) -> None:  # type: ignore[no-untyped-def]
    t = users(w)
    row, ident = t.column("identifier").index("20033"), t.col_index("identifier")
    click(right_click_cell(w, "users.csv", row, ident), "Apply suggested fix")
    assert t.cell(row, ident) == "00020033"


def _filter(w) -> None:  # type: ignore[no-untyped-def]
    click(right_click_cell(w, "users.csv", 0, 5), "Filter by this value")
    page = page_of(w, "users.csv")
    assert page.model.rowCount() == users(w).column("role").count("teacher") and page.bar.isVisibleTo(page)


def _reference(w) -> None:  # type: ignore[no-untyped-def]
    enr = w.document.table("enrollments.csv")
    user_col = enr.col_index("userSourcedId")
    click(right_click_cell(w, "enrollments.csv", 1, user_col), "Go to the row it refers to")
    assert w.current_table_name() == "users.csv"
    grid = w.current_grid()
    assert users(w).cell(grid.model().table_row(grid.currentIndex().row()), 0) == enr.cell(1, user_col)


CELL_ENTRIES: list[tuple[str, Callable[[Any], None]]] = [
    ("Cut", _cut), ("Copy", _copy), ("Paste", _paste), ("Clear cells", _clear), ("Insert rows", _insert),
    ("Delete rows", _delete), ("Fill down", _fill_down), ("Apply suggested fix", _fix),
    ("Filter by this value", _filter), ("Go to the row it refers to", _reference),
]


@pytest.mark.parametrize("entry", CELL_ENTRIES, ids=[e[0] for e in CELL_ENTRIES])
def test_cell_menu_entry(window, entry) -> None:  # type: ignore[no-untyped-def]
    entry[1](window)


def test_entries_that_do_not_apply_are_greyed_then_keys_work_again(window) -> None:  # type: ignore[no-untyped-def]
    menu = right_click_cell(window, "users.csv", 0, 8)  # "Maria": no fix, not an ID
    state = {a.text().replace("&", ""): a.isEnabled() for a in menu.actions() if a.text()}
    assert not state["Apply suggested fix"] and not state["Go to the row it refers to"] and state["Copy"]
    menu.close()
    assert window.act.fix.isEnabled() and window.act.go_to_reference.isEnabled()


def test_row_menu_selects_the_row_and_inserts_deletes_and_selects(window) -> None:  # type: ignore[no-untyped-def]
    grid = page_of(window, "users.csv").grid
    t = users(window)
    n, third = t.nrows, t.row(2)
    menu = right_click_row(window, "users.csv", 2)
    assert texts(menu) == ROW_MENU
    assert {i.row() for i in grid.selectionModel().selectedIndexes()} == {2}
    assert len(grid.selectionModel().selectedIndexes()) == t.ncols
    click(menu, "Insert rows")
    assert t.nrows == n + 1 and t.row(2) == [""] * t.ncols and t.row(3) == third
    click(right_click_row(window, "users.csv", 2), "Delete rows")  # the new, still selected row
    assert t.nrows == n and t.row(2) == third
    select(grid, 4, 3, 5, 3)
    menu = right_click_row(window, "users.csv", 5)  # row 5 is not wholly selected: the click selects it
    click(menu, "Select row")
    assert {(i.row(), i.column()) for i in grid.selectionModel().selectedIndexes()} == {(5, c) for c in range(t.ncols)}
    assert grid.currentIndex().row() == 5


@pytest.mark.parametrize("how", ["all", "column", "block", "filtered"])
def test_a_large_selection_finds_the_same_fixes_as_cell_by_cell(window, monkeypatch, how) -> None:  # type: ignore[no-untyped-def]
    """Above ``PER_CELL`` cells the fixes are looked up among the file's findings (a million
    selected rows took minutes cell by cell); both ways give the same fixes."""
    from gui.app import fixes as fixes_module

    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    grid = page.grid
    if how == "filtered":
        window.act.only_problems.trigger()
    if how in ("all", "filtered"):
        grid.selectAll()
    elif how == "column":
        grid.selectColumn(users(window).col_index("enabledUser"))
    else:
        select(grid, 1, 2, 6, 12)

    def found() -> list[tuple]:  # type: ignore[type-arg]
        return sorted((f.code, f.row, f.col, f.line) for f in window.fixes.selected_fixes())

    monkeypatch.setattr(fixes_module, "PER_CELL", 10**9)
    by_cell = found()
    monkeypatch.setattr(fixes_module, "PER_CELL", 0)
    assert found() == by_cell and by_cell
