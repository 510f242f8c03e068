"""Review spreadsheet-damage repairs before they are applied: every cell, old -> new, grouped by
repair, each repair and each cell with its own checkbox.

Safe repairs start ticked; repairs that need a decision (an ambiguous date, a grade range read as a
date) start unticked, and a cell among them can only be ticked when there is a suggested value.
Cells with nothing to suggest (digits lost to scientific notation) are listed so the user knows
them, but cannot be ticked. The dialog changes nothing itself: the caller applies
``accepted_changes()`` as one undoable step.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.damage import CellChange, Repair, fix_cells, gives_back_fields
from core.findings import Finding

_COLUMNS = ["Repair / file", "Line", "Column", "Was", "Becomes"]
#: cells listed one by one per repair; the others stand behind one "and N more" entry
MAX_SHOWN = 200
_CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1
_VISIBLE = str.maketrans({"\u00a0": "\u237d", "\u200b": "\u2423", "\u200c": "\u2423", "\u200d": "\u2423", "\u2060": "\u2423", "\ufeff": "\u2423"})


def visible(value: str) -> str:
    """A value as shown in the list: invisible characters and edge spaces made visible."""
    if value == "":
        return "(empty)"
    shown = value.translate(_VISIBLE)
    stripped = shown.strip(" ")
    if stripped != shown:
        lead = len(shown) - len(shown.lstrip(" "))
        trail = len(shown) - len(shown.rstrip(" "))
        shown = "\u2423" * lead + stripped + "\u2423" * trail
    return shown


def _child_items(top: QTreeWidgetItem) -> Iterator[QTreeWidgetItem]:
    """An item's children (child(i) is typed as maybe None: it is None only past the last one)."""
    for i in range(top.childCount()):
        child = top.child(i)
        if child is not None:
            yield child


def _decision_change(f: Finding) -> CellChange | list[CellChange] | None:
    suggestion = f.params.get("suggestion")
    if suggestion is None or f.file is None or f.row is None or f.col is None:
        return None
    first = CellChange(f.file, f.row, f.col, f.value or "", str(suggestion), f.line, f.column or "")
    if not gives_back_fields(f):
        return first
    # a spilled list's suggestion is its whole record: every cell of it changes together
    return [first] + [CellChange(f.file, f.row, c, "", v, f.line, "") for c, v in fix_cells(f) if c != f.col]


