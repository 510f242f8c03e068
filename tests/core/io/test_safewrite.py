"""Writes and backups: complete or not at all, and the file stays the kind of file it was."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from core.errors import RosterError
from core.io import safewrite
from core.io.csvread import read_csv_bytes
from core.io.csvwrite import save_table_in_place
from core.io.safewrite import ReadOnlyFileError, atomic_write, remove_stale_temps, sweep_registered_folders
from core.table import Source


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_mode_is_kept(tmp_path: Path) -> None:
    p = tmp_path / "users.csv"
    p.write_bytes(b"old")
    os.chmod(p, 0o644)
    atomic_write(p, b"new", backup=True)
    assert p.read_bytes() == b"new"
    assert stat.S_IMODE(p.stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "users.csv.bak").stat().st_mode) == 0o644


def test_a_new_file_gets_the_usual_mode_not_a_private_one(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.csv", b"x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644


def test_read_only_file_is_refused_with_a_plain_message(tmp_path: Path) -> None:
    p = tmp_path / "users.csv"
    p.write_bytes(b"old")
    os.chmod(p, 0o444)
    with pytest.raises(ReadOnlyFileError, match="read-only.*Save As") as err:
        atomic_write(p, b"new", backup=True)
    assert isinstance(err.value, RosterError)
    assert p.read_bytes() == b"old"
    assert _temps(tmp_path) == [] and not (tmp_path / "users.csv.bak").exists()


def test_saving_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    target = tmp_path / "real" / "users.csv"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "users.csv"
    link.symlink_to(target)
    atomic_write(link, b"new", backup=True)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"new"
    assert (target.parent / "users.csv.bak").read_bytes() == b"old"


def test_a_hard_linked_file_is_written_in_place(tmp_path: Path) -> None:
    p = tmp_path / "users.csv"
    p.write_bytes(b"old contents")
    other = tmp_path / "copy-of-users.csv"
    os.link(p, other)
    atomic_write(p, b"new", backup=True)
    assert p.read_bytes() == other.read_bytes() == b"new"
    assert os.path.samefile(p, other)
    assert (tmp_path / "users.csv.bak").read_bytes() == b"old contents"
    assert _temps(tmp_path) == []


def test_a_failed_backup_keeps_the_old_backup_and_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "users.csv"
    p.write_bytes(b"version 2")
    (tmp_path / "users.csv.bak").write_bytes(b"version 1")
    real_fsync = os.fsync
    calls = {"n": 0}

    def disk_full_on_second_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the first flushes the new contents, the second the backup copy
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", disk_full_on_second_fsync)
    with pytest.raises(RosterError, match="disk is full"):
        atomic_write(p, b"version 3", backup=True)
    assert p.read_bytes() == b"version 2"
    assert (tmp_path / "users.csv.bak").read_bytes() == b"version 1"
    assert _temps(tmp_path) == []


def test_leftover_temporary_files_of_a_killed_writer_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / f".users.csv{safewrite.TEMP_MARK}{2**22 + 12345}-abcd1234.tmp"
    mine = tmp_path / f".users.csv{safewrite.TEMP_MARK}{os.getpid()}-abcd1234.tmp"
    someone_elses = tmp_path / "notes.tmp"
    for f in (dead, mine, someone_elses):
        f.write_bytes(b"x" * 10)
    assert remove_stale_temps(tmp_path) == [str(dead)]
    assert mine.exists() and someone_elses.exists()


def test_start_up_sweeps_the_folders_writes_were_made_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = tmp_path / "temp-folders.txt"
    monkeypatch.setattr(safewrite, "temp_registry", str(registry))
    folder = tmp_path / "roster"
    folder.mkdir()
    atomic_write(folder / "users.csv", b"data")
    assert registry.read_text(encoding="utf-8").splitlines() == [str(folder)]
    left = folder / f".users.csv{safewrite.TEMP_MARK}{2**22 + 999}-00ff00ff.tmp"
    left.write_bytes(b"half written")
    assert sweep_registered_folders(str(registry)) == [str(left)]
    assert registry.read_text(encoding="utf-8") == ""


def test_save_in_place_keeps_the_mode_and_reports_read_only(tmp_path: Path) -> None:
    p = tmp_path / "users.csv"
    p.write_bytes(b"id,name\r\n1,Ann\r\n")
    os.chmod(p, 0o640)
    st = p.stat()
    table, _ = read_csv_bytes(p.read_bytes(), "users.csv", source=Source("file", str(p), None, st.st_size, st.st_mtime))
    table.set_cell(0, 1, "Bob")
    save_table_in_place(table)
    assert p.read_bytes() == b"id,name\r\n1,Bob\r\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    os.chmod(p, 0o440)
    table.set_cell(0, 1, "Cy")
    with pytest.raises(ReadOnlyFileError):
        save_table_in_place(table)
    assert p.read_bytes() == b"id,name\r\n1,Bob\r\n"
