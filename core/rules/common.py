"""What the row checks (``rows.py``) and the full check's candidate search (``candidates.py``) both
use: the lookups they need from the engine, reference kinds, enrollment spans, class term ranges,
and building a row finding.

It imports neither the engine nor either of those modules, so ``engine -> rows/candidates ->
common`` has no cycle: the engine is seen here only as the ``Context`` protocol it satisfies.
"""

from __future__ import annotations

import datetime as _dt
from itertools import repeat
from operator import add
from typing import Any, NamedTuple, Protocol

from core.findings import Finding
from core.rules.formats import Issue, real_date, split_list
from core.rules.spec import RuleSet
from core.rules.state import Index, TableState
from core.table import Table

STAFF_ROLES = frozenset({"teacher", "administrator", "aide", "proctor"})
#: files whose rows point at rows of the same file (parent chains): a change re-checks all their rows
PARENT_FILES = ("orgs.csv", "academicSessions.csv")


class Context(Protocol):
    """What the row checks ask of the engine (``core.rules.engine.RuleEngine`` provides it)."""

    states: dict[str, TableState]
    rules: RuleSet
    reference_orgs: set[str] | None

    def keys(self, file: str) -> Index:
        """The sourcedId index of a file (empty when the file or its key column is missing)."""
        ...

    def key_set(self, file: str) -> set[str]:
        """The distinct sourcedIds of a file that has a sourcedId column."""
        ...

    def kinds(self, file: str, column: str = "type") -> dict[str, str]:
        """key -> value of a column, for the first row of each key."""
        ...

    def lookup(self, file: str, key: str, column: str) -> str | None:
        """A column's value in the first row of a key, or None."""
        ...


def row_finding(t: TableState, r: int, c: int | None, issue: Issue, value: str | None = None) -> Finding:
    """The finding of an issue on one cell (or, with ``c`` None, one row) of a table."""
    tb = t.table
    if value is None and c is not None:
        value = tb.columns[c][r]
    return Finding(
        issue.severity,  # type: ignore[arg-type]
        issue.code,
        file=t.name,
        row=r,
        line=tb.line_of(r),
        column=tb.header[c] if c is not None else None,
        col=c,
        value=value,
        params=dict(issue.params),
        fix=issue.fix,
    )


def lines_of(table: Table, rows: list[int]) -> list[int | None]:
    """``table.line_of`` of many rows, without a call per row when each row is still the record
    it was read as, one line each (the common case): rows were not inserted, deleted or moved
    since reading or saving, and the last record starts on line nrows + 1, which the strictly
    rising record lines allow only when every record is one line."""
    n = table.nrows
    if n and not table.structure_changed and table.line_of(0) == 2 and table.line_of(n - 1) == n + 1:
        return list(map(add, rows, repeat(2)))
    return list(map(table.line_of, rows))


class RefType(NamedTuple):
    """What a reference's ``ref_type`` asks of the record it names."""

    column: str  # the target's column that says what the record is
    wanted: str  # the value it must have (any case, spaces around)
    severity: str
    code: str
    param: str  # the finding's name for the value found
    blank_is_unknown: bool = False  # a blank value says nothing (no finding)

    def wrong(self, value: str) -> bool:
        """True when the target's value is not the kind the reference needs."""
        if self.blank_is_unknown and not value.strip():
            return False
        return value.strip().lower() != self.wanted


REF_TYPES = {
    "school": RefType("type", "school", "error", "ref.not_school", "org_type"),
    "schoolYear": RefType("type", "schoolyear", "warning", "ref.not_school_year", "session_type"),
    "student": RefType("role", "student", "error", "ref.not_student", "user_role", blank_is_unknown=True),
}


def next_day(d: str) -> str:
    """The day after a real YYYY-MM-DD date."""
    return (_dt.date.fromisoformat(d) + _dt.timedelta(days=1)).isoformat()


def span(begin: str, end: str) -> tuple[str, str]:
    """An enrollment's [begin, end) with open ends as "" and "9999" (dates compare as text)."""
    return (begin if real_date(begin) else "", end if real_date(end) else "9999")


def overlap(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """True when two [begin, end) spans share a day (an empty span shares none)."""
    return a[0] < b[1] and b[0] < a[1]


def term_range(e: Context, cls: str) -> tuple[str, str] | None:
    """The first start and last end date of a class's terms, when all are known."""
    terms = e.lookup("classes.csv", cls, "termSourcedIds")
    if not terms:
        return None
    starts, ends = [], []
    for term in split_list(terms):
        s = e.lookup("academicSessions.csv", term, "startDate")
        en = e.lookup("academicSessions.csv", term, "endDate")
        if s is None or en is None or not real_date(s) or not real_date(en):
            return None
        starts.append(s)
        ends.append(en)
    return min(starts), max(ends)


def outside_range(rng: tuple[str, str, str], begin: str, end: str, b_ok: bool, e_ok: bool) -> dict[str, Any] | None:
    """Params of an enrollment outside its class's terms (lo, hi, day after hi), or None."""
    lo, hi, after = rng
    # endDate is exclusive, so an enrollment may end the day after the term's last day
    if (b_ok and (begin < lo or begin > hi)) or (e_ok and (end > after or end < lo)):
        return {"begin": begin or "?", "end": end or "?", "term_start": lo, "term_end": hi}
    return None


def outside_term(e: Context, cls: str, begin: str, end: str) -> dict[str, Any] | None:
    """Params of an enrollment whose dates lie outside its class's terms, or None."""
    b_ok, e_ok = real_date(begin), real_date(end)
    if not (b_ok or e_ok):
        return None
    rng = term_range(e, cls)
    if rng is None:
        return None
    return outside_range((rng[0], rng[1], next_day(rng[1])), begin, end, b_ok, e_ok)
