"""The main window: a roster's files as tabs of grids, the Problems panel and the column profile.

The window is built here, in one place: ``__init__`` makes its parts — the actions
(gui/app/actions.py), file handling (gui/app/file_actions.py), the editing tools and the find dialog
(gui/grid/, through a ``GridAccess``), the changes view, autosave, the check status
(gui/app/check_status.py), the fixes and repairs (gui/app/fixes.py) — gives each only what it needs,
connects the actions to them and puts the actions in the menus and toolbar that gui/app/menus.py
builds. The tabs' badges: gui/app/tabs.py. No part adds itself to the window: builders return what
they make, and the window stores it.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QMainWindow,
    QStackedWidget,
    QTabBar,
    QTableView,
    QTabWidget,
    QWidget,
)

from core.findings import Finding
from core.roster import Roster
from gui.app.actions import WindowActions
from gui.app.autosave import Autosave
from gui.app.check_status import CheckStatus
from gui.app.file_actions import FileActions
from gui.app.fixes import CellFixes
from gui.app.menus import build_menus, show_recent
from gui.app.reference import ReferenceActions
from gui.app.screen_fit import bring_on_screen, place_first_window
from gui.app.start_page import StartPage
from gui.app.status import StatusBar
from gui.app.tabs import badge_text, update_badges
from gui.background.workers import TaskRunner
from gui.document import RosterDocument
from gui.grid.access import GridAccess
from gui.grid.context_menus import GridMenus
from gui.grid.editing import EditingTools
from gui.grid.find_dialog import FindDialog
from gui.grid.grid_tab import GridPage
from gui.panels.changes import ChangesPanel
from gui.panels.column_profile import ColumnProfilePanel
from gui.panels.problems import ProblemsPanel
from gui.prepare.wizard import open_prepare_wizard

APP_TITLE = "Roster Prep"


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
        #: whether the full check runs, in the status bar; a failed check is retried once
        self.check_status = CheckStatus(self.status, lambda: self.document, self)
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
        #: suggested fixes, damage repairs and the cell menu's actions (gui/app/fixes.py)
        self.fixes = CellFixes(
            self.act, self.editing, self.problems, self.status,
            document=lambda: self.document, current_page=self.current_page, parent=self,
        )
        a = self.act
        self.grid_menus = GridMenus(
            [a.cut, a.copy, a.paste, a.clear, a.drop_extras, None, a.insert_rows, a.delete_rows, a.fill_down, None,
             a.fix, a.filter_value, a.go_to_reference],
            [a.insert_rows, a.delete_rows, a.select_rows],
            before_show=self.fixes.enable_cell_actions,
            after_hide=self.fixes.enable_all_cell_actions,
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
        self.status.encoding_button.setDefaultAction(self.act.reopen)
        self.problems.load_reference_button.setDefaultAction(self.act.load_reference)
        self.problems.clear_reference_button.setDefaultAction(self.act.clear_reference)
        menus = build_menus(
            self.act,
            self.menuBar(),
            self,
            problems_toggle=self.problems_dock.toggleViewAction(),
            profile_toggle=self.profile_dock.toggleViewAction(),
            changes_toggle=self.changes_dock.toggleViewAction(),
        )
        self.file_menu, self.recent_menu = menus.file_menu, menus.recent_menu
        self.edit_menu, self.view_menu = menus.edit_menu, menus.view_menu
        self.toolbar = menus.toolbar
        self.addToolBar(self.toolbar)
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
        return badge_text(self.tabs, page) if page is not None else ""

    def page_for(self, table_name: str) -> GridPage | None:
        for p in self.pages:
            if p.table_name == table_name:
                return p
        return None

    @property
    def busy(self) -> bool:
        """True while loading, saving or checking runs in the background."""
        return self.runner.busy or self.files.loading or self.check_status.checking

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
            a.fix: self.fixes.apply_fix_here,
            a.repair: self.fixes.repair_damage,
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

    def _show_profile(self, table_name: str, col: int) -> None:
        """A column header's "Column profile": the profile dock, in front, on that column."""
        self.profile_dock.show()
        self.profile_dock.raise_()
        self.profile.show_column(table_name, col)

    def _show_recent(self, entries: list[list[str]]) -> None:
        """The recent rosters in File › Open recent and on the start page."""
        show_recent(self.recent_menu, entries, self.open_paths)
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
        doc.checkFailed.connect(self.check_status.failed)
        doc.checkingChanged.connect(self.check_status.changed)
        doc.findingsChanged.connect(self._update_badges)
        doc.marksChanged.connect(self._update_badges)
        doc.findingsChanged.connect(self.check_status.checked)
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
            self.check_status.changed(True)  # its check goes on; it reports to this window now
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
        self.check_status.stopped()

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
        if self.document is not None:
            update_badges(self.tabs, self.pages, self.document)

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
