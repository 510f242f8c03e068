"""packaging/entry.py: a windowed build with no stdout/stderr still gets its output into a file."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

ENTRY = Path(__file__).resolve().parents[2] / "packaging" / "entry.py"


def load_entry() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rosterprep_frozen_entry", ENTRY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_streams_go_to_console_log_in_the_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = load_entry()
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    stream = entry.redirect_missing_streams()
    try:
        assert stream is not None and sys.stdout is stream and sys.stderr is stream
        print("héllo from a windowed build")
        sys.stderr.write("an error line\n")
    finally:
        stream.close()
    path = Path(os.environ["ROSTERPREP_DATA_DIR"]) / "console.log"
    assert path.read_text(encoding="utf-8") == "héllo from a windowed build\nan error line\n"


def test_streams_that_exist_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = load_entry()
    before = sys.stdout, sys.stderr
    assert entry.redirect_missing_streams() is None
    assert (sys.stdout, sys.stderr) == before
    assert not (Path(os.environ["ROSTERPREP_DATA_DIR"]) / "console.log").exists()


def test_a_big_console_log_is_restarted(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = load_entry()
    folder = Path(os.environ["ROSTERPREP_DATA_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "console.log").write_bytes(b"x" * (entry.CONSOLE_LOG_MAX_BYTES + 1))
    stream = entry.open_console_log()
    assert stream is not None
    stream.write("new\n")
    stream.close()
    assert (folder / "console.log").read_text(encoding="utf-8") == "new\n"
    assert (folder / "console.log.1").stat().st_size == entry.CONSOLE_LOG_MAX_BYTES + 1



def test_startup_probe_reports_the_first_paint_of_a_window(qtbot, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QWidget

    entry = load_entry()
    original = QWidget.show
    out: list[str] = []
    before = time.time()
    try:
        entry.install_startup_probe()
        w = QLabel("probe")
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: out.append(capsys.readouterr().out) or "window painted at" in "".join(out))
        w.hide()
        w.show()  # a second show reports nothing more
        qtbot.waitExposed(w)
    finally:
        QWidget.show = original  # the patch must not outlive this test
    out.append(capsys.readouterr().out)
    lines = [ln for ln in "".join(out).splitlines() if ln.startswith("startup probe:")]
    assert len(lines) == 1
    assert before - 0.001 <= float(lines[0].rsplit(" ", 1)[1]) <= time.time() + 0.001  # printed to the ms
