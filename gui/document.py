"""The open roster as the window sees it: Qt signals, a timer and a task runner over the core.

Every change is a core edit (core/edits.py) pushed on the undo stack as one ``EditCommand``
(gui/undo.py); applying it goes through ``RosterDocument.apply``, which tells the views exactly
which cells or rows changed, hands the edit and its inverse to whoever records them (the changes
view, the autosave journal) and asks the live check (core/live_check.py) to re-check. Views never
write to the core themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from shiboken6 import isValid

from core.edits import DeleteRows, Edit, InsertRows, RenameColumn, ReorderRows, SetCells, check_column_name, header_fix
from core.finding_index import Cell, FindingIndex
from core.findings import Finding
from core.live_check import FullResult, LiveCheck, Next, Step
from core.roster import Roster
from core.table import Table
from gui.background.workers import CheckRunner, TaskRunner, window_first
from gui.undo import EditCommand

#: after a quick re-check, the full check waits for this pause in editing
IDLE_RECHECK_MS = 1500
SOON_MS = 120

class RosterDocument(QObject):
    """One open roster with its findings and undo stack."""

    #: table name, changed cells as (row, col) in table coordinates
    cellsChanged = Signal(str, list)
    #: table name: rows were inserted, deleted or reordered
    rowsChanged = Signal(str)
    #: the findings list was replaced
    findingsChanged = Signal()
    #: the marks of some rows changed in place (a quick re-check on a large roster); the findings
    #: list itself is unchanged until the next findingsChanged
    marksChanged = Signal()
    #: a check started (True) or finished (False)
    checkingChanged = Signal(bool)
    #: whether the findings describe the whole roster as it is now (``complete``) changed
    completeChanged = Signal(bool)
    #: an edit was applied (a do or an undo alike): the edit and the inverse it returned
    applied = Signal(object, object)
    #: a background check failed (the exception); whoever shows the document reports it
    checkFailed = Signal(object)

    def __init__(
        self,
        roster: Roster,
        *,
        profile: str | None = None,
        reference: Roster | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.roster = roster
        self.live = LiveCheck(roster, profile, reference)
        self.undo_stack = QUndoStack(self)
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(SOON_MS)
        self._recheck_timer.timeout.connect(self.recheck_now)
        #: optional runner for checks in the background: takes a function, calls back with its result
        self.background: CheckRunner | None = None
        self._was_complete = False

    # --- findings ------------------------------------------------------------------------------
    @property
    def findings(self) -> list[Finding]:
        return self.live.findings

    @property
    def complete(self) -> bool:
        """True when the findings describe the whole roster as it is now (no check pending)."""
        return self.live.complete

    @property
    def profile(self) -> str | None:
        return self.live.profile

    @property
    def reference(self) -> Roster | None:
        return self.live.reference

    def set_findings(
        self,
        findings: list[Finding],
        *,
        presorted: bool = False,
        indexes: dict[str, FindingIndex] | None = None,
        complete: bool = True,
    ) -> None:
        """Show these findings (``complete``: False for part of them, such as what loading found
        before the first check)."""
        self.live.show(findings, presorted=presorted, indexes=indexes, complete=complete)
        self.findingsChanged.emit()
        self._tell_complete()

    def index(self, table_name: str) -> FindingIndex:
        return self.live.index(table_name)

    def cell_findings(self, table_name: str, row: int, col: int) -> list[Finding]:
        return self.live.cell_findings(table_name, row, col)

    def check_against(self, profile: str | None, reference: Roster | None) -> None:
        """Check with another profile or reference export from now on (a full check follows)."""
        self._follow(self.live.check_against(profile, reference))
        self.recheck_now()

    def _tell_complete(self) -> None:
        now = self.live.complete
        if now != self._was_complete:
            self._was_complete = now
            self.completeChanged.emit(now)

    def _follow(self, step: Step) -> None:
        """Tell the views what a step of the live check changed and plan the next full check."""
        if step.findings:
            self.findingsChanged.emit()
        elif step.marks:
            self.marksChanged.emit()
        if step.next is Next.SOON:
            self.schedule_recheck()
        elif step.next is Next.AFTER_PAUSE:
            self._recheck_timer.setInterval(IDLE_RECHECK_MS)
            self._recheck_timer.start()
        self._tell_complete()

    def recheck_now(self) -> None:
        """Check the whole roster again (in the background when a runner is set)."""
        self._recheck_timer.stop()
        if self.background is None:
            self.live.check_now()
            self.findingsChanged.emit()
            self._tell_complete()
            return
        if self.live.running:
            self._recheck_timer.start()  # one at a time: check again when this one is done
            return
        self.checkingChanged.emit(True)
        background = self.background

        def done(result: FullResult) -> None:
            if not isValid(self) or self.background is not background:
                return  # the document was closed (its checks cancelled) or deleted with its owner
            step, warm = self.live.finish_full(result)
            self._follow(step)
            if warm is None:
                self.checkingChanged.emit(False)
                return

            def warmed(_: object) -> None:
                if not isValid(self) or self.background is not background:
                    return
                self.checkingChanged.emit(False)
                self._follow(self.live.warmed(result))

            background(warm, warmed)

        background(self.live.start_full(), done)

    def schedule_recheck(self) -> None:
        self._recheck_timer.setInterval(SOON_MS)
        self._recheck_timer.start()

    def run_checks_with(self, runner: TaskRunner) -> None:
        """Check in the background through this runner from now on (failures: ``checkFailed``)."""
        self.background = runner.check_runner(self.checkFailed.emit)

    def cancel_checks(self) -> None:
        """Stop checking: planned checks never start, running ones are ignored when they end."""
        self._recheck_timer.stop()
        self.background = None

    # --- changes -------------------------------------------------------------------------------
    def table(self, name: str) -> Table:
        return self.roster[name]

    def apply(self, edit: Edit) -> Edit:
        """Apply an edit (called by the undo stack's commands only); returns its inverse."""
        inverse = edit.apply(self.roster)
        self.applied.emit(edit, inverse)
        if isinstance(edit, SetCells):
            cells = edit.touched_cells
            self.cellsChanged.emit(edit.table, cells)
            # The edited cells' marks update at once (a check running in the background steps
            # aside); the full check (which also refreshes file-level findings) follows later.
            with window_first():
                self._follow(self.live.cells_changed(edit.table, cells))
        else:
            # rows moved, or a column renamed (a header name decides which rule its column follows):
            # every engine's indexes are out of date, and the views read the table again
            self.after_rows_changed(edit.table)
        return inverse

    def after_rows_changed(self, table_name: str) -> None:
        """Rows of a table moved (an edit, or a save that renumbered its lines)."""
        self.rowsChanged.emit(table_name)
        self._follow(self.live.rows_changed(table_name))

    def push(self, edit: Edit, text: str) -> None:
        """Apply an edit as one undoable step."""
        self.undo_stack.push(EditCommand(self, edit, text))

    # --- convenience for views and actions: each is one undoable step --------------------------
    def set_cells(
        self, table_name: str, changes: Sequence[tuple[int, int, str]], text: str = "Edit", drop_extras: Sequence[int] = ()
    ) -> None:
        """Set cells as one undo step; ``drop_extras`` rows also lose the fields their record had
        beyond the header (a repaired spilled list has them in its cells now)."""
        table = self.table(table_name)
        changes = [c for c in changes if table.cell(c[0], c[1]) != c[2] or table.is_missing(c[0], c[1])]
        drop_extras = [r for r in drop_extras if table.extra_fields(r)]
        if changes or drop_extras:
            self.push(SetCells(table_name, list(changes), drop_extras), text)

    def insert_rows(self, table_name: str, at: int, rows: Sequence[Sequence[str]], text: str = "Insert rows") -> None:
        if rows:
            self.push(InsertRows(table_name, at, [list(r) for r in rows]), text)

    def delete_rows(self, table_name: str, rows: Sequence[int], text: str = "Delete rows") -> None:
        if rows:
            self.push(DeleteRows(table_name, sorted(set(rows))), text)

    def reorder_rows(self, table_name: str, order: Sequence[int], text: str = "Sort rows in the file") -> None:
        self.push(ReorderRows(table_name, list(order)), text)

    def rename_column(self, table_name: str, col: int, name: str) -> bool:
        """Give a column a new header name as one undo step; False when it has that name already."""
        old = self.table(table_name).header[col]
        if old == name:
            return False
        self.push(RenameColumn(table_name, col, name), rename_label(table_name, old, name))
        return True

    def header_renames(self, findings: Sequence[Finding]) -> list[RenameColumn]:
        """The renames header findings' fixes stand for (a misspelled or wrongly cased column name:
        the fix is the right name), one per column, leaving out columns renamed since they were
        found and names another column already has."""
        out: dict[tuple[str, int], RenameColumn] = {}
        for f in findings:
            if f.file is None or f.file not in self.roster:
                continue
            table = self.table(f.file)
            edit = header_fix(f, table)
            if edit is not None and check_column_name(table, edit.col, edit.name) is None:
                out.setdefault((edit.table, edit.col), edit)
        return list(out.values())

    @property
    def modified(self) -> bool:
        """Unsaved changes: the undo stack is away from its clean state (undoing every edit since
        the last save leaves the roster unmodified), or the roster was never saved at all."""
        return not self.undo_stack.isClean() or self.unsaved_roster

    #: the roster exists only in memory (a wizard's result) until it is saved somewhere
    unsaved_roster = False


def rename_label(table_name: str, old: str, new: str) -> str:
    """The undo label of a rename: "Rename column users.csv givenname → givenName"."""
    return f"Rename column {table_name} {old} → {new}"


__all__ = ["Cell", "RosterDocument", "rename_label"]
