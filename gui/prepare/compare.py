"""Step 5 of the prepare wizard: what the upload changes per school, each kind of change as a list."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget, QWizardPage

from core.prepare.compare import CHANGES, KINDS, Change, Comparison
from gui.document import RosterDocument
from gui.prepare.common import ERROR_COLOR, WizardHost, make_label, make_table, table_item


#: rows a change list shows at most (a million removed enrollments would not help anyone scrolling)
LIST_LIMIT = 5000


class ChangesDialog(QDialog):
    """One kind of change (e.g. users removed from North Elementary) as a list."""

    def __init__(self, title: str, changes: list[Change], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        lay = QVBoxLayout(self)
        shown = changes[:LIST_LIMIT]
        more = f" (the first {len(shown)} are listed)" if len(shown) < len(changes) else ""
        lay.addWidget(make_label(f"{title}: {len(changes)}{more}"))
        self.table = make_table(["sourcedId", "Name", "What changes"])
        self.table.setRowCount(len(shown))
        for i, c in enumerate(shown):
            self.table.setItem(i, 0, table_item(c.sourced_id))
            self.table.setItem(i, 1, table_item(c.label))
            self.table.setItem(i, 2, table_item("; ".join(f"{col}: {a!r} → {b!r}" for col, a, b in c.columns)))
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(640, 400)


class ComparePage(QWizardPage):
    """Step 5: what the upload changes per school; a large drop must be acknowledged before Finish."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("What the upload changes in Renaissance")
        self.setSubTitle("Per school, against the snapshot in Renaissance's export. Double-click a number (or press Enter) to see the records.")
        lay = QVBoxLayout(self)
        headers = ["School"] + [f"{k.capitalize()}\n{c}" for k in KINDS for c in CHANGES]
        self.table = make_table(headers)
        # activated: a double click, or Enter from the keyboard
        self.table.cellActivated.connect(self.open_list)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.list_button = QPushButton("Show list")
        self.list_button.clicked.connect(lambda: self.open_list(self.table.currentRow(), self.table.currentColumn()))
        row.addWidget(self.list_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.warning = make_label()
        self.warning.setStyleSheet(f"color: {ERROR_COLOR.name()}")
        lay.addWidget(self.warning)
        self.understand = QCheckBox("I understand: Renaissance will remove these records when this file is uploaded")
        self.understand.toggled.connect(self.completeChanged)
        lay.addWidget(self.understand)
        self.after = make_label()
        self._doc: RosterDocument | None = None
        lay.addWidget(self.after)
        self.last_dialog: ChangesDialog | None = None
        self._schools: list[str | None] = []

    @property
    def comparison(self) -> Comparison:
        return self.wiz.preparation().comparison

    def initializePage(self) -> None:
        cmp = self.comparison
        self._schools = [s.school for s in cmp.schools] + [None]
        self.table.setRowCount(len(self._schools))
        for i, s in enumerate(cmp.schools):
            name = f"{s.name} ({s.school})" if s.name else (s.school or "(no school)")
            dropped = any(d.school == s.school for d in cmp.drops)
            self.table.setItem(i, 0, table_item(name, color=ERROR_COLOR if dropped else None))
            for j, (k, c) in enumerate((k, c) for k in KINDS for c in CHANGES):
                self.table.setItem(i, j + 1, table_item(str(s.count(k, c)), align_right=True))
        last = len(cmp.schools)
        self.table.setItem(last, 0, table_item("All schools"))
        for j, (k, c) in enumerate((k, c) for k in KINDS for c in CHANGES):
            self.table.setItem(last, j + 1, table_item(str(cmp.total(k, c)), align_right=True))
        self.table.resizeColumnsToContents()
        if cmp.drops:
            lines = [f"• {d.name}: {d.before} {d.what} in Renaissance, {d.after} in this upload ({d.percent_lost}% fewer)" for d in cmp.drops]
            self.warning.setText(
                "Large drop: this usually means the SIS extract left out a school or part of one.\n" + "\n".join(lines)
            )
        else:
            self.warning.setText("No school loses most of its students, classes or enrollments.")
        self.warning.setStyleSheet(f"color: {ERROR_COLOR.name()}" if cmp.drops else "")
        self.understand.setVisible(bool(cmp.drops))
        self.understand.setChecked(False)
        doc = self.wiz.checked_document()
        if doc is not self._doc:
            if self._doc is not None:
                self._doc.findingsChanged.disconnect(self.show_counts)
                self._doc.completeChanged.disconnect(self.show_counts)
            self._doc = doc
            doc.findingsChanged.connect(self.show_counts)
            doc.completeChanged.connect(self.show_counts)
        self.show_counts()

    def show_counts(self, *_args: object) -> None:
        """The problems of the roster the window will open: its own document's, so the same."""
        doc = self._doc
        if doc is None:
            return
        found = doc.findings
        errors = sum(1 for f in found if f.severity == "error")
        warnings = sum(1 for f in found if f.severity == "warning")
        if not doc.complete:
            n = len(found)
            self.after.setText(f"Checking the result with every Renaissance check… {n:,} problem{'s' if n != 1 else ''} so far.")
            return
        self.after.setText(
            f"Roster Prep's checks found {errors:,} error{'s' if errors != 1 else ''} and {warnings:,} "
            f"warning{'s' if warnings != 1 else ''}. \"Open in Roster Prep\" shows them, ready to fix and to export "
            "as Roster.zip."
        )

    def open_list(self, row: int, column: int) -> ChangesDialog | None:
        if row < 0 or column < 1 or row >= len(self._schools):
            return None
        kind, change = [(k, c) for k in KINDS for c in CHANGES][column - 1]
        school = self._schools[row]
        changes = self.comparison.changes_of(kind, change, school)
        name_item = self.table.item(row, 0)
        where = name_item.text() if name_item is not None else ""
        dlg = ChangesDialog(f"{kind.capitalize()} {change}, {where}", changes, self)
        self.last_dialog = dlg
        dlg.show()
        return dlg

    def isComplete(self) -> bool:
        return not self.comparison.drops or self.understand.isChecked()
