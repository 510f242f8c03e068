"""The open roster as the window sees it: the core roster, its findings and its undo history.

Every change goes through an undo command (gui/commands.py) that calls the core and then
``RosterDocument.after_change``, which tells the views exactly which cells or rows changed and
re-checks. Views never write to the core themselves.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import compress, repeat
from operator import attrgetter, eq, is_not, not_
from typing import Any, Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from core.checks import combine_findings, sort_findings
from core.damage import detect_damage
from core.findings import Finding
from core.roster import Roster
from core.rules import RuleEngine
from core.rules.engine import ALL, in_scope
from core.table import Table
from gui.workers import window_first

#: an edited table up to this many rows has its damage findings recomputed at once; a bigger one
#: in the background (detecting damage reads every value of the table)
QUICK_DAMAGE_ROWS = 50_000
#: after a quick re-check, the full check waits for this pause in editing
IDLE_RECHECK_MS = 1500
#: a big edit (a replace-all, a paste, a fill) is re-checked at once in batches when the first rows
#: show it will take less than the budget; otherwise it goes to the background check. A row costs
#: 0.02 ms in users.csv and about 0.5 ms in a million-row enrollments.csv (its class's rows come
#: along): 1,000 users in 20 ms, while 100,000 enrollments give up after the first 50 rows.
QUICK_FIRST_ROWS = 50
QUICK_MAX_ROWS = 200
QUICK_BUDGET_S = 0.15

Cell = tuple[int, int]


class _ByRow:
    """Findings on rows, looked up by row (or by row and column) with a binary search: built from a
    million findings with C-level passes (sorting by row), where a dict would take seconds."""

    def __init__(self, findings: list[Finding]) -> None:
        findings.sort(key=attrgetter("row"))  # stable: keeps each row's findings in their order
        self.findings = findings
        self.rows = list(map(attrgetter("row"), findings))

    def row(self, r: int) -> list[Finding]:
        i = bisect_left(self.rows, r)
        return self.findings[i : bisect_right(self.rows, r, i)]

    def get(self, key: int, default: list[Finding] | None = None) -> list[Finding]:
        found = self.row(key)
        return found if found else (default if default is not None else [])

    def keys(self) -> set[int]:
        return set(self.rows)


class _ByCell:
    def __init__(self, by_row: _ByRow) -> None:
        self.by_row = by_row

    def get(self, key: Cell, default: list[Finding] | None = None) -> list[Finding]:
        r, c = key
        found = [f for f in self.by_row.row(r) if f.col == c]
        return found if found else (default if default is not None else [])


class FindingIndex:
    """Findings of one table by cell, by row and for the header, for fast lookups from the grid."""

    def __init__(self, findings: Sequence[Finding] = ()) -> None:
        findings = list(findings)
        counts = Counter(map(attrgetter("severity"), findings))
        self.errors = counts.get("error", 0)
        self.warnings = counts.get("warning", 0)
        on_row = list(map(is_not, map(attrgetter("row"), findings), repeat(None)))
        self.by_row = _ByRow(list(compress(findings, on_row)))
        self.by_cell = _ByCell(self.by_row)
        self.by_header: dict[int, list[Finding]] = defaultdict(list)
        self.file_level: list[Finding] = []
        for f in compress(findings, map(not_, on_row)):  # the few not on a row
            if f.line == 1 and f.col is not None:
                self.by_header[f.col].append(f)
            else:
                self.file_level.append(f)


class RosterDocument(QObject):
    """One open roster with its findings and undo stack."""

    #: table name, changed cells as (row, col) in table coordinates
    cellsChanged = Signal(str, list)
    #: table name: rows were inserted, deleted or reordered
    rowsChanged = Signal(str)
    #: the findings list was replaced
    findingsChanged = Signal()
    #: a check started (True) or finished (False)
    checkingChanged = Signal(bool)

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
        self.profile = profile
        self.reference = reference
        self.undo_stack = QUndoStack(self)
        self.findings: list[Finding] = []
        self._index: dict[str, FindingIndex] = {}
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(120)
        self._recheck_timer.timeout.connect(self.recheck_now)
        #: optional runner for checks in the background: takes a function, calls back with its result
        self.background: Callable[[Callable[[], Any], Callable[[Any], None]], None] | None = None
        # The parts the findings are made of, so an edit can replace only what it touched.
        self._rules: list[Finding] = []
        self._damage: list[Finding] = []
        self._engine: RuleEngine | None = None
        self._full_running = False
        #: bumped when rows are inserted, deleted or moved, or the profile changes: engines made
        #: before no longer fit
        self._fit = 0
    # --- findings ------------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding], *, presorted: bool = False) -> None:
        """Show these findings (``presorted``: already in ``sort_findings`` order)."""
        self.findings = findings if presorted else sort_findings(findings)
        files = list(map(attrgetter("file"), self.findings))
        self._index = {
            name or "": FindingIndex(list(compress(self.findings, map(eq, files, repeat(name)))))
            for name in set(files)
        }
        self.findingsChanged.emit()

    def index(self, table_name: str) -> FindingIndex:
        idx = self._index.get(table_name)
        if idx is None:
            idx = self._index[table_name] = FindingIndex()
        return idx

    def cell_findings(self, table_name: str, row: int, col: int) -> list[Finding]:
        idx = self._index.get(table_name)
        if idx is None:
            return []
        return idx.by_cell.get((row, col), [])

    def _full_check(self) -> tuple[RuleEngine | None, list[Finding], list[Finding]]:
        """A whole check with a new rule engine (may run in a thread): the engine, the rule
        findings and the damage findings; ``engine.warm()`` follows in the background once the
        findings are shown. (Window tests give known findings and no engine.)"""
        engine = RuleEngine(self.roster, self.profile, self.reference)
        rules = engine.check_all()
        damage = detect_damage(self.roster, self.reference)
        return engine, rules, damage

    def compute_findings(self) -> list[Finding]:
        """Every finding of the roster, as ``core.checks.check_roster`` gives them."""
        engine, rules, damage = self._full_check()
        self._engine, self._rules, self._damage = engine, rules, damage
        return self._combined()

    def check_against(self, profile: str | None, reference: Roster | None) -> None:
        """Check with another profile or reference export from now on (a full check follows)."""
        self.profile, self.reference = profile, reference
        self._engine = None
        self._fit += 1
        self.recheck_now()

    def _combined(self) -> list[Finding]:
        return combine_findings(self.roster, self._rules, self._damage)

    def _revisions(self) -> list[int]:
        return [t.revision for t in self.roster.tables]

    def recheck_now(self) -> None:
        """Check the whole roster again (in the background when a runner is set).

        In the background, the engine of the last full check goes on re-checking edits at once
        while the new one checks and then builds its indexes (``warm``); the new one takes over
        when it is warm, after re-checking the rows edited meanwhile.
        """
        self._recheck_timer.stop()
        if self.background is None:
            self.set_findings(self.compute_findings(), presorted=True)
            return
        if self._full_running:
            self._recheck_timer.start()  # one at a time: check again when this one is done
            return
        self._full_running = True
        self.checkingChanged.emit(True)
        started = self._revisions()
        fit = self._fit

        def work() -> tuple[RuleEngine | None, list[Finding], list[Finding]]:
            try:
                return self._full_check()
            except BaseException:
                # the runner reports the failure; a later check must be able to start
                self._full_running = False
                raise

        def finish() -> None:
            self._full_running = False
            self.checkingChanged.emit(False)

        def done(result: tuple[RuleEngine | None, list[Finding], list[Finding]]) -> None:
            engine, rules, damage = result
            if self._revisions() != started or self._fit != fit:
                # edited while the check ran: it may have read a cell before or after its change.
                # The previous engine, if any, re-checked the edits at once; a new full check follows.
                finish()
                self._recheck_timer.start()
                return
            self._rules, self._damage = rules, damage
            self.set_findings(self._combined(), presorted=True)
            if engine is None:
                finish()
                return
            # The findings show now; the indexes quick re-checks use are built next (seconds on a
            # million rows). Until then edits are re-checked by the previous engine, if any.

            def warm() -> None:
                try:
                    engine.warm()
                except BaseException:
                    finish()
                    raise

            def warmed(_: object) -> None:
                finish()
                if self._fit != fit:
                    return  # rows moved or the profile changed meanwhile: a new check is on its way
                self._engine = engine
                # cells edited while it warmed (its journal kept their old values) are re-checked
                # now; what is too big for that, or leaves damage to re-read, goes to the next full
                # check, as after any edit
                complete = [self._quick_recheck(name, rows) for name, rows in engine.edited_rows().items()]
                if not all(complete):
                    self._recheck_timer.start()

            self.background(warm, warmed)

        self.background(work, done)

    def _quick_recheck(self, table_name: str, rows: set[int]) -> bool:
        """Re-check only the edited rows and what refers to them; False when a full check is needed."""
        engine = self._engine  # never one being checked or warmed in the background
        if engine is None:
            return False
        ordered = sorted(rows)
        start = time.monotonic()
        done = 0
        while done < len(ordered):
            elapsed = time.monotonic() - start
            if done and elapsed / done * len(ordered) > QUICK_BUDGET_S:
                # too big to re-check at once (judged by the rows done so far): those show their
                # marks; the full check in the background does the rest (with a new engine)
                self._engine = None
                self.set_findings(self._combined(), presorted=True)
                return False
            # a small first batch tells what a row costs here before a big edit spends the budget
            size = QUICK_FIRST_ROWS if not done else QUICK_MAX_ROWS
            fresh, scope = engine.recheck(table_name, set(ordered[done : done + size]))
            done += size
            if ALL in scope:
                self._rules = fresh
                break
            self._rules = [f for f in self._rules if not in_scope(f, scope)] + fresh
        table = self.table(table_name)
        if table.nrows <= QUICK_DAMAGE_ROWS:
            self._damage = detect_damage(self.roster, self.reference)
            complete = True
        else:
            # the edited cells' damage findings are gone or still true; the rest is re-read later
            edited = {(table_name, r) for r in rows}
            self._damage = [f for f in self._damage if (f.file, f.row) not in edited]
            complete = False
        self.set_findings(self._combined(), presorted=True)
        return complete

    def schedule_recheck(self) -> None:
        self._recheck_timer.setInterval(120)
        self._recheck_timer.start()

    # --- changes (called by undo commands only) ------------------------------------------------
    def table(self, name: str) -> Table:
        return self.roster[name]

    def after_cells_changed(self, table_name: str, cells: Sequence[Cell]) -> None:
        self.cellsChanged.emit(table_name, list(cells))
        # The edited cells' marks update at once (a check running in the background steps aside);
        # the full check (which also refreshes file-level findings) follows when the user pauses.
        with window_first():
            quick = self._quick_recheck(table_name, {r for r, _ in cells})
        self._recheck_timer.setInterval(IDLE_RECHECK_MS if quick else 120)
        self._recheck_timer.start()

    def after_rows_changed(self, table_name: str) -> None:
        self.rowsChanged.emit(table_name)
        self._engine = None  # row positions moved: the engine's indexes no longer fit
        self._fit += 1  # nor those of an engine still checking or warming in the background
        self.schedule_recheck()

    # --- convenience for views and actions: each is one undoable step --------------------------
    def set_cells(
        self, table_name: str, changes: Sequence[tuple[int, int, str]], text: str = "Edit", drop_extras: Sequence[int] = ()
    ) -> None:
        """Set cells as one undo step; ``drop_extras`` rows also lose the fields their record had
        beyond the header (a repaired spilled list has them in its cells now)."""
        from gui.commands import SetCellsCommand

        table = self.table(table_name)
        changes = [c for c in changes if table.cell(c[0], c[1]) != c[2] or table.is_missing(c[0], c[1])]
        drop_extras = [r for r in drop_extras if table.extra_fields(r)]
        if changes or drop_extras:
            self.undo_stack.push(SetCellsCommand(self, table_name, changes, text, drop_extras))

    def insert_rows(self, table_name: str, at: int, rows: Sequence[Sequence[str]], text: str = "Insert rows") -> None:
        from gui.commands import InsertRowsCommand

        if rows:
            self.undo_stack.push(InsertRowsCommand(self, table_name, at, [list(r) for r in rows], text))

    def delete_rows(self, table_name: str, rows: Sequence[int], text: str = "Delete rows") -> None:
        from gui.commands import DeleteRowsCommand

        if rows:
            self.undo_stack.push(DeleteRowsCommand(self, table_name, list(rows), text))

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean() or self.roster.modified
