"""Per-table state the engine keeps between a full check and later re-checks.

``snap`` is a copy of the tracked columns (keys, repeated-value groups, references and the columns
other files depend on) as they were last checked (lists of pointers, not the strings), so a
re-check can tell a row's old values from its new ones. Indexes (value -> rows) are built
lazily from ``snap`` and kept in step with it when a re-check moves ``snap`` forward.
"""

from __future__ import annotations

from core.perf import SLICE, pause_point
from core.rules.formats import Validator, split_list
from core.rules.headers import HeaderMap
from core.table import Table


class Index:
    """Rows by value. Most values occur once, so those are stored as a plain int."""

    __slots__ = ("one", "many")

    def __init__(self) -> None:
        self.one: dict[str, int] = {}
        self.many: dict[str, list[int]] = {}

    @classmethod
    def build(cls, values: list[str]) -> "Index":
        idx = cls()
        n = len(values)
        one: dict[str, int] = {}
        for i in range(0, n, SLICE):  # in slices: a window shares the interpreter (core/perf.py)
            one.update(zip(values[i : i + SLICE], range(i, i + SLICE)))
            pause_point()
        if len(one) == n:
            idx.one = one
            return idx
        many: dict[str, list[int]] = {}
        for r, v in enumerate(values):
            lst = many.get(v)
            if lst is None:
                many[v] = [r]
            else:
                lst.append(r)
        idx.one = {v: rows[0] for v, rows in many.items() if len(rows) == 1}
        idx.many = {v: rows for v, rows in many.items() if len(rows) > 1}
        return idx

    def rows(self, value: str) -> list[int]:
        r = self.one.get(value)
        if r is not None:
            return [r]
        return self.many.get(value, [])

    def first(self, value: str) -> int | None:
        r = self.one.get(value)
        if r is not None:
            return r
        lst = self.many.get(value)
        return min(lst) if lst else None

    def __contains__(self, value: str) -> bool:
        return value in self.one or value in self.many

    def add(self, value: str, row: int) -> None:
        if value in self.many:
            self.many[value].append(row)
        elif value in self.one:
            self.many[value] = [self.one.pop(value), row]
        else:
            self.one[value] = row

    def remove(self, value: str, row: int) -> None:
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
        #: copies of the columns whose old values a re-check needs (keys, groups, references)
        self.snap: dict[int, list[str]] = {c: list(table.columns[c]) for c in sorted(tracked)}
        self.nrows = table.nrows
        self._index: dict[int, Index] = {}
        self._items: dict[int, Index] = {}

    def col(self, name: str) -> int | None:
        """The column standing for a spec column (or an extension column by its exact name)."""
        c = self.hmap.col_of.get(name)
        if c is None and name in self.header:
            return self.header.index(name)
        return c

    def value(self, row: int, name: str) -> str:
        c = self.col(name)
        return "" if c is None else self.table.columns[c][row]

    def index(self, col: int) -> Index:
        idx = self._index.get(col)
        if idx is None:
            idx = self._index[col] = Index.build(self.snap[col])
        return idx

    def items(self, col: int) -> Index:
        """Rows by list item (for list references such as orgSourcedIds)."""
        idx = self._items.get(col)
        if idx is None:
            idx = Index()
            for r, v in enumerate(self.snap[col]):
                if v:
                    for item in set(split_list(v)):
                        idx.add(item, r)
            self._items[col] = idx
        return idx

    def structure_changed(self) -> bool:
        return self.table.nrows != self.nrows or self.table.header != self.header

    def advance(self, rows: set[int]) -> dict[int, list[tuple[int, str, str]]]:
        """Move the snapshot of these rows to the table's values; returns col -> (row, old, new) for
        the tracked columns."""
        changes: dict[int, list[tuple[int, str, str]]] = {}
        for c, snap in self.snap.items():
            live = self.table.columns[c]
            for r in rows:
                old, new = snap[r], live[r]
                if old is new or old == new:
                    continue
                changes.setdefault(c, []).append((r, old, new))
                snap[r] = new
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
        return changes
