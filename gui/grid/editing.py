"""Editing the grid like Excel: the editing tools of one window, with their keys and the clipboard.

The main window builds one ``EditingTools`` with a ``GridAccess`` (gui/grid/access.py), connects its
Edit and View actions (gui/app/actions.py) to its methods and ``attach``es every grid. The tools are
put together from parts, each on the base gui/grid/targets.GridTargets (the current grid, its
document and file): keys and the clipboard here, fill and clear (gui/grid/fill_actions.py), rows and
references (gui/grid/row_actions.py), and sort and filter of the view (gui/grid/view_actions.py).

Every action is one step of the document's undo stack: a paste, a fill or a replace-all is undone
with one Ctrl+Z. Rows are addressed through the grid's model (view row -> table row), so sorting or
filtering the view never changes which cells an action touches, and the file keeps its order unless
the user asks to sort it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTableView

from gui.grid.access import GridAccess
from gui.grid.delegate import EditingDelegate
from gui.grid.edit_support import (
    ask_add_rows,
    big_edit,
    bounding_rect,
    format_tsv,
    parse_tsv,
    select_rect,
    selected_cells,
    selection_bounds,
    table_row,
    table_rows,
)
from gui.grid.fill_actions import FillActions
from gui.grid.row_actions import RowActions
from gui.grid.table_model import roster_model
from gui.grid.view_actions import ViewActions


class EditingTools(ViewActions, FillActions, RowActions, QObject):
    """The editing commands of one window, acting on its current grid."""

    def __init__(self, access: GridAccess, parent: QObject | None = None) -> None:
        QObject.__init__(self, parent)
        self.access = access
        self._grids: set[int] = set()
        #: where a run of Tabs started: (grid, view row, column), for Enter to return to
        self._tab_anchor: tuple[int, int, int] | None = None

    def attach(self, grid: QTableView) -> None:
        """Make a grid edit like Excel (idempotent)."""
        if id(grid) in self._grids:
            return
        self._grids.add(id(grid))
        grid.destroyed.connect(lambda *_a, k=id(grid): self._grids.discard(k))
        delegate = EditingDelegate(grid)
        delegate.moveRequested.connect(lambda dr, dc, g=grid: self.move(g, dr, dc))
        delegate.fillRequested.connect(lambda text, g=grid: self.fill_selection(text, g))
        grid.setItemDelegate(delegate)
        grid.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        grid.installEventFilter(self)

    # --- keys on the grid --------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(obj, QTableView):
            assert isinstance(event, QKeyEvent)
            if obj.state() == QAbstractItemView.State.EditingState:
                return False
            key, mods = event.key(), event.modifiers()
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) and mods & ~Qt.KeyboardModifier.KeypadModifier == ctrl_shift:
                # a laptop's Ctrl+Shift+= ("Ctrl++" without a keypad). Not a second shortcut of the
                # action: where the platform also reads the press as Ctrl++, two would be ambiguous.
                self.insert_rows()
                return True
            plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.KeypadModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                self.move(obj, -1 if shift else 1, 0)
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and plain:
                self.move(obj, 0, -1 if (shift or key == Qt.Key.Key_Backtab) else 1)
                return True
            if key == Qt.Key.Key_Backspace and mods == Qt.KeyboardModifier.NoModifier:
                # Excel: Backspace empties the cell and starts typing in it
                cur = obj.currentIndex()
                if cur.isValid():
                    obj.edit(cur)
                    editor = obj.focusWidget()
                    if isinstance(editor, QLineEdit):
                        editor.clear()
                return True
        return False

    def move(self, grid: QTableView, dr: int, dc: int) -> None:
        """Move the current cell after Enter or Tab, staying inside the grid.

        As in Excel, Enter after a run of Tabs goes down to the column where the run started, so a
        row can be typed in with Tab and the next one started with Enter.
        """
        model = grid.model()
        cur = grid.currentIndex()
        if not cur.isValid():
            return
        anchor = self._tab_anchor
        same_row = anchor is not None and anchor[0] == id(grid) and anchor[1] == cur.row()
        col = cur.column()
        if dc and not dr:
            if not same_row:
                self._tab_anchor = (id(grid), cur.row(), cur.column())
        else:
            if dr > 0 and same_row and anchor is not None:
                col = anchor[2]
            self._tab_anchor = None
        r = max(0, min(model.rowCount() - 1, cur.row() + dr))
        c = max(0, min(model.columnCount() - 1, col + dc))
        grid.setCurrentIndex(model.index(r, c))

    # --- clipboard ---------------------------------------------------------------------------
    def copy(self) -> int:
        """Copy the selection's bounding block as tab-separated text; returns the cell count."""
        grid = self.grid()
        if grid is None:
            return self._copy_other_view()
        rect = selection_bounds(grid)
        if rect is None:
            return 0
        top, left, bottom, right = rect
        model = grid.model()
        roster = roster_model(model)
        table = roster.table if roster is not None else None
        rows: list[Sequence[str]]
        if roster is not None and table is not None:
            # a column at a time, with C-level passes (a million rows copied cell by cell took seconds)
            at = table_rows(model, list(range(top, bottom + 1)))
            columns = [list(map(table.columns[c].__getitem__, at)) if c < table.ncols
                       else [str(model.index(v, c).data() or "") for v in range(top, bottom + 1)]
                       for c in range(left, right + 1)]
            rows = list(zip(*columns))
        else:
            rows = [[str(model.index(v, c).data(Qt.ItemDataRole.EditRole) or "") for c in range(left, right + 1)]
                    for v in range(top, bottom + 1)]
        QGuiApplication.clipboard().setText(format_tsv(rows))
        n = (bottom - top + 1) * (right - left + 1)
        self.status(f"Copied {n:,} cell{'s' if n != 1 else ''}.")
        return n

    def _copy_other_view(self) -> int:
        """Ctrl+C in another list (the Problems panel, ...): copy its selected rows as shown."""
        view = QApplication.focusWidget()
        if not isinstance(view, QAbstractItemView) or view.selectionModel() is None:
            return 0
        indexes = view.selectionModel().selectedIndexes()
        if not indexes:
            return 0
        by_row: dict[tuple[int, int], dict[int, str]] = {}
        for i in indexes:
            parent_row = i.parent().row() if i.parent().isValid() else -1
            by_row.setdefault((parent_row, i.row()), {})[i.column()] = str(i.data() or "")
        rows = [[cells[c] for c in sorted(cells)] for _k, cells in sorted(by_row.items())]
        QGuiApplication.clipboard().setText(format_tsv(rows))
        return len(indexes)

    def cut(self) -> None:
        if self.copy():
            self.clear("Cut")

    def paste(self, text: str | None = None) -> int:
        """Paste tab-separated text at the current cell; returns how many cells changed."""
        target = self.current()
        if target is None:
            return 0
        grid, doc, name = target
        if text is None:
            text = QGuiApplication.clipboard().text()
        if not text:
            self.status("There is nothing to paste.")
            return 0
        block = parse_tsv(text)
        model = grid.model()
        cells = selected_cells(grid)
        rect = bounding_rect(cells)
        if rect is None:
            return 0
        top, left, _bottom, _right = rect
        if len(block) == 1 and len(block[0]) == 1 and len(cells) > 1:
            return self.fill_selection(block[0][0], grid, text="Paste")
        table = doc.table(name)
        ncols = table.ncols
        width = max(len(r) for r in block)
        cut_cols = max(0, left + width - ncols)
        nview = model.rowCount()
        extra = max(0, top + len(block) - nview)
        if extra:
            answer = ask_add_rows(grid, len(block), nview - top, extra)
            if answer == "cancel":
                return 0
            if answer == "fit":
                block = block[: nview - top]
                extra = 0
        changes = []
        for i, row in enumerate(block[: len(block) - extra]):
            r = table_row(model, top + i)
            for j, v in enumerate(row):
                c = left + j
                if c < ncols:
                    changes.append((r, c, v))
        new_rows = []
        for row in block[len(block) - extra :] if extra else []:
            values = [""] * ncols
            for j, v in enumerate(row):
                if left + j < ncols:
                    values[left + j] = v
            new_rows.append(values)
        stack = doc.undo_stack
        with big_edit():
            stack.beginMacro("Paste")
            try:
                doc.set_cells(name, changes, "Paste")
                if new_rows:
                    doc.insert_rows(name, table.nrows, new_rows, "Paste (new rows)")
            finally:
                stack.endMacro()
        n = len(changes) + sum(len(r) for r in new_rows)
        end_row = top + len(block) - 1
        select_rect(grid, top, left, min(end_row, model.rowCount() - 1), min(left + width - 1, ncols - 1))
        msg = f"Pasted {len(block):,} row{'s' if len(block) != 1 else ''}"
        if new_rows:
            msg += f" ({len(new_rows):,} added at the end)"
        if cut_cols:
            msg += f"; {cut_cols} column{'s' if cut_cols != 1 else ''} did not fit and {'were' if cut_cols != 1 else 'was'} left out"
        self.status(msg + ".")
        return n