class RepairDialog(QDialog):
    """Lists every proposed change, grouped by repair, with checkboxes; ``accepted_changes()``
    after ``exec()`` gives the ticked ones."""

    def __init__(self, repairs: list[Repair], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Repair spreadsheet damage")
        self.repairs = repairs
        layout = QVBoxLayout(self)
        n_changes = sum(len(r.changes) for r in repairs)
        n_decide = sum(len(r.needs_decision) for r in repairs)
        heading = QLabel(self)
        heading.setWordWrap(True)
        if repairs:
            heading.setText(
                f"<b>{n_changes} value{'s' if n_changes != 1 else ''} can be put back as they were before a spreadsheet changed them.</b>"
                + (f" {n_decide} more need your decision." if n_decide else "")
            )
        else:
            heading.setText("<b>No spreadsheet damage was found.</b>")
        layout.addWidget(heading)
        explain = QLabel(
            "Untick what you want to keep as it is. Repairs that need a decision start unticked; tick a value to use the "
            "suggestion shown. Nothing changes until you press Apply, and Undo takes it all back.",
            self,
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)

        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(_COLUMNS)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for c in range(1, len(_COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self._repair_items: list[QTreeWidgetItem] = []
        for repair in repairs:
            self._repair_items.append(self._add_repair(repair))
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        layout.addWidget(self.tree, 1)

        row = QHBoxLayout()
        self.select_all = QPushButton("Tick all safe repairs", self)
        self.select_none = QPushButton("Untick all", self)
        self.select_all.clicked.connect(self._tick_safe)
        self.select_none.clicked.connect(self._untick_all)
        row.addWidget(self.select_all)
        row.addWidget(self.select_none)
        row.addStretch(1)
        self.count_label = QLabel(self)
        row.addWidget(self.count_label)
        layout.addLayout(row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = self.buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._count_pending = False
        self.tree.itemChanged.connect(self._update_count)
        self._refresh_count()
        self.resize(900, 520)

    # --- building ------------------------------------------------------------------------------
    def _add_repair(self, repair: Repair) -> QTreeWidgetItem:
        top = QTreeWidgetItem(self.tree, [repair.title])
        top.setFirstColumnSpanned(True)
        font = top.font(0)
        font.setBold(True)
        top.setFont(0, font)
        flags = top.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate
        top.setFlags(flags)
        shown = repair.changes[:MAX_SHOWN]
        for ch in shown:
            self._add_cell(top, ch, ch.file, ch.line, ch.column, ch.old, ch.new, checked=repair.safe, tip="")
        hidden = repair.changes[MAX_SHOWN:]
        if hidden:
            # a million rows of TRUE would make a list nobody reads (and Qt would build it slowly):
            # the rest stand behind one entry that ticks them all
            more = QTreeWidgetItem(top, [f"… and {len(hidden):,} more changes like these", "", "", "", ""])
            more.setFlags(more.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            more.setCheckState(0, Qt.CheckState.Checked if repair.safe else Qt.CheckState.Unchecked)
            more.setData(0, _CHANGE_ROLE, hidden)
            more.setFirstColumnSpanned(True)
        for f in repair.needs_decision:
            decision = _decision_change(f)
            first = decision[0] if isinstance(decision, list) else decision
            suggestion = first.new if first is not None else None
            item = self._add_cell(
                top,
                decision,
                f.file or "",
                f.line,
                f.column or "",
                f.value or "",
                suggestion if suggestion is not None else "(cannot be known)",
                checked=False,
                tip=f.message,
            )
            if decision is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setData(0, Qt.ItemDataRole.CheckStateRole, None)
        if top.childCount() and not any(self._is_checkable(child) for child in _child_items(top)):
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsUserCheckable & ~Qt.ItemFlag.ItemIsAutoTristate)
        else:
            # with auto-tristate the top item follows its children; set it once so it shows
            top.setCheckState(0, Qt.CheckState.Checked if repair.safe else Qt.CheckState.Unchecked)
        return top

    def _add_cell(
        self,
        top: QTreeWidgetItem,
        change: CellChange | list[CellChange] | None,
        file: str,
        line: int | None,
        column: str,
        old: str,
        new: str,
        *,
        checked: bool,
        tip: str,
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(top, [file, "" if line is None else str(line), column, visible(old), visible(new)])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(0, _CHANGE_ROLE, change)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if tip:
            for c in range(len(_COLUMNS)):
                item.setToolTip(c, tip)
        return item

    @staticmethod
    def _is_checkable(item: QTreeWidgetItem) -> bool:
        return bool(item.flags() & Qt.ItemFlag.ItemIsUserCheckable)

    # --- ticking -------------------------------------------------------------------------------
    def _children(self) -> Iterator[tuple[QTreeWidgetItem, QTreeWidgetItem]]:
        for top in self._repair_items:
            for child in _child_items(top):
                yield top, child

    def _tick_safe(self) -> None:
        for top, repair in zip(self._repair_items, self.repairs):
            for child in _child_items(top):
                if self._is_checkable(child):
                    child.setCheckState(0, Qt.CheckState.Checked if repair.safe else child.checkState(0))

    def _untick_all(self) -> None:
        for _top, child in self._children():
            if self._is_checkable(child):
                child.setCheckState(0, Qt.CheckState.Unchecked)

    def _count(self) -> int:
        n = 0
        for _top, child in self._children():
            change = child.data(0, _CHANGE_ROLE)
            if change is not None and self._is_checkable(child) and child.checkState(0) == Qt.CheckState.Checked:
                n += len(change) if isinstance(change, list) else 1
        return n

    def _update_count(self, *_args: object) -> None:
        # ticking a repair changes each of its cells: count once, after the last of those signals
        if not self._count_pending:
            self._count_pending = True
            QTimer.singleShot(0, self._refresh_count)

    def _refresh_count(self) -> None:
        self._count_pending = False
        n = self._count()
        self.count_label.setText(f"{n} value{'s' if n != 1 else ''} will be changed")
        self.apply_button.setEnabled(n > 0)

    # --- result --------------------------------------------------------------------------------
    def repair_item(self, index: int) -> QTreeWidgetItem:
        """The list entry of ``repairs[index]`` (its cells are its children)."""
        return self._repair_items[index]

    def accepted_records(self) -> list[tuple[str, int]]:
        """(file, row) of the ticked repairs that give a record's extra fields back to its cells."""
        spilled = {rec for r in self.repairs for rec in r.records}
        spilled |= {(f.file, f.row) for r in self.repairs for f in r.needs_decision
                    if f.file is not None and f.row is not None and gives_back_fields(f)}
        return list(dict.fromkeys((c.file, c.row) for c in self.accepted_changes() if (c.file, c.row) in spilled))

    def accepted_changes(self) -> list[CellChange]:
        """The ticked changes, in the order listed (decisions ticked use their suggested value)."""
        out: list[CellChange] = []
        for _top, child in self._children():
            change = child.data(0, _CHANGE_ROLE)
            if change is not None and self._is_checkable(child) and child.checkState(0) == Qt.CheckState.Checked:
                if isinstance(change, list):
                    out.extend(change)
                else:
                    out.append(change)
        return out
