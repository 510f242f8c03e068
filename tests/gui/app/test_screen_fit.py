"""The window and every dialog fit a school laptop's screen: 1366x768, or 1920x1080 at 150 % (1280x720)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect, QSize

from gui.app.screen_fit import first_geometry, fit_on_screen

#: available areas (screen minus the Windows task bar, 40 px at 100 %, 48 px at 150 % = 32 logical)
LAPTOP = QRect(0, 0, 1366, 728)
FULL_HD_150 = QRect(0, 0, 1280, 688)
FULL_HD = QRect(0, 0, 1920, 1040)


@pytest.mark.parametrize("available", [LAPTOP, FULL_HD_150, QRect(0, 0, 1280, 800)], ids=["1366x768", "1080p-150%", "1280x800"])
def test_first_window_is_maximised_on_a_small_screen(available: QRect) -> None:
    rect, maximised = first_geometry(available)
    assert maximised and rect == available


def test_first_window_is_centred_where_there_is_room() -> None:
    rect, maximised = first_geometry(FULL_HD)
    assert not maximised and rect.size() == QSize(1280, 800) and FULL_HD.contains(rect)
    assert rect.center() == FULL_HD.center()


def test_a_saved_place_on_a_gone_monitor_comes_back() -> None:
    second_monitor = QRect(1920, 100, 1600, 1000)  # saved on the right-hand monitor, now unplugged
    fixed = fit_on_screen(second_monitor, [LAPTOP])
    assert fixed is not None and LAPTOP.contains(fixed) and fixed.size() == QSize(1366, 728)
    half_off = QRect(900, 300, 800, 600)  # partly off the right edge: moved left, size kept
    assert fit_on_screen(half_off, [LAPTOP]) == QRect(566, 128, 800, 600)
    assert fit_on_screen(QRect(10, 10, 800, 600), [LAPTOP]) is None  # fits: left alone
    right = QRect(1366, 0, 1920, 1040)
    assert fit_on_screen(QRect(1500, 50, 900, 700), [LAPTOP, right]) is None  # on the other screen


def test_the_window_uses_the_screen_and_a_saved_geometry_is_brought_back(qtbot, known_findings) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QGuiApplication

    from gui.app.main_window import MainWindow

    available = QGuiApplication.primaryScreen().availableGeometry()
    w = MainWindow()
    qtbot.addWidget(w)
    rect, maximised = first_geometry(available)
    assert w.isMaximized() == maximised
    assert maximised or w.geometry() == rect
    # a geometry saved on a monitor far to the right
    w.showNormal()
    w.setGeometry(QRect(available.right() + 500, 40, 700, 500))
    QSettings().setValue("window/geometry", w.saveGeometry())
    w.close()
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert isinstance(QSettings().value("window/geometry"), QByteArray)
    assert any(s.availableGeometry().intersects(w2.frameGeometry()) for s in QGuiApplication.screens())
    w2.close()


def test_every_dialog_fits_1366x768(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from core.damage import CellChange, Repair
    from gui.panels.export import ExportDialog
    from gui.panels.repair import RepairDialog
    from gui.prepare.wizard import PrepareWizard

    repairs = [Repair("damage.zeros", "Lost zeros", [CellChange("users.csv", r, 11, "1", "0001") for r in range(40)])]
    dialogs = {
        "find": window.find_dialog,
        "export": ExportDialog(window.document.findings, window, title="Export for upload"),
        "save as": ExportDialog(window.document.findings, window, title="Save As", summary=False),
        "repair": RepairDialog(repairs, window),
        "prepare": PrepareWizard(window),
    }
    window.find_dialog.open_for(True)
    room = LAPTOP.size() - QSize(16, 40)  # what a dialog's client area may use under a title bar
    for name, dlg in dialogs.items():
        dlg.show()
        for size in (dlg.size(), dlg.minimumSizeHint()):
            assert size.width() <= room.width() and size.height() <= room.height(), (name, size)
        dlg.hide()
