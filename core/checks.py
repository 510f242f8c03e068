"""All checks of a roster in one call: what loading found, the OneRoster/Renaissance rules, and
spreadsheet damage. The CLI and the window both use this, so they always agree."""

from __future__ import annotations

from core.damage import detect_damage
from core.damage.spill import settled_load_finding
from core.findings import SEVERITIES, Finding
from core.perf import collector_paused
from core.progress import NO_PROGRESS, Progress
from core.roster import Roster
from core.rules import check_rules

_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by file, line and column: the order a user works through them."""
    return sorted(
        findings,
        key=lambda f: (_ORDER[f.severity], f.file or "", f.line if f.line is not None else 0, f.col if f.col is not None else -1),
    )


def check_roster(
    roster: Roster,
    profile: str | None = None,
    reference: Roster | None = None,
    progress: Progress = NO_PROGRESS,
) -> list[Finding]:
    """Every finding for the roster: load findings, rule findings and damage findings."""
    progress.report(0.0, "Checking the files")
    rules = check_rules(roster, profile, reference)
    progress.report(0.7, "Looking for spreadsheet damage")
    damage = detect_damage(roster, reference)
    progress.report(1.0, "Checked")
    return combine_findings(roster, rules, damage)


def combine_findings(roster: Roster, rules: list[Finding], damage: list[Finding]) -> list[Finding]:
    """The roster's findings from its load, rule and damage findings, in the order users read them."""
    load = [f for f in roster.load_findings if not settled_load_finding(roster, f)]
    with collector_paused():  # a million findings: their cell keys and sort keys make no cycles
        return sort_findings(load + merge_cell_findings(list(rules), list(damage)))


def merge_cell_findings(rules: list[Finding], damage: list[Finding]) -> list[Finding]:
    """One cell, one story: where a damage finding explains a cell that a rule also flags (a date
    a spreadsheet reformatted is also "not YYYY-MM-DD"), keep the damage finding, which names the
    cause and its repair, at the rule's severity if that is higher."""
    by_cell: dict[tuple[str | None, int, int], Finding] = {}
    for f in damage:
        if f.row is not None and f.col is not None:
            by_cell.setdefault((f.file, f.row, f.col), f)
    kept: list[Finding] = []
    for f in rules:
        twin = by_cell.get((f.file, f.row, f.col)) if f.row is not None and f.col is not None else None
        if twin is None:
            kept.append(f)
            continue
        if _ORDER[f.severity] < _ORDER[twin.severity]:
            twin.severity = f.severity
        if twin.fix is None and f.fix is not None:
            twin.fix = f.fix
    return kept + damage
