"""Refusing before the work: binary files at once, zips and files too large for the memory free."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from core.errors import RosterError
from core.io.archive import read_zip
from core.io.csvread import read_csv_bytes
from core.io.guard import check_memory, refuse_binary, size_text
from core.io.load import load_roster


def _zip(members: dict[str, bytes], **kw: object) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


# --- binary content ------------------------------------------------------------------------------
def test_a_file_of_nul_bytes_is_refused_at_once(tmp_path: Path) -> None:
    p = tmp_path / "users.csv"
    p.write_bytes(b"\x00" * (1 << 20))
    with pytest.raises(RosterError, match="not a text file: it holds runs of NUL bytes"):
        load_roster([str(p)])


@pytest.mark.parametrize(
    ("head", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, r"old Excel workbook \(\.xls\)"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"PK\x03\x04" + b"\x14" * 20, r"zip file or an Excel workbook \(\.xlsx\) with another name"),
    ],
)
def test_known_binary_files_are_named(head: bytes, says: str) -> None:
    with pytest.raises(RosterError, match=says):
        read_csv_bytes(head, "users.csv")


def test_text_with_a_few_nul_bytes_is_still_read_with_a_finding() -> None:
    table, findings = read_csv_bytes(b"a,b\r\n1,\x002\r\n", "users.csv")
    assert table.row(0) == ["1", "\x002"]
    assert "csv.nul_byte" in {f.code for f in findings}


def test_utf16_and_utf32_text_is_not_binary() -> None:
    for enc in ("utf-16", "utf-32"):
        refuse_binary("sourcedId,name\r\n1,Ann\r\n".encode(enc))


# --- memory --------------------------------------------------------------------------------------
def test_a_file_needing_more_memory_than_is_free_is_refused_with_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "enrollments.csv"
    p.write_bytes(b"sourcedId,classSourcedId\r\n" + b"e1,c1\r\n" * 50_000)  # 350 KB: needs about 1.7 MB
    monkeypatch.setenv("ROSTERPREP_AVAILABLE_MEMORY", str(1 << 20))
    with pytest.raises(RosterError) as err:
        load_roster([str(p)])
    assert "this file needs about 1.7 MB of memory to open; this computer has 1.0 MB free" in str(err.value)
    monkeypatch.setenv("ROSTERPREP_AVAILABLE_MEMORY", str(1 << 30))
    assert load_roster([str(p)]).tables[0].nrows == 50_000


def test_memory_figures_read_plainly() -> None:
    assert size_text(9 * (1 << 30)) == "9.0 GB"
    assert size_text(6.4 * (1 << 30)) == "6.4 GB"
    assert size_text(350 * 1024) == "350 KB"
    check_memory(10)  # what fits passes


# --- zips ----------------------------------------------------------------------------------------
def test_members_that_each_compress_impossibly_well_are_refused() -> None:
    blob = _zip({f"m{i}.csv": b"a" * (2 << 20) for i in range(3)})
    with pytest.raises(RosterError, match="zip bomb"):
        read_zip(blob, name="Roster.zip")


def test_many_small_members_that_together_compress_impossibly_well_are_refused() -> None:
    blob = _zip({f"m{i}.csv": b"a" * (900 << 10) for i in range(30)})
    with pytest.raises(RosterError, match=r"would unpack to 26\.4 MB from .*zip bomb"):
        read_zip(blob, name="Roster.zip")


def test_a_zip_whose_contents_would_not_fit_in_memory_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    blob = _zip({"users.csv": b"sourcedId\r\n" + b"".join(b"u%d\r\n" % i for i in range(40_000))})
    monkeypatch.setenv("ROSTERPREP_AVAILABLE_MEMORY", str(100_000))
    with pytest.raises(RosterError, match="this zip needs about .* of memory to open"):
        read_zip(blob, name="Roster.zip")


def test_a_real_roster_zip_still_opens() -> None:
    rows = b"".join(b"u%d,Ann,Lee,student,09\r\n" % i for i in range(20_000))
    members, findings = read_zip(_zip({"users.csv": b"sourcedId,givenName,familyName,role,grades\r\n" + rows}), name="Roster.zip")
    assert [m.name for m in members] == ["users.csv"] and findings == []


def test_a_zip_of_only_password_protected_files_says_so(tmp_path: Path) -> None:
    raw = bytearray(_zip({"users.csv": b"a\r\n1\r\n", "orgs.csv": b"a\r\n1\r\n"}))
    # mark both members encrypted (flag bit 0 in the local and central headers)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = raw.find(sig)
        while i >= 0:
            raw[i + off] |= 1
            i = raw.find(sig, i + 4)
    p = tmp_path / "Roster.zip"
    p.write_bytes(bytes(raw))
    with pytest.raises(RosterError) as err:
        load_roster([str(p)])
    assert "it holds only 2 files password-protected (users.csv, orgs.csv)" in str(err.value)
    assert "without a password" in str(err.value)


def test_a_zip_of_only_unsafe_paths_says_so(tmp_path: Path) -> None:
    p = tmp_path / "Roster.zip"
    p.write_bytes(_zip({"../users.csv": b"a\r\n1\r\n"}))
    with pytest.raises(RosterError, match=r"holds only 1 file with a path that leaves the zip's folder \(\.\./users\.csv\)"):
        load_roster([str(p)])


def test_the_reader_owns_bytes_handed_over_and_lets_them_go() -> None:
    from core.io.csvread import TakenBytes

    given = TakenBytes(b"a,b\r\n1,2\r\n")
    table, _ = read_csv_bytes(given, "users.csv")
    assert table.row(0) == ["1", "2"]
    with pytest.raises(ValueError):
        given.take()  # released: the loader's reference no longer keeps the file's bytes alive
