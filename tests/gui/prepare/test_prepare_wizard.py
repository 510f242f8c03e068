"""The Prepare Renaissance import wizard, driven page by page with clicks and keys."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QWizard

from core.roster import Roster
from gui.prepare.wizard import EMPTY, PrepareWizard

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "prepare"
NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton


def partial_extract(dest: Path) -> str:
    """The SIS spec set without South Middle's users, classes and enrollments."""
    shutil.copytree(FIXTURES / "sis_spec", dest)
    for name, col in (("users.csv", "orgSourcedIds"), ("classes.csv", "schoolSourcedId"), ("enrollments.csv", "schoolSourcedId")):
        rows = list(csv.reader(io.StringIO((dest / name).read_text(encoding="utf-8"), newline="")))
        i = rows[0].index(col)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows([rows[0]] + [r for r in rows[1:] if r[i] != "s-south"])
        (dest / name).write_text(buf.getvalue(), encoding="utf-8", newline="")
    return str(dest)


@pytest.fixture
def wizard(qtbot):
    w = PrepareWizard()
    qtbot.addWidget(w)
    w.show()
    return w


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def next_page(qtbot, w: PrepareWizard) -> None:
    before = w.currentId()
    click(qtbot, w.button(NEXT))
    # files are read and records built in the background; the wizard moves on when they are
    qtbot.waitUntil(lambda: w.currentId() == before + 1)


def choose_inputs(qtbot, w: PrepareWizard, monkeypatch, template: str, sis: list[str]) -> None:
    page = w.sources_page
    assert not w.button(NEXT).isEnabled()
    qtbot.keyClicks(page.template_edit, template)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (sis, "")))
    click(qtbot, page.add_files_button)
    assert page.sis_list.paths() == sis
    assert w.button(NEXT).isEnabled()


