"""The main window's menus (File, Edit, View, Help), its toolbar and the Open recent list.

``build_menus`` is called once from ``MainWindow.__init__`` with only what the menus hold: the
window's actions and the docks' toggle actions. It returns what it made; the window stores it and
adds the toolbar itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from core.io.sources import roster_title
from gui.app.actions import WindowActions


@dataclass(frozen=True)
class Menus:
    """What ``build_menus`` made: the window keeps these (tests and the recent list read them)."""

    file_menu: QMenu
    recent_menu: QMenu
    edit_menu: QMenu
    view_menu: QMenu
    toolbar: QToolBar


def fill(menu: QMenu | QToolBar, items: Sequence[QAction | QMenu | None]) -> None:
    """Add actions, sub-menus and (for None) separators, in order."""
    for item in items:
        if item is None:
            menu.addSeparator()
        elif isinstance(item, QMenu):
            menu.addAction(item.menuAction())  # what QMenu.addMenu does
        else:
            menu.addAction(item)


def build_menus(
    a: WindowActions,
    mb: QMenuBar,
    parent: QWidget,
    *,
    problems_toggle: QAction,
    profile_toggle: QAction,
    changes_toggle: QAction,
) -> Menus:
    """File, Edit, View and Help in the menu bar ``mb``, and the main toolbar (not yet added to the window)."""
    file_menu = mb.addMenu("&File")
    recent_menu = QMenu("Open &recent", parent)
    fill(file_menu, [a.open, a.open_folder, a.sample, a.prepare, recent_menu, a.reopen, None,
                     a.load_reference, a.clear_reference, None,
                     a.save, a.save_as, a.export, None, a.close, a.quit])
    edit_menu = mb.addMenu("&Edit")
    fill(edit_menu, [a.undo, a.redo, None, a.fix, a.repair, None, a.cut, a.copy, a.paste, None,
                     a.fill_down, a.fill_right, a.clear, a.drop_extras, None, a.insert_rows, a.delete_rows, a.select_rows, None,
                     a.go_to_reference, None, a.find, a.replace, a.find_next, a.find_prev])
    view_menu = mb.addMenu("&View")
    problems_toggle.setShortcut(QKeySequence("Ctrl+Shift+M"))
    changes_toggle.setText("&Changes since opening")
    changes_toggle.setShortcut(QKeySequence("Ctrl+Shift+H"))
    fill(view_menu, [a.only_problems, a.letters, None, a.next_problem, a.prev_problem, a.next_pane,
                     a.next_tab, a.prev_tab, None, problems_toggle, profile_toggle,
                     changes_toggle, None, a.sort_asc, a.sort_desc, a.sort_none, a.save_sorted, None,
                     a.filter_value, a.filter_text, a.filter_clear])
    help_menu = mb.addMenu("&Help")
    help_menu.addAction(a.about)
    tb = QToolBar("Main", parent)
    tb.setObjectName("main-toolbar")
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    tb.setMovable(False)
    fill(tb, [a.open, a.save, a.export, None, a.undo, a.redo, None, a.only_problems])
    return Menus(file_menu, recent_menu, edit_menu, view_menu, tb)


def show_recent(menu: QMenu, entries: list[list[str]], open_paths: Callable[[list[str]], None]) -> None:
    """The recent rosters (newest first) in File › Open recent; a click opens one with ``open_paths``."""
    menu.clear()
    for i, paths in enumerate(entries, start=1):
        act = menu.addAction(f"&{i} {roster_title(paths)}")
        act.setToolTip("\n".join(paths))
        act.triggered.connect(lambda _=False, p=paths: open_paths(p))
    menu.setEnabled(bool(entries))
