"""The "Prepare Renaissance import" wizard: SIS files into Renaissance's template, compared before upload.

Five pages over core.prepare: (1) the Renaissance export and the SIS data, (2) column matching per
file, (3) records (Renaissance IDs carried, orgs Renaissance lacks, files left out), (4) the
OneRoster version and what it cannot carry, (5) what the upload changes per school, with a large
drop to acknowledge. ``result_roster()`` is the prepared roster when the wizard was finished.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QThreadPool, QTimer, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from core.errors import RosterError
from core.progress import NO_PROGRESS, Progress
from core.prepare import Preparation, PrepareResult
from core.prepare.compare import CHANGES, KINDS, Comparison
from core.prepare.headers import DATA_FILES, column_key, is_spec_key
from core.prepare.matching import sample_values
from core.prepare.records import RENAISSANCE_ID, find_table
from core.roster import Roster
from gui.workers import Worker

EMPTY = "(leave empty)"
_ERROR_COLOR = QColor("#b00020")
_ROSTER_FILTER = "Roster files (*.zip *.csv *.txt *.xlsx *.xlsm);;All files (*)"


def _load(paths: list[str], progress: Progress = NO_PROGRESS) -> Roster:
    from core.io.load import load_roster

    return load_roster(paths, progress=progress)


def _read_inputs(template_path: str, sis_paths: list[str], progress: Progress) -> Preparation:
    """Read both sets and match their columns (runs in a worker thread)."""
    progress.report(0.0, "Reading the Renaissance export")
    try:
        template = _load([template_path], progress)
    except RosterError as err:
        raise RosterError(f"The Renaissance export could not be read: {err}") from None
    progress.report(0.4, "Reading the SIS data")
    try:
        sis = _load(sis_paths, progress)
    except RosterError as err:
        raise RosterError(f"The SIS data could not be read: {err}") from None
    progress.report(0.9, "Matching columns")
    return Preparation(template, sis)


def required_columns(file: str, version: str) -> set[str]:
    """Template columns Renaissance requires to hold a value (by 1.1 name), from the rule tables."""
    try:
        from core.rules.spec import load_rules
    except ImportError:  # pragma: no cover - the rule tables are part of every build
        return set()
    rules = load_rules("renaissance", version)
    return {column_key(file, c.name) for c in rules.columns(file) if c.req is True or c.req == "renaissance"}


def _label(text: str = "", *, wrap: bool = True) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(wrap)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def _item(text: str, *, color: QColor | None = None, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if color is not None:
        it.setForeground(QBrush(color))
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class _DropLine(QLineEdit):
    """A path field that takes one dropped file or folder."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.setText(urls[0])
            event.acceptProposedAction()


