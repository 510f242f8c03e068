"""Each damage detector on small tables written in the test (one kind of damage at a time)."""

from __future__ import annotations

from core.damage import apply_changes, detect_damage, propose_repairs
from core.findings import catalogue
from core.roster import Roster
from core.table import Table


def roster_of(*tables: Table) -> Roster:
    r = Roster("test")
    for t in tables:
        r.add(t)
    return r


def table(name: str, header: str, *rows: str) -> Table:
    return Table.from_rows(name, header.split("|"), [r.split("|") for r in rows])


def codes(findings, code):
    return [(f.file, f.line, f.column, f.value, f.fix) for f in findings if f.code == code]


def test_leading_zeros_from_the_column_and_the_ids_that_name_the_same_records():
    orgs = table("orgs.csv", "sourcedId|name", "0100|District", "0101|Cedar", "102|Pine")
    classes = table("classes.csv", "sourcedId|schoolSourcedId", "c1|101", "c2|0102")
    found = detect_damage(roster_of(orgs, classes))
    assert codes(found, "damage.leading_zeros") == [
        ("orgs.csv", 4, "sourcedId", "102", "0102"),
        ("classes.csv", 2, "schoolSourcedId", "101", "0101"),
    ] or sorted(codes(found, "damage.leading_zeros")) == sorted(
        [("orgs.csv", 4, "sourcedId", "102", "0102"), ("classes.csv", 2, "schoolSourcedId", "101", "0101")]
    )


def test_leading_zeros_with_one_padded_value_only_needs_a_decision():
    t = table("courses.csv", "sourcedId|courseCode", "a|00711", "b|2052")
    found = [f for f in detect_damage(roster_of(t)) if f.code == "damage.leading_zeros"]
    assert [(f.value, f.fix, f.params["suggestion"], f.params["decision"]) for f in found] == [("2052", None, "02052", True)]


def test_ids_of_different_kinds_do_not_share_a_width():
    # users 000101 and orgs 0101 both lose their zeros as 101: each is padded to its own width
    users = table("users.csv", "sourcedId|orgSourcedIds", "000101|0101", "4501|101", "000102|0102")
    found = detect_damage(roster_of(users))
    assert sorted(codes(found, "damage.leading_zeros")) == [
        ("users.csv", 3, "orgSourcedIds", "101", "0101"),
        ("users.csv", 3, "sourcedId", "4501", "004501"),
    ]


def test_grades_as_numbers_k_and_ranges_turned_into_dates():
    t = table("users.csv", "sourcedId|grades", "a|9", "b|K", "c|09,1", "d|12-Jan", "e|Jan-12", "f|1/12/2026", "g|KG")
    found = detect_damage(roster_of(t))
    assert codes(found, "damage.grade_number") == [("users.csv", 2, "grades", "9", "09"), ("users.csv", 4, "grades", "09,1", "09,01")]
    assert codes(found, "damage.grade_k") == [("users.csv", 3, "grades", "K", "KG")]
    dates = [f for f in found if f.code == "damage.grade_date"]
    assert [(f.value, f.fix, f.params["suggestion"]) for f in dates] == [
        ("12-Jan", None, "01,02,03,04,05,06,07,08,09,10,11,12"),
        ("Jan-12", None, "01,02,03,04,05,06,07,08,09,10,11,12"),
        ("1/12/2026", None, "01,02,03,04,05,06,07,08,09,10,11,12"),
    ]


def test_scientific_notation_names_the_lost_digits():
    t = table("enrollments.csv", "sourcedId|userSourcedId", "1.23457E+11|u1", "1.5E+3|u2")
    found = detect_damage(roster_of(t))
    lost = [f for f in found if f.code == "damage.scientific_lost"]
    assert [(f.value, f.fix, f.params["low"], f.params["high"], f.params["digits"]) for f in lost] == [
        ("1.23457E+11", None, "123456500000", "123457499999", 12)
    ]
    assert "from 123456500000 to 123457499999" in lost[0].text
    assert codes(found, "damage.scientific") == [("enrollments.csv", 3, "sourcedId", "1.5E+3", "1500")]


