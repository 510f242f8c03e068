"""The repair dialog: every change listed under its repair, ticked by repair or by cell."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from core.damage import propose_repairs
from core.io.load import load_roster
from core.roster import Roster
from core.table import Table
from gui.panels.repair import RepairDialog, visible
from tests.gui.helpers import visible_texts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "damage"


def small_roster() -> Roster:
    r = Roster("test")
    r.add(
        Table.from_rows(
            "users.csv",
            ["sourcedId", "enabledUser", "grades", "givenName"],
            [["a", "TRUE", "9", "Ann "], ["b", "FALSE", "KG", "Bo"], ["c", "true", "12-Jan", "Cy"]],
        )
    )
    r.add(Table.from_rows("enrollments.csv", ["sourcedId", "userSourcedId"], [["1.23457E+11", "a"]]))
    return r


def click_check(qtbot, dialog: RepairDialog, item) -> None:  # type: ignore[no-untyped-def]
    """Click the item's checkbox the way a user does."""
    tree = dialog.tree
    tree.scrollToItem(item)
    index = tree.indexFromItem(item, 0)
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.rect = tree.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    rect = tree.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, tree)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))


def by_title(dialog: RepairDialog, start: str) -> int:
    return next(i for i, r in enumerate(dialog.repairs) if r.title.startswith(start))


def test_safe_repairs_start_ticked_and_decisions_do_not(qtbot) -> None:  # type: ignore[no-untyped-def]
    repairs = propose_repairs(small_roster())
    dialog = RepairDialog(repairs)
    qtbot.addWidget(dialog)
    got = {(c.file, c.row, c.column, c.old, c.new) for c in dialog.accepted_changes()}
    assert got == {
        ("users.csv", 0, "enabledUser", "TRUE", "true"),
        ("users.csv", 1, "enabledUser", "FALSE", "false"),
        ("users.csv", 0, "grades", "9", "09"),
        ("users.csv", 0, "givenName", "Ann ", "Ann"),
    }
    assert dialog.count_label.text() == "4 values will be changed"


def test_unticking_a_repair_drops_all_its_cells_and_a_single_cell_can_come_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = RepairDialog(propose_repairs(small_roster()))
    qtbot.addWidget(dialog)
    dialog.show()
    booleans = dialog.repair_item(by_title(dialog, "Write true/false"))
    click_check(qtbot, dialog, booleans)
    assert booleans.checkState(0) == Qt.CheckState.Unchecked
    assert [c.column for c in dialog.accepted_changes()] == ["grades", "givenName"]
    click_check(qtbot, dialog, booleans.child(1))
    assert booleans.checkState(0) == Qt.CheckState.PartiallyChecked
    assert [(c.column, c.old, c.new) for c in dialog.accepted_changes()] == [
        ("enabledUser", "FALSE", "false"),
        ("grades", "9", "09"),
        ("givenName", "Ann ", "Ann"),
    ]


def test_a_decision_with_a_suggestion_can_be_ticked_and_lost_digits_cannot(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = RepairDialog(propose_repairs(small_roster()))
    qtbot.addWidget(dialog)
    dialog.show()
    grade_range = dialog.repair_item(by_title(dialog, "Put back grade ranges")).child(0)
    assert grade_range.text(3) == "12-Jan" and grade_range.text(4) == "01,02,03,04,05,06,07,08,09,10,11,12"
    click_check(qtbot, dialog, grade_range)
    assert ("grades", "12-Jan", "01,02,03,04,05,06,07,08,09,10,11,12") in [
        (c.column, c.old, c.new) for c in dialog.accepted_changes()
    ]
    lost = dialog.repair_item(by_title(dialog, "IDs whose digits were lost")).child(0)
    assert lost.text(4) == "(cannot be known)"
    assert not (lost.flags() & Qt.ItemFlag.ItemIsUserCheckable)
    assert "123456500000 to 123457499999" in lost.toolTip(0)


def test_untick_all_disables_apply_and_tick_all_brings_the_safe_ones_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = RepairDialog(propose_repairs(small_roster()))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.select_none, Qt.MouseButton.LeftButton)
    assert dialog.accepted_changes() == []
    qtbot.waitUntil(lambda: not dialog.apply_button.isEnabled())
    qtbot.mouseClick(dialog.select_all, Qt.MouseButton.LeftButton)
    assert len(dialog.accepted_changes()) == 4
    qtbot.waitUntil(dialog.apply_button.isEnabled)


def test_apply_accepts_and_cancel_rejects(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = RepairDialog(propose_repairs(small_roster()))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RepairDialog.DialogCode.Accepted


def test_invisible_characters_are_shown() -> None:
    assert visible(" a\u00a0b\u200b ") == "\u2423a\u237db\u2423\u2423"
    assert visible("") == "(empty)"


def test_renders_a_real_damaged_set(qtbot) -> None:  # type: ignore[no-untyped-def]
    roster = load_roster([str(FIXTURES / "excel_us")])
    dialog = RepairDialog(propose_repairs(roster))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tree = dialog.tree
    assert tree.topLevelItemCount() == len(dialog.repairs) == 24
    assert dialog.windowTitle() == "Repair spreadsheet damage"
    texts = visible_texts(dialog)
    assert texts[0] == ("<b>71 values can be put back as they were before a spreadsheet changed them.</b> "
                        "6 more need your decision.")
    assert texts[2:] == ["Tick all safe repairs", "Untick all", "71 values will be changed", "Apply", "Cancel"]
    assert [tree.headerItem().text(c) for c in range(5)] == ["Repair / file", "Line", "Column", "Was", "Becomes"]
    first = tree.topLevelItem(0)
    assert first.text(0) == "Write dates as YYYY-MM-DD in academicSessions.csv startDate"
    assert tree.isExpanded(tree.indexFromItem(first)) and tree.visualItemRect(first.child(1)).isValid()
    assert [first.child(1).text(c) for c in range(5)] == ["academicSessions.csv", "3", "startDate", "8/15/2026", "2026-08-15"]
    # the repairs that need a decision are the ones shown unticked
    unticked = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).checkState(0) == Qt.CheckState.Unchecked]
    assert unticked == [
        "Put back grade ranges a spreadsheet made into dates in courses.csv grades (needs your decision)",
        "IDs whose digits were lost to scientific notation in enrollments.csv sourcedId (needs your decision)",
    ]


def test_a_large_repair_lists_some_cells_and_one_entry_for_the_rest(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gui.panels.repair as rd

    monkeypatch.setattr(rd, "MAX_SHOWN", 3)
    r = Roster("big")
    r.add(Table.from_rows("enrollments.csv", ["sourcedId", "primary"], [[f"e{i}", "TRUE"] for i in range(10)]))
    dialog = RepairDialog(propose_repairs(r))
    qtbot.addWidget(dialog)
    dialog.show()
    top = dialog.repair_item(0)
    assert top.childCount() == 4 and top.child(3).text(0) == "… and 7 more changes like these"
    assert [c.row for c in dialog.accepted_changes()] == list(range(10))
    click_check(qtbot, dialog, top.child(3))
    assert [c.row for c in dialog.accepted_changes()] == [0, 1, 2]
    qtbot.waitUntil(lambda: dialog.count_label.text() == "3 values will be changed")
