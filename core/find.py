"""Find and replace in a column, a file or the whole roster.

Matching works on distinct values: the readers share one string object between equal values of a
column, so a million-row column usually holds a few thousand distinct strings. Each distinct value
is tested (and, for a replace, rewritten) once; only then are the rows walked, comparing against a
small set. Values are never stripped or parsed: a replace produces exactly the text it computes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from core.roster import Roster
from core.table import Table

#: a match: (table name, row, column index)
Hit = tuple[str, int, int]
#: a planned change: (table name, row, column index, new value)
Change = tuple[str, int, int, str]


class FindError(ValueError):
    """The search text cannot be used (an invalid regular expression); the message says why."""


@dataclass(frozen=True)
class FindOptions:
    """What to look for and how."""

    text: str
    match_case: bool = False
    #: the whole cell must match (otherwise any part of it)
    whole_cell: bool = False
    #: ``text`` is a Python regular expression (replacements may use \\1 or \\g<name>)
    regex: bool = False


@dataclass(frozen=True)
class Scope:
    """Where to look: the whole roster (no table), one file, or one column of one file."""

    table: str | None = None
    col: int | None = None

    def describe(self) -> str:
        if self.table is None:
            return "all files"
        if self.col is None:
            return self.table
        return f"{self.table}, one column"


class Matcher:
    """A compiled search: tests values and computes replacements."""

    def __init__(self, options: FindOptions) -> None:
        self.options = options
        text = options.text
        if not text and not options.whole_cell:
            raise FindError("Type what to look for (an empty search only works with “Whole cell”, to find empty cells).")
        pattern = text if options.regex else re.escape(text)
        flags = 0 if options.match_case else re.IGNORECASE
        try:
            self._re = re.compile(pattern, flags)
        except re.error as e:
            raise FindError(f"This is not a valid regular expression: {e}.") from None
        # The plain, case-sensitive substring search is the common case: skip the regex engine.
        self._plain = not options.regex and options.match_case

    def matches(self, value: str) -> bool:
        if self.options.whole_cell:
            if self._plain:
                return value == self.options.text
            return self._re.fullmatch(value) is not None
        if self._plain:
            return self.options.text in value
        return self._re.search(value) is not None

    def replace(self, value: str, replacement: str) -> str:
        """The value with every match replaced (the whole value for a whole-cell search)."""
        if self.options.regex:
            try:
                if self.options.whole_cell:
                    m = self._re.fullmatch(value)
                    return value if m is None else m.expand(replacement)
                return self._re.sub(replacement, value)
            except (re.error, IndexError) as e:
                raise FindError(f"The replacement cannot be used: {e}.") from None
        if self.options.whole_cell:
            return replacement if self.matches(value) else value
        if self._plain:
            return value.replace(self.options.text, replacement)
        # literal replacement: a function keeps backslashes in the replacement as typed
        return self._re.sub(lambda _m: replacement, value)


def _tables(roster: Roster, scope: Scope) -> list[Table]:
    if scope.table is None:
        return list(roster.tables)
    t = roster.table(scope.table)
    return [] if t is None else [t]


def _columns(table: Table, scope: Scope) -> range | list[int]:
    if scope.table is not None and scope.col is not None:
        return [scope.col] if 0 <= scope.col < table.ncols else []
    return range(table.ncols)


def _column_rows(column: list[str], hits: set[str] | dict[str, str]) -> Iterator[int]:
    """Rows whose value is one of ``hits`` (a small set), in order."""
    if len(hits) == 1:
        # one value: list.index runs in C, much faster than a Python loop over a million rows
        (target,) = hits
        start = 0
        try:
            while True:
                start = column.index(target, start)
                yield start
                start += 1
        except ValueError:
            return
    contains = hits.__contains__
    yield from (r for r, v in enumerate(column) if contains(v))


def find_all(
    roster: Roster,
    options: FindOptions,
    scope: Scope = Scope(),  # noqa: B008 - frozen dataclass
    *,
    cancelled: Callable[[], bool] | None = None,
) -> list[Hit]:
    """Every matching cell, file by file, row by row, column by column (reading order)."""
    matcher = Matcher(options)
    out: list[Hit] = []
    for table in _tables(roster, scope):
        per_table: list[tuple[int, int]] = []
        for c in _columns(table, scope):
            if cancelled is not None and cancelled():
                return out
            column = table.columns[c]
            hits = {v for v in set(column) if matcher.matches(v)}
            if hits:
                per_table.extend((r, c) for r in _column_rows(column, hits))
        per_table.sort()
        name = table.name
        out.extend((name, r, c) for r, c in per_table)
    return out


def plan_replace(
    roster: Roster,
    options: FindOptions,
    replacement: str,
    scope: Scope = Scope(),  # noqa: B008
    *,
    cancelled: Callable[[], bool] | None = None,
) -> list[Change]:
    """The cells a replace-all would change and their new values (cells that stay equal are left out).

    Equal new values share one string object, like the values the readers produce.
    """
    matcher = Matcher(options)
    out: list[Change] = []
    for table in _tables(roster, scope):
        per_table: list[tuple[int, int, str]] = []
        for c in _columns(table, scope):
            if cancelled is not None and cancelled():
                return out
            column = table.columns[c]
            new_of: dict[str, str] = {}
            shared: dict[str, str] = {}
            for v in set(column):
                if matcher.matches(v):
                    nv = matcher.replace(v, replacement)
                    if nv != v:
                        new_of[v] = shared.setdefault(nv, nv)
            if not new_of:
                continue
            get = new_of.__getitem__
            per_table.extend((r, c, get(column[r])) for r in _column_rows(column, new_of))
        per_table.sort(key=lambda t: (t[0], t[1]))
        name = table.name
        out.extend((name, r, c, v) for r, c, v in per_table)
    return out


def group_by_table(changes: list[Change]) -> dict[str, list[tuple[int, int, str]]]:
    """Planned changes per file, in the order the files appear (one undo step per file)."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    for t, r, c, v in changes:
        out.setdefault(t, []).append((r, c, v))
    return out


def count_matches(roster: Roster, options: FindOptions, scope: Scope = Scope()) -> int:  # noqa: B008
    """How many cells match (without building the list of hits)."""
    matcher = Matcher(options)
    n = 0
    for table in _tables(roster, scope):
        for c in _columns(table, scope):
            column = table.columns[c]
            hits = {v for v in set(column) if matcher.matches(v)}
            if hits:
                if len(hits) == 1:
                    (v,) = hits
                    n += column.count(v)
                else:
                    n += sum(1 for v in column if v in hits)
    return n
