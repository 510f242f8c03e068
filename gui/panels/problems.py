"""The Problems panel: every finding of the roster, filterable, a click away from its cell."""

from __future__ import annotations

from collections import Counter
from itertools import compress, repeat
from operator import and_, attrgetter, countOf, eq
from typing import Any
from collections.abc import Iterator, Sequence

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.damage import fix_cells, gives_back_fields
from core.edits import header_fix
from core.findings import SEVERITIES, Finding
from gui.document import RosterDocument
from gui.grid.edit_support import ranges_of, rows_in
from gui.grid.header import RangeHeader
from gui.grid.marks import SEVERITY_PLURAL, SEVERITY_WORD, severity_icon

Index = QModelIndex | QPersistentModelIndex

#: friendly names for the code prefixes ("csv.bom" -> "File format")
KIND_NAMES = {
    "csv": "File format",
    "package": "Set of files",
    "damage": "Spreadsheet damage",
    "header": "Headers",
    "value": "Values",
    "values": "Values",
    "ref": "References",
    "refs": "References",
    "reference": "References",
    "file": "Files",
    "files": "Files",
    "renaissance": "Renaissance",
    "rule": "Rules",
    "rules": "Rules",
}

COLUMNS = ("Severity", "File", "Line", "Column", "Problem")


def kind_of(f: Finding) -> str:
    return kind_of_code(f.code)


def kind_of_code(code: str) -> str:
    return code.split(".", 1)[0]


def counts(findings: list[Finding]) -> tuple[Counter[str], Counter[str | None], Counter[str], int]:
    """Findings by severity, by file and by kind, and how many have a fix (C-level passes)."""
    severities = Counter(map(attrgetter("severity"), findings))
    files = Counter(map(attrgetter("file"), findings))
    kinds: Counter[str] = Counter()
    for code, n in Counter(map(attrgetter("code"), findings)).items():
        kinds[kind_of_code(code)] += n
    fixable = len(findings) - countOf(map(attrgetter("fix"), findings), None)
    return severities, files, kinds, fixable


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.capitalize())


