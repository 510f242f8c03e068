"""The main window's actions, menus and toolbar (split from gui/app/main_window.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar

from gui.app import file_actions
from gui.grid.marks import severity_icon
from gui.prepare.wizard import open_prepare_wizard

if TYPE_CHECKING:
    from gui.app.main_window import MainWindow


def action(w: MainWindow, text: str, slot, shortcut=None, icon: QIcon | None = None, tip: str = "") -> QAction:  # type: ignore[no-untyped-def]
    """A window action whose shortcut works wherever the focus is."""
    act = QAction(text, w)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    if icon is not None:
        act.setIcon(icon)
    if tip:
        act.setToolTip(tip)
        act.setStatusTip(tip)
    act.triggered.connect(slot)
    w.addAction(act)
    return act


def make_actions(w: MainWindow) -> None:
    """Every command of the window, with Excel's shortcut where Excel has one."""
    std = w.style().standardIcon
    SP = QStyle.StandardPixmap
    fa = file_actions
    w.act_open = action(w, "&Open roster…", lambda: fa.open_dialog(w), QKeySequence.StandardKey.Open, std(SP.SP_DialogOpenButton), "Open a Roster.zip, CSV files or a workbook")
    w.act_open_folder = action(w, "Open &folder…", lambda: fa.open_folder_dialog(w), "Ctrl+Shift+O", std(SP.SP_DirOpenIcon), "Open a folder of CSV files")
    w.act_sample = action(w, "Open &sample roster", lambda: fa.open_sample(w), None, None, "A small made-up roster with typical problems")
    w.act_prepare = action(w, "&Prepare Renaissance import…", lambda: open_prepare_wizard(w), None, None, "Fill Renaissance's OneRosterExport template from SIS files and see what the upload changes")
    w.act_reopen = action(w, "Reopen with &encoding…", lambda: fa.reopen_with_encoding(w), None, None, "Read the current file again with another text encoding (if names look garbled)")
    w.act_save = action(w, "&Save", lambda: fa.save(w), QKeySequence.StandardKey.Save, std(SP.SP_DialogSaveButton), "Save the changed files in place (a .bak copy of each is kept)")
    w.act_save_as = action(w, "Save &As…", lambda: fa.save_as(w), "Ctrl+Shift+S", None, "Write the roster to a Roster.zip or a folder")
    w.act_export = action(w, "&Export for upload…", lambda: fa.export(w), "Ctrl+E", std(SP.SP_ArrowRight), "Write an upload-ready Roster.zip (shows the problems left first)")
    w.act_close = action(w, "&Close roster", w.close_roster, QKeySequence.StandardKey.Close)
    w.act_quit = action(w, "&Quit", w.close, QKeySequence.StandardKey.Quit)
    w.act_undo = w.undo_group.createUndoAction(w, "&Undo")
    w.act_undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    w.act_undo.setIcon(std(SP.SP_ArrowBack))
    w.act_redo = w.undo_group.createRedoAction(w, "&Redo")
    redo_keys = [QKeySequence("Ctrl+Y")]  # Excel's; plus the platform's own if different
    redo_keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k != redo_keys[0]]
    w.act_redo.setShortcuts(redo_keys)  # a repeated key would be ambiguous and do nothing
    w.act_redo.setIcon(std(SP.SP_ArrowForward))
    w.addAction(w.act_undo)
    w.addAction(w.act_redo)
    w.act_fix = action(w, "Apply suggested &fix", w.apply_fix_here, "Ctrl+Shift+F", None, "Put the suggested value in the selected cells (or the selected problems)")
    w.act_repair = action(w, "&Repair spreadsheet damage…", w.repair_damage, "Ctrl+Shift+R", None, "Review and undo what a spreadsheet did to the values (lost zeros, changed dates, …)")
    w.act_only_problems = action(w, "Show only rows with &problems", w._toggle_only_problems, "Ctrl+Shift+L", severity_icon("error"), "Hide rows that have no problem (in this file)")
    w.act_only_problems.setCheckable(True)
    w.act_letters = action(w, "Column &letters in headers", w._toggle_letters, None, None, "Show A, B, C… before the column names, as a spreadsheet does")
    w.act_letters.setCheckable(True)
    w.act_next = action(w, "&Next problem", lambda: w.problems.step(1), "F8")
    w.act_prev = action(w, "P&revious problem", lambda: w.problems.step(-1), "Shift+F8")
    w.act_next_pane = action(w, "Next &pane", lambda: w._step_pane(1), "F6", None, "Move the keyboard focus: grid, Problems, Column profile")
    w.act_prev_pane = action(w, "Previous pane", lambda: w._step_pane(-1), "Shift+F6")
    w.act_next_tab = action(w, "Next file", lambda: w._step_tab(1), "Ctrl+PgDown")
    w.act_prev_tab = action(w, "Previous file", lambda: w._step_tab(-1), "Ctrl+PgUp")
    w.act_about = action(w, "&About Roster Prep", lambda: fa.about(w))

def make_menus(w: MainWindow) -> None:
    """File, Edit, View, Help and the toolbar. ``edit_menu``/``view_menu`` are hooks for other tools."""
    w.status.encoding_button.setDefaultAction(w.act_reopen)
    mb = w.menuBar()
    w.file_menu = mb.addMenu("&File")
    for a in (w.act_open, w.act_open_folder, w.act_sample, w.act_prepare):
        w.file_menu.addAction(a)
    w.recent_menu = QMenu("Open &recent", w)
    w.file_menu.addMenu(w.recent_menu)
    w.file_menu.addAction(w.act_reopen)
    w.file_menu.addSeparator()
    for a in (w.act_save, w.act_save_as, w.act_export):
        w.file_menu.addAction(a)
    w.file_menu.addSeparator()
    w.file_menu.addAction(w.act_close)
    w.file_menu.addAction(w.act_quit)
    w.edit_menu = mb.addMenu("&Edit")
    w.edit_menu.addAction(w.act_undo)
    w.edit_menu.addAction(w.act_redo)
    w.edit_menu.addSeparator()
    w.edit_menu.addAction(w.act_fix)
    w.edit_menu.addAction(w.act_repair)
    w.view_menu = mb.addMenu("&View")
    w.view_menu.addAction(w.act_only_problems)
    w.view_menu.addAction(w.act_letters)
    w.view_menu.addSeparator()
    w.view_menu.addAction(w.act_next)
    w.view_menu.addAction(w.act_prev)
    w.view_menu.addAction(w.act_next_pane)
    w.view_menu.addAction(w.act_next_tab)
    w.view_menu.addAction(w.act_prev_tab)
    w.view_menu.addSeparator()
    w.problems_dock.toggleViewAction().setShortcut(QKeySequence("Ctrl+Shift+M"))
    w.view_menu.addAction(w.problems_dock.toggleViewAction())
    w.view_menu.addAction(w.profile_dock.toggleViewAction())
    help_menu = mb.addMenu("&Help")
    help_menu.addAction(w.act_about)
    tb = QToolBar("Main", w)
    tb.setObjectName("main-toolbar")
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    tb.setMovable(False)
    for a in (w.act_open, w.act_save, w.act_export):
        tb.addAction(a)
    tb.addSeparator()
    tb.addAction(w.act_undo)
    tb.addAction(w.act_redo)
    tb.addSeparator()
    tb.addAction(w.act_only_problems)
    w.addToolBar(tb)
    w.toolbar = tb
