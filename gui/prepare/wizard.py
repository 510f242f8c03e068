"""The "Prepare Renaissance import" wizard: SIS files into Renaissance's template, compared before upload.

Five pages over core.prepare: (1) the Renaissance export and the SIS data, (2) column matching per
file, (3) records (Renaissance IDs carried, orgs Renaissance lacks, files left out), (4) the
OneRoster version and what it cannot carry, (5) what the upload changes per school, with a large
drop to acknowledge. ``result_roster()`` is the prepared roster when the wizard was finished.

The pages live in gui/prepare/sources.py (1), prepare_matching.py (2), prepare_records.py (3, 4) and
prepare_compare.py (5); their shared widgets in gui/prepare/common.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget, QWizard

from core.prepare import Preparation, PrepareResult
from core.roster import Roster
from gui.prepare.common import EMPTY
from gui.prepare.compare import ComparePage
from gui.prepare.matching import MatchingPage
from gui.prepare.records import RecordsPage, VersionPage
from gui.prepare.sources import SourcesPage
from gui.background.workers import Task, TaskRunner
from gui.document import RosterDocument

# EMPTY is imported by callers (and tests) from here
__all__ = ["EMPTY", "PrepareWizard", "open_prepare_wizard"]


class PrepareWizard(QWizard):
    """Prepare a Renaissance import; ``result_roster()`` after it is accepted."""

    #: building the records in the background started (True) or ended (False)
    buildingChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        #: background work runs through the window's runner (one worker thread for the program)
        self.runner = runner if runner is not None else TaskRunner(self)
        #: the checked document of the current result: its counts are the ones the window shows
        self._checked: tuple[PrepareResult, RosterDocument] | None = None
        self.setWindowTitle("Prepare Renaissance import")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.prep: Preparation | None = None
        self.version: str | None = None
        #: results per version for the current matching (toggling the version does not rebuild)
        self._results: dict[str, PrepareResult] = {}
        #: bumped whenever the matching, org IDs or inputs change: a build started before is stale
        self._generation = 0
        self.building: Task | None = None
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
        if r != QDialog.DialogCode.Accepted.value and self._checked is not None:
            self._checked[1].cancel_checks()  # nor check a result nobody will open
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

    def build_async(self, when_ready: Callable[[], None]) -> bool:
        """True when the records for the current version are built; otherwise build them in the
        background (a million enrollments take seconds) and call ``when_ready()`` once they are."""
        if self.prep is None:
            return False
        if self._version_key() in self._results:
            return True
        if self.building is not None:
            return False
        prep, version, generation = self.prep, self._version_key(), self._generation

        def finished(result: PrepareResult) -> None:
            self._end_build()
            if generation == self._generation and prep is self.prep:
                self._results[version] = result
                when_ready()

        def failed(err: BaseException) -> None:
            self._end_build()
            self.build_failed(err)

        self.building = self.runner.start(
            "Building the records", lambda _progress: prep.run(version), finished, failed, self._end_build, visible=False
        )
        self.buildingChanged.emit(True)
        return False

    def _end_build(self) -> None:
        self.building = None
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

    def checked_document(self) -> RosterDocument:
        """The current result as the window will hold it, checked in the background with the
        Renaissance rules against the export through the window's runner: the counts the last page
        shows are the window's, because they are the same document's."""
        result = self.preparation()
        if self._checked is None or self._checked[0] is not result:
            if self._checked is not None:
                old = self._checked[1]
                old.cancel_checks()
                old.deleteLater()
            assert self.prep is not None
            doc = RosterDocument(result.roster, profile="renaissance", reference=self.prep.template, parent=self)
            doc.run_checks_with(self.runner)
            doc.set_findings(list(result.roster.load_findings), complete=False)
            doc.recheck_now()
            self._checked = (result, doc)
        return self._checked[1]

    def result_document(self) -> RosterDocument | None:
        """The prepared roster's checked document once the wizard was finished, else None."""
        if self.prep is None or self.result() != QDialog.DialogCode.Accepted.value:
            return None
        return self.checked_document()

    def result_roster(self) -> Roster | None:
        """The prepared roster once the wizard was finished, else None."""
        if self.prep is None or self.result() != QDialog.DialogCode.Accepted.value:
            return None
        return self.preparation().roster

    def template_roster(self) -> Roster | None:
        """Renaissance's export: the reference to check the prepared roster against."""
        return self.prep.template if self.prep is not None else None


class PrepareWindow(Protocol):
    """What the wizard needs of the main window (gui/app/main_window.MainWindow)."""

    #: the window's TaskRunner: the wizard's background work shares the window's one worker thread
    runner: TaskRunner

    def window(self) -> QWidget:
        """The window as a widget (QWidget.window() of a top-level window is the window itself)."""
        ...

    def close_roster(self) -> bool:
        """Close the open roster, asking about unsaved changes; False if the user cancelled."""
        ...

    def set_roster(self, roster: Roster, paths: list[str], *, document: RosterDocument | None = None) -> RosterDocument:
        """Show a roster; with ``document`` adopt that checked document (become its parent)."""
        ...


def open_prepare_wizard(window: PrepareWindow) -> bool:
    """Run the wizard from the main window; on Finish open the prepared roster in the grid.

    The roster is checked with the Renaissance profile against the export. Returns True when a
    roster was opened. ``set_roster`` adopts the checked document (makes the window its parent:
    the wizard and what it owns are deleted next).
    """
    wizard = PrepareWizard(window.window(), window.runner)
    try:
        if wizard.exec() != QDialog.DialogCode.Accepted.value:
            return False
        doc = wizard.result_document()
        if doc is None or not window.close_roster():
            return False
        window.set_roster(doc.roster, [], document=doc)
        return True
    finally:
        wizard.deleteLater()
