"""File › Load a reference export… (and the Problems panel's button): the roster is checked against
a Renaissance export or an earlier clean export, the window says which, and it can be cleared."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from gui.app.main_window import MainWindow

USERS = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n"
)
ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"


def write_roster(folder: Path) -> Path:
    """A roster whose identifier 20033 lost its zeros (only the reference can tell) and whose
    second school is not in Renaissance."""
    folder.mkdir()
    (folder / "users.csv").write_bytes(
        (USERS + "u1,,,true,s1,student,ana,,Ana,Diaz,,20033,,,,,05,\r\n"
         "u2,,,true,s1,student,ben,,Ben,Lee,,51234,,,,,05,\r\n").encode()
    )
    (folder / "orgs.csv").write_bytes((ORGS + "s1,,,Maple School,school,1,\r\ns9,,,Oak School,school,9,\r\n").encode())
    return folder


def write_export(path: Path) -> Path:
    """Renaissance's export of the same site: the identifier with its zeros, only the first school."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("users.csv", USERS + "u1,,,true,s1,student,ana,,Ana,Diaz,,0020033,,,,,05,\r\n"
                                         "u2,,,true,s1,student,ben,,Ben,Lee,,51234,,,,,05,\r\n")
        zf.writestr("orgs.csv", ORGS + "s1,,,Maple School,school,1,\r\n")
    return path


def open_window(qtbot, paths: list[str]) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.open_paths(paths)
    qtbot.waitUntil(lambda: w.document is not None and not w.busy and w.document.complete, timeout=10000)
    return w


def codes(w: MainWindow) -> set[str]:
    assert w.document is not None
    return {f.code for f in w.document.findings}


def test_load_a_reference_export_from_the_file_menu(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, [str(write_roster(tmp_path / "roster"))])
    export = write_export(tmp_path / "OneRosterExport.zip")
    assert "damage.leading_zeros" not in codes(w)
    assert not w.act.clear_reference.isEnabled()
    assert w.problems.load_reference_button.isVisible() and not w.problems.reference_label.isVisible()
    asked = []

    def pick(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[1])
        return [str(export)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)
    assert w.act.load_reference in w.file_menu.actions()
    w.act.load_reference.trigger()
    qtbot.waitUntil(lambda: "damage.leading_zeros" in codes(w) and w.document.complete and not w.busy, timeout=10000)
    assert asked and "OneRosterExport.zip" in asked[0]
    (zeros,) = [f for f in w.document.findings if f.code == "damage.leading_zeros"]
    assert (zeros.file, zeros.row, zeros.column, zeros.fix) == ("users.csv", 0, "identifier", "0020033")
    # the school check: Oak School is not in Renaissance
    (org,) = [f for f in w.document.findings if f.code == "ref.org_not_in_reference"]
    assert org.value == "s9"
    assert w.document.reference is not None
    # which reference is loaded: in the status bar and the Problems panel
    assert w.status.reference_label.isVisible() and w.status.reference_label.text() == "Reference: OneRosterExport.zip"
    assert w.problems.reference_label.text() == "Checked against OneRosterExport.zip (2 files)"
    assert str(export) in w.problems.reference_label.toolTip()
    assert w.problems.clear_reference_button.isVisible() and w.act.clear_reference.isEnabled()
    # cleared: the roster is checked by itself again
    w.problems.clear_reference_button.click()
    qtbot.waitUntil(lambda: "damage.leading_zeros" not in codes(w) and w.document.complete and not w.busy, timeout=10000)
    assert w.document.reference is None
    assert "ref.org_not_in_reference" not in codes(w)
    assert not w.status.reference_label.isVisible() and not w.problems.reference_label.isVisible()
    assert w.problems.load_reference_button.isVisible() and not w.act.clear_reference.isEnabled()
    w._drop_document()


def test_the_problems_panel_button_loads_a_reference_folder_of_csv_files(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, [str(write_roster(tmp_path / "roster"))])
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    with zipfile.ZipFile(write_export(tmp_path / "e.zip")) as zf:
        zf.extractall(earlier)
    picked = [str(earlier / "users.csv"), str(earlier / "orgs.csv")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (picked, ""))
    button = w.problems.load_reference_button
    assert button.text().replace("&", "") == "Load a reference export…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "damage.leading_zeros" in codes(w) and not w.busy, timeout=10000)
    assert w.problems.reference_label.text() == "Checked against earlier (2 files)"
    assert w.status.reference_label.text() == "Reference: earlier"
    w._drop_document()


def test_a_reference_that_cannot_be_read_gets_the_plain_message_box(qtbot, tmp_path, monkeypatch, no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, [str(write_roster(tmp_path / "roster"))])
    bad = tmp_path / "photos.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("readme.md", "not a roster")
    other = tmp_path / "grades.csv"
    other.write_bytes(b"student,grade\r\n1,A\r\n")
    for path, says in ((bad, "photos.zip holds no CSV, TXT or XLSX files to open."),
                       (other, "grades.csv holds none of this roster's files (orgs.csv, users.csv); it has grades.csv.")):
        no_modal_dialogs.clear()
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, p=path, **k: ([str(p)], ""))
        w.act.load_reference.trigger()
        qtbot.waitUntil(lambda: bool(no_modal_dialogs) and not w.busy, timeout=10000)
        ((kind, text),) = no_modal_dialogs
        assert kind == "warning"
        title, body = text.split(": ", 1)
        assert title == f"Could not load {path.name} as the reference"
        assert body.startswith(says[:1].upper() + says[1:])
        assert "OneRosterExport.zip" in body  # what to choose instead
        assert "Traceback" not in body
    assert w.document.reference is None and not w.status.reference_label.isVisible()
    w._drop_document()


def test_another_roster_starts_without_the_reference_and_the_same_one_reread_keeps_it(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    roster = write_roster(tmp_path / "roster")
    w = open_window(qtbot, [str(roster)])
    export = write_export(tmp_path / "OneRosterExport.zip")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(export)], ""))
    w.act.load_reference.trigger()
    qtbot.waitUntil(lambda: w.document.reference is not None and not w.busy, timeout=10000)
    w.open_paths([str(roster)])  # the same roster read again
    qtbot.waitUntil(lambda: not w.busy and w.document.complete and "damage.leading_zeros" in codes(w), timeout=10000)
    assert w.document.reference is not None and w.status.reference_label.isVisible()
    other = write_roster(tmp_path / "other")
    w.open_paths([str(other)])
    qtbot.waitUntil(lambda: not w.busy and w.document.complete and "orgs.csv" in w.document.roster.names
                    and w.paths == [str(other)], timeout=10000)
    assert w.document.reference is None and not w.status.reference_label.isVisible()
    assert "damage.leading_zeros" not in codes(w)
    w._drop_document()
