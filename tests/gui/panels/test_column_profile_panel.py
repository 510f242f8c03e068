"""The column profile: counts and shapes of the selected column; a click filters the grid."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.helpers import page_of


def items(tree) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [tuple(tree.topLevelItem(i).text(c) for c in range(3)) for i in range(tree.topLevelItemCount())]


def test_selecting_a_cell_profiles_its_column(window) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    page.go_to(0, page.model.table.col_index("identifier"))
    prof = window.profile
    assert "identifier" in prof.title.text() and "column L of users.csv" in prof.title.text()
    assert items(prof.shapes) == [("99999999", "8", "89%"), ("99999", "1", "11%")]
    assert "Different values" in prof.stats.text()
    assert "8 (89%), 5 (11%)" in prof.stats.text()


def test_click_on_a_shape_filters_the_grid_and_show_all_restores(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    col = page.model.table.col_index("identifier")
    page.go_to(0, col)
    tree = window.profile.shapes
    item = tree.topLevelItem(1)  # 99999: the ID that lost its zeros
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.model.rowCount() == 1
    assert page.model.index(0, col).data() == "20033"
    assert page.model.headerData(0, Qt.Orientation.Vertical) == "7"  # still its line in the file
    assert "Showing 1 of 9 rows" in page.filter_label.text() and "99999" in page.filter_label.text()
    qtbot.mouseClick(page.show_all_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 9


def test_click_on_a_value_filters_to_that_value(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    page.go_to(0, page.model.table.col_index("role"))
    tree = window.profile.values
    assert items(tree)[0][0] == "student"
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(tree.topLevelItem(1)).center())
    assert page.model.rowCount() == 3  # the teachers
    assert window.profile.table_name == "users.csv"


def test_profile_follows_edits(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    col = page.model.table.col_index("identifier")
    page.go_to(0, col)
    row = page.model.table.column("identifier").index("20033")
    window.document.set_cells("users.csv", [(row, col, "00020033")])
    qtbot.waitUntil(lambda: items(window.profile.shapes)[0] == ("99999999", "9", "100%"), timeout=3000)


def test_profile_lists_pass_qtmodeltester(window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    page.go_to(0, page.model.table.col_index("identifier"))
    qtmodeltester.check(window.profile.shapes.model())
    qtmodeltester.check(window.profile.values.model())


def test_while_a_big_column_is_counted_nothing_of_the_last_column_stays(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    import gui.panels.column_profile as cp  # the panel looks these up in its own module

    monkeypatch.setattr(cp, "ASYNC_ROWS", 1)  # every column counts as big: counted in the background
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    prof = window.profile
    page.go_to(0, page.model.table.col_index("identifier"))
    qtbot.waitUntil(lambda: items(prof.shapes) == [("99999999", "8", "89%"), ("99999", "1", "11%")])
    release = threading.Event()
    real = cp.profile_column

    def slow(table, col):  # type: ignore[no-untyped-def]
        release.wait(10)
        return real(table, col)

    monkeypatch.setattr(cp, "profile_column", slow)
    classes = page_of(window, "classes.csv")
    window.tabs.setCurrentWidget(classes)
    col = classes.model.table.col_index("classType")
    classes.go_to(0, col)
    # another file's column: its name and file while it is counted, and none of identifier's numbers
    assert prof.title.text() == f"<b>classType</b> · column {cp.column_letter(col)} of classes.csv: counting {classes.model.table.nrows:,} values…"
    assert items(prof.shapes) == [] and items(prof.values) == [] and prof.stats.text() == "" and prof.profile is None
    release.set()
    qtbot.waitUntil(lambda: prof.profile is not None)
    assert prof.title.text() == f"<b>classType</b> · column {cp.column_letter(col)} of classes.csv"
    assert "Scheduled" in [v for v, _n, _p in items(prof.values)]
