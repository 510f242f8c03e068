"""Rules within a file (uniqueness, primary teacher) and across files (references and their kinds)."""

from __future__ import annotations

import pytest
from rules_fixtures import CLEAN_10, CLEAN_11, codes, only, roster, set_value

from core.rules import check_rules


def _check(file: str, row: int, column: str, value: str, profile: str | None = None, files=CLEAN_11, reference=None):
    r = roster(files)
    set_value(r, file, row, column, value)
    return check_rules(r, profile, reference)


def test_unique_sourced_id_marks_the_later_row():
    fs = only(_check("orgs.csv", 2, "sourcedId", "sch1"), "unique.sourced_id")
    (f,) = fs
    assert (f.row, f.line, f.params["first_line"], f.severity) == (2, 4, 3, "error")
    assert only(check_rules(roster(CLEAN_11)), "unique.sourced_id") == []


def test_unique_sourced_id_in_demographics():
    (f,) = only(_check("demographics.csv", 1, "sourcedId", "s1"), "unique.sourced_id")
    assert f.row == 1


def test_duplicate_username():
    (f,) = _check("users.csv", 3, "username", "s1")
    assert (f.code, f.severity, f.row) == ("unique.username", "warning", 3)
    (g,) = only(_check("users.csv", 3, "username", "s1", "renaissance"), "unique.username")
    assert g.severity == "error"


def test_duplicate_staff_email_only_among_staff():
    (f,) = _check("users.csv", 1, "email", "malvarez@maple.example.org")
    assert (f.code, f.severity, f.params["first_line"]) == ("unique.staff_email", "warning", 2)
    assert only(_check("users.csv", 1, "email", "malvarez@maple.example.org", "renaissance"), "unique.staff_email")[0].severity == "error"
    # a parent sharing a teacher's address is not a staff duplicate
    assert _check("users.csv", 4, "email", "malvarez@maple.example.org") == []


def test_duplicate_enrollment():
    (f,) = only(_check("enrollments.csv", 4, "userSourcedId", "t2"), "unique.enrollment")
    assert (f.row, f.params["first_line"], f.severity) == (4, 4, "warning")
    # the same student in the same class in two terms that do not overlap is not a duplicate
    r = roster(CLEAN_11)
    set_value(r, "enrollments.csv", 1, "beginDate", "2026-08-17")
    set_value(r, "enrollments.csv", 1, "endDate", "2026-12-01")
    set_value(r, "enrollments.csv", 3, "classSourcedId", "cls1")
    set_value(r, "enrollments.csv", 3, "schoolSourcedId", "sch1")
    set_value(r, "enrollments.csv", 3, "userSourcedId", "s1")
    set_value(r, "enrollments.csv", 3, "beginDate", "2026-12-01")
    set_value(r, "enrollments.csv", 3, "endDate", "2027-01-15")
    assert only(check_rules(r), "unique.enrollment") == []


def test_one_primary_teacher_per_class():
    (f,) = only(_check("enrollments.csv", 4, "primary", "true"), "unique.primary_teacher")
    assert (f.row, f.column, f.params["class_id"], f.params["first_line"]) == (4, "primary", "cls2", 4)


def test_primary_teacher_in_1_0():
    files = dict(CLEAN_10)
    files["enrollments.csv"] += "e3,cls1,sch1,p1,teacher,,,true\n"
    fs = check_rules(roster(files))
    assert "unique.primary_teacher" in codes(fs)


def test_reference_missing():
    (f,) = _check("enrollments.csv", 1, "userSourcedId", "s9")
    assert (f.code, f.column, f.params["item"], f.params["target"]) == ("ref.missing", "userSourcedId", "s9", "users.csv")


def test_list_reference_missing_names_the_item():
    (f,) = _check("users.csv", 1, "orgSourcedIds", "sch1,sch9")
    assert f.code == "ref.missing" and f.params["item"] == "sch9"
    (g,) = _check("classes.csv", 1, "termSourcedIds", "fall, winter")
    assert g.params == {"item": "winter", "target": "academicSessions.csv"}
    (h,) = _check("users.csv", 2, "agentSourcedIds", "p9")
    assert h.params["target"] == "users.csv"


