"""Edits: each applies itself and returns its inverse; undoing every edit leaves the file's bytes and
an unmodified table; every edit reads back from its JSON."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from core.edits import (
    DeleteRows,
    Edit,
    InsertRows,
    RenameColumn,
    ReorderRows,
    RestoreRows,
    SetCells,
    check_column_name,
    edit_from_json,
)
from core.io.csvread import read_csv_bytes
from core.io.csvwrite import save_bytes
from core.roster import Roster
from core.table import Source

DATA = b'sourcedId,givenName,grades\r\nu1,Ann,"09,10"\r\nu2,Bo\r\nu3,Cy,11,12\r\n'


def roster() -> Roster:
    table, _ = read_csv_bytes(DATA, "users.csv")
    table.source = Source("memory", data=DATA)
    return Roster("r", [table])


def test_set_cells_and_its_inverse() -> None:
    r = roster()
    t = r["users.csv"]
    inverse = SetCells("users.csv", [(0, 1, "Anne"), (0, 1, "Annie")]).apply(r)
    assert t.cell(0, 1) == "Annie" and t.modified
    assert isinstance(inverse, SetCells) and inverse.cells == [(0, 1, "Anne"), (0, 1, "Ann")]
    redo = inverse.apply(r)
    assert t.cell(0, 1) == "Ann" and not t.modified
    assert save_bytes(t) == DATA
    redo.apply(r)
    assert t.cell(0, 1) == "Annie"


def test_a_missing_cell_typed_into_comes_back_missing() -> None:
    r = roster()
    t = r["users.csv"]
    assert t.is_missing(1, 2)
    SetCells("users.csv", [(1, 2, "09")]).apply(r).apply(r)
    assert t.is_missing(1, 2) and not t.modified and save_bytes(t) == DATA


def test_dropped_extra_fields_come_back() -> None:
    r = roster()
    t = r["users.csv"]
    assert t.extra_fields(2) == ["12"]
    inverse = SetCells("users.csv", [(2, 2, "11,12")], drop_extras=[2]).apply(r)
    assert t.extra_fields(2) == []
    inverse.apply(r)
    assert t.extra_fields(2) == ["12"] and save_bytes(t) == DATA


def test_row_edits_undone_leave_the_table_unmodified() -> None:
    r = roster()
    t = r["users.csv"]
    undo: list[Edit] = []
    for edit in (
        InsertRows("users.csv", 1, [["u9", "Zed", ""]]),
        DeleteRows("users.csv", [0, 2]),
        ReorderRows("users.csv", [1, 0]),
    ):
        undo.append(edit.apply(r))
    assert t.modified
    for inverse in reversed(undo):
        inverse.apply(r)
    assert not t.modified and t.column(0) == ["u1", "u2", "u3"]
    assert [t.line_of(i) for i in range(3)] == [2, 3, 4]
    assert save_bytes(t) == DATA


def test_undo_after_a_save_is_a_change_to_write() -> None:
    r = roster()
    t = r["users.csv"]
    inverse = SetCells("users.csv", [(0, 1, "Anne")]).apply(r)
    t.mark_saved()  # the file now holds "Anne"
    inverse.apply(r)
    assert t.cell(0, 1) == "Ann" and t.modified


def test_rows_deleted_before_a_save_come_back_as_new_rows() -> None:
    r = roster()
    t = r["users.csv"]
    inverse = DeleteRows("users.csv", [1]).apply(r)
    assert isinstance(inverse, RestoreRows) and inverse.values == [["u2", "Bo", ""]]
    t.mark_saved()
    inverse.apply(r)
    assert t.column(0) == ["u1", "u2", "u3"] and t.line_of(1) is None


def test_a_renamed_column_writes_a_new_header_and_its_undo_the_files_own() -> None:
    r = roster()
    t = r["users.csv"]
    inverse = RenameColumn("users.csv", 1, "givenname").apply(r)
    assert isinstance(inverse, RenameColumn) and (inverse.col, inverse.name) == (1, "givenName")
    assert t.header == ["sourcedId", "givenname", "grades"] and t.modified
    # only the header line is new; every record is copied as it was
    assert save_bytes(t) == DATA.replace(b"givenName", b"givenname")
    redo = inverse.apply(r)
    assert t.header[1] == "givenName" and not t.modified
    assert save_bytes(t) == DATA
    redo.apply(r)
    assert t.header[1] == "givenname"


def test_a_header_name_that_needs_quotes_is_written_quoted() -> None:
    r = roster()
    t = r["users.csv"]
    RenameColumn("users.csv", 2, 'grades, "all"').apply(r)
    assert save_bytes(t) == DATA.replace(b",grades\r\n", b',"grades, ""all"""\r\n', 1)


