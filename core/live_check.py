"""The live check: a roster's findings, kept true while it is edited, and whether they are complete.

No Qt here: the window (gui/document.py) owns a timer and a task runner and asks this object what to
do; a test drives it directly.

- A **full check** (``start_full`` gives the work, which may run in a thread; ``finish_full`` takes
  its result in the caller's thread) checks every file with a new rule engine and detects damage.
  The engine then builds the indexes that quick re-checks use (``warm``, in the background too); it
  takes over when warm, after re-checking the rows edited meanwhile.
- An edit is **re-checked at once** (``cells_changed``): the edited rows and what refers to them,
  by the last warm engine, within a time budget. A big edit that does not fit the budget is left to
  the next full check. On a roster with many findings, the re-checked rows' marks are replaced in
  place and the findings list follows with the full check after a pause in editing: rebuilding the
  list costs about 3.5 µs a finding (a million: 3.5 s an edit).
- ``complete`` says whether ``findings`` describe the whole roster as it is now. It is False from an
  edit (or a change of profile or reference) until a full check that began after it is shown. No
  view may call a roster clean while it is False.

Each step returns when the next full check should run (``Next``): never, soon (an edit needs it), or
after a pause in editing (the edit's marks are shown; the rest can wait for the user to stop).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import filterfalse
from typing import TypeAlias

from core.checks import combine_findings, sort_findings
from core.damage import detect_damage, is_damage
from core.finding_index import Cell, FindingIndex, index_findings
from core.findings import Finding
from core.roster import Roster
from core.rules import RuleEngine
from core.rules.engine import ALL, in_scope, scope_rows

#: a roster of up to this many rows in all has its damage findings recomputed at once after an
#: edit; a bigger one in the full check (detecting damage reads every value of every file: an edit
#: of a small users.csv beside a million enrollments took 1.1 s)
QUICK_DAMAGE_ROWS = 50_000
#: a big edit (a replace-all, a paste, a fill) is re-checked at once in batches when the first rows
#: show it will take less than the budget; otherwise it goes to the full check. A row costs 0.02 ms
#: in users.csv and about 0.5 ms in a million-row enrollments.csv (its class's rows come along):
#: 1,000 users in 20 ms, while 100,000 enrollments give up after the first 50 rows.
QUICK_FIRST_ROWS = 50
QUICK_MAX_ROWS = 200
QUICK_BUDGET_S = 0.15
#: with more findings than this, a quick re-check replaces the marks of the rows it re-checked in
#: place, and the findings list waits for the full check that follows the pause in editing
LARGE_FINDINGS = 20_000


class Next(Enum):
    """When the next full check should run."""

    NONE = 0
    SOON = 1
    AFTER_PAUSE = 2


@dataclass
class Step:
    """What a step of the live check changed, and when the next full check should run."""

    #: the findings list was replaced (views re-read it)
    findings: bool = False
    #: only the marks of some rows changed in place (a quick re-check on a large roster)
    marks: bool = False
    next: Next = Next.NONE


@dataclass
class FullResult:
    """What a full check made (in a worker): the engine, its parts, and the combined findings."""

    engine: RuleEngine | None
    rules: list[Finding]
    damage: list[Finding]
    combined: list[Finding]
    indexes: dict[str, FindingIndex]
    #: the tables' revisions and the row-layout generation when it began
    started: list[int]
    fit: int


Work: TypeAlias = Callable[[], FullResult]


class LiveCheck:
    """The findings of one roster, kept true as it is edited."""

    def __init__(self, roster: Roster, profile: str | None = None, reference: Roster | None = None) -> None:
        self.roster = roster
        self.profile = profile
        self.reference = reference
        self.findings: list[Finding] = []
        self._index: dict[str, FindingIndex] = {}
        # the parts the findings are made of, so an edit can replace only what it touched
        self._rules: list[Finding] = []
        self._damage: list[Finding] = []
        #: the engine quick re-checks use: never one being checked or warmed in the background
        self._engine: RuleEngine | None = None
        #: a full check is running (one at a time)
        self.running = False
        #: bumped when rows are inserted, deleted or moved, or the profile changes: engines made
        #: before no longer fit
        self._fit = 0
        self._complete = False

    # --- reading -------------------------------------------------------------------------------
    @property
    def complete(self) -> bool:
        """True when ``findings`` describe the whole roster as it is now."""
        return self._complete

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

    def show(
        self,
        findings: list[Finding],
        *,
        presorted: bool = False,
        indexes: dict[str, FindingIndex] | None = None,
        complete: bool = True,
    ) -> None:
        """Make these the findings (``presorted``: already in ``sort_findings`` order; ``indexes``:
        their ``index_findings``, made in the background; ``complete``: they describe the whole
        roster, as known findings a test gives do, and what loading found before a check does not)."""
        self._set(findings, presorted=presorted, indexes=indexes)
        self._complete = complete

    def _set(self, findings: list[Finding], *, presorted: bool = False, indexes: dict[str, FindingIndex] | None = None) -> None:
        self.findings = findings if presorted else sort_findings(findings)
        self._index = indexes if indexes is not None else index_findings(self.findings)

    def _revisions(self) -> list[int]:
        return [t.revision for t in self.roster.tables]

    def _combined(self) -> list[Finding]:
        return combine_findings(self.roster, self._rules, self._damage)

    # --- full checks ---------------------------------------------------------------------------
    def check_now(self) -> None:
        """A whole check, here and now (no background runner): the findings are complete after it."""
        result = self.start_full()()
        self.running = False
        self._engine, self._rules, self._damage = result.engine, result.rules, result.damage
        self._set(result.combined, presorted=True, indexes=result.indexes)
        self._complete = True

    def check_parts(self) -> tuple[RuleEngine | None, list[Finding], list[Finding]]:
        """One whole check (may run in a thread): a new rule engine, its findings and the damage
        findings. (Window tests replace it to give known findings and no engine.)"""
        engine = RuleEngine(self.roster, self.profile, self.reference)
        return engine, engine.check_all(), detect_damage(self.roster, self.reference)

    def start_full(self) -> Work:
        """Begin a full check; returns its work, to run in a worker thread, then hand to
        ``finish_full`` in this object's thread. Only one at a time (see ``running``)."""
        self.running = True
        started = self._revisions()
        fit = self._fit
        roster = self.roster

        def work() -> FullResult:
            try:
                engine, rules, damage = self.check_parts()
                # combined, sorted and indexed here: on a million findings that is 2 s the window
                # would otherwise stand still for
                combined = combine_findings(roster, rules, damage)
                return FullResult(engine, rules, damage, combined, index_findings(combined), started, fit)
            except BaseException:
                self.running = False  # the runner reports the failure; a later check must start
                raise

        return work

    def finish_full(self, result: FullResult) -> tuple[Step, Callable[[], None] | None]:
        """Take a full check's result; returns what changed and, when the findings were shown and
        the engine must build its indexes, the work that warms it (run it in the background, then
        call ``warmed``). With no warm work, the check is over (``running`` is False)."""
        edited = self._revisions() != result.started
        if self._fit != result.fit or (edited and (self._engine is not None or result.engine is None)):
            # Rows moved or the profile changed; or the user edited while it ran and a previous
            # engine has already re-checked those edits: this check may have read a cell before
            # or after its change. A new full check follows.
            self.running = False
            return Step(next=Next.SOON), None
        step = Step(findings=True)
        if edited:
            # no engine served the edits (the first check after opening): rather than start again,
            # show this check's findings; its trackers kept the edited cells' old values, so it
            # re-checks them once warm, and a full check follows for the file-level ones
            step.next = Next.SOON
        self._rules, self._damage = result.rules, result.damage
        self._set(result.combined, presorted=True, indexes=result.indexes)
        self._complete = not edited
        engine = result.engine
        if engine is None:
            self.running = False
            return step, None

        def warm() -> None:
            try:
                engine.warm()
            except BaseException:
                self.running = False
                raise

        return step, warm

    def warmed(self, result: FullResult) -> Step:
        """The full check's engine is warm (its indexes are built): it takes over re-checks."""
        self.running = False
        if self._fit != result.fit or result.engine is None:
            return Step(next=Next.SOON)  # rows moved or the profile changed meanwhile
        self._engine = result.engine
        # cells edited since it began (while it warmed, or while a first check ran: its trackers
        # kept their old values) are re-checked now; what is too big for that, or leaves damage to
        # re-read, goes to the next full check, as after any edit
        out = Step()
        for name, rows in result.engine.edited_rows().items():
            step = self._quick_recheck(name, rows)
            out.findings |= step.findings
            out.marks |= step.marks
            if step.next is Next.SOON or out.next is Next.NONE:
                out.next = step.next
        return out

    def check_against(self, profile: str | None, reference: Roster | None) -> Step:
        """Check with another profile or reference export from now on."""
        self.profile, self.reference = profile, reference
        self._engine = None
        self._fit += 1
        self._complete = False
        return Step(next=Next.SOON)

    # --- edits ---------------------------------------------------------------------------------
    def cells_changed(self, table_name: str, cells: Sequence[Cell]) -> Step:
        """Cells of a table changed: re-check them at once as far as the budget allows."""
        self._complete = False
        return self._quick_recheck(table_name, {r for r, _ in cells}, cells)

    def rows_changed(self, table_name: str) -> Step:
        """Rows were inserted, deleted or moved: every engine's indexes are out of date."""
        self._complete = False
        self._engine = None
        self._fit += 1  # nor those of an engine still checking or warming in the background
        return Step(next=Next.SOON)

    def _quick_recheck(self, table_name: str, rows: set[int], cells: Sequence[Cell] | None = None) -> Step:
        """Re-check only the edited rows and what refers to them. ``cells``: the edited cells, when
        known (else every cell of the rows counts as edited). The findings stay incomplete: the
        file-level ones, and the damage of a large roster, follow with the full check."""
        edited_cells = set(cells) if cells is not None else None

        def edited(f: Finding) -> bool:
            """The finding is on an edited cell (its damage, if any, is read again later)."""
            if f.file != table_name:
                return False
            return (f.row, f.col) in edited_cells if edited_cells is not None else f.row in rows

        engine = self._engine
        if engine is None:
            return Step(next=Next.SOON)
        large = len(self.findings) > LARGE_FINDINGS
        ordered = sorted(rows)
        start = time.monotonic()
        done = 0
        while done < len(ordered):
            elapsed = time.monotonic() - start
            if done and elapsed / done * len(ordered) > QUICK_BUDGET_S:
                # too big to re-check at once (judged by the rows done so far): those show their
                # marks; the full check does the rest (with a new engine)
                self._engine = None
                if large:
                    return Step(marks=True, next=Next.SOON)
                self._set(self._combined(), presorted=True)
                return Step(findings=True, next=Next.SOON)
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
            # the findings list, the file-level findings and the damage of the edited rows follow
            # with the full check after the pause in editing
            return Step(marks=True, next=Next.AFTER_PAUSE)
        step = Step(findings=True, next=Next.AFTER_PAUSE)
        if sum(t.nrows for t in self.roster.tables) <= QUICK_DAMAGE_ROWS:
            self._damage = detect_damage(self.roster, self.reference)
        else:
            # the edited cells' damage findings are gone or still true; the rest is re-read soon
            self._damage = list(filterfalse(edited, self._damage))
            step.next = Next.SOON
        self._set(self._combined(), presorted=True)
        return step

    def _mark_rows(self, fresh: list[Finding], scope: set[str], edited: Callable[[Finding], bool]) -> None:
        """Replace the findings of the re-checked rows in the indexes (a large roster).

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
            if f.file is not None and f.row is not None:
                by_row[(f.file, f.row)].append(f)
        for file, r in scope_rows(scope):
            index = self.index(file)
            kept = list(filter(still_true, index.by_row.row(r)))
            explained = {f.col for f in kept if is_damage(f)}
            fresh_here = [f for f in by_row.get((file, r), ()) if f.col not in explained]
            index.replace_row(r, sort_findings(kept + fresh_here))
