"""Damage a reference roster reveals: an earlier export (or the Renaissance export) of the same
records, before the spreadsheet touched them.

Records are matched by their key (sourcedId, or propertyName in the manifest) allowing for the
damage itself (``101`` matches ``000101``, ``1.23457E+11`` matches ``123456789012``); among several
candidates the one whose other values agree best wins, each reference record used once. A cell that
differs from its reference is damage only when the reference value, damaged some known way, reads
as the cell; any other difference is a real change and is left alone.
"""

from __future__ import annotations

import weakref

from core.damage import roles
from core.damage.classify import classify, unpad
from core.damage.spill import spilled_rows
from core.damage.values import clean_text
from core.findings import Finding
from core.roster import Roster
from core.table import Table

_REF = {"source": "reference"}


def _compatible(want: str, got: str, column: str) -> bool:
    return want == got or classify(want, got, column) is not None


class _Index:
    def __init__(self, ref: Table, key: int) -> None:
        self.ref = ref
        self.exact: dict[str, list[int]] = {}
        for r, v in enumerate(ref.columns[key]):
            self.exact.setdefault(v, []).append(r)
        self._loose: dict[str, list[int]] | None = None
        self.key = key

    @property
    def loose(self) -> dict[str, list[int]]:
        # built on first need: most keys are found exactly
        if self._loose is None:
            self._loose = {}
            for v, rows in self.exact.items():
                self._loose.setdefault(_loose(v), []).extend(rows)
        return self._loose

    def candidates(self, value: str, column: str) -> list[int]:
        found = self.exact.get(value) or self.loose.get(_loose(value))
        if found:
            return found
        cleaned = clean_text(value)[0]
        if cleaned != value and cleaned in self.exact:
            return self.exact[cleaned]
        return [r for v, rows in self.exact.items() if classify(v, value, column) for r in rows]


def _loose(v: str) -> str:
    return ",".join(unpad(i) for i in v.split(",")).lower()


#: per file: the rows matched to a reference record, the columns both have, and the cells among
#: them whose difference from the reference is a real change (which the reference does not settle)
Settled = dict[str, tuple[set[int], set[int], set[tuple[int, int]]]]


#: per file, per spilled row: the first column its shifted values start at (from the spill findings)
Shifted = dict[str, dict[int, int]]


def compare_with_reference(roster: Roster, reference: Roster, shifted: Shifted | None = None) -> tuple[list[Finding], Settled]:
    """Findings for cells the reference shows damaged, and where the reference settles every cell
    (the matched rows and common columns of each file): there the reference, not a guess, is the
    answer.

    Column by column, so a million-row file costs a few dictionary look-ups per row: records whose
    key is found exactly once are matched at once; only the others are scored."""
    findings: list[Finding] = []
    settled: Settled = {}
    for table in roster.tables:
        ref = reference.table(table.name)
        if ref is None or ref.nrows == 0:
            continue
        # the window compares again after every edit: keep a table's result until it or its reference changes
        shifted_from = (shifted or {}).get(table.name, {})
        state = (table.revision, table.nrows, tuple(table.header), ref.revision, ref.nrows, tuple(sorted(shifted_from.items())))
        cached = _CACHE.get(table)
        if cached is not None and cached[0] == state and cached[1]() is ref:
            findings.extend(cached[2])
            settled[table.name] = cached[3]
            continue
        start = len(findings)
        _compare_table(table, ref, findings, settled, shifted_from)
        if table.name in settled:
            _CACHE[table] = (state, weakref.ref(ref), findings[start:], settled[table.name])
    return findings, settled


_CACHE: weakref.WeakKeyDictionary[Table, tuple[tuple[object, ...], weakref.ref[Table], list[Finding], tuple[set[int], set[int], set[tuple[int, int]]]]] = (
    weakref.WeakKeyDictionary()
)


