"""The grid's model: exact text, marks, tooltips, headers, edits through undo, and qtmodeltester."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from core.findings import Finding
from core.io.csvread import read_csv_bytes
from core.roster import Roster
from gui.document import RosterDocument
from gui.grid.table_model import MissingRole, RosterTableModel, SeverityRole, column_letter, visible_spaces

DISPLAY = Qt.ItemDataRole.DisplayRole
TIP = Qt.ItemDataRole.ToolTipRole


def make_doc(qtbot, data: bytes = b"sourcedId,identifier,givenName\r\ns1,001,Ann\r\ns2, 02 ,Bo\r\ns3\r\n"):  # type: ignore[no-untyped-def]
    table, findings = read_csv_bytes(data, "users.csv")
    roster = Roster(name="r", tables=[table], load_findings=findings)
    doc = RosterDocument(roster)
    doc.set_findings(
        findings
        + [
            Finding("error", "test.zeros", "users.csv", 1, 3, "identifier", 1, " 02 ", fix="002"),
            Finding("warning", "test.header", "users.csv", None, 1, "givenName", 2, "givenName"),
        ]
    )
    return doc


def test_model_passes_qtmodeltester_plain_sorted_and_filtered(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RosterTableModel(make_doc(qtbot), "users.csv")
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_row_filter({0, 2})
    qtmodeltester.check(model)
    model.sort(-1)
    model.set_row_filter(None)
    qtmodeltester.check(model)


def test_model_stays_consistent_while_the_roster_changes(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    """Qt's model tester stays attached to the model: every signal it sends while cells, rows, marks,
    sort and filter change is checked, and a broken promise is a Qt warning, which fails the test."""
    doc = make_doc(qtbot)
    model = RosterTableModel(doc, "users.csv")
    qtmodeltester.check(model)

    def ids() -> list[str]:
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    doc.set_cells("users.csv", [(0, 1, "0001")], "Edit")
    assert model.index(0, 1).data() == "0001"
    doc.insert_rows("users.csv", 1, [["s9", "009", "Cy"]])
    assert ids() == ["s1", "s9", "s2", "s3"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert ids() == ["s9", "s3", "s2", "s1"]
    doc.delete_rows("users.csv", [2])  # s2, in the file's order
    assert ids() == ["s9", "s3", "s1"]
    model.set_row_filter({0, 1})
    assert ids() == ["s9", "s1"]
    assert model.data(model.index(1, 1), SeverityRole) is None and model.index(1, 1).data() == "0001"
    doc.set_findings([Finding("error", "test.zeros", "users.csv", 0, 2, "identifier", 1, "0001")])
    assert model.data(model.index(1, 1), SeverityRole) == "error"
    model.set_row_filter(None)
    model.sort(-1)
    for _ in range(3):
        doc.undo_stack.undo()
    assert ids() == ["s1", "s2", "s3"] and model.index(0, 1).data() == "001"


def test_display_is_the_exact_text_and_edit_role_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = RosterTableModel(make_doc(qtbot), "users.csv")
    assert model.data(model.index(0, 1), DISPLAY) == "001"
    assert model.data(model.index(1, 1), DISPLAY) == " 02 "
    assert model.data(model.index(1, 1), Qt.ItemDataRole.EditRole) == " 02 "
    assert visible_spaces(" 02 ") == "·02·"
    assert "space" in model.data(model.index(1, 1), TIP)


def test_cell_with_finding_has_tooltip_colour_and_mark(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = RosterTableModel(make_doc(qtbot), "users.csv")
    bad = model.index(1, 1)
    tip = model.data(bad, TIP)
    assert tip and "Error" in tip and "Suggested fix" in tip and "002" in tip
    assert model.data(bad, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(bad, Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(bad, SeverityRole) == "error"
    good = model.index(0, 2)
    assert model.data(good, TIP) is None and model.data(good, SeverityRole) is None


def test_missing_field_is_marked_differently_from_empty(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = RosterTableModel(make_doc(qtbot), "users.csv")
    missing = model.index(2, 2)
    assert model.data(missing, DISPLAY) == ""
    assert model.data(missing, MissingRole) is True
    assert "no field" in model.data(missing, TIP)
    assert model.data(model.index(0, 2), MissingRole) is False


def test_headers_names_letters_lines_and_header_findings(qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = make_doc(qtbot)
    model = RosterTableModel(doc, "users.csv")
    h = Qt.Orientation.Horizontal
    assert [model.headerData(c, h) for c in range(3)] == ["sourcedId", "identifier", "givenName"]
    assert "Column C" in model.headerData(2, h, TIP) and "Warning" in model.headerData(2, h, TIP)
    assert model.headerData(2, h, Qt.ItemDataRole.DecorationRole) is not None
    model.set_show_letters(True)
    assert model.headerData(0, h) == "A · sourcedId"
    v = Qt.Orientation.Vertical
    assert [model.headerData(r, v) for r in range(3)] == ["2", "3", "4"]
    doc.insert_rows("users.csv", 0, [["s0", "000", "Cy"]])
    assert model.headerData(0, v) == "new" and model.headerData(1, v) == "2"
    assert column_letter(0) == "A" and column_letter(25) == "Z" and column_letter(26) == "AA"


def test_id_columns_get_a_fixed_width_font(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = RosterTableModel(make_doc(qtbot), "users.csv")
    font = model.data(model.index(0, 1), Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert model.data(model.index(0, 2), Qt.ItemDataRole.FontRole) is None


def test_set_data_is_one_undo_step_and_signals_exactly_that_cell(qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = make_doc(qtbot)
    model = RosterTableModel(doc, "users.csv")
    model.sort(2, Qt.SortOrder.DescendingOrder)  # view rows differ from table rows
    seen = []
    model.dataChanged.connect(lambda a, b, roles=(): seen.append((a.row(), a.column(), b.row(), b.column())))
    v = model.view.table_to_view(0)
    assert model.setData(model.index(v, 1), "0001") is True
    assert doc.table("users.csv").cell(0, 1) == "0001"
    assert seen == [(v, 1, v, 1)]
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.table("users.csv").cell(0, 1) == "001"
    assert model.setData(model.index(v, 1), "x", Qt.ItemDataRole.DisplayRole) is False


def test_sort_keeps_the_current_cell_on_its_row(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableView

    doc = make_doc(qtbot)
    model = RosterTableModel(doc, "users.csv")
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setCurrentIndex(model.index(0, 2))  # Ann
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert view.currentIndex().data() == "Ann"
    assert view.currentIndex().row() == 2


def test_findings_change_repaints_marks(qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = make_doc(qtbot)
    model = RosterTableModel(doc, "users.csv")
    with qtbot.waitSignal(model.dataChanged):
        doc.set_findings([])
    assert model.data(model.index(1, 1), SeverityRole) is None


def test_a_short_line_is_marked_on_its_line_number(qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = make_doc(qtbot)
    model = RosterTableModel(doc, "users.csv")
    v = Qt.Orientation.Vertical
    short = [f for f in doc.findings if f.code == "csv.ragged_short"]
    assert short and short[0].line == 4
    assert model.headerData(2, v, SeverityRole) == "warning" or model.headerData(2, v, SeverityRole) == "error"
    assert "3 fields" not in model.headerData(0, v, TIP)
    assert short[0].text in model.headerData(2, v, TIP)
    assert model.headerData(2, v, Qt.ItemDataRole.DecorationRole) is not None
