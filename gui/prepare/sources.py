"""Step 1 of the prepare wizard: Renaissance's export and the SIS data, picked or dropped, read in the background."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from core.errors import RosterError
from core.prepare import Preparation
from core.progress import NO_PROGRESS, Progress
from core.roster import Roster
from gui.prepare.common import ERROR_COLOR, WizardHost, make_label
from gui.background.workers import Worker


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

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_paths([u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()


# --- page 1 --------------------------------------------------------------------------------------
class SourcesPage(QWizardPage):
    """Step 1: Renaissance's export and the SIS data (pickers, drag and drop), read in the background."""

    def __init__(self, wizard: WizardHost) -> None:
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
        self.status = make_label()
        lay.addWidget(self.status)
        self.error = make_label()
        self.error.setStyleSheet(f"color: {ERROR_COLOR.name()}")
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
        task = self.wiz.runner.start(
            "Reading the files", lambda progress: _read_inputs(key[0], list(key[1]), progress),
            lambda prep: self._read(key, prep), self._failed, lambda: self._set_busy(None), visible=False,
        )
        task.worker.signals.progress.connect(lambda _f, text: self.status.setText(text + "…"))
        self._set_busy(task.worker)
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
