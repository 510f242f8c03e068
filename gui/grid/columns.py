"""What a grid's column headers offer, as in Excel: the header's context menu (sort, filter, rename,
a misspelled name's suggested fix, hide, unhide, freeze, fit width, column profile), the AutoFilter
button, and the columns' layout (frozen, hidden, widths) kept per file while the roster is open.
"""

from __future__ import annotations

import weakref
from functools import partial
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QInputDialog, QLineEdit, QMenu

from core.column_values import ColumnFilter
from core.edits import RenameColumn, check_column_name
from gui.grid.autofilter import AutoFilterPopup
from gui.grid.edit_support import selection_ranges, whole_columns
from gui.grid.header import FilterHeader
from gui.grid.roster_grid import RosterGrid, fit_width

if TYPE_CHECKING:
    from gui.document import RosterDocument


class ColumnsPage(Protocol):
    """The grid tab as the column tools see it (gui/grid/grid_tab.GridPage, which builds them)."""

    doc: RosterDocument
    table_name: str
    grid: RosterGrid

    def clear_filter(self) -> None: ...

    def set_column_filter(self, col: int, spec: ColumnFilter | None) -> None: ...



@dataclass
class ColumnLayout:
    """How a file's columns are shown: frozen ones, hidden ones and widths the user set."""

    frozen: int = 0
    hidden: set[int] = field(default_factory=set)
    widths: dict[int, int] = field(default_factory=dict)


# per document, per table name: the layout outlives a tab (a file reopened in another encoding, a
# rebuilt tab) but not the roster
_layouts: weakref.WeakKeyDictionary[RosterDocument, dict[str, ColumnLayout]] = weakref.WeakKeyDictionary()


def layout_for(doc: RosterDocument, table_name: str) -> ColumnLayout:
    """The column layout of one file of an open roster (made on first use)."""
    per_doc = _layouts.setdefault(doc, {})
    return per_doc.setdefault(table_name, ColumnLayout())


