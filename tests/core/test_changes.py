"""The changes log: first and current values per cell, rows added and deleted, CSV export."""

from core.changes import ChangeLog
from core.edits import DeleteRows, Edit, InsertRows, RenameColumn, ReorderRows, RestoreRows, SetCells, inverse_order
from core.roster import Roster
from core.table import Table


def make() -> Roster:
    t = Table.from_rows("users.csv", ["sourcedId", "givenName"], [["u1", "Ann"], ["u2", "Bo"], ["u3", "Cy"]])
    return Roster("r", [t])


def run(roster: Roster, log: ChangeLog, edit: Edit) -> None:
    log.feed(edit, edit.apply(roster))


def test_cell_changes_keep_the_first_old_value_and_drop_when_back() -> None:
    r = make()
    log = ChangeLog(r)
    run(r, log, SetCells("users.csv", [(1, 1, "Bob")]))
    run(r, log, SetCells("users.csv", [(1, 1, "Bobby"), (0, 1, "Anne")]))
    changes = log.cell_changes()
    assert [(c.line, c.column, c.old, c.new) for c in changes] == [(2, "givenName", "Ann", "Anne"), (3, "givenName", "Bo", "Bobby")]
    run(r, log, SetCells("users.csv", [(1, 1, "Bo")]))
    assert [(c.line, c.old, c.new) for c in log.cell_changes()] == [(2, "Ann", "Anne")]
    assert len(log) == 1


def test_lines_follow_rows_through_insert_delete_and_reorder() -> None:
    r = make()
    log = ChangeLog(r)
    run(r, log, InsertRows("users.csv", 0, [["u0", "Zed"]]))
    # row 3 is now the file's line 4 (u3)
    run(r, log, SetCells("users.csv", [(3, 1, "Cyd"), (0, 1, "Zoe")]))
    run(r, log, ReorderRows("users.csv", [3, 2, 1, 0]))
    assert r["users.csv"].column(0) == ["u3", "u2", "u1", "u0"]
    run(r, log, SetCells("users.csv", [(2, 0, "U1")]))
    cells = [(c.line, c.column, c.old, c.new) for c in log.cell_changes()]
    assert cells == [(2, "sourcedId", "u1", "U1"), (4, "givenName", "Cy", "Cyd"), (None, "givenName", "Zed", "Zoe")]
    assert [(x.kind, x.values) for x in log.row_changes()] == [("added", ["u0", "Zed"])]
    # delete line 3 (u2, now row 1): listed as deleted with its line
    snap_values = [r["users.csv"].row(1)]
    run(r, log, DeleteRows("users.csv", [1]))
    assert [(x.kind, x.line, x.values) for x in log.row_changes()] == [("deleted", 3, ["u2", "Bo"]), ("added", None, ["u0", "Zed"])]
    # the undo of that delete brings it back
    run(r, log, RestoreRows("users.csv", [1], snap_values, [1]))
    assert [x.kind for x in log.row_changes()] == ["added"]
    assert log.row_of("users.csv", 1) == 1
    # deleting the added row forgets it and its cell changes
    run(r, log, DeleteRows("users.csv", [3]))
    assert log.row_changes() == []
    assert [c.line for c in log.cell_changes()] == [2, 4]


def test_many_rows_deleted_and_put_back_leave_no_change_and_their_lines() -> None:
    rows = [[f"u{i}", f"n{i}"] for i in range(12)]
    r = Roster("r", [Table.from_rows("users.csv", ["sourcedId", "givenName"], rows)])
    log = ChangeLog(r)
    run(r, log, InsertRows("users.csv", 4, [["new", "N"]]))  # a new row among them
    run(r, log, SetCells("users.csv", [(9, 1, "edited")]))  # line 10 (u8)
    delete = DeleteRows("users.csv", [0, 3, 4, 5, 11, 12])
    undo = delete.apply(r)
    log.feed(delete, undo)
    # the new row deleted is forgotten; the others are listed with their lines
    assert sorted(x.line or 0 for x in log.row_changes()) == [2, 5, 6, 12, 13]
    log.feed(undo, undo.apply(r))
    assert [(x.kind, x.values) for x in log.row_changes()] == [("added", ["new", "N"])]
    assert [(c.line, c.old, c.new) for c in log.cell_changes()] == [(10, "n8", "edited")]
    # each record is on its row again (the new row is row 4)
    assert [log.row_of("users.csv", record) for record in range(12)] == [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12]


def test_inverse_order() -> None:
    assert inverse_order([2, 0, 1]) == [1, 2, 0]


def test_export_csv_exact() -> None:
    r = make()
    log = ChangeLog(r)
    run(r, log, SetCells("users.csv", [(0, 1, 'An, "A"')]))
    run(r, log, InsertRows("users.csv", 3, [["u4", "Di"]]))
    assert log.export_csv() == (
        "file,line,column,change,old value,new value\r\n"
        'users.csv,2,givenName,edited,Ann,"An, ""A"""\r\n'
        'users.csv,new row,,row added,,"u4,Di"\r\n'
    )
    log.reset()
    assert len(log) == 0


def test_checkpoint_keeps_history_for_export() -> None:
    r = make()
    log = ChangeLog(r)
    run(r, log, SetCells("users.csv", [(0, 1, "Anne")]))
    log.checkpoint()
    assert log.cell_changes() == [] and len(log) == 1
    run(r, log, SetCells("users.csv", [(0, 1, "Annie")]))
    assert log.export_csv().splitlines()[1:] == ["users.csv,2,givenName,edited,Ann,Anne", "users.csv,2,givenName,edited,Anne,Annie"]


def test_a_renamed_column_is_listed_with_its_old_and_new_name() -> None:
    r = make()
    log = ChangeLog(r)
    run(r, log, RenameColumn("users.csv", 1, "givenname"))
    run(r, log, SetCells("users.csv", [(0, 1, "Anne")]))
    run(r, log, RenameColumn("users.csv", 1, "first"))
    assert [(c.table, c.col, c.old, c.new) for c in log.column_changes()] == [("users.csv", 1, "givenName", "first")]
    # cell changes name the column as the header has it now
    assert [(c.column, c.old, c.new) for c in log.cell_changes()] == [("first", "Ann", "Anne")]
    assert len(log) == 2
    assert log.export_csv() == (
        "file,line,column,change,old value,new value\r\n"
        "users.csv,1,first,column renamed,givenName,first\r\n"
        "users.csv,2,first,edited,Ann,Anne\r\n"
    )
    run(r, log, RenameColumn("users.csv", 1, "givenName"))
    assert log.column_changes() == [] and len(log) == 1


def test_an_undone_rename_drops_out_and_a_saved_one_stays_as_history() -> None:
    r = make()
    log = ChangeLog(r)
    edit = RenameColumn("users.csv", 0, "sourcedID")
    inverse = edit.apply(r)
    log.feed(edit, inverse)
    log.feed(inverse, inverse.apply(r))
    assert log.column_changes() == [] and len(log) == 0
    run(r, log, RenameColumn("users.csv", 0, "id"))
    log.checkpoint()
    assert log.column_changes() == [] and len(log) == 1
    assert log.export_csv().splitlines()[1:] == ["users.csv,1,id,column renamed,sourcedId,id"]
