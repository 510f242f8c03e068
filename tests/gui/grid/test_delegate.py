"""The cell editor: values stored exactly as typed, marked while typing, allowed values offered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui.grid.delegate import INVALID_STYLE, CellEditor, ColumnRule, EditingDelegate, column_rule
from tests.gui.helpers import page_of


def test_column_rules_come_from_the_rule_files() -> None:
    role = column_rule("users.csv", "role")
    assert role.kind == "enum" and "student" in role.allowed and role.required
    # the Renaissance profile has its own enrollment roles
    assert "parent" in column_rule("enrollments.csv", "role", "renaissance").allowed
    assert "parent" not in column_rule("enrollments.csv", "role").allowed
    assert column_rule("users.csv", "grades").kind == "grades"
    assert column_rule("academicSessions.csv", "startDate").kind == "date"
    assert column_rule("users.csv", "givenName").kind == "text"
    # a file the rules do not describe still gets the built-in vocabularies
    assert column_rule("other.csv", "status").allowed == ("active", "tobedeleted")


@pytest.mark.parametrize(
    ("rule", "value", "problem"),
    [
        (ColumnRule("enum", ("student", "teacher"), True), "student", None),
        (ColumnRule("enum", ("student", "teacher"), True), "Student", "Write it exactly as “student” (capital letters matter)."),
        (ColumnRule("enum", ("student", "teacher"), True), "pupil", "Allowed values: student, teacher."),
        (ColumnRule("enum", ("student", "teacher"), True), "", "This column needs a value."),
        (ColumnRule("enum", ("student", "teacher"), False), "", None),
        (ColumnRule("text"), " x", "The value starts or ends with a space."),
        (ColumnRule("date"), "8/15/2027", "Dates are written YYYY-MM-DD, for example 2025-08-20."),
        (ColumnRule("date"), "2027-08-15", None),
        (ColumnRule("year"), "26", "Write the year the school year ends, as four digits (for example 2026)."),
        (ColumnRule("grades"), "09,10", None),
        (ColumnRule("grades"), "9", "“9” is not a grade code. Use two characters such as KG, 01 … 12 (for example 09, not 9)."),
    ],
)
def test_problem_words(rule: ColumnRule, value: str, problem: str | None) -> None:
    assert rule.problem(value) == problem


@pytest.fixture
def role_cell(window, qtbot):  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    window.activateWindow()
    grid = page.grid
    grid.setFocus()
    role = page.model.table.col_index("role")
    grid.setCurrentIndex(page.model.index(4, role))
    return window, grid, role


def test_grid_uses_the_editing_delegate(role_cell) -> None:  # type: ignore[no-untyped-def]
    _w, grid, _role = role_cell
    assert isinstance(grid.itemDelegate(), EditingDelegate)


def test_invalid_value_is_marked_while_typing_and_stored_as_typed(role_cell, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, grid, role = role_cell
    qtbot.keyClicks(grid, "S")
    editor = grid.focusWidget()
    assert isinstance(editor, CellEditor)
    qtbot.keyClicks(editor, "tudnet")
    assert editor.text() == "Studnet"
    assert editor.styleSheet() == INVALID_STYLE
    assert editor.toolTip().startswith("Allowed values: administrator, aide")
    editor.completer().popup().hide()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    table = w.document.table("users.csv")
    assert table.cell(4, role) == "Studnet"  # kept as typed; the checks will mark it


def test_valid_value_clears_the_mark(role_cell, qtbot) -> None:  # type: ignore[no-untyped-def]
    _w, grid, _role = role_cell
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = grid.focusWidget()
    assert isinstance(editor, CellEditor)
    editor.setText("Student")
    assert "exactly as “student”" in editor.toolTip()
    editor.setText("student")
    assert editor.styleSheet() == "" and editor.toolTip() == ""


def test_allowed_values_are_offered_and_picked_with_enter(role_cell, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, grid, role = role_cell
    qtbot.keyClicks(grid, "t")
    editor = grid.focusWidget()
    qtbot.keyClicks(editor, "ea")
    completer = editor.completer()
    assert completer is not None
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    offered = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert offered == ["teacher"]
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert editor.text() == "teacher"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert w.document.table("users.csv").cell(4, role) == "teacher"
    assert grid.currentIndex().row() == 5


def test_screenshot_of_an_invalid_value(role_cell, qtbot) -> None:  # type: ignore[no-untyped-def]
    _w, grid, _role = role_cell
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = grid.focusWidget()
    assert isinstance(editor, CellEditor)
    editor.setText("Studnet")
    # the editor lies on the role cell it was opened on and shows the typed value
    assert editor.geometry() == grid.visualRect(grid.currentIndex()) and editor.displayText() == "Studnet"
    # as drawn: a red frame round the value on a pale red ground (INVALID_STYLE), left and right
    image = grid.viewport().grab().toImage()
    scale = image.devicePixelRatio()
    box = editor.geometry()

    def color(x: int) -> str:
        return image.pixelColor(round(x * scale), round(box.center().y() * scale)).name()

    assert [color(box.left()), color(box.left() + 1), color(box.right()), color(box.right() - 1)] == ["#c62828"] * 4
    assert color(box.left() + 3) == color(box.right() - 3) == "#fff5f5"
    assert editor.toolTip().startswith("Allowed values: administrator, aide")
