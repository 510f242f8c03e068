"""Damage in values of one kind: grades, booleans and dates (by their column's name), the versions
in manifest.csv, and workbook cells a spreadsheet typed as numbers or dates in a text column.

Grades and booleans are judged on the value as it is once cleaned (``after_cleaning``); a date is
read in the day/month order its column, or else any date column of the set, proves
(``date_order``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from core.damage import roles
from core.damage.values import (
    CEDS_GRADES,
    clean_text,
    date_order_evidence,
    fix_boolean,
    fix_grade_item,
    grade_list,
    grade_range_from_date,
    read_date,
)
from core.damage.verdicts import Verdict, cell_finding, decision, emit
from core.findings import Finding
from core.table import Table


def after_cleaning(judge: Callable[[str], list[Verdict]]) -> Callable[[str], list[Verdict]]:
    """Judge the value as it is once spaces and invisible characters are gone (`` 9 `` is a grade
    9); such a finding says so in ``params["after"]`` so its repair follows the cleaning."""

    def judged(value: str) -> list[Verdict]:
        cleaned = clean_text(value)[0]
        if cleaned == value:
            return judge(value)
        return [(c, sev, fix, {**params, "after": cleaned}) for c, sev, fix, params in judge(cleaned)]

    return judged


def judge_boolean(value: str) -> list[Verdict]:
    """A boolean written another way (``TRUE``, ``Yes``): its fix is ``true`` or ``false``."""
    fix = fix_boolean(value)
    return [("damage.boolean", "error", fix, {})] if fix else []


def judge_grades(value: str) -> list[Verdict]:
    """A grade (or list of grades) a spreadsheet made a number, a ``K`` or a date of."""
    if not value or value in CEDS_GRADES:
        return []
    rng = grade_range_from_date(value)
    if rng is not None:
        low, high = rng
        return [("damage.grade_date", "error", None, decision({"low": low, "high": high}, grade_list(low, high)))]
    items = value.split(",")
    fixed: list[str] = []
    codes: list[str] = []
    for item in items:
        f = fix_grade_item(item)
        if f is None:
            fixed.append(item)
        else:
            codes.append(f[0])
            fixed.append(f[1])
    new = ",".join(fixed)
    return [(c, "error", new, {}) for c in dict.fromkeys(codes)]


# --- dates -------------------------------------------------------------------------------------
def date_order(values: Iterable[str]) -> str | None:
    """The day/month order the column's values prove (``mdy``/``dmy``), or None."""
    seen = {e for e in map(date_order_evidence, values) if e}
    return seen.pop() if len(seen) == 1 else None


def date_values(table: Table) -> set[str]:
    """The distinct values of all the table's date columns."""
    out: set[str] = set()
    for c, n in enumerate(table.header):
        if roles.is_date(n):
            out.update(table.distinct_values(c))
    return out


def find_dates(table: Table, col: int, roster_order: str | None, out: list[Finding]) -> None:
    """Dates a spreadsheet rewrote in a date column; ``roster_order``: the order the set's dates prove."""
    # one export goes through one spreadsheet in one locale: what any date column of the set proves
    # holds for all of them (a column's own proof first, should the set's dates disagree)
    order = date_order(table.distinct_values(col)) or roster_order

    def judge(value: str) -> list[Verdict]:
        cleaned = clean_text(value)[0]
        if cleaned != value:
            return [(c, sev, fix, {**params, "after": cleaned}) for c, sev, fix, params in judge(cleaned)]
        reading = read_date(value)
        if reading is None:
            return []
        if reading.fixed:
            return [("damage.date_format", "error", reading.fixed, {})]
        if reading.mdy is None or reading.dmy is None:
            return []
        if order:
            return [("damage.date_format", "error", reading.mdy if order == "mdy" else reading.dmy, {"order": order})]
        guess = "mdy"  # nothing in the set tells: the US order is the likelier
        return [
            (
                "damage.date_ambiguous",
                "error",
                None,
                decision({"mdy": reading.mdy, "dmy": reading.dmy}, reading.mdy if guess == "mdy" else reading.dmy),
            )
        ]

    emit(table, col, judge, out)


# --- manifest ----------------------------------------------------------------------------------
def find_manifest_versions(table: Table, out: list[Finding]) -> None:
    """manifest.csv's version values a spreadsheet made numbers of (``1`` for ``1.0``)."""
    if table.name != "manifest.csv" or "propertyName" not in table.header or "value" not in table.header:
        return
    pc, vc = table.header.index("propertyName"), table.header.index("value")
    for row in range(table.nrows):
        prop, value = table.cell(row, pc), table.cell(row, vc)
        if prop == "manifest.version" and value != "1.0" and _number_equals(value, "1"):
            out.append(cell_finding(table, row, vc, "damage.manifest_version", "error", "1.0", {}))
        elif prop == "oneroster.version" and value not in ("1.0", "1.1", "1.2"):
            for want in ("1.1", "1.2", "1.0"):
                if _number_equals(value, want):
                    out.append(cell_finding(table, row, vc, "damage.oneroster_version", "error", want, {}))
                    break


def _number_equals(value: str, want: str) -> bool:
    try:
        return float(value) == float(want)
    except ValueError:
        return False


# --- workbook cells ----------------------------------------------------------------------------
def find_cell_kinds(table: Table, covered: set[tuple[int, int]], out: list[Finding]) -> None:
    """Text-like cells the workbook typed as a number or a date, other than those in ``covered``
    (cells another finding already names)."""
    if not table.cell_kinds:
        return
    rows_of: dict[int, int] = {}
    for row in range(table.nrows):
        rows_of[table.origin(row)] = row
    for (record, col), kind in sorted(table.cell_kinds.items()):
        found = rows_of.get(record)
        if found is None or col >= table.ncols or kind not in ("number", "date"):
            continue
        row = found
        if not roles.is_text_like(table.header[col]) or (row, col) in covered:
            continue
        code = "damage.xlsx_number" if kind == "number" else "damage.xlsx_date"
        out.append(cell_finding(table, row, col, code, "warning", None, {}))
