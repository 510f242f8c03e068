"""The clean set damaged by LibreOffice (tests/fixtures/damage, see its README): with the clean set
as reference every damaged value comes back exactly; without one, what can be known comes back and
every other damaged value is named by a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.damage import detect_damage
from core.damage.headless import repair_headless
from core.findings import Finding
from core.io.load import load_roster
from core.roster import Roster

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "damage"
DAMAGED = ["lo_csv", "lo_noquote", "mojibake", "excel_us", "excel_gb", "excel_dmy_text", "pandas"]


def clean() -> Roster:
    return load_roster([str(FIXTURES / "clean")])


def differences(roster: Roster, reference: Roster) -> list[tuple[str, int, int, str, str]]:
    out = []
    for t in roster.tables:
        c = reference[t.name]
        assert t.header == c.header and t.nrows == c.nrows
        for row in range(t.nrows):
            for col in range(t.ncols):
                if t.cell(row, col) != c.cell(row, col):
                    out.append((t.name, row, col, t.cell(row, col), c.cell(row, col)))
    return out


@pytest.mark.parametrize("name", DAMAGED)
def test_with_the_clean_set_as_reference_every_value_comes_back(name: str) -> None:
    roster = load_roster([str(FIXTURES / name)])
    assert differences(roster, clean())  # the fixture really is damaged
    changes, decisions = repair_headless(roster, clean())
    assert decisions == []
    assert differences(roster, clean()) == []
    assert changes and all(c.line is not None and c.column for c in changes)
    reference = clean()
    assert detect_damage(roster, reference) == []  # nothing stale is kept between checks
    assert detect_damage(roster, reference) == []


def zero_columns(findings: list[Finding]) -> set[tuple[str, int]]:
    """(file, column index) of the columns the set-wide maybe_zeros note names."""
    return {(file, col) for f in findings if f.code == "damage.maybe_zeros" for file, col, _name in f.params["where"]}


@pytest.mark.parametrize("name", DAMAGED)
def test_without_a_reference_the_rest_is_named(name: str) -> None:
    roster = load_roster([str(FIXTURES / name)])
    named_columns = zero_columns(detect_damage(roster))
    changes, decisions = repair_headless(roster, None)
    named_columns |= zero_columns(decisions)
    named_cells = {(f.file, f.row, f.col) for f in decisions}
    left = differences(roster, clean())
    unnamed = [d for d in left if (d[0], d[1], d[2]) not in named_cells and (d[0], d[2]) not in named_columns]
    # periods are codes, not IDs, and even the clean set pads them only sometimes ("01", "1,3"): a
    # period 01 saved as 1 is the same period, and a note on every numeric periods column was noise
    assert [d for d in unnamed if roster[d[0]].header[d[2]] != "periods"] == []
    # only what could not be known is left: nothing a safe repair changed is wrong
    clean_set = clean()
    for c in changes:
        assert roster[c.file].cell(c.row, c.col) == clean_set[c.file].cell(c.row, c.col) or (c.file, c.row, c.col) in {
            (d[0], d[1], d[2]) for d in left
        }


def test_excel_us_without_reference_exact_counts() -> None:
    roster = load_roster([str(FIXTURES / "excel_us")])
    changes, decisions = repair_headless(roster, None)
    wrong = [
        (c.file, c.line, c.column, c.new)
        for c in changes
        if roster[c.file].cell(c.row, c.col) != clean()[c.file].cell(c.row, c.col)
    ]
    assert wrong == []
    assert sorted({f.code for f in decisions}) == ["damage.grade_date", "damage.maybe_zeros", "damage.scientific_lost"]
    cells = [f for f in decisions if f.row is not None]
    assert len(cells) == 6  # five enrollment IDs and the grade range
    columns = {(file, name) for f in decisions if f.code == "damage.maybe_zeros" for file, _col, name in f.params["where"]}
    assert columns == {
        ("courses.csv", "courseCode"),
        ("demographics.csv", "sourcedId"),
        ("enrollments.csv", "userSourcedId"),
        # 12-digit IDs, a few still in scientific notation: all numbers, none padded
        ("enrollments.csv", "sourcedId"),
        ("orgs.csv", "identifier"),
        ("users.csv", "sourcedId"),
        ("users.csv", "identifier"),
    }


def test_dates_are_restored_from_each_locale_without_reference() -> None:
    for name in ("excel_us", "excel_gb", "excel_dmy_text", "pandas"):
        roster = load_roster([str(FIXTURES / name)])
        repair_headless(roster, None)
        assert roster["enrollments.csv"].column("beginDate") == clean()["enrollments.csv"].column("beginDate"), name
        assert roster["demographics.csv"].column("birthDate") == clean()["demographics.csv"].column("birthDate"), name


def test_workbooks_cells_that_were_numbers_are_named_and_the_reference_restores_them() -> None:
    paths = [str(FIXTURES / "xlsx" / "users.xlsx"), str(FIXTURES / "xlsx" / "enrollments.xlsx")]
    roster = load_roster(paths)
    found = detect_damage(roster)
    numbers = {(f.file, f.column) for f in found if f.code == "damage.xlsx_number"}
    assert numbers == {("users.csv", "sourcedId"), ("users.csv", "identifier"), ("enrollments.csv", "userSourcedId")}
    # cells another detector repairs are not named twice
    assert not any(f.code == "damage.xlsx_number" and f.column == "orgSourcedIds" for f in found)
    _changes, decisions = repair_headless(roster, clean())
    assert decisions == []
    assert differences(roster, clean()) == []
