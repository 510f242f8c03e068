"""Re-checking edited rows gives exactly what a full check of the edited roster gives."""

from __future__ import annotations

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
