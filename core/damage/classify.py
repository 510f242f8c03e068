"""Which known damage turns a value into another: the reference comparison and the spill repair
both ask it (a cell that differs from its earlier value is damage only when this names how)."""

from __future__ import annotations

from core.damage import roles
from core.damage.values import (
    clean_text,
    fix_boolean,
    fix_grade_item,
    grade_range_from_date,
    mojibake_of,
    precision_matches,
    read_date,
    scientific_matches,
)


def unpad(v: str) -> str:
    """An all-digit value without its leading zeros (``0`` stays ``0``); any other value as it is."""
    return v.lstrip("0") or "0" if v.isdigit() else v


def classify(want: str, got: str, column: str) -> str | None:
    """The damage code that turns ``want`` (the reference value) into ``got``, or None."""
    if want == got:
        return None
    if not want.isascii() and mojibake_of(want).fullmatch(got):
        # before any cleaning: a repair of part of it (ftfy undoes what it can) would hide the match
        return "damage.mojibake"
    cleaned, codes = clean_text(got)
    if codes:
        # cleaning first: " 9" is a grade 9 with a space; the first thing wrong names the damage
        return codes[0] if cleaned == want or classify(want, cleaned, column) else None
    if roles.is_grades(column):
        if grade_range_from_date(got) is not None:
            return "damage.grade_date"
        items = got.split(",")
        fixed = [(fix_grade_item(i) or ("", i))[1] for i in items]
        if ",".join(fixed) == want:
            return next((f[0] for i in items if (f := fix_grade_item(i))), None)
    if scientific_matches(want, got):
        return "damage.scientific"
    if precision_matches(want, got):
        return "damage.precision"
    w_items, g_items = want.split(","), got.split(",")
    if len(w_items) == len(g_items) and all(w.isdigit() for w in w_items) and all(g.isdigit() for g in g_items):
        if [unpad(w) for w in w_items] == [unpad(g) for g in g_items]:
            return "damage.leading_zeros"
    reading = read_date(got)
    if reading is not None and want in (reading.fixed, reading.mdy, reading.dmy):
        return "damage.date_format"
    if fix_boolean(got) == want:
        return "damage.boolean"
    if column == "value" and want in ("1.0", "1.1", "1.2"):
        try:
            if float(got) == float(want):
                return "damage.manifest_version" if want == "1.0" else "damage.oneroster_version"
        except ValueError:
            pass
    if not want.isascii() and mojibake_of(want).fullmatch(got):
        return "damage.mojibake"
    return None
