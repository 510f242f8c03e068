"""Renaming a column in the window: the header's "Rename column…", a misspelled header's suggested
fix (from the header's menu and from the Problems panel's button), one undo step each, the live
check following, and saving writing the new header line (or, undone, the file's own bytes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QInputDialog

from gui.app.main_window import MainWindow
from gui.grid.marks import fixed_font
from tests.gui.helpers import page_of

HEADER = ("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenname,familyName,"
          "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n")
USERS = (HEADER + "u1,,,true,s1,student,ana,,Ana,Diaz,,1,,,,,05,\r\n"
                  "u2,,,true,s1,student,ben,,Ben,Lee,,2,,,,,05,\r\n").encode()
FIXED = USERS.replace(b",givenname,", b",givenName,", 1)
LABEL = "Rename column users.csv givenname → givenName"


@pytest.fixture
def w(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "roster"
    folder.mkdir()
    (folder / "users.csv").write_bytes(USERS)
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    win.open_paths([str(folder)])
    qtbot.waitUntil(lambda: win.document is not None and not win.busy and win.document.complete, timeout=10000)
    page = page_of(win, "users.csv")
    win.tabs.setCurrentWidget(page)
    yield win
    win.runner.wait_for_done()
    win._drop_document()


def path_of(w: MainWindow) -> Path:
    source = w.document.table("users.csv").source
    assert source is not None
    return Path(source.path)


def wrong_case(w: MainWindow) -> list:  # type: ignore[type-arg]
    return [f for f in w.document.findings if f.code == "header.wrong_case"]


def settled(w: MainWindow) -> bool:
    return w.document.complete and not w.busy


def right_click_header(page, col: int):  # type: ignore[no-untyped-def]
    header = page.grid.horizontalHeader()
    page.grid.scrollTo(page.model.index(0, col))
    header.customContextMenuRequested.emit(QPoint(header.sectionViewportPosition(col) + 8, header.height() // 2))
    menu = page.columns.menu
    assert menu is not None and menu.isVisible()
    return menu


def save(w: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    w.activateWindow()
    w.act.save.trigger()
    qtbot.waitUntil(lambda: not w.busy, timeout=10000)


def test_rename_column_from_the_header_menu_asks_for_the_name_and_undoes_in_one_step(w, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = page_of(w, "users.csv")
    table = page.model.table
    col = table.col_index("givenname")
    (found,) = wrong_case(w)
    assert (found.col, found.fix) == (col, "givenName")
    asked = []

    def answer(parent, title, label, echo, text):  # type: ignore[no-untyped-def]
        asked.append((title, label, text))
        return "givenName", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    menu = right_click_header(page, col)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert "Rename column…" in texts and "Apply suggested fix: rename to “givenName”" in texts
    page.columns.action("Rename column…").trigger()
    menu.close()
    assert asked == [("Rename column", "New name for the column “givenname” of users.csv:", "givenname")]
    assert table.header[col] == "givenName"
    assert page.model.headerData(col, Qt.Orientation.Horizontal) == "givenName"
    assert page.grid.selectionModel().isColumnSelected(col)
    stack = w.document.undo_stack
    assert stack.count() == 1 and stack.undoText() == LABEL
    assert w.act.undo.text().endswith(LABEL)
    # the live check reads the header again: the column now follows givenName's rule, no finding
    qtbot.waitUntil(lambda: settled(w) and not wrong_case(w), timeout=10000)
    save(w, qtbot)
    assert path_of(w).read_bytes() == FIXED
    w.act.undo.trigger()
    assert table.header[col] == "givenname" and page.model.headerData(col, Qt.Orientation.Horizontal) == "givenname"
    qtbot.waitUntil(lambda: settled(w) and len(wrong_case(w)) == 1, timeout=10000)
    save(w, qtbot)
    assert path_of(w).read_bytes() == USERS


def test_a_blank_or_taken_name_is_refused_and_asked_again(w, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = page_of(w, "users.csv")
    table = page.model.table
    col = table.col_index("givenname")
    answers = [("", True), ("familyName", True), ("first", True)]
    labels = []

    def answer(parent, title, label, echo, text):  # type: ignore[no-untyped-def]
        labels.append(label.split("\n")[0])
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", answer)
    assert page.columns.rename(col)
    assert labels == [
        "New name for the column “givenname” of users.csv:",
        "A column name cannot be blank.",
        "users.csv already has a column named familyName; header names must be unique.",
    ]
    assert table.header[col] == "first"
    # cancelled, or the same name: nothing happens
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("x", False))
    assert not page.columns.rename(col)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("first", True))
    assert not page.columns.rename(col)
    assert w.document.undo_stack.count() == 1


def test_the_header_menus_suggested_fix_renames_the_column(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(w, "users.csv")
    table = page.model.table
    col = table.col_index("givenname")
    right_click_header(page, col)
    page.columns.action("Apply suggested fix: rename to “givenName”").trigger()
    page.columns.menu.close()
    assert table.header[col] == "givenName" and w.document.undo_stack.undoText() == LABEL
    qtbot.waitUntil(lambda: settled(w) and not wrong_case(w), timeout=10000)
    # a right header has no fix to offer
    menu = right_click_header(page, col)
    assert not [a for a in menu.actions() if a.text().startswith("Apply suggested fix")]
    menu.close()


def test_edit_apply_suggested_fix_on_a_selected_column_renames_it(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(w, "users.csv")
    table = page.model.table
    col = table.col_index("givenname")
    header = page.grid.horizontalHeader()
    page.grid.scrollTo(page.model.index(0, col))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(col) + 8, header.height() // 2))
    assert page.grid.selectionModel().isColumnSelected(col)
    page.grid.setFocus()
    w.act.fix.trigger()
    assert table.header[col] == "givenName" and w.document.undo_stack.undoText() == LABEL


def test_the_problems_panels_fix_button_renames_a_misspelled_column(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    problems = w.problems
    table = w.document.table("users.csv")
    col = table.col_index("givenname")
    row = next(i for i, f in enumerate(problems.model.rows) if f.code == "header.wrong_case")
    assert not problems.fix_button.isEnabled()
    problems.view.selectionModel().select(
        problems.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    assert problems.fix_button.isEnabled() and problems.fix_button.text() == "Apply suggested fix"
    qtbot.mouseClick(problems.fix_button, Qt.MouseButton.LeftButton)
    assert table.header[col] == "givenName"
    stack = w.document.undo_stack
    assert stack.count() == 1 and stack.undoText() == LABEL
    qtbot.waitUntil(lambda: settled(w) and not wrong_case(w), timeout=10000)
    # listed in the changes, as the header's change
    panel = w.changes_panel
    panel.refresh()
    cells = [[panel.model.index(r, c).data() for c in range(panel.model.columnCount())] for r in range(panel.model.rowCount())]
    assert cells == [["users.csv", "header", "givenName", "column renamed", "givenname", "givenName"]]
    stack.undo()
    assert table.header[col] == "givenname" and not table.modified
    qtbot.waitUntil(lambda: settled(w) and len(wrong_case(w)) == 1, timeout=10000)
    panel.refresh()
    assert panel.model.rowCount() == 0


def test_revert_in_the_changes_list_gives_the_column_its_name_back(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = w.document
    table = doc.table("users.csv")
    col = table.col_index("givenname")
    doc.rename_column("users.csv", col, "first")
    panel = w.changes_panel
    panel.refresh()
    panel.select_rows([0])
    assert panel.revert_selected() == 1
    assert table.header[col] == "givenname"
    assert doc.undo_stack.undoText().startswith("Revert")
    qtbot.waitUntil(lambda: settled(w), timeout=10000)
    save(w, qtbot)
    assert path_of(w).read_bytes() == USERS


def test_a_column_renamed_to_an_id_takes_the_fixed_width_font_and_undo_gives_it_back(w: MainWindow) -> None:
    page = page_of(w, "users.csv")
    col = w.document.table("users.csv").col_index("middleName")
    font = lambda: page.model.data(page.model.index(0, col), Qt.ItemDataRole.FontRole)  # noqa: E731
    assert font() is None
    assert w.document.rename_column("users.csv", col, "metadata.stateId")
    assert font() == fixed_font()
    w.document.undo_stack.undo()
    assert font() is None
