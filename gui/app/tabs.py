"""The main window's file tabs: one ``GridPage`` per file of the open roster, each tab's badge of
error and warning counts, and its tooltip."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget

from core.findings import Finding
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


class FileTabs(QTabWidget):
    """The tabs of the open roster's files; ``pages`` in the order of the roster's tables."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.setUsesScrollButtons(True)
        #: one page per file, in tab order
        self.pages: list[GridPage] = []

    def current_page(self) -> GridPage | None:
        """The file shown now (None when no roster is open)."""
        w = self.currentWidget()
        return w if isinstance(w, GridPage) else None

    def page_for(self, table_name: str) -> GridPage | None:
        """The tab of a file, by name."""
        for p in self.pages:
            if p.table_name == table_name:
                return p
        return None

    def add_page(self, page: GridPage) -> None:
        """A file's page as the last tab."""
        self.pages.append(page)
        self.addTab(page, page.table_name)

    def remove_all(self) -> None:
        """Take every tab away (the pages are deleted), without announcing each change of tab."""
        self.blockSignals(True)
        while self.count():
            w = self.widget(0)
            self.removeTab(0)
            if w is not None:
                w.deleteLater()
        self.blockSignals(False)
        self.pages = []

    def step(self, step: int) -> None:
        """The next (1) or previous (-1) tab, round the end (Ctrl+Tab)."""
        if self.count():
            self.setCurrentIndex((self.currentIndex() + step) % self.count())

    def badge(self, table_name: str) -> str:
        """A tab's name and badge as text: "users.csv  ⛔3 ⚠2" ("" for no such file)."""
        page = self.page_for(table_name)
        return badge_text(self, page) if page is not None else ""

    def update_badges(self, doc: RosterDocument) -> None:
        """Every tab's counts from the document's findings now."""
        update_badges(self, self.pages, doc)

    def show_letters(self, on: bool) -> None:
        """Column letters (A, B, C…) above the header names in every file, or not."""
        for page in self.pages:
            page.model.set_show_letters(on)

    def go_to_finding(self, f: Finding, keep_focus: QWidget | None = None) -> bool:
        """Show a finding's file and select its cell (for file-level findings, just the file).
        ``keep_focus``: the widget that gets the keyboard focus back (the Problems list, stepped
        through with the arrow keys); else the grid keeps it."""
        if f.file is None:
            return False
        page = self.page_for(f.file)
        if page is None:
            return False
        self.setCurrentWidget(page)
        ok = True
        row = f.row
        if row is None and f.line is not None and f.line > 1:
            row = page.model.table.row_of_line(f.line)  # a reader's finding names the line only
        if row is not None:
            ok = page.go_to(row, f.col)
        elif f.col is not None:
            ok = page.go_to(0, f.col)
            page.grid.scrollToTop()
        if keep_focus is not None:
            keep_focus.setFocus()
        return ok

    def filter_table(self, table_name: str, rows: set[int], description: str) -> None:
        """Show only these rows of a file (the column profile's filter), and bring it to the front."""
        page = self.page_for(table_name)
        if page is not None:
            self.setCurrentWidget(page)
            page.set_filter(rows, description, kind="profile")