def test_whole_flow_with_10_headers_and_a_changed_match(qtbot, wizard, monkeypatch):
    w = wizard
    choose_inputs(qtbot, w, monkeypatch, str(FIXTURES / "template"), [str(FIXTURES / "sis_10")])
    next_page(qtbot, w)

    # page 2: users.csv, matched through vendor spellings; move the SIS "Homeroom" column into middleName
    mp = w.matching_page
    assert mp.files.item(0).text() == "orgs.csv (7/9)"
    mp.files.setCurrentRow(1)
    assert mp.file == "users.csv"
    # a 1.0 set has no enabledUser, which Renaissance requires in 1.1
    assert mp.files.item(1).text() == "users.csv (14/25, 1 required empty)"
    enabled = w.prep.matchings["users.csv"].template_columns.index("enabledUser")
    assert mp.table.item(enabled, 0).font().bold() and mp.table.item(enabled, 3).text() == "required: no SIS column"
    assert mp.table.item(enabled + 1, 0).font().bold()  # orgSourcedIds, matched
    assert not mp.table.item(enabled - 1, 0).font().bold()  # dateLastModified
    assert mp.combos["sourcedId"].currentText() == "sourceID"
    assert mp.combos["agentSourcedIds"].currentText() == "agentSourceIds"
    assert mp.combos["renaissanceId"].currentText() == EMPTY
    row = w.prep.matchings["users.csv"].template_columns.index("givenName")
    assert mp.table.item(row, 2).text() == "Nora1, Nora2, Nora3"
    assert mp.table.item(row, 3).text() == "different case"
    assert mp.dropped.text().endswith("Homeroom")
    combo = mp.combos["middleName"]
    combo.setFocus()
    qtbot.keyClicks(combo, "Homeroom")
    assert combo.currentText() == "Homeroom"
    assert w.prep.matchings["users.csv"].pairs["middleName"] == "Homeroom"
    assert mp.dropped.text() == "Every SIS column has a place in the template."
    next_page(qtbot, w)

    # page 3: records
    rp = w.records_page
    assert [rp.table.item(1, c).text() for c in range(5)] == ["users.csv", "14", "12", "2", "users.csv"]
    assert rp.orgs_label.text() == "Every organization already exists in Renaissance."
    assert rp.left_out.text() == "No files were left out."
    next_page(qtbot, w)

    # page 4: the template's version is the default; 1.0 lists what it cannot carry
    vp = w.version_page
    assert vp.radio_11.isChecked()
    assert "export is OneRoster 1.1; the SIS data looks like OneRoster 1.0" in vp.about.text()
    assert vp.summary.text() == "Every value fits in OneRoster 1.1."
    click(qtbot, vp.radio_10)
    assert w.version == "1.0"
    qtbot.waitUntil(lambda: vp.radio_10.isEnabled())
    # 1.0 has no middleName: the column just matched cannot be carried
    assert vp.summary.text() == "OneRoster 1.0 cannot carry 14 values from the SIS data; they are listed below."
    assert {(vp.table.item(r, 1).text(), vp.table.item(r, 3).text()) for r in range(vp.table.rowCount())} == {("middleName", "R1")}
    assert w.preparation().roster.names[0] == "orgs.csv"
    click(qtbot, vp.radio_11)
    assert vp.radio_10.isEnabled()  # 1.1 was built already: no second build
    next_page(qtbot, w)

    # page 5: no large drop, so Finish is open
    cp = w.compare_page
    assert not cp.understand.isVisible()
    assert cp.warning.text() == "No school loses most of its students, classes or enrollments."
    # the counts are those of the checked document the window will open, once its check is done
    qtbot.waitUntil(lambda: w.checked_document().complete, timeout=10000)
    found = w.checked_document().findings
    errors = sum(f.severity == "error" for f in found)
    warnings = sum(f.severity == "warning" for f in found)
    assert cp.after.text().startswith(
        f"Roster Prep's checks found {errors:,} error{'s' if errors != 1 else ''} and {warnings:,} warning"
    )
    assert cp.table.item(0, 0).text() == "North Elementary (s-north)"
    assert [cp.table.item(0, c).text() for c in range(1, 4)] == ["1", "1", "6"]
    assert w.button(FINISH).isEnabled()
    click(qtbot, w.button(FINISH))
    roster = w.result_roster()
    assert isinstance(roster, Roster)
    assert roster.names == ["manifest.csv", "orgs.csv", "users.csv", "courses.csv", "classes.csv", "enrollments.csv", "academicSessions.csv", "demographics.csv"]
    users = roster["users.csv"]
    assert users.column("middleName")[0] == "R1"
    assert users.column("renaissanceId")[0] == "90000200-3e8c-49c4-8960-dc625d3cd6aa"
    assert w.template_roster() is w.prep.template


def test_unreadable_input_keeps_the_first_page(qtbot, wizard, monkeypatch, tmp_path):
    bad = tmp_path / "OneRosterExport.zip"
    bad.write_bytes(b"this is not a zip")
    choose_inputs(qtbot, wizard, monkeypatch, str(bad), [str(FIXTURES / "sis_spec")])
    click(qtbot, wizard.button(NEXT))
    qtbot.waitUntil(lambda: wizard.sources_page.error.text() != "")
    assert wizard.currentId() == 0
    assert wizard.sources_page.error.text().startswith("The Renaissance export could not be read: ")
    assert wizard.button(NEXT).isEnabled() and wizard.sources_page.template_edit.isEnabled()
    assert wizard.result_roster() is None


