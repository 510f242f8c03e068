"""One tab of the window: a file's grid, with a bar that says when a filter hides rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast, overload

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPersistentModelIndex, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QKeySequence, QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.column_values import ColumnFilter
from core.findings import Finding
from gui.document import RosterDocument
from gui.grid.frozen import FrozenColumns
from gui.grid.header import FilterHeader
from gui.grid.marks import SEVERITY_COLOR, fixed_font, is_code_column
from gui.grid.table_model import MissingRole, RosterTableModel, SeverityRole, SpacesRole, extra_text, visible_spaces

Index = QModelIndex | QPersistentModelIndex


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
        #: the first columns kept in view when scrolling right (gui/grid/frozen.py)
        self.frozen = FrozenColumns(self)

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
        from gui.grid.columns import fit_width

        return fit_width(self, column)

    def scrollTo(self, index: Index, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        frozen = getattr(self, "frozen", None)
        if frozen is not None and frozen.is_frozen(index.column()):
            # a frozen cell is always in view sideways: only scroll up or down to it
            keep = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(keep)
            return
        super().scrollTo(index, hint)
        if frozen is not None:
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
        frozen = getattr(self, "frozen", None)
        if (frozen is not None and frozen.view is not None and frozen.is_frozen(index.column())
                and self.horizontalScrollBar().value() > 0):
            # the grid's own copy of a frozen cell lies under the frozen columns: edit it there
            view = frozen.view
            ok = bool(view.edit(index, trigger, event))
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


class GridPage(QWidget):
    """A tab: the grid and, when rows are hidden, a bar saying so with "Show all rows".

    Two kinds of filter apply together (AND): one set of rows (rows with problems, a value, a search:
    ``set_filter``) and an AutoFilter per column (``set_column_filter``).
    """

    filterChanged = Signal()
    #: "12 of 300 rows shown, filtered by role, grades" ("" with no filter), for the status bar
    rowsShownChanged = Signal(str)

    def __init__(self, doc: RosterDocument, table_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.table_name = table_name
        self.model = RosterTableModel(doc, table_name, self)
        self.grid = RosterGrid(self.model, self)
        #: what the current row filter is ("problems", "shape", "value") so it can be redone after edits
        self.filter_kind: str | None = None
        self._filter_description = ""
        self.bar = QWidget(self)
        bar_layout = QHBoxLayout(self.bar)
        bar_layout.setContentsMargins(8, 4, 8, 4)
        self.filter_label = QLabel(self.bar)
        self.show_all_button = QPushButton("Show all rows", self.bar)
        self.show_all_button.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.show_all_button.clicked.connect(self.clear_filter)
        bar_layout.addWidget(self.filter_label, 1)
        bar_layout.addWidget(self.show_all_button)
        self.bar.setAutoFillBackground(True)
        self.bar.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.bar.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.bar.hide()
        # problems about the whole file (a missing column, the encoding) have no cell to mark
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setContentsMargins(8, 4, 8, 4)
        self.notes.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notes)
        layout.addWidget(self.bar)
        layout.addWidget(self.grid, 1)
        doc.findingsChanged.connect(self._refresh_problem_filter)
        doc.marksChanged.connect(self._refresh_problem_filter)
        doc.findingsChanged.connect(self.update_notes)
        self.model.modelReset.connect(self._update_bar)  # rows inserted or deleted: new counts
        self.update_notes()
        from gui.grid.columns import ColumnTools

        #: the column headers' menu and AutoFilter button, frozen and hidden columns
        self.columns = ColumnTools(self, self)

    def file_findings(self) -> list[Finding]:
        """This file's problems that belong to no cell or line: whole-file and missing-column ones."""
        idx = self.doc.index(self.table_name)
        out = [f for f in idx.file_level if f.line is None or f.line <= 1]
        return [f for f in out if f.severity in ("error", "warning")]

    def update_notes(self) -> None:
        from html import escape

        from gui.grid.marks import SEVERITY_WORD

        notes = self.file_findings()
        if not notes:
            self.notes.hide()
            return
        shown = notes[:3]
        lines = [f"<b>{SEVERITY_WORD[f.severity]}:</b> {escape(f.text)}" for f in shown]
        if len(notes) > len(shown):
            lines.append(f"… and {len(notes) - len(shown)} more about this file in the Problems panel")
        self.notes.setText("<br>".join(lines))
        self.notes.setToolTip("\n\n".join(f.message for f in notes))
        self.notes.show()

    # --- filters -------------------------------------------------------------------------------
    def problem_rows(self) -> set[int]:
        idx = self.doc.index(self.table_name)
        return set(idx.by_row.keys())

    def show_only_problems(self, on: bool) -> None:
        """"Show only rows with problems" for this file."""
        if on:
            self.set_filter(self.problem_rows(), "rows with problems", kind="problems")
        elif self.filter_kind == "problems":
            self.clear_row_filter()

    def set_filter(self, rows: set[int], description: str, kind: str = "other") -> None:
        """Show only these rows (within the columns' AutoFilters); replaces the previous row filter."""
        self.filter_kind = kind
        self._filter_description = description
        self.model.set_row_filter(rows)
        self._filters_changed()

    def set_column_filter(self, col: int, spec: ColumnFilter | None) -> None:
        """Set or (None) remove a column's AutoFilter; other columns' filters stay (AND)."""
        self.model.set_column_filter(col, spec)
        self._filters_changed()

    def clear_row_filter(self) -> None:
        if self.filter_kind is None:
            return
        self.filter_kind = None
        self._filter_description = ""
        self.model.set_row_filter(None)
        self._filters_changed()

    def clear_filter(self) -> None:
        """Show all rows: no row filter, no AutoFilter."""
        if self.filter_kind is None and not self.model.view.column_filters:
            return
        self.filter_kind = None
        self._filter_description = ""
        self.model.set_row_filter(None)
        self.model.clear_column_filters()
        self._filters_changed()

    def filter_descriptions(self) -> list[str]:
        """Each active filter in plain words, the columns' in column order."""
        table = self.model.table
        out = [spec.describe(table) for _c, spec in sorted(self.model.view.column_filters.items())]
        if self.filter_kind is not None:
            out.append(self._filter_description)
        return out

    def rows_shown_text(self) -> str:
        """"12 of 300 rows shown, filtered by role, grades" for the status bar ("" with no filter)."""
        view = self.model.view
        if not view.is_filtered:
            return ""
        table = self.model.table
        names = [table.header[c] for c in sorted(view.column_filters) if c < table.ncols]
        if self.filter_kind is not None:
            names.append(self._filter_description)
        return f"{self.model.rowCount():,} of {table.nrows:,} rows shown, filtered by {', '.join(names)}"

    def _filters_changed(self) -> None:
        self._update_bar()
        self.filterChanged.emit()
        self.rowsShownChanged.emit(self.rows_shown_text())

    def _update_bar(self) -> None:
        if not self.model.view.is_filtered:
            self.bar.hide()
            return
        total = self.model.table.nrows
        shown = self.model.rowCount()
        words = "; ".join(self.filter_descriptions())
        if self.filter_kind == "problems":
            words += f" ({len(self.problem_rows()):,} still have problems)"
        self.filter_label.setText(f"Showing {shown:,} of {total:,} rows: {words}")
        self.bar.show()

    def _refresh_problem_filter(self) -> None:
        # keep the count in the bar right; rows stay put while the user works through them
        if self.filter_kind == "problems":
            self._update_bar()

    # --- navigation ----------------------------------------------------------------------------
    def go_to(self, table_row: int | None, col: int | None) -> bool:
        """Select and show a cell (clearing a filter that hides it). False if the row is gone."""
        model = self.model
        if table_row is None:
            table_row = 0
        if not 0 <= table_row < model.table.nrows:
            return False
        if model.view.table_to_view(table_row) is None:
            self.clear_filter()
        c = col if col is not None and 0 <= col < model.columnCount() else 0
        index = model.index_of(table_row, c)
        if not index.isValid():
            return False
        self.grid.setCurrentIndex(index)
        self.grid.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.grid.setFocus()
        return True
