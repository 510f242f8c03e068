"""What the window says about the roster is true: never "clean" while a check runs, unmodified after
every edit is undone, and closed means ended, even during a check."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QProgressDialog, QPushButton

from core.findings import Finding
from core.live_check import LiveCheck
from core.pacing import pause_point
from gui.app.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[3]
ORGS = b"sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\no1,,,Alder School,school,,\r\n"


@pytest.fixture
def slow_check(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every full check waits (at pause points, as real checks do) until the event is set; then it
    finds nothing."""
    release = threading.Event()

    def parts(self: LiveCheck) -> tuple[None, list[Finding], list[Finding]]:
        while not release.is_set():
            pause_point()
            time.sleep(0.005)
        return None, [], []

    monkeypatch.setattr(LiveCheck, "check_parts", parts)
    return release


def test_while_a_check_runs_nothing_says_the_roster_is_clean(qtbot, tmp_path, slow_check, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "orgs.csv").write_bytes(ORGS)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.open_paths([str(tmp_path / "orgs.csv")])
    qtbot.waitUntil(lambda: w.document is not None, timeout=10000)
    summary = w.problems.summary
    qtbot.waitUntil(lambda: summary.text().startswith("Checking…"), timeout=5000)
    assert summary.text() == "Checking… 0 problems so far"

    shown: list[tuple[bool, list[str]]] = []

    def exec_(dialog: QDialog) -> int:
        shown.append((w.document.complete, [lb.text() for lb in dialog.findChildren(QLabel)]))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", exec_)
    # Export waits for the check (a progress window with Cancel): cancelled, nothing is claimed
    def click_cancel() -> None:
        (progress,) = w.findChildren(QProgressDialog)
        assert progress.isVisible() and progress.labelText() == "Checking the whole roster before export…"
        progress.findChild(QPushButton).click()

    QTimer.singleShot(600, click_cancel)
    assert not w.files.export()
    assert shown == []
    assert "Export cancelled" in w.status.currentMessage()
    assert summary.text().startswith("Checking…")
    # the check finishes while Export waits: only then does the summary say what is true
    threading.Timer(0.3, slow_check.set).start()
    assert not w.files.export()  # the dialog is shown (and closed by the test)
    ((complete, texts),) = shown
    assert complete and "<b>No errors or warnings: the roster is ready to upload.</b>" in texts
    assert summary.text() == "No problems found."
    w.runner.wait_for_done()
    w._drop_document()


def test_edits_all_undone_leave_the_window_unmodified(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    users = doc.table("users.csv")
    given = users.col_index("givenName")
    page = window.pages[[p.table_name for p in window.pages].index("users.csv")]
    grid = page.grid
    window.tabs.setCurrentWidget(page)
    # a paste through the clipboard, a row inserted, a row deleted, a fill
    QGuiApplication.clipboard().setText("Ann\tLee\nBo\tMa")
    grid.setCurrentIndex(grid.model().index(0, given))
    grid.setFocus()
    from PySide6.QtCore import Qt

    window.act.paste.trigger()
    assert users.cell(0, given) == "Ann"
    doc.insert_rows("users.csv", 1, [[""] * users.ncols])
    doc.delete_rows("users.csv", [3])
    doc.set_cells("users.csv", [(r, given, "Zed") for r in range(4)], "Fill down")
    assert window.isWindowModified() and doc.modified
    for _ in range(4):
        qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.undo_stack.index() == 0
    assert not doc.modified and not window.isWindowModified() and not doc.roster.modified
    assert "*" not in window.windowTitle().replace("[*]", "")
    window.changes_dock.show()
    changes = window.changes_panel
    changes.refresh()
    log = changes.sync_log()
    assert log is not None and len(log) == 0
    assert changes.model.rowCount() == 0


CLOSE_DURING_CHECK = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from core.live_check import LiveCheck
from core.pacing import pause_point

def forever(self):  # a check that never ends by itself (real ones reach pause points as often)
    while True:
        pause_point()
        time.sleep(0.001)

LiveCheck.check_parts = forever
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from gui.app import startup

def close_when_checking():
    windows = [x for x in QApplication.topLevelWidgets() if type(x).__name__ == "MainWindow"]
    if not windows or windows[0].document is None or not windows[0].document.live.running:
        QTimer.singleShot(20, close_when_checking)
        return
    print("closing", time.monotonic(), flush=True)
    windows[0].close()

startup.ensure_app()  # timers need the application first
QTimer.singleShot(20, close_when_checking)
sys.exit(startup.main([sys.argv[1]]))
"""


def test_closing_the_window_during_a_check_ends_the_program_at_once(tmp_path: Path) -> None:
    (tmp_path / "orgs.csv").write_bytes(ORGS)
    env = dict(os.environ, ROSTERPREP_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", CLOSE_DURING_CHECK, str(tmp_path / "orgs.csv")], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        out, err = proc.communicate(timeout=60)  # without the stop, the process never ends
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    ended = time.monotonic()
    assert proc.returncode == 0, err[-2000:]
    word, closed = out.split()
    assert word == "closing"
    assert ended - float(closed) < 2.0  # the promise: the process ends within 2 s