def test_dates_with_the_order_settled_by_the_column():
    t = table("enrollments.csv", "sourcedId|beginDate|endDate", "a|8/15/2026|1/2/2027", "b|9/2/2026|15-Aug-26", "c|2026-08-15 00:00:00|2026-08-15")
    found = detect_damage(roster_of(t))
    # endDate's own values do not say which number is the month; beginDate's 8/15 does, for the whole set
    assert codes(found, "damage.date_format") == [
        ("enrollments.csv", 2, "beginDate", "8/15/2026", "2026-08-15"),
        ("enrollments.csv", 3, "beginDate", "9/2/2026", "2026-09-02"),
        ("enrollments.csv", 4, "beginDate", "2026-08-15 00:00:00", "2026-08-15"),
        ("enrollments.csv", 2, "endDate", "1/2/2027", "2027-01-02"),
        ("enrollments.csv", 3, "endDate", "15-Aug-26", "2026-08-15"),
    ]
    assert [f for f in found if f.code == "damage.date_ambiguous"] == []


def test_day_first_dates():
    t = table("academicSessions.csv", "sourcedId|startDate", "a|15/08/2026", "b|01/09/2026")
    assert codes(detect_damage(roster_of(t)), "damage.date_format") == [
        ("academicSessions.csv", 2, "startDate", "15/08/2026", "2026-08-15"),
        ("academicSessions.csv", 3, "startDate", "01/09/2026", "2026-09-01"),
    ]


def test_booleans():
    t = table("users.csv", "sourcedId|enabledUser", "a|TRUE", "b|False", "c|1", "d|Yes", "e|true", "f|maybe")
    assert [(v, fix) for _, _, _, v, fix in codes(detect_damage(roster_of(t)), "damage.boolean")] == [
        ("TRUE", "true"),
        ("False", "false"),
        ("1", "true"),
        ("Yes", "true"),
    ]


def test_manifest_versions():
    t = table("manifest.csv", "propertyName|value", "manifest.version|1", "oneroster.version|1.10", "file.users|bulk")
    found = detect_damage(roster_of(t))
    assert codes(found, "damage.manifest_version") == [("manifest.csv", 2, "value", "1", "1.0")]
    assert codes(found, "damage.oneroster_version") == [("manifest.csv", 3, "value", "1.10", "1.1")]


def test_text_damage_each_with_its_code():
    t = table(
        "users.csv",
        "sourcedId|givenName|familyName",
        "a|JosÃ©|O\u2019Brien",
        "b|Ann\u00a0Marie|Lee ",
        "c|Li\u200b|Wang",
    )
    found = detect_damage(roster_of(t))
    assert codes(found, "damage.mojibake") == [("users.csv", 2, "givenName", "JosÃ©", "José")]
    assert codes(found, "damage.smart_quotes") == [("users.csv", 2, "familyName", "O\u2019Brien", "O'Brien")]
    assert codes(found, "damage.nbsp") == [("users.csv", 3, "givenName", "Ann\u00a0Marie", "Ann Marie")]
    assert codes(found, "damage.spaces") == [("users.csv", 3, "familyName", "Lee ", "Lee")]
    assert codes(found, "damage.zero_width") == [("users.csv", 4, "givenName", "Li\u200b", "Li")]


def test_mojibake_that_cannot_be_undone_is_named():
    # a private-use character no reader is known to write for a byte
    t = table("users.csv", "sourcedId|familyName", "a|Ã\ue123lvarez")
    found = [f for f in detect_damage(roster_of(t)) if f.code == "damage.mojibake"]
    assert [(f.fix, f.params["decision"]) for f in found] == [(None, True)]


def test_formula_like_values_warn():
    t = table("users.csv", "sourcedId|middleName|phone", "a|=HYPERLINK(1)|+1 555 0100", "b|-|-5", "c|@home|")
    found = [(f.value, f.severity, f.fix) for f in detect_damage(roster_of(t)) if f.code == "damage.formula"]
    assert found == [("=HYPERLINK(1)", "warning", None), ("@home", "warning", None), ("+1 555 0100", "warning", None)]


