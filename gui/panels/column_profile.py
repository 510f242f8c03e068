"""The column profile: what the selected column's values look like, for checking by eye.

A click on a shape or a value filters the grid to the rows that have it; this is how an admin sees
that 3% of the IDs lost their leading zeros or a few dates changed format.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.column_profile import ColumnProfile, profile_column, rows_with_shape, rows_with_value
from core.table import Table
from gui.document import RosterDocument
from gui.background.workers import Worker, work_pool
from gui.grid.marks import fixed_font
from gui.grid.table_model import column_letter, visible_spaces

#: columns with more rows than this are profiled in the background
ASYNC_ROWS = 200_000
_KIND = Qt.ItemDataRole.UserRole
_KEY = Qt.ItemDataRole.UserRole + 1


def _shown(text: str) -> str:
    return "(empty)" if text == "" else visible_spaces(text)


class ColumnProfilePanel(QWidget):
    """Counts, lengths, shapes and most common values of one column."""

    #: table name, table rows, a description for the grid's filter bar
    filterRequested = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: RosterDocument | None = None
        self.table_name: str | None = None
        self.col: int | None = None
        self.profile: ColumnProfile | None = None
        self.title = QLabel("Select a cell to see its column here.", self)
        self.title.setWordWrap(True)
        self.stats = QLabel(self)
        self.stats.setWordWrap(True)
        self.stats.setTextFormat(Qt.TextFormat.RichText)
        self.shapes = self._make_list(("Shape", "Count", "%"))
        self.shapes.setToolTip(
            "The shape of a value: 9 = a digit, A = a capital letter, a = a small letter; other characters "
            "stay as they are. Click a shape to show only the rows that have it."
        )
        self.values = self._make_list(("Value", "Count", "%"))
        self.values.setToolTip("The most common values. Click one to show only the rows that have it.")
        self.shapes_label = QLabel("<b>Shapes</b> (9 = digit, A = capital, a = small letter)", self)
        self.values_label = QLabel("<b>Most common values</b>", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.stats)
        layout.addWidget(self.shapes_label)
        layout.addWidget(self.shapes, 1)
        layout.addWidget(self.values_label)
        layout.addWidget(self.values, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)
        self._cache: dict[tuple[str, int, int], ColumnProfile] = {}
        self._wanted: tuple[str, int, int] | None = None
        self._workers: set[Worker] = set()
        self.refresh()

    def _make_list(self, headers: tuple[str, ...]) -> QTreeWidget:
        tree = QTreeWidget(self)
        tree.setColumnCount(len(headers))
        tree.setHeaderLabels(list(headers))
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        hh = tree.header()
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        tree.itemClicked.connect(self._item_chosen)
        tree.itemActivated.connect(self._item_chosen)
        return tree

    # --- what to show --------------------------------------------------------------------------
    def set_document(self, doc: RosterDocument | None) -> None:
        if self.doc is not None:
            for sig, slot in ((self.doc.cellsChanged, self._cells_changed), (self.doc.rowsChanged, self._rows_changed)):
                try:
                    sig.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
        self.doc = doc
        self.table_name = None
        self.col = None
        self._cache.clear()
        if doc is not None:
            doc.cellsChanged.connect(self._cells_changed)
            doc.rowsChanged.connect(self._rows_changed)
        self.refresh()

    def show_column(self, table_name: str | None, col: int | None) -> None:
        if (table_name, col) == (self.table_name, self.col):
            return
        self.table_name, self.col = table_name, col
        self.refresh()

    def _cells_changed(self, table_name: str, cells: list[tuple[int, int]]) -> None:
        if table_name == self.table_name and any(c == self.col for _, c in cells):
            self._timer.start()

    def _rows_changed(self, table_name: str) -> None:
        if table_name == self.table_name:
            self._timer.start()

    def refresh(self) -> None:
        doc, name, col = self.doc, self.table_name, self.col
        if doc is None or name is None or col is None or name not in doc.roster or col >= doc.table(name).ncols:
            self.shapes.clear()
            self.values.clear()
            self.profile = None
            self.title.setText("Select a cell to see its column here.")
            self.stats.setText("")
            return
        table = doc.table(name)
        key = (name, col, table.revision)
        cached = self._cache.get(key)
        if cached is not None:
            self._show(table, col, cached)
            return
        if table.nrows < ASYNC_ROWS:
            self._show(table, col, self._remember(key, profile_column(table, col)))
            return
        # a big column takes a moment to count: do it in the background, show the newest result
        self._wanted = key
        # nothing of the column shown before may stay next to this one's name while it is counted
        self.shapes.clear()
        self.values.clear()
        self.profile = None
        self.stats.setText("")
        self.title.setText(f"<b>{table.header[col]}</b> · column {column_letter(col)} of {name}: counting {table.nrows:,} values…")
        worker = Worker(lambda progress: profile_column(table, col))
        self._workers.add(worker)

        def done(result: ColumnProfile, worker: Worker = worker) -> None:
            self._workers.discard(worker)
            self._remember(key, result)
            if self._wanted == key and (self.table_name, self.col) == (name, col):
                self._show(table, col, result)

        worker.signals.finished.connect(done)
        worker.signals.failed.connect(lambda err, worker=worker: self._workers.discard(worker))
        work_pool().start(worker)

    def _remember(self, key: tuple[str, int, int], p: ColumnProfile) -> ColumnProfile:
        if len(self._cache) > 32:
            self._cache.clear()
        self._cache[key] = p
        return p

    def _show(self, table: Table, col: int, p: ColumnProfile) -> None:
        name = table.name
        self.shapes.clear()
        self.values.clear()
        self.profile = p
        self.title.setText(f"<b>{table.header[col]}</b> · column {column_letter(col)} of {name}")
        lengths = "–" if not p.count else (f"{p.min_length}" if p.min_length == p.max_length else f"{p.min_length} to {p.max_length}")
        rows = [
            ("Values", f"{p.count:,}"),
            ("Empty", f"{p.empty:,}"),
            ("Different values", f"{p.distinct:,}"),
            ("Length", lengths),
        ]
        if len(p.lengths) > 1:
            # "8 (56%), 6 (33%), 5 (11%)": a few IDs shorter than the rest is how lost zeros show
            common = ", ".join(f"{n} ({p.percent(c):.0f}%)" for n, c in p.lengths[:4])
            more = ", …" if len(p.lengths) > 4 else ""
            rows.append(("Lengths", common + more))
        if p.missing:
            rows.append(("Missing (line too short)", f"{p.missing:,}"))
        if p.spaces:
            rows.append(("Spaces at start or end", f"{p.spaces:,}"))
        self.stats.setText("<table>" + "".join(f"<tr><td>{k}:&nbsp;&nbsp;</td><td><b>{v}</b></td></tr>" for k, v in rows) + "</table>")
        self._fill(self.shapes, p, p.shapes, "shape")
        if p.shape_count > len(p.shapes):
            extra = QTreeWidgetItem([f"… and {p.shape_count - len(p.shapes):,} other shapes", "", ""])
            extra.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.shapes.addTopLevelItem(extra)
        self._fill(self.values, p, p.values, "value")
        if p.distinct > len(p.values):
            extra = QTreeWidgetItem([f"… and {p.distinct - len(p.values):,} other values", "", ""])
            extra.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.values.addTopLevelItem(extra)

    def _fill(self, tree: QTreeWidget, p: ColumnProfile, items: list[tuple[str, int]], kind: str) -> None:
        for key, n in items:
            pct = p.percent(n)
            item = QTreeWidgetItem([_shown(key), f"{n:,}", f"{pct:.0f}%" if pct >= 1 or pct == 0 else "<1%"])
            item.setFont(0, fixed_font())
            item.setData(0, _KIND, kind)
            item.setData(0, _KEY, key)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, f"Click to show only the {n:,} rows with this {kind}")
            tree.addTopLevelItem(item)

    # --- filtering -----------------------------------------------------------------------------
    def _item_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind = item.data(0, _KIND)
        if kind is None:
            return
        self.filter_by(kind, item.data(0, _KEY))

    def filter_by(self, kind: str, key: str) -> None:
        """Ask the grid to show only rows whose value has this shape (or is this value)."""
        if self.doc is None or self.table_name is None or self.col is None:
            return
        table = self.doc.table(self.table_name)
        column = table.header[self.col]
        if kind == "shape":
            rows = rows_with_shape(table, self.col, key)
            desc = f"{column} has the shape {_shown(key)}"
        else:
            rows = rows_with_value(table, self.col, key)
            desc = f"{column} is {_shown(key)}" if key else f"{column} is empty"
        self.filterRequested.emit(self.table_name, rows, desc)
