"""Re-checking edited rows gives exactly what a full check of the edited roster gives."""

from __future__ import annotations

import os

import pytest
from rules_fixtures import CLEAN_11, roster, set_value

from core.findings import Finding
from core.rules import ALL, RuleEngine, in_scope, scope_key


def _key(f: Finding) -> tuple:
    return (f.severity, f.code, f.file, f.row, f.line, f.column, f.col, f.value, f.fix, sorted(f.params.items()))


def _row_level(findings: list[Finding]) -> list[tuple]:
    return sorted(_key(f) for f in findings if f.row is not None)


EDITS = [
    ("users.csv", 2, "givenName", ""),
    ("classes.csv", 0, "sourcedId", "cls9"),  # enrollments of cls1 lose their class
    ("orgs.csv", 1, "type", "district"),  # classes and enrollments at sch1 point to a non-school
    ("orgs.csv", 1, "sourcedId", "schX"),
    ("users.csv", 2, "role", "teacher"),  # s1's student enrollment now names a teacher
    ("academicSessions.csv", 1, "endDate", "2026-12-01"),  # e1 ends after its class's term (two hops)
    ("enrollments.csv", 4, "primary", "true"),  # second primary teacher in cls2
    ("enrollments.csv", 2, "primary", "false"),
    ("enrollments.csv", 4, "userSourcedId", "t2"),  # duplicate enrollment
    ("users.csv", 3, "username", "s1"),
    ("users.csv", 1, "email", "malvarez@maple.example.org"),
    ("orgs.csv", 0, "parentSourcedId", "sch2"),  # cycle dist -> sch2 -> dist
    ("demographics.csv", 0, "sourcedId", "s2"),
    ("courses.csv", 0, "subjectCodes", "MATH,ALG"),
    ("users.csv", 0, "sourcedId", "t2"),  # duplicate sourcedId; enrollments of t1 dangle
]


@pytest.mark.parametrize("edit", EDITS, ids=[f"{e[0]}:{e[2]}={e[3]}" for e in EDITS])
def test_recheck_equals_full_check(edit):
    file, row, column, value = edit
    r = roster(CLEAN_11)
    engine = RuleEngine(r)
    before = engine.check_all()
    set_value(r, file, row, column, value)
    fresh, scope = engine.recheck(file, {row})
    assert scope_key(file, row) in scope
    merged = [f for f in before if not in_scope(f, scope)] + fresh
    full = RuleEngine(r).check_all()
    assert _row_level(merged) == _row_level(full)
    assert sorted(map(_key, (f for f in merged if f.row is None))) == sorted(map(_key, (f for f in full if f.row is None)))
    # and back again
    set_value(r, file, row, column, CLEAN_11_VALUE(file, row, column))
    fresh2, scope2 = engine.recheck(file, {row})
    merged2 = [f for f in merged if not in_scope(f, scope2)] + fresh2
    assert _row_level(merged2) == _row_level(before)


def CLEAN_11_VALUE(file: str, row: int, column: str) -> str:
    t = roster(CLEAN_11)[file]
    return t.cell(row, t.header.index(column))


def test_sequence_of_edits_with_warm_indexes():
    r = roster(CLEAN_11)
    engine = RuleEngine(r)
    findings = engine.check_all()
    engine.warm()
    for file, row, column, value in EDITS[:8]:
        set_value(r, file, row, column, value)
        fresh, scope = engine.recheck(file, {row})
        findings = [f for f in findings if not in_scope(f, scope)] + fresh
    assert _row_level(findings) == _row_level(RuleEngine(r).check_all())


