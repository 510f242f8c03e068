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


def test_renaissance_zip_with_enclosing_folder(tmp_path: Path) -> None:
    z = _zip(tmp_path / "OneRosterExport.zip", {"OneRosterExport/users.csv": USERS, "OneRosterExport/enrollments.csv": ENROLL})
    roster = load_roster([str(z)])
    assert roster.name == "OneRosterExport.zip"
    assert roster.names == ["users.csv", "enrollments.csv"]
    src = roster["users.csv"].source
    assert src is not None
    assert (src.kind, src.path, src.member, src.data) == ("zip", str(z), "OneRosterExport/users.csv", USERS)
    assert codes(roster) == ["package.enclosing_folder"]


def test_aeries_like_zip_keeps_extra_files_out_of_the_upload(tmp_path: Path) -> None:
    members = {
        "manifest.csv": b"propertyName,value\r\nmanifest.version,1.0\r\n",
        "users.csv": USERS,
        "enrollments.csv": ENROLL,
        "lineItems.csv": b"sourcedId,title\r\nl1,Quiz\r\n",
        "results.csv": b"sourcedId,score\r\nr1,9\r\n",
        "categories.csv": b"sourcedId,title\r\nk1,Tests\r\n",
        "README.pdf": b"%PDF-1.4",
    }
    roster = load_roster([str(_zip(tmp_path / "Aeries_OneRoster.zip", members))])
    assert roster.names == ["manifest.csv", "users.csv", "enrollments.csv", "lineItems.csv", "results.csv", "categories.csv"]
    assert [t.name for t in roster.upload_tables()] == ["manifest.csv", "users.csv", "enrollments.csv"]
    info = [(f.code, f.file) for f in roster.load_findings]
    assert ("package.not_upload", "lineItems.csv") in info and ("package.not_upload", "results.csv") in info
    assert ("package.skipped_file", "Aeries_OneRoster.zip") in info
    assert roster["lineItems.csv"].row(0) == ["l1", "Quiz"]


def test_txt_from_excel_workaround_becomes_csv(tmp_path: Path) -> None:
    p = tmp_path / "users.txt"
    p.write_bytes(USERS)
    roster = load_roster([str(p)])
    assert roster.names == ["users.csv"]
    assert roster.name == "users.txt"
    assert roster["users.csv"].source.path == str(p)  # type: ignore[union-attr]


def test_txt_in_a_folder_only_when_named_like_a_roster_file(tmp_path: Path) -> None:
    (tmp_path / "users.txt").write_bytes(USERS)
    (tmp_path / "readme.txt").write_bytes(b"hello")
    assert load_roster([str(tmp_path)]).names == ["users.csv"]


def test_several_loose_files_with_exact_case(tmp_path: Path) -> None:
    (tmp_path / "Users.csv").write_bytes(USERS)
    (tmp_path / "enrollments.csv").write_bytes(ENROLL)
    roster = load_roster([str(tmp_path / "Users.csv"), str(tmp_path / "enrollments.csv")])
    assert roster.names == ["Users.csv", "enrollments.csv"]
    assert roster.name == tmp_path.name
    assert roster.origin_paths == [str(tmp_path / "Users.csv"), str(tmp_path / "enrollments.csv")]


def test_duplicate_file_names_are_reported(tmp_path: Path) -> None:
    (tmp_path / "users.csv").write_bytes(USERS)
    z = _zip(tmp_path / "Roster.zip", {"users.csv": USERS})
    roster = load_roster([str(tmp_path / "users.csv"), str(z)])
    dup = [f for f in roster.load_findings if f.code == "package.duplicate_file"]
    assert len(dup) == 1 and dup[0].file == "users.csv"
    assert "Roster.zip" in dup[0].message


def test_zip_with_traversal_member_loads_the_rest(tmp_path: Path) -> None:
    z = _zip(tmp_path / "Roster.zip", {"../../evil.csv": USERS, "users.csv": USERS})
    roster = load_roster([str(z)])
    assert roster.names == ["users.csv"]
    assert [(f.code, f.value) for f in roster.load_findings] == [("package.unsafe_member", "../../evil.csv")]


def test_workbook_in_a_folder_and_alone(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["sourcedId", "identifier"])
    ws.append(["u1", 123])
    ws["B2"].number_format = "00000"
    wb.save(tmp_path / "users.xlsx")
    roster = load_roster([str(tmp_path / "users.xlsx")])
    assert roster.names == ["users.csv"]
    t = roster["users.csv"]
    assert t.row(0) == ["u1", "00123"] and t.cell_kinds == {(0, 1): "number"}
    assert t.source is not None and (t.source.kind, t.source.member) == ("xlsx", "Sheet1")
    assert load_roster([str(tmp_path)]).names == ["users.csv"]


def test_workbook_inside_a_zip(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["sourcedId"])
    buf = io.BytesIO()
    wb.save(buf)
    roster = load_roster([str(_zip(tmp_path / "x.zip", {"orgs.xlsx": buf.getvalue()}))])
    assert roster.names == ["orgs.csv"]
    src = roster["orgs.csv"].source
    assert src is not None and (src.kind, src.member, src.data) == ("xlsx", "orgs.xlsx › Sheet", None)
    with pytest.raises(RosterError, match="workbook"):
        load_table_with_encoding(src, "cp1252")


def test_undecodable_member_names_file_and_zip(tmp_path: Path) -> None:
    z = _zip(tmp_path / "OneRosterExport.zip", {"users.csv": "sourcedId,givenName\r\nu1,José\r\n".encode("cp1252")})
    with pytest.raises(RosterError) as err:
        load_roster([str(z)], encoding="utf-8")
    assert str(err.value).startswith("users.csv in OneRosterExport.zip: line 2 has bytes that are not valid utf-8")


