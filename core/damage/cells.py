"""Damage found from the roster alone, one column at a time.

Columns repeat values a lot (and the reader shares repeated strings), so each detector judges each
distinct value once and only then walks the rows that hold a damaged one.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from itertools import compress, filterfalse, repeat
from operator import contains
from typing import Any
from collections.abc import Callable, Collection, Iterable

from core.damage import roles
from core.damage.values import (
    CEDS_GRADES,
    clean_text,
    date_order_evidence,
    fix_boolean,
    fix_grade_item,
    grade_list,
    grade_range_from_date,
    is_formula_like,
    looks_mojibake,
    read_date,
    scientific_pattern,
)
from core.findings import Finding, Severity
from core.pacing import pause_point
from core.roster import Roster
from core.table import Table

#: numbers that are numbers: a minus or E there is no damage
_FLOAT_COLUMNS = frozenset({"score", "resultValueMin", "resultValueMax", "weight"})

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


def _emit(
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


def spilled_rows(table: Table) -> list[int]:
    """Rows whose record had more fields than the header and was not edited since loading (an edited
    record is taken as repaired: the table keeps the extra fields it was read with)."""
    if not table.extra_records:
        return []
    return [r for r in range(table.nrows) if table.extra_fields(r) and table.origin(r) not in table.edited_records]


# --- text --------------------------------------------------------------------------------------
_TEXT_SEVERITY: dict[str, Severity] = {
    "damage.mojibake": "warning",
    "damage.smart_quotes": "warning",
    "damage.nbsp": "warning",
    "damage.zero_width": "warning",
    "damage.spaces": "warning",
}


def _judge_text(value: str) -> list[Verdict]:
    new, codes = clean_text(value)
    out: list[Verdict] = [(c, _TEXT_SEVERITY[c], new, {}) for c in codes]
    if "damage.mojibake" not in codes and looks_mojibake(new):
        out.insert(0, ("damage.mojibake", "warning", None, decision({})))
    return out


_PLAIN_END = frozenset(" \t")
_FORMULA_START = frozenset("=+-@")


def _judge_any(value: str) -> list[Verdict]:
    """Text damage, formulas and scientific notation, judged in one pass over a column's values."""
    if value.isascii() and value and value[0] not in _FORMULA_START and value[0] not in _PLAIN_END and value[-1] not in _PLAIN_END:
        if "E" not in value and "e" not in value:
            return []  # the common case: plain text or digits, nothing to see
        return _judge_scientific(value)
    return _judge_text(value) + _judge_formula(value) + _judge_scientific(value)


_ODD_STARTS = ("=", "+", "-", "@", " ", "\t")
_ODD_ENDS = (" ", "\t")
# a value _judge_scientific may have a verdict on, as a line of the joined values
_SCIENTIFIC_LINE = re.compile(r"\n([+-]?[0-9]+(?:\.[0-9]+)?[Ee][+-]?[0-9]+)(?=\n)")
_ZERO_FIRST_LINE = re.compile(r"\n(0[^\n]+)(?=\n)")


def _joined(table: Table, col: int, values: Collection[str]) -> tuple[str, int]:
    """``values`` (or the column itself, when its values are mostly distinct: a set is walked in
    hash order, which misses the cache) one per line, with a line break before and after all of
    them; and how many there are."""
    column = table.columns[col]
    if len(values) * 2 > len(column):
        return "\n" + "\n".join(column) + "\n", len(column)
    return "\n" + "\n".join(values) + "\n", len(values)


def _any_suspects(table: Table, col: int) -> set[str]:
    """The distinct values of a column that ``_judge_any`` can have a verdict on, found with C-level
    passes: every other value is plain ASCII, not empty, with no space, tab or formula sign at
    either end and no scientific shape, and ``_judge_any`` returns nothing for it at once.

    On a column of a million ids this takes a tenth of judging each value in Python.
    """
    distinct = table.distinct_values(col)
    joined, count = _joined(table, col, distinct)
    suspects: set[str] = set()
    if "\n\n" in joined and "" in distinct:  # an empty value shows as two line breaks together
        suspects.add("")
    if not joined.isascii():
        suspects.update(filterfalse(str.isascii, distinct))
    if joined.count("\n") != count + 1:
        suspects.update(compress(distinct, map(contains, distinct, repeat("\n"))))  # a value on two lines
    # a character at a value's start or end shows as that character beside a line break
    if any(c in joined and "\n" + c in joined for c in _ODD_STARTS):
        suspects.update(compress(distinct, map(str.startswith, distinct, repeat(_ODD_STARTS))))
    if any(c in joined and c + "\n" in joined for c in _ODD_ENDS):
        suspects.update(compress(distinct, map(str.endswith, distinct, repeat(_ODD_ENDS))))
    if "e" in joined or "E" in joined:
        suspects.update(_SCIENTIFIC_LINE.findall(joined))
    return suspects


