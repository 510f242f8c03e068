"""The fast ways of reading CSV text into columns: whole chunks split in C.

``read_fast`` takes the common file with no quote characters and one kind of line ending;
``read_quoted_fast`` a file whose every field is quoted with no quote or line break inside. Each
proves from counts that its split is exact, and ``core.io.csvread`` falls back to the csv module
(record by record) for anything else. ``Builder`` collects columns, sharing repeated strings.
"""

from __future__ import annotations

import csv
import re
from itertools import repeat

from core.findings import Finding
from core.pacing import pause_point
from core.progress import Progress
from core.table import Dialect, Table

#: characters per fast-path chunk: small enough that a chunk and its cells stay in the CPU cache
#: (measured on a 1,000,000-row file: 4 MB chunks 2.9 s, 64 K chunks 1.2 s)
CHUNK_CHARS = 64 << 10
#: columns whose first chunk is more than this share distinct values are not deduplicated
_DEDUP_RATIO = 0.5


class Builder:
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


def read_fast(text: str, name: str, dialect: Dialect, findings: list[Finding], progress: Progress) -> Table:
    le = dialect.line_ending
    d = dialect.delimiter
    end = text.find(le)
    header = (text if end < 0 else text[:end]).split(d)
    n = len(header)
    builder = Builder(n)
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
                rows.append(fit(line.split(d) if line else [], n, record + k, name, findings, short, extra))
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


MARK = "\x00"  # never in a fast-path text: any NUL sends the file down the exact path


def read_quoted_fast(text: str, name: str, dialect: Dialect, progress: Progress) -> Table | None:
    """Files whose every data field is quoted, with no quote or line break inside a value (many SIS
    exports quote everything): split in chunks like the fast path. None as soon as any chunk is
    not like that; the caller then takes the exact path, which reports what is irregular."""
    le, d = dialect.line_ending, dialect.delimiter
    end = text.find(le)
    if end < 0:
        return None
    header_line = text[:end]
    if record_pattern(d).fullmatch(header_line) is None:
        return None
    header = next(csv.reader([header_line], delimiter=d))
    n = len(header)
    builder = Builder(n)
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
    mark = MARK * len(le)
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
    mark = MARK * len(le)
    marked = (chunk + mark).replace(le, mark + d)
    nlines = len(marked) - len(chunk) - len(mark) + 1
    cells = marked.split(d)
    del marked
    if len(cells) != n * nlines:
        return None, nlines
    return _columns_from_marked(cells, n, mark), nlines


def _columns_from_marked(cells: list[str], n: int, mark: str = MARK) -> list[list[str]] | None:
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


def fit(
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


def record_pattern(d: str) -> re.Pattern[str]:
    """A regex that matches one well-formed single-line record (RFC 4180 quoting)."""
    pat = _QUOTED_RECORD_CACHE.get(d)
    if pat is None:
        e = re.escape(d)
        field = rf'(?:"(?:[^"]|"")*"|[^"{e}\r\n]*)'
        pat = re.compile(rf"{field}(?:{e}{field})*")
        _QUOTED_RECORD_CACHE[d] = pat
    return pat
