"""Column profiles: what the values of one column look like, for checking by eye.

A *shape* replaces every digit with ``9``, every capital letter with ``A`` and every small letter with
``a`` and keeps everything else, so ``0012345`` and ``9876543`` share the shape ``9999999`` while a
student ID that lost its leading zeros shows up as ``99999``, and ``8/15/2027`` (``9/99/9999``) stands
out among ``2027-08-15`` (``9999-99-99``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Iterable

from core.table import Table

_ASCII_SHAPE = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "9" * 10 + "A" * 26 + "a" * 26,
)


def shape_of(value: str) -> str:
    """The value's shape: digit -> 9, capital letter -> A, small letter -> a, anything else kept."""
    if value.isascii():
        return value.translate(_ASCII_SHAPE)
    out = []
    for ch in value:
        if ch.isdigit():
            out.append("9")
        elif ch.isalpha():
            out.append("A" if ch.isupper() else "a")
        else:
            out.append(ch)
    return "".join(out)


@dataclass
class ColumnProfile:
    """Counts for one column. Lists of (item, count) are most common first."""

    column: str
    count: int = 0
    empty: int = 0
    missing: int = 0
    distinct: int = 0
    spaces: int = 0  # values with a leading or trailing space
    min_length: int = 0
    max_length: int = 0
    lengths: list[tuple[int, int]] = field(default_factory=list)
    shapes: list[tuple[str, int]] = field(default_factory=list)
    values: list[tuple[str, int]] = field(default_factory=list)
    #: how many distinct shapes there were in all (``shapes`` may be cut short)
    shape_count: int = 0

    def percent(self, n: int) -> float:
        return 100.0 * n / self.count if self.count else 0.0


def shapes_of(values: list[str]) -> list[str]:
    """The shape of each value, computed in bulk (one ``translate`` over the joined column)."""
    if not values:
        return []
    joined = "\x00".join(values)
    if joined.count("\x00") != len(values) - 1:  # a value holds a NUL: go one by one
        return [shape_of(v) for v in values]
    shapes = joined.translate(_ASCII_SHAPE).split("\x00")
    if not joined.isascii():
        # letters and digits outside ASCII (é, ü, ٣) need the slow path, for those values only
        for i, v in enumerate(values):
            if not v.isascii():
                shapes[i] = shape_of(v)
    return shapes


def profile_column(table: Table, col: int, rows: Iterable[int] | None = None, *, top: int = 12) -> ColumnProfile:
    """Profile a column over all rows (or the given rows). Empty values have the shape ``""``."""
    column = table.columns[col]
    if rows is None:
        values = column
        missing = sum(1 for r in table.short_records.values() if r <= col)
    else:
        rows = list(rows)
        values = [column[r] for r in rows]
        missing = sum(1 for r in rows if table.is_missing(r, col))
    counts = Counter(values)
    prof = ColumnProfile(column=table.header[col])
    prof.count = len(values)
    prof.missing = missing
    prof.empty = counts.get("", 0)
    prof.distinct = len(counts)
    if len(counts) * 4 < len(values):
        # few distinct values (status, role, a school ID): shape each distinct value once
        shapes: Counter[str] = Counter()
        lengths: Counter[int] = Counter()
        for v, n in counts.items():
            shapes[shape_of(v)] += n
            lengths[len(v)] += n
    else:
        # mostly distinct values (IDs, names): C-speed passes over the whole column
        shapes = Counter(shapes_of(values))
        lengths = Counter(map(len, values))
    # a shape keeps spaces and other non-alphanumerics, so edge spaces show in the shape too
    prof.spaces = sum(n for sh, n in shapes.items() if sh[:1].isspace() or sh[-1:].isspace())
    if lengths:
        prof.min_length = min(lengths)
        prof.max_length = max(lengths)
    prof.lengths = sorted(lengths.items(), key=lambda kv: (-kv[1], kv[0]))
    prof.shape_count = len(shapes)
    prof.shapes = _top(shapes, top)
    prof.values = _top(counts, top)
    return prof


def _top(counter: Counter[str], n: int) -> list[tuple[str, int]]:
    # most common first; equal counts keep file order (most_common's heap is fast on a million IDs)
    return counter.most_common(n)


def rows_with_shape(table: Table, col: int, shape: str) -> set[int]:
    """The table rows whose value in ``col`` has this shape."""
    values = table.columns[col]
    memo: dict[str, bool] = {}
    out = set()
    for r, v in enumerate(values):
        hit = memo.get(v)
        if hit is None:
            hit = memo[v] = shape_of(v) == shape
        if hit:
            out.add(r)
    return out


def rows_with_value(table: Table, col: int, value: str) -> set[int]:
    """The table rows whose value in ``col`` is exactly this text."""
    return {r for r, v in enumerate(table.columns[col]) if v == value}
