"""Distinct values with counts, the first values of a large set, and AutoFilters by value."""

from core.column_values import ColumnFilter, combine, shown_value, value_counts
from core.table import Table


def roles() -> Table:
    return Table.from_rows(
        "users.csv",
        ["id", "role", "grades"],
        [["1", "student", "03"], ["2", "teacher", ""], ["3", "student", "03"], ["4", "Student", "04"], ["5", "aide", ""]],
    )


def test_counts_of_few_values_many_values_and_all_distinct() -> None:
    t = roles()
    role = value_counts(t, 1)
    assert sorted(role.values) == ["Student", "aide", "student", "teacher"]
    assert [role.count(v) for v in ("student", "Student", "teacher", "nurse")] == [2, 1, 1, 0]
    ids = value_counts(t, 0)
    assert ids.all_distinct and ids.count("3") == 1 and ids.count("9") == 0
    many = Table("x.csv", ["v"], [[str(i % 40) for i in range(400)]])
    counts = value_counts(many, 0)
    assert not counts.all_distinct and len(counts) == 40 and counts.count("7") == 10


def test_counts_are_cached_until_the_table_changes() -> None:
    t = roles()
    first = value_counts(t, 1)
    assert value_counts(t, 1) is first
    t.set_cell(4, 1, "student")
    again = value_counts(t, 1)
    assert again is not first and again.count("student") == 3 and again.count("aide") == 0


def test_first_values_are_in_case_insensitive_order_and_limited() -> None:
    t = roles()
    assert value_counts(t, 1).first(10) == ["aide", "Student", "student", "teacher"]
    big = Table("e.csv", ["id"], [[f"e{(i * 7919) % 100_000:06d}" for i in range(100_000)]])
    counts = value_counts(big, 0)
    assert counts.first(1000) == [f"e{i:06d}" for i in range(1000)]
    assert counts.first(3, among=["b", "A", "c", "a"]) == ["A", "a", "b"]
    assert counts.first(2, among=["b", "a", "B", "c"]) == ["B", "a"]  # past the limit: plain order


def test_search_ignores_case_and_empty_text_gives_everything() -> None:
    counts = value_counts(roles(), 1)
    assert sorted(counts.search("STUD")) == ["Student", "student"]
    assert len(counts.search("")) == 4
    assert counts.search("zz") == []


def test_filter_keeps_values_or_drops_them_and_blanks_are_a_value() -> None:
    t = roles()
    assert ColumnFilter(1, frozenset({"student"}), exclude=False).matching_rows(t) == [0, 2]
    assert ColumnFilter(1, frozenset({"student", "aide"}), exclude=False).matching_rows(t) == [0, 2, 4]
    assert ColumnFilter(2, frozenset({""}), exclude=True).matching_rows(t) == [0, 2, 3]
    assert ColumnFilter(2, frozenset({""}), exclude=False).matching_rows(t) == [1, 4]
    assert ColumnFilter(2).is_empty and ColumnFilter(2).matching_rows(t) == [0, 1, 2, 3, 4]


def test_only_rows_with_problems_alone_and_with_values() -> None:
    t = roles()
    assert ColumnFilter(1, problems_only=True).matching_rows(t, {3, 0, 9}) == [0, 3]
    spec = ColumnFilter(1, frozenset({"student"}), exclude=False, problems_only=True)
    assert spec.matching_rows(t, [2, 3]) == [2]


def test_descriptions_read_as_plain_words() -> None:
    t = roles()
    assert ColumnFilter(1, frozenset({"teacher", "aide"}), exclude=False).describe(t) == "role is “aide” or “teacher”"
    assert ColumnFilter(2, frozenset({""})).describe(t) == "grades is not (Blanks)"
    assert ColumnFilter(1, frozenset(), exclude=False).describe(t) == "role is nothing"
    assert ColumnFilter(1, problems_only=True).describe(t) == "role has a problem"
    five = ColumnFilter(0, frozenset("12345"), exclude=False)
    assert five.describe(t) == "id is “1” or “2” or “3” or 2 more"
    assert shown_value("") == "(Blanks)" and shown_value(" x") == "“ x”"


