"""Saving a table over its own file: only the edited records change, every other byte stays.

The source text is cut into records by the lines the reader found them on; each record's span runs
from the start of its first line to the start of the next record, its own line ending included. An
untouched record is copied as that span, whatever its line ending (CR, LF, CRLF, or a mix within a
value); an edited record is written in the file's delimiter and quoting, ended the way that record
was ended. A file that was not changed at all is written back as its exact bytes.

A legacy encoding (Windows-1252, ...) may not hold a character typed into it: ``unencodable_cells``
names those cells, and the caller asks whether to save as UTF-8 or keep the encoding (the cells
are then written with "?" in place of what it cannot hold). ``save_bytes`` never raises a bare
UnicodeEncodeError.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
from collections.abc import Iterable

from core.errors import RosterError
from core.io.encoding import decode, encode
from core.table import Table

_BREAK = re.compile(r"\r\n|\r|\n")
_FINAL_BREAK = re.compile(r"(?:\r\n|\r|\n)\Z")
_NEEDS_QUOTES = (",", '"', "\r", "\n")


class UnencodableError(RosterError):
    """Edited cells hold characters the file's encoding cannot hold; ``cells`` are (row, col),
    row None for the header."""

    def __init__(self, table: Table, cells: list[tuple[int | None, int]]) -> None:
        self.table = table
        self.cells = cells
        shown = "; ".join(describe_cell(table, r, c) for r, c in cells[:3])
        more = f" and {len(cells) - 3} more" if len(cells) > 3 else ""
        super().__init__(
            f"{table.dialect.encoding} cannot hold some characters typed into {table.name} ({shown}{more}); "
            "save it as UTF-8 or change those cells"
        )


def describe_cell(table: Table, row: int | None, col: int) -> str:
    """``users.csv, row 12, column givenName`` (rows counted from 1 as the grid shows them)."""
    column = table.header[col] if col < len(table.header) else f"#{col + 1}"
    if row is None:
        return f"{table.name}, header, column {column}"
    return f"{table.name}, row {row + 1}, column {column}"


def _quote_field(value: str, delimiter: str) -> str:
    if delimiter in value or any(ch in value for ch in _NEEDS_QUOTES):
        return '"' + value.replace('"', '""') + '"'
    return value


def format_record(fields: Iterable[str], delimiter: str, quote_all: bool = False) -> str:
    """One record's text (without its line ending): RFC 4180 quoting, or every field quoted.

    A record of a single empty field is written ``""``: an empty line would read back as a blank
    line (no field at all), or, at the end of a file without a final newline, as nothing.
    """
    fields = list(fields)
    if quote_all:
        text = delimiter.join('"' + v.replace('"', '""') + '"' for v in fields)
    else:
        text = delimiter.join(_quote_field(v, delimiter) for v in fields)
    return '""' if text == "" and len(fields) == 1 else text


# --- the source's records ------------------------------------------------------------------------
def _source_bytes(table: Table) -> bytes | None:
    src = table.source
    if src is None:
        return None
    if src.data is not None:
        return src.data
    if src.kind == "file" and src.path:
        try:
            st = os.stat(src.path)
        except OSError:
            return None
        if src.size and (st.st_size != src.size or (src.mtime and abs(st.st_mtime - src.mtime) > 1e-6)):
            return None  # changed on disk since loading: we cannot trust its records
        try:
            with open(src.path, "rb") as fh:
                return fh.read()
        except OSError:
            return None
    return None


class SourceRecords:
    """The spans of the source text's records: header is record 0, data record r is r + 1."""

    def __init__(self, table: Table, text: str) -> None:
        self.text = text
        # start offset of every physical line (as the reader counts them), and the text's end
        starts = [0]
        starts.extend(m.end() for m in _BREAK.finditer(text))
        if starts[-1] != len(text):
            starts.append(len(text))
        self._line_starts = starts
        nlines = len(starts) - 1
        rl = table._record_lines
        self._record_lines = rl
        self.count = 1 + (len(rl) if rl is not None else max(0, nlines - 1))

    def start(self, k: int) -> int:
        """Offset where record k starts (k == count: the end of the text)."""
        if k >= self.count:
            return len(self.text)
        line = 1 if k == 0 else (self._record_lines[k - 1] if self._record_lines is not None else k + 1)
        return self._line_starts[min(line - 1, len(self._line_starts) - 1)]

    def span(self, k: int) -> str:
        """Record k's text with its own line ending."""
        return self.text[self.start(k) : self.start(k + 1)]

    def data_records(self, first: int, stop: int) -> str:
        """The text of data records first..stop-1 (0-based), line endings included."""
        return self.text[self.start(first + 1) : self.start(stop + 1)]

    def usual_ending(self, default: str) -> str:
        """The line ending most records end with (values may hold many more bare CRs or LFs)."""
        counts: dict[str, int] = {}
        if self._record_lines is None:  # one record per line: count the line breaks in C
            text = self.text
            crlf = text.count("\r\n")
            counts = {"\r\n": crlf, "\n": text.count("\n") - crlf, "\r": text.count("\r") - crlf}
            return max(counts, key=lambda e: counts[e]) if any(counts.values()) else default
        for k in range(self.count):
            e = self.ending(k)
            if e:
                counts[e] = counts.get(e, 0) + 1
        return max(counts, key=lambda e: counts[e]) if counts else default

    def ending(self, k: int) -> str:
        """The line ending that ends record k ("" for a last record without one)."""
        s = self.text[max(self.start(k), self.start(k + 1) - 2) : self.start(k + 1)]
        m = _FINAL_BREAK.search(s)
        return m.group() if m else ""


