"""What changed since the roster was opened: the changes log.

It is fed every applied edit (core/edits.py; a redo or an undo alike) with the inverse that the edit
returned, which holds the values the edit replaced. It keeps, for each cell changed, its value when
the file was opened and its value now; a cell changed back to its first value drops out. Rows are
tracked by their source record, so inserting, deleting or reordering rows never confuses which line
a change belongs to. A renamed column is listed with its name when the file was opened and its name
now, and drops out when renamed back.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from collections.abc import Iterable

from core.edits import DeleteRows, Edit, InsertRows, RenameColumn, ReorderRows, RestoreRows, SetCells
from core.io.csvwrite import quote_field
from core.roster import Roster
from core.table import Table, put_back_order


# --- the changes log ----------------------------------------------------------------------------
@dataclass
class CellChange:
    """One changed cell: where it is and its first and current values."""

    table: str
    #: line in the file as opened (None for a row the user added)
    line: int | None
    column: str
    col: int
    old: str
    new: str
    #: the row's key in the log (source record, or a negative number for an added row)
    key: int


@dataclass
class RowChange:
    """A row added or deleted since opening."""

    table: str
    kind: str  # "added" | "deleted"
    line: int | None
    values: list[str]
    key: int


@dataclass
class ColumnChange:
    """A column renamed since opening: its header name then and now."""

    table: str
    col: int
    old: str
    new: str
    #: the header's line (always 1), for listing beside cell changes
    line: int = 1


@dataclass
class _TableLog:
    #: row position -> key; None while it is the identity (no row inserted, deleted or moved)
    keys: list[int] | None = None
    #: (key, col) -> [first value, current value]
    cells: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    #: keys of rows deleted (original rows) -> (line, values)
    deleted: dict[int, tuple[int | None, list[str]]] = field(default_factory=dict)
    #: keys of rows added -> values when added
    added: dict[int, list[str]] = field(default_factory=dict)
    #: column -> [first name, current name]
    renamed: dict[int, list[str]] = field(default_factory=dict)


class ChangeLog:
    """Every cell changed since opening, fed with the events of each applied change."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self._tables: dict[str, _TableLog] = {}
        self._next_new = -1
        #: bumped on every event, for views that cache
        self.revision = 0
        #: changes made before the last save, as they were then (no longer revertable)
        self.saved_cells: list[CellChange] = []
        self.saved_rows: list[RowChange] = []
        self.saved_columns: list[ColumnChange] = []

    # --- feeding --------------------------------------------------------------------------
    def _log(self, name: str) -> _TableLog:
        log = self._tables.get(name)
        if log is None:
            log = self._tables[name] = _TableLog()
        return log

    def _keys(self, log: _TableLog, table: Table, nrows_before: int) -> list[int]:
        if log.keys is None:
            log.keys = list(range(nrows_before))
        return log.keys

    def _key(self, log: _TableLog, row: int) -> int:
        return row if log.keys is None else log.keys[row]

    def _new_keys(self, n: int) -> list[int]:
        keys = list(range(self._next_new, self._next_new - n, -1))
        self._next_new -= n
        return keys

    def feed(self, edit: Edit, inverse: Edit, nrows_after: int | None = None) -> None:
        """Record an applied edit, with the inverse it returned. ``nrows_after``: the table's row
        count right after the edit, for a log fed later than the edit was applied (by default the
        table's count now)."""
        self.revision += 1
        log = self._log(edit.table)
        table = self.roster[edit.table]
        if isinstance(edit, SetCells):
            assert isinstance(inverse, SetCells)
            cells = log.cells
            keys = log.keys
            for (r, c, new), (_r, _c, old) in zip(edit.cells, reversed(inverse.cells)):
                ck = (r if keys is None else keys[r], c)
                entry = cells.get(ck)
                if entry is None:
                    cells[ck] = [old, new]
                elif entry[0] == new:
                    del cells[ck]
                else:
                    entry[1] = new
            return
        if isinstance(edit, RenameColumn):
            assert isinstance(inverse, RenameColumn)
            found = log.renamed.get(edit.col)
            if found is None:
                if inverse.name != edit.name:
                    log.renamed[edit.col] = [inverse.name, edit.name]
            elif found[0] == edit.name:
                del log.renamed[edit.col]
            else:
                found[1] = edit.name
            return
        after = table.nrows if nrows_after is None else nrows_after
        keys = self._keys(log, table, after - _row_delta(edit))
        if isinstance(edit, InsertRows):
            new_keys = self._new_keys(len(edit.rows))
            keys[edit.at : edit.at] = new_keys
            for k, values in zip(new_keys, edit.rows):
                log.added[k] = list(values)
        elif isinstance(edit, DeleteRows):
            assert isinstance(inverse, RestoreRows)
            gone = set(edit.positions)
            dropped = [keys[p] for p in inverse.positions]
            log.keys = [k for i, k in enumerate(keys) if i not in gone]
            for k, values, orig in zip(dropped, inverse.values, inverse.origins):
                if k in log.added:
                    del log.added[k]
                    for ck in [ck for ck in log.cells if ck[0] == k]:
                        del log.cells[ck]
                else:
                    line = table.record_line(orig) if orig >= 0 else None
                    log.deleted[k] = (line, list(values))
        elif isinstance(edit, RestoreRows):
            present = set(keys)
            back: list[int] = []
            for values, orig in zip(edit.values, edit.origins):
                if orig >= 0 and orig in log.deleted:
                    k = orig
                    del log.deleted[orig]
                elif orig >= 0 and orig not in present:
                    k = orig
                else:
                    (k,) = self._new_keys(1)
                    log.added[k] = list(values)
                back.append(k)
            # each restored row's key at its place, in one pass (one insert a row is quadratic)
            combined = keys + back
            log.keys = list(map(combined.__getitem__, put_back_order(len(keys), edit.positions)))
        elif isinstance(edit, ReorderRows):
            log.keys = [keys[j] for j in edit.order]

    # --- reading --------------------------------------------------------------------------
    def _line(self, table: Table, key: int) -> int | None:
        return table.record_line(key) if key >= 0 else None

    def cell_changes(self) -> list[CellChange]:
        """Changed cells, file by file (roster order), by line then column; added rows last."""
        out: list[CellChange] = []
        for table in self.roster.tables:
            log = self._tables.get(table.name)
            if log is None:
                continue
            items = sorted(log.cells.items(), key=lambda kv: (kv[0][0] < 0, abs(kv[0][0]), kv[0][1]))
            for (k, c), (old, new) in items:
                if k in log.deleted:
                    continue
                column = table.header[c] if c < table.ncols else f"column {c + 1}"
                out.append(CellChange(table.name, self._line(table, k), column, c, old, new, k))
        return out

    def row_changes(self) -> list[RowChange]:
        """Rows added (with their values when added) and original rows deleted."""
        out: list[RowChange] = []
        for table in self.roster.tables:
            log = self._tables.get(table.name)
            if log is None:
                continue
            for k, (line, values) in sorted(log.deleted.items()):
                out.append(RowChange(table.name, "deleted", line, values, k))
            for k, values in sorted(log.added.items(), reverse=True):
                out.append(RowChange(table.name, "added", None, values, k))
        return out

    def column_changes(self) -> list[ColumnChange]:
        """Columns renamed, file by file (roster order), left to right."""
        out: list[ColumnChange] = []
        for table in self.roster.tables:
            log = self._tables.get(table.name)
            if log is None:
                continue
            for c, (old, new) in sorted(log.renamed.items()):
                out.append(ColumnChange(table.name, c, old, new))
        return out

    def __len__(self) -> int:
        """How many changes are listed (saved history included)."""
        live = sum(len(lg.cells) + len(lg.deleted) + len(lg.added) + len(lg.renamed) for lg in self._tables.values())
        return live + len(self.saved_cells) + len(self.saved_rows) + len(self.saved_columns)

    def row_of(self, table_name: str, key: int) -> int | None:
        """The current row of a key (None when the row is gone)."""
        log = self._tables.get(table_name)
        if log is None or log.keys is None:
            table = self.roster.table(table_name)
            return key if table is not None and 0 <= key < table.nrows else None
        try:
            return log.keys.index(key)
        except ValueError:
            return None

    def reset(self) -> None:
        """Forget everything."""
        self._tables.clear()
        self.saved_cells.clear()
        self.saved_rows.clear()
        self.saved_columns.clear()
        self.revision += 1

    def checkpoint(self) -> None:
        """After a save: keep today's changes as history; the saved files are the new starting point."""
        self.saved_cells.extend(self.cell_changes())
        self.saved_rows.extend(self.row_changes())
        self.saved_columns.extend(self.column_changes())
        self._tables.clear()
        self.revision += 1

    def export_csv(self, delimiter: str = ",") -> str:
        """The log as CSV text (CRLF line ends), for the district's records."""
        buf = io.StringIO()

        def rec(fields: Iterable[str]) -> None:
            buf.write(delimiter.join(quote_field(f, delimiter) for f in fields) + "\r\n")

        rec(["file", "line", "column", "change", "old value", "new value"])
        for cc in self.saved_columns + self.column_changes():
            rec([cc.table, str(cc.line), cc.new, "column renamed", cc.old, cc.new])
        for ch in self.saved_cells + self.cell_changes():
            rec([ch.table, "new row" if ch.line is None else str(ch.line), ch.column, "edited", ch.old, ch.new])
        for rc in self.saved_rows + self.row_changes():
            joined = ",".join(rc.values)
            line = "new row" if rc.line is None else str(rc.line)
            if rc.kind == "deleted":
                rec([rc.table, line, "", "row deleted", joined, ""])
            else:
                rec([rc.table, line, "", "row added", "", joined])
        return buf.getvalue()


def _row_delta(edit: Edit) -> int:
    if isinstance(edit, InsertRows):
        return len(edit.rows)
    if isinstance(edit, DeleteRows):
        return -len(edit.positions)
    if isinstance(edit, RestoreRows):
        return len(edit.positions)
    return 0
