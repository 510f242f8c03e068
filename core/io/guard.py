"""Refusing what cannot be opened before the work starts: binary files, and files that would need
more memory than the computer has free.

Reading a roster costs memory in proportion to its text: the table keeps one string per cell,
which on a real roster is about five times the file's size at the peak of reading (bench/
bench_open.py measures it). A file that would need more than the memory free right now is refused
with the figures, instead of growing until the computer stalls or the program is killed.
"""

from __future__ import annotations

import os
import sys

from core.errors import RosterError

#: peak memory of reading a CSV file, as a multiple of its size (bench/bench_open.py: about 5x)
TEXT_MEMORY_FACTOR = 5
#: bytes one workbook cell costs once read (a str reference in a column list, and its text)
CELL_MEMORY = 8
#: how much of a file is looked at to tell text from binary
HEAD_BYTES = 64 * 1024

# magic numbers of files people open by mistake: what they are, and what to do instead
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel workbook (.xls) or another Office document; open it in Excel and save it as .xlsx or CSV"),
    (b"PK\x03\x04", "a zip file or an Excel workbook (.xlsx) with another name; give it its real extension (.zip or .xlsx) and open it again"),
    (b"%PDF", "a PDF document, not a roster file"),
    (b"\x89PNG", "a PNG image, not a roster file"),
    (b"\xff\xd8\xff", "a JPEG image, not a roster file"),
    (b"GIF8", "a GIF image, not a roster file"),
    (b"\x1f\x8b", "a gzip-compressed file; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive; unpack it first"),
    (b"\x7fELF", "a program, not a roster file"),
    (b"SQLite format 3\x00", "a database file, not a roster file"),
)
_NUL_RUN = b"\x00" * 16  # no text (not even UTF-16 or UTF-32) holds sixteen NUL bytes in a row


def refuse_binary(head: bytes, where: str | None = None) -> None:
    """Raise RosterError at once when the first bytes of a text file show it is not text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise RosterError(f"this is {what}", where=where)
    if _NUL_RUN in head[:HEAD_BYTES]:
        raise RosterError("this is not a text file: it holds runs of NUL bytes, as binary files do", where=where)


def available_memory() -> int | None:
    """Bytes of memory free for this program now (None when the system cannot say).

    ROSTERPREP_AVAILABLE_MEMORY (bytes) overrides it, for tests and for a limit of one's own.
    """
    env = os.environ.get("ROSTERPREP_AVAILABLE_MEMORY")
    if env and env.isdigit():
        return int(env)
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/meminfo", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            return None
        return None
    if sys.platform == "win32":
        return _windows_available()
    return None  # macOS counts only never-used pages as free: far too low to refuse by


def _windows_available() -> int | None:  # pragma: no cover - Windows only
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong),
            ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
        return None
    return int(status.ullAvailPhys)


def size_text(n: float) -> str:
    """1.2 GB, 350 MB, 12 KB."""
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            if unit == "bytes":
                return f"{int(n)} bytes"
            return f"{n:.0f} {unit}" if n >= 10 else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover


def check_memory(need: int, where: str | None = None, what: str = "this file") -> None:
    """Refuse (RosterError, with the figures) when ``need`` bytes exceed the memory free now."""
    free = available_memory()
    if free is None or need <= free:
        return
    raise RosterError(
        f"{what} needs about {size_text(need)} of memory to open; this computer has {size_text(free)} free. "
        "Close other programs and try again, or open it on a computer with more memory",
        where=where,
    )


def text_memory_needed(nbytes: int) -> int:
    """Peak memory of reading ``nbytes`` of CSV text."""
    return nbytes * TEXT_MEMORY_FACTOR
