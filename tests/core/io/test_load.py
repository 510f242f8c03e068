"""load_roster: zips, folders, loose CSV/TXT files and workbooks become one roster, named exactly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from core.errors import RosterError
from core.io.load import load_roster, load_table_with_encoding

USERS = b"sourcedId,givenName\r\nu1,Ana\r\n"
ENROLL = b"sourcedId,classSourcedId,userSourcedId\r\ne1,c1,u1\r\n"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def codes(roster) -> list[str]:
    return [f.code for f in roster.load_findings]


def test_folder_of_csvs(tmp_path: Path) -> None:
    (tmp_path / "users.csv").write_bytes(USERS)
    (tmp_path / "enrollments.csv").write_bytes(ENROLL)
    (tmp_path / "notes.md").write_bytes(b"# not a roster file")
    roster = load_roster([str(tmp_path)])
    assert roster.name == tmp_path.name
    assert roster.names == ["enrollments.csv", "users.csv"]
    assert roster["users.csv"].row(0) == ["u1", "Ana"]
    src = roster["users.csv"].source
    assert src is not None and src.kind == "file" and src.path == str(tmp_path / "users.csv")
    assert src.size == len(USERS) and src.data is None
    assert roster.origin_paths == [str(tmp_path)]
    assert codes(roster) == []
