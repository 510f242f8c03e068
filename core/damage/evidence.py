"""What the findings prove about the set: which kinds of damage show it went through a spreadsheet
(``touched_by_spreadsheet``; the set-wide note on zeros lost unseen is given only then)."""

from __future__ import annotations

from collections.abc import Iterable

from core.findings import Finding

#: findings that show the set went through a spreadsheet: every kind of damage a save in one does
#: (TRUE, a grade 9, a date in the locale's order, digits or zeros lost). Spaces, curly quotes and
#: invisible characters come from copying and pasting, and a formula-like value from typing: no proof.
SPREADSHEET_MARKS = frozenset(
    {
        "damage.leading_zeros",
        "damage.date_format",
        "damage.date_ambiguous",
        "damage.manifest_version",
        "damage.oneroster_version",
        "damage.scientific",
        "damage.scientific_lost",
        "damage.precision",
        "damage.xlsx_number",
        "damage.xlsx_date",
        "damage.boolean",
        "damage.grade_number",
        "damage.grade_k",
        "damage.grade_date",
        "damage.list_spill",
    }
)


#: of the marks, those that are proof even while their repair must be asked (a lost zero judged
#: from one padded value alone is no proof)
_PROOF_WHEN_ASKED = frozenset({"damage.date_ambiguous", "damage.grade_date", "damage.scientific_lost"})


def touched_by_spreadsheet(findings: Iterable[Finding]) -> bool:
    """True when the findings show the set went through a spreadsheet (see ``SPREADSHEET_MARKS``)."""
    return any(f.code in SPREADSHEET_MARKS and (f.code in _PROOF_WHEN_ASKED or not f.params.get("decision")) for f in findings)
