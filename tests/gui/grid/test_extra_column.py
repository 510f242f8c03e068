"""The "(extra)" column: values a record has beyond the header are shown, marked, and can be deleted
(Delete key, the cell menu, the column's header menu) as one undoable step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from gui.app.main_window import MainWindow
from gui.grid.table_model import SeverityRole, extra_text
from tests.gui.grid.test_context_menus import click, right_click_cell, select, texts
from tests.gui.helpers import page_of

# line 3 has two values too many (the second one empty), line 5 one
RAGGED = (
    b"sourcedId,givenName,familyName\r\n"
    b"u1,Ana,Diaz\r\n"
    b"u2,Ben,Lee,Jr.,\r\n"
    b"u3,Cy,Park\r\n"
    b"u4,Di,Shaw,\"Room 4, north\"\r\n"
)
WITHOUT_LINE_3_EXTRAS = RAGGED.replace(b"Lee,Jr.,\r\n", b"Lee\r\n")
TIDY = b"sourcedId,name\r\no1,Maple\r\n"


def open_folder(qtbot, tmp_path: Path) -> tuple[MainWindow, Path]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "roster"
    folder.mkdir()
    (folder / "users.csv").write_bytes(RAGGED)
    (folder / "orgs.csv").write_bytes(TIDY)
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1100, 700)
    w.show()
    w.open_paths([str(folder)])
    qtbot.waitUntil(lambda: w.document is not None and not w.busy and w.document.complete, timeout=10000)
    return w, folder / "users.csv"


def codes(w: MainWindow) -> set[str]:
    assert w.document is not None
    return {f.code for f in w.document.findings}


def save(w: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    w.act.save.trigger()
    qtbot.waitUntil(lambda: not w.busy, timeout=10000)


def test_extra_text_keeps_each_value_apart() -> None:
    assert extra_text(["Jr.", ""]) == 'Jr., ""'
    assert extra_text(["Room 4, north"]) == '"Room 4, north"'
    assert extra_text([' say "hi"']) == '" say ""hi"""'