def test_aeries_zip_records_page_shows_missing_orgs_and_left_out_files(qtbot, wizard, monkeypatch, tmp_path):
    z = tmp_path / "aeries.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in sorted((FIXTURES / "aeries").iterdir()):
            zf.write(f, f.name)
    choose_inputs(qtbot, wizard, monkeypatch, str(FIXTURES / "template"), [str(z)])
    next_page(qtbot, wizard)
    assert wizard.matching_page.files.item(6).text() == "demographics.csv (not in SIS data)"
    next_page(qtbot, wizard)
    rp = wizard.records_page
    assert rp.orgs_label.text() == "2 organizations do not exist in Renaissance: these are errors to fix before uploading."
    assert [rp.orgs.item(i).text() for i in range(rp.orgs.count())] == [
        "orgs.csv, line 3: The organization South Middle has the ID 994 here, but Renaissance knows it as s-south",
        "orgs.csv, line 4: The organization Summer Academy (995) does not exist in Renaissance",
    ]
    assert rp.left_out.text() == "Left out of the upload (Renaissance does not take them): categories.csv, lineItems.csv, results.csv"
    # Renaissance has South Middle under another ID: choose it, and the error goes away
    assert [rp.org_map.item(r, 0).text() for r in range(rp.org_map.rowCount())] == ["994", "995"]
    combo = rp.org_combos["994"]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "(none: stays an error)", "Lakeside District (d1)", "North Elementary (s-north)", "South Middle (s-south) (same name)",
    ]
    combo.setFocus()
    qtbot.keyClicks(combo, "South")
    assert wizard.prep.org_ids == {"994": "s-south"}
    qtbot.waitUntil(lambda: rp.orgs.count() == 1)
    assert rp.orgs_label.text() == "1 organization does not exist in Renaissance: this is an error to fix before uploading."
    # the mapped org stays listed, so the choice can be undone
    assert [rp.org_map.item(r, 0).text() for r in range(rp.org_map.rowCount())] == ["994", "995"]
    assert rp.org_combos["994"].currentData() == "s-south"
    assert wizard.preparation().roster["classes.csv"].column("schoolSourcedId") == ["s-south", "s-south"]
    next_page(qtbot, wizard)
    vp = wizard.version_page
    click(qtbot, vp.radio_10)
    qtbot.waitUntil(lambda: vp.radio_10.isEnabled())
    assert vp.summary.text() == "OneRoster 1.0 cannot carry 13 values from the SIS data; they are listed below."
    rows = [[vp.table.item(r, c).text() for c in range(5)] for r in range(vp.table.rowCount())]
    assert ["classes.csv", "termSourcedIds", "2", "994_F,994_S", "994_F"] in rows
    assert ["enrollments.csv", "beginDate", "2", "2025-08-15", "(left out)"] in rows
    next_page(qtbot, wizard)
    # the Aeries extract has none of North's or South's students: a large drop to acknowledge
    assert not wizard.button(FINISH).isEnabled()
    click(qtbot, wizard.compare_page.understand)
    click(qtbot, wizard.button(FINISH))
    roster = wizard.result_roster()
    assert roster is not None and "manifest.csv" not in roster.names and len(roster.names) == 7


def test_partial_extract_needs_i_understand_before_finish(qtbot, wizard, monkeypatch, tmp_path):
    choose_inputs(qtbot, wizard, monkeypatch, str(FIXTURES / "template"), [partial_extract(tmp_path / "partial")])
    for _ in range(4):
        next_page(qtbot, wizard)
    cp = wizard.compare_page
    assert cp.warning.isVisible() and cp.understand.isVisible()
    assert "South Middle: 6 students in Renaissance, 0 in this upload (100% fewer)" in cp.warning.text()
    assert not wizard.button(FINISH).isEnabled()
    click(qtbot, cp.understand)
    assert wizard.button(FINISH).isEnabled()
    click(qtbot, cp.understand)
    assert not wizard.button(FINISH).isEnabled()


