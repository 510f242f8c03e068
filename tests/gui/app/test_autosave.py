"""No lost work: the journal follows every edit, goes away on save, and a killed window's edits come back."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.recovery import pending_journals, read_journal
from gui.app import autosave
from tests.gui.helpers import page_of, visible_texts

ROOT = Path(__file__).resolve().parents[3]
Ctrl = Qt.KeyboardModifier.ControlModifier


def journal_dir() -> Path:
    return Path(os.environ["ROSTERPREP_DATA_DIR"]) / "journal"


def journals() -> list[Path]:
    folder = journal_dir()
    return sorted(folder.glob("*.journal.jsonl")) if folder.is_dir() else []


def test_journal_follows_edits_and_goes_away_on_save(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window, "users.csv")
    window.tabs.setCurrentWidget(page)
    grid = page.grid
    grid.setFocus()
    users = window.document.table("users.csv")
    given = users.col_index("givenName")
    assert journals() == []
    grid.setCurrentIndex(grid.model().index(0, given))
    qtbot.keyClicks(grid, "M")
    qtbot.keyClicks(grid.focusWidget(), "ary")
    qtbot.keyClick(grid.focusWidget(), Qt.Key.Key_Return)
    (path,) = journals()
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    j = read_journal(path)
    assert j.paths == [os.path.normcase(os.path.abspath(window.paths[0]))]
    assert [(e.table, e.cells) for e in j.edits] == [("users.csv", [(0, given, "Mary")])]
    # an undo is journaled too (as the change it makes)
    qtbot.keyClick(grid, Qt.Key.Key_Z, Ctrl)
    # back at the saved state: nothing to lose, no journal
    assert journals() == []
    qtbot.keyClick(grid, Qt.Key.Key_Y, Ctrl)
    assert len(journals()) == 1
    assert window.files.save(wait=True)
    assert journals() == []
    assert Path(window.paths[0], "users.csv").read_bytes().count(b",Mary,") == 1


def test_closing_after_discard_leaves_no_journal(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    doc = window.document
    users = doc.table("users.csv")
    doc.set_cells("users.csv", [(0, users.col_index("givenName"), "Mary")], "Edit")
    assert len(journals()) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    qtbot.waitUntil(lambda: journals() == [])


CHILD = textwrap.dedent(
    """
    import json, os, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QTimer, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from gui.app import startup as gui_app

    qapp = gui_app.ensure_app([])

    def drive():
        windows = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow"]
        if not windows or windows[0].document is None or windows[0].busy:
            QTimer.singleShot(20, drive)
            return
        w = windows[0]
        page = w.page_for("users.csv")
        w.tabs.setCurrentWidget(page)
        grid = page.grid
        grid.setFocus()
        t = w.document.table("users.csv")
        given, fam = t.col_index("givenName"), t.col_index("familyName")
        grid.setCurrentIndex(grid.model().index(0, given))
        QTest.keyClicks(grid, "M")                       # type over
        QTest.keyClicks(grid.focusWidget(), "ary")
        QTest.keyClick(grid.focusWidget(), Qt.Key.Key_Return)
        grid.setCurrentIndex(grid.model().index(1, fam))
        QApplication.clipboard().setText("Lee\\tQ\\r\\nPark\\tR\\r\\n")
        QTest.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)   # paste a block
        grid.setCurrentIndex(grid.model().index(3, 0))
        QTest.keyClick(grid, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)  # insert a row
        grid.setCurrentIndex(grid.model().index(6, 0))
        QTest.keyClick(grid, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier) # delete a row
        grid.setCurrentIndex(grid.model().index(2, given))
        QTest.keyClicks(grid, "X")
        QTest.keyClick(grid.focusWidget(), Qt.Key.Key_Escape)  # cancelled: not an edit
        classes = w.document.table("classes.csv")
        w.document.set_cells("classes.csv", [(0, 0, "c-1")], "Edit")
        w.document.undo_stack.undo()                      # undone: the journal says so too
        state = {{name: [list(c) for c in w.document.table(name).columns] for name in ("users.csv", "classes.csv")}}
        print("READY " + json.dumps(state), flush=True)

    QTimer.singleShot(0, drive)
    from gui.launcher import main  # what `python -m gui.launcher PATH` runs
    sys.exit(main([{path!r}]))
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_window_process_edits_are_restored_at_next_start(qtbot, sample_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    code = CHILD.format(root=str(ROOT), path=str(sample_dir))
    with subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as proc:
        try:
            line = ""
            assert proc.stdout is not None
            for line in proc.stdout:  # blocks until the child has made its edits
                if line.startswith("READY "):
                    break
            assert line.startswith("READY "), "the window process did not get to its edits"
            expected = json.loads(line[len("READY ") :])
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    (pending,) = pending_journals(journal_dir())
    assert pending.count >= 5

    asked = []

    def answer(parent, j, *, open_first=False):  # type: ignore[no-untyped-def]
        asked.append((j.count, open_first))
        return "restore"

    monkeypatch.setattr(autosave, "ask_restore", answer)
    from gui.app.startup import create_main_window

    w = create_main_window([str(sample_dir)])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.document is not None and not w.busy, timeout=20000)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked == [(pending.count, False)]
    doc = w.document
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 1 and not w.busy, timeout=20000)
    got = {name: [list(c) for c in doc.table(name).columns] for name in ("users.csv", "classes.csv")}
    assert got == expected
    # the restored edits are one undoable step, and journaled again for this session
    assert doc.undo_stack.count() == 1 and doc.undo_stack.text(0).startswith("Restore")
    assert not pending.path.exists()
    assert len(journals()) == 1
    doc.undo_stack.undo()
    assert doc.table("users.csv").cell(0, doc.table("users.csv").col_index("givenName")) == "Maria"
    w.runner.wait_for_done()
    w._drop_document()


