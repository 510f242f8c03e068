import argparse
import json
import zipfile

from prepare_fixtures import fixture, partial_extract

from core.cli import prepare as command


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    command.add_parser(sub)
    args = parser.parse_args(argv)
    return args.run(args)


def own_findings_only(monkeypatch):
    # the rule checks are other engineers' work; these tests measure the prepare command itself
    monkeypatch.setattr(command, "check_prepared", lambda result, template: list(result.findings))


def test_prepare_writes_zip_and_prints_comparison(tmp_path, capsys, monkeypatch):
    own_findings_only(monkeypatch)
    out = tmp_path / "Roster.zip"
    rc = cli(["prepare", "--template", fixture("template"), fixture("sis_spec"), "--out", str(out)])
    assert rc == 0
    text = capsys.readouterr().out
    assert f"Wrote {out} in OneRoster 1.1: manifest.csv, orgs.csv, users.csv, courses.csv, classes.csv, enrollments.csv, academicSessions.csv, demographics.csv" in text
    assert "  users.csv: 14 records, 18 of 25 template columns filled, Renaissance's own columns carried for 12" in text
    assert "North Elementary (s-north)" in text and "+1 -1 ~1" in text
    assert text.endswith("0 errors, 0 warnings, 0 notes\n")
    with zipfile.ZipFile(out) as zf:
        assert len(zf.namelist()) == 8


def test_errors_remain_but_zip_is_written(tmp_path, capsys, aeries_zip, monkeypatch):
    own_findings_only(monkeypatch)
    out = tmp_path / "Roster.zip"
    rc = cli(["prepare", "--template", fixture("template"), aeries_zip, "--out", str(out), "--version", "1.0"])
    assert rc == 1
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == sorted(["orgs.csv", "users.csv", "courses.csv", "classes.csv", "enrollments.csv", "academicSessions.csv", "demographics.csv"])
    text = capsys.readouterr().out
    assert "Left out (Renaissance does not take them): categories.csv, lineItems.csv, results.csv" in text
    assert "Summer Academy (995) does not exist in Renaissance" in text


def test_json_output(tmp_path, capsys, monkeypatch):
    own_findings_only(monkeypatch)
    rc = cli(["prepare", "--template", fixture("template"), partial_extract(tmp_path / "p"), "--out", str(tmp_path / "R.zip"), "--json"])
    assert rc == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == "1.1" and data["sis_version"] == "1.1"
    assert data["records"]["users.csv"] == {"rows": 7, "carried": 6, "new": 1}
    assert [d["school"] for d in data["comparison"]["large_drops"]] == ["s-south", "s-south"]
    assert data["matching"]["users.csv"]["givenName"] == "givenName"
    assert {f["code"] for f in data["findings"]} == {"prepare.large_drop"}


def test_matching_file_is_saved_then_used(tmp_path, capsys, monkeypatch):
    own_findings_only(monkeypatch)
    mfile = tmp_path / "matching.json"
    assert cli(["prepare", "--template", fixture("template"), fixture("sis_10"), "--out", str(tmp_path / "a.zip"), "--matching", str(mfile)]) == 0
    saved = json.loads(mfile.read_text(encoding="utf-8"))
    assert saved["files"]["users.csv"]["sourcedId"] == "sourceID"
    saved["files"]["users.csv"]["middleName"] = "Homeroom"
    mfile.write_text(json.dumps(saved), encoding="utf-8")
    capsys.readouterr()
    assert cli(["prepare", "--template", fixture("template"), fixture("sis_10"), "--out", str(tmp_path / "b.zip"), "--matching", str(mfile), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["matching"]["users.csv"]["middleName"] == "Homeroom"
    assert data["dropped"]["users.csv"] == []


def test_unreadable_input_exits_2(tmp_path, capsys):
    bad = tmp_path / "OneRosterExport.zip"
    bad.write_bytes(b"not a zip")
    rc = cli(["prepare", "--template", str(bad), fixture("sis_spec"), "--out", str(tmp_path / "R.zip")])
    assert rc == 2
    err = capsys.readouterr().err
    assert err.startswith("rosterprep: the Renaissance export could not be read: ") and "Traceback" not in err
    assert err.count("\n") == 1
    assert not (tmp_path / "R.zip").exists()


def test_bad_matching_file_exits_2(tmp_path, capsys):
    m = tmp_path / "m.json"
    m.write_text("[]", encoding="utf-8")
    rc = cli(["prepare", "--template", fixture("template"), fixture("sis_spec"), "--out", str(tmp_path / "R.zip"), "--matching", str(m)])
    assert rc == 2
    assert "not a saved column matching" in capsys.readouterr().err


def test_json_lists_every_change(tmp_path, capsys, monkeypatch):
    own_findings_only(monkeypatch)
    cli(["prepare", "--template", fixture("template"), fixture("sis_spec"), "--out", str(tmp_path / "R.zip"), "--json"])
    changes = json.loads(capsys.readouterr().out)["comparison"]["changes"]
    assert {"kind": "users", "change": "changed", "school": "s-north", "sourcedId": "n1", "name": "Nora1 Lind-Park",
            "columns": [{"column": "familyName", "renaissance": "Lind", "upload": "Lind-Park"}]} in changes
    assert {"kind": "classes", "change": "added", "school": "s-south", "sourcedId": "c-s2", "name": "Science 7 B"} in changes
    assert len(changes) == 10


def test_missing_sis_exits_2(tmp_path, capsys):
    rc = cli(["prepare", "--template", fixture("template"), str(tmp_path / "nothing.zip"), "--out", str(tmp_path / "R.zip")])
    assert rc == 2
    assert capsys.readouterr().err.startswith("rosterprep: the SIS data could not be read: ")


def test_through_the_rosterprep_command_line(tmp_path, capsys):
    from core.cli import main

    out = tmp_path / "Roster.zip"
    rc = main(["prepare", "--template", fixture("template"), fixture("sis_spec"), "--out", str(out)])
    text = capsys.readouterr().out
    # with every check installed the result depends on the rules too; the file is always written
    assert rc in (0, 1) and out.exists()
    assert "What the upload changes in Renaissance:" in text
    errors = int(text.splitlines()[-1].split(" errors,")[0])
    assert rc == (1 if errors else 0)


def test_saved_matching_carries_org_ids(tmp_path, capsys, monkeypatch, aeries_zip):
    own_findings_only(monkeypatch)
    mfile = tmp_path / "matching.json"
    mfile.write_text(json.dumps({"format": "rosterprep-matching", "version": 1, "files": {}, "org_ids": {"994": "s-south", "995": "s-north"}}), encoding="utf-8")
    rc = cli(["prepare", "--template", fixture("template"), aeries_zip, "--out", str(tmp_path / "R.zip"), "--matching", str(mfile), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 0 and data["missing_orgs"] == [] and data["org_ids"] == {"994": "s-south", "995": "s-north"}
    mfile.write_text(json.dumps({"files": {}, "org_ids": {"994": 7}}), encoding="utf-8")
    assert cli(["prepare", "--template", fixture("template"), aeries_zip, "--out", str(tmp_path / "R.zip"), "--matching", str(mfile)]) == 2
    assert "org IDs in this saved matching are not readable" in capsys.readouterr().err
