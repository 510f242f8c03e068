"""The page shown before a roster is open: what the program does and how to begin."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from core.io.sources import roster_title


class StartPage(QWidget):
    """"Open roster…", "Open sample roster", recent rosters and a drop hint."""

    openRequested = Signal()
    openFolderRequested = Signal()
    sampleRequested = Signal()
    recentRequested = Signal(list)  # the paths of a recent roster

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Roster Prep", self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "Check and fix OneRoster files before you upload them to Renaissance.\n"
            "Open the Roster.zip, the folder or the CSV files you were given: every problem is marked "
            "on its cell and explained in plain words.",
            self,
        )
        intro.setWordWrap(True)
        self.open_button = QPushButton("Open roster…", self)
        self.open_button.setDefault(True)
        self.open_button.setToolTip("Open a Roster.zip, CSV files or a workbook (Ctrl+O)")
        self.open_button.clicked.connect(self.openRequested)
        self.folder_button = QPushButton("Open folder…", self)
        self.folder_button.setToolTip("Open a folder of OneRoster CSV files")
        self.folder_button.clicked.connect(self.openFolderRequested)
        self.sample_button = QPushButton("Open sample roster", self)
        self.sample_button.setToolTip("A small made-up roster with a few typical problems, to try things out")
        self.sample_button.clicked.connect(self.sampleRequested)
        for b in (self.open_button, self.folder_button, self.sample_button):
            b.setMinimumHeight(b.sizeHint().height() + 12)
            b.setMinimumWidth(b.sizeHint().width() + 24)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        drop = QLabel("…or drop a Roster.zip, a folder or CSV files anywhere on this window.", self)
        drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        drop.setFrameShape(QFrame.Shape.StyledPanel)
        drop.setFrameShadow(QFrame.Shadow.Sunken)
        drop.setFixedHeight(drop.sizeHint().height() * 3)
        drop.setEnabled(False)  # greyed text: a hint, not a control
        self.recent_label = QLabel("<b>Recent rosters</b>", self)
        self.recent = QListWidget(self)
        self.recent.setAccessibleName("Recent rosters")
        self.recent.itemActivated.connect(self._recent_chosen)
        self.recent.itemClicked.connect(self._recent_chosen)
        self.recent.setMaximumHeight(self.fontMetrics().height() * 12)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(12)
        column.addWidget(drop)
        column.addSpacing(12)
        column.addWidget(self.recent_label)
        column.addWidget(self.recent)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self.set_recent([])

    def set_recent(self, entries: list[list[str]]) -> None:
        self.recent.clear()
        for paths in entries:
            item = QListWidgetItem(f"{roster_title(paths)}    —    {os.path.dirname(paths[0])}")
            item.setData(Qt.ItemDataRole.UserRole, paths)
            item.setToolTip("\n".join(paths))
            self.recent.addItem(item)
        self.recent_label.setVisible(bool(entries))
        self.recent.setVisible(bool(entries))

    def _recent_chosen(self, item: QListWidgetItem) -> None:
        self.recentRequested.emit(list(item.data(Qt.ItemDataRole.UserRole)))
