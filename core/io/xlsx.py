"""Reading workbook sheets as tables, with every cell as the text the user saw in Excel.

A number formatted ``00000`` keeps its zeros, ``0.00`` its decimals, dates read ``YYYY-MM-DD``,
booleans ``TRUE``/``FALSE``, and whole numbers are written out in full (never ``1.23457E+11``):
that is what an administrator means when an ID sits in a number cell. Every cell that was a
number, date or boolean is remembered in ``table.cell_kinds`` so checks can say so.

Workbooks are zips of XML, so they get the zip bomb limits, and the XML is parsed by defusedxml
(openpyxl uses it when installed; we refuse to open workbooks if it is not).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
import os
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from core.errors import Cancelled, RosterError
from core.findings import Finding
from core.io.csvread import header_findings
from core.io.guard import CELL_MEMORY, check_memory
from core.progress import NO_PROGRESS, Progress
from core.roster import ONEROSTER_FILES
from core.table import Dialect, Source, Table

#: a workbook part that unpacks to more than this is refused (workbook XML is bulky but not that bulky)
MAX_XLSX_UNPACKED = 2 << 30
#: XML compresses well, but deflate cannot do better than about 1030:1; real sheets stay far below
MAX_XLSX_RATIO = 500
_RATIO_MIN_BYTES = 16 << 20

_ONEROSTER_STEMS = {n[:-4] for n in ONEROSTER_FILES}


def read_xlsx(
    data: bytes | str | os.PathLike[str],
    name: str,
    source: Source | None = None,
    progress: Progress = NO_PROGRESS,
) -> list[tuple[Table, list[Finding]]]:
    """Every non-empty sheet of a workbook as a table, with its findings.

    ``name`` is the workbook's file name (``users.xlsx``); it names the tables: a single sheet
    takes the workbook's name (``users.csv``), several sheets take their own (``users`` ->
    ``users.csv``). Raises RosterError when the file is not a readable workbook.
    """
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise RosterError("workbooks cannot be opened safely on this installation (defusedxml is missing)", where=name)
    if not isinstance(data, bytes):
        data = Path(data).read_bytes()
    _check_package(data, name)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it drops; none of that matters for values
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                count = len(wb.worksheets)
                sheets = []
                for k, ws in enumerate(wb.worksheets):
                    if not hasattr(ws, "_get_source"):
                        continue  # a chart sheet: no cells
                    sheets.append((ws.title, _read_sheet(ws, _SheetProgress(progress, k, count, ws), where=name)))
            finally:
                wb.close()
    except (RosterError, Cancelled):
        raise
    except MemoryError:
        raise RosterError("the workbook is too large to open in this computer's memory", where=name) from None
    except Exception as err:
        raise RosterError(_explain(err), where=name) from None

    results: list[tuple[Table, list[Finding]]] = []
    non_empty = [(title, sheet) for title, sheet in sheets if sheet.rows]
    if not non_empty:
        raise RosterError("the workbook has no sheet with any data", where=name)
    stem = os.path.splitext(name)[0]
    for title, (rows, kinds, formulas) in non_empty:
        table_name = _table_name(stem, title, single=len(non_empty) == 1)
        header = rows[0]
        width = len(header)
        columns = [[r[c] for r in rows[1:]] for c in range(width)]
        table = Table(table_name, header, columns, dialect=Dialect(encoding="utf-8"))
        table.cell_kinds = kinds
        if source is not None:
            # kind "xlsx" and no bytes: a sheet is never re-read or saved over as CSV text
            table.source = Source("xlsx", source.path, _member(source, title), source.size, source.mtime)
        findings = [Finding("info", "xlsx.from_workbook", file=table_name, params={"sheet": title, "workbook": name})]
        findings.extend(header_findings(table))
        findings.extend(_formula_findings(table, title, formulas))
        results.append((table, findings))
    for title, (rows, _, _) in sheets:
        if not rows:
            results[0][1].append(Finding("info", "xlsx.sheet_empty", file=name, params={"sheet": title}))
    return results


#: formulas without a saved value named one by one, up to this many per sheet
_FORMULAS_NAMED = 20


def _formula_findings(table: Table, sheet: str, formulas: list[tuple[int, int]]) -> list[Finding]:
    """A formula whose result the workbook does not hold reads as an empty cell: say which."""
    from openpyxl.utils import get_column_letter

    findings: list[Finding] = []
    for r, c in formulas[:_FORMULAS_NAMED]:
        ref = f"{get_column_letter(c + 1)}{r + 1}"
        column = table.header[c] if r > 0 and c < table.ncols else None
        findings.append(
            Finding(
                "warning", "xlsx.formula_without_value", file=table.name,
                row=r - 1 if r > 0 else None, line=r + 1, column=column, col=c if column is not None else None,
                params={"sheet": sheet, "cell": ref},
            )
        )
    if len(formulas) > _FORMULAS_NAMED:
        findings.append(
            Finding("warning", "xlsx.formulas_without_value_more", file=table.name,
                    params={"sheet": sheet, "count": len(formulas) - _FORMULAS_NAMED})
        )
    return findings


def _member(source: Source, title: str) -> str:
    # a workbook inside a zip keeps the zip member too, so the user can find it
    return f"{source.member} › {title}" if source.member else title


def _table_name(stem: str, title: str, *, single: bool) -> str:
    if single:
        if stem in _ONEROSTER_STEMS or title not in _ONEROSTER_STEMS:
            return stem + ".csv"
        return title + ".csv"
    if title.lower().endswith(".csv"):
        return title
    return title + ".csv"


def _explain(err: Exception) -> str:
    kind = err.__class__.__name__
    # openpyxl wraps parser errors ("could not read worksheets"): look at what caused them too
    chain: list[BaseException] = []
    e: BaseException | None = err
    while e is not None and len(chain) < 10:
        chain.append(e)
        e = e.__cause__ or e.__context__
    if any(c.__class__.__module__.startswith("defusedxml") for c in chain):
        return (
            "the workbook contains XML declarations that can be used to attack a computer "
            "(entities or external references); it was not opened"
        )
    if isinstance(err, zipfile.BadZipFile) or kind == "InvalidFileException":
        return "this is not an Excel workbook (.xlsx), or the file is damaged"
    if isinstance(err, KeyError):
        return "this is not a complete Excel workbook: a part of the file is missing"
    return f"the workbook is damaged and cannot be read ({kind})"


def _check_package(data: bytes, name: str) -> None:
    """Refuse a workbook that is not a zip, or whose parts would unpack to a bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise RosterError("this is not an Excel workbook (.xlsx), or the file is damaged", where=name) from None
    except Exception:
        raise RosterError("this is not an Excel workbook (.xlsx), or the file is damaged", where=name) from None
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_UNPACKED:
        raise RosterError("the workbook would unpack to more than a roster can be; it looks like a zip bomb and was not opened", where=name)
    for i in infos:
        if i.file_size > _RATIO_MIN_BYTES and i.file_size > MAX_XLSX_RATIO * max(1, i.compress_size):
            raise RosterError("a part of the workbook compresses far better than any real sheet; it looks like a zip bomb and was not opened", where=name)


