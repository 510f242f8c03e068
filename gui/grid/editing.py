"""Editing the grid like Excel: keys, clipboard, fill, clear, rows, sort and filter of the view.

The main window builds one ``EditingTools`` with a ``GridAccess`` (gui/grid/access.py), connects its
Edit and View actions (gui/app/actions.py) to these methods and ``attach``es every grid. Every action is one step of the document's undo stack: a
paste, a fill or a replace-all is undone with one Ctrl+Z. Rows are addressed through the grid's
model (view row -> table row), so sorting or filtering the view never changes which cells an action
touches, and the file keeps its order unless the user asks to sort it (gui/grid/view_actions.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
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
from gui.grid.delegate import EditingDelegate
from gui.grid.edit_support import (
    ask_add_rows,
    big_edit,
    bounding_rect,
    format_tsv,
    parse_tsv,
    select_rect,
    selected_cells,
    table_row,
)
from gui.grid.access import GridAccess
from gui.grid.view_actions import ViewActions

log = logging.getLogger(__name__)



def fill_plan(selected: list[int]) -> tuple[int, list[int]] | None:
    """Excel's fill down/right along one line of cells: the first selected cell's value goes to the
    others; a single cell takes the value before it (None: nothing to fill from)."""
    if not selected:
        return None
    ordered = sorted(selected)
    if len(ordered) == 1:
        return None if ordered[0] == 0 else (ordered[0] - 1, ordered)
    return ordered[0], ordered[1:]

class EditingTools(ViewActions, QObject):
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

    # --- targets -----------------------------------------------------------------------------
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

    def _doc_table(self, grid: QTableView) -> tuple[RosterDocument, str] | None:
        doc = self.access.document()
        model = grid.model()
        name = getattr(model, "table_name", None) or self.access.current_table_name()
        if doc is None or name is None:
            return None
        return doc, name

    def _current(self) -> tuple[QTableView, RosterDocument, str] | None:
        """The current grid with its document and table name, or None when there is no grid."""
        grid = self.grid()
        if grid is None:
            return None
        target = self._doc_table(grid)
        if target is None:
            return None
        return grid, target[0], target[1]

    def status(self, text: str) -> None:
        """Say what an action did, in the status bar."""
        self.access.say(text, 6000)

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
        rect = bounding_rect(selected_cells(grid))
        if rect is None:
            return 0
        top, left, bottom, right = rect
        model = grid.model()
        table = getattr(model, "table", None)
        rows = []
        for v in range(top, bottom + 1):
            if table is not None:
                r = table_row(model, v)
                rows.append([table.cell(r, c) if c < table.ncols else str(model.index(v, c).data() or "")
                             for c in range(left, right + 1)])
            else:
                rows.append([str(model.index(v, c).data(Qt.ItemDataRole.EditRole) or "") for c in range(left, right + 1)])
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
        target = self._current()
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

    # --- fill and clear ----------------------------------------------------------------------
    def _set(self, grid: QTableView, view_changes: list[tuple[int, int, str]], text: str, drop_extras: Sequence[int] = ()) -> int:
        """Set cells of the grid's file as one undo step (cells of the read-only (extra) column are
        left alone); ``drop_extras``: view rows whose values beyond the header go in the same step."""
        target = self._doc_table(grid)
        if target is None or not (view_changes or drop_extras):
            return 0
        doc, name = target
        model = grid.model()
        table = doc.table(name)
        changes = [(table_row(model, v), c, val) for v, c, val in view_changes if c < table.ncols]
        changes = [(r, c, v) for r, c, v in changes if table.cell(r, c) != v or table.is_missing(r, c)]
        drops = [r for r in (table_row(model, v) for v in drop_extras) if table.extra_fields(r)]
        before = doc.undo_stack.index()
        with big_edit():
            doc.set_cells(name, changes, text, drops)
        return len(changes) + len(drops) if doc.undo_stack.index() != before else 0

    def fill_selection(self, value: str, grid: QTableView | None = None, text: str = "Fill") -> int:
        """Put one value in every selected cell (Ctrl+Enter after typing, like Excel)."""
        grid = grid or self.grid()
        if grid is None:
            return 0
        n = self._set(grid, [(v, c, value) for v, c in selected_cells(grid)], text)
        self.status(f"Filled {n:,} cell{'s' if n != 1 else ''}.")
        return n

    def fill_down(self) -> int:
        """Ctrl+D: each selected column gets its top cell's value (one row selected: the row above's)."""
        grid = self.grid()
        if grid is None:
            return 0
        cells = selected_cells(grid)
        by_col: dict[int, list[int]] = {}
        for v, c in cells:
            by_col.setdefault(c, []).append(v)
        model = grid.model()
        target = self._doc_table(grid)
        if target is None:
            return 0
        table = target[0].table(target[1])
        changes: list[tuple[int, int, str]] = []
        for c, rows in by_col.items():
            if c >= table.ncols:
                continue  # the read-only (extra) column
            plan = fill_plan(rows)
            if plan is None:
                continue
            source, targets = plan
            value = table.cell(table_row(model, source), c)
            changes.extend((v, c, value) for v in targets)
        n = self._set(grid, changes, "Fill down")
        self.status(f"Filled down {n:,} cell{'s' if n != 1 else ''}.")
        return n

    def fill_right(self) -> int:
        """Ctrl+R: each selected row gets its leftmost selected cell's value (one cell: the one left of it)."""
        grid = self.grid()
        target = self._doc_table(grid) if grid is not None else None
        if grid is None or target is None:
            return 0
        by_row: dict[int, list[int]] = {}
        for v, c in selected_cells(grid):
            by_row.setdefault(v, []).append(c)
        model = grid.model()
        table = target[0].table(target[1])
        changes: list[tuple[int, int, str]] = []
        for v, cols in by_row.items():
            plan = fill_plan([c for c in cols if c < table.ncols])  # not the read-only (extra) column
            if plan is None:
                continue
            source, targets = plan
            value = table.cell(table_row(model, v), source)
            changes.extend((v, c, value) for c in targets)
        n = self._set(grid, changes, "Fill right")
        self.status(f"Filled right {n:,} cell{'s' if n != 1 else ''}.")
        return n

    def clear(self, text: str = "Clear cells") -> int:
        """Delete: empty the selected cells; selected cells of the (extra) column lose their row's
        values beyond the header. One undo step."""
        grid = self.grid()
        if grid is None:
            return 0
        target = self._doc_table(grid)
        ncols = target[0].table(target[1]).ncols if target is not None else 0
        cells = selected_cells(grid)
        extra_rows = sorted({v for v, c in cells if c >= ncols})
        label = text if not extra_rows else "Delete extra values" if all(c >= ncols for _v, c in cells) else f"{text} and extra values"
        n = self._set(grid, [(v, c, "") for v, c in cells if c < ncols], label, extra_rows)
        if extra_rows:
            self.status(f"{label}: {n:,} change{'s' if n != 1 else ''} (Undo brings them back).")
        else:
            self.status(f"Emptied {n:,} cell{'s' if n != 1 else ''}.")
        return n

    def drop_extras(self) -> int:
        """Remove the values beyond the header from the selected rows (those the (extra) column
        shows) as one undo step; returns how many rows lost theirs."""
        grid = self.grid()
        if grid is None:
            return 0
        rows = sorted({v for v, _c in selected_cells(grid)})
        n = self._set(grid, [], "Delete extra values", rows)
        if n:
            self.status(f"Deleted the extra values of {n:,} row{'s' if n != 1 else ''} (Undo brings them back).")
        else:
            self.status("The selected rows have no values beyond the last column.")
        return n

    def selected_extra_rows(self) -> int:
        """How many selected rows have values beyond the header (the cell menu offers to delete them)."""
        grid = self.grid()
        target = self._doc_table(grid) if grid is not None else None
        if grid is None or target is None:
            return 0
        table = target[0].table(target[1])
        if not table.extra_records:
            return 0
        model = grid.model()
        return sum(1 for v in {v for v, _c in selected_cells(grid)} if table.extra_fields(table_row(model, v)))

    # --- rows --------------------------------------------------------------------------------
    def _selected_view_rows(self, grid: QTableView) -> list[int]:
        return sorted({v for v, _ in selected_cells(grid)})

    def insert_rows(self) -> int:
        """Insert as many empty rows as are selected, above the first selected row."""
        target = self._current()
        if target is None:
            return 0
        grid, doc, name = target
        model = grid.model()
        rows = self._selected_view_rows(grid)
        table = doc.table(name)
        if rows:
            at = table_row(model, rows[0])
            count = len(rows)
        else:
            at, count = table.nrows, 1
        col = max(0, grid.currentIndex().column())
        doc.insert_rows(name, at, [[""] * table.ncols for _ in range(count)], "Insert rows" if count > 1 else "Insert row")
        self._select_table_rows(grid, at, count, col)
        self.status(f"Inserted {count:,} empty row{'s' if count != 1 else ''}.")
        return count

    def _select_table_rows(self, grid: QTableView, at: int, count: int, col: int) -> None:
        model = grid.model()
        index_of = getattr(model, "index_of", None)
        first = index_of(at, col) if index_of is not None else model.index(at, col)
        if first.isValid():
            last_view = first.row() + count - 1
            select_rect(grid, first.row(), 0, last_view, model.columnCount() - 1, (first.row(), col))
            grid.scrollTo(first)

    def delete_rows(self) -> int:
        target = self._current()
        if target is None:
            return 0
        grid, doc, name = target
        model = grid.model()
        view_rows = self._selected_view_rows(grid)
        if not view_rows:
            return 0
        rows = sorted(table_row(model, v) for v in view_rows)
        col = max(0, grid.currentIndex().column())
        doc.delete_rows(name, rows, "Delete rows" if len(rows) > 1 else "Delete row")
        v = min(view_rows[0], model.rowCount() - 1)
        if v >= 0:
            grid.setCurrentIndex(model.index(v, col))
        self.status(f"Deleted {len(rows):,} row{'s' if len(rows) != 1 else ''} (Undo brings them back).")
        return len(rows)

    def select_rows(self) -> None:
        """Select the whole rows of the selected cells (Shift+Space)."""
        grid = self.grid()
        select_whole = getattr(grid, "select_whole", None)
        if select_whole is not None:
            select_whole(rows=True)

    # --- references --------------------------------------------------------------------------
    def reference_of(self) -> tuple[str, int] | None:
        """The file and row the current cell's ID points to (classSourcedId -> its class), if any."""
        target = self._current()
        if target is None:
            return None
        grid, doc, name = target
        cur = grid.currentIndex()
        if not cur.isValid():
            return None
        table = doc.table(name)
        if cur.column() >= table.ncols:
            return None
        value = table.cell(table_row(grid.model(), cur.row()), cur.column())
        ref = referenced_file(name, table.header[cur.column()])
        if ref is None or ref not in doc.roster or not value.strip():
            return None
        item = value.split(",")[0].strip()  # a list of IDs: the first one
        keys = doc.table(ref).column("sourcedId") if "sourcedId" in doc.table(ref).header else []
        try:
            return ref, keys.index(item)
        except ValueError:
            return None

    def go_to_reference(self) -> bool:
        """Show the row the current cell's ID stands for, in its own file."""
        found = self.reference_of()
        if found is None:
            self.status("This cell does not name a row of another file (or that row is not there).")
            return False
        ref, row = found
        page = self.access.page_for(ref)
        if page is None:
            return False
        self.access.show_page(page)
        return page.go_to(row, 0)


def referenced_file(table_name: str, column: str) -> str | None:
    """The file a column's IDs point to ("classSourcedId" of enrollments.csv -> "classes.csv"), from the rules."""
    from core.rules.spec import load_rules

    try:
        rule = load_rules("oneroster", "1.1").column_rule(table_name, column)
    except (ValueError, OSError):
        return None
    return rule.ref if rule is not None else None