class FindingsModel(QAbstractTableModel):
    """The findings that pass the panel's filters, as rows (filtering is a plain list, no proxy)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.all: list[Finding] = []
        self.rows: list[Finding] = []
        self.severity: str | None = None
        self.file: str | None = None
        self.kind: str | None = None

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.all = list(findings)
        self._apply()
        self.endResetModel()

    def set_filters(self, severity: str | None, file: str | None, kind: str | None) -> None:
        self.beginResetModel()
        self.severity, self.file, self.kind = severity, file, kind
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        # C-level passes: the panel may hold a million findings (TRUE in every row of a file)
        everything = self.all
        selectors: list[Iterator[object]] = []
        if self.severity is not None:
            selectors.append(map(eq, map(attrgetter("severity"), everything), repeat(self.severity)))
        if self.file is not None:
            wanted = {n: (n or "") == self.file for n in set(map(attrgetter("file"), everything))}
            selectors.append(map(wanted.__getitem__, map(attrgetter("file"), everything)))
        if self.kind is not None:
            of_kind = {c: kind_of_code(c) == self.kind for c in set(map(attrgetter("code"), everything))}
            selectors.append(map(of_kind.__getitem__, map(attrgetter("code"), everything)))
        if not selectors:
            self.rows = everything
            return
        selector = selectors[0]
        for more in selectors[1:]:
            selector = map(and_, selector, more)
        self.rows = list(compress(everything, selector))

    def finding(self, row: int) -> Finding:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return SEVERITY_WORD.get(f.severity, f.severity)
            if col == 1:
                return f.file or "(whole set)"
            if col == 2:
                return "" if f.line is None else str(f.line)
            if col == 3:
                return f.column or ""
            text = f.text
            if f.fix is not None:
                text += f"  → fix: “{f.fix}”"
            return text
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return severity_icon(f.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{SEVERITY_WORD.get(f.severity, f.severity)}: {f.text}"
            if f.location:
                tip = f"{f.location}\n{tip}"
            if f.hint:
                tip += f"\nWhat to do: {f.hint}"
            if f.fix is not None:
                tip += f"\nSuggested fix: “{f.fix}”"
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return f
        return None


class ProblemsPanel(QWidget):
    """Filters with counts, the list, and "Go to cell" / "Apply suggested fix"."""

    #: the user picked a finding: the window shows its cell (and, for Enter, moves the focus there)
    jumpRequested = Signal(object, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: RosterDocument | None = None
        self.model = FindingsModel(self)
        self._counts = counts([])
        self.summary = QLabel("No roster open", self)
        self.summary.setWordWrap(True)
        self.severity_box = QComboBox(self)
        self.severity_box.setAccessibleName("Show severity")
        self.file_box = QComboBox(self)
        self.file_box.setAccessibleName("Show file")
        self.kind_box = QComboBox(self)
        self.kind_box.setAccessibleName("Show kind of problem")
        for box in (self.severity_box, self.file_box, self.kind_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._filters_changed)
        self.view = QTableView(self)
        # a million findings can be selected at once: see RangeHeader
        self.view.setHorizontalHeader(RangeHeader(Qt.Orientation.Horizontal, self.view))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.view.horizontalHeader()
        hh.setStretchLastSection(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((96, 150, 50, 130)):
            self.view.setColumnWidth(col, width)
        self.view.activated.connect(lambda index: self._jump(index, True))
        self.view.clicked.connect(lambda index: self._jump(index, False))
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.go_button = QPushButton("Go to cell", self)
        self.go_button.clicked.connect(self._go_current)
        self.fix_button = QPushButton("Apply suggested fix", self)
        self.fix_button.setToolTip("Put the suggested value into the cell of each selected problem, or give a misspelled "
                                   "column its right name (one undo step)")
        self.fix_button.clicked.connect(self.apply_selected_fixes)
        # the reference export: which one the roster is checked against, and buttons the window
        # gives its actions (Load a reference export…, Clear)
        self.reference_label = QLabel(self)
        self.reference_label.setTextFormat(Qt.TextFormat.PlainText)
        self.load_reference_button = QToolButton(self)
        self.clear_reference_button = QToolButton(self)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.reference_label)
        summary_row.addWidget(self.load_reference_button)
        summary_row.addWidget(self.clear_reference_button)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show:", self))
        top.addWidget(self.severity_box)
        top.addWidget(self.file_box)
        top.addWidget(self.kind_box)
        top.addStretch(1)
        top.addWidget(self.go_button)
        top.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(summary_row)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._filling = False
        self._last_row: int | None = None
        #: marks changed in the grid since the list was built (a large roster: see RosterDocument)
        self._behind = False
        self._fill_filters()
        self._update_buttons()
        self.set_reference("")

    def set_reference(self, text: str, tooltip: str = "") -> None:
        """Say which reference export the roster is checked against ("" for none)."""
        self.reference_label.setText(text)
        self.reference_label.setToolTip(tooltip)
        self.reference_label.setVisible(bool(text))
        self.clear_reference_button.setVisible(bool(text))

    # --- document --------------------------------------------------------------------------------
    def set_document(self, doc: RosterDocument | None) -> None:
        if self.doc is not None:
            try:
                self.doc.findingsChanged.disconnect(self.refresh)
                self.doc.marksChanged.disconnect(self._marks_changed)
            except (RuntimeError, TypeError):
                pass
        self.doc = doc
        if doc is not None:
            doc.findingsChanged.connect(self.refresh)
            doc.marksChanged.connect(self._marks_changed)
            doc.completeChanged.connect(lambda _complete: self._update_summary())
        self.refresh()

    def reset_filters(self) -> None:
        """Show every problem again (a new roster must not start with the last one's filters)."""
        for box in (self.severity_box, self.file_box, self.kind_box):
            box.setCurrentIndex(0)

    def _marks_changed(self) -> None:
        self._behind = True
        self._update_summary()

    def refresh(self) -> None:
        self._behind = False
        findings = self.doc.findings if self.doc is not None else []
        self._counts = counts(findings)
        self.model.set_findings(findings)
        self._fill_filters()
        self._update_summary()
        self._update_buttons()

    def _update_summary(self) -> None:
        if self.doc is None:
            self.summary.setText("No roster open")
            return
        findings = self.doc.findings
        if not self.doc.complete:
            # never "no problems" before the check has seen the whole roster as it is now
            n = len(findings)
            self.summary.setText(f"Checking… {n:,} problem{'s' if n != 1 else ''} so far")
            return
        if not findings:
            self.summary.setText("No problems found.")
            return
        severities, _files, _kinds, fixable = self._counts
        parts = [f"{n:,} {SEVERITY_PLURAL[s] if n != 1 else SEVERITY_WORD[s].lower()}" for s in SEVERITIES if (n := severities[s])]
        text = ", ".join(parts)
        if fixable:
            text += f" · {fixable} with a suggested fix"
        shown = self.model.rowCount()
        if shown != len(findings):
            text += f" · showing {shown}"
        if self._behind:
            text += " · this list catches up with your edits in a moment"
        self.summary.setText(text)

    def _fill_filters(self) -> None:
        """Re-fill the three filter lists with counts, keeping the user's choices."""
        self._filling = True
        try:
            findings = self.model.all
            keep = (self.severity_box.currentData(), self.file_box.currentData(), self.kind_box.currentData())

            def fill(box: QComboBox, all_label: str, items: Sequence[tuple[str, str, int]], current: str | None) -> None:
                box.clear()
                box.addItem(f"{all_label} ({len(findings)})", None)
                for key, label, n in items:
                    box.addItem(f"{label} ({n})", key)
                i = box.findData(current) if current is not None else 0
                box.setCurrentIndex(max(0, i))

            severities, files_n, kinds, _fixable = self._counts
            sev_items = []
            for s in SEVERITIES:
                n = severities[s]
                if n or keep[0] == s:
                    sev_items.append((s, SEVERITY_PLURAL[s].capitalize(), n))
            fill(self.severity_box, "All problems", sev_items, keep[0])
            for i, (s, _, _) in enumerate(sev_items, start=1):
                self.severity_box.setItemIcon(i, severity_icon(s))
            files: dict[str, int] = {}
            for name, n in files_n.items():
                files[name or ""] = files.get(name or "", 0) + n
            fill(self.file_box, "All files", [(k, k or "(whole set)", n) for k, n in files.items()], keep[1])
            fill(self.kind_box, "All kinds", [(k, kind_name(k), n) for k, n in sorted(kinds.items())], keep[2])
        finally:
            self._filling = False
        self.model.set_filters(self.severity_box.currentData(), self.file_box.currentData(), self.kind_box.currentData())

    def _filters_changed(self) -> None:
        if self._filling:
            return
        self.model.set_filters(self.severity_box.currentData(), self.file_box.currentData(), self.kind_box.currentData())
        self._update_summary()
        self._update_buttons()

    # --- actions -------------------------------------------------------------------------------
    def selected_findings(self) -> list[Finding]:
        return [self.model.finding(r) for r in rows_in(ranges_of(self.view.selectionModel()))]

    def _update_buttons(self) -> None:
        selected = self.selected_findings()
        fixable = [f for f in selected if f.fix is not None and f.col is not None and (f.row is not None or header_fix(f) is not None)]
        self.fix_button.setEnabled(bool(fixable) and self.doc is not None)
        self.fix_button.setText(f"Apply {len(fixable)} suggested fixes" if len(fixable) > 1 else "Apply suggested fix")
        self.go_button.setEnabled(bool(selected))

    def _jump(self, index: QModelIndex, focus: bool) -> None:
        if index.isValid():
            self.jumpRequested.emit(self.model.finding(index.row()), focus)

    def _go_current(self) -> None:
        self._jump(self.view.currentIndex(), True)

    def step(self, delta: int) -> None:
        """Go to the next (+1) or previous (-1) problem in the list, wrapping around."""
        n = self.model.rowCount()
        if not n:
            return
        cur = self.view.currentIndex().row() if self.view.currentIndex().isValid() else self._last_row
        if cur is None or cur < 0:
            row = 0 if delta > 0 else n - 1
        else:
            row = (cur + delta) % n
        self._last_row = row
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.selectRow(row)
        self.view.scrollTo(index)
        self.jumpRequested.emit(self.model.finding(row), True)

    def show_cell(self, file: str, row: int, col: int) -> None:
        """Select the cell's problem in the list (so "Apply suggested fix" is one click away)."""
        for i, f in enumerate(self.model.rows):
            if f.file == file and f.row == row and f.col == col:
                index = self.model.index(i, 0)
                self.view.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.view.scrollTo(index)
                self._last_row = i
                return

    def apply_selected_fixes(self) -> int:
        """Apply the suggested fix of every selected finding as one undo step; returns how many."""
        if self.doc is None:
            return 0
        return apply_fixes(self.doc, self.selected_findings())


def apply_fixes(doc: RosterDocument, findings: list[Finding]) -> int:
    """Put each finding's suggested value in its cell (a spilled list's fix: its whole record), and
    give each misspelled column its right name: one undo step however many files it touches."""
    changes: list[tuple[str, int, int, str]] = []
    records: list[tuple[str, int]] = []
    n = 0
    for f in findings:
        if f.fix is None or f.row is None or f.col is None or f.file is None:
            continue
        n += 1
        changes.extend((f.file, f.row, col, value) for col, value in fix_cells(f))
        if gives_back_fields(f):
            records.append((f.file, f.row))
    renames = doc.header_renames(findings)
    n += len(renames)
    if not renames:
        return apply_cell_changes(doc, changes, "Apply suggested fix" if n == 1 else f"Apply {n} suggested fixes", records)
    if n == 1:
        (edit,) = renames
        return int(doc.rename_column(edit.table, edit.col, edit.name))
    label = f"Apply {n} suggested fixes"
    doc.undo_stack.beginMacro(label)
    try:
        done = apply_cell_changes(doc, changes, label, records)
        done += sum(doc.rename_column(edit.table, edit.col, edit.name) for edit in renames)
    finally:
        doc.undo_stack.endMacro()
    return done


def apply_cell_changes(
    doc: RosterDocument,
    changes: list[tuple[str, int, int, str]],
    label: str,
    records: Sequence[tuple[str, int]] = (),
) -> int:
    """Set cells in any of the roster's files as ONE undo step; returns how many cells were given.
    ``records`` (file, row) also lose the fields beyond the header (repaired spilled lists)."""
    by_table: dict[str, dict[tuple[int, int], str]] = {}
    for file, row, col, value in changes:
        if file not in doc.roster:
            continue
        table = doc.table(file)
        if not (0 <= row < table.nrows and 0 <= col < table.ncols):
            continue
        by_table.setdefault(file, {})[(row, col)] = value
    drops: dict[str, list[int]] = {}
    for file, row in records:
        if file in by_table:
            drops.setdefault(file, []).append(row)
    if not by_table:
        return 0
    if len(by_table) == 1:
        ((name, cells),) = by_table.items()
        doc.set_cells(name, [(r, c, v) for (r, c), v in cells.items()], label, drops.get(name, ()))
    else:
        doc.undo_stack.beginMacro(label)
        for name, cells in by_table.items():
            doc.set_cells(name, [(r, c, v) for (r, c), v in cells.items()], label, drops.get(name, ()))
        doc.undo_stack.endMacro()
    return sum(len(c) for c in by_table.values())
