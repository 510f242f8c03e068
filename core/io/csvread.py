"""Reading CSV bytes into a Table, exactly: every value stays the text that was written.

Two paths give the same result. The fast path handles the common file with no quote characters
and one kind of line ending by splitting whole chunks in C. Anything else (quotes, line breaks
inside values, mixed line endings) goes through Python's csv module record by record, which is
slower but exact, and reports every structural problem with its line number.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from itertools import repeat
from typing import Iterator

from core.errors import RosterError
from core.findings import Finding
from core.perf import pause_point
from core.io.encoding import decode
from core.progress import NO_PROGRESS, Progress
from core.table import Dialect, Source, Table

#: characters per fast-path chunk: small enough that a chunk and its cells stay in the CPU cache
#: (measured on a 1,000,000-row file: 4 MB chunks 2.9 s, 64 K chunks 1.2 s)
CHUNK_CHARS = 64 << 10
#: columns whose first chunk is more than this share distinct values are not deduplicated
_DEDUP_RATIO = 0.5
_CANDIDATE_DELIMITERS = (",", "\t", ";", "|")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_CHARS = tuple(chr(c) for c in range(32) if c not in (9, 10, 13))
# a quoted span, or an opened quote running to the end of the line (its value goes on below)
_QUOTED_SPAN = re.compile(r'"(?:[^"]|"")*(?:"|$)')
# A value may be any length (an unclosed quote makes the rest of the file one value); the csv
# module's default 128 KB field limit would turn such files into crashes.
csv.field_size_limit(2**31 - 1)


def sniff_delimiter(header_line: str) -> str:
    """Comma, unless the header line is clearly separated by tab, semicolon or pipe."""
    header_line = _QUOTED_SPAN.sub("", header_line)  # separators inside quoted names do not count
    counts = {d: header_line.count(d) for d in _CANDIDATE_DELIMITERS}
    if counts[","] > 0:
        best = max(_CANDIDATE_DELIMITERS[1:], key=lambda d: counts[d])
        # "clearly": the other separator splits the header into many more fields than commas do
        if counts[best] >= 2 and counts[best] > 3 * counts[","]:
            return best
        return ","
    best = max(_CANDIDATE_DELIMITERS[1:], key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


#: every byte that is not a control character: deleting them leaves a file's few control bytes
_NOT_CONTROL_BYTES = bytes(range(32, 256))


class _Scan:
    """What one pass over the file's bytes tells: line endings and other control characters."""

    __slots__ = ("counts", "proven", "control")

    def __init__(self, all_cr: int, all_lf: int, crlf: int, *, proven: bool = True, control: bool = False) -> None:
        self.counts = {"\r\n": crlf, "\n": all_lf - crlf, "\r": all_cr - crlf}
        self.proven = proven
        self.control = control

    @property
    def dominant(self) -> str:
        counts = self.counts
        return max(counts, key=lambda k: counts[k]) if any(counts.values()) else "\r\n"


def _scan(data: bytes, text: str, encoding: str) -> _Scan:
    """The line endings and whether any other control character (not tab, CR or LF) is written.

    In UTF-8 and the single-byte code pages a control character is one byte below 0x20 (no
    multi-byte sequence holds such a byte), so the bytes are scanned once in C; for other
    encodings the text is searched.

    When the file's CRs and LFs alternate one for one (nearly every Windows file), all of them are
    taken as CRLF pairs without another pass; that is not yet proven (a lone CR and a lone LF
    elsewhere look the same here), and the reader proves it by the line breaks it splits at.
    """
    codec = codecs.lookup(encoding).name
    if codec == "utf-8" or codec.startswith(("cp125", "iso8859")):
        controls = data.translate(None, _NOT_CONTROL_BYTES)
        all_cr = controls.count(b"\r")
        all_lf = controls.count(b"\n")
        tabs = controls.count(b"\t")
        control = len(controls) - all_cr - all_lf - tabs > 0
        if not (all_cr and all_lf):
            return _Scan(all_cr, all_lf, 0, control=control)
        if all_cr == all_lf and (controls if not tabs else controls.replace(b"\t", b"")) == b"\r\n" * all_cr:
            return _Scan(all_cr, all_lf, all_cr, proven=False, control=control)
        return _Scan(all_cr, all_lf, data.count(b"\r\n"), control=control)
    return _count_line_endings(text, control=any(ch in text for ch in _CONTROL_CHARS))


