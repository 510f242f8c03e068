"""A big roster shows its first rows at once, read-only, then the whole of it."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QAbstractItemView

from core.io import preview
from gui.app import file_actions
from gui.app.main_window import MainWindow


def test_first_rows_show_while_the_roster_loads(qtbot, tmp_path, monkeypatch, known_findings) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(f"e-{i},,,cls-1,0101,s-{i},student,false,,\r\n" for i in range(3000))
    path = tmp_path / "enrollments.csv"
    path.write_bytes(
        ("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n" + rows).encode()
    )
    monkeypatch.setattr(preview, "PREVIEW_MIN_BYTES", 0)
    monkeypatch.setattr(preview, "PREVIEW_BYTES", 4096)
    gate = threading.Event()
    real_load = file_actions.load_paths

    def slow_load(paths, encoding=None, progress=None):  # type: ignore[no-untyped-def]
        assert gate.wait(10)
        return real_load(paths, encoding, progress)

    monkeypatch.setattr(file_actions, "load_paths", slow_load)
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.open_paths([str(path)])
    qtbot.waitUntil(lambda: bool(w.pages), timeout=5000)
    page = w.pages[0]
    assert w.document is None  # nothing to edit, save or check yet
    assert 0 < page.model.rowCount() < 3000
    assert page.model.index(0, 0).data() == "e-0"
    assert page.grid.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert "Still reading" in page.notes.text()
    assert "reading" in w.windowTitle()
    gate.set()
    qtbot.waitUntil(lambda: w.document is not None and not w.busy, timeout=10000)
    assert w.pages[0].model.rowCount() == 3000
    assert w.pages[0].grid.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
    w._drop_document()


def test_small_rosters_and_zips_get_no_preview(tmp_path) -> None:
    (tmp_path / "orgs.csv").write_bytes(b"sourcedId\r\no1\r\n")
    (tmp_path / "r.zip").write_bytes(b"PK")
    assert not preview.wants_preview([str(tmp_path / "orgs.csv")])
    assert preview._csv_files([str(tmp_path)]) is None  # a folder holding a zip: the loader decides
    assert preview.preview_roster([str(tmp_path / "orgs.csv")]).tables[0].nrows == 1