class _DropList(QListWidget):
    """The list of SIS paths; files and folders can be dropped on it."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def paths(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def add_paths(self, paths: list[str]) -> None:
        have = set(self.paths())
        for p in paths:
            if p and p not in have:
                self.addItem(p)
                have.add(p)
        self.changed.emit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_paths([u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()


# --- page 1 --------------------------------------------------------------------------------------
class SourcesPage(QWizardPage):
    """Step 1: Renaissance's export and the SIS data (pickers, drag and drop), read in the background."""

    def __init__(self, wizard: "PrepareWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Renaissance export and SIS data")
        self.setSubTitle(
            "Choose the OneRosterExport.zip you downloaded from Renaissance (Upload Your Roster, Generate Roster Export) "
            "and the files your SIS produced."
        )
        lay = QVBoxLayout(self)
        box = QGroupBox("Renaissance export (the template, and what Renaissance holds now)")
        row = QHBoxLayout(box)
        self.template_edit = _DropLine()
        self.template_edit.setPlaceholderText("OneRosterExport.zip, or its unzipped folder")
        self.template_edit.textChanged.connect(self.completeChanged)
        self.template_button = QPushButton("Choose file…")
        self.template_button.clicked.connect(self._choose_template)
        self.template_folder_button = QPushButton("Folder…")
        self.template_folder_button.clicked.connect(self._choose_template_folder)
        row.addWidget(self.template_edit, 1)
        row.addWidget(self.template_button)
        row.addWidget(self.template_folder_button)
        lay.addWidget(box)
        box = QGroupBox("SIS data (a zip such as Aeries' extract, a folder, CSV files or workbooks; drop them here)")
        col = QVBoxLayout(box)
        self.sis_list = _DropList()
        self.sis_list.changed.connect(self.completeChanged)
        col.addWidget(self.sis_list)
        row = QHBoxLayout()
        self.add_files_button = QPushButton("Add files…")
        self.add_files_button.clicked.connect(self._add_files)
        self.add_folder_button = QPushButton("Add folder…")
        self.add_folder_button.clicked.connect(self._add_folder)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._remove)
        for b in (self.add_files_button, self.add_folder_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        col.addLayout(row)
        lay.addWidget(box, 1)
        self.status = _label()
        lay.addWidget(self.status)
        self.error = _label()
        self.error.setStyleSheet(f"color: {_ERROR_COLOR.name()}")
        lay.addWidget(self.error)
        self.worker: Worker | None = None
        self._loaded: tuple[str, tuple[str, ...]] | None = None

    def _choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Renaissance export", "", _ROSTER_FILTER)
        if path:
            self.template_edit.setText(path)

    def _choose_template_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Renaissance export folder")
        if path:
            self.template_edit.setText(path)

    def _add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "SIS files", "", _ROSTER_FILTER)
        self.sis_list.add_paths(paths)

    def _add_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "SIS folder")
        if path:
            self.sis_list.add_paths([path])

    def _remove(self) -> None:
        for it in self.sis_list.selectedItems():
            self.sis_list.takeItem(self.sis_list.row(it))
        self.completeChanged.emit()

    def _key(self) -> tuple[str, tuple[str, ...]]:
        return self.template_edit.text().strip(), tuple(self.sis_list.paths())

    def isComplete(self) -> bool:
        return self.worker is None and bool(self.template_edit.text().strip()) and self.sis_list.count() > 0

    def validatePage(self) -> bool:
        """Read both sets in the background; Next moves on by itself once they are read.

        A set that cannot be read keeps the user on this page with the reason.
        """
        key = self._key()
        if self._loaded == key and self.wiz.prep is not None:
            return True
        if self.worker is not None:
            return False
        self.error.clear()
        worker = Worker(lambda progress: _read_inputs(key[0], list(key[1]), progress))
        worker.signals.progress.connect(lambda _f, text: self.status.setText(text + "…"))
        worker.signals.finished.connect(lambda prep: self._read(key, prep))
        worker.signals.failed.connect(self._failed)
        worker.signals.cancelled.connect(lambda: self._set_busy(None))
        self._set_busy(worker)
        QThreadPool.globalInstance().start(worker)
        return False

    def _set_busy(self, worker: Worker | None) -> None:
        if worker is None:
            # keep the finished worker until the next one: its signals are being delivered right now
            self._finished_worker = self.worker
        self.worker = worker
        for w in (self.template_edit, self.template_button, self.template_folder_button, self.sis_list,
                  self.add_files_button, self.add_folder_button, self.remove_button):
            w.setEnabled(worker is None)
        if worker is None:
            self.status.clear()
        self.completeChanged.emit()

    def _read(self, key: tuple[str, tuple[str, ...]], prep: Preparation) -> None:
        self._set_busy(None)
        self._loaded = key
        self.wiz.set_preparation(prep)
        if self.wiz.isVisible() and self.wiz.currentPage() is self:
            self.wiz.next()

    def _failed(self, err: BaseException) -> None:
        self._set_busy(None)
        if isinstance(err, RosterError):
            self.error.setText(str(err))
        elif isinstance(err, MemoryError):
            self.error.setText("The files are too large for this computer's memory.")
        else:
            self.error.setText(f"The files could not be read: {err}")

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel_flag.cancel()


