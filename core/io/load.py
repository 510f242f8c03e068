"""Opening whatever the user was given as one roster: a zip, a folder, CSV/TXT files or a workbook.

Every table is named by its file name, exactly as written (case included); a ``users.txt`` (Excel's
"rename to .txt" import workaround) becomes the table ``users.csv`` and keeps its real name in
``table.source``. Files Renaissance does not take (lineItems, results, ...) are kept but marked as
not part of the upload. Anything that cannot be read becomes one RosterError sentence naming the
file and, inside a zip, the member.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.errors import RosterError
from core.findings import Finding
from core.io.archive import ZipMember, base_name, read_zip
from core.io.csvread import TakenBytes, read_csv_bytes
from core.io.guard import HEAD_BYTES, check_memory, refuse_binary, text_memory_needed
from core.progress import NO_PROGRESS, Progress
from core.roster import ONEROSTER_FILES, RENAISSANCE_FILES, Roster
from core.table import Source, Table

#: files larger than this are refused before reading (they would not fit in memory as tables);
#: the environment variable ROSTERPREP_MAX_FILE_BYTES overrides it
MAX_FILE_BYTES = 4 << 30

_TEXT_SUFFIXES = (".csv", ".txt")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")
_ONEROSTER_STEMS = {n[:-4] for n in ONEROSTER_FILES}


def max_file_bytes() -> int:
    """The size limit for one file (bytes)."""
    env = os.environ.get("ROSTERPREP_MAX_FILE_BYTES")
    if env and env.isdigit():
        return int(env)
    return MAX_FILE_BYTES


def table_name_for(file_name: str) -> str:
    """The table name of a file: its name, with ``.txt`` turned into ``.csv``."""
    stem, suffix = os.path.splitext(file_name)
    if suffix.lower() == ".txt":
        return stem + ".csv"
    return file_name


def load_roster(
    paths: list[str],
    *,
    encoding: str | None = None,
    progress: Progress | None = NO_PROGRESS,
) -> Roster:
    """Load what the user opened (zips, folders, CSV/TXT files, workbooks) as one roster.

    ``encoding`` forces a text encoding for every CSV/TXT file. Raises RosterError with one plain
    sentence when something cannot be read.
    """
    progress = progress or NO_PROGRESS
    if not paths:
        raise RosterError("nothing was chosen to open")
    roster = Roster(name=_roster_name(paths), origin_paths=list(paths))
    loader = _Loader(roster, encoding, progress)
    n = len(paths)
    for i, p in enumerate(paths):
        loader.span = (i / n, (i + 1) / n)
        loader.load_path(p)
    if not roster.tables:
        _explain_nothing_opened(roster)
        zips = loader.zips_in_folders
        if zips:
            shown = ", ".join(zips[:3]) + (f" and {len(zips) - 3} more" if len(zips) > 3 else "")
            raise RosterError(
                f"{roster.name} holds no CSV, TXT or XLSX files, only zip files ({shown}): open one of those zip files"
            )
        raise RosterError(f"{roster.name} holds no CSV, TXT or XLSX files to open")
    _mark_packaging(roster)
    progress.report(1.0, "Opened")
    return roster


def _explain_nothing_opened(roster: Roster) -> None:
    """When every file was refused (password-protected, or an unsafe path), say that, not "no files"."""
    refused = [f for f in roster.load_findings if f.code in ("package.encrypted_member", "package.unsafe_member")]
    if not refused:
        return
    encrypted = [f.value for f in refused if f.code == "package.encrypted_member"]
    unsafe = [f.value for f in refused if f.code == "package.unsafe_member"]
    parts = []
    if encrypted:
        parts.append(f"{_count(len(encrypted), 'file')} password-protected ({_names(encrypted)})")
    if unsafe:
        parts.append(f"{_count(len(unsafe), 'file')} with a path that leaves the zip's folder ({_names(unsafe)})")
    hint = "zip the files again without a password" if encrypted and not unsafe else (
        "ask for a new export, or zip the files again at the zip's root"
        + (" and without a password" if encrypted else "")
    )
    raise RosterError(f"{roster.name} was not opened: it holds only " + " and ".join(parts) + f"; {hint}")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _names(names: list[str | None]) -> str:
    shown = [n or "" for n in names[:3]]
    return ", ".join(shown) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def load_table_with_encoding(source: Source, encoding: str, name: str | None = None) -> tuple[Table, list[Finding]]:
    """Read one file again with an encoding the user chose (the window's "reopen with encoding").

    ``source`` is the table's ``table.source``; ``name`` the table name (default: from the source).
    """
    if source.kind == "xlsx":
        raise RosterError("a workbook sheet has no text encoding to choose", where=source.display)
    if source.data is not None:
        data = source.data
    elif source.kind == "file" and source.path:
        data = _read_file(Path(source.path))
    else:
        raise RosterError("the original file is no longer available to read again", where=source.display)
    if name is None:
        name = table_name_for(base_name(source.member) if source.member else os.path.basename(source.path))
    where = f"{name} in {os.path.basename(source.path)}" if source.kind == "zip" else name
    try:
        table, findings = read_csv_bytes(data, name, encoding=encoding, source=source)
    except RosterError as err:
        raise _relabel(err, where) from None
    except MemoryError:
        raise RosterError("the file is too large to open in this computer's memory", where=where) from None
    return table, findings


def _roster_name(paths: list[str]) -> str:
    if len(paths) == 1:
        return os.path.basename(os.path.normpath(paths[0])) or paths[0]
    parents = {os.path.dirname(os.path.abspath(p)) for p in paths}
    if len(parents) == 1:
        return os.path.basename(parents.pop()) or f"{len(paths)} files"
    return f"{len(paths)} files"


def _read_file(path: Path, *, text: bool = True) -> bytes:
    """The file's bytes; a text file is first refused when its start shows it is binary, and any
    file when reading it would need more memory than is free."""
    size = _checked_size(path)
    try:
        if text:
            with open(path, "rb") as fh:
                refuse_binary(fh.read(HEAD_BYTES), where=str(path))
            check_memory(text_memory_needed(size), where=str(path))
        else:
            check_memory(size * 2, where=str(path))  # the bytes, and the parts unpacked from them
        return path.read_bytes()
    except MemoryError:
        raise RosterError("the file is too large to open in this computer's memory", where=str(path)) from None
    except IsADirectoryError:
        raise RosterError("this is a folder, not a file", where=str(path)) from None
    except PermissionError:
        raise RosterError("the file cannot be opened: permission denied", where=str(path)) from None
    except OSError as err:
        raise RosterError(f"the file cannot be read ({err.strerror or err})", where=str(path)) from None


def _relabel(err: RosterError, where: str) -> RosterError:
    """The same error, said about ``where`` (a zip member's readers only know the member name)."""
    message = str(err)
    if err.where and message.startswith(err.where + ": "):
        message = message[len(err.where) + 2 :]
    return RosterError(message, where=where)


class _Loader:
    def __init__(self, roster: Roster, encoding: str | None, progress: Progress) -> None:
        self.roster = roster
        self.encoding = encoding
        self.progress = progress
        self.span = (0.0, 1.0)
        #: progress for the file being read, inside the current span
        self.file_progress: Progress = progress
        #: zip files seen in folders (not opened: each may be a roster of its own)
        self.zips_in_folders: list[str] = []

    def _report(self, fraction: float, text: str) -> None:
        lo, hi = self.span
        self.progress.report(lo + (hi - lo) * fraction, text)

    def load_path(self, p: str) -> None:
        path = Path(p)
        self.file_progress = _Sub(self, 0.0, 1.0)
        if path.is_dir():
            self.load_folder(path)
            return
        if not path.exists():
            raise RosterError("the file was not found", where=str(path))
        suffix = path.suffix.lower()
        if suffix == ".zip":
            self.load_zip(path)
        elif suffix in _XLSX_SUFFIXES:
            self.load_xlsx_file(path)
        else:
            # any other name is read as CSV text: the user chose it explicitly
            self.load_text_file(path)

    def load_folder(self, folder: Path, depth: int = 0) -> None:
        try:
            entries = sorted(folder.iterdir(), key=lambda e: e.name)
        except OSError as err:
            raise RosterError(f"the folder cannot be read ({err.strerror or err})", where=str(folder)) from None
        files = [e for e in entries if _wanted_in_folder(e)]
        self.zips_in_folders += [e.name for e in entries if e.suffix.lower() == ".zip" and e.is_file()]
        folders = [e for e in entries if e.is_dir() and not e.name.startswith((".", "__MACOSX"))]
        if not files and len(folders) == 1 and depth == 0:
            # the user chose the folder around the export folder: open it, and say so
            self.roster.load_findings.append(
                Finding("warning", "package.enclosing_folder", file=folder.name, params={"folder": folders[0].name})
            )
            self.load_folder(folders[0], depth=1)
            return
        for k, entry in enumerate(files):
            self._report(k / max(1, len(files)), f"Reading {entry.name}")
            self.file_progress = _Sub(self, k / len(files), (k + 1) / len(files))
            if entry.suffix.lower() in _XLSX_SUFFIXES:
                self.load_xlsx_file(entry)
            else:
                self.load_text_file(entry)

    def load_text_file(self, path: Path) -> None:
        st = path.stat()
        source = Source("file", str(path), None, st.st_size, st.st_mtime)
        name = table_name_for(path.name)
        # the reader owns the bytes and drops them once decoded: the text and the table need the room
        self._add_csv(TakenBytes(_read_file(path)), name, source, where=name)

    def load_xlsx_file(self, path: Path) -> None:
        data = _read_file(path, text=False)
        st = path.stat()
        self._add_xlsx(data, path.name, Source("xlsx", str(path), None, st.st_size, st.st_mtime), where=path.name)

    def load_zip(self, path: Path) -> None:
        _checked_size(path)
        members, findings = read_zip(str(path), name=path.name, progress=_Sub(self, 0.0, 0.3))
        self.roster.load_findings.extend(findings)
        for k, m in enumerate(members):
            self._report(0.3 + 0.7 * k / max(1, len(members)), f"Reading {m.name}")
            self.file_progress = _Sub(self, 0.3 + 0.7 * k / len(members), 0.3 + 0.7 * (k + 1) / len(members))
            self._add_member(path, m)

    def _add_member(self, zip_path: Path, m: ZipMember) -> None:
        file_name = base_name(m.name)
        suffix = os.path.splitext(file_name)[1].lower()
        where = f"{m.name} in {zip_path.name}"
        source = Source("zip", str(zip_path), m.original, len(m.data), m.mtime, data=m.data)
        if suffix == ".csv" or (suffix == ".txt" and _is_roster_txt(file_name)):
            self._add_csv(m.data, table_name_for(file_name), source, where=where)
        elif suffix in _XLSX_SUFFIXES:
            self._add_xlsx(m.data, file_name, source, where=where)
        else:
            self.roster.load_findings.append(
                Finding("info", "package.skipped_file", file=zip_path.name, value=m.original, params={"member": m.original})
            )

    def _add_csv(self, data: bytes | TakenBytes, name: str, source: Source, *, where: str) -> None:
        try:
            table, findings = read_csv_bytes(data, name, encoding=self.encoding, source=source, progress=self.file_progress)
        except RosterError as err:
            raise _relabel(err, where) from None
        except MemoryError:
            raise RosterError("the file is too large to open in this computer's memory", where=where) from None
        self.roster.add(table)
        self.roster.load_findings.extend(findings)

    def _add_xlsx(self, data: bytes, file_name: str, source: Source, *, where: str) -> None:
        from core.io.xlsx import read_xlsx

        try:
            results = read_xlsx(data, file_name, source, progress=self.file_progress)
        except RosterError as err:
            raise _relabel(err, where) from None
        except MemoryError:
            raise RosterError("the workbook is too large to open in this computer's memory", where=where) from None
        for table, findings in results:
            self.roster.add(table)
            self.roster.load_findings.extend(findings)


class _Sub(Progress):
    """Progress for a part of the loader's current span."""

    def __init__(self, loader: _Loader, lo: float, hi: float) -> None:
        super().__init__()
        self._loader, self._lo, self._hi = loader, lo, hi

    def report(self, fraction: float, text: str = "") -> None:
        self._loader._report(self._lo + (self._hi - self._lo) * max(0.0, min(1.0, fraction)), text)

    def check(self) -> None:
        self._loader.progress.check()


def _checked_size(path: Path) -> int:
    """The file's size; RosterError when it is gone, cannot be read, or is too large to open."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise RosterError("the file was not found", where=str(path)) from None
    except OSError as err:
        raise RosterError(f"the file cannot be opened ({err.strerror or err})", where=str(path)) from None
    limit = max_file_bytes()
    if size > limit:
        raise RosterError(
            f"the file is {size / (1 << 30):.1f} GB, larger than the {limit / (1 << 30):.1f} GB this program can open",
            where=str(path),
        )
    return size


def _wanted_in_folder(entry: Path) -> bool:
    """CSV files, workbooks and roster-named TXT files; not hidden files or Excel's ~$ lock files."""
    if entry.name.startswith((".", "~$")) or not entry.is_file():
        return False
    suffix = entry.suffix.lower()
    return suffix == ".csv" or suffix in _XLSX_SUFFIXES or (suffix == ".txt" and _is_roster_txt(entry.name))


def _is_roster_txt(file_name: str) -> bool:
    """A .txt inside a folder or zip counts only when it is named like a OneRoster file (users.txt)."""
    stem = os.path.splitext(file_name)[0]
    return stem in _ONEROSTER_STEMS or stem.lower() in {s.lower() for s in _ONEROSTER_STEMS}


def _mark_packaging(roster: Roster) -> None:
    """Duplicate file names, and files kept in the set but not part of the Renaissance upload."""
    by_name: dict[str, list[Table]] = {}
    for t in roster.tables:
        by_name.setdefault(t.name, []).append(t)
    for name, tables in by_name.items():
        if len(tables) > 1:
            where = "; ".join(t.source.display if t.source else name for t in tables)
            roster.load_findings.append(Finding("warning", "package.duplicate_file", file=name, params={"where": where}))
    for t in roster.tables:
        if t.name in ONEROSTER_FILES and t.name not in RENAISSANCE_FILES:
            t.in_upload = False
            roster.load_findings.append(Finding("info", "package.not_upload", file=t.name))
