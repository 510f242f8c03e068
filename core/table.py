"""A table of text: a column store that keeps every value exactly as written, plus its file's dialect.

Values are always ``str``. Columns are plain lists of strings; repeated values share one string
object (the reader deduplicates low-cardinality columns), which keeps a million-row
enrollments.csv compact. Each row remembers the record it came from in the source so that saving
can copy untouched records byte for byte.
"""

from __future__ import annotations

import weakref
from collections import deque
from itertools import compress, repeat
from operator import not_
from dataclasses import dataclass, field
from collections.abc import Collection, Iterable, Sequence

from core.pacing import sliced_set


@dataclass
class Dialect:
    """How a file was written, so that saving it again changes nothing the user did not change."""

    encoding: str = "utf-8"
    bom: bool = False
    delimiter: str = ","
    line_ending: str = "\r\n"
    final_newline: bool = True
    #: "none" (no field quoted), "minimal" (only where needed), "all" or "mixed"
    quoting: str = "none"

    @property
    def line_ending_name(self) -> str:
        return {"\r\n": "CRLF", "\n": "LF", "\r": "CR"}.get(self.line_ending, repr(self.line_ending))

    @property
    def delimiter_name(self) -> str:
        return {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}.get(self.delimiter, repr(self.delimiter))


@dataclass
class Source:
    """Where a table came from: a file, a zip member, a workbook sheet, or memory."""

    kind: str  # "file" | "zip" | "xlsx" | "memory"
    path: str = ""
    member: str | None = None  # zip member name or sheet title
    size: int = 0
    mtime: float = 0.0
    #: the raw bytes, kept only for sources that cannot be re-read (memory, or a zip member)
    data: bytes | None = field(default=None, repr=False)

    @property
    def display(self) -> str:
        if self.member:
            return f"{self.path} › {self.member}"
        return self.path


def put_back_order(n: int, positions: Sequence[int]) -> list[int]:
    """Where each item goes when ``len(positions)`` items are put back among ``n`` others, item
    ``i`` at the ascending final position ``positions[i]`` and the others in their order around
    them: for each final slot, its item's index in (the others + the items put back). With C-level
    passes: inserting a million items one at a time moves every later one a million times."""
    total = n + len(positions)
    order = [0] * total
    put = bytearray(total)
    deque(map(put.__setitem__, positions, repeat(1)), maxlen=0)
    deque(map(order.__setitem__, positions, range(n, total)), maxlen=0)
    deque(map(order.__setitem__, compress(range(total), map(not_, put)), range(n)), maxlen=0)
    return order


@dataclass
class RowsSnapshot:
    """Rows taken out of a table (for undo): their positions, values and source records."""

    positions: list[int]
    values: list[list[str]]
    origins: list[int]
    #: the table's save count when they were taken: after a save their source records are gone
    saves: int = 0


@dataclass(frozen=True)
class TableMarks:
    """What a table knows about how it differs from its file, taken before an edit so that its undo
    can put it back: undoing every edit leaves a table that is unmodified and saves byte for byte.
    Only valid while the table has not been saved since (``saves``)."""

    saves: int
    edited: frozenset[int]
    short: tuple[tuple[int, int], ...]
    structure_changed: bool
    #: rows were in file order with none inserted or deleted (no origin list yet)
    identity: bool


class OldValues(dict[tuple[int, int], str]):
    """``(row, col) -> value before the first change`` since a tracker was opened (``Table.track_old_values``)."""


