"""The autosave journal: every applied change, appended to a file as it happens, so no work is lost.

One journal per open roster, in the user's data folder (the window passes the folder). The file is
JSON lines: a header that identifies the roster (the paths opened, each file's size and modification
time), then one line per applied edit (core/edits.py: a redo or an undo alike, in order). Lines are written
and flushed at once, so a killed process loses nothing; they are also fsync'd (at most every 200 ms,
``sync()`` finishes a pending one) so a power cut loses at most that much. The file is readable only
by its owner (mode 0600, folder 0700). It is deleted after a save or an explicit discard; a journal
left behind means the program stopped with unsaved edits, and ``pending_journals`` finds it.

A roster with no files on disk (the Prepare wizard's result) cannot be opened again to replay edits
on: its journal keeps a snapshot, the roster as it was before the first journaled edit, written as
canonical CSV files (core/io/csvwrite.py; reading them back gives the same values) into a folder
next to the journal, ``<journal name>.files``, which the header names. Such a journal is unsaved
work even with no edits in it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable

from core.edits import Edit, edit_from_json
from core.roster import Roster
from core.recovery_snapshot import copy_roster, read_snapshot, write_snapshot

FORMAT = "rosterprep-journal"
VERSION = 1
SUFFIX = ".journal.jsonl"
#: fsync at most this often (seconds); ``sync()`` catches up
SYNC_INTERVAL = 0.2
#: the folder of a journal's snapshot files is named after the journal with this instead of SUFFIX
SNAPSHOT_SUFFIX = ".files"
#: a snapshot folder whose journal is gone is removed once it is this old (seconds): younger, a
#: running program may still be writing it before the journal's header
ORPHAN_AGE = 3600.0


# --- identifying a roster -----------------------------------------------------------------------
def _norm(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def roster_identity(roster: Roster, paths: list[str] | None = None) -> dict[str, Any]:
    """What a journal header records about a roster: the paths opened and each file's size and time.

    ``paths`` are what the user opened (default: the roster's ``origin_paths``).
    """
    files = []
    for t in roster.tables:
        src = t.source
        entry: dict[str, Any] = {"table": t.name, "nrows": t.nrows}
        if src is not None:
            entry.update(kind=src.kind, path=_norm(src.path) if src.path else "", member=src.member, size=src.size, mtime=src.mtime)
        files.append(entry)
    return {
        "name": roster.name,
        "paths": [_norm(p) for p in (roster.origin_paths if paths is None else paths)],
        "files": files,
    }


# --- writing ------------------------------------------------------------------------------------
class Journal:
    """An open journal file that changes are appended to."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd
        self._last_sync = 0.0
        self._dirty = False
        self.count = 0

    @classmethod
    def create(
        cls,
        folder: str | os.PathLike[str],
        roster: Roster,
        paths: list[str] | None = None,
        *,
        snapshot: Roster | None = None,
        check: dict[str, Any] | None = None,
    ) -> Journal:
        """Start a journal for a roster in ``folder`` (created, owner-only, if needed).

        ``paths``: what the user opened, to recognise the roster when it is opened again.
        ``snapshot``: for a roster with no files on disk, the roster as the edits found it (a
        ``copy_roster`` taken before the first edit); its tables are written next to the journal.
        ``check``: how the roster is checked (``{"profile": ..., "reference": [paths]}``), to check
        a restored roster the same way.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        if sys.platform != "win32":
            os.chmod(folder, 0o700)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        header: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "created": time.time(),
            "pid": os.getpid(),
            "roster": roster_identity(roster, paths),
        }
        if check:
            header["check"] = check
        if snapshot is not None:
            # the files first: a header names only files that are whole
            header["snapshot"] = write_snapshot(snapshot_folder(path), snapshot)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags, 0o600)
        journal = cls(path, fd)
        journal._write(header)
        journal.sync()
        return journal

    def _write(self, obj: dict[str, Any]) -> None:
        data = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            n = os.write(self._fd, view)
            view = view[n:]
        self._dirty = True

    def append(self, edit: Edit) -> None:
        """Write one applied edit (written through at once; fsync'd at most every 200 ms)."""
        entry = edit.to_json()
        entry["time"] = round(time.time(), 3)
        self._write(entry)
        self.count += 1
        if time.monotonic() - self._last_sync >= SYNC_INTERVAL:
            self.sync()

    @property
    def needs_sync(self) -> bool:
        return self._dirty

    def sync(self) -> None:
        """Make what was written durable (fsync)."""
        if self._fd < 0 or not self._dirty:
            return
        os.fsync(self._fd)
        self._dirty = False
        self._last_sync = time.monotonic()

    def close(self) -> None:
        if self._fd >= 0:
            self.sync()
            os.close(self._fd)
            self._fd = -1

    def delete(self) -> None:
        """Close and remove the journal and its snapshot (after a save or a discard)."""
        self.close()
        _remove(self.path)


def snapshot_folder(journal_path: Path) -> Path:
    """Where a journal's snapshot files are: ``<stamp>-<id>.files`` next to it."""
    return journal_path.with_name(journal_path.name[: -len(SUFFIX)] + SNAPSHOT_SUFFIX)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    shutil.rmtree(snapshot_folder(path), ignore_errors=True)


# --- reading after a crash ----------------------------------------------------------------------
@dataclass
class PendingJournal:
    """A journal left behind by a program that stopped with unsaved edits."""

    path: Path
    header: dict[str, Any]
    edits: list[Edit] = field(repr=False)
    #: time of the last change (seconds since the epoch)
    last_time: float = 0.0
    #: the last line was cut short (the program stopped while writing it); it is ignored
    truncated: bool = False

    @property
    def count(self) -> int:
        return len(self.edits)

    @property
    def paths(self) -> list[str]:
        return list(self.header.get("roster", {}).get("paths", []))

    @property
    def name(self) -> str:
        """The roster's name as the window showed it."""
        return str(self.header.get("roster", {}).get("name") or "Roster")

    @property
    def file_count(self) -> int:
        """How many files the roster had."""
        return len(self.header.get("roster", {}).get("files", []))

    @property
    def has_snapshot(self) -> bool:
        """True for a roster with no files on disk: restoring starts from the journal's own copy."""
        return isinstance(self.header.get("snapshot"), dict)

    @property
    def check(self) -> dict[str, Any]:
        """How the roster was checked: ``profile`` and ``reference`` (the reference export's paths)."""
        check = self.header.get("check")
        return dict(check) if isinstance(check, dict) else {}

    def restorable(self) -> bool:
        """True when there is something to restore from: the snapshot's files, or the roster's own."""
        if self.has_snapshot:
            folder = self.path.parent / str(self.header["snapshot"].get("folder", ""))
            return all((folder / f["file"]).is_file() for f in self.header["snapshot"].get("files", []) if f.get("file"))
        return bool(self.paths) and all(os.path.exists(p) for p in self.paths)

    def load_snapshot(self) -> Roster:
        """The roster as its first journaled edit found it, read back from the snapshot files.

        Raises OSError when a file is gone and RosterError when one cannot be read.
        """
        snap = self.header["snapshot"]
        return read_snapshot(self.path.parent / str(snap["folder"]), snap, self.name)

    def matches(self, paths: list[str]) -> bool:
        """True when the journal is about the same paths the user is opening."""
        return sorted(self.paths) == sorted(_norm(p) for p in paths)

    def files_unchanged(self) -> bool:
        """True when every file still has the size and modification time it had when edits began."""
        for f in self.header.get("roster", {}).get("files", []):
            if f.get("kind") != "file" and f.get("kind") != "zip":
                continue
            try:
                st = os.stat(f["path"])
            except OSError:
                return False
            if st.st_size != f.get("size") or abs(st.st_mtime - float(f.get("mtime", 0))) > 1e-3:
                return False
        return True

    def discard(self) -> None:
        """Remove the journal and its snapshot."""
        _remove(self.path)


def read_journal(path: str | os.PathLike[str]) -> PendingJournal:
    """Read a journal file; a last line cut short by a crash is left out."""
    path = Path(path)
    with open(path, "rb") as fh:
        raw = fh.read()
    lines = raw.split(b"\n")
    truncated = bool(lines and lines[-1])  # no newline at the end: the last write was cut off
    if not raw.endswith(b"\n"):
        lines = lines[:-1]
    header: dict[str, Any] | None = None
    edits: list[Edit] = []
    last = 0.0
    for line in lines:
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            truncated = True
            break
        if header is None:
            if obj.get("format") != FORMAT:
                raise ValueError(f"{path} is not a Roster Prep journal")
            header = obj
            last = float(obj.get("created", 0.0))
            continue
        try:
            edits.append(edit_from_json(obj))
        except (KeyError, TypeError, ValueError, IndexError):
            truncated = True  # a line this program cannot read: what came before it is kept
            break
        last = float(obj.get("time", last))
    if header is None:
        raise ValueError(f"{path} is empty")
    return PendingJournal(path, header, edits, last, truncated)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pending_journals(folder: str | os.PathLike[str], *, include_running: bool = False) -> list[PendingJournal]:
    """Journals with edits left by programs that are no longer running, newest first.

    Journals of a program still running (another window) are left alone unless ``include_running``.
    Empty journals of stopped programs are removed, unless they keep a snapshot (a roster that was
    never saved is unsaved work by itself). Unreadable files are skipped; snapshot folders whose
    journal is gone are removed once they are an hour old.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob("*" + SUFFIX):
        try:
            j = read_journal(p)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not include_running and _alive(int(j.header.get("pid", -1))):
            continue
        if not j.edits and not j.has_snapshot:
            j.discard()
            continue
        out.append(j)
    now = time.time()
    for snap in folder.glob("*" + SNAPSHOT_SUFFIX):
        journal = snap.with_name(snap.name[: -len(SNAPSHOT_SUFFIX)] + SUFFIX)
        try:
            orphan = not journal.exists() and now - snap.stat().st_mtime > ORPHAN_AGE
        except OSError:
            continue
        if orphan:
            shutil.rmtree(snap, ignore_errors=True)
    out.sort(key=lambda j: j.last_time, reverse=True)
    return out


def replay(journal: PendingJournal, roster: Roster, apply: Callable[[Edit], object] | None = None) -> int:
    """Apply a journal's edits again, in order; returns how many were applied.

    ``apply`` receives each edit (the window passes one that goes through its undo stack); without
    it the edits are applied straight to the roster. Edits for a file the roster does not have are
    skipped.
    """
    n = 0
    for edit in journal.edits:
        if edit.table not in roster:
            continue
        if apply is None:
            edit.apply(roster)
        else:
            apply(edit)
        n += 1
    return n


# copy_roster is what callers snapshot with
__all__ = ["Journal", "PendingJournal", "copy_roster", "pending_journals", "read_journal", "replay", "roster_identity"]
