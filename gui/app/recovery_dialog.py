"""At start: the unsaved work Roster Prep found from runs that stopped, one row per roster.

Each row says the roster's name, how many files it has, how many edits were not saved and when the
last one was made, with Restore and Discard. The list scrolls, so any number of them fits a
1366x768 screen. The dialog is window-modal but does not block (``open()``): Restore emits
``restoreRequested`` and closes it; Discard asks once and removes the row.
"""

from __future__ import annotations

import datetime as _dt
import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.recovery import PendingJournal


def when(ts: float) -> str:
    """A time as people say it: "today at 14:05", "yesterday at 09:12" or "3 Nov 2025 at 16:40"."""
    t = _dt.datetime.fromtimestamp(ts)
    today = _dt.date.today()
    clock = t.strftime("%H:%M")
    if t.date() == today:
        return f"today at {clock}"
    if t.date() == today - _dt.timedelta(days=1):
        return f"yesterday at {clock}"
    return f"{t.day} {t.strftime('%b %Y')} at {clock}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def describe(j: PendingJournal) -> tuple[str, str]:
    """The row's two lines: what the work is, and where it came from (or why it cannot come back)."""
    files = _plural(j.file_count, "file")
    if j.has_snapshot:
        title = f"Roster made with Prepare Renaissance import ({files}), not saved yet"
        edits = f"{_plural(j.count, 'edit')} after it" if j.count else "no edits after it"
        detail = f"{edits}; last change {when(j.last_time)}"
    else:
        title = f"{j.name} ({files}): {_plural(j.count, 'unsaved edit')}"
        detail = f"Last edit {when(j.last_time)}, in {' and '.join(j.paths) or 'an unknown place'}"
    if not j.restorable():
        detail += (
            ". The copy kept for recovery is incomplete, so this cannot be restored."
            if j.has_snapshot
            else ". The files are no longer there (moved or deleted), so the edits cannot be restored."
        )
    elif not j.has_snapshot and not j.files_unchanged():
        detail += ". The files have changed since then: check the restored edits before saving."
    return title, detail


class RecoveryDialog(QDialog):
    """The list of unsaved work left by runs that stopped; Restore one or Discard each."""

    #: the journal to restore (the dialog closes)
    restoreRequested = Signal(object)

    def __init__(self, pending: list[PendingJournal], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore unsaved work")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.pending = list(pending)
        #: the row widget of each journal still listed
        self.rows: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        # not "scroll": that name would hide QWidget.scroll()
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QWidget(self.scroll_area)
        self.list_layout = QVBoxLayout(inner)
        self.list_layout.setContentsMargins(8, 8, 8, 8)
        for j in self.pending:
            row = self._row(j, inner)
            self.rows[str(j.path)] = row
            self.list_layout.addWidget(row)
        self.list_layout.addStretch(1)
        self.scroll_area.setWidget(inner)
        layout.addWidget(self.scroll_area, 1)
        note = QLabel("Work you neither restore nor discard stays here and is offered again next time.", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(self)
        self.later_button = buttons.addButton("Decide later", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_heading()
        # wide enough for a path, never taller than a 768-pixel screen leaves a dialog
        self.resize(640, min(160 + 86 * len(self.pending), 560))

    def _row(self, j: PendingJournal, parent: QWidget) -> QWidget:
        row = QFrame(parent)
        row.setObjectName("recovery-row")
        row.setFrameShape(QFrame.Shape.NoFrame)
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 4, 0, 4)
        title, detail = describe(j)
        text = QLabel(f"<b>{_html(title)}</b><br>{_html(detail)}", row)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setToolTip("\n".join(j.paths) if j.paths else "")
        lay.addWidget(text, 1)
        restore = QPushButton("Restore", row)
        restore.setObjectName("restore")
        restore.setEnabled(j.restorable())
        restore.clicked.connect(lambda _=False, j=j: self._restore(j))
        discard = QPushButton("Discard", row)
        discard.setObjectName("discard")
        discard.clicked.connect(lambda _=False, j=j: self.discard(j))
        lay.addWidget(restore, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(discard, 0, Qt.AlignmentFlag.AlignTop)
        row.setProperty("journal", str(j.path))
        return row

    def _update_heading(self) -> None:
        n = len(self.rows)
        self.heading.setText(
            "<b>Roster Prep stopped before this work was saved.</b> Restore it to go on where you were, or discard it."
            if n == 1
            else f"<b>Roster Prep stopped before the work on {n} rosters was saved.</b> Restore one to go on "
            "where you were (one roster is open at a time), or discard what you no longer need."
        )

    def buttons_for(self, j: PendingJournal) -> tuple[QPushButton, QPushButton]:
        """The Restore and Discard buttons of a journal's row (for keyboard users and tests)."""
        row = self.rows[str(j.path)]
        restore = row.findChild(QPushButton, "restore")
        discard = row.findChild(QPushButton, "discard")
        assert restore is not None and discard is not None
        return restore, discard

    def _restore(self, j: PendingJournal) -> None:
        self.accept()
        self.restoreRequested.emit(j)

    def discard(self, j: PendingJournal) -> bool:
        """Ask once, then delete the journal (and its snapshot) and take its row away."""
        title, _ = describe(j)
        answer = QMessageBox.question(
            self,
            "Discard unsaved work",
            f"Discard {title}?\n\nThis cannot be undone.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Discard:
            return False
        j.discard()
        row = self.rows.pop(str(j.path))
        row.hide()
        row.deleteLater()
        self.pending = [p for p in self.pending if p.path != j.path]
        if not self.rows:
            self.accept()
        else:
            self._update_heading()
        return True


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(os.linesep, "<br>")
