import io
import os
import zipfile
from pathlib import Path

import pytest

from core.errors import RosterError
from core.io.csvread import read_csv_bytes
from core.io.csvwrite import (
    atomic_write,
    export_csv_bytes,
    export_folder,
    quote_field,
    save_bytes,
    save_table_in_place,
    write_roster_zip,
)
from core.roster import Roster
from core.table import Source, Table

SOURCES = [
    b"a,b\r\n1,2\r\n",
    b"a,b\r\n",
    b"a,b",
    b"a,b\r\n\r\n",
    b'a,b\n1\n1,,\n 00123 ,""\n',
    b'a,b\r\n"x,y",2\r\n"multi\nline",3\r\n',
    b'a,b\r\nab"c,2\r\n',
    b'a;b\r\n"ab"c;2\r\n5;6',
    "x\tb\r\nJosé\t1\r\n".encode("utf-16"),
    "x,b\r\nJosé,1\r\n".encode("cp1252"),
    b"\xef\xbb\xbfsourcedId,grades\r\n00123,\"09,10\"\r\nTRUE,1-12\r\n",
]


@pytest.mark.parametrize("data", SOURCES)
def test_unedited_table_saves_byte_for_byte(data: bytes) -> None:
    t, _ = read_csv_bytes(data, "x.csv", source=Source("memory", data=data))
    assert save_bytes(t) == data


def test_edit_changes_only_the_edited_record() -> None:
    data = b'id,name,grades\n001,"Smith, Ann","09,10"\n002,Bob,09\n003, x ,""\n'
    t, _ = read_csv_bytes(data, "x.csv", source=Source("memory", data=data))
    t.set_cell(1, 1, "Robert")
    assert save_bytes(t) == b'id,name,grades\n001,"Smith, Ann","09,10"\n002,Robert,09\n003, x ,""\n'


def test_edit_in_cp1252_file_keeps_encoding_and_line_endings() -> None:
    data = "id;name\r\n1;José\r\n2;Zoë\r\n".encode("cp1252")
    t, _ = read_csv_bytes(data, "x.csv", source=Source("memory", data=data))
    assert t.dialect.encoding == "cp1252" and t.dialect.delimiter == ";"
    t.set_cell(1, 1, "Zoé")
    assert save_bytes(t) == "id;name\r\n1;José\r\n2;Zoé\r\n".encode("cp1252")


def test_export_is_canonical_oneroster_csv() -> None:
    t = Table.from_rows("users.csv", ["a", "b", "c"], [['x"y', "1,2", "line\nbreak"], ["00123", " sp ", ""]])
    assert export_csv_bytes(t) == b'a,b,c\r\n"x""y","1,2","line\nbreak"\r\n00123, sp ,\r\n'
    assert export_csv_bytes(t, bom=True).startswith(b"\xef\xbb\xbfa,b,c\r\n")


def test_quote_field_only_where_needed() -> None:
    assert quote_field("plain") == "plain"
    assert quote_field("") == ""
    assert quote_field("a\rb") == '"a\rb"'
    assert quote_field('say "hi"') == '"say ""hi"""'


def test_save_in_place_is_atomic_and_keeps_backup(tmp_path: Path) -> None:
    p = tmp_path / "users.csv"
    p.write_bytes(b"id,name\n1,Ann\n2,Bob\n")
    st = p.stat()
    t, _ = read_csv_bytes(p.read_bytes(), "users.csv", source=Source("file", str(p), size=st.st_size, mtime=st.st_mtime))
    t.set_cell(0, 1, "Anne")
    backup = save_table_in_place(t)
    assert p.read_bytes() == b"id,name\n1,Anne\n2,Bob\n"
    assert backup and Path(backup).read_bytes() == b"id,name\n1,Ann\n2,Bob\n"
    assert not t.modified
    # a second edit after saving still changes only that record
    t.set_cell(1, 1, "Bobby")
    save_table_in_place(t)
    assert p.read_bytes() == b"id,name\n1,Anne\n2,Bobby\n"
    assert [x.name for x in tmp_path.iterdir() if x.name.endswith(".tmp")] == []


def test_atomic_write_failure_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(b"old")

    def boom(*a: object, **k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(RosterError, match="No space left"):
        atomic_write(p, b"new")
    assert p.read_bytes() == b"old"
    assert [x.name for x in tmp_path.iterdir()] == ["a.csv"]


def _roster() -> Roster:
    r = Roster("set")
    r.add(Table.from_rows("orgs.csv", ["sourcedId", "name"], [["0101", "Cedar"]]))
    r.add(Table.from_rows("users.csv", ["sourcedId", "givenName"], [["s1", "José"]]))
    extra = Table.from_rows("results.csv", ["sourcedId"], [["r1"]])
    extra.in_upload = False
    r.add(extra)
    return r


def test_roster_zip_has_files_at_root_and_a_matching_manifest(tmp_path: Path) -> None:
    out = tmp_path / "Roster.zip"
    names = write_roster_zip(_roster(), out, version="1.1")
    assert names == ["manifest.csv", "orgs.csv", "users.csv"]
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == names
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in zf.infolist())
        manifest = zf.read("manifest.csv").decode()
        assert zf.read("users.csv") == "sourcedId,givenName\r\ns1,José\r\n".encode()
    lines = manifest.split("\r\n")
    assert lines[:3] == ["propertyName,value", "manifest.version,1.0", "oneroster.version,1.1"]
    assert "file.orgs,bulk" in lines and "file.users,bulk" in lines
    assert "file.results,absent" in lines and "file.enrollments,absent" in lines


def test_export_folder_for_10_has_no_manifest(tmp_path: Path) -> None:
    names = export_folder(_roster(), tmp_path / "out", version="1.0")
    assert names == ["orgs.csv", "users.csv"]
    assert sorted(os.listdir(tmp_path / "out")) == ["orgs.csv", "users.csv"]


def test_zip_reads_back_exactly(tmp_path: Path) -> None:
    out = tmp_path / "Roster.zip"
    write_roster_zip(_roster(), out)
    with zipfile.ZipFile(out) as zf:
        data = zf.read("users.csv")
    t, findings = read_csv_bytes(data, "users.csv")
    assert t.column("givenName") == ["José"] and findings == []
    assert io.BytesIO(data).read().endswith(b"\r\n")
