"""What the main window remembers between runs: its place and size, where its docks and toolbar
are, and whether the grid shows column letters (QSettings: window/geometry, window/state,
view/letters)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from gui.app.screen_fit import bring_on_screen, place_first_window


def restore_window_settings(window: QMainWindow, settings: QSettings, letters: QAction) -> None:
    """Put the window back as it was; a first window is sized for its screen."""
    geo = settings.value("window/geometry")
    if isinstance(geo, QByteArray) and not geo.isEmpty() and window.restoreGeometry(geo):
        bring_on_screen(window)  # saved on a monitor that is gone, or a larger screen
    elif place_first_window(window):
        window.setWindowState(Qt.WindowState.WindowMaximized)  # a laptop screen: use all of it
    state = settings.value("window/state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
    letters.setChecked(bool(settings.value("view/letters", False, type=bool)))


def save_window_settings(window: QMainWindow, settings: QSettings, letters: QAction) -> None:
    """Remember the window's place, its docks and the letters setting (on closing)."""
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("view/letters", letters.isChecked())
    settings.sync()
