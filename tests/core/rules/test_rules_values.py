"""Value rules: required, enumerations, formats, lists, bulk/delta."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_fixtures import CLEAN_10, CLEAN_11, MANIFEST_11, codes, only, replace_line, roster, set_value

from core.rules import check_rules
from core.rules.formats import _GUID_BATCH, Validator, _guids_ok
from core.rules.spec import ColumnRule, load_rules


def _check(file: str, row: int, column: str, value: str, profile: str | None = None, files=CLEAN_11):
    r = roster(files)
    set_value(r, file, row, column, value)
    return check_rules(r, profile)


def test_finding_points_at_the_cell():
    (f,) = _check("users.csv", 2, "givenName", "")
    assert (f.severity, f.code, f.file, f.row, f.line, f.column, f.col, f.value) == (
        "error", "value.required", "users.csv", 2, 4, "givenName", 8, "")
    assert f.message == "users.csv, line 4, column givenName: givenName is empty, but every row needs it. Fill in givenName."


@pytest.mark.parametrize("value", ["", "   ", "\t"])
def test_required_whitespace_is_empty(value):
    assert codes(_check("classes.csv", 0, "title", value)) == ["value.required"]


def test_required_delta():
    r = roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "file.orgs,bulk", "file.orgs,delta"))
    fs = only(check_rules(r), "value.required_delta")
    assert {(f.row, f.column) for f in fs} == {(i, c) for i in range(3) for c in ("status", "dateLastModified")}


def test_required_by_renaissance_only_is_one_warning_per_column():
    r = roster(CLEAN_11)
    set_value(r, "demographics.csv", 1, "sex", "")
    fs = check_rules(r, "renaissance")
    (f,) = [f for f in only(fs, "value.required_renaissance") if f.column == "sex"]
    assert (f.severity, f.row, f.params["count"], f.params["first_line"]) == ("warning", None, 1, 3)
    assert only(check_rules(r), "value.required_renaissance") == []
    assert only(check_rules(roster(CLEAN_11), "renaissance"), "value.required_renaissance")[0].column == "publicSchoolResidenceStatus"


@pytest.mark.parametrize(
    "file,column,value,fix",
    [
        ("classes.csv", "classType", "Scheduled", "scheduled"),
        ("users.csv", "enabledUser", "TRUE", "true"),
        ("users.csv", "role", " student", "student"),
        ("orgs.csv", "type", "School", "school"),
        ("demographics.csv", "sex", "Female", "female"),
    ],
)
def test_enum_case_suggests_fix(file, column, value, fix):
    (f,) = only(_check(file, 1, column, value), "value.enum_case")
    assert f.fix == fix and f.severity == "error"


def test_enum_unknown_value():
    (f,) = _check("classes.csv", 0, "classType", "lecture")
    assert f.code == "value.enum" and f.fix is None and f.params["allowed"] == "homeroom, scheduled"


def test_enrollment_role_vocabulary_differs_from_users():
    fs = _check("enrollments.csv", 1, "role", "aide")
    assert "value.enum" in codes(fs)
    assert "value.enum" not in codes(_check("enrollments.csv", 1, "role", "aide", "renaissance"))


def test_status_inactive_is_a_warning_in_11_and_fine_in_10():
    (f,) = only(_check("orgs.csv", 0, "status", "inactive"), "value.status_inactive")
    assert f.severity == "warning"
    assert _check("orgs.csv", 0, "status", "inactive", files=CLEAN_10) == []


def test_dates():
    assert codes(_check("academicSessions.csv", 1, "endDate", "1/15/2027")) == ["value.date"]
    assert codes(_check("academicSessions.csv", 1, "endDate", "2027-02-30")) == ["value.date_not_real"]
    assert _check("academicSessions.csv", 1, "endDate", "2027-01-15") == []


def _value_codes(*args):
    return [c for c in codes(_check(*args)) if c != "value.bulk_has_values"]


def test_datetime():
    assert _value_codes("orgs.csv", 0, "dateLastModified", "2017-05-06 08:01:05") == ["value.datetime"]
    assert _value_codes("orgs.csv", 0, "dateLastModified", "2017-05-06T08:01:05+02:00") == ["value.datetime"]
    assert _value_codes("orgs.csv", 0, "dateLastModified", "2017-05-06") == ["value.datetime_date_only"]
    assert _value_codes("orgs.csv", 0, "dateLastModified", "2017-13-06T08:01:05Z") == ["value.date_not_real"]
    for ok in ("2017-05-06T08:01:05Z", "2012-04-23T18:25:43.511Z"):
        assert _value_codes("orgs.csv", 0, "dateLastModified", ok) == []
    # Renaissance documents dateLastModified as YYYY-MM-DD
    assert "value.datetime_date_only" not in _value_codes("orgs.csv", 0, "dateLastModified", "2017-05-06", "renaissance")


def test_year():
    assert codes(_check("academicSessions.csv", 0, "schoolYear", "27")) == ["value.year"]
    assert codes(_check("academicSessions.csv", 0, "schoolYear", "2026-27")) == ["value.year"]


def test_float_format():
    v = Validator(ColumnRule("resultValueMax", fmt="float"), load_rules("oneroster", "1.1"), delta=False)
    assert v.check("12.5") is None and v.check("-3") is None and v.check("1e3") is None
    assert v.check("12,5").code == "value.float"  # type: ignore[union-attr]


def test_guid():
    (f,) = only(_check("classes.csv", 0, "sourcedId", "cls 1"), "value.guid_chars")
    # the charset is the 1.2 wording (1.1 unconfirmed): a warning
    assert f.code == "value.guid_chars" and f.severity == "warning" and f.params["chars"] == "a space"
    fs = _check("orgs.csv", 2, "sourcedId", "x" * 256)
    assert only(fs, "value.guid_length")[0].params["length"] == 256


def test_email():
    (f,) = _check("users.csv", 0, "email", "malvarez.maple.example.org")
    assert f.code == "value.email" and f.severity == "warning"


@pytest.mark.parametrize("value,fix", [("9", None), ("3", "03"), ("K", "KG"), ("kg", "KG"), ("06,7", "06,07"), ("Grade 3", None)])
def test_grades(value, fix):
    fs = _check("classes.csv", 1, "grades", value)
    (f,) = fs
    assert f.code == "value.grade"
    if value == "9":
        assert f.fix == "09"
    else:
        assert f.fix == fix


def test_grades_ok_with_spaces_after_commas():
    assert _check("classes.csv", 1, "grades", "06, 07") == []


def test_user_ids():
    (f,) = _check("users.csv", 0, "userIds", "LDAP:1")
    assert f.code == "value.user_ids" and f.params["item"] == "LDAP:1"
    assert only(_check("users.csv", 0, "userIds", "{SIS:1},{LDAP}"), "value.user_ids")[0].params["item"] == "{LDAP}"
    assert _check("users.csv", 0, "userIds", "{SIS:1}, {LDAP:x y}") == []


def test_list_empty_item():
    (f,) = only(_check("classes.csv", 1, "periods", "1,,3"), "value.list_empty_item")
    assert f.severity == "warning"


def test_subjects_and_codes_same_length():
    (f,) = _check("courses.csv", 1, "subjectCodes", "SCI")
    assert f.code == "value.list_lengths" and f.params == {"n_subjects": 2, "n_codes": 1}
    assert _check("courses.csv", 1, "subjectCodes", "") == []


def test_bulk_file_with_status():
    r = roster(CLEAN_11)
    set_value(r, "users.csv", 1, "status", "active")
    set_value(r, "users.csv", 3, "status", "active")
    (f,) = check_rules(r)
    assert (f.code, f.severity, f.row, f.line, f.column, f.params["count"], f.params["first_line"]) == (
        "value.bulk_has_values", "warning", None, None, "status", 2, 3)
    r = roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "file.users,bulk", "file.users,delta"))
    for i in range(5):
        set_value(r, "users.csv", i, "status", "active")
        set_value(r, "users.csv", i, "dateLastModified", "2026-08-01T00:00:00Z")
    assert check_rules(r) == []


def test_date_order_in_sessions():
    (f,) = _check("academicSessions.csv", 2, "startDate", "2027-07-01")
    assert f.code == "value.date_order" and f.column == "startDate" and f.params["other_value"] == "2027-06-11"


def test_enrollment_dates():
    (f,) = only(_check("enrollments.csv", 3, "beginDate", "2027-07-01"), "value.date_order")
    (f,) = _check("enrollments.csv", 0, "endDate", "2027-03-01")
    assert f.code == "value.enrollment_outside_term" and f.severity == "warning"
    assert f.params["term_end"] == "2027-01-15"


def test_student_without_grade_for_renaissance():
    fs = _check("users.csv", 2, "grades", "", "renaissance")
    (f,) = only(fs, "value.student_without_grade")
    assert f.severity == "info" and f.row == 2
    assert _check("users.csv", 2, "grades", "") == []


def test_disputed_values_without_and_with_reference():
    r = roster(CLEAN_11)
    # values written as the spec writes them: the set's one note, not a warning
    assert only(check_rules(r, "renaissance"), "value.disputed") == []
    # Yes/No accepted without an export, with one warning for the disagreement
    set_value(r, "demographics.csv", 0, "asian", "Yes")
    assert not [f for f in check_rules(r, "renaissance") if f.code.startswith("value.enum")]
    (f,) = only(check_rules(r, "renaissance"), "value.disputed")
    assert f.params["label"] == "the race and ethnicity columns" and f.severity == "warning"
    # an export with Yes/No decides: true/false become errors with the export's spelling as fix
    reference = roster(CLEAN_11)
    for c in ("americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican", "white"):
        set_value(reference, "demographics.csv", 0, c, "No")
    fs = check_rules(roster(CLEAN_11), "renaissance", reference)
    assert "value.disputed" not in [f.code for f in fs if f.params.get("label") != "sex"]
    fixes = {(f.column, f.value, f.fix) for f in only(fs, "value.enum_reference")}
    assert ("white", "true", "Yes") in fixes and ("asian", "false", "No") in fixes


def test_missing_fields_of_a_short_record_are_left_to_the_reader():
    text = CLEAN_11["users.csv"].replace("p1,,,true,sch1,parent,p1,,Rosa,Diaz,,,rosa@example.org,,,,,", "p1,,,true,sch1,parent,p1")
    r = roster(CLEAN_11, users_csv=text)
    assert "csv.ragged_short" in codes(r.load_findings)
    assert only(check_rules(r), "value.required") == []


def test_bulk_values_severity_is_settable():
    from core.rules import RuleEngine

    r = roster(CLEAN_11)
    set_value(r, "users.csv", 1, "status", "active")
    (f,) = RuleEngine(r, bulk_values="error").check_all()
    assert (f.code, f.severity) == ("value.bulk_has_values", "error")


def test_renaissance_extension_values():
    lines = CLEAN_10["users.csv"].splitlines()
    text = "\n".join([lines[0] + ",ext_renaissance_gradeTag"] + [lines[1] + ",", lines[2] + ",Grade 3", lines[3] + ","]) + "\n"
    fs = check_rules(roster(CLEAN_10, users_csv=text), "renaissance")
    (f,) = only(fs, "value.enum")
    assert (f.column, f.value, f.severity) == ("ext_renaissance_gradeTag", "Grade 3", "warning")
    text = text.replace("Grade 3", "3")
    assert check_rules(roster(CLEAN_10, users_csv=text), "renaissance") == [
        f for f in check_rules(roster(CLEAN_10, users_csv=text), "renaissance") if f.code != "value.enum"
    ]
    text = text.replace(",3\n", ",\n")
    (g,) = only(check_rules(roster(CLEAN_10, users_csv=text), "renaissance"), "value.student_without_grade")
    assert g.column == "ext_renaissance_gradeTag"


@settings(max_examples=300, deadline=None)
@given(st.sets(st.text(st.sampled_from("aZ09._-/@ \n,éA\x00"), min_size=1, max_size=6), min_size=1, max_size=6),
       st.integers(250, 260))
def test_fast_guid_batch_agrees_with_the_pattern(values: set[str], long: int) -> None:
    values = values | {"x" * long}
    joined = "\n".join(values)
    expected = joined.count("\n") == len(values) - 1 and _GUID_BATCH.fullmatch(joined) is not None
    assert _guids_ok(joined, len(values)) is expected


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        ("guid", "u{}", "u 7"),
        ("email", "u{}@school.example.org", "u7 at school"),
        ("userIds", "{{SIS:{}}}", "{SIS}"),
    ],
)
def test_a_column_is_judged_a_block_of_lines_at_a_time(monkeypatch, fmt, good, bad):  # type: ignore[no-untyped-def]
    import core.rules.formats as formats

    monkeypatch.setattr(formats, "_BATCH_LINES", 4)
    batch = formats._BATCH[fmt]
    values = [good.format(i) for i in range(10)]  # three blocks: 4, 4 and 2 lines
    assert Validator._batch_ok(batch, values, len(values))
    for at in (0, 5, 9):  # the bad value in each block, the last one too
        assert not Validator._batch_ok(batch, values[:at] + [bad] + values[at + 1 :], len(values))
    assert not Validator._batch_ok(batch, values[:6] + ["u6\nu7"] + values[7:], len(values))  # a value on two lines
    assert not Validator._batch_ok(batch, values, len(values) + 1)  # fewer values than counted