def test_workbook_number_and_date_cells_in_text_columns():
    t = table("users.csv", "sourcedId|grades|givenName", "101|2026-01-12|Ann", "x|KG|42")
    t.cell_kinds = {(0, 0): "number", (0, 1): "date", (1, 2): "number"}
    found = detect_damage(roster_of(t))
    assert codes(found, "damage.xlsx_number") == [("users.csv", 2, "sourcedId", "101", None)]
    assert codes(found, "damage.xlsx_date") == [("users.csv", 2, "grades", "2026-01-12", None)]


def test_lost_quotes_around_a_list():
    header = "sourcedId|enabledUser|orgSourcedIds|role|username|grades|password".split("|")
    t = Table(
        "users.csv",
        header,
        [list(c) for c in zip(*[["a", "true", "01", "student", "ann", "09", ""], ["b", "true", "01", "02", "student", "bob", "10"]])],
        extra_fields={1: [""]},
    )
    found = [f for f in detect_damage(roster_of(t)) if f.code == "damage.list_spill"]
    assert len(found) == 1 and found[0].line == 3 and found[0].column == "orgSourcedIds" and found[0].fix == "01,02"
    repair = next(r for r in propose_repairs(roster_of(t)) if r.code == "damage.list_spill")
    assert [(c.col, c.old, c.new) for c in repair.changes] == [(2, "01", "01,02"), (3, "02", "student"), (4, "student", "bob"), (5, "bob", "10"), (6, "10", "")]


def test_repairs_group_by_code_file_and_column_and_apply_with_old_values():
    t = table("users.csv", "sourcedId|enabledUser|grades", "a|TRUE|9", "b|FALSE|KG", "c|true|1/12/2026")
    r = roster_of(t)
    repairs = propose_repairs(r)
    titles = {rep.title: rep for rep in repairs}
    assert set(titles) == {
        "Write true/false in lower case in users.csv enabledUser",
        "Write grades as two characters in users.csv grades",
        "Put back grade ranges a spreadsheet made into dates in users.csv grades (needs your decision)",
    }
    booleans = titles["Write true/false in lower case in users.csv enabledUser"]
    assert booleans.safe and [(c.row, c.col, c.old, c.new, c.line, c.column) for c in booleans.changes] == [
        (0, 1, "TRUE", "true", 2, "enabledUser"),
        (1, 1, "FALSE", "false", 3, "enabledUser"),
    ]
    decide = titles["Put back grade ranges a spreadsheet made into dates in users.csv grades (needs your decision)"]
    assert not decide.safe and decide.changes == [] and [f.value for f in decide.needs_decision] == ["1/12/2026"]
    done = apply_changes(r, booleans.changes)
    assert [(c.old, c.new) for c in done] == [("TRUE", "true"), ("FALSE", "false")]
    assert t.column(1) == ["true", "false", "true"]
    # applying the undo list the other way round puts the old values back
    from core.damage import CellChange

    apply_changes(r, [CellChange(c.file, c.row, c.col, c.new, c.old) for c in done])
    assert t.column(1) == ["TRUE", "FALSE", "true"]


def test_every_code_has_wording():
    cat = catalogue()
    for code in [c for c in cat if c.startswith("damage.")]:
        assert cat[code]["text"] and cat[code]["hint"]


def test_a_trailing_comma_is_no_spilled_list():
    header = ["sourcedId", "orgSourcedIds", "role", "grades", "password"]
    t = Table("users.csv", header, [["a"], ["01"], ["teacher"], [""], [""]], extra_fields={0: [""]})
    assert [f for f in detect_damage(roster_of(t)) if f.code == "damage.list_spill"] == []


