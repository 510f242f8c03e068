"""Shared pieces of the "Prepare Renaissance import" wizard's pages: labels, read-only tables, colours,
and ``WizardHost``, what a page may ask of the wizard.

The pages live in gui/prepare/sources.py, matching.py, records.py and compare.py; gui/prepare/wizard.py
puts them together. The pages know the wizard only as a ``WizardHost``, so they never import it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWizardPage

from core.prepare import Preparation, PrepareResult
from core.prepare.headers import column_key
from gui.background.workers import Task, TaskRunner
from gui.document import RosterDocument

EMPTY = "(leave empty)"
ERROR_COLOR = QColor("#b00020")


class WizardHost(Protocol):
    """What the wizard's pages use of the wizard (gui/prepare/wizard.PrepareWizard)."""

    prep: Preparation | None
    version: str | None
    #: the records being built in the background, or None
    building: Task | None
    #: the window's TaskRunner: the wizard's background work shares the window's one worker thread
    runner: TaskRunner

    @property
    def buildingChanged(self) -> SignalInstance:
        """Signal(bool): building the records started (True) or ended (False)."""

    def set_preparation(self, prep: Preparation) -> None: ...
    def set_version(self, version: str) -> None: ...
    def invalidate(self) -> None: ...
    def build_async(self, when_ready: Callable[[], None]) -> bool: ...
    def preparation(self) -> PrepareResult: ...
    def checked_document(self) -> RosterDocument: ...
    def currentPage(self) -> QWizardPage: ...
    def isVisible(self) -> bool: ...
    def next(self) -> None: ...


def required_columns(file: str, version: str) -> set[str]:
    """Template columns Renaissance requires to hold a value (by 1.1 name), from the rule tables."""
    try:
        from core.rules.spec import load_rules
    except ImportError:  # pragma: no cover - the rule tables are part of every build
        return set()
    rules = load_rules("renaissance", version)
    return {column_key(file, c.name) for c in rules.columns(file) if c.req is True or c.req == "renaissance"}


def make_label(text: str = "", *, wrap: bool = True) -> QLabel:
    """A label whose text can be selected and copied (wrapped unless told not to)."""
    lab = QLabel(text)
    lab.setWordWrap(wrap)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def table_item(text: str, *, color: QColor | None = None, align_right: bool = False) -> QTableWidgetItem:
    """A read-only cell for a table made by ``make_table``."""
    it = QTableWidgetItem(text)
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if color is not None:
        it.setForeground(QBrush(color))
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


def make_table(headers: list[str]) -> QTableWidget:
    """A read-only table with these column headers, sized to its contents."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t

