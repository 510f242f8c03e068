"""Spreadsheet damage: find what Excel (or another spreadsheet) did to roster values, and put it back.

``detect_damage`` gives findings (codes ``damage.*``, wording in resources/messages/damage.json);
a finding carries ``fix`` when the original value is known. A finding whose repair must be asked
(an ambiguous date, digits lost to scientific notation) has ``params["decision"]`` and, when there
is one, ``params["suggestion"]`` instead of a fix. ``propose_repairs`` groups the findings into
repairs a user reviews (every cell, old -> new); ``apply_changes`` applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Iterable

from core.damage.cells import detect_cells
from core.damage.evidence import touched_by_spreadsheet
from core.damage.reference import compare_with_reference
from core.damage.spill import SpillValues, detect_spills, spill_values
from core.damage.zeros import maybe_zeros_finding, zero_columns
from core.findings import Finding, catalogue
from core.pacing import collector_paused
from core.roster import Roster

__all__ = [
    "CellChange",
    "Repair",
    "apply_changes",
    "detect_damage",
    "fix_cells",
    "gives_back_fields",
    "maybe_zeros",
    "propose_repairs",
]


@dataclass
class CellChange:
    """One cell to change: table file name, 0-based data row, column index, old and new value.

    ``line`` and ``column`` (the header name) are for showing it; they default to unknown.
    """

    file: str
    row: int
    col: int
    old: str
    new: str
    line: int | None = None
    column: str = ""
    #: the damage code of the repair that makes the change, when it comes from one
    code: str = ""


@dataclass
class Repair:
    """A proposal: every cell it would change, and the cells whose repair must be asked.

    ``needs_decision`` holds the findings a person must decide (their ``params["suggestion"]``,
    when present, is the proposed value). ``safe`` repairs are applied by ``rosterprep fix``.
    """

    code: str
    title: str
    changes: list[CellChange] = field(default_factory=list)
    needs_decision: list[Finding] = field(default_factory=list)
    safe: bool = True
    #: (file, row) of records whose fields beyond the header this repair gives back to its cells
    records: list[tuple[str, int]] = field(default_factory=list)


def fix_cells(f: Finding) -> list[tuple[int, str]]:
    """Every cell a finding's fix sets, as (column, value): a spilled list's fix is a whole record."""
    cells = f.params.get("cells")
    if cells:
        return [(c, v) for c, v in cells]
    return [] if f.col is None or f.fix is None else [(f.col, f.fix)]


def gives_back_fields(f: Finding) -> bool:
    """True when applying the finding's fix also ends its record's extra fields (they are in the cells now)."""
    return f.code == "damage.list_spill"


#: codes that only warn; they never become a repair
_WARN_ONLY = frozenset({"damage.formula", "damage.xlsx_number", "damage.xlsx_date"})
_NO_REPAIR = _WARN_ONLY | {"damage.maybe_zeros"}


def detect_damage(roster: Roster, reference: Roster | None = None) -> list[Finding]:
    """Every damage finding in the roster; with a reference, also what only the reference reveals.

    Where a reference record matches, its values settle the cell: detector guesses there are
    replaced by the reference's value (or dropped when the cell equals it).
    """
    findings: list[Finding] = []
    shifted: dict[str, dict[int, int]] = {}
    for table in roster.tables:
        findings.extend(detect_spills(table, reference.table(table.name) if reference is not None else None))
    spilled = spill_values(findings)
    with collector_paused():  # a damaged column can give a million findings: no cycles, no collections
        cell_findings = detect_cells(roster, spilled)
    if reference is not None:
        shifted = _shifted(findings)
        ref_findings, settled = compare_with_reference(roster, reference, shifted)
        findings.extend(ref_findings)

        def is_settled(f: Finding) -> bool:
            rows, cols, changed = settled.get(f.file or "", (set(), set(), set()))
            return f.row in rows and f.col in cols and (f.row, f.col) not in changed

        cell_findings = [f for f in cell_findings if f.code in _WARN_ONLY or not is_settled(f)]
    findings.extend(cell_findings)
    if touched_by_spreadsheet(findings):
        findings.extend(maybe_zeros(roster, reference, spilled, shifted if reference is not None else None))
    return findings


def _shifted(findings: list[Finding]) -> dict[str, dict[int, int]]:
    """Per file and spilled row, the first column whose value the spill repair changes."""
    out: dict[str, dict[int, int]] = {}
    for f in findings:
        if f.code == "damage.list_spill" and f.file is not None and f.row is not None:
            cols = [c for c, _v in f.params.get("cells") or ()] or ([f.col] if f.col is not None else [])
            if cols:
                out.setdefault(f.file, {})[f.row] = min(cols)
    return out


def maybe_zeros(
    roster: Roster,
    reference: Roster | None = None,
    spilled: SpillValues | None = None,
    shifted: dict[str, dict[int, int]] | None = None,
) -> list[Finding]:
    """The set-wide note naming the all-numeric ID columns where zeros may be lost unseen, whether
    or not other damage shows (for a set known to have been through a spreadsheet, e.g. after its
    repairs); a column whose records the reference matched is settled by it."""
    columns = zero_columns(roster, spilled)
    if reference is not None:
        settled = compare_with_reference(roster, reference, shifted)[1]
        columns = [(t, c) for t, c in columns if not (settled.get(t.name, (set(), set(), set()))[0] and c in settled[t.name][1])]
    return maybe_zeros_finding(columns)


def is_decision(finding: Finding) -> bool:
    return bool(finding.params.get("decision"))


def is_damage(finding: Finding) -> bool:
    """A finding of the damage detection (not of the rules or the reader)."""
    return finding.code.startswith("damage.")


def _title(code: str, file: str, column: str, count: int, safe: bool) -> str:
    template = catalogue().get(code, {}).get("title") or "Repair {column} in {file}"
    title = template.format(file=file, column=column, count=count)
    return title if safe else f"{title} (needs your decision)"


def propose_repairs(roster: Roster, reference: Roster | None = None, findings: list[Finding] | None = None) -> list[Repair]:
    """The repairs for every damage finding, one per kind of damage, file and column.

    Each cell appears in one repair only (the first that changes it), so accepting several repairs
    never writes a cell twice. ``findings``: the roster's damage findings, when already at hand.
    """
    repairs = repairs_from_findings(detect_damage(roster, reference) if findings is None else findings)
    _fill(roster, repairs)
    return repairs


def repairs_from_findings(findings: Iterable[Finding]) -> list[Repair]:
    """Group damage findings into repairs (see ``propose_repairs``)."""
    groups: dict[tuple[str, str, str, bool], Repair] = {}
    seen: dict[tuple[str, int, int], CellChange] = {}
    for f in findings:
        if not is_damage(f) or f.code in _NO_REPAIR or f.file is None or f.row is None or f.col is None:
            continue
        decide = is_decision(f)
        if not decide and f.fix is None:
            continue
        key = (f.code, f.file, f.column or "", not decide)
        repair = groups.get(key)
        if repair is None:
            repair = groups[key] = Repair(f.code, "", safe=not decide)
        if decide:
            repair.needs_decision.append(f)
            continue
        if gives_back_fields(f):
            repair.records.append((f.file, f.row))
        for col, new in fix_cells(f):
            where = (f.file, f.row, col)
            if where in seen:
                # a finding judged on the cleaned value finishes the cleaning's change (" 9 " -> "09")
                earlier = seen[where]
                if f.params.get("after") is not None and earlier.new == f.params["after"]:
                    earlier.new = new
                continue
            old = f.value if col == f.col else None
            change = CellChange(f.file, f.row, col, old if old is not None else "", new, f.line, "", f.code)
            seen[where] = change
            repair.changes.append(change)
    out = []
    for (code, file, column, safe), repair in groups.items():
        if not repair.changes and not repair.needs_decision:
            continue
        repair.title = _title(code, file, column, len(repair.changes) + len(repair.needs_decision), safe)
        out.append(repair)
    return out


def _fill(roster: Roster, repairs: list[Repair]) -> None:
    tables = {t.name: t for t in roster.tables}
    for repair in repairs:
        for ch in repair.changes:
            table = tables.get(ch.file)
            if table is not None:
                ch.old = table.columns[ch.col][ch.row]
                ch.column = table.header[ch.col]


def apply_changes(
    roster: Roster, changes: Iterable[CellChange], records: Iterable[tuple[str, int]] = ()
) -> list[CellChange]:
    """Set the cells, and end the extra fields of ``records`` (a repaired spill's); returns what
    changed, each with the value it had, in order."""
    done: list[CellChange] = []
    tables = {t.name: t for t in roster.tables}
    for file, row in records:
        if file in tables:
            tables[file].drop_extra_fields(row)
    for ch in changes:
        table = tables.get(ch.file)
        if table is None:
            raise KeyError(ch.file)
        old = table.columns[ch.col][ch.row]
        if old == ch.new and not table.is_missing(ch.row, ch.col):
            continue
        table.set_cell(ch.row, ch.col, ch.new)
        done.append(CellChange(ch.file, ch.row, ch.col, old, ch.new, table.line_of(ch.row), table.header[ch.col], ch.code))
    return done
