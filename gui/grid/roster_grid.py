"""A file's grid: the table view with Excel's keys, its cell marks and its frozen first columns.

``RosterGrid`` reads a ``RosterTableModel`` (gui/grid/table_model.py) and keeps a ``FrozenColumns``
(gui/grid/frozen.py); the tab around it is ``GridPage`` (gui/grid/grid_tab.py), and its editing tools
are attached by gui/grid/editing.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast, overload

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPainter, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from core.column_values import longest_values
from gui.grid.frozen import FrozenColumns
from gui.grid.header import FilterHeader
from gui.grid.marks import SEVERITY_COLOR, fixed_font, is_code_column
from gui.grid.table_model import MissingRole, RosterTableModel, SeverityRole, SpacesRole, extra_text, visible_spaces

Index = QModelIndex | QPersistentModelIndex

#: the widest "fit width" makes a column, in pixels (a long note should not push everything away)
MAX_FIT = 700

class CellDelegate(QStyledItemDelegate):
    """Paints what the model's roles cannot: visible edge spaces, "(missing)" and a corner mark.

    Editors (enum choices, ...) belong to gui/grid/delegate.py, which may subclass this class to keep
    these marks.
    """

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if index.data(MissingRole):
            option.text = "(missing)"
            option.font.setItalic(True)
        elif index.data(SpacesRole):
            option.text = visible_spaces(option.text)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        sev = index.data(SeverityRole)
        if sev is None:
            return
        # a small triangle in the top-right corner, like a spreadsheet comment mark
        r = option.rect
        size = max(6.0, min(10.0, r.height() * 0.4))
        tri = QPolygonF(
            [QPointF(r.right() - size, r.top()), QPointF(r.right() + 1, r.top()), QPointF(r.right() + 1, r.top() + size)]
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(SEVERITY_COLOR[sev]))
        painter.drawPolygon(tri)
        painter.restore()


class RosterGrid(QTableView):
    """The table view of one file. Sorting is done by the model in the core (never a proxy).

    A click on a column header selects the column, as in Excel; the header's button and context
    menu sort and filter (gui/grid/header.py, gui/grid/columns.py).
    """

    def __init__(self, model: RosterTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(FilterHeader(self))
        #: the first columns kept in view when scrolling right (gui/grid/frozen.py); made before
        #: anything below can scroll or edit (scrollTo and edit ask it), after the header it follows
        self.frozen = FrozenColumns(self)
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setCornerButtonEnabled(True)
        self.setTabKeyNavigation(True)
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setHighlightSections(True)
        hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(False)  # a header click selects the column; the header's button sorts
        vh = self.verticalHeader()
        # fixed row height: a million rows never get measured
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(QFontMetrics(self.font()).height() + 8)
        vh.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.fit_columns()

    def model(self) -> RosterTableModel:
        # QTableView.model() is typed for any model; this grid is only ever given its RosterTableModel
        return cast(RosterTableModel, super().model())

    def fit_columns(self, sample_rows: int = 60) -> None:
        """Width from the header and the first rows only (ResizeToContents would read every row)."""
        model = self.model()
        table = model.table
        fm = QFontMetrics(self.font())
        fixed = QFontMetrics(fixed_font())
        n = min(sample_rows, table.nrows)
        for c in range(table.ncols):
            metrics = fixed if is_code_column(table.header[c]) else fm
            width = self.horizontalHeader().sectionSizeFromContents(c).width()  # the name, its marks and button
            for r in range(n):
                width = max(width, metrics.horizontalAdvance(table.cell(r, c)) + 34)
            self.setColumnWidth(c, min(max(width, 60), 320))
        if model.has_extra:
            self.fit_extra_column()

    def fit_extra_column(self) -> None:
        """The (extra) column as wide as its header and the first rows' extra values."""
        model = self.model()
        c = model.table.ncols
        fm = QFontMetrics(self.font())
        width = self.horizontalHeader().sectionSizeFromContents(c).width()
        for extras in list(model.table.extra_records.values())[:60]:
            width = max(width, fm.horizontalAdvance(extra_text(extras)) + 34)
        self.setColumnWidth(c, min(max(width, 80), 320))

    def sizeHintForColumn(self, column: int) -> int:
        """What a double-click on the header's edge fits to: the header and the longest value of
        the rows shown (Qt would measure only the rows on screen)."""
        return fit_width(self, column)

    def scrollTo(self, index: Index, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        frozen = self.frozen
        if frozen.is_frozen(index.column()):
            # a frozen cell is always in view sideways: only scroll up or down to it
            keep = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(keep)
            return
        super().scrollTo(index, hint)
        frozen.adjust_scroll(self.model().index(index.row(), index.column()))

    # --- Excel's keys ----------------------------------------------------------------------------
    # Qt's two edit()s: the slot edit(index) and the virtual one that Qt calls with a trigger
    @overload
    def edit(self, index: Index, /) -> None: ...

    @overload
    def edit(self, index: Index, trigger: QAbstractItemView.EditTrigger, event: QEvent | None, /) -> bool: ...

    def edit(self, index: Index, trigger: QAbstractItemView.EditTrigger | None = None, event: QEvent | None = None) -> bool | None:
        """F2 opens the cell with the caret after its text (Excel), not with the text selected; a
        frozen cell is edited on the frozen columns' view when the grid is scrolled sideways."""
        if trigger is None:
            super().edit(index)  # the slot: it calls this again with a trigger
            return None
        frozen_view = self.frozen.view
        view: QTableView
        if frozen_view is not None and self.frozen.is_frozen(index.column()) and self.horizontalScrollBar().value() > 0:
            # the grid's own copy of a frozen cell lies under the frozen columns: edit it there
            view = frozen_view
            ok = bool(frozen_view.edit(index, trigger, event))  # type: ignore[arg-type]  # as below
        else:
            view = self
            ok = super().edit(index, trigger, event)  # type: ignore[arg-type]  # the stubs want a QEvent; Qt takes none (nullptr)
        if ok and trigger == QAbstractItemView.EditTrigger.EditKeyPressed:
            editor = view.indexWidget(index) or view.focusWidget()
            if isinstance(editor, QLineEdit):
                editor.deselect()
                editor.end(False)
        return ok

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        Mod = Qt.KeyboardModifier
        editing = self.state() == QAbstractItemView.State.EditingState
        if key == Qt.Key.Key_Space and not editing:
            # Excel: Shift+Space selects the rows, Ctrl+Space the columns, Ctrl+Shift+Space everything
            if mods == Mod.ShiftModifier:
                self.select_whole(rows=True)
                return
            if mods == Mod.ControlModifier:
                self.select_whole(rows=False)
                return
            if mods == Mod.ControlModifier | Mod.ShiftModifier:
                self.selectAll()
                return
        # Excel: Enter commits and moves down (Qt would only commit)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            cur = self.currentIndex()
            if cur.isValid() and mods == Mod.NoModifier:
                nxt = self.model().index(min(cur.row() + 1, self.model().rowCount() - 1), cur.column())
                self.setCurrentIndex(nxt)
                return
        super().keyPressEvent(event)

    def select_whole(self, rows: bool) -> None:
        """Select the whole rows (or columns) of the selected cells, keeping the current cell."""
        model = self.model()
        sm = self.selectionModel()
        cur = self.currentIndex()
        if not cur.isValid():
            return
        selection_now = sm.selection()
        ranges = [selection_now.at(i) for i in range(selection_now.count())]
        spans = [(r.top(), r.bottom()) if rows else (r.left(), r.right()) for r in ranges]
        if not spans:
            spans = [(cur.row(), cur.row())] if rows else [(cur.column(), cur.column())]
        last_row, last_col = model.rowCount() - 1, model.columnCount() - 1
        selection = QItemSelection()
        for a, b in merge_spans(spans):
            if rows:
                selection.select(model.index(a, 0), model.index(b, last_col))
            else:
                selection.select(model.index(0, a), model.index(last_row, b))
        sm.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        sm.setCurrentIndex(cur, QItemSelectionModel.SelectionFlag.NoUpdate)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Ctrl+Arrow jumps to the edge of the data, as in Excel (Ctrl+Home/End are Qt's own)."""
        CA = QAbstractItemView.CursorAction
        steps = {CA.MoveUp: (-1, 0), CA.MoveDown: (1, 0), CA.MoveLeft: (0, -1), CA.MoveRight: (0, 1)}
        cur = self.currentIndex()
        if modifiers & Qt.KeyboardModifier.ControlModifier and action in steps and cur.isValid():
            dr, dc = steps[action]
            model = self.model()
            table = model.table
            if dr:
                c = cur.column()
                row_of = model.table_row
                if c < table.ncols:
                    values = table.columns[c]
                    r = edge_of_data(model.rowCount(), lambda v: values[row_of(v)] != "", cur.row(), dr)
                else:  # the (extra) column: rows with values beyond the header are its filled cells
                    r = edge_of_data(model.rowCount(), lambda v: bool(table.extra_fields(row_of(v))), cur.row(), dr)
            else:
                row = table.row(model.table_row(cur.row()))
                c = edge_of_data(model.columnCount(), lambda i: i < len(row) and row[i] != "", cur.column(), dc)
                r = cur.row()
            return model.index(r, c if dr == 0 else cur.column())
        return super().moveCursor(action, modifiers)

    def selectionCommand(self, index: Index, event: QEvent | None = None) -> QItemSelectionModel.SelectionFlag:
        """Ctrl+Arrow, Ctrl+Home/End move the selection with them; with Shift they extend it (Excel).

        Qt's own rule leaves the selection where it was when Ctrl is held.
        """
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            mods = event.modifiers()
            if mods & Qt.KeyboardModifier.ControlModifier and event.key() in _JUMP_KEYS:
                SF = QItemSelectionModel.SelectionFlag
                return SF.SelectCurrent if mods & Qt.KeyboardModifier.ShiftModifier else SF.ClearAndSelect
        return super().selectionCommand(index, event)


_JUMP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End)


def edge_of_data(count: int, filled: Callable[[int], bool], start: int, step: int) -> int:
    """Where Ctrl+Arrow lands, as in Excel, moving by ``step`` (+1/-1) from ``start`` in ``count`` cells.

    From a filled cell whose neighbour is filled: the last filled cell of that run. Otherwise: the
    next filled cell, or the first/last cell when there is none.
    """
    last = count - 1 if step > 0 else 0
    if count <= 0 or start == last:
        return max(0, min(start, count - 1))
    i = start + step
    if filled(start) and filled(i):
        while i != last and filled(i + step):
            i += step
        return i
    while i != last and not filled(i):
        i += step
    return i


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching (first, last) spans merged, in order."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def fit_width(grid: RosterGrid, col: int) -> int:
    """The width that shows a column's header and the longest value among the rows shown."""
    model = grid.model()
    table = model.table
    header = grid.horizontalHeader()
    width = header.sectionSizeFromContents(col).width()
    if col >= table.ncols:  # the (extra) column
        fm = QFontMetrics(grid.font())
        for extras in table.extra_records.values():
            width = max(width, fm.horizontalAdvance(extra_text(extras)) + 34)
        return int(min(max(width, 40), MAX_FIT))
    metrics = QFontMetrics(fixed_font()) if model.fixed_width_column(col) else QFontMetrics(grid.font())
    rows = model.view.order
    for v in longest_values(table.columns[col], rows):
        width = max(width, metrics.horizontalAdvance(visible_spaces(v)) + 14)
    if model.doc.index(model.table_name).by_row.findings:
        width += 18  # room for a problem's icon at the cell's left
    return int(min(max(width, 40), MAX_FIT))
