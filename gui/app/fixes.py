"""Suggested fixes and spreadsheet-damage repairs from the main window, and which cell actions a
grid's context menu offers (a fix or a reference only where the cell has one)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from core.findings import Finding
from gui.app.actions import WindowActions
from gui.app.status import StatusBar
from gui.document import RosterDocument
from gui.grid.editing import EditingTools
from gui.grid.edit_support import selected_cells, selection_ranges, whole_columns
from gui.grid.grid_tab import GridPage
from gui.panels.problems import ProblemsPanel, apply_cell_changes, apply_fixes

#: a selection of more cells than this looks for fixes among the file's findings, not cell by cell
PER_CELL = 10_000


class CellFixes:
    """Edit › Apply suggested fix and Repair spreadsheet damage, and the cell menu's actions."""

    def __init__(
        self,
        act: WindowActions,
        editing: EditingTools,
        problems: ProblemsPanel,
        status: StatusBar,
        *,
        document: Callable[[], RosterDocument | None],
        current_page: Callable[[], GridPage | None],
        parent: QWidget,
    ) -> None:
        self.act = act
        self.editing = editing
        self.problems = problems
        self.status = status
        self.document = document
        self.current_page = current_page
        #: the parent of the dialogs and message boxes (the window)
        self.parent_widget = parent

    def selected_fixes(self) -> list[Finding]:
        """Findings with a suggested fix on the selected cells of the current grid (and, for a
        whole column selected, its header's)."""
        doc, page = self.document(), self.current_page()
        if doc is None or page is None:
            return []
        grid, model = page.grid, page.model
        index = doc.index(page.table_name)
        ranges = selection_ranges(grid)
        cells = sum((bottom - top + 1) * (right - left + 1) for top, left, bottom, right in ranges)
        findings: list[Finding] = []
        if cells > PER_CELL:
            # a large selection (every row of a column, Ctrl+A): the fixable findings of the file
            # whose cell is selected, rather than each selected cell's findings
            sm = grid.selectionModel()
            for f in index.by_row.with_fix():
                if f.row is not None and f.col is not None:
                    v = model.view.table_to_view(f.row)
                    if v is not None and sm.isSelected(model.index(v, f.col)):
                        findings.append(f)
        else:
            for v, c in selected_cells(grid):
                findings.extend(f for f in doc.cell_findings(page.table_name, model.table_row(v), c) if f.fix is not None)
        for c in sorted(whole_columns(ranges, model.rowCount())):  # a whole column: its header's fix too
            findings.extend(f for f in index.by_header.get(c, []) if f.fix is not None)
        return findings

    def enable_cell_actions(self) -> None:
        """Before a cell menu shows: offer a fix or a reference only where the cell has one."""
        self.act.fix.setEnabled(bool(self.selected_fixes()))
        self.act.go_to_reference.setEnabled(self.editing.reference_of() is not None)
        self.act.paste.setEnabled(bool(QApplication.clipboard().text()))
        # only where the file has rows with values beyond the header (the (extra) column)
        page = self.current_page()
        self.act.drop_extras.setVisible(page is not None and page.model.has_extra)
        self.act.drop_extras.setEnabled(self.editing.selected_extra_rows() > 0)

    def enable_all_cell_actions(self) -> None:
        """After a cell menu: the keys work everywhere again (each action says when it cannot)."""
        self.act.fix.setEnabled(self.document() is not None)
        self.act.go_to_reference.setEnabled(True)
        self.act.paste.setEnabled(True)
        self.act.drop_extras.setVisible(True)
        self.act.drop_extras.setEnabled(True)

    def apply_fix_here(self) -> int:
        """Apply suggested fixes: for the selected problems if the panel has focus, else the selected cells."""
        doc = self.document()
        if doc is None:
            return 0
        if self.problems.view.hasFocus() and self.problems.selected_findings():
            return self.problems.apply_selected_fixes()
        n = apply_fixes(doc, self.selected_fixes())
        if not n:
            self.status.showMessage("No suggested fix for the selected cells.", 5000)
        return n

    def repair_damage(self) -> int:
        """Show the proposed spreadsheet-damage repairs; apply the ticked ones as one undo step."""
        doc = self.document()
        if doc is None:
            return 0
        from core.damage import propose_repairs
        from gui.panels.repair import RepairDialog

        repairs = propose_repairs(doc.roster, doc.reference)
        if not repairs:
            QMessageBox.information(self.parent_widget, "Repair spreadsheet damage", "No spreadsheet damage was found in this roster.")
            return 0
        dlg = RepairDialog(repairs, self.parent_widget)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return 0
        changes = [(c.file, c.row, c.col, c.new) for c in dlg.accepted_changes()]
        return apply_cell_changes(doc, changes, "Repair spreadsheet damage", dlg.accepted_records())
