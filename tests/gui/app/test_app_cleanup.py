"""At start-up the window removes temporary files a killed save left behind."""

from __future__ import annotations

import pytest

from core.io import safewrite
from gui.app.startup import clean_leftover_temps


def test_start_up_removes_leftovers_and_registers_later_saves(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    monkeypatch.setenv("ROSTERPREP_DATA_DIR", str(data))
    monkeypatch.setattr(safewrite, "temp_registry", None)
    roster = tmp_path / "roster"
    roster.mkdir()
    left = roster / f".users.csv{safewrite.TEMP_MARK}{2**22 + 7}-0badc0de.tmp"
    left.write_bytes(b"half of a 50 MB file")
    data.mkdir()
    (data / "temp-folders.txt").write_text(f"{roster}\n", encoding="utf-8")
    clean_leftover_temps()
    assert not left.exists()
    assert safewrite.temp_registry == str(data / "temp-folders.txt")
    safewrite.atomic_write(roster / "users.csv", b"a\r\n")
    assert (data / "temp-folders.txt").read_text(encoding="utf-8").splitlines() == [str(roster)]
