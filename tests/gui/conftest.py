"""Shared fixtures for window tests: a copy of the sample roster and known findings on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.findings import Finding
from core.roster import Roster

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"


def sample_findings(roster: Roster) -> list[Finding]:
    """Known findings on the sample roster, independent of the rule engine's wording."""
    if "users.csv" not in roster or "classes.csv" not in roster:
        return list(roster.load_findings)
    users = roster["users.csv"]
    ident = users.col_index("identifier")
    given = users.col_index("givenName")
    enabled = users.col_index("enabledUser")
    classes = roster["classes.csv"]
    ctype = classes.col_index("classType")
    out = list(roster.load_findings)
    # a check after an edit no longer finds what the edit fixed (and must not fail on it)
    if "20033" in users.column("identifier"):
        row = users.column("identifier").index("20033")
        out.append(Finding("error", "test.leading_zeros", "users.csv", row, users.line_of(row), "identifier", ident,
                           "20033", fix="00020033"))
    if "" in users.column("givenName"):
        row = users.column("givenName").index("")
        out.append(Finding("warning", "test.empty_name", "users.csv", row, users.line_of(row), "givenName", given, ""))
    if users.nrows:
        out.append(Finding("warning", "test.case", "users.csv", 0, users.line_of(0), "enabledUser", enabled,
                           users.cell(0, enabled), fix="false"))
    out.append(Finding("error", "test.header", "users.csv", None, 1, "sms", users.col_index("sms"), "sms"))
    if "Scheduled" in classes.column("classType"):
        row = classes.column("classType").index("Scheduled")
        out.append(Finding("warning", "test.case", "classes.csv", row, classes.line_of(row), "classType", ctype,
                           "Scheduled", fix="scheduled"))
    return out


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A private copy of the sample roster (tests may save over it)."""
    dest = tmp_path / "sample"
    shutil.copytree(SAMPLE, dest)
    return dest


@pytest.fixture
def known_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.live_check import LiveCheck

    def known(self: LiveCheck) -> tuple[None, list[Finding], list[Finding]]:
        # the live check adds the load findings itself; no rule engine: edits wait for a full check
        return None, sample_findings(self.roster)[len(self.roster.load_findings) :], []

    monkeypatch.setattr(LiveCheck, "check_parts", known)


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> None:
    """QSettings caches its folder per process: point it at this test's own folder."""
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """A modal box would wait forever offscreen: answer "Discard"/close unless a test patches it."""
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    shown: list[tuple[str, str]] = []

    def record(kind: str, answer: object):  # type: ignore[no-untyped-def]
        def box(parent: object, title: str, text: str = "", *args: object, **kwargs: object) -> object:
            shown.append((kind, f"{title}: {text}"))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Discard))
    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", record("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "about", record("about", None))
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([], ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))
    return shown


@pytest.fixture
def window(qtbot, sample_dir: Path, known_findings: None):  # type: ignore[no-untyped-def]
    """The main window with the sample copy opened and checked."""
    from gui.app.startup import create_main_window

    w = create_main_window([str(sample_dir)])
    w.resize(1200, 800)
    w.show()
    qtbot.waitUntil(lambda: w.document is not None and not w.busy, timeout=20000)
    yield w
    w.runner.wait_for_done()
    w._drop_document()  # nothing left unsaved: closing must not ask
    w.close()
    w.deleteLater()

