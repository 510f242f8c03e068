"""Damage any column can show: text (mojibake, curly quotes, no-break and zero-width spaces, spaces
at the ends), formula-like values and numbers in scientific notation.

``judge_any`` judges one distinct value for all of them at once (``judge_number`` is the judge of
the float columns, where a minus or an exponent is no damage); ``any_suspects`` finds, with C-level
passes over the column, the few distinct values ``judge_any`` can have a verdict on.
"""

from __future__ import annotations

import re
from itertools import compress, filterfalse, repeat
from operator import contains

from core.damage.values import clean_text, is_formula_like, looks_mojibake, scientific_pattern
from core.damage.verdicts import Verdict, decision, joined
from core.findings import Severity
from core.table import Table

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


def judge_any(value: str) -> list[Verdict]:
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


def any_suspects(table: Table, col: int) -> set[str]:
    """The distinct values of a column that ``judge_any`` can have a verdict on, found with C-level
    passes: every other value is plain ASCII, not empty, with no space, tab or formula sign at
    either end and no scientific shape, and ``judge_any`` returns nothing for it at once.

    On a column of a million ids this takes a tenth of judging each value in Python.
    """
    distinct = table.distinct_values(col)
    text, count = joined(table, col, distinct)
    suspects: set[str] = set()
    if "\n\n" in text and "" in distinct:  # an empty value shows as two line breaks together
        suspects.add("")
    if not text.isascii():
        suspects.update(filterfalse(str.isascii, distinct))
    if text.count("\n") != count + 1:
        suspects.update(compress(distinct, map(contains, distinct, repeat("\n"))))  # a value on two lines
    # a character at a value's start or end shows as that character beside a line break
    if any(c in text and "\n" + c in text for c in _ODD_STARTS):
        suspects.update(compress(distinct, map(str.startswith, distinct, repeat(_ODD_STARTS))))
    if any(c in text and c + "\n" in text for c in _ODD_ENDS):
        suspects.update(compress(distinct, map(str.endswith, distinct, repeat(_ODD_ENDS))))
    if "e" in text or "E" in text:
        suspects.update(_SCIENTIFIC_LINE.findall(text))
    return suspects


def judge_number(value: str) -> list[Verdict]:
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