class Table:
    """Named table: header, columns of text, dialect and source."""

    def __init__(
        self,
        name: str,
        header: Sequence[str],
        columns: list[list[str]] | None = None,
        *,
        dialect: Dialect | None = None,
        source: Source | None = None,
        record_lines: list[int] | None = None,
        short_records: dict[int, int] | None = None,
        extra_fields: dict[int, list[str]] | None = None,
        distinct: dict[int, set[str]] | None = None,
    ) -> None:
        self.name = name
        self.header: list[str] = list(header)
        if columns is None:
            columns = [[] for _ in self.header]
        if len(columns) != len(self.header):
            raise ValueError("one column per header name")
        self.columns: list[list[str]] = columns
        self.dialect = dialect or Dialect()
        self.source = source
        #: False for files kept in the set but not part of the upload (lineItems, results, ...)
        self.in_upload = True
        #: cells that came from a number, date or boolean cell of a workbook: (record, col) -> kind
        self.cell_kinds: dict[tuple[int, int], str] = {}
        # Per source record: the line number its first line has in the file. None means the usual
        # one record per line (record i starts on line i + 2).
        self._record_lines = record_lines
        # Records with fewer fields than the header (record -> field count) or more (record -> extras).
        self._short = short_records or {}
        self._extra = extra_fields or {}
        # Source record of each current row; None means the identity (no row inserted or deleted).
        self._origin: list[int] | None = None
        #: source records whose values were edited since loading
        self.edited_records: set[int] = set()
        self._structure_changed = False
        #: how many times the table was saved in place (undo across a save must not trust marks from before it)
        self.saves = 0
        #: bumped on every change; caches (checks, profiles) key on it
        self.revision = 0
        self._nrows = len(columns[0]) if columns else 0
        # distinct values per column, as the reader found them (see ``distinct``); None for a
        # column known to hold no value twice
        self._distinct: tuple[int, dict[int, set[str] | None]] = (
            0,
            {c: (None if len(found) == self._nrows else found) for c, found in (distinct or {}).items()},
        )
        # the open trackers of old values (see ``track_old_values``)
        self._old_value_trackers: list[weakref.ref[OldValues]] = []

    # --- shape -----------------------------------------------------------------------------
    @property
    def nrows(self) -> int:
        return self._nrows

    @property
    def ncols(self) -> int:
        return len(self.header)

    def col_index(self, name: str) -> int | None:
        try:
            return self.header.index(name)
        except ValueError:
            return None

    # --- reading ---------------------------------------------------------------------------
    def cell(self, row: int, col: int) -> str:
        return self.columns[col][row]

    def row(self, row: int) -> list[str]:
        return [c[row] for c in self.columns]

    def column(self, col: int | str) -> list[str]:
        """The column's values (the live list: do not modify it; use set_cell)."""
        if isinstance(col, str):
            idx = self.col_index(col)
            if idx is None:
                raise KeyError(col)
            col = idx
        return self.columns[col]

    def origin(self, row: int) -> int:
        """The source record index of a row, or -1 for a row the user inserted."""
        if self._origin is None:
            return row
        return self._origin[row]

    def record_line(self, record: int) -> int:
        if self._record_lines is None:
            return record + 2
        return self._record_lines[record]

    def distinct(self, col: int) -> set[str]:
        """The distinct values of a column, kept until the table changes (the checks and the damage
        detection both start from them: a set of a million ids is a tenth of a second). The
        caller must not change the set.

        A column that holds no value twice keeps only that fact (``all_distinct``), not its set:
        such a set says nothing more, and on a district it held 72 MB (32 MB for a million
        enrollment ids). Asking for it again builds it again; a caller that needs it several
        times keeps it while it works, and one that only reads the values asks ``distinct_values``.
        """
        rev, cache = self._distinct
        if rev != self.revision:
            rev, cache = self._distinct = (self.revision, {})
        found = cache.get(col)
        if found is None:
            column = self.columns[col]
            found = sliced_set(column)
            # a change made meanwhile (from another thread) bumps the revision: what is learnt
            # here is then kept under the old one, and never handed out again
            cache[col] = None if len(found) == len(column) else found
        return found

    def all_distinct(self, col: int) -> bool:
        """True when the column is known to hold no value twice (no work: False when not known)."""
        rev, cache = self._distinct
        return rev == self.revision and col in cache and cache[col] is None

    def distinct_values(self, col: int) -> Collection[str]:
        """The column's distinct values to read through (no membership tests): its kept set, or
        the column itself when it holds no value twice (in file order). Do not change it."""
        if self.all_distinct(col):
            return self.columns[col]
        return self.distinct(col)

    def cached_distinct(self, col: int) -> set[str] | None:
        """The column's set of distinct values if ``distinct`` has it at hand (no work), else None
        (also for a column that holds no value twice: see ``all_distinct``)."""
        rev, cache = self._distinct
        return cache.get(col) if rev == self.revision else None

    def track_old_values(self) -> OldValues:
        """From now on, keep the value each cell had before its first change (``set_cell``), in the
        returned dict as ``(row, col) -> old``; the table stops when the dict is dropped.

        A re-check tells a row's old values from its new ones this way without a copy of each
        column it watches: on a million rows such copies cost memory, and the cycle collector
        walks every one of them again (a tenth of a second each time).
        """
        found = OldValues()
        self._old_value_trackers = [r for r in self._old_value_trackers if r() is not None]
        self._old_value_trackers.append(weakref.ref(found))
        return found

    def line_of(self, row: int) -> int | None:
        """The line number in the file where a row starts (header = 1); None for inserted rows."""
        if self._origin is None and self._record_lines is None:
            return row + 2  # rows as read, one line each: the common case, asked a million times
        rec = self.origin(row)
        if rec < 0:
            return None
        return self.record_line(rec)

    def row_of_line(self, line: int) -> int | None:
        """The current row that starts on a line of the source file, if any."""
        if self._record_lines is None:
            rec = line - 2
        else:
            import bisect

            i = bisect.bisect_left(self._record_lines, line)
            if i >= len(self._record_lines) or self._record_lines[i] != line:
                return None
            rec = i
        if self._origin is None:
            return rec if 0 <= rec < self._nrows else None
        try:
            return self._origin.index(rec)
        except ValueError:
            return None

    def field_count(self, row: int) -> int:
        """How many fields the row's record really had (the header's count for normal rows)."""
        rec = self.origin(row)
        if rec in self._short:
            return self._short[rec]
        return self.ncols + len(self._extra.get(rec, ()))

    def is_missing(self, row: int, col: int) -> bool:
        """True when the record had no field at all for this column (fewer fields than the header)."""
        rec = self.origin(row)
        return rec in self._short and col >= self._short[rec]

    def extra_fields(self, row: int) -> list[str]:
        return self._extra.get(self.origin(row), [])

    def drop_extra_fields(self, row: int) -> list[str]:
        """Forget the fields the row's record had beyond the header (a repaired spilled list has
        given them back to its cells, and saving must not write them again); returns them, for undo."""
        rec = self.origin(row)
        extras = self._extra.pop(rec, [])
        if extras:
            self.edited_records.add(rec)
            self.revision += 1
        return extras

    def restore_extra_fields(self, row: int, fields: Sequence[str]) -> None:
        """Undo ``drop_extra_fields``."""
        if fields:
            self._extra[self.origin(row)] = list(fields)
            self.revision += 1

    @property
    def short_records(self) -> dict[int, int]:
        return self._short

    @property
    def extra_records(self) -> dict[int, list[str]]:
        return self._extra

    @property
    def modified(self) -> bool:
        return bool(self.edited_records) or self._structure_changed

    @property
    def structure_changed(self) -> bool:
        return self._structure_changed

    def marks(self) -> TableMarks:
        """The table's record-level marks now (see ``TableMarks``)."""
        return TableMarks(
            self.saves, frozenset(self.edited_records), tuple(self._short.items()), self._structure_changed, self._origin is None
        )

    def restore_marks(self, marks: TableMarks) -> bool:
        """Put back marks taken before an edit that has just been undone; False (and nothing done)
        when the table was saved since: the file on disk then holds the edit, and undoing it is a
        change to write."""
        if marks.saves != self.saves:
            return False
        self.edited_records.clear()
        self.edited_records.update(marks.edited)
        self._short = dict(marks.short)
        self._structure_changed = marks.structure_changed
        if marks.identity and self._origin is not None and self._origin == list(range(self._nrows)):
            self._origin = None
        return True

    def mark_rows_edited(self, rows: Iterable[int]) -> None:
        """The rows' records differ from the file (an undo after a save)."""
        self.edited_records.update(rec for rec in map(self.origin, rows) if rec >= 0)

    # --- editing ---------------------------------------------------------------------------
    def set_cell(self, row: int, col: int, value: str) -> str:
        """Set one cell; returns the old value."""
        if not isinstance(value, str):
            raise TypeError("cell values are text")
        column = self.columns[col]
        old = column[row]
        if old == value and not self.is_missing(row, col):
            return old
        for ref in self._old_value_trackers:  # first: a reader in another thread that sees the new value finds the old
            tracker = ref()
            if tracker is not None:
                tracker.setdefault((row, col), old)
        column[row] = value
        rec = self.origin(row)
        if rec >= 0:
            self.edited_records.add(rec)
            if rec in self._short and col >= self._short[rec]:
                # typing into a missing cell gives the record that many fields
                self._short[rec] = col + 1
                if self._short[rec] >= self.ncols:
                    del self._short[rec]
        self.revision += 1
        return old

    def set_cells(self, changes: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Set many cells; returns ``(row, col, old)`` for each, in the same order."""
        return [(r, c, self.set_cell(r, c, v)) for r, c, v in changes]

    def _ensure_origin(self) -> list[int]:
        if self._origin is None:
            self._origin = list(range(self._nrows))
        return self._origin

    def insert_rows(self, at: int, rows: Sequence[Sequence[str]], origins: Sequence[int] | None = None) -> None:
        """Insert rows before position ``at``. New rows have no source record unless ``origins`` says."""
        if not rows:
            return
        origin = self._ensure_origin()
        width = self.ncols
        for values in rows:
            if len(values) != width:
                raise ValueError(f"a row needs {width} values")
        for c, column in enumerate(self.columns):
            column[at:at] = [r[c] for r in rows]
        origin[at:at] = list(origins) if origins is not None else [-1] * len(rows)
        self._nrows += len(rows)
        self._structure_changed = True
        self.revision += 1

    def put_back_rows(self, positions: Sequence[int], rows: Sequence[Sequence[str]], origins: Sequence[int]) -> None:
        """Put rows back where they were: row ``i`` ends at ``positions[i]`` (ascending, as after
        ``delete_rows``), the other rows keep their order around them. One pass per column: putting
        back a million deleted rows one at a time moved every later row a million times (21 s)."""
        if len(positions) <= 1:
            for pos, values, orig in zip(positions, rows, origins):
                self.insert_rows(pos, [values], [orig])
            return
        width = self.ncols
        if any(len(values) != width for values in rows):
            raise ValueError(f"a row needs {width} values")
        origin = self._ensure_origin()
        order = put_back_order(self._nrows, positions)
        for c, back in enumerate(zip(*rows)):
            combined = self.columns[c] + list(back)
            self.columns[c] = list(map(combined.__getitem__, order))
        combined = origin + list(origins)
        self._origin = list(map(combined.__getitem__, order))
        self._nrows = len(order)
        self._structure_changed = True
        self.revision += 1

    def delete_rows(self, rows: Iterable[int]) -> RowsSnapshot:
        """Delete rows by position; returns what is needed to put them back."""
        positions = sorted(set(rows))
        origin = self._ensure_origin()
        # the rows' values with C-level passes (a million rows: a Python loop per row took seconds)
        values = list(map(list, zip(*(map(column.__getitem__, positions) for column in self.columns))))
        if not self.columns:
            values = [[] for _ in positions]
        snap = RowsSnapshot(positions, values, list(map(origin.__getitem__, positions)), self.saves)
        if len(positions) == 1:
            p = positions[0]
            for column in self.columns:
                del column[p]
            del origin[p]
        else:
            gone = set(positions)
            kept = [j not in gone for j in range(self._nrows)]
            for i, column in enumerate(self.columns):
                self.columns[i] = list(compress(column, kept))
            self._origin = list(compress(origin, kept))
        self._nrows -= len(positions)
        self._structure_changed = True
        self.revision += 1
        return snap

    def restore_rows(self, snap: RowsSnapshot) -> None:
        """Undo a delete_rows (rows deleted before a save come back as new rows: the file on disk
        no longer has their records)."""
        saved_since = snap.saves != self.saves
        self.put_back_rows(snap.positions, snap.values, [-1] * len(snap.origins) if saved_since else snap.origins)

    def reorder(self, order: Sequence[int]) -> None:
        """Put the rows in a new file order (``order[i]`` is the current row that becomes row i)."""
        if sorted(order) != list(range(self._nrows)):
            raise ValueError("order must be a permutation of the rows")
        origin = self._ensure_origin()
        for i, column in enumerate(self.columns):
            self.columns[i] = [column[j] for j in order]
        self._origin = [origin[j] for j in order]
        self._structure_changed = True
        self.revision += 1

    def rename_column(self, col: int, name: str) -> str:
        """Give a column a new header name; returns the old one (saving then writes the header line
        anew, unless the name is back to the file's own)."""
        old = self.header[col]
        self.header[col] = name
        self._structure_changed = True
        self.revision += 1
        return old

    def mark_saved(self) -> None:
        """After saving in place: the file on disk now matches this table."""
        self.saves += 1
        self.edited_records.clear()
        self._structure_changed = False
        self._origin = None
        self._record_lines = None
        self._short = {}
        self._extra = {}
        self.cell_kinds = {}

    @classmethod
    def from_rows(cls, name: str, header: Sequence[str], rows: Iterable[Sequence[str]], **kw: object) -> Table:
        """Build a table from rows (each as long as the header)."""
        header = list(header)
        columns: list[list[str]] = [[] for _ in header]
        for r in rows:
            if len(r) != len(header):
                raise ValueError(f"a row needs {len(header)} values")
            for c, v in enumerate(r):
                columns[c].append(v)
        return cls(name, header, columns, **kw)  # type: ignore[arg-type]
