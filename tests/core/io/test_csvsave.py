"""Saving in place changes only the edited records: every other byte, line endings included, stays."""

from __future__ import annotations

import codecs
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import RosterError
from core.io.csvread import read_csv_bytes
from core.io.csvsave import UnencodableError, describe_cell, format_record, save_bytes, unencodable_cells
from core.table import Source

_SCALE = int(os.environ.get("ROSTERPREP_HYPOTHESIS_SCALE", "1"))


def load(data: bytes):
    table, _ = read_csv_bytes(data, "x.csv", source=Source("memory", data=data))
    return table


def saved(data: bytes, *edits: tuple[int, int, str], **kw: object) -> bytes:
    table = load(data)
    for r, c, v in edits:
        table.set_cell(r, c, v)
    return save_bytes(table, **kw)  # type: ignore[arg-type]


# --- the reported cases ---------------------------------------------------------------------------
def test_cr_only_file_with_an_unclosed_quote_keeps_every_line() -> None:
    data = b'id,value\ra,1\rb,"2\rc,3\rd,4\r'
    assert saved(data, (0, 1, "X")) == b'id,value\ra,X\rb,"2\rc,3\rd,4\r'


def test_lf_file_with_an_unclosed_quote_keeps_every_line() -> None:
    data = b'id,value\na,1\nb,"2\nc,3\n'
    assert saved(data, (0, 1, "X")) == b'id,value\na,X\nb,"2\nc,3\n'


def test_mixed_line_endings_stay_as_they_were_around_an_edit() -> None:
    data = b"id,value\r\na,1\nb,2\rc,3\r\nd,4\n"
    assert saved(data, (2, 1, "X")) == b"id,value\r\na,1\nb,2\rc,X\r\nd,4\n"
    # the edited record keeps its own line ending, not the file's most common one
    assert saved(data, (1, 1, "X")) == b"id,value\r\na,1\nb,X\rc,3\r\nd,4\n"


def test_crlf_file_whose_values_hold_many_bare_crs_stays_crlf() -> None:
    data = b'id,note\r\na,"x\ry\rz\rw\rv"\r\nb,2\r\n'
    table = load(data)
    assert table.dialect.line_ending == "\r"  # more bare CRs than CRLFs: the count alone misleads
    table.set_cell(1, 1, "X")
    table.insert_rows(2, [["c", "3"]])
    assert save_bytes(table) == b'id,note\r\na,"x\ry\rz\rw\rv"\r\nb,X\r\nc,3\r\n'


def test_a_clean_file_still_saves_only_the_edit() -> None:
    data = b"id,name\r\n1,Ann\r\n2,Bob\r\n"
    assert saved(data, (1, 1, "Rob")) == b"id,name\r\n1,Ann\r\n2,Rob\r\n"


def test_one_column_file_without_final_newline_keeps_an_emptied_last_row() -> None:
    data = b"id\n1\n2"
    out = saved(data, (1, 0, ""))
    assert out == b'id\n1\n""'
    again = load(out)
    assert again.nrows == 2 and again.row(1) == [""] and not again.short_records


def test_one_column_row_set_to_empty_in_the_middle_stays_a_row_with_a_value() -> None:
    out = saved(b"id\n1\n2\n", (0, 0, ""))
    assert out == b'id\n""\n2\n'
    assert not load(out).short_records


def test_last_record_without_newline_moved_up_gets_the_files_ending() -> None:
    table = load(b"id\r\n1\r\n2")
    table.reorder([1, 0])
    assert save_bytes(table) == b"id\r\n2\r\n1"


def test_inserted_row_gets_the_usual_ending_and_the_header_stays() -> None:
    table = load(b'"id","name"\na,1\rb,2\n')
    table.insert_rows(1, [["c", "3"]])
    assert save_bytes(table) == b'"id","name"\na,1\r"c","3"\nb,2\n'


def test_unchanged_file_is_written_back_as_its_exact_bytes() -> None:
    data = "id,name\r\n1,Zoë\n".encode("cp1252")
    assert save_bytes(load(data)) == data


# --- characters the encoding cannot hold ----------------------------------------------------------
def test_cp1252_file_given_a_vietnamese_name_names_the_cell_instead_of_crashing() -> None:
    data = "sourcedId,givenName\r\nu1,José\r\nu2,Ann\r\n".encode("cp1252")
    table = load(data)
    table.set_cell(1, 1, "Nguyễn")
    assert unencodable_cells(table) == [(1, 1)]
    assert describe_cell(table, 1, 1) == "x.csv, row 2, column givenName"
    with pytest.raises(UnencodableError) as err:
        save_bytes(table)
    assert isinstance(err.value, RosterError)
    assert err.value.cells == [(1, 1)]
    assert "x.csv, row 2, column givenName" in str(err.value)


def test_saving_as_utf8_writes_every_record_in_utf8() -> None:
    data = "sourcedId,givenName\r\nu1,José\r\nu2,Ann\r\n".encode("cp1252")
    table = load(data)
    table.set_cell(1, 1, "Nguyễn")
    assert save_bytes(table, encoding="utf-8") == "sourcedId,givenName\r\nu1,José\r\nu2,Nguyễn\r\n".encode()


