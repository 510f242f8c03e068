"""All checks of a roster in one call: what loading found, the OneRoster/Renaissance rules, and
spreadsheet damage. The CLI and the window both use this, so they always agree."""

from __future__ import annotations

from itertools import compress, repeat
from operator import and_, attrgetter, is_, is_not
from collections.abc import Iterable
from typing import cast

from core.damage import detect_damage
from core.damage.spill import settled_load_finding
from core.findings import SEVERITIES, Finding
from core.pacing import collector_paused
from core.progress import NO_PROGRESS, Progress
from core.roster import Roster
from core.rules import check_rules

_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by file, line and column: the order a user works through them.

    The sort keys are built with C-level passes (a million findings: no Python call each); a
    missing file, line or column sorts as "", 0 and -1.
    """
    keys = list(
        zip(
            map(_ORDER.__getitem__, map(attrgetter("severity"), findings)),
            _or_default(map(attrgetter("file"), findings), ""),
            _or_default(map(attrgetter("line"), findings), 0),
            _or_default(map(attrgetter("col"), findings), -1),
        )
    )
    return list(map(findings.__getitem__, sorted(range(len(findings)), key=keys.__getitem__)))


def _or_default(values: Iterable[object], default: object) -> Iterable[object]:
    """Each value, or ``default`` for None (``dict.get`` in C: no Python call per value)."""
    listed = list(values)
    defaults: dict[object, object] = {None: default}
    return map(defaults.get, listed, listed)


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
    # cells as (file, row, col) keys, built with C-level passes (a million findings are common)
    on_cell = list(compress(damage, map(and_, *(map(is_not, map(attrgetter(a), damage), repeat(None)) for a in ("row", "col")))))
    if not on_cell:
        return rules + damage  # no damage on a cell (a clean file's million repeats): nothing to merge
    # reversed: of two damage findings on one cell, the first is the twin
    by_cell = dict(zip(reversed(list(_cells(on_cell))), reversed(on_cell)))
    twins: list[Finding | None] = list(map(by_cell.get, _cells(rules)))  # a key with a missing row or column matches nothing
    kept = list(compress(rules, map(is_, twins, repeat(None))))
    # compress keeps the pairs whose twin is not None
    pairs = cast("Iterable[tuple[Finding, Finding]]", compress(zip(rules, twins), map(is_not, twins, repeat(None))))
    for f, twin in pairs:
        if _ORDER[f.severity] < _ORDER[twin.severity]:
            twin.severity = f.severity
        if twin.fix is None and f.fix is not None:
            twin.fix = f.fix
    return kept + damage


def _cells(findings: list[Finding]) -> Iterable[tuple[str | None, int | None, int | None]]:
    return zip(map(attrgetter("file"), findings), map(attrgetter("row"), findings), map(attrgetter("col"), findings))
