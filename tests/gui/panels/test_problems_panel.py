"""The Problems panel: counts and filters, click or Enter jumps to the cell, suggested fixes with undo."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

from gui.panels.problems import FindingsModel
from tests.gui.helpers import page_of


def row_of(panel, code: str, file: str = "users.csv") -> int:  # type: ignore[no-untyped-def]
    for r in range(panel.model.rowCount()):
        f = panel.model.finding(r)
        if f.code == code and f.file == file:
            return r
    raise AssertionError(code)


def test_an_empty_findings_model_passes_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(FindingsModel())


def test_findings_model_stays_consistent_through_filters_fixes_and_undo(window, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    """Qt's model tester stays attached to the panel's model while its list changes; a broken promise
    is a Qt warning, which fails the test."""
    panel = window.problems
    doc = window.document
    qtmodeltester.check(panel.model)
    before = list(doc.findings)
    total = panel.model.rowCount()
    panel.severity_box.setCurrentIndex(panel.severity_box.findData("error"))
    assert panel.model.rowCount() == 2
    panel.severity_box.setCurrentIndex(0)
    panel.view.selectRow(row_of(panel, "test.leading_zeros"))
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    assert "00020033" in doc.table("users.csv").column("identifier")
    doc.set_findings([f for f in before if f.code != "test.leading_zeros"])  # as a re-check would
    assert panel.model.rowCount() == total - 1
    window.act.undo.trigger()
    doc.set_findings(before)
    assert panel.model.rowCount() == total
    doc.set_findings([])
    assert panel.model.rowCount() == 0


def test_filters_show_counts_and_narrow_the_list(window) -> None:  # type: ignore[no-untyped-def]
    panel = window.problems
    total = len(window.document.findings)
    assert panel.model.rowCount() == total
    labels = [panel.severity_box.itemText(i) for i in range(panel.severity_box.count())]
    assert labels[0] == f"All problems ({total})"
    assert "Errors (2)" in labels
    panel.severity_box.setCurrentIndex(panel.severity_box.findData("error"))
    assert panel.model.rowCount() == 2
    panel.file_box.setCurrentIndex(panel.file_box.findData("classes.csv"))
    assert panel.model.rowCount() == 0
    panel.severity_box.setCurrentIndex(0)
    assert panel.model.rowCount() == 1
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("test"))
    assert panel.model.rowCount() == 1
    assert "showing 1" in panel.summary.text()


def test_click_on_a_problem_switches_tab_and_selects_its_cell(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.problems
    window.tabs.setCurrentWidget(page_of(window, "classes.csv"))
    r = row_of(panel, "test.leading_zeros")
    rect = panel.view.visualRect(panel.model.index(r, 4))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_table_name() == "users.csv"
    grid = window.current_grid()
    cur = grid.currentIndex()
    assert cur.data() == "20033"
    assert window.document.table("users.csv").header[cur.column()] == "identifier"
    assert window.status.cell_label.text() == "users.csv L7 · line 7, column identifier"


def test_enter_on_a_problem_jumps_and_focuses_the_grid(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.problems
    r = row_of(panel, "test.case", "classes.csv")
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(r, 0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert window.current_table_name() == "classes.csv"
    assert window.current_grid().currentIndex().data() == "Scheduled"


def test_apply_suggested_fix_then_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.problems
    doc = window.document
    users = doc.table("users.csv")
    r = row_of(panel, "test.leading_zeros")
    panel.view.selectRow(r)
    assert panel.fix_button.isEnabled()
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    assert "00020033" in users.column("identifier")
    assert doc.undo_stack.count() == 1
    assert window.windowTitle().startswith("sample[*]") and window.isWindowModified()
    window.act.undo.trigger()
    assert "20033" in users.column("identifier")


def test_several_fixes_in_two_files_are_one_undo_step(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.problems
    doc = window.document
    sel = panel.view.selectionModel()
    for code, file in (("test.leading_zeros", "users.csv"), ("test.case", "users.csv"), ("test.case", "classes.csv")):
        sel.select(panel.model.index(row_of(panel, code, file), 0),
                   QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert panel.fix_button.text() == "Apply 3 suggested fixes"
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    classtype = doc.table("classes.csv").column("classType")
    assert "Scheduled" not in classtype and "00020033" in doc.table("users.csv").column("identifier")
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert "Scheduled" in classtype
    assert "20033" in doc.table("users.csv").column("identifier")


def test_f8_steps_through_problems(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.act.next_problem.trigger()
    first = window.problems.model.finding(0)
    assert window.current_table_name() == first.file
    window.act.next_problem.trigger()
    assert window.problems.view.currentIndex().row() == 1
    window.act.prev_problem.trigger()
    assert window.problems.view.currentIndex().row() == 0


def test_selecting_a_bad_cell_selects_its_problem(window) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    users = page.model.table
    page.go_to(users.column("identifier").index("20033"), users.col_index("identifier"))
    selected = window.problems.selected_findings()
    assert [f.code for f in selected] == ["test.leading_zeros"]
    assert window.problems.fix_button.isEnabled()


def test_filters_combine_on_every_finding() -> None:
    from core.findings import Finding

    findings = [
        Finding("error", "value.enum", file="users.csv", row=0, line=2),
        Finding("warning", "damage.boolean", file="users.csv", row=1, line=3),
        Finding("error", "damage.boolean", file="classes.csv", row=0, line=2),
        Finding("error", "damage.boolean", file="users.csv", row=2, line=4),
        Finding("info", "package.skipped_file", file=None),
    ]
    model = FindingsModel()
    model.set_findings(findings)
    model.set_filters("error", "users.csv", "damage")
    assert [model.finding(r) for r in range(model.rowCount())] == [findings[3]]
    model.set_filters(None, "", None)  # findings about the whole set
    assert [model.finding(r) for r in range(model.rowCount())] == [findings[4]]
    model.set_filters("error", None, "damage")
    assert [model.finding(r) for r in range(model.rowCount())] == [findings[2], findings[3]]
    model.set_filters(None, None, None)
    assert model.rowCount() == 5


def test_the_summary_says_when_the_list_is_behind_the_grids_marks(window) -> None:  # type: ignore[no-untyped-def]
    panel = window.problems
    doc = window.document
    assert "catches up" not in panel.summary.text()
    doc.marksChanged.emit()  # a quick re-check on a large roster changed marks in place
    assert "catches up with your edits" in panel.summary.text()
    doc.set_findings(list(doc.findings), presorted=True)  # the full check's list arrives
    assert "catches up" not in panel.summary.text()
