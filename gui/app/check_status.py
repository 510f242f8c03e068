"""Whether the open roster's full check is running, shown in the status bar, and one retry when a
check fails (most likely an edit changed a table under it)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from gui.app.status import StatusBar
from gui.background.workers import traceback_text
from gui.document import RosterDocument

log = logging.getLogger(__name__)


class CheckStatus(QObject):
    """Follows a document's ``checkingChanged``, ``checkFailed`` and ``findingsChanged`` for the window
    (a QObject, so the document's signals reach it in the window's thread)."""

    def __init__(self, status: StatusBar, document: Callable[[], RosterDocument | None], parent: QObject) -> None:
        super().__init__(parent)
        self.status = status
        self.document = document
        #: a full check runs (the window is busy)
        self.checking = False
        self._retried = False

    def changed(self, on: bool) -> None:
        """A full check started (True) or ended."""
        self.checking = on
        self.status.set_checking(on)

    def stopped(self) -> None:
        """The roster is gone: nothing is being checked."""
        self.checking = False
        self.status.set_checking(False)

    def failed(self, err: BaseException) -> None:
        """A check failed: check once more, else say so in the status bar (details in the log)."""
        log.error("checking failed: %s\n%s", err, traceback_text(err))
        self.stopped()
        doc = self.document()
        if doc is not None and not self._retried:
            # most likely an edit changed a table under the running check: check once more
            self._retried = True
            doc.schedule_recheck()
            return
        self.status.showMessage("Checking stopped with an internal error; details are in the log file.", 10000)

    def checked(self) -> None:
        """Findings arrived: a later failure gets its retry again."""
        self._retried = False