def test_discard_removes_the_journal(qtbot, sample_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core.edits import SetCells
    from core.io.load import load_roster
    from core.recovery import Journal

    roster = load_roster([str(sample_dir)])
    j = Journal.create(journal_dir(), roster, [str(sample_dir)])
    j.append(SetCells("users.csv", [(0, 0, "x")]))
    j.close()
    j.path.write_text(j.path.read_text().replace(f'"pid":{os.getpid()}', '"pid":999999999'))
    monkeypatch.setattr(autosave, "ask_restore", lambda *a, **k: "discard")
    from gui.app.startup import create_main_window

    w = create_main_window([str(sample_dir)])
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.document is not None and not w.busy, timeout=20000)
    qtbot.waitUntil(lambda: not j.path.exists(), timeout=5000)
    assert w.document.undo_stack.count() == 0
    w.runner.wait_for_done()
    w._drop_document()


def test_the_question_says_how_many_edits_and_when(qtbot, sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from core.edits import SetCells
    from core.io.load import load_roster
    from core.recovery import Journal

    roster = load_roster([str(sample_dir)])
    j = Journal.create(journal_dir(), roster, [str(sample_dir)])
    for _ in range(3):
        j.append(SetCells("users.csv", [(0, 0, "x")]))
    j.close()
    (Path(sample_dir) / "users.csv").write_bytes(b"changed by another program\r\n")
    box = autosave.restore_box(None, read_journal(j.path))
    qtbot.addWidget(box)
    assert box.text().startswith("Restore 3 unsaved edits from today at ")
    assert "changed since" in box.informativeText()
    assert [b.text() for b in box.buttons()].count("Restore") == 1
    box.show()
    qtbot.waitExposed(box)
    assert box.windowTitle() == "Restore unsaved edits"
    texts = visible_texts(box)
    assert texts[0] == box.text() and texts[1] == box.informativeText()
    assert sorted(texts[2:]) == ["Discard them", "Not now", "Restore"]
    assert box.defaultButton().text() == "Restore"  # Enter restores