def test_each_kind_of_change_opens_as_a_list(qtbot, wizard, monkeypatch):
    choose_inputs(qtbot, wizard, monkeypatch, str(FIXTURES / "template"), [str(FIXTURES / "sis_spec")])
    for _ in range(4):
        next_page(qtbot, wizard)
    cp = wizard.compare_page
    # row 0 = North Elementary, column 3 = users changed
    rect = cp.table.visualRect(cp.table.model().index(0, 3))
    qtbot.mouseClick(cp.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(cp.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dlg = cp.last_dialog
    assert dlg is not None and dlg.windowTitle() == "Users changed, North Elementary (s-north)"
    assert [dlg.table.item(0, c).text() for c in range(3)] == ["n1", "Nora1 Lind-Park", "familyName: 'Lind' → 'Lind-Park'"]
    dlg.close()
    # the "Show list" button opens the list of the current cell: all schools, users added
    cp.table.setCurrentCell(cp.table.rowCount() - 1, 1)
    click(qtbot, cp.list_button)
    assert cp.last_dialog.windowTitle() == "Users added, All schools"
    assert [cp.last_dialog.table.item(r, 0).text() for r in range(cp.last_dialog.table.rowCount())] == ["n7", "s7"]
    cp.last_dialog.close()
    assert cp.open_list(0, 0) is None  # the school name column is not a list
    # from the keyboard: Enter on a number opens its list
    cp.table.setFocus()
    cp.table.setCurrentCell(1, 1)
    qtbot.keyClick(cp.table, Qt.Key.Key_Return)
    assert cp.last_dialog.windowTitle() == "Users added, South Middle (s-south)"
    cp.last_dialog.close()


def test_save_and_load_matching(qtbot, wizard, monkeypatch, tmp_path):
    choose_inputs(qtbot, wizard, monkeypatch, str(FIXTURES / "template"), [str(FIXTURES / "sis_10")])
    next_page(qtbot, wizard)
    mp = wizard.matching_page
    mp.files.setCurrentRow(1)
    mp.combos["middleName"].setCurrentText("Homeroom")
    path = str(tmp_path / "matching.json")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (path, "")))
    click(qtbot, mp.save_button)
    assert mp.note.text() == "Saved to matching.json."
    mp.combos["middleName"].setCurrentText(EMPTY)
    assert wizard.prep.matchings["users.csv"].pairs["middleName"] is None
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (path, "")))
    click(qtbot, mp.load_button)
    assert mp.note.text() == "Loaded matching.json."
    assert mp.combos["middleName"].currentText() == "Homeroom"
    assert wizard.prep.matchings["users.csv"].pairs["middleName"] == "Homeroom"