# --- page 2 --------------------------------------------------------------------------------------
class MatchingPage(QWizardPage):
    """Step 2: per file, each template column with the SIS column that fills it and sample values."""

    def __init__(self, wizard: "PrepareWizard") -> None:
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
        self.files.currentRowChanged.connect(self._show_file)
        split.addWidget(self.files)
        self.table = _table(["Renaissance column", "SIS column", "SIS sample values", "Matched by"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        split.addWidget(self.table)
        split.setStretchFactor(1, 1)
        split.setSizes([270, 690])
        lay.addWidget(split, 1)
        self.dropped = _label()
        lay.addWidget(self.dropped)
        row = QHBoxLayout()
        self.save_button = QPushButton("Save matching…")
        self.save_button.clicked.connect(self._save)
        self.load_button = QPushButton("Load matching…")
        self.load_button.clicked.connect(self._load)
        row.addWidget(self.save_button)
        row.addWidget(self.load_button)
        self.note = _label()
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

    def _required(self, file: str) -> set[str]:
        return required_columns(file, self.wiz.prep.template_version)  # type: ignore[union-attr]

    def _missing_required(self, file: str) -> list[str]:
        m = self.wiz.prep.matchings[file]  # type: ignore[union-attr]
        req = self._required(file)
        return [t for t in m.unmatched if column_key(file, t) in req]

    def _file_label(self, file: str) -> str:
        m = self.wiz.prep.matchings[file]  # type: ignore[union-attr]
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
            self.table.setItem(r, 0, _item(t))
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
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 240))
        self._update_dropped()

    def _fill_row(self, r: int, t: str, sis) -> None:  # type: ignore[no-untyped-def]
        m = self.wiz.prep.matchings[self.file]  # type: ignore[union-attr]
        s = m.pairs.get(t)
        samples = ", ".join(sample_values(sis.column(s))) if s and sis is not None else ""
        self.table.setItem(r, 2, _item(samples))
        how = m.how.get(t, "") if s else ""
        key = column_key(self.file, t)
        required = key in self._required(self.file)
        name = self.table.item(r, 0)
        font = name.font()
        font.setBold(required)
        name.setFont(font)
        name.setForeground(QBrush(_ERROR_COLOR if required and not s and sis is not None else self.palette().text().color()))
        if required and not s:
            how = "required: no SIS column"
        if not is_spec_key(self.file, key):
            # Renaissance-only columns: its own ID always wins, its other columns fill blanks
            extra = "Renaissance's ID wins" if key == RENAISSANCE_ID else "blanks from Renaissance's export"
            how = f"{how}; {extra}" if how else "from Renaissance's export"
        self.table.setItem(r, 3, _item(how))

    def _changed(self, template_column: str, combo: QComboBox) -> None:
        m = self.wiz.prep.matchings[self.file]  # type: ignore[union-attr]
        s = combo.currentText()
        m.set(template_column, None if combo.currentIndex() == 0 else s)
        self.wiz.invalidate()
        self._fill_row(m.template_columns.index(template_column), template_column, self.wiz.prep.sis_table(self.file))  # type: ignore[union-attr]
        self.files.item(self.files.currentRow()).setText(self._file_label(self.file))
        self._update_dropped()

    def _update_dropped(self) -> None:
        m = self.wiz.prep.matchings[self.file]  # type: ignore[union-attr]
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
            self.wiz.prep.save(path)  # type: ignore[union-attr]
            self.note.setText(f"Saved to {os.path.basename(path)}.")
        except RosterError as err:
            self.note.setText(str(err))

    def load_from(self, path: str) -> None:
        try:
            skipped = self.wiz.prep.load(path)  # type: ignore[union-attr]
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


