"""Leading zeros a spreadsheet dropped from IDs.

Each kind of ID (its key space, ``roles.id_pool``) may show, across the whole set, a width most of
its zero-padded values share (``pool_widths``); shorter numbers of that kind are padded back to it
(``find_zeros``). Where no kind of ID shows a width but a spreadsheet touched the set,
``zero_columns`` names the all-numeric ID columns whose zeros may be lost with nothing left to show
it (``maybe_zeros_finding``).
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from typing import Any
from collections.abc import Collection

from core.damage import roles
from core.damage.spill import SpillValues, spilled_rows
from core.damage.values import scientific_pattern
from core.damage.verdicts import Verdict, decision, emit, joined
from core.findings import Finding
from core.roster import Roster
from core.table import Table

_ZERO_FIRST_LINE = re.compile(r"\n(0[^\n]+)(?=\n)")

# The window checks the whole roster again after every edit; an edit in one file must not make a
# million-row file be judged again. What is made from a table's distinct values is kept per table
# object and its revision (bumped by every change). A column's own distinct values are the table's
# to keep (``Table.distinct``); only what is made from them is kept here.
_TOKENS: weakref.WeakKeyDictionary[Table, tuple[int, dict[Any, set[str]]]] = weakref.WeakKeyDictionary()


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
            text = "\n" + "\n".join(tokens) + "\n"
        else:
            text = joined(table, col, tokens)[0]
        found = set()
        if "\n0" in text:
            # lines are tokens, except where a value holds a line break: keep real tokens only.
            # The set then holds the table's strings, not the copies the pattern made (100,000
            # padded ids: 5 MB more, kept while the table does not change)
            found = set(filter(str.isdigit, _ZERO_FIRST_LINE.findall(text))).intersection(tokens)
        cache[key] = found
    return found


def pool_widths(roster: Roster, spilled: SpillValues | None = None) -> dict[str, tuple[int, int]]:
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


def find_zeros(table: Table, col: int, width: int, evidence: int, out: list[Finding]) -> None:
    """IDs (or items of an ID list) shorter than ``width``, the width ``evidence`` padded values of
    their kind share: a repair when two or more show it, else a repair to ask about."""
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

    emit(table, col, judge, out)


# --- zeros lost unseen -------------------------------------------------------------------------
def zero_columns(roster: Roster, spilled: SpillValues | None = None) -> list[tuple[Table, int]]:
    """The ID columns that hold only numbers, none zero-padded, whose kind of ID shows no padding
    width anywhere in the set: in a set a spreadsheet has touched, zeros may be lost there with
    nothing left to show it. Only columns of identifiers count (a period ``1`` or a subject code
    is no ID); a value in scientific notation counts as the number it stands for. ``spilled``: the
    values spilled records hold once put back (their shifted cells do not count)."""
    widths = pool_widths(roster, spilled)
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
