from core.table import Table
from core.row_view import RowView


def make() -> Table:
    return Table.from_rows("t.csv", ["id", "name"], [["3", "c"], ["1", "a"], ["2", "b"], ["1", "z"]])


def test_file_order_by_default_costs_nothing() -> None:
    v = RowView(make())
    assert v.order is None and v.count == 4
    assert [v.view_to_table(i) for i in range(4)] == [0, 1, 2, 3]
    assert v.table_to_view(3) == 3 and v.table_to_view(4) is None


def test_sort_is_stable_both_ways_and_inverse_maps_back() -> None:
    v = RowView(make())
    v.sort(0)
    assert v.order == [1, 3, 2, 0]
    v.sort(0, descending=True)
    assert v.order == [0, 2, 1, 3]  # the two "1" rows keep file order
    assert [v.table_to_view(r) for r in range(4)] == [0, 2, 1, 3]
    v.sort(None)
    assert v.order is None


def test_sort_is_by_text_never_by_number() -> None:
    t = Table.from_rows("t.csv", ["id"], [["10"], ["9"], ["010"]])
    v = RowView(t)
    v.sort(0)
    assert [t.cell(r, 0) for r in v.table_rows()] == ["010", "10", "9"]


def test_filter_then_sort_and_hidden_rows_have_no_view_row() -> None:
    v = RowView(make())
    v.filter_rows({0, 3})
    assert v.count == 2 and v.order == [0, 3]
    assert v.table_to_view(1) is None
    v.sort(1, descending=True)
    assert v.order == [3, 0]
    v.filter_rows(None)
    assert v.count == 4 and v.order == [3, 0, 2, 1]  # the sort stays


def test_refresh_after_rows_deleted_drops_rows_that_are_gone() -> None:
    t = make()
    v = RowView(t)
    v.filter_rows({1, 3})
    t.delete_rows([3])
    v.refresh()
    assert v.order == [1]


def test_sorting_a_million_rows_orders_them_all() -> None:
    # its speed is measured by bench/bench_view.py
    col = [str((i * 7919) % 1_000_003).zfill(7) for i in range(1_000_000)]
    t = Table("e.csv", ["id"], [col])
    v = RowView(t)
    v.sort(0)
    assert v.count == 1_000_000
    assert [col[v.view_to_table(i)] for i in range(v.count)] == sorted(col)


def test_autofilters_and_row_filter_combine_with_and_and_survive_row_changes() -> None:
    from core.column_values import ColumnFilter

    t = Table.from_rows("t.csv", ["id", "role"], [["1", "s"], ["2", "t"], ["3", "s"], ["4", "s"], ["5", "t"]])
    v = RowView(t)
    v.set_column_filter(1, ColumnFilter(1, frozenset({"s"}), exclude=False))
    assert v.order == [0, 2, 3] and v.is_filtered
    v.set_column_filter(0, ColumnFilter(0, frozenset({"1"})))  # every id but "1"
    assert v.order == [2, 3]
    v.filter_rows({3, 4})
    assert v.order == [3]
    v.filter_rows(None)
    v.sort(0, descending=True)
    assert v.order == [3, 2]
    t.insert_rows(0, [["6", "s"]])  # the filters hold values: the new row is matched too
    v.refresh()
    assert sorted(v.order) == [0, 3, 4]
    v.clear_column_filters()
    assert not v.is_filtered and v.count == 6


def test_only_rows_with_problems_asks_for_the_column_rows() -> None:
    from core.column_values import ColumnFilter

    t = Table.from_rows("t.csv", ["id", "role"], [["1", "s"], ["2", "t"], ["3", "s"]])
    v = RowView(t)
    asked: list[int] = []
    v.problem_rows = lambda col: asked.append(col) or {1, 2}
    v.set_column_filter(1, ColumnFilter(1, problems_only=True))
    assert v.order == [1, 2] and asked == [1]
    v.set_column_filter(1, None)
    assert v.order is None


def test_rows_kept_by_the_other_filters() -> None:
    from core.column_values import ColumnFilter

    t = Table.from_rows("t.csv", ["id", "role"], [["1", "s"], ["2", "t"], ["3", "s"], ["4", "s"]])
    v = RowView(t)
    assert v.rows_kept_by_others(1) is None
    v.set_column_filter(1, ColumnFilter(1, frozenset({"s"}), exclude=False))
    assert v.rows_kept_by_others(1) is None and v.rows_kept_by_others(0) == [0, 2, 3]
    v.filter_rows({2, 3, 9})
    assert v.rows_kept_by_others(1) == [2, 3] and v.rows_kept_by_others(0) == [2, 3]
