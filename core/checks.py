"""All checks of a roster in one call: what loading found, the OneRoster/Renaissance rules, and
spreadsheet damage. The CLI and the window both use this, so they always agree."""

from __future__ import annotations

from core.damage import detect_damage
from core.findings import SEVERITIES, Finding
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
    findings = list(roster.load_findings)
    findings.extend(check_rules(roster, profile, reference))
    progress.report(0.7, "Looking for spreadsheet damage")
    findings.extend(_dedupe_against(findings, detect_damage(roster, reference)))
    progress.report(1.0, "Checked")
    return sort_findings(findings)


def _dedupe_against(existing: list[Finding], extra: list[Finding]) -> list[Finding]:
    """Damage findings that say more than a rule finding on the same cell replace nothing; a damage
    finding on a cell that already has a finding with the same suggested fix is dropped."""
    seen = {(f.file, f.row, f.col, f.fix) for f in existing if f.fix is not None}
    return [f for f in extra if f.fix is None or (f.file, f.row, f.col, f.fix) not in seen]
