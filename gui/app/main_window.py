"""The main window: a roster's files as tabs of grids, the Problems panel and the column profile.

The window is built here, in one place, from its parts, and keeps the open roster's state
(``document``, ``paths``) that the parts read. ``__init__`` makes the parts and gives each only what
it needs: the actions (gui/app/actions.py), the file tabs (gui/app/tabs.py), the docks and their
panels (gui/app/docks.py), file handling (gui/app/file_actions.py), the reference export
(gui/app/reference.py), the editing tools and the find dialog (gui/grid/, through a ``GridAccess``),
the check status (gui/app/check_status.py), the fixes and repairs (gui/app/fixes.py), what follows
the current cell (gui/app/current_cell.py), showing and closing a roster
(gui/app/document_switch.py) and autosave (gui/app/autosave.py). It connects the actions to them,
puts the actions in the menus and toolbar that gui/app/menus.py builds, and restores its place
(gui/app/window_settings.py). No part adds itself to the window: builders return what they make,
and the window stores it.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QTableView, QWidget

from core.findings import Finding
from core.roster import Roster
from gui.app.actions import WindowActions
from gui.app.autosave import Autosave
from gui.app.check_status import CheckStatus
from gui.app.current_cell import CurrentCell
from gui.app.docks import build_docks, keep_dock_tabs_tidy, step_pane
from gui.app.document_switch import DocumentSwitch
from gui.app.file_actions import FileActions
from gui.app.fixes import CellFixes
from gui.app.menus import build_menus, show_recent
from gui.app.reference import ReferenceActions
from gui.app.start_page import StartPage
from gui.app.status import StatusBar
from gui.app.tabs import FileTabs
from gui.app.window_settings import restore_window_settings, save_window_settings
from gui.background.workers import TaskRunner
from gui.document import RosterDocument
from gui.grid.access import GridAccess
from gui.grid.context_menus import GridMenus
from gui.grid.editing import EditingTools
from gui.grid.find_dialog import FindDialog
from gui.grid.grid_tab import GridPage
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
        self.runner = TaskRunner(self)
        self.undo_group = QUndoGroup(self)
        self.settings = QSettings()

        self.start_page = StartPage(self)
        self.tabs = FileTabs(self)
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

        access = GridAccess(
            document=lambda: self.document,
            current_page=self.tabs.current_page,
            page_for=self.tabs.page_for,
            show_page=self.tabs.setCurrentWidget,
            say=self.status.showMessage,
        )
        self.docks = d = build_docks(self, access)
        self.problems, self.problems_dock = d.problems, d.problems_dock
        self.profile, self.profile_dock = d.profile, d.profile_dock
        self.changes_panel, self.changes_dock = d.changes_panel, d.changes_dock
        self.problems.jumpRequested.connect(self.go_to_finding)
        self.profile.filterRequested.connect(self.tabs.filter_table)

        self.act = a = WindowActions(self, self.undo_group)
        self.files = FileActions(self, self)
        #: the reference export the roster is checked against (File › Load a reference export…)
        self.reference = ReferenceActions(self, self)
        self.reference.referenceChanged.connect(self.show_reference)
        self.documentOpened.connect(self.reference.document_opened)
        self.editing = EditingTools(access, self)
        #: suggested fixes, damage repairs and the cell menu's actions (gui/app/fixes.py)
        self.fixes = CellFixes(
            a, self.editing, self.problems, self.status,
            document=lambda: self.document, current_page=self.current_page, parent=self,
        )
        self.grid_menus = GridMenus(
            [a.cut, a.copy, a.paste, a.clear, a.drop_extras, None, a.insert_rows, a.delete_rows, a.fill_down, None,
             a.fix, a.filter_value, a.go_to_reference],
            [a.insert_rows, a.delete_rows, a.select_rows],
            before_show=self.fixes.enable_cell_actions,
            after_hide=self.fixes.enable_all_cell_actions,
            parent=self,
        )
        self.find_dialog = FindDialog(access, self)
        #: the status bar and the panels follow the current tab and cell
        self.current_cell = CurrentCell(
            self.tabs, self.status, self.problems, self.profile, a.only_problems, document=lambda: self.document, parent=self,
        )
        #: showing a roster (or its preview while it loads) and closing it
        self.switch = DocumentSwitch(self, self, app_title=APP_TITLE)
        self.autosave = Autosave(self, self, self.changes_panel)
        self._connect_actions()
        self.status.encoding_button.setDefaultAction(a.reopen)
        self.problems.load_reference_button.setDefaultAction(a.load_reference)
        self.problems.clear_reference_button.setDefaultAction(a.clear_reference)
        menus = build_menus(
            a,
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
        self.start_page.openRequested.connect(a.open.trigger)
        self.start_page.openFolderRequested.connect(a.open_folder.trigger)
        self.start_page.sampleRequested.connect(a.sample.trigger)
        self.start_page.recentRequested.connect(lambda paths: self.open_paths(paths))
        restore_window_settings(self, self.settings, a.letters)
        self.files.refresh_recent_menu()
        self.switch.show_document(None)
        keep_dock_tabs_tidy(self)

    # --- hooks for other modules -----------------------------------------------------------
    @property
    def pages(self) -> list[GridPage]:
        """The open roster's file pages, in tab order."""
        return self.tabs.pages

    def current_page(self) -> GridPage | None:
        return self.tabs.current_page()

    def current_grid(self) -> QTableView | None:
        page = self.current_page()
        return page.grid if page is not None else None

    def current_table_name(self) -> str | None:
        page = self.current_page()
        return page.table_name if page is not None else None

    def tab_badge(self, table_name: str) -> str:
        """A tab's name and badge as text: "users.csv  ⛔3 ⚠2"."""
        return self.tabs.badge(table_name)

    def page_for(self, table_name: str) -> GridPage | None:
        return self.tabs.page_for(table_name)

    @property
    def busy(self) -> bool:
        """True while loading, saving or checking runs in the background."""
        return self.runner.busy or self.files.loading or self.check_status.checking

    # --- actions and menus -----------------------------------------------------------------
    def _connect_actions(self) -> None:
        """What each action does: the window's parts' methods."""
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
            a.next_pane: lambda: step_pane((self.current_grid(), self.problems.view, self.profile.shapes), 1),
            a.prev_pane: lambda: step_pane((self.current_grid(), self.problems.view, self.profile.shapes), -1),
            a.next_tab: lambda: self.tabs.step(1),
            a.prev_tab: lambda: self.tabs.step(-1),
            a.about: files.about,
        }
        for act, slot in connect.items():
            act.triggered.connect(lambda _checked=False, s=slot: s())
        a.only_problems.triggered.connect(self.current_cell.toggle_only_problems)
        a.letters.triggered.connect(self.tabs.show_letters)

    def _show_recent(self, entries: list[list[str]]) -> None:
        """The recent rosters in File › Open recent and on the start page."""
        show_recent(self.recent_menu, entries, self.open_paths)
        self.start_page.set_recent(entries)

    def attach_page(self, page: GridPage) -> None:
        """A new file's page gets the window's tools: the panels follow it, its column header opens
        the profile, and the editing keys and context menus work in its grid."""
        self.current_cell.watch(page)
        page.columns.profileRequested.connect(self.docks.show_profile)
        page.model.set_show_letters(self.act.letters.isChecked())
        self.editing.attach(page.grid)
        self.grid_menus.attach(page.grid)

    # --- the open roster (gui/app/document_switch.py) -----------------------------------------
    def open_paths(self, paths: list[str], encoding: str | None = None) -> None:
        """Open files, a folder or a zip as one roster (in the background)."""
        self.files.open_paths(paths, encoding)

    def set_roster(self, roster: Roster, paths: list[str], *, document: RosterDocument | None = None) -> RosterDocument:
        """Show a loaded roster (see ``DocumentSwitch.set_roster``)."""
        return self.switch.set_roster(roster, paths, document=document)

    def show_preview(self, roster: Roster) -> None:
        """Show the first rows of a roster that is still loading: read-only, unchecked."""
        self.switch.show_preview(roster)

    def end_preview(self) -> None:
        """The load failed or was cancelled: take the first look away again."""
        self.switch.end_preview()

    def close_roster(self) -> bool:
        """Close the roster (asking about unsaved changes); False if the user cancelled."""
        return self.switch.close_roster()

    def _drop_document(self) -> None:
        """Take the roster out of the window without asking (tests and benchmarks start afresh so)."""
        self.switch.drop_document()

    def update_title(self) -> None:
        """The roster's name in the title, with * while it has unsaved changes."""
        doc = self.document
        if doc is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{doc.roster.name}[*] — {APP_TITLE}")
        self.setWindowModified(doc.modified)

    def show_reference(self, text: str) -> None:
        """Which reference export the roster is checked against: status bar and Problems panel."""
        tip = self.reference.tooltip()
        self.status.set_reference(self.reference.title if text else "", tip)
        self.problems.set_reference(text, tip)
        self.problems.load_reference_button.setVisible(not text)
        self.act.clear_reference.setEnabled(bool(text))

    def go_to_finding(self, f: Finding, focus: bool = True) -> bool:
        """Show a finding's file and select its cell; ``focus`` False: the Problems list keeps the focus."""
        return self.tabs.go_to_finding(f, None if focus else self.problems.view)

    # --- drag and drop, closing -----------------------------------------------------------------
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

    def save_settings(self) -> None:
        """Remember the window's place, its docks and the view settings."""
        save_window_settings(self, self.settings, self.act.letters)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_discard(closing=True):
            event.ignore()
            return
        self.save_settings()
        self.runner.cancel_all()
        event.accept()
