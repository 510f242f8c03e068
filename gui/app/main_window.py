"""The main window: a roster's files as tabs of grids, the Problems panel and the column profile.

Opening, saving and exporting live in gui/app/file_actions.py; this module builds the window, wires the
panels to the grids and keeps the menus in step with the current tab.

Hooks for other parts of the GUI: ``current_grid()``, ``current_table_name()``, ``document``,
``edit_menu``, ``view_menu`` and the ``documentOpened`` signal.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabBar,
    QTableView,
    QTabWidget,
    QWidget,
)

from core.findings import Finding
from core.roster import Roster
from gui.app import actions as window_actions, file_actions
from gui.panels.column_profile import ColumnProfilePanel
from gui.document import RosterDocument
from gui.grid.grid_tab import GridPage
from gui.grid.marks import CountBadge
from gui.panels.problems import ProblemsPanel, apply_cell_changes, apply_fixes
from gui.app.start_page import StartPage
from gui.app.status import StatusBar
from gui.background.workers import TaskRunner

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

    #: a roster was opened and its grids built (the editing tools install themselves on this)
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
        self._loading = False
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

        self._make_actions()
        self._make_menus()
        self.start_page.openRequested.connect(self.act_open.trigger)
        self.start_page.openFolderRequested.connect(self.act_open_folder.trigger)
        self.start_page.sampleRequested.connect(self.act_sample.trigger)
        self.start_page.recentRequested.connect(lambda paths: self.open_paths(paths))
        self._restore_settings()
        self._show_document(None)
        from gui.grid.editing import install as install_editing

        install_editing(self)  # copy/paste/fill/insert/delete, find, changes view (gui/grid/editing.py)
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
        return self.runner.busy or self._loading or self._checking

    # --- actions and menus -----------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, icon=None, tip: str = "") -> QAction:  # type: ignore[no-untyped-def]
        return window_actions.action(self, text, slot, shortcut, icon, tip)

    def _make_actions(self) -> None:
        window_actions.make_actions(self)

    def _make_menus(self) -> None:
        window_actions.make_menus(self)

    # --- opening -------------------------------------------------------------------------------
    def open_paths(self, paths: list[str], encoding: str | None = None) -> None:
        """Open files, a folder or a zip as one roster (in the background)."""
        file_actions.open_paths(self, paths, encoding)

    def set_roster(self, roster: Roster, paths: list[str]) -> RosterDocument:
        """Show a loaded roster: one tab per file, findings from loading now, full checks next."""
        self._drop_document()
        doc = RosterDocument(roster, parent=self)
        doc.background = self.runner.check_runner(self._check_failed)
        doc.checkingChanged.connect(self._checking_changed)
        doc.findingsChanged.connect(self._update_badges)
        doc.marksChanged.connect(self._update_badges)
        doc.findingsChanged.connect(self._checked)
        doc.undo_stack.cleanChanged.connect(self._update_title)
        doc.undo_stack.indexChanged.connect(self._update_title)
        self.undo_group.addStack(doc.undo_stack)
        self.undo_group.setActiveStack(doc.undo_stack)
        self.document = doc
        self.paths = list(paths)
        doc.set_findings(list(roster.load_findings), complete=False)
        for table in roster.tables:
            page = GridPage(doc, table.name, self.tabs)
            page.grid.selectionModel().currentChanged.connect(self._current_cell_changed)
            page.filterChanged.connect(self._sync_view_actions)
            page.rowsShownChanged.connect(lambda text, p=page: self.status.set_rows_shown(text) if p is self.current_page() else None)
            page.columns.profileRequested.connect(lambda name, col: (self.profile_dock.show(), self.profile_dock.raise_(), self.profile.show_column(name, col)))
            page.model.set_show_letters(self.act_letters.isChecked())
            self.pages.append(page)
            self.tabs.addTab(page, table.name)
        self.problems.set_document(doc)
        self.profile.set_document(doc)
        self._update_badges()
        self._show_document(doc)
        self.documentOpened.emit(doc)
        doc.recheck_now()
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
            w.deleteLater()
        self.tabs.blockSignals(False)
        self.pages = []
        if old is not None:
            old.background = None
            # nothing may react to the history of a roster that is gone (the stack is being deleted)
            old.undo_stack.blockSignals(True)
            self.undo_group.removeStack(old.undo_stack)
            old.deleteLater()
        self._checking = False
        self.status.set_checking(False)

    def close_roster(self) -> bool:
        """Close the roster (asking about unsaved changes); False if the user cancelled."""
        if not file_actions.confirm_discard(self):
            return False
        self._drop_document()
        self._show_document(None)
        return True

    def _show_document(self, doc: RosterDocument | None) -> None:
        has = doc is not None
        self.stack.setCurrentWidget(self.tabs if has else self.start_page)
        self.problems_dock.setVisible(has)
        self.profile_dock.setVisible(has)
        for a in (self.act_save, self.act_save_as, self.act_export, self.act_close, self.act_reopen, self.act_fix, self.act_repair,
                  self.act_only_problems, self.act_next, self.act_prev):
            a.setEnabled(has)
        if not has:
            self.status.set_table(None)
            self.status.set_cell(None, None, None)
            self.start_page.set_recent(file_actions.recent_entries(self))
        self._update_title()
        self._tab_changed(self.tabs.currentIndex())

    def _update_title(self) -> None:
        doc = self.document
        if doc is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{doc.roster.name}[*] — {APP_TITLE}")
        self.setWindowModified(doc.modified)

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
        log.error("checking failed: %s\n%s", err, getattr(err, "__traceback_text__", ""))
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
        self.act_only_problems.setChecked(page is not None and page.filter_kind == "problems")

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

    def apply_fix_here(self) -> int:
        """Apply suggested fixes: for the selected problems if the panel has focus, else the selected cells."""
        doc = self.document
        if doc is None:
            return 0
        if self.problems.view.hasFocus() and self.problems.selected_findings():
            return self.problems.apply_selected_fixes()
        page = self.current_page()
        if page is None:
            return 0
        findings = []
        for index in page.grid.selectionModel().selectedIndexes():
            r = page.model.table_row(index.row())
            findings.extend(f for f in doc.cell_findings(page.table_name, r, index.column()) if f.fix is not None)
        n = apply_fixes(doc, findings)
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
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 800)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self.act_letters.setChecked(self.settings.value("view/letters", False, type=bool))
        file_actions.refresh_recent_menu(self)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("view/letters", self.act_letters.isChecked())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not file_actions.confirm_discard(self, closing=True):
            event.ignore()
            return
        self.save_settings()
        self.runner.cancel_all()
        event.accept()
