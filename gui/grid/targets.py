"""What the grid's editing tools act on: the current grid, its document and its file.

``GridTargets`` is the base of the editing tools' parts (gui/grid/editing.py, clipboard and keys;
fill_actions.py; row_actions.py; view_actions.py), which gui/grid/editing.EditingTools puts together.
It reaches the window only through a ``GridAccess`` (gui/grid/access.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
)

from gui.document import RosterDocument
from gui.grid.access import GridAccess
from gui.grid.table_model import roster_model


class GridTargets:
    """The current grid, its document and table name, and the status bar, for the editing tools."""

    access: GridAccess

    def grid(self) -> QTableView | None:
        """The grid an action applies to: the current one, unless another list or text box has the keys."""
        grid = self.access.current_grid()
        if grid is None:
            return None
        focus = QApplication.focusWidget()
        if focus is not None and focus is not grid and not grid.isAncestorOf(focus):
            if isinstance(focus, (QAbstractItemView, QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)):
                return None
        return grid

    def doc_table(self, grid: QTableView) -> tuple[RosterDocument, str] | None:
        """The open roster's document and the file a grid shows (None without a roster)."""
        doc = self.access.document()
        model = roster_model(grid.model())
        name = (model.table_name if model is not None else None) or self.access.current_table_name()
        if doc is None or name is None:
            return None
        return doc, name

    def current(self) -> tuple[QTableView, RosterDocument, str] | None:
        """The current grid with its document and table name, or None when there is no grid."""
        grid = self.grid()
        if grid is None:
            return None
        target = self.doc_table(grid)
        if target is None:
            return None
        return grid, target[0], target[1]

    def status(self, text: str) -> None:
        """Say what an action did, in the status bar."""
        self.access.say(text, 6000)
