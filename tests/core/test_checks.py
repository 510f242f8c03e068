from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from core.checks import _ORDER, check_roster, merge_cell_findings, sort_findings
from core.findings import SEVERITIES, Finding
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


# --- the C-level sort and merge agree with the plain definitions -------------------------------

_findings = st.lists(
    st.builds(
        Finding,
        st.sampled_from(SEVERITIES),
        st.sampled_from(["value.enum", "damage.boolean", "ref.missing"]),
        file=st.sampled_from([None, "users.csv", "orgs.csv"]),
        row=st.sampled_from([None, 0, 1, 2]),
        line=st.sampled_from([None, 1, 2, 3, 4]),
        col=st.sampled_from([None, 0, 1]),
        fix=st.sampled_from([None, "x"]),
    ),
    max_size=12,
)


def _plain_sort(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (_ORDER[f.severity], f.file or "", f.line if f.line is not None else 0,
                                           f.col if f.col is not None else -1))


def _plain_merge(rules: list[Finding], damage: list[Finding]) -> list[tuple]:
    by_cell: dict = {}
    for f in damage:
        if f.row is not None and f.col is not None:
            by_cell.setdefault((f.file, f.row, f.col), f)
    kept, changes = [], {}
    for f in rules:
        twin = by_cell.get((f.file, f.row, f.col)) if f.row is not None and f.col is not None else None
        if twin is None:
            kept.append(f)
            continue
        sev, fix = changes.get(id(twin), (twin.severity, twin.fix))
        changes[id(twin)] = (f.severity if _ORDER[f.severity] < _ORDER[sev] else sev, fix if fix is not None else f.fix)
    return [(id(f), f.severity, f.fix) for f in kept] + [(id(f), *changes.get(id(f), (f.severity, f.fix))) for f in damage]


@settings(max_examples=300, deadline=None)
@given(_findings, _findings)
def test_sort_and_merge_give_what_their_plain_definitions_give(rules: list[Finding], damage: list[Finding]) -> None:
    assert list(map(id, sort_findings(rules + damage))) == list(map(id, _plain_sort(rules + damage)))
    expected = _plain_merge(rules, damage)
    merged = merge_cell_findings(rules, damage)
    assert [(id(f), f.severity, f.fix) for f in merged] == expected
