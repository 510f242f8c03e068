"""The AutoFilter list of a column header, clicked through Qt on the sample roster."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from core.table import Table
from gui.grid.autofilter import LIMIT, AutoFilterPopup
from gui.grid.table_model import FilterRole
from tests.gui.helpers import page_of


def open_popup(page, qtbot, name: str):  # type: ignore[no-untyped-def]
    """Click the header button of a column, as a user does."""
    col = page.model.table.col_index(name)
    header = page.grid.horizontalHeader()
    page.grid.scrollTo(page.model.index(0, col))
    rect = header.button_rect(col)
    assert not rect.isEmpty()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    popup = page.columns.popup
    assert popup is not None and popup.isVisible() and popup.col == col
    return popup


def click_value(popup, qtbot, value: str) -> None:  # type: ignore[no-untyped-def]
    row = popup.values.values.index(value)
    rect = popup.list.visualRect(popup.values.index(row, 0))
    qtbot.mouseClick(popup.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def listed(popup) -> list[tuple[str, str, bool]]:  # type: ignore[no-untyped-def]
    m = popup.values
    return [
        (m.index(r, 0).data(), m.index(r, 1).data(), m.index(r, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked)
        for r in range(m.rowCount())
    ]


def shown(page, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    col = page.model.table.col_index(name)
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def test_button_opens_values_with_counts_and_unticking_one_filters(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    popup = open_popup(page, qtbot, "role")
    assert listed(popup) == [("student", "6", True), ("teacher", "3", True)]
    assert popup.subtitle.text() == "2 different values in 9 rows"
    assert popup.summary.text() == "9 of 9 rows"
    click_value(popup, qtbot, "teacher")
    assert listed(popup)[1] == ("teacher", "3", False)
    assert popup.summary.text() == "6 of 9 rows"
    qtbot.mouseClick(popup.ok_button, Qt.MouseButton.LeftButton)
    assert not popup.isVisible()
    assert shown(page, "role") == ["student"] * 6
    role = page.model.table.col_index("role")
    assert page.model.headerData(role, Qt.Orientation.Horizontal, FilterRole) is not None
    assert "Filtered: showing rows where role is not “teacher”" in page.model.headerData(
        role, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert page.bar.isVisible() and page.filter_label.text() == "Showing 6 of 9 rows: role is not “teacher”"
    assert window.status.rows_label.text() == "6 of 9 rows shown, filtered by role"
    # the list opens again with the filter's ticks
    popup = open_popup(page, qtbot, "role")
    assert listed(popup) == [("student", "6", True), ("teacher", "3", False)]
    popup.close()


def test_several_columns_filter_together_and_show_all_clears_them(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    table = page.model.table
    popup = open_popup(page, qtbot, "role")
    click_value(popup, qtbot, "teacher")
    popup.accept()
    popup = open_popup(page, qtbot, "grades")
    # as in Excel, the list offers the values of the rows the other filters show: no teacher's blank
    assert [v for v, _n, _t in listed(popup)] == ["03", "09", "10", "9"]
    assert popup.title.text() == "grades"
    assert popup.subtitle.text() == "4 different values in the 6 rows the other filters show"
    qtbot.keyClicks(popup.search, "03")  # as in Excel: OK keeps the ticked values that match
    assert [v for v, _n, _t in listed(popup)] == ["03"]
    qtbot.mouseClick(popup.ok_button, Qt.MouseButton.LeftButton)
    role, grades = table.col_index("role"), table.col_index("grades")
    expected = [r for r in range(table.nrows) if table.cell(r, role) == "student" and table.cell(r, grades) == "03"]
    assert [page.model.table_row(v) for v in range(page.model.rowCount())] == expected and len(expected) == 3
    assert window.status.rows_label.text() == "3 of 9 rows shown, filtered by role, grades"
    qtbot.mouseClick(page.show_all_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 9 and not page.model.view.column_filters
    assert not window.status.rows_label.isVisible() and not page.bar.isVisible()


def test_blanks_select_none_and_select_all(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    popup = open_popup(page, qtbot, "grades")
    assert listed(popup)[0] == ("(Blanks)", "3", True)
    qtbot.mouseClick(popup.select_none, Qt.MouseButton.LeftButton)
    assert not any(t for _v, _n, t in listed(popup)) and not popup.ok_button.isEnabled()
    qtbot.mouseClick(popup.select_all, Qt.MouseButton.LeftButton)
    assert all(t for _v, _n, t in listed(popup))
    qtbot.mouseClick(popup.select_none, Qt.MouseButton.LeftButton)
    click_value(popup, qtbot, "")
    popup.list.setFocus()
    popup.list.setCurrentIndex(popup.values.index(popup.values.values.index("9"), 0))
    qtbot.keyClick(popup.list, Qt.Key.Key_Space)  # Space ticks too
    qtbot.mouseClick(popup.ok_button, Qt.MouseButton.LeftButton)
    assert sorted(shown(page, "grades")) == ["", "", "", "9"]
    assert page.filter_label.text() == "Showing 4 of 9 rows: grades is (Blanks) or “9”"


def test_only_rows_with_problems_in_the_column(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    popup = open_popup(page, qtbot, "identifier")
    qtbot.mouseClick(popup.problems, Qt.MouseButton.LeftButton)
    assert popup.problems.isChecked()
    qtbot.mouseClick(popup.ok_button, Qt.MouseButton.LeftButton)
    assert shown(page, "identifier") == ["20033"]  # the one cell marked in this column
    assert page.filter_label.text() == "Showing 1 of 9 rows: identifier has a problem"


def test_autofilter_and_the_contains_filter_combine(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    tools = window.editing
    table = page.model.table
    popup = open_popup(page, qtbot, "role")
    click_value(popup, qtbot, "teacher")
    popup.accept()
    page.grid.setCurrentIndex(page.model.index(0, table.col_index("familyName")))
    tools.filter_by_text("e")
    fam, role = table.col_index("familyName"), table.col_index("role")
    expected = [r for r in range(table.nrows) if "e" in table.cell(r, fam).lower() and table.cell(r, role) == "student"]
    assert [page.model.table_row(v) for v in range(page.model.rowCount())] == expected
    assert window.status.rows_label.text() == f"{len(expected)} of 9 rows shown, filtered by role, familyName contains “e”"
    page.set_column_filter(role, None)  # the contains filter stays
    assert page.model.rowCount() > len(expected) and page.filter_kind == "value"


def test_sort_buttons_in_the_list(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    popup = open_popup(page, qtbot, "familyName")
    qtbot.mouseClick(popup.sort_desc, Qt.MouseButton.LeftButton)
    assert shown(page, "familyName") == sorted(page.model.table.column("familyName"), reverse=True)
    assert page.model.view.sort_key == (page.model.table.col_index("familyName"), True)


def test_a_long_list_shows_the_first_values_and_search_finds_the_others(qtbot) -> None:  # type: ignore[no-untyped-def]
    t = Table("e.csv", ["id"], [[f"id{i:05d}" for i in range(LIMIT + 500)] + [""]])
    popup = AutoFilterPopup(t, 0, None)
    qtbot.addWidget(popup)
    assert popup.values.rowCount() == LIMIT
    assert popup.note.text() == f"Showing the first {LIMIT:,} of {LIMIT + 501:,} values. Type in the search box to find others."
    qtbot.keyClicks(popup.search, "ID0249")
    assert popup.values.values == [f"id0249{d}" for d in range(10)] and popup.note.isHidden()
    qtbot.keyClicks(popup.search, "x")
    assert popup.values.values == [] and popup.note.text() == "No value contains this text."
    popup.search.clear()
    assert popup.values.rowCount() == LIMIT and popup.result() is None


def test_popup_opens_on_the_screen_under_the_button(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    popup = open_popup(page, qtbot, "sourcedId")
    header = page.grid.horizontalHeader()
    bottom = header.viewport().mapToGlobal(QPoint(0, header.height())).y()
    assert popup.geometry().top() >= bottom - 1
    assert popup.screen().availableGeometry().contains(popup.geometry())
    popup.close()
