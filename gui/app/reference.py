"""The reference export: a Renaissance export (OneRosterExport.zip) or an earlier clean export that
the open roster is checked against.

A reference lets the damage check put back what a spreadsheet destroyed (lost zeros, digits lost to
scientific notation, see core/damage/reference.py) and lets the rules check schools and spellings
against what Renaissance has (core/rules/engine.py). ``ReferenceActions`` loads one in the
background, as opening a roster does, and hands it to the document (``check_against``); the findings
then update through the document's usual signals.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from core.errors import RosterError
from core.io.sources import load_paths, roster_title
from core.progress import Progress
from gui.app.status import StatusBar
from gui.background.workers import TaskRunner

if TYPE_CHECKING:
    from core.roster import Roster
    from gui.app.file_actions import FileActions
    from gui.document import RosterDocument

REFERENCE_FILTER = "Exports (*.zip *.csv *.txt);;Zip files (*.zip);;CSV files (*.csv *.txt);;All files (*)"
REFERENCE_HINT = (
    "Choose the OneRosterExport.zip you downloaded from Renaissance, a Roster.zip you exported earlier, "
    "or the CSV files of an unzipped export, and check that no other program holds them open."
)


def reference_title(paths: list[str]) -> str:
    """The zip, folder or file name of a reference; for several files of one folder, the folder's."""
    if not paths:
        return ""
    folders = {os.path.dirname(p) for p in paths}
    if len(paths) > 1 and len(folders) == 1:
        return os.path.basename(folders.pop()) or roster_title(paths)
    return roster_title(paths)


class ReferenceHost(Protocol):
    """What of the main window loading a reference uses."""

    document: RosterDocument | None
    paths: list[str]
    settings: QSettings
    status: StatusBar
    runner: TaskRunner
    files: FileActions


class ReferenceActions(QObject):
    """Load, keep and clear the reference export of one main window."""

    #: the reference changed: what to show ("" when there is none)
    referenceChanged = Signal(str)

    def __init__(self, host: ReferenceHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.w = host
        self.parent_widget = parent
        #: the paths of the reference in use, and of the roster it was loaded for
        self.paths: list[str] = []
        self._roster_paths: list[str] = []
        self._reference: Roster | None = None
        #: a reference is being read
        self.loading = False

    # --- what is loaded ------------------------------------------------------------------------
    @property
    def title(self) -> str:
        """The reference's zip, folder or file name ("" when none is loaded)."""
        return reference_title(self.paths)

    def describe(self) -> str:
        """"Checked against OneRosterExport.zip (6 files)" ("" when none is loaded)."""
        ref = self._reference
        if ref is None:
            return ""
        n = len(ref.tables)
        return f"Checked against {self.title} ({n} file{'s' if n != 1 else ''})"

    def tooltip(self) -> str:
        """Where the reference came from and what it is for."""
        if self._reference is None:
            return (
                "No reference export is loaded. Load Renaissance's OneRosterExport.zip or an earlier clean export "
                "to put back values a spreadsheet damaged and to check schools against Renaissance."
            )
        return (
            "The reference export:\n" + "\n".join(self.paths) + "\n\nIts values settle what a spreadsheet damaged "
            "(lost zeros, long IDs), and its schools and spellings are what Renaissance takes."
        )

    # --- loading -------------------------------------------------------------------------------
    def load_dialog(self) -> None:
        """Ask for the reference export's files, then load them."""
        if self.w.document is None:
            return
        start = str(self.w.settings.value("paths/reference_dir", "")) or self._start_dir()
        paths, _ = QFileDialog.getOpenFileNames(
            self.parent_widget,
            "Load a reference export (OneRosterExport.zip, an earlier Roster.zip, or an export's CSV files)",
            start,
            REFERENCE_FILTER,
        )
        if paths:
            self.load(paths)

    def _start_dir(self) -> str:
        if self.w.paths:
            return os.path.dirname(os.path.abspath(self.w.paths[0]))
        return os.path.expanduser("~")

    def load(self, paths: list[str]) -> None:
        """Read the reference in the background; then check the open roster against it."""
        w = self.w
        doc = w.document
        if doc is None:
            return
        if self.loading:
            w.status.showMessage("Still reading the previous reference export…", 4000)
            return
        paths = [os.path.abspath(p) for p in paths]
        title = reference_title(paths)
        names = {t.name for t in doc.roster.tables}
        self.loading = True

        def work(progress: Progress) -> Roster:
            ref = load_paths(paths, None, progress)
            if not {t.name for t in ref.tables} & names:
                found = ", ".join(t.name for t in ref.tables[:6]) or "no roster files"
                raise RosterError(
                    f"{title} holds none of this roster's files ({', '.join(sorted(names)[:6])}); it has {found}"
                )
            return ref

        def done(ref: Roster) -> None:
            self.loading = False
            if w.document is not doc:
                return  # the roster was closed meanwhile
            self.paths = paths
            self._roster_paths = list(w.paths)
            self._reference = ref
            w.settings.setValue("paths/reference_dir", os.path.dirname(paths[0]))
            doc.check_against(doc.profile, ref)
            self.referenceChanged.emit(self.describe())
            w.status.showMessage(f"Loaded the reference export {title}; checking the roster against it…", 8000)

        def failed(err: BaseException) -> None:
            self.loading = False
            w.files.show_error(f"Could not load {title} as the reference", err, REFERENCE_HINT)

        def cancelled() -> None:
            self.loading = False
            w.status.showMessage(f"Stopped reading {title}", 5000)

        w.runner.start(f"Reading the reference {title}", work, done, failed, cancelled)

    def clear(self) -> None:
        """Check without a reference from now on."""
        doc = self.w.document
        had = self._reference is not None
        self._forget()
        if doc is not None and doc.reference is not None:
            doc.check_against(doc.profile, None)
        self.referenceChanged.emit("")
        if had:
            self.w.status.showMessage("The reference export is cleared; the roster is checked by itself.", 6000)

    def _forget(self) -> None:
        self.paths = []
        self._roster_paths = []
        self._reference = None

    def document_opened(self, doc: RosterDocument) -> None:
        """A roster was opened: the same roster read again (another encoding) keeps its reference,
        another roster starts without one."""
        if self._reference is not None and self._roster_paths == list(self.w.paths):
            doc.check_against(doc.profile, self._reference)
        else:
            self._forget()
        self.referenceChanged.emit(self.describe())

    def document_closed(self) -> None:
        """No roster is open any more."""
        self._forget()
        self.referenceChanged.emit("")
