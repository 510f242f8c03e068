"""Before exporting: what problems remain, and whether to write a Roster.zip or a folder."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.findings import Finding
from gui.grid.marks import severity_icon


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class ExportDialog(QDialog):
    """Shows remaining errors and warnings per file; "Go back" or "Export anyway"."""

    def __init__(self, findings: list[Finding], parent: QWidget | None = None, *, title: str = "Export", summary: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = sum(1 for f in findings if f.severity == "warning")
        self.errors, self.warnings = errors, warnings
        layout = QVBoxLayout(self)
        heading = QLabel(self)
        heading.setWordWrap(True)
        explain = QLabel(self)
        explain.setWordWrap(True)
        if not summary:
            heading.setText("<b>Save a copy of the roster</b>")
            explain.setText("Choose what to write. The files are written as OneRoster wants them: UTF-8, commas, CRLF.")
        elif errors or warnings:
            parts = [p for p in (_plural(errors, "error") if errors else "", _plural(warnings, "warning") if warnings else "") if p]
            heading.setText(f"<b>This roster still has {' and '.join(parts)}.</b>")
            explain.setText(
                ("Renaissance is likely to reject files with errors. " if errors else "")
                + ("Warnings may give wrong data after the upload. " if warnings else "")
                + "Go back to fix them in the Problems panel, or export anyway."
            )
        else:
            heading.setText("<b>No errors or warnings: the roster is ready to upload.</b>")
            explain.setText("The files are written as OneRoster wants them: UTF-8, commas, CRLF.")
        layout.addWidget(heading)
        layout.addWidget(explain)
        self.per_file = QTreeWidget(self)
        self.per_file.setHeaderLabels(["File", "Errors", "Warnings"])
        self.per_file.setRootIsDecorated(False)
        counts: dict[str, list[int]] = {}
        for f in findings:
            if f.severity in ("error", "warning"):
                c = counts.setdefault(f.file or "(whole set)", [0, 0])
                c[0 if f.severity == "error" else 1] += 1
        for name, (e, w) in counts.items():
            item = QTreeWidgetItem([name, str(e), str(w)])
            if e:
                item.setIcon(1, severity_icon("error"))
            if w:
                item.setIcon(2, severity_icon("warning"))
            self.per_file.addTopLevelItem(item)
        self.per_file.resizeColumnToContents(0)
        self.per_file.setVisible(summary and bool(counts))
        layout.addWidget(self.per_file)
        layout.addWidget(QLabel("Write:", self))
        self.zip_choice = QRadioButton("One Roster.zip file (what Renaissance asks for)", self)
        self.folder_choice = QRadioButton("A folder of CSV files", self)
        self.zip_choice.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.zip_choice)
        group.addButton(self.folder_choice)
        layout.addWidget(self.zip_choice)
        layout.addWidget(self.folder_choice)
        self.buttons = QDialogButtonBox(self)
        anyway = summary and bool(errors or warnings)
        self.export_button = self.buttons.addButton("Export anyway…" if anyway else "Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.back_button = self.buttons.addButton("Go back" if anyway else "Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        # with problems left, the safe choice is the default
        (self.back_button if anyway else self.export_button).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def chosen_format(self) -> str:
        """"zip" or "folder"."""
        return "folder" if self.folder_choice.isChecked() else "zip"
