"""Reading CSV bytes into a Table, exactly: every value stays the text that was written.

Every path gives the same result. The fast paths (core/io/csvsplit.py) split whole chunks in C:
the common file with no quote characters and one kind of line ending, and the file whose every
field is quoted. Anything else (quotes inside values, line breaks inside values, mixed line
endings) goes through Python's csv module record by record, which is slower but exact, and
reports every structural problem with its line number.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator

from core.errors import RosterError
from core.findings import Finding
from core.io.csvsplit import Builder, fit, read_fast, read_quoted_fast, record_pattern
from core.io.encoding import decode
from core.io.guard import HEAD_BYTES, refuse_binary
from core.progress import NO_PROGRESS, Progress
from core.table import Dialect, Source, Table

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

    __slots__ = ("control", "counts", "proven")

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


class TakenBytes:
    """A file's bytes handed to ``read_csv_bytes`` to own: it lets them go as soon as they are
    decoded, so reading a large file does not hold its bytes and its text at once (a caller's own
    reference to an argument lives until the call returns)."""

    __slots__ = ("_data",)

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data

    def take(self) -> bytes:
        data, self._data = self._data, None
        if data is None:
            raise ValueError("these bytes were already read")
        return data


def read_csv_bytes(
    data: bytes | TakenBytes,
    name: str,
    *,
    encoding: str | None = None,
    source: Source | None = None,
    progress: Progress = NO_PROGRESS,
) -> tuple[Table, list[Finding]]:
    """Read one CSV file's bytes; returns the table and the structural findings.

    Raises RosterError for what cannot be read at all (undecodable bytes, an empty file).
    ``data`` given as TakenBytes is released once decoded.
    """
    if isinstance(data, TakenBytes):
        data = data.take()
    refuse_binary(data[:HEAD_BYTES], where=name)
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
        table = read_fast(text, name, dialect, findings, progress)
    elif len(kinds) <= 1 and "\x00" not in text:
        table = read_quoted_fast(text, name, dialect, progress)
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


def _physical_lines(text: str) -> Iterator[str]:
    return iter(io.StringIO(text, newline="").readline, "")


def _read_exact(text: str, name: str, dialect: Dialect, findings: list[Finding], progress: Progress) -> Table:
    d = dialect.delimiter
    lines = _physical_lines(text)
    reader = csv.reader(lines, delimiter=d, quotechar='"', doublequote=True, strict=True)
    pattern = record_pattern(d)

    record_lines: list[int] = []
    rows: list[list[str]] = []
    header: list[str] | None = None
    n = 0
    builder: Builder | None = None
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
                last_line = _count_physical_lines(text)  # CR-only files too: the record runs to the end
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
            builder = Builder(n)
            if last_line > 1:
                findings.append(Finding("error", "csv.newline_in_field", file=name, line=1))
            continue
        if last_line > start_line:
            findings.append(Finding("error", "csv.newline_in_field", file=name, line=start_line))
            inside.update(range(start_line, last_line + 1))
        record_lines.append(start_line)
        rows.append(fit(fields, n, record, name, findings, short, extra, line=start_line))
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


def _count_physical_lines(text: str) -> int:
    """How many lines the csv module is given (a line ends at CRLF, CR or LF)."""
    breaks = len(re.findall(r"\r\n|\r|\n", text))
    return breaks + (0 if text.endswith(("\r", "\n")) else 1)


def _lines_from(text: str, first: int, last: int | None = None) -> Iterator[str]:
    for i, line in enumerate(_physical_lines(text), start=1):
        if i < first:
            continue
        if last is not None and i > last:
            break
        yield line
