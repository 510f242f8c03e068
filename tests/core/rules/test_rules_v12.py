"""A OneRoster 1.2 set: told as such, checked for what 1.2 shares with 1.1, and its 1.2 columns and
files are not reported as 1.1 errors."""

from __future__ import annotations

from rules_fixtures import CLEAN_11, MANIFEST_11, codes, errors, only, roster

from core.rules import check_rules, detect_version

_NEW = ["lineItemLearningObjectiveIds", "lineItemScoreScales", "resultLearningObjectiveIds", "resultScoreScales",
        "roles", "scoreScales", "userProfiles", "userResources"]
MANIFEST_12 = (MANIFEST_11.replace("oneroster.version,1.1", "oneroster.version,1.2")
               + "".join(f"file.{n},{'bulk' if n == 'roles' else 'absent'}\n" for n in _NEW))

USERS_12 = """sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns
t1,,,true,alvarez,{SIS:1},Maria,Alvarez,,001,malvarez@maple.example.org,,,,,,,,,,,sch1,she/her
t2,,,true,chen,{SIS:2},James,Chen,,002,jchen@maple.example.org,,,,,,,,Jim,,,sch1,
s1,,,true,s1,,Ana,Diaz,,101,,,,p1,03,,,,,,,sch1,
s2,,,true,s2,,Ben,Eze,Kofi,102,,,,,07,,,,,,,sch2,
p1,,,true,p1,,Rosa,Diaz,,,rosa@example.org,,,,,,,,,,,sch1,
"""
ROLES = """sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId
r1,,,t1,primary,teacher,,,sch1,
"""


def _set(**changes: str) -> dict[str, str]:
    files = dict(CLEAN_11, **{"manifest.csv": MANIFEST_12, "users.csv": USERS_12, "roles.csv": ROLES})
    files.update(changes)
    return files


def test_a_12_set_is_told_and_its_12_columns_are_not_errors():
    r = roster(_set())
    assert detect_version(r) == "1.2"
    fs = check_rules(r)
    assert errors(fs) == []
    (note,) = only(fs, "package.version_12")
    assert note.severity == "info" and note.params["declared"] == "1.2"
    assert "roles.csv" in note.params["unchecked"] and "users.csv pronouns" in note.params["unchecked"]
    assert [c for c in codes(fs) if c != "package.version_12"] == []


def test_what_12_shares_with_11_is_still_checked():
    users = USERS_12.replace("t2,,,true,chen", "t2,,,TRUE,chen").replace("prefferedGivenName", "x")
    users = users.replace("preferredGivenName", "prefferedGivenName")
    fs = check_rules(roster(_set(**{"users.csv": users})))
    assert [(f.code, f.column) for f in errors(fs)] == [("header.misspelled", "prefferedGivenName"), ("value.enum_case", "enabledUser")]
    (m,) = only(fs, "header.misspelled")
    assert m.fix == "preferredGivenName"
    # references of shared columns still resolve: an enrollment of an unknown user
    enr = CLEAN_11["enrollments.csv"].replace("e2,,,cls1,sch1,s1,", "e2,,,cls1,sch1,s9,")
    assert [f.row for f in only(check_rules(roster(_set(**{"enrollments.csv": enr}))), "ref.missing")] == [1]
    # a 1.2 manifest needs the 1.2 file rows; 1.2 enumerations take other/unspecified and ext: values
    fs = check_rules(roster(_set(**{"manifest.csv": MANIFEST_12.replace("file.roles,bulk\n", "")})))
    assert [f.params["property"] for f in only(fs, "manifest.missing_property")] == ["file.roles"]
    demo = CLEAN_11["demographics.csv"].replace(",female,", ",unspecified,")
    classes = CLEAN_11["classes.csv"].replace(",scheduled,", ",ext:online,")
    assert ",ext:online," in classes and ",unspecified," in demo
    assert codes(check_rules(roster(_set(**{"demographics.csv": demo, "classes.csv": classes})))) == ["package.version_12"]
    assert "value.enum" in codes(check_rules(roster(CLEAN_11, classes_csv=classes)))  # 1.1 has no ext: values


def test_renaissance_takes_no_12_set():
    fs = check_rules(roster(_set()), "renaissance")
    (f,) = only(fs, "package.version_not_for_profile")
    assert f.severity == "error" and f.params["declared"] == "1.2"
    assert "Renaissance takes OneRoster 1.0 or 1.1 sets, and this one is OneRoster 1.2" in f.message
    assert [c for c in codes(errors(fs))] == ["package.version_not_for_profile"]
