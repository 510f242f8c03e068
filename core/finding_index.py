"""Findings of one table by row, cell and header, for the grid's marks, tooltips and badges.

Built from a million findings with C-level passes; a quick re-check on a large roster replaces
the findings of the rows it re-checked in place (``FindingIndex.replace_row``) instead of
rebuilding the index.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import compress, repeat
from operator import attrgetter, eq, is_not, not_
from collections.abc import Sequence

from core.findings import Finding

Cell = tuple[int, int]


class _ByRow:
    """Findings on rows, looked up by row (or by row and column) with a binary search: built from a
    million findings with C-level passes (sorting by row), where a dict would take seconds."""

    def __init__(self, findings: list[Finding]) -> None:
        findings.sort(key=attrgetter("row"))  # stable: keeps each row's findings in their order
        self.findings = findings
        self.rows = list(map(attrgetter("row"), findings))
        #: rows whose findings were replaced since it was built (see ``FindingIndex.replace_row``)
        self.replaced: dict[int, list[Finding]] = {}

    def row(self, r: int) -> list[Finding]:
        if self.replaced:
            found = self.replaced.get(r)
            if found is not None:
                return found
        i = bisect_left(self.rows, r)
        return self.findings[i : bisect_right(self.rows, r, i)]

    def get(self, key: int, default: list[Finding] | None = None) -> list[Finding]:
        found = self.row(key)
        return found if found else (default if default is not None else [])

    def with_fix(self) -> list[Finding]:
        """The findings that suggest a fix, as the rows show them now (a replaced row's own)."""
        fixable = compress(self.findings, map(is_not, map(attrgetter("fix"), self.findings), repeat(None)))
        found = [f for f in fixable if f.row not in self.replaced] if self.replaced else list(fixable)
        for rows in self.replaced.values():
            found.extend(f for f in rows if f.fix is not None)
        return found

    def keys(self) -> set[int]:
        rows = set(self.rows)
        for r, found in self.replaced.items():
            if found:
                rows.add(r)
            else:
                rows.discard(r)
        return rows


class _ByCell:
    def __init__(self, by_row: _ByRow) -> None:
        self.by_row = by_row

    def get(self, key: Cell, default: list[Finding] | None = None) -> list[Finding]:
        r, c = key
        found = [f for f in self.by_row.row(r) if f.col == c]
        return found if found else (default if default is not None else [])


class FindingIndex:
    """Findings of one table by cell, by row and for the header, for fast lookups from the grid."""

    def __init__(self, findings: Sequence[Finding] = ()) -> None:
        findings = list(findings)
        counts = Counter(map(attrgetter("severity"), findings))
        self.errors = counts.get("error", 0)
        self.warnings = counts.get("warning", 0)
        on_row = list(map(is_not, map(attrgetter("row"), findings), repeat(None)))
        self.by_row = _ByRow(list(compress(findings, on_row)))
        self.by_cell = _ByCell(self.by_row)
        self.by_header: dict[int, list[Finding]] = defaultdict(list)
        self.file_level: list[Finding] = []
        for f in compress(findings, map(not_, on_row)):  # the few not on a row
            if f.line == 1 and f.col is not None:
                self.by_header[f.col].append(f)
            else:
                self.file_level.append(f)

    def replace_row(self, r: int, findings: list[Finding]) -> None:
        """Show these findings on row ``r`` instead of the ones it has; the counts follow."""
        for f in self.by_row.row(r):
            self._count(f.severity, -1)
        for f in findings:
            self._count(f.severity, 1)
        self.by_row.replaced[r] = findings

    def _count(self, severity: str, n: int) -> None:
        if severity == "error":
            self.errors += n
        elif severity == "warning":
            self.warnings += n


def index_findings(findings: list[Finding]) -> dict[str, FindingIndex]:
    """Each file's index of these findings (findings with no file go under "")."""
    files = list(map(attrgetter("file"), findings))
    return {name or "": FindingIndex(list(compress(findings, map(eq, files, repeat(name))))) for name in set(files)}