def test_a_header_renamed_back_by_a_new_edit_gives_the_files_own_line() -> None:
    # not an undo (no marks to put back), as a Revert in the changes list does
    data = b"sourcedId;givenName\nu1;Ann\n"
    table, _ = read_csv_bytes(data, "users.csv")
    table.source = Source("memory", data=data)
    r = Roster("r", [table])
    RenameColumn("users.csv", 1, "given").apply(r)
    SetCells("users.csv", [(0, 1, "Anne")]).apply(r)
    assert save_bytes(table) == b"sourcedId;given\nu1;Anne\n"
    RenameColumn("users.csv", 1, "givenName").apply(r)
    assert save_bytes(table) == b"sourcedId;givenName\nu1;Anne\n"


def test_a_rename_undone_after_a_save_is_a_change_to_write() -> None:
    r = roster()
    t = r["users.csv"]
    inverse = RenameColumn("users.csv", 1, "givenname").apply(r)
    t.mark_saved()  # the file now has the new name
    inverse.apply(r)
    assert t.header[1] == "givenName" and t.modified


def test_a_rename_of_a_column_the_table_lacks_is_refused() -> None:
    r = roster()
    for col in (-1, 3):
        try:
            RenameColumn("users.csv", col, "x").apply(r)
        except ValueError as e:
            assert "users.csv has no column" in str(e)
        else:
            raise AssertionError("renamed a column that is not there")
    assert r["users.csv"].header == ["sourcedId", "givenName", "grades"] and not r["users.csv"].modified


def test_a_column_name_is_never_blank_broken_or_another_columns() -> None:
    t = roster()["users.csv"]
    assert check_column_name(t, 1, "givenname") is None
    assert check_column_name(t, 1, "givenName") is None  # its own name: nothing to refuse
    assert check_column_name(t, 1, " ") == "A column name cannot be blank."
    assert check_column_name(t, 1, "given\nName") == "A column name cannot hold a line break."
    assert check_column_name(t, 1, "grades") == "users.csv already has a column named grades; header names must be unique."


EDITS = [
    SetCells("users.csv", [(0, 1, 'é"x,\n'), (1, 0, "")], drop_extras=[2], restore_extras={1: ["a", "b"]}),
    InsertRows("users.csv", 2, [["u4", "Di", ""]], [7]),
    DeleteRows("users.csv", [0, 3]),
    RestoreRows("users.csv", [0], [["u1", "Ann", "09,10"]], [0], 2),
    ReorderRows("users.csv", [2, 0, 1]),
    RenameColumn("users.csv", 1, 'given "Name", é'),
]


def test_every_edit_reads_back_from_its_json() -> None:
    for edit in EDITS:
        text = json.dumps(edit.to_json())
        assert edit_from_json(json.loads(text)) == edit


_ops = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 50), st.integers(0, 2), st.sampled_from(["", "x", "09", "Ann", "a,b", 'q"'])),
    st.tuples(st.just("insert"), st.integers(0, 50), st.integers(1, 3), st.just("")),
    st.tuples(st.just("delete"), st.integers(0, 50), st.integers(1, 2), st.just("")),
    st.tuples(st.just("reorder"), st.integers(0, 50), st.just(0), st.just("")),
    st.tuples(st.just("rename"), st.integers(0, 2), st.just(0), st.sampled_from(["", "id", "givenName", "a,b", 'q"'])),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ops, min_size=1, max_size=8))
def test_any_edits_undone_in_reverse_give_back_the_file_byte_for_byte(ops: list[tuple[str, int, int, str]]) -> None:
    r = roster()
    t = r["users.csv"]
    undo: list[Edit] = []
    for op, a, b, value in ops:
        n = t.nrows
        edit: Edit
        if op == "set" and n:
            edit = SetCells("users.csv", [(a % n, b, value)])
        elif op == "insert":
            edit = InsertRows("users.csv", a % (n + 1), [[f"n{i}", value, ""] for i in range(b)])
        elif op == "delete" and n:
            edit = DeleteRows("users.csv", sorted({(a + i) % n for i in range(b)}))
        elif op == "reorder" and n:
            order = list(range(n))
            order = order[a % n :] + order[: a % n]
            edit = ReorderRows("users.csv", order)
        elif op == "rename":
            edit = RenameColumn("users.csv", a, value)
        else:
            continue
        undo.append(edit.apply(r))
    for inverse in reversed(undo):
        inverse.apply(r)
    assert not t.modified
    assert save_bytes(t) == DATA
