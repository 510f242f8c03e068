"""Repeated enrollments and second primary teachers: the full check's pass over the whole file and
the row-by-row check of a re-check give the same findings, on shapes that break and keep the rule."""

from __future__ import annotations

import random

import pytest
from rules_fixtures import CLEAN_11, only, roster

from core.findings import Finding
from core.rules import RuleEngine, check_rules
from core.rules.duplicates import duplicate_findings
from core.rules.state import Index

HEADER = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"


def _enrollments(*rows: str) -> str:
    return HEADER + "".join(r + "\n" for r in rows)


def _key(f: Finding) -> tuple:
    return (f.severity, f.code, f.file, f.row, f.line, f.column, f.col, f.value, f.fix, sorted(f.params.items()))


def _full_equals_row_by_row(enrollments: str) -> list[Finding]:
    """The enrollment findings of a full check, after asserting a re-check of every row agrees."""
    r = roster(CLEAN_11, enrollments_csv=enrollments)
    engine = RuleEngine(r)
    full = [f for f in engine.check_all() if f.file == "enrollments.csv" and f.row is not None]
    fresh, _scope = engine.recheck("enrollments.csv", set(range(r["enrollments.csv"].nrows)))
    assert sorted(map(_key, fresh)) == sorted(map(_key, full))
    return full


def test_a_file_appended_to_itself_gives_one_warning_per_added_row():
    body = CLEAN_11["enrollments.csv"].splitlines()[1:]
    again = [("x" + line) for line in body]  # the same rows under new sourcedIds
    fs = only(_full_equals_row_by_row(_enrollments(*body, *again)), "unique.enrollment")
    assert [(f.row, f.line, f.params["first_line"], f.column, f.value) for f in fs] == [
        (5 + k, 7 + k, 2 + k, "userSourcedId", line.split(",")[5]) for k, line in enumerate(body)
    ]
    assert only(check_rules(roster(CLEAN_11)), "unique.enrollment") == []


def test_lines_follow_records_of_several_lines_and_inserted_rows():
    """Findings name the file's lines: a record holding a line break shifts the lines after it, and
    rows inserted in the window have none; both ways of making findings agree."""
    text = _enrollments(
        'e1,,,cls2,sch2,s2,student,false,,',
        'e2,,,cls2,sch2,t2,teacher,"true",,',
        'e3,"",,"cls2",sch2,s2,student,false,,',
    ).replace('e2,,,cls2', 'e2,"a\nb",,cls2')
    fs = only(_full_equals_row_by_row(text), "unique.enrollment")
    assert [(f.row, f.line, f.params["first_line"]) for f in fs] == [(2, 5, 2)]
    r = roster(CLEAN_11, enrollments_csv=_enrollments("e1,,,cls2,sch2,s2,student,false,,", "e3,,,cls2,sch2,s2,student,false,,"))
    r["enrollments.csv"].insert_rows(0, [["e0", "", "", "cls2", "sch2", "s2", "student", "false", "", ""]])
    engine = RuleEngine(r)
    full = only(engine.check_all(), "unique.enrollment")
    assert [(f.row, f.line, f.params["first_line"]) for f in full] == [(1, 2, None), (2, 3, None)]
    fresh, _scope = engine.recheck("enrollments.csv", {0, 1, 2})
    assert sorted(map(_key, only(fresh, "unique.enrollment"))) == sorted(map(_key, full))


def test_repeats_found_across_slices(monkeypatch):
    """The full check reads the classes a slice at a time: a repeat first met in a later slice
    switches from sets of users to dicts of first rows, and the repeats come out in row order."""
    import core.rules.duplicates as duplicates

    body = CLEAN_11["enrollments.csv"].splitlines()[1:]
    again = [("x" + line) for line in body]
    for size in (1, 2, 3, 64):
        monkeypatch.setattr(duplicates, "_GROUPS", size)
        fs = only(_full_equals_row_by_row(_enrollments(*body, *again)), "unique.enrollment")
        assert [(f.row, f.params["first_line"]) for f in fs] == [(5 + k, 2 + k) for k in range(5)]


def test_repeats_found_by_hash_where_classes_have_one_row_each(monkeypatch):
    """A large file whose classes hold one row each, mostly, indexes them as chains: the repeats are
    then keyed by the hash of (user, class) over the file, a slice at a time, and the keys proved."""
    import core.rules.duplicates as duplicates
    import core.rules.state as state

    monkeypatch.setattr(state, "CHAIN_ROWS", 1)
    rows = [f"e{i},,,cls{i},sch1,s{i},student,false,," for i in range(40)]
    rows += ["x5,,,cls5,sch1,s5,student,false,,", "x7,,,cls7,sch1,s7,teacher,false,,", "x9,,,,sch1,s9,student,false,,",
             "y9,,,,sch1,s9,student,false,,"]
    for size in (1, 3, 64):
        monkeypatch.setattr(duplicates, "SLICE", size)
        r = roster(CLEAN_11, enrollments_csv=_enrollments(*rows))
        engine = RuleEngine(r)
        fs = only(engine.check_all(), "unique.enrollment")
        enr = engine.states["enrollments.csv"]
        assert isinstance(enr.index(enr.col("classSourcedId")), state.RowChains)
        # x5 repeats e5; x7 is s7 in another role; x9 and y9 have no class (a blank class is its own finding)
        assert [(f.row, f.params["first_line"], f.value) for f in fs] == [(40, 7, "s5")]


