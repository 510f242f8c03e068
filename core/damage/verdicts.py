"""From a verdict on a value to findings on cells: what every column detector shares.

Columns repeat values a lot (and the reader shares repeated strings), so each detector judges each
distinct value once and only then walks the rows that hold a damaged one (``emit``). This module
holds the verdict type, the finding on one cell, the params of a repair that must be asked, and the
joined form of a column's values that the C-level prefilters search.
"""

from __future__ import annotations

from itertools import compress
from typing import Any
from collections.abc import Callable, Collection, Iterable

from core.findings import Finding, Severity
from core.table import Table

#: what one distinct value gives: (code, severity, fix or None, params)
Verdict = tuple[str, Severity, "str | None", dict[str, Any]]


def cell_finding(table: Table, row: int, col: int, code: str, severity: Severity, fix: str | None, params: dict[str, Any]) -> Finding:
    """A finding on one cell, located the way every finding is (row, line, column)."""
    return Finding(
        severity,
        code,
        file=table.name,
        row=row,
        line=table.line_of(row),
        column=table.header[col],
        col=col,
        value=table.cell(row, col),
        params={"was": fix if fix is not None else params.get("suggestion", ""), **params},
        fix=fix,
    )


def decision(params: dict[str, Any], suggestion: str | None = None) -> dict[str, Any]:
    """Params of a finding whose repair must be asked: it carries a suggestion, never a fix."""
    out = dict(params, decision=True)
    if suggestion is not None:
        out["suggestion"] = suggestion
    return out


def emit(
    table: Table, col: int, judge: Callable[[str], Iterable[Verdict]], out: list[Finding], values: Iterable[str] | None = None
) -> None:
    """Findings for the cells whose value ``judge`` has a verdict on; ``values``, when given, are
    the only distinct values that can have one (the others are known to be fine)."""
    column = table.columns[col]
    verdicts: dict[str, list[tuple[str, Severity, str | None, dict[str, Any]]]] = {}
    for value in table.distinct_values(col) if values is None else values:
        found = list(judge(value))
        if found:
            # one params dict per distinct value, shared by its findings (millions of rows)
            verdicts[value] = [
                (code, sev, fix, {"was": fix if fix is not None else params.get("suggestion", ""), **params})
                for code, sev, fix, params in found
            ]
    if not verdicts:
        return
    name, file = table.header[col], table.name
    short = table.short_records
    line_of = table.line_of
    rows: Iterable[int] = compress(range(len(column)), map(verdicts.__contains__, column))
    if short:
        rows = [r for r in rows if not table.is_missing(r, col)]
    out.extend([
        Finding(severity, code, file, row, line_of(row), name, col, value, params, fix)
        for row in rows
        for value in (column[row],)
        for code, severity, fix, params in verdicts[value]
    ])


def joined(table: Table, col: int, values: Collection[str]) -> tuple[str, int]:
    """``values`` (or the column itself, when its values are mostly distinct: a set is walked in
    hash order, which misses the cache) one per line, with a line break before and after all of
    them; and how many there are."""
    column = table.columns[col]
    if len(values) * 2 > len(column):
        return "\n" + "\n".join(column) + "\n", len(column)
    return "\n" + "\n".join(values) + "\n", len(values)
