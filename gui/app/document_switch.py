"""Which roster the main window shows: taking a loaded roster in (its document, its tabs, the panels
and the undo history), the read-only first look at a big roster that is still loading, and closing
it again.

``DocumentSwitch`` is built by the main window, which it knows only as a ``SwitchHost``: the window's
state (``document``, ``paths``) and the parts a new roster is shown in. The window keeps that state:
everything else reads ``window.document``.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QAbstractItemView, QStackedWidget

from core.roster import Roster
from gui.app.actions import WindowActions
from gui.app.check_status import CheckStatus
from gui.app.current_cell import CurrentCell
from gui.app.docks import Docks
from gui.app.file_actions import FileActions
from gui.app.reference import ReferenceActions
from gui.app.start_page import StartPage
from gui.app.tabs import FileTabs
from gui.background.workers import TaskRunner
from gui.document import RosterDocument
from gui.grid.grid_tab import GridPage


class SwitchHost(Protocol):
    """What of the main window showing and closing a roster uses."""

    document: RosterDocument | None
    paths: list[str]
    runner: TaskRunner
    undo_group: QUndoGroup
    tabs: FileTabs
    stack: QStackedWidget
    start_page: StartPage
    docks: Docks
    act: WindowActions
    check_status: CheckStatus
    current_cell: CurrentCell
    files: FileActions
    reference: ReferenceActions

    @property
    def documentOpened(self) -> SignalInstance:
        """Signal(RosterDocument): a roster was opened and its grids built."""

    def attach_page(self, page: GridPage) -> None:
        """Give a new file's page the window's tools (editing keys, context menus, the panels)."""

    def show_reference(self, text: str) -> None: ...
    def update_title(self) -> None: ...
    def setWindowTitle(self, title: str, /) -> None: ...


class DocumentSwitch(QObject):
    """Shows one roster at a time in the main window, or the start page when none is open."""

    def __init__(self, host: SwitchHost, parent: QObject, *, app_title: str) -> None:
        """``parent``: the window (also the parent of each document it makes)."""
        super().__init__(parent)
        self.w = host
        self.window_object = parent
        self.app_title = app_title
        #: the read-only first look at a big roster that is still loading (core/io/preview.py)
        self.preview_doc: RosterDocument | None = None

    def set_roster(self, roster: Roster, paths: list[str], *, document: RosterDocument | None = None) -> RosterDocument:
        """Show a loaded roster: one tab per file, findings from loading now, full checks next.
        ``document``: the roster's document, already checked (the Prepare wizard's): the window
        shows its findings, the very ones the wizard counted, and goes on checking through it."""
        w = self.w
        self.drop_document()
        adopted = document is not None
        if document is not None:
            doc = document
            doc.setParent(self.window_object)
        else:
            doc = RosterDocument(roster, parent=self.window_object)
        # no paths: the roster exists only here (a wizard's result) until it is saved somewhere
        doc.unsaved_roster = not paths
        if doc.background is None:
            doc.run_checks_with(w.runner)
        doc.checkFailed.connect(w.check_status.failed)
        doc.checkingChanged.connect(w.check_status.changed)
        doc.findingsChanged.connect(self.update_badges)
        doc.marksChanged.connect(self.update_badges)
        doc.findingsChanged.connect(w.check_status.checked)
        doc.undo_stack.cleanChanged.connect(w.update_title)
        doc.undo_stack.indexChanged.connect(w.update_title)
        w.undo_group.addStack(doc.undo_stack)
        w.undo_group.setActiveStack(doc.undo_stack)
        w.document = doc
        w.paths = list(paths)
        if not adopted:
            doc.set_findings(list(roster.load_findings), complete=False)
        for table in roster.tables:
            page = GridPage(doc, table.name, w.tabs)
            w.attach_page(page)
            w.tabs.add_page(page)
        w.docks.problems.reset_filters()
        w.docks.problems.set_document(doc)
        w.docks.profile.set_document(doc)
        self.update_badges()
        self.show_document(doc)
        w.documentOpened.emit(doc)
        if not doc.complete and not doc.live.running:
            doc.recheck_now()
        elif doc.live.running:
            w.check_status.changed(True)  # its check goes on; it reports to this window now
        return doc

    def show_preview(self, roster: Roster) -> None:
        """Show the first rows of a roster that is still loading: read-only, unchecked."""
        w = self.w
        self.drop_document()
        doc = self.preview_doc = RosterDocument(roster, parent=self.window_object)
        for table in roster.tables:
            page = GridPage(doc, table.name, w.tabs)
            page.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            page.notes.setText(
                f"<b>Still reading {table.name}…</b> Its first {table.nrows:,} rows are shown. "
                "Editing and checking start when the whole roster is read."
            )
            page.notes.show()
            w.tabs.add_page(page)
        w.stack.setCurrentWidget(w.tabs)
        w.setWindowTitle(f"{roster.name} (reading…) — {self.app_title}")

    def end_preview(self) -> None:
        """The load failed or was cancelled: take the first look away again."""
        if self.preview_doc is not None:
            self.drop_document()
            self.show_document(None)

    def drop_document(self) -> None:
        """Take the roster (or the preview) out of the window, asking nothing; its document goes."""
        w = self.w
        old = w.document
        w.document = None
        if self.preview_doc is not None:
            self.preview_doc.deleteLater()
            self.preview_doc = None
        w.docks.problems.set_document(None)
        w.docks.profile.set_document(None)
        w.tabs.remove_all()
        if old is not None:
            old.cancel_checks()
            # nothing may react to the history of a roster that is gone (the stack is being deleted)
            old.undo_stack.blockSignals(True)
            w.undo_group.removeStack(old.undo_stack)
            old.deleteLater()
        w.check_status.stopped()

    def close_roster(self) -> bool:
        """Close the roster (asking about unsaved changes); False if the user cancelled."""
        if not self.w.files.confirm_discard():
            return False
        self.drop_document()
        self.show_document(None)
        self.w.reference.document_closed()
        return True

    def show_document(self, doc: RosterDocument | None) -> None:
        """The roster's tabs and panels with its actions enabled, or the start page when ``doc`` is None."""
        w = self.w
        has = doc is not None
        w.stack.setCurrentWidget(w.tabs if has else w.start_page)
        w.docks.show_for_roster(has)
        for a in w.act.document_actions():
            a.setEnabled(has)
        if not has:
            w.current_cell.no_roster()
            w.start_page.set_recent(w.files.recent_entries())
        w.update_title()
        w.current_cell.tab_changed()
        w.show_reference(w.reference.describe() if has else "")

    def update_badges(self) -> None:
        """Each tab's counts from the open roster's findings."""
        if self.w.document is not None:
            self.w.tabs.update_badges(self.w.document)
