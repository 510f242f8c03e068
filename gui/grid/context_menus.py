"""Right-click menus on a grid's cells and on its row numbers, as in Excel.

The menus show the window's own actions (gui/app/actions.py), so an entry does exactly what its menu
bar item and its key do. A right-click outside the selection first selects the cell (or row) under
the mouse, as Excel does; inside the selection it keeps the selection. Column headers have their own
menu (sorting, filters, columns), which belongs to the header.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView, QWidget

#: entries of a menu: actions, None for a separator
Entries = Sequence[QAction | None]


class GridMenus(QObject):
    """Builds and shows the cell and row-number menus of the grids it is attached to."""

    def __init__(self, cell_entries: Entries, row_entries: Entries, before_show: Callable[[], None] | None = None,
                 after_hide: Callable[[], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cell_entries = list(cell_entries)
        self.row_entries = list(row_entries)
        #: called before a menu shows (the window enables what applies to the cell)
        self.before_show = before_show
        #: called when a menu hides (before its chosen action runs): the window enables them again
        self.after_hide = after_hide
        #: the menu shown last (tests and accessibility tools look at it)
        self.last_menu: QMenu | None = None

    def attach(self, grid: QTableView) -> None:
        """Give a grid its cell menu and its row numbers their menu."""
        grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        grid.customContextMenuRequested.connect(lambda pos, g=grid: self.show_cell_menu(g, pos))
        rows = grid.verticalHeader()
        rows.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        rows.customContextMenuRequested.connect(lambda pos, g=grid: self.show_row_menu(g, pos))

    def show_cell_menu(self, grid: QTableView, pos: QPoint) -> QMenu:
        """The menu for a right-click at ``pos`` (viewport coordinates) on a cell."""
        index = grid.indexAt(pos)
        if index.isValid() and not grid.selectionModel().isSelected(index):
            grid.setCurrentIndex(index)
        return self._popup(self.cell_entries, grid.viewport(), pos)

    def show_row_menu(self, grid: QTableView, pos: QPoint) -> QMenu:
        """The menu for a right-click at ``pos`` on the row numbers."""
        header = grid.verticalHeader()
        row = header.logicalIndexAt(pos)
        model = grid.model()
        if row >= 0 and not grid.selectionModel().isRowSelected(row):
            col = max(0, grid.currentIndex().column())
            sm = grid.selectionModel()
            sm.setCurrentIndex(model.index(row, col), QItemSelectionModel.SelectionFlag.NoUpdate)
            whole = QItemSelection(model.index(row, 0), model.index(row, model.columnCount() - 1))
            sm.select(whole, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        grid.setFocus(Qt.FocusReason.PopupFocusReason)
        return self._popup(self.row_entries, header, pos)

    def _popup(self, entries: Entries, widget: QWidget, pos: QPoint) -> QMenu:
        if self.before_show is not None:
            self.before_show()
        menu = QMenu(widget)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for act in entries:
            if act is None:
                menu.addSeparator()
            else:
                menu.addAction(act)
        if self.after_hide is not None:
            menu.aboutToHide.connect(self.after_hide)
        self.last_menu = menu
        menu.destroyed.connect(lambda *_a, m=menu: self._forget(m))
        menu.popup(widget.mapToGlobal(pos))
        return menu

    def _forget(self, menu: QMenu) -> None:
        if self.last_menu is menu:
            self.last_menu = None