class ColumnTools(QObject):
    """The column headers' actions for one grid page (and its frozen columns' header)."""

    #: "Column profile" was chosen: (table name, column)
    profileRequested = Signal(str, int)

    def __init__(self, page: ColumnsPage, parent: QObject) -> None:
        super().__init__(parent)  # the page itself (a Protocol cannot say it is a QObject)
        self.page = page
        self.grid = page.grid
        self.layout = layout_for(page.doc, page.table_name)
        self.menu: QMenu | None = None
        self.popup: AutoFilterPopup | None = None
        self._restoring = True
        #: the frozen columns' header once its menu and button are connected (the overlay is made on
        #: the first freeze and kept)
        self._frozen_header: QHeaderView | None = None
        self._connect_header(self.grid.horizontalHeader())
        self.grid.horizontalHeader().sectionResized.connect(self._remember_width)
        self.grid.horizontalHeader().sectionHandleDoubleClicked.connect(self._fitted_by_hand)
        self._restore()
        self._restoring = False

    def _connect_header(self, header: QHeaderView) -> None:
        if isinstance(header, FilterHeader):
            header.filterButtonClicked.connect(self.open_filter)
            header.customContextMenuRequested.connect(lambda pos, h=header: self._menu_at(h, pos))

    # --- layout ------------------------------------------------------------------------------
    def _restore(self) -> None:
        lay = self.layout
        ncols = self.grid.model().columnCount()
        for c, w in lay.widths.items():
            if c < ncols:
                self.grid.setColumnWidth(c, w)
        for c in lay.hidden:
            if c < ncols:
                self.grid.setColumnHidden(c, True)
        if lay.frozen:
            self.freeze(lay.frozen)

    def _remember_width(self, logical: int, _old: int, new: int) -> None:
        if not self._restoring and new > 0:
            self.layout.widths[logical] = new

    def _fitted_by_hand(self, logical: int) -> None:
        # QTableView fits the column itself (through RosterGrid.sizeHintForColumn); the new width is
        # remembered by _remember_width, and the frozen copy follows
        self.page.grid.frozen.sync_columns()

    # --- actions -----------------------------------------------------------------------------
    def sort(self, col: int, descending: bool | None) -> None:
        """Sort the view by a column (None: back to file order)."""
        model = self.grid.model()
        if descending is None:
            model.sort(-1)
        else:
            model.sort(col, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def hide(self, cols: list[int]) -> None:
        """Hide columns (never all of them: one stays to click on)."""
        visible = [c for c in range(self.grid.model().columnCount()) if not self.grid.isColumnHidden(c)]
        cols = [c for c in cols if c in visible]
        if len(cols) >= len(visible):
            cols = cols[:-1]
        for c in cols:
            self.grid.setColumnHidden(c, True)
            self.layout.hidden.add(c)
        self.grid.frozen.sync_columns()

    def unhide(self, cols: list[int] | None = None) -> None:
        """Show hidden columns again (all of them for None)."""
        for c in list(self.layout.hidden) if cols is None else cols:
            self.grid.setColumnHidden(c, False)
            self.layout.hidden.discard(c)
        self.grid.frozen.sync_columns()

    def hidden(self) -> list[int]:
        return sorted(c for c in range(self.grid.model().columnCount()) if self.grid.isColumnHidden(c))

    def freeze(self, count: int) -> None:
        """Keep the first ``count`` columns in view when scrolling right (0 unfreezes)."""
        self.grid.frozen.set_count(count)
        self.layout.frozen = self.grid.frozen.count
        frozen = self.grid.frozen.view
        if frozen is not None and frozen.horizontalHeader() is not self._frozen_header:
            self._frozen_header = frozen.horizontalHeader()
            self._connect_header(self._frozen_header)

    def fit_width(self, col: int) -> int:
        """Make a column as wide as its header and the longest value among the rows shown."""
        width = fit_width(self.grid, col)
        self.grid.setColumnWidth(col, width)
        self.grid.frozen.sync_columns()
        return width

    def open_filter(self, col: int, anchor: QRect | None = None) -> AutoFilterPopup:
        """Open the AutoFilter list of a column under its header button."""
        if self.popup is not None:
            self.popup.close()
        model = self.grid.model()
        popup = AutoFilterPopup(model.table, col, model.view.column_filters.get(col), self.grid,
                                rows=model.view.rows_kept_by_others(col))
        popup.applied.connect(self._apply)
        popup.sortRequested.connect(lambda c, d: self.sort(c, d))
        self.popup = popup
        popup.destroyed.connect(lambda _obj=None: self._popup_closed(popup))
        if anchor is None:
            anchor = self._button_rect(col)
        popup.show_below(anchor)
        return popup

    def _popup_closed(self, popup: AutoFilterPopup) -> None:
        if self.popup is popup:  # not a newer one opened since
            self.popup = None

    def _apply(self, col: int, spec: ColumnFilter | None) -> None:
        self.page.set_column_filter(col, spec)

    def _button_rect(self, col: int) -> QRect:
        frozen = self.grid.frozen
        header = frozen.view.horizontalHeader() if frozen.is_frozen(col) and frozen.view is not None else self.grid.horizontalHeader()
        if not isinstance(header, FilterHeader):
            return QRect(header.mapToGlobal(QPoint(0, header.height())), header.size())
        rect = header.button_rect(col)
        if rect.isEmpty() or rect.right() < 0 or rect.left() > header.width():
            rect = QRect(0, 0, header.width() // 4, header.height())
        return QRect(header.viewport().mapToGlobal(rect.topLeft()), rect.size())

    # --- the header's context menu -----------------------------------------------------------
    def _menu_at(self, header: QHeaderView, pos: QPoint) -> None:
        col = header.logicalIndexAt(pos)
        if col < 0:
            return
        if col not in self._whole_columns():
            self.grid.selectColumn(col)  # as in Excel: the menu is about the column under the mouse
        menu = self.build_menu(col)
        menu.popup(header.viewport().mapToGlobal(pos))

    def build_menu(self, col: int) -> QMenu:
        """The header's context menu for a column (kept as ``self.menu`` while it is open)."""
        if self.menu is not None:
            self.menu.close()
            self.menu.deleteLater()
        model = self.grid.model()
        menu = self.menu = QMenu(self.grid)
        menu.setObjectName("headerMenu")
        if model.is_extra_column(col):
            return self._extra_menu(menu, col)
        name = model.table.header[col]
        sort_key = model.view.sort_key
        menu.addAction("Sort A → Z", lambda: self.sort(col, False))
        menu.addAction("Sort Z → A", lambda: self.sort(col, True))
        if sort_key is not None:
            menu.addAction("Back to file order", lambda: self.sort(col, None))
        menu.addSeparator()
        menu.addAction("Filter…", lambda: self.open_filter(col))
        spec = model.view.column_filters.get(col)
        clear = menu.addAction(f"Clear filter from “{name}”", lambda: self.page.set_column_filter(col, None))
        clear.setEnabled(spec is not None)
        if model.view.is_filtered:
            menu.addAction("Show all rows", self.page.clear_filter)
        menu.addSeparator()
        menu.addAction("Rename column…", lambda: self.rename(col))
        fix = self.suggested_rename(col)
        if fix is not None:
            menu.addAction(f"Apply suggested fix: rename to “{fix.name}”", lambda: self.apply_suggested_rename(col))
        menu.addSeparator()
        chosen = self._selected_columns(col)
        menu.addAction("Hide column" if len(chosen) == 1 else f"Hide {len(chosen)} columns", lambda: self.hide(chosen))
        hidden = self.hidden()
        unhide = menu.addMenu("Unhide columns")
        unhide.setEnabled(bool(hidden))
        if hidden:
            unhide.addAction(f"All hidden columns ({len(hidden)})", lambda: self.unhide(None))
            unhide.addSeparator()
            for c in hidden:
                unhide.addAction(model.table.header[c], partial(self.unhide, [c]))
        menu.addSeparator()
        menu.addAction(f"Freeze columns up to “{name}”", lambda: self.freeze(col + 1))
        unfreeze = menu.addAction("Unfreeze columns", lambda: self.freeze(0))
        unfreeze.setEnabled(bool(self.grid.frozen.count))
        menu.addAction("Fit width to contents", lambda: self.fit_width(col))
        menu.addSeparator()
        menu.addAction("Column profile", lambda: self.profileRequested.emit(self.page.table_name, col))
        return menu

    # --- renaming ------------------------------------------------------------------------------
    def rename(self, col: int) -> bool:
        """Ask for a column's new name (its current one filled in) and rename it as one undo step;
        a blank name, a line break or another column's name is refused and asked again."""
        table = self.grid.model().table
        name = table.header[col]
        prompt = f"New name for the column “{name}” of {self.page.table_name}:"
        label, text = prompt, name
        while True:
            text, ok = QInputDialog.getText(self.grid, "Rename column", label, QLineEdit.EchoMode.Normal, text)
            if not ok or text == name:
                return False
            refusal = check_column_name(table, col, text)
            if refusal is None:
                break
            label = f"{refusal}\n\n{prompt}"
        self.page.doc.rename_column(self.page.table_name, col, text)
        self.grid.selectColumn(col)  # the grid read the table again: keep the column in hand
        return True

    def suggested_rename(self, col: int) -> RenameColumn | None:
        """The rename a problem found on the column's header suggests (a misspelled or wrongly
        cased name), if any."""
        findings = self.page.doc.index(self.page.table_name).by_header.get(col, [])
        renames = self.page.doc.header_renames(findings)
        return renames[0] if renames else None

    def apply_suggested_rename(self, col: int) -> bool:
        """Give the column the name its header's problem suggests (one undo step)."""
        fix = self.suggested_rename(col)
        if fix is None:
            return False
        self.page.doc.rename_column(fix.table, fix.col, fix.name)
        self.grid.selectColumn(col)
        return True

    def _extra_menu(self, menu: QMenu, col: int) -> QMenu:
        """The (extra) column's header menu: delete the values it shows, fit its width."""
        menu.addAction("Delete extra values of the rows shown", self.drop_extras_shown)
        menu.addSeparator()
        menu.addAction("Fit width to contents", lambda: self.fit_width(col))
        return menu

    def drop_extras_shown(self) -> int:
        """Remove the values beyond the header from every row shown (one undo step)."""
        model = self.grid.model()
        table = model.table
        order = model.view.order if model.view.is_filtered else None  # a filter always has an order
        rows = [r for r in (range(table.nrows) if order is None else order) if table.extra_fields(r)]
        self.page.doc.set_cells(self.page.table_name, [], "Delete extra values", rows)
        return len(rows)

    def _selected_columns(self, col: int) -> list[int]:
        whole = self._whole_columns()
        return sorted(whole) if col in whole else [col]

    def _whole_columns(self) -> set[int]:
        """The wholly selected columns, from the selection's ranges (``isColumnSelected`` asks the
        model about every row: seconds a column on a million rows)."""
        model = self.grid.model()
        return whole_columns(selection_ranges(self.grid), model.rowCount()) if model is not None else set()

    def action(self, text: str) -> QAction | None:
        """The open menu's action with this text (for tests and keyboard users' help)."""
        if self.menu is None:
            return None
        for a in self.menu.actions():
            if a.text() == text:
                return a
            sub = a.menu()  # a QMenu or None (the stubs say QObject: Qt 6's menu() is a template)
            if isinstance(sub, QMenu):
                for b in sub.actions():
                    if b.text() == text:
                        return b
        return None