def test_cp1252_member_detected_and_reopened_with_another_encoding(tmp_path: Path) -> None:
    data = "sourcedId,givenName\r\nu1,José\r\n".encode("cp1252")
    z = _zip(tmp_path / "Roster.zip", {"users.csv": data})
    roster = load_roster([str(z)])
    t = roster["users.csv"]
    assert t.row(0) == ["u1", "José"] and t.dialect.encoding == "cp1252"
    again, _findings = load_table_with_encoding(t.source, "latin-1")  # type: ignore[arg-type]
    assert again.name == "users.csv" and again.row(0) == ["u1", "José"]
    assert again.dialect.encoding == "latin-1"
    assert again.source is t.source
    with pytest.raises(RosterError, match="^users.csv in Roster.zip: line 2"):
        load_table_with_encoding(t.source, "utf-8")  # type: ignore[arg-type]


def test_reopen_a_loose_file_with_encoding(tmp_path: Path) -> None:
    p = tmp_path / "users.txt"
    p.write_bytes("a\r\nMüller\r\n".encode("cp1252"))
    t = load_roster([str(p)])["users.csv"]
    again, _ = load_table_with_encoding(t.source, "cp1252")  # type: ignore[arg-type]
    assert again.name == "users.csv" and again.row(0) == ["Müller"]


def test_reopen_a_sheet_is_refused(tmp_path: Path) -> None:
    from core.table import Source

    with pytest.raises(RosterError, match="workbook"):
        load_table_with_encoding(Source("xlsx", "/x/users.xlsx", "Sheet1"), "cp1252")


def test_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROSTERPREP_MAX_FILE_BYTES", "10")
    (tmp_path / "users.csv").write_bytes(USERS)
    with pytest.raises(RosterError, match="larger than"):
        load_roster([str(tmp_path / "users.csv")])
    _zip(tmp_path / "Roster.zip", {"users.csv": USERS})
    with pytest.raises(RosterError, match="larger than"):
        load_roster([str(tmp_path / "Roster.zip")])


def test_memory_error_becomes_a_plain_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.io.load as load

    def boom(*a, **k):
        raise MemoryError

    monkeypatch.setattr(load, "read_csv_bytes", boom)
    (tmp_path / "users.csv").write_bytes(USERS)
    with pytest.raises(RosterError, match="^users.csv: the file is too large"):
        load_roster([str(tmp_path / "users.csv")])


def test_missing_and_empty_inputs(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="not found"):
        load_roster([str(tmp_path / "nope.csv")])
    with pytest.raises(RosterError, match="no CSV"):
        load_roster([str(tmp_path)])
    with pytest.raises(RosterError):
        load_roster([])


def test_progress_goes_forward_and_ends_at_one(tmp_path: Path) -> None:
    from core.progress import Progress

    (tmp_path / "users.csv").write_bytes(USERS)
    (tmp_path / "enrollments.csv").write_bytes(ENROLL)
    seen: list[float] = []
    load_roster([str(tmp_path)], progress=Progress(lambda f, t: seen.append(f)))
    assert seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in seen)


def test_cancel_stops_loading(tmp_path: Path) -> None:
    from core.errors import Cancelled
    from core.progress import CancelFlag, Progress

    (tmp_path / "users.csv").write_bytes(USERS)
    flag = CancelFlag()
    flag.cancel()
    with pytest.raises(Cancelled):
        load_roster([str(tmp_path)], progress=Progress(cancel=flag))


def test_folder_around_the_export_folder_opens_with_a_warning(tmp_path: Path) -> None:
    inner = tmp_path / "OneRosterExport"
    inner.mkdir()
    (inner / "users.csv").write_bytes(USERS)
    roster = load_roster([str(tmp_path)])
    assert roster.names == ["users.csv"]
    assert [(f.code, f.params) for f in roster.load_findings] == [("package.enclosing_folder", {"folder": "OneRosterExport"})]


def test_excel_lock_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "users.csv").write_bytes(USERS)
    (tmp_path / "~$users.xlsx").write_bytes(b"lock")
    (tmp_path / ".users.csv").write_bytes(b"hidden")
    assert load_roster([str(tmp_path)]).names == ["users.csv"]


def test_workbook_progress_and_cancel(tmp_path: Path) -> None:
    import openpyxl

    from core.errors import Cancelled
    from core.progress import CancelFlag, Progress

    wb = openpyxl.Workbook()
    for i in range(20):
        wb.active.append([f"u{i}", i])
    wb.save(tmp_path / "users.xlsx")
    seen: list[float] = []
    load_roster([str(tmp_path / "users.xlsx")], progress=Progress(lambda f, t: seen.append(f)))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    flag = CancelFlag()
    flag.cancel()
    with pytest.raises(Cancelled):
        load_roster([str(tmp_path / "users.xlsx")], progress=Progress(cancel=flag))


def test_a_folder_of_zip_files_says_to_open_one_of_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("fall.zip", "spring.zip"):
        with zipfile.ZipFile(folder / name, "w") as zf:
            zf.writestr("orgs.csv", "sourcedId,name\r\no1,A\r\n")
    with pytest.raises(RosterError) as err:
        load_roster([str(folder)])
    assert str(err.value) == "exports holds no CSV, TXT or XLSX files, only zip files (fall.zip, spring.zip): open one of those zip files"
