"""The autosave journal: owner-only file, one line per change, crash-cut lines, replay."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from core.edits import DeleteRows, InsertRows, RenameColumn, ReorderRows, RestoreRows, SetCells
from core.recovery import Journal, copy_roster, pending_journals, read_journal, replay
from core.roster import Roster
from core.table import Source, Table

ROOT = Path(__file__).resolve().parents[2]


def make(tmp_path: Path) -> Roster:
    f = tmp_path / "users.csv"
    f.write_bytes(b"sourcedId,givenName\r\nu1,Ann\r\nu2,Bo\r\n")
    st = f.stat()
    t = Table.from_rows(
        "users.csv", ["sourcedId", "givenName"], [["u1", "Ann"], ["u2", "Bo"]],
        source=Source("file", str(f), size=st.st_size, mtime=st.st_mtime),
    )
    return Roster("users.csv", [t], origin_paths=[str(f)])


EVENTS = [
    SetCells("users.csv", [(0, 1, "Anne ")]),
    InsertRows("users.csv", 2, [["u3", "Cy"]]),
    ReorderRows("users.csv", [2, 0, 1]),
    DeleteRows("users.csv", [1]),
    RestoreRows("users.csv", [1], [["u1", "Anne "]], [0]),
    SetCells("users.csv", [(1, 0, "é\"x,\n")]),
]


def test_journal_file_is_owner_only_and_one_line_per_change(tmp_path: Path) -> None:
    r = make(tmp_path)
    folder = tmp_path / "data" / "journal"
    j = Journal.create(folder, r)
    for e in EVENTS:
        j.append(e)
    j.close()
    if sys.platform != "win32":
        assert stat.S_IMODE(j.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    lines = j.path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    header = json.loads(lines[0])
    assert header["format"] == "rosterprep-journal"
    assert header["roster"]["paths"] == [os.path.abspath(tmp_path / "users.csv")]
    assert header["roster"]["files"][0]["size"] == len(b"sourcedId,givenName\r\nu1,Ann\r\nu2,Bo\r\n")
    assert json.loads(lines[1]) | {"time": 0} == {"op": "set", "t": "users.csv", "cells": [[0, 1, "Anne "]], "time": 0}
    assert len(lines) == 2 + len(EVENTS)


def test_pending_replay_gives_the_same_table(tmp_path: Path) -> None:
    r = make(tmp_path)
    folder = tmp_path / "j"
    j = Journal.create(folder, r)
    for e in EVENTS:
        j.append(e)
    j.close()
    # the journal of this (running) process is not "pending" unless asked
    assert pending_journals(folder) == []
    (p,) = pending_journals(folder, include_running=True)
    assert p.count == len(EVENTS)
    assert p.matches([str(tmp_path / "users.csv")])
    assert not p.matches([str(tmp_path / "other.csv")])
    assert p.files_unchanged()
    fresh = make(tmp_path)
    assert replay(p, fresh) == len(EVENTS)
    t = fresh["users.csv"]
    assert t.column(0) == ["u3", 'é"x,\n', "u2"]
    assert t.column(1) == ["Cy", "Anne ", "Bo"]
    assert t.line_of(0) is None and t.line_of(1) == 2
    (tmp_path / "users.csv").write_bytes(b"changed")
    assert not p.files_unchanged()
    p.discard()
    assert not p.path.exists()


def test_a_renamed_column_comes_back_from_the_journal(tmp_path: Path) -> None:
    r = make(tmp_path)
    j = Journal.create(tmp_path / "j", r)
    j.append(RenameColumn("users.csv", 1, "givenname"))
    j.append(SetCells("users.csv", [(0, 1, "Anne")]))
    j.close()
    assert json.loads(j.path.read_bytes().split(b"\n")[1]) | {"time": 0} == {
        "op": "rename", "t": "users.csv", "col": 1, "name": "givenname", "time": 0}
    fresh = make(tmp_path)
    assert replay(read_journal(j.path), fresh) == 2
    t = fresh["users.csv"]
    assert t.header == ["sourcedId", "givenname"] and t.column(1) == ["Anne", "Bo"]


def test_a_line_cut_short_by_a_crash_is_ignored(tmp_path: Path) -> None:
    r = make(tmp_path)
    j = Journal.create(tmp_path / "j", r)
    j.append(EVENTS[0])
    j.close()
    with open(j.path, "ab") as fh:
        fh.write(b'{"op":"set","t":"users.csv","cel')
    p = read_journal(j.path)
    assert p.truncated and p.count == 1


def test_killed_writer_leaves_a_pending_journal(tmp_path: Path) -> None:
    """A process writes through the real journal code and is killed: its edits are all there."""
    r = make(tmp_path)
    folder = tmp_path / "j"
    code = f"""
