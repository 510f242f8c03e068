"""Sorting and filtering the view (never the file, unless the user asks to put the file in order).

A part of gui.grid.editing.EditingTools, whose actions in the View menu call these. The order lives in
the grid model's core.row_view.RowView; a filter goes through the tab's GridPage so its bar says what is
hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QInputDialog

from core.find import FindOptions, Scope, find_all
from gui.document import RosterDocument
from gui.grid.edit_support import table_row
from gui.grid.grid_tab import GridPage
from gui.grid.roster_grid import RosterGrid
from gui.grid.table_model import roster_model
from gui.grid.targets import GridTargets


class ViewActions(GridTargets):
    """Sort and filter of the current grid's view (a part of gui.grid.editing.EditingTools)."""

    def _current_cell(self) -> tuple[RosterGrid, QModelIndex, RosterDocument, str] | None:
        """The current grid, its current cell, document and table name; None without a cell."""
        grid = self.access.current_grid()
        if grid is None:
            return None
        target = self.doc_table(grid)
        cur = grid.currentIndex()
        if target is None or not cur.isValid():
            return None
        if cur.column() >= target[0].table(target[1]).ncols:
            self.status("The (extra) column holds values beyond the header; it cannot be filtered.")
            return None
        return grid, cur, target[0], target[1]

    # --- sort and filter of the view ---------------------------------------------------------
    def sort(self, order: Qt.SortOrder | None) -> None:
        grid = self.access.current_grid()
        if grid is None:
            return
        col = grid.currentIndex().column()
        if order is None:
            grid.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            grid.model().sort(-1)
        elif col >= 0:
            grid.sortByColumn(col, order)

    def save_sorted(self) -> bool:
        """Reorder the file's rows as the view is sorted now (one undo step)."""
        grid = self.access.current_grid()
        if grid is None:
            return False
        target = self.doc_table(grid)
        model = roster_model(grid.model())
        view = model.view if model is not None else None
        if target is None or view is None or view.sort_key is None:
            self.status("Sort the rows first (the button in a column's header, or View › Sort A → Z by this column), then choose this again.")
            return False
        doc, name = target
        table = doc.table(name)
        col, descending = view.sort_key
        values = table.columns[col]
        order = sorted(range(table.nrows), key=values.__getitem__, reverse=descending)
        doc.reorder_rows(name, order, f"Sort {name} by {table.header[col]}")
        grid.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.status(f"The rows of {name} are now in this order in the file (save to keep it).")
        return True

    def _page(self) -> GridPage | None:
        return self.access.current_page()

    def _filter(self, grid: RosterGrid, rows: set[int], description: str) -> None:
        page = self._page()
        if page is not None and page.grid is grid:
            page.set_filter(rows, description, kind="value")
        else:
            grid.model().set_row_filter(rows)

    def filter_by_value(self) -> int:
        """Show only the rows with the current cell's value in its column."""
        target = self._current_cell()
        if target is None:
            return 0
        grid, cur, doc, name = target
        table = doc.table(name)
        c = cur.column()
        value = table.cell(table_row(grid.model(), cur.row()), c)
        hits = find_all(doc.roster, FindOptions(value, match_case=True, whole_cell=True), Scope(name, c))
        rows = {r for _t, r, _c in hits}
        shown = "(empty)" if value == "" else f"“{value}”"
        self._filter(grid, rows, f"{table.header[c]} is {shown}")
        return len(rows)

    def filter_by_text(self, text: str | None = None) -> int:
        target = self._current_cell()
        if target is None:
            return 0
        grid, cur, doc, name = target
        column = doc.table(name).header[cur.column()]
        if text is None:
            text, ok = QInputDialog.getText(grid, "Filter", f"Show rows whose {column} contains:")
            if not ok:
                return 0
        if text == "":
            self.clear_filter()
            return 0
        hits = find_all(doc.roster, FindOptions(text), Scope(name, cur.column()))
        rows = {r for _t, r, _c in hits}
        self._filter(grid, rows, f"{column} contains “{text}”")
        return len(rows)

    def clear_filter(self) -> None:
        page = self._page()
        if page is not None:
            page.clear_filter()
        else:
            grid = self.access.current_grid()
            if grid is not None:
                grid.model().set_row_filter(None)
