"""Reading a zip safely: no member escapes its folder, no bomb is inflated, nothing hostile crashes us.

A roster zip is something a user was sent, so every member name and size is untrusted. Members
whose path would leave the folder they are unpacked into are refused and named (the others still
load). A zip whose declared sizes are huge, or whose members compress impossibly well, is refused
before anything is inflated; while inflating, a member that produces more than it declared is
stopped at once. The files may sit in one enclosing folder: they load, with a warning.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path
from typing import IO, NamedTuple

from core.errors import Cancelled, RosterError
from core.findings import Finding
from core.io.guard import check_memory, text_memory_needed
from core.progress import NO_PROGRESS, Progress

#: the most a whole zip may inflate to (sum of its members' sizes)
MAX_TOTAL_BYTES = 2 << 30
#: a member larger than RATIO_MIN_BYTES that compresses better than this is a bomb, not a roster
#: (real roster CSVs deflate 5-30 times; the same holds for the zip's members together)
MAX_RATIO = 200
RATIO_MIN_BYTES = 1 << 20
#: more members than any roster export has; a zip with more is refused
MAX_MEMBERS = 10_000
_CHUNK = 1 << 20

_DRIVE = re.compile(r"^[A-Za-z]:")
_JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


class ZipMember(NamedTuple):
    """One file taken out of a zip."""

    name: str  # path inside the zip, "/"-separated, without an enclosing folder
    data: bytes
    original: str  # the member name exactly as stored in the zip
    mtime: float  # modification time from the zip entry (seconds since the epoch, local time)


def _unsafe_reason(name: str) -> str | None:
    """Why a member name would leave the target folder, or None when it is safe."""
    if "\x00" in name:
        return "its name contains a NUL character"
    if name.startswith(("/", "\\")):
        return "its path is absolute"
    if _DRIVE.match(name):
        return "its path names a drive"
    parts = re.split(r"[\\/]", name)
    if any(p == ".." for p in parts):
        return "its path climbs out of the folder with .."
    if any(_DRIVE.match(p) for p in parts[1:]):
        return "its path names a drive"
    return None


def _is_junk(name: str) -> bool:
    parts = [p for p in re.split(r"[\\/]", name) if p]
    if not parts:
        return True
    if parts[0] == "__MACOSX":
        return True
    base = parts[-1]
    return base in _JUNK_NAMES or base.startswith("._")


def _mtime(info: zipfile.ZipInfo) -> float:
    try:
        import time

        return time.mktime(info.date_time + (0, 0, -1))
    except (OverflowError, ValueError):
        return 0.0


def read_zip(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> tuple[list[ZipMember], list[Finding]]:
    """Read every file member of a zip; returns the members and what was refused or noticed.

    ``source`` is a path or the zip's bytes; ``name`` is how findings and errors call the zip
    (default: the file name). Refused members (unsafe paths, encrypted) become error findings and
    the rest still load. Raises RosterError when the file is not a readable zip or is a zip bomb.
    """
    if name is None:
        name = os.path.basename(os.fspath(source)) if not isinstance(source, bytes) else "the zip"
    where = name
    try:
        fileobj: IO[bytes] | str = io.BytesIO(source) if isinstance(source, bytes) else os.fspath(source)
        with zipfile.ZipFile(fileobj) as zf:
            return _read_members(zf, where, progress)
    except RosterError:
        raise
    except MemoryError:
        raise RosterError("the zip is too large to open in this computer's memory", where=where) from None
    except FileNotFoundError:
        raise RosterError("the file was not found", where=where) from None
    except PermissionError:
        raise RosterError("the file cannot be opened: permission denied", where=where) from None
    except zipfile.BadZipFile:
        raise RosterError("this is not a zip file, or the zip is damaged or incomplete", where=where) from None
    except Cancelled:
        raise
    except Exception as err:
        raise RosterError(f"the zip is damaged and cannot be read ({err.__class__.__name__}: {err})", where=where) from None


def _read_members(zf: zipfile.ZipFile, where: str, progress: Progress) -> tuple[list[ZipMember], list[Finding]]:
    findings: list[Finding] = []
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise RosterError(f"the zip holds {len(infos)} entries, far more than a roster has; it was not opened", where=where)

    wanted: list[zipfile.ZipInfo] = []
    for info in infos:
        member = info.filename
        if info.is_dir() or member.endswith(("/", "\\")):
            continue
        reason = _unsafe_reason(member)
        if reason is not None:
            findings.append(
                Finding("error", "package.unsafe_member", file=where, value=member, params={"member": member, "reason": reason})
            )
            continue
        if _is_junk(member):
            continue
        if info.flag_bits & 0x1:
            findings.append(Finding("error", "package.encrypted_member", file=where, value=member, params={"member": member}))
            continue
        wanted.append(info)

    # Refuse a bomb before inflating anything: the declared sizes and ratios are checked first...
    declared = sum(i.file_size for i in wanted)
    if declared > MAX_TOTAL_BYTES:
        raise RosterError(
            f"the zip would unpack to {_size(declared)}, more than the {_size(MAX_TOTAL_BYTES)} a roster can be; "
            "it looks like a zip bomb and was not opened",
            where=where,
        )
    packed = sum(i.compress_size for i in wanted)
    if declared > RATIO_MIN_BYTES and declared > MAX_RATIO * max(1, packed):
        raise RosterError(
            f"the zip would unpack to {_size(declared)} from {_size(packed)}, which no real roster does; "
            "it looks like a zip bomb and was not opened",
            where=where,
        )
    check_memory(text_memory_needed(declared), where=where, what="this zip")
    for info in wanted:
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise RosterError(
                f"{info.filename} would unpack to {_size(info.file_size)} from {_size(info.compress_size)}, "
                "which no real roster file does; the zip looks like a zip bomb and was not opened",
                where=where,
            )

    prefix = _enclosing_folder([i.filename for i in wanted])
    if prefix:
        findings.append(Finding("warning", "package.enclosing_folder", file=where, params={"folder": prefix.rstrip("/")}))

    members: list[ZipMember] = []
    inflated = 0
    for k, info in enumerate(wanted):
        progress.report(k / max(1, len(wanted)), f"Unpacking {info.filename}")
        data = _inflate(zf, info, where)
        inflated += len(data)
        if inflated > MAX_TOTAL_BYTES:  # pragma: no cover - declared sizes are checked above
            raise RosterError("the zip unpacks to more than a roster can be; it was not opened", where=where)
        members.append(ZipMember(info.filename[len(prefix):], data, info.filename, _mtime(info)))
    return members, findings


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    """A member's bytes, read in chunks and stopped as soon as it gives more than it declared."""
    limit = info.file_size
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                out += chunk
                if len(out) > limit:
                    raise RosterError(
                        f"{info.filename} unpacks to more than the {_size(limit)} it declares; the zip was not opened",
                        where=where,
                    )
    except RuntimeError as err:  # zipfile says "encrypted" or similar
        raise RosterError(f"{info.filename} cannot be unpacked ({err})", where=where) from None
    except NotImplementedError:
        raise RosterError(
            f"{info.filename} is packed with a compression method this program cannot unpack; "
            "zip the files again with ordinary (deflate) compression",
            where=where,
        ) from None
    except zipfile.BadZipFile as err:
        raise RosterError(f"{info.filename} is damaged in the zip ({err})", where=where) from None
    return bytes(out)


def _enclosing_folder(names: list[str]) -> str:
    """The folder all members share ("Export/" or "Export/2024/"), or "" when some sit at the root."""
    if not names:
        return ""
    parts = [n.replace("\\", "/").split("/") for n in names]
    prefix: list[str] = []
    while all(len(p) > len(prefix) + 1 for p in parts):
        head = parts[0][len(prefix)]
        if any(p[len(prefix)] != head for p in parts):
            break
        prefix.append(head)
    if not prefix:
        return ""
    folder = "/".join(prefix) + "/"
    # the names keep their own separator; only strip when it is written the usual way
    return folder if all(n.startswith(folder) for n in names) else ""


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n = n / 1024  # type: ignore[assignment]
    return f"{n} bytes"  # pragma: no cover


def base_name(member: str) -> str:
    """The file name of a member path (the last part, either separator)."""
    return Path(member.replace("\\", "/")).name