def test_numeric_id_columns_are_named_only_when_a_spreadsheet_left_marks():
    # a space is from copying, not from a spreadsheet's save: no mark
    users = table("users.csv", "sourcedId|givenName|enabledUser", "101|Ann |true", "4501|Bo|true")
    assert [f.code for f in detect_damage(roster_of(users)) if f.code == "damage.maybe_zeros"] == []
    manifest = table("manifest.csv", "propertyName|value", "manifest.version|1")
    named = [(f.severity, f.file, f.line, f.column, f.row, f.params["columns"])
             for f in detect_damage(roster_of(users, manifest)) if f.code == "damage.maybe_zeros"]
    assert named == [("info", None, None, None, None, "users.csv sourcedId")]


def test_true_written_by_a_spreadsheet_is_a_mark_too():
    # a ClassLink export re-saved: TRUE and teachers' identifiers without their zeros, nothing else
    users = table("users.csv", "sourcedId|enabledUser|role|identifier", "u1|TRUE|teacher|32", "u2|TRUE|teacher|4501")
    found = [f.params["columns"] for f in detect_damage(roster_of(users)) if f.code == "damage.maybe_zeros"]
    assert found == ["users.csv identifier"]


def test_one_note_for_the_set_naming_only_id_columns():
    manifest = table("manifest.csv", "propertyName|value", "manifest.version|1")
    orgs = table("orgs.csv", "sourcedId|parentSourcedId", "255901|", "255901001|255901")
    classes = table("classes.csv", "sourcedId|schoolSourcedId|periods|subjectCodes", "c1|255901001|9|01001", "c2|255901001|1,2,3,4,5|02052")
    users = table("users.csv", "sourcedId|orgSourcedIds", "604863|255901001", "604874|255901001,255901")
    notes = [f for f in detect_damage(roster_of(manifest, orgs, classes, users)) if f.code == "damage.maybe_zeros"]
    assert [f.params["columns"] for f in notes] == [
        "orgs.csv sourcedId, orgs.csv parentSourcedId, classes.csv schoolSourcedId, users.csv sourcedId, users.csv orgSourcedIds"
    ]
    assert notes[0].message.startswith("the files show spreadsheet damage, and these ID columns hold only plain numbers")


def test_periods_are_no_id_column():
    manifest = table("manifest.csv", "propertyName|value", "manifest.version|1")
    classes = table("classes.csv", "sourcedId|periods", "c1|9", "c2|1,2,3,4,5")
    assert [f.code for f in detect_damage(roster_of(manifest, classes))] == ["damage.manifest_version"]


def test_results_follow_every_change_even_when_kept_between_checks():
    orgs = table("orgs.csv", "sourcedId|name", "0100|District", "0101|Cedar")
    classes = table("classes.csv", "sourcedId|schoolSourcedId|primary", "c1|101|TRUE")
    r = roster_of(orgs, classes)
    assert sorted(f.code for f in detect_damage(r)) == ["damage.boolean", "damage.leading_zeros"]
    classes.set_cell(0, 2, "true")
    assert [f.code for f in detect_damage(r)] == ["damage.leading_zeros"]
    # a change in another file changes what this one shows: orgs no longer zero-padded
    orgs.set_cell(0, 0, "100")
    orgs.set_cell(1, 0, "101")
    assert [f.code for f in detect_damage(r)] == []


def test_a_value_changed_since_the_reference_is_still_checked():
    # the reference says false; the file says TRUE: a real change (not damage) written the spreadsheet way
    now = table("enrollments.csv", "sourcedId|primary|role", "e1|TRUE|teacher", "e2|FALSE|student")
    ref = table("enrollments.csv", "sourcedId|primary|role", "e1|false|teacher", "e2|false|student")
    found = detect_damage(roster_of(now), roster_of(ref))
    assert [(f.line, f.value, f.fix, f.params.get("source")) for f in found if f.code == "damage.boolean"] == [
        (3, "FALSE", "false", "reference"),
        (2, "TRUE", "true", None),
    ]


