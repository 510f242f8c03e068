import zipfile

from prepare_fixtures import FIXTURES, fixture, read_zip_csv

from core.io.csvwrite import write_roster_zip
from core.io.load import load_roster
from core.prepare import Preparation
from core.prepare.headers import SPEC_HEADERS
from core.roster import Roster
from core.table import Table

RID = "-3e8c-49c4-8960-dc625d3cd6aa"


def prepare(sis: str, version: str | None = None, template: str | None = None):
    prep = Preparation(load_roster([template or fixture("template")]), load_roster([sis]))
    return prep, prep.run(version)


def codes(result):
    return [f.code for f in result.findings]


def test_spec_set_fills_the_template_and_carries_renaissance_columns():
    prep, r = prepare(fixture("sis_spec"))
    template = prep.template
    assert r.version == "1.1"
    assert r.roster.names == ["manifest.csv", "orgs.csv", "users.csv", "courses.csv", "classes.csv", "enrollments.csv", "academicSessions.csv", "demographics.csv"]
    for name in r.roster.names[1:]:
        assert r.roster[name].header == template[name].header
    users = r.roster["users.csv"]
    assert users.row(0) == [
        "n1", "", "", "true", "s-north", "student", "n1@lake.example", "", "Nora1", "Lind-Park", "", "N1", "n1@lake.example",
        "", "", "", "03", "", "", "", "", "SS0", "", "3", "90000200" + RID,
    ]
    # a student Renaissance does not have yet gets no Renaissance columns
    new = users.column("sourcedId").index("n7")
    assert users.row(new)[-7:] == ["", "", "", "", "", "", ""]
    assert {f: (x.rows, x.carried, x.new) for f, x in r.built.files.items()} == {
        "orgs.csv": (3, 3, 0), "users.csv": (14, 12, 2), "courses.csv": (2, 2, 0), "classes.csv": (3, 2, 1),
        "enrollments.csv": (14, 12, 2), "academicSessions.csv": (2, 2, 0), "demographics.csv": (2, 1, 1),
    }
    assert r.roster["demographics.csv"].column("ext_renaissance_language") == ["en-US", ""]
    assert r.findings == [] and r.roster.load_findings == []


def test_renaissance_id_comes_from_the_export_even_when_the_sis_has_one(tmp_path):
    import shutil

    sis = tmp_path / "sis"
    shutil.copytree(FIXTURES / "sis_spec", sis)
    text = (sis / "orgs.csv").read_text(encoding="utf-8").splitlines()
    text[0] += ",renaissanceId,metadata.stateId"
    text[1:] = [line + ",stale-id,SIS-STATE" for line in text[1:]]
    (sis / "orgs.csv").write_text("\r\n".join(text) + "\r\n", encoding="utf-8")
    _, r = prepare(str(sis))
    orgs = r.roster["orgs.csv"]
    assert orgs.column("renaissanceId") == ["90000100" + RID, "90000101" + RID, "90000102" + RID]
    # other Renaissance columns keep what the SIS says
    assert orgs.column("metadata.stateId") == ["SIS-STATE"] * 3


def test_10_headers_and_vendor_spellings_into_11_template():
    prep, r = prepare(fixture("sis_10"))
    assert prep.sis_version == "1.0" and r.version == "1.1"
    users = r.roster["users.csv"]
    assert users.header == prep.template["users.csv"].header
    assert users.column("sourcedId")[:2] == ["n1", "n2"]
    assert users.column("userIds")[0] == "{LDAP:n1}"
    assert users.column("givenName")[0] == "Nora1"
    assert users.column("renaissanceId")[0] == "90000200" + RID
    classes = r.roster["classes.csv"]
    assert classes.column("termSourcedIds") == ["t-fall", "t-fall"]
    demo = r.roster["demographics.csv"]
    assert demo.row(0)[:5] == ["n1", "", "", "2017-03-04", "Female"]
    assert [f.column for f in r.findings if f.code == "prepare.column_dropped"] == ["metadata.classification", "Homeroom", "metadata.duration"]


