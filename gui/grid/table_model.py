"""The grid's Qt model: a thin adapter that reads one core Table through a core RowView.

The model holds no data. Sorting and filtering happen in the core (``core.row_view.RowView``); edits go
through the document's undo commands; the model only turns cells and findings into what Qt asks for
and emits ``dataChanged`` for exactly the cells the document says changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from core.column_values import ColumnFilter
from core.findings import Finding
from core.table import Table
from core.row_view import RowView
from gui.document import RosterDocument
from gui.grid.marks import SEVERITY_WORD, fixed_font, is_code_column, missing_brush, severity_icon, spaces_brush, tint, worst

Index = QModelIndex | QPersistentModelIndex

#: extra roles for delegates (gui/grid/roster_grid.py) and tests
SeverityRole = Qt.ItemDataRole.UserRole + 1  # "error" / "warning" / "info" / None
MissingRole = Qt.ItemDataRole.UserRole + 2  # True when the record has no field for this column
SpacesRole = Qt.ItemDataRole.UserRole + 3  # True when the value starts or ends with whitespace
FindingsRole = Qt.ItemDataRole.UserRole + 4  # list[Finding] on the cell
TableRowRole = Qt.ItemDataRole.UserRole + 5  # the table row behind a view row
FilterRole = Qt.ItemDataRole.UserRole + 6  # column header: the column's AutoFilter (ColumnFilter) or None
SortRole = Qt.ItemDataRole.UserRole + 7  # column header: "asc" / "desc" when the view is sorted by it

#: the header of the column that shows the values a record has beyond the header
EXTRA_HEADER = "(extra)"

#: above this many changed cells, one bounding rectangle is cheaper than a signal per cell
_MAX_SINGLE_CELL_SIGNALS = 256


def column_letter(col: int) -> str:
    """Excel's column name for a 0-based index: 0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def finding_tooltip(findings: list[Finding]) -> str:
    """Plain words for a cell's findings: what is wrong, what to do, and the suggested fix."""
    parts = []
    for f in findings:
        lines = [f"{SEVERITY_WORD.get(f.severity, f.severity)}: {f.text}"]
        if f.hint:
            lines.append(f"What to do: {f.hint}")
        if f.fix is not None:
            lines.append(f"Suggested fix: “{f.fix}” (Edit › Apply suggested fix, Ctrl+Shift+F)")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def visible_spaces(value: str) -> str:
    """The value with leading and trailing spaces shown as middle dots (display only)."""
    core = value.strip()
    if core == value:
        return value
    if not core:
        return "·" * len(value)
    start = len(value) - len(value.lstrip())
    end = len(value) - len(value.rstrip())
    return "·" * start + core + "·" * end


def extra_text(values: list[str]) -> str:
    """A record's values beyond the header in one cell, as the file had them: separated by commas,
    quoted where a value is empty or holds a comma or a quote, so each one can be told apart."""

    def shown(v: str) -> str:
        if v == "" or any(ch in v for ch in ',"') or v != v.strip():
            return '"' + v.replace('"', '""') + '"'
        return v

    return ", ".join(shown(v) for v in values)


def extra_tooltip(table: Table, row: int) -> str:
    """What the (extra) cell of a row is and how to remove its values."""
    extras = table.extra_fields(row)
    line = table.line_of(row)
    where = f"Line {line}" if line is not None else "This row"
    n = len(extras)
    return (
        f"{where} has {table.ncols + n} values but the header has {table.ncols} columns: "
        f"{'this value stands' if n == 1 else f'these {n} values stand'} beyond the last column "
        "and would be saved and uploaded with the row.\n\n"
        "A value with a comma has probably lost its quotes: Edit › Repair spreadsheet damage can put it back "
        "where a list spilled over. Otherwise select the cell and press Delete (or right-click › Delete extra values) "
        "to remove them; Undo brings them back."
    )


