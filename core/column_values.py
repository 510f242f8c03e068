"""A column's distinct values with how many rows have each, and filters by value (the AutoFilter).

Built for a million rows: the counts come from the table's cached set of distinct values plus one
C-level pass (``Counter``, or ``list.count`` for a handful of values, or nothing at all when every
value is distinct: then the column itself is the list of values), cached per table revision; a
list of the first few thousand values in order never sorts the whole set; the rows a filter keeps
come from ``compress`` over the column.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from heapq import nsmallest
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import contains, le, not_

from core.pacing import pause_point
from core.table import Table

#: up to this many distinct values, one ``list.count`` pass per value beats building a Counter
_FEW = 12
#: the first rows of a large column, whose repeats tell whether to count it at once (see ``value_counts``)
_SAMPLE = 1 << 16
#: values counted one list at a time before every value is counted at once
_SOME = 20_000


class ValueCounts:
    """Distinct values of one column and how many rows have each (for one table revision)."""

    def __init__(
        self,
        values: Collection[str],
        counts: dict[str, int] | None,
        nrows: int,
        column: Sequence[str] | None = None,
        *,
        all_distinct: bool | None = None,
    ) -> None:
        #: the distinct values (the table's cached set, or the column itself when every value is
        #: distinct: never change it)
        self.values = values
        #: value -> rows; None when every value is distinct (each counts 1, no dict needed) or
        #: when they are not counted yet (``all_distinct`` False: counted from ``column`` on demand)
        self._counts = counts
        self._all_distinct = counts is None if all_distinct is None else all_distinct
        # the column these are the values of (see ``first`` and ``count``)
        self._column = column
        # counts of the values a list showed, counted in one pass while the whole column is not
        self._some: dict[str, int] = {}
        self.nrows = nrows
        self._casefolded: list[str] | None = None
        self._keys: list[str] | None = None
        # the first values of the whole column, by limit: a list opened again costs nothing
        self._first: dict[int, list[str]] = {}
        # every value is distinct and ``values`` is a list: the set to count a value no list
        # showed, made when first needed (a million ids: 0.1-0.2 s and 32 MB)
        self._members: Collection[str] | None = None if all_distinct and isinstance(values, list) else values

    def __len__(self) -> int:
        return len(self.values)

    def count(self, value: str) -> int:
        """How many rows have this value (0 when none)."""
        if self._all_distinct:
            if value in self._some:
                return 1
            if self._members is None:
                self._members = set(self.values)
            return 1 if value in self._members else 0
        if self._counts is None:
            found = self._some.get(value)
            if found is not None:
                return found
            self._counts = Counter(self._column)  # a value no list showed: count them all, once
        return self._counts.get(value, 0)

    @property
    def all_distinct(self) -> bool:
        return self._all_distinct

    def _count_some(self, values: list[str]) -> None:
        """Count these values in one pass over the column (a list shows a few thousand of a
        million: a Counter of every value took 0.2-0.3 s, this pass 0.05 s)."""
        if self._all_distinct:
            if self._members is None:
                self._some.update(dict.fromkeys(values, 1))  # values of the column: each once
            return
        if self._counts is not None or self._column is None:
            return
        wanted = set(values).difference(self._some)
        if len(self._some) + len(wanted) > _SOME:
            self._counts = Counter(self._column)
        elif wanted:
            self._some.update(Counter(filter(wanted.__contains__, self._column)))

    def first(self, limit: int, among: Iterable[str] | None = None) -> list[str]:
        """The first ``limit`` values in order, from ``among`` if given.

        Up to ``limit`` values are sorted ignoring case, as a spreadsheet does. Past that (ids and
        codes, mostly) the order is the plain one: sorting a million values takes half a second,
        so a bounded heap keeps the first few thousand in one C-level pass. When every value is
        distinct the pass runs over the column itself, in file order: its strings lie in memory
        in that order, where a set's hash order misses the cache on every compare (0.06 s against
        0.13 s for a million ids).
        """
        if among is None:
            found = self._first.get(limit)
            if found is None:
                pool: Collection[str] = self.values
                if self._all_distinct and self._column is not None and len(self.values) > limit:
                    pool = self._column
                found = self._first[limit] = self._first_of(pool, limit)
                self._count_some(found)
            return found
        found = self._first_of(among if isinstance(among, Collection) else list(among), limit)
        self._count_some(found)
        return found

    @staticmethod
    def _first_of(pool: Collection[str], limit: int) -> list[str]:
        if len(pool) <= limit:
            return sorted(pool, key=_order)
        return nsmallest(limit, pool)

    def search(self, text: str) -> list[str]:
        """The values that contain ``text``, ignoring case (all values for an empty text)."""
        if self._keys is None:
            self._keys = list(self.values)
        if not text:
            return self._keys
        if self._casefolded is None:
            self._casefolded = list(map(str.casefold, self._keys))
        needle = text.casefold()
        return list(compress(self._keys, map(contains, self._casefolded, repeat(needle))))


def _order(value: str) -> tuple[str, str]:
    return (value.casefold(), value)


_cache: weakref.WeakKeyDictionary[Table, tuple[int, dict[int, ValueCounts]]] = weakref.WeakKeyDictionary()


def value_counts(table: Table, col: int) -> ValueCounts:
    """The column's distinct values with their counts, cached until the table changes."""
    rev, per_col = _cache.get(table, (-1, {}))
    if rev != table.revision:
        per_col = {}
        _cache[table] = (table.revision, per_col)
    found = per_col.get(col)
    if found is not None:
        return found
    column = table.columns[col]
    counts: dict[str, int] | None
    if table.all_distinct(col):
        # the full check found every value distinct: the column is the list (no set is kept)
        found = per_col[col] = ValueCounts(column, None, len(column), column, all_distinct=True)
        return found
    values: Collection[str] | None = table.cached_distinct(col)
    if values is None and len(column) > _SAMPLE and len(set(column[:_SAMPLE])) * 2 < _SAMPLE:
        # values that repeat (a user's id on each of their enrollments): one Counter pass gives
        # the values and their counts (a set of them first was a second pass: 0.28 s of 0.46 s)
        counts = Counter(column)
        found = per_col[col] = ValueCounts(counts.keys(), counts, len(column))
        return found
    values = table.distinct(col)
    if len(values) == len(column):
        # the set stays here with the list: a value the list did not show is counted at once
        counts = None
    elif len(values) <= _FEW:
        counts = {}
        for v in values:
            counts[v] = column.count(v)
            pause_point()
    else:
        # counted when asked: a list counts only the values it shows (see ``ValueCounts.first``)
        found = per_col[col] = ValueCounts(values, None, len(column), column, all_distinct=False)
        return found
    found = per_col[col] = ValueCounts(values, counts, len(column), column)
    return found