# --- page 3 --------------------------------------------------------------------------------------
class RecordsPage(QWizardPage):
    """Step 3: records per file, Renaissance columns carried, orgs Renaissance lacks, files left out."""

    def __init__(self, wizard: "PrepareWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Records")
        self.setSubTitle("Renaissance's own columns (renaissanceId and its ext_renaissance columns) are carried over for records it already has.")
        lay = QVBoxLayout(self)
        self.table = _table(["File", "Records", "Carried from Renaissance", "New to Renaissance", "From SIS file"])
        self.table.verticalHeader().setDefaultSectionSize(24)
        lay.addWidget(self.table, 3)
        self.orgs_label = _label()
        lay.addWidget(self.orgs_label)
        self.orgs = QListWidget()
        self.orgs.setWordWrap(True)
        self.orgs.setMaximumHeight(80)
        lay.addWidget(self.orgs)
        self.orgs_hint = _label("Renaissance cannot create schools in a OneRoster import. If Renaissance has the school under "
                                "another ID, choose it below: every reference to the SIS ID is changed to Renaissance's.")
        lay.addWidget(self.orgs_hint)
        self.org_map = _table(["Organization in the SIS data", "Name", "Use Renaissance's school"])
        lay.addWidget(self.org_map, 1)
        self.org_combos: dict[str, QComboBox] = {}
        wizard.buildingChanged.connect(self._building_changed)
        self.left_out = _label()
        lay.addWidget(self.left_out)

    def initializePage(self) -> None:
        r = self.wiz.preparation()
        b = r.built
        self.table.setRowCount(len(b.files))
        for i, (f, rec) in enumerate(b.files.items()):
            self.table.setItem(i, 0, _item(f))
            self.table.setItem(i, 1, _item(str(rec.rows), align_right=True))
            self.table.setItem(i, 2, _item(str(rec.carried), align_right=True))
            self.table.setItem(i, 3, _item(str(rec.new), align_right=True))
            self.table.setItem(i, 4, _item(rec.source or "(not in SIS data: header only)"))
        self.orgs.clear()
        org_errors = [f for f in r.findings if f.code.startswith("prepare.org_") and f.severity == "error"]
        if org_errors:
            n = len(org_errors)
            self.orgs_label.setText(
                "1 organization does not exist in Renaissance: this is an error to fix before uploading." if n == 1
                else f"{n} organizations do not exist in Renaissance: these are errors to fix before uploading."
            )
            self.orgs_label.setStyleSheet(f"color: {_ERROR_COLOR.name()}")
            for f in org_errors:
                text = f.text
                self.orgs.addItem(f"{f.file}, line {f.line}: {text[:1].upper()}{text[1:]}")
                it = self.orgs.item(self.orgs.count() - 1)
                it.setForeground(QBrush(_ERROR_COLOR))
                it.setToolTip(f.hint)
        else:
            self.orgs_label.setText("Every organization already exists in Renaissance.")
            self.orgs_label.setStyleSheet("")
        self.orgs.setVisible(bool(org_errors))
        self.org_map.setEnabled(True)
        self._fill_org_map(b.missing_orgs)
        self.orgs_hint.setVisible(self.org_map.rowCount() > 0)
        self.org_map.setVisible(self.org_map.rowCount() > 0)
        if b.left_out:
            self.left_out.setText("Left out of the upload (Renaissance does not take them): " + ", ".join(b.left_out))
        else:
            self.left_out.setText("No files were left out.")


    def _fill_org_map(self, missing: list[tuple[str, str]]) -> None:
        """One row per org Renaissance lacks, and per org already mapped (so it can be unmapped)."""
        prep = self.wiz.prep
        assert prep is not None
        names = dict(missing)
        sis_orgs = find_table(prep.sis, "orgs.csv")
        if sis_orgs is not None:
            k = next((i for i, h in enumerate(sis_orgs.header) if column_key("orgs.csv", h) == "sourcedId"), None)
            n = next((i for i, h in enumerate(sis_orgs.header) if column_key("orgs.csv", h) == "name"), None)
            if k is not None and n is not None:
                for r in range(sis_orgs.nrows):
                    names.setdefault(sis_orgs.cell(r, k), sis_orgs.cell(r, n))
        rows = list(prep.org_ids) + [o for o, _ in missing if o not in prep.org_ids]
        choices = prep.renaissance_orgs()
        self.org_map.setRowCount(0)
        self.org_map.setRowCount(len(rows))
        self.org_combos = {}
        for i, org in enumerate(rows):
            name = names.get(org, "")
            self.org_map.setItem(i, 0, _item(org))
            self.org_map.setItem(i, 1, _item(name))
            combo = QComboBox()
            combo.addItem("(none: stays an error)", None)
            for rid, rname in choices:
                same = " (same name)" if name and rname.strip().lower() == name.strip().lower() else ""
                combo.addItem(f"{rname} ({rid}){same}", rid)
            current = prep.org_ids.get(org)
            combo.setCurrentIndex(next((j for j in range(combo.count()) if combo.itemData(j) == current), 0))
            combo.currentIndexChanged.connect(lambda _i, org=org, c=combo: self._map(org, c.currentData()))
            self.org_map.setCellWidget(i, 2, combo)
            self.org_combos[org] = combo
        self.org_map.resizeColumnsToContents()

    def _map(self, org: str, renaissance_id: str | None) -> None:
        prep = self.wiz.prep
        assert prep is not None
        if renaissance_id:
            prep.org_ids[org] = renaissance_id
        else:
            prep.org_ids.pop(org, None)
        self.wiz.invalidate()
        # rebuild after this combo box's signal has been delivered: the rebuild replaces it
        QTimer.singleShot(0, self._rebuild)

    def _building_changed(self, _on: bool) -> None:
        self.completeChanged.emit()

    def _rebuild(self) -> None:
        if self.wiz.build_async(self._rebuild):
            self.initializePage()
        else:
            self.org_map.setEnabled(False)

    def isComplete(self) -> bool:
        return self.wiz.building is None


