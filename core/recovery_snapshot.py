"""Snapshots for the autosave journal of a roster with no files on disk (the Prepare wizard's result).

Its tables are written as canonical CSV (core/io/csvwrite.py: UTF-8, minimal RFC 4180 quoting;
reading them back gives exactly the same values, line breaks, quotes and spaces included) into a
folder next to the journal; core/recovery.py names them in the journal's header.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from core.roster import Roster
from core.table import Source, Table


def copy_roster(roster: Roster) -> Roster:
    """A copy of the roster's tables that later edits of the roster do not change (the values are
    shared: strings never change), to snapshot. Edits apply to it like to the roster itself."""
    out = Roster(name=roster.name, origin_paths=list(roster.origin_paths))
    for t in roster.tables:
        copy = Table(t.name, t.header, [list(c) for c in t.columns], dialect=t.dialect, source=t.source)
        copy.in_upload = t.in_upload
        out.add(copy)
    return out


def write_snapshot(folder: Path, roster: Roster) -> dict[str, Any]:
    """Write each table as canonical CSV into ``folder`` (owner-only, fsync'd); returns what a journal
    header says about them."""
    from core.io.csvwrite import export_csv_bytes

    folder.mkdir(mode=0o700, exist_ok=True)
    files = []
    for i, t in enumerate(roster.tables):
        entry: dict[str, Any] = {"table": t.name, "in_upload": t.in_upload, "file": None}
        if t.ncols:  # a table without columns has nothing to write (CSV cannot say "no columns")
            entry["file"] = f"{i:02d}.csv"
            fd = os.open(folder / entry["file"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
            try:
                view = memoryview(export_csv_bytes(t))
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
        files.append(entry)
    return {"folder": folder.name, "name": roster.name, "files": files}


def read_snapshot(folder: Path, snap: dict[str, Any], default_name: str) -> Roster:
    """The roster a ``write_snapshot`` wrote into ``folder`` (``snap``: what it returned)."""
    from core.io.csvread import read_csv_bytes

    name = str(snap.get("name") or default_name)
    roster = Roster(name=name)
    for f in snap["files"]:
        table_name = str(f["table"])
        source = Source("memory", name, table_name)
        if f.get("file"):
            with open(folder / f["file"], "rb") as fh:
                # header findings are the check's to make again: the roster had no load findings
                table, _ = read_csv_bytes(fh.read(), table_name, encoding="utf-8", source=source)
        else:
            table = Table(table_name, [], source=source)
        table.in_upload = bool(f.get("in_upload", True))
        roster.add(table)
    return roster
