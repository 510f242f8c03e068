"""The AutoFilter list of a column, as in Excel: its values with counts to tick, a search box, select
all/none, "(Blanks)", and "only rows with a problem in this column".

The values and counts come from the core (core/column_values.py, cached per table revision); the list
shows at most ``LIMIT`` of them at a time, and says so when there are more (the search box finds the
others). While a search is typed, as in Excel, OK keeps only the ticked values that match it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from core.column_values import ColumnFilter, ValueCounts, value_counts, value_counts_in_rows
from core.table import Table
from gui.grid.table_model import visible_spaces

Index = QModelIndex | QPersistentModelIndex

#: the most values the list shows at once (a list of a million rows would take seconds to build)
LIMIT = 2000
#: above this many distinct values, the search waits for a pause in typing
_DEBOUNCE_ABOVE = 50_000


class _Ticks:
    """Which values are ticked: every value but ``flipped`` (``base`` True) or only ``flipped``."""

    def __init__(self, base: bool = True, flipped: set[str] | None = None) -> None:
        self.base = base
        self.flipped: set[str] = flipped or set()

    def ticked(self, value: str) -> bool:
        return self.base != (value in self.flipped)

    def set(self, value: str, on: bool) -> None:
        if on == self.base:
            self.flipped.discard(value)
        else:
            self.flipped.add(value)


class ValueList(QAbstractTableModel):
    """The shown values: a tick and the value in column 0, the number of rows in column 1."""

    ticksChanged = Signal()

    def __init__(self, counts: ValueCounts, parent: Any = None) -> None:
        super().__init__(parent)
        self.counts = counts
        self.values: list[str] = []
        self.ticks = _Ticks()

    def show(self, values: list[str], ticks: _Ticks) -> None:
        self.beginResetModel()
        self.values = values
        self.ticks = ticks
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.values)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        v = self.values[index.row()]
        if index.column() == 1:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{self.counts.count(v):,}"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(110, 110, 110)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "(Blanks)" if v == "" else visible_spaces(v)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if self.ticks.ticked(v) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.FontRole and v == "":
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            n = self.counts.count(v)
            return f"{'Empty cells' if v == '' else repr(v)}: {n:,} row{'s' if n != 1 else ''}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # ticking is done by the list (a click anywhere on the line), not by Qt's checkbox handling
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self.values):
            v = self.values[row]
            self.ticks.set(v, not self.ticks.ticked(v))
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.CheckStateRole])
            self.ticksChanged.emit()

    def refresh_ticks(self) -> None:
        if self.values:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.values) - 1, 0), [Qt.ItemDataRole.CheckStateRole])
        self.ticksChanged.emit()


class _ValueView(QTreeView):
    """The list: a click anywhere on a line, or Space, ticks or unticks its value."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentIndex().isValid():
            self.model().toggle(self.currentIndex().row())  # type: ignore[attr-defined]
            return
        super().keyPressEvent(event)


