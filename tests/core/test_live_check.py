"""The live check without Qt: an edit's marks at once, completeness, and marks as a whole check gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core.live_check as live_check
from core.edits import Edit, InsertRows, SetCells
from core.io.load import load_roster
from core.live_check import LiveCheck, Next
from core.rules import RuleEngine

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"


def edit(live: LiveCheck, e: Edit) -> live_check.Step:
    """Apply an edit and tell the live check, as the window does."""
    e.apply(live.roster)
    if isinstance(e, SetCells):
        return live.cells_changed(e.table, e.touched_cells)
    return live.rows_changed(e.table)


def codes_at(live: LiveCheck, file: str, column: str, line: int) -> list[str]:
    t = live.roster[file]
    row = t.row_of_line(line)
    assert row is not None
    return [f.code for f in live.cell_findings(file, row, t.col_index(column) or 0)]


@pytest.fixture
def live() -> LiveCheck:
    check = LiveCheck(load_roster([str(SAMPLE)]))
    check.check_now()
    return check


def test_a_fixed_cell_loses_its_mark_at_once_and_the_full_check_follows_after_a_pause(
    live: LiveCheck, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert live.complete and codes_at(live, "users.csv", "givenName", 9) == ["value.required"]
    full: list[int] = []
    real = RuleEngine.check_all
    monkeypatch.setattr(RuleEngine, "check_all", lambda self: full.append(1) or real(self))
    users = live.roster["users.csv"]
    step = edit(live, SetCells("users.csv", [(users.row_of_line(9) or 0, users.col_index("givenName") or 0, "Piotr")]))
    assert codes_at(live, "users.csv", "givenName", 9) == [] and full == []
    assert step.findings and step.next is Next.AFTER_PAUSE
    # the marks are right, but file-level findings wait for the full check: not complete yet
    assert not live.complete
    live.check_now()
    assert live.complete and full == [1]


def test_a_background_full_check_is_complete_only_when_no_edit_came_meanwhile(live: LiveCheck) -> None:
    work = live.start_full()
    assert live.running
    users = live.roster["users.csv"]
    result = work()
    edit(live, SetCells("users.csv", [(0, users.col_index("givenName") or 0, "Zoe")]))
    step, warm = live.finish_full(result)
    # a warm engine already re-checked the edit: this check may have read the cell either way
    assert not step.findings and step.next is Next.SOON and warm is None and not live.running
    assert not live.complete
    second = live.start_full()()
    step, warm = live.finish_full(second)
    assert step.findings and live.complete and warm is not None and live.running
    warm()
    assert live.warmed(second).next is Next.NONE and not live.running and live.complete


def test_rows_moved_make_the_findings_incomplete_until_checked(live: LiveCheck) -> None:
    users = live.roster["users.csv"]
    step = edit(live, InsertRows("users.csv", users.nrows, [[""] * users.ncols]))
    assert step.next is Next.SOON and not live.complete
    live.check_now()
    col = users.col_index("sourcedId") or 0
    assert "value.required" in [f.code for f in live.cell_findings("users.csv", users.nrows - 1, col)]


def test_a_profile_change_makes_the_findings_incomplete(live: LiveCheck) -> None:
    assert live.check_against("renaissance", None).next is Next.SOON
    assert not live.complete


_FILES = ["users.csv", "enrollments.csv", "classes.csv", "orgs.csv", "academicSessions.csv"]
_VALUES = ["", "s-20033", "s-30099", "t-1001", "student", "teacher", "TRUE", "true", "09", "9", "cls-1", "0101", "x"]


def _marks(live: LiveCheck, skip: set[tuple[str, int, int]]) -> dict[tuple[str, int, int], list[str]]:
    out: dict[tuple[str, int, int], list[str]] = {}
    for file in _FILES:
        t = live.roster[file]
        for r in range(t.nrows):
            for c in range(t.ncols):
                if (file, r, c) in skip:
                    continue
                found = [f.code for f in live.cell_findings(file, r, c)]
                if found:
                    out[(file, r, c)] = found
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_FILES), st.integers(0, 20), st.integers(0, 20), st.sampled_from(_VALUES)),
                min_size=1, max_size=5))
def test_random_edits_on_a_large_roster_mark_as_a_whole_check_does(
    monkeypatch: pytest.MonkeyPatch, edits: list[tuple[str, int, int, str]]
) -> None:
    monkeypatch.setattr(live_check, "LARGE_FINDINGS", 0)  # the sample counts as large: marks in place
    live = LiveCheck(load_roster([str(SAMPLE)]))
    live.check_now()
    touched: set[tuple[str, int, int]] = set()
    for file, row, col, value in edits:
        t = live.roster[file]
        row, col = row % t.nrows, col % t.ncols
        step = edit(live, SetCells(file, [(row, col, value)]))
        assert step.marks or step.findings or step.next is Next.SOON
        touched.add((file, row, col))
    in_place = _marks(live, touched)
    live.check_now()
    whole = _marks(live, touched)
    # Damage is judged on a whole column's evidence (one "09" makes the column's plain numbers
    # suspect), so in an edited column only the whole check knows it; there a damage finding may
    # also stand for a rule's finding on its cell. Everywhere else the marks must be the same.
    edited_columns = {(f, c) for f, _, c in touched}
    for key in set(in_place) | set(whole):
        got, want = in_place.get(key, []), whole.get(key, [])
        if (key[0], key[2]) not in edited_columns:
            assert got == want, key
        elif not any(code.startswith("damage.") for code in want):
            assert [c for c in got if not c.startswith("damage.")] == want, key
