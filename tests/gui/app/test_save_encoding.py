"""Saving a Windows-1252 file given characters it cannot hold: the window asks, and never shows a traceback."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QMessageBox

from gui.app.main_window import MainWindow

DATA = "sourcedId,givenName\r\nu1,José\r\nu2,Ann\r\n".encode("cp1252")


def _window(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "users.csv"
    path.write_bytes(DATA)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.open_paths([str(path)])
    qtbot.waitUntil(lambda: w.document is not None and not w.busy, timeout=10000)
    assert w.document.table("users.csv").dialect.encoding == "cp1252"
    assert w.status.format_label.text() == "Windows-1252 · comma · CRLF · 2 rows"  # not "cp1252"
    w.document.set_cells("users.csv", [(1, 1, "Nguyễn")])
    return w, path


def _answer(monkeypatch: pytest.MonkeyPatch, button_text: str | None) -> list[str]:
    """Patch the message box: record its text and click the named button (None: Cancel)."""
    asked: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        asked.append(box.text())
        wanted = [b for b in box.buttons() if b.text() == button_text] if button_text else [box.button(QMessageBox.StandardButton.Cancel)]
        wanted[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return asked


def _save(w, qtbot) -> None:  # type: ignore[no-untyped-def]
    w.act.save.trigger()
    qtbot.waitUntil(lambda: not w.busy, timeout=10000)


def test_save_as_utf8_writes_the_file_in_utf8(qtbot, tmp_path, monkeypatch, no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    w, path = _window(qtbot, tmp_path)
    asked = _answer(monkeypatch, "Save as UTF-8")
    _save(w, qtbot)
    assert len(asked) == 1
    assert "users.csv is written in Windows-1252" in asked[0]
    assert "users.csv, row 2, column givenName" in asked[0]
    assert path.read_bytes() == "sourcedId,givenName\r\nu1,José\r\nu2,Nguyễn\r\n".encode()
    assert w.document.table("users.csv").dialect.encoding == "utf-8"
    assert not [s for s in no_modal_dialogs if s[0] == "warning"]
    w._drop_document()


def test_keep_the_encoding_writes_a_question_mark(qtbot, tmp_path, monkeypatch, no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    w, path = _window(qtbot, tmp_path)
    _answer(monkeypatch, "Keep Windows-1252")
    _save(w, qtbot)
    assert path.read_bytes() == "sourcedId,givenName\r\nu1,José\r\nu2,Nguy?n\r\n".encode("cp1252")
    w._drop_document()


def test_cancel_writes_nothing(qtbot, tmp_path, monkeypatch, no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    w, path = _window(qtbot, tmp_path)
    _answer(monkeypatch, None)
    _save(w, qtbot)
    assert path.read_bytes() == DATA
    assert not (tmp_path / "users.csv.bak").exists()
    assert w.document.modified
    w._drop_document()


def test_a_read_only_file_offers_save_as(qtbot, tmp_path, monkeypatch, no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    w, path = _window(qtbot, tmp_path)
    w.document.set_cells("users.csv", [(1, 1, "Bob")])
    os.chmod(path, 0o444)
    offered: list[bool] = []
    asked: list[str] = []
    monkeypatch.setattr(w.files.saving, "save_as", lambda wait=False: offered.append(True) or False)
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    _save(w, qtbot)
    assert path.read_bytes() == DATA
    assert len(asked) == 1 and "users.csv is marked read-only" in asked[0] and "Save As" in asked[0]
    assert offered == [True]
    w._drop_document()
