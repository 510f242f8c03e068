"""No lost work: the autosave journal of the open roster, and the offer to restore after a crash.

Every change the undo stack does or undoes (RosterDocument.applied) is appended to a journal
in <data folder>/journal (core/recovery.py). The journal goes away when the files on disk match the
roster again (saved, or undone back to the saved state), when the user discards the changes, or when
the window closes normally. A journal left behind means Roster Prep stopped with unsaved edits.

A roster with no files on disk (the Prepare wizard's result, ``doc.unsaved_roster``) is unsaved work
from the moment it opens: its journal starts at once with a snapshot of its tables (written in the
background; edits made meanwhile wait in memory and are written right after). After it was written
somewhere with Save As, the next edit starts a new snapshot journal (the roster as it was before that
edit).

At start with no roster open, every journal left behind is listed (gui/app/recovery_dialog.py) to
restore or discard; restoring opens the roster (its files, or the snapshot) and replays the edits as
one undoable step. When the same files are opened again later, the restore is offered for them.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core.edits import Edit
from core.errors import Cancelled, RosterError
from core.progress import Progress
from core.recovery import Journal, PendingJournal, copy_roster, pending_journals
from core.roster import Roster
from gui.app.file_actions import FileActions
from gui.app.recovery_dialog import RecoveryDialog, when
from gui.app.status import StatusBar
from gui.background.workers import Task, TaskRunner
from gui.document import RosterDocument
from gui.panels.changes import ChangesPanel

# when is used by callers that say how long ago an edit was
__all__ = ["Autosave", "RecoveryDialog", "ask_restore", "journal_folder", "restore_box", "when"]

log = logging.getLogger(__name__)


def journal_folder() -> str:
    """<user data folder>/journal ($ROSTERPREP_DATA_DIR or QStandardPaths.AppDataLocation)."""
    from gui.app.paths import data_dir

    return os.path.join(data_dir(), "journal")


def restore_box(parent: QWidget | None, pending: PendingJournal, *, open_first: bool = False) -> QMessageBox:
    """The question asked before restoring (buttons: Restore, Discard them, Not now)."""
    n = pending.count
    edits = f"{n:,} unsaved edit{'s' if n != 1 else ''}"
    name = pending.header.get("roster", {}).get("name", "the roster")
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore unsaved edits")
    if open_first:
        box.setText(f"Roster Prep stopped before {edits} to {name} were saved (last edit {when(pending.last_time)}).\n\n"
                    "Open the roster and restore them?")
    else:
        box.setText(f"Restore {edits} from {when(pending.last_time)}?\n\n"
                    f"Roster Prep stopped before these edits to {name} were saved.")
    if not pending.files_unchanged():
        box.setInformativeText("The files have changed since then (another program may have written them). "
                               "Check the restored edits before saving.")
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    restore.setObjectName("restore")
    discard = box.addButton("Discard them", QMessageBox.ButtonRole.DestructiveRole)
    discard.setObjectName("discard")
    box.addButton("Not now", QMessageBox.ButtonRole.RejectRole).setObjectName("later")
    box.setDefaultButton(restore)
    return box


def ask_restore(parent: QWidget, pending: PendingJournal, *, open_first: bool = False) -> str:
    """Ask whether to restore a journal's edits: "restore", "discard" or "later"."""
    box = restore_box(parent, pending, open_first=open_first)
    box.exec()
    clicked = box.clickedButton()
    return clicked.objectName() if clicked is not None and clicked.objectName() in ("restore", "discard") else "later"


class AutosaveHost(Protocol):
    """What of the main window the autosave uses (gui/app/main_window.MainWindow)."""

    document: RosterDocument | None
    paths: list[str]
    runner: TaskRunner
    status: StatusBar
    files: FileActions

    @property
    def documentOpened(self) -> SignalInstance:
        """Signal(RosterDocument): a roster was opened (or restored) in the window."""

    @property
    def busy(self) -> bool:
        """True while loading, saving or checking runs in the background."""

    def open_paths(self, paths: list[str]) -> None: ...
    def close_roster(self) -> bool: ...
    def set_roster(self, roster: Roster, paths: list[str], *, document: RosterDocument | None = None) -> RosterDocument: ...


