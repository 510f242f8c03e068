from core.io.csvread import read_csv_bytes
from core.table import Table


def make() -> Table:
    return Table.from_rows("t.csv", ["a", "b"], [["1", "x"], ["2", "y"], ["3", "z"]])


def test_cells_rows_and_columns_are_text_exactly() -> None:
    t = make()
    assert (t.nrows, t.ncols) == (3, 2)
    assert t.row(1) == ["2", "y"]
    assert t.column("b") == ["x", "y", "z"]
    assert t.col_index("b") == 1 and t.col_index("B") is None


def test_set_cell_marks_record_edited_and_returns_old() -> None:
    t = make()
    rev = t.revision
    assert t.set_cell(1, 0, "02") == "2"
    assert t.cell(1, 0) == "02"
    assert t.edited_records == {1}
    assert t.revision > rev and t.modified


def test_insert_and_delete_keep_source_identity() -> None:
    t = make()
    t.insert_rows(1, [["new", "n"]])
    assert [t.origin(r) for r in range(4)] == [0, -1, 1, 2]
    assert t.line_of(1) is None and t.line_of(2) == 3
    snap = t.delete_rows([0, 2])
    assert t.column("a") == ["new", "3"]
    t.restore_rows(snap)
    assert t.column("a") == ["1", "new", "2", "3"]
    assert [t.origin(r) for r in range(4)] == [0, -1, 1, 2]


def test_rows_deleted_anywhere_come_back_in_place_with_their_records() -> None:
    """Scattered rows, a block, the first and the last row, and all rows: deleted, then put back in
    one pass, each at its place with its source record (its line); an inserted row stays new."""
    import random

    rng = random.Random(7)
    rows = [[f"id{i}", f"v{i}"] for i in range(40)]
    for positions in ([0, 39], [5, 6, 7, 8, 30], list(range(40)), sorted(rng.sample(range(41), 17)), [3]):
        t = Table.from_rows("t.csv", ["a", "b"], rows)
        t.insert_rows(10, [["new", "n"]])
        before = [t.row(r) for r in range(t.nrows)], [t.line_of(r) for r in range(t.nrows)]
        snap = t.delete_rows(positions)
        assert t.nrows == 41 - len(positions)
        t.restore_rows(snap)
        assert ([t.row(r) for r in range(t.nrows)], [t.line_of(r) for r in range(t.nrows)]) == before


def test_reorder_is_a_permutation() -> None:
    t = make()
    t.reorder([2, 0, 1])
    assert t.column("a") == ["3", "1", "2"]
    assert t.line_of(0) == 4


def test_missing_fields_are_told_apart_from_empty_ones() -> None:
    t, _ = read_csv_bytes(b"a,b,c\r\n1\r\n1,,\r\n", "t.csv")
    assert t.row(0) == ["1", "", ""] and t.row(1) == ["1", "", ""]
    assert t.is_missing(0, 1) and t.is_missing(0, 2)
    assert not t.is_missing(1, 1)
    t.set_cell(0, 1, "x")
    assert not t.is_missing(0, 1) and t.is_missing(0, 2)


def test_row_of_line_follows_multi_line_records() -> None:
    t, _ = read_csv_bytes(b'a,b\r\n"x\r\ny",1\r\nz,2\r\n', "t.csv")
    assert t.line_of(0) == 2 and t.line_of(1) == 4
    assert t.row_of_line(4) == 1 and t.row_of_line(3) is None


def test_distinct_values_follow_every_change() -> None:
    t = Table.from_rows("users.csv", ["sourcedId", "role"], [["u1", "student"], ["u2", "student"]])
    assert t.distinct(1) == {"student"}
    assert t.distinct(1) is t.distinct(1)  # kept while nothing changes
    t.set_cell(0, 1, "teacher")
    assert t.distinct(1) == {"student", "teacher"}
    snap = t.delete_rows([1])
    assert t.distinct(1) == {"teacher"}
    t.restore_rows(snap)
    t.insert_rows(0, [["u3", "parent"]])
    assert t.distinct(1) == {"parent", "teacher", "student"}
    assert t.distinct(0) == {"u1", "u2", "u3"}


def test_a_column_of_distinct_values_keeps_the_fact_not_its_set() -> None:
    t = Table("e.csv", ["sourcedId", "role"], [["e1", "e2", "e3"], ["student", "student", "teacher"]])
    assert not t.all_distinct(0)  # not known before anything asked
    assert t.distinct(0) == {"e1", "e2", "e3"} and t.all_distinct(0)
    assert t.cached_distinct(0) is None and t.distinct(0) is not t.distinct(0)  # built again when asked
    assert t.distinct_values(0) is t.columns[0]  # the column itself: every value once
    assert t.distinct(1) == {"student", "teacher"} and not t.all_distinct(1) and t.distinct_values(1) is t.distinct(1)
    t.set_cell(2, 0, "e1")  # now a value repeats
    assert not t.all_distinct(0) and t.distinct(0) == {"e1", "e2"} and t.cached_distinct(0) == {"e1", "e2"}
    read, _ = read_csv_bytes(b"sourcedId,role\r\ne1,student\r\ne2,student\r\n", "e.csv")
    # the reader hands over the sets of the columns whose strings it shared: one of distinct ids is a fact
    assert read.all_distinct(0) and read.cached_distinct(0) is None and read.cached_distinct(1) == {"student"}


def test_a_journal_keeps_each_cells_first_old_value_until_dropped() -> None:
    import gc
    import weakref

    t = Table("users.csv", ["sourcedId", "givenName"], [["u1", "u2"], ["Ann", "Bo"]])
    t.set_cell(0, 1, "Anne")  # before the journal: not in it
    journal = t.track_old_values()
    t.set_cell(1, 1, "Bob")
    t.set_cell(1, 1, "Robert")  # the value before the first change is the one kept
    t.set_cell(0, 0, "u1")  # unchanged: nothing to keep
    assert dict(journal) == {(1, 1): "Bo"}
    other = t.track_old_values()
    t.set_cell(0, 0, "u9")
    assert dict(journal) == {(1, 1): "Bo", (0, 0): "u1"} and dict(other) == {(0, 0): "u1"}
    dropped = weakref.ref(journal)
    del journal
    gc.collect()
    assert dropped() is None  # the table does not keep a journal alive
    t.set_cell(1, 0, "u8")
    assert dict(other) == {(0, 0): "u1", (1, 0): "u2"}
