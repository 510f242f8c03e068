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
    # a manifest makes the set 1.1 even if it says 1.0; 1.2 is told; any other version is unknown
    assert detect_version(roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "oneroster.version,1.1", "oneroster.version,1.0"))) == "1.1"
    assert detect_version(roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "oneroster.version,1.1", "oneroster.version,1.2"))) == "1.2"
    assert detect_version(roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "oneroster.version,1.1", "oneroster.version,2.0"))) == "unknown"
    assert detect_version(roster({})) == "unknown"


def test_version_unsupported():
    r = roster(CLEAN_11, manifest_csv=replace_line(MANIFEST_11, "oneroster.version,1.1", "oneroster.version,2.0"))
    (f,) = only(check_rules(r), "package.version_unsupported")
    assert f.severity == "error" and f.params["declared"] == "2.0"
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


# --- a manifest written without its header row ------------------------------------------------
def test_manifest_without_header_row_is_one_finding():
    text = MANIFEST_11.split("\n", 1)[1]  # starts with manifest.version,1.0
    fs = check_rules(roster(CLEAN_11, manifest_csv=text))
    (f,) = only(fs, "manifest.no_header")
    assert (f.severity, f.line, f.value) == ("error", 1, "manifest.version")
    # its first line is read as the property it is: no "no manifest.version row", no header complaint
    assert [c for c in codes(fs) if c.startswith("manifest.") and c != "manifest.no_header"] == []
    assert detect_version(roster(CLEAN_11, manifest_csv=text)) == "1.1"
    # the first line's value is still checked
    fs = check_rules(roster(CLEAN_11, manifest_csv=text.replace("manifest.version,1.0", "manifest.version,1", 1)))
    (v,) = only(fs, "manifest.version")
    assert (v.row, v.line, v.fix) == (None, 1, "1.0")
    # a manifest with its header has none of this
    assert only(check_rules(roster(CLEAN_11)), "manifest.no_header") == []


def test_misspelled_property_is_one_finding_with_did_you_mean():
    text = replace_line(MANIFEST_11, "file.demographics,bulk", "fiel.demographics,bulk")
    fs = check_rules(roster(CLEAN_11, manifest_csv=text))
    (f,) = only(fs, "manifest.misspelled_property")
    assert (f.value, f.fix, f.line, f.severity) == ("fiel.demographics", "file.demographics", 10, "error")
    assert "did you mean file.demographics? The manifest has no file.demographics row" in f.message
    assert [c for c in codes(fs) if c.startswith("manifest.") and c != "manifest.misspelled_property"] == []
    # the row still stands for the property: its mode is checked
    text = replace_line(MANIFEST_11, "file.demographics,bulk", "File.demographics,absent")
    fs = check_rules(roster(CLEAN_11, manifest_csv=text))
    assert only(fs, "manifest.misspelled_property")[0].fix == "file.demographics"
    assert [f.params["target"] for f in only(fs, "manifest.declared_absent")] == ["demographics.csv"]
    # a property far from every missing one stays unknown, and the missing one is named on its own
    text = replace_line(MANIFEST_11, "file.demographics,bulk", "file.roles,bulk")
    fs = check_rules(roster(CLEAN_11, manifest_csv=text))
    assert [f.value for f in only(fs, "manifest.unknown_property")] == ["file.roles"]
    assert [f.params["property"] for f in only(fs, "manifest.missing_property")] == ["file.demographics"]


def test_header_only_file_declared_bulk():
    header_only = CLEAN_11["demographics.csv"].splitlines()[0] + "\n"
    fs = check_rules(roster(CLEAN_11, demographics_csv=header_only))
    (f,) = only(fs, "manifest.bulk_empty")
    assert (f.severity, f.line, f.value, f.fix, f.params["target"]) == ("warning", 10, "bulk", "delta", "demographics.csv")
    text = replace_line(MANIFEST_11, "file.demographics,bulk", "file.demographics,delta")
    assert only(check_rules(roster(CLEAN_11, demographics_csv=header_only, manifest_csv=text)), "manifest.bulk_empty") == []
    assert only(check_rules(roster(CLEAN_11)), "manifest.bulk_empty") == []