def test_aeries_zip_extra_files_left_out_quoted_lists_kept(aeries_zip, tmp_path):
    prep, r = prepare(aeries_zip)
    assert r.built.left_out == ["categories.csv", "lineItems.csv", "results.csv"]
    assert [f.params.get("file") or f.file for f in r.findings if f.code == "prepare.file_left_out"] == r.built.left_out
    classes = r.roster["classes.csv"]
    assert classes.column("grades") == ["09,10,11,12", "KG,01"]
    assert classes.column("termSourcedIds") == ["994_F,994_S", "990_Y"]
    assert r.roster["demographics.csv"].nrows == 0
    out = tmp_path / "Roster.zip"
    names = write_roster_zip(r.roster, out, version=r.version)
    assert names == ["manifest.csv", "orgs.csv", "users.csv", "courses.csv", "classes.csv", "enrollments.csv", "academicSessions.csv", "demographics.csv"]
    assert read_zip_csv(str(out), "demographics.csv") == [prep.template["demographics.csv"].header]
    assert read_zip_csv(str(out), "classes.csv")[1][4] == "09,10,11,12"
    with zipfile.ZipFile(out) as zf:
        assert b'"09,10,11,12"' in zf.read("classes.csv")
        manifest = zf.read("manifest.csv").decode()
    assert "file.lineItems,absent" in manifest and "oneroster.version,1.1" in manifest


def test_orgs_missing_from_renaissance_are_errors_naming_them(aeries_zip):
    _, r = prepare(aeries_zip)
    errors = [f for f in r.findings if f.severity == "error"]
    assert [(f.code, f.file, f.line, f.value) for f in errors] == [
        ("prepare.org_id_differs", "orgs.csv", 3, "994"),
        ("prepare.org_not_in_renaissance", "orgs.csv", 4, "995"),
    ]
    assert errors[0].params["renaissance_id"] == "s-south"
    assert "South Middle" in errors[0].message and "s-south" in errors[0].message
    assert "Summer Academy (995) does not exist in Renaissance" in errors[1].message
    assert r.built.missing_orgs == [("994", "South Middle"), ("995", "Summer Academy")]


def test_org_referenced_but_unknown(tmp_path):
    import shutil

    sis = tmp_path / "sis"
    shutil.copytree(FIXTURES / "sis_spec", sis)
    users = (sis / "users.csv").read_text(encoding="utf-8").replace("n7,,,true,s-north,", 'n7,,,true,"s-north,s-west",')
    (sis / "users.csv").write_text(users, encoding="utf-8")
    _, r = prepare(str(sis))
    [f] = [f for f in r.findings if f.severity == "error"]
    assert (f.code, f.file, f.column, f.params["org"], f.value) == ("prepare.org_reference_not_in_renaissance", "users.csv", "orgSourcedIds", "s-west", "s-north,s-west")
    assert f.line == r.roster["users.csv"].column("sourcedId").index("n7") + 2


def test_version_11_to_10_renames_reorders_and_reports_losses(aeries_zip, tmp_path):
    _, r = prepare(aeries_zip, "1.0")
    assert r.version == "1.0"
    assert r.roster.names == ["orgs.csv", "users.csv", "courses.csv", "classes.csv", "enrollments.csv", "academicSessions.csv", "demographics.csv"]
    enr = r.roster["enrollments.csv"]
    assert enr.header == list(SPEC_HEADERS["1.0"]["enrollments.csv"]) + ["renaissanceId"]
    assert enr.row(0) == ["994_1001_9940001", "994_1001", "994", "9940001", "student", "active", "2025-09-02T07:15:00.000Z", "false", ""]
    users = r.roster["users.csv"]
    assert users.header[:14] == list(SPEC_HEADERS["1.0"]["users.csv"])
    assert users.header[14:] == [
        "ext_renaissance_middleName", "ext_renaissance_salutation", "ext_renaissance_statePersonnelId",
        "ext_renaissance_stateStudentId", "ext_renaissance_suffix", "ext_renaissance_gradeTag", "renaissanceId",
    ]
    classes = r.roster["classes.csv"]
    assert classes.column("termSourcedId") == ["994_F", "990_Y"]
    assert classes.column("grade") == ["09,10,11,12", "KG,01"]
    losses = {(x.file, x.column, x.row, x.value, x.kept) for x in r.built.losses}
    assert ("classes.csv", "termSourcedIds", 0, "994_F,994_S", "994_F") in losses
    assert ("enrollments.csv", "beginDate", 0, "2025-08-15", "") in losses
    assert ("enrollments.csv", "endDate", 0, "2026-06-10", "") in losses
    assert ("users.csv", "grades", 1, "09", "") in losses
    assert len(r.built.losses) == 13
    by_code = {(f.code, f.file, f.column): f for f in r.findings if f.severity == "warning" and f.code != "prepare.large_drop"}
    assert set(by_code) == {
        ("prepare.value_not_carried", "users.csv", "enabledUser"),
        ("prepare.value_not_carried_grades_10", "users.csv", "grades"),
        ("prepare.value_cut", "classes.csv", "termSourcedIds"),
        ("prepare.value_not_carried", "classes.csv", "periods"),
        ("prepare.value_not_carried", "enrollments.csv", "beginDate"),
        ("prepare.value_not_carried", "enrollments.csv", "endDate"),
        ("prepare.value_not_carried", "academicSessions.csv", "schoolYear"),
    }
    cut = by_code[("prepare.value_cut", "classes.csv", "termSourcedIds")]
    assert cut.text == "OneRoster 1.0 holds one item here, so where several are listed only the first was kept (1 rows, for example 994_F,994_S)"
    assert "ext_renaissance_gradeTag" in by_code[("prepare.value_not_carried_grades_10", "users.csv", "grades")].hint
    # a 1.0 upload has the seven files and no manifest
    out = tmp_path / "Roster.zip"
    assert write_roster_zip(r.roster, out, version="1.0") == r.roster.names
    assert read_zip_csv(str(out), "enrollments.csv")[0] == enr.header