def test_reference_into_missing_file():
    fs = check_rules(roster(CLEAN_11, courses_csv=None))
    (f,) = only(fs, "ref.file_missing")
    assert (f.file, f.column, f.row, f.params["target"]) == ("classes.csv", "courseSourcedId", None, "courses.csv")
    assert "ref.missing" not in codes(fs)


def test_demographics_point_at_users():
    (f,) = _check("demographics.csv", 0, "sourcedId", "s7")
    assert f.code == "ref.missing" and f.params["target"] == "users.csv"


def test_school_must_be_a_school():
    fs = _check("enrollments.csv", 1, "schoolSourcedId", "dist")
    (f,) = only(fs, "ref.not_school")
    assert f.params["org_type"] == "district" and f.row == 1
    (g,) = only(_check("classes.csv", 0, "schoolSourcedId", "dist"), "ref.not_school")
    assert g.file == "classes.csv"


def test_school_year_must_be_a_school_year():
    (f,) = _check("courses.csv", 0, "schoolYearSourcedId", "fall")
    assert (f.code, f.severity, f.params["session_type"]) == ("ref.not_school_year", "warning", "semester")


def test_enrollment_school_is_the_class_school():
    (f,) = _check("enrollments.csv", 1, "schoolSourcedId", "sch2")
    assert (f.code, f.params["class_id"], f.params["class_school"]) == ("ref.school_mismatch", "cls1", "sch1")


def test_student_enrollment_of_a_non_student():
    (f,) = _check("enrollments.csv", 1, "userSourcedId", "p1")
    assert (f.code, f.column, f.params["user_role"]) == ("ref.role_mismatch", "role", "parent")
    (g,) = only(_check("enrollments.csv", 4, "userSourcedId", "s1"), "ref.role_mismatch")
    assert g.params["enrollment_role"] == "teacher"


def test_parent_cycles():
    r = roster(CLEAN_11)
    set_value(r, "orgs.csv", 0, "parentSourcedId", "sch1")
    fs = only(check_rules(r), "ref.cycle")
    assert [(f.row, f.params["chain"]) for f in fs] == [(0, "dist -> sch1 -> dist"), (1, "sch1 -> dist -> sch1")]
    (g,) = only(_check("academicSessions.csv", 0, "parentSourcedId", "sy"), "ref.cycle")
    assert g.params["chain"] == "sy -> sy"


def test_orgs_must_exist_in_renaissance_export():
    reference = roster(CLEAN_11)
    set_value(reference, "orgs.csv", 2, "sourcedId", "sch3")
    fs = check_rules(roster(CLEAN_11), "renaissance", reference)
    (f,) = only(fs, "ref.org_not_in_reference")
    assert (f.value, f.params["name"], f.severity) == ("sch2", "Oak Middle", "error")
    assert only(check_rules(roster(CLEAN_11), "renaissance", roster(CLEAN_11)), "ref.org_not_in_reference") == []


def test_a_date_edited_while_a_background_check_runs_does_not_fail_it():
    """The check reads a column's distinct values, then its rows: an edit in between (the window
    edits while the check runs in the worker) leaves a row value the distinct values lack."""
    r = roster(CLEAN_11)
    set_value(r, "enrollments.csv", 3, "beginDate", "2027-07-01")  # after its end: dates are judged row by row
    t = r["enrollments.csv"]
    col = t.col_index("beginDate")
    assert col is not None
    t.distinct(col)  # what the check reads first ...
    t.columns[col][0] = "2026-08-18"  # ... then an edit lands before it reads the rows (no revision seen)
    found = [(f.code, f.row) for f in check_rules(r) if f.file == "enrollments.csv"]
    assert ("value.date_order", 3) in found  # the rows read after the edit are still judged


