"""Where the window gets rosters from: the core loader, and the bundled sample roster."""

from __future__ import annotations

import os
from importlib import resources as importlib_resources

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
    from core.io.load import load_roster

    return load_roster(paths, encoding=encoding, progress=progress)


def reload_table(roster: Roster, table_name: str, encoding: str) -> Roster:
    """A copy of the roster with one file read again in another encoding (its other files as they are)."""
    from core.io.load import load_table_with_encoding

    old = roster[table_name]
    if old.source is None:
        from core.errors import RosterError

        raise RosterError("this file was not read from disk, so it cannot be read again", where=table_name)
    table, findings = load_table_with_encoding(old.source, encoding, table_name)
    table.in_upload = old.in_upload
    new = Roster(name=roster.name, origin_paths=list(roster.origin_paths))
    new.tables = [table if t is old else t for t in roster.tables]
    new.load_findings = [f for f in roster.load_findings if f.file != table_name] + findings
    return new
