"""read_xlsx: sheets come in as the text Excel showed, with typed cells remembered."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from core.errors import RosterError
from core.io.xlsx import cell_text, format_number, read_xlsx
from core.table import Source


def workbook_bytes(sheets: dict[str, list[list[object]]], formats: dict[tuple[str, str], str] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    for (title, ref), fmt in (formats or {}).items():
        wb[title][ref].number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_formatted_numbers_and_dates_read_as_excel_shows_them() -> None:
    rows = [
        ["sourcedId", "identifier", "grades", "birthDate", "enabledUser", "score", "phone", "note"],
        ["u1", 123, 9, dt.datetime(2012, 8, 1), True, 12.5, 5551234567, "00123"],
        ["u2", 45, 10, dt.date(2011, 12, 31), False, 3.0, 123456789012345, "x"],
    ]
    formats = {
        ("users", "B2"): "00000",
        ("users", "B3"): "00000",
        ("users", "C2"): "00",
        ("users", "C3"): "00",
        ("users", "D2"): "m/d/yyyy",
        ("users", "D3"): "yyyy-mm-dd",
        ("users", "F2"): "0.00",
    }
    data = workbook_bytes({"users": rows}, formats)
    src = Source("xlsx", "/x/users.xlsx", None, len(data), 0.0)
    [(table, findings)] = read_xlsx(data, "users.xlsx", src)
    assert table.name == "users.csv"
    assert table.header == rows[0]
    assert table.row(0) == ["u1", "00123", "09", "2012-08-01", "TRUE", "12.50", "5551234567", "00123"]
    assert table.row(1) == ["u2", "00045", "10", "2011-12-31", "FALSE", "3", "123456789012345", "x"]
    assert table.cell_kinds[(0, 1)] == "number"
    assert table.cell_kinds[(0, 3)] == "date"
    assert table.cell_kinds[(0, 4)] == "bool"
    assert (0, 7) not in table.cell_kinds and (0, 0) not in table.cell_kinds
    assert table.source is not None and table.source.kind == "xlsx" and table.source.member == "users"
    assert [f.code for f in findings] == ["xlsx.from_workbook"]


def test_datetime_with_time_keeps_the_time() -> None:
    data = workbook_bytes({"s": [["a"], [dt.datetime(2024, 1, 2, 13, 45, 7)]]})
    [(table, _)] = read_xlsx(data, "classes.xlsx")
    assert table.row(0) == ["2024-01-02 13:45:07"]


def test_trailing_empty_rows_and_columns_are_dropped() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "orgs"
    ws.append(["sourcedId", "name"])
    ws.append(["o1", "North High"])
    ws["F20"].number_format = "0"  # a styled but empty cell far away widens the sheet's dimension
    ws["A15"] = None
    buf = io.BytesIO()
    wb.save(buf)
    [(table, _)] = read_xlsx(buf.getvalue(), "orgs.xlsx")
    assert table.header == ["sourcedId", "name"]
    assert table.nrows == 1 and table.row(0) == ["o1", "North High"]


def test_blank_rows_inside_are_kept_so_lines_match_excel_rows() -> None:
    data = workbook_bytes({"s": [["a", "b"], [1, 2], [None, None], [3, 4]]})
    [(table, _)] = read_xlsx(data, "x.xlsx")
    assert [table.row(r) for r in range(3)] == [["1", "2"], ["", ""], ["3", "4"]]
    assert table.line_of(2) == 4


def test_several_sheets_are_named_after_the_sheets() -> None:
    data = workbook_bytes({"users": [["sourcedId"], ["u1"]], "orgs": [["sourcedId"], ["o1"]], "Sheet3": [["x"]], "empty": []})
    results = read_xlsx(data, "roster.xlsx")
    assert [t.name for t, _ in results] == ["users.csv", "orgs.csv", "Sheet3.csv"]
    assert [f.code for f in results[0][1]][-1] == "xlsx.sheet_empty"


def test_single_sheet_named_like_a_oneroster_file() -> None:
    [(t1, _)] = read_xlsx(workbook_bytes({"Sheet1": [["a"]]}), "users.xlsx")
    [(t2, _)] = read_xlsx(workbook_bytes({"users": [["a"]]}), "Book1.xlsx")
    [(t3, _)] = read_xlsx(workbook_bytes({"Sheet1": [["a"]]}), "Book1.xlsx")
    assert (t1.name, t2.name, t3.name) == ("users.csv", "users.csv", "Book1.csv")


def test_header_problems_are_reported() -> None:
    data = workbook_bytes({"s": [["a", None, "a"], [1, 2, 3]]})
    [(_, findings)] = read_xlsx(data, "users.xlsx")
    assert [(f.code, f.col) for f in findings[1:]] == [("csv.blank_header", 1), ("csv.duplicate_header", 2)]


def test_workbook_without_data_is_a_plain_error() -> None:
    with pytest.raises(RosterError, match="no sheet with any data"):
        read_xlsx(workbook_bytes({"s": []}), "users.xlsx")


@pytest.mark.parametrize("data", [b"", b"plain text, not a workbook", b"PK\x03\x04junk"])
def test_not_a_workbook_is_a_plain_error(data: bytes) -> None:
    with pytest.raises(RosterError, match="^users.xlsx: this is not an Excel workbook"):
        read_xlsx(data, "users.xlsx")


def test_a_zip_that_is_not_a_workbook_is_a_plain_error() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("users.csv", "a\r\n")
    with pytest.raises(RosterError, match="^users.xlsx: "):
        read_xlsx(buf.getvalue(), "users.xlsx")


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def _replace_part(data: bytes, part: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, new if info.filename == part else src.read(info.filename))
    return buf.getvalue()


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "docProps/core.xml", "xl/styles.xml", "[Content_Types].xml"])
def test_xml_entity_bomb_is_refused(part: str) -> None:
    data = workbook_bytes({"users": [["sourcedId"], ["u1"]]})
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    if part not in names:
        # make sure the test really covers the part it names
        pytest.fail(f"{part} not in {names}")
    original = zipfile.ZipFile(io.BytesIO(data)).read(part).decode()
    body = original.split("?>", 1)[1] if original.startswith("<?xml") else original
    # the entity is declared (that alone is refused) and used where the part has text
    body = body.replace("u1", "&lol3;").replace("sourcedId", "&lol3;")
    evil = _replace_part(data, part, (LAUGHS + body).encode())
    with pytest.raises(RosterError, match="attack"):
        read_xlsx(evil, "users.xlsx")


def test_external_entity_is_refused() -> None:
    data = workbook_bytes({"users": [["sourcedId"], ["u1"]]})
    xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    part = "xl/worksheets/sheet1.xml"
    original = zipfile.ZipFile(io.BytesIO(data)).read(part).decode()
    evil = _replace_part(data, part, (xxe + original.replace("u1", "&xxe;")).encode())
    with pytest.raises(RosterError, match="attack"):
        read_xlsx(evil, "users.xlsx")


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (123, "00000", "00123"),
        (123.0, "000000", "000123"),
        (5, "0.00", "5.00"),
        (1234567, "#,##0", "1,234,567"),
        (0.256, "0.0%", "25.6%"),
        (123456789012, "General", "123456789012"),
        (123456789012.0, "General", "123456789012"),
        (1e20, "General", "100000000000000000000"),
        (0.1 + 0.2, "General", "0.3"),
        (1e-7, "General", "1E-07"),
        (12345, "0.00E+00", "1.23E+04"),
        (-5, "0.00;(0.00)", "(5.00)"),
        (3.5, "$#,##0.00", "$3.50"),
        (7, '"ID"000', "ID007"),
        (-3, "00", "-03"),
        (42, "@", "42"),
        (1.5, "# ?/?", "1.5"),
    ],
)
def test_number_formats(value: float, fmt: str, text: str) -> None:
    assert format_number(value, fmt) == text


def test_cell_text_kinds() -> None:
    assert cell_text("00123") == ("00123", None)
    assert cell_text(True) == ("TRUE", "bool")
    assert cell_text(dt.time(8, 30)) == ("08:30:00", "date")
    assert cell_text(dt.timedelta(hours=26, minutes=5)) == ("26:05:00", "date")
    assert cell_text(9, "00") == ("09", "number")


def test_numbers_past_the_exact_range_show_excels_fifteen_digits() -> None:
    from core.io.xlsx import general

    assert general(9007199254740991.0) == "9007199254740991"
    assert general(1234567890123456789.0) == "1234567890123460000"
    assert format_number(1234567890123456789.0, "0") == "1234567890123460000"
    assert general(123456789012345678) == "123456789012345678"  # an int cell is exact


# --- the recorded sheet size is not trusted ---------------------------------------------------------
def _with_sheet_xml(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The workbook with its first sheet's XML passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body.decode("utf-8")).encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


def _dimension(ref: str):  # type: ignore[no-untyped-def]
    import re

    return lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)


def test_a_stale_dimension_loses_no_rows_or_columns() -> None:
    rows = [["sourcedId", "name", "grade"]] + [[f"u{i}", f"N{i}", "09"] for i in range(9)]
    data = _with_sheet_xml(workbook_bytes({"users": rows}), _dimension("A1:B5"))
    [(table, _)] = read_xlsx(data, "users.xlsx")
    assert table.header == ["sourcedId", "name", "grade"]
    assert table.nrows == 9 and table.row(8) == ["u8", "N8", "09"]


def test_a_dimension_of_one_cell_still_reads_the_whole_sheet() -> None:
    rows = [["sourcedId", "name"], ["u1", "Ann"], ["u2", "Bob"]]
    data = _with_sheet_xml(workbook_bytes({"users": rows}), _dimension("A1"))
    [(table, _)] = read_xlsx(data, "users.xlsx")
    assert table.header == ["sourcedId", "name"] and table.nrows == 2


def test_a_dimension_claiming_16384_columns_costs_only_the_cells_present() -> None:
    rows = [["sourcedId", "name"]] + [[f"u{i}", "x"] for i in range(2000)]
    data = _with_sheet_xml(workbook_bytes({"users": rows}), _dimension("A1:XFD1048576"))
    [(table, _)] = read_xlsx(data, "users.xlsx")
    assert table.ncols == 2 and table.nrows == 2000


def test_cells_spread_far_beyond_what_memory_holds_are_refused_with_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "users"
    for r in range(1, 201):
        ws.cell(r, 1, f"u{r}")
        ws.cell(r, 16384, "x")  # column XFD on every row: 200 x 16,384 cells to build
    buf = io.BytesIO()
    wb.save(buf)
    monkeypatch.setenv("ROSTERPREP_AVAILABLE_MEMORY", str(8 << 20))
    with pytest.raises(RosterError, match=r"the sheet users \(200 rows by 16,384 columns\) needs about 25 MB of memory"):
        read_xlsx(buf.getvalue(), "users.xlsx")


# --- formulas without a saved value ------------------------------------------------------------------
def test_formulas_without_a_saved_value_are_named() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "users"
    ws.append(["sourcedId", "username"])
    ws.append(["u1", '=LOWER("ANN")'])  # openpyxl saves the formula without computing it
    ws.append(["u2", "bob"])
    buf = io.BytesIO()
    wb.save(buf)
    [(table, findings)] = read_xlsx(buf.getvalue(), "users.xlsx")
    assert table.row(0) == ["u1", ""]
    [f] = [f for f in findings if f.code == "xlsx.formula_without_value"]
    assert (f.row, f.line, f.column, f.col, f.params["cell"]) == (0, 2, "username", 1, "B2")


def test_formulas_with_a_saved_value_read_as_the_value() -> None:
    data = workbook_bytes({"users": [["sourcedId", "username"], ["u1", "=1"]]})
    data = _with_sheet_xml(data, lambda xml: xml.replace("<f>1</f><v />", "<f>1</f><v>1</v>"))
    [(table, findings)] = read_xlsx(data, "users.xlsx")
    assert table.row(0) == ["u1", "1"]
    assert "xlsx.formula_without_value" not in {f.code for f in findings}