def test_a_cell_with_spaces_and_a_grade_number_is_repaired_in_one_change():
    t = table("users.csv", "sourcedId|grades|enabledUser|beginDate", "a| 9|TRUE |8/15/2026\u00a0")
    found = detect_damage(roster_of(t))
    assert ("damage.grade_number", " 9", "09") in [(f.code, f.value, f.fix) for f in found]
    changes = {c.column: (c.old, c.new) for r in propose_repairs(roster_of(t)) for c in r.changes}
    assert changes == {"grades": (" 9", "09"), "enabledUser": ("TRUE ", "true"), "beginDate": ("8/15/2026\u00a0", "2026-08-15")}


def test_reference_sees_through_spaces():
    now = table("users.csv", "sourcedId|grades", "a| 9")
    ref = table("users.csv", "sourcedId|grades", "a|09")
    assert [(f.code, f.fix) for f in detect_damage(roster_of(now), roster_of(ref))] == [("damage.spaces", "09")]


def test_a_repaired_spill_saves_in_place_without_its_extra_fields() -> None:
    from core.checks import check_roster
    from core.damage.headless import repair_headless
    from core.io.csvread import read_csv_bytes
    from core.io.csvwrite import save_bytes

    data = (b"sourcedId,enabledUser,orgSourcedIds,role,username,grades,password\r\n"
            b"a,true,01,student,ann,09,\r\n"
            b"b,true,01,02,student,bob,10,\r\n")
    t, findings = read_csv_bytes(data, "users.csv")
    r = roster_of(t)
    r.load_findings.extend(findings)
    assert [f.code for f in check_roster(r) if f.code.startswith("csv.")] == ["csv.ragged_long"]
    changes, decisions = repair_headless(r)
    assert decisions == [] and len(changes) == 5
    assert t.extra_fields(1) == []
    assert save_bytes(t) == (b"sourcedId,enabledUser,orgSourcedIds,role,username,grades,password\r\n"
                             b"a,true,01,student,ann,09,\r\n"
                             b'b,true,"01,02",student,bob,10,\r\n')
    # loading's "too many fields" no longer holds for the record
    assert [f.code for f in check_roster(r) if f.code.startswith("csv.")] == []


def test_a_shorter_value_that_kept_its_zero_lost_none():
    # a district's 7-digit code among 9-digit school codes: a spreadsheet would have dropped the 0 too
    orgs = table("orgs.csv", "sourcedId|identifier", "dist|0600001", *(f"s{k}|06000000{k}" for k in range(5)), "s9|60000009")
    assert [(f.value, f.fix) for f in detect_damage(roster_of(orgs)) if f.code == "damage.leading_zeros"] == [("60000009", "060000009")]


def test_the_date_order_one_column_proves_holds_for_the_whole_set():
    # 12/18/2026 can only be month first: 8/12/2026 in the same export is 12 August
    enr = table("enrollments.csv", "sourcedId|beginDate|endDate", "e1|8/12/2026|12/18/2026", "e2|8/12/2026|6/11/2027")
    found = [(f.code, f.column, f.value, f.fix) for f in detect_damage(roster_of(enr)) if f.code.startswith("damage.date")]
    assert found == [
        ("damage.date_format", "beginDate", "8/12/2026", "2026-08-12"),
        ("damage.date_format", "beginDate", "8/12/2026", "2026-08-12"),
        ("damage.date_format", "endDate", "12/18/2026", "2026-12-18"),
        ("damage.date_format", "endDate", "6/11/2027", "2027-06-11"),
    ]


def test_the_proof_may_come_from_another_file():
    sessions = table("academicSessions.csv", "sourcedId|startDate|endDate", "t1|15/08/2026|30/06/2027")
    enr = table("enrollments.csv", "sourcedId|beginDate", "e1|8/12/2026")
    found = [(f.code, f.fix) for f in detect_damage(roster_of(sessions, enr)) if f.file == "enrollments.csv"]
    assert found == [("damage.date_format", "2026-12-08")]


