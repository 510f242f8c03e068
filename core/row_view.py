"""The order in which a grid shows a table's rows: a sort and a filter kept as a list of row indexes.

Views never move data. A sort or a filter is a permutation (or a subset) of table row indexes that
the Qt model reads through; sorting a million rows is one ``sorted()`` over a ``range`` keyed by the
column's list, a fraction of a second in plain Python (a ``QSortFilterProxyModel`` takes minutes).

Filters combine with AND: one set of rows from anywhere (a search, "rows with problems"), and one
AutoFilter per column (``core.column_values.ColumnFilter``), which is kept by value so it still holds
after rows are inserted or deleted.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable

from core.column_values import ColumnFilter, combine
from core.table import Table


class RowView:
    """View row -> table row for one table, with an optional sort and optional row filters.

    ``order`` is None when the view shows every row in file order (the common case, and free).
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self.order: list[int] | None = None
        #: (column index, descending) or None for file order
        self.sort_key: tuple[int, bool] | None = None
        #: the table rows the row filter keeps, or None for no row filter
        self.filter: set[int] | None = None
        #: AutoFilters by column (all of them apply, together with ``filter``)
        self.column_filters: dict[int, ColumnFilter] = {}
        #: column -> the rows with a problem in that column (for "only rows with problems")
        self.problem_rows: Callable[[int], Collection[int]] | None = None
        self._column_rows: dict[int, list[int]] = {}
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
        return self.filter is not None or bool(self.column_filters)

    def view_to_table(self, v: int) -> int:
        """The table row shown at view row ``v``."""
        if self.order is None:
            return v
        return self.order[v]

    def table_rows_at(self, view_rows: list[int]) -> list[int]:
        """The table rows shown at these view rows (one C-level pass)."""
        return list(view_rows) if self.order is None else list(map(self.order.__getitem__, view_rows))

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

    def rows_kept_by_others(self, col: int) -> list[int] | None:
        """The rows every filter but this column's AutoFilter keeps (None: all rows), in file order:
        the rows whose values that column's list offers, as in Excel."""
        lists = [rows for c, rows in self._column_rows.items() if c != col]
        if self.filter is not None:
            n = self.table.nrows
            lists.append(sorted(r for r in self.filter if r < n))
        return combine(lists) if lists else None

    # --- changing --------------------------------------------------------------------------
    def sort(self, col: int | None, descending: bool = False) -> None:
        """Sort by a column's text (stable; equal values keep file order). ``None`` = file order."""
        if col is None or col < 0 or col >= self.table.ncols:
            self.sort_key = None
        else:
            self.sort_key = (col, descending)
        self._rebuild()

    def filter_rows(self, rows: Iterable[int] | None) -> None:
        """Show only these table rows (in the current sort, and within the AutoFilters), or every row
        the AutoFilters keep for ``None``."""
        self.filter = None if rows is None else set(rows)
        self._rebuild()

    def set_column_filter(self, col: int, spec: ColumnFilter | None) -> None:
        """Set (or with ``None`` or an empty filter, remove) the AutoFilter of a column."""
        if spec is None or spec.is_empty:
            self.column_filters.pop(col, None)
            self._column_rows.pop(col, None)
        else:
            self.column_filters[col] = spec
            self._column_rows[col] = self._rows_of(spec)
        self._rebuild()

    def clear_column_filters(self) -> None:
        self.column_filters.clear()
        self._column_rows.clear()
        self._rebuild()

    def refresh(self) -> None:
        """Rebuild the order after the table's rows changed (inserted, deleted, reordered).

        AutoFilters are matched again (they hold values, not rows); a row filter drops rows that
        are gone.
        """
        for col in list(self.column_filters):
            if col >= self.table.ncols:
                del self.column_filters[col]
                self._column_rows.pop(col, None)
            else:
                self._column_rows[col] = self._rows_of(self.column_filters[col])
        self._rebuild()

    def _rows_of(self, spec: ColumnFilter) -> list[int]:
        marked = self.problem_rows(spec.col) if spec.problems_only and self.problem_rows is not None else None
        return spec.matching_rows(self.table, marked)

    def _rebuild(self) -> None:
        n = self.table.nrows
        self._inverse = None
        lists = list(self._column_rows.values())
        if self.filter is not None:
            rows = sorted(self.filter)
            lists.append(rows[: bisect_left(rows, n)] if rows and rows[-1] >= n else rows)
        kept = combine(lists) if lists else None
        if self.sort_key is None:
            self.order = kept
            return
        col, descending = self.sort_key
        if col >= self.table.ncols:
            self.sort_key = None
            self.order = kept
            return
        values = self.table.columns[col]
        # Python's sort is stable also with reverse=True, so equal values keep file order both ways.
        self.order = sorted(range(n) if kept is None else kept, key=values.__getitem__, reverse=descending)