def test_keeping_the_encoding_writes_a_question_mark_for_what_it_cannot_hold() -> None:
    data = "sourcedId,givenName\r\nu1,José\r\nu2,Ann\r\n".encode("cp1252")
    out = saved(data, (1, 1, "Nguyễn"), replace_unencodable=True)
    assert out == "sourcedId,givenName\r\nu1,José\r\nu2,Nguy?n\r\n".encode("cp1252")


def test_characters_the_encoding_holds_are_not_named() -> None:
    table = load("a,b\r\n1,2\r\n".encode("cp1252"))
    table.set_cell(0, 1, "Zoë")
    assert unencodable_cells(table) == []
    table = load("a,b\r\n1,2\r\n".encode("utf-16"))
    table.set_cell(0, 1, "Nguyễn")
    assert unencodable_cells(table) == []


# --- the property: random files, random edits, only the edited records change ---------------------
# real-looking values (a Windows-1252 file must read as one), and the characters that matter to CSV
_WORDS = st.sampled_from(["", "a", "1", "José", "Zoë", "Müller", "O’Brien", " x ", "00123"])
_PLAIN = st.lists(_WORDS, max_size=2).map(" ".join)
_QUOTED_BODY = st.lists(st.one_of(_WORDS, st.sampled_from([",", '"', "\r", "\n", "\r\n", ";"])), max_size=4).map("".join)
_ENDINGS = st.sampled_from(["\r\n", "\n", "\r"])


@st.composite
def _field(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(_PLAIN)
    return '"' + draw(_QUOTED_BODY).replace('"', '""') + '"'


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, list[tuple[str, str]], int]:
    """(bytes, each record's exact text and its line ending (header first), number of columns)."""
    ncols = draw(st.integers(1, 3))
    header = ",".join(f"c{i}" for i in range(ncols))
    records = [header]
    for _ in range(draw(st.integers(0, 6))):
        width = draw(st.sampled_from([ncols, ncols, ncols, max(1, ncols - 1), ncols + 1]))
        records.append(",".join(draw(_field()) for _ in range(width)))
    unclosed = draw(st.booleans()) and len(records) > 1 and draw(st.integers(0, 3)) == 0
    endings = [draw(_ENDINGS) for _ in records]
    for i in range(len(records) - 1):
        if endings[i] == "\r" and (records[i + 1] + endings[i + 1]).startswith("\n"):
            endings[i] = "\r\n"  # a CR then an empty record's LF would be one CRLF
    if unclosed:
        # the last record opens a quote it never closes: the rest of the file is its value
        records[-1] += ',"' + draw(st.text(st.sampled_from("a,\r\n"), max_size=6))
    final_newline = draw(st.booleans())
    if not final_newline and records[-1].strip("\r\n") and not records[-1].endswith(("\r", "\n")):
        endings[-1] = ""
    if unclosed:
        # its value runs to the end of the file: the record ends with whatever break ends the file
        whole = records[-1] + endings[-1]
        body = whole.rstrip("\r\n")
        cut = len(body) + (len(whole) - len(body) - 2 if whole.endswith("\r\n") else len(whole) - len(body) - 1)
        records[-1], endings[-1] = (whole[:cut], whole[cut:]) if whole != body else (whole, "")
    spans = list(zip(records, endings))
    encoding = draw(st.sampled_from(["utf-8", "cp1252"]))
    bom = encoding == "utf-8" and draw(st.booleans())
    data = (codecs.BOM_UTF8 if bom else b"") + "".join(r + e for r, e in spans).encode(encoding)
    return data, spans, ncols


@settings(max_examples=300 * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_files(), st.data())
def test_saving_changes_only_the_edited_records(file: tuple[bytes, list[tuple[str, str]], int], data: st.DataObject) -> None:
    raw, spans, ncols = file
    table = load(raw)
    assert table.nrows == len(spans) - 1  # the reader finds the records the file was written with
    if table.nrows:
        for _ in range(data.draw(st.integers(0, 3))):
            r = data.draw(st.integers(0, table.nrows - 1))
            c = data.draw(st.integers(0, ncols - 1))
            table.set_cell(r, c, data.draw(st.text(st.sampled_from('ab,"\r\né'), max_size=4)))
    d = table.dialect
    expected = ["".join(spans[0])]
    for r in range(table.nrows):
        if r in table.edited_records:
            fields = table.row(r)[: table.field_count(r)] + table.extra_fields(r)
            last = r == table.nrows - 1
            end = spans[r + 1][1]  # the record keeps its own line ending
            if not end and not last:
                end = d.line_ending
            if last and not d.final_newline:
                end = ""
            expected.append(format_record(fields, d.delimiter, d.quoting == "all") + end)
        else:
            expected.append("".join(spans[r + 1]))
    out = save_bytes(table)
    assert out == (codecs.BOM_UTF8 if d.bom else b"") + "".join(expected).encode(d.encoding)
    # read back in the file's encoding: this is about the save; a few random "é"s in Windows-1252 are
    # no evidence of any encoding (test_encoding holds the detection to real text)
    again, _ = read_csv_bytes(out, "x.csv", encoding=None if d.encoding == "utf-8" else d.encoding)
    assert [again.row(r) for r in range(again.nrows)] == [table.row(r) for r in range(table.nrows)]

