"""Fill and clear on the grid, as in Excel: fill the selection with one value (Ctrl+Enter), fill
down (Ctrl+D) and right (Ctrl+R), empty cells (Delete) and delete the values a record has beyond the
header. Each action is one undo step; rows are addressed through the grid's model (view row -> table
row), so a sorted or filtered view changes nothing about which cells an action touches.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QTableView

from gui.grid.edit_support import big_edit, selected_cells, selected_view_rows, table_row, table_rows
from gui.grid.targets import GridTargets


def fill_plan(selected: list[int]) -> tuple[int, list[int]] | None:
    """Excel's fill down/right along one line of cells: the first selected cell's value goes to the
    others; a single cell takes the value before it (None: nothing to fill from)."""
    if not selected:
        return None
    ordered = sorted(selected)
    if len(ordered) == 1:
        return None if ordered[0] == 0 else (ordered[0] - 1, ordered)
    return ordered[0], ordered[1:]


class FillActions(GridTargets):
    """Fill and clear of the current grid's selection (a part of gui.grid.editing.EditingTools)."""

    def _set(self, grid: QTableView, view_changes: list[tuple[int, int, str]], text: str, drop_extras: Sequence[int] = ()) -> int:
        """Set cells of the grid's file as one undo step (cells of the read-only (extra) column are
        left alone); ``drop_extras``: view rows whose values beyond the header go in the same step."""
        target = self.doc_table(grid)
        if target is None or not (view_changes or drop_extras):
            return 0
        doc, name = target
        model = grid.model()
        table = doc.table(name)
        changes = [(table_row(model, v), c, val) for v, c, val in view_changes if c < table.ncols]
        changes = [(r, c, v) for r, c, v in changes if table.cell(r, c) != v or table.is_missing(r, c)]
        drops = [r for r in (table_row(model, v) for v in drop_extras) if table.extra_fields(r)]
        before = doc.undo_stack.index()
        with big_edit():
            doc.set_cells(name, changes, text, drops)
        return len(changes) + len(drops) if doc.undo_stack.index() != before else 0

    def fill_selection(self, value: str, grid: QTableView | None = None, text: str = "Fill") -> int:
        """Put one value in every selected cell (Ctrl+Enter after typing, like Excel)."""
        grid = grid or self.grid()
        if grid is None:
            return 0
        n = self._set(grid, [(v, c, value) for v, c in selected_cells(grid)], text)
        self.status(f"Filled {n:,} cell{'s' if n != 1 else ''}.")
        return n

    def fill_down(self) -> int:
        """Ctrl+D: each selected column gets its top cell's value (one row selected: the row above's)."""
        grid = self.grid()
        if grid is None:
            return 0
        cells = selected_cells(grid)
        by_col: dict[int, list[int]] = {}
        for v, c in cells:
            by_col.setdefault(c, []).append(v)
        model = grid.model()
        target = self.doc_table(grid)
        if target is None:
            return 0
        table = target[0].table(target[1])
        changes: list[tuple[int, int, str]] = []
        for c, rows in by_col.items():
            if c >= table.ncols:
                continue  # the read-only (extra) column
            plan = fill_plan(rows)
            if plan is None:
                continue
            source, targets = plan
            value = table.cell(table_row(model, source), c)
            changes.extend((v, c, value) for v in targets)
        n = self._set(grid, changes, "Fill down")
        self.status(f"Filled down {n:,} cell{'s' if n != 1 else ''}.")
        return n

    def fill_right(self) -> int:
        """Ctrl+R: each selected row gets its leftmost selected cell's value (one cell: the one left of it)."""
        grid = self.grid()
        target = self.doc_table(grid) if grid is not None else None
        if grid is None or target is None:
            return 0
        by_row: dict[int, list[int]] = {}
        for v, c in selected_cells(grid):
            by_row.setdefault(v, []).append(c)
        model = grid.model()
        table = target[0].table(target[1])
        changes: list[tuple[int, int, str]] = []
        for v, cols in by_row.items():
            plan = fill_plan([c for c in cols if c < table.ncols])  # not the read-only (extra) column
            if plan is None:
                continue
            source, targets = plan
            value = table.cell(table_row(model, v), source)
            changes.extend((v, c, value) for c in targets)
        n = self._set(grid, changes, "Fill right")
        self.status(f"Filled right {n:,} cell{'s' if n != 1 else ''}.")
        return n

    def clear(self, text: str = "Clear cells") -> int:
        """Delete: empty the selected cells; selected cells of the (extra) column lose their row's
        values beyond the header. One undo step."""
        grid = self.grid()
        if grid is None:
            return 0
        target = self.doc_table(grid)
        ncols = target[0].table(target[1]).ncols if target is not None else 0
        cells = selected_cells(grid)
        extra_rows = sorted({v for v, c in cells if c >= ncols})
        label = text if not extra_rows else "Delete extra values" if all(c >= ncols for _v, c in cells) else f"{text} and extra values"
        n = self._set(grid, [(v, c, "") for v, c in cells if c < ncols], label, extra_rows)
        if extra_rows:
            self.status(f"{label}: {n:,} change{'s' if n != 1 else ''} (Undo brings them back).")
        else:
            self.status(f"Emptied {n:,} cell{'s' if n != 1 else ''}.")
        return n

    def drop_extras(self) -> int:
        """Remove the values beyond the header from the selected rows (those the (extra) column
        shows) as one undo step; returns how many rows lost theirs."""
        grid = self.grid()
        if grid is None:
            return 0
        rows = selected_view_rows(grid)
        n = self._set(grid, [], "Delete extra values", rows)
        if n:
            self.status(f"Deleted the extra values of {n:,} row{'s' if n != 1 else ''} (Undo brings them back).")
        else:
            self.status("The selected rows have no values beyond the last column.")
        return n

    def selected_extra_rows(self) -> int:
        """How many selected rows have values beyond the header (the cell menu offers to delete them)."""
        grid = self.grid()
        target = self.doc_table(grid) if grid is not None else None
        if grid is None or target is None:
            return 0
        table = target[0].table(target[1])
        if not table.extra_records:
            return 0
        model = grid.model()
        return sum(1 for r in table_rows(model, selected_view_rows(grid)) if table.extra_fields(r))