def _count_line_endings(text: str, *, control: bool) -> _Scan:
    all_cr = text.count("\r")
    all_lf = text.count("\n")
    return _Scan(all_cr, all_lf, text.count("\r\n") if all_cr and all_lf else 0, control=control)


class _Builder:
    """Collects rows into columns, sharing repeated strings within low-cardinality columns."""

    def __init__(self, ncols: int) -> None:
        self.ncols = ncols
        self.columns: list[list[str]] = [[] for _ in range(ncols)]
        self.dedup: list[dict[str, str] | None] = [{} for _ in range(ncols)]
        self._checked = False

    def add_columns(self, chunk_columns: list[list[str]]) -> None:
        for j, values in enumerate(chunk_columns):
            d = self.dedup[j]
            if d is None:
                self.columns[j].extend(values)
            elif values and values.count(values[0]) == len(values):
                # one value all the way down (status, role, an empty column): share one string
                first = values[0]
                self.columns[j].extend([d.setdefault(first, first)] * len(values))
            else:
                self.columns[j].extend(map(d.setdefault, values, values))
        if not self._checked and self.columns and len(self.columns[0]) >= 1000:
            n = len(self.columns[0])
            for j, d in enumerate(self.dedup):
                if d is not None and len(d) > n * _DEDUP_RATIO:
                    self.dedup[j] = None
            self._checked = True

    def distinct(self) -> dict[int, set[str]]:
        """The distinct values of each column shared all the way (the keys of its sharing dict)."""
        return {j: set(d) for j, d in enumerate(self.dedup) if d is not None}

    def add_rows(self, rows: list[list[str]]) -> None:
        if rows:
            self.add_columns([list(col) for col in zip(*rows)])


def read_csv_bytes(
    data: bytes,
    name: str,
    *,
    encoding: str | None = None,
    source: Source | None = None,
    progress: Progress = NO_PROGRESS,
) -> tuple[Table, list[Finding]]:
    """Read one CSV file's bytes; returns the table and the structural findings.

    Raises RosterError for what cannot be read at all (undecodable bytes, an empty file).
    """
    text, used_encoding, bom = decode(data, encoding, where=name)
    scan = _scan(data, text, used_encoding)
    del data
    if not text:
        raise RosterError("the file is empty: it has no header row, not even the column names", where=name)
    table, findings, split_at_breaks = _read_text(text, name, used_encoding, bom, scan, progress)
    if not scan.proven:
        # A fast path split the text at every CRLF it holds, one record per line: if it found as
        # many as the scan assumed, every CR and LF is in one. Otherwise count them and read again.
        le = table.dialect.line_ending
        if not (split_at_breaks and table.nrows + text.endswith(le) == scan.counts[le]):
            exact = _count_line_endings(text, control=scan.control)
            if exact.counts != scan.counts:
                table, findings, _ = _read_text(text, name, used_encoding, bom, exact, progress)
    table.source = source
    findings.extend(header_findings(table))
    return table, findings


def _read_text(
    text: str, name: str, used_encoding: str, bom: bool, scan: _Scan, progress: Progress
) -> tuple[Table, list[Finding], bool]:
    """The table and its findings, and whether a fast path read it (one record per line)."""
    findings: list[Finding] = []

    def finding(sev: str, code: str, line: int | None, **params: object) -> None:
        findings.append(Finding(sev, code, file=name, line=line, params=dict(params)))  # type: ignore[arg-type]

    le_counts = scan.counts
    kinds = [k for k, v in le_counts.items() if v]
    if len(kinds) > 1:
        detail = ", ".join(f"{le_counts[k]} {Dialect(line_ending=k).line_ending_name}" for k in kinds)
        finding("info", "csv.mixed_line_endings", None, detail=detail)
    final_newline = text.endswith(("\r\n", "\n", "\r"))

    first_break = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=len(text))
    delimiter = sniff_delimiter(text[:first_break])
    dialect = Dialect(
        encoding=used_encoding, bom=bom, delimiter=delimiter, line_ending=scan.dominant, final_newline=final_newline
    )
    if used_encoding != "utf-8":
        finding("warning", "csv.not_utf8", None, encoding=used_encoding)
    if bom:
        finding("info", "csv.bom", None)
    if delimiter != ",":
        finding("warning", "csv.delimiter", None, delimiter_name=dialect.delimiter_name)
    if scan.control:
        for lineno, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
            if "\x00" in line:
                finding("error", "csv.nul_byte", lineno)
            elif _CONTROL.search(line):
                finding("warning", "csv.control_char", lineno)

    simple = '"' not in text and len(kinds) <= 1 and "\x00" not in text
    table: Table | None = None
    if simple:
        table = _read_fast(text, name, dialect, findings, progress)
    elif len(kinds) <= 1 and "\x00" not in text:
        table = _read_quoted_fast(text, name, dialect, progress)
    if table is not None:
        return table, findings, True
    return _read_exact(text, name, dialect, findings, progress), findings, False


