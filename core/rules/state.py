"""Per-table state the engine keeps between a full check and later re-checks.

A re-check must tell a row's old values (as last checked) from its new ones in the tracked
columns (keys, repeated-value groups, references and the columns other files depend on). The
table's old-value tracker (``Table.track_old_values``) keeps the old value of each cell changed since; every other
cell still has its checked value. Indexes (value -> rows) are built lazily from the checked
values and kept in step with them when a re-check moves rows forward.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from typing import Any

from core.pacing import SLICE, pause_point
from core.rules.formats import Validator, split_list
from core.rules.headers import HeaderMap
from core.table import Table


class Index:
    """Rows by value. Most values occur once, so those are stored as a plain int; the rows of a
    repeated value are kept in ascending order (the first is the one repeats are measured from)."""

    __slots__ = ("many", "one")

    def __init__(self) -> None:
        self.one: dict[str, int] = {}
        self.many: dict[str, list[int]] = {}

    @classmethod
    def build(cls, n: int, values: Callable[[int, int], list[str]]) -> Index:
        """The index of ``n`` values, read a slice at a time with pause points between (a window
        shares the interpreter: core/pacing.py); ``values(start, stop)`` gives a slice."""
        idx = cls()
        one: dict[str, int] = {}
        for i in range(0, n, SLICE):
            one.update(zip(values(i, min(n, i + SLICE)), range(i, i + SLICE)))
            pause_point()
        if len(one) == n:
            idx.one = one
            return idx
        many: dict[str, list[int]] = {}
        for i in range(0, n, SLICE):
            for r, v in enumerate(values(i, min(n, i + SLICE)), i):
                lst = many.get(v)
                if lst is None:
                    many[v] = [r]
                else:
                    lst.append(r)
            pause_point()
        idx.one = {v: rows[0] for v, rows in many.items() if len(rows) == 1}
        idx.many = {v: rows for v, rows in many.items() if len(rows) > 1}
        return idx

    def rows(self, value: str) -> list[int]:
        """The rows holding a value, in ascending order (the caller must not change the list)."""
        r = self.one.get(value)
        if r is not None:
            return [r]
        return self.many.get(value, [])

    def first(self, value: str) -> int | None:
        """The first row holding a value (one look-up: the rows are kept in order)."""
        r = self.one.get(value)
        if r is not None:
            return r
        lst = self.many.get(value)
        return lst[0] if lst else None

    def __contains__(self, value: str) -> bool:
        return value in self.one or value in self.many

    def add(self, value: str, row: int) -> None:
        """Index one more row of a value."""
        if value in self.many:
            insort(self.many[value], row)
        elif value in self.one:
            self.many[value] = sorted((self.one.pop(value), row))
        else:
            self.one[value] = row

    def remove(self, value: str, row: int) -> None:
        """Forget one row of a value."""
        if self.one.get(value) == row:
            del self.one[value]
            return
        lst = self.many.get(value)
        if lst is None or row not in lst:
            return
        lst.remove(row)
        if len(lst) == 1:
            self.one[value] = lst[0]
            del self.many[value]


class TableState:
    """One data table as the engine sees it."""

    def __init__(
        self, table: Table, hmap: HeaderMap, validators: dict[int, Validator], tracked: set[int] | None = None
    ) -> None:
        self.table = table
        self.name = table.name
        self.hmap = hmap
        self.validators = validators
        self.header = list(table.header)
        if tracked is None:
            tracked = set(range(table.ncols))
        #: the columns whose old values a re-check needs (keys, groups, references)
        self.tracked = sorted(tracked)
        #: (row, col) -> value as last checked, for the cells changed since
        self.old = table.track_old_values()
        self.nrows = table.nrows
        self._index: dict[int, Index] = {}
        self._items: dict[int, Index] = {}
        #: what one check or re-check works out once and asks of many rows (a class's groups of
        #: enrollments, a staff e-mail's first row); the engine empties it before and after each
        #: call, so it never outlives the values it was read from
        self.memo: dict[Any, Any] = {}

    def col(self, name: str) -> int | None:
        """The column standing for a spec column (or an extension column by its exact name)."""
        c = self.hmap.col_of.get(name)
        if c is None and name in self.header:
            return self.header.index(name)
        return c

    def value(self, row: int, name: str) -> str:
        c = self.col(name)
        return "" if c is None else self.table.columns[c][row]

    def checked(self, col: int, row: int) -> str:
        """A cell's value as last checked."""
        return self.old.get((row, col), self.table.columns[col][row])

    def checked_values(self, col: int) -> Callable[[int, int], list[str]]:
        """``values(start, stop)``: the values of rows ``start:stop`` of a column as last checked,
        as new lists, for reading a column a slice at a time (``Index.build``).

        Safe while the window edits the table from its own thread (a background ``warm``): the
        tracker is read after each slice is copied, and ``Table.set_cell`` writes the tracker
        before the cell, so a slice that has a new value always finds its old one. The tracker's
        entries for the column are sorted once, and again only when it has grown (a large edit made
        before the build leaves a large tracker: looking through all of it for each slice took
        seconds).
        """
        old_values = self.old
        seen = -1
        rows: list[int] = []
        olds: dict[int, str] = {}

        def values(start: int, stop: int) -> list[str]:
            nonlocal seen, rows, olds
            chunk = self.table.columns[col][start:stop]
            if old_values:
                if len(old_values) != seen:
                    items = list(old_values.items())
                    seen = len(items)
                    olds = {r: v for (r, c), v in items if c == col}
                    rows = sorted(olds)
                for r in rows[bisect_left(rows, start) : bisect_left(rows, stop)]:
                    chunk[r - start] = olds[r]
            return chunk

        return values

    def index(self, col: int) -> Index:
        idx = self._index.get(col)
        if idx is None:
            idx = self._index[col] = Index.build(self.nrows, self.checked_values(col))
        return idx

    def items(self, col: int) -> Index:
        """Rows by list item (for list references such as orgSourcedIds)."""
        idx = self._items.get(col)
        if idx is None:
            idx = Index()
            for r, v in enumerate(self.checked_values(col)(0, self.nrows)):
                if v:
                    for item in set(split_list(v)):
                        idx.add(item, r)
            self._items[col] = idx
        return idx

    def structure_changed(self) -> bool:
        return self.table.nrows != self.nrows or self.table.header != self.header

    def advance(self, rows: set[int]) -> dict[int, list[tuple[int, str, str]]]:
        """Take these rows' current values as checked; returns col -> (row, old, new) for the
        tracked columns."""
        changes: dict[int, list[tuple[int, str, str]]] = {}
        old_values = self.old
        for c in self.tracked:
            live = self.table.columns[c]
            for r in rows:
                new = live[r]
                old = old_values.get((r, c), new)
                if old is new or old == new:
                    continue
                changes.setdefault(c, []).append((r, old, new))
                idx = self._index.get(c)
                if idx is not None:
                    idx.remove(old, r)
                    idx.add(new, r)
                items = self._items.get(c)
                if items is not None:
                    for item in set(split_list(old)) if old else ():
                        items.remove(item, r)
                    for item in set(split_list(new)) if new else ():
                        items.add(item, r)
        if old_values:
            for r in rows:
                for c in range(len(self.header)):
                    old_values.pop((r, c), None)
        return changes
