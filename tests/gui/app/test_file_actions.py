"""Opening with another encoding, saving a roster that came from a zip, repairing damage, recent files."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from gui.app.main_window import MainWindow
from tests.gui.helpers import page_of


def open_window(qtbot, paths: list[str]) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.open_paths(paths)
    qtbot.waitUntil(lambda: w.document is not None and not w.busy, timeout=10000)
    return w


def test_reopen_one_file_with_another_encoding(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "orgs.csv").write_bytes(b"sourcedId,name\r\no1,Caf\xe9 School\r\n")  # cp1252, not UTF-8
    (folder / "users.csv").write_bytes("sourcedId,givenName\r\nu1,José\r\n".encode())
    w = open_window(qtbot, [str(folder)])
    orgs = w.document.table("orgs.csv")
    assert orgs.dialect.encoding != "utf-8"
    w.tabs.setCurrentWidget(page_of(w, "orgs.csv"))
    offered = []

    def pick(parent, title, text, items, current, editable):  # type: ignore[no-untyped-def]
        offered.append((text, list(items), current))
        return "ISO-8859-1 (Latin-1)", True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    w.act.reopen.trigger()
    qtbot.waitUntil(lambda: w.document.table("orgs.csv").dialect.encoding == "iso8859-1" and not w.busy, timeout=10000)
    # the encoding it was read with comes first, by the name an admin knows, and once (cp1252 is
    # Windows-1252: it was offered twice, under both names)
    text, items, current = offered[0]
    assert text == "orgs.csv was read as Windows-1252 (Western, Excel on Windows). Read the files again as:"
    assert items == ["Windows-1252 (Western, Excel on Windows)", "UTF-8", "ISO-8859-1 (Latin-1)", "UTF-16",
                     "Mac Roman (Excel on an older Mac)", "DOS (code page 437)"] and current == 0
    assert w.document.table("orgs.csv").cell(0, 1) == "Café School"
    assert w.document.table("users.csv").cell(0, 1) == "José"  # the other file is untouched
    assert w.current_table_name() == "orgs.csv"
    w._drop_document()


def test_save_of_a_zip_roster_asks_where_to_write(qtbot, tmp_path, monkeypatch, no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    from gui.app import saving
    from gui.panels import export as export_dialog

    src = tmp_path / "Roster.zip"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr("orgs.csv", "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\no1,,,A,school,1,\r\n")
    before = src.read_bytes()
    w = open_window(qtbot, [str(src)])
    w.document.set_cells("orgs.csv", [(0, 3, "Maple")])
    chosen = []

    def fake_exec(dlg):  # type: ignore[no-untyped-def]
        chosen.append(dlg.windowTitle())
        dlg.folder_choice.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", fake_exec)
    out = tmp_path / "out"
    monkeypatch.setattr(saving.QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    w.act.save.trigger()
    qtbot.waitUntil(lambda: (out / "orgs.csv").exists() and not w.busy, timeout=10000)
    assert chosen == ["Save As"]
    assert any("zip file" in text for kind, text in no_modal_dialogs if kind == "information")
    assert b"Maple" in (out / "orgs.csv").read_bytes()
    assert src.read_bytes() == before  # the zip itself is never changed
    assert not w.isWindowModified() or not w.files.has_unsaved()
    w._drop_document()


def test_repair_action_applies_accepted_changes_as_one_step(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core.damage import CellChange, Repair
    from gui.panels import repair as repair_dialog

    users = window.document.table("users.csv")
    ident = users.col_index("identifier")
    row = users.column("identifier").index("20033")
    changes = [
        CellChange("users.csv", row, ident, "20033", "00020033"),
        CellChange("classes.csv", 0, 1, "", "active"),
    ]
    monkeypatch.setattr("core.damage.propose_repairs", lambda roster, reference=None: [Repair("damage.zeros", "t", changes)])
    monkeypatch.setattr(repair_dialog.RepairDialog, "exec", lambda dlg: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(repair_dialog.RepairDialog, "accepted_changes", lambda dlg: changes)
    assert window.fixes.repair_damage() == 2
    assert users.cell(row, ident) == "00020033"
    assert window.document.undo_stack.count() == 1
    window.act.undo.trigger()
    assert users.cell(row, ident) == "20033" and window.document.table("classes.csv").cell(0, 1) == ""


def test_recent_rosters_reopen_from_the_menu(qtbot, sample_dir, known_findings) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, [str(sample_dir / "orgs.csv")])
    w._drop_document()
    w.switch.show_document(None)
    actions = w.recent_menu.actions()
    assert len(actions) == 1 and "orgs.csv" in actions[0].text()
    actions[0].trigger()
    qtbot.waitUntil(lambda: w.document is not None and not w.busy, timeout=10000)
    assert w.document.roster.names == ["orgs.csv"]
    w._drop_document()


def test_a_problem_on_a_short_line_jumps_to_that_line(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "orgs.csv").write_bytes(b"sourcedId,name,type\r\no1,A,school\r\no2\r\no3,C,school\r\n")
    w = open_window(qtbot, [str(tmp_path / "orgs.csv")])
    (short,) = [f for f in w.document.findings if f.code == "csv.ragged_short"]
    assert short.row is None and short.line == 3
    w.tabs.setCurrentIndex(0)
    assert w.go_to_finding(short)
    cur = w.current_grid().currentIndex()
    assert cur.row() == 1 and w.current_grid().model().headerData(1, Qt.Orientation.Vertical) == "3"
    w._drop_document()


def test_problems_about_the_whole_file_show_above_its_grid(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "orgs.csv").write_bytes(b"sourcedId,name\r\no1,A\r\n")  # most orgs columns missing
    w = open_window(qtbot, [str(tmp_path / "orgs.csv")])
    page = w.page_for("orgs.csv")
    notes = page.file_findings()
    assert notes and all(f.row is None for f in notes)
    assert page.notes.isVisibleTo(page) and notes[0].text in page.notes.text()
    w._drop_document()


SPILLED = (b"sourcedId,enabledUser,orgSourcedIds,role,username,grades,password\r\n"
           b"a,true,01,student,ann,09,\r\n"
           b"b,true,01,02,student,bob,10,\r\n")
SPILL_REPAIRED = SPILLED.replace(b"b,true,01,02,student,bob,10,\r\n", b'b,true,"01,02",student,bob,10,\r\n')


def _save(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    w.activateWindow()
    w.act.save.trigger()
    qtbot.waitUntil(lambda: not w.busy, timeout=10000)


def test_a_repaired_spilled_list_saves_without_its_extra_fields_and_undo_brings_them_back(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from gui.panels import repair as repair_dialog

    path = tmp_path / "users.csv"
    path.write_bytes(SPILLED)
    w = open_window(qtbot, [str(path)])
    shown = []

    def accept(dlg):  # type: ignore[no-untyped-def]
        shown.append([r.code for r in dlg.repairs])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(repair_dialog.RepairDialog, "exec", accept)
    assert w.fixes.repair_damage() == 5
    assert shown == [["damage.list_spill"]]
    users = w.document.table("users.csv")
    assert users.row(1) == ["b", "true", "01,02", "student", "bob", "10", ""] and users.extra_fields(1) == []
    codes = lambda: {f.code for f in w.document.findings}  # noqa: E731
    qtbot.waitUntil(lambda: "csv.ragged_long" not in codes() and "damage.list_spill" not in codes(), timeout=10000)
    _save(w, qtbot)
    assert path.read_bytes() == SPILL_REPAIRED
    w.act.undo.trigger()
    assert users.extra_fields(1) == [""] and users.cell(1, 2) == "01"
    qtbot.waitUntil(lambda: "csv.ragged_long" in codes(), timeout=10000)
    _save(w, qtbot)
    assert path.read_bytes() == SPILLED
    w._drop_document()


def test_the_problems_panel_fix_of_a_spilled_list_sets_the_whole_record(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.panels.problems import apply_fixes

    path = tmp_path / "users.csv"
    path.write_bytes(SPILLED)
    w = open_window(qtbot, [str(path)])
    qtbot.waitUntil(lambda: any(f.code == "damage.list_spill" for f in w.document.findings), timeout=10000)
    (spill,) = [f for f in w.document.findings if f.code == "damage.list_spill"]
    assert apply_fixes(w.document, [spill]) == 5
    _save(w, qtbot)
    assert path.read_bytes() == SPILL_REPAIRED
    w._drop_document()


ORGS = b"sourcedId,name\r\no2,Birch\r\no1,Alder\r\n"


def test_an_edit_undone_after_a_save_is_saved_too(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "orgs.csv"
    path.write_bytes(ORGS)
    w = open_window(qtbot, [str(path)])
    w.document.set_cells("orgs.csv", [(0, 1, "Maple")])
    _save(w, qtbot)
    assert path.read_bytes() == b"sourcedId,name\r\no2,Maple\r\no1,Alder\r\n"
    w.act.undo.trigger()
    assert w.isWindowModified()
    _save(w, qtbot)
    assert path.read_bytes() == ORGS
    w.act.redo.trigger()
    _save(w, qtbot)
    assert path.read_bytes() == b"sourcedId,name\r\no2,Maple\r\no1,Alder\r\n"
    w._drop_document()


def test_a_file_order_undone_after_a_save_is_saved_too(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "orgs.csv"
    path.write_bytes(ORGS)
    w = open_window(qtbot, [str(path)])
    w.document.reorder_rows("orgs.csv", [1, 0])
    _save(w, qtbot)
    assert path.read_bytes() == b"sourcedId,name\r\no1,Alder\r\no2,Birch\r\n"
    w.act.undo.trigger()
    _save(w, qtbot)
    assert path.read_bytes() == ORGS
    w._drop_document()


def test_rows_deleted_or_inserted_then_undone_after_a_save_are_saved_too(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "orgs.csv"
    path.write_bytes(ORGS)
    w = open_window(qtbot, [str(path)])
    w.document.delete_rows("orgs.csv", [0])
    _save(w, qtbot)
    assert path.read_bytes() == b"sourcedId,name\r\no1,Alder\r\n"
    w.act.undo.trigger()
    _save(w, qtbot)
    assert path.read_bytes() == ORGS
    w.document.insert_rows("orgs.csv", 1, [["o3", "Cedar"]])
    _save(w, qtbot)
    assert path.read_bytes() == b"sourcedId,name\r\no2,Birch\r\no3,Cedar\r\no1,Alder\r\n"
    w.act.undo.trigger()
    _save(w, qtbot)
    assert path.read_bytes() == ORGS
    w._drop_document()
