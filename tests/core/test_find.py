"""Find and replace in the core: options, scopes, exact output, and a big column (its speed: bench/bench_view.py)."""

import pytest

from core.find import FindError, FindOptions, Scope, count_matches, find_all, group_by_table, plan_replace
from core.roster import Roster
from core.table import Table


def roster() -> Roster:
    users = Table.from_rows(
        "users.csv",
        ["sourcedId", "role", "givenName"],
        [["u1", "Student", "Ann"], ["u2", "student", "Bo"], ["u3", "teacher", "Stu"], ["u4", "", "a.b"]],
    )
    enr = Table.from_rows(
        "enrollments.csv",
        ["sourcedId", "role"],
        [["e1", "student"], ["e2", "STUDENT "], ["e3", "teacher"]],
    )
    return Roster("r", [users, enr])


def test_substring_ignores_case_by_default_and_lists_in_reading_order() -> None:
    hits = find_all(roster(), FindOptions("stu"))
    assert hits == [
        ("users.csv", 0, 1),
        ("users.csv", 1, 1),
        ("users.csv", 2, 2),
        ("enrollments.csv", 0, 1),
        ("enrollments.csv", 1, 1),
    ]


def test_match_case() -> None:
    assert find_all(roster(), FindOptions("Stu", match_case=True)) == [("users.csv", 0, 1), ("users.csv", 2, 2)]


def test_whole_cell_and_empty_cells() -> None:
    r = roster()
    assert find_all(r, FindOptions("student", whole_cell=True)) == [
        ("users.csv", 0, 1),
        ("users.csv", 1, 1),
        ("enrollments.csv", 0, 1),
    ]
    assert find_all(r, FindOptions("", whole_cell=True)) == [("users.csv", 3, 1)]
    with pytest.raises(FindError):
        find_all(r, FindOptions(""))


def test_scope_file_and_column() -> None:
    r = roster()
    assert find_all(r, FindOptions("stu"), Scope("enrollments.csv")) == [("enrollments.csv", 0, 1), ("enrollments.csv", 1, 1)]
    assert find_all(r, FindOptions("stu"), Scope("users.csv", 2)) == [("users.csv", 2, 2)]
    assert find_all(r, FindOptions("stu"), Scope("nope.csv")) == []
    assert count_matches(r, FindOptions("stu"), Scope("users.csv")) == 3


def test_literal_text_is_not_a_pattern() -> None:
    assert find_all(roster(), FindOptions("a.b")) == [("users.csv", 3, 2)]
    assert find_all(roster(), FindOptions("a.b", regex=True)) == [("users.csv", 3, 2)]
    assert find_all(roster(), FindOptions("^u[13]$", regex=True)) == [("users.csv", 0, 0), ("users.csv", 2, 0)]


def test_bad_regex_says_so() -> None:
    with pytest.raises(FindError, match="not a valid regular expression"):
        find_all(roster(), FindOptions("(", regex=True))


def test_plan_replace_substring_keeps_the_rest_exactly() -> None:
    changes = plan_replace(roster(), FindOptions("stu"), "Pupil")
    assert changes == [
        ("users.csv", 0, 1, "Pupildent"),
        ("users.csv", 1, 1, "Pupildent"),
        ("users.csv", 2, 2, "Pupil"),
        ("enrollments.csv", 0, 1, "Pupildent"),
        ("enrollments.csv", 1, 1, "PupilDENT "),
    ]
    # equal results share one string object, like the reader's values
    assert changes[0][3] is changes[1][3]


def test_plan_replace_whole_cell_and_case() -> None:
    changes = plan_replace(roster(), FindOptions("student", match_case=True, whole_cell=True), "student")
    assert changes == []  # nothing would change
    changes = plan_replace(roster(), FindOptions("STUDENT ", whole_cell=True, match_case=True), "student")
    assert changes == [("enrollments.csv", 1, 1, "student")]


def test_plan_replace_regex_groups_and_literal_backslashes() -> None:
    r = roster()
    assert plan_replace(r, FindOptions(r"^u(\d)$", regex=True), r"user-\1", Scope("users.csv", 0))[:2] == [
        ("users.csv", 0, 0, "user-1"),
        ("users.csv", 1, 0, "user-2"),
    ]
    assert plan_replace(r, FindOptions("a.b"), r"a\b") == [("users.csv", 3, 2, "a\\b")]
    assert plan_replace(r, FindOptions("u1", whole_cell=True, regex=True), "x") == [("users.csv", 0, 0, "x")]
    with pytest.raises(FindError, match="replacement"):
        plan_replace(r, FindOptions("u(1)", regex=True), r"\2")


def test_group_by_table() -> None:
    changes = plan_replace(roster(), FindOptions("teacher", whole_cell=True), "aide")
    assert group_by_table(changes) == {"users.csv": [(2, 1, "aide")], "enrollments.csv": [(2, 1, "aide")]}


def test_a_million_rows_find_and_replace_plan() -> None:
    # its speed is measured by bench/bench_view.py
    roles = ["student", "teacher", "Student", "aide"]
    n = 1_000_000
    col = [roles[i % 4] for i in range(n)]
    ids = [f"e{i}" for i in range(n)]
    t = Table("enrollments.csv", ["sourcedId", "role"], [ids, col])
    r = Roster("big", [t])
    hits = find_all(r, FindOptions("student", whole_cell=True, match_case=True), Scope("enrollments.csv", 1))
    changes = plan_replace(r, FindOptions("Student", whole_cell=True, match_case=True), "student", Scope("enrollments.csv", 1))
    assert len(hits) == n // 4
    assert len(changes) == n // 4
    assert changes[0] == ("enrollments.csv", 2, 1, "student")


@pytest.mark.parametrize(
    "options",
    [
        FindOptions("stu"),
        FindOptions("Stu", match_case=True),
        FindOptions("student", whole_cell=True),
        FindOptions("STUDENT ", whole_cell=True, match_case=True),
        FindOptions("", whole_cell=True),
        FindOptions("e", whole_cell=False),
        FindOptions("ß"),
        FindOptions("a\x00b"),
        FindOptions("t", regex=True),
    ],
)
def test_fast_scan_agrees_with_testing_each_value(options: FindOptions) -> None:
    """The joined-column scan gives exactly the rows a per-value test gives (NUL values included)."""
    from core.find import Matcher

    values = ["Student", "student", "", "STUDENT ", "e\x00e", "stu stu", "STRASSE", "Straße", "ss", "teacher", "", "é"]
    t = Table("x.csv", ["v"], [values])
    r = Roster("r", [t])
    m = Matcher(options)
    assert [row for _t, row, _c in find_all(r, options)] == [i for i, v in enumerate(values) if m.matches(v)]
