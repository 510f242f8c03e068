"""Package, version and manifest rules."""

from __future__ import annotations

from rules_fixtures import CLEAN_10, CLEAN_11, MANIFEST_11, codes, errors, only, replace_line, roster

from core.io.csvread import read_csv_bytes
from core.rules import check_rules, detect_version


def test_clean_sets_have_no_errors():
    assert errors(check_rules(roster(CLEAN_11))) == []
    assert errors(check_rules(roster(CLEAN_10))) == []
    assert check_rules(roster(CLEAN_11)) == []
    assert check_rules(roster(CLEAN_10)) == []


def test_clean_sets_have_no_errors_for_renaissance():
    assert errors(check_rules(roster(CLEAN_11), "renaissance")) == []
    assert errors(check_rules(roster(CLEAN_10), "renaissance")) == []


def test_detect_version():
    assert detect_version(roster(CLEAN_11)) == "1.1"
    assert detect_version(roster(CLEAN_10)) == "1.0"
    # no manifest: the headers decide
    assert detect_version(roster(CLEAN_11, manifest_csv=None)) == "1.1"
    # a manifest makes the set 1.1 even if it says 1.0; a later version is unknown
    assert detect_version(roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "oneroster.version,1.1", "oneroster.version,1.0"))) == "1.1"
    assert detect_version(roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "oneroster.version,1.1", "oneroster.version,1.2"))) == "unknown"
    assert detect_version(roster({})) == "unknown"


def test_version_unsupported():
    r = roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "oneroster.version,1.1", "oneroster.version,1.2"))
    (f,) = only(check_rules(r), "package.version_unsupported")
    assert f.severity == "error" and f.params["declared"] == "1.2"
    assert "manifest.oneroster_version" not in codes(check_rules(r))


def test_missing_files():
    # 1.0: all seven data files
    f = only(check_rules(roster(CLEAN_10, demographics_csv=None)), "package.missing_file")
    assert [x.file for x in f] == ["demographics.csv"] and f[0].row is None and f[0].line is None
    # 1.1 (OneRoster): only the manifest is required
    assert codes(check_rules(roster(CLEAN_11, demographics_csv=None))).count("package.missing_file") == 0
    assert [x.file for x in only(check_rules(roster(CLEAN_11, manifest_csv=None)), "package.missing_file")] == ["manifest.csv"]
    # Renaissance: all eight, even header-only
    r = roster(CLEAN_11, demographics_csv=None)
    assert [x.file for x in only(check_rules(r, "renaissance"), "package.missing_file")] == ["demographics.csv"]
    header_only = CLEAN_11["demographics.csv"].splitlines()[0] + "\n"
    assert only(check_rules(roster(CLEAN_11, demographics_csv=header_only), "renaissance"), "package.missing_file") == []


def test_unexpected_and_repeated_files():
    r = roster(CLEAN_11)
    t, _ = read_csv_bytes(b"sourcedId\nx\n", "Users.csv")
    r.add(t)
    (f,) = only(check_rules(r), "package.unexpected_file")
    assert f.file == "Users.csv" and f.fix == "users.csv" and f.severity == "warning"
    r = roster(CLEAN_11)
    r.add(read_csv_bytes(CLEAN_11["orgs.csv"].encode(), "orgs.csv")[0])
    assert [f.file for f in only(check_rules(r), "package.file_repeated")] == ["orgs.csv"]
    assert only(check_rules(roster(CLEAN_11)), "package.unexpected_file") == []


def test_mixed_versions():
    r = roster(CLEAN_11, users_csv=CLEAN_10["users.csv"])
    (f,) = only(check_rules(r), "package.mixed_versions")
    assert f.params["files10"] == "users.csv" and "classes.csv" in f.params["files11"]
    assert only(check_rules(roster(CLEAN_10)), "package.mixed_versions") == []


def test_manifest_header():
    r = roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "propertyName,value", "propertyName,propertyValue"))
    (f,) = only(check_rules(r), "manifest.header")
    assert f.line == 1 and f.params["found"] == "propertyName,propertyValue"


def test_manifest_version_exactly_1_0():
    r = roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "manifest.version,1.0", "manifest.version,1"))
    (f,) = only(check_rules(r), "manifest.version")
    assert (f.row, f.line, f.column, f.value, f.fix) == (0, 2, "value", "1", "1.0")


def test_manifest_oneroster_version():
    r = roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "oneroster.version,1.1", "oneroster.version,1.0"))
    (f,) = only(check_rules(r), "manifest.oneroster_version")
    assert f.fix == "1.1"


def test_manifest_missing_unknown_duplicate_property():
    text = replace_line(MANIFEST_11, "file.users,bulk\n", "")
    (f,) = only(check_rules(roster(CLEAN_11, manifest_csv=text)), "manifest.missing_property")
    assert f.params == {"property": "file.users", "example": "bulk"}
    text = MANIFEST_11 + "file.roles,absent\nfile.orgs,bulk\n"
    fs = check_rules(roster(CLEAN_11, manifest_csv=text))
    assert [f.value for f in only(fs, "manifest.unknown_property")] == ["file.roles"]
    (d,) = only(fs, "manifest.duplicate_property")
    assert d.value == "file.orgs" and d.params["first_line"] == 13


def test_manifest_modes():
    fs = check_rules(roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "file.orgs,bulk", "file.orgs,Bulk")))
    (f,) = only(fs, "manifest.bad_mode")
    assert f.fix == "bulk"
    fs = check_rules(roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "file.users,bulk", "file.users,absent")))
    assert [f.params["target"] for f in only(fs, "manifest.declared_absent")] == ["users.csv"]
    fs = check_rules(roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "file.categories,absent", "file.categories,bulk")))
    assert [f.params["target"] for f in only(fs, "manifest.declared_missing")] == ["categories.csv"]


def test_version_unknown_when_nothing_tells():
    r = roster({"notes.csv": "a,b\n1,2\n"})
    fs = check_rules(r)
    (f,) = only(fs, "package.version_unknown")
    assert f.severity == "warning" and f.params["version"] == "1.1"


def test_mixed_versions_within_one_file():
    users = CLEAN_11["users.csv"].replace("userIds", "userId", 1)
    (f,) = only(check_rules(roster(CLEAN_11, users_csv=users)), "package.mixed_versions")
    assert "users.csv" in f.params["files10"] and "users.csv" in f.params["files11"]
