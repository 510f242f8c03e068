import json
import zipfile
from pathlib import Path

import pytest

from core.cli import main

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "sample"


def test_check_json_has_files_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(SAMPLE), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    users = next(f for f in out["files"] if f["name"] == "users.csv")
    assert users == {
        "name": "users.csv",
        "rows": 9,
        "columns": 18,
        "encoding": "utf-8",
        "bom": False,
        "delimiter": ",",
        "line_ending": "CRLF",
    }
    given = next(f for f in out["findings"] if f["file"] == "users.csv" and f["column"] == "givenName")
    assert given["severity"] == "error" and given["row"] == 9 and given["value"] == ""
    assert given["message"].startswith("users.csv, line 9, column givenName: ")
    assert set(given) >= {"severity", "code", "file", "row", "column", "value", "message"}


#: the sample roster's documented problems, each with the correction an admin would make
SAMPLE_FIXES = {
    "classes.csv": [(b"Scheduled", b"scheduled"), (b",9,crs-bio", b",09,crs-bio")],
    "users.csv": [
        (b"TRUE", b"true"),
        (b",20033,,,,,03", b",00020033,,,,,03"),
        (b",,Kowalski,,00030042,,,,,9,", b",Piotr,Kowalski,,00030042,,,,,09,"),
        (b"pokafor,,Patience,Okafor,,00001003,jchen@", b"pokafor,,Patience,Okafor,,00001003,pokafor@"),
    ],
    "academicSessions.csv": [(b"8/15/2027", b"2027-06-11")],
    "enrollments.csv": [(b"s-30099", b"s-20033")],
    "demographics.csv": [(b"Female", b"female")],
}


def clean_sample(folder: Path) -> Path:
    folder.mkdir()
    for src in SAMPLE.glob("*.csv"):
        data = src.read_bytes()
        for old, new in SAMPLE_FIXES.get(src.name, []):
            assert old in data, (src.name, old)
            data = data.replace(old, new)
        (folder / src.name).write_bytes(data)
    return folder


def test_check_of_the_corrected_sample_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(clean_sample(tmp_path / "clean")), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert [f["message"] for f in out["findings"] if f["severity"] == "error"] == []
    assert code == 0


def test_unreadable_input_exits_2_with_a_plain_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "Roster.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    code = main(["check", str(bad)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Roster.zip" in err and "Traceback" not in err
    assert main(["check", str(tmp_path / "missing.csv")]) == 2


def test_export_writes_an_upload_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "Roster.zip"
    code = main(["export", str(SAMPLE), "--out", str(out)])
    assert code == 1  # the sample keeps its errors; the zip is written anyway
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert names[0] == "manifest.csv" and "users.csv" in names
        assert zf.read("users.csv") == (SAMPLE / "users.csv").read_bytes()
    assert "Wrote" in capsys.readouterr().out


def test_launcher_sends_subcommands_to_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from gui.launcher import main as launch

    assert launch(["check", str(SAMPLE)]) == 1
    assert "orgs.csv: 3 rows" in capsys.readouterr().out


def test_closed_pipe_is_not_a_crash(tmp_path: Path) -> None:
    import subprocess
    import sys

    # far more output than a pipe buffers, so the writer meets the closed pipe for sure
    users = tmp_path / "users.csv"
    header = (SAMPLE / "users.csv").read_bytes().split(b"\r\n")[0]
    rows = b"".join(b"s-%d,,,TRUE,0101,student,u%d,,Ann,Lee,,,,,,,03,\r\n" % (i, i) for i in range(5000))
    users.write_bytes(header + b"\r\n" + rows)
    proc = subprocess.run(
        f'"{sys.executable}" -m gui.launcher check "{users}" | head -1',
        shell=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_version_prints_and_exits_without_a_window() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code = "import sys; from gui.launcher import main; rc = main(['--version']); print(sorted(m for m in sys.modules if m.startswith('PySide6'))); sys.exit(rc)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[3])
    assert proc.returncode == 0, proc.stderr
    version, qt = proc.stdout.splitlines()
    assert version.startswith("rosterprep ") and version != "rosterprep unknown"
    assert qt == "[]"