def header_findings(table: Table) -> list[Finding]:
    """Blank and repeated header names (for any reader: CSV or a workbook sheet)."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for i, h in enumerate(table.header):
        if not h.strip():
            findings.append(Finding("error", "csv.blank_header", file=table.name, line=1, col=i, params={"position": i + 1}))
        elif h in seen:
            findings.append(Finding("error", "csv.duplicate_header", file=table.name, line=1, column=h, col=i))
        seen.add(h)
    return findings


def _read_fast(text: str, name: str, dialect: Dialect, findings: list[Finding], progress: Progress) -> Table:
    le = dialect.line_ending
    d = dialect.delimiter
    end = text.find(le)
    header = (text if end < 0 else text[:end]).split(d)
    n = len(header)
    builder = _Builder(n)
    short: dict[int, int] = {}
    extra: dict[int, list[str]] = {}
    # The body is read in place (no copy of a large text): records lie between pos and total.
    pos = end + len(le)
    total = len(text) - (len(le) if dialect.final_newline else 0)
    record = 0
    while end >= 0 and pos <= total and len(text) > end + len(le):
        stop = text.find(le, min(pos + CHUNK_CHARS, total), total)
        if stop < 0:
            stop = total
        chunk = text[pos:stop]
        cells, nlines = _split_regular(chunk, le, d, n)
        if n == 1 and cells is not None and "" in cells[0]:
            cells = None  # an empty line in a one-column file is a blank line, as the exact path says
        if cells is not None:
            del chunk
            builder.add_columns(cells)
            del cells
        else:
            lines = chunk.split(le)
            rows = []
            for k, line in enumerate(lines):
                rows.append(_fit(line.split(d) if line else [], n, record + k, name, findings, short, extra))
            builder.add_rows(rows)
        record += nlines
        pos = stop + len(le)
        progress.report(min(pos, total) / max(total, 1), f"Reading {name}")
        pause_point()
        if stop >= total:
            break
    return Table(
        name, header, builder.columns, dialect=dialect, short_records=short, extra_fields=extra, distinct=builder.distinct()
    )


_MARK = "\x00"  # never in a fast-path text: any NUL sends the file down the exact path


def _read_quoted_fast(text: str, name: str, dialect: Dialect, progress: Progress) -> Table | None:
    """Files whose every data field is quoted, with no quote or line break inside a value (many SIS
    exports quote everything): split in chunks like the fast path. None as soon as any chunk is
    not like that; the caller then takes the exact path, which reports what is irregular."""
    le, d = dialect.line_ending, dialect.delimiter
    end = text.find(le)
    if end < 0:
        return None
    header_line = text[:end]
    if _record_pattern(d).fullmatch(header_line) is None:
        return None
    header = next(csv.reader([header_line], delimiter=d))
    n = len(header)
    builder = _Builder(n)
    pos = end + len(le)
    total = len(text) - (len(le) if dialect.final_newline else 0)
    while pos <= total and len(text) > end + len(le):
        stop = text.find(le, min(pos + CHUNK_CHARS, total), total)
        if stop < 0:
            stop = total
        chunk = text[pos:stop]
        cells = _split_quoted(chunk, le, d, n)
        if cells is None:
            return None
        del chunk
        builder.add_columns(cells)
        del cells
        pos = stop + len(le)
        progress.report(min(pos, total) / max(total, 1), f"Reading {name}")
        pause_point()
        if stop >= total:
            break
    # as the exact path decides it: every field seen quoted (an unquoted header is not counted)
    quoted = len(re.findall(rf'(?:^|{re.escape(d)})"', header_line))
    dialect.quoting = "all" if quoted == 0 or quoted >= n else "mixed"
    return Table(name, header, builder.columns, dialect=dialect, distinct=builder.distinct())


def _split_quoted(chunk: str, le: str, d: str, n: int) -> list[list[str]] | None:
    """Split whole lines each written '"v1","v2",...' (no quote inside a value) into n columns.

    With 2n quotes per line the quote count gives the number of lines L. Every line break must
    then sit between two quotes ('"' le '"', replaced by the line mark and a separator: the text
    grows by one character for each) and no other line break be left; the split on '","' must give
    n cells per line with the mark closing every n-th. Those n - 1 separators per line hold all the
    quotes that are not at a line's ends, so no value has a quote or a line break in it.
    """
    if not n or not (chunk.startswith('"') and chunk.endswith('"')):
        return None
    lines, rest = divmod(chunk.count('"'), 2 * n)
    if rest or not lines:
        return None
    sep = '"' + d + '"'
    mark = _MARK * len(le)
    body = chunk[1:-1] + mark
    marked = body.replace('"' + le + '"', mark + sep)
    if len(marked) - len(body) != lines - 1 or le in marked:
        return None
    cells = marked.split(sep)
    del marked
    if len(cells) != n * lines:
        return None
    return _columns_from_marked(cells, n, mark)


def _split_regular(chunk: str, le: str, d: str, n: int) -> tuple[list[list[str]] | None, int]:
    """Split a chunk of whole lines into n columns (None if any line has another field count),
    and count its lines.

    Each line's end is marked before one flat split, so the row boundaries can be verified
    without splitting the chunk into lines first: the chunk is regular exactly when it splits into
    n * nlines cells and every n-th cell carries the mark. The mark is as long as the line break,
    so each break lengthens the text by one character (the separator after it): the growth
    counts the lines without another pass over the chunk.
    """
    mark = _MARK * len(le)
    marked = (chunk + mark).replace(le, mark + d)
    nlines = len(marked) - len(chunk) - len(mark) + 1
    cells = marked.split(d)
    del marked
    if len(cells) != n * nlines:
        return None, nlines
    return _columns_from_marked(cells, n, mark), nlines


def _columns_from_marked(cells: list[str], n: int, mark: str = _MARK) -> list[list[str]] | None:
    """Columns from a flat cell list whose every n-th cell ends with the line mark, else None."""
    last = cells[n - 1 :: n]
    k = len(mark)
    distinct = set(last)
    if len(distinct) * 2 < len(last):
        # few distinct values (an end date, a flag): check and strip each distinct value once
        if not all(v.endswith(mark) for v in distinct):
            return None
        stripped = {v: v[:-k] for v in distinct}
        last = list(map(stripped.__getitem__, last))
    else:
        if not all(map(str.endswith, last, repeat(mark))):
            return None
        last = [c[:-k] for c in last]
    columns = [cells[j::n] for j in range(n - 1)]
    columns.append(last)
    return columns


def _fit(
    fields: list[str],
    n: int,
    record: int,
    name: str,
    findings: list[Finding],
    short: dict[int, int],
    extra: dict[int, list[str]],
    line: int | None = None,
) -> list[str]:
    """Make a record exactly ``n`` wide for the column store, remembering what it really had."""
    line = record + 2 if line is None else line
    if len(fields) == n:
        return fields
    if not fields or (len(fields) == 1 and fields[0] == "" and n > 1):
        findings.append(Finding("warning", "csv.blank_line", file=name, line=line))
        short[record] = 0
        return [""] * n
    if len(fields) < n:
        findings.append(
            Finding("error", "csv.ragged_short", file=name, line=line, params={"count": len(fields), "expected": n})
        )
        short[record] = len(fields)
        return fields + [""] * (n - len(fields))
    findings.append(Finding("error", "csv.ragged_long", file=name, line=line, params={"count": len(fields), "expected": n}))
    extra[record] = fields[n:]
    return fields[:n]


_QUOTED_RECORD_CACHE: dict[str, re.Pattern[str]] = {}


def _record_pattern(d: str) -> re.Pattern[str]:
    """A regex that matches one well-formed single-line record (RFC 4180 quoting)."""
    pat = _QUOTED_RECORD_CACHE.get(d)
    if pat is None:
        e = re.escape(d)
        field = rf'(?:"(?:[^"]|"")*"|[^"{e}\r\n]*)'
        pat = re.compile(rf"{field}(?:{e}{field})*")
        _QUOTED_RECORD_CACHE[d] = pat
    return pat


def _physical_lines(text: str) -> Iterator[str]:
    return iter(io.StringIO(text, newline="").readline, "")


def _read_exact(text: str, name: str, dialect: Dialect, findings: list[Finding], progress: Progress) -> Table:
    d = dialect.delimiter
    lines = _physical_lines(text)
    reader = csv.reader(lines, delimiter=d, quotechar='"', doublequote=True, strict=True)
    pattern = _record_pattern(d)

    record_lines: list[int] = []
    rows: list[list[str]] = []
    header: list[str] | None = None
    n = 0
    builder: _Builder | None = None
    short: dict[int, int] = {}
    extra: dict[int, list[str]] = {}
    multi_line = False
    inside: set[int] = set()  # lines that belong to a record spanning several lines
    quoted_fields = 0
    total_fields = 0
    total = len(text)
    consumed = 0
    last_line = 0
    record = -1
    while True:
        start_line = last_line + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            bad_start = start_line
            msg = str(err)
            if "unexpected end of data" in msg or "EOF" in msg:
                findings.append(Finding("error", "csv.unclosed_quote", file=name, line=bad_start))
                # Read the rest leniently so no text is lost from view.
                rest = "".join(_lines_from(text, bad_start))
                fields = next(csv.reader([rest], delimiter=d, strict=False), [""])
                fields = [f for f in fields]
                reader = iter(())  # type: ignore[assignment]
                last_line = text.count("\n") + 1
            else:
                findings.append(Finding("error", "csv.stray_quote", file=name, line=bad_start))
                last_line = reader.line_num
                raw = "".join(_lines_from(text, bad_start, last_line))
                # show what is written, quotes and all, rather than guess what was meant
                fields = raw.rstrip("\r\n").split(d)
        else:
            last_line = reader.line_num
        if last_line - start_line > 0 and header is not None:
            multi_line = True
        record += 0 if header is None else 1
        if header is None:
            header = fields if fields else [""]
            n = len(header)
            builder = _Builder(n)
            if last_line > 1:
                findings.append(Finding("error", "csv.newline_in_field", file=name, line=1))
            continue
        if last_line > start_line:
            findings.append(Finding("error", "csv.newline_in_field", file=name, line=start_line))
            inside.update(range(start_line, last_line + 1))
        record_lines.append(start_line)
        rows.append(_fit(fields, n, record, name, findings, short, extra, line=start_line))
        if len(rows) >= 20000:
            assert builder is not None
            builder.add_rows(rows)
            rows = []
            consumed += 1
            progress.report(min(1.0, last_line / max(1, total / 60)), f"Reading {name}")
    if header is None:
        raise RosterError("the file is empty: it has no header row", where=name)
    assert builder is not None
    builder.add_rows(rows)

    # Stray quotes inside unquoted fields pass the csv module silently; find them by shape, and
    # work out which fields were quoted, looking only at lines that hold a quote character.
    for lineno, line in enumerate(_physical_lines(text), start=1):
        if '"' not in line:
            continue
        body = line.rstrip("\r\n")
        if lineno not in inside and pattern.fullmatch(body) is None:
            if not any(f.line == lineno and "quote" in f.code for f in findings):
                findings.append(Finding("error", "csv.stray_quote", file=name, line=lineno))
        if lineno <= 1001:
            parts = list(csv.reader([body], delimiter=d))
            if parts:
                total_fields += len(parts[0])
                quoted_fields += sum(1 for _ in re.finditer(rf'(?:^|{re.escape(d)})"', body))
    if quoted_fields == 0:
        dialect.quoting = "none"
    elif quoted_fields >= total_fields and total_fields:
        dialect.quoting = "all"
    else:
        dialect.quoting = "mixed"
    findings.sort(key=lambda f: (f.line or 0))
    identity = not multi_line and all(line == i + 2 for i, line in enumerate(record_lines))
    return Table(
        name,
        header,
        builder.columns,
        dialect=dialect,
        record_lines=None if identity else record_lines,
        short_records=short,
        extra_fields=extra,
        distinct=builder.distinct(),
    )


def _lines_from(text: str, first: int, last: int | None = None) -> Iterator[str]:
    for i, line in enumerate(_physical_lines(text), start=1):
        if i < first:
            continue
        if last is not None and i > last:
            break
        yield line
