"""What the grid's tools (editing, find and replace) may ask of the window: the roster and its tabs.

The main window builds one ``GridAccess`` from its own methods and hands it to each tool, so a tool
never holds the window itself and gui/grid never imports gui/app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gui.document import RosterDocument
from gui.grid.grid_tab import GridPage
from gui.grid.roster_grid import RosterGrid


@dataclass(frozen=True)
class GridAccess:
    """Accessors for the open roster and its tabs (all answer None when no roster is open)."""

    #: the open roster's document
    document: Callable[[], RosterDocument | None]
    #: the tab shown now
    current_page: Callable[[], GridPage | None]
    #: the tab of a file, by name
    page_for: Callable[[str], GridPage | None]
    #: bring a tab to the front
    show_page: Callable[[GridPage], None]
    #: a short message in the status bar, for some milliseconds
    say: Callable[[str, int], None]

    def current_grid(self) -> RosterGrid | None:
        """The grid of the tab shown now."""
        page = self.current_page()
        return page.grid if page is not None else None

    def current_table_name(self) -> str | None:
        """The file name of the tab shown now."""
        page = self.current_page()
        return page.table_name if page is not None else None
