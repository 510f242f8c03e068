from core.prepare.headers import SPEC_HEADERS, column_key, detect_version, is_spec_key, spec_name


def test_renames_are_per_file():
    assert column_key("demographics.csv", "userSourcedId") == "sourcedId"
    assert column_key("enrollments.csv", "userSourcedId") == "userSourcedId"
    assert column_key("demographics.csv", "birthdate") == "birthDate"
    assert column_key("users.csv", "userId") == "userIds"
    assert column_key("users.csv", "agents") == "agentSourcedIds"
    assert column_key("courses.csv", "grade") == "grades"
    assert column_key("classes.csv", "grade") == "grades"
    assert column_key("classes.csv", "termSourcedId") == "termSourcedIds"
    assert column_key("courses.csv", "schoolYearId") == "schoolYearSourcedId"


def test_vendor_spellings_and_case():
    assert column_key("users.csv", "agentSourceIds") == "agentSourcedIds"
    assert column_key("users.csv", "agentSourcedIDs") == "agentSourcedIds"
    assert column_key("users.csv", "orgSourcedIDs") == "orgSourcedIds"
    assert column_key("users.csv", "userIDs") == "userIds"
    assert column_key("orgs.csv", "parentSourceID") == "parentSourcedId"
    assert column_key("orgs.csv", "parentSourceId") == "parentSourcedId"
    assert column_key("users.csv", "sourceID") == "sourcedId"
    assert column_key("users.csv", "GIVENNAME") == "givenName"
    assert column_key("classes.csv", "TermSourcedId") == "termSourcedIds"
    assert column_key("users.csv", "\ufeffsourcedId") == "sourcedId"
    assert column_key("users.csv", "Homeroom") == "Homeroom"


def test_spec_keys_and_names():
    assert is_spec_key("orgs.csv", "metadata.classification")
    assert not is_spec_key("users.csv", "renaissanceId")
    assert not is_spec_key("users.csv", "ext_renaissance_gradeTag")
    assert spec_name("classes.csv", "termSourcedIds", "1.0") == "termSourcedId"
    assert spec_name("users.csv", "grades", "1.0") is None
    assert spec_name("demographics.csv", "sourcedId", "1.0") == "userSourcedId"
    # every 1.0 name maps to a key whose 1.1 name is its rename
    for file, header in SPEC_HEADERS["1.0"].items():
        for n in header:
            assert spec_name(file, column_key(file, n), "1.0") == n


def test_detect_version():
    assert detect_version({}, True, "1.1") == "1.1"
    assert detect_version({"users.csv": list(SPEC_HEADERS["1.0"]["users.csv"])}, False) == "1.0"
    assert detect_version({"users.csv": list(SPEC_HEADERS["1.1"]["users.csv"])}, False) == "1.1"
    assert detect_version({}, True) == "1.1"