def test_combine_keeps_rows_in_every_list_in_file_order() -> None:
    assert combine([[0, 2, 4, 6], [2, 3, 4], [4, 2, 9]]) == [2, 4]
    assert combine([[1, 2], []]) == []


def test_longest_values_are_the_long_ones_of_the_rows_asked() -> None:
    from core.column_values import longest_values

    column = ["a", "bbbbbbbbbb", "cc", "dddddddd", "bbbbbbbbbb", "eee"]
    assert longest_values(column) == ["bbbbbbbbbb", "dddddddd"]
    assert longest_values(column, rows=[0, 3, 5]) == ["dddddddd"]
    assert longest_values(column, rows=[]) == []
    assert longest_values(["x" * 10] * 5 + ["y" * 10], limit=1) == ["x" * 10]


def test_counts_among_some_rows() -> None:
    from core.column_values import value_counts_in_rows

    counts = value_counts_in_rows(roles(), 2, [0, 1, 3])
    assert sorted(counts.values) == ["", "03", "04"] and counts.count("03") == 1 and counts.nrows == 3
    assert counts.first(10) == ["", "03", "04"]


def test_a_list_counts_only_the_values_it_shows_until_another_is_asked(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import core.column_values as cv

    column = [f"u{(i * 7) % 300:03d}" for i in range(3000)]  # 300 users, 10 rows each
    t = Table("enrollments.csv", ["userSourcedId"], [column])
    t.distinct(0)  # the full check's set: the list starts from it
    counts = value_counts(t, 0)
    assert not counts.all_distinct and len(counts) == 300
    shown = counts.first(5)
    assert shown == ["u000", "u001", "u002", "u003", "u004"]
    assert counts._counts is None and counts._some == dict.fromkeys(shown, 10)
    assert [counts.count(v) for v in shown] == [10] * 5 and counts._counts is None
    assert counts.count("u299") == 10 and counts.count("nobody") == 0  # the rest: counted at once
    # past _SOME values a list counts every value at once
    monkeypatch.setattr(cv, "_SOME", 3)
    t.set_cell(0, 0, "u000")
    again = value_counts(t, 0)
    t.distinct(0)
    assert again.first(5) == shown and again._counts is not None and again.count("u001") == 10


def test_a_large_column_of_repeats_is_counted_in_one_pass_without_its_set(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import core.column_values as cv

    monkeypatch.setattr(cv, "_SAMPLE", 100)
    column = [f"c{i % 20:02d}" for i in range(1000)]
    t = Table("enrollments.csv", ["classSourcedId"], [column])
    counts = value_counts(t, 0)
    assert t.cached_distinct(0) is None  # no set built on the way
    assert len(counts) == 20 and counts.count("c07") == 50 and counts.first(3) == ["c00", "c01", "c02"]
    ids = Table("e.csv", ["sourcedId"], [[f"e{i:04d}" for i in range(1000, 0, -1)]])
    every = value_counts(ids, 0)
    assert ids.all_distinct(0) and ids.cached_distinct(0) is None and every.all_distinct  # the fact, not the set
    assert every.first(3) == ["e0001", "e0002", "e0003"]  # from the column, in plain order


def test_a_column_the_check_found_distinct_is_listed_from_the_column_without_a_set() -> None:
    ids = Table("e.csv", ["sourcedId"], [[f"e{i:04d}" for i in range(1000, 0, -1)]])
    ids.distinct(0)  # the full check: the table keeps only the fact
    every = value_counts(ids, 0)
    assert every.all_distinct and every.values is ids.columns[0] and len(every) == 1000
    assert every.first(3) == ["e0001", "e0002", "e0003"]
    assert [every.count(v) for v in ("e0001", "e0003")] == [1, 1] and every._members is None  # shown: no set
    assert every.count("e0999") == 1 and every.count("nobody") == 0 and every._members == set(ids.columns[0])
    assert every.search("e000") == ["e0009", "e0008", "e0007", "e0006", "e0005", "e0004", "e0003", "e0002", "e0001"]
