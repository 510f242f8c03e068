"""Windows that fit the screen: a school laptop is often 1366x768, or 1920x1080 at 150 % (1280x720).

``first_geometry`` places the first window (1280x800 when there is room around it, else maximised);
``fit_on_screen`` brings a saved geometry back onto a screen (the other monitor is gone). Both work on
logical pixels (what Qt's available geometry gives at any scaling) and are plain functions a test can
call with any screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: the first window's size when the screen has room for it and its frame
PREFERRED = QSize(1280, 800)
#: room a window frame and title bar take around the client area (Windows 10/11 at 100 %)
FRAME = QSize(16, 40)


def first_geometry(available: QRect) -> tuple[QRect, bool]:
    """(client rect, maximised) for a first window on a screen with this available area."""
    room = available.size() - FRAME
    if room.width() < PREFERRED.width() or room.height() < PREFERRED.height():
        return QRect(available), True
    rect = QRect(QPoint(0, 0), PREFERRED)
    rect.moveCenter(available.center())
    return rect, False


def fit_on_screen(frame: QRect, screens: list[QRect]) -> QRect | None:
    """A window's frame moved (and shrunk if needed) onto the screen it overlaps most; None when it fits.

    A window counts as fitting when its frame lies inside one screen's available area. One that is
    off every screen (saved on a monitor that is gone) goes to the first screen.
    """
    if not screens:
        return None
    if any(s.contains(frame) for s in screens):
        return None
    best = max(screens, key=lambda s: _area(s.intersected(frame)))
    if _area(best.intersected(frame)) == 0:
        best = screens[0]
    size = frame.size().boundedTo(best.size())
    left = min(max(frame.left(), best.left()), best.right() - size.width() + 1)
    top = min(max(frame.top(), best.top()), best.bottom() - size.height() + 1)
    return QRect(QPoint(left, top), size)


def _area(r: QRect) -> int:
    return max(0, r.width()) * max(0, r.height()) if r.isValid() else 0


def available_areas() -> list[QRect]:
    """Every screen's available area (without task bars), primary screen first."""
    primary = QGuiApplication.primaryScreen()
    screens = QGuiApplication.screens()
    ordered = ([primary] if primary is not None else []) + [s for s in screens if s is not primary]
    return [s.availableGeometry() for s in ordered]


def place_first_window(window: QWidget) -> bool:
    """Size a window without saved geometry for its screen; True when it should show maximised."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    rect, maximised = first_geometry(screen.availableGeometry())
    window.setGeometry(rect)
    return maximised


def bring_on_screen(window: QWidget) -> None:
    """Move a window whose frame is off the screens (or larger than them) back into view."""
    frame = window.frameGeometry()
    fixed = fit_on_screen(frame, available_areas())
    if fixed is None:
        return
    # frameGeometry includes the title bar: keep the same margins around the client area
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    window.resize(fixed.width() - extra_w, fixed.height() - extra_h)
    window.move(fixed.topLeft())
