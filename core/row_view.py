"""The order in which a grid shows a table's rows: a sort and a filter kept as a list of row indexes.

Views never move data. A sort or a filter is a permutation (or a subset) of table row indexes that
the Qt model reads through; sorting a million rows is one ``sorted()`` over a ``range`` keyed by the
column's list, a fraction of a second in plain Python (a ``QSortFilterProxyModel`` takes minutes).
"""

from __future__ import annotations

from collections.abc import Iterable

from core.table import Table


class RowView:
    """View row -> table row for one table, with an optional sort and an optional row filter.

    ``order`` is None when the view shows every row in file order (the common case, and free).
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self.order: list[int] | None = None
        #: (column index, descending) or None for file order
        self.sort_key: tuple[int, bool] | None = None
        #: the table rows the filter keeps, or None for no filter
        self.filter: set[int] | None = None
        self._inverse: dict[int, int] | None = None

    # --- reading ---------------------------------------------------------------------------
    @property
    def count(self) -> int:
        """How many rows the view shows."""
        if self.order is None:
            return self.table.nrows
        return len(self.order)

    @property
    def is_filtered(self) -> bool:
        return self.filter is not None

    def view_to_table(self, v: int) -> int:
        """The table row shown at view row ``v``."""
        if self.order is None:
            return v
        return self.order[v]

    def table_to_view(self, r: int) -> int | None:
        """The view row that shows table row ``r``, or None when the filter hides it."""
        if self.order is None:
            return r if 0 <= r < self.table.nrows else None
        if self._inverse is None:
            # built once per order, on first use: the grid asks for it only when jumping to a cell
            self._inverse = {t: v for v, t in enumerate(self.order)}
        return self._inverse.get(r)

    def table_rows(self) -> Iterable[int]:
        """The table rows in view order."""
        if self.order is None:
            return range(self.table.nrows)
        return self.order

    # --- changing --------------------------------------------------------------------------
    def sort(self, col: int | None, descending: bool = False) -> None:
        """Sort by a column's text (stable; equal values keep file order). ``None`` = file order."""
        if col is None or col < 0 or col >= self.table.ncols:
            self.sort_key = None
        else:
            self.sort_key = (col, descending)
        self.refresh()

    def filter_rows(self, rows: Iterable[int] | None) -> None:
        """Show only these table rows (in the current sort), or every row for ``None``."""
        self.filter = None if rows is None else set(rows)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the order after the table's rows changed (inserted, deleted, reordered)."""
        n = self.table.nrows
        self._inverse = None
        if self.filter is None:
            rows: Iterable[int] = range(n)
        else:
            rows = sorted(r for r in self.filter if 0 <= r < n)
        if self.sort_key is None:
            self.order = None if self.filter is None else list(rows)
            return
        col, descending = self.sort_key
        if col >= self.table.ncols:
            self.sort_key = None
            self.order = None if self.filter is None else list(rows)
            return
        values = self.table.columns[col]
        # Python's sort is stable also with reverse=True, so equal values keep file order both ways.
        self.order = sorted(rows, key=values.__getitem__, reverse=descending)