def _ends_with_break(s: str) -> bool:
    return s.endswith(("\n", "\r"))


def _header_of(span: str, delimiter: str) -> list[str] | None:
    body = span.rstrip("\r\n")
    try:
        rows = list(csv.reader([body], delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    return rows[0] if rows else [""]


# --- the saved text ------------------------------------------------------------------------------
def _record_fields(table: Table, r: int) -> list[str]:
    fields = table.row(r)
    n = table.field_count(r)
    if n < table.ncols:
        fields = fields[:n]
    return fields + table.extra_fields(r)


def save_text(table: Table) -> str:
    """The table as text in its own dialect, untouched records copied exactly from the source."""
    d = table.dialect
    data = _source_bytes(table)
    src = SourceRecords(table, decode(data, d.encoding)[0]) if data is not None else None
    quote_all = d.quoting == "all"
    le = d.line_ending
    if src is not None and (table.structure_changed or not d.final_newline):
        le = src.usual_ending(le)  # for inserted rows, and a last record that is no longer last
    edited = table.edited_records

    def written(r: int, rec: int) -> str:
        ending = src.ending(rec + 1) if src is not None and 0 <= rec < src.count - 1 else le
        return format_record(_record_fields(table, r), d.delimiter, quote_all) + (ending or le)

    pieces: list[str] = []
    if src is not None and (not table.structure_changed or _header_of(src.span(0), d.delimiter) == table.header):
        header = src.span(0)
    else:
        ending = src.ending(0) if src is not None else le
        header = format_record(table.header, d.delimiter, quote_all) + (ending or le)
    pieces.append(header)
    if src is not None and table._origin is None and table.nrows == src.count - 1:
        # rows as read (the common save): copy the runs between edited records in one slice each
        pos = src.start(1)
        for rec in sorted(e for e in edited if 0 <= e < table.nrows):
            pieces.append(src.text[pos : src.start(rec + 1)])
            pieces.append(written(rec, rec))
            pos = src.start(rec + 2)
        pieces.append(src.text[pos:])
    else:
        run: list[int] = []  # [first, stop) of a run of consecutive untouched source records
        for r in range(table.nrows):
            rec = table.origin(r)
            if src is not None and 0 <= rec < src.count - 1 and rec not in edited:
                if run and rec == run[1]:
                    run[1] += 1
                    continue
                if run:
                    pieces.append(src.data_records(*run))
                run = [rec, rec + 1]
                continue
            if run and src is not None:
                pieces.append(src.data_records(*run))
                run = []
            pieces.append(written(r, rec))
        if run and src is not None:
            pieces.append(src.data_records(*run))
    pieces = [p for p in pieces if p]
    # Only the last record may lack a line ending (a file without a final newline); every other
    # ends as it did, or with the file's usual ending when it was the last before.
    for i in range(len(pieces) - 1):
        if not _ends_with_break(pieces[i]):
            pieces[i] += le
    if pieces:
        last = pieces[-1]
        if d.final_newline and not _ends_with_break(last):
            pieces[-1] = last + le
        elif not d.final_newline:
            pieces[-1] = _strip_ending(last)
    return "".join(pieces)


def _strip_ending(s: str) -> str:
    m = _FINAL_BREAK.search(s)
    return s[: m.start()] if m else s


def unencodable_cells(table: Table, encoding: str | None = None) -> list[tuple[int | None, int]]:
    """The cells (row, col; row None for the header) an encoding cannot hold, among those that
    will be written anew (edited records, inserted rows, a changed header)."""
    enc = encoding or table.dialect.encoding
    try:
        codec = codecs.lookup(enc)
    except LookupError:
        return []
    if codec.name in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig"):
        return []
    cells: list[tuple[int | None, int]] = []

    def fits(value: str) -> bool:
        try:
            value.encode(codec.name)
        except UnicodeEncodeError:
            return False
        return True

    if table.structure_changed:
        cells += [(None, c) for c, h in enumerate(table.header) if not fits(h)]
    edited = table.edited_records
    if table._origin is None:
        rows: Iterable[int] = sorted(e for e in edited if 0 <= e < table.nrows)
    else:
        rows = (r for r in range(table.nrows) if table.origin(r) < 0 or table.origin(r) in edited)
    for r in rows:
        for c, v in enumerate(table.row(r)):
            if not v.isascii() and not fits(v):
                cells.append((r, c))
    return cells


def save_bytes(table: Table, *, encoding: str | None = None, replace_unencodable: bool = False) -> bytes:
    """Bytes for saving the table in place: same encoding, BOM, delimiter, line endings, quoting.

    ``encoding`` writes the whole file in another encoding (``"utf-8"`` when the admin chose it);
    ``replace_unencodable`` writes "?" for what the file's encoding cannot hold. Otherwise such
    characters raise UnencodableError naming the cells.
    """
    d = table.dialect
    if encoding is None and not table.modified:
        data = _source_bytes(table)
        if data is not None:
            return data  # nothing changed: the exact bytes, whatever the codec would make of them
    text = save_text(table)
    target = encoding or d.encoding
    try:
        return encode(text, target, d.bom)
    except UnicodeEncodeError:
        if not replace_unencodable:
            raise UnencodableError(table, unencodable_cells(table, target)) from None
    return encode(text, target, d.bom, errors="replace")
