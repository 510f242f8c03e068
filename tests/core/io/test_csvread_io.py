"""read_csv_bytes on the files admins really get: exact values, dialect, findings with line numbers."""

from __future__ import annotations

import codecs

import pytest

from core.errors import RosterError
from core.io.csvread import read_csv_bytes


def read(data: bytes, name: str = "users.csv", **kw):
    return read_csv_bytes(data, name, **kw)


def found(findings) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in findings]


# --- encodings ------------------------------------------------------------------------------------
def test_cp1252_from_excel_csv_comma_delimited() -> None:
    data = "sourcedId,givenName,familyName\r\nu1,José,Muñoz\r\nu2,Zoë,O’Brien\r\n".encode("cp1252")
    table, findings = read(data)
    assert table.row(0) == ["u1", "José", "Muñoz"]
    assert table.row(1) == ["u2", "Zoë", "O’Brien"]
    assert table.dialect.encoding == "cp1252"
    assert table.dialect.bom is False
    assert ("csv.not_utf8", None) in found(findings)


def test_utf16_tab_text_with_bom_as_excel_unicode_text_writes_it() -> None:
    # Excel "Unicode Text (*.txt)": UTF-16 LE with BOM, tab-separated, CRLF
    text = "sourcedId\tgivenName\tgrades\r\nu1\tJosé\t09\r\nu2\t李\t\"1,2\"\r\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    table, findings = read(data, "users.csv")
    assert table.header == ["sourcedId", "givenName", "grades"]
    assert table.row(0) == ["u1", "José", "09"]
    assert table.row(1) == ["u2", "李", "1,2"]
    d = table.dialect
    assert (d.encoding, d.bom, d.delimiter, d.line_ending) == ("utf-16-le", True, "\t", "\r\n")
    assert {"csv.bom", "csv.delimiter", "csv.not_utf8"} <= {c for c, _ in found(findings)}


def test_utf8_bom_is_not_part_of_the_first_header_name() -> None:
    data = codecs.BOM_UTF8 + "sourcedId,name\r\n1,Ève\r\n".encode()
    table, findings = read(data)
    assert table.header == ["sourcedId", "name"]
    assert table.row(0) == ["1", "Ève"]
    assert table.dialect.encoding == "utf-8" and table.dialect.bom is True
    assert found(findings) == [("csv.bom", None)]


def test_forced_encoding_that_does_not_fit_names_the_line() -> None:
    data = "a,b\r\n1,2\r\n3,José\r\n".encode("cp1252")
    with pytest.raises(RosterError) as err:
        read(data, encoding="utf-8")
    assert str(err.value).startswith("users.csv: line 3 has bytes that are not valid utf-8")


def test_empty_file_is_a_plain_error() -> None:
    with pytest.raises(RosterError, match="empty"):
        read(b"")


# --- exact values ---------------------------------------------------------------------------------
def test_values_stay_exactly_as_written() -> None:
    data = b'id,grade,range,flag,pad,quoted\r\n00123,09,1-12,TRUE, x ,""\r\n'
    table, findings = read(data)
    assert table.row(0) == ["00123", "09", "1-12", "TRUE", " x ", ""]
    assert found(findings) == []


def test_fast_path_keeps_lf_and_no_final_newline() -> None:
    table, findings = read(b"a,b\n1,2\n3,4")
    assert [table.row(0), table.row(1)] == [["1", "2"], ["3", "4"]]
    assert table.dialect.line_ending == "\n" and table.dialect.final_newline is False
    assert findings == []


def test_quoted_fields_with_commas_quotes_and_line_breaks() -> None:
    data = b'id,name,note\r\n1,"Smith, Ann","say ""hi"""\r\n2,"two\r\nlines",x\r\n3,c,d\r\n'
    table, findings = read(data)
    assert table.row(0) == ["1", "Smith, Ann", 'say "hi"']
    assert table.row(1) == ["2", "two\r\nlines", "x"]
    assert table.row(2) == ["3", "c", "d"]
    # the record after the two-line value starts on line 5
    assert [table.line_of(r) for r in range(3)] == [2, 3, 5]
    assert found(findings) == [("csv.newline_in_field", 3)]
    assert table.dialect.quoting == "mixed"


# --- structure ------------------------------------------------------------------------------------
def test_ragged_rows_are_reported_and_remembered() -> None:
    data = b"a,b,c\r\n1\r\n1,,\r\n1,2,3,4\r\n"
    table, findings = read(data)
    assert found(findings) == [("csv.ragged_short", 2), ("csv.ragged_long", 4)]
    assert table.row(0) == ["1", "", ""]
    assert table.is_missing(0, 1) and not table.is_missing(1, 1)
    assert table.row(1) == ["1", "", ""]
    assert table.row(2) == ["1", "2", "3"] and table.extra_fields(2) == ["4"]
    assert findings[0].params == {"count": 1, "expected": 3}


def test_ragged_rows_in_a_quoted_file() -> None:
    data = b'a,b\r\n"1"\r\n"1","2","3"\r\n'
    table, findings = read(data)
    assert found(findings) == [("csv.ragged_short", 2), ("csv.ragged_long", 3)]
    assert table.row(1) == ["1", "2"] and table.extra_fields(1) == ["3"]


def test_blank_line_in_the_middle() -> None:
    table, findings = read(b"a,b\r\n1,2\r\n\r\n3,4\r\n")
    assert found(findings) == [("csv.blank_line", 3)]
    assert table.row(2) == ["3", "4"] and table.line_of(2) == 4