def _judge_number(value: str) -> list[Verdict]:
    """Float columns: a minus sign or an exponent is no damage there."""
    return _judge_text(value)


def _judge_formula(value: str) -> list[Verdict]:
    return [("damage.formula", "warning", None, {"first": value[0]})] if is_formula_like(value) else []


def _judge_scientific(value: str) -> list[Verdict]:
    sci = scientific_pattern(value)
    if sci is None:
        return []
    if sci.exact is not None:
        return [("damage.scientific", "error", sci.exact, {"low": sci.low, "high": sci.high, "digits": sci.digits})]
    params = {"low": sci.low, "high": sci.high, "digits": sci.digits}
    return [("damage.scientific_lost", "error", None, decision(params))]


def _after_cleaning(judge: Callable[[str], list[Verdict]]) -> Callable[[str], list[Verdict]]:
    """Judge the value as it is once spaces and invisible characters are gone (`` 9 `` is a grade
    9); such a finding says so in ``params["after"]`` so its repair follows the cleaning."""

    def judged(value: str) -> list[Verdict]:
        cleaned = clean_text(value)[0]
        if cleaned == value:
            return judge(value)
        return [(c, sev, fix, {**params, "after": cleaned}) for c, sev, fix, params in judge(cleaned)]

    return judged


def _judge_boolean(value: str) -> list[Verdict]:
    fix = fix_boolean(value)
    return [("damage.boolean", "error", fix, {})] if fix else []


def _judge_grades(value: str) -> list[Verdict]:
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
def _date_order(values: Iterable[str]) -> str | None:
    """The day/month order the column's values prove (``mdy``/``dmy``), or None."""
    seen = {e for e in map(date_order_evidence, values) if e}
    return seen.pop() if len(seen) == 1 else None


def _dates(table: Table, col: int, roster_order: str | None, out: list[Finding]) -> None:
    # one export goes through one spreadsheet in one locale: what any date column of the set proves
    # holds for all of them (a column's own proof first, should the set's dates disagree)
    order = _date_order(table.distinct_values(col)) or roster_order

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

    _emit(table, col, judge, out)


# --- leading zeros -----------------------------------------------------------------------------
# The window checks the whole roster again after every edit; an edit in one file must not make a
# million-row file be judged again. Results are kept per table object and its revision (bumped by
# every change), together with the cross-file facts they depend on. A column's own distinct values
# are the table's to keep (``Table.distinct``); only what is made from them is kept here.
_TOKENS: weakref.WeakKeyDictionary[Table, tuple[int, dict[Any, set[str]]]] = weakref.WeakKeyDictionary()
_TABLE_FINDINGS: weakref.WeakKeyDictionary[Table, tuple[tuple[Any, ...], list[Finding]]] = weakref.WeakKeyDictionary()


def _cache(table: Table) -> dict[Any, set[str]]:
    cached = _TOKENS.get(table)
    if cached is None or cached[0] != table.revision:
        cached = (table.revision, {})
        _TOKENS[table] = cached
    return cached[1]


def _tokens(table: Table, col: int) -> Collection[str]:
    """The distinct values of a column (``Table.distinct_values``), or its distinct items for a
    list column (kept until the table changes)."""
    if not roles.is_id_list(table.header[col]):
        return table.distinct_values(col)
    cache = _cache(table)
    found = cache.get(col)
    if found is None:
        found = cache[col] = {t for v in table.distinct_values(col) for t in v.split(",")}
    return found


