"""Pieces the editing tools share: the clipboard's tab-separated text, the grid's selection, and
holding off the cycle collector during one large edit. No undo commands and no actions here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import product

from PySide6.QtCore import QAbstractItemModel, QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QMessageBox, QTableView, QWidget

from core.pacing import collector_paused
from gui.grid.table_model import roster_model


#: hold off the cycle collector while one large edit is applied (see core.pacing)
big_edit = collector_paused


# --- tab-separated text, as Excel puts it on the clipboard ------------------------------------
_NEEDS_QUOTES = re.compile('[\t\n\r"]')


def _field(v: str) -> str:
    return '"' + v.replace('"', '""') + '"' if _NEEDS_QUOTES.search(v) else v


def format_tsv(rows: Sequence[Sequence[str]]) -> str:
    """Cells as Excel copies them: tabs between cells, CRLF after each row, quotes where needed.

    The common case, no cell that needs quotes, is told with one search a row (its cells joined by a
    NUL, which needs none): a million rows took 7 s with a Python test per cell."""
    if any(map(_NEEDS_QUOTES.search, map("\0".join, rows))):
        text = "\r\n".join("\t".join(map(_field, row)) for row in rows)
    else:
        text = "\r\n".join(map("\t".join, rows))
    if len(rows) == 1 and len(rows[0]) == 1:
        return text  # one cell: no line end, so it pastes cleanly into a text box too
    return text + "\r\n"


_LINE_END = re.compile(r"\r\n|\n|\r")


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells from tab-separated text (Excel, Google Sheets, LibreOffice, a text editor).

    A field that starts with a quote runs to the closing quote (it may hold tabs and line breaks;
    doubled quotes are one quote). One line end at the very end is not an extra empty row.
    """
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith(("\n", "\r")):
        text = text[:-1]
    if '"' not in text:
        # the common case (no quoted fields): split in C, fast for a paste of 100,000 rows
        return [line.split("\t") for line in _LINE_END.split(text)]
    rows: list[list[str]] = []
    row: list[str] = []
    i, n = 0, len(text)
    while True:
        value = None
        if i < n and text[i] == '"':
            j, buf = i + 1, []
            while j < n:
                if text[j] == '"':
                    if text.startswith('""', j):
                        buf.append('"')
                        j += 2
                        continue
                    j += 1
                    if j >= n or text[j] in "\t\r\n":
                        value, i = "".join(buf), j
                    break
                buf.append(text[j])
                j += 1
        if value is None:  # unquoted (or a stray quote): up to the next tab or line end, as is
            k = i
            while k < n and text[k] not in "\t\r\n":
                k += 1
            value, i = text[i:k], k
        row.append(value)
        if i >= n:
            rows.append(row)
            return rows
        if text[i] == "\t":
            i += 1
            continue
        rows.append(row)
        row = []
        i += 2 if text.startswith("\r\n", i) else 1


# --- the grid's selection ---------------------------------------------------------------------------
def selection_ranges(grid: QTableView) -> list[tuple[int, int, int, int]]:
    """The grid's selection as (top, left, bottom, right) blocks of view rows and columns, inclusive.

    Read from the selection's ranges, not ``selectedIndexes``: that asks the model for the flags of
    every selected cell (every cell of the grid is selectable), and with a million rows selected
    it took two minutes before Delete rows could start."""
    return ranges_of(grid.selectionModel())


def ranges_of(sm: QItemSelectionModel | None) -> list[tuple[int, int, int, int]]:
    """A selection model's selection as (top, left, bottom, right) blocks, inclusive."""
    if sm is None:
        return []
    selection = sm.selection()
    out = []
    for i in range(selection.size()):
        rng = selection.at(i)
        if rng.isValid():
            out.append((rng.top(), rng.left(), rng.bottom(), rng.right()))
    return out


def rows_in(ranges: list[tuple[int, int, int, int]]) -> list[int]:
    """The rows the blocks touch, in order (for a list that selects whole rows, its selected rows:
    ``selectedRows`` asks the model for its row and column counts at every row)."""
    rows: set[int] = set()
    for top, _left, bottom, _right in ranges:
        rows.update(range(top, bottom + 1))
    return sorted(rows)