def test_dates_are_asked_only_when_nothing_in_the_set_tells():
    enr = table("enrollments.csv", "sourcedId|beginDate|endDate", "e1|8/12/2026|6/11/2027")
    found = [(f.code, f.params.get("suggestion")) for f in detect_damage(roster_of(enr))]
    assert found == [("damage.date_ambiguous", "2026-08-12"), ("damage.date_ambiguous", "2027-06-11")]
    # dates that disagree (typed by hand in both orders) prove nothing for the others
    mixed = table("enrollments.csv", "sourcedId|beginDate|endDate", "e1|8/12/2026|18/12/2026", "e2|8/12/2026|12/19/2026")
    codes = {(f.column, f.code) for f in detect_damage(roster_of(mixed))}
    assert ("beginDate", "damage.date_ambiguous") in codes


def test_the_reference_restores_digits_a_workbook_rounded_away():
    now = table("users.csv", "sourcedId|identifier|givenName", "u1|5574228010190970|Ann", "u2|5574228010190980|Bo")
    ref = table("users.csv", "sourcedId|identifier|givenName", "u1|5574228010190966|Ann", "u2|5574228010190981|Bo")
    found = [(f.code, f.value, f.fix) for f in detect_damage(roster_of(now), roster_of(ref))]
    # 5574228010190981 keeps 15 digits as 5574228010190980: the same rounding
    assert found == [
        ("damage.precision", "5574228010190970", "5574228010190966"),
        ("damage.precision", "5574228010190980", "5574228010190981"),
    ]
    # a different number is a real change, not damage
    other = table("users.csv", "sourcedId|identifier|givenName", "u1|5574228010190970|Ann", "u2|5574228010190990|Bo")
    assert [f.value for f in detect_damage(roster_of(other), roster_of(ref))] == ["5574228010190970"]


def test_the_reference_restores_mojibake_that_kept_a_private_use_character():
    now = table("users.csv", "sourcedId|familyName", "u1|Ä\uf190áº·ng", "u2|Nguyá»…n")
    ref = table("users.csv", "sourcedId|familyName", "u1|Đặng", "u2|Nguyễn")
    found = [(f.code, f.fix, f.params.get("source")) for f in detect_damage(roster_of(now), roster_of(ref))]
    assert found == [("damage.mojibake", "Đặng", "reference"), ("damage.mojibake", "Nguyễn", "reference")]


def test_mojibake_is_found_and_repaired_without_a_reference():
    t = table("users.csv", "sourcedId|familyName", "u1|Nguyá»…n", "u2|Ä\uf190áº·ng", "u3|Café")
    found = [(f.code, f.value, f.fix) for f in detect_damage(roster_of(t))]
    assert found == [("damage.mojibake", "Nguyá»…n", "Nguyễn"), ("damage.mojibake", "Ä\uf190áº·ng", "Đặng")]


def test_columns_of_distinct_values_are_read_from_the_table_with_the_same_findings(monkeypatch):
    """A table keeps no set of a column that holds no value twice (only that fact): the detectors
    then read the column itself, and find exactly what they find from the set."""

    def district() -> Roster:
        users = table(
            "users.csv",
            "sourcedId|identifier|givenName|agentSourcedIds|birthDate",
            "0101|000711|Ann|0101,0102|2012-05-01",
            "0102|000712|  Bo|0101|2012-05-02",
            "103|713|=Cy|103|5/13/2012",
            "0104|000714||0104|",
            "1.05E+03|000715|Dee\u00a0|0103|2012-05-04",
        )
        classes = table("classes.csv", "sourcedId|grades", "c1|9", "c2|09", "c3|K")
        return roster_of(users, classes)

    with monkeypatch.context() as m:
        m.setattr(Table, "all_distinct", lambda self, col: False)  # the detectors get every column's set
        before = [(f.code, f.file, f.row, f.col, f.value, f.fix, f.params) for f in detect_damage(district())]
    known = district()
    for t in known.tables:
        for c in range(t.ncols):
            t.distinct(c)
    assert [t.all_distinct(c) for t in known.tables for c in range(t.ncols)].count(True) >= 6  # the facts are known
    after = [(f.code, f.file, f.row, f.col, f.value, f.fix, f.params) for f in detect_damage(known)]
    assert after == before and {"damage.leading_zeros", "damage.spaces", "damage.formula", "damage.scientific"} <= {
        f[0] for f in before
    }