class AutoFilterPopup(QFrame):
    """The drop-down of one column's header button."""

    #: OK: the column's new filter (a ColumnFilter, or None for "no filter")
    applied = Signal(int, object)
    #: one of the sort buttons: (column, descending)
    sortRequested = Signal(int, bool)

    def __init__(
        self, table: Table, col: int, current: ColumnFilter | None, parent: QWidget | None = None,
        rows: list[int] | None = None,
    ) -> None:
        """``rows``: the rows the other filters keep (None: all), whose values the list offers."""
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.table = table
        self.col = col
        self.counts = value_counts(table, col) if rows is None else value_counts_in_rows(table, col, rows)
        self.narrowed = rows is not None
        name = table.header[col]
        self.setAccessibleName(f"Filter {name}")
        self.setObjectName("autofilter")
        self.setStyleSheet(
            "QPushButton#menuLine { text-align: left; padding: 4px 8px; border: none; }"
            "QPushButton#menuLine:hover { background: palette(highlight); color: palette(highlighted-text); }"
            "QPushButton#menuLine:disabled { color: palette(mid); }"
            "QPushButton#link { border: none; padding: 2px 4px; color: palette(link); text-decoration: underline; }"
        )
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setText(name)
        n = len(self.counts)
        values = f"{n:,} different value{'s' if n != 1 else ''}"
        nrows = f"{self.counts.nrows:,} row{'s' if self.counts.nrows != 1 else ''}"
        self.subtitle = QLabel(
            f"{values} in the {nrows} the other filters show" if self.narrowed else f"{values} in {nrows}", self)
        self.subtitle.setWordWrap(True)

        self.sort_asc = self._menu_button("Sort A → Z", lambda: self._sort(False))
        self.sort_desc = self._menu_button("Sort Z → A", lambda: self._sort(True))
        self.clear_button = self._menu_button(f"Clear filter from “{name}”", self._clear)
        self.clear_button.setEnabled(current is not None)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(f"Search the {len(self.counts):,} values of {name}" if len(self.counts) != 1
                                       else f"Search the values of {name}")
        self.search.setClearButtonEnabled(True)
        self.select_all = QPushButton("Select all", self)
        self.select_none = QPushButton("Select none", self)
        for b in (self.select_all, self.select_none):
            b.setFlat(True)
            b.setObjectName("link")
            b.setCursor(Qt.CursorShape.PointingHandCursor)
        self.select_all.clicked.connect(lambda: self._tick_all(True))
        self.select_none.clicked.connect(lambda: self._tick_all(False))

        self.values = ValueList(self.counts, self)
        self.list = _ValueView(self)
        self.list.setModel(self.values)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderHidden(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.header().setStretchLastSection(False)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # measured once from the largest count shown (ResizeToContents would ask every line)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.list.clicked.connect(lambda index: self.values.toggle(index.row()))
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(mid);")
        self.problems = QCheckBox("Only rows with a problem in this column", self)
        self.problems.setToolTip("Rows whose cell in this column is marked as an error, warning or note")
        self.problems.setChecked(current is not None and current.problems_only)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.close)
        self.summary = QLabel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        for b in (self.sort_asc, self.sort_desc):
            layout.addWidget(b)
        layout.addWidget(_line(self))
        layout.addWidget(self.clear_button)
        layout.addWidget(self.search)
        row = QHBoxLayout()
        row.addWidget(self.select_all)
        row.addWidget(self.select_none)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.problems)
        layout.addWidget(_line(self))
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        # the main ticks (no search) start from the column's filter; a search has its own ticks
        if current is None or current.keeps_every_value:
            self._main = _Ticks()
        else:
            self._main = _Ticks(current.exclude, set(current.values))
        self._matches: list[str] | None = None
        self._search_ticks = _Ticks()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(self._search_changed)
        self.values.ticksChanged.connect(self._update_summary)
        self.problems.toggled.connect(self._update_summary)
        self._show_values()
        self.resize(max(320, self.sizeHint().width()), self.sizeHint().height())
        self.search.setFocus()

    # --- building --------------------------------------------------------------------------
    def _menu_button(self, text: str, slot: Any) -> QPushButton:
        # reads like the lines of a menu: left-aligned, highlighted under the mouse
        b = QPushButton(text, self)
        b.setFlat(True)
        b.setObjectName("menuLine")
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        b.clicked.connect(slot)
        return b

    def _fit_list_height(self) -> None:
        rows = min(max(self.values.rowCount(), 5), 14)
        line = self.list.sizeHintForRow(0) if self.values.rowCount() else self.fontMetrics().height() + 4
        self.list.setFixedHeight(rows * max(line, 1) + 2 * self.list.frameWidth() + 2)

    def _show_values(self) -> None:
        matches = self._matches
        pool_size = len(self.counts) if matches is None else len(matches)
        shown = self.counts.first(LIMIT, among=matches)
        self.values.show(shown, self._main if matches is None else self._search_ticks)
        self._fit_list_height()
        widest = max(map(self.counts.count, shown), default=0)
        self.list.header().resizeSection(1, self.list.fontMetrics().horizontalAdvance(f"{widest:,}") + 16)
        if pool_size > len(shown):
            self.note.setText(f"Showing the first {len(shown):,} of {pool_size:,} values. Type in the search box to find others.")
            self.note.show()
        elif matches is not None and not matches:
            self.note.setText("No value contains this text.")
            self.note.show()
        else:
            self.note.hide()
        self._update_summary()

    # --- search ----------------------------------------------------------------------------
    def _search_changed(self, _text: str) -> None:
        if len(self.counts) > _DEBOUNCE_ABOVE:
            self._timer.start()
        else:
            self._run_search()

    def _run_search(self) -> None:
        text = self.search.text()
        self._matches = self.counts.search(text) if text else None
        self._search_ticks = _Ticks()
        self._show_values()

    # --- ticks -----------------------------------------------------------------------------
    def _tick_all(self, on: bool) -> None:
        if self._matches is None:
            self._main = _Ticks(on)
            self.values.ticks = self._main
        else:
            self._search_ticks = _Ticks(on)
            self.values.ticks = self._search_ticks
        self.values.refresh_ticks()

    def ticked(self, value: str) -> bool:
        """Whether a value is ticked now (in the search's ticks while a search is typed)."""
        return self.values.ticks.ticked(value)

    def result(self) -> ColumnFilter | None:
        """The filter OK would apply (None: no filter)."""
        problems = self.problems.isChecked()
        if self._matches is not None:
            ticks = self._search_ticks
            kept = frozenset(filter(ticks.ticked, self._matches)) if ticks.flipped or not ticks.base else frozenset(self._matches)
            spec = ColumnFilter(self.col, kept, exclude=False, problems_only=problems)
        else:
            spec = ColumnFilter(self.col, frozenset(self._main.flipped), exclude=self._main.base, problems_only=problems)
        return None if spec.is_empty else spec

    def rows_kept(self) -> int | None:
        """How many rows the ticked values have (None when "only rows with problems" makes it unknown)."""
        spec = self.result()
        if spec is None:
            return self.counts.nrows
        if spec.problems_only:
            return None
        n = sum(map(self.counts.count, spec.values)) if len(spec.values) <= 100_000 else None
        if n is None:
            return None
        return self.counts.nrows - n if spec.exclude else n

    def _update_summary(self) -> None:
        n = self.rows_kept()
        nothing = n == 0 and not self.problems.isChecked()
        self.ok_button.setEnabled(not nothing)
        if n is None:
            self.summary.setText("")
        else:
            self.summary.setText(f"{n:,} of {self.counts.nrows:,} rows")
        self.summary.setToolTip("Tick at least one value" if nothing else "")

    # --- finishing -------------------------------------------------------------------------
    def accept(self) -> None:
        self.applied.emit(self.col, self.result())
        self.close()

    def _clear(self) -> None:
        self.applied.emit(self.col, None)
        self.close()

    def _sort(self, descending: bool) -> None:
        self.sortRequested.emit(self.col, descending)
        self.close()

    def show_below(self, anchor: QRect) -> None:
        """Open under a header button (``anchor`` in global coordinates), kept on the screen."""
        screen = QGuiApplication.screenAt(anchor.center()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        x = min(max(area.left(), anchor.right() - self.width() + 1), area.right() - self.width())
        y = anchor.bottom() + 2
        if y + self.height() > area.bottom():
            y = max(area.top(), anchor.top() - self.height() - 2)
        self.move(x, y)
        self.show()
        self.search.setFocus()


def _line(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line