def test_repeats_point_at_the_earliest_row_whose_dates_overlap():
    fs = _full_equals_row_by_row(_enrollments(
        "e1,,,cls2,sch2,s2,student,false,2026-08-17,2026-12-01",
        "e2,,,cls2,sch2,s2,student,false,2027-01-19,2027-06-01",  # another term: not a repeat
        "e3,,,cls2,sch2,s2,student,false,2027-02-01,2027-03-01",  # inside e2's span only
        "e4,,,cls2,sch2,s2,student,false,,",  # open dates overlap the first row
        "e5,,,cls2,sch2,s2,teacher,false,,",  # another role: not a repeat
        "e6,,,cls2,sch2,s2,student,false,2026-12-05,2026-12-05",  # misses e1 and e2, overlaps e4
        "e7,,, ,sch2,s2,student,false,,",
        "e8,,, ,sch2,s2,student,false,,",  # a blank class is the required-value finding's business
    ))
    assert [(f.row, f.params["first_line"]) for f in only(fs, "unique.enrollment")] == [(2, 3), (3, 2), (5, 5)]


def test_repeats_judged_per_class_where_a_class_has_spans_that_miss_each_other():
    """The full check judges dates per class: in a class whose latest begin is before its earliest
    end every two rows overlap, so a repeat names its key's first row without comparing dates;
    only the repeats of other classes are compared row by row (both kinds in one file)."""
    body = [
        "e1,,,cls1,sch1,s1,student,false,2026-08-17,2027-01-16",
        "e2,,,cls1,sch1,t1,teacher,true,2026-09-01,",
        "e3,,,cls2,sch2,s2,student,false,2026-08-17,2026-10-01",  # left ...
        "e4,,,cls2,sch2,s2,student,false,2026-11-01,2027-06-01",  # ... and came back: no repeat
        "e5,,,cls2,sch2,t2,teacher,true,,",
    ]
    again = [("x" + line) for line in body]
    fs = only(_full_equals_row_by_row(_enrollments(*body, *again, "e6,,,cls2,sch2,s2,student,false,2026-12-01,2026-12-02")),
              "unique.enrollment")
    assert [(f.row, f.params["first_line"]) for f in fs] == [(5, 2), (6, 3), (7, 4), (8, 5), (9, 6), (10, 5)]


def test_a_date_written_while_the_check_runs_is_judged_too():
    """The window edits while a full check runs in the background: a date the column's distinct
    values (read before) do not have yet is judged when met, not a failure of the check."""
    r = roster(CLEAN_11, enrollments_csv=_enrollments(
        "e1,,,cls2,sch2,s2,student,false,2026-09-01,2026-10-01",
        "e2,,,cls2,sch2,s2,student,false,2027-02-01,2027-03-01",
        "e3,,,cls2,sch2,s2,student,false,2026-09-15,2027-02-20",
    ))
    engine = RuleEngine(r)
    engine.check_all()
    t = engine.states["enrollments.csv"]
    bc = t.col("beginDate")
    t.table.distinct(bc)  # type: ignore[arg-type]
    t.table.columns[bc][2] = "2027-02-15"  # type: ignore[index]  # behind the cached distinct values' back
    fs = duplicate_findings(t)
    assert [(f.row, f.params["first_line"]) for f in fs] == [(2, 3)]


def test_repeats_only_of_blank_classes_are_none():
    fs = _full_equals_row_by_row(_enrollments("e1,,, ,sch2,s2,student,false,,", "e2,,, ,sch2,s2,student,false,,"))
    assert only(fs, "unique.enrollment") == [] and len(only(fs, "value.required")) == 2


def test_a_user_with_two_roles_in_a_class():
    fs = _full_equals_row_by_row(_enrollments(
        "e1,,,cls2,sch2,t2,student,false,,",
        "e2,,,cls2,sch2,t2,teacher,false,,",  # another role: not a repeat of e1
        "e3,,,cls2,sch2,t2,teacher,false,,",  # a repeat of e2
        "e4,,,cls2,sch2,t2,student,false,,",  # a repeat of e1
    ))
    assert [(f.row, f.params["first_line"]) for f in only(fs, "unique.enrollment")] == [(2, 3), (3, 2)]


def test_second_primary_teacher_but_not_the_same_teacher_twice():
    fs = _full_equals_row_by_row(_enrollments(
        "e1,,,cls2,sch2,t2,teacher,true,,",
        "e2,,,cls2,sch2,t2,teacher,true,,",  # the same teacher again: a repeat, not a second primary
        "e3,,,cls2,sch2,t1,teacher,true,2027-01-19,",  # a second primary teacher while t2 is
        "e4,,,cls1,sch1,t1,teacher,true,,",
        "e5,,,cls1,sch1,t2,teacher,true,2026-08-17,2026-08-18",
        "e6,,,cls1,sch1,t2,teacher,true,2026-09-01,2026-09-10",  # after e5: t1 (e4) is the other
    ))
    assert [(f.row, f.params["first_line"]) for f in only(fs, "unique.primary_teacher")] == [(2, 2), (4, 5), (5, 5)]
    assert [(f.row, f.params["first_line"]) for f in only(fs, "unique.enrollment")] == [(1, 2)]


