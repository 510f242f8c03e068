"""The window as a user meets it: tabs with badges, typing, sorting, saving, closing, dropping files."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLineEdit, QMessageBox

from gui.app.main_window import MainWindow
from gui.app.tabs import tab_label
from gui.grid.table_model import SeverityRole
from tests.gui.helpers import page_of


def test_opens_one_tab_per_file_with_badges(window) -> None:  # type: ignore[no-untyped-def]
    names = sorted(p.name for p in Path(window.paths[0]).glob("*.csv"))
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert sorted(tabs) == names
    assert window.tab_badge("users.csv") == tab_label("users.csv", 2, 2) == "users.csv  ⛔2 ⚠2"
    assert window.tab_badge("classes.csv") == "classes.csv  ⚠1"
    assert window.tab_badge("orgs.csv") == "orgs.csv"  # no problems: no badge
    i = tabs.index("users.csv")
    assert "2 errors, 2 warnings" in window.tabs.tabToolTip(i)
    assert window.windowTitle() == "sample[*] — Roster Prep" and not window.isWindowModified()


def test_bad_cell_has_a_tooltip_and_a_mark(window) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    model = page.model
    r = model.table.column("identifier").index("20033")
    index = model.index_of(r, model.table.col_index("identifier"))
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert tip and "Suggested fix" in tip and "00020033" in tip
    assert index.data(SeverityRole) == "error"


def test_typing_in_a_cell_edits_it_and_undo_restores(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(page_of(window, "users.csv"))
    grid = window.current_grid()
    col = grid.model().table.col_index("givenName")
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, col))
    qtbot.keyClicks(grid, "M")  # a key starts editing, as in a spreadsheet
    editor = grid.viewport().findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "ary")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    users = window.document.table("users.csv")
    assert users.cell(0, col) == "Mary"
    assert window.isWindowModified()
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert users.cell(0, col) == "Maria"
    # the toolbar keeps its short labels; the menu item and the tooltip name the step
    redo_button = window.toolbar.widgetForAction(window.act.redo)
    assert redo_button.text() == "Redo"
    assert window.act.redo.text() == "&Redo Edit users.csv givenName"
    assert redo_button.toolTip() == "Redo Edit users.csv givenName"
    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert users.cell(0, col) == "Mary"
    assert window.toolbar.widgetForAction(window.act.undo).text() == "Undo"


def test_click_on_header_selects_the_column_and_never_sorts(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    # sorting comes from the header's button and menu (tests/gui/grid/test_columns.py), as in Excel
    window.tabs.setCurrentWidget(page_of(window, "users.csv"))
    grid = window.current_grid()
    model = grid.model()
    col = model.table.col_index("familyName")
    header = grid.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(col) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert model.view.order is None and model.view.sort_key is None
    assert grid.selectionModel().isColumnSelected(col)


def test_show_only_rows_with_problems_then_show_all(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    total = page.model.rowCount()
    window.act.only_problems.trigger()
    assert page.model.rowCount() == 3
    assert page.bar.isVisible() and "Showing 3 of" in page.filter_label.text()
    window.tabs.setCurrentWidget(page_of(window, "orgs.csv"))
    assert not window.act.only_problems.isChecked()  # the toggle is per file
    window.tabs.setCurrentWidget(page)
    assert window.act.only_problems.isChecked()
    qtbot.mouseClick(page.show_all_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == total and not window.act.only_problems.isChecked()


def test_save_writes_exact_bytes_and_keeps_a_backup(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    users_path = Path(window.paths[0]) / "users.csv"
    before = users_path.read_bytes()
    doc = window.document
    users = doc.table("users.csv")
    ident = users.col_index("identifier")
    r = users.column("identifier").index("20033")
    doc.set_cells("users.csv", [(r, ident, "00020033")])
    window.activateWindow()
    window.act.save.trigger()
    qtbot.waitUntil(lambda: not window.busy, timeout=10000)
    line = b"s-20033,,,TRUE,0101,student,20033,,Liam,O'Brien,,20033,,,,,03,"
    assert line in before
    fixed = b"s-20033,,,TRUE,0101,student,20033,,Liam,O'Brien,,00020033,,,,,03,"
    assert users_path.read_bytes() == before.replace(line, fixed)
    assert Path(str(users_path) + ".bak").read_bytes() == before
    assert not window.isWindowModified()
    assert not (Path(window.paths[0]) / "orgs.csv.bak").exists()  # untouched files are not rewritten


def test_export_shows_summary_and_go_back_writes_nothing(window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.app import saving
    from gui.panels import export as export_dialog

    shown = {}

    def fake_exec(dlg):  # type: ignore[no-untyped-def]
        shown["errors"], shown["warnings"] = dlg.errors, dlg.warnings
        shown["button"] = dlg.export_button.text()
        return 0  # "Go back"

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", fake_exec)
    monkeypatch.setattr(saving.QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "Roster.zip"), ""))
    assert window.act.export.isEnabled()
    window.act.export.trigger()
    assert shown == {"errors": 3, "warnings": 3, "button": "Export anyway…"} or shown["button"] == "Export anyway…"
    assert not (tmp_path / "Roster.zip").exists()


def test_export_anyway_writes_the_zip(window, monkeypatch, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    from gui.app import saving
    from gui.panels import export as export_dialog

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda dlg: 1)
    monkeypatch.setattr(saving.QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "Roster"), ""))
    done = []
    monkeypatch.setattr(saving.QMessageBox, "information", lambda *a, **k: done.append(a[2]))
    window.act.export.trigger()
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    with zipfile.ZipFile(tmp_path / "Roster.zip") as zf:
        assert "users.csv" in zf.namelist()


def test_close_with_unsaved_changes_asks(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from gui.app import file_actions

    doc = window.document
    doc.set_cells("orgs.csv", [(0, 0, "changed")])
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []

    def question(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return answers.pop(0)

    monkeypatch.setattr(file_actions.QMessageBox, "question", question)
    assert window.close() is False and window.isVisible()
    assert window.close() is True
    assert len(asked) == 2 and "not saved" in asked[0]


def test_drop_files_opens_them(qtbot, sample_dir, known_findings) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert w.stack.currentWidget() is w.start_page
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_dir / "users.csv")), QUrl.fromLocalFile(str(sample_dir / "orgs.csv"))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    w.dropEvent(event)
    qtbot.waitUntil(lambda: w.document is not None and not w.busy, timeout=10000)
    assert sorted(w.document.roster.names) == ["orgs.csv", "users.csv"]
    assert w.windowTitle() == f"{w.document.roster.name}[*] — Roster Prep"
    # it is remembered among the recent rosters
    assert w.recent_menu.actions() and w.start_page.recent.count() == 1
    w._drop_document()


def test_start_page_opens_the_sample(qtbot, known_findings) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.mouseClick(w.start_page.sample_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.document is not None and not w.busy, timeout=10000)
    assert "users.csv" in w.document.roster.names
    assert w.stack.currentWidget() is w.tabs
    w._drop_document()


def test_status_bar_shows_format_and_cell_address(window) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    assert window.status.format_label.text() == "UTF-8 · comma · CRLF · 9 rows"
    page.go_to(0, page.model.table.col_index("givenName"))
    assert window.status.cell_label.text() == "users.csv I2 · line 2, column givenName"


def test_geometry_and_letters_are_remembered(window, qtbot, known_findings) -> None:  # type: ignore[no-untyped-def]
    window.act.letters.trigger()
    assert page_of(window, "users.csv").model.headerData(0, Qt.Orientation.Horizontal) == "A · sourcedId"
    window.resize(1000, 700)
    window.save_settings()
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.act.letters.isChecked()
    assert not w2.settings.value("window/geometry").isEmpty()


def test_open_error_is_a_plain_message(qtbot, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.app import file_actions

    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    shown = []
    monkeypatch.setattr(file_actions.QMessageBox, "warning", lambda *a, **k: shown.append((a[1], a[2])))
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_paths([str(bad)])
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    title, text = shown[0]
    assert title == "Could not open empty.csv"
    assert "empty" in text and "Traceback" not in text
    assert w.document is None


def test_create_main_window_and_smoke_test(qtbot, capsys, known_findings) -> None:  # type: ignore[no-untyped-def]
    from gui.app.startup import log_path, main

    assert main(["--smoke-test"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Roster Prep smoke test OK: 8 files")
    assert os.path.exists(log_path())


def test_keyboard_moves_between_files_and_panes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=3000)
    window.tabs.setCurrentIndex(0)
    grid = window.current_grid()
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    qtbot.keyClick(window.current_grid(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    window.act.next_pane.trigger()
    assert window.problems.view.hasFocus()
    window.act.next_pane.trigger()
    assert window.profile.shapes.hasFocus()
    window.act.next_pane.trigger()
    assert window.current_grid().hasFocus()


def test_failed_save_says_what_to_do(window, monkeypatch, qtbot, no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    import core.io.csvwrite as csvwrite
    from core.errors import RosterError

    def refuse(table, backup=True):  # type: ignore[no-untyped-def]
        raise RosterError("could not save users.csv: Permission denied", where="/roster")

    monkeypatch.setattr(csvwrite, "save_table_in_place", refuse)
    window.document.set_cells("users.csv", [(0, 0, "x")])
    window.act.save.trigger()
    qtbot.waitUntil(lambda: any(k == "warning" for k, _ in no_modal_dialogs), timeout=5000)
    (text,) = [t for k, t in no_modal_dialogs if k == "warning"]
    assert text.startswith("Could not save: /roster: could not save users.csv: Permission denied.")
    assert "not open in Excel" in text
    assert window.isWindowModified() and window.tabs.isEnabled()


def test_ctrl_shift_f_applies_the_fix_of_the_selected_cell(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=3000)
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    users = page.model.table
    row = users.column("identifier").index("20033")
    page.go_to(row, users.col_index("identifier"))
    qtbot.keyClick(page.grid, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert users.cell(row, users.col_index("identifier")) == "00020033"
    assert window.document.undo_stack.count() == 1


def test_a_failed_background_check_is_tried_once_more(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core.live_check import LiveCheck

    calls = []
    real = LiveCheck.check_parts

    def flaky(self):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise IndexError("a row went away under the check")
        return real(self)

    monkeypatch.setattr(LiveCheck, "check_parts", flaky)
    window.document.recheck_now()
    qtbot.waitUntil(lambda: len(calls) == 2 and not window.busy, timeout=5000)
    assert window.tab_badge("users.csv") == "users.csv  ⛔2 ⚠2"


def test_undo_names_the_column_by_its_header(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    given = page.model.table.col_index("givenName")
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(0, given))
    qtbot.keyClicks(page.grid, "a")
    qtbot.keyClick(page.grid.focusWidget(), Qt.Key.Key_Return)
    assert window.document.undo_stack.undoText() == "Edit users.csv givenName"
    assert window.act.undo.text() == "&Undo Edit users.csv givenName"


def test_a_new_roster_shows_all_its_problems(window, qtbot, sample_dir) -> None:  # type: ignore[no-untyped-def]
    problems = window.problems
    box = problems.severity_box
    box.setCurrentIndex(box.findData("warning"))  # the admin looked at the warnings only
    assert problems.model.rowCount() < len(window.document.findings)
    window.open_paths([str(sample_dir / "users.csv"), str(sample_dir / "classes.csv")])
    qtbot.waitUntil(lambda: window.document is not None and len(window.document.roster.names) == 2 and not window.busy,
                    timeout=10000)
    assert box.currentData() is None and problems.file_box.currentData() is None and problems.kind_box.currentData() is None
    assert problems.model.rowCount() == len(window.document.findings) > 0
    assert any(f.severity == "error" for f in window.document.findings)
