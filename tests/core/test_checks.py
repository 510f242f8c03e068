from pathlib import Path

from core.checks import check_roster
from core.io.csvread import read_csv_bytes
from core.io.load import load_roster
from core.roster import Roster

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"


def _roster(files: dict[str, bytes]) -> Roster:
    r = Roster("t")
    for name, data in files.items():
        t, findings = read_csv_bytes(data, name)
        r.add(t)
        r.load_findings.extend(findings)
    return r


def test_a_reformatted_date_is_reported_once_with_its_cause_and_repair() -> None:
    r = _roster(
        {
            "academicSessions.csv": b"sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\r\n"
            b"sy,,,2026-2027,schoolYear,2026-08-17,8/15/2027,,2027\r\n"
        }
    )
    cell = [f for f in check_roster(r) if f.line == 2 and f.column == "endDate"]
    assert len(cell) == 1
    assert cell[0].code.startswith("damage.") and cell[0].severity == "error"
    assert cell[0].fix == "2027-08-15"


def test_sample_roster_findings_are_the_documented_ones() -> None:
    findings = check_roster(load_roster([str(SAMPLE)]))
    got = {(f.file, f.line, f.column) for f in findings if f.severity == "error"}
    # every problem the sample's README promises, at its cell
    assert {
        ("classes.csv", 4, "classType"),
        ("classes.csv", 5, "grades"),
        ("users.csv", 7, "enabledUser"),
        ("users.csv", 7, "identifier"),
        ("users.csv", 9, "givenName"),
        ("users.csv", 9, "grades"),
        ("academicSessions.csv", 4, "endDate"),
        ("enrollments.csv", 13, "userSourcedId"),
        ("demographics.csv", 7, "sex"),
    } <= got
    assert any(f.code == "unique.staff_email" and f.line == 4 for f in findings)
    # findings come errors first, then by file and line
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
