from core.column_profile import profile_column, rows_with_shape, rows_with_value, shape_of
from core.io.csvread import read_csv_bytes
from core.table import Table


def test_shape_maps_digits_and_letters_and_keeps_the_rest() -> None:
    assert shape_of("0012345") == "9999999"
    assert shape_of("2027-08-15") == "9999-99-99"
    assert shape_of("8/15/2027") == "9/99/9999"
    assert shape_of("s-20031") == "a-99999"
    assert shape_of("José O'Neil") == "Aaaa A'Aaaa"
    assert shape_of(" 12 ") == " 99 "
    assert shape_of("") == ""


def test_profile_counts_shapes_lengths_and_values() -> None:
    ids = ["0001234"] * 97 + ["123"] * 3
    t = Table("u.csv", ["identifier"], [ids])
    p = profile_column(t, 0)
    assert (p.count, p.empty, p.distinct) == (100, 0, 2)
    assert p.shapes == [("9999999", 97), ("999", 3)]
    assert p.percent(97) == 97.0
    assert (p.min_length, p.max_length) == (3, 7)
    assert p.lengths == [(7, 97), (3, 3)]
    assert p.values[0] == ("0001234", 97)


def test_profile_counts_empty_missing_and_spaces() -> None:
    data = b"a,b\r\n1,x\r\n2\r\n3, y\r\n4,\r\n"
    t, _ = read_csv_bytes(data, "t.csv")
    p = profile_column(t, 1)
    assert p.count == 4
    assert p.missing == 1  # line 3 has no second field
    assert p.empty == 2  # the missing field reads as "" too
    assert p.spaces == 1
    assert ("", 2) in p.values


def test_rows_with_shape_and_value() -> None:
    t = Table.from_rows("t.csv", ["d"], [["2027-08-15"], ["8/15/2027"], ["2027-01-01"]])
    assert rows_with_shape(t, 0, "9999-99-99") == {0, 2}
    assert rows_with_shape(t, 0, "9/99/9999") == {1}
    assert rows_with_value(t, 0, "8/15/2027") == {1}


def test_profile_of_some_rows_only() -> None:
    t = Table.from_rows("t.csv", ["d"], [["a"], ["b"], ["b"]])
    p = profile_column(t, 0, rows=[1, 2])
    assert p.count == 2 and p.values == [("b", 2)]


def test_bulk_shapes_match_one_by_one_also_for_non_ascii_and_nul() -> None:
    from core.column_profile import shapes_of

    values = ["0012", "José", "", " a1 ", "x\x00y", "٣4", "Zoë-9"]
    assert shapes_of(values) == [shape_of(v) for v in values]
    assert shapes_of(values[:4]) == ["9999", "Aaaa", "", " a9 "]


def test_mostly_distinct_and_mostly_repeated_columns_profile_alike() -> None:
    ids = [str(i).zfill(7) for i in range(1000)] + ["123", " 45"]
    t = Table("u.csv", ["id"], [ids])
    p = profile_column(t, 0, top=3)
    assert p.shapes == [("9999999", 1000), ("999", 1), (" 99", 1)]  # equal counts: file order
    assert p.spaces == 1 and p.distinct == 1002 and p.lengths[0] == (7, 1000)
    t2 = Table("u.csv", ["id"], [["0000001"] * 1000 + ["123", " 45"]])
    p2 = profile_column(t2, 0, top=3)
    assert p2.shapes == p.shapes and p2.spaces == 1 and p2.lengths == p.lengths


def test_profile_of_a_million_ids() -> None:
    # its speed is measured by bench/bench_view.py
    ids = [f"s-{i:07d}" for i in range(1_000_000)]
    t = Table("u.csv", ["id"], [ids])
    p = profile_column(t, 0)
    assert p.shapes == [("a-9999999", 1_000_000)]
    assert p.distinct == 1_000_000
