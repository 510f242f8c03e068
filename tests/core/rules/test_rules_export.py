"""Exports that pass their own check: the export's output, read back and checked again, has no
finding the export itself could have avoided (its manifest, bulk/delta, CSV syntax), and no finding
the input did not have. Fixtures: the clean sets, and the shapes of the real samples (a 1.1 set
without manifest, manifest.version 1, bulk files carrying status, header-only files, 1.0 columns
under a 1.1 manifest, a manifest without header row, a OneRoster 1.2 set)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from rules_fixtures import CLEAN_10, CLEAN_11, MANIFEST_11, codes, only, replace_line, roster
from test_rules_v12 import MANIFEST_12, ROLES, USERS_12

from core.checks import check_roster
from core.cli import main
from core.errors import RosterError
from core.findings import Finding
from core.io.csvwrite import export_mode, upload_files, write_roster_zip
from core.io.load import load_roster
from core.roster import Roster


def _status_filled(text: str) -> str:
    """Every row of a 1.1 file with status active and a dateLastModified (as Moodle's bulk files)."""
    head, *rows = text.strip("\n").split("\n")
    return "\n".join([head] + [r.replace(",,,", ",active,2026-08-01T00:00:00Z,", 1) for r in rows]) + "\n"


def _header_only(text: str) -> str:
    return text.splitlines()[0] + "\n"


SHAPES: dict[str, dict[str, str]] = {
    "clean 1.1": CLEAN_11,
    "clean 1.0": CLEAN_10,
    "1.1 without manifest": {k: v for k, v in CLEAN_11.items() if k != "manifest.csv"},
    "manifest.version 1 (Excel)": dict(CLEAN_11, **{"manifest.csv": replace_line(MANIFEST_11, "manifest.version,1.0", "manifest.version,1")}),
    "bulk files carrying status": dict(CLEAN_11, **{n: _status_filled(CLEAN_11[n]) for n in ("orgs.csv", "users.csv", "enrollments.csv")}),
    "header-only files declared bulk": dict(CLEAN_11, **{n: _header_only(CLEAN_11[n]) for n in ("demographics.csv", "courses.csv")}),
    "manifest without header row": dict(CLEAN_11, **{"manifest.csv": MANIFEST_11.split("\n", 1)[1]}),
    "misspelled manifest property": dict(CLEAN_11, **{"manifest.csv": replace_line(MANIFEST_11, "file.users,bulk", "fiel.users,bulk")}),
    "1.0 columns under a 1.1 manifest": dict(CLEAN_10, **{"manifest.csv": MANIFEST_11}),
    "OneRoster 1.2": dict(CLEAN_11, **{"manifest.csv": MANIFEST_12, "users.csv": USERS_12, "roles.csv": ROLES}),
    "errors in the data": dict(CLEAN_11, **{"users.csv": CLEAN_11["users.csv"].replace(",student,s1,", ",Student,s1,")}),
    # a value whose comma lost its quotes: a field too many (Ed-Fi's users.csv)
    "a record with a field too many": dict(CLEAN_11, **{"users.csv": CLEAN_11["users.csv"].replace("Rosa,Diaz,", "Rosa,Maria,Diaz,")}),
    "a record with fields missing": dict(CLEAN_11, **{"orgs.csv": CLEAN_11["orgs.csv"].replace("sch2,,,Oak Middle,school,0600003,dist", "sch2,,,Oak Middle")}),
}

#: what the export writes itself: its manifest, each file's bulk/delta, canonical CSV
_AVOIDABLE_PREFIXES = ("manifest.", "csv.", "damage.manifest")
_AVOIDABLE_CODES = {"value.bulk_has_values", "value.required_delta", "package.version_unknown"}


def _roster(files: dict[str, str]) -> Roster:
    return roster(files)


def _export(r: Roster, tmp_path: Path, version: str | None = None) -> Roster:
    out = tmp_path / "Roster.zip"
    write_roster_zip(r, out, version=version)
    return load_roster([str(out)])


def _keys(findings: list[Finding]) -> set[tuple]:
    return {(f.code, f.file, f.row, f.column) for f in findings}


def _avoidable(f: Finding) -> bool:
    if f.code == "csv.ragged_long":
        return False  # values beyond the header: kept, not dropped (the data's problem)
    if f.code.startswith(_AVOIDABLE_PREFIXES) or f.code in _AVOIDABLE_CODES:
        return True
    return f.code == "package.missing_file" and f.file == "manifest.csv"


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("profile", [None, "renaissance"])
def test_export_output_has_no_finding_the_export_could_have_avoided(shape: str, profile: str | None, tmp_path: Path) -> None:
    r = _roster(SHAPES[shape])
    before = check_roster(r, profile)
    after = check_roster(_export(r, tmp_path), profile)
    assert [f.message for f in after if _avoidable(f)] == []
    # and it adds none: every finding of the output is one the input had. A record that lacked
    # fields is written with them empty: what the reader reported as missing fields, the check of
    # the output reports as empty values of that row
    short = {(f.file, f.line) for f in before if f.code == "csv.ragged_short"}
    assert _keys([f for f in after if (f.file, f.line) not in short]) <= _keys(before)


def test_values_beyond_the_header_are_kept(tmp_path: Path) -> None:
    r = _roster(SHAPES["a record with a field too many"])
    (f,) = only(check_roster(r), "csv.ragged_long")
    data = dict(upload_files(r))["users.csv"].decode()
    assert "p1,,,true,sch1,parent,p1,,Rosa,Maria,Diaz,,,rosa@example.org,,,,,\r\n" in data
    assert only(check_roster(_export(r, tmp_path)), "csv.ragged_long")[0].row == f.row


def test_a_11_set_without_manifest_is_exported_with_one(tmp_path: Path) -> None:
    r = _roster(SHAPES["1.1 without manifest"])
    assert "package.missing_file" in codes(check_roster(r))
    names = [n for n, _ in upload_files(r)]
    assert names[0] == "manifest.csv"
    assert check_roster(_export(r, tmp_path)) == []


def test_bulk_or_delta_is_chosen_from_the_rows(tmp_path: Path) -> None:
    r = _roster(SHAPES["bulk files carrying status"])
    assert len(only(check_roster(r), "value.bulk_has_values")) == 6
    manifest = dict(_manifest(upload_files(r, version="1.1")))
    assert (manifest["file.users"], manifest["file.orgs"], manifest["file.enrollments"], manifest["file.classes"]) == (
        "delta", "delta", "delta", "bulk")
    # header-only files: delta, not bulk (bulk would delete every record of the kind)
    r = _roster(SHAPES["header-only files declared bulk"])
    manifest = dict(_manifest(upload_files(r)))
    assert (manifest["file.demographics"], manifest["file.courses"], manifest["file.users"]) == ("delta", "delta", "bulk")


def test_export_mode_keeps_a_declared_delta_when_rows_do_not_decide() -> None:
    r = _roster(CLEAN_11)
    users = r["users.csv"]
    assert export_mode(users) == "bulk" and export_mode(users, "delta") == "delta"
    users.set_cell(0, users.col_index("status"), "active")  # some rows filled, others not
    assert export_mode(users) == "bulk" and export_mode(users, "delta") == "delta"


def _manifest(files: list[tuple[str, bytes]]) -> list[tuple[str, str]]:
    data = dict(files)["manifest.csv"].decode()
    return [tuple(line.split(",", 1)) for line in data.split("\r\n")[1:] if line]  # type: ignore[misc]


def test_a_version_the_columns_do_not_have_is_said_not_written(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match=r"OneRoster 1.0 was asked for, but .*users.csv.* have OneRoster 1.1 columns"):
        upload_files(_roster(CLEAN_11), version="1.0")
    with pytest.raises(RosterError, match="OneRoster 1.1 was asked for"):
        upload_files(_roster(CLEAN_10), version="1.1")
    with pytest.raises(RosterError, match="OneRoster 1.2 and this program does not convert them"):
        upload_files(_roster(SHAPES["OneRoster 1.2"]), version="1.1")
    # the version the columns have is written as asked
    assert [n for n, _ in upload_files(_roster(CLEAN_10), version="1.0")] == list(CLEAN_10)
    assert _manifest(upload_files(_roster(SHAPES["OneRoster 1.2"])))[1] == ("oneroster.version", "1.2")


def test_cli_export_counts_the_output_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, text in SHAPES["1.1 without manifest"].items():
        (src / name).write_text(text, encoding="utf-8")
    assert main(["check", str(src)]) == 1  # the input lacks its manifest
    capsys.readouterr()
    out = tmp_path / "out"
    assert main(["export", str(src), "--out", str(out)]) == 0
    assert capsys.readouterr().out.endswith(f"Wrote {out}; no errors remain.\n")
    # a folder export is checked as the files it wrote, not whatever else the folder holds
    (out / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["export", str(src), "--out", str(out)]) == 0
    # errors of the data remain and are counted from the output
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, text in SHAPES["errors in the data"].items():
            zf.writestr(name, text)
    capsys.readouterr()
    assert main(["export", str(bad), "--out", str(tmp_path / "Roster.zip")]) == 1
    assert "1 error remains" in capsys.readouterr().out
    assert main(["export", str(src), "--out", str(tmp_path / "x"), "--version", "1.0"]) == 2
    assert "does not convert columns between versions" in capsys.readouterr().err