def _padded(table: Table, col: int) -> set[str]:
    """The zero-padded numbers among a column's values (kept until the table changes)."""
    cache = _cache(table)
    key = ("padded", col)
    found = cache.get(key)
    if found is None:
        tokens = _tokens(table, col)
        if roles.is_id_list(table.header[col]):
            joined = "\n" + "\n".join(tokens) + "\n"
        else:
            joined = _joined(table, col, tokens)[0]
        found = set()
        if "\n0" in joined:
            # lines are tokens, except where a value holds a line break: keep real tokens only.
            # The set then holds the table's strings, not the copies the pattern made (100,000
            # padded ids: 5 MB more, kept while the table does not change)
            found = set(filter(str.isdigit, _ZERO_FIRST_LINE.findall(joined))).intersection(tokens)
        cache[key] = found
    return found


def _date_values(table: Table) -> set[str]:
    out: set[str] = set()
    for c, n in enumerate(table.header):
        if roles.is_date(n):
            out.update(table.distinct_values(c))
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


def _pool_widths(roster: Roster, spilled: SpillValues | None = None) -> dict[str, tuple[int, int]]:
    """For each ID key space, the width its zero-padded values share and how many such values."""
    padded: dict[str, set[str]] = {}
    for table in roster.tables:
        for col, name in enumerate(table.header):
            if not (roles.is_id(name) or roles.is_id_list(name)):
                continue
            pool = roles.id_pool(table.name, name)
            bucket = padded.setdefault(pool, set())
            bucket.update(_padded(table, col))
            for value in (spilled or {}).get((table.name, col), ()):
                bucket.update(t for t in (value.split(",") if roles.is_id_list(name) else [value]) if t[:1] == "0" and t.isdigit())
    widths: dict[str, tuple[int, int]] = {}
    for pool, values in padded.items():
        if not values:
            continue
        width, count = Counter(map(len, values)).most_common(1)[0]
        # "most are zero-padded to one width": 4 in 5 padded values share it
        if count * 5 >= len(values) * 4:
            widths[pool] = (width, count)
    return widths


def _zeros(table: Table, col: int, width: int, evidence: int, out: list[Finding]) -> None:
    is_list = roles.is_id_list(table.header[col])

    def pad(token: str) -> str:
        # a spreadsheet drops every leading zero: a value that still starts with one (a 7-digit
        # district code among 9-digit school codes) is as its system wrote it
        return token.zfill(width) if token.isdigit() and len(token) < width and token[0] != "0" else token

    def judge(value: str) -> list[Verdict]:
        tokens = value.split(",") if is_list else [value]
        new = ",".join(pad(t) for t in tokens)
        if new == value or not value:
            return []
        params = {"width": width, "evidence": evidence}
        if evidence >= 2:
            return [("damage.leading_zeros", "error", new, params)]
        return [("damage.leading_zeros", "warning", None, decision(params, new))]

    _emit(table, col, judge, out)


# --- manifest ----------------------------------------------------------------------------------
def _manifest(table: Table, out: list[Finding]) -> None:
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
def _cell_kinds(table: Table, covered: set[tuple[int, int]], out: list[Finding]) -> None:
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


# --- all of it ---------------------------------------------------------------------------------
def detect_cells(roster: Roster, spilled: SpillValues | None = None) -> list[Finding]:
    """Every damage finding the roster shows by itself (no reference), cell by cell (the set-wide
    ``damage.maybe_zeros`` note is ``detect_damage``'s). ``spilled``: the values spilled records
    hold once put back, which show zero-padding as well as any other value."""
    out: list[Finding] = []
    widths = _pool_widths(roster, spilled)
    roster_order = _date_order(v for t in roster.tables for v in _date_values(t))
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
    _manifest(table, out)
    for col, name in enumerate(table.header):
        pause_point()
        _emit(table, col, _judge_number if name in _FLOAT_COLUMNS else _judge_any, out, _any_suspects(table, col))
        if roles.is_id(name) or roles.is_id_list(name):
            pool = widths.get(roles.id_pool(table.name, name))
            if pool:
                _zeros(table, col, pool[0], pool[1], out)
        if roles.is_grades(name):
            _emit(table, col, _after_cleaning(_judge_grades), out)
        if roles.is_date(name):
            _dates(table, col, roster_order, out)
        if roles.is_boolean(name):
            _emit(table, col, _after_cleaning(_judge_boolean), out)
    if table.cell_kinds:
        covered = {(f.row, f.col) for f in out if f.row is not None and f.col is not None}
        _cell_kinds(table, covered, out)
    return out