class _SheetProgress:
    """Progress through one sheet of several, by rows (the recorded dimension only guides the bar)."""

    def __init__(self, progress: Progress, index: int, count: int, ws: Any) -> None:
        self.progress, self.index, self.count = progress, index, count
        self.title = ws.title
        try:
            self.total = max(1, int(ws.max_row or 1))
        except (TypeError, ValueError):  # pragma: no cover - a sheet without a dimension
            self.total = 1

    def rows(self, done: int) -> None:
        part = min(1.0, done / self.total)
        self.progress.report((self.index + part) / self.count, f"Reading sheet {self.title}")


class Sheet(NamedTuple):
    """One sheet read: its rows as text, the typed cells, and formulas that had no saved value."""

    rows: list[list[str]]
    kinds: dict[tuple[int, int], str]
    formulas: list[tuple[int, int]]


def _parser(ws: Any) -> Any:
    """openpyxl's sheet parser, noting formula cells that carry no saved value (a workbook written
    by a program that does not calculate: Excel shows the result, the file holds none)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["formula"] = True
            return cell

    wb = ws.parent
    return Parser(
        ws._get_source(),
        ws._shared_strings,
        data_only=True,
        epoch=wb.epoch,
        date_formats=wb._date_formats,
        timedelta_formats=wb._timedelta_formats,
    )


def _read_sheet(ws: Any, progress: _SheetProgress | None = None, where: str | None = None) -> Sheet:
    """The sheet's rows as text (trailing empty rows and columns dropped) and the typed cells.

    The sheet's recorded size (``<dimension>``) is not trusted: a stale one would cut rows and
    columns off, a hostile one claim 16,384 columns. Only the cells written in the file are
    visited, and the table is built once their real extent is known (refused, with the figures,
    when that extent would not fit in the memory free).
    """
    from openpyxl.cell.read_only import ReadOnlyCell

    present: dict[int, list[tuple[int, str]]] = {}
    kinds: dict[tuple[int, int], str] = {}
    formulas: list[tuple[int, int]] = []
    height = width = 0
    parser = _parser(ws)
    try:
        for k, (number, cells) in enumerate(parser.parse()):
            if progress is not None and k % 5000 == 0:
                progress.rows(number)
            r = number - 1
            row_cells = present.get(r)
            for cell in cells:
                value = cell["value"]
                c = cell["column"] - 1
                if value is None:
                    if cell.get("formula"):
                        formulas.append((r, c))
                    continue
                fmt = "General" if isinstance(value, str) else ReadOnlyCell(ws, **{key: v for key, v in cell.items() if key != "formula"}).number_format
                text, kind = cell_text(value, fmt or "General")
                if text == "":
                    continue
                if row_cells is None:
                    row_cells = present[r] = []
                row_cells.append((c, text))
                if kind is not None and r > 0:
                    kinds[(r - 1, c)] = kind
                width = max(width, c + 1)
                height = max(height, r + 1)
    finally:
        parser.source.close()
    check_memory(height * width * CELL_MEMORY, where=where, what=f"the sheet {ws.title} ({height:,} rows by {width:,} columns)")
    rows = [[""] * width for _ in range(height)]
    for r, row_cells in present.items():
        row = rows[r]
        for c, text in row_cells:
            row[c] = text
    formulas = [(r, c) for r, c in formulas if r < height and c < width] if rows else formulas
    return Sheet(rows, {k: v for k, v in kinds.items() if k[1] < width and k[0] + 1 < height}, formulas)


# --- showing a value as Excel does ---------------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def cell_text(value: Any, number_format: str = "General") -> tuple[str, str | None]:
    """The text Excel shows for a cell value, and its kind (None for text cells)."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), "bool"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and not _has_time(number_format):
            return value.strftime("%Y-%m-%d"), "date"
        return value.strftime("%Y-%m-%d %H:%M:%S"), "date"
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d"), "date"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S"), "date"
    if isinstance(value, dt.timedelta):
        total = int(value.total_seconds())
        sign = "-" if total < 0 else ""
        total = abs(total)
        return f"{sign}{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}", "date"
    if isinstance(value, (int, float)):
        return format_number(value, number_format), "number"
    return str(value), None


