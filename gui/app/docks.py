"""The main window's docks: the Problems panel and the Changes view below the grid (one tab group),
the column profile on the right; keeping their tab bars tidy, and F6 between the grid and the panels.

``build_docks`` makes the panels and docks and adds them to the window; it returns what it made and
the window stores it (and connects the panels' requests to the grid).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QTabBar, QWidget

from gui.grid.access import GridAccess
from gui.panels.changes import ChangesPanel
from gui.panels.column_profile import ColumnProfilePanel
from gui.panels.problems import ProblemsPanel


@dataclass(frozen=True)
class Docks:
    """What ``build_docks`` made: the panels and the docks that hold them."""

    problems: ProblemsPanel
    problems_dock: QDockWidget
    profile: ColumnProfilePanel
    profile_dock: QDockWidget
    changes_panel: ChangesPanel
    changes_dock: QDockWidget

    def show_profile(self, table_name: str, col: int) -> None:
        """A column header's "Column profile": the profile dock, in front, on that column."""
        self.profile_dock.show()
        self.profile_dock.raise_()
        self.profile.show_column(table_name, col)

    def show_for_roster(self, has_roster: bool) -> None:
        """Problems and the column profile show while a roster is open (Changes only when asked)."""
        self.problems_dock.setVisible(has_roster)
        self.profile_dock.setVisible(has_roster)


def _dock(title: str, name: str, widget: QWidget, window: QMainWindow, area: Qt.DockWidgetArea) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)  # the key of its place in the saved window state
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
    return dock


def build_docks(window: QMainWindow, access: GridAccess) -> Docks:
    """The Problems, Column profile and Changes docks, added to ``window`` (Changes hidden, behind Problems)."""
    problems = ProblemsPanel(window)
    problems_dock = _dock("Problems", "problems", problems, window, Qt.DockWidgetArea.BottomDockWidgetArea)
    profile = ColumnProfilePanel(window)
    profile_dock = _dock("Column profile", "profile", profile, window, Qt.DockWidgetArea.RightDockWidgetArea)
    window.resizeDocks([problems_dock], [230], Qt.Orientation.Vertical)
    window.resizeDocks([profile_dock], [300], Qt.Orientation.Horizontal)
    changes = ChangesPanel(access)
    changes_dock = _dock("Changes", "changes", changes, window, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.tabifyDockWidget(problems_dock, changes_dock)
    problems_dock.raise_()
    changes_dock.hide()
    return Docks(problems, problems_dock, profile, profile_dock, changes, changes_dock)


def keep_dock_tabs_tidy(window: QMainWindow) -> None:
    """Hide a dock group's lone tab bar now and whenever a dock of the window shows or hides."""
    def tidy_soon() -> None:  # once Qt has laid the docks out; not after the window is gone
        QTimer.singleShot(0, window, lambda: tidy_dock_tabs(window))

    for dock in window.findChildren(QDockWidget):
        dock.visibilityChanged.connect(lambda _v: tidy_soon())
    tidy_soon()


def tidy_dock_tabs(window: QMainWindow) -> None:
    """Hide the tab bar of each dock group of one."""
    # Qt leaves the tab bar of a dock group visible (drawn over the menu bar) once all but one of
    # its docks are hidden before the window is shown; a group of one never needs a tab bar.
    for bar in window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if bar.count() < 2 and bar.isVisible():
            bar.hide()


def step_pane(panes: Sequence[QWidget | None], step: int) -> None:
    """Move the keyboard focus to the next (1) or previous (-1) visible pane, as F6 does in many
    Windows programs (the grid, the Problems list, the column profile)."""
    shown = [w for w in panes if w is not None and w.isVisible()]
    if not shown:
        return
    focus = QApplication.focusWidget()
    at = next((i for i, p in enumerate(shown) if p is focus or p.isAncestorOf(focus)), -1) if focus else -1
    shown[(at + step) % len(shown)].setFocus(Qt.FocusReason.ShortcutFocusReason)