def whole_columns(ranges: list[tuple[int, int, int, int]], rows: int) -> set[int]:
    """The columns of which all ``rows`` rows are selected (``QItemSelectionModel.isColumnSelected``
    asks the model about each row to tell it)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for top, left, bottom, right in ranges:
        for c in range(left, right + 1):
            spans.setdefault(c, []).append((top, bottom))
    out = set()
    for c, found in spans.items():
        reached = 0  # the rows before this one are selected
        for top, bottom in sorted(found):
            if top > reached:
                break
            reached = max(reached, bottom + 1)
        if reached >= rows > 0:
            out.add(c)
    return out


def selected_view_rows(grid: QTableView) -> list[int]:
    """The view rows that have a selected cell (the current cell's row when nothing is selected)."""
    rows = rows_in(selection_ranges(grid))
    if not rows:
        cur = grid.currentIndex()
        if cur.isValid():
            rows = [cur.row()]
    return rows


def selected_cells(grid: QTableView) -> list[tuple[int, int]]:
    """Selected (view row, column) pairs, or the current cell when nothing is selected."""
    cells: set[tuple[int, int]] = set()
    for top, left, bottom, right in selection_ranges(grid):
        cells.update(product(range(top, bottom + 1), range(left, right + 1)))
    if not cells:
        cur = grid.currentIndex()
        if cur.isValid():
            cells.add((cur.row(), cur.column()))
    return sorted(cells)


def selection_bounds(grid: QTableView) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of the selection (or of the current cell), inclusive."""
    ranges = selection_ranges(grid)
    if not ranges:
        cur = grid.currentIndex()
        return (cur.row(), cur.column(), cur.row(), cur.column()) if cur.isValid() else None
    return (min(r[0] for r in ranges), min(r[1] for r in ranges), max(r[2] for r in ranges), max(r[3] for r in ranges))


def bounding_rect(cells: list[tuple[int, int]]) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of the cells, inclusive."""
    if not cells:
        return None
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    return min(rows), min(cols), max(rows), max(cols)


def table_row(model: QAbstractItemModel, view_row: int) -> int:
    """The table row behind a view row (other models than the roster's map rows one to one)."""
    roster = roster_model(model)
    return roster.table_row(view_row) if roster is not None else view_row


def table_rows(model: QAbstractItemModel, view_rows: list[int]) -> list[int]:
    """``table_row`` of many view rows, in one C-level pass (a million selected rows)."""
    roster = roster_model(model)
    return roster.view.table_rows_at(view_rows) if roster is not None else list(view_rows)


def select_rect(grid: QTableView, top: int, left: int, bottom: int, right: int, current: tuple[int, int] | None = None) -> None:
    model = grid.model()
    bottom = min(bottom, model.rowCount() - 1)
    right = min(right, model.columnCount() - 1)
    if bottom < top or right < left:
        return
    sm = grid.selectionModel()
    cur = model.index(*(current or (top, left)))
    sm.setCurrentIndex(cur, QItemSelectionModel.SelectionFlag.NoUpdate)
    sm.select(QItemSelection(model.index(top, left), model.index(bottom, right)), QItemSelectionModel.SelectionFlag.ClearAndSelect)


def ask_add_rows(parent: QWidget, block_rows: int, room: int, extra: int) -> str:
    """Ask before a paste adds rows: "add", "fit" (paste only what fits) or "cancel"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Paste")
    box.setText(
        f"You are pasting {block_rows:,} rows, but there {'is' if room == 1 else 'are'} only {room:,} "
        f"row{'s' if room != 1 else ''} from here to the end.\n\nAdd {extra:,} new row{'s' if extra != 1 else ''} at the end of the file?"
    )
    add = box.addButton(f"Add {extra:,} row{'s' if extra != 1 else ''}", QMessageBox.ButtonRole.AcceptRole)
    fit = box.addButton("Paste only what fits", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(add)
    box.exec()
    clicked = box.clickedButton()
    return "add" if clicked is add else "fit" if clicked is fit else "cancel"
