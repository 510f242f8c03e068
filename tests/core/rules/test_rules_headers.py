"""Header rules: exact names in order, versions, misspellings, extension columns, disputes."""

from __future__ import annotations

from rules_fixtures import CLEAN_11, codes, only, replace_line, roster

from core.rules import check_rules

USERS = CLEAN_11["users.csv"]
USERS_HEADER = USERS.splitlines()[0]


def _users_header(new: str) -> str:
    return replace_line(USERS, USERS_HEADER, new)


def test_clean_header_has_no_findings():
    assert [c for c in codes(check_rules(roster(CLEAN_11))) if c.startswith("header.")] == []


def test_missing_column():
    text = CLEAN_11["orgs.csv"].replace(",identifier", "", 1).replace(",0600001", "").replace(",0600002", "").replace(",0600003", "")
    (f,) = only(check_rules(roster(CLEAN_11, orgs_csv=text)), "header.missing_column")
    assert (f.file, f.line, f.column, f.params["columns"], f.params["count"]) == ("orgs.csv", 1, "identifier", "identifier", 1)
    assert f.message == ("orgs.csv, line 1, column identifier: missing column(s) of OneRoster 1.1: identifier. "
                         "Export orgs.csv again from your SIS with each column at its place in the spec's order "
                         "(identifier at position 6); values may stay empty where a column is optional.")


def test_missing_columns_are_one_finding_per_file():
    """A hand-made set with only the columns its author needed: one finding per file, not one per column."""
    files = {
        "manifest.csv": CLEAN_11["manifest.csv"],
        "orgs.csv": "sourcedId,name,type\ndist,Maple District,district\n",
        "users.csv": "sourcedId,role,username,givenName,familyName\nt1,teacher,alvarez,Maria,Alvarez\n",
    }
    fs = only(check_rules(roster(files)), "header.missing_column")
    assert [(f.file, f.params["count"]) for f in fs] == [("orgs.csv", 4), ("users.csv", 13)]
    assert fs[0].params["columns"] == "status, dateLastModified, identifier, parentSourcedId"
    assert fs[0].params["positions"].startswith("status at position 2, dateLastModified at position 3")


def test_unknown_column():
    text = _users_header(USERS_HEADER.replace(",sms,", ",pager,"))
    (f,) = only(check_rules(roster(CLEAN_11, users_csv=text)), "header.unknown_column")
    assert (f.line, f.col, f.column) == (1, 13, "pager")


def test_wrong_case_names_the_right_spelling():
    text = _users_header(USERS_HEADER.replace("givenName", "GivenName"))
    fs = check_rules(roster(CLEAN_11, users_csv=text))
    (f,) = only(fs, "header.wrong_case")
    assert (f.column, f.col, f.fix) == ("GivenName", 8, "givenName")
    # the values are still checked under the right name
    assert "header.missing_column" not in codes(fs)


def test_misspellings():
    text = _users_header(USERS_HEADER.replace("agentSourcedIds", "agentSourceIds").replace("orgSourcedIds", "orgSourcedIDs"))
    fs = only(check_rules(roster(CLEAN_11, users_csv=text)), "header.misspelled")
    assert [(f.column, f.fix) for f in fs] == [("orgSourcedIDs", "orgSourcedIds"), ("agentSourceIds", "agentSourcedIds")]
    org = CLEAN_11["orgs.csv"].replace("parentSourcedId", "parentSourceID", 1)
    (f,) = only(check_rules(roster(CLEAN_11, orgs_csv=org)), "header.misspelled")
    assert f.fix == "parentSourcedId"


def test_other_version_names():
    text = _users_header(USERS_HEADER.replace("userIds", "userId"))
    (f,) = only(check_rules(roster(CLEAN_11, users_csv=text)), "header.other_version")
    assert (f.column, f.fix, f.params["other"]) == ("userId", "userIds", "1.0")
    assert "is the OneRoster 1.0 name; in OneRoster 1.1 this column is userIds" in f.message


def test_order():
    text = _users_header(USERS_HEADER.replace("givenName,familyName", "familyName,givenName"))
    (f,) = only(check_rules(roster(CLEAN_11, users_csv=text)), "header.order")
    assert f.column == "givenName" and f.params["where"] == "before familyName"


def test_extension_columns():
    org = CLEAN_11["orgs.csv"].replace("identifier,parentSourcedId", "identifier,metadata.region,parentSourcedId", 1)
    org = org.replace(",0600002,dist", ",0600002,north,dist").replace(",0600003,dist", ",0600003,north,dist").replace(",0600001,", ",0600001,north,")
    (f,) = only(check_rules(roster(CLEAN_11, orgs_csv=org)), "header.extension_not_right")
    assert f.column == "metadata.region"
    right = "\n".join(line + ",x" for line in CLEAN_11["orgs.csv"].splitlines())
    fs = check_rules(roster(CLEAN_11, orgs_csv=right.replace("parentSourcedId,x", "parentSourcedId,metadata.region", 1)))
    assert [c for c in codes(fs) if c.startswith("header.")] == []
    fs = check_rules(roster(CLEAN_11, orgs_csv=right.replace("parentSourcedId,x", "parentSourcedId,ext_vendor_id", 1)))
    (f,) = only(fs, "header.extension_prefix")
    assert f.severity == "warning"