def value_counts_in_rows(table: Table, col: int, rows: Sequence[int]) -> ValueCounts:
    """The values of a column among some rows only (those the other filters keep, as in Excel's
    AutoFilter lists) with their counts. Not cached: the rows change with every filter."""
    column = table.columns[col]
    counts = Counter(map(column.__getitem__, rows))
    return ValueCounts(counts.keys(), counts, len(rows))


@dataclass(frozen=True)
class ColumnFilter:
    """Which rows one column's AutoFilter keeps: by value, and optionally only rows with problems.

    ``exclude`` False keeps the rows whose value is in ``values``; True keeps every row whose value
    is not (so unticking three of a million ids stores three values, not 999,997). The blank value
    is ``""``.
    """

    col: int
    values: frozenset[str] = field(default_factory=frozenset)
    exclude: bool = True
    problems_only: bool = False

    @property
    def keeps_every_value(self) -> bool:
        return self.exclude and not self.values

    @property
    def is_empty(self) -> bool:
        """True when the filter keeps every row (nothing to apply)."""
        return self.keeps_every_value and not self.problems_only

    def matching_rows(self, table: Table, problem_rows: Collection[int] | None = None) -> list[int]:
        """The table rows this filter keeps, in file order.

        ``problem_rows`` are the rows with a problem in this column (needed when ``problems_only``).
        """
        column = table.columns[self.col]
        n = len(column)
        if self.keeps_every_value:
            rows: list[int] = list(range(n))
        elif not self.exclude and len(self.values) == 1:
            (only,) = self.values
            rows = list(compress(range(n), map(only.__eq__, column)))
        elif self.exclude:
            rows = list(compress(range(n), map(not_, map(self.values.__contains__, column))))
        else:
            rows = list(compress(range(n), map(self.values.__contains__, column)))
        if self.problems_only:
            marked = problem_rows if problem_rows is not None else ()
            if self.keeps_every_value:
                rows = sorted(r for r in marked if 0 <= r < n)
            else:
                marked_set = marked if isinstance(marked, (set, frozenset)) else set(marked)
                rows = list(compress(rows, map(marked_set.__contains__, rows)))
        return rows

    def describe(self, table: Table, limit: int = 3) -> str:
        """Plain words for the filter: "role is student or teacher", "grades is not (Blanks)"."""
        name = table.header[self.col] if self.col < table.ncols else f"column {self.col + 1}"
        parts = []
        if not self.keeps_every_value:
            shown = sorted(self.values, key=_order)
            words = [shown_value(v) for v in shown[:limit]]
            if len(shown) > limit:
                words.append(f"{len(shown) - limit:,} more")
            joined = " or ".join(words) if not self.exclude else ", ".join(words)
            if not shown:
                parts.append(f"{name} is nothing")
            elif self.exclude:
                parts.append(f"{name} is not {joined}")
            else:
                parts.append(f"{name} is {joined}")
        if self.problems_only:
            parts.append(f"{name} has a problem")
        return " and ".join(parts)


def shown_value(value: str) -> str:
    """How a value reads in lists and descriptions: "(Blanks)" for the empty value."""
    return "(Blanks)" if value == "" else f"“{value}”"


def combine(row_lists: Sequence[list[int]]) -> list[int]:
    """Rows kept by every filter (AND), in file order: the shortest list checked against the others."""
    if not row_lists:
        return []
    ordered = sorted(row_lists, key=len)
    rows = ordered[0]
    for other in ordered[1:]:
        keep = set(other)
        rows = list(compress(rows, map(keep.__contains__, rows)))
        pause_point()
    return rows


def longest_values(column: Sequence[str], rows: Sequence[int] | None = None, limit: int = 200) -> list[str]:
    """Up to ``limit`` distinct values among the longest of a column (or of these rows of it): the
    ones worth measuring to fit a column's width, found with C-level passes over a million rows."""
    values: Sequence[str] = column if rows is None else list(map(column.__getitem__, rows))
    if not values:
        return []
    longest = max(map(len, values))
    # a proportional font may draw a shorter text wider ("WWW" against "iiiii"): measure the long ones
    cut = int(longest * 0.6)
    out: dict[str, None] = {}
    for v in compress(values, map(le, repeat(cut), map(len, values))):
        out[v] = None
        if len(out) >= limit:
            break
    return list(out)