def test_stray_quote_inside_an_unquoted_value() -> None:
    data = b'a,b\r\n1,O"Brien\r\n2,ok\r\n'
    table, findings = read(data)
    assert ("csv.stray_quote", 2) in found(findings)
    assert table.row(0) == ["1", 'O"Brien']
    assert table.row(1) == ["2", "ok"]


def test_text_after_a_closing_quote_is_a_stray_quote() -> None:
    data = b'a,b\r\n1,"Ann"x\r\n2,ok\r\n'
    table, findings = read(data)
    assert ("csv.stray_quote", 2) in found(findings)
    assert table.row(1) == ["2", "ok"]


def test_unclosed_quote_reads_the_rest_as_one_value() -> None:
    data = b'a,b\r\n1,"open\r\n2,x\r\n'
    table, findings = read(data)
    assert ("csv.unclosed_quote", 2) in found(findings)
    assert table.nrows == 1
    assert table.cell(0, 0) == "1"
    assert "open" in table.cell(0, 1) and "2,x" in table.cell(0, 1)


def test_unclosed_quote_in_a_large_file_is_a_finding_not_a_crash() -> None:
    # the rest of the file is one value longer than the csv module's default field limit
    rest = b"".join(b"%d,x\r\n" % i for i in range(30000))
    data = b'a,b\r\n1,"open\r\n' + rest
    table, findings = read(data)
    assert ("csv.unclosed_quote", 2) in found(findings)
    assert table.cell(0, 0) == "1"


def test_long_quoted_value_is_read_exactly() -> None:
    long = "x" * 200_000
    data = f'a,b\r\n1,"{long}"\r\n'.encode()
    table, _ = read(data)
    assert table.cell(0, 1) == long


def test_header_problems() -> None:
    _table, findings = read(b"a,,a\r\n1,2,3\r\n")
    assert [(f.code, f.line, f.col) for f in findings] == [("csv.blank_header", 1, 1), ("csv.duplicate_header", 1, 2)]


def test_nul_byte_is_reported_with_its_line() -> None:
    table, findings = read(b"a,b\r\n1,2\r\n3,\x004\r\n")
    assert ("csv.nul_byte", 3) in found(findings)
    assert table.row(1) == ["3", "\x004"]


def test_mixed_line_endings_are_reported() -> None:
    table, findings = read(b"a,b\r\n1,2\n3,4\r\n")
    assert ("csv.mixed_line_endings", None) in found(findings)
    assert [table.row(0), table.row(1)] == [["1", "2"], ["3", "4"]]


@pytest.mark.parametrize(
    ("data", "rows", "detail"),
    [
        # as many CRs as LFs, alternating, but one CR and one LF stand alone
        (b"a,b\r\n1\r2,3\n", [["1", ""], ["2", "3"]], "1 CRLF, 1 LF, 1 CR"),
        (b"a\r\nx\ry\n", [["x"], ["y"]], "1 CRLF, 1 LF, 1 CR"),
        (b"a,b\r\n1,2\r\n3\r,4\n", [["1", "2"], ["3", ""], ["", "4"]], "2 CRLF, 1 LF, 1 CR"),
    ],
)
def test_lone_cr_and_lf_that_pair_up_in_number_are_still_mixed(data: bytes, rows: list, detail: str) -> None:
    table, findings = read(data)
    assert [table.row(i) for i in range(table.nrows)] == rows
    assert [f.params["detail"] for f in findings if f.code == "csv.mixed_line_endings"] == [detail]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_control_character_is_found_in_every_encoding(encoding: str) -> None:
    data = "sourcedId,givenName\r\nu1,Zoë\r\nu2,Jo\x0bsé\r\n".encode(encoding)
    table, findings = read(data)
    assert ("csv.control_char", 3) in found(findings)
    assert table.row(1) == ["u2", "Jo\x0bsé"]
    _clean, findings = read("sourcedId,givenName\r\nu1,Zoë\r\n".encode(encoding))
    assert not [f for f in findings if f.code == "csv.control_char"]


def test_semicolon_file_is_read_with_its_delimiter() -> None:
    table, findings = read(b"a;b;c\r\n1;2,5;3\r\n")
    assert table.dialect.delimiter == ";"
    assert table.row(0) == ["1", "2,5", "3"]
    assert ("csv.delimiter", None) in found(findings)


def test_quoted_header_with_semicolons_is_still_comma_separated() -> None:
    table, _ = read(b'"a;b;c;d;e",x\r\n1,2\r\n')
    assert table.dialect.delimiter == ","
    assert table.header == ["a;b;c;d;e", "x"]


def test_header_only_file_has_no_rows() -> None:
    table, findings = read(b"sourcedId,name\r\n")
    assert table.header == ["sourcedId", "name"] and table.nrows == 0
    assert findings == []


def test_large_regular_file_fast_path_matches_exact_path() -> None:
    rows = [f"e{i},c{i % 7},u{i},student" for i in range(5000)]
    plain = ("sourcedId,classSourcedId,userSourcedId,role\r\n" + "\r\n".join(rows) + "\r\n").encode()
    quoted = plain.replace(b"student", b'"student"')
    fast, f1 = read(plain)
    exact, f2 = read(quoted)
    assert fast.columns == exact.columns
    assert f1 == f2 == []


def test_distinct_values_of_a_large_file_equal_its_columns() -> None:
    rows = "".join(f"u{i},{'student' if i % 3 else 'teacher'},{i % 7}\r\n" for i in range(5000))
    table, _ = read(("sourcedId,role,grade\r\n" + rows).encode())
    for c in range(3):
        assert table.distinct(c) == set(table.columns[c])
    assert table.distinct(1) == {"student", "teacher"}
    table.set_cell(0, 1, "aide")
    assert table.distinct(1) == {"student", "teacher", "aide"}
