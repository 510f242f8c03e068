"""At start, unsaved work from every roster that was open when Roster Prep stopped is listed, with its
name, file count and time, to restore or discard; a Prepare wizard's result comes back too."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from core.edits import DeleteRows, InsertRows, SetCells
from core.io.load import load_roster
from core.prepare import Preparation
from core.recovery import Journal, copy_roster, pending_journals, read_journal
from core.roster import Roster
from tests.gui.helpers import visible_texts

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "prepare"


def shown(dlg) -> list[str]:  # type: ignore[no-untyped-def]
    """The dialog's texts as the admin reads them (rich text without its tags)."""
    return [re.sub(r"<[^>]+>", "", t.replace("<br>", "\n")) for t in visible_texts(dlg)]


def journal_dir() -> Path:
    return Path(os.environ["ROSTERPREP_DATA_DIR"]) / "journal"


def crashed(j: Journal) -> None:
    """As if written by a program that is no longer running."""
    j.close()
    j.path.write_text(j.path.read_text(encoding="utf-8").replace(f'"pid":{os.getpid()}', '"pid":999999999'), encoding="utf-8")


def prepared() -> Roster:
    """What the wizard makes of the fixtures: a roster in memory only."""
    template = load_roster([str(FIXTURES / "template")])
    sis = load_roster([str(FIXTURES / "sis_spec")])
    return Preparation(template, sis).run("1.1").roster


def wizard_journal(edits: list) -> tuple[Journal, Roster]:  # type: ignore[type-arg]
    """A crashed session's journal of a wizard result, and the roster as the session had it."""
    roster = prepared()
    j = Journal.create(journal_dir(), roster, [], snapshot=copy_roster(roster),
                       check={"profile": "renaissance", "reference": [str(FIXTURES / "template")]})
    for e in edits:
        e.apply(roster)
        j.append(e)
    crashed(j)
    return j, roster


def file_journal(sample_dir: Path, value: str) -> Journal:
    roster = load_roster([str(sample_dir)])
    j = Journal.create(journal_dir(), roster, [str(sample_dir)])
    j.append(SetCells("users.csv", [(0, roster["users.csv"].col_index("givenName"), value)]))
    crashed(j)
    return j


def start_window(qtbot):  # type: ignore[no-untyped-def]
    from gui.app.startup import create_main_window

    w = create_main_window([])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.autosave.recovery_dialog is not None and w.autosave.recovery_dialog.isVisible())
    return w


def close_window(w) -> None:  # type: ignore[no-untyped-def]
    w.runner.wait_for_done()
    w._drop_document()


def test_the_list_shows_every_roster_and_restores_the_chosen_files(qtbot, sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    wj, _ = wizard_journal([SetCells("users.csv", [(0, 1, "x")])])
    fj = file_journal(sample_dir, "Mia")
    w = start_window(qtbot)
    dlg = w.autosave.recovery_dialog
    assert dlg.windowTitle() == "Restore unsaved work"
    texts = shown(dlg)
    assert texts[0].startswith("Roster Prep stopped before the work on 2 rosters was saved.")
    # newest first: the file roster's journal was written last
    assert texts[1].startswith("sample (8 files): 1 unsaved edit\nLast edit today at ")
    assert texts[1].endswith(f", in {os.path.normcase(os.path.abspath(sample_dir))}")
    assert texts[4].startswith("Roster made with Prepare Renaissance import (8 files), not saved yet\n1 edit after it; last change today at ")
    assert texts.count("Restore") == 2 and texts.count("Discard") == 2 and texts[-1] == "Decide later"
    restore, _ = dlg.buttons_for(next(j for j in dlg.pending if j.path == fj.path))
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: w.document is not None and w.document.undo_stack.count() == 1 and not w.busy, timeout=20000)
    users = w.document.table("users.csv")
    assert users.cell(0, users.col_index("givenName")) == "Mia"
    assert w.document.undo_stack.text(0).startswith("Restore 1 unsaved edit")
    assert not fj.path.exists()
    assert wj.path.exists()  # the other roster's work waits for the next start
    close_window(w)


