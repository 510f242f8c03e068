"""Lists that lost their quotes: a record with more fields than the header because the items of a
list (``"09,10"`` saved as ``09,10``) became fields of their own.

For each such record every way of giving the extra fields back to the table's list columns is
tried, and each is scored by how well its values fit their columns (the values and shapes the
table's whole records have, the enumerations, booleans and grades). One clear winner is a safe
repair; a tie is a repair to ask about.

``spilled_rows`` names the records still holding extra fields, and ``spill_values`` the values
their repairs put back: the other detectors take those as the records' real values.
"""

from __future__ import annotations

import re
from itertools import combinations_with_replacement
from typing import TYPE_CHECKING, Any
from collections.abc import Iterable

from core.damage import roles
from core.damage.classify import classify
from core.damage.values import CEDS_GRADES, fix_boolean, fix_grade_item, read_date
from core.damage.verdicts import cell_finding, decision
from core.findings import Finding
from core.table import Table

if TYPE_CHECKING:
    from core.roster import Roster

_ENUMS = {
    "status": {"active", "tobedeleted", "inactive"},
    "role": {"administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"},
    "classType": {"homeroom", "scheduled"},
    "type": {"department", "school", "district", "local", "state", "national", "gradingPeriod", "semester", "schoolYear", "term"},
    "sex": {"male", "female", "unspecified", "other"},
    "importance": {"primary", "secondary"},
}
#: the most extra fields tried (each needs all ways of sharing them out)
_MAX_EXTRA = 6
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
        shapes = {_shape(i) for i in value.split(",")}
        score += 1 if shapes <= profile.item_shapes else -1
        if len(shapes) > 1:
            score -= 1  # the items of one list look alike
    else:
        score += 1 if _shape(value) in profile.shapes else -1
    return score


def _same(want: str, got: str) -> bool:
    return want == got or (want.split(",") == got.split(",")) or classify(want, got, "") is not None


def _candidates(fields: list[str], header: list[str], list_cols: list[int], extra: int) -> list[list[str]]:
    out = []
    for combo in combinations_with_replacement(list_cols, extra):
        take = {c: combo.count(c) for c in list_cols}
        values, i = [], 0
        ok = True
        for c in range(len(header)):
            n = 1 + take.get(c, 0)
            items = fields[i : i + n]
            if n > 1 and not all(items):
                ok = False  # a list's items are never blank: this is no list that lost its quotes
                break
            values.append(",".join(items))
            i += n
        if ok:
            out.append(values)
    return out


def _reference_row(table: Table, ref: Table | None, row: int) -> list[str] | None:
    if ref is None:
        return None
    key = roles.row_key_column(table.header)
    rkey = ref.col_index(table.header[key])
    if rkey is None:
        return None
    value = table.cell(row, key)
    for r, v in enumerate(ref.columns[rkey]):
        if v == value or (v.isdigit() and value.isdigit() and v.lstrip("0") == value.lstrip("0")):
            return [ref.cell(r, rc) if (rc := ref.col_index(n)) is not None else "" for n in table.header]
    return None


def spilled_rows(table: Table) -> list[int]:
    """Rows whose record had more fields than the header and was not edited since loading (an edited
    record is taken as repaired: the table keeps the extra fields it was read with)."""
    if not table.extra_records:
        return []
    return [r for r in range(table.nrows) if table.extra_fields(r) and table.origin(r) not in table.edited_records]


def detect_spills(table: Table, ref: Table | None = None) -> list[Finding]:
    """A finding on each record whose list items spilled into the next columns, with its repair.

    With the same file of a reference roster, the candidate that agrees with the reference record
    wins."""
    extra_rows = spilled_rows(table)
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
        known = _reference_row(table, ref, row)
        scored = []
        for values in _candidates(fields, table.header, list_cols, len(extras)):
            s = sum(_score(n, v, profiles[c], c in list_cols) for c, (n, v) in enumerate(zip(table.header, values)))
            if known is not None:
                s += 10 * sum(1 for c, v in enumerate(values) if _same(known[c], v))
            scored.append((s, values))
        if not scored:
            continue  # extra fields that no list explains (a trailing comma): loading reports them
        scored.sort(key=lambda sv: -sv[0])
        best_score, best = scored[0]
        if not any(extras):
            # blank extra fields may be only trailing commas: shift values only when that fits better
            current = table.row(row)
            baseline = sum(_score(n, v, profiles[c], c in list_cols) for c, (n, v) in enumerate(zip(table.header, current)))
            if known is not None:
                baseline += 10 * sum(1 for c, v in enumerate(current) if _same(known[c], v))
            if best_score <= baseline:
                continue
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


#: per (file, column index): the values a spilled record's repair puts there (they are the record's
#: real values; the shifted ones in its cells are not)
SpillValues = dict[tuple[str, int], set[str]]


def spill_values(findings: Iterable[Finding]) -> SpillValues:
    """The values the repairs of spilled records put back, by file and column."""
    out: SpillValues = {}
    for f in findings:
        if f.code == "damage.list_spill" and f.file is not None:
            for col, value in f.params.get("cells") or ():
                out.setdefault((f.file, col), set()).add(value)
    return out


def settled_load_finding(roster: Roster, f: Finding) -> bool:
    """A record with too many fields whose extra fields are gone (a spilled list given back to its
    cells): what loading said of it no longer holds."""
    if f.code != "csv.ragged_long" or f.file is None or f.line is None or f.file not in roster:
        return False
    table = roster[f.file]
    row = table.row_of_line(f.line)
    return row is not None and not table.extra_fields(row)
