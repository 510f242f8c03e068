"""No lost work: the autosave journal of the open roster, and the offer to restore after a crash.

Every change the undo stack does or undoes (RosterDocument.applied) is appended to a journal
in <data folder>/journal (core/recovery.py). The journal goes away when the files on disk match the
roster again (saved, or undone back to the saved state), when the user discards the changes, or when
the window closes normally. A journal left behind means Roster Prep stopped with unsaved edits: when
the same files are opened again (or at start, for any such journal), the user is offered to restore
them; restored edits are one undoable step.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core.edits import Edit
from core.recovery import Journal, PendingJournal, pending_journals

log = logging.getLogger(__name__)


def journal_folder() -> str:
    """<user data folder>/journal ($ROSTERPREP_DATA_DIR or QStandardPaths.AppDataLocation)."""
    from gui.app.paths import data_dir

    return os.path.join(data_dir(), "journal")


def when(ts: float) -> str:
    """A time as people say it: "today at 14:05", "yesterday at 09:12" or "3 Nov at 16:40"."""
    t = _dt.datetime.fromtimestamp(ts)
    today = _dt.date.today()
    clock = t.strftime("%H:%M")
    if t.date() == today:
        return f"today at {clock}"
    if t.date() == today - _dt.timedelta(days=1):
        return f"yesterday at {clock}"
    return f"{t.day} {t.strftime('%b %Y')} at {clock}"


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


class Autosave(QObject):
    """Keeps the journal of the window's open roster and offers restores."""

    def __init__(self, window: Any, changes: Any = None, folder: str | None = None) -> None:
        super().__init__(window)
        self.w = window
        self.changes = changes
        self.folder = folder or journal_folder()
        self.doc: Any = None
        self.journal: Journal | None = None
        #: a journal to restore without asking when its roster opens (chosen at start)
        self._auto_restore: str | None = None
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(200)
        self._sync_timer.timeout.connect(self.sync)
        window.documentOpened.connect(self.document_opened)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.finish)
        QTimer.singleShot(0, self.offer_at_start)

    # --- the journal of the open roster ------------------------------------------------------
    def document_opened(self, doc: Any) -> None:
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
        QTimer.singleShot(0, lambda d=doc: self.offer_restore(d))

    def _paths(self, doc: Any) -> list[str]:
        return list(doc.roster.origin_paths) or list(getattr(self.w, "paths", []) or [])

    def _on_edit(self, edit: Edit, _inverse: Edit) -> None:
        if self.doc is None:
            return
        try:
            if self.journal is None:
                self.journal = Journal.create(self.folder, self.doc.roster, self._paths(self.doc))
            self.journal.append(edit)
        except OSError as err:
            # never stop editing because the journal cannot be written; say so once in the log
            log.error("autosave journal not written: %s", err)
            return
        if self.journal.needs_sync:
            self._sync_timer.start()

    def sync(self) -> None:
        if self.journal is not None:
            try:
                self.journal.sync()
            except OSError as err:
                log.error("autosave journal not synced: %s", err)

    def _on_clean(self, clean: bool) -> None:
        doc = self.doc
        if clean and doc is not None and not doc.roster.modified:
            # the files on disk hold everything (saved, or undone back to the saved state)
            self.discard()
            if self.changes is not None:
                self.changes.saved()

    def discard(self) -> None:
        """Delete the journal (its edits are saved or were thrown away)."""
        self._sync_timer.stop()
        if self.journal is not None:
            self.journal.delete()
            self.journal = None

    def finish(self) -> None:
        """The roster was closed normally (saved, discarded or unchanged): no journal is left."""
        self.discard()
        self.doc = None

    def _on_doc_destroyed(self, *_args: Any) -> None:
        self.discard()
        self.doc = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.w and event.type() == QEvent.Type.Close:
            # closeEvent may still be refused ("Cancel"): look once it is decided
            QTimer.singleShot(0, self._after_close)
        return False

    def _after_close(self) -> None:
        if not self.w.isVisible():
            self.finish()

    # --- restoring ---------------------------------------------------------------------------
    def offer_restore(self, doc: Any) -> int:
        """Offer the newest journal left for this roster's paths; returns how many edits were restored
        (0 also when restoring waits for the first check to finish)."""
        if doc is not self.doc:
            return 0
        paths = self._paths(doc)
        pending = [j for j in pending_journals(self.folder) if j.matches(paths)]
        if not pending:
            return 0
        j = pending[0]
        if self._auto_restore == str(j.path):
            answer = "restore"
        else:
            answer = ask_restore(self.w, j)
        self._auto_restore = None
        if answer == "discard":
            j.discard()
            return 0
        if answer != "restore":
            return 0
        return self._restore_when_idle(doc, j)

    def _restore_when_idle(self, doc: Any, j: PendingJournal) -> int:
        # The first check reads the tables in a worker thread: rows must not move under it.
        if doc is not self.doc:
            return 0
        if getattr(self.w, "busy", False):
            QTimer.singleShot(100, lambda: self._restore_when_idle(doc, j))
            return 0
        return self.restore(j)

    def restore(self, j: PendingJournal) -> int:
        """Replay a journal through the document (one undo step) and remove it."""
        doc = self.doc
        n = j.count
        from gui.grid.editing import big_edit

        stack = doc.undo_stack
        applied = 0
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
        status = getattr(self.w, "status", None)
        if status is not None:
            status.showMessage(f"Restored {applied:,} unsaved edit{'s' if applied != 1 else ''}. Undo (Ctrl+Z) takes them back out.", 10000)
        return applied

    def offer_at_start(self) -> None:
        """At start with no roster open: offer any journal left behind (opening its roster first)."""
        if getattr(self.w, "document", None) is not None or getattr(self.w, "busy", False):
            return
        pending = pending_journals(self.folder)
        if not pending or not pending[0].paths:
            return
        j = pending[0]
        if not all(os.path.exists(p) for p in j.paths):
            return
        answer = ask_restore(self.w, j, open_first=True)
        if answer == "discard":
            j.discard()
        elif answer == "restore":
            self._auto_restore = str(j.path)
            self.w.open_paths(j.paths)
