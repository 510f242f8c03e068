"""The status bar: the file's format, the selected cell's address, and background work."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QToolButton, QWidget

from core.io.encoding import encoding_label
from core.table import Table
from gui.grid.table_model import column_letter
from gui.background.workers import Task


def format_summary(table: Table) -> str:
    """"UTF-8 · comma · CRLF · 1,234 rows" (what the file is, as saving will keep it)."""
    d = table.dialect
    enc = encoding_label(d.encoding, short=True)  # "Windows-1252", not cp1252
    if d.bom:
        enc += " with BOM"
    rows = f"{table.nrows:,} row{'s' if table.nrows != 1 else ''}"
    return f"{enc} · {d.delimiter_name} · {d.line_ending_name} · {rows}"


def cell_address(table: Table, row: int, col: int) -> str:
    """"users.csv G12 · line 12, column givenName" for a table cell."""
    line = table.line_of(row)
    letter = column_letter(col)
    if line is None:
        return f"{table.name} {letter} · new row, column {table.header[col]}"
    return f"{table.name} {letter}{line} · line {line}, column {table.header[col]}"


class StatusBar(QStatusBar):
    """Permanent labels for the file and cell, a progress bar and Cancel while work runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cell_label = QLabel(self)
        #: "12 of 300 rows shown, filtered by role" while the current file's rows are filtered
        self.rows_label = QLabel(self)
        self.rows_label.setToolTip("Rows hidden by a filter are kept and saved; “Show all rows” shows them again.")
        self.rows_label.hide()
        #: "Reference: OneRosterExport.zip" while a reference export is loaded (gui/app/reference.py)
        self.reference_label = QLabel(self)
        self.reference_label.setContentsMargins(0, 0, 14, 0)  # apart from the cell's address
        self.reference_label.hide()
        self.format_label = QLabel(self)
        self.format_label.setToolTip("How this file is written: encoding, separator, line endings. Save keeps it so.")
        self.checking_label = QLabel("", self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel(self)
        self.cancel_button = QPushButton("Cancel", self)
        # permanent widgets stay visible while a temporary message ("Saved …") shows on the left
        self.addPermanentWidget(self.rows_label)
        self.addPermanentWidget(self.reference_label)
        self.addPermanentWidget(self.cell_label)
        self.addPermanentWidget(self.checking_label)
        self.addPermanentWidget(self.progress_label)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.cancel_button)
        self.addPermanentWidget(self.format_label)
        #: "Encoding…": reopen the file with another encoding (the window sets its action)
        self.encoding_button = QToolButton(self)
        self.encoding_button.setAutoRaise(True)
        self.addPermanentWidget(self.encoding_button)
        self._task: Task | None = None
        self.cancel_button.clicked.connect(self._cancel)
        self._show_task(None)

    def set_table(self, table: Table | None) -> None:
        self.format_label.setText(format_summary(table) if table is not None else "")
        if table is None:
            self.set_rows_shown("")

    def set_cell(self, table: Table | None, row: int | None, col: int | None) -> None:
        if table is not None and row is not None and col == table.ncols and 0 <= row < table.nrows and table.extra_records:
            line = table.line_of(row)
            self.cell_label.setText(f"{table.name} · {'new row' if line is None else f'line {line}'}, values beyond the last column")
        elif table is None or row is None or col is None or not (0 <= row < table.nrows and 0 <= col < table.ncols):
            self.cell_label.setText("")
        else:
            self.cell_label.setText(cell_address(table, row, col))

    def set_rows_shown(self, text: str) -> None:
        """The current file's filter: "12 of 300 rows shown, filtered by role" ("" hides it)."""
        self.rows_label.setText(text)
        self.rows_label.setVisible(bool(text))

    def set_reference(self, title: str, tooltip: str = "") -> None:
        """The reference export the roster is checked against ("" hides it)."""
        self.reference_label.setText(f"Reference: {title}" if title else "")
        self.reference_label.setToolTip(tooltip)
        self.reference_label.setVisible(bool(title))

    def set_checking(self, on: bool) -> None:
        self.checking_label.setText("Checking…" if on else "")

    # --- background tasks ---------------------------------------------------------------------
    def task_started(self, task: Task) -> None:
        if not task.property("visible"):
            return
        self._task = task
        task.progress.connect(self._progress)
        self._show_task(task)

    def task_ended(self, task: Task) -> None:
        if task is self._task:
            self._task = None
            self._show_task(None)

    def _progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        if text:
            self.progress_label.setText(text)

    def _show_task(self, task: Task | None) -> None:
        on = task is not None
        self.progress.setVisible(on)
        self.progress_label.setVisible(on)
        self.cancel_button.setVisible(on)
        if task is not None:
            self.progress.setValue(0)
            self.progress_label.setText(task.label + "…")

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.progress_label.setText("Cancelling…")
