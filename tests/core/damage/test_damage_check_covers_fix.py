"""What ``fix`` would change, ``check`` reports: every cell a repair of ``rosterprep fix`` changes
has a finding of ``rosterprep check`` on the set as it came, and both name the same ID columns
where zeros may be lost unseen. Driven over every damage fixture, with and without a reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.checks import check_roster
from core.damage.headless import repair_headless
from core.findings import Finding
from core.io.load import load_roster

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "damage"
SETS = ["clean", "lo_csv", "lo_noquote", "mojibake", "excel_us", "excel_gb", "excel_dmy_text", "pandas", "xlsx"]


def _load(name: str):  # type: ignore[no-untyped-def]
    folder = FIXTURES / name
    paths = sorted(str(p) for p in folder.glob("*.xlsx")) if name == "xlsx" else [str(folder)]
    return load_roster(paths)


def _cells(findings: list[Finding]) -> set[tuple[str | None, int | None, int]]:
    """Every cell a finding is about; a spilled list's finding is about every cell of its record."""
    out: set[tuple[str | None, int | None, int]] = set()
    for f in findings:
        if f.col is not None:
            out.add((f.file, f.row, f.col))
        out.update((f.file, f.row, c) for c, _v in f.params.get("cells") or ())
    return out


def _zero_columns(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return sorted(w for f in findings if f.code == "damage.maybe_zeros" for w in f.params["where"])


@pytest.mark.parametrize("with_reference", [False, True], ids=["alone", "with-reference"])
@pytest.mark.parametrize("name", SETS)
def test_check_reports_every_repair_fix_makes(name: str, with_reference: bool) -> None:
    reference = load_roster([str(FIXTURES / "clean")]) if with_reference else None
    checked = check_roster(_load(name), None, reference)
    roster = _load(name)
    changes, decisions = repair_headless(roster, reference)
    if name not in ("clean",):
        assert changes or decisions, "the fixture is damaged"
    reported = _cells(checked)
    unreported = [(c.file, c.line, c.column, c.old, c.new) for c in changes if (c.file, c.row, c.col) not in reported]
    assert unreported == []
    asked = [(f.file, f.line, f.column) for f in decisions if f.col is not None and (f.file, f.row, f.col) not in reported]
    assert asked == []
    assert _zero_columns(decisions) == _zero_columns(checked)


def test_the_guard_sees_a_repair_check_does_not_report() -> None:
    # the test above compares cells: a change on a cell without a finding is caught
    from core.damage import CellChange

    change = CellChange("users.csv", 0, 3, "TRUE", "true")
    assert (change.file, change.row, change.col) not in _cells([Finding("error", "damage.boolean", "users.csv", 0, 2, "enabledUser", 4)])