def test_drop_sis_folder_on_the_list(qtbot, wizard):
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(FIXTURES / "sis_spec"))])
    lst = wizard.sources_page.sis_list
    ev = QDropEvent(QPoint(5, 5).toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    lst.dropEvent(ev)
    assert lst.paths() == [str(FIXTURES / "sis_spec")]


def test_open_prepare_wizard_opens_the_result_checked_against_the_export(qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog, QWidget

    import gui.prepare.wizard as pw

    def run(self):  # stands in for exec(): the user goes through every page and finishes
        self.show()  # what exec() does first
        self.sources_page.template_edit.setText(str(FIXTURES / "template"))
        self.sources_page.sis_list.add_paths([str(FIXTURES / "sis_spec")])
        for page in range(1, 5):
            self.next()
            qtbot.waitUntil(lambda page=page: self.currentId() == page)
        self.accept()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(pw.PrepareWizard, "exec", run)

    from gui.background.workers import TaskRunner

    class Window(QWidget):
        def __init__(self):
            super().__init__()
            self.opened = None
            self.runner = TaskRunner(self)

        def close_roster(self):
            return True

        def set_roster(self, roster, paths, *, document=None):
            document.setParent(self)  # the window adopts the document: the wizard is deleted next
            self.opened = (roster, paths, document)
            return document

    win = Window()
    qtbot.addWidget(win)
    assert pw.open_prepare_wizard(win) is True
    roster, paths, doc = win.opened
    assert paths == [] and roster.names[0] == "manifest.csv" and doc.roster is roster
    assert doc.profile == "renaissance" and doc.reference.table("users.csv") is not None
    qtbot.waitUntil(lambda: doc.complete, timeout=10000)  # checked through the window's runner
    win.runner.wait_for_done()

    monkeypatch.setattr(pw.PrepareWizard, "exec", lambda self: QDialog.DialogCode.Rejected.value)
    win.opened = None
    assert pw.open_prepare_wizard(win) is False and win.opened is None


def test_reading_in_the_background_locks_the_page_and_survives_cancel(qtbot, wizard, monkeypatch):
    import threading

    import gui.prepare.sources as sources  # the page looks _read_inputs up in its own module

    release = threading.Event()
    real = sources._read_inputs

    def slow(template, sis, progress):
        progress.report(0.0, "Reading the Renaissance export")
        release.wait(10)
        return real(template, sis, progress)

    monkeypatch.setattr(sources, "_read_inputs", slow)
    choose_inputs(qtbot, wizard, monkeypatch, str(FIXTURES / "template"), [str(FIXTURES / "sis_spec")])
    click(qtbot, wizard.button(NEXT))
    page = wizard.sources_page
    assert page.worker is not None
    assert not wizard.button(NEXT).isEnabled() and not page.template_edit.isEnabled() and not page.add_files_button.isEnabled()
    qtbot.waitUntil(lambda: page.status.text() == "Reading the Renaissance export…")
    release.set()
    qtbot.waitUntil(lambda: wizard.currentId() == 1)
    assert page.worker is None and page.status.text() == ""

    # Back, then Next again with the same files: no second read
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    release.clear()
    click(qtbot, wizard.button(NEXT))
    assert wizard.currentId() == 1

    # different files, then Cancel while they are read: the wizard closes and nothing breaks
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    page.sis_list.add_paths([str(FIXTURES / "sis_10")])
    click(qtbot, wizard.button(NEXT))
    assert page.worker is not None
    worker = page.worker
    wizard.reject()
    assert worker.cancel_flag.cancelled
    release.set()
    qtbot.waitUntil(lambda: page.worker is None)
    assert wizard.result_roster() is None


def test_long_change_lists_are_cut(qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel

    import gui.prepare.compare as pc  # the dialog looks LIST_LIMIT up in its own module
    from core.prepare.compare import Change

    monkeypatch.setattr(pc, "LIST_LIMIT", 3)
    changes = [Change("enrollments", "removed", "s1", f"e{i}") for i in range(5)]
    dlg = pc.ChangesDialog("Enrollments removed, All schools", changes)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 3
    assert dlg.findChildren(QLabel)[0].text() == "Enrollments removed, All schools: 5 (the first 3 are listed)"


def test_main_window_file_menu_opens_the_prepared_roster(qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    import gui.prepare.wizard as pw
    from gui.app.main_window import MainWindow

    last_page: list[str] = []

    def run(self):  # the user goes through every page, reads the last one, and finishes
        self.show()
        self.sources_page.template_edit.setText(str(FIXTURES / "template"))
        self.sources_page.sis_list.add_paths([str(FIXTURES / "sis_10")])
        for page in range(1, 5):
            self.next()
            qtbot.waitUntil(lambda page=page: self.currentId() == page)
        qtbot.waitUntil(lambda: self.compare_page.after.text().startswith("Roster Prep's checks found"), timeout=10000)
        last_page.append(self.compare_page.after.text())
        self.accept()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(pw.PrepareWizard, "exec", run)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert w.act.prepare in w.file_menu.actions()
    w.act.prepare.trigger()
    qtbot.waitUntil(lambda: w.document is not None and not w.busy, timeout=10000)
    doc = w.document
    assert doc.profile == "renaissance" and doc.reference is not None
    assert [w.tabs.tabText(i).split()[0] for i in range(w.tabs.count())][:2] == ["manifest.csv", "orgs.csv"]
    # the wizard's last page counted exactly what the window shows
    qtbot.waitUntil(lambda: doc.complete, timeout=10000)
    errors = sum(f.severity == "error" for f in doc.findings)
    warnings = sum(f.severity == "warning" for f in doc.findings)
    (said,) = last_page
    assert said.startswith(f"Roster Prep's checks found {errors:,} error{'s' if errors != 1 else ''} and {warnings:,} warning")
    assert errors + warnings > 0  # a roster with problems, so the two counts say something
    summary = w.problems.summary.text()
    assert (f"{errors:,} error" in summary) if errors else "error" not in summary


def test_drop_export_on_the_template_field(qtbot, wizard):
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(FIXTURES / "template"))])
    edit = wizard.sources_page.template_edit
    edit.dropEvent(QDropEvent(QPoint(5, 5).toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    assert edit.text() == str(FIXTURES / "template")


def test_records_are_built_in_the_background_with_the_page_locked(qtbot, wizard, monkeypatch):
    import threading

    from core.prepare import Preparation

    choose_inputs(qtbot, wizard, monkeypatch, str(FIXTURES / "template"), [str(FIXTURES / "sis_spec")])
    next_page(qtbot, wizard)
    release = threading.Event()
    real = Preparation.run

    def slow(self, version=None):
        release.wait(10)
        return real(self, version)

    monkeypatch.setattr(Preparation, "run", slow)
    mp = wizard.matching_page
    click(qtbot, wizard.button(NEXT))
    assert wizard.building is not None
    assert not mp.table.isEnabled() and not wizard.button(NEXT).isEnabled()
    assert mp.note.text() == "Building the records…"
    release.set()
    qtbot.waitUntil(lambda: wizard.currentId() == 2)
    assert wizard.building is None and mp.table.isEnabled()


def test_a_failed_build_is_said_on_the_page(qtbot, wizard, monkeypatch):
    from core.prepare import Preparation

    choose_inputs(qtbot, wizard, monkeypatch, str(FIXTURES / "template"), [str(FIXTURES / "sis_spec")])
    next_page(qtbot, wizard)

    def broken(self, version=None):
        raise MemoryError

    monkeypatch.setattr(Preparation, "run", broken)
    click(qtbot, wizard.button(NEXT))
    qtbot.waitUntil(lambda: wizard.building is None)
    assert wizard.currentId() == 1
    assert wizard.matching_page.subTitle() == "The files are too large for this computer's memory."
    assert wizard.button(NEXT).isEnabled()


def test_school_rows_stay_in_place_after_a_choice(qtbot, wizard, monkeypatch, tmp_path):
    z = tmp_path / "aeries.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in sorted((FIXTURES / "aeries").iterdir()):
            zf.write(f, f.name)
    choose_inputs(qtbot, wizard, monkeypatch, str(FIXTURES / "template"), [str(z)])
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    rp = wizard.records_page
    orgs = lambda: [rp.org_map.item(r, 0).text() for r in range(rp.org_map.rowCount())]  # noqa: E731
    assert orgs() == ["994", "995"]
    # a school for the second row: it stays the second row, and its box keeps the focus
    combo = rp.org_combos["995"]
    combo.setFocus()
    qtbot.keyClicks(combo, "Lakeside")
    assert wizard.prep.org_ids == {"995": "d1"}
    qtbot.waitUntil(lambda: rp.org_combos.get("995") is not combo and rp.org_map.isEnabled())
    assert orgs() == ["994", "995"]
    assert rp.org_map.currentRow() == 1 and rp.org_combos["995"].hasFocus()
    assert rp.org_combos["995"].currentData() == "d1"
    # then the first row, and undoing the second: still the same order
    rp.org_combos["994"].setCurrentIndex(rp.org_combos["994"].findData("s-south"))
    qtbot.waitUntil(lambda: wizard.prep.org_ids.get("994") == "s-south" and rp.org_map.isEnabled() and rp.org_combos["994"].currentData() == "s-south")
    rp.org_combos["995"].setCurrentIndex(0)
    qtbot.waitUntil(lambda: "995" not in wizard.prep.org_ids and rp.org_map.isEnabled() and rp.org_combos["995"].currentIndex() == 0)
    assert orgs() == ["994", "995"]