# --- page 4 --------------------------------------------------------------------------------------
class VersionPage(QWizardPage):
    """Step 4: the OneRoster version to write and every value it cannot carry."""

    def __init__(self, wizard: "PrepareWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("OneRoster version")
        self.setSubTitle("Write the version your district imports with: Renaissance asks never to mix OneRoster 1.0 and 1.1.")
        lay = QVBoxLayout(self)
        self.about = _label()
        lay.addWidget(self.about)
        row = QHBoxLayout()
        self.radio_10 = QRadioButton("OneRoster 1.0 (seven files, no manifest)")
        self.radio_11 = QRadioButton("OneRoster 1.1 (eight files with manifest.csv)")
        row.addWidget(self.radio_10)
        row.addWidget(self.radio_11)
        row.addStretch(1)
        lay.addLayout(row)
        self.radio_10.toggled.connect(self._toggled)
        self.summary = _label()
        lay.addWidget(self.summary)
        self.table = _table(["File", "Column", "Line", "Value", "Written instead"])
        lay.addWidget(self.table, 100)
        lay.addStretch(1)  # keeps the text at the top when there is no table to show

    def initializePage(self) -> None:
        prep = self.wiz.prep
        assert prep is not None
        text = f"Renaissance's export is OneRoster {prep.template_version}; the SIS data looks like OneRoster {prep.sis_version}."
        if prep.sis_version != prep.template_version:
            text += (
                f" Renaissance always exports 1.1: if your district has imported OneRoster {prep.sis_version} files before, "
                f"choose {prep.sis_version}."
            )
        self.about.setText(text)
        version = self.wiz.version or prep.template_version
        self.radio_10.blockSignals(True)
        (self.radio_10 if version == "1.0" else self.radio_11).setChecked(True)
        self.radio_10.blockSignals(False)
        self._show()

    def _toggled(self) -> None:
        self.wiz.set_version("1.0" if self.radio_10.isChecked() else "1.1")
        self._show()

    def isComplete(self) -> bool:
        return self.wiz.building is None

    def _show(self) -> None:
        ready = self.wiz.build_async(self._show)
        for radio in (self.radio_10, self.radio_11):
            radio.setEnabled(ready)
        if not ready:
            self.summary.setText("Building the records…")
            self.completeChanged.emit()
            return
        self.completeChanged.emit()
        r = self.wiz.preparation()
        losses = r.built.losses
        if losses:
            self.summary.setText(
                f"OneRoster {r.version} cannot carry {len(losses)} values from the SIS data; they are listed below."
            )
        else:
            self.summary.setText(f"Every value fits in OneRoster {r.version}.")
        self.table.setRowCount(len(losses))
        for i, x in enumerate(losses):
            self.table.setItem(i, 0, _item(x.file))
            self.table.setItem(i, 1, _item(x.column))
            self.table.setItem(i, 2, _item(str(x.row + 2), align_right=True))
            self.table.setItem(i, 3, _item(x.value))
            self.table.setItem(i, 4, _item(x.kept or "(left out)"))
        self.table.setVisible(bool(losses))


# --- page 5 --------------------------------------------------------------------------------------
#: rows a change list shows at most (a million removed enrollments would not help anyone scrolling)
LIST_LIMIT = 5000


class ChangesDialog(QDialog):
    """One kind of change (e.g. users removed from North Elementary) as a list."""

    def __init__(self, title: str, changes: list, parent: QWidget | None = None) -> None:  # type: ignore[type-arg]
        super().__init__(parent)
        self.setWindowTitle(title)
        lay = QVBoxLayout(self)
        shown = changes[:LIST_LIMIT]
        more = f" (the first {len(shown)} are listed)" if len(shown) < len(changes) else ""
        lay.addWidget(_label(f"{title}: {len(changes)}{more}"))
        self.table = _table(["sourcedId", "Name", "What changes"])
        self.table.setRowCount(len(shown))
        for i, c in enumerate(shown):
            self.table.setItem(i, 0, _item(c.sourced_id))
            self.table.setItem(i, 1, _item(c.label))
            self.table.setItem(i, 2, _item("; ".join(f"{col}: {a!r} → {b!r}" for col, a, b in c.columns)))
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(640, 400)


class ComparePage(QWizardPage):
    """Step 5: what the upload changes per school; a large drop must be acknowledged before Finish."""

    def __init__(self, wizard: "PrepareWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("What the upload changes in Renaissance")
        self.setSubTitle("Per school, against the snapshot in Renaissance's export. Double-click a number (or press Enter) to see the records.")
        lay = QVBoxLayout(self)
        headers = ["School"] + [f"{k.capitalize()}\n{c}" for k in KINDS for c in CHANGES]
        self.table = _table(headers)
        # activated: a double click, or Enter from the keyboard
        self.table.cellActivated.connect(self.open_list)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.list_button = QPushButton("Show list")
        self.list_button.clicked.connect(lambda: self.open_list(self.table.currentRow(), self.table.currentColumn()))
        row.addWidget(self.list_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.warning = _label()
        self.warning.setStyleSheet(f"color: {_ERROR_COLOR.name()}")
        lay.addWidget(self.warning)
        self.understand = QCheckBox("I understand: Renaissance will remove these records when this file is uploaded")
        self.understand.toggled.connect(self.completeChanged)
        lay.addWidget(self.understand)
        self.after = _label()
        lay.addWidget(self.after)
        self.last_dialog: ChangesDialog | None = None
        self._schools: list[str | None] = []

    @property
    def comparison(self) -> Comparison:
        return self.wiz.preparation().comparison

    def initializePage(self) -> None:
        cmp = self.comparison
        self._schools = [s.school for s in cmp.schools] + [None]
        self.table.setRowCount(len(self._schools))
        for i, s in enumerate(cmp.schools):
            name = f"{s.name} ({s.school})" if s.name else (s.school or "(no school)")
            dropped = any(d.school == s.school for d in cmp.drops)
            self.table.setItem(i, 0, _item(name, color=_ERROR_COLOR if dropped else None))
            for j, (k, c) in enumerate((k, c) for k in KINDS for c in CHANGES):
                self.table.setItem(i, j + 1, _item(str(s.count(k, c)), align_right=True))
        last = len(cmp.schools)
        self.table.setItem(last, 0, _item("All schools"))
        for j, (k, c) in enumerate((k, c) for k in KINDS for c in CHANGES):
            self.table.setItem(last, j + 1, _item(str(cmp.total(k, c)), align_right=True))
        self.table.resizeColumnsToContents()
        if cmp.drops:
            lines = [f"• {d.name}: {d.before} {d.what} in Renaissance, {d.after} in this upload ({d.percent_lost}% fewer)" for d in cmp.drops]
            self.warning.setText(
                "Large drop: this usually means the SIS extract left out a school or part of one.\n" + "\n".join(lines)
            )
        else:
            self.warning.setText("No school loses most of its students, classes or enrollments.")
        self.warning.setStyleSheet(f"color: {_ERROR_COLOR.name()}" if cmp.drops else "")
        self.understand.setVisible(bool(cmp.drops))
        self.understand.setChecked(False)
        found = self.wiz.preparation().findings
        errors = sum(1 for f in found if f.severity == "error")
        warnings = sum(1 for f in found if f.severity == "warning")
        self.after.setText(
            f"Preparing found {errors} errors and {warnings} warnings. \"Open in Roster Prep\" shows the result with every "
            "Renaissance check, ready to fix and to export as Roster.zip."
        )

    def open_list(self, row: int, column: int) -> ChangesDialog | None:
        if row < 0 or column < 1 or row >= len(self._schools):
            return None
        kind, change = [(k, c) for k in KINDS for c in CHANGES][column - 1]
        school = self._schools[row]
        changes = self.comparison.changes_of(kind, change, school)
        where = self.table.item(row, 0).text()
        dlg = ChangesDialog(f"{kind.capitalize()} {change}, {where}", changes, self)
        self.last_dialog = dlg
        dlg.show()
        return dlg

    def isComplete(self) -> bool:
        return not self.comparison.drops or self.understand.isChecked()


# --- the wizard ----------------------------------------------------------------------------------
class PrepareWizard(QWizard):
    """Prepare a Renaissance import; ``result_roster()`` after it is accepted."""

    #: building the records in the background started (True) or ended (False)
    buildingChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Prepare Renaissance import")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.prep: Preparation | None = None
        self.version: str | None = None
        #: results per version for the current matching (toggling the version does not rebuild)
        self._results: dict[str, PrepareResult] = {}
        #: bumped whenever the matching, org IDs or inputs change: a build started before is stale
        self._generation = 0
        self.building: Worker | None = None
        self._finished_build: Worker | None = None
        self.sources_page = SourcesPage(self)
        self.matching_page = MatchingPage(self)
        self.records_page = RecordsPage(self)
        self.version_page = VersionPage(self)
        self.compare_page = ComparePage(self)
        for p in (self.sources_page, self.matching_page, self.records_page, self.version_page, self.compare_page):
            self.addPage(p)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Open in Roster Prep")
        self.resize(1000, 660)

    def set_inputs(self, template: Roster, sis: Roster) -> None:
        self.set_preparation(Preparation(template, sis))

    def set_preparation(self, prep: Preparation) -> None:
        self.prep = prep
        self.version = None
        self.invalidate()

    def done(self, r: int) -> None:
        self.sources_page.cancel()  # stop reading files nobody will look at
        super().done(r)

    def set_version(self, version: str) -> None:
        self.version = version

    def _version_key(self) -> str:
        assert self.prep is not None
        return self.version or self.prep.template_version

    def invalidate(self) -> None:
        """The matching or an org ID changed: the next page builds the records again."""
        self._results = {}
        self._generation += 1

    def build_async(self, when_ready) -> bool:  # type: ignore[no-untyped-def]
        """True when the records for the current version are built; otherwise build them in the
        background (a million enrollments take seconds) and call ``when_ready()`` once they are."""
        if self.prep is None:
            return False
        if self._version_key() in self._results:
            return True
        if self.building is not None:
            return False
        prep, version, generation = self.prep, self._version_key(), self._generation
        worker = Worker(lambda _progress: prep.run(version))

        def finished(result: PrepareResult) -> None:
            self._end_build()
            if generation == self._generation and prep is self.prep:
                self._results[version] = result
                when_ready()

        worker.signals.finished.connect(finished)
        worker.signals.failed.connect(lambda err: (self._end_build(), self.build_failed(err)))
        self.building = worker
        self.buildingChanged.emit(True)
        QThreadPool.globalInstance().start(worker)
        return False

    def _end_build(self) -> None:
        # keep the finished worker until the next one: its signals are being delivered right now
        self._finished_build, self.building = self.building, None
        self.buildingChanged.emit(False)

    def build_failed(self, err: BaseException) -> None:
        page = self.currentPage()
        text = "The files are too large for this computer's memory." if isinstance(err, MemoryError) else f"The records could not be built: {err}"
        page.setSubTitle(text)

    def preparation(self) -> PrepareResult:
        """The preparation for the current matching and version (built when first asked)."""
        assert self.prep is not None
        version = self._version_key()
        result = self._results.get(version)
        if result is None:
            # normally built in the background already; a few seconds for a million enrollments
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                result = self._results[version] = self.prep.run(version)
            finally:
                QGuiApplication.restoreOverrideCursor()
        return result

    def result_roster(self) -> Roster | None:
        """The prepared roster once the wizard was finished, else None."""
        if self.prep is None or self.result() != QDialog.DialogCode.Accepted.value:
            return None
        return self.preparation().roster

    def template_roster(self) -> Roster | None:
        """Renaissance's export: the reference to check the prepared roster against."""
        return self.prep.template if self.prep is not None else None


def open_prepare_wizard(window) -> bool:  # type: ignore[no-untyped-def]
    """Run the wizard from the main window; on Finish open the prepared roster in the grid.

    The roster is checked with the Renaissance profile against the export. Returns True when a
    roster was opened. ``window`` needs ``close_roster() -> bool`` and ``set_roster(roster, paths)``.
    """
    wizard = PrepareWizard(window)
    try:
        if wizard.exec() != QDialog.DialogCode.Accepted.value:
            return False
        roster = wizard.result_roster()
        if roster is None or not window.close_roster():
            return False
        doc = window.set_roster(roster, [])
        doc.profile = "renaissance"
        doc.reference = wizard.template_roster()
        doc.recheck_now()
        return True
    finally:
        wizard.deleteLater()
