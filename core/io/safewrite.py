"""Writing a file so that a kill, a full disk or a locked file never leaves it (or its backup) half written.

Every write goes to a temporary file in the same folder, is flushed to disk, and then renamed over
the target in one step. The ``.bak`` copy is made the same way, so the previous backup is only
replaced by a complete one. Temporary files carry a recognisable name (``.users.csv.rosterprep-
<pid>-<token>.tmp``): one left by a killed program is removed the next time a file is written in
that folder, and at start-up for the folders listed in the temp registry.

What the file is stays as it was: its permission bits are kept, a read-only file is refused, a
symbolic link is followed (the file it points to is written, the link stays a link), and a file
with several hard links is written in place once the complete copy exists, so every name still
sees the new contents.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from core.errors import RosterError

#: the part of a temporary file's name that says it is ours
TEMP_MARK = ".rosterprep-"
_TEMP_NAME = re.compile(r"^\..+\.rosterprep-(\d+)-[0-9a-f]+\.tmp$")
#: a leftover whose process cannot be asked about (Windows) is removed once it is this old
_STALE_SECONDS = 3600.0
_COPY_CHUNK = 1 << 20

#: a text file listing the folders temporary files were made in (set by the window at start-up)
temp_registry: str | None = None


class ReadOnlyFileError(RosterError):
    """The file to be written over is marked read-only: the caller should offer Save As."""


def atomic_write(path: str | os.PathLike[str], data: bytes, *, backup: bool = False) -> str | None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    With ``backup`` an existing file is first kept as ``<name>.bak`` (written the same way).
    Returns the backup path. A failure leaves the old file and the old backup as they were and
    raises RosterError; a read-only file raises ReadOnlyFileError.
    """
    target = Path(os.path.realpath(path))  # through a symlink: write the file it points to
    folder = target.parent
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise RosterError(f"cannot look at {target.name}: {err.strerror or err}", where=str(folder)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise RosterError("there is a folder with this name", where=str(target))
        if not st.st_mode & stat.S_IWUSR:
            raise ReadOnlyFileError(
                f"{target.name} is marked read-only, so it was not changed; use File › Save As to write a copy elsewhere",
                where=str(folder),
            )
    remove_stale_temps(folder)
    tmp = _write_temp(target, data, st)
    backup_path: str | None = None
    try:
        if backup and st is not None:
            backup_path = _write_backup(target)
        if st is not None and st.st_nlink > 1:
            # A hard-linked file: renaming would leave the other names on the old contents. The
            # complete copy is on disk (tmp) before the file is touched.
            _overwrite_in_place(target, tmp)
            _unlink(tmp)
        else:
            os.replace(tmp, target)
            _sync_folder(folder)
    except OSError as err:
        _unlink(tmp)
        raise RosterError(f"could not save {target.name}: {_reason(err)}", where=str(folder)) from None
    return backup_path


def _reason(err: OSError) -> str:
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"the disk is full ({err.strerror or 'no space left'})"
    return str(err.strerror or err)


def _temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _write_temp(target: Path, data: bytes, st: os.stat_result | None) -> Path:
    """A complete, flushed temporary copy of ``data`` next to ``target``, with the target's mode."""
    _register(target.parent)
    tmp = _temp_path(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as err:
        raise RosterError(f"cannot write in the folder {target.parent}: {_reason(err)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
    except OSError as err:
        _unlink(tmp)
        raise RosterError(f"could not save {target.name}: {_reason(err)}", where=str(target.parent)) from None
    return tmp


def _write_backup(target: Path) -> str:
    """Copy the current file to ``<name>.bak`` through a temporary file: the old backup is only
    replaced by a complete new one."""
    backup = target.with_name(target.name + ".bak")
    tmp = _temp_path(backup)
    try:
        with open(target, "rb") as src, open(tmp, "xb") as dst:
            while chunk := src.read(_COPY_CHUNK):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(tmp, backup)
    except OSError:
        _unlink(tmp)
        raise
    return str(backup)


def _overwrite_in_place(target: Path, tmp: Path) -> None:
    with open(tmp, "rb") as src, open(target, "r+b") as dst:
        while chunk := src.read(_COPY_CHUNK):
            dst.write(chunk)
        dst.truncate()
        dst.flush()
        os.fsync(dst.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _unlink(p: Path) -> None:
    try:
        os.unlink(p)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- leftovers ---------------------------------------------------------------------------------
def _register(folder: Path) -> None:
    """Note the folder in the registry so the next start can sweep it after a kill."""
    if not temp_registry:
        return
    entry = str(folder)
    try:
        try:
            with open(temp_registry, encoding="utf-8") as fh:
                if entry in fh.read().splitlines():
                    return
        except FileNotFoundError:
            pass
        with open(temp_registry, "a", encoding="utf-8") as fh:
            fh.write(entry + "\n")
    except OSError:
        pass  # the registry only helps clean up; a write never fails because of it


def _alive(pid: int) -> bool | None:
    """Whether a process runs (None when this system cannot tell)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def remove_stale_temps(folder: str | os.PathLike[str]) -> list[str]:
    """Remove this program's temporary files in ``folder`` whose writer is gone; returns their paths."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TEMP_NAME.match(entry.name)
        if m is None:
            continue
        alive = _alive(int(m.group(1)))
        if alive is None:
            try:
                alive = now - entry.stat().st_mtime < _STALE_SECONDS
            except OSError:
                continue
        if alive:
            continue
        try:
            os.unlink(entry.path)
            removed.append(entry.path)
        except OSError:
            pass
    return removed


def sweep_registered_folders(registry: str, extra: Iterable[str] = ()) -> list[str]:
    """At start-up: remove leftovers in every folder of the registry (and ``extra``), then forget
    the folders that are clean. Returns the removed paths."""
    try:
        with open(registry, encoding="utf-8") as fh:
            folders = [line for line in fh.read().splitlines() if line]
    except OSError:
        folders = []
    removed: list[str] = []
    keep: list[str] = []
    for folder in dict.fromkeys([*folders, *extra]):
        removed += remove_stale_temps(folder)
        try:
            if any(_TEMP_NAME.match(name) for name in os.listdir(folder)):
                keep.append(folder)  # another running copy is writing there
        except OSError:
            pass
    try:
        with open(registry, "w", encoding="utf-8") as fh:
            fh.writelines(f + "\n" for f in keep)
    except OSError:
        pass
    return removed
