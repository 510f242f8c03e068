"""The changes view: every cell changed since the roster was opened, with Revert and Export as CSV.

A dock listing columns renamed, then file, line, column, old and new value for each changed cell,
then rows added and deleted. It reads core.changes.ChangeLog, fed by the document's change stream. "Revert" puts the
first value back in the selected cells as one undoable step; double-click shows the cell.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.changes import CellChange, ChangeLog, ColumnChange, RowChange
from core.edits import Edit, RenameColumn
from gui.document import RosterDocument
from gui.grid.access import GridAccess
from gui.grid.edit_support import ranges_of, rows_in
from gui.grid.header import RangeHeader

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("File", "Line", "Column", "Change", "Was", "Now")


def _show(value: str) -> str:
    """A value for display: empty shown as (empty), line breaks as ↵."""
    if value == "":
        return "(empty)"
    return value.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵")


class ChangesModel(QAbstractTableModel):
    """Rows: saved history (grey), then renamed columns, changed cells, rows added or deleted."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, CellChange | RowChange | ColumnChange]] = []  # ("saved" | "live", change)

    def set_log(self, log: ChangeLog | None) -> None:
        self.beginResetModel()
        self.items = []
        if log is not None:
            self.items = [("saved", k) for k in log.saved_columns]
            self.items += [("saved", c) for c in log.saved_cells] + [("saved", r) for r in log.saved_rows]
            self.items += [("live", k) for k in log.column_changes()]
            self.items += [("live", c) for c in log.cell_changes()] + [("live", r) for r in log.row_changes()]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        state, ch = self.items[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and state == "saved":
            return QBrush(QColor(120, 120, 120))
        if role == Qt.ItemDataRole.ToolTipRole and state == "saved":
            return "Saved already (this change is kept here for the record)"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        c = index.column()
        line = "new row" if ch.line is None else str(ch.line)
        if isinstance(ch, ColumnChange):
            return (ch.table, "header", ch.new, "column renamed" + (" (saved)" if state == "saved" else ""), ch.old, ch.new)[c]
        if isinstance(ch, CellChange):
            return (ch.table, line, ch.column, "edited" + (" (saved)" if state == "saved" else ""), _show(ch.old), _show(ch.new))[c]
        kind = "row added" if ch.kind == "added" else "row deleted"
        values = ", ".join(ch.values)
        return (ch.table, line, "", kind, values if ch.kind == "deleted" else "", values if ch.kind == "added" else "")[c]


class ChangesPanel(QWidget):
    """The list of changes with Revert and Export as CSV."""

    def __init__(self, access: GridAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: the window's tabs, to show a changed cell
        self.access = access
        self.doc: RosterDocument | None = None
        self.log: ChangeLog | None = None
        #: applied edits not read into the log yet: (edit, its inverse, the table's rows after it)
        self._pending: list[tuple[Edit, Edit, int]] = []
        self.model = ChangesModel(self)
        self.view = QTableView(self)
        # a million findings can be selected at once: see RangeHeader
        self.view.setHorizontalHeader(RangeHeader(Qt.Orientation.Horizontal, self.view))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(QFontMetrics(self.view.font()).height() + 6)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        for c, w in enumerate((130, 60, 130, 90, 160)):
            self.view.setColumnWidth(c, w)
        self.view.doubleClicked.connect(self.show_change)
        self.summary = QLabel("No changes yet.", self)
        self.revert_button = QPushButton("Revert", self)
        self.revert_button.setToolTip("Put the selected cells (and column names) back as they were when the file was opened "
                                      "(Undo takes this back)")
        self.revert_button.clicked.connect(self.revert_selected)
        self.export_button = QPushButton("Export as CSV…", self)
        self.export_button.setToolTip("Write the list to a CSV file, for the district's records")
        self.export_button.clicked.connect(lambda: self.export())
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._sync_buttons())
        self._sync_buttons()

    def set_document(self, doc: RosterDocument) -> None:
        self.doc = doc
        self.log = ChangeLog(doc.roster)
        self._pending = []
        doc.applied.connect(self._on_edit)
        self.refresh()

    def _on_edit(self, edit: Edit, inverse: Edit) -> None:
        # The log needs only the edits, in order: reading them can wait until the list is shown,
        # so a replace-all of 100,000 cells costs nothing here while the dock is closed.
        if self.doc is None:
            return
        self._pending.append((edit, inverse, self.doc.table(edit.table).nrows))
        if self.isVisible():
            self._timer.start()

    def sync_log(self) -> ChangeLog | None:
        """The changes log, brought up to date."""
        if self.log is not None and self._pending:
            pending, self._pending = self._pending, []
            for edit, inverse, nrows_after in pending:
                self.log.feed(edit, inverse, nrows_after)
        return self.log

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending:
            self.refresh()

    def saved(self) -> None:
        """The files were saved: the changes so far become history."""
        log = self.sync_log()
        if log is not None:
            log.checkpoint()
            self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        self.sync_log()
        self.model.set_log(self.log)
        n = len(self.log) if self.log is not None else 0
        self.summary.setText("No changes yet." if n == 0 else f"{n:,} change{'s' if n != 1 else ''} since the roster was opened.")
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.revert_button.setEnabled(bool(self._selected_live()))
        self.export_button.setEnabled(self.log is not None and len(self.log) > 0)

    def _selected_live(self) -> list[CellChange | RowChange | ColumnChange]:
        rows = rows_in(ranges_of(self.view.selectionModel()))
        return [self.model.items[r][1] for r in rows if r < len(self.model.items) and self.model.items[r][0] == "live"]

    def select_rows(self, rows: list[int]) -> None:
        sm = self.view.selectionModel()
        sm.clearSelection()
        for r in rows:
            sm.select(self.model.index(r, 0), sm.SelectionFlag.Select | sm.SelectionFlag.Rows)

    def revert_selected(self) -> int:
        """Put back the first values of the selected changes (one undo step); returns how many."""
        log = self.sync_log()
        if self.doc is None or log is None:
            return 0
        picked = self._selected_live()
        per_table: dict[str, list[tuple[int, int, str]]] = {}
        drop: dict[str, list[int]] = {}
        renames = [RenameColumn(ch.table, ch.col, ch.old) for ch in picked if isinstance(ch, ColumnChange)]
        for ch in picked:
            if isinstance(ch, ColumnChange):
                continue
            row = log.row_of(ch.table, ch.key)
            if row is None:
                continue
            if isinstance(ch, CellChange):
                per_table.setdefault(ch.table, []).append((row, ch.col, ch.old))
            elif ch.kind == "added":
                drop.setdefault(ch.table, []).append(row)
        n = sum(len(v) for v in per_table.values()) + sum(len(v) for v in drop.values()) + len(renames)
        if not n:
            if picked:
                QMessageBox.information(self, "Revert", "A deleted row comes back with Undo (Ctrl+Z).")
            return 0
        stack = self.doc.undo_stack
        stack.beginMacro(f"Revert {n:,} change{'s' if n != 1 else ''}")
        try:
            for t, cells in per_table.items():
                self.doc.set_cells(t, cells, "Revert")
            for t, rows in drop.items():
                self.doc.delete_rows(t, rows, "Revert added rows")
            for edit in renames:
                self.doc.rename_column(edit.table, edit.col, edit.name)
        finally:
            stack.endMacro()
        self.refresh()
        return n

    def export(self, path: str | None = None) -> str | None:
        """Write the list as CSV (UTF-8 with a BOM, so Excel shows accents right); returns the path."""
        log = self.sync_log()
        if log is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export the changes", "roster-changes.csv", "CSV files (*.csv)")
            if not path:
                return None
        from core.io.csvwrite import atomic_write

        atomic_write(path, b"\xef\xbb\xbf" + log.export_csv().encode("utf-8"))
        return path

    def show_change(self, index: QModelIndex) -> None:
        """Double-click: show the changed cell in its grid."""
        log = self.sync_log()
        if log is None or not index.isValid():
            return
        state, ch = self.model.items[index.row()]
        if state != "live":
            return
        row = 0 if isinstance(ch, ColumnChange) else log.row_of(ch.table, ch.key)
        page = self.access.page_for(ch.table)
        if row is None or page is None:
            return
        self.access.show_page(page)
        page.go_to(row, 0 if isinstance(ch, RowChange) else ch.col)

