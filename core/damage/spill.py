"""Lists that lost their quotes: a record with more fields than the header because the items of a
list (``"09,10"`` saved as ``09,10``) became fields of their own.

For each such record every way of giving the extra fields back to the table's list columns is
tried, and each is scored by how well its values fit their columns (the values and shapes the
table's whole records have, the enumerations, booleans and grades). One clear winner is a safe
repair; a tie is a repair to ask about.
"""

from __future__ import annotations

import re
from itertools import combinations_with_replacement
from typing import Any

from core.damage import roles
from core.damage.cells import cell_finding, decision
from core.damage.values import CEDS_GRADES, fix_boolean, fix_grade_item, read_date
from core.findings import Finding
from core.table import Table

_ENUMS = {
    "status": {"active", "tobedeleted", "inactive"},
    "role": {"administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"},
    "classType": {"homeroom", "scheduled"},
    "type": {"department", "school", "district", "local", "state", "national", "gradingPeriod", "semester", "schoolYear", "term"},
    "sex": {"male", "female", "unspecified", "other"},
    "importance": {"primary", "secondary"},
}
#: the most extra fields tried (each needs all ways of sharing them out)
_MAX_EXTRA = 8
_SAMPLE_ROWS = 2000


def _shape(value: str) -> str:
    if not value:
        return "empty"
    if value.isdigit():
        return "digits"
    if "@" in value:
        return "email"
    if re.fullmatch(r"[A-Za-z ]+", value):
        return "letters"
    return "mixed"


class _Profile:
    """What a column's values look like in the table's whole records."""

    def __init__(self, table: Table, col: int) -> None:
        values: set[str] = set()
        n = 0
        for row in range(table.nrows):
            if table.extra_fields(row) or table.is_missing(row, col):
                continue
            values.add(table.cell(row, col))
            n += 1
            if n >= _SAMPLE_ROWS:
                break
        self.values = values
        self.shapes = {_shape(v) for v in values}
        self.item_shapes = {_shape(i) for v in values for i in v.split(",")}


def _score(name: str, value: str, profile: _Profile, is_list: bool) -> int:
    if name in _ENUMS and value:
        return 3 if value in _ENUMS[name] or value.lower() in _ENUMS[name] else -3
    if roles.is_boolean(name) and value:
        return 3 if value in ("true", "false") or fix_boolean(value) else -3
    if roles.is_grades(name) and value:
        ok = all(i in CEDS_GRADES or fix_grade_item(i) for i in value.split(","))
        return 2 if ok else -2
    if roles.is_date(name) and value:
        return 2 if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or read_date(value) else -2
    score = 0
    if value in profile.values:
        score += 2
    if is_list and value:
        score += 1 if all(_shape(i) in profile.item_shapes for i in value.split(",")) else -1
    else:
        score += 1 if _shape(value) in profile.shapes else -1
    return score


def _candidates(fields: list[str], header: list[str], list_cols: list[int], extra: int) -> list[list[str]]:
    out = []
    for combo in combinations_with_replacement(list_cols, extra):
        take = {c: combo.count(c) for c in list_cols}
        values, i = [], 0
        for c in range(len(header)):
            n = 1 + take.get(c, 0)
            values.append(",".join(fields[i : i + n]))
            i += n
        out.append(values)
    return out


def detect_spills(table: Table) -> list[Finding]:
    """A finding on each record whose list items spilled into the next columns, with its repair."""
    extra_rows = [r for r in range(table.nrows) if table.extra_fields(r)]
    if not extra_rows:
        return []
    list_cols = [c for c, n in enumerate(table.header) if roles.is_list(n)]
    if not list_cols:
        return []
    profiles = [_Profile(table, c) for c in range(table.ncols)]
    out: list[Finding] = []
    for row in extra_rows:
        extras = table.extra_fields(row)
        if len(extras) > _MAX_EXTRA:
            continue
        fields = table.row(row) + list(extras)
        scored = []
        for values in _candidates(fields, table.header, list_cols, len(extras)):
            s = sum(_score(n, v, profiles[c], c in list_cols) for c, (n, v) in enumerate(zip(table.header, values)))
            scored.append((s, values))
        scored.sort(key=lambda sv: -sv[0])
        best_score, best = scored[0]
        tie = len(scored) > 1 and scored[1][0] == best_score
        cells = [(c, v) for c, v in enumerate(best) if v != table.cell(row, c)]
        if not cells:
            continue
        first = cells[0][0]
        lists = [table.header[c] for c in list_cols if "," in best[c] and best[c] != table.cell(row, c)]
        params: dict[str, Any] = {"cells": cells, "count": len(extras), "lists": ", ".join(lists) or table.header[first]}
        if tie:
            out.append(cell_finding(table, row, first, "damage.list_spill", "error", None, decision(params, best[first])))
        else:
            out.append(cell_finding(table, row, first, "damage.list_spill", "error", best[first], params))
    return out
