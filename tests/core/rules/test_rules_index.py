"""The re-check indexes (rows by value): exact rows for every value, kept in step with edits, in
their compact forms (rows of a repeated value in an array; ids of a large table as hash chains)."""

from __future__ import annotations

from array import array

import pytest
from rules_fixtures import CLEAN_11, roster
from test_rules_recheck import test_random_edits_recheck_equals_full_check as random_edits_recheck_equals_full_check
from test_rules_recheck import test_sequence_of_edits_with_warm_indexes as sequence_of_edits_with_warm_indexes

import core.rules.state as state
from core.rules import RuleEngine
from core.rules.state import Index, RowChains


def _reader(values: list[str]):  # type: ignore[no-untyped-def]
    return lambda a, b: values[a:b]


def test_repeated_values_keep_their_rows_in_arrays_and_single_ones_as_ints() -> None:
    values = ["a", "b", "a", "c", "a", "b"]
    idx = Index.build(len(values), _reader(values))
    assert idx.rows("a") == [0, 2, 4] and idx.rows("b") == [1, 5] and idx.rows("c") == [3] and idx.rows("z") == []
    assert isinstance(idx.many["a"], array) and idx.one == {"c": 3}
    assert idx.first("a") == 0 and idx.first("c") == 3 and idx.first("z") is None
    assert "b" in idx and "z" not in idx
    idx.remove("b", 5)  # b is left on one row: a plain int again
    assert idx.one == {"c": 3, "b": 1} and "b" not in idx.many
    idx.add("c", 0)
    idx.remove("a", 0)
    assert idx.rows("c") == [0, 3] and idx.rows("a") == [2, 4]
    idx.add("a", 1)
    assert idx.rows("a") == [1, 2, 4]
    rows = idx.rows("a")
    rows.append(99)  # the caller's own list: the index is not changed through it
    assert idx.rows("a") == [1, 2, 4]


def test_row_chains_find_every_row_of_a_value_through_its_checked_value() -> None:
    values = [f"id{i}" for i in range(50)] + ["id7", "id7"]
    checked = list(values)
    idx = RowChains.build_chains(len(values), _reader(values), checked.__getitem__)
    assert len(idx.head) < len(values)  # about two rows a bucket
    assert idx.rows("id7") == [7, 50, 51] and idx.rows("id3") == [3] and idx.rows("nope") == []
    assert idx.first("id7") == 7 and idx.first("nope") is None
    assert "id49" in idx and "nope" not in idx
    # row 7 moves from id7 to id3 (as a re-check moves a row forward), row 3 to a new value
    idx.remove("id7", 7)
    checked[7] = "id3"
    idx.add("id3", 7)
    idx.remove("id3", 3)
    checked[3] = "fresh"
    idx.add("fresh", 3)
    assert idx.rows("id7") == [50, 51] and idx.rows("id3") == [7] and idx.rows("fresh") == [3]
    idx.remove("id7", 999)  # not there: nothing happens
    assert idx.rows("id7") == [50, 51]
    for r, v in enumerate(checked):
        assert r in idx.rows(v)


def test_a_large_table_indexes_ids_as_chains_and_repeats_as_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "CHAIN_ROWS", 1)
    r = roster(CLEAN_11)
    engine = RuleEngine(r)
    engine.check_all()
    engine.warm()
    enr = engine.states["enrollments.csv"]
    kc, cc = enr.col("sourcedId"), enr.col("classSourcedId")
    assert kc is not None and cc is not None
    assert isinstance(enr.index(kc), RowChains) and not isinstance(enr.index(cc), RowChains)
    # an edited cell is found under its checked value until its row is re-checked
    key = enr.table.cell(0, kc)
    enr.table.set_cell(0, kc, "e-new")
    assert enr.index(kc).rows(key) == [0] and enr.index(kc).rows("e-new") == []
    engine.recheck("enrollments.csv", {0})
    assert enr.index(kc).rows(key) == [] and enr.index(kc).rows("e-new") == [0]


def test_references_of_a_large_table_are_chained_when_each_key_has_a_few_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """``warm`` asks for references to look keys up (``lookups_only``): a user's few enrollments
    are chained (6 bytes a row), a school's thousands stay a group, and a class stays a group (the
    full check walks the classes' groups)."""
    monkeypatch.setattr(state, "CHAIN_ROWS", 1)
    header = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate"
    rows = [f"e{i},,,cls{i % 5},sch1,s{i // 3},student,false,," for i in range(120)]  # 40 users, 3 rows each
    engine = RuleEngine(roster(CLEAN_11, enrollments_csv="\n".join([header, *rows]) + "\n"))
    engine.check_all()
    engine.warm()
    enr = engine.states["enrollments.csv"]
    uc, sc, cc = enr.col("userSourcedId"), enr.col("schoolSourcedId"), enr.col("classSourcedId")
    assert uc is not None and sc is not None and cc is not None
    assert isinstance(enr.index(uc), RowChains) and enr.index(uc).rows("s7") == [21, 22, 23]
    assert not isinstance(enr.index(sc), RowChains) and len(enr.index(sc).rows("sch1")) == 120
    assert not isinstance(enr.index(cc), RowChains)
    assert not isinstance(state.TableState(enr.table, enr.hmap, enr.validators).index(uc), RowChains)  # walked: groups


def test_rechecks_with_chains_equal_a_full_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "CHAIN_ROWS", 1)
    sequence_of_edits_with_warm_indexes()
    random_edits_recheck_equals_full_check()


def test_the_indexes_of_one_check_share_their_row_numbers() -> None:
    """A dict index holds an int object per row; the indexes of one engine's tables share them."""
    ids, names = [f"u{i}" for i in range(300)], [f"n{i}" for i in range(300)]
    shared = state.RowNumbers()
    a, b = Index.build(300, _reader(ids), shared), Index.build(300, _reader(names), shared)
    assert a.one["u299"] == b.one["n299"] == 299 and a.one["u299"] is b.one["n299"]
    alone = Index.build(300, _reader(names))
    assert alone.one["n299"] == 299 and alone.one["n299"] is not a.one["u299"]  # made again
    engine = RuleEngine(roster(CLEAN_11))
    engine.check_all()
    numbers = {id(s._row_numbers) for s in engine.states.values()}
    assert len(numbers) == 1 and engine._key_sets == {}  # one for the engine; the key sets were the check's only


def test_row_numbers_are_plain_ranges_past_the_chained_sizes() -> None:
    numbers = state.RowNumbers()
    assert list(numbers(2, 5)) == [2, 3, 4]
    assert list(numbers(298, 300))[1] is list(numbers(0, 300))[299]
    big = numbers(state.CHAIN_ROWS, state.CHAIN_ROWS + 2)
    assert isinstance(big, range) and list(big) == [state.CHAIN_ROWS, state.CHAIN_ROWS + 1]
