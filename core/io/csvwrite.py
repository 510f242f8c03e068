"""Writing tables: save in the file's own dialect, or export canonical OneRoster CSV and Roster.zip.

Saving the same file again changes only the records the user edited: every other record is copied
from the source text as it was. Export writes what uploads need: UTF-8, RFC 4180 quoting only where
needed, CRLF, a final newline, files at the root of the zip.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

from core.errors import RosterError
from core.io.csvsave import UnencodableError, save_bytes, save_text, unencodable_cells
from core.io.encoding import base_encoding
from core.io.safewrite import ReadOnlyFileError, atomic_write
from core.roster import Roster
from core.table import Table

_NEEDS_QUOTES = (",", '"', "\r", "\n")


def quote_field(value: str, delimiter: str = ",") -> str:
    """RFC 4180: quote only when the value holds the delimiter, a quote, CR or LF; double quotes."""
    if delimiter in value or any(ch in value for ch in _NEEDS_QUOTES):
        return '"' + value.replace('"', '""') + '"'
    return value


def export_csv_text(table: Table) -> str:
    """The table as canonical OneRoster CSV text (CRLF, minimal quoting, final newline). A record's
    values beyond the header are written after its last column, as they were read."""
    out = io.StringIO()
    write = out.write
    # header names holding tab, semicolon or pipe are quoted too, so reading sniffs commas again;
    # so is one holding U+FEFF, which at the very start would be read back as a byte order mark
    write(",".join('"' + h.replace('"', '""') + '"' if any(s in h for s in "\t;|\ufeff") else quote_field(h) for h in table.header))
    write("\r\n")
    cols = table.columns
    if not cols or not table.nrows:
        return out.getvalue()
    # Column by column: most columns need no quotes at all, which one scan of the joined column
    # proves; only the others are quoted value by value. Then rows are joined in C.
    quoted_cols = []
    for col in cols:
        joined = "\x00".join(col)
        if any(ch in joined for ch in _NEEDS_QUOTES):
            col = [quote_field(v) for v in col]
        quoted_cols.append(col)
    lines: Iterable[str] = map(",".join, zip(*quoted_cols))
    extra = table.extra_records
    if extra:
        # values beyond the header (a value whose comma lost its quotes) are written, not dropped:
        # the check of the output then still names the record, and nothing is lost on the way
        lines = list(lines)
        for r in range(table.nrows):
            fields = extra.get(table.origin(r))
            if fields:
                lines[r] += "," + ",".join(quote_field(v) for v in fields)
    write("\r\n".join(lines))
    write("\r\n")
    return out.getvalue()


def export_csv_bytes(table: Table, bom: bool = False) -> bytes:
    """Canonical OneRoster CSV bytes: UTF-8 (BOM only if asked), CRLF, RFC 4180 minimal quoting."""
    data = export_csv_text(table).encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


# --- saving in place ---------------------------------------------------------------------------
def save_table_in_place(
    table: Table, *, backup: bool = True, encoding: str | None = None, replace_unencodable: bool = False
) -> str | None:
    """Save a table over the file it was read from (only for plain files). Returns the backup path.

    ``encoding`` saves in another encoding (the admin chose UTF-8 for characters the file's own
    encoding cannot hold); ``replace_unencodable`` keeps the encoding and writes "?" for them.
    Without either, such characters raise UnencodableError (a RosterError naming the cells).
    """
    src = table.source
    if src is None or src.kind != "file" or not src.path:
        raise RosterError(f"{table.name} did not come from a CSV file of its own; use Export or Save As")
    data = save_bytes(table, encoding=encoding, replace_unencodable=replace_unencodable)
    backup_path = atomic_write(src.path, data, backup=backup)
    st = os.stat(src.path)
    src.size, src.mtime, src.data = st.st_size, st.st_mtime, None
    if encoding is not None:
        table.dialect.encoding = base_encoding(encoding)
    table.mark_saved()
    # the saved file is now the source: its records are one per line unless values hold line breaks
    _refresh_record_lines(table, data)
    return backup_path


def _refresh_record_lines(table: Table, data: bytes) -> None:
    from core.io.csvread import read_csv_bytes

    fresh, _ = read_csv_bytes(data, table.name, encoding=table.dialect.encoding)
    table._record_lines = fresh._record_lines
    table._short = fresh._short
    table._extra = fresh._extra


# --- export ---------------------------------------------------------------------------------
def export_version(roster: Roster, version: str | None = None) -> str:
    """The OneRoster version an export writes: the one asked for, else the set's own (its manifest,
    else its column names: a 1.1 set that came without a manifest still gets one).

    Raises RosterError when the version asked for is not the one the files' columns have: export
    writes the columns as they are and does not convert them between versions.
    """
    from core.rules.package import detect_version, header_versions

    detected = detect_version(roster)
    if version is None:
        if detected in ("1.0", "1.1", "1.2"):
            return detected
        return "1.1" if roster.table("manifest.csv") is not None else "1.0"
    if detected == "1.2" and version != "1.2":
        raise RosterError(
            f"these files are OneRoster 1.2 and this program does not convert them to OneRoster {version} "
            "(in 1.2, users' roles and schools are in roles.csv); export them as they are, without --version"
        )
    sent = {t.name for t in roster.upload_tables()}
    other = sorted(n for n, v in header_versions(roster).items() if n in sent and v not in (version, "mixed"))
    if other:
        found = "1.1" if version == "1.0" else "1.0"
        raise RosterError(
            f"OneRoster {version} was asked for, but {', '.join(other)} {'has' if len(other) == 1 else 'have'} "
            f"OneRoster {found} columns, and this program does not convert columns between versions; "
            f"export as {found}, or rename the columns first"
        )
    return version


def export_mode(table: Table, declared: str | None = None) -> str:
    """bulk or delta for an exported file, chosen from its rows (what the check asks of them):

    * no rows: delta (a bulk file with no rows tells an importer to delete every record of its kind);
    * status and dateLastModified filled in every row: delta (bulk files must leave them empty);
    * neither filled in any row: bulk, unless the set declared delta (a delta file without them
      is incomplete, but sending it as bulk would delete every record it leaves out);
    * some rows filled, others not: as declared (bulk when nothing was), and the check says which.
    """
    if table.nrows == 0:
        return "delta"
    declared = declared if declared in ("bulk", "delta") else None
    cols = [c for c in (table.col_index("status"), table.col_index("dateLastModified")) if c is not None]
    if not cols:
        return declared or "bulk"
    if len(cols) == 2 and all(v.strip() for c in cols for v in table.distinct(c)):
        return "delta"
    return declared or "bulk"


def manifest_rows(roster: Roster, names: list[str], version: str = "1.1") -> list[list[str]]:
    """A manifest for the files present: each file of the version as bulk or delta (``export_mode``)
    or absent; the set's own source.* rows are kept."""
    from core.rules.package import manifest_properties
    from core.rules.spec import load_rules

    existing = roster.table("manifest.csv")
    keep: dict[str, str] = {}
    if existing is not None:
        for _, prop, value in manifest_properties(existing):
            keep.setdefault(prop.strip(), value.strip())
    spec = load_rules("oneroster", version if version in ("1.1", "1.2") else "1.1").manifest or {}
    rows = [["manifest.version", "1.0"], ["oneroster.version", version]]
    for kind in spec.get("files", ()):
        prop, fname = "file." + kind, kind + ".csv"
        if fname in names:
            rows.append([prop, export_mode(roster[fname], keep.get(prop))])
        else:
            rows.append([prop, "absent"])
    for prop, value in keep.items():
        if prop.startswith("source."):
            rows.append([prop, value])
    return rows