#: findings that show the set went through a spreadsheet: every kind of damage a save in one does
#: (TRUE, a grade 9, a date in the locale's order, digits or zeros lost). Spaces, curly quotes and
#: invisible characters come from copying and pasting, and a formula-like value from typing: no proof.
SPREADSHEET_MARKS = frozenset(
    {
        "damage.leading_zeros",
        "damage.date_format",
        "damage.date_ambiguous",
        "damage.manifest_version",
        "damage.oneroster_version",
        "damage.scientific",
        "damage.scientific_lost",
        "damage.precision",
        "damage.xlsx_number",
        "damage.xlsx_date",
        "damage.boolean",
        "damage.grade_number",
        "damage.grade_k",
        "damage.grade_date",
        "damage.list_spill",
    }
)


#: of the marks, those that are proof even while their repair must be asked (a lost zero judged
#: from one padded value alone is no proof)
_PROOF_WHEN_ASKED = frozenset({"damage.date_ambiguous", "damage.grade_date", "damage.scientific_lost"})


def touched_by_spreadsheet(findings: Iterable[Finding]) -> bool:
    """True when the findings show the set went through a spreadsheet (see ``SPREADSHEET_MARKS``)."""
    return any(f.code in SPREADSHEET_MARKS and (f.code in _PROOF_WHEN_ASKED or not f.params.get("decision")) for f in findings)


def zero_columns(roster: Roster, spilled: SpillValues | None = None) -> list[tuple[Table, int]]:
    """The ID columns that hold only numbers, none zero-padded, whose kind of ID shows no padding
    width anywhere in the set: in a set a spreadsheet has touched, zeros may be lost there with
    nothing left to show it. Only columns of identifiers count (a period ``1`` or a subject code
    is no ID); a value in scientific notation counts as the number it stands for. ``spilled``: the
    values spilled records hold once put back (their shifted cells do not count)."""
    widths = _pool_widths(roster, spilled)
    tokens_of: dict[tuple[str, int], Collection[str]] = {}
    for table in roster.tables:
        shifted = set(spilled_rows(table)) if spilled else set()
        for col, name in enumerate(table.header):
            if not roles.is_identifier(name):
                continue
            if shifted:
                values = {v for r, v in enumerate(table.columns[col]) if r not in shifted} | (spilled or {}).get((table.name, col), set())
                tokens_of[(table.name, col)] = {t for v in values for t in (v.split(",") if roles.is_id_list(name) else [v])}
            else:
                tokens_of[(table.name, col)] = _tokens(table, col)
    numeric: dict[str, bool] = {}
    for table in roster.tables:
        for col, name in enumerate(table.header):
            if roles.is_identifier(name):
                pool = roles.id_pool(table.name, name)
                ok = all(_number_like(t) for t in tokens_of[(table.name, col)] if t)
                numeric[pool] = numeric.get(pool, True) and ok
    out = []
    for table in roster.tables:
        for col, name in enumerate(table.header):
            pool = roles.id_pool(table.name, name)
            if not roles.is_identifier(name) or pool in widths or not numeric.get(pool):
                continue  # IDs of this kind are padded somewhere, or not all numbers (F2026): text a spreadsheet kept
            tokens = {t for t in tokens_of[(table.name, col)] if t}
            if tokens and all(t[0] != "0" for t in tokens):
                out.append((table, col))
    return out


def _number_like(token: str) -> bool:
    return token.isdigit() or scientific_pattern(token) is not None


def maybe_zeros_finding(columns: list[tuple[Table, int]]) -> list[Finding]:
    """One ``damage.maybe_zeros`` note for the set, naming the columns (none when there are none)."""
    if not columns:
        return []
    names = ", ".join(f"{t.name} {t.header[c]}" for t, c in columns)
    where = [(t.name, c, t.header[c]) for t, c in columns]
    return [Finding("info", "damage.maybe_zeros", params={"columns": names, "count": len(columns), "where": where})]