class RosterTableModel(QAbstractTableModel):
    """One table of the open roster, as rows of text with its problems marked."""

    def __init__(self, doc: RosterDocument, table_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.table_name = table_name
        self.view = RowView(doc.table(table_name))
        self.view.problem_rows = self.problem_rows_in_column
        #: show "A · sourcedId" in headers instead of just the name
        self.show_letters = False
        self._code_cols = self._find_code_cols()
        self._line_findings: dict[int, list[Finding]] | None = None
        #: the table has records with more values than the header: an "(extra)" column at the right end
        self.has_extra = bool(self.table.extra_records)
        doc.cellsChanged.connect(self._on_cells_changed)
        doc.rowsChanged.connect(self._on_rows_changed)
        doc.findingsChanged.connect(self._on_findings_changed)
        doc.marksChanged.connect(self._on_findings_changed)

    @property
    def table(self) -> Table:
        return self.doc.table(self.table_name)

    # --- shape -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.view.count

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.table.ncols + (1 if self.has_extra else 0)

    def is_extra_column(self, col: int) -> bool:
        """True for the "(extra)" column (records' values beyond the header), which is read-only."""
        return self.has_extra and col == self.table.ncols

    def table_row(self, view_row: int) -> int:
        """The table row a view row shows (the view may be sorted or filtered)."""
        return self.view.view_to_table(view_row)

    def _find_code_cols(self) -> set[int]:
        return {c for c, h in enumerate(self.table.header) if is_code_column(h)}

    def fixed_width_column(self, col: int) -> bool:
        """True for a column of IDs and codes, shown in a fixed-width font."""
        return col in self._code_cols

    def index_of(self, table_row: int, col: int) -> QModelIndex:
        """The index showing a table cell, or an invalid index when the filter hides it."""
        v = self.view.table_to_view(table_row)
        if v is None or not 0 <= col < self.columnCount():
            return QModelIndex()
        return self.index(v, col)

    # --- cells -------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        table = self.table
        r = self.view.view_to_table(index.row())
        c = index.column()
        if c >= table.ncols:
            return self._extra_data(r, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return table.cell(r, c)
        if role == Qt.ItemDataRole.FontRole:
            return fixed_font() if c in self._code_cols else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return None
        findings = self.doc.cell_findings(self.table_name, r, c)
        if role == Qt.ItemDataRole.BackgroundRole:
            sev = worst([f.severity for f in findings])
            if sev is not None:
                return tint(sev)
            if table.is_missing(r, c):
                return missing_brush()
            v = table.cell(r, c)
            if v and (v[0].isspace() or v[-1].isspace()):
                return spaces_brush()
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            sev = worst([f.severity for f in findings])
            return severity_icon(sev) if sev is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, c, findings)
        if role == Qt.ItemDataRole.ForegroundRole:
            if table.is_missing(r, c):
                return QBrush(QColor(128, 128, 128))
            return None
        if role == SeverityRole:
            return worst([f.severity for f in findings])
        if role == MissingRole:
            return table.is_missing(r, c)
        if role == SpacesRole:
            v = table.cell(r, c)
            return bool(v) and (v[0].isspace() or v[-1].isspace())
        if role == FindingsRole:
            return list(findings)
        if role == TableRowRole:
            return r
        return None

    def _extra_data(self, r: int, role: int) -> Any:
        """The "(extra)" cell of a row: its record's values beyond the header, marked as an error."""
        extras = self.table.extra_fields(r)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return extra_text(extras) if extras else ""
        if role == TableRowRole:
            return r
        if not extras:
            return [] if role == FindingsRole else False if role in (MissingRole, SpacesRole) else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return tint("error")
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon("error")
        if role == Qt.ItemDataRole.ToolTipRole:
            return extra_tooltip(self.table, r)
        if role == SeverityRole:
            return "error"
        if role == FindingsRole:
            line = self.table.line_of(r)
            found = self.line_findings().get(line, []) if line is not None else []
            return [f for f in found if f.code == "csv.ragged_long"]
        if role in (MissingRole, SpacesRole):
            return False
        return None

    def _tooltip(self, r: int, c: int, findings: list[Finding]) -> str | None:
        table = self.table
        notes = []
        if findings:
            notes.append(finding_tooltip(findings))
        if table.is_missing(r, c):
            notes.append("This line has no field at all for this column (the line is shorter than the header).")
        else:
            v = table.cell(r, c)
            if v and (v[0].isspace() or v[-1].isspace()):
                lead = len(v) - len(v.lstrip())
                trail = len(v) - len(v.rstrip())
                bits = []
                if lead:
                    bits.append(f"{lead} space{'s' if lead > 1 else ''} at the start")
                if trail:
                    bits.append(f"{trail} space{'s' if trail > 1 else ''} at the end")
                notes.append("This value has " + " and ".join(bits) + " (shown as ·).")
        return "\n\n".join(notes) if notes else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() >= self.table.ncols:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # read-only: Delete removes them
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A typed value: one undoable edit through the document (which then signals the change)."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or value is None:
            return False
        r = self.view.view_to_table(index.row())
        c = index.column()
        if c >= self.table.ncols:
            return False
        self.doc.set_cells(self.table_name, [(r, c, str(value))], f"Edit {self.table_name} {self.table.header[c]}")  # the name the header shows
        return True

    # --- headers -----------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if section < 0:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section >= self.table.ncols:
                return self._extra_header(role) if self.is_extra_column(section) else None
            return self._column_header(section, role)
        if section >= self.view.count:
            return None
        return self._row_header(section, role)

    def _column_header(self, c: int, role: int) -> Any:
        name = self.table.header[c]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{column_letter(c)} · {name}" if self.show_letters else name
        findings = self.doc.index(self.table_name).by_header.get(c, [])
        if role == FilterRole:
            return self.view.column_filters.get(c)
        if role == SortRole:
            key = self.view.sort_key
            return None if key is None or key[0] != c else ("desc" if key[1] else "asc")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"Column {column_letter(c)}: {name}"
            spec = self.view.column_filters.get(c)
            if spec is not None:
                tip += f"\nFiltered: showing rows where {spec.describe(self.table)}"
            key = self.view.sort_key
            if key is not None and key[0] == c:
                tip += "\nSorted Z → A" if key[1] else "\nSorted A → Z"
            tip += "\nClick to select the column; the button at the right sorts and filters."
            if findings:
                tip += "\n\n" + finding_tooltip(findings)
            return tip
        if role == Qt.ItemDataRole.DecorationRole:
            sev = worst([f.severity for f in findings])
            return severity_icon(sev) if sev is not None else None
        if role == Qt.ItemDataRole.FontRole:
            if c in self._code_cols:
                font = QFont(fixed_font())
                font.setBold(True)
                return font
            return None
        if role == SeverityRole:
            return worst([f.severity for f in findings])
        return None

    def _extra_header(self, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return EXTRA_HEADER
        if role == Qt.ItemDataRole.ToolTipRole:
            n = sum(1 for r in range(self.table.nrows) if self.table.extra_fields(r))
            return (
                f"{n:,} row{'s have' if n != 1 else ' has'} more values than the header has columns. "
                "This column shows those extra values; it is not part of the file's header.\n"
                "Select cells here and press Delete (or right-click › Delete extra values) to remove them; "
                "Undo brings them back."
            )
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon("error")
        if role == SeverityRole:
            return "error"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _row_header(self, v: int, role: int) -> Any:
        r = self.view.view_to_table(v)
        if role == Qt.ItemDataRole.DisplayRole:
            line = self.table.line_of(r)
            return "new" if line is None else str(line)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole, SeverityRole):
            # problems about the whole line (too few fields, ...) are marked on its number
            row_level = [f for f in self.doc.index(self.table_name).by_row.get(r, []) if f.col is None]
            line = self.table.line_of(r)
            if line is not None:
                row_level += self.line_findings().get(line, [])
            if role == Qt.ItemDataRole.ToolTipRole:
                line = self.table.line_of(r)
                tip = "A row you added (not saved yet)" if line is None else f"Line {line} of {self.table_name}"
                if row_level:
                    tip += "\n\n" + finding_tooltip(row_level)
                return tip
            sev = worst([f.severity for f in row_level])
            if role == SeverityRole:
                return sev
            return severity_icon(sev) if sev is not None else None
        return None

    def line_findings(self) -> dict[int, list[Finding]]:
        """Findings that name a line but no row (the reader's: a short record, a stray quote)."""
        if self._line_findings is None:
            by_line: dict[int, list[Finding]] = {}
            for f in self.doc.index(self.table_name).file_level:
                if f.row is None and f.line is not None and f.line > 1:
                    by_line.setdefault(f.line, []).append(f)
            self._line_findings = by_line
        return self._line_findings

    def set_show_letters(self, on: bool) -> None:
        self.show_letters = on
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    # --- sort and filter (in the core) -------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's text; column -1 restores file order. Keeps the selection on its cells."""
        if column >= self.table.ncols:
            return  # the (extra) column is no column of the file
        self._relayout(lambda: self.view.sort(column if column >= 0 else None, order == Qt.SortOrder.DescendingOrder))

    def set_row_filter(self, rows: set[int] | None) -> None:
        """Show only these table rows (None: all rows)."""
        self._relayout(lambda: self.view.filter_rows(rows))

    def set_column_filter(self, col: int, spec: ColumnFilter | None) -> None:
        """Set or (with None) remove a column's AutoFilter; the other filters stay (AND)."""
        self._relayout(lambda: self.view.set_column_filter(col, spec))

    def clear_column_filters(self) -> None:
        if self.view.column_filters:
            self._relayout(self.view.clear_column_filters)

    def problem_rows_in_column(self, col: int) -> set[int]:
        """The table rows with a problem marked on their cell in this column (as the grid draws them)."""
        by_row = self.doc.index(self.table_name).by_row
        rows = {f.row for f in by_row.findings if f.col == col and f.row is not None}
        for r, found in by_row.replaced.items():
            rows.discard(r)
            if any(f.col == col for f in found):
                rows.add(r)
        return rows

    def _relayout(self, change: Callable[[], object]) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        table_rows = [(self.view.view_to_table(i.row()), i.column()) if i.isValid() else None for i in old]
        change()
        new = [self.index_of(*tr) if tr is not None else QModelIndex() for tr in table_rows]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
        # the headers draw the sort and filter state
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    # --- document signals --------------------------------------------------------------------
    def _sync_extra_column(self) -> bool:
        """Add or remove the "(extra)" column when the first extra values come back or the last
        ones go; True when it was added or removed."""
        has = bool(self.table.extra_records)
        if has == self.has_extra:
            return False
        at = self.table.ncols
        if has:
            self.beginInsertColumns(QModelIndex(), at, at)
            self.has_extra = True
            self.endInsertColumns()
        else:
            self.beginRemoveColumns(QModelIndex(), at, at)
            self.has_extra = False
            self.endRemoveColumns()
        return True

    def _on_cells_changed(self, table_name: str, cells: list[tuple[int, int]]) -> None:
        if table_name != self.table_name or not cells:
            return
        if not self._sync_extra_column() and self.has_extra:
            # a row's extra values went or came back (its record counts as changed by its first cell)
            extra_col = self.table.ncols
            cells = cells + [(r, extra_col) for r in {r for r, c in cells if c == 0}]
        spots = [(v, c) for r, c in cells if (v := self.view.table_to_view(r)) is not None]
        if not spots:
            return
        if len(spots) <= _MAX_SINGLE_CELL_SIGNALS:
            for v, c in spots:
                idx = self.index(v, c)
                self.dataChanged.emit(idx, idx)
        else:
            rows = [v for v, _ in spots]
            cols = [c for _, c in spots]
            self.dataChanged.emit(self.index(min(rows), min(cols)), self.index(max(rows), max(cols)))

    def _on_rows_changed(self, table_name: str) -> None:
        if table_name != self.table_name:
            return
        self.beginResetModel()
        self.view.refresh()
        self.has_extra = bool(self.table.extra_records)
        self._code_cols = self._find_code_cols()  # a renamed column may be an ID column now, or no longer
        self.endResetModel()

    def _on_findings_changed(self) -> None:
        self._line_findings = None
        # Marks may change anywhere; the view repaints only what is visible, so one signal is cheap.
        rows, cols = self.rowCount(), self.columnCount()
        if rows and cols:
            roles = [
                Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
                SeverityRole, FindingsRole,
            ]
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, cols - 1), roles)
        if cols:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, cols - 1)
        if rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)


def roster_model(model: QAbstractItemModel | None) -> RosterTableModel | None:
    """The roster model behind a view's model, or None for any other model (or none yet).

    A grid's tools take the model from a view: the grid itself, its frozen columns (which share the
    grid's model) or a plain QTableView given a RosterTableModel (bench/bench_edit.py). No proxy
    model stands between them (sorting and filtering are the model's core.row_view.RowView), so the
    view's model is the roster model itself.
    """
    return model if isinstance(model, RosterTableModel) else None