def upload_files(roster: Roster, *, bom: bool = False, version: str | None = None) -> list[tuple[str, bytes]]:
    """The files of an upload: every in-upload table as canonical CSV, and a matching manifest
    (OneRoster 1.1 and later; a 1.0 set has none). See ``export_version`` for the version."""
    version = export_version(roster, version)
    tables = [t for t in roster.upload_tables() if t.name != "manifest.csv"]
    files = [(t.name, export_csv_bytes(t, bom)) for t in tables]
    if version != "1.0":
        m = Table.from_rows("manifest.csv", ["propertyName", "value"], manifest_rows(roster, [t.name for t in tables], version))
        files.insert(0, ("manifest.csv", export_csv_bytes(m, bom)))
    return files


def write_roster_zip(roster: Roster, path: str | os.PathLike[str], *, bom: bool = False, version: str | None = None) -> list[str]:
    """Write an upload-ready Roster.zip (files at the root, deflate); returns the file names."""
    files = upload_files(roster, bom=bom, version=version)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    atomic_write(path, buf.getvalue(), backup=True)
    return [n for n, _ in files]


def export_folder(roster: Roster, folder: str | os.PathLike[str], *, bom: bool = False, version: str | None = None) -> list[str]:
    """Write the upload files as CSVs into a folder (keeping a .bak of any file overwritten)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RosterError(f"cannot create the folder {folder}: {err.strerror or err}") from None
    files = upload_files(roster, bom=bom, version=version)
    for name, data in files:
        atomic_write(folder / name, data, backup=True)
    return [n for n, _ in files]


def reader_roundtrip_ok(table: Table) -> bool:
    """True when exporting and reading back gives the same values (used by tests and export checks)."""
    from core.io.csvread import read_csv_bytes

    back, _ = read_csv_bytes(export_csv_bytes(table), table.name)
    return back.header == table.header and back.columns == table.columns


__all__ = [
    "ReadOnlyFileError",
    "UnencodableError",
    "atomic_write",
    "export_csv_bytes",
    "export_csv_text",
    "export_folder",
    "export_mode",
    "export_version",
    "manifest_rows",
    "quote_field",
    "save_bytes",
    "save_table_in_place",
    "save_text",
    "unencodable_cells",
    "upload_files",
    "write_roster_zip",
]
