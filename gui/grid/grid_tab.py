"""One tab of the window: a file's grid, with a bar that says when a filter hides rows."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.column_values import ColumnFilter
from core.findings import Finding
from gui.document import RosterDocument
from gui.grid.columns import ColumnTools
from gui.grid.marks import SEVERITY_WORD
from gui.grid.roster_grid import RosterGrid
from gui.grid.table_model import RosterTableModel


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
        self.model.modelReset.connect(self._rows_reset)  # rows inserted or deleted: new counts
        self.update_notes()
        #: the column headers' menu and AutoFilter button, frozen and hidden columns
        self.columns = ColumnTools(self, self)

    def file_findings(self) -> list[Finding]:
        """This file's problems that belong to no cell or line: whole-file and missing-column ones."""
        idx = self.doc.index(self.table_name)
        out = [f for f in idx.file_level if f.line is None or f.line <= 1]
        return [f for f in out if f.severity in ("error", "warning")]

    def update_notes(self) -> None:
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

    def _rows_reset(self) -> None:
        """Rows were inserted or deleted: the bar and the status bar count them again."""
        self._update_bar()
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
