"""The export summary: what is left to fix, and the choice of Go back / Export anyway."""

from __future__ import annotations

from core.findings import Finding
from gui.panels.export import ExportDialog


def test_summary_counts_per_file_and_safe_default(qtbot) -> None:  # type: ignore[no-untyped-def]
    findings = [
        Finding("error", "x", "users.csv"),
        Finding("error", "x", "users.csv"),
        Finding("warning", "x", "classes.csv"),
        Finding("info", "x", "orgs.csv"),
    ]
    dlg = ExportDialog(findings)
    qtbot.addWidget(dlg)
    assert (dlg.errors, dlg.warnings) == (2, 1)
    assert dlg.export_button.text() == "Export anyway…" and dlg.back_button.text() == "Go back"
    assert dlg.back_button.isDefault()
    rows = [tuple(dlg.per_file.topLevelItem(i).text(c) for c in range(3)) for i in range(dlg.per_file.topLevelItemCount())]
    assert rows == [("users.csv", "2", "0"), ("classes.csv", "0", "1")]
    assert dlg.chosen_format() == "zip"
    dlg.folder_choice.click()
    assert dlg.chosen_format() == "folder"


def test_no_problems_says_ready(qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = ExportDialog([Finding("info", "x", "orgs.csv")])
    qtbot.addWidget(dlg)
    assert dlg.export_button.text() == "Export…" and dlg.export_button.isDefault()
    assert not dlg.per_file.isVisibleTo(dlg)