def test_unprefixed_extension_columns_are_one_finding_per_file():
    lines = CLEAN_11["orgs.csv"].splitlines()
    text = "\n".join(line + (",ext_a,ext_b,metadata.ok,ext_c" if i == 0 else ",1,2,3,4") for i, line in enumerate(lines))
    (f,) = only(check_rules(roster(CLEAN_11, orgs_csv=text)), "header.extension_prefix")
    assert (f.column, f.params["columns"], f.params["count"]) == ("ext_a", "ext_a, ext_b, ext_c", 3)
    assert f.text.startswith("extra column(s) not named metadata.something: ext_a, ext_b, ext_c")


def test_renaissance_extension_columns_are_known():
    text = "\n".join(line + ("," if i else ",ext_renaissance_gradeTag,renaissanceId") for i, line in enumerate(USERS.splitlines()))
    fs = check_rules(roster(CLEAN_11, users_csv=text), "renaissance")
    assert [c for c in codes(fs) if c.startswith("header.") and c != "header.disputed"] == []
    assert "header.extension_prefix" in codes(check_rules(roster(CLEAN_11, users_csv=text)))


def test_disputed_spelling_is_a_warning_without_reference():
    text = _users_header(USERS_HEADER.replace("agentSourcedIds", "agentSourceIds"))
    fs = check_rules(roster(CLEAN_11, users_csv=text), "renaissance")
    (f,) = [f for f in only(fs, "header.disputed") if f.file == "users.csv"]
    assert f.severity == "warning" and f.params["spec"] == "agentSourcedIds" and f.params["renaissance"] == "agentSourceIds"
    assert "header.misspelled" not in codes(fs)


def test_spec_spellings_are_one_note_for_the_set_without_reference():
    """Headers right by the spec are not warned about one by one: one note names them all."""
    fs = check_rules(roster(CLEAN_11), "renaissance")
    assert only(fs, "header.disputed") == [] and only(fs, "value.disputed") == []
    (note,) = only(fs, "package.renaissance_spellings")
    assert note.severity == "info" and note.file is None
    items = note.params["items"]
    for part in ("users.csv agentSourcedIds (Renaissance: agentSourceIds)", "academicSessions.csv schoolYear (Renaissance: schoolyear)",
                 "demographics.csv birthDate (Renaissance: birthdate)", "orgs.csv parentSourcedId (Renaissance: parentSourceID)",
                 "demographics.csv sex written male/female (Renaissance: Male/Female)"):
        assert part in items
    # without the Renaissance profile there is nothing to note
    assert only(check_rules(roster(CLEAN_11)), "package.renaissance_spellings") == []


def test_reference_export_decides_header():
    ref_users = _users_header(USERS_HEADER.replace("agentSourcedIds", "agentSourceIds"))
    reference = roster(CLEAN_11, users_csv=ref_users)
    fs = check_rules(roster(CLEAN_11), "renaissance", reference)
    assert "header.disputed" not in codes(fs)
    (f,) = only(fs, "header.differs_from_reference")
    assert (f.column, f.fix) == ("agentSourcedIds", "agentSourceIds")
    assert only(check_rules(roster(CLEAN_11, users_csv=ref_users), "renaissance", reference), "header.differs_from_reference") == []


def test_columns_only_the_other_version_has():
    from rules_fixtures import CLEAN_10

    users = CLEAN_10["users.csv"]
    lines = users.splitlines()
    text = "\n".join([lines[0] + ",enabledUser"] + [ln + ",true" for ln in lines[1:]]) + "\n"
    (f,) = only(check_rules(roster(CLEAN_10, users_csv=text)), "header.only_other_version")
    assert (f.column, f.params["other"], f.params["version"]) == ("enabledUser", "1.1", "1.0")
    assert "enabledUser is a column of OneRoster 1.1 only" in f.message


def test_columns_of_the_reference_export_are_known():
    extra = "\n".join(line + ("," if i else ",renaissanceSchoolName") for i, line in enumerate(CLEAN_11["orgs.csv"].splitlines())) + "\n"
    reference = roster(CLEAN_11, orgs_csv=extra)
    assert only(check_rules(roster(CLEAN_11, orgs_csv=extra), "renaissance", reference), "header.unknown_column") == []
    fs = check_rules(roster(CLEAN_11, orgs_csv=extra), "renaissance")
    assert [f.column for f in only(fs, "header.unknown_column")] == ["renaissanceSchoolName"]
