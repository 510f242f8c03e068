"""Helpers for the prepare tests: the fixture sets and small edits of them."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "prepare"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def zip_folder(folder: Path, dest: Path) -> str:
    """Zip a fixture folder's files at the zip's root."""
    with zipfile.ZipFile(dest, "w") as zf:
        for f in sorted(folder.iterdir()):
            if f.suffix == ".csv":
                zf.write(f, f.name)
    return str(dest)


def read_zip_csv(path: str, member: str) -> list[list[str]]:
    with zipfile.ZipFile(path) as zf:
        data = zf.read(member).decode("utf-8")
    return list(csv.reader(io.StringIO(data, newline="")))


def partial_extract(dest: Path, keep_school: str = "s-north") -> str:
    """The SIS spec set with only one school's users, classes and enrollments: a partial extract."""
    shutil.copytree(FIXTURES / "sis_spec", dest)
    for name, col in (("users.csv", "orgSourcedIds"), ("classes.csv", "schoolSourcedId"), ("enrollments.csv", "schoolSourcedId")):
        rows = list(csv.reader(io.StringIO((dest / name).read_text(encoding="utf-8"), newline="")))
        i = rows[0].index(col)
        kept = [rows[0]] + [r for r in rows[1:] if r[i] == keep_school]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(kept)
        (dest / name).write_text(buf.getvalue(), encoding="utf-8", newline="")
    return str(dest)
