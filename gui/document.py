"""The open roster as the window sees it: the core roster, its findings and its undo history.

Every change goes through an undo command (gui/commands.py) that calls the core and then
``RosterDocument.after_change``, which tells the views exactly which cells or rows changed and
re-checks. Views never write to the core themselves.
"""

from __future__ import annotations

import time
from collections import defaultdict
from itertools import compress, filterfalse, repeat
from operator import attrgetter, eq
from typing import Any
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from core.checks import combine_findings, sort_findings
from core.damage import detect_damage, is_damage
from core.findings import Finding
from core.roster import Roster
from core.rules import RuleEngine
from core.rules.engine import ALL, in_scope, scope_rows
from core.table import Table
from core.finding_index import Cell, FindingIndex
from gui.background.workers import window_first

#: a roster of up to this many rows in all has its damage findings recomputed at once after an
#: edit; a bigger one in the background (detecting damage reads every value of every file: an edit
#: of a small users.csv beside a million enrollments took 1.1 s)
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
#: with more findings than this, a quick re-check replaces the marks of the rows it re-checked in
#: place, and the Problems list waits for the full check that follows the pause in editing:
#: rebuilding the list and the indexes costs about 3.5 µs a finding (a million: 3.5 s an edit)
LARGE_FINDINGS = 20_000


def index_findings(findings: list[Finding]) -> dict[str, FindingIndex]:
    """The grid's index of each file's findings (no Qt: may be made in a worker thread)."""
    files = list(map(attrgetter("file"), findings))
    return {name or "": FindingIndex(list(compress(findings, map(eq, files, repeat(name))))) for name in set(files)}


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
    def set_findings(
        self, findings: list[Finding], *, presorted: bool = False, indexes: dict[str, FindingIndex] | None = None
    ) -> None:
        """Show these findings (``presorted``: already in ``sort_findings`` order; ``indexes``:
        their ``index_findings``, made in the background)."""
        self.findings = findings if presorted else sort_findings(findings)
        self._index = indexes if indexes is not None else index_findings(self.findings)
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

        def work() -> tuple[RuleEngine | None, list[Finding], list[Finding], list[Finding], dict[str, FindingIndex]]:
            try:
                engine, rules, damage = self._full_check()
                # combined, sorted and indexed here: on a million findings that is 2 s the window
                # would otherwise stand still for
                combined = combine_findings(self.roster, rules, damage)
                return engine, rules, damage, combined, index_findings(combined)
            except BaseException:
                # the runner reports the failure; a later check must be able to start
                self._full_running = False
                raise

        def finish() -> None:
            self._full_running = False
            self.checkingChanged.emit(False)

        def done(result: tuple[RuleEngine | None, list[Finding], list[Finding], list[Finding], dict[str, FindingIndex]]) -> None:
            engine, rules, damage, combined, indexes = result
            edited = self._revisions() != started
            if self._fit != fit or (edited and (self._engine is not None or engine is None)):
                # Rows moved or the profile changed; or the user edited while it ran and a previous
                # engine has already re-checked those edits: this check may have read a cell before
                # or after its change. A new full check follows.
                finish()
                self._recheck_timer.start()
                return
            if edited:
                # no engine served the edits (the first check after opening): rather than start
                # again, show this check's findings; its journals kept the edited cells' old values,
                # so it re-checks them once warm, and a full check follows for the file-level ones
                self._recheck_timer.start()
            self._rules, self._damage = rules, damage
            self.set_findings(combined, presorted=True, indexes=indexes)
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
                # cells edited since it began (while it warmed, or while a first check ran: its
                # journals kept their old values) are re-checked now; what is too big for that, or
                # leaves damage to re-read, goes to the next full check, as after any edit
                complete = [self._quick_recheck(name, rows) for name, rows in engine.edited_rows().items()]
                if not all(complete):
                    self._recheck_timer.start()

            self.background(warm, warmed)

        self.background(work, done)

    def _quick_recheck(self, table_name: str, rows: set[int], cells: Sequence[Cell] | None = None) -> bool:
        """Re-check only the edited rows and what refers to them; False when a full check is needed
        soon (the edit was too big to re-check at once, or its damage findings wait for it).
        ``cells``: the edited cells, when known (else every cell of the rows counts as edited)."""
        edited_cells = set(cells) if cells is not None else None

        def edited(f: Finding) -> bool:
            """The finding is on an edited cell (its damage, if any, is read again later)."""
            if f.file != table_name:
                return False
            return (f.row, f.col) in edited_cells if edited_cells is not None else f.row in rows

        engine = self._engine  # never one being checked or warmed in the background
        if engine is None:
            return False
        large = len(self.findings) > LARGE_FINDINGS
        ordered = sorted(rows)
        start = time.monotonic()
        done = 0
        while done < len(ordered):
            elapsed = time.monotonic() - start
            if done and elapsed / done * len(ordered) > QUICK_BUDGET_S:
                # too big to re-check at once (judged by the rows done so far): those show their
                # marks; the full check in the background does the rest (with a new engine)
                self._engine = None
                if large:
                    self.marksChanged.emit()
                else:
                    self.set_findings(self._combined(), presorted=True)
                return False
            # a small first batch tells what a row costs here before a big edit spends the budget
            size = QUICK_FIRST_ROWS if not done else QUICK_MAX_ROWS
            fresh, scope = engine.recheck(table_name, set(ordered[done : done + size]))
            done += size
            if ALL in scope:
                self._rules = fresh
                large = False  # a full check after all: its findings are shown whole
                break
            if large:
                self._mark_rows(fresh, scope, edited)
            else:
                self._rules = [f for f in self._rules if not in_scope(f, scope)] + fresh
        if large:
            # the Problems list, the file-level findings and the damage of the edited rows follow
            # with the full check after the pause in editing
            self.marksChanged.emit()
            self._recheck_timer.setInterval(IDLE_RECHECK_MS)
            self._recheck_timer.start()
            return True
        if sum(t.nrows for t in self.roster.tables) <= QUICK_DAMAGE_ROWS:
            self._damage = detect_damage(self.roster, self.reference)
            complete = True
        else:
            # the edited cells' damage findings are gone or still true; the rest is re-read later
            self._damage = list(filterfalse(edited, self._damage))
            complete = False
        self.set_findings(self._combined(), presorted=True)
        return complete

    def _mark_rows(self, fresh: list[Finding], scope: set[str], edited: Callable[[Finding], bool]) -> None:
        """Replace the findings of the re-checked rows in the grid's indexes (a large roster).

        A row keeps its load findings and its damage findings (but not those on ``edited`` cells:
        the full check reads them again), and gets its fresh rule findings, except on cells a
        damage finding already explains (as ``merge_cell_findings`` does).
        """
        loaded = {id(f) for f in self.roster.load_findings}

        def still_true(f: Finding) -> bool:
            if id(f) in loaded:
                return True
            return is_damage(f) and not edited(f)  # a rule's finding: the fresh ones replace it

        by_row: dict[tuple[str, int], list[Finding]] = defaultdict(list)
        for f in fresh:
            by_row[(f.file, f.row)].append(f)  # type: ignore[index]
        for file, r in scope_rows(scope):
            index = self.index(file)
            kept = list(filter(still_true, index.by_row.row(r)))
            explained = {f.col for f in kept if is_damage(f)}
            fresh_here = [f for f in by_row.get((file, r), ()) if f.col not in explained]
            index.replace_row(r, sort_findings(kept + fresh_here))

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
            quick = self._quick_recheck(table_name, {r for r, _ in cells}, cells)
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