def _table(name: str, header, rows) -> Table:
    return Table.from_rows(name, list(header), rows)


def test_10_template_keeps_10_and_takes_11_sis():
    # a district that imports with 1.0: its (hand-made) template is 1.0, the SIS sends 1.1
    h = {f: list(v) + ["renaissanceId"] for f, v in SPEC_HEADERS["1.0"].items()}
    template = Roster("template", [
        _table("orgs.csv", h["orgs.csv"], [["s-north", "", "", "North Elementary", "school", "", "", "", "", "", "R-ORG"]]),
        _table("classes.csv", h["classes.csv"], [["c-n1", "", "", "Math 3", "03", "crs-math3", "", "scheduled", "", "s-north", "t-fall", "", "R-CLS"]]),
    ])
    sis = load_roster([fixture("sis_spec")])
    prep = Preparation(template, sis)
    assert prep.template_version == "1.0"
    r = prep.run()
    assert r.version == "1.0"
    assert r.roster["classes.csv"].header == h["classes.csv"]
    assert r.roster["classes.csv"].row(0) == ["c-n1", "", "", "Math 3", "03", "crs-math3", "", "scheduled", "", "s-north", "t-fall", "", "R-CLS"]
    # files the template lacks get the version's spec header plus renaissanceId
    assert r.roster["users.csv"].header == h["users.csv"]
    assert r.roster["users.csv"].column("username")[0] == "n1@lake.example"
    # 1.1-only SIS columns are dropped because the 1.0 template has no place for them
    assert ("prepare.column_dropped", "users.csv", "enabledUser") in {(f.code, f.file, f.column) for f in r.findings}
    # converting the 1.0 template to 1.1 writes the 1.1 spec order
    r11 = prep.run("1.1")
    assert r11.roster["classes.csv"].header == list(SPEC_HEADERS["1.1"]["classes.csv"]) + ["renaissanceId"]
    assert r11.roster["classes.csv"].column("termSourcedIds")[:1] == ["t-fall"]


def test_empty_sis_writes_header_only_files(tmp_path):
    (tmp_path / "sis").mkdir()
    (tmp_path / "sis" / "orgs.csv").write_text("sourcedId,name,type\r\ns-north,North Elementary,school\r\n", encoding="utf-8")
    _prep, r = prepare(str(tmp_path / "sis"))
    assert r.roster["orgs.csv"].nrows == 1
    assert [t.nrows for t in r.roster.tables[2:]] == [0] * 6
    assert sorted(f.file for f in r.findings if f.code == "prepare.file_not_in_sis") == sorted(
        ["users.csv", "courses.csv", "classes.csv", "enrollments.csv", "academicSessions.csv", "demographics.csv"]
    )


def test_org_findings_say_it_once_and_stay_out_of_the_grid_findings(aeries_zip):
    from core.prepare import check_prepared

    prep, r = prepare(aeries_zip)
    assert not any(f.code.startswith("prepare.org_") for f in r.roster.load_findings)
    assert any(f.code == "prepare.file_left_out" for f in r.roster.load_findings)
    checked = check_prepared(r, prep.template)
    on_orgs = [(f.code, f.line) for f in checked if f.file == "orgs.csv" and f.column == "sourcedId"]
    assert ("prepare.org_id_differs", 3) in on_orgs and ("prepare.org_not_in_renaissance", 4) in on_orgs
    assert not any(code == "ref.org_not_in_reference" for code, _ in on_orgs)


