"""Repairing a set without anyone to ask: every safe repair, again until nothing more is safe,
and the findings that still need a person's decision (``rosterprep fix`` uses this)."""

from __future__ import annotations

from core.damage import CellChange, apply_changes, detect_damage, propose_repairs
from core.damage.cells import maybe_zeros
from core.findings import Finding
from core.roster import Roster

#: repairs can reveal more damage (a spilled list put back shows a grade 9); a few passes settle it
MAX_PASSES = 4


def repair_headless(roster: Roster, reference: Roster | None = None) -> tuple[list[CellChange], list[Finding]]:
    """Apply every safe repair (again until nothing more is safe); returns the changes made and
    the findings that need a decision (cells, and ID columns where zeros may be lost unseen)."""
    done: list[CellChange] = []
    repairs = propose_repairs(roster, reference)
    for _ in range(MAX_PASSES):
        changes = [ch for r in repairs if r.safe for ch in r.changes]
        applied = apply_changes(roster, changes, [rec for r in repairs if r.safe for rec in r.records])
        done.extend(applied)
        if not applied:
            break
        repairs = propose_repairs(roster, reference)
    decisions = [f for r in repairs for f in r.needs_decision]
    if done:
        # the set went through a spreadsheet: all-numeric ID columns may have lost zeros unseen
        decisions.extend(unsettled_columns(roster, reference))
    else:
        decisions.extend(f for f in detect_damage(roster, reference) if f.code == "damage.maybe_zeros")
    return done, decisions


def unsettled_columns(roster: Roster, reference: Roster | None) -> list[Finding]:
    """The all-numeric ID columns whose lost zeros no reference settles."""
    found = maybe_zeros(roster)
    if reference is None:
        return found
    # a column the reference matched is settled by it
    return [f for f in found if reference.table(f.file or "") is None]
