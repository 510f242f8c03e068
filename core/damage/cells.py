"""Damage found from the roster alone, cell by cell: every column detector run over each table.

``detect_cells`` runs, per column, the judges of any value (``text``), of IDs (``zeros``) and of
grades, dates and booleans (``typed``), then manifest.csv's versions and a workbook's typed cells;
each table's findings are kept until it changes.
"""

from __future__ import annotations

import weakref
from typing import Any

from core.damage import roles
from core.damage.spill import SpillValues
from core.damage.text import any_suspects, judge_any, judge_number
from core.damage.typed import (
    after_cleaning,
    date_order,
    date_values,
    find_cell_kinds,
    find_dates,
    find_manifest_versions,
    judge_boolean,
    judge_grades,
)
from core.damage.verdicts import emit
from core.damage.zeros import find_zeros, pool_widths
from core.findings import Finding
from core.pacing import pause_point
from core.roster import Roster
from core.table import Table

#: numbers that are numbers: a minus or E there is no damage
_FLOAT_COLUMNS = frozenset({"score", "resultValueMin", "resultValueMax", "weight"})

# The window checks the whole roster again after every edit; an edit in one file must not make a
# million-row file be judged again. Findings are kept per table object and its revision (bumped by
# every change), together with the cross-file facts they depend on.
_TABLE_FINDINGS: weakref.WeakKeyDictionary[Table, tuple[tuple[Any, ...], list[Finding]]] = weakref.WeakKeyDictionary()


def detect_cells(roster: Roster, spilled: SpillValues | None = None) -> list[Finding]:
    """Every damage finding the roster shows by itself (no reference), cell by cell (the set-wide
    ``damage.maybe_zeros`` note is ``detect_damage``'s). ``spilled``: the values spilled records
    hold once put back, which show zero-padding as well as any other value."""
    out: list[Finding] = []
    widths = pool_widths(roster, spilled)
    roster_order = date_order(v for t in roster.tables for v in date_values(t))
    for table in roster.tables:
        pools = tuple(widths.get(roles.id_pool(table.name, n)) for n in table.header)
        last_line = table.line_of(table.nrows - 1) if table.nrows else None  # lines renumber after a save
        key = (table.revision, table.nrows, tuple(table.header), len(table.cell_kinds), last_line, pools, roster_order)
        cached = _TABLE_FINDINGS.get(table)
        if cached is None or cached[0] != key:
            cached = (key, _table_findings(table, widths, roster_order))
            _TABLE_FINDINGS[table] = cached
        out.extend(cached[1])
    return out


def _table_findings(table: Table, widths: dict[str, tuple[int, int]], roster_order: str | None) -> list[Finding]:
    out: list[Finding] = []
    find_manifest_versions(table, out)
    for col, name in enumerate(table.header):
        pause_point()
        emit(table, col, judge_number if name in _FLOAT_COLUMNS else judge_any, out, any_suspects(table, col))
        if roles.is_id(name) or roles.is_id_list(name):
            pool = widths.get(roles.id_pool(table.name, name))
            if pool:
                find_zeros(table, col, pool[0], pool[1], out)
        if roles.is_grades(name):
            emit(table, col, after_cleaning(judge_grades), out)
        if roles.is_date(name):
            find_dates(table, col, roster_order, out)
        if roles.is_boolean(name):
            emit(table, col, after_cleaning(judge_boolean), out)
    if table.cell_kinds:
        covered = {(f.row, f.col) for f in out if f.row is not None and f.col is not None}
        find_cell_kinds(table, covered, out)
    return out
