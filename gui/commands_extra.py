"""Undo commands the editing tools add, and the feed that turns applied commands into change events.

The feed watches the document's undo stack: each step done or undone becomes core.changes events
holding the values (a redo of "set A1 to x" and an undo of it alike), in the order they happened.
The changes log and the autosave journal both read this one stream, so neither needs the grid.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.changes import CellsSet, Event, RowsDeleted, RowsInserted, RowsReordered, RowsRestored, inverse_order
from gui.commands import DeleteRowsCommand, InsertRowsCommand, SetCellsCommand

if TYPE_CHECKING:
    from gui.document import RosterDocument

log = logging.getLogger(__name__)


class ReorderRowsCommand(QUndoCommand):
    """Put a table's rows in a new file order ("Save sorted"); undo puts them back."""

    def __init__(self, doc: RosterDocument, table_name: str, order: Sequence[int], text: str = "Sort rows in the file") -> None:
        super().__init__(text)
        self.doc = doc
        self.table_name = table_name
        self.order = list(order)
        table = doc.table(table_name)
        # Undoing must give back a table that saves byte for byte as before: remember whether rows had
        # moved at all (the core keeps no origin list until they do).
        self._had_origin = table._origin is not None
        self._structure_before = table.structure_changed
        self._saves = table.saves

    def redo(self) -> None:
        table = self.doc.table(self.table_name)
        self._saves = table.saves
        table.reorder(self.order)
        self.doc.after_rows_changed(self.table_name)

    def undo(self) -> None:
        table = self.doc.table(self.table_name)
        table.reorder(inverse_order(self.order))
        if table.saves == self._saves:
            if not self._had_origin:
                table._origin = None
            table._structure_changed = self._structure_before
        # after a save the file holds the new order: the reorder back stays a change to write
        self.doc.after_rows_changed(self.table_name)


class RestoreRowsCommand(QUndoCommand):
    """Put deleted rows back with their source records (replaying a journal's "restore")."""

    def __init__(self, doc: RosterDocument, event: RowsRestored, text: str = "Restore rows") -> None:
        super().__init__(text)
        self.doc = doc
        self.table_name = event.table
        self.event = event

    def redo(self) -> None:
        table = self.doc.table(self.table_name)
        for pos, values, orig in zip(self.event.positions, self.event.values, self.event.origins):
            table.insert_rows(pos, [values], [orig])
        self.doc.after_rows_changed(self.table_name)

    def undo(self) -> None:
        self.doc.table(self.table_name).delete_rows(self.event.positions)
        self.doc.after_rows_changed(self.table_name)


def events_of(cmd: QUndoCommand, redo: bool) -> list[Event] | None:
    """The change events of doing (``redo``) or undoing a command; None for an unknown command."""
    n = cmd.childCount()
    if n and not isinstance(cmd, (SetCellsCommand, InsertRowsCommand, DeleteRowsCommand, ReorderRowsCommand, RestoreRowsCommand)):
        kids = [cmd.child(i) for i in range(n)]
        if not redo:
            kids.reverse()
        out: list[Event] = []
        for k in kids:
            ev = events_of(k, redo)
            if ev is None:
                return None
            out.extend(ev)
        return out
    if isinstance(cmd, SetCellsCommand):
        cells = [(r, c, o, v) for (r, c, v), (_r, _c, o) in zip(cmd.new, cmd.old)]
        if redo:
            return [CellsSet(cmd.table_name, cells)]
        return [CellsSet(cmd.table_name, [(r, c, v, o) for r, c, o, v in reversed(cells)])]
    if isinstance(cmd, InsertRowsCommand):
        if redo:
            return [RowsInserted(cmd.table_name, cmd.at, [list(r) for r in cmd.rows])]
        k = len(cmd.rows)
        return [RowsDeleted(cmd.table_name, list(range(cmd.at, cmd.at + k)), [list(r) for r in cmd.rows], [-1] * k)]
    if isinstance(cmd, DeleteRowsCommand):
        snap = cmd.snapshot
        if snap is None:
            return []
        cls = RowsDeleted if redo else RowsRestored
        return [cls(cmd.table_name, list(snap.positions), [list(v) for v in snap.values], list(snap.origins))]
    if isinstance(cmd, ReorderRowsCommand):
        return [RowsReordered(cmd.table_name, cmd.order if redo else inverse_order(cmd.order))]
    if isinstance(cmd, RestoreRowsCommand):
        e = cmd.event
        if redo:
            return [e]
        return [RowsDeleted(e.table, list(e.positions), e.values, e.origins)]
    if n == 0 and type(cmd) is QUndoCommand:
        return []  # an empty macro
    return None


class ChangeFeed(QObject):
    """Emits ``applied(event)`` for every change the undo stack does or undoes, in order."""

    applied = Signal(object)
    #: a step the feed cannot describe (a command type it does not know); its text
    unknown = Signal(str)

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self._index = stack.index()
        stack.indexChanged.connect(self._on_index)

    def _on_index(self, new: int) -> None:
        old, self._index = self._index, new
        if new > old:
            steps = [(i, True) for i in range(old, new)]
        else:
            steps = [(i, False) for i in range(old - 1, new - 1, -1)]
        for i, redo in steps:
            try:
                cmd = self.stack.command(i)
            except RuntimeError:  # the stack is being destroyed with its document
                return
            if cmd is None:  # the stack was cleared
                continue
            events = events_of(cmd, redo)
            if events is None:
                log.warning("change not recorded (unknown step %r)", cmd.text())
                self.unknown.emit(cmd.text())
                continue
            for e in events:
                self.applied.emit(e)


def apply_event_through(doc: RosterDocument, event: Event, text: str = "Restore unsaved edit") -> None:
    """Apply a change event as an undoable step of the document (replaying a journal)."""
    if isinstance(event, CellsSet):
        doc.set_cells(event.table, [(r, c, new) for r, c, _old, new in event.cells], text)
    elif isinstance(event, RowsInserted):
        doc.insert_rows(event.table, event.at, event.rows, text)
    elif isinstance(event, RowsDeleted):
        doc.delete_rows(event.table, event.positions, text)
    elif isinstance(event, RowsRestored):
        doc.undo_stack.push(RestoreRowsCommand(doc, event, text))
    elif isinstance(event, RowsReordered):
        doc.undo_stack.push(ReorderRowsCommand(doc, event.table, event.order, text))
