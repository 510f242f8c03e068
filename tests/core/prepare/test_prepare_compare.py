from prepare_fixtures import fixture, partial_extract

from core.io.load import load_roster
from core.prepare import Preparation
from core.prepare.compare import DROP_MIN_BEFORE


def run(sis: str):
    return Preparation(load_roster([fixture("template")]), load_roster([sis])).run()


def test_counts_per_school():
    cmp = run(fixture("sis_spec")).comparison
    north, south = cmp.schools
    assert (north.school, north.name, south.school, south.name) == ("s-north", "North Elementary", "s-south", "South Middle")
    assert north.counts == {
        "users": {"added": 1, "removed": 1, "changed": 1},
        "classes": {"added": 0, "removed": 0, "changed": 0},
        "enrollments": {"added": 1, "removed": 1, "changed": 0},
    }
    assert south.counts["classes"] == {"added": 1, "removed": 0, "changed": 0}
    assert south.counts["users"] == {"added": 1, "removed": 1, "changed": 0}
    assert (north.students_before, north.students_after, north.before["users"], north.after["users"]) == (6, 6, 7, 7)
    assert cmp.drops == []
    assert cmp.total("users", "added") == 2


def test_lists_of_each_kind_of_change():
    cmp = run(fixture("sis_spec")).comparison
    assert [(c.sourced_id, c.label) for c in cmp.changes_of("users", "added")] == [("n7", "Nia7 Lind"), ("s7", "Sol7 Berg")]
    assert [c.sourced_id for c in cmp.changes_of("users", "removed", "s-north")] == ["n6"]
    [changed] = cmp.changes_of("users", "changed")
    assert (changed.sourced_id, changed.columns) == ("n1", [("familyName", "Lind", "Lind-Park")])
    assert [c.sourced_id for c in cmp.changes_of("classes", "added")] == ["c-s2"]
    assert [c.label for c in cmp.changes_of("enrollments", "removed")] == ["n6 in c-n1", "s6 in c-s1"]


def test_partial_extract_is_a_large_drop(tmp_path):
    r = run(partial_extract(tmp_path / "partial"))
    cmp = r.comparison
    assert [(d.school, d.what, d.before, d.after, d.percent_lost) for d in cmp.drops] == [
        ("s-south", "students", 6, 0, 100),
        ("s-south", "enrollments", 7, 0, 100),
    ]
    south = next(s for s in cmp.schools if s.school == "s-south")
    assert south.counts["users"]["removed"] == 7 and south.counts["classes"]["removed"] == 1
    drops = [f for f in r.findings if f.code == "prepare.large_drop"]
    assert [f.severity for f in drops] == ["warning", "warning"]
    assert drops[0].text == "South Middle would go from 6 students in Renaissance to 0 (100% fewer)"
    assert cmp.to_json()["large_drops"][0]["percent_lost"] == 100


def test_small_schools_do_not_warn(tmp_path):
    # South Middle has one class: losing it is a change, not a sign of a partial extract
    r = run(partial_extract(tmp_path / "partial"))
    assert DROP_MIN_BEFORE > 1
    assert not any(d.what == "classes" for d in r.comparison.drops)


def test_10_output_compares_by_column_meaning():
    # 1.0 names (termSourcedId, userId...) are compared with the export's 1.1 columns
    prep = Preparation(load_roster([fixture("template")]), load_roster([fixture("sis_spec")]))
    cmp = prep.run("1.0").comparison
    assert [c.sourced_id for c in cmp.changes_of("users", "changed")] == ["n1"]
    assert cmp.changes_of("classes", "changed") == []


def _roster(users_rows, classes_rows=()):
    from core.roster import Roster
    from core.table import Table

    uh = ["sourcedId", "orgSourcedIds", "role", "givenName", "familyName"]
    ch = ["sourcedId", "title", "schoolSourcedId"]
    return Roster("r", [Table.from_rows("users.csv", uh, users_rows), Table.from_rows("classes.csv", ch, list(classes_rows))])


def test_moving_school_and_list_spacing():
    from core.prepare.compare import compare

    export = _roster([
        ["u1", "a", "student", "Ann", "Lee"],
        ["u2", "a,b", "teacher", "Bo", "Kim"],
        ["u3", "b", "student", "Cy", "Ng"],
    ], [["c1", "Math", "a"]])
    upload = _roster([
        ["u1", "b", "student", "Ann", "Lee"],  # moved from a to b
        ["u2", "a, b", "teacher", "Bo", "Kim"],  # same list, other spacing: no change
        ["u3", "b", "student", "Cy", "Ngo"],  # changed in place
    ], [["c1", "Math II", "a"]])
    cmp = compare(upload, export)
    got = sorted((c.kind, c.change, c.school, c.sourced_id) for c in cmp.changes)
    assert got == [
        ("classes", "changed", "a", "c1"),
        ("users", "added", "b", "u1"),
        ("users", "changed", "b", "u3"),
        ("users", "removed", "a", "u1"),
    ]
    a = next(s for s in cmp.schools if s.school == "a")
    assert (a.before["users"], a.after["users"], a.students_before, a.students_after) == (2, 1, 1, 0)
    [c] = cmp.changes_of("classes", "changed")
    assert c.columns == [("title", "Math", "Math II")]


def test_nothing_in_renaissance_yet():
    from core.prepare.compare import compare
    from core.roster import Roster

    cmp = compare(_roster([["u1", "a", "student", "Ann", "Lee"]]), Roster("empty"))
    assert [(c.change, c.sourced_id) for c in cmp.changes] == [("added", "u1")]
    assert cmp.drops == []
