"""Step 2 of the prepare wizard: per file, each template column with the SIS column that fills it."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QListWidget, QPushButton, QSplitter, QVBoxLayout, QWizardPage

from core.errors import RosterError
from core.prepare import Preparation
from core.prepare.headers import DATA_FILES, column_key, is_spec_key
from core.prepare.matching import sample_values
from core.prepare.records import RENAISSANCE_ID
from core.table import Table
from gui.prepare.common import EMPTY, ERROR_COLOR, WizardHost, make_label, make_table, required_columns, table_item


class MatchingPage(QWizardPage):
    """Step 2: per file, each template column with the SIS column that fills it and sample values."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Column matching")
        self.setSubTitle(
            "Each Renaissance column is filled from the SIS column shown next to it. Change any match; "
            "columns left empty stay empty in the upload. Columns in bold are required by Renaissance."
        )
        lay = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.files = QListWidget()
        # long labels ("academicSessions.csv (8/10, 1 required empty)") wrap instead of being cut
        self.files.setWordWrap(True)
        self.files.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files.currentRowChanged.connect(self._show_file)
        split.addWidget(self.files)
        self.table = make_table(["Renaissance column", "SIS column", "SIS sample values", "Matched by"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        split.addWidget(self.table)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 730])
        lay.addWidget(split, 1)
        self.dropped = make_label()
        lay.addWidget(self.dropped)
        row = QHBoxLayout()
        self.save_button = QPushButton("Save matching…")
        self.save_button.clicked.connect(self._save)
        self.load_button = QPushButton("Load matching…")
        self.load_button.clicked.connect(self._load)
        row.addWidget(self.save_button)
        row.addWidget(self.load_button)
        self.note = make_label()
        row.addWidget(self.note, 1)
        lay.addLayout(row)
        self.combos: dict[str, QComboBox] = {}
        wizard.buildingChanged.connect(self._building)

    def _building(self, on: bool) -> None:
        for w in (self.table, self.files, self.save_button, self.load_button):
            w.setEnabled(not on)
        self.note.setText("Building the records…" if on else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.wiz.building is None

    def validatePage(self) -> bool:
        """Build the records in the background first; the wizard moves on by itself when they are."""
        return self.wiz.build_async(self._built)

    def _built(self) -> None:
        if self.wiz.isVisible() and self.wiz.currentPage() is self:
            self.wiz.next()

    def initializePage(self) -> None:
        self.files.blockSignals(True)
        self.files.clear()
        for f in DATA_FILES:
            self.files.addItem(self._file_label(f))
        self.files.blockSignals(False)
        self.files.setCurrentRow(0)  # shows the first file

    def _prep(self) -> Preparation:
        """The wizard's preparation: step 1 made it before this page is shown."""
        prep = self.wiz.prep
        assert prep is not None, "the matching page is shown only after the sources page"
        return prep

    def _required(self, file: str) -> set[str]:
        return required_columns(file, self._prep().template_version)

    def _missing_required(self, file: str) -> list[str]:
        m = self._prep().matchings[file]
        req = self._required(file)
        return [t for t in m.unmatched if column_key(file, t) in req]

    def _file_label(self, file: str) -> str:
        m = self._prep().matchings[file]
        if not m.sis_columns:
            return f"{file} (not in SIS data)"
        missing = len(self._missing_required(file))
        extra = f", {missing} required empty" if missing else ""
        return f"{file} ({len(m.template_columns) - len(m.unmatched)}/{len(m.template_columns)}{extra})"

    @property
    def file(self) -> str:
        return DATA_FILES[max(0, self.files.currentRow())]

    def _show_file(self, row: int) -> None:
        if row < 0 or self.wiz.prep is None:
            return
        file = DATA_FILES[row]
        m = self.wiz.prep.matchings[file]
        sis = self.wiz.prep.sis_table(file)
        self.table.setRowCount(0)  # drops the old file's combo boxes
        self.table.setRowCount(len(m.template_columns))
        self.combos = {}
        for r, t in enumerate(m.template_columns):
            self.table.setItem(r, 0, table_item(t))
            combo = QComboBox()
            combo.addItem(EMPTY)
            combo.addItems(m.sis_columns)
            current = m.pairs.get(t)
            combo.setCurrentIndex(m.sis_columns.index(current) + 1 if current else 0)
            combo.setEnabled(bool(m.sis_columns))
            combo.currentIndexChanged.connect(lambda i, t=t, c=combo: self._changed(t, c))
            self.table.setCellWidget(r, 1, combo)
            self.combos[t] = combo
            self._fill_row(r, t, sis)
        self.table.resizeColumnsToContents()
        # the samples give up room first: "Matched by" says why a column is filled, in full
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 200))
        self._update_dropped()

    def _fill_row(self, r: int, t: str, sis: Table | None) -> None:
        m = self._prep().matchings[self.file]
        s = m.pairs.get(t)
        samples = ", ".join(sample_values(sis.column(s))) if s and sis is not None else ""
        self.table.setItem(r, 2, table_item(samples))
        how = m.how.get(t, "") if s else ""
        key = column_key(self.file, t)
        required = key in self._required(self.file)
        name = self.table.item(r, 0)  # set by _show_file before it fills the row
        if name is not None:
            font = name.font()
            font.setBold(required)
            name.setFont(font)
            name.setForeground(QBrush(ERROR_COLOR if required and not s and sis is not None else self.palette().text().color()))
        if required and not s:
            how = "required: no SIS column"
        if not is_spec_key(self.file, key):
            # Renaissance-only columns: its own ID always wins, its other columns fill blanks
            extra = "Renaissance's ID wins" if key == RENAISSANCE_ID else "blanks from Renaissance's export"
            how = f"{how}; {extra}" if how else "from Renaissance's export"
        self.table.setItem(r, 3, table_item(how))

    def _changed(self, template_column: str, combo: QComboBox) -> None:
        m = self._prep().matchings[self.file]
        s = combo.currentText()
        m.set(template_column, None if combo.currentIndex() == 0 else s)
        self.wiz.invalidate()
        self._fill_row(m.template_columns.index(template_column), template_column, self._prep().sis_table(self.file))
        self.files.item(self.files.currentRow()).setText(self._file_label(self.file))
        self._update_dropped()

    def _update_dropped(self) -> None:
        m = self._prep().matchings[self.file]
        if not m.sis_columns:
            self.dropped.setText(f"The SIS data has no {self.file}; it will be written with its header row only.")
        elif m.dropped:
            self.dropped.setText("SIS columns left out (no place in Renaissance's template): " + ", ".join(m.dropped))
        else:
            self.dropped.setText("Every SIS column has a place in the template.")

    def _save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save column matching", "matching.json", "Column matching (*.json)")
        if path:
            self.save_to(path)

    def _load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load column matching", "", "Column matching (*.json)")
        if path:
            self.load_from(path)

    def save_to(self, path: str) -> None:
        try:
            self._prep().save(path)
            self.note.setText(f"Saved to {os.path.basename(path)}.")
        except RosterError as err:
            self.note.setText(str(err))

    def load_from(self, path: str) -> None:
        try:
            skipped = self._prep().load(path)
        except RosterError as err:
            self.note.setText(str(err))
            return
        self.wiz.invalidate()
        text = f"Loaded {os.path.basename(path)}."
        if skipped:
            text += " Not applied (the columns are gone): " + ", ".join(skipped)
        self.note.setText(text)
        for i, f in enumerate(DATA_FILES):
            self.files.item(i).setText(self._file_label(f))
        self._show_file(self.files.currentRow())