def test_indexes_built_while_the_window_edits_keep_the_checked_values(monkeypatch):
    """warm() runs in the background while the window edits: a cell changed between two slices of
    an index build is indexed with its checked value, and a re-check of its row then catches up."""
    import core.rules.state as state
    from core import pacing

    monkeypatch.setattr(state, "SLICE", 2)
    r = roster(CLEAN_11)
    engine = RuleEngine(r)
    engine.check_all()
    enr = r["enrollments.csv"]
    cc = enr.col_index("classSourcedId")
    last = enr.nrows - 1
    checked = enr.cell(last, cc)
    # the full check built the class index (for its repeated-enrollment proof): warm() builds it again here
    engine.states["enrollments.csv"]._index.pop(cc)
    edits: list[int] = []
    read: list[int] = []
    real = state.TableState.checked_values

    def checked_values(self, col):  # type: ignore[no-untyped-def]
        values = real(self, col)

        def reading(start, stop):  # type: ignore[no-untyped-def]
            if self.name == "enrollments.csv" and col == cc:
                read.append(start)
            return values(start, stop)

        return reading

    monkeypatch.setattr(state.TableState, "checked_values", checked_values)

    def window_edits() -> None:  # the window's turn at a pause point, once the build has begun
        if read and not edits:
            edits.append(1)
            enr.set_cell(last, cc, "cls9")

    pacing.set_pause_hook(window_edits)
    try:
        engine.warm()
    finally:
        pacing.set_pause_hook(None)
    assert edits and read[0] == 0 and max(read) >= last - 1  # edited between slices of this build
    idx = engine.states["enrollments.csv"].index(cc)
    assert last in idx.rows(checked) and last not in idx.rows("cls9")
    assert engine.edited_rows() == {"enrollments.csv": {last}}
    fresh, _scope = engine.recheck("enrollments.csv", {last})
    assert engine.edited_rows() == {}
    assert "ref.missing" in [f.code for f in fresh if f.row == last]


def test_recheck_scope_is_small_and_only_rows():
    r = roster(CLEAN_11)
    engine = RuleEngine(r)
    engine.check_all()
    set_value(r, "users.csv", 2, "givenName", "Anna")
    fresh, scope = engine.recheck("users.csv", {2})
    assert fresh == [] and scope == {scope_key("users.csv", 2)}
    header = Finding("error", "header.missing_column", file="users.csv", line=1)
    assert not in_scope(header, scope)


def test_structure_change_falls_back_to_full_check():
    r = roster(CLEAN_11)
    engine = RuleEngine(r)
    engine.check_all()
    r["users.csv"].delete_rows([4])
    fresh, scope = engine.recheck("users.csv", {0})
    assert scope == {ALL}
    assert _row_level(fresh) == _row_level(RuleEngine(r).check_all())
    set_value(r, "manifest.csv", 0, "value", "1")
    fresh, scope = engine.recheck("manifest.csv", {0})
    assert scope == {ALL} and "manifest.version" in [f.code for f in fresh]


# --- any sequence of edits: re-checks keep the findings equal to a full check ---------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: ROSTERPREP_HYPOTHESIS_SCALE=20 runs twenty times the examples (a longer hunt outside CI)
_SCALE = int(os.environ.get("ROSTERPREP_HYPOTHESIS_SCALE", "1"))

_FILES = ["orgs.csv", "users.csv", "classes.csv", "courses.csv", "enrollments.csv", "academicSessions.csv", "demographics.csv"]
_VALUES = ["", " ", "sch1", "sch2", "dist", "cls1", "cls2", "crs1", "t1", "t2", "s1", "s2", "p1", "fall", "spring", "sy",
           "student", "teacher", "parent", "school", "district", "true", "TRUE", "false", "2026-09-01", "2027-07-01",
           "2027-02-30", "9", "03", "fall,spring", "sch1,sch9", "x y", "Scheduled", "homeroom", "a@b.org",
           "Yes", "No", "female", "Male", "sch1 ", "{SIS:1}", "s1,s2", "2026-08-17", "2027-01-16"]


@settings(max_examples=60 * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_FILES), st.integers(0, 4), st.integers(0, 17), st.sampled_from(_VALUES)),
                min_size=1, max_size=6),
       st.booleans(), st.sampled_from([None, "renaissance", "reference"]), st.booleans())
def test_random_edits_recheck_equals_full_check(edits, warm, profile, batched):
    r = roster(CLEAN_11)
    reference = roster(CLEAN_11) if profile == "reference" else None
    if reference is not None:
        reference["orgs.csv"].set_cell(2, 0, "sch3")
        reference["demographics.csv"].set_cell(0, 9, "Yes")
    profile = "renaissance" if profile else None
    engine = RuleEngine(r, profile, reference)
    findings = engine.check_all()
    if warm:
        engine.warm()
    pending: dict[str, set[int]] = {}
    for k, (file, row, col, value) in enumerate(edits):
        t = r[file]
        row, col = row % t.nrows, col % t.ncols
        t.set_cell(row, col, value)
        pending.setdefault(file, set()).add(row)
        # batched: several edits of a file (a paste, a replace) are re-checked together, as the
        # window does, once the next edit is in another file
        if batched and k + 1 < len(edits) and edits[k + 1][0] == file:
            continue
        fresh, scope = engine.recheck(file, pending.pop(file))
        findings = [f for f in findings if not in_scope(f, scope)] + fresh
    assert _row_level(findings) == _row_level(RuleEngine(r, profile, reference).check_all())
