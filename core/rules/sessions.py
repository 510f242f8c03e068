"""Academic sessions against each other: the school year a session names, a term inside its parent,
and terms of one parent that overlap.

Dates are compared as text (YYYY-MM-DD sorts as dates do); a session's endDate is its last day.
Only real dates are compared: a malformed one is the value check's finding. The file is small
(tens of rows), so a row looks at its parent chain and its siblings directly; a change to any
session re-checks them all (``common.PARENT_FILES``).
"""

from __future__ import annotations

import re

from core.findings import Finding
from core.rules.common import row_finding
from core.rules.formats import Issue, real_date
from core.rules.state import TableState

_YEAR = re.compile(r"\d{4}")


def session_findings(t: TableState, r: int, out: list[Finding]) -> None:
    """The findings of session row ``r`` about its school year, its parent and its siblings."""
    _school_year(t, r, out)
    _inside_parent(t, r, out)
    _overlapping_siblings(t, r, out)


def _dates(t: TableState, r: int) -> tuple[str, str] | None:
    start, end = t.value(r, "startDate"), t.value(r, "endDate")
    return (start, end) if real_date(start) and real_date(end) and start <= end else None


def _parent_row(t: TableState, r: int) -> int | None:
    kc, pc = t.col("sourcedId"), t.col("parentSourcedId")
    if kc is None or pc is None:
        return None
    parent = t.table.columns[pc][r]
    if not parent.strip() or parent == t.table.columns[kc][r]:
        return None
    return t.index(kc).first(parent)


def _school_year_row(t: TableState, r: int) -> int | None:
    """The nearest session of type schoolYear up the parent chain (the row itself included)."""
    seen = set()
    cur: int | None = r
    while cur is not None and cur not in seen:
        if t.value(cur, "type").strip().lower() == "schoolyear":
            return cur
        seen.add(cur)
        cur = _parent_row(t, cur)
    return None


def _school_year(t: TableState, r: int, out: list[Finding]) -> None:
    """schoolYear is "the year in which the school year ends" (spec): a school year's own end date,
    or that of the school year a term belongs to; without one, a term's school year ends in the
    year the term ends or the next one (a year running January to December ends with a fall
    term), and no more than a year after the term starts."""
    c = t.col("schoolYear")
    if c is None:
        return
    value = t.table.columns[c][r]
    if not _YEAR.fullmatch(value):
        return  # not a year at all: the value check says so
    year = _school_year_row(t, r)
    if year is not None and real_date(t.value(year, "endDate")):
        end = t.value(year, "endDate")
        expected = end[:4]
        if value != expected:
            whose = "this school year" if year == r else f"its school year {t.value(year, 'sourcedId')}"
            out.append(row_finding(t, r, c, Issue("error", "value.school_year_end",
                                                  {"whose": whose, "end": end, "expected": expected}, expected)))
        return
    own = _dates(t, r)
    if year is None and own is not None:
        # the school year holding the session ends when it ends or later, and within a year of its start
        lo, hi = int(own[1][:4]), min(int(own[1][:4]), int(own[0][:4])) + 1
        if not lo <= int(value) <= hi:
            expected = str(lo) if lo == hi else f"{lo} or {hi}"
            out.append(row_finding(t, r, c, Issue("error", "value.school_year_end", {
                "whose": "this session", "end": own[1], "expected": expected}, str(lo) if lo == hi else None)))


def _inside_parent(t: TableState, r: int, out: list[Finding]) -> None:
    own = _dates(t, r)
    p = _parent_row(t, r)
    if own is None or p is None:
        return
    parent = _dates(t, p)
    if parent is None:
        return
    column = "startDate" if own[0] < parent[0] else "endDate" if own[1] > parent[1] else None
    if column is not None:
        out.append(row_finding(t, r, t.col(column), Issue("warning", "value.session_outside_parent", {
            "start": own[0], "end": own[1], "parent": t.value(p, "sourcedId"),
            "parent_start": parent[0], "parent_end": parent[1]})))


def _overlapping_siblings(t: TableState, r: int, out: list[Finding]) -> None:
    """Sessions of one parent and one type (two semesters of a year, two quarters of a term) share
    no day; grading periods inside a semester of the same year are of another type and may."""
    pc = t.col("parentSourcedId")
    own = _dates(t, r)
    if pc is None or own is None:
        return
    parent = t.table.columns[pc][r]
    if not parent.strip():
        return
    kind = t.value(r, "type").strip().lower()
    for x in t.index(pc).rows(parent):
        if x >= r:
            break
        other = _dates(t, x)
        if other is not None and t.value(x, "type").strip().lower() == kind and own[0] <= other[1] and other[0] <= own[1]:
            out.append(row_finding(t, r, t.col("startDate"), Issue("warning", "value.sessions_overlap", {
                "other": t.value(x, "sourcedId"), "first_line": t.table.line_of(x),
                "other_start": other[0], "other_end": other[1], "parent": parent})))
            return
