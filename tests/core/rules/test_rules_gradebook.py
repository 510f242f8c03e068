"""The 1.1 gradebook and resources files: their columns checked like the roster files', and left
aside by the Renaissance profile (Renaissance does not take them)."""

from __future__ import annotations

import pytest
from rules_fixtures import CLEAN_11, MANIFEST_11, codes, only, roster, set_value

from core.rules import check_rules

MANIFEST = (
    MANIFEST_11.replace("file.categories,absent", "file.categories,bulk")
    .replace("file.lineItems,absent", "file.lineItems,bulk")
    .replace("file.results,absent", "file.results,bulk")
    .replace("file.resources,absent", "file.resources,bulk")
    .replace("file.classResources,absent", "file.classResources,bulk")
    .replace("file.courseResources,absent", "file.courseResources,bulk")
)

GRADEBOOK = dict(
    CLEAN_11,
    **{
        "manifest.csv": MANIFEST,
        "categories.csv": "sourcedId,status,dateLastModified,title\ncat1,,,Homework\n",
        "lineItems.csv": (
            "sourcedId,status,dateLastModified,title,description,assignDate,dueDate,classSourcedId,categorySourcedId,"
            "gradingPeriodSourcedId,resultValueMin,resultValueMax\n"
            "li1,,,Fractions quiz,,2026-09-01,2026-09-08,cls1,cat1,fall,0,10.5\n"
        ),
        "results.csv": (
            "sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,scoreStatus,score,scoreDate,comment\n"
            "r1,,,li1,s1,fully graded,9.5,2026-09-09,\"Good work, Ana\"\n"
        ),
        "resources.csv": (
            "sourcedId,status,dateLastModified,vendorResourceId,title,roles,importance,vendorId,applicationId\n"
            "res1,,,V-100,Math lab,\"student,teacher\",primary,acme,\n"
        ),
        "classResources.csv": "sourcedId,status,dateLastModified,title,classSourcedId,resourceSourcedId\ncr1,,,Lab,cls1,res1\n",
        "courseResources.csv": "sourcedId,status,dateLastModified,title,courseSourcedId,resourceSourcedId\nkr1,,,Lab,crs1,res1\n",
    },
)


def _check(file: str, column: str, value: str, profile: str | None = None):  # type: ignore[no-untyped-def]
    r = roster(GRADEBOOK)
    set_value(r, file, 0, column, value)
    return check_rules(r, profile)


def test_a_clean_set_with_gradebook_and_resources_has_no_findings() -> None:
    assert check_rules(roster(GRADEBOOK)) == []


@pytest.mark.parametrize(
    ("file", "column", "value", "code"),
    [
        ("categories.csv", "title", " ", "value.required"),
        ("lineItems.csv", "assignDate", "9/1/2026", "value.date"),
        ("lineItems.csv", "dueDate", "2026-02-30", "value.date_not_real"),
        ("lineItems.csv", "classSourcedId", "cls9", "ref.missing"),
        ("lineItems.csv", "categorySourcedId", "cat9", "ref.missing"),
        ("lineItems.csv", "gradingPeriodSourcedId", "", "value.required"),
        ("lineItems.csv", "resultValueMax", "ten", "value.float"),
        ("results.csv", "lineItemSourcedId", "li9", "ref.missing"),
        ("results.csv", "studentSourcedId", "s9", "ref.missing"),
        ("results.csv", "scoreStatus", "graded", "value.enum"),
        ("results.csv", "score", "9,5", "value.float"),
        ("results.csv", "scoreDate", "", "value.required"),
        ("resources.csv", "vendorResourceId", "", "value.required"),
        ("resources.csv", "importance", "high", "value.enum"),
        ("classResources.csv", "resourceSourcedId", "res9", "ref.missing"),
        ("courseResources.csv", "courseSourcedId", "crs9", "ref.missing"),
    ],
)
def test_each_gradebook_rule_breaks_alone(file: str, column: str, value: str, code: str) -> None:
    found = _check(file, column, value)
    assert codes(found) == [code]
    (f,) = found
    assert (f.file, f.line, f.column, f.value) == (file, 2, column, value)


def test_score_status_case_is_fixed_with_its_spaces() -> None:
    (f,) = only(_check("results.csv", "scoreStatus", "Fully Graded"), "value.enum_case")
    assert f.fix == "fully graded"


def test_a_result_pointing_at_a_removed_line_item_is_found_again_after_the_edit() -> None:
    from core.rules import RuleEngine

    r = roster(GRADEBOOK)
    engine = RuleEngine(r)
    assert engine.check_all() == []
    set_value(r, "lineItems.csv", 0, "sourcedId", "li2")
    fresh, _ = engine.recheck("lineItems.csv", {0})
    assert [(f.file, f.code, f.value) for f in fresh] == [("results.csv", "ref.missing", "li1")]


def test_the_renaissance_profile_leaves_them_aside() -> None:
    r = roster(GRADEBOOK)
    set_value(r, "results.csv", 0, "scoreStatus", "graded")
    assert [f for f in check_rules(r, "renaissance") if f.file in ("results.csv", "lineItems.csv", "categories.csv")
            and f.code.startswith(("value.", "ref.", "header."))] == []


def test_a_result_belongs_to_a_student() -> None:
    (f,) = _check("results.csv", "studentSourcedId", "t1")
    assert (f.code, f.severity, f.params["user_role"]) == ("ref.not_student", "error", "teacher")
    assert f.message.startswith("results.csv, line 2, column studentSourcedId: t1 is a user with the role \"teacher\", not a student")


def test_a_role_change_in_users_rechecks_the_results() -> None:
    from core.rules import RuleEngine

    r = roster(GRADEBOOK)
    engine = RuleEngine(r)
    assert engine.check_all() == []
    set_value(r, "users.csv", 2, "role", "parent")  # s1, whose result is in results.csv
    fresh, _ = engine.recheck("users.csv", {2})
    assert ("results.csv", "ref.not_student") in {(f.file, f.code) for f in fresh}