def test_a_wizard_result_comes_back_with_its_edits_and_its_check(qtbot) -> None:  # type: ignore[no-untyped-def]
    fresh = prepared()
    given = fresh["users.csv"].col_index("givenName")
    j, expected = wizard_journal([
        SetCells("users.csv", [(0, given, "Nora-Restored")]),
        InsertRows("orgs.csv", 1, [["o-new"] + [""] * (fresh["orgs.csv"].ncols - 1)]),
        DeleteRows("enrollments.csv", [0]),
    ])
    snapshot_folder = j.path.parent / read_journal(j.path).header["snapshot"]["folder"]
    w = start_window(qtbot)
    dlg = w.autosave.recovery_dialog
    (pending,) = dlg.pending
    restore, _ = dlg.buttons_for(pending)
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.document is not None and w.document.undo_stack.count() == 1 and not w.busy, timeout=20000)
    doc = w.document
    assert doc.roster.name == "Roster.zip" and doc.roster.names == expected.names
    assert [t.columns for t in doc.roster.tables] == [t.columns for t in expected.tables]
    assert [t.header for t in doc.roster.tables] == [t.header for t in expected.tables]
    # checked as the wizard's result was: Renaissance's rules, against the export read again
    assert doc.profile == "renaissance" and doc.reference is not None and doc.reference.table("users.csv") is not None
    # still a roster with no file: unsaved, and kept for recovery again under a new journal
    assert doc.unsaved_roster and w.isWindowModified()
    assert not j.path.exists() and not snapshot_folder.exists()
    qtbot.waitUntil(lambda: len(pending_journals(journal_dir(), include_running=True)) == 1)
    (again,) = pending_journals(journal_dir(), include_running=True)
    assert again.has_snapshot and again.count == 3
    assert "Restored Roster.zip as Prepare Renaissance import made it, and 3 unsaved edits." in w.status.currentMessage()
    # undo takes the edits back out, down to the wizard's own result
    doc.undo_stack.undo()
    assert [t.columns for t in doc.roster.tables] == [t.columns for t in prepared().tables]
    close_window(w)


def test_discard_removes_it_after_asking(qtbot, sample_dir: Path, no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    wj, _ = wizard_journal([])
    fj = file_journal(sample_dir, "Mia")
    w = start_window(qtbot)
    dlg = w.autosave.recovery_dialog
    first = next(j for j in dlg.pending if j.path == wj.path)
    _, discard = dlg.buttons_for(first)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)  # the question is answered "Discard"
    assert no_modal_dialogs[-1][0] == "question" and "cannot be undone" in no_modal_dialogs[-1][1]
    assert not wj.path.exists() and not list(journal_dir().glob("*.files"))
    assert len(dlg.rows) == 1 and dlg.isVisible()
    assert shown(dlg)[0].startswith("Roster Prep stopped before this work was saved.")
    _, discard = dlg.buttons_for(dlg.pending[0])
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not fj.path.exists() and not dlg.isVisible()
    assert pending_journals(journal_dir()) == []
    assert w.document is None
    close_window(w)


