"""Every key of the window, as Windows Excel has them: a table of what each does, each pressed through Qt.

SHORTCUTS is the table (key, what it does, a check). ``test_each_key`` presses the key with
QTest.keyClick on the grid of users.csv (or on the cell editor, for keys that act while typing) and
checks the effect; no key may make Qt log "Ambiguous shortcut overload" (two shortcuts for one press,
so neither runs). ``test_the_table_lists_every_shortcut`` keeps the table complete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from tests.gui.helpers import page_of


@dataclass
class Ctx:
    """What a check sees: the window, the users.csv grid and its table."""

    w: Any
    grid: Any
    table: Any
    qtbot: Any
    #: (kind, "title: text") of message boxes shown (answered by tests/gui/conftest.py)
    boxes: list[tuple[str, str]]

    def at(self, row: int, col: int | str) -> None:
        c = col if isinstance(col, int) else self.table.col_index(col)
        self.grid.setCurrentIndex(self.grid.model().index(row, c))

    def select(self, top: int, left: int, bottom: int, right: int) -> None:
        m = self.grid.model()
        self.grid.setCurrentIndex(m.index(top, left))
        self.grid.selectionModel().select(
            QItemSelection(m.index(top, left), m.index(bottom, right)), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def cur(self) -> tuple[int, int]:
        i = self.grid.currentIndex()
        return i.row(), i.column()

    def selected(self) -> set[tuple[int, int]]:
        return {(i.row(), i.column()) for i in self.grid.selectionModel().selectedIndexes()}

    def editor(self) -> QLineEdit:
        ed = self.grid.focusWidget()
        assert isinstance(ed, QLineEdit) and self.grid.state() == QAbstractItemView.State.EditingState
        return ed


def press(widget: Any, keys: str) -> None:
    """Press a key as written in the table ("Ctrl+Shift+=") on a widget, through Qt."""
    from PySide6.QtTest import QTest

    combo = QKeySequence(keys)[0]
    QTest.keyClick(widget, combo.key(), combo.keyboardModifiers())


@dataclass
class Key:
    keys: str
    does: str
    #: arrange the grid, press (with ``press``), check
    run: Callable[[Ctx], None]


# --- the checks, one per key -----------------------------------------------------------------------
def f2(c: Ctx) -> None:
    c.at(0, "givenName")
    press(c.grid, "F2")
    ed = c.editor()
    assert ed.cursorPosition() == len("Maria") and not ed.hasSelectedText()
    c.qtbot.keyClicks(ed, "n")
    press(ed, "Return")
    assert c.table.cell(0, c.table.col_index("givenName")) == "Marian"  # typing after F2 adds to the value


def typing_replaces(c: Ctx) -> None:
    c.at(0, "givenName")
    press(c.grid, "H")  # QTest types the key as pressed: "h"
    press(c.editor(), "Return")
    assert c.table.cell(0, c.table.col_index("givenName")) == "h"


def enter(c: Ctx) -> None:
    c.at(2, 3)
    press(c.grid, "Return")
    assert c.cur() == (3, 3)
    press(c.grid, "X")
    press(c.editor(), "Return")  # in the editor: stores and moves down
    assert c.table.cell(3, 3) == "x" and c.cur() == (4, 3)


def shift_enter(c: Ctx) -> None:
    c.at(2, 3)
    press(c.grid, "Shift+Return")
    assert c.cur() == (1, 3)
    press(c.grid, "X")
    press(c.editor(), "Shift+Return")
    assert c.table.cell(1, 3) == "x" and c.cur() == (0, 3)


def tab(c: Ctx) -> None:
    c.at(2, 3)
    press(c.grid, "Tab")
    assert c.cur() == (2, 4)
    press(c.grid, "X")
    press(c.editor(), "Tab")
    assert c.table.cell(2, 4) == "x" and c.cur() == (2, 5)


def shift_tab(c: Ctx) -> None:
    c.at(2, 3)
    press(c.grid, "Shift+Tab")
    assert c.cur() == (2, 2)


def escape(c: Ctx) -> None:
    c.at(0, "givenName")
    press(c.grid, "Z")
    press(c.editor(), "Escape")
    assert c.grid.state() != QAbstractItemView.State.EditingState
    assert c.table.cell(0, c.table.col_index("givenName")) == "Maria"
    assert c.w.document.undo_stack.count() == 0


def shift_space(c: Ctx) -> None:
    c.select(1, 2, 2, 3)
    given_before = c.table.cell(1, 0)
    press(c.grid, "Shift+Space")
    assert c.selected() == {(r, col) for r in (1, 2) for col in range(c.table.ncols)}
    assert c.table.cell(1, 0) == given_before and c.grid.state() != QAbstractItemView.State.EditingState


def ctrl_space(c: Ctx) -> None:
    c.at(3, 5)
    press(c.grid, "Ctrl+Space")
    assert c.selected() == {(r, 5) for r in range(c.table.nrows)}


def ctrl_shift_space(c: Ctx) -> None:
    c.at(3, 5)
    press(c.grid, "Ctrl+Shift+Space")
    assert len(c.selected()) == c.table.nrows * c.table.ncols


def ctrl_down(c: Ctx) -> None:
    c.at(0, 0)
    press(c.grid, "Ctrl+Down")
    assert c.cur() == (c.table.nrows - 1, 0)  # the last row of a full column
    assert c.selected() == {(c.table.nrows - 1, 0)}
    middle = c.table.col_index("middleName")  # "Luis" on row 3 only
    c.at(0, middle)
    press(c.grid, "Ctrl+Down")
    assert c.cur() == (3, middle)  # from an empty cell: the next filled one


def ctrl_up(c: Ctx) -> None:
    c.at(5, 0)
    press(c.grid, "Ctrl+Up")
    assert c.cur() == (0, 0)


def ctrl_right(c: Ctx) -> None:
    c.at(0, 0)
    press(c.grid, "Ctrl+Right")
    assert c.cur() == (0, 0 + 1 if c.table.cell(0, 1) else c.table.col_index("enabledUser"))


def ctrl_left(c: Ctx) -> None:
    c.at(0, c.table.col_index("familyName"))
    press(c.grid, "Ctrl+Left")
    assert c.cur() == (0, c.table.col_index("givenName"))  # the first of the filled run (userIds is empty)


def ctrl_shift_down(c: Ctx) -> None:
    c.at(2, 0)
    press(c.grid, "Ctrl+Shift+Down")
    assert c.cur() == (c.table.nrows - 1, 0)
    assert c.selected() == {(r, 0) for r in range(2, c.table.nrows)}


def ctrl_shift_right(c: Ctx) -> None:
    user, given = c.table.col_index("username"), c.table.col_index("givenName")
    c.at(1, user)
    press(c.grid, "Ctrl+Shift+Right")  # userIds is empty: on to the next filled cell
    assert c.cur() == (1, given)
    assert c.selected() == {(1, col) for col in range(user, given + 1)}


def ctrl_home(c: Ctx) -> None:
    c.at(5, 5)
    press(c.grid, "Ctrl+Home")
    assert c.cur() == (0, 0)


def ctrl_end(c: Ctx) -> None:
    c.at(2, 2)
    press(c.grid, "Ctrl+End")
    assert c.cur() == (c.table.nrows - 1, c.table.ncols - 1)


def _inserts(keys: str) -> Callable[[Ctx], None]:
    def run(c: Ctx) -> None:
        n, first = c.table.nrows, c.table.row(1)
        c.select(1, 0, 2, 3)
        press(c.grid, keys)
        assert c.table.nrows == n + 2 and c.table.row(1) == [""] * c.table.ncols and c.table.row(3) == first

    return run


def ctrl_minus(c: Ctx) -> None:
    n, third = c.table.nrows, c.table.row(3)
    c.select(1, 0, 2, 0)
    press(c.grid, "Ctrl+-")
    assert c.table.nrows == n - 2 and c.table.row(1) == third


def ctrl_d(c: Ctx) -> None:
    c.select(0, 5, 2, 5)
    press(c.grid, "Ctrl+D")
    assert [c.table.cell(r, 5) for r in range(3)] == ["teacher"] * 3


def ctrl_r(c: Ctx) -> None:
    given, family = c.table.col_index("givenName"), c.table.col_index("familyName")
    c.select(0, given, 0, family)
    press(c.grid, "Ctrl+R")
    assert c.table.cell(0, family) == "Maria"


def delete(c: Ctx) -> None:
    c.select(0, 8, 1, 9)
    press(c.grid, "Delete")
    assert [c.table.cell(r, col) for r in (0, 1) for col in (8, 9)] == [""] * 4


def ctrl_c(c: Ctx) -> None:
    c.select(0, 8, 1, 9)
    press(c.grid, "Ctrl+C")
    assert QGuiApplication.clipboard().text() == "Maria\tAlvarez\r\nJames\tChen\r\n"


def ctrl_x(c: Ctx) -> None:
    c.select(0, 8, 0, 9)
    press(c.grid, "Ctrl+X")
    assert QGuiApplication.clipboard().text() == "Maria\tAlvarez\r\n"
    assert c.table.cell(0, 8) == c.table.cell(0, 9) == ""


def _pastes(keys: str) -> Callable[[Ctx], None]:
    def run(c: Ctx) -> None:
        QGuiApplication.clipboard().setText("Ann\tLee\r\n")
        c.at(2, 8)
        press(c.grid, keys)
        assert (c.table.cell(2, 8), c.table.cell(2, 9)) == ("Ann", "Lee")

    return run


def ctrl_z(c: Ctx) -> None:
    c.at(0, 8)
    press(c.grid, "Delete")
    press(c.grid, "Ctrl+Z")
    assert c.table.cell(0, 8) == "Maria"


def ctrl_y(c: Ctx) -> None:
    c.at(0, 8)
    press(c.grid, "Delete")
    press(c.grid, "Ctrl+Z")
    press(c.grid, "Ctrl+Y")
    assert c.table.cell(0, 8) == ""


def ctrl_f(c: Ctx) -> None:
    press(c.grid, "Ctrl+F")
    assert c.w.find_dialog.isVisible() and not c.w.find_dialog.replace_edit.isVisible()


def ctrl_h(c: Ctx) -> None:
    press(c.grid, "Ctrl+H")
    assert c.w.find_dialog.isVisible() and c.w.find_dialog.replace_edit.isVisible()


def f3(c: Ctx) -> None:
    c.w.find_dialog.find_edit.setText("teacher")
    c.at(0, 0)
    press(c.grid, "F3")
    assert c.cur() == (0, 5)


def shift_f3(c: Ctx) -> None:
    c.w.find_dialog.find_edit.setText("teacher")
    c.at(0, 0)
    press(c.grid, "Shift+F3")
    assert c.cur() == (2, 5)  # wraps round to the last match


def ctrl_shift_l(c: Ctx) -> None:
    press(c.grid, "Ctrl+Shift+L")
    assert c.grid.model().rowCount() < c.table.nrows and c.w.act.only_problems.isChecked()


def f8(c: Ctx) -> None:
    press(c.grid, "F8")
    assert c.w.problems.view.currentIndex().isValid()


def shift_f8(c: Ctx) -> None:
    press(c.grid, "Shift+F8")
    assert c.w.problems.view.currentIndex().isValid()


def f6(c: Ctx) -> None:
    press(c.grid, "F6")
    assert QApplication.focusWidget() is c.w.problems.view


def shift_f6(c: Ctx) -> None:
    press(c.grid, "Shift+F6")
    assert QApplication.focusWidget() is not c.grid


def ctrl_pgdown(c: Ctx) -> None:
    i = c.w.tabs.currentIndex()
    press(c.grid, "Ctrl+PgDown")
    assert c.w.tabs.currentIndex() == (i + 1) % c.w.tabs.count()


def ctrl_pgup(c: Ctx) -> None:
    i = c.w.tabs.currentIndex()
    press(c.grid, "Ctrl+PgUp")
    assert c.w.tabs.currentIndex() == (i - 1) % c.w.tabs.count()


def ctrl_shift_f(c: Ctx) -> None:
    ident = c.table.col_index("identifier")
    row = c.table.column("identifier").index("20033")
    c.at(row, ident)
    press(c.grid, "Ctrl+Shift+F")
    assert c.table.cell(row, ident) == "00020033"


def ctrl_shift_r(c: Ctx) -> None:
    _dialog_or_box("Ctrl+Shift+R", "Repair spreadsheet damage")(c)


def ctrl_shift_m(c: Ctx) -> None:
    assert c.w.problems_dock.isVisible()
    press(c.grid, "Ctrl+Shift+M")
    assert not c.w.problems_dock.isVisible()


def ctrl_shift_h(c: Ctx) -> None:
    press(c.grid, "Ctrl+Shift+H")
    assert c.w.changes_dock.isVisible()


def ctrl_s(c: Ctx) -> None:
    c.at(0, 8)
    press(c.grid, "Delete")
    press(c.grid, "Ctrl+S")
    c.qtbot.waitUntil(lambda: not c.w.busy and not c.w.isWindowModified(), timeout=10000)


def ctrl_o(c: Ctx) -> None:
    press(c.grid, "Ctrl+O")  # the file dialog (answered "cancel" in tests) leaves the roster open
    assert c.w.document is not None


def ctrl_shift_o(c: Ctx) -> None:
    press(c.grid, "Ctrl+Shift+O")
    assert c.w.document is not None


def _dialog_or_box(keys: str, title: str) -> Callable[[Ctx], None]:
    """The key opens a dialog (or a message box) with this title."""

    def run(c: Ctx) -> None:
        from PySide6.QtWidgets import QDialog

        shown: list[str] = []
        orig = QDialog.exec
        QDialog.exec = lambda dlg: shown.append(dlg.windowTitle()) or QDialog.DialogCode.Rejected  # type: ignore[method-assign]
        try:
            press(c.grid, keys)
        finally:
            QDialog.exec = orig  # type: ignore[method-assign]
        shown += [text.split(":")[0] for _kind, text in c.boxes]
        assert title in shown, shown

    return run


def ctrl_ins(c: Ctx) -> None:
    c.select(0, 8, 1, 9)
    press(c.grid, "Ctrl+Ins")
    assert QGuiApplication.clipboard().text() == "Maria\tAlvarez\r\nJames\tChen\r\n"


def shift_del(c: Ctx) -> None:
    c.select(0, 8, 0, 8)
    press(c.grid, "Shift+Del")
    assert c.table.cell(0, 8) == "" and QGuiApplication.clipboard().text() == "Maria"


def ctrl_shift_z(c: Ctx) -> None:
    c.at(0, 8)
    press(c.grid, "Delete")
    press(c.grid, "Ctrl+Z")
    press(c.grid, "Ctrl+Shift+Z")
    assert c.table.cell(0, 8) == ""


def ctrl_f4(c: Ctx) -> None:
    press(c.grid, "Ctrl+F4")
    assert c.w.document is None


def ctrl_w(c: Ctx) -> None:
    press(c.grid, "Ctrl+W")
    assert c.w.document is None


SHORTCUTS: list[Key] = [
    # typing in cells
    Key("F2", "edit the cell with the caret after its text (typing adds to the value)", f2),
    Key("H", "typing replaces the cell's value", typing_replaces),
    Key("Return", "store and move down", enter),
    Key("Shift+Return", "store and move up", shift_enter),
    Key("Tab", "store and move right", tab),
    Key("Shift+Tab", "store and move left", shift_tab),
    Key("Escape", "cancel the typing", escape),
    # selecting and moving
    Key("Shift+Space", "select the rows of the selection", shift_space),
    Key("Ctrl+Space", "select the column", ctrl_space),
    Key("Ctrl+Shift+Space", "select everything", ctrl_shift_space),
    Key("Ctrl+Down", "jump to the edge of the data below", ctrl_down),
    Key("Ctrl+Up", "jump to the edge of the data above", ctrl_up),
    Key("Ctrl+Right", "jump to the edge of the data on the right", ctrl_right),
    Key("Ctrl+Left", "jump to the edge of the data on the left", ctrl_left),
    Key("Ctrl+Shift+Down", "extend the selection to the edge of the data below", ctrl_shift_down),
    Key("Ctrl+Shift+Right", "extend the selection to the edge of the data on the right", ctrl_shift_right),
    Key("Ctrl+Home", "go to the first cell", ctrl_home),
    Key("Ctrl+End", "go to the last cell", ctrl_end),
    # editing
    Key("Ctrl++", "insert rows above the selected ones (keypad plus)", _inserts("Ctrl++")),
    Key("Ctrl+Shift+=", "insert rows (a laptop's Ctrl++)", _inserts("Ctrl+Shift+=")),
    Key("Ctrl+-", "delete the selected rows", ctrl_minus),
    Key("Ctrl+D", "fill down", ctrl_d),
    Key("Ctrl+R", "fill right", ctrl_r),
    Key("Del", "clear the selected cells", delete),
    Key("Ctrl+C", "copy", ctrl_c),
    Key("Ctrl+Ins", "copy", ctrl_ins),
    Key("Ctrl+X", "cut", ctrl_x),
    Key("Shift+Del", "cut", shift_del),
    Key("Ctrl+V", "paste", _pastes("Ctrl+V")),
    Key("Ctrl+Shift+V", "paste values (every paste is values here)", _pastes("Ctrl+Shift+V")),
    Key("Shift+Ins", "paste", _pastes("Shift+Ins")),
    Key("Ctrl+Z", "undo", ctrl_z),
    Key("Ctrl+Y", "redo", ctrl_y),
    Key("Ctrl+Shift+Z", "redo", ctrl_shift_z),
    Key("Ctrl+Shift+F", "apply the suggested fix to the selected cells", ctrl_shift_f),
    Key("Ctrl+Shift+R", "review spreadsheet damage", ctrl_shift_r),
    # finding
    Key("Ctrl+F", "find", ctrl_f),
    Key("Ctrl+H", "replace", ctrl_h),
    Key("F3", "find next", f3),
    Key("Shift+F3", "find previous", shift_f3),
    # view
    Key("Ctrl+Shift+L", "show only rows with problems", ctrl_shift_l),
    Key("F8", "next problem", f8),
    Key("Shift+F8", "previous problem", shift_f8),
    Key("F6", "next pane", f6),
    Key("Shift+F6", "previous pane", shift_f6),
    Key("Ctrl+PgDown", "next file", ctrl_pgdown),
    Key("Ctrl+PgUp", "previous file", ctrl_pgup),
    Key("Ctrl+Shift+M", "show or hide the Problems panel", ctrl_shift_m),
    Key("Ctrl+Shift+H", "show the changes since opening", ctrl_shift_h),
    # files
    Key("Ctrl+O", "open a roster", ctrl_o),
    Key("Ctrl+Shift+O", "open a folder", ctrl_shift_o),
    Key("Ctrl+S", "save", ctrl_s),
    Key("Ctrl+Shift+S", "save as", _dialog_or_box("Ctrl+Shift+S", "Save As")),
    Key("Ctrl+E", "export for upload", _dialog_or_box("Ctrl+E", "Export for upload")),
    Key("Ctrl+W", "close the roster", ctrl_w),
    Key("Ctrl+F4", "close the roster", ctrl_f4),
]

#: platform extras Qt adds to standard keys (not Windows Excel's; not pressed here)
NOT_PRESSED = {"Ctrl+Q", "Alt+Backspace", "Alt+Shift+Backspace", "Open", "Save", "Close", "Undo", "Redo", "Ctrl+Shift+Q"}


@pytest.fixture
def ctx(window, qtbot, no_modal_dialogs):  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    window.activateWindow()
    page.grid.setFocus()
    return Ctx(window, page.grid, window.document.table("users.csv"), qtbot, no_modal_dialogs)


@pytest.mark.parametrize("key", SHORTCUTS, ids=[k.keys for k in SHORTCUTS])
def test_each_key(ctx, qtlog, key: Key) -> None:  # type: ignore[no-untyped-def]
    key.run(ctx)
    messages = [r.message for r in qtlog.records]
    assert not [m for m in messages if "Ambiguous shortcut" in m], messages


def test_the_table_lists_every_shortcut(window) -> None:  # type: ignore[no-untyped-def]
    listed = {QKeySequence(k.keys).toString(QKeySequence.SequenceFormat.PortableText) for k in SHORTCUTS}
    keys = {k for k, _name, _text in window.act.shortcuts()}
    keys |= {a.shortcut().toString() for a in (window.problems_dock.toggleViewAction(), window.changes_dock.toggleViewAction())}
    assert sorted(keys - listed - NOT_PRESSED) == []
    assert len(SHORTCUTS) == len({k.keys for k in SHORTCUTS})


def test_no_two_actions_share_a_key(window) -> None:  # type: ignore[no-untyped-def]
    owners: dict[str, set[str]] = {}
    for key, name, _text in window.act.shortcuts():
        owners.setdefault(key, set()).add(name)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    assert "Ctrl+Shift+V" in [k for k, n, _t in window.act.shortcuts() if n == "paste"]
    assert window.act.filter_value.shortcuts() == []  # "Filter by this value" is in the cell menu
