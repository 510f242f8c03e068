"""OneRoster 1.0/1.1 and Renaissance rules: one engine reading the rules in resources/rules/.

``check_rules`` is the one-call entry point; ``RuleEngine`` keeps state for quick re-checks after
edits (its module docstring states exactly which findings a re-check replaces).
"""

from __future__ import annotations

from core.findings import Finding
from core.roster import Roster
from core.rules.engine import ALL, RuleEngine, in_scope, scope_key
from core.rules.package import detect_version

__all__ = ["ALL", "RuleEngine", "check_rules", "detect_version", "in_scope", "scope_key"]


def check_rules(roster: Roster, profile: str | None = None, reference: Roster | None = None) -> list[Finding]:
    """Every rule finding of a roster.

    ``profile`` None or "oneroster" checks against the OneRoster version the set declares (or is
    detected as); "renaissance" against Renaissance's requirements for that version. ``reference``
    is a Renaissance export: its orgs, headers and value spellings decide where Renaissance's
    document and the spec disagree.
    """
    return RuleEngine(roster, profile, reference).check_all()