class Autosave(QObject):
    """Keeps the journal of the window's open roster and offers restores."""

    def __init__(self, host: AutosaveHost, window: QWidget, changes: ChangesPanel | None = None, folder: str | None = None) -> None:
        """``window``: the host as a widget (parent of the dialogs; its closing ends the journal)."""
        super().__init__(window)
        self.w = host
        self.parent_widget = window
        self.changes = changes
        self.folder = folder or journal_folder()
        self.doc: RosterDocument | None = None
        self.journal: Journal | None = None
        #: a journal to restore without asking when its roster opens (chosen at start)
        self._auto_restore: str | None = None
        #: a snapshot journal is being written: edits wait here until it is
        self._waiting: list[Edit] | None = None
        #: bumped when the journal is dropped: a snapshot journal finished after that is deleted
        self._generation = 0
        #: the background task writing a snapshot journal, if one runs
        self._snapshot_task: Task | None = None
        #: the list of unsaved work shown at start (while it is open)
        self.recovery_dialog: RecoveryDialog | None = None
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(200)
        self._sync_timer.timeout.connect(self.sync)
        host.documentOpened.connect(self.document_opened)
        host.files.rosterWritten.connect(self.roster_written)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.finish)
        QTimer.singleShot(0, self.offer_at_start)

    # --- the journal of the open roster ------------------------------------------------------
    def document_opened(self, doc: RosterDocument) -> None:
        if doc is self.doc:
            return
        # a new roster replaces the old one only after the user saved or discarded its changes
        self.finish()
        self.doc = doc
        doc.applied.connect(self._on_edit)
        doc.undo_stack.cleanChanged.connect(self._on_clean)
        doc.destroyed.connect(self._on_doc_destroyed)
        if self.changes is not None:
            self.changes.set_document(doc)
        if doc.unsaved_roster:
            # the roster itself is the work to keep (a wizard's result): copy it before any edit
            self._start_snapshot(doc, copy_roster(doc.roster))
        QTimer.singleShot(0, lambda d=doc: self.offer_restore(d))

    def _paths(self, doc: RosterDocument) -> list[str]:
        return list(doc.roster.origin_paths) or list(self.w.paths)

    def _on_edit(self, edit: Edit, inverse: Edit) -> None:
        doc = self.doc
        if doc is None:
            return
        if self._waiting is not None:
            self._waiting.append(edit)
            return
        if self.journal is None and not self._paths(doc):
            # no files to replay on: the journal keeps the roster as it was before this edit
            snapshot = copy_roster(doc.roster)
            inverse.apply(snapshot)
            self._start_snapshot(doc, snapshot)
            assert self._waiting is not None
            self._waiting.append(edit)
            return
        try:
            if self.journal is None:
                self.journal = Journal.create(self.folder, doc.roster, self._paths(doc), check=self._check_of(doc))
            self.journal.append(edit)
        except OSError as err:
            # never stop editing because the journal cannot be written; say so once in the log
            log.error("autosave journal not written: %s", err)
            return
        if self.journal.needs_sync:
            self._sync_timer.start()

    @staticmethod
    def _check_of(doc: RosterDocument) -> dict[str, Any]:
        """How the roster is checked (the journal's JSON), to check it the same way when it is restored."""
        reference = doc.reference
        ref_paths = list(reference.origin_paths) if reference is not None else []
        profile = doc.profile
        return {"profile": profile, "reference": ref_paths} if profile or ref_paths else {}

    def _start_snapshot(self, doc: RosterDocument, snapshot: Roster) -> None:
        """Write the snapshot journal in the background; edits until then wait in ``_waiting``."""
        self._waiting = []
        generation = self._generation
        folder = self.folder

        def done(journal: Journal) -> None:
            self._snapshot_task = None
            waiting, self._waiting = self._waiting or [], None
            if generation != self._generation or doc is not self.doc:
                journal.delete()  # saved, discarded or closed meanwhile
                return
            self.journal = journal
            try:
                for edit in waiting:
                    journal.append(edit)
            except OSError as err:
                log.error("autosave journal not written: %s", err)
            self.sync()

        def failed(err: BaseException) -> None:
            # editing goes on without a journal; the next edit tries again
            if generation == self._generation:
                self._waiting = None
            log.error("the copy of %s kept for recovery was not written: %s", doc.roster.name, err)

        def start() -> None:
            if generation != self._generation or doc is not self.doc:
                return
            # read when the work starts: the window sets how the roster is checked after opening it
            check = self._check_of(doc)

            def write(progress: Progress) -> Journal:
                journal = Journal.create(folder, snapshot, [], snapshot=snapshot, check=check)
                try:
                    progress.check()
                except Cancelled:
                    # dropped while it was written (the window closed without saving): leave nothing
                    journal.delete()
                    raise
                return journal
            self._snapshot_task = self.w.runner.start(
                "Keeping a copy for recovery", write, done, failed, lambda: None, visible=False
            )

        QTimer.singleShot(0, start)

    def sync(self) -> None:
        if self.journal is not None:
            try:
                self.journal.sync()
            except OSError as err:
                log.error("autosave journal not synced: %s", err)

    def _on_clean(self, clean: bool) -> None:
        doc = self.doc
        if clean and doc is not None and not doc.roster.modified and not doc.unsaved_roster:
            # the files on disk hold everything (saved, or undone back to the saved state)
            self.discard()
            if self.changes is not None:
                self.changes.saved()

    def roster_written(self) -> None:
        """The whole roster was written somewhere (Save As): a roster with no files of its own is
        now kept there, so its copy for recovery can go."""
        doc = self.doc
        if doc is not None and not self._paths(doc):
            self.discard()

    def discard(self) -> None:
        """Delete the journal (its edits are saved or were thrown away)."""
        self._sync_timer.stop()
        self._generation += 1
        self._waiting = None
        if self._snapshot_task is not None:
            self._snapshot_task.cancel()  # a copy being written is deleted as soon as it is
            self._snapshot_task = None
        if self.journal is not None:
            self.journal.delete()
            self.journal = None

    def finish(self) -> None:
        """The roster was closed normally (saved, discarded or unchanged): no journal is left."""
        self.discard()
        self.doc = None

    def _on_doc_destroyed(self, *_args: object) -> None:
        self.discard()
        self.doc = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.parent_widget and event.type() == QEvent.Type.Close:
            # closeEvent may still be refused ("Cancel"): look once it is decided
            QTimer.singleShot(0, self._after_close)
        return False

    def _after_close(self) -> None:
        if not self.parent_widget.isVisible():
            self.finish()

    # --- restoring ---------------------------------------------------------------------------
    def offer_restore(self, doc: RosterDocument) -> int:
        """Offer the newest journal left for this roster's paths; returns how many edits were restored
        (0 also when restoring waits for the first check to finish)."""
        if doc is not self.doc:
            return 0
        paths = self._paths(doc)
        if not paths:
            return 0  # a roster with no files: its journals are offered at start only
        pending = [j for j in pending_journals(self.folder) if not j.has_snapshot and j.matches(paths)]
        if not pending:
            return 0
        j = pending[0]
        if self._auto_restore == str(j.path):
            answer = "restore"
        else:
            answer = ask_restore(self.parent_widget, j)
        self._auto_restore = None
        if answer == "discard":
            j.discard()
            return 0
        if answer != "restore":
            return 0
        return self._restore_when_idle(doc, j)

    def _restore_when_idle(self, doc: RosterDocument, j: PendingJournal) -> int:
        # The first check reads the tables in a worker thread: rows must not move under it.
        if doc is not self.doc:
            return 0
        if self.w.busy:
            QTimer.singleShot(100, lambda: self._restore_when_idle(doc, j))
            return 0
        return self.restore(j)

    def restore(self, j: PendingJournal) -> int:
        """Replay a journal through the document (one undo step) and remove it."""
        doc = self.doc
        if doc is None:
            return 0
        n = j.count
        from gui.grid.edit_support import big_edit

        stack = doc.undo_stack
        applied = 0
        if n:
            with big_edit():
                stack.beginMacro(f"Restore {n:,} unsaved edit{'s' if n != 1 else ''}")
                try:
                    for edit in j.edits:
                        if edit.table in doc.roster:
                            doc.push(edit, "Restore unsaved edit")
                            applied += 1
                finally:
                    stack.endMacro()
        self.sync()
        j.discard()
        edits = f"{applied:,} unsaved edit{'s' if applied != 1 else ''}"
        if j.has_snapshot:
            text = f"Restored {j.name} as Prepare Renaissance import made it" + (f", and {edits}." if applied else ".")
            text += " It has no file yet: save it with File › Save."
        else:
            text = f"Restored {edits}. Undo (Ctrl+Z) takes them back out."
        self.w.status.showMessage(text, 15000)
        return applied

    def offer_at_start(self) -> None:
        """At start with no roster open: list the unsaved work of every run that stopped."""
        if self.w.document is not None or self.w.busy:
            return
        pending = pending_journals(self.folder)
        if not pending:
            return
        dlg = RecoveryDialog(pending, self.parent_widget)
        self.recovery_dialog = dlg
        dlg.restoreRequested.connect(self.restore_pending)
        dlg.finished.connect(lambda _r: self._dialog_closed(dlg))
        dlg.open()

    def _dialog_closed(self, dlg: RecoveryDialog) -> None:
        if self.recovery_dialog is dlg:
            self.recovery_dialog = None
        dlg.deleteLater()

    def restore_pending(self, j: PendingJournal) -> None:
        """Open the journal's roster (its files, or the snapshot) and replay its edits."""
        if not j.has_snapshot:
            self._auto_restore = str(j.path)
            self.w.open_paths(j.paths)
            return

        def work(_progress: Progress) -> tuple[Roster, Roster | None]:
            roster = j.load_snapshot()
            reference = None
            ref_paths = list(j.check.get("reference") or [])
            if ref_paths and all(os.path.exists(p) for p in ref_paths):
                from core.io.load import load_roster

                try:
                    reference = load_roster(ref_paths)
                except RosterError as err:  # checked without it: the roster itself is what matters
                    log.warning("the reference export of %s was not read again: %s", j.name, err)
            return roster, reference

        def done(result: tuple[Roster, Roster | None]) -> None:
            roster, reference = result
            if not self.w.close_roster():
                return
            doc = self.w.set_roster(roster, [])
            profile = j.check.get("profile")
            if profile or reference is not None:
                doc.check_against(profile, reference)
            self._restore_when_idle(doc, j)

        def failed(err: BaseException) -> None:
            QMessageBox.warning(
                self.parent_widget,
                "Could not restore",
                f"The copy of {j.name} kept for recovery could not be read: {err}\n\n"
                "It is kept; you can discard it the next time Roster Prep starts.",
            )

        self.w.runner.start(f"Restoring {j.name}", work, done, failed)
