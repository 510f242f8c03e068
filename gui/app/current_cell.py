"""The status bar and the panels follow the tab and cell shown now: the file's format and filter,
the cell's address, its column's profile and its problems; View › Only rows with problems shows the
current file's state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QAction

from gui.app.status import StatusBar
from gui.app.tabs import FileTabs
from gui.document import RosterDocument
from gui.grid.grid_tab import GridPage
from gui.panels.column_profile import ColumnProfilePanel
from gui.panels.problems import ProblemsPanel


class CurrentCell(QObject):
    """Shows the current tab's file and cell in the status bar, the column profile and the Problems panel."""

    def __init__(
        self,
        tabs: FileTabs,
        status: StatusBar,
        problems: ProblemsPanel,
        profile: ColumnProfilePanel,
        only_problems: QAction,
        *,
        document: Callable[[], RosterDocument | None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.tabs = tabs
        self.status = status
        self.problems = problems
        self.profile = profile
        #: View › Only rows with problems: checked while the current file shows only those
        self.only_problems = only_problems
        self.document = document
        tabs.currentChanged.connect(self.tab_changed)

    def watch(self, page: GridPage) -> None:
        """Follow a new tab's current cell, filter and count of rows shown."""
        page.grid.selectionModel().currentChanged.connect(self.cell_changed)
        page.filterChanged.connect(self.sync_view_actions)
        page.rowsShownChanged.connect(lambda text, p=page: self.rows_shown(p, text))

    def tab_changed(self, _index: int = -1) -> None:
        """Another tab (or none) is in front: show its file and its current cell."""
        page = self.tabs.current_page()
        doc = self.document()
        if page is None or doc is None:
            self.profile.show_column(None, None)
            return
        self.status.set_table(doc.table(page.table_name))
        self.status.set_rows_shown(page.rows_shown_text())
        self.show_cell(page, page.grid.currentIndex())
        self.sync_view_actions()

    def rows_shown(self, page: GridPage, text: str) -> None:
        """A tab's rows changed (filtered, inserted, deleted): if it is in front, the status bar
        counts them again and names the current cell (which the grid may have lost)."""
        if page is not self.tabs.current_page():
            return
        self.status.set_table(page.model.table)
        self.status.set_rows_shown(text)
        self.show_cell(page, page.grid.currentIndex())

    def no_roster(self) -> None:
        """No roster is open: no file, no cell."""
        self.status.set_table(None)
        self.status.set_cell(None, None, None)

    def sync_view_actions(self) -> None:
        """View › Only rows with problems is checked while the current file shows only those."""
        page = self.tabs.current_page()
        self.only_problems.setChecked(page is not None and page.filter_kind == "problems")

    def toggle_only_problems(self, on: bool) -> None:
        """View › Only rows with problems, on the current file."""
        page = self.tabs.current_page()
        if page is not None:
            page.show_only_problems(on)

    def cell_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """A grid's current cell moved (only the tab in front counts)."""
        page = self.tabs.current_page()
        if page is not None and current.model() is page.model:
            self.show_cell(page, current)

    def show_cell(self, page: GridPage, index: QModelIndex) -> None:
        """A cell's address in the status bar, its column's profile, its problems selected."""
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
