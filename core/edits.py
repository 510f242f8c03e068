"""Edits: every change a user can make to a roster, as data.

There are six kinds: set cells, insert rows, delete rows, restore rows (the undo of a delete),
reorder rows and rename a column. Each edit applies itself to a roster and returns its inverse, an edit that undoes it
(and puts back the table's record-level marks, so undoing every edit leaves the table unmodified and
saving it changes no byte). Each writes and reads itself as JSON, one object per edit.

Undo (the window's one undo command), the crash-recovery file (core/recovery.py), the changes log
(core/changes.py) and the live check (core/live_check.py) all work on these; nothing else changes a
table's cells, rows or header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.findings import Finding
from core.roster import Roster
from core.table import Table, TableMarks


def _restore(table: Table, marks: TableMarks | None, rows: Sequence[int]) -> None:
    """After an inverse edit: put back the marks from before the edit it undoes; when the table was
    saved since, the undone rows differ from the file now and must be written again."""
    if marks is not None and not table.restore_marks(marks):
        table.mark_rows_edited(rows)


@dataclass
class SetCells:
    """Set cells of one table, in order: ``(row, col, value)`` each.

    ``drop_extras``: rows whose record's fields beyond the header end with this edit (a repaired
    spilled list has them in its cells now); ``restore_extras``: the undo of that.
    """

    table: str
    cells: list[tuple[int, int, str]]
    drop_extras: list[int] = field(default_factory=list)
    restore_extras: dict[int, list[str]] = field(default_factory=dict)
    #: the table's marks to put back (set on inverses only)
    marks: TableMarks | None = field(default=None, repr=False, compare=False)

    kind = "set"

    def apply(self, roster: Roster) -> SetCells:
        table = roster[self.table]
        before = table.marks()
        old = table.set_cells(self.cells)
        dropped = {r: extras for r in self.drop_extras if (extras := table.drop_extra_fields(r))}
        for r, extras in self.restore_extras.items():
            table.restore_extra_fields(r, extras)
        _restore(table, self.marks, [r for r, _, _ in self.cells] + list(self.restore_extras))
        return SetCells(self.table, old[::-1], list(self.restore_extras), dropped, before)

    @property
    def touched_cells(self) -> list[tuple[int, int]]:
        """The cells this edit changes (a row whose extra fields go or come back counts by its
        first cell: its record changes)."""
        cells = [(r, c) for r, c, _ in self.cells]
        return cells + [(r, 0) for r in [*self.drop_extras, *self.restore_extras]]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.kind, "t": self.table, "cells": self.cells}
        if self.drop_extras:
            out["drop_extras"] = self.drop_extras
        if self.restore_extras:
            out["restore_extras"] = [[r, v] for r, v in self.restore_extras.items()]
        return out


@dataclass
class InsertRows:
    """New rows inserted before ``at`` (with no source record unless ``origins`` says)."""

    table: str
    at: int
    rows: list[list[str]]
    origins: list[int] | None = None

    kind = "insert"

    def apply(self, roster: Roster) -> DeleteRows:
        table = roster[self.table]
        before = table.marks()
        table.insert_rows(self.at, self.rows, self.origins)
        return DeleteRows(self.table, list(range(self.at, self.at + len(self.rows))), before)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.kind, "t": self.table, "at": self.at, "rows": self.rows}
        if self.origins is not None:
            out["orig"] = self.origins
        return out


@dataclass
class DeleteRows:
    """Rows deleted by position (positions before the delete)."""

    table: str
    positions: list[int]
    marks: TableMarks | None = field(default=None, repr=False, compare=False)

    kind = "delete"

    def apply(self, roster: Roster) -> RestoreRows:
        table = roster[self.table]
        before = table.marks()
        snap = table.delete_rows(self.positions)
        if self.marks is not None:
            table.restore_marks(self.marks)
        return RestoreRows(self.table, snap.positions, snap.values, snap.origins, snap.saves, before)

    def to_json(self) -> dict[str, Any]:
        return {"op": self.kind, "t": self.table, "pos": self.positions}


@dataclass
class RestoreRows:
    """Deleted rows put back with their source records, one by one at ascending ``positions``.
    Rows deleted before a save come back as new rows: the file no longer has their records."""

    table: str
    positions: list[int]
    values: list[list[str]]
    origins: list[int]
    #: the table's save count when the rows were deleted
    saves: int | None = None
    marks: TableMarks | None = field(default=None, repr=False, compare=False)

    kind = "restore"

    def apply(self, roster: Roster) -> DeleteRows:
        table = roster[self.table]
        before = table.marks()
        saved_since = self.saves is not None and self.saves != table.saves
        table.put_back_rows(self.positions, self.values, [-1] * len(self.origins) if saved_since else self.origins)
        if self.marks is not None:
            table.restore_marks(self.marks)
        return DeleteRows(self.table, list(self.positions), before)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.kind, "t": self.table, "pos": self.positions, "rows": self.values, "orig": self.origins}
        if self.saves is not None:
            out["saves"] = self.saves
        return out


@dataclass
class ReorderRows:
    """The rows put in a new file order: ``order[i]`` is the row that becomes row i."""

    table: str
    order: list[int]
    marks: TableMarks | None = field(default=None, repr=False, compare=False)

    kind = "reorder"

    def apply(self, roster: Roster) -> ReorderRows:
        table = roster[self.table]
        before = table.marks()
        table.reorder(self.order)
        if self.marks is not None:
            table.restore_marks(self.marks)
        return ReorderRows(self.table, inverse_order(self.order), before)

    def to_json(self) -> dict[str, Any]:
        return {"op": self.kind, "t": self.table, "order": self.order}


@dataclass
class RenameColumn:
    """A column given a new header name (the header line is then written anew on save; undone, the
    file's own header line comes back byte for byte)."""

    table: str
    col: int
    name: str
    marks: TableMarks | None = field(default=None, repr=False, compare=False)

    kind = "rename"

    def apply(self, roster: Roster) -> RenameColumn:
        table = roster[self.table]
        if not 0 <= self.col < table.ncols:
            raise ValueError(f"{self.table} has no column {self.col + 1}")
        if not isinstance(self.name, str):
            raise TypeError("header names are text")
        before = table.marks()
        old = table.rename_column(self.col, self.name)
        if self.marks is not None:
            # saved since: the file holds the new name, and renaming back is a change to write
            # (rename_column has marked it)
            table.restore_marks(self.marks)
        return RenameColumn(self.table, self.col, old, before)

    def to_json(self) -> dict[str, Any]:
        return {"op": self.kind, "t": self.table, "col": self.col, "name": self.name}


def header_fix(finding: Finding, table: Table | None = None) -> RenameColumn | None:
    """The rename a header finding's suggested fix stands for (a misspelled or wrongly cased column
    name: the fix is the right name), or None for a finding that is not about a header name.
    Given the table, also None when the column no longer has the name the finding saw."""
    if finding.fix is None or finding.row is not None or finding.line != 1 or finding.col is None or finding.file is None:
        return None
    if table is not None:
        if table.name != finding.file or not 0 <= finding.col < table.ncols:
            return None
        seen = finding.value if finding.value is not None else finding.column
        if seen is not None and table.header[finding.col] != seen:
            return None
    return RenameColumn(finding.file, finding.col, finding.fix)


def check_column_name(table: Table, col: int, name: str) -> str | None:
    """Why a column of a table cannot take this name (in plain words), or None when it can: a header
    name is never blank, holds no line break, and names one column only."""
    if not name.strip():
        return "A column name cannot be blank."
    if "\r" in name or "\n" in name:
        return "A column name cannot hold a line break."
    if any(other == name for c, other in enumerate(table.header) if c != col):
        return f"{table.name} already has a column named {name}; header names must be unique."
    return None


Edit = SetCells | InsertRows | DeleteRows | RestoreRows | ReorderRows | RenameColumn
#: edits that move rows (positions before them no longer name the same rows)
ROW_EDITS = (InsertRows, DeleteRows, RestoreRows, ReorderRows)


def inverse_order(order: Sequence[int]) -> list[int]:
    """The order that undoes ``order``."""
    inv = [0] * len(order)
    for i, j in enumerate(order):
        inv[j] = i
    return inv


def edit_from_json(d: dict[str, Any]) -> Edit:
    """Read an edit written by ``to_json`` (or by the version-1 recovery file, whose "set" cells
    carried their old values and whose "delete" carried the rows' values)."""
    op = d["op"]
    t = str(d["t"])
    if op == "set":
        cells = [(int(c[0]), int(c[1]), str(c[-1])) for c in d["cells"]]
        extras = {int(r): [str(v) for v in vals] for r, vals in d.get("restore_extras", [])}
        return SetCells(t, cells, [int(r) for r in d.get("drop_extras", [])], extras)
    if op == "insert":
        orig = d.get("orig")
        return InsertRows(t, int(d["at"]), [[str(v) for v in row] for row in d["rows"]], None if orig is None else [int(o) for o in orig])
    if op == "delete":
        return DeleteRows(t, [int(p) for p in d["pos"]])
    if op == "restore":
        saves = d.get("saves")
        return RestoreRows(
            t,
            [int(p) for p in d["pos"]],
            [[str(v) for v in row] for row in d["rows"]],
            [int(o) for o in d["orig"]],
            None if saves is None else int(saves),
        )
    if op == "reorder":
        return ReorderRows(t, [int(i) for i in d["order"]])
    if op == "rename":
        return RenameColumn(t, int(d["col"]), str(d["name"]))
    raise ValueError(f"unknown edit {op!r}")
