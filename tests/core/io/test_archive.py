"""read_zip: hostile zips are refused and named, junk is skipped, an enclosing folder is tolerated."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from core.errors import RosterError
from core.io import archive
from core.io.archive import read_zip

USERS = b"sourcedId,givenName\r\nu1,Ana\r\n"


def make_zip(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2024, 8, 1, 12, 0, 0)), data, compress_type=method)
    return buf.getvalue()


def test_plain_zip_from_bytes_and_path(tmp_path: Path) -> None:
    data = make_zip({"users.csv": USERS, "orgs.csv": b"sourcedId\r\n"})
    members, findings = read_zip(data)
    assert [(m.name, m.data, m.original) for m in members] == [("users.csv", USERS, "users.csv"), ("orgs.csv", b"sourcedId\r\n", "orgs.csv")]
    assert findings == []
    p = tmp_path / "Roster.zip"
    p.write_bytes(data)
    members2, _ = read_zip(str(p))
    assert [m.name for m in members2] == ["users.csv", "orgs.csv"]
    assert members2[0].mtime > 0


@pytest.mark.parametrize(
    "evil",
    ["../evil.csv", "a/../../evil.csv", "/etc/evil.csv", "C:/evil.csv", "C:evil.csv", "..\\evil.csv", "\\\\server\\share\\x.csv", "a/C:/x.csv"],
)
def test_member_leaving_the_folder_is_refused_and_named(evil: str) -> None:
    data = make_zip({evil: b"x\r\n", "users.csv": USERS})
    members, findings = read_zip(data, name="Roster.zip")
    assert [m.name for m in members] == ["users.csv"]
    assert [(f.severity, f.code, f.file, f.value) for f in findings] == [("error", "package.unsafe_member", "Roster.zip", evil)]
    assert evil in findings[0].message


def test_directories_and_mac_junk_are_skipped() -> None:
    data = make_zip({"__MACOSX/._users.csv": b"junk", ".DS_Store": b"junk", "sub/": b"", "users.csv": USERS, "._orgs.csv": b"j"})
    members, findings = read_zip(data)
    assert [m.name for m in members] == ["users.csv"]
    assert findings == []


def test_enclosing_folder_is_stripped_with_a_warning() -> None:
    data = make_zip({"OneRosterExport/users.csv": USERS, "OneRosterExport/orgs.csv": b"sourcedId\r\n", "__MACOSX/OneRosterExport/._users.csv": b"j"})
    members, findings = read_zip(data, name="export.zip")
    assert [(m.name, m.original) for m in members] == [("users.csv", "OneRosterExport/users.csv"), ("orgs.csv", "OneRosterExport/orgs.csv")]
    assert [(f.severity, f.code, f.params) for f in findings] == [("warning", "package.enclosing_folder", {"folder": "OneRosterExport"})]
    assert "OneRosterExport" in findings[0].message


def test_files_at_root_and_in_a_folder_keep_their_paths() -> None:
    members, findings = read_zip(make_zip({"users.csv": USERS, "extra/orgs.csv": b"x\r\n"}))
    assert [m.name for m in members] == ["users.csv", "extra/orgs.csv"]
    assert findings == []


def test_encrypted_member_is_named_and_skipped() -> None:
    data = bytearray(make_zip({"users.csv": USERS, "secret.csv": b"a\r\n"}, method=zipfile.ZIP_STORED))
    # set the "encrypted" flag bit on secret.csv in both its local header and the central directory
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            flag_at = i + (6 if sig == b"PK\x03\x04" else 8)
            name_len_at = i + (26 if sig == b"PK\x03\x04" else 28)
            name_at = i + (30 if sig == b"PK\x03\x04" else 46)
            (n,) = struct.unpack_from("<H", data, name_len_at)
            if bytes(data[name_at : name_at + n]) == b"secret.csv":
                struct.pack_into("<H", data, flag_at, struct.unpack_from("<H", data, flag_at)[0] | 1)
            start = i + 4
    members, findings = read_zip(bytes(data))
    assert [m.name for m in members] == ["users.csv"]
    assert [(f.code, f.value) for f in findings] == [("package.encrypted_member", "secret.csv")]


def test_zip_bomb_by_total_size_is_refused_before_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 4 << 20)
    zeros = b"0" * (5 << 20)  # 5 MB of one byte: compresses to a few KB
    data = make_zip({"users.csv": zeros})
    assert len(data) < 20_000
    inflated: list[str] = []
    monkeypatch.setattr(archive, "_inflate", lambda *a: inflated.append("x") or b"")
    with pytest.raises(RosterError, match="zip bomb") as err:
        read_zip(data, name="bomb.zip")
    assert str(err.value).startswith("bomb.zip: ")
    assert inflated == []


def test_zip_bomb_by_ratio_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "RATIO_MIN_BYTES", 1 << 20)
    data = make_zip({"enrollments.csv": b"\0" * (8 << 20), "users.csv": USERS})
    with pytest.raises(RosterError, match="zip bomb"):
        read_zip(data)


def test_real_sized_bomb_with_default_limits_is_refused_fast() -> None:
    # 2.5 GB declared: the central directory says so; nothing is inflated. Built by hand (stored
    # headers with big sizes) so the test does not have to compress gigabytes.
    data = bytearray(make_zip({"a.csv": b"x" * 10, "b.csv": b"y" * 10}))
    _patch_sizes(data, 1_300_000_000)
    with pytest.raises(RosterError, match="zip bomb"):
        read_zip(bytes(data))


def _patch_sizes(data: bytearray, size: int) -> None:
    i = 0
    while (i := data.find(b"PK\x01\x02", i)) >= 0:
        struct.pack_into("<I", data, i + 24, size)  # uncompressed size in the central directory
        i += 4


def test_member_that_inflates_past_its_declared_size_is_stopped() -> None:
    data = bytearray(make_zip({"users.csv": USERS * 100}))
    # lie: declare 10 bytes in both headers
    struct.pack_into("<I", data, 22, 10)
    i = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, i + 24, 10)
    with pytest.raises(RosterError) as err:
        read_zip(bytes(data), name="Roster.zip")
    assert str(err.value).startswith("Roster.zip: users.csv")


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04" + b"\0" * 40])
def test_not_a_zip_is_a_plain_error(data: bytes) -> None:
    with pytest.raises(RosterError, match="not a zip file"):
        read_zip(data, name="Roster.zip")


def test_truncated_zip_is_a_plain_error() -> None:
    data = make_zip({"users.csv": USERS * 1000})
    with pytest.raises(RosterError):
        read_zip(data[: len(data) // 2])


def test_damaged_member_is_a_plain_error() -> None:
    data = bytearray(make_zip({"users.csv": USERS * 50}))
    body = data.find(b"users.csv") + len(b"users.csv") + 5
    data[body] ^= 0xFF
    with pytest.raises(RosterError) as err:
        read_zip(bytes(data), name="Roster.zip")
    assert "users.csv" in str(err.value)


def test_missing_file_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="not found"):
        read_zip(str(tmp_path / "nope.zip"))


def test_too_many_members_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBERS", 3)
    with pytest.raises(RosterError, match="entries"):
        read_zip(make_zip({f"f{i}.csv": b"a" for i in range(5)}))