def test_discard_cancelled_keeps_it(qtbot, sample_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    fj = file_journal(sample_dir, "Mia")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    w = start_window(qtbot)
    dlg = w.autosave.recovery_dialog
    qtbot.mouseClick(dlg.buttons_for(dlg.pending[0])[1], Qt.MouseButton.LeftButton)
    assert fj.path.exists() and dlg.isVisible()
    qtbot.mouseClick(dlg.later_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible() and fj.path.exists() and w.document is None
    close_window(w)


def test_files_gone_cannot_be_restored_but_can_be_discarded(qtbot, sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    fj = file_journal(sample_dir, "Mia")
    for f in sample_dir.iterdir():
        f.unlink()
    sample_dir.rmdir()
    w = start_window(qtbot)
    dlg = w.autosave.recovery_dialog
    restore, discard = dlg.buttons_for(dlg.pending[0])
    assert not restore.isEnabled() and discard.isEnabled()
    assert any("no longer there" in t for t in shown(dlg))
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not fj.path.exists()
    close_window(w)


def test_a_long_list_fits_a_1366x768_screen(qtbot, sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.app.recovery_dialog import RecoveryDialog

    for i in range(12):
        file_journal(sample_dir, f"v{i}")
    dlg = RecoveryDialog(pending_journals(journal_dir()))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert len(dlg.rows) == 12
    frame = dlg.frameGeometry()
    assert frame.width() <= 1366 and frame.height() <= 768 - 40  # the taskbar
    assert dlg.scroll_area.verticalScrollBar().maximum() > 0  # the rows scroll instead


def test_a_wizard_result_is_kept_for_recovery_from_the_moment_it_opens_and_saves_with_one_dialog(
    qtbot, tmp_path: Path, monkeypatch, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    from gui.app.startup import create_main_window

    w = create_main_window([])
    qtbot.addWidget(w)
    w.show()
    roster = prepared()
    doc = w.set_roster(roster, [])
    assert doc.unsaved_roster and w.isWindowModified()
    # the result itself is unsaved work: a journal with a snapshot, before any edit
    qtbot.waitUntil(lambda: w.autosave.journal is not None and not w.busy, timeout=20000)
    users = doc.table("users.csv")
    given = users.col_index("givenName")
    doc.set_cells("users.csv", [(1, given, "Edited")], "Edit")
    doc.insert_rows("users.csv", 0, [["n"] * users.ncols])
    (p,) = pending_journals(journal_dir(), include_running=True)
    assert p.has_snapshot and p.count == 2
    # what a restart would rebuild from it is exactly the roster on screen
    rebuilt = p.load_snapshot()
    for e in p.edits:
        e.apply(rebuilt)
    assert [t.columns for t in rebuilt.tables] == [t.columns for t in doc.roster.tables]
    # undoing every edit does not drop the wizard's result: it was never saved
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.undo_stack.isClean() and len(pending_journals(journal_dir(), include_running=True)) == 1

    # Save: one dialog, a Roster.zip by default; no "came from a zip file", no "Done" box
    asked = []
    target = tmp_path / "out" / "Roster.zip"
    target.parent.mkdir()

    def save_dialog(parent, title, start, filters):  # type: ignore[no-untyped-def]
        asked.append((title, start, filters))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    shown_before = len(no_modal_dialogs)
    assert w.files.save(wait=True)
    assert len(asked) == 1 and asked[0][1].endswith("Roster.zip") and asked[0][2] == "Zip files (*.zip)"
    assert no_modal_dialogs[shown_before:] == []
    with zipfile.ZipFile(target) as zf:
        assert "users.csv" in zf.namelist()
    assert not doc.unsaved_roster and not w.isWindowModified()
    assert pending_journals(journal_dir(), include_running=True) == []
    # an edit after the save is kept again, from the roster as it was saved
    doc.set_cells("users.csv", [(0, given, "After")], "Edit")
    qtbot.waitUntil(lambda: w.autosave.journal is not None and not w.busy, timeout=20000)
    (p,) = pending_journals(journal_dir(), include_running=True)
    rebuilt = p.load_snapshot()
    assert rebuilt["users.csv"].cell(0, given) != "After"  # the roster as it was saved, before the edit
    for e in p.edits:
        e.apply(rebuilt)
    assert [t.columns for t in rebuilt.tables] == [t.columns for t in doc.roster.tables]
    doc.undo_stack.undo()
    close_window(w)


@pytest.mark.parametrize("kinds", [("zip",), ("xlsx",), ("zip", "memory")])
def test_the_save_a_copy_message_says_where_the_data_came_from(kinds) -> None:  # type: ignore[no-untyped-def]
    from core.table import Source, Table
    from gui.app.saving import where_from

    tables = [Table(f"t{i}.csv", ["a"], source=Source(k, "x")) for i, k in enumerate(kinds)]
    text = where_from(tables)
    if kinds == ("zip",):
        assert text == "t0.csv came from a zip file. Roster Prep does not change zip files or workbooks."
    elif kinds == ("xlsx",):
        assert text == "t0.csv came from a workbook. Roster Prep does not change zip files or workbooks."
    else:
        assert text == ("t0.csv came from a zip file; t1.csv were made by Prepare Renaissance import and have no file yet. "
                        "Roster Prep does not change zip files or workbooks.")


def test_a_copy_still_being_written_when_the_roster_is_dropped_leaves_nothing(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from gui.app.startup import create_main_window

    started, release = threading.Event(), threading.Event()
    real = Journal.create.__func__  # type: ignore[attr-defined]

    def slow(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(10)
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(Journal, "create", classmethod(slow))
    w = create_main_window([])
    qtbot.addWidget(w)
    w.show()
    doc = w.set_roster(prepared(), [])
    qtbot.waitUntil(started.is_set)
    doc.set_cells("users.csv", [(0, 1, "waits")], "Edit")  # kept in memory until the journal exists
    w.autosave.discard()  # what closing the roster with "Discard" does
    release.set()
    qtbot.waitUntil(lambda: not w.busy)
    assert pending_journals(journal_dir(), include_running=True) == []
    assert not list(journal_dir().glob("*.files"))
    assert w.autosave.journal is None
    close_window(w)
