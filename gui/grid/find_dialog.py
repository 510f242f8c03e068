"""Find (Ctrl+F) and Replace (Ctrl+H): one small window that stays open beside the grid, as in Excel.

The searching is core/find.py; this dialog only collects the options, walks the matches in reading
order (file by file, row by row) and applies a replace-all as one undo step ("Replace all"), made of
one change per file.
"""

from __future__ import annotations

import bisect
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.find import FindError, FindOptions, Hit, Matcher, Scope, find_all, group_by_table, plan_replace
from gui.document import RosterDocument
from gui.grid.access import GridAccess
from gui.grid.edit_support import big_edit

#: what the cached matches were found for: options, scope, document, and each table's revision and rows
_CacheKey = tuple[FindOptions, Scope, int, tuple[int, ...], tuple[int, ...]]

SCOPES = (("column", "This column"), ("file", "This file"), ("roster", "All files"))


class FindDialog(QDialog):
    """Find and replace across a column, a file or the whole roster."""

    def __init__(self, access: GridAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.access = access
        self.setWindowTitle("Find and replace")
        self.setModal(False)
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText("Text to look for")
        self.find_edit.setClearButtonEnabled(True)
        self.replace_edit = QLineEdit(self)
        self.replace_edit.setPlaceholderText("Leave empty to remove the text found")
        self.replace_label = QLabel("Replace &with:", self)
        self.replace_label.setBuddy(self.replace_edit)
        self.scope_box = QComboBox(self)
        for key, text in SCOPES:
            self.scope_box.addItem(text, key)
        self.scope_box.setCurrentIndex(1)
        self.case_box = QCheckBox("Match &case", self)
        self.whole_box = QCheckBox("W&hole cell", self)
        self.whole_box.setToolTip("The whole value must be the text (not just part of it). With an empty text: empty cells.")
        self.regex_box = QCheckBox("Regular e&xpression", self)
        self.regex_box.setToolTip("For advanced users: a Python regular expression; the replacement may use \\1 for a group")
        form = QFormLayout()
        find_label = QLabel("F&ind what:", self)
        find_label.setBuddy(self.find_edit)
        form.addRow(find_label, self.find_edit)
        form.addRow(self.replace_label, self.replace_edit)
        scope_label = QLabel("&Look in:", self)
        scope_label.setBuddy(self.scope_box)
        form.addRow(scope_label, self.scope_box)
        opts = QHBoxLayout()
        for box in (self.case_box, self.whole_box, self.regex_box):
            opts.addWidget(box)
        opts.addStretch(1)
        form.addRow("", opts)
        self.next_button = QPushButton("Find &next", self)
        self.prev_button = QPushButton("Find &previous", self)
        self.replace_button = QPushButton("&Replace", self)
        self.replace_all_button = QPushButton("Replace &all", self)
        self.close_button = QPushButton("Close", self)
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(lambda: self.find_next(1))
        self.prev_button.clicked.connect(lambda: self.find_next(-1))
        self.show_rows_button = QPushButton("&Show matching rows", self)
        self.show_rows_button.setToolTip("Hide the rows of this file without a match (View › Show all rows brings them back)")
        self.show_rows_button.clicked.connect(self.show_matching_rows)
        self.replace_button.clicked.connect(self.replace_one)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for b in (self.next_button, self.prev_button, self.show_rows_button, self.replace_button, self.replace_all_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        # not "result": that name would hide QDialog.result(), which Qt and callers use
        self.message_label = QLabel(" ", self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        self._cache_key: _CacheKey | None = None
        self._hits: list[Hit] = []
        self._keys: list[tuple[int, int, int]] = []
        for edit in (self.find_edit,):
            edit.textChanged.connect(lambda *_: self.say(" "))
        self.set_replace_mode(False)

    # --- modes ---------------------------------------------------------------------------------
    def set_replace_mode(self, on: bool) -> None:
        for wdg in (self.replace_label, self.replace_edit, self.replace_button, self.replace_all_button):
            wdg.setVisible(on)
        self.setWindowTitle("Replace" if on else "Find")
        self.adjustSize()

    def _name_scopes(self) -> None:
        """Say which column and file "This column" and "This file" mean right now."""
        name = self.access.current_table_name()
        grid = self.access.current_grid()
        column = None
        if name is not None and grid is not None and grid.currentIndex().isValid():
            header = grid.model().table.header
            col = grid.currentIndex().column()
            column = header[col] if col < len(header) else None  # the (extra) column has no name
        self.scope_box.setItemText(0, f"This column ({column})" if column else "This column")
        self.scope_box.setItemText(1, f"This file ({name})" if name else "This file")

    def open_for(self, replace: bool) -> None:
        """Show (find or replace), with the current cell's value as a start when the box is empty."""
        self._name_scopes()
        self.say(" ")
        self.set_replace_mode(replace)
        if not self.find_edit.text():
            grid = self.access.current_grid()
            if grid is not None and grid.currentIndex().isValid():
                value = grid.currentIndex().data(Qt.ItemDataRole.EditRole)
                if isinstance(value, str) and "\n" not in value:
                    self.find_edit.setText(value)
        self.show()
        self.raise_()
        self.activateWindow()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def say(self, text: str, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #b71c1c;" if error else "")

    # --- options -------------------------------------------------------------------------------
    def options(self) -> FindOptions:
        return FindOptions(
            self.find_edit.text(),
            match_case=self.case_box.isChecked(),
            whole_cell=self.whole_box.isChecked(),
            regex=self.regex_box.isChecked(),
        )

    def scope(self) -> Scope:
        key = self.scope_box.currentData()
        if key == "roster":
            return Scope()
        table = self.access.current_table_name()
        if key == "column":
            grid = self.access.current_grid()
            col = grid.currentIndex().column() if grid is not None else -1
            return Scope(table, max(col, 0))
        return Scope(table)

    def _doc(self) -> RosterDocument | None:
        return self.access.document()

    def hits(self) -> list[Hit]:
        """All matches for the current options (cached until the roster changes)."""
        doc = self._doc()
        if doc is None:
            return []
        opts, scope = self.options(), self.scope()
        key: _CacheKey = (opts, scope, id(doc), tuple(t.revision for t in doc.roster.tables), tuple(t.nrows for t in doc.roster.tables))
        if key != self._cache_key:
            self._hits = find_all(doc.roster, opts, scope)
            order = {n: i for i, n in enumerate(doc.roster.names)}
            # reading-order keys, for bisecting from the current cell on every Find next
            self._keys = [(order[t], r, c) for t, r, c in self._hits]
            self._cache_key = key
        return self._hits

    # --- finding -------------------------------------------------------------------------------
    def _position(self, doc: RosterDocument) -> tuple[int, int, int]:
        names = doc.roster.names
        name = self.access.current_table_name()
        grid = self.access.current_grid()
        t = names.index(name) if name is not None and name in names else 0
        if grid is None or not grid.currentIndex().isValid():
            return (t, -1, -1)
        cur = grid.currentIndex()
        return (t, grid.model().table_row(cur.row()), cur.column())

    def find_next(self, step: int = 1) -> Hit | None:
        """Go to the next (or previous) match after the current cell, wrapping around."""
        doc = self._doc()
        if doc is None:
            return None
        try:
            hits = self.hits()
        except FindError as err:
            self.say(str(err), error=True)
            return None
        if not hits:
            self.say("Nothing found.")
            return None
        keys = self._keys
        pos = self._position(doc)
        if step > 0:
            i = bisect.bisect_right(keys, pos)
            i = 0 if i >= len(hits) else i
        else:
            i = bisect.bisect_left(keys, pos) - 1
            i = len(hits) - 1 if i < 0 else i
        hit = hits[i]
        self.go_to(hit)
        self.say(f"Match {i + 1:,} of {len(hits):,}.")
        return hit

    def show_matching_rows(self) -> int:
        """Filter the current file's grid to the rows with a match; returns how many rows."""
        name = self.access.current_table_name()
        page = self.access.page_for(name) if name is not None else None
        if page is None:
            return 0
        try:
            hits = self.hits()
        except FindError as err:
            self.say(str(err), error=True)
            return 0
        rows = {r for t, r, _c in hits if t == name}
        text = self.find_edit.text()
        page.set_filter(rows, f"rows with “{text}”" if text else "rows with an empty cell", kind="find")
        self.say(f"Showing {len(rows):,} row{'s' if len(rows) != 1 else ''} of {name} with a match.")
        return len(rows)

    def go_to(self, hit: Hit) -> None:
        t, r, c = hit
        page = self.access.page_for(t)
        if page is not None:
            self.access.show_page(page)
            page.go_to(r, c)

    # --- replacing -----------------------------------------------------------------------------
    def replace_one(self) -> bool:
        """Replace in the current cell if it matches, then go to the next match."""
        doc = self._doc()
        grid = self.access.current_grid()
        if doc is None or grid is None:
            return False
        try:
            hits = self.hits()
        except FindError as err:
            self.say(str(err), error=True)
            return False
        pos = self._position(doc)
        t, r, c = pos
        name = doc.roster.names[t]
        done = False
        i = bisect.bisect_left(self._keys, pos)
        if hits and i < len(self._keys) and self._keys[i] == pos:
            table = doc.table(name)
            try:
                new = Matcher(self.options()).replace(table.cell(r, c), self.replace_edit.text())
            except FindError as err:
                self.say(str(err), error=True)
                return False
            doc.set_cells(name, [(r, c, new)], "Replace")
            done = True
        self.find_next(1)
        return done

    def replace_all(self) -> int:
        """Replace every match in the scope as one undo step; says how many cells changed."""
        doc = self._doc()
        if doc is None:
            return 0
        scope = self.scope()
        try:
            changes = plan_replace(doc.roster, self.options(), self.replace_edit.text(), scope)
        except FindError as err:
            self.say(str(err), error=True)
            return 0
        if not changes:
            self.say("Nothing to replace.")
            return 0
        per_table = group_by_table(changes)
        stack = doc.undo_stack
        with big_edit():
            stack.beginMacro("Replace all")
            try:
                for name, cells in per_table.items():
                    doc.set_cells(name, cells, f"Replace in {name}")
            finally:
                stack.endMacro()
        n = len(changes)
        files = len(per_table)
        where = f" in {files} files" if files > 1 else f" in {next(iter(per_table))}"
        self.say(f"Replaced {n:,} cell{'s' if n != 1 else ''}{where}. Undo (Ctrl+Z) takes this back in one step.")
        self.access.say(f"Replaced {n:,} cell{'s' if n != 1 else ''}{where}.", 8000)
        return n
