"""The main window: a roster's files as tabs of grids, the Problems panel and the column profile.

The window is built here, in one place: ``__init__`` makes its parts — the actions
(gui/app/actions.py), file handling (gui/app/file_actions.py), the editing tools and the find dialog
(gui/grid/, through a ``GridAccess``), the changes view and autosave — gives each only what it needs,
connects the actions to them and puts the actions in the menus. No part adds itself to the window.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabBar,
    QTableView,
    QTabWidget,
    QToolBar,
    QWidget,
)

from core.findings import Finding
from core.io.sources import roster_title
from core.roster import Roster
from gui.app.actions import WindowActions
from gui.app.autosave import Autosave
from gui.app.file_actions import FileActions
from gui.app.reference import ReferenceActions
from gui.app.screen_fit import bring_on_screen, place_first_window
from gui.app.start_page import StartPage
from gui.app.status import StatusBar
from gui.background.workers import TaskRunner, traceback_text
from gui.document import RosterDocument
from gui.grid.access import GridAccess
from gui.grid.context_menus import GridMenus
from gui.grid.editing import EditingTools
from gui.grid.find_dialog import FindDialog
from gui.grid.grid_tab import GridPage
from gui.grid.marks import CountBadge
from gui.panels.changes import ChangesPanel
from gui.panels.column_profile import ColumnProfilePanel
from gui.panels.problems import ProblemsPanel, apply_cell_changes, apply_fixes
from gui.prepare.wizard import open_prepare_wizard

log = logging.getLogger(__name__)

APP_TITLE = "Roster Prep"


def tab_label(name: str, errors: int, warnings: int) -> str:
    """"users.csv  ⛔3 ⚠2": the file name with its error and warning counts."""
    parts = [name]
    if errors:
        parts.append(f"⛔{errors}")
    if warnings:
        parts.append(f"⚠{warnings}")
    return "  ".join(parts[:1]) + ("  " + " ".join(parts[1:]) if len(parts) > 1 else "")


class MainWindow(QMainWindow):
    """One roster per window; the start page when none is open."""

    #: a roster was opened and its grids built (autosave starts its journal on this)
    documentOpened = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.document: RosterDocument | None = None
        self.paths: list[str] = []
        self.pages: list[GridPage] = []
        self.runner = TaskRunner(self)
        self.undo_group = QUndoGroup(self)
        self.settings = QSettings()
        self._checking = False
        self._check_retried = False
        #: the read-only first look at a big roster that is still loading (core/io/preview.py)
        self._preview_doc: RosterDocument | None = None

        self.start_page = StartPage(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)

        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.runner.taskStarted.connect(self.status.task_started)
        self.runner.taskEnded.connect(self.status.task_ended)

        self.problems = ProblemsPanel(self)
        self.problems.jumpRequested.connect(self.go_to_finding)
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problems")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.profile = ColumnProfilePanel(self)
        self.profile.filterRequested.connect(self.filter_table)
        self.profile_dock = QDockWidget("Column profile", self)
        self.profile_dock.setObjectName("profile")
        self.profile_dock.setWidget(self.profile)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.profile_dock)
        self.resizeDocks([self.problems_dock], [230], Qt.Orientation.Vertical)
        self.resizeDocks([self.profile_dock], [300], Qt.Orientation.Horizontal)

        self.act = WindowActions(self, self.undo_group)
        self.files = FileActions(self, self)
        #: the reference export the roster is checked against (File › Load a reference export…)
        self.reference = ReferenceActions(self, self)
        self.reference.referenceChanged.connect(self._show_reference)
        self.documentOpened.connect(self.reference.document_opened)
        access = GridAccess(
            document=lambda: self.document,
            current_page=self.current_page,
            page_for=self.page_for,
            show_page=self.tabs.setCurrentWidget,
            say=self.status.showMessage,
        )
        self.editing = EditingTools(access, self)
        a = self.act
        self.grid_menus = GridMenus(
            [a.cut, a.copy, a.paste, a.clear, a.drop_extras, None, a.insert_rows, a.delete_rows, a.fill_down, None,
             a.fix, a.filter_value, a.go_to_reference],
            [a.insert_rows, a.delete_rows, a.select_rows],
            before_show=self._enable_cell_actions,
            after_hide=self._enable_all_cell_actions,
            parent=self,
        )
        self.find_dialog = FindDialog(access, self)
        self.changes_panel = ChangesPanel(access)
        self.changes_dock = QDockWidget("Changes", self)
        self.changes_dock.setObjectName("changes")
        self.changes_dock.setWidget(self.changes_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.changes_dock)
        self.tabifyDockWidget(self.problems_dock, self.changes_dock)
        self.problems_dock.raise_()
        self.changes_dock.hide()
        self.autosave = Autosave(self, self, self.changes_panel)
        self._connect_actions()
        self._make_menus()
        self.files.recentChanged.connect(self._show_recent)
        self.start_page.openRequested.connect(self.act.open.trigger)
        self.start_page.openFolderRequested.connect(self.act.open_folder.trigger)
        self.start_page.sampleRequested.connect(self.act.sample.trigger)
        self.start_page.recentRequested.connect(lambda paths: self.open_paths(paths))
        self._restore_settings()
        self._show_document(None)
        for dock in self.findChildren(QDockWidget):
            dock.visibilityChanged.connect(lambda _v: QTimer.singleShot(0, self._tidy_dock_tabs))
        QTimer.singleShot(0, self._tidy_dock_tabs)

    # --- hooks for other modules -----------------------------------------------------------
    def current_page(self) -> GridPage | None:
        w = self.tabs.currentWidget()
        return w if isinstance(w, GridPage) else None

    def current_grid(self) -> QTableView | None:
        page = self.current_page()
        return page.grid if page is not None else None

    def current_table_name(self) -> str | None:
        page = self.current_page()
        return page.table_name if page is not None else None

    def tab_badge(self, table_name: str) -> str:
        """A tab's name and badge as text: "users.csv  ⛔3 ⚠2"."""
        page = self.page_for(table_name)
        if page is None:
            return ""
        badge = self.tabs.tabBar().tabButton(self.tabs.indexOf(page), QTabBar.ButtonPosition.RightSide)
        counts = badge.text() if isinstance(badge, CountBadge) else ""
        return f"{table_name}  {counts}" if counts else table_name

    def page_for(self, table_name: str) -> GridPage | None:
        for p in self.pages:
            if p.table_name == table_name:
                return p
        return None

    @property
    def busy(self) -> bool:
        """True while loading, saving or checking runs in the background."""
        return self.runner.busy or self.files.loading or self._checking

    # --- actions and menus -----------------------------------------------------------------
    def _connect_actions(self) -> None:
        """What each action does: the window's own slots and its parts' methods."""
        a, files, ed = self.act, self.files, self.editing
        connect = {
            a.open: files.open_dialog,
            a.open_folder: files.open_folder_dialog,
            a.sample: files.open_sample,
            a.prepare: lambda: open_prepare_wizard(self),
            a.reopen: files.reopen_with_encoding,
            a.load_reference: self.reference.load_dialog,
            a.clear_reference: self.reference.clear,
            a.save: lambda: files.save(),
            a.save_as: lambda: files.save_as(),
            a.export: files.export,
            a.close: self.close_roster,
            a.quit: self.close,
            a.cut: ed.cut,
            a.copy: ed.copy,
            a.paste: lambda: ed.paste(),
            a.fill_down: ed.fill_down,
            a.fill_right: ed.fill_right,
            a.select_rows: ed.select_rows,
            a.go_to_reference: ed.go_to_reference,
            a.clear: lambda: ed.clear(),
            a.drop_extras: ed.drop_extras,
            a.insert_rows: ed.insert_rows,
            a.delete_rows: ed.delete_rows,
            a.fix: self.apply_fix_here,
            a.repair: self.repair_damage,
            a.find: lambda: self.find_dialog.open_for(False),
            a.replace: lambda: self.find_dialog.open_for(True),
            a.find_next: lambda: self.find_dialog.find_next(1),
            a.find_prev: lambda: self.find_dialog.find_next(-1),
            a.sort_asc: lambda: ed.sort(Qt.SortOrder.AscendingOrder),
            a.sort_desc: lambda: ed.sort(Qt.SortOrder.DescendingOrder),
            a.sort_none: lambda: ed.sort(None),
            a.save_sorted: ed.save_sorted,
            a.filter_value: ed.filter_by_value,
            a.filter_text: lambda: ed.filter_by_text(),
            a.filter_clear: ed.clear_filter,
            a.next_problem: lambda: self.problems.step(1),
            a.prev_problem: lambda: self.problems.step(-1),
            a.next_pane: lambda: self._step_pane(1),
            a.prev_pane: lambda: self._step_pane(-1),
            a.next_tab: lambda: self._step_tab(1),
            a.prev_tab: lambda: self._step_tab(-1),
            a.about: files.about,
        }
        for act, slot in connect.items():
            act.triggered.connect(lambda _checked=False, s=slot: s())
        a.only_problems.triggered.connect(self._toggle_only_problems)
        a.letters.triggered.connect(self._toggle_letters)

    def _make_menus(self) -> None:
        """File, Edit, View, Help and the toolbar."""
        a = self.act
        self.status.encoding_button.setDefaultAction(a.reopen)
        self.problems.load_reference_button.setDefaultAction(a.load_reference)
        self.problems.clear_reference_button.setDefaultAction(a.clear_reference)
        mb = self.menuBar()

        def fill(menu: QMenu | QToolBar, items: Sequence[QAction | QMenu | None]) -> None:
            for item in items:
                if item is None:
                    menu.addSeparator()
                elif isinstance(item, QMenu):
                    menu.addAction(item.menuAction())  # what QMenu.addMenu does
                else:
                    menu.addAction(item)

        self.file_menu = mb.addMenu("&File")
        self.recent_menu = QMenu("Open &recent", self)
        fill(self.file_menu, [a.open, a.open_folder, a.sample, a.prepare, self.recent_menu, a.reopen, None,
                              a.load_reference, a.clear_reference, None,
                              a.save, a.save_as, a.export, None, a.close, a.quit])
        self.edit_menu = mb.addMenu("&Edit")
        fill(self.edit_menu, [a.undo, a.redo, None, a.fix, a.repair, None, a.cut, a.copy, a.paste, None,
                              a.fill_down, a.fill_right, a.clear, a.drop_extras, None, a.insert_rows, a.delete_rows, a.select_rows, None,
                              a.go_to_reference, None, a.find, a.replace, a.find_next, a.find_prev])
        self.view_menu = mb.addMenu("&View")
        problems_toggle = self.problems_dock.toggleViewAction()
        problems_toggle.setShortcut(QKeySequence("Ctrl+Shift+M"))
        changes_toggle = self.changes_dock.toggleViewAction()
        changes_toggle.setText("&Changes since opening")
        changes_toggle.setShortcut(QKeySequence("Ctrl+Shift+H"))
        fill(self.view_menu, [a.only_problems, a.letters, None, a.next_problem, a.prev_problem, a.next_pane,
                              a.next_tab, a.prev_tab, None, problems_toggle, self.profile_dock.toggleViewAction(),
                              changes_toggle, None, a.sort_asc, a.sort_desc, a.sort_none, a.save_sorted, None,
                              a.filter_value, a.filter_text, a.filter_clear])
        help_menu = mb.addMenu("&Help")
        help_menu.addAction(a.about)
        tb = QToolBar("Main", self)
        tb.setObjectName("main-toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setMovable(False)
        fill(tb, [a.open, a.save, a.export, None, a.undo, a.redo, None, a.only_problems])
        self.addToolBar(tb)
        self.toolbar = tb

    def _show_profile(self, table_name: str, col: int) -> None:
        """A column header's "Column profile": the profile dock, in front, on that column."""
        self.profile_dock.show()
        self.profile_dock.raise_()
        self.profile.show_column(table_name, col)

    def _show_recent(self, entries: list[list[str]]) -> None:
        """The recent rosters in File › Open recent and on the start page."""
        menu = self.recent_menu
        menu.clear()
        for i, paths in enumerate(entries, start=1):
            act = menu.addAction(f"&{i} {roster_title(paths)}")
            act.setToolTip("\n".join(paths))
            act.triggered.connect(lambda _=False, p=paths: self.open_paths(p))
        menu.setEnabled(bool(entries))
        self.start_page.set_recent(entries)

    # --- opening -------------------------------------------------------------------------------
    def open_paths(self, paths: list[str], encoding: str | None = None) -> None:
        """Open files, a folder or a zip as one roster (in the background)."""
        self.files.open_paths(paths, encoding)

    def set_roster(self, roster: Roster, paths: list[str], *, document: RosterDocument | None = None) -> RosterDocument:
        """Show a loaded roster: one tab per file, findings from loading now, full checks next.
        ``document``: the roster's document, already checked (the Prepare wizard's): the window
        shows its findings, the very ones the wizard counted, and goes on checking through it."""
        self._drop_document()
        adopted = document is not None
        if document is not None:
            doc = document
            doc.setParent(self)
        else:
            doc = RosterDocument(roster, parent=self)
        # no paths: the roster exists only here (a wizard's result) until it is saved somewhere
        doc.unsaved_roster = not paths
        if doc.background is None:
            doc.run_checks_with(self.runner)
        doc.checkFailed.connect(self._check_failed)
        doc.checkingChanged.connect(self._checking_changed)
        doc.findingsChanged.connect(self._update_badges)
        doc.marksChanged.connect(self._update_badges)
        doc.findingsChanged.connect(self._checked)
        doc.undo_stack.cleanChanged.connect(self.update_title)
        doc.undo_stack.indexChanged.connect(self.update_title)
        self.undo_group.addStack(doc.undo_stack)
        self.undo_group.setActiveStack(doc.undo_stack)
        self.document = doc
        self.paths = list(paths)
        if not adopted:
            doc.set_findings(list(roster.load_findings), complete=False)
        for table in roster.tables:
            page = GridPage(doc, table.name, self.tabs)
            page.grid.selectionModel().currentChanged.connect(self._current_cell_changed)
            page.filterChanged.connect(self._sync_view_actions)
            page.rowsShownChanged.connect(lambda text, p=page: self.status.set_rows_shown(text) if p is self.current_page() else None)
            page.columns.profileRequested.connect(self._show_profile)
            page.model.set_show_letters(self.act.letters.isChecked())
            self.editing.attach(page.grid)
            self.grid_menus.attach(page.grid)
            self.pages.append(page)
            self.tabs.addTab(page, table.name)
        self.problems.reset_filters()
        self.problems.set_document(doc)
        self.profile.set_document(doc)
        self._update_badges()
        self._show_document(doc)
        self.documentOpened.emit(doc)
        if not doc.complete and not doc.live.running:
            doc.recheck_now()
        elif doc.live.running:
            self._checking_changed(True)  # its check goes on; it reports to this window now
        return doc

    def show_preview(self, roster: Roster) -> None:
        """Show the first rows of a roster that is still loading: read-only, unchecked."""
        self._drop_document()
        doc = self._preview_doc = RosterDocument(roster, parent=self)
        for table in roster.tables:
            page = GridPage(doc, table.name, self.tabs)
            page.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            page.notes.setText(
                f"<b>Still reading {table.name}…</b> Its first {table.nrows:,} rows are shown. "
                "Editing and checking start when the whole roster is read."
            )
            page.notes.show()
            self.pages.append(page)
            self.tabs.addTab(page, table.name)
        self.stack.setCurrentWidget(self.tabs)
        self.setWindowTitle(f"{roster.name} (reading…) — {APP_TITLE}")

    def end_preview(self) -> None:
        """The load failed or was cancelled: take the first look away again."""
        if self._preview_doc is not None:
            self._drop_document()
            self._show_document(None)

    def _drop_document(self) -> None:
        old = self.document
        self.document = None
        if self._preview_doc is not None:
            self._preview_doc.deleteLater()
            self._preview_doc = None
        self.problems.set_document(None)
        self.profile.set_document(None)
        self.tabs.blockSignals(True)
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if w is not None:
                w.deleteLater()
        self.tabs.blockSignals(False)
        self.pages = []
        if old is not None:
            old.cancel_checks()
            # nothing may react to the history of a roster that is gone (the stack is being deleted)
            old.undo_stack.blockSignals(True)
            self.undo_group.removeStack(old.undo_stack)
            old.deleteLater()
        self._checking = False
        self.status.set_checking(False)

    def close_roster(self) -> bool:
        """Close the roster (asking about unsaved changes); False if the user cancelled."""
        if not self.files.confirm_discard():
            return False
        self._drop_document()
        self._show_document(None)
        self.reference.document_closed()
        return True

    def _show_document(self, doc: RosterDocument | None) -> None:
        has = doc is not None
        self.stack.setCurrentWidget(self.tabs if has else self.start_page)
        self.problems_dock.setVisible(has)
        self.profile_dock.setVisible(has)
        for a in self.act.document_actions():
            a.setEnabled(has)
        if not has:
            self.status.set_table(None)
            self.status.set_cell(None, None, None)
            self.start_page.set_recent(self.files.recent_entries())
        self.update_title()
        self._tab_changed(self.tabs.currentIndex())
        self._show_reference(self.reference.describe() if has else "")

    def update_title(self) -> None:
        """The roster's name in the title, with * while it has unsaved changes."""
        doc = self.document
        if doc is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{doc.roster.name}[*] — {APP_TITLE}")
        self.setWindowModified(doc.modified)

    def _show_reference(self, text: str) -> None:
        """Which reference export the roster is checked against: status bar and Problems panel."""
        tip = self.reference.tooltip()
        self.status.set_reference(self.reference.title if text else "", tip)
        self.problems.set_reference(text, tip)
        self.problems.load_reference_button.setVisible(not text)
        self.act.clear_reference.setEnabled(bool(text))

    def _update_badges(self) -> None:
        doc = self.document
        if doc is None:
            return
        bar = self.tabs.tabBar()
        for page in self.pages:
            i = self.tabs.indexOf(page)
            idx = doc.index(page.table_name)
            badge = bar.tabButton(i, QTabBar.ButtonPosition.RightSide)
            if not isinstance(badge, CountBadge):
                badge = CountBadge(bar)
                bar.setTabButton(i, QTabBar.ButtonPosition.RightSide, badge)
            badge.set_counts(idx.errors, idx.warnings)
            self.tabs.setTabText(i, page.table_name)  # makes the tab bar measure the badge again
            tip = f"{page.table_name}: {idx.errors} error{'s' if idx.errors != 1 else ''}, {idx.warnings} warning{'s' if idx.warnings != 1 else ''}"
            if not doc.table(page.table_name).in_upload:
                tip += " (kept, but not part of the upload)"
            self.tabs.setTabToolTip(i, tip)

    def _checking_changed(self, on: bool) -> None:
        self._checking = on
        self.status.set_checking(on)

    def _check_failed(self, err: BaseException) -> None:
        log.error("checking failed: %s\n%s", err, traceback_text(err))
        self._checking = False
        self.status.set_checking(False)
        doc = self.document
        if doc is not None and not self._check_retried:
            # most likely an edit changed a table under the running check: check once more
            self._check_retried = True
            doc.schedule_recheck()
            return
        self.status.showMessage("Checking stopped with an internal error; details are in the log file.", 10000)

    def _checked(self) -> None:
        self._check_retried = False

    # --- tabs, cells and panels ----------------------------------------------------------------
    def _tab_changed(self, _index: int) -> None:
        page = self.current_page()
        doc = self.document
        if page is None or doc is None:
            self.profile.show_column(None, None)
            return
        self.status.set_table(doc.table(page.table_name))
        self.status.set_rows_shown(page.rows_shown_text())
        cur = page.grid.currentIndex()
        self._show_cell(page, cur)
        self._sync_view_actions()

    def _sync_view_actions(self) -> None:
        page = self.current_page()
        self.act.only_problems.setChecked(page is not None and page.filter_kind == "problems")

    def _current_cell_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        page = self.current_page()
        if page is not None and current.model() is page.model:
            self._show_cell(page, current)

    def _show_cell(self, page: GridPage, index: QModelIndex) -> None:
        table = page.model.table
        if not index.isValid():
            self.status.set_cell(None, None, None)
            self.profile.show_column(page.table_name, 0 if table.ncols else None)
            return
        r = page.model.table_row(index.row())
        self.status.set_cell(table, r, index.column())
        self.profile.show_column(page.table_name, index.column())
        if not self.problems.view.hasFocus():
            self.problems.show_cell(page.table_name, r, index.column())

    def _step_pane(self, step: int) -> None:
        """Keyboard users move between the grid and the panels with F6, as in many Windows programs."""
        panes = [w for w in (self.current_grid(), self.problems.view, self.profile.shapes) if w is not None and w.isVisible()]
        if not panes:
            return
        focus = QApplication.focusWidget()
        at = next((i for i, p in enumerate(panes) if p is focus or p.isAncestorOf(focus)), -1) if focus else -1
        panes[(at + step) % len(panes)].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _step_tab(self, step: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _toggle_only_problems(self, on: bool) -> None:
        page = self.current_page()
        if page is not None:
            page.show_only_problems(on)

    def _toggle_letters(self, on: bool) -> None:
        for page in self.pages:
            page.model.set_show_letters(on)

    def go_to_finding(self, f: Finding, focus: bool = True) -> bool:
        """Show a finding's file and select its cell (for file-level findings, just the file)."""
        if f.file is None:
            return False
        page = self.page_for(f.file)
        if page is None:
            return False
        self.tabs.setCurrentWidget(page)
        ok = True
        row = f.row
        if row is None and f.line is not None and f.line > 1:
            row = page.model.table.row_of_line(f.line)  # a reader's finding names the line only
        if row is not None:
            ok = page.go_to(row, f.col)
        elif f.col is not None:
            ok = page.go_to(0, f.col)
            page.grid.scrollToTop()
        if not focus:
            self.problems.view.setFocus()
        return ok

    def filter_table(self, table_name: str, rows: set[int], description: str) -> None:
        page = self.page_for(table_name)
        if page is not None:
            self.tabs.setCurrentWidget(page)
            page.set_filter(rows, description, kind="profile")

    def _selected_fixes(self) -> list[Finding]:
        """Findings with a suggested fix on the selected cells of the current grid."""
        doc, page = self.document, self.current_page()
        if doc is None or page is None:
            return []
        findings: list[Finding] = []
        for index in page.grid.selectionModel().selectedIndexes() or [page.grid.currentIndex()]:
            if index.isValid():
                r = page.model.table_row(index.row())
                findings.extend(f for f in doc.cell_findings(page.table_name, r, index.column()) if f.fix is not None)
        for index in page.grid.selectionModel().selectedColumns():  # a whole column: its header's fix too
            findings.extend(f for f in doc.index(page.table_name).by_header.get(index.column(), []) if f.fix is not None)
        return findings

    def _enable_cell_actions(self) -> None:
        """Before a cell menu shows: offer a fix or a reference only where the cell has one."""
        self.act.fix.setEnabled(bool(self._selected_fixes()))
        self.act.go_to_reference.setEnabled(self.editing.reference_of() is not None)
        self.act.paste.setEnabled(bool(QApplication.clipboard().text()))
        # only where the file has rows with values beyond the header (the (extra) column)
        page = self.current_page()
        self.act.drop_extras.setVisible(page is not None and page.model.has_extra)
        self.act.drop_extras.setEnabled(self.editing.selected_extra_rows() > 0)

    def _enable_all_cell_actions(self) -> None:
        """After a cell menu: the keys work everywhere again (each action says when it cannot)."""
        self.act.fix.setEnabled(self.document is not None)
        self.act.go_to_reference.setEnabled(True)
        self.act.paste.setEnabled(True)
        self.act.drop_extras.setVisible(True)
        self.act.drop_extras.setEnabled(True)

    def apply_fix_here(self) -> int:
        """Apply suggested fixes: for the selected problems if the panel has focus, else the selected cells."""
        doc = self.document
        if doc is None:
            return 0
        if self.problems.view.hasFocus() and self.problems.selected_findings():
            return self.problems.apply_selected_fixes()
        n = apply_fixes(doc, self._selected_fixes())
        if not n:
            self.status.showMessage("No suggested fix for the selected cells.", 5000)
        return n

    def repair_damage(self) -> int:
        """Show the proposed spreadsheet-damage repairs; apply the ticked ones as one undo step."""
        doc = self.document
        if doc is None:
            return 0
        from core.damage import propose_repairs
        from gui.panels.repair import RepairDialog

        repairs = propose_repairs(doc.roster, doc.reference)
        if not repairs:
            QMessageBox.information(self, "Repair spreadsheet damage", "No spreadsheet damage was found in this roster.")
            return 0
        dlg = RepairDialog(repairs, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return 0
        changes = [(c.file, c.row, c.col, c.new) for c in dlg.accepted_changes()]
        return apply_cell_changes(doc, changes, "Repair spreadsheet damage", dlg.accepted_records())

    def _tidy_dock_tabs(self) -> None:
        # Qt leaves the tab bar of a dock group visible (drawn over the menu bar) once all but one of
        # its docks are hidden before the window is shown; a group of one never needs a tab bar.
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if bar.count() < 2 and bar.isVisible():
                bar.hide()

    # --- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # --- settings and closing ------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geo = self.settings.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty() and self.restoreGeometry(geo):
            bring_on_screen(self)  # saved on a monitor that is gone, or a larger screen
        elif place_first_window(self):
            self.setWindowState(Qt.WindowState.WindowMaximized)  # a laptop screen: use all of it
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self.act.letters.setChecked(bool(self.settings.value("view/letters", False, type=bool)))
        self.files.refresh_recent_menu()

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("view/letters", self.act.letters.isChecked())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_discard(closing=True):
            event.ignore()
            return
        self.save_settings()
        self.runner.cancel_all()
        event.accept()
