"""The main window's file tabs: each tab's badge of error and warning counts, and its tooltip."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QTabBar, QTabWidget

from gui.document import RosterDocument
from gui.grid.grid_tab import GridPage
from gui.grid.marks import CountBadge


def tab_label(name: str, errors: int, warnings: int) -> str:
    """"users.csv  ⛔3 ⚠2": the file name with its error and warning counts."""
    parts = [name]
    if errors:
        parts.append(f"⛔{errors}")
    if warnings:
        parts.append(f"⚠{warnings}")
    return "  ".join(parts[:1]) + ("  " + " ".join(parts[1:]) if len(parts) > 1 else "")


def badge_text(tabs: QTabWidget, page: GridPage) -> str:
    """A tab's name and badge as text: "users.csv  ⛔3 ⚠2"."""
    badge = tabs.tabBar().tabButton(tabs.indexOf(page), QTabBar.ButtonPosition.RightSide)
    counts = badge.text() if isinstance(badge, CountBadge) else ""
    return f"{page.table_name}  {counts}" if counts else page.table_name


def update_badges(tabs: QTabWidget, pages: Sequence[GridPage], doc: RosterDocument) -> None:
    """Each file's tab shows its error and warning counts now (a badge, and a tooltip in words)."""
    bar = tabs.tabBar()
    for page in pages:
        i = tabs.indexOf(page)
        idx = doc.index(page.table_name)
        badge = bar.tabButton(i, QTabBar.ButtonPosition.RightSide)
        if not isinstance(badge, CountBadge):
            badge = CountBadge(bar)
            bar.setTabButton(i, QTabBar.ButtonPosition.RightSide, badge)
        badge.set_counts(idx.errors, idx.warnings)
        tabs.setTabText(i, page.table_name)  # makes the tab bar measure the badge again
        tip = f"{page.table_name}: {idx.errors} error{'s' if idx.errors != 1 else ''}, {idx.warnings} warning{'s' if idx.warnings != 1 else ''}"
        if not doc.table(page.table_name).in_upload:
            tip += " (kept, but not part of the upload)"
        tabs.setTabToolTip(i, tip)
