"""Undo commands: one per user action, each holding a compact diff and calling the core."""

from __future__ import annotations

from typing import TYPE_CHECKING
from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from core.table import RowsSnapshot

if TYPE_CHECKING:
    from gui.document import RosterDocument


class SetCellsCommand(QUndoCommand):
    """Set any number of cells of one table (a typed value, a paste, a fill, a replace, a fix)."""

    def __init__(
        self,
        doc: RosterDocument,
        table_name: str,
        changes: Sequence[tuple[int, int, str]],
        text: str,
        drop_extras: Sequence[int] = (),
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.table_name = table_name
        self.new = [(r, c, v) for r, c, v in changes]
        self.old: list[tuple[int, int, str]] = []
        #: rows whose record's fields beyond the header end with this change (a repaired spill)
        self.drop_extras = list(drop_extras)
        self._extras: dict[int, list[str]] = {}
        # A cell that had no field in its record becomes "missing" again on undo.
        table = doc.table(table_name)
        self._was_missing = {(r, c) for r, c, _ in self.new if table.is_missing(r, c)}
        self._short_before = dict(table.short_records)
        self._edited_before = set(table.edited_records)
        self._saves = table.saves

    def redo(self) -> None:
        table = self.doc.table(self.table_name)
        self._saves = table.saves
        self.old = table.set_cells(self.new)
        self._extras = {r: table.drop_extra_fields(r) for r in self.drop_extras}
        self.doc.after_cells_changed(self.table_name, [(r, c) for r, c, _ in self.new])

    def undo(self) -> None:
        table = self.doc.table(self.table_name)
        table.set_cells(reversed(self.old))
        for r, extras in self._extras.items():
            table.restore_extra_fields(r, extras)
        if table.saves == self._saves:
            # no save since: restore the record-level marks, so an undo back to the original saves byte-exact
            table.short_records.clear()
            table.short_records.update(self._short_before)
            table.edited_records.clear()
            table.edited_records.update(self._edited_before)
        else:
            # the file on disk holds the changed values now: the undone records must be written again
            table.edited_records.update(table.origin(r) for r, _, _ in self.new)
            table.edited_records.update(table.origin(r) for r in self._extras)
        self.doc.after_cells_changed(self.table_name, [(r, c) for r, c, _ in self.new])


class InsertRowsCommand(QUndoCommand):
    def __init__(self, doc: RosterDocument, table_name: str, at: int, rows: list[list[str]], text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.table_name = table_name
        self.at = at
        self.rows = rows

    def redo(self) -> None:
        self.doc.table(self.table_name).insert_rows(self.at, self.rows)
        self.doc.after_rows_changed(self.table_name)

    def undo(self) -> None:
        self.doc.table(self.table_name).delete_rows(range(self.at, self.at + len(self.rows)))
        self.doc.after_rows_changed(self.table_name)


class DeleteRowsCommand(QUndoCommand):
    def __init__(self, doc: RosterDocument, table_name: str, rows: list[int], text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.table_name = table_name
        self.rows = rows
        self.snapshot: RowsSnapshot | None = None

    def redo(self) -> None:
        self.snapshot = self.doc.table(self.table_name).delete_rows(self.rows)
        self.doc.after_rows_changed(self.table_name)

    def undo(self) -> None:
        assert self.snapshot is not None
        self.doc.table(self.table_name).restore_rows(self.snapshot)
        self.doc.after_rows_changed(self.table_name)
