"""Repairing a set without anyone to ask: every safe repair, again until nothing more is safe,
and the findings that still need a person's decision (``rosterprep fix`` uses this)."""

from __future__ import annotations

from core.damage import CellChange, apply_changes, detect_damage, maybe_zeros, propose_repairs
from core.damage.evidence import touched_by_spreadsheet
from core.findings import Finding
from core.roster import Roster

#: repairs can reveal more damage (a spilled list put back shows a grade 9); a few passes settle it
MAX_PASSES = 4


def repair_headless(roster: Roster, reference: Roster | None = None) -> tuple[list[CellChange], list[Finding]]:
    """Apply every safe repair (again until nothing more is safe); returns the changes made and
    the findings that need a decision (cells, and the ID columns where zeros may be lost unseen).

    The ID columns are named exactly when ``check`` names them on the set as it came (it went
    through a spreadsheet), as they stand after the repairs."""
    found = detect_damage(roster, reference)
    touched = touched_by_spreadsheet(found)
    done: list[CellChange] = []
    repairs = propose_repairs(roster, reference, found)
    for _ in range(MAX_PASSES):
        changes = [ch for r in repairs if r.safe for ch in r.changes]
        applied = apply_changes(roster, changes, [rec for r in repairs if r.safe for rec in r.records])
        done.extend(applied)
        if not applied:
            break
        repairs = propose_repairs(roster, reference)
    decisions = [f for r in repairs for f in r.needs_decision]
    if touched:
        decisions.extend(maybe_zeros(roster, reference))
    return done, decisions
