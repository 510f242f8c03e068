"""Shared pieces of the "Prepare Renaissance import" wizard's pages: labels, read-only tables, colours.

The pages live in gui/prepare/sources.py, prepare_matching.py, prepare_records.py and
prepare_compare.py; gui/prepare/wizard.py puts them together.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from core.prepare.headers import column_key

EMPTY = "(leave empty)"
_ERROR_COLOR = QColor("#b00020")


def required_columns(file: str, version: str) -> set[str]:
    """Template columns Renaissance requires to hold a value (by 1.1 name), from the rule tables."""
    try:
        from core.rules.spec import load_rules
    except ImportError:  # pragma: no cover - the rule tables are part of every build
        return set()
    rules = load_rules("renaissance", version)
    return {column_key(file, c.name) for c in rules.columns(file) if c.req is True or c.req == "renaissance"}


def _label(text: str = "", *, wrap: bool = True) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(wrap)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def _item(text: str, *, color: QColor | None = None, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if color is not None:
        it.setForeground(QBrush(color))
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t