def _compare_table(table: Table, ref: Table, findings: list[Finding], settled: Settled, shifted_from: dict[int, int]) -> None:
    key = roles.row_key_column(table.header)
    rkey = ref.col_index(table.header[key])
    if rkey is None:
        return
    common = [(c, rc) for c, name in enumerate(table.header) if (rc := ref.col_index(name)) is not None]
    # a spilled record's values before the first shifted one are where they belong (where the spill
    # finding does not say, before its first list column); the spill repair puts the rest back,
    # and the next comparison sees them
    first_list = next((c for c, name in enumerate(table.header) if roles.is_list(name)), table.ncols)
    start = {row: shifted_from.get(row, first_list) for row in spilled_rows(table)}
    match = _match_rows(table, ref, key, rkey, common, start)
    # which cells differ, and whether each difference is damage (judged once per distinct pair)
    verdicts: dict[tuple[str, str, int], str | None] = {}
    bad_rows: dict[int, int] = {}
    damaged: list[tuple[int, int, str, str]] = []
    #: cells changed since the reference for real (not damage): the reference settles nothing there
    changed: set[tuple[int, int]] = set()
    for c, rc in common:
        got_col, want_col, name = table.columns[c], ref.columns[rc], table.header[c]
        for row, rr in match.items():
            if row in start and c >= start[row]:
                changed.add((row, c))  # shifted: nothing the reference settles
                continue
            got, want = got_col[row], want_col[rr]
            if got == want:
                continue
            k = (want, got, c)
            if k not in verdicts:
                verdicts[k] = classify(want, got, name)
            code = verdicts[k]
            if code is None:
                bad_rows[row] = bad_rows.get(row, 0) + 1
                changed.add((row, c))
            else:
                damaged.append((row, c, code, want))
    # a record that disagrees with its match in most columns was not the same record
    wrong = {row for row, n in bad_rows.items() if n * 2 > len(common)}
    for row, c, code, want in damaged:
        if row not in wrong and not table.is_missing(row, c):
            findings.append(
                Finding("error", code, table.name, row, table.line_of(row), table.header[c], c, table.cell(row, c), {"was": want, **_REF}, want)
            )
    settled[table.name] = ({r for r in match if r not in wrong}, {c for c, _ in common}, changed)


def _match_rows(
    table: Table, ref: Table, key: int, rkey: int, common: list[tuple[int, int]], spilled: dict[int, int]
) -> dict[int, int]:
    """Reference row of each row; a spilled row (``spilled``: row -> its first shifted column) is
    matched on its key and scored on the columns before its shifted values."""
    index = _Index(ref, rkey)
    counts: dict[str, int] = {}
    for v in table.columns[key]:
        counts[v] = counts.get(v, 0) + 1
    match: dict[int, int] = {}
    used: set[int] = set()
    slow: list[int] = []
    exact = index.exact
    for row, value in enumerate(table.columns[key]):
        if row in spilled and key >= spilled[row]:
            continue  # the key itself is shifted: the spill repair comes first
        cands = exact.get(value)
        if cands is not None and len(cands) == 1 and counts[value] == 1:
            match[row] = cands[0]
            used.add(cands[0])
        else:
            slow.append(row)
    for row in slow:
        cands = [r for r in index.candidates(table.cell(row, key), table.header[key]) if r not in used]
        if not cands:
            continue
        scored = [(c, rc) for c, rc in common if c < spilled[row]] if row in spilled else common
        best, best_score = _best(table, ref, row, cands, scored)
        if best is None or best_score * 2 < len(scored):
            continue
        used.add(best)
        match[row] = best
    return match


def _best(table: Table, ref: Table, row: int, cands: list[int], common: list[tuple[int, int]]) -> tuple[int | None, int]:
    if len(cands) > 200:
        cands = cands[:200]  # a key shared by that many records says nothing; the first will do
    best, best_score = None, -1
    for r in cands:
        score = sum(1 for c, rc in common if _compatible(ref.cell(r, rc), table.cell(row, c), table.header[c]))
        if score > best_score:
            best, best_score = r, score
    return best, best_score
