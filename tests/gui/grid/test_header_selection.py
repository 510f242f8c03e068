"""The column header draws a column's selection as Qt's own header does, without asking the model
about every row: with a million rows selected, Qt's way (``isColumnSelected``, which asks for the
flags of each row of the column) took a minute to paint the header after Ctrl+A."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QStyleOptionHeader, QTableView

from gui.grid.header import FilterHeader

Index = QModelIndex | QPersistentModelIndex


class CountingModel(QAbstractTableModel):
    """Rows of text that count how often a view asks for their flags."""

    def __init__(self, rows: int, cols: int) -> None:
        super().__init__()
        self.rows, self.cols = rows, cols
        self.flag_calls = 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.cols

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return f"{index.row()}:{index.column()}" if role == Qt.ItemDataRole.DisplayRole else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"col{section}" if orientation == Qt.Orientation.Horizontal else str(section + 1)
        if role == Qt.ItemDataRole.TextAlignmentRole and section == 1:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter  # one column aligned its own way
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        self.flag_calls += 1
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable


class QtHeader(QHeaderView):
    """Qt's own header, recording the options it paints its sections with (Qt reads the selection's
    state of each section only while it paints)."""

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.painted: dict[int, tuple] = {}  # type: ignore[type-arg]

    def paintSection(self, painter, rect, logical: int) -> None:  # type: ignore[no-untyped-def]
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        self.initStyleOptionForIndex(opt, logical)
        self.painted[logical] = _fields(opt)
        super().paintSection(painter, rect, logical)


class OurHeader(FilterHeader):
    """The grid's header, recording the options it paints its sections with."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: dict[int, tuple] = {}  # type: ignore[type-arg]

    def _section_option(self, logical: int) -> QStyleOptionHeader:
        opt = super()._section_option(logical)
        self.painted[logical] = _fields(opt)
        return opt


def _grid(qtbot, header: QHeaderView, model: QAbstractTableModel) -> QTableView:  # type: ignore[no-untyped-def]
    view = QTableView()
    qtbot.addWidget(view)
    view.setHorizontalHeader(header)
    view.setModel(model)
    view.resize(900, 300)
    view.show()
    return view


def _select(view: QTableView, *blocks: tuple[int, int, int, int]) -> None:
    model = view.model()
    sel = QItemSelection()
    for top, left, bottom, right in blocks:
        sel.select(model.index(top, left), model.index(bottom, right))
    view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def _fields(opt: QStyleOptionHeader) -> tuple:  # type: ignore[type-arg]
    return (opt.section, opt.text, opt.state.value, opt.position, opt.selectedPosition, opt.orientation,
            opt.textAlignment.value, opt.iconAlignment.value, opt.icon.isNull())


@pytest.mark.parametrize("blocks", [
    (),  # nothing selected
    ((0, 2, 5, 2),),  # column 2, whole
    ((0, 1, 5, 3),),  # columns 1-3, whole: neighbours selected
    ((2, 2, 3, 2),),  # part of column 2
    ((0, 0, 2, 0), (3, 0, 5, 0)),  # column 0 in two blocks
    ((0, 0, 5, 4),),  # everything
    ((1, 4, 1, 4), (0, 3, 5, 3)),  # a cell, and the column beside it
])
def test_each_section_is_painted_with_the_state_qt_gives_it(qtbot, blocks) -> None:  # type: ignore[no-untyped-def]
    model = CountingModel(6, 5)
    ours, qts = OurHeader(), QtHeader()
    views = [_grid(qtbot, ours, model), _grid(qtbot, qts, model)]
    for view in views:
        view.horizontalHeader().hideSection(4) if not blocks else None  # the end is then column 3
        _select(view, *blocks)
        view.horizontalHeader().grab()
    assert ours.painted and ours.painted == qts.painted


def test_painting_the_header_of_a_large_selection_does_not_ask_about_every_row(qtbot) -> None:  # type: ignore[no-untyped-def]
    for header, most in ((QtHeader(), None), (OurHeader(), 1_000)):
        model = CountingModel(50_000, 6)
        view = _grid(qtbot, header, model)
        view.selectAll()
        model.flag_calls = 0
        header.grab()
        if most is None:
            assert model.flag_calls >= 50_000  # Qt's own: the flags of every row of a column, at least
        else:
            assert model.flag_calls < most
            assert header.painted[1][4] == QStyleOptionHeader.SelectedPosition.NextAndPreviousAreSelected


@pytest.mark.parametrize("blocks", [(), ((0, 2, 5, 2),), ((0, 0, 5, 4),), ((1, 4, 1, 4), (0, 3, 5, 3))])
def test_the_lists_header_looks_as_qts_own(qtbot, blocks) -> None:  # type: ignore[no-untyped-def]
    """The Problems and Changes lists use ``RangeHeader`` as it is: pixel for pixel Qt's header."""
    from gui.grid.header import RangeHeader

    model = CountingModel(6, 5)
    images = []
    for header in (RangeHeader(Qt.Orientation.Horizontal), QHeaderView(Qt.Orientation.Horizontal)):
        view = _grid(qtbot, header, model)
        header.setSectionsClickable(True)
        header.setHighlightSections(True)
        _select(view, *blocks)
        images.append(header.grab().toImage())
    assert images[0] == images[1]