def test_index_keeps_the_rows_of_a_value_in_order():
    idx = Index.build(4, lambda a, b: ["x", "y", "x", "x"][a:b])
    idx.remove("x", 0)
    idx.add("x", 1)
    idx.add("x", 0)
    assert idx.rows("x") == [0, 1, 2, 3] and idx.first("x") == 0
    idx.remove("y", 1)
    idx.remove("x", 2)
    idx.remove("x", 3)
    assert idx.rows("x") == [0, 1] and idx.first("x") == 0


def test_a_user_in_a_class_twice_in_two_roles_is_no_repeat_and_no_crash():
    # the (user, class) pair repeats, so the class index cannot prove the file clean; the exact
    # key (user, class, role) does not repeat: no finding
    fs = _full_equals_row_by_row(_enrollments(
        "e1,,,cls1,sch1,t1,teacher,true,,", "e2,,,cls1,sch1,s1,student,false,,", "e3,,,cls1,sch1,s1,teacher,false,,"))
    assert only(fs, "unique.enrollment") == []


def test_a_clean_file_is_proved_on_the_class_index_and_a_repeat_is_still_found():
    r = roster(CLEAN_11)
    engine = RuleEngine(r)
    assert only(engine.check_all(), "unique.enrollment") == []
    cc = r["enrollments.csv"].col_index("classSourcedId")
    assert cc in engine.states["enrollments.csv"]._index  # built by the full check, kept for re-checks
    fs = _full_equals_row_by_row(_enrollments(
        "e1,,,cls1,sch1,t1,teacher,true,,", "e2,,,cls1,sch1,s1,student,false,,", "e3,,,cls2,sch2,s1,student,false,,",
        "e4,,,cls1,sch1,s1,student,false,,", "e5,,,,sch1,s2,student,false,,", "e6,,,,sch1,s2,student,false,,"))
    # s1 twice in cls1 (e4 repeats e2); s2 twice with no class is reported as a blank class, not a repeat
    assert [(f.row, f.params["first_line"]) for f in only(fs, "unique.enrollment")] == [(3, 3)]


def _random_enrollments(rng: random.Random, n: int, classes: int, blank: float = 0.1) -> str:
    """Rows drawn from a few users, roles, spans and classes (a blank one too), many repeating."""
    spans = [("", ""), ("2026-08-17", "2027-01-16"), ("2027-01-19", "2027-06-01"), ("2026-09-01", ""), ("", "2026-08-20"),
             ("2026-12-05", "2026-12-05"), ("2027-02-01", "2026-10-01")]  # the last one is empty: it overlaps nothing
    rows = []
    for i in range(n):
        cls = " " if rng.random() < blank else f"cls{rng.randrange(classes)}"
        b, e = rng.choice(spans)
        rows.append(f"e{i},,,{cls},sch1,u{rng.randrange(4)},{rng.choice(['student', 'teacher'])},{rng.choice(['true', 'false'])},{b},{e}")
    return _enrollments(*rows)


@pytest.mark.parametrize("seed", range(12))
def test_random_files_give_the_same_repeats_as_the_row_by_row_check(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The full check's pass (per class on the class index, a few classes to a slice) and the
    re-check's row-by-row judgement agree on random files; and on files of mostly one-row classes,
    whose class index is chained, through the hash of (user, class)."""
    import core.rules.duplicates as duplicates
    import core.rules.state as state

    rng = random.Random(seed)
    monkeypatch.setattr(duplicates, "_GROUPS", rng.choice([1, 2, 5]))
    assert only(_full_equals_row_by_row(_random_enrollments(rng, 60, 4)), "unique.enrollment")
    monkeypatch.setattr(state, "CHAIN_ROWS", 1)
    monkeypatch.setattr(duplicates, "SLICE", rng.choice([1, 7, 64]))
    text = _random_enrollments(rng, 100, 10**6, blank=0.02)
    lines = text.splitlines()
    again = [f"x{line}" for line in rng.sample(lines[1:], 4)]  # a few rows again: repeats in one-row classes
    r = roster(CLEAN_11, enrollments_csv="\n".join(lines + again) + "\n")
    engine = RuleEngine(r)
    full = [f for f in engine.check_all() if f.file == "enrollments.csv" and f.row is not None]
    enr = engine.states["enrollments.csv"]
    assert isinstance(enr.index(enr.col("classSourcedId")), state.RowChains)
    fresh, _scope = engine.recheck("enrollments.csv", set(range(r["enrollments.csv"].nrows)))
    assert sorted(map(_key, fresh)) == sorted(map(_key, full))
    assert only(full, "unique.enrollment")
