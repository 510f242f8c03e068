"""Any values at all: the damage checks never fail, and applying their safe repairs settles them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.damage import apply_changes, detect_damage, propose_repairs
from core.roster import Roster
from core.table import Table

TRICKY = [
    "", "0", "00", "0101", "101", "000101", "4501", "1.23457E+11", "1.5E+3", "9", "09", "K", "KG", "12-Jan", "Jan-12",
    "1/12/2026", "8/15/2026", "15/08/2026", "1/2/2026", "15-Aug-26", "2026-08-15", "2026-08-15 00:00:00", "TRUE",
    "false", "Yes", "1", "JosÃ©", "Ã\uf081lvarez", "O\u2019Brien", "a\u00a0b", "x\u200b", " pad ", "=SUM(A1)", "-", "@",
    "1.0", "1.1", "1.10", "09,10", "1,3", ",", "a,b", "\u00e9",
]
COLUMNS = ["sourcedId", "orgSourcedIds", "grades", "beginDate", "enabledUser", "givenName", "identifier", "periods", "value", "propertyName"]


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(["users.csv", "classes.csv", "enrollments.csv", "manifest.csv"]),
    cols=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=5, unique=True),
    data=st.data(),
)
def test_checks_never_fail_and_safe_repairs_settle(name, cols, data) -> None:  # type: ignore[no-untyped-def]
    nrows = data.draw(st.integers(min_value=0, max_value=6))
    rows = [[data.draw(st.sampled_from(TRICKY)) for _ in cols] for _ in range(nrows)]
    extra = data.draw(st.dictionaries(st.integers(0, max(nrows - 1, 0)), st.lists(st.sampled_from(TRICKY), min_size=1, max_size=2), max_size=2)) if nrows else {}
    table = Table.from_rows(name, cols, rows, extra_fields=extra)
    roster = Roster("r")
    roster.add(table)
    for f in detect_damage(roster):
        assert f.message  # every finding can be worded
        assert f.fix is None or isinstance(f.fix, str)
    for _ in range(4):
        changes = [c for r in propose_repairs(roster) if r.safe for c in r.changes]
        if not apply_changes(roster, changes):
            break
    else:
        raise AssertionError("safe repairs keep finding something to change")


_PIECES = st.sampled_from(["0", "1", "9", "e", "E", "+", "-", ".", "=", "@", " ", "\t", "\n", "a", "é", "Ã©", "\u00a0", ","])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=6).map("".join), min_size=1, max_size=8), st.booleans())
def test_prefilters_keep_every_value_the_judges_would_name(values, repeat_values) -> None:  # type: ignore[no-untyped-def]
    """The C-level prefilters may keep a harmless value, but never drop one the judges name."""
    from core.damage import text, zeros

    column = values * 3 if repeat_values else values  # mostly distinct or not: both joins
    table = Table.from_rows("users.csv", ["identifier"], [[v] for v in column])
    named = {v for v in set(column) if text.judge_any(v)}
    assert named <= text.any_suspects(table, 0)
    padded = {v for v in set(column) if len(v) > 1 and v[0] == "0" and v.isdigit()}
    assert zeros._padded(table, 0) == padded