def test_template_with_two_spellings_of_one_column_follows_the_matching():
    template = Roster("t", [_table("orgs.csv", ["sourcedId", "name", "type", "parentSourceID", "parentSourcedId", "renaissanceId"], [])])
    sis = Roster("s", [_table("orgs.csv", ["sourcedId", "name", "type", "parentSourcedId"], [["s1", "One", "school", "d1"]])])
    prep = Preparation(template, sis)
    m = prep.matchings["orgs.csv"]
    assert m.pairs["parentSourceID"] == "parentSourcedId" and m.pairs["parentSourcedId"] is None
    assert prep.run().roster["orgs.csv"].row(0) == ["s1", "One", "school", "d1", "", ""]
    m.set("parentSourcedId", "parentSourcedId")
    assert prep.run().roster["orgs.csv"].row(0) == ["s1", "One", "school", "d1", "d1", ""]


def test_writing_another_version_than_the_sis_is_noted():
    prep, r = prepare(fixture("sis_10"))
    [note] = [f for f in r.findings if f.code == "prepare.version_differs"]
    assert note.severity == "info"
    assert note.text == "the SIS data is OneRoster 1.0, and the upload is written as OneRoster 1.1"
    assert "--version 1.0" in note.hint
    assert not any(f.code == "prepare.version_differs" for f in prep.run("1.0").findings)


def test_sis_workbook_with_a_sheet_per_file(tmp_path):
    import csv

    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in ("orgs", "users"):
        ws = wb.create_sheet(name)
        with open(FIXTURES / "sis_spec" / f"{name}.csv", newline="", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                ws.append(row)
    path = tmp_path / "sis.xlsx"
    wb.save(path)
    _, r = prepare(str(path))
    users = r.roster["users.csv"]
    assert users.nrows == 14 and users.column("grades")[0] == "03"
    assert users.column("renaissanceId")[0] == "90000200" + RID
    assert r.roster["enrollments.csv"].nrows == 0
    assert {d.what for d in r.comparison.drops} == {"enrollments"}


def test_org_ids_mapped_to_renaissance_everywhere(aeries_zip):
    prep = Preparation(load_roster([fixture("template")]), load_roster([aeries_zip]))
    assert prep.renaissance_orgs() == [("d1", "Lakeside District"), ("s-north", "North Elementary"), ("s-south", "South Middle")]
    prep.org_ids["994"] = "s-south"
    r = prep.run()
    orgs = r.roster["orgs.csv"]
    assert orgs.column("sourcedId") == ["s-north", "s-south", "995"]
    # the school now has Renaissance's own columns too
    assert orgs.column("renaissanceId")[1] == "90000102" + RID
    assert r.roster["users.csv"].column("orgSourcedIds") == ["s-north", "s-south", "s-south,995"]
    assert r.roster["classes.csv"].column("schoolSourcedId") == ["s-south", "s-south"]
    assert r.roster["enrollments.csv"].column("schoolSourcedId") == ["s-south", "s-south"]
    assert r.roster["courses.csv"].column("orgSourcedId") == ["s-south"]
    assert [(f.code, f.value) for f in r.findings if f.severity == "error"] == [("prepare.org_not_in_renaissance", "995")]
    mapped = {(f.file, f.column): f.params["count"] for f in r.findings if f.code == "prepare.mapped_org_ids"}
    assert mapped == {("orgs.csv", "sourcedId"): 1, ("users.csv", "orgSourcedIds"): 2, ("courses.csv", "orgSourcedId"): 1,
                      ("classes.csv", "schoolSourcedId"): 2, ("enrollments.csv", "schoolSourcedId"): 2}
    assert [s.school for s in r.comparison.schools] == ["s-north", "s-south", "995"]


def test_org_id_lists_keep_their_spacing():
    from core.prepare.records import _map_one

    assert _map_one("994, 995", {"994": "s-south"}) == "s-south, 995"
    assert _map_one("9940", {"994": "s-south"}) == "9940"
    assert _map_one("994", {"994": "s-south"}) == "s-south"


def test_10_students_get_their_grade_tag_from_grades(aeries_zip):
    from core.prepare.records import grade_tag

    assert [grade_tag(g) for g in ("03", "3", "12", "KG", "PK", "TK", "13", "09,10", "")] == ["3", "3", "12", "K", "Pre-K", None, None, None, None]
    _, r = prepare(aeries_zip, "1.0")
    # n1 keeps Renaissance's own tag; the new student gets one from "09"; the teacher none
    assert r.roster["users.csv"].column("ext_renaissance_gradeTag") == ["3", "9", ""]
    [f] = [f for f in r.findings if f.code == "prepare.grade_tag_filled"]
    assert f.text == "1 students' grades were written here from their SIS grades (09 -> 9)"
    _, r11 = prepare(aeries_zip, "1.1")
    assert r11.roster["users.csv"].column("ext_renaissance_gradeTag") == ["3", "", ""]