def _has_time(fmt: str) -> bool:
    bare = _QUOTED.sub("", fmt).lower()
    return "h" in bare or "s" in bare


def general(value: int | float) -> str:
    """A number the way a user wants to read it: whole numbers in full, others to 15 digits."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return "#NUM!"
    if value.is_integer():
        return whole(value)
    text = f"{value:.15g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{mantissa}E{int(exp):+03d}"
    return text


def whole(value: float) -> str:
    """An integer-valued float in full digits. Up to 2**53 every digit is the stored value; past it
    the float's last digits are noise, so only the 15 significant digits Excel keeps are written,
    padded with zeros (what Excel shows for such a number formatted as 0)."""
    if abs(value) < 2**53:
        return str(int(value))
    return format(Decimal(f"{value:.15g}"), "f")


def format_number(value: int | float, fmt: str) -> str:
    """Apply the common parts of an Excel number format: zero padding, decimals, thousands, percent,
    scientific, literal text. Anything fancier (fractions, conditions) shows as General."""
    if not fmt or fmt.lower() in ("general", "@"):
        return general(value)
    sections = _split_sections(fmt)
    negative = value < 0
    section = sections[0]
    if negative and len(sections) > 1 and sections[1].strip():
        section = sections[1]
        value = -value
    elif value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    text = _apply_section(value, section)
    return general(value) if text is None else text


def _split_sections(fmt: str) -> list[str]:
    sections, buf, i = [], [], 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == '"':
            j = fmt.find('"', i + 1)
            j = len(fmt) - 1 if j < 0 else j
            buf.append(fmt[i : j + 1])
            i = j + 1
            continue
        if ch == "\\" and i + 1 < len(fmt):
            buf.append(fmt[i : i + 2])
            i += 2
            continue
        if ch == ";":
            sections.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    sections.append("".join(buf))
    return sections


_PLACEHOLDERS = set("0#?")


def _apply_section(value: int | float, section: str) -> str | None:
    # split into literal prefix, the number pattern, literal suffix
    tokens: list[tuple[str, str]] = []  # (kind, text): kind "lit" or "pat"
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            j = section.find('"', i + 1)
            j = len(section) if j < 0 else j
            tokens.append(("lit", section[i + 1 : j]))
            i = j + 1
        elif ch == "\\" and i + 1 < len(section):
            tokens.append(("lit", section[i + 1]))
            i += 2
        elif ch == "[":
            j = section.find("]", i)
            j = len(section) if j < 0 else j
            inner = section[i + 1 : j]
            if inner.startswith("$"):
                symbol = inner[1:].split("-")[0]
                tokens.append(("lit", symbol))
            elif inner[:1] in ("<", ">", "=") or inner.lower().startswith(("h", "m", "s")):
                return None  # conditions and elapsed times: show as General
            i = j + 1
        elif ch in ("_", "*") and i + 1 < len(section):
            if ch == "_":
                tokens.append(("lit", " "))
            i += 2
        elif ch in _PLACEHOLDERS or ch in ".,":
            tokens.append(("pat", ch))
            i += 1
        elif ch in "eE" and i + 1 < len(section) and section[i + 1] in "+-":
            tokens.append(("pat", section[i : i + 2]))
            i += 2
        elif ch == "/" or (ch.isalpha() and ch not in "%"):
            return None  # fractions, or date letters on a number: General
        else:
            tokens.append(("lit", ch))
            i += 1
    pat_idx = [k for k, (kind, _) in enumerate(tokens) if kind == "pat"]
    if not pat_idx:
        return "".join(t for _, t in tokens) or general(value)
    first, last = pat_idx[0], pat_idx[-1]
    pattern = "".join(t for kind, t in tokens[first : last + 1] if kind == "pat")
    prefix = "".join(t for _, t in tokens[:first])
    suffix = "".join(t for _, t in tokens[last + 1 :])
    inner_lits = "".join(t for kind, t in tokens[first : last + 1] if kind == "lit")
    if inner_lits.strip():
        return None
    if "%" in prefix + suffix:
        value = value * 100
    body = _format_pattern(value, pattern)
    if body is None:
        return None
    return prefix + body + suffix


def _format_pattern(value: int | float, pattern: str) -> str | None:
    sci = re.search(r"[eE][+-]", pattern)
    if sci:
        mant, exp = pattern[: sci.start()], pattern[sci.end() :]
        decimals = len(mant.split(".", 1)[1]) if "." in mant else 0
        text = f"{value:.{decimals}E}"
        m, e = text.split("E")
        exp_digits = max(1, exp.count("0"))
        e_int = int(e)
        return f"{m}E{'-' if e_int < 0 else '+'}{abs(e_int):0{exp_digits}d}"
    thousands = False
    int_part, _, frac_part = pattern.partition(".")
    # trailing commas scale by 1000 (rare in rosters): keep it simple and show General
    if int_part.endswith(",") and int_part.strip(","):
        return None
    if "," in int_part:
        thousands = True
    min_int = int_part.count("0")
    decimals = sum(1 for ch in frac_part if ch in _PLACEHOLDERS)
    min_dec = frac_part.count("0")
    negative = value < 0
    mag = abs(value)
    if isinstance(mag, float) and mag.is_integer() and decimals == 0:
        mag = int(mag)
    if isinstance(mag, int) and decimals == 0:
        digits = str(mag) if mag < 2**53 or isinstance(value, int) else whole(float(mag))
        frac = ""
    else:
        text = f"{mag:.{decimals}f}"
        digits, _, frac = text.partition(".")
        # optional decimal places (#) drop their trailing zeros
        while len(frac) > min_dec and frac.endswith("0"):
            frac = frac[:-1]
    if digits == "0" and min_int == 0:
        digits = ""
    digits = digits.rjust(min_int, "0")
    if thousands and digits:
        digits = f"{int(digits):,}".rjust(len(digits), "0") if digits.lstrip("0") else digits
    out = digits + ("." + frac if (frac or ("." in pattern and decimals)) else ("." if pattern.endswith(".") else ""))
    if negative and (out.strip("0.,") != ""):
        out = "-" + out
    return out
