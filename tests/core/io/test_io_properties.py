"""Properties: any table survives export and re-reading exactly; random bytes only ever give RosterError."""

from __future__ import annotations

import io
import os
import zipfile
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import RosterError
from core.io import csvread, csvsplit
from core.io.archive import read_zip
from core.io.csvread import read_csv_bytes
from core.io.csvwrite import export_csv_bytes
from core.io.xlsx import read_xlsx
from core.table import Table

#: ROSTERPREP_HYPOTHESIS_SCALE=20 runs twenty times the examples (a longer hunt outside CI)
_SCALE = int(os.environ.get("ROSTERPREP_HYPOTHESIS_SCALE", "1"))

# Text that stresses CSV: quotes, separators, line breaks, spaces, non-ASCII; never NUL.
_SPECIAL = st.sampled_from(['"', ",", "\r", "\n", "\r\n", " ", "\t", ";", "|", "é", "李", "\ufeff", "😀", "''"])
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_TEXT = st.lists(st.one_of(_SPECIAL, st.text(_CHARS, max_size=3)), max_size=5).map("".join)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    ncols = draw(st.integers(1, 4))
    nrows = draw(st.integers(0, 5))
    header = draw(st.lists(_TEXT, min_size=ncols, max_size=ncols))
    rows = draw(st.lists(st.lists(_TEXT, min_size=ncols, max_size=ncols), min_size=nrows, max_size=nrows))
    return Table.from_rows("users.csv", header, rows)


@settings(max_examples=300 * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.booleans())
def test_any_table_survives_export_and_reading_again(table: Table, bom: bool) -> None:
    data = export_csv_bytes(table, bom=bom)
    again, _findings = read_csv_bytes(data, "users.csv")
    assert again.header == table.header
    assert again.nrows == table.nrows
    assert [again.row(r) for r in range(again.nrows)] == [table.row(r) for r in range(table.nrows)]
    assert again.dialect.delimiter == ","


@settings(max_examples=200 * _SCALE, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_as_csv_give_only_roster_errors(data: bytes) -> None:
    try:
        read_csv_bytes(data, "users.csv")
    except RosterError:
        pass


@settings(max_examples=100 * _SCALE, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_as_zip_or_workbook_give_only_roster_errors(data: bytes) -> None:
    for reader in (lambda d: read_zip(d, name="Roster.zip"), lambda d: read_xlsx(d, "users.xlsx")):
        try:
            reader(data)
        except RosterError:
            pass


def _zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


_WORKBOOK = None


def _workbook() -> bytes:
    global _WORKBOOK
    if _WORKBOOK is None:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(["sourcedId", "identifier"])
        wb.active.append(["u1", 123])
        buf = io.BytesIO()
        wb.save(buf)
        _WORKBOOK = buf.getvalue()
    return _WORKBOOK


@settings(max_examples=150 * _SCALE, deadline=None)
@given(st.data())
def test_damaged_real_zips_and_workbooks_give_only_roster_errors(data: st.DataObject) -> None:
    """Random bytes rarely look like a zip; flipping bytes of real ones reaches deeper code."""
    base = data.draw(st.sampled_from(["zip", "xlsx"]))
    raw = bytearray(_zip_of({"users.csv": b"a,b\r\n1,2\r\n" * 20, "x/orgs.csv": b"sourcedId\r\n"}) if base == "zip" else _workbook())
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    blob = bytes(raw[:cut])
    try:
        if base == "zip":
            members, _ = read_zip(blob, name="Roster.zip")
            for m in members:
                read_csv_bytes(m.data, m.name)
        else:
            read_xlsx(blob, "users.xlsx")
    except RosterError:
        pass


@settings(max_examples=60 * _SCALE, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["Roster.zip", "users.xlsx", "users.csv", "users.txt"]))
def test_random_files_through_load_roster_give_only_roster_errors(data: bytes, name: str) -> None:
    import tempfile
    from pathlib import Path

    from core.io.load import load_roster

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / name
        p.write_bytes(data)
        try:
            load_roster([str(p)])
        except RosterError:
            pass


# Files written with a few characters that matter to the readers' choice of path.
_CSV_TEXT = st.lists(st.sampled_from(["a", "b", ",", "\r", "\n", "\r\n", '"', "\x01", "é"]), max_size=40).map("".join)


def _exact_only(data: bytes, name: str) -> tuple[Table, list]:
    """The same file read by the csv-module path alone, with line endings counted the slow way."""
    with patch.object(csvread, "read_fast", lambda *a: None), patch.object(
        csvread, "read_quoted_fast", lambda *a: None
    ), patch.object(csvread, "_scan", lambda data, text, enc: csvread._count_line_endings(
        text, control=any(ch in text for ch in csvread._CONTROL_CHARS)
    )):
        return read_csv_bytes(data, name)


def _shape(table: Table, findings: list) -> tuple:
    d = table.dialect
    return (
        table.header,
        [table.row(i) for i in range(table.nrows)],
        (d.line_ending, d.final_newline, d.delimiter),
        sorted((f.code, f.line) for f in findings),
    )


@settings(max_examples=400 * _SCALE, deadline=None)
@given(_CSV_TEXT, st.sampled_from([4, 16, 1 << 16]))
def test_fast_paths_read_what_the_exact_path_reads(text: str, chunk: int) -> None:
    data = text.encode("utf-8")
    try:
        expected = _shape(*_exact_only(data, "users.csv"))
    except RosterError:
        return
    with patch.object(csvsplit, "CHUNK_CHARS", chunk):
        assert _shape(*read_csv_bytes(data, "users.csv")) == expected


@settings(max_examples=200 * _SCALE, deadline=None)
@given(_CSV_TEXT, st.sampled_from([4, 16, 1 << 16]))
def test_the_distinct_values_a_reader_hands_over_are_the_columns(text: str, chunk: int) -> None:
    try:
        with patch.object(csvsplit, "CHUNK_CHARS", chunk):
            table, _ = read_csv_bytes(text.encode("utf-8"), "users.csv")
    except RosterError:
        return
    for c in range(table.ncols):
        assert table.distinct(c) == set(table.columns[c])
