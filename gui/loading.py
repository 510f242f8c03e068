"""Where the window gets rosters from: the core loader, and the bundled sample roster."""

from __future__ import annotations

import importlib.util
import os
from importlib import resources as importlib_resources
from pathlib import Path

from core.progress import NO_PROGRESS, Progress
from core.roster import Roster


def sample_roster_path() -> str:
    """The folder of the bundled sample roster (real files, also in a frozen build)."""
    return str(importlib_resources.files("resources") / "sample")


def roster_title(paths: list[str]) -> str:
    """What the window calls a roster: the zip, folder or file name (or "3 files")."""
    if len(paths) == 1:
        return os.path.basename(os.path.normpath(paths[0])) or paths[0]
    return f"{len(paths)} files"


def load_paths(paths: list[str], encoding: str | None = None, progress: Progress = NO_PROGRESS) -> Roster:
    """Load what the user opened (zip, folder, CSV/TXT files, workbook) as one roster."""
    if importlib.util.find_spec("core.io.load") is not None:
        from core.io.load import load_roster

        return load_roster(paths, encoding=encoding, progress=progress)
    return _load_csv_files(paths, encoding, progress)  # pragma: no cover - until core/io/load.py lands


def _load_csv_files(paths: list[str], encoding: str | None, progress: Progress) -> Roster:
    """Stand-in for core.io.load while it is being written: plain CSV files and folders only."""
    from core.io.csvread import read_csv_bytes
    from core.table import Source

    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files.extend(sorted(f for f in path.iterdir() if f.suffix.lower() in (".csv", ".txt")))
        else:
            files.append(path)
    roster = Roster(name=roster_title(paths), origin_paths=list(paths))
    for i, f in enumerate(files):
        progress.report(i / max(1, len(files)), f"Reading {f.name}")
        data = f.read_bytes()
        st = f.stat()
        src = Source("file", str(f), size=st.st_size, mtime=st.st_mtime)
        table, findings = read_csv_bytes(data, f.name, encoding=encoding, source=src)
        roster.add(table)
        roster.load_findings.extend(findings)
    return roster
