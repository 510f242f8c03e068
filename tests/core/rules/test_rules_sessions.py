"""Academic sessions against each other (school year, parent, siblings) and primary on enrollments."""

from __future__ import annotations

from rules_fixtures import CLEAN_11, codes, only, roster

from core.rules import check_rules

HEADER = "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n"


def _sessions(*rows: str) -> list:
    return check_rules(roster(CLEAN_11, academicSessions_csv=HEADER + "".join(r + "\n" for r in rows)))


def test_school_year_is_the_year_the_school_year_ends():
    fs = _sessions("sy,,,2018-2019,schoolYear,2018-09-05,2019-06-22,,2018")
    (f,) = only(fs, "value.school_year_end")
    assert (f.severity, f.row, f.column, f.value, f.fix) == ("error", 0, "schoolYear", "2018", "2019")
    assert f.message.startswith("academicSessions.csv, line 2, column schoolYear: schoolYear is 2018, but this school year ends on 2019-06-22")
    assert only(_sessions("sy,,,2018-2019,schoolYear,2018-09-05,2019-06-22,,2019"), "value.school_year_end") == []


def test_a_term_names_the_school_year_it_belongs_to():
    fs = _sessions(
        "sy,,,2018-2019,schoolYear,2018-09-05,2019-06-22,,2019",
        "fall,,,Fall,semester,2018-09-05,2018-12-21,sy,2018",  # the term ends in 2018, its year in 2019
        "q1,,,Q1,gradingPeriod,2018-09-05,2018-11-01,fall,2019",  # two levels down: right
    )
    (f,) = only(fs, "value.school_year_end")
    assert (f.row, f.fix, f.params["whose"]) == (1, "2019", "its school year sy")
    # without a school year to go by, a term's year is the year it ends or the next one
    fs = _sessions("fall,,,Fall,semester,2018-09-05,2018-12-21,,2019", "spring,,,Spring,semester,2019-01-07,2019-06-22,,2018")
    (g,) = only(fs, "value.school_year_end")
    assert (g.row, g.fix, g.params["expected"]) == (1, None, "2019 or 2020")
    # a semester running into January can only be in the school year that ends then
    (h,) = only(_sessions("s1,,,Semester 1,semester,2023-09-04,2024-01-26,,2023"), "value.school_year_end")
    assert (h.fix, h.params["expected"]) == ("2024", "2024")


def test_term_outside_its_parent():
    fs = _sessions(
        "sy,,,2026-2027,schoolYear,2026-08-17,2027-06-11,,2027",
        "fall,,,Fall,semester,2026-08-10,2027-01-15,sy,2027",  # starts a week before its year
        "spring,,,Spring,semester,2027-01-19,2027-06-30,sy,2027",  # ends after it
    )
    assert [(f.row, f.column, f.severity) for f in only(fs, "value.session_outside_parent")] == [
        (1, "startDate", "warning"), (2, "endDate", "warning")]
    assert only(check_rules(roster(CLEAN_11)), "value.session_outside_parent") == []


def test_terms_of_one_parent_that_overlap():
    fs = _sessions(
        "sy,,,2026-2027,schoolYear,2026-08-17,2027-06-11,,2027",
        "fall,,,Fall,semester,2026-08-17,2027-01-20,sy,2027",
        "spring,,,Spring,semester,2027-01-19,2027-06-11,sy,2027",  # two days shared with fall
        "q1,,,Q1,gradingPeriod,2026-08-17,2026-10-30,sy,2027",  # another type: may lie in a semester
    )
    (f,) = only(fs, "value.sessions_overlap")
    assert (f.row, f.params["other"], f.params["first_line"], f.severity) == (2, "fall", 3, "warning")
    assert only(check_rules(roster(CLEAN_11)), "value.sessions_overlap") == []


def test_primary_on_a_student_enrollment():
    text = CLEAN_11["enrollments.csv"].replace("e2,,,cls1,sch1,s1,student,false", "e2,,,cls1,sch1,s1,student,true")
    fs = check_rules(roster(CLEAN_11, enrollments_csv=text))
    (f,) = only(fs, "value.primary_not_teacher")
    assert (f.row, f.column, f.fix, f.severity, f.params["role"]) == (1, "primary", "false", "warning", "student")
    assert "unique.primary_teacher" not in codes(fs)
    assert only(check_rules(roster(CLEAN_11)), "value.primary_not_teacher") == []