import os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
from core.edits import SetCells
from core.recovery import Journal
from core.roster import Roster
from core.table import Table
t = Table.from_rows("users.csv", ["sourcedId", "givenName"], [["u1", "Ann"], ["u2", "Bo"]])
j = Journal.create({str(folder)!r}, Roster("users.csv", [t], origin_paths=[{str(tmp_path / 'users.csv')!r}]))
for i in range(50):
    j.append(SetCells("users.csv", [(1, 1, str(i))]))
os.kill(os.getpid(), signal.SIGKILL)
"""
    proc = subprocess.run([sys.executable, "-c", code], check=False)
    assert proc.returncode != 0
    (p,) = pending_journals(folder)
    assert p.count == 50
    replay(p, r)
    assert r["users.csv"].cell(1, 1) == "49"


def test_empty_journal_of_a_stopped_program_is_removed(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    j = Journal.create(folder, make(tmp_path))
    j.close()
    text = j.path.read_text().replace(f'"pid":{os.getpid()}', '"pid":999999999')
    j.path.write_text(text)
    assert pending_journals(folder) == []
    assert not j.path.exists()


def test_delete(tmp_path: Path) -> None:
    j = Journal.create(tmp_path / "j", make(tmp_path))
    j.append(EVENTS[0])
    j.delete()
    assert not j.path.exists()
    assert pending_journals(tmp_path / "nothing") == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sync_interval(tmp_path: Path) -> None:
    j = Journal.create(tmp_path / "j", make(tmp_path))
    j.append(EVENTS[0])
    j.append(EVENTS[0])  # within 200 ms of the first: written, fsync pending
    assert j.needs_sync
    j.sync()
    assert not j.needs_sync
    j.close()


def test_a_version_1_journal_is_still_restored(tmp_path: Path) -> None:
    """Journals written before edits were one model carried old values too: they still replay."""
    r = make(tmp_path)
    path = tmp_path / "old.journal.jsonl"
    header = {"format": "rosterprep-journal", "version": 1, "created": 1.0, "pid": -1, "roster": {"paths": [], "files": []}}
    lines = [
        header,
        {"op": "set", "t": "users.csv", "cells": [[0, 1, "Ann", "Anne"]], "time": 2.0},
        {"op": "delete", "t": "users.csv", "pos": [1], "rows": [["u2", "Bo"]], "orig": [1], "time": 3.0},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    p = read_journal(path)
    assert replay(p, r) == 2
    assert r["users.csv"].column(1) == ["Anne"]


# --- rosters with no files on disk (the Prepare wizard's result) ------------------------------------
def memory_roster() -> Roster:
    """What the wizard builds: tables in memory, values a CSV writer has to quote, a table kept out."""
    users = Table.from_rows(
        "users.csv",
        ["sourcedId", "givenName", "note"],
        [["007", " Ann ", 'says "hi", then\r\nleaves'], ["u2", "", "\r"], ["u3", "Zoë", "\n"], ["", "", ""]],
        source=Source("memory", "Roster.zip", "users.csv"),
    )
    one = Table.from_rows("orgs.csv", ["sourcedId"], [[""], ["o1"], [""]], source=Source("memory", "Roster.zip", "orgs.csv"))
    empty = Table("classes.csv", ["sourcedId", "title"], source=Source("memory", "Roster.zip", "classes.csv"))
    kept = Table.from_rows("results.csv", ["a;b", "\tc"], [["1;2", "x\ty"]], source=Source("memory", "Roster.zip", "results.csv"))
    kept.in_upload = False
    return Roster("Roster.zip", [users, one, empty, kept])


def crashed(j: Journal) -> None:
    """Make the journal look written by a program that is no longer running."""
    j.close()
    j.path.write_text(j.path.read_text(encoding="utf-8").replace(f'"pid":{os.getpid()}', '"pid":999999999'), encoding="utf-8")


def test_a_memory_roster_journal_keeps_a_snapshot_that_restores_exactly(tmp_path: Path) -> None:
    roster = memory_roster()
    folder = tmp_path / "j"
    j = Journal.create(folder, roster, [], snapshot=copy_roster(roster), check={"profile": "renaissance", "reference": ["/x/export.zip"]})
    # edits after the snapshot change the roster, not the snapshot
    edits = [SetCells("users.csv", [(0, 1, "Anna")]), InsertRows("orgs.csv", 1, [["o2"]]), DeleteRows("users.csv", [3])]
    for e in edits:
        e.apply(roster)
        j.append(e)
    crashed(j)
    snap_dir = folder / (j.path.name[: -len(".journal.jsonl")] + ".files")
    assert sorted(p.name for p in snap_dir.iterdir()) == ["00.csv", "01.csv", "02.csv", "03.csv"]
    if sys.platform != "win32":
        assert stat.S_IMODE(snap_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE((snap_dir / "00.csv").stat().st_mode) == 0o600
    (p,) = pending_journals(folder)
    assert p.has_snapshot and p.restorable() and p.name == "Roster.zip" and p.file_count == 4 and p.count == 3
    assert p.check == {"profile": "renaissance", "reference": ["/x/export.zip"]}
    restored = p.load_snapshot()
    original = memory_roster()
    assert restored.name == "Roster.zip" and restored.names == original.names and restored.load_findings == []
    for a, b in zip(restored.tables, original.tables):
        assert (a.header, a.columns, a.in_upload) == (b.header, b.columns, b.in_upload)
        assert a.source is not None and a.source.kind == "memory" and not a.modified
    assert replay(p, restored) == 3
    assert [t.columns for t in restored.tables] == [t.columns for t in roster.tables]
    p.discard()
    assert not p.path.exists() and not snap_dir.exists()


def test_a_snapshot_journal_without_edits_is_still_unsaved_work(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    roster = memory_roster()
    j = Journal.create(folder, roster, [], snapshot=copy_roster(roster))
    crashed(j)
    (p,) = pending_journals(folder)
    assert p.count == 0 and p.has_snapshot
    # a snapshot file gone: nothing to restore from
    next((folder / p.header["snapshot"]["folder"]).iterdir()).unlink()
    assert not p.restorable()
    j2 = Journal.create(folder, roster, [], snapshot=copy_roster(roster))
    j2.delete()
    assert sorted(x.name for x in folder.iterdir()) == sorted([p.path.name, p.header["snapshot"]["folder"]])


def test_a_snapshot_folder_whose_journal_is_gone_is_removed_once_old(tmp_path: Path) -> None:
    folder = tmp_path / "j"
    young = folder / "20250101-000000-aaaaaaaa.files"
    old = folder / "20250101-000000-bbbbbbbb.files"
    for d in (young, old):
        d.mkdir(parents=True)
        (d / "00.csv").write_bytes(b"a\r\n")
    os.utime(old, (1.0, 1.0))
    assert pending_journals(folder) == []
    assert young.exists() and not old.exists()


def test_a_file_journal_is_restorable_while_its_files_are_there(tmp_path: Path) -> None:
    j = Journal.create(tmp_path / "j", make(tmp_path))
    j.append(EVENTS[0])
    crashed(j)
    (p,) = pending_journals(tmp_path / "j")
    assert not p.has_snapshot and p.restorable() and p.name == "users.csv" and p.file_count == 1 and p.check == {}
    (tmp_path / "users.csv").unlink()
    assert not p.restorable()
