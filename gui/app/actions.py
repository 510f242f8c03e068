"""Every command of the main window as a QAction, with Excel's shortcut where Excel has one.

``WindowActions`` only makes the actions (text, keys, icon, tip); the main window connects each to
the part that does the work and puts them in its menus (gui/app/main_window.py). Keeping every key
in one place is what keeps two actions from sharing a key: Qt then runs neither and logs
"Ambiguous shortcut overload" (tests/gui/app/test_shortcuts.py presses each key).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QIcon, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QStyle, QWidget

from gui.grid.marks import severity_icon

Keys = list[QKeySequence | QKeySequence.StandardKey | str]


def unique_keys(keys: Keys) -> list[QKeySequence]:
    """Key sequences without repeats (a platform's standard key may equal Excel's)."""
    out: list[QKeySequence] = []
    for k in keys:
        seqs = QKeySequence.keyBindings(k) if isinstance(k, QKeySequence.StandardKey) else [QKeySequence(k)]
        for s in seqs:
            if not s.isEmpty() and s not in out:
                out.append(s)
    return out


class WindowActions:
    """The main window's actions. Built by the window, which connects them (``act.save.triggered``)."""

    def __init__(self, parent: QWidget, undo_group: QUndoGroup) -> None:
        self._parent = parent
        #: every action by its attribute name, in the order made (for the shortcut table and tests)
        self.by_name: dict[str, QAction] = {}
        std = parent.style().standardIcon
        SP = QStyle.StandardPixmap
        SK = QKeySequence.StandardKey
        A = self._make
        # --- File
        self.open = A("open", "&Open roster…", [SK.Open], std(SP.SP_DialogOpenButton), "Open a Roster.zip, CSV files or a workbook")
        self.open_folder = A("open_folder", "Open &folder…", ["Ctrl+Shift+O"], std(SP.SP_DirOpenIcon), "Open a folder of CSV files")
        self.sample = A("sample", "Open &sample roster", [], None, "A small made-up roster with typical problems")
        self.prepare = A("prepare", "&Prepare Renaissance import…", [], None,
                         "Fill Renaissance's OneRosterExport template from SIS files and see what the upload changes")
        self.reopen = A("reopen", "Reopen with &encoding…", [], None, "Read the current file again with another text encoding (if names look garbled)")
        self.load_reference = A("load_reference", "&Load a reference export…", [], None,
                                "Check against Renaissance's OneRosterExport.zip or an earlier clean export: it puts back "
                                "values a spreadsheet damaged and checks schools against Renaissance")
        self.clear_reference = A("clear_reference", "Clear the reference export", [], None,
                                 "Check the roster by itself again, without the reference export")
        # the Problems panel's buttons: a tool button would drop the "…" that says a dialog follows
        self.load_reference.setIconText("Load a reference export…")
        self.clear_reference.setIconText("Clear reference")
        self.save = A("save", "&Save", [SK.Save], std(SP.SP_DialogSaveButton), "Save the changed files in place (a .bak copy of each is kept)")
        self.save_as = A("save_as", "Save &As…", ["Ctrl+Shift+S"], None, "Write the roster to a Roster.zip or a folder")
        self.export = A("export", "&Export for upload…", ["Ctrl+E"], std(SP.SP_ArrowRight), "Write an upload-ready Roster.zip (shows the problems left first)")
        self.close = A("close", "&Close roster", [SK.Close])
        self.quit = A("quit", "&Quit", [SK.Quit])
        # --- Edit: undo and redo follow the undo stack of the open roster
        self.undo = undo_group.createUndoAction(parent, "&Undo")
        self.undo.setShortcuts(unique_keys([SK.Undo]))
        self.undo.setIcon(std(SP.SP_ArrowBack))
        self.redo = undo_group.createRedoAction(parent, "&Redo")
        self.redo.setShortcuts(unique_keys(["Ctrl+Y", SK.Redo]))  # Excel's, plus the platform's own
        self.redo.setIcon(std(SP.SP_ArrowForward))
        # the undo group renames them after each step ("Redo Edit users.csv givenName"): the menu and
        # the tooltip say that; the toolbar keeps its short label (elided, it read "R…e")
        self.undo.setIconText("Undo")
        self.redo.setIconText("Redo")
        for name, act in (("undo", self.undo), ("redo", self.redo)):
            parent.addAction(act)
            self.by_name[name] = act
        self.cut = A("cut", "Cu&t", ["Ctrl+X", "Shift+Del"], None, "Copy the selected cells and clear them")
        self.copy = A("copy", "&Copy", ["Ctrl+C", "Ctrl+Ins"], None, "Copy the selected cells (to paste into Excel or here)")
        # Ctrl+Shift+V is Excel's "paste values": a paste here is always values (text)
        self.paste = A("paste", "&Paste", ["Ctrl+V", "Shift+Ins", "Ctrl+Shift+V"], None,
                       "Paste cells copied from Excel or here, starting at the current cell")
        self.fill_down = A("fill_down", "Fill &down", ["Ctrl+D"], None, "Copy the top cell of the selection into the cells below it")
        self.fill_right = A("fill_right", "Fill ri&ght", ["Ctrl+R"], None, "Copy the leftmost cell of the selection into the cells right of it")
        self.clear = A("clear", "C&lear cells", ["Del"], None, "Empty the selected cells")
        self.drop_extras = A("drop_extras", "Delete extra value&s", [], None,
                             "Remove the values beyond the last column from the selected rows (shown in the (extra) column)")
        # One sequence only: Windows reads a laptop's Ctrl+Shift+= as both Ctrl+Shift+= and Ctrl++, so
        # a second sequence would make the press ambiguous (and do nothing). Where the platform does
        # not read it as Ctrl++, the grid takes Ctrl+Shift+= itself (gui/grid/editing.py).
        self.insert_rows = A("insert_rows", "&Insert rows", ["Ctrl++"], None, "Insert empty rows above the selected ones")
        self.delete_rows = A("delete_rows", "Delete ro&ws", ["Ctrl+-"], None, "Delete the rows of the selected cells")
        self.select_rows = A("select_rows", "Select &row", [], None, "Select the whole rows of the selected cells (Shift+Space)")
        self.fix = A("fix", "Apply suggested &fix", ["Ctrl+Shift+F"], None, "Put the suggested value in the selected cells (or the selected problems)")
        self.repair = A("repair", "&Repair spreadsheet damage…", ["Ctrl+Shift+R"], None,
                        "Review and undo what a spreadsheet did to the values (lost zeros, changed dates, …)")
        self.go_to_reference = A("go_to_reference", "&Go to the row it refers to", [], None,
                                 "Show the row this ID stands for in its own file (a class, a school, a person)")
        self.find = A("find", "&Find…", ["Ctrl+F"])
        self.replace = A("replace", "R&eplace…", ["Ctrl+H"])
        self.find_next = A("find_next", "Find ne&xt", ["F3"])
        self.find_prev = A("find_prev", "Find pre&vious", ["Shift+F3"])
        # --- View
        self.only_problems = A("only_problems", "Show only rows with &problems", ["Ctrl+Shift+L"], severity_icon("error"),
                               "Hide rows that have no problem (in this file)")
        self.only_problems.setCheckable(True)
        self.letters = A("letters", "Column &letters in headers", [], None, "Show A, B, C… before the column names, as a spreadsheet does")
        self.letters.setCheckable(True)
        self.sort_asc = A("sort_asc", "Sort A → Z by this column", [], None, "Sort the rows shown (the file keeps its order)")
        self.sort_desc = A("sort_desc", "Sort Z → A by this column", [])
        self.sort_none = A("sort_none", "File order", [], None, "Show the rows in the order of the file")
        self.save_sorted = A("save_sorted", "Put the file in this order", [], None, "Reorder the file's rows as they are sorted now (undoable)")
        self.filter_value = A("filter_value", "Filter by this value", [], None, "Show only rows with the same value in this column")
        self.filter_text = A("filter_text", "Filter this column…", [], None, "Show only rows whose value in this column contains some text")
        self.filter_clear = A("filter_clear", "Show all rows", [])
        self.next_problem = A("next_problem", "&Next problem", ["F8"])
        self.prev_problem = A("prev_problem", "P&revious problem", ["Shift+F8"])
        self.next_pane = A("next_pane", "Next &pane", ["F6"], None, "Move the keyboard focus: grid, Problems, Column profile")
        self.prev_pane = A("prev_pane", "Previous pane", ["Shift+F6"])
        self.next_tab = A("next_tab", "Next file", ["Ctrl+PgDown"])
        self.prev_tab = A("prev_tab", "Previous file", ["Ctrl+PgUp"])
        # --- Help
        self.about = A("about", "&About Roster Prep", [])

    def _make(self, name: str, text: str, keys: Keys, icon: QIcon | None = None, tip: str = "") -> QAction:
        """An action of the window whose shortcut works wherever the focus is in the window."""
        act = QAction(text, self._parent)
        act.setObjectName(name)
        if keys:
            act.setShortcuts(unique_keys(keys))
        if icon is not None:
            act.setIcon(icon)
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        self._parent.addAction(act)
        self.by_name[name] = act
        return act

    def document_actions(self) -> list[QAction]:
        """Actions that need an open roster (disabled on the start page)."""
        return [self.save, self.save_as, self.export, self.close, self.reopen, self.load_reference, self.fix, self.repair,
                self.only_problems, self.next_problem, self.prev_problem]

    def shortcuts(self) -> list[tuple[str, str, str]]:
        """(key, action name, menu text) for every shortcut, in portable text ("Ctrl+Shift+V")."""
        rows = []
        for name, act in self.by_name.items():
            for seq in act.shortcuts():
                rows.append((seq.toString(QKeySequence.SequenceFormat.PortableText), name, act.text().replace("&", "")))
        return rows
