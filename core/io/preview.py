"""A first look at a big roster while it loads: the first rows of each CSV file, read-only.

Reading a million-row enrollments.csv takes seconds; its first few thousand rows take milliseconds.
While the full load runs in the background the window shows those rows (read-only, unchecked), then
swaps in the real roster. Only plain CSV/TXT files and folders of them get a preview; zips and
workbooks just show the progress bar.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.roster import Roster
from core.table import Source

#: below this total size the whole roster loads about as fast as a preview: no preview
PREVIEW_MIN_BYTES = 16 << 20
#: how much of each file the preview reads
PREVIEW_BYTES = 256 << 10


def _csv_files(paths: list[str]) -> list[Path] | None:
    """The CSV/TXT files the paths name (a folder's own files), or None when anything else is in it."""
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            try:
                entries = sorted(path.iterdir(), key=lambda e: e.name)
            except OSError:
                return None
            for e in entries:
                if e.is_file() and e.suffix.lower() in (".zip", ".xlsx", ".xlsm"):
                    return None
            files.extend(e for e in entries if e.is_file() and e.suffix.lower() == ".csv" and not e.name.startswith("."))
        elif path.is_file() and path.suffix.lower() in (".csv", ".txt"):
            files.append(path)
        else:
            return None
    return files


def wants_preview(paths: list[str]) -> bool:
    """True for big plain-CSV rosters, where a first look is worth showing."""
    files = _csv_files(paths)
    if not files:
        return False
    try:
        return sum(f.stat().st_size for f in files) >= PREVIEW_MIN_BYTES
    except OSError:
        return False


def preview_roster(paths: list[str], limit: int | None = None) -> Roster | None:
    """The first rows of every CSV file (whole lines only), or None if that cannot be read simply."""
    limit = limit or PREVIEW_BYTES
    from core.io.csvread import read_csv_bytes
    from core.io.load import table_name_for

    files = _csv_files(paths)
    if not files:
        return None
    roster = Roster(name=os.path.basename(os.path.normpath(paths[0])) if len(paths) == 1 else f"{len(paths)} files")
    for f in files:
        try:
            with open(f, "rb") as fh:
                data = fh.read(limit)
            if len(data) == limit:
                cut = data.rfind(b"\n")
                if cut <= 0:
                    return None
                data = data[: cut + 1]
            table, _ = read_csv_bytes(data, table_name_for(f.name), source=Source("memory", str(f)))
        except Exception:
            return None
        roster.add(table)
    return roster
