"""Rows and references on the grid: insert and delete rows (one undo step each), select whole rows,
and go from an ID to the row it names in another file (classSourcedId -> its class in classes.csv).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from gui.grid.edit_support import select_rect, selected_view_rows, table_row, table_rows
from gui.grid.roster_grid import RosterGrid
from gui.grid.table_model import roster_model
from gui.grid.targets import GridTargets


class RowActions(GridTargets):
    """Rows and references of the current grid (a part of gui.grid.editing.EditingTools)."""

    def insert_rows(self) -> int:
        """Insert as many empty rows as are selected, above the first selected row."""
        target = self.current()
        if target is None:
            return 0
        grid, doc, name = target
        model = grid.model()
        rows = selected_view_rows(grid)
        table = doc.table(name)
        if rows:
            at = table_row(model, rows[0])
            count = len(rows)
        else:
            at, count = table.nrows, 1
        col = max(0, grid.currentIndex().column())
        doc.insert_rows(name, at, [[""] * table.ncols for _ in range(count)], "Insert rows" if count > 1 else "Insert row")
        self._select_table_rows(grid, at, count, col)
        self.status(f"Inserted {count:,} empty row{'s' if count != 1 else ''}.")
        return count

    def _select_table_rows(self, grid: QTableView, at: int, count: int, col: int) -> None:
        model = grid.model()
        roster = roster_model(model)
        first = roster.index_of(at, col) if roster is not None else model.index(at, col)
        if first.isValid():
            last_view = first.row() + count - 1
            select_rect(grid, first.row(), 0, last_view, model.columnCount() - 1, (first.row(), col))
            grid.scrollTo(first)

    def delete_rows(self) -> int:
        target = self.current()
        if target is None:
            return 0
        grid, doc, name = target
        model = grid.model()
        view_rows = selected_view_rows(grid)
        if not view_rows:
            return 0
        rows = sorted(table_rows(model, view_rows))
        col = max(0, grid.currentIndex().column())
        doc.delete_rows(name, rows, "Delete rows" if len(rows) > 1 else "Delete row")
        v = min(view_rows[0], model.rowCount() - 1)
        if v >= 0:
            grid.setCurrentIndex(model.index(v, col))
        self.status(f"Deleted {len(rows):,} row{'s' if len(rows) != 1 else ''} (Undo brings them back).")
        return len(rows)

    def select_rows(self) -> None:
        """Select the whole rows of the selected cells (Shift+Space)."""
        grid = self.grid()
        if isinstance(grid, RosterGrid):  # a plain table view has no whole-row selection of its own
            grid.select_whole(rows=True)

    # --- references --------------------------------------------------------------------------
    def reference_of(self) -> tuple[str, int] | None:
        """The file and row the current cell's ID points to (classSourcedId -> its class), if any."""
        target = self.current()
        if target is None:
            return None
        grid, doc, name = target
        cur = grid.currentIndex()
        if not cur.isValid():
            return None
        table = doc.table(name)
        if cur.column() >= table.ncols:
            return None
        value = table.cell(table_row(grid.model(), cur.row()), cur.column())
        ref = referenced_file(name, table.header[cur.column()])
        if ref is None or ref not in doc.roster or not value.strip():
            return None
        item = value.split(",")[0].strip()  # a list of IDs: the first one
        keys = doc.table(ref).column("sourcedId") if "sourcedId" in doc.table(ref).header else []
        try:
            return ref, keys.index(item)
        except ValueError:
            return None

    def go_to_reference(self) -> bool:
        """Show the row the current cell's ID stands for, in its own file."""
        found = self.reference_of()
        if found is None:
            self.status("This cell does not name a row of another file (or that row is not there).")
            return False
        ref, row = found
        page = self.access.page_for(ref)
        if page is None:
            return False
        self.access.show_page(page)
        return page.go_to(row, 0)


def referenced_file(table_name: str, column: str) -> str | None:
    """The file a column's IDs point to ("classSourcedId" of enrollments.csv -> "classes.csv"), from the rules."""
    from core.rules.spec import load_rules

    try:
        rule = load_rules("oneroster", "1.1").column_rule(table_name, column)
    except (ValueError, OSError):
        return None
    return rule.ref if rule is not None else None