def test_the_extra_column_shows_the_values_marked_and_read_only(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w, _path = open_folder(qtbot, tmp_path)
    model = page_of(w, "users.csv").model
    assert model.columnCount() == 4 and model.has_extra
    assert model.headerData(3, Qt.Orientation.Horizontal) == "(extra)"
    assert "Delete" in model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    shown = [model.index(r, 3).data() for r in range(4)]
    assert shown == ["", 'Jr., ""', "", '"Room 4, north"']
    cell = model.index(1, 3)
    assert cell.data(SeverityRole) == "error" and model.index(0, 3).data(SeverityRole) is None
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Line 3 has 5 values but the header has 3 columns: these 2 values stand beyond the last column")
    assert "press Delete" in tip and "Undo brings them back" in tip
    assert not model.flags(cell) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(cell, "x")
    # typing on it opens no editor
    grid = page_of(w, "users.csv").grid
    w.tabs.setCurrentWidget(page_of(w, "users.csv"))
    grid.setFocus()
    grid.setCurrentIndex(cell)
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    assert grid.state() != QAbstractItemView.State.EditingState
    assert w.status.cell_label.text() == "users.csv · line 3, values beyond the last column"
    # a file without ragged rows has no such column
    orgs = page_of(w, "orgs.csv").model
    assert orgs.columnCount() == 2 and orgs.headerData(2, Qt.Orientation.Horizontal) is None
    w._drop_document()


def test_delete_removes_the_extras_undo_brings_them_back_and_save_writes_the_bytes(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w, path = open_folder(qtbot, tmp_path)
    page = page_of(w, "users.csv")
    w.tabs.setCurrentWidget(page)
    grid, model = page.grid, page.model
    users = w.document.table("users.csv")
    assert "csv.ragged_long" in codes(w)
    grid.setFocus()
    select(grid, 1, 2, 1, 3)  # familyName and (extra) of line 3: Delete empties one, removes the other
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert users.extra_fields(1) == [] and users.cell(1, 2) == ""
    assert w.document.undo_stack.count() == 1
    assert w.document.undo_stack.undoText() == "Clear cells and extra values"
    assert model.index(1, 3).data() == "" and model.columnCount() == 4  # line 5 still has its extra value
    w.act.undo.trigger()
    assert users.cell(1, 2) == "Lee"
    select(grid, 1, 3, 1, 3)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert users.extra_fields(1) == [] and users.cell(1, 2) == "Lee"
    assert w.document.undo_stack.undoText() == "Delete extra values"
    save(w, qtbot)
    assert path.read_bytes() == WITHOUT_LINE_3_EXTRAS
    w.act.undo.trigger()
    assert users.extra_fields(1) == ["Jr.", ""] and model.index(1, 3).data() == 'Jr., ""'
    save(w, qtbot)
    assert path.read_bytes() == RAGGED
    w._drop_document()


def test_the_column_goes_with_the_last_extras_and_comes_back_with_undo(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w, path = open_folder(qtbot, tmp_path)
    page = page_of(w, "users.csv")
    grid, model = page.grid, page.model
    menu = right_click_cell(w, "users.csv", 3, 3)
    assert "Delete extra values" in texts(menu)
    menu.close()
    select(grid, 0, 3, 3, 3)  # the whole (extra) column
    menu = w.grid_menus.show_cell_menu(grid, grid.visualRect(model.index(1, 3)).center())
    click(menu, "Delete extra values")
    qtbot.waitUntil(lambda: not model.has_extra, timeout=5000)
    assert model.columnCount() == 3 and w.document.undo_stack.count() == 1
    assert w.document.undo_stack.undoText() == "Delete extra values"
    qtbot.waitUntil(lambda: "csv.ragged_long" not in codes(w) and w.document.complete, timeout=10000)
    w.act.undo.trigger()
    assert model.has_extra and model.columnCount() == 4
    assert model.headerData(3, Qt.Orientation.Horizontal) == "(extra)"
    assert [model.index(r, 3).data() for r in (1, 3)] == ['Jr., ""', '"Room 4, north"']
    qtbot.waitUntil(lambda: "csv.ragged_long" in codes(w) and w.document.complete, timeout=10000)
    w.act.redo.trigger()
    assert not model.has_extra
    w.act.undo.trigger()
    save(w, qtbot)
    assert path.read_bytes() == RAGGED  # nothing changed: nothing written differently
    w._drop_document()


def test_the_cell_menu_offers_the_entry_only_where_it_applies(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w, _path = open_folder(qtbot, tmp_path)
    menu = right_click_cell(w, "orgs.csv", 0, 1)
    assert "Delete extra values" not in texts(menu)  # a file without ragged rows
    menu.close()
    menu = right_click_cell(w, "users.csv", 0, 1)
    entry = next(a for a in menu.actions() if a.text().replace("&", "") == "Delete extra values")
    assert entry.isVisible() and not entry.isEnabled()  # line 2 has none
    menu.close()
    assert w.act.drop_extras.isEnabled() and w.act.drop_extras.isVisible()  # the Edit menu's again
    w._drop_document()


def test_the_extra_columns_header_menu_deletes_all_and_nothing_sorts_or_filters_it(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w, _path = open_folder(qtbot, tmp_path)
    page = page_of(w, "users.csv")
    w.tabs.setCurrentWidget(page)
    header = page.grid.horizontalHeader()
    assert header.button_rect(3).isEmpty() and not header.button_rect(2).isEmpty()
    menu = page.columns.build_menu(3)
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Delete extra values of the rows shown", "Fit width to contents"]
    page.model.sort(3)  # ignored: the file's order stays
    assert page.model.view.sort_key is None
    page.grid.setCurrentIndex(page.model.index(1, 3))
    page.grid.setFocus()
    assert w.editing.filter_by_value() == 0
    page.columns.action("Delete extra values of the rows shown").trigger()
    assert not page.model.has_extra and w.document.undo_stack.undoText() == "Delete extra values"
    w._drop_document()


def test_find_opens_on_a_cell_of_the_extra_column(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # the scope's label named the current cell's column by its header, which the (extra) column is
    # not in: Find raised IndexError there
    w, _path = open_folder(qtbot, tmp_path)
    page = page_of(w, "users.csv")
    w.tabs.setCurrentWidget(page)
    model = page.model
    page.grid.setCurrentIndex(model.index(1, model.table.ncols))
    w.act.find.trigger()
    dlg = w.find_dialog
    assert dlg.isVisible()
    assert dlg.scope_box.itemText(0) == "This column"
    assert dlg.scope_box.itemText(1) == "This file (users.csv)"
    page.grid.setCurrentIndex(model.index(1, 1))
    w.act.find.trigger()
    assert dlg.scope_box.itemText(0) == "This column (givenName)"
