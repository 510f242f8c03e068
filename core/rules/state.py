"""Per-table state the engine keeps between a full check and later re-checks.

A re-check must tell a row's old values (as last checked) from its new ones in the tracked
columns (keys, repeated-value groups, references and the columns other files depend on). The
table's old-value tracker (``Table.track_old_values``) keeps the old value of each cell changed since; every other
cell still has its checked value. Indexes (value -> rows) are built lazily from the checked
values and kept in step with them when a re-check moves rows forward.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from core.pacing import SLICE, pause_point
from core.rules.formats import Validator, split_list
from core.rules.headers import HeaderMap
from core.table import Table


#: tables of at least this many rows index a column of ids as ``RowChains`` (smaller tables keep
#: the faster dict: their ids cost a few MB, and a full check looks up many of them)
CHAIN_ROWS = 1 << 18


class Index:
    """Rows by value. Most values occur once, so those are stored as a plain int; the rows of a
    repeated value are kept in ascending order in an ``array`` (4 bytes a row: as a list of ints
    they cost 40, and on a million-row enrollments.csv each such index held 30 MB of int objects).
    The first row is the one repeats are measured from."""

    __slots__ = ("many", "one")

    def __init__(self) -> None:
        self.one: dict[str, int] = {}
        self.many: dict[str, array[int]] = {}

    @classmethod
    def build(cls, n: int, values: Callable[[int, int], list[str]], rows: RowNumbers | None = None) -> Index:
        """The index of ``n`` values, read a slice at a time with pause points between (a window
        shares the interpreter: core/pacing.py); ``values(start, stop)`` gives a slice; ``rows``
        gives the row numbers (shared ones, see ``RowNumbers``)."""
        idx = cls()
        numbers: Callable[[int, int], Iterable[int]] = rows if rows is not None else range
        if _mostly_distinct(values(0, min(n, SLICE))):
            one: dict[str, int] = {}
            for i in range(0, n, SLICE):
                stop = min(n, i + SLICE)
                one.update(zip(values(i, stop), numbers(i, stop)))
                pause_point()
            if len(one) == n:
                idx.one = one
                return idx
            del one
        # rows grouped by value with C-level passes: no Python code per row, no int kept per row
        groups: defaultdict[str, array[int]] = defaultdict(_new_rows)
        for i in range(0, n, SLICE):
            stop = min(n, i + SLICE)
            deque(map(array.append, map(groups.__getitem__, values(i, stop)), range(i, stop)), maxlen=0)
            pause_point()
        idx.one = {v: rows[0] for v, rows in groups.items() if len(rows) == 1}
        idx.many = {v: rows for v, rows in groups.items() if len(rows) > 1}
        return idx

    def rows(self, value: str) -> list[int]:
        """The rows holding a value, in ascending order (a new list)."""
        r = self.one.get(value)
        if r is not None:
            return [r]
        found = self.many.get(value)
        return found.tolist() if found is not None else []

    def first(self, value: str) -> int | None:
        """The first row holding a value (one look-up: the rows are kept in order)."""
        r = self.one.get(value)
        if r is not None:
            return r
        found = self.many.get(value)
        return found[0] if found else None

    def __contains__(self, value: str) -> bool:
        return value in self.one or value in self.many

    def add(self, value: str, row: int) -> None:
        """Index one more row of a value."""
        found = self.many.get(value)
        if found is not None:
            insort(found, row)
        elif value in self.one:
            self.many[value] = array("i", sorted((self.one.pop(value), row)))
        else:
            self.one[value] = row

    def remove(self, value: str, row: int) -> None:
        """Forget one row of a value."""
        if self.one.get(value) == row:
            del self.one[value]
            return
        found = self.many.get(value)
        if found is None or row not in found:
            return
        found.remove(row)
        if len(found) == 1:
            self.one[value] = found[0]
            del self.many[value]


class RowChains(Index):
    """Rows by value for a large column of mostly distinct values (ids): 6 bytes a row.

    A dict from a million ids to their rows costs 60 MB (the dict and an int object per row);
    here the rows of each hash bucket form a chain through an array (``head`` per bucket, ``next``
    per row), and a look-up compares the values of the few rows of its bucket, read through
    ``value_of(row)`` (the value as last checked). Built with a loop per row, in the background.
    """

    __slots__ = ("head", "mask", "next", "value_of")

    def __init__(self, n: int, value_of: Callable[[int], str]) -> None:
        super().__init__()
        buckets = 1 << max(3, (max(n, 2) - 1).bit_length() - 1)  # about two rows a bucket
        self.mask = buckets - 1
        self.head = array("i", [-1]) * buckets
        self.next = array("i", [-1]) * n
        self.value_of = value_of

    @classmethod
    def build_chains(cls, n: int, values: Callable[[int, int], list[str]], value_of: Callable[[int], str]) -> RowChains:
        """The chains of ``n`` values read a slice at a time (see ``Index.build``)."""
        idx = cls(n, value_of)
        head, nxt, mask = idx.head, idx.next, idx.mask
        for i in range(0, n, SLICE):
            for r, v in enumerate(values(i, min(n, i + SLICE)), i):
                b = hash(v) & mask
                nxt[r] = head[b]
                head[b] = r
            pause_point()
        return idx

    def rows(self, value: str) -> list[int]:
        nxt, value_of = self.next, self.value_of
        out = []
        r = self.head[hash(value) & self.mask]
        while r >= 0:
            if value_of(r) == value:
                out.append(r)
            r = nxt[r]
        if len(out) > 1:
            out.sort()  # a chain holds its rows newest first
        return out

    def first(self, value: str) -> int | None:
        found = self.rows(value)
        return found[0] if found else None

    def __contains__(self, value: str) -> bool:
        nxt, value_of = self.next, self.value_of
        r = self.head[hash(value) & self.mask]
        while r >= 0:
            if value_of(r) == value:
                return True
            r = nxt[r]
        return False

    def add(self, value: str, row: int) -> None:
        """Index a row under its new value (after ``remove`` took it from its old one)."""
        b = hash(value) & self.mask
        self.next[row] = self.head[b]
        self.head[b] = row

    def remove(self, value: str, row: int) -> None:
        """Take a row out of the chain of its value."""
        b = hash(value) & self.mask
        nxt = self.next
        prev, r = -1, self.head[b]
        while r >= 0 and r != row:
            prev, r = r, nxt[r]
        if r < 0:
            return
        if prev < 0:
            self.head[b] = nxt[r]
        else:
            nxt[prev] = nxt[r]
        nxt[r] = -1


def _new_rows() -> array[int]:
    return array("i")


class RowNumbers:
    """Row numbers as int objects, made once and shared by the indexes of several tables.

    A dict from values to rows holds an int object per row (32 bytes). Each index made its own: on
    the district the sourcedIds, usernames and e-mails of 100,000 users and the keys of 95,000
    demographics and 50,000 classes held 400,000 ints (12.8 MB) for 100,000 numbers.
    """

    def __init__(self) -> None:
        self._rows: list[int] = []

    def __call__(self, start: int, stop: int) -> Iterable[int]:
        """The numbers ``start`` to ``stop - 1``."""
        if stop > CHAIN_ROWS:
            return range(start, stop)  # a large table's ids are chained, not kept as ints
        rows = self._rows
        if len(rows) < stop:
            # a new list rather than one grown in place: another thread may be slicing this one
            rows = self._rows = rows + list(range(len(rows), stop))
        return rows[start:stop]


def _mostly_distinct(sample: list[str]) -> bool:
    """Judged on a first slice: nine values in ten distinct (ids), rather than repeats."""
    return len(set(sample)) * 10 >= len(sample) * 9


#: a chain holds every row of its value: chained only where a value has this many rows or fewer
#: on average (a look-up walks them: ten rows take 10 µs)
CHAIN_REPEATS = 16


def _few_repeats(sample: list[str]) -> bool:
    """Judged on a first slice: a value repeats ``CHAIN_REPEATS`` times or fewer on average."""
    return len(set(sample)) * CHAIN_REPEATS >= len(sample)


class TableState:
    """One data table as the engine sees it."""

    def __init__(
        self,
        table: Table,
        hmap: HeaderMap,
        validators: dict[int, Validator],
        tracked: set[int] | None = None,
        row_numbers: RowNumbers | None = None,
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
        # shared with the engine's other tables (see ``RowNumbers``)
        self._row_numbers = row_numbers or RowNumbers()
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

    def index(self, col: int, *, lookups_only: bool = False) -> Index:
        """Rows by value of a column (built on first use). ``lookups_only``: the caller only asks
        for the rows of a value at a time, never walks the groups (``Index.many``), so a large
        column whose values repeat a few times each may be chained too: a user's enrollments
        (about ten rows a user) took 22 MB as groups, 6 MB chained, and chaining is faster."""
        idx = self._index.get(col)
        if idx is None:
            values = self.checked_values(col)
            sample = values(0, SLICE) if self.nrows >= CHAIN_ROWS else []
            if sample and (_mostly_distinct(sample) or (lookups_only and _few_repeats(sample))):
                idx = RowChains.build_chains(self.nrows, values, partial(self.checked, col))
            else:
                idx = Index.build(self.nrows, values, self._row_numbers)
            self._index[col] = idx
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
