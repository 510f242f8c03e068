"""``rosterprep fix``: prints every change and every decision, writes the set, exits like check."""

from __future__ import annotations

import argparse
import io
import json
import zipfile
from pathlib import Path

from test_cli import clean_sample

from core.cli import fix as command

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "damage"


def run(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    command.add_parser(sub)
    args = parser.parse_args(["fix", *argv])
    out = io.StringIO()
    return command.run(args, stdout=out), out.getvalue()


def test_fix_with_reference_writes_the_clean_values(tmp_path: Path) -> None:
    out = tmp_path / "Roster.zip"
    status, text = run(str(FIXTURES / "excel_us"), "--out", str(out), "--reference", str(FIXTURES / "clean"), "--verbose")
    assert "enrollments.csv, line 2, column sourcedId: 1.23457E+11 -> 123456789012" in text
    assert "users.csv, line 2, column sourcedId: 101 -> 000101" in text
    assert "courses.csv, line 4, column grades: 12-Jan -> 1-12" in text
    assert "need your decision" not in text
    with zipfile.ZipFile(out) as z:
        enrollments = z.read("enrollments.csv").decode("utf-8")
    assert enrollments.splitlines()[1] == "123456789012,,,cl-01,0101,000101,teacher,true,2026-08-15,2027-06-11"
    assert status in (0, 1)


def test_fix_without_reference_lists_decisions_and_does_not_guess(tmp_path: Path) -> None:
    status, text = run(str(FIXTURES / "excel_us"), "--out", str(tmp_path / "out"), "--verbose")
    assert "enrollments.csv, line 2, column endDate: 6/11/2027 -> 2027-06-11" in text
    assert "6 values need your decision (not changed):" in text
    assert "- Leading zeros may have been lost unseen in these ID columns (all plain numbers): courses.csv courseCode, " in text
    assert "enrollments.csv, line 2, column sourcedId: 1.23457E+11 is a 12-digit ID" in text
    written = (tmp_path / "out" / "enrollments.csv").read_text(encoding="utf-8").splitlines()
    assert written[1].startswith("1.23457E+11,")
    assert status == 1


def test_fix_json(tmp_path: Path) -> None:
    _status, text = run(str(FIXTURES / "lo_csv"), "--out", str(tmp_path / "o"), "--json")
    data = json.loads(text)
    change = {"file": "manifest.csv", "line": 2, "column": "value", "old": "1", "new": "1.0", "code": "damage.manifest_version"}
    assert change in data["changes"]
    assert {d["code"] for d in data["needs_decision"]} == {"damage.maybe_zeros"}
    zeros = next(d for d in data["needs_decision"] if d["code"] == "damage.maybe_zeros")
    assert {"file": "users.csv", "column": "identifier"} in zeros["columns"]
    assert "manifest.csv" in data["written"]


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    status, _ = run(str(tmp_path / "missing.zip"), "--out", str(tmp_path / "o"))
    assert status == 2


def test_spilled_lists_put_back_leave_no_error(tmp_path: Path) -> None:
    _status, text = run(str(FIXTURES / "lo_noquote"), "--out", str(tmp_path / "o"), "--reference", str(FIXTURES / "clean"), "--verbose")
    assert "users.csv, line 6, column grades: 09 -> 09,10" in text
    assert "users.csv, line 6, column password: 10 -> \n" in text
    written = (tmp_path / "o" / "users.csv").read_text(encoding="utf-8").splitlines()
    assert written[5] == '004503,,,true,0102,student,li.w,,Li,Wang,,004503,,,,,"09,10",'
    # the long records were put back: loading's "too many fields" no longer counts
    from core.cli.fix import remaining_errors
    from core.damage.headless import repair_headless
    from core.io.load import load_roster

    roster = load_roster([str(FIXTURES / "lo_noquote")])
    before = remaining_errors(roster, None)
    repair_headless(roster, load_roster([str(FIXTURES / "clean")]))
    after = remaining_errors(roster, None)
    assert after <= before - 4


def test_through_the_rosterprep_command_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from core.cli import main

    status = main(["fix", str(FIXTURES / "excel_gb"), "--out", str(tmp_path / "o.zip"), "--reference", str(FIXTURES / "clean"), "--verbose"])
    out = capsys.readouterr().out
    assert "academicSessions.csv, line 2, column startDate: 15/08/2026 -> 2026-08-15" in out
    assert "102 values repaired:" in out
    assert status in (0, 1)
    with zipfile.ZipFile(tmp_path / "o.zip") as z:
        assert z.read("academicSessions.csv") == (FIXTURES / "clean" / "academicSessions.csv").read_bytes()


def test_a_repaired_set_has_nothing_left_to_repair(tmp_path: Path) -> None:
    from core.damage import propose_repairs
    from core.io.load import load_roster

    run(str(FIXTURES / "excel_us"), "--out", str(tmp_path / "o"), "--reference", str(FIXTURES / "clean"))
    again = load_roster([str(tmp_path / "o")])
    repairs = propose_repairs(again)
    # the clean set itself writes periods 01 and "1,3": periods are no IDs, so that is no question either
    assert repairs == []


def test_without_verbose_fix_prints_one_line_per_repair_and_file(tmp_path: Path) -> None:
    _status, text = run(str(FIXTURES / "excel_us"), "--out", str(tmp_path / "o.zip"), "--reference", str(FIXTURES / "clean"))
    lines = text.splitlines()
    assert " -> " not in text  # no cell by cell
    assert lines[0] == "102 values repaired:"
    assert "  Write true/false in lower case in users.csv enabledUser: 5 values" in lines
    assert "  Write out numbers shown in scientific notation in enrollments.csv sourcedId: 5 values" in lines
    assert sum(int(line.rsplit(": ", 1)[1].split()[0]) for line in lines[1:] if line.startswith("  ")) == 102


def test_the_last_line_says_what_was_written_and_the_exit_status(tmp_path: Path) -> None:
    status, text = run(str(FIXTURES / "excel_us"), "--out", str(tmp_path / "o.zip"))
    assert status == 1
    assert text.splitlines()[-1] == f"Wrote {tmp_path / 'o.zip'}; 6 errors remain (exit status 1)."
    status, text = run(str(clean_sample(tmp_path / "sample")), "--out", str(tmp_path / "clean.zip"))
    assert status == 0
    assert text.splitlines()[-1] == f"Wrote {tmp_path / 'clean.zip'}; no errors remain."


def test_help_documents_the_exit_status(capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from core.cli import main

    for name in ("fix", "export"):
        with pytest.raises(SystemExit):
            main([name, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "1 the files were written but errors remain" in text, name