def test_roles_filled_down_give_the_full_check_the_row_by_row_findings():
    """The full check finds role mismatches for the whole file at once (a role column filled down in a
    spreadsheet makes one on most rows); a re-check of every row gives the same findings."""
    import random

    from core.edits import SetCells
    from core.rules import RuleEngine

    r = roster(CLEAN_11)
    enr = r["enrollments.csv"]
    rng = random.Random(5)
    rc, uc = enr.col_index("role"), enr.col_index("userSourcedId")
    users = r["users.csv"].column("sourcedId")
    seen = 0
    for _ in range(8):
        SetCells("enrollments.csv", [(i, rc, rng.choice(["teacher", "student", "Student ", " ", "aide"])) for i in range(enr.nrows)]
                 + [(i, uc, rng.choice([*users, "", " ", "nobody"])) for i in range(enr.nrows)]).apply(r)
        engine = RuleEngine(r)
        full = sorted(map(repr, (f for f in engine.check_all() if f.file == "enrollments.csv" and f.row is not None)))
        fresh, _scope = engine.recheck("enrollments.csv", set(range(enr.nrows)))
        assert sorted(map(repr, fresh)) == full
        seen += sum("ref.role_mismatch" in f for f in full)
    assert seen > 5


@pytest.mark.parametrize("drop", [None, "endDate", "beginDate", "schoolSourcedId", "classSourcedId"])
def test_classes_schools_and_dates_filled_down_give_the_full_check_the_row_by_row_findings(drop):
    """The full check judges an enrollment's class, school and dates once per distinct combination
    and makes the findings for the whole file (a school or a date filled down a column makes one on
    most rows); a re-check of every row gives the same findings, with a column missing too."""
    import random

    from core.rules import RuleEngine

    rng = random.Random(11)
    header = ["sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate"]
    dates = ["", " ", "2026-08-17", "2026-08-16", "2027-01-15", "2027-01-16", "2027-01-19", "2027-06-12", "2027-06-11",
             "2020-01-01", "2026-13-01", "8/17/2026"]
    seen = 0
    for _ in range(6):
        rows = []
        for i in range(40):
            rows.append([f"e{i}", rng.choice(["cls1", "cls2", "cls9", " ", ""]), rng.choice(["sch1", "sch2", "dist", "nope", ""]),
                         rng.choice(["s1", "s2", "t1"]), rng.choice(["student", "teacher"]), "false", rng.choice(dates), rng.choice(dates)])
        keep = [c for c, name in enumerate(header) if name != drop]
        text = "\n".join(",".join(row[c] for c in keep) for row in [header, *rows]) + "\n"
        engine = RuleEngine(roster(CLEAN_11, enrollments_csv=text))
        full = sorted(map(repr, (f for f in engine.check_all() if f.file == "enrollments.csv" and f.row is not None)))
        fresh, _scope = engine.recheck("enrollments.csv", set(range(len(rows))))
        assert sorted(map(repr, fresh)) == full
        seen += sum(code in f for f in full for code in ("school_mismatch", "date_order", "outside_term"))
    assert seen > 10 or drop == "classSourcedId"


def test_references_filled_with_anything_give_the_full_check_the_row_by_row_findings():
    """The full check judges each distinct reference once and makes its findings for the whole file
    (an id filled down a column is wrong on most rows); a re-check of every row of every file gives
    the same findings, for single ids, lists, missing ids and records of the wrong kind."""
    import random

    from core.edits import SetCells
    from core.rules import RuleEngine

    rng = random.Random(13)
    base = roster(CLEAN_11)
    ids = sorted({v for t in base.tables if t.col_index("sourcedId") is not None for v in t.column("sourcedId")})
    choices = [*ids, "nope", "", " ", "sch1,sch2", "sch1, nope", "fall,spring", "dist"]
    seen = 0
    for _ in range(5):
        r = roster(CLEAN_11)
        for t in r.tables:
            cells = [(row, c, rng.choice(choices)) for c, name in enumerate(t.header)
                     if name.endswith(("SourcedId", "SourcedIds")) for row in range(t.nrows)]
            if cells:
                SetCells(t.name, cells).apply(r)
        engine = RuleEngine(r)
        full = engine.check_all()
        for t in r.tables:
            if t.name not in engine.states:
                continue
            mine = sorted(repr(f) for f in full if f.file == t.name and f.row is not None)
            fresh, _scope = engine.recheck(t.name, set(range(t.nrows)))
            assert sorted(map(repr, fresh)) == mine, t.name
            seen += sum(f.code.startswith("ref.") for f in fresh)
    assert seen > 20
