"""Frozen first columns: a second table view over the grid's left edge, as in Qt's "Frozen Column"
example, that shares the grid's model, selection and delegate and scrolls up and down with it.

The grid scrolls by pixels while columns are frozen, and its own copies of the frozen columns pass
under the overlay; keyboard moves and ``scrollTo`` keep the current cell out from under it
(``RosterGrid`` asks ``FrozenColumns.adjust_scroll``), and editing a frozen cell opens the editor on
the overlay, where the user sees it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, SignalInstance
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QTableView, QWidget

from gui.grid.header import FilterHeader


class FrozenView(QTableView):
    """The overlay: the first columns of the grid, never scrolled sideways."""

    def __init__(self, grid: QTableView) -> None:
        super().__init__(grid)
        self.grid = grid
        self.setObjectName("frozenColumns")
        self.setHorizontalHeader(FilterHeader(self))
        self.setModel(grid.model())
        self.setSelectionModel(grid.selectionModel())
        # A delegate's editors report to every view it is set on: shared, the grid would be asked to
        # commit an editor opened here ("commitData called with an editor that does not belong to
        # this view") and could store it twice. So an instance of its own, whose requests to move
        # or fill after an edit go on to the grid's delegate.
        # The grid's delegate is gui/grid/delegate.EditingDelegate once the editing tools are
        # attached (a CellDelegate before), and that module lies above this one: hence the names.
        shared = grid.itemDelegate()
        own = type(shared)(self)
        for name in ("moveRequested", "fillRequested"):
            signal: object = getattr(own, name, None)
            target: object = getattr(shared, name, None)
            if isinstance(signal, SignalInstance) and isinstance(target, SignalInstance):
                signal.connect(target)
        self.setItemDelegate(own)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(grid.verticalScrollMode())
        self.setSelectionMode(grid.selectionMode())
        self.setSelectionBehavior(grid.selectionBehavior())
        # the grid hands its key-started edits of frozen cells over (RosterGrid.edit)
        self.setEditTriggers(grid.editTriggers())
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(grid.verticalHeader().defaultSectionSize())
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setFixedHeight(grid.horizontalHeader().height())

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)  # keys go on to the grid, as before


class FrozenColumns(QObject):
    """Keeps the first ``count`` columns of a grid in view while it scrolls right."""

    def __init__(self, grid: QTableView) -> None:
        super().__init__(grid)
        self.grid = grid
        self.count = 0
        self.view: FrozenView | None = None
        self._edge = QWidget(grid)  # a line at the frozen columns' right edge, as Excel draws it
        self._edge.setAutoFillBackground(True)
        pal = self._edge.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(120, 120, 120))
        self._edge.setPalette(pal)
        self._edge.hide()
        grid.installEventFilter(self)
        grid.horizontalHeader().sectionResized.connect(self._main_resized)
        grid.verticalHeader().geometriesChanged.connect(self.update_geometry)
        grid.horizontalHeader().geometriesChanged.connect(self.update_geometry)

    # --- state -----------------------------------------------------------------------------
    def set_count(self, count: int) -> None:
        """Freeze the first ``count`` columns (0 unfreezes)."""
        grid = self.grid
        count = max(0, min(count, grid.model().columnCount()))
        self.count = count
        if count == 0:
            if self.view is not None:
                self.view.hide()
            self._edge.hide()
            grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
            return
        view = self.view
        if view is None:
            view = self.view = self._make_view()
        grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.sync_columns()
        view.verticalScrollBar().setValue(grid.verticalScrollBar().value())
        view.show()
        self._edge.show()
        self.update_geometry()

    def _make_view(self) -> FrozenView:
        grid = self.grid
        view = FrozenView(grid)
        grid.viewport().stackUnder(view)
        grid.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)
        view.verticalScrollBar().valueChanged.connect(grid.verticalScrollBar().setValue)
        view.horizontalHeader().sectionResized.connect(self._frozen_resized)
        return view

    def sync_columns(self) -> None:
        """Show the frozen columns (as wide and as hidden as in the grid) and nothing else."""
        view = self.view
        if view is None:
            return
        grid = self.grid
        for c in range(grid.model().columnCount()):
            hidden = c >= self.count or grid.isColumnHidden(c)
            view.setColumnHidden(c, hidden)
            if not hidden:
                view.setColumnWidth(c, grid.columnWidth(c))
        self.update_geometry()

    def width(self) -> int:
        """How wide the frozen columns are on screen (0 when none)."""
        if not self.count:
            return 0
        return sum(self.grid.columnWidth(c) for c in range(self.count) if not self.grid.isColumnHidden(c))

    def is_frozen(self, col: int) -> bool:
        return 0 <= col < self.count

    # --- following the grid ----------------------------------------------------------------
    def update_geometry(self) -> None:
        view = self.view
        if view is None or not self.count:
            return
        grid = self.grid
        x = grid.verticalHeader().width() + grid.frameWidth()
        w = self.width()
        h = grid.viewport().height() + grid.horizontalHeader().height()
        view.setGeometry(x, grid.frameWidth(), w, h)
        view.horizontalHeader().setFixedHeight(grid.horizontalHeader().height())
        self._edge.setGeometry(x + w - 1, grid.frameWidth(), 2, h)
        self._edge.raise_()

    def _main_resized(self, logical: int, _old: int, new: int) -> None:
        if self.view is not None and logical < self.count and self.view.columnWidth(logical) != new:
            self.view.setColumnWidth(logical, new)
            self.update_geometry()

    def _frozen_resized(self, logical: int, _old: int, new: int) -> None:
        if logical < self.count and self.grid.columnWidth(logical) != new:
            self.grid.setColumnWidth(logical, new)
        self.update_geometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.grid and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.update_geometry()
        return False

    def adjust_scroll(self, index: QModelIndex) -> None:
        """After the grid scrolled to a cell: bring a cell hidden under the frozen columns out."""
        if not self.count or not index.isValid() or index.column() < self.count:
            return
        grid = self.grid
        left = grid.visualRect(index).left()
        covered = self.width() - left
        if covered > 0:
            bar = grid.horizontalScrollBar()
            bar.setValue(bar.value() - covered)
