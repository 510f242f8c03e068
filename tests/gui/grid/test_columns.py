"""The column header's menu: sort, hide and unhide, freeze, fit width, column profile."""

from __future__ import annotations


from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLineEdit

from gui.grid.columns import fit_width
from gui.grid.grid_tab import GridPage
from gui.grid.table_model import SortRole
from tests.gui.helpers import page_of


def right_click_header(page, qtbot, name: str):  # type: ignore[no-untyped-def]
    """Right-click a column header and return its open menu."""
    col = page.model.table.col_index(name)
    header = page.grid.horizontalHeader()
    page.grid.scrollTo(page.model.index(0, col))
    pos = QPoint(header.sectionViewportPosition(col) + 8, header.height() // 2)
    header.customContextMenuRequested.emit(pos)  # what a right-click sends (QMenu then opens without blocking)
    menu = page.columns.menu
    assert menu is not None and menu.isVisible()
    return menu


def choose(page, text: str) -> None:  # type: ignore[no-untyped-def]
    action = page.columns.action(text)
    assert action is not None and action.isEnabled(), text
    action.trigger()
    page.columns.menu.close()


def test_menu_offers_what_excel_offers_and_selects_the_column(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    menu = right_click_header(page, qtbot, "familyName")
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Sort A → Z", "Sort Z → A", "Filter…", "Clear filter from “familyName”", "Rename column…", "Hide column", "Unhide columns",
        "Freeze columns up to “familyName”", "Unfreeze columns", "Fit width to contents", "Column profile",
    ]
    assert page.grid.selectionModel().isColumnSelected(page.model.table.col_index("familyName"))
    assert not page.columns.action("Unhide columns").isEnabled() and not page.columns.action("Unfreeze columns").isEnabled()
    menu.close()


def test_sort_from_the_menu_and_back_to_file_order(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    col = page.model.table.col_index("familyName")
    right_click_header(page, qtbot, "familyName")
    choose(page, "Sort A → Z")
    shown = [page.model.index(r, col).data() for r in range(page.model.rowCount())]
    assert shown == sorted(page.model.table.column(col))
    assert page.model.headerData(col, Qt.Orientation.Horizontal, SortRole) == "asc"
    right_click_header(page, qtbot, "familyName")
    choose(page, "Back to file order")
    assert page.model.view.order is None and page.model.headerData(col, Qt.Orientation.Horizontal, SortRole) is None


def test_filter_from_the_menu_opens_the_list(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    right_click_header(page, qtbot, "role")
    choose(page, "Filter…")
    assert page.columns.popup is not None and page.columns.popup.isVisible()
    page.columns.popup.close()


def test_hide_and_unhide_columns_kept_per_file(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    table = page.model.table
    status, dlm = table.col_index("status"), table.col_index("dateLastModified")
    right_click_header(page, qtbot, "status")
    choose(page, "Hide column")
    right_click_header(page, qtbot, "dateLastModified")
    choose(page, "Hide column")
    assert page.grid.isColumnHidden(status) and page.grid.isColumnHidden(dlm)
    window.tabs.setCurrentWidget(page_of(window, "orgs.csv"))
    assert not page_of(window, "orgs.csv").grid.isColumnHidden(status)  # another file keeps its columns
    # a tab built again for the same file (the roster still open) gets the same layout
    again = GridPage(window.document, "users.csv")
    qtbot.addWidget(again)
    assert again.grid.isColumnHidden(status) and again.grid.isColumnHidden(dlm)
    window.tabs.setCurrentWidget(page)
    right_click_header(page, qtbot, "sourcedId")
    choose(page, "status")  # Unhide columns › status
    assert not page.grid.isColumnHidden(status) and page.grid.isColumnHidden(dlm)
    right_click_header(page, qtbot, "sourcedId")
    choose(page, "All hidden columns (1)")
    assert not page.grid.isColumnHidden(dlm)


def test_hiding_every_column_keeps_one(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "orgs.csv")
    window.tabs.setCurrentWidget(page)
    n = page.model.columnCount()
    page.columns.hide(list(range(n)))
    assert [c for c in range(n) if not page.grid.isColumnHidden(c)] == [n - 1]


def test_frozen_columns_stay_in_view_when_scrolling_right(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    grid = page.grid
    right_click_header(page, qtbot, "sourcedId")
    choose(page, "Freeze columns up to “sourcedId”")
    frozen = grid.frozen.view
    assert frozen is not None and frozen.isVisible()
    assert [c for c in range(page.model.columnCount()) if not frozen.isColumnHidden(c)] == [0]
    assert frozen.width() == grid.columnWidth(0)
    last = page.model.columnCount() - 1
    grid.setCurrentIndex(page.model.index(2, last))
    grid.scrollTo(page.model.index(2, last))
    assert grid.horizontalScrollBar().value() > 0
    # the id is still drawn at the left, over the scrolled grid, and shares the selection
    assert frozen.geometry().left() == grid.verticalHeader().width() + grid.frameWidth()
    assert frozen.visualRect(page.model.index(2, 0)).left() == 0
    assert frozen.model() is grid.model() and frozen.selectionModel() is grid.selectionModel()
    # moving left from a column next to the frozen one does not hide the cell under it
    grid.setFocus()
    grid.setCurrentIndex(page.model.index(2, 1))
    grid.scrollTo(page.model.index(2, 1))
    assert grid.visualRect(page.model.index(2, 1)).left() >= grid.frozen.width()
    # a resized frozen column resizes its overlay
    grid.setColumnWidth(0, 150)
    assert frozen.columnWidth(0) == 150 and frozen.width() == 150
    right_click_header(page, qtbot, "givenName")
    choose(page, "Unfreeze columns")
    assert not frozen.isVisible() and grid.frozen.count == 0


def test_editing_a_frozen_cell_when_scrolled_right_edits_in_view(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    grid = page.grid
    page.columns.freeze(1)
    last = page.model.columnCount() - 1
    grid.scrollTo(page.model.index(1, last))
    assert grid.horizontalScrollBar().value() > 0
    grid.setFocus()
    grid.setCurrentIndex(page.model.index(1, 0))
    assert grid.horizontalScrollBar().value() > 0  # the id is in view: no jump back left
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = grid.frozen.view.viewport().findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, "t-9999")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert page.model.table.cell(page.model.table_row(1), 0) == "t-9999"


def test_fit_width_by_menu_and_by_double_click_on_the_edge(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    grid = page.grid
    table = page.model.table
    col = table.col_index("email")
    grid.setColumnWidth(col, 30)
    right_click_header(page, qtbot, "email")
    choose(page, "Fit width to contents")
    longest = max(table.column(col), key=len)
    assert grid.columnWidth(col) >= QFontMetrics(grid.font()).horizontalAdvance(longest)
    fitted = grid.columnWidth(col)
    # filtered to the teachers, the column fits their (shorter) addresses
    role = table.col_index("role")
    page.set_column_filter(role, __import__("core.column_values", fromlist=["ColumnFilter"]).ColumnFilter(
        role, frozenset({"teacher"}), exclude=False))
    grid.setColumnWidth(col, 30)
    header = grid.horizontalHeader()
    grid.scrollTo(page.model.index(0, col))
    edge = QPoint(header.sectionViewportPosition(col) + header.sectionSize(col) - 1, header.height() // 2)
    qtbot.mouseDClick(header.viewport(), Qt.MouseButton.LeftButton, pos=edge)
    assert grid.columnWidth(col) == fit_width(grid, col) and 30 < grid.columnWidth(col) <= fitted
    assert page.columns.layout.widths[col] == grid.columnWidth(col)  # kept for the file


def test_column_profile_from_the_menu_shows_the_dock(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    window.profile_dock.hide()
    asked = []
    page.columns.profileRequested.connect(lambda name, col: asked.append((name, col)))
    right_click_header(page, qtbot, "role")
    choose(page, "Column profile")
    assert asked == [("users.csv", page.model.table.col_index("role"))]
    assert window.profile_dock.isVisible()


def test_the_menu_of_one_of_several_selected_columns_acts_on_all_of_them(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    table, model = page.model.table, page.model
    status, dlm, given = (table.col_index(n) for n in ("status", "dateLastModified", "givenName"))
    last = model.rowCount() - 1
    sel = QItemSelection(model.index(0, status), model.index(2, dlm))  # two whole columns, in two blocks
    sel.select(model.index(3, status), model.index(last, dlm))
    page.grid.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    right_click_header(page, qtbot, "dateLastModified")
    choose(page, "Hide 2 columns")
    assert page.grid.isColumnHidden(status) and page.grid.isColumnHidden(dlm)
    # a column not wholly selected: the menu selects it and is about it alone
    page.grid.selectionModel().select(QItemSelection(model.index(0, given), model.index(last - 1, given)),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect)
    right_click_header(page, qtbot, "givenName")
    assert page.columns.action("Hide column") is not None
    assert page.grid.selectionModel().isColumnSelected(given)
    page.columns.menu.close()
